//! Resource records: types, classes, rdata and their presentation form.
//!
//! * Type codes and mnemonics from the IANA "Resource Record (RR) TYPEs" registry (RFC 1035 §3.2.2,
//!   RFC 3596 AAAA, RFC 2782 SRV, RFC 1995 IXFR). Unknown types read and print as `TYPE65`
//!   (RFC 3597 §5), and dig accepts mnemonics in any case (BIND `dns_rdatatype_fromtext`).
//! * Rdata text is what dig prints (BIND `lib/dns/rdata/generic/*.c` `totext`): names absolute with the
//!   trailing dot, SRV `priority weight port target`, SOA on one line, TXT strings quoted with `\"`,
//!   `\\` and `\DDD` escapes, unknown rdata as `\# len hex` (RFC 3597 §5).
//! * Wire rdata lengths are the uncompressed ones CoreDNS sends (k8s-dns.md §6): A 4, AAAA 16,
//!   SRV 6 + target, PTR/CNAME/NS the target, MX 2 + exchange, TXT Σ(1 + len), SOA 20 + mname + rname.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use super::name::Name;

/// A record type (hickory's `RecordType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    A,
    NS,
    CNAME,
    SOA,
    PTR,
    HINFO,
    MX,
    TXT,
    AAAA,
    SRV,
    IXFR,
    AXFR,
    ANY,
    /// Any other code, printed `TYPEnnn`.
    Unknown(u16),
}

const TYPE_TABLE: &[(RecordType, u16, &str)] = &[
    (RecordType::A, 1, "A"),
    (RecordType::NS, 2, "NS"),
    (RecordType::CNAME, 5, "CNAME"),
    (RecordType::SOA, 6, "SOA"),
    (RecordType::PTR, 12, "PTR"),
    (RecordType::HINFO, 13, "HINFO"),
    (RecordType::MX, 15, "MX"),
    (RecordType::TXT, 16, "TXT"),
    (RecordType::AAAA, 28, "AAAA"),
    (RecordType::SRV, 33, "SRV"),
    (RecordType::IXFR, 251, "IXFR"),
    (RecordType::AXFR, 252, "AXFR"),
    (RecordType::ANY, 255, "ANY"),
];

/// A type mnemonic that is neither known nor `TYPEnnn`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown record type '{text}'")]
pub struct UnknownRecordType {
    pub text: String,
}

impl RecordType {
    /// The 16-bit type code.
    pub fn code(self) -> u16 {
        match self {
            RecordType::Unknown(c) => c,
            known => TYPE_TABLE
                .iter()
                .find(|(t, _, _)| *t == known)
                .map_or(0, |(_, c, _)| *c),
        }
    }

    /// The type for a code; known codes map to their variant.
    pub fn from_code(code: u16) -> Self {
        TYPE_TABLE
            .iter()
            .find(|(_, c, _)| *c == code)
            .map_or(RecordType::Unknown(code), |(t, _, _)| *t)
    }
}

impl FromStr for RecordType {
    type Err = UnknownRecordType;
    /// dig's spelling, any case: `srv`, `AAAA`, `TYPE65`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some((t, _, _)) = TYPE_TABLE
            .iter()
            .find(|(_, _, m)| m.eq_ignore_ascii_case(s))
        {
            return Ok(*t);
        }
        let err = || UnknownRecordType {
            text: s.to_string(),
        };
        let digits = s
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("TYPE"))
            .and_then(|_| s.get(4..))
            .ok_or_else(err)?;
        if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        digits
            .parse::<u16>()
            .map(RecordType::from_code)
            .map_err(|_| err())
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match TYPE_TABLE.iter().find(|(t, _, _)| t == self) {
            Some((_, _, m)) => f.write_str(m),
            None => write!(f, "TYPE{}", self.code()),
        }
    }
}

/// The record class; the simulator only knows the Internet class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DnsClass {
    #[default]
    IN,
}

impl fmt::Display for DnsClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IN")
    }
}

