//! Any bytes → parse → build → a few DNS questions. Must never panic, hang or break the
//! promises the UI relies on (diagnostics point inside the text; no two pods share an IP unless a
//! diagnostic says the YAML pinned it so). Also: whenever the YAML block fast path answers,
//! serde_yaml accepts the same text and gives the same tree.
#![no_main]

use std::collections::HashMap;

use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::{Name, Query, RecordType};
use headless_playground::model::{self, Severity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(fast) = model::yaml::parse_block(&text) {
        match model::yaml::load_general(&text) {
            Ok(general) => assert_eq!(fast, general, "fast path differs"),
            Err(e) => panic!("fast path accepted what serde_yaml rejects: {e}"),
        }
    }
    let parsed = model::parse(&text);
    // Lines as YAML counts them: `\n`, `\r\n`, a lone `\r`, NEL, LS and PS each end one.
    let mut breaks = 0u32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => breaks += 1,
            _ => {}
        }
    }
    let lines = breaks + 1;
    for d in &parsed.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic line {} outside 1..={lines}: {}",
            d.line,
            d.message
        );
        assert!(!d.message.is_empty());
    }
    let cluster = Cluster::build(&parsed, &Ops::default());
    for d in &cluster.diagnostics {
        assert!(
            d.line <= lines,
            "cluster diagnostic line {}: {}",
            d.line,
            d.message
        );
    }
    // Addresses: duplicates only where the YAML pinned them, and then an error says so.
    let mut seen: HashMap<std::net::IpAddr, bool> = HashMap::new();
    let pinned_conflict = cluster
        .diagnostics
        .iter()
        .chain(&parsed.diagnostics)
        .any(|d| d.severity == Severity::Error);
    for p in &cluster.pods {
        for ip in &p.ips {
            if let Some(was_pinned) = seen.insert(*ip, p.ip_pinned) {
                assert!(
                    (was_pinned || p.ip_pinned) && pinned_conflict,
                    "two pods share {ip} without a pinned conflict error"
                );
            }
        }
    }
    // A few questions about what exists, and one about what does not.
    let mut r = Resolver::new(&cluster);
    let mut names: Vec<(String, RecordType)> = Vec::new();
    for s in cluster.services.iter().take(4) {
        names.push((
            format!("{}.{}.svc.cluster.local.", s.name, s.namespace),
            RecordType::A,
        ));
        names.push((
            format!("_http._tcp.{}.{}.svc.cluster.local.", s.name, s.namespace),
            RecordType::SRV,
        ));
    }
    for p in cluster.pods.iter().take(4) {
        if let (Some(h), Some(sub)) = (&p.hostname, &p.subdomain) {
            names.push((
                format!("{h}.{sub}.{}.svc.cluster.local.", p.namespace),
                RecordType::A,
            ));
        }
        if let Some(ip) = p.ip() {
            names.push((
                headless_playground::dns::tools::reverse_name(&ip.to_string(), true)
                    .unwrap_or_default(),
                RecordType::PTR,
            ));
        }
    }
    names.push(("nope.default.svc.cluster.local.".into(), RecordType::AAAA));
    for (n, t) in names {
        if let Ok(name) = Name::parse(&n) {
            let (reply, _why) = r.answer(&Query::new(name, t), true, None);
            assert!(reply.wire_size() > 0);
        }
    }
});
