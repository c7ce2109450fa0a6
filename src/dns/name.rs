//! Domain names, as RFC 1035 §2.3.4 / §3.1 and RFC 4343 define them.
//!
//! * A name is a sequence of labels; a label holds 1–63 octets and the whole name at most 255 octets
//!   on the wire (every label costs `len + 1`, plus one octet for the root label).
//! * Comparison is ASCII case-insensitive (RFC 4343 §3), but the case is kept for output: CoreDNS
//!   echoes the query's spelling in its answers (k8s-dns.md §3).
//! * Text form: labels joined by `.`; a trailing dot marks a fully qualified (absolute) name. `\.`, `\\`
//!   and `\DDD` escapes are read as RFC 1035 §5.1 master files allow; on output, characters outside
//!   the printable set are written as `\DDD` the way BIND's `dns_name_totext` does.
//!
//! The type borrows hickory-dns's vocabulary (`Name`, `is_fqdn`, `num_labels`) but is our own small code.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::Arc;

/// Longest label, in octets (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// Longest name on the wire, in octets, root label included (RFC 1035 §2.3.4).
pub const MAX_NAME_WIRE_LEN: usize = 255;

/// Why a text name was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The input was empty (use `"."` for the root).
    #[error("empty name")]
    Empty,
    /// Two dots in a row, or a leading dot.
    #[error("empty label in '{name}'")]
    EmptyLabel { name: String },
    /// A label longer than 63 octets.
    #[error("label '{label}' is {len} octets long (max 63)")]
    LabelTooLong { label: String, len: usize },
    /// The whole name is longer than 255 octets on the wire.
    #[error("name is {len} octets long on the wire (max 255)")]
    NameTooLong { len: usize },
    /// A `\` escape that is not `\X` or `\DDD` with DDD ≤ 255.
    #[error("bad escape in '{name}'")]
    BadEscape { name: String },
}

/// A domain name: labels (case kept) plus whether it is absolute.
///
/// The labels live in one shared buffer in wire order (each label's length octet, then its
/// octets; no root octet), so cloning a name, as every answer record does, costs a reference
/// count, and comparison is one case-insensitive slice comparison (length octets are at most 63,
/// below every ASCII letter, so folding case leaves them alone).
#[derive(Debug, Clone, Eq)]
pub struct Name {
    wire: Arc<[u8]>,
    fqdn: bool,
}

/// The labels of a wire buffer, in order.
fn split_wire(wire: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut rest = wire;
    std::iter::from_fn(move || {
        let (&len, tail) = rest.split_first()?;
        let (label, next) = tail.split_at(usize::from(len).min(tail.len()));
        rest = next;
        Some(label)
    })
}

impl Name {
    /// The root name `.`.
    pub fn root() -> Self {
        Name {
            wire: Arc::from(&[][..]),
            fqdn: true,
        }
    }

