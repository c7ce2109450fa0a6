//! Share links: the whole playground state in the URL fragment, so a static site can share and
//! embed it (the fragment never reaches a server).
//!
//! Format, `&`-separated `key=value` pairs, values percent-encoded:
//! `#v=1&preset=kafka` or `#v=1&yaml=…`, then optionally `cmd=` (the console command),
//! `pod=NS/NAME` (where it runs), `notready=NS/POD,…`, `deleted=NS/POD,…`, `scale=NS/NAME:N,…`,
//! the animation's `run=N` (which run of the command: with the inputs it seeds every random pick),
//! `step=N` (1-based: the link opens paused on that step) and `speed=0.25…2`,
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
    /// Which run of the command (1-based; `None` is the first).
    pub run: Option<u32>,
    /// The animation step to open on (1-based).
    pub step: Option<usize>,
    /// Playback speed in percent (25 to 200).
    pub speed_pct: Option<u16>,
}

/// The speeds the player offers, in percent.
pub const SPEEDS: [u16; 5] = [25, 50, 100, 150, 200];

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
    if let Some(r) = s.run {
        parts.push(format!("run={r}"));
    }
    if let Some(n) = s.step {
        parts.push(format!("step={n}"));
    }
    if let Some(p) = s.speed_pct {
        parts.push(format!("speed={}", speed_text(p)));
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
    out.run = map
        .get("run")
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|&r| r >= 1);
    out.step = map
        .get("step")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| (1..=100_000).contains(&n));
    out.speed_pct = map.get("speed").and_then(|v| parse_speed(v));
    out.embed = map.get("embed").is_some_and(|v| *v == "1" || *v == "true");
    out.theme = get("theme").filter(|t| t == "light" || t == "dark");
    out
}

/// `50` → `0.5`, `100` → `1`, `150` → `1.5`.
pub fn speed_text(pct: u16) -> String {
    let whole = pct / 100;
    match pct % 100 {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// `0.5`, `0.5x` or `2` → the nearest offered speed in percent (`None` outside 0.25 to 2).
pub fn parse_speed(v: &str) -> Option<u16> {
    let x: f64 = v.trim_end_matches(['x', 'X']).parse().ok()?;
    if !(0.25..=2.0).contains(&x) {
        return None;
    }
    let pct = (x * 100.0).round() as i32;
    SPEEDS
        .iter()
        .copied()
        .min_by_key(|&s| (i32::from(s) - pct).abs())
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
            run: Some(3),
            step: Some(7),
            speed_pct: Some(50),
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

    #[test]
    fn animation_fields_are_checked() {
        let s = decode("#cmd=dig%20web&step=4&speed=0.25&run=2");
        assert_eq!((s.step, s.speed_pct, s.run), (Some(4), Some(25), Some(2)));
        let s = decode("#step=0&speed=9&run=-1");
        assert_eq!((s.step, s.speed_pct, s.run), (None, None, None));
        assert_eq!(decode("#speed=1.4x").speed_pct, Some(150));
        for p in SPEEDS {
            assert_eq!(parse_speed(&speed_text(p)), Some(p));
        }
        assert_eq!(speed_text(25), "0.25");
        assert_eq!(speed_text(150), "1.5");
    }
}
