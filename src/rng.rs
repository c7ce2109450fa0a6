//! The one seeded generator every random choice in the simulation draws from.
//!
//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014): a
//! 64-bit counter through a fixed mixing function. Tiny, fast, and the same numbers on every
//! platform and release, which is what replay needs: the seed derives from the inputs (YAML,
//! command, client pod, toggles), so a share link shows the same picks every time it is opened.

/// SplitMix64's increment (the golden ratio in 64-bit fixed point): the state advances by it per
/// output.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// A SplitMix64 stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// The `n`-th output (1-based) of the stream seeded with `seed`, without running it: the
    /// state after `n` steps is `seed + n·GAMMA`.
    pub fn nth_output(seed: u64, n: u64) -> u64 {
        mix(seed.wrapping_add(n.wrapping_mul(GAMMA)))
    }

    /// A number in `0..n` (0 when `n` is 0). The modulo bias is below 2^-40 for the small `n`
    /// the simulation uses.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }
}

/// SplitMix64's finaliser: spreads every input bit over the output.
pub fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_stream() {
        // First outputs of the reference implementation for seed 1234567.
        let mut r = SplitMix64::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
        assert_eq!(r.next_u64(), 9817491932198370423);
    }

    #[test]
    fn nth_output_is_the_stream_without_running_it() {
        let mut r = SplitMix64::new(0x5eed);
        for n in 1..=20 {
            assert_eq!(SplitMix64::nth_output(0x5eed, n), r.next_u64());
        }
    }

    #[test]
    fn below_stays_in_range_and_replays() {
        let a: Vec<usize> = {
            let mut r = SplitMix64::new(7);
            (0..50).map(|_| r.below(3)).collect()
        };
        let mut r = SplitMix64::new(7);
        let b: Vec<usize> = (0..50).map(|_| r.below(3)).collect();
        assert_eq!(a, b);
        assert!(a.iter().all(|&x| x < 3));
        assert!((0..3).all(|k| a.contains(&k)));
        assert_eq!(SplitMix64::new(1).below(0), 0);
    }
}