    /// Parses a name from text, with or without the trailing dot.
    pub fn parse(text: &str) -> Result<Self, NameError> {
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        if text == "." {
            return Ok(Self::root());
        }
        let bad_escape = || NameError::BadEscape {
            name: text.to_string(),
        };
        let bytes = text.as_bytes();
        // Wire buffer: a length octet (patched when the label ends), then the label's octets.
        let mut wire: Vec<u8> = Vec::with_capacity(bytes.len() + 1);
        let mut start = 0;
        wire.push(0);
        let mut fqdn = false;
        let mut i = 0;
        let close = |wire: &mut Vec<u8>, start: usize| -> Result<(), NameError> {
            let len = wire.len() - start - 1;
            if len > MAX_LABEL_LEN {
                return Err(NameError::LabelTooLong {
                    label: String::from_utf8_lossy(&wire[start + 1..]).into_owned(),
                    len,
                });
            }
            wire[start] = len as u8;
            Ok(())
        };
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'\\' => {
                    let next = *bytes.get(i + 1).ok_or_else(bad_escape)?;
                    if next.is_ascii_digit() {
                        let digits = bytes.get(i + 1..i + 4).ok_or_else(bad_escape)?;
                        if !digits.iter().all(u8::is_ascii_digit) {
                            return Err(bad_escape());
                        }
                        let v = digits
                            .iter()
                            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
                        let v = u8::try_from(v).map_err(|_| bad_escape())?;
                        wire.push(v);
                        i += 4;
                    } else {
                        wire.push(next);
                        i += 2;
                    }
                    continue;
                }
                b'.' => {
                    if wire.len() == start + 1 {
                        return Err(NameError::EmptyLabel {
                            name: text.to_string(),
                        });
                    }
                    close(&mut wire, start)?;
                    if i + 1 == bytes.len() {
                        fqdn = true;
                    } else {
                        start = wire.len();
                        wire.push(0);
                    }
                }
                _ => wire.push(b),
            }
            i += 1;
        }
        if !fqdn {
            close(&mut wire, start)?;
        }
        Self::checked(wire, fqdn)
    }

    /// Builds a name from raw labels, checking the 63/255 limits.
    pub fn from_labels<I, L>(labels: I, fqdn: bool) -> Result<Self, NameError>
    where
        I: IntoIterator<Item = L>,
        L: AsRef<[u8]>,
    {
        let raw: Vec<Vec<u8>> = labels.into_iter().map(|l| l.as_ref().to_vec()).collect();
        if raw.iter().any(Vec::is_empty) {
            return Err(NameError::EmptyLabel {
                name: raw
                    .iter()
                    .map(|l| String::from_utf8_lossy(l).into_owned())
                    .collect::<Vec<_>>()
                    .join("."),
            });
        }
        if let Some(l) = raw.iter().find(|l| l.len() > MAX_LABEL_LEN) {
            return Err(NameError::LabelTooLong {
                label: String::from_utf8_lossy(l).into_owned(),
                len: l.len(),
            });
        }
        let mut wire = Vec::with_capacity(raw.iter().map(|l| l.len() + 1).sum());
        for l in &raw {
            wire.push(l.len() as u8);
            wire.extend_from_slice(l);
        }
        Self::checked(wire, fqdn)
    }

    fn checked(wire: Vec<u8>, fqdn: bool) -> Result<Self, NameError> {
        let len = wire.len() + 1;
        if len > MAX_NAME_WIRE_LEN {
            return Err(NameError::NameTooLong { len });
        }
        Ok(Name {
            wire: Arc::from(wire),
            fqdn,
        })
    }

    fn raw_labels(&self) -> impl Iterator<Item = &[u8]> + '_ {
        split_wire(&self.wire)
    }

    /// True when the name was written (or made) absolute, with the trailing dot.
    pub fn is_fqdn(&self) -> bool {
        self.fqdn
    }

    /// The same labels, marked absolute.
    pub fn into_fqdn(mut self) -> Self {
        self.fqdn = true;
        self
    }

    /// Number of labels, root not counted (`a.b.` has 2).
    pub fn num_labels(&self) -> usize {
        self.raw_labels().count()
    }

    /// Labels as text (lossy for non-UTF-8 octets).
    pub fn labels(&self) -> impl Iterator<Item = String> + '_ {
        self.raw_labels()
            .map(|l| String::from_utf8_lossy(l).into_owned())
    }

    /// Octets on the wire, uncompressed: Σ(label + 1) + 1 for the root.
    pub fn wire_len(&self) -> usize {
        self.wire.len() + 1
    }

    /// `self` followed by `origin` (`web` + `default.svc.cluster.local.`); absolute if `origin` is.
    pub fn append(&self, origin: &Name) -> Result<Name, NameError> {
        let mut wire = Vec::with_capacity(self.wire.len() + origin.wire.len());
        wire.extend_from_slice(&self.wire);
        wire.extend_from_slice(&origin.wire);
        Self::checked(wire, origin.fqdn)
    }

    /// True if `self` equals `zone` or lies below it (case-insensitive).
    pub fn is_subdomain_of(&self, zone: &Name) -> bool {
        let z = zone.wire.len();
        if z > self.wire.len() {
            return false;
        }
        // The suffix must start on a label boundary.
        let cut = self.wire.len() - z;
        let mut at = 0;
        while at < cut {
            at += usize::from(self.wire[at]) + 1;
        }
        at == cut && self.wire[cut..].eq_ignore_ascii_case(&zone.wire)
    }

    /// Text without the final dot, as BIND's `dns_name_format` prints it (`.` for the root);
    /// nslookup and host print owner names this way.
    pub fn to_dotless(&self) -> String {
        let mut s = self.to_string();
        if s.len() > 1 {
            s.pop();
        }
        s
    }
}

/// Always the absolute form, with the trailing dot (dig's presentation).
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.wire.is_empty() {
            return f.write_str(".");
        }
        for label in self.raw_labels() {
            // Runs of plain printable octets go out in one write.
            let mut run = 0;
            for (i, &b) in label.iter().enumerate() {
                let plain = matches!(b, 0x21..=0x7e)
                    && !matches!(b, b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$');
                if plain {
                    continue;
                }
                if run < i {
                    // Plain octets are ASCII, so this slice is valid UTF-8.
                    f.write_str(std::str::from_utf8(&label[run..i]).unwrap_or_default())?;
                }
                match b {
                    0x21..=0x7e => write!(f, "\\{}", b as char)?,
                    _ => write!(f, "\\{b:03}")?,
                }
                run = i + 1;
            }
            if run < label.len() {
                f.write_str(std::str::from_utf8(&label[run..]).unwrap_or_default())?;
            }
            f.write_str(".")?;
        }
        Ok(())
    }
}

