//! Zone-file text of records and questions, laid out the way dig prints its sections.
//!
//! BIND `lib/dns/masterdump.c`: dig's style puts the TTL at column 24, the class at 32, the type at 40
//! and the rdata at 48, with a tab width of 8 (`dns_master_stylecreate(…, 24, 32, 40, 48, 80, 8, …)`
//! in `bin/dig/dig.c`). `indent()` moves from the current column to the stop: the stop is bumped to
//! at least one past the current column, then tabs are emitted up to the last tab stop at or below
//! it and spaces for the rest. So a field that already ran past its stop is followed by one space,
//! unless that space would cross a multiple of 8, in which case it is a tab.
//!
//! A question line is `;` + name, then class at column 32 and type at 40; the `;` is written by
//! `dns_message_sectiontotext` before the column count starts, so it does not count.

use super::message::Query;
use super::rr::{DnsClass, Record};

/// Column stops of dig's default style.
pub const TTL_COLUMN: usize = 24;
/// Class column.
pub const CLASS_COLUMN: usize = 32;
/// Type column.
pub const TYPE_COLUMN: usize = 40;
/// Rdata column.
pub const RDATA_COLUMN: usize = 48;
const TAB_WIDTH: usize = 8;

/// Appends tabs/spaces to go from column `*current` to column `to`, as masterdump's `indent()`.
pub fn indent(out: &mut String, current: &mut usize, to: usize) {
    let from = *current;
    let to = to.max(from + 1);
    let tabs = to / TAB_WIDTH - from / TAB_WIDTH;
    let mut col = from;
    if tabs > 0 {
        out.push_str(&"\t".repeat(tabs));
        col = (to / TAB_WIDTH) * TAB_WIDTH;
    }
    out.push_str(&" ".repeat(to - col));
    *current = to;
}

fn push_field(out: &mut String, col: &mut usize, stop: usize, text: &str) {
    indent(out, col, stop);
    out.push_str(text);
    *col += text.chars().count();
}

/// One record line, newline included: `name TTL IN TYPE rdata`.
pub fn record_line(rec: &Record) -> String {
    let mut out = rec.name.to_string();
    let mut col = out.chars().count();
    push_field(&mut out, &mut col, TTL_COLUMN, &rec.ttl.to_string());
    push_field(&mut out, &mut col, CLASS_COLUMN, &rec.class.to_string());
    push_field(
        &mut out,
        &mut col,
        TYPE_COLUMN,
        &rec.record_type().to_string(),
    );
    push_field(&mut out, &mut col, RDATA_COLUMN, &rec.rdata.to_string());
    out.push('\n');
    out
}

/// One question line, newline included: `;name IN TYPE`.
pub fn question_line(q: &Query) -> String {
    let name = q.name.to_string();
    let mut out = format!(";{name}");
    let mut col = name.chars().count();
    push_field(&mut out, &mut col, CLASS_COLUMN, &DnsClass::IN.to_string());
    push_field(&mut out, &mut col, TYPE_COLUMN, &q.query_type.to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::name::Name;
    use crate::dns::rr::{RData, RecordType};
    use std::net::Ipv4Addr;

    fn n(s: &str) -> Name {
        Name::parse(s).unwrap()
    }

    #[test]
    fn indent_table() {
        // (from, to, expected whitespace)
        let table: &[(usize, usize, &str)] = &[
            (0, 24, "\t\t\t"),
            (5, 24, "\t\t\t"),
            (23, 24, "\t"),
            (24, 24, " "),
            (32, 32, " "),
            (33, 32, " "),
            (35, 32, " "),
            (38, 40, "\t"),
            (39, 32, "\t"), // bumped to 40, which is a tab stop
            (41, 48, "\t"),
            (10, 12, "  "),
        ];
        for &(from, to, want) in table {
            let mut out = String::new();
            let mut col = from;
            indent(&mut out, &mut col, to);
            assert_eq!(out, want, "{from}->{to}");
            assert_eq!(col, to.max(from + 1));
        }
    }

    #[test]
    fn capture_lines() {
        // dig 9.18 capture, k8s-dns.md §7.1
        let rec = Record::new(
            n("myapp.default.svc.cluster.local."),
            30,
            RData::A(Ipv4Addr::new(10, 100, 179, 119)),
        );
        assert_eq!(
            record_line(&rec),
            "myapp.default.svc.cluster.local. 30 IN\tA\t10.100.179.119\n"
        );
        let q = Query::new(n("myapp.default.svc.cluster.local."), RecordType::A);
        assert_eq!(
            question_line(&q),
            ";myapp.default.svc.cluster.local. IN\tA\n"
        );
        // short names reach every stop with tabs
        let rec = Record::new(n("a.local."), 5, RData::A(Ipv4Addr::new(1, 2, 3, 4)));
        assert_eq!(record_line(&rec), "a.local.\t\t5\tIN\tA\t1.2.3.4\n");
        let q = Query::new(n("a.local."), RecordType::SRV);
        assert_eq!(question_line(&q), ";a.local.\t\t\tIN\tSRV\n");
    }
}