/// Record data (hickory's `RData`), the kinds CoreDNS's `kubernetes` plugin produces plus MX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RData {
    A(Ipv4Addr),
    AAAA(Ipv6Addr),
    CNAME(Name),
    NS(Name),
    PTR(Name),
    MX {
        preference: u16,
        exchange: Name,
    },
    SRV {
        priority: u16,
        weight: u16,
        port: u16,
        target: Name,
    },
    /// One or more character-strings (each at most 255 octets on the wire).
    TXT(Vec<String>),
    SOA {
        mname: Name,
        rname: Name,
        serial: u32,
        refresh: u32,
        retry: u32,
        expire: u32,
        minimum: u32,
    },
    /// Opaque rdata of any other type (RFC 3597).
    Unknown {
        rtype: u16,
        data: Vec<u8>,
    },
}

impl RData {
    /// The record type this rdata belongs to.
    pub fn record_type(&self) -> RecordType {
        match self {
            RData::A(_) => RecordType::A,
            RData::AAAA(_) => RecordType::AAAA,
            RData::CNAME(_) => RecordType::CNAME,
            RData::NS(_) => RecordType::NS,
            RData::PTR(_) => RecordType::PTR,
            RData::MX { .. } => RecordType::MX,
            RData::SRV { .. } => RecordType::SRV,
            RData::TXT(_) => RecordType::TXT,
            RData::SOA { .. } => RecordType::SOA,
            RData::Unknown { rtype, .. } => RecordType::from_code(*rtype),
        }
    }

    /// RDLENGTH without name compression.
    pub fn wire_len(&self) -> usize {
        match self {
            RData::A(_) => 4,
            RData::AAAA(_) => 16,
            RData::CNAME(n) | RData::NS(n) | RData::PTR(n) => n.wire_len(),
            RData::MX { exchange, .. } => 2 + exchange.wire_len(),
            RData::SRV { target, .. } => 6 + target.wire_len(),
            RData::TXT(strings) => strings.iter().map(|s| 1 + s.len().min(255)).sum(),
            RData::SOA { mname, rname, .. } => 20 + mname.wire_len() + rname.wire_len(),
            RData::Unknown { data, .. } => data.len(),
        }
    }
}

fn write_txt_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for &b in s.as_bytes() {
        match b {
            b'"' | b'\\' => write!(f, "\\{}", b as char)?,
            0x20..=0x7e => write!(f, "{}", b as char)?,
            _ => write!(f, "\\{b:03}")?,
        }
    }
    f.write_str("\"")
}

