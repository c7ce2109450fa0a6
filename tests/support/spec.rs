//! The zone-file helpers of `tests/resolver_spec.rs`, shared: ask one question, print records as
//! zone-file lines, compare sections as sets (`loadbalance` shuffles A/AAAA).

#![allow(dead_code)]

use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::{Message, Name, Query, Record, RecordType};

pub fn zone_line(r: &Record) -> String {
    format!(
        "{}\t{}\tIN\t{}\t{}",
        r.name,
        r.ttl,
        r.record_type(),
        r.rdata
    )
}

pub fn sorted(rs: &[Record]) -> Vec<String> {
    let mut v: Vec<String> = rs.iter().map(zone_line).collect();
    v.sort();
    v
}

pub fn want(lines: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

pub fn ask(r: &mut Resolver, name: &str, qtype: RecordType) -> Message {
    let q = Query::new(Name::parse(name).expect("a valid name"), qtype);
    r.answer(&q, true, None).0
}
