//! DNS messages: header flags, response codes, the question, EDNS and the exact wire size.
//!
//! * Header and flags from RFC 1035 §4.1.1 (`qr aa tc rd ra`) and RFC 4035 §3.2 (`ad cd`); dig prints
//!   them in that order (BIND `bin/dig/dig.c` `printmessage`).
//! * Response codes from RFC 1035 §4.1.1, spelled as dig spells them (`NOERROR`, `NXDOMAIN`, …).
//! * EDNS (RFC 6891): CoreDNS sends the client's OPT back with the same UDP size and the COOKIE
//!   option kept (k8s-dns.md §6, CD `request/edns0.go`), so a reply to dig 9.18 carries `udp: 1232`
//!   and the 8-byte client cookie.
//! * [`Message::wire_size`] is the uncompressed size CoreDNS sends (it compresses only above
//!   1480/1220 octets, CD `request.Scrub`): `12 + Σ(qname + 4) + Σ(owner + 10 + rdlen) + OPT`, where
//!   OPT is 11 octets plus 4 + len per option (23 with dig's 8-byte cookie). This is dig's
//!   `MSG SIZE  rcvd` (k8s-dns.md §6; checked against the 119/193/197/619-octet captures below).

use std::fmt;

use super::name::Name;
use super::rr::{Record, RecordType};

/// Response code (hickory's `ResponseCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ResponseCode {
    #[default]
    NoError,
    FormErr,
    ServFail,
    NXDomain,
    NotImp,
    Refused,
}

impl ResponseCode {
    /// The numeric RCODE (host prints `3(NXDOMAIN)`).
    pub fn code(self) -> u8 {
        match self {
            ResponseCode::NoError => 0,
            ResponseCode::FormErr => 1,
            ResponseCode::ServFail => 2,
            ResponseCode::NXDomain => 3,
            ResponseCode::NotImp => 4,
            ResponseCode::Refused => 5,
        }
    }
}

impl fmt::Display for ResponseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResponseCode::NoError => "NOERROR",
            ResponseCode::FormErr => "FORMERR",
            ResponseCode::ServFail => "SERVFAIL",
            ResponseCode::NXDomain => "NXDOMAIN",
            ResponseCode::NotImp => "NOTIMP",
            ResponseCode::Refused => "REFUSED",
        })
    }
}

/// The only opcode the tools send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpCode {
    #[default]
    Query,
}

impl fmt::Display for OpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QUERY")
    }
}

/// One question (hickory's `Query`); the class is always IN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub name: Name,
    pub query_type: RecordType,
}

impl Query {
    /// A question for `name` and `query_type`.
    pub fn new(name: Name, query_type: RecordType) -> Self {
        Query { name, query_type }
    }

    /// Octets on the wire: the name plus type and class.
    pub fn wire_len(&self) -> usize {
        self.name.wire_len() + 4
    }
}

/// Header flag bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub qr: bool,
    pub aa: bool,
    pub tc: bool,
    pub rd: bool,
    pub ra: bool,
    pub ad: bool,
    pub cd: bool,
}

impl Flags {
    /// What CoreDNS's `kubernetes` plugin sets: `qr aa`, `rd` copied, no `ra` (k8s-dns.md §6).
    pub fn authoritative(rd: bool) -> Self {
        Flags {
            qr: true,
            aa: true,
            rd,
            ..Flags::default()
        }
    }
}

/// dig's flag list: ` qr aa rd` (each with a leading space).
impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (on, text) in [
            (self.qr, " qr"),
            (self.aa, " aa"),
            (self.tc, " tc"),
            (self.rd, " rd"),
            (self.ra, " ra"),
            (self.ad, " ad"),
            (self.cd, " cd"),
        ] {
            if on {
                f.write_str(text)?;
            }
        }
        Ok(())
    }
}

/// The OPT pseudo-record: UDP payload size and the COOKIE option (client cookie, 8 octets, plus an
/// optional server cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edns {
    pub udp_size: u16,
    pub cookie: Option<Vec<u8>>,
}

impl Edns {
    /// What dig 9.18 sends: `udp: 1232` and an 8-byte client cookie (the wire-size tests' EDNS).
    #[cfg(test)]
    pub fn dig_default(client_cookie: [u8; 8]) -> Self {
        Edns {
            udp_size: 1232,
            cookie: Some(client_cookie.to_vec()),
        }
    }

    /// Octets of the OPT record: root owner 1 + 10 fixed + options (4 + len each).
    pub fn wire_len(&self) -> usize {
        11 + self.cookie.as_ref().map_or(0, |c| 4 + c.len())
    }
}

/// A whole DNS message (hickory's `Message`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    pub id: u16,
    pub flags: Flags,
    pub opcode: OpCode,
    pub response_code: ResponseCode,
    pub queries: Vec<Query>,
    pub answers: Vec<Record>,
    pub authorities: Vec<Record>,
    pub additionals: Vec<Record>,
    pub edns: Option<Edns>,
}

