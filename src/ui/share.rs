//! Share links: the whole playground state in the URL fragment, so a static site can share and
//! embed it (the fragment never reaches a server).
//!
//! Format, `&`-separated `key=value` pairs, values percent-encoded:
//! `#v=1&preset=kafka` or `#v=1&yaml=…`, then optionally `cmd=` (the console command),
//! `pod=NS/NAME` (where it runs), `notready=NS/POD,…`, `deleted=NS/POD,…`, `scale=NS/NAME:N,…`,
//! and the embed options `embed=1`, `theme=light|dark`.
//! Pure string code: tested natively.

use std::collections::BTreeMap;

use crate::cluster::Ops;

/// Everything a link can carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub preset: Option<String>,
    pub yaml: Option<String>,
    pub command: Option<String>,
    pub pod: Option<(String, String)>,
    pub ops: Ops,
    pub embed: bool,
    pub theme: Option<String>,
}

/// A link longer than this many characters triggers a warning in the UI (some chat tools cut them).
pub const LONG_LINK: usize = 8000;

pub fn encode(s: &Shared) -> String {
    let mut parts = vec!["v=1".to_string()];
    if let Some(p) = &s.preset {
        parts.push(format!("preset={}", pct(p)));
    }
    if let Some(y) = &s.yaml {
        parts.push(format!("yaml={}", pct(y)));
    }
    if let Some(c) = &s.command {
        parts.push(format!("cmd={}", pct(c)));
    }
    if let Some((ns, pod)) = &s.pod {
        parts.push(format!("pod={}", pct(&format!("{ns}/{pod}"))));
    }
    let list = |set: &std::collections::BTreeSet<(String, String)>| {
        set.iter()
            .map(|(ns, n)| pct(&format!("{ns}/{n}")))
            .collect::<Vec<_>>()
            .join(",")
    };
    if !s.ops.not_ready.is_empty() {
        parts.push(format!("notready={}", list(&s.ops.not_ready)));
    }
    if !s.ops.deleted.is_empty() {
        parts.push(format!("deleted={}", list(&s.ops.deleted)));
    }
    if !s.ops.scale.is_empty() {
        let v: Vec<String> = s
            .ops
            .scale
            .iter()
            .map(|((ns, n), r)| pct(&format!("{ns}/{n}:{r}")))
            .collect();
        parts.push(format!("scale={}", v.join(",")));
    }
    if s.embed {
        parts.push("embed=1".into());
    }
    if let Some(t) = &s.theme {
        parts.push(format!("theme={}", pct(t)));
    }
    parts.join("&")
}

/// Decode a fragment (with or without the leading `#`). Unknown keys and bad values are skipped:
/// a hand-edited link still loads what it can.
pub fn decode(fragment: &str) -> Shared {
    let mut out = Shared::default();
    let mut map: BTreeMap<&str, &str> = BTreeMap::new();
    for kv in fragment.trim_start_matches('#').split('&') {
        if let Some((k, v)) = kv.split_once('=') {
            map.insert(k, v);
        }
    }
    let get = |k: &str| map.get(k).and_then(|v| unpct(v));
    out.preset = get("preset");
    out.yaml = get("yaml");
    out.command = get("cmd");
    out.pod = get("pod").and_then(|p| Ops::key(&p).ok());
    for (key, set) in [
        ("notready", &mut out.ops.not_ready),
        ("deleted", &mut out.ops.deleted),
    ] {
        if let Some(v) = map.get(key) {
            set.extend(
                v.split(',')
                    .filter_map(unpct)
                    .filter_map(|s| Ops::key(&s).ok()),
            );
        }
    }
    if let Some(v) = map.get("scale") {
        for item in v.split(',').filter_map(unpct) {
            if let Some((k, n)) = item.rsplit_once(':') {
                if let (Ok(k), Ok(n)) = (Ops::key(k), n.parse::<i64>()) {
                    out.ops.scale.insert(k, n.clamp(0, 50));
                }
            }
        }
    }
    out.embed = map.get("embed").is_some_and(|v| *v == "1" || *v == "true");
    out.theme = get("theme").filter(|t| t == "light" || t == "dark");
    out
}

/// Percent-encode everything but RFC 3986 unreserved characters (and `/`, `:` and `,` inside values is encoded too).
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn unpct(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_everything() {
        let mut s = Shared {
            preset: None,
            yaml: Some("apiVersion: v1\nkind: Service # é & = % #\n".into()),
            command: Some("dig +search +short test-headless".into()),
            pod: Some(("kafka".into(), "client".into())),
            embed: true,
            theme: Some("dark".into()),
            ..Default::default()
        };
        s.ops.not_ready.insert(("default".into(), "test-1".into()));
        s.ops.deleted.insert(("kafka".into(), "kafka-0".into()));
        s.ops.scale.insert(("kafka".into(), "kafka".into()), 2);
        let enc = encode(&s);
        assert!(
            !enc.contains('\n') && !enc.contains(' ') && !enc.contains('#'),
            "{enc}"
        );
        assert_eq!(decode(&format!("#{enc}")), s);
    }

    #[test]
    fn short_hand_links_and_garbage() {
        let s = decode(
            "#preset=kafka&cmd=dig%20kafka-0.kafka-hs.kafka&theme=purple&scale=kafka%2Fkafka%3A999",
        );
        assert_eq!(s.preset.as_deref(), Some("kafka"));
        assert_eq!(s.command.as_deref(), Some("dig kafka-0.kafka-hs.kafka"));
        assert_eq!(s.theme, None);
        assert_eq!(s.ops.scale.values().copied().collect::<Vec<_>>(), [50]);
        assert_eq!(decode("#%%%&yaml=%ZZ&&=&pod=a/b/c"), Shared::default());
        assert_eq!(decode(""), Shared::default());
    }
}
