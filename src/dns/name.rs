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
#[derive(Debug, Clone, Eq)]
pub struct Name {
    labels: Vec<Vec<u8>>,
    fqdn: bool,
}

impl Name {
    /// The root name `.`.
    pub fn root() -> Self {
        Name {
            labels: Vec::new(),
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
        let mut labels: Vec<Vec<u8>> = Vec::new();
        let mut cur: Vec<u8> = Vec::new();
        let mut fqdn = false;
        let bytes = text.as_bytes();
        let mut i = 0;
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
                        cur.push(v);
                        i += 4;
                    } else {
                        cur.push(next);
                        i += 2;
                    }
                    continue;
                }
                b'.' => {
                    if cur.is_empty() {
                        return Err(NameError::EmptyLabel {
                            name: text.to_string(),
                        });
                    }
                    labels.push(std::mem::take(&mut cur));
                    if i + 1 == bytes.len() {
                        fqdn = true;
                    }
                }
                _ => cur.push(b),
            }
            i += 1;
        }
        if !cur.is_empty() {
            labels.push(cur);
        }
        Self::from_raw(labels, fqdn)
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
        Self::from_raw(raw, fqdn)
    }

    fn from_raw(labels: Vec<Vec<u8>>, fqdn: bool) -> Result<Self, NameError> {
        if let Some(l) = labels.iter().find(|l| l.len() > MAX_LABEL_LEN) {
            return Err(NameError::LabelTooLong {
                label: String::from_utf8_lossy(l).into_owned(),
                len: l.len(),
            });
        }
        let name = Name { labels, fqdn };
        let len = name.wire_len();
        if len > MAX_NAME_WIRE_LEN {
            return Err(NameError::NameTooLong { len });
        }
        Ok(name)
    }

    /// True when the name was written (or made) absolute, with the trailing dot.
    pub fn is_fqdn(&self) -> bool {
        self.fqdn
    }

    /// True for `.`.
    pub fn is_root(&self) -> bool {
        self.labels.is_empty()
    }

    /// The same labels, marked absolute.
    pub fn into_fqdn(mut self) -> Self {
        self.fqdn = true;
        self
    }

    /// Number of labels, root not counted (`a.b.` has 2).
    pub fn num_labels(&self) -> usize {
        self.labels.len()
    }

    /// Labels as text (lossy for non-UTF-8 octets).
    pub fn labels(&self) -> impl Iterator<Item = String> + '_ {
        self.labels
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
    }

    /// Octets on the wire, uncompressed: Σ(label + 1) + 1 for the root.
    pub fn wire_len(&self) -> usize {
        self.labels.iter().map(|l| l.len() + 1).sum::<usize>() + 1
    }

    /// `self` followed by `origin` (`web` + `default.svc.cluster.local.`); absolute if `origin` is.
    pub fn append(&self, origin: &Name) -> Result<Name, NameError> {
        let mut labels = self.labels.clone();
        labels.extend(origin.labels.iter().cloned());
        Self::from_raw(labels, origin.fqdn)
    }

    /// True if `self` equals `zone` or lies below it (case-insensitive).
    pub fn is_subdomain_of(&self, zone: &Name) -> bool {
        let n = self.labels.len();
        let z = zone.labels.len();
        z <= n
            && self.labels[n - z..]
                .iter()
                .zip(&zone.labels)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    }

    /// Text without the final dot, as BIND's `dns_name_format` prints it (`.` for the root);
    /// nslookup and host print owner names this way.
    pub fn to_dotless(&self) -> String {
        let s = self.to_string();
        if s.len() > 1 {
            s[..s.len() - 1].to_string()
        } else {
            s
        }
    }

    /// A copy with every label lowercased (ASCII).
    pub fn to_lowercase(&self) -> Name {
        Name {
            labels: self.labels.iter().map(|l| l.to_ascii_lowercase()).collect(),
            fqdn: self.fqdn,
        }
    }
}

/// Always the absolute form, with the trailing dot (dig's presentation).
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.labels.is_empty() {
            return f.write_str(".");
        }
        for label in &self.labels {
            for &b in label {
                match b {
                    b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$' => {
                        write!(f, "\\{}", b as char)?
                    }
                    0x21..=0x7e => write!(f, "{}", b as char)?,
                    _ => write!(f, "\\{b:03}")?,
                }
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
        self.labels.len() == other.labels.len()
            && self
                .labels
                .iter()
                .zip(&other.labels)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.labels.len().hash(state);
        for l in &self.labels {
            l.len().hash(state);
            for b in l {
                b.to_ascii_lowercase().hash(state);
            }
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