impl Message {
    /// An empty authoritative reply to `question`, as CoreDNS builds it: `qr aa`, `rd` copied, the
    /// client's OPT echoed.
    pub fn reply_to(
        id: u16,
        question: &Query,
        rd: bool,
        edns: Option<&Edns>,
        response_code: ResponseCode,
    ) -> Self {
        Message {
            id,
            flags: Flags::authoritative(rd),
            opcode: OpCode::Query,
            response_code,
            queries: vec![question.clone()],
            answers: Vec::new(),
            authorities: Vec::new(),
            additionals: Vec::new(),
            edns: edns.cloned(),
        }
    }

    /// ADDITIONAL count as the header carries it: records plus the OPT pseudo-record.
    pub fn additional_count(&self) -> usize {
        self.additionals.len() + usize::from(self.edns.is_some())
    }

    /// Size on the wire without name compression (dig's `MSG SIZE  rcvd`).
    pub fn wire_size(&self) -> usize {
        12 + self.queries.iter().map(Query::wire_len).sum::<usize>()
            + self
                .answers
                .iter()
                .chain(&self.authorities)
                .chain(&self.additionals)
                .map(Record::wire_len)
                .sum::<usize>()
            + self.edns.as_ref().map_or(0, Edns::wire_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::rr::RData;
    use std::net::Ipv4Addr;

    fn n(s: &str) -> Name {
        Name::parse(s).unwrap()
    }

    fn a(owner: &str, ip: [u8; 4]) -> Record {
        Record::new(n(owner), 30, RData::A(Ipv4Addr::from(ip)))
    }

    fn msg(qname: &str, qtype: RecordType, edns: Option<Edns>) -> Message {
        let q = Query::new(n(qname), qtype);
        Message::reply_to(1, &q, true, edns.as_ref(), ResponseCode::NoError)
    }

    #[test]
    fn capture_119_myapp() {
        // dig 9.18 -t A myapp.default.svc.cluster.local (k8s-dns.md §7.1)
        let mut m = msg(
            "myapp.default.svc.cluster.local.",
            RecordType::A,
            Some(Edns::dig_default([0; 8])),
        );
        m.answers
            .push(a("myapp.default.svc.cluster.local.", [10, 100, 179, 119]));
        assert_eq!(m.wire_size(), 119);
        assert_eq!(m.additional_count(), 1);
    }

    #[test]
    fn capture_193_statefulset_pod() {
        let owner = "healthy-statefulset-0.healthy-headless-svc.default.svc.cluster.local.";
        let mut m = msg(owner, RecordType::A, Some(Edns::dig_default([0; 8])));
        m.answers.push(a(owner, [10, 244, 0, 5]));
        assert_eq!(m.wire_size(), 193);
    }

    #[test]
    fn capture_197_three_headless_records_no_cookie() {
        // dig 9.9: EDNS without a cookie (OPT 11 octets)
        let owner = "service1.dev.svc.cluster.local.";
        let edns = Edns {
            udp_size: 4096,
            cookie: None,
        };
        let mut m = msg(owner, RecordType::A, Some(edns));
        for i in 1..=3 {
            m.answers.push(a(owner, [10, 244, 0, i]));
        }
        assert_eq!(m.wire_size(), 197);
    }

    #[test]
    fn capture_619_mongodb_srv() {
        // percona PR #16 (dig 9.9, EDNS without cookie): 3 SRV targets, each with its A in ADDITIONAL.
        let owner = "_mongodb._tcp.my-cluster-name.psmdb.svc.cluster.local.";
        let edns = Edns {
            udp_size: 4096,
            cookie: None,
        };
        let mut m = msg(owner, RecordType::SRV, Some(edns));
        for i in 0..3u8 {
            let target = format!("rs0-{i}.my-cluster-name.psmdb.svc.cluster.local.");
            m.answers.push(Record::new(
                n(owner),
                5,
                RData::SRV {
                    priority: 0,
                    weight: 33,
                    port: 27017,
                    target: n(&target),
                },
            ));
            m.additionals.push(a(&target, [172, 17, 0, 6 + i]));
        }
        assert_eq!(m.wire_size(), 619);
        assert_eq!(m.additional_count(), 4);
    }

    #[test]
    fn flags_and_rcodes_text() {
        assert_eq!(Flags::authoritative(true).to_string(), " qr aa rd");
        assert_eq!(
            Flags {
                qr: true,
                rd: true,
                ra: true,
                ..Flags::default()
            }
            .to_string(),
            " qr rd ra"
        );
        let table = [
            (ResponseCode::NoError, "NOERROR", 0),
            (ResponseCode::FormErr, "FORMERR", 1),
            (ResponseCode::ServFail, "SERVFAIL", 2),
            (ResponseCode::NXDomain, "NXDOMAIN", 3),
            (ResponseCode::NotImp, "NOTIMP", 4),
            (ResponseCode::Refused, "REFUSED", 5),
        ];
        for (rc, text, code) in table {
            assert_eq!(rc.to_string(), text);
            assert_eq!(rc.code(), code);
        }
    }
}