/// dig's presentation form of the rdata.
impl fmt::Display for RData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RData::A(ip) => write!(f, "{ip}"),
            RData::AAAA(ip) => write!(f, "{ip}"),
            RData::CNAME(n) | RData::NS(n) | RData::PTR(n) => write!(f, "{n}"),
            RData::MX {
                preference,
                exchange,
            } => write!(f, "{preference} {exchange}"),
            RData::SRV {
                priority,
                weight,
                port,
                target,
            } => write!(f, "{priority} {weight} {port} {target}"),
            RData::TXT(strings) => {
                for (i, s) in strings.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write_txt_string(f, s)?;
                }
                Ok(())
            }
            RData::SOA {
                mname,
                rname,
                serial,
                refresh,
                retry,
                expire,
                minimum,
            } => write!(
                f,
                "{mname} {rname} {serial} {refresh} {retry} {expire} {minimum}"
            ),
            RData::Unknown { data, .. } => {
                write!(f, "\\# {}", data.len())?;
                if !data.is_empty() {
                    f.write_str(" ")?;
                    for b in data {
                        write!(f, "{b:02X}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// One resource record (hickory's `Record`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub name: Name,
    pub ttl: u32,
    pub class: DnsClass,
    pub rdata: RData,
}

impl Record {
    /// A record of class IN.
    pub fn new(name: Name, ttl: u32, rdata: RData) -> Self {
        Record {
            name,
            ttl,
            class: DnsClass::IN,
            rdata,
        }
    }

    /// The type of its rdata.
    pub fn record_type(&self) -> RecordType {
        self.rdata.record_type()
    }

    /// Octets on the wire, uncompressed: owner + type/class/ttl/rdlength (10) + rdata.
    pub fn wire_len(&self) -> usize {
        self.name.wire_len() + 10 + self.rdata.wire_len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Name {
        Name::parse(s).unwrap()
    }

    #[test]
    fn record_type_parse_and_display() {
        let table: &[(&str, Option<RecordType>, &str)] = &[
            ("A", Some(RecordType::A), "A"),
            ("srv", Some(RecordType::SRV), "SRV"),
            ("AaAa", Some(RecordType::AAAA), "AAAA"),
            ("ptr", Some(RecordType::PTR), "PTR"),
            ("any", Some(RecordType::ANY), "ANY"),
            ("TYPE65", Some(RecordType::Unknown(65)), "TYPE65"),
            ("type33", Some(RecordType::SRV), "SRV"),
            ("TYPE65535", Some(RecordType::Unknown(65535)), "TYPE65535"),
            ("TYPE65536", None, ""),
            ("TYPE", None, ""),
            ("TYPE+1", None, ""),
            ("kafka-hs", None, ""),
            ("", None, ""),
            ("é", None, ""),
        ];
        for &(text, want, shown) in table {
            let got = text.parse::<RecordType>().ok();
            assert_eq!(got, want, "{text}");
            if let Some(t) = got {
                assert_eq!(t.to_string(), shown);
                assert_eq!(RecordType::from_code(t.code()), t);
            }
        }
    }

    #[test]
    fn rdata_text_and_wire() {
        let table: Vec<(RData, &str, usize)> = vec![
            (
                RData::A(Ipv4Addr::new(10, 100, 179, 119)),
                "10.100.179.119",
                4,
            ),
            (RData::AAAA("fd00::1".parse().unwrap()), "fd00::1", 16),
            (
                RData::SRV {
                    priority: 0,
                    weight: 33,
                    port: 9092,
                    target: n("kafka-0.kafka-hs.default.svc.cluster.local"),
                },
                "0 33 9092 kafka-0.kafka-hs.default.svc.cluster.local.",
                6 + 44,
            ),
            (RData::TXT(vec!["1.1.0".into()]), "\"1.1.0\"", 6),
            (
                RData::TXT(vec!["a \"q\"".into(), "b\\".into()]),
                "\"a \\\"q\\\"\" \"b\\\\\"",
                6 + 3,
            ),
            (
                RData::SOA {
                    mname: n("ns.dns.cluster.local."),
                    rname: n("hostmaster.cluster.local."),
                    serial: 1_700_000_000,
                    refresh: 7200,
                    retry: 1800,
                    expire: 86400,
                    minimum: 30,
                },
                "ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30",
                20 + 22 + 26,
            ),
            (
                RData::MX {
                    preference: 10,
                    exchange: n("mail.example.com"),
                },
                "10 mail.example.com.",
                2 + 18,
            ),
            (
                RData::PTR(n("web-0.web.default.svc.cluster.local")),
                "web-0.web.default.svc.cluster.local.",
                37,
            ),
            (
                RData::Unknown {
                    rtype: 65,
                    data: vec![0, 1, 0xab],
                },
                "\\# 3 0001AB",
                3,
            ),
        ];
        for (rdata, text, wire) in table {
            assert_eq!(rdata.to_string(), text);
            assert_eq!(rdata.wire_len(), wire, "{text}");
        }
    }

    #[test]
    fn soa_record_is_93_octets_for_cluster_local() {
        let soa = Record::new(
            n("cluster.local."),
            30,
            RData::SOA {
                mname: n("ns.dns.cluster.local."),
                rname: n("hostmaster.cluster.local."),
                serial: 1,
                refresh: 7200,
                retry: 1800,
                expire: 86400,
                minimum: 30,
            },
        );
        assert_eq!(soa.wire_len(), 93);
    }
}