impl FromStr for Name {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Name::parse(s)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.wire.eq_ignore_ascii_case(&other.wire)
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.wire.len().hash(state);
        for b in self.wire.iter() {
            b.to_ascii_lowercase().hash(state);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn parse_table() {
        // (input, Ok(display, fqdn, labels, wire_len) | Err)
        let ok: &[(&str, &str, bool, usize, usize)] = &[
            (".", ".", true, 0, 1),
            ("cluster.local", "cluster.local.", false, 2, 15),
            ("cluster.local.", "cluster.local.", true, 2, 15),
            (
                "myapp.default.svc.cluster.local",
                "myapp.default.svc.cluster.local.",
                false,
                5,
                33,
            ),
            (
                "_kafka._tcp.kafka-hs",
                "_kafka._tcp.kafka-hs.",
                false,
                3,
                22,
            ),
            ("a\\.b.c", "a\\.b.c.", false, 2, 7),
            ("sp\\032ace", "sp\\032ace.", false, 1, 8),
        ];
        for &(input, shown, fqdn, n, wire) in ok {
            let name = Name::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(name.to_string(), shown, "{input}");
            assert_eq!(name.is_fqdn(), fqdn, "{input}");
            assert_eq!(name.num_labels(), n, "{input}");
            assert_eq!(name.wire_len(), wire, "{input}");
        }
        let long_label = "a".repeat(64);
        let bad: Vec<(String, NameError)> = vec![
            (String::new(), NameError::Empty),
            (
                "a..b".into(),
                NameError::EmptyLabel {
                    name: "a..b".into(),
                },
            ),
            (".a".into(), NameError::EmptyLabel { name: ".a".into() }),
            (
                long_label.clone(),
                NameError::LabelTooLong {
                    label: long_label.clone(),
                    len: 64,
                },
            ),
            ("a\\".into(), NameError::BadEscape { name: "a\\".into() }),
            (
                "a\\999".into(),
                NameError::BadEscape {
                    name: "a\\999".into(),
                },
            ),
        ];
        for (input, err) in bad {
            assert_eq!(Name::parse(&input), Err(err), "{input:?}");
        }
    }

    #[test]
    fn limits_63_and_255() {
        let l63 = "a".repeat(63);
        assert!(Name::parse(&l63).is_ok());
        // 4 labels of 63 = 256 + root = 257 > 255
        let too_long = [l63.as_str(); 4].join(".");
        assert_eq!(
            Name::parse(&too_long),
            Err(NameError::NameTooLong { len: 257 })
        );
        // 3×63 + 61 → 64·3 + 62 + 1 = 255: the longest legal name
        let max = format!("{}.{}", [l63.as_str(); 3].join("."), "b".repeat(61));
        assert_eq!(Name::parse(&max).map(|n| n.wire_len()), Ok(255));
        // 300-character garbage never panics
        let junk = "x.".repeat(150);
        assert!(Name::parse(&junk).is_err());
    }

    #[test]
    fn case_insensitive_but_case_kept() {
        let a = Name::parse("Web-0.Nginx.default.svc.cluster.local.").unwrap();
        let b = Name::parse("web-0.nginx.DEFAULT.svc.cluster.local").unwrap();
        assert_eq!(a, b);
        let set: HashSet<Name> = [a.clone(), b].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert_eq!(a.to_string(), "Web-0.Nginx.default.svc.cluster.local.");
        assert_eq!(a.to_dotless(), "Web-0.Nginx.default.svc.cluster.local");
    }

    #[test]
    fn append_and_subdomain() {
        let web = Name::parse("web").unwrap();
        let origin = Name::parse("default.svc.cluster.local.").unwrap();
        let full = web.append(&origin).unwrap();
        assert_eq!(full.to_string(), "web.default.svc.cluster.local.");
        assert!(full.is_fqdn());
        assert!(full.is_subdomain_of(&Name::parse("CLUSTER.local").unwrap()));
        assert!(!full.is_subdomain_of(&Name::parse("local.cluster").unwrap()));
        assert!(full.is_subdomain_of(&Name::root()));
    }
}
