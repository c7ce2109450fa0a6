//! Deterministic, stable IP allocation.
//!
//! Real clusters pick addresses at random; the playground must give the same YAML the same IPs
//! every time (share links replay, goldens stay exact) and must not renumber everything when one
//! object is added. So each object's address comes from a hash of its own identity
//! (`namespace/name`), probing forward only on a collision. Pinned addresses (from the YAML) are
//! reserved first and never move.

use std::hash::{BuildHasherDefault, Hasher};
use std::net::{IpAddr, Ipv4Addr};

/// FNV-1a as a `Hasher`, for the build's internal maps: their keys are short names and
/// addresses, where SipHash's flood resistance buys nothing and costs most of a lookup.
#[derive(Default)]
pub struct Fnv(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x100_0000_01b3;

/// FNV-1a's step: fold `bytes` into the hash `h`.
fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let h = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        self.0 = fnv_bytes(h, bytes);
    }
}

/// `HashMap`/`HashSet` hasher state using [`Fnv`].
pub type FastHash = BuildHasherDefault<Fnv>;

/// FNV-1a, 64 bit, over the parts joined by `/`: tiny, stable across platforms and releases
/// (unlike `DefaultHasher`).
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = fnv_bytes(h, b"/");
        }
        h = fnv_bytes(h, p.as_bytes());
    }
    h
}

/// An IPv4 range handing out hash-chosen host addresses.
#[derive(Clone, Debug)]
pub struct Pool {
    base: u32,
    size: u32,
    skip_below: u32,
    /// One bit per address of the range (a /12 is 128 KiB, a node's /24 is 32 bytes).
    used: Vec<u64>,
}

impl Pool {
    pub fn new(base: Ipv4Addr, prefix: u8, skip_below: u32) -> Self {
        let size = 1u32 << (32 - prefix.clamp(8, 32) as u32);
        Pool {
            base: u32::from(base),
            size,
            skip_below,
            used: vec![0; (size as usize).div_ceil(64)],
        }
    }

    /// The offset of `ip` in the range, when it lies inside.
    fn offset(&self, ip: IpAddr) -> Option<u32> {
        match ip {
            IpAddr::V4(v4) => {
                let x = u32::from(v4);
                (x >= self.base && x - self.base < self.size).then(|| x - self.base)
            }
            IpAddr::V6(_) => None,
        }
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.offset(ip).is_some()
    }

    /// Mark `ip` as taken; false when it already was. Addresses outside the range are never
    /// handed out, so there is nothing to mark.
    pub fn reserve(&mut self, ip: IpAddr) -> bool {
        self.offset(ip).is_none_or(|off| self.take(off))
    }

    fn take(&mut self, off: u32) -> bool {
        let (word, bit) = (off as usize / 64, 1u64 << (off % 64));
        let free = self.used[word] & bit == 0;
        self.used[word] |= bit;
        free
    }

    /// The first free address at or after the key's home slot (linear probing), skipping the
    /// first `skip_below` addresses of the range and its broadcast address.
    pub fn allocate(&mut self, key: u64) -> Option<Ipv4Addr> {
        let span = self.size.checked_sub(self.skip_below + 1)?;
        if span == 0 {
            return None;
        }
        let start = (key % span as u64) as u32;
        for i in 0..span {
            let off = self.skip_below + (start + i) % span;
            if self.take(off) {
                return Some(Ipv4Addr::from(self.base + off));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_stable_and_skips_reserved() {
        let mut a = Pool::new(Ipv4Addr::new(10, 244, 1, 0), 24, 2);
        let x = a.allocate(fnv1a(&["default", "web-0"])).unwrap();
        let mut b = Pool::new(Ipv4Addr::new(10, 244, 1, 0), 24, 2);
        b.allocate(fnv1a(&["default", "other"]));
        let y = b.allocate(fnv1a(&["default", "web-0"])).unwrap();
        assert_eq!(x, y, "another object does not move this one (no collision)");
        let last = u32::from(x) & 0xff;
        assert!((2..255).contains(&last));
    }

    #[test]
    fn probing_fills_the_pool_then_stops() {
        let mut p = Pool::new(Ipv4Addr::new(10, 0, 0, 0), 29, 1);
        let got: Vec<_> = (0..10).map(|_| p.allocate(7)).collect();
        assert_eq!(got.iter().filter(|g| g.is_some()).count(), 6);
        assert!(got[6].is_none());
    }

    #[test]
    fn fnv_separates_parts() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
