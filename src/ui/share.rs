//! Share links: the whole playground state in the URL fragment, so a static site can share and
//! embed it (the fragment never reaches a server). Pure string code: tested natively.
//!
//! **Format 3** (what the app writes): `#v=3&s=<state>&y=<manifests>`, where `<state>` is the
//! base64url (no padding) of the raw-deflated parameter list below without `yaml=`, and
//! `<manifests>` that of the manifest text itself, packed on its own: a link that differs only
//! in the command, a toggle or a step deflates the few bytes that changed, not the manifests again
//! ([`LinkCache`]). `embed=1` and `theme=light|dark` stay readable beside them, for iframe authors.
//! Compressed, a seed-scenario link is a few hundred characters.
//!
//! **Format 2** (`#v=2&s=<state>`, earlier versions wrote it) packed everything, the manifests
//! as `yaml=`, in the one `s`; such links open as before.
//!
//! **The parameter list** (format 1 wrote it directly: `#v=1&preset=kafka&cmd=…`, and such links
//! still open exactly as before): `&`-separated `key=value`, values percent-encoded (RFC 3986; a
//! `+` is a plus, not a space, since dig's options start with one):
//! `preset=` (a scenario id) or `yaml=`, `cmd=` (the console command), `pod=NS/NAME` (where it
//! runs), `notready=NS/POD,…`, `deleted=NS/POD,…`, `scale=NS/NAME:N,…`, the animation's `run=N`
//! (which run of the command: with the inputs it seeds every random pick), `step=N` (1-based: the
//! link opens paused there) and `speed=0.25…2`.
//!
//! **Short forms** for authors, readable in the fragment: `#preset=kafka`, `#cmd=dig%20web`, and
//! `#q=<name>|<type>`, which runs `dig <name> <type>` from the default pod.
//!
//! Decoding never fails: what cannot be used is dropped and listed ([`Decoded::dropped`]), the
//! rest loads.

use std::borrow::Cow;
use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

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
    /// Embed options (readable flags beside the state): the editor cannot be edited…
    pub readonly: bool,
    /// …the animation starts by itself or not (`None`: as usual)…
    pub autoplay: Option<bool>,
    /// …and which panes show (`None`: all but Kafka).
    pub panes: Option<Vec<Pane>>,
    /// The Kafka view is open, with these choices.
    pub kafka: Option<KafkaLink>,
    /// A lesson is open on this step (from 1): `#lesson=<id>&step=<n>`, readable beside the
    /// packed state. With a lesson, `step` is the lesson's step, not the animation's.
    pub lesson: Option<(String, usize)>,
}

/// What the Kafka view was showing: `kafka=1`, then `ksts=NS/NAME` (the brokers' StatefulSet),
/// `kl=headless|short|clusterip` (what the brokers advertise), `key=` (the record key; empty: a
/// null key) and `fail=N` (the broker id that fails), each only when set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KafkaLink {
    pub statefulset: Option<(String, String)>,
    pub listeners: Option<String>,
    pub key: Option<String>,
    pub fail: Option<i32>,
}

/// A part of the page an embed can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pane {
    Editor,
    Terminal,
    Diagram,
    Cluster,
    Kafka,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Editor,
        Pane::Terminal,
        Pane::Diagram,
        Pane::Cluster,
        Pane::Kafka,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pane::Editor => "editor",
            Pane::Terminal => "terminal",
            Pane::Diagram => "diagram",
            Pane::Cluster => "cluster",
            Pane::Kafka => "kafka",
        }
    }
}

impl Shared {
    /// What the state is about (manifests, command, pod, toggles), without how it is shown: what
    /// "edited since the link was opened" compares. `None` when the link named none of it.
    pub fn setup(&self) -> Option<Setup<'_>> {
        if self.preset.is_none()
            && self.yaml.is_none()
            && self.command.is_none()
            && self.lesson.is_none()
        {
            return None;
        }
        Some(Setup {
            lesson: self.lesson.as_ref(),
            preset: self.preset.as_deref(),
            yaml: self.yaml.as_deref(),
            command: self.command.as_deref(),
            pod: self.pod.as_ref(),
            ops: &self.ops,
        })
    }

    /// The same state without the presentation flags (embed, theme and the embed options).
    pub fn content(&self) -> Shared {
        Shared {
            embed: false,
            theme: None,
            readonly: false,
            autoplay: None,
            panes: None,
            ..self.clone()
        }
    }

    /// Whether a pane shows (every pane but Kafka when the link names none).
    pub fn shows(&self, pane: Pane) -> bool {
        match &self.panes {
            Some(list) => list.contains(&pane),
            None => pane != Pane::Kafka,
        }
    }

    /// The state a page opened with: the fragment's, with the query string's values where the
    /// fragment has none (iframe authors put embed options in `?embed=1&theme=dark&…`).
    pub fn or_from(self, query: Shared) -> Shared {
        Shared {
            preset: self.preset.or(query.preset),
            yaml: self.yaml.or(query.yaml),
            command: self.command.or(query.command),
            pod: self.pod.or(query.pod),
            ops: if self.ops == Ops::default() {
                query.ops
            } else {
                self.ops
            },
            embed: self.embed || query.embed,
            theme: self.theme.or(query.theme),
            run: self.run.or(query.run),
            step: self.step.or(query.step),
            speed_pct: self.speed_pct.or(query.speed_pct),
            readonly: self.readonly || query.readonly,
            autoplay: self.autoplay.or(query.autoplay),
            panes: self.panes.or(query.panes),
            kafka: self.kafka.or(query.kafka),
            lesson: self.lesson.or(query.lesson),
        }
    }
}

/// The part of a state a learner edits (see [`Shared::setup`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Setup<'a> {
    pub lesson: Option<&'a (String, usize)>,
    pub preset: Option<&'a str>,
    pub yaml: Option<&'a str>,
    pub command: Option<&'a str>,
    pub pod: Option<&'a (String, String)>,
    pub ops: &'a Ops,
}

/// The speeds the player offers, in percent.
pub const SPEEDS: [u16; 5] = [25, 50, 100, 150, 200];

/// The longest fragment the app writes into the address bar or copies: browsers and chat tools
/// keep links of this size whole (beyond it, the state is offered as a file instead).
pub const MAX_LINK: usize = 32 * 1024;
/// How far a compressed state may inflate (a bound against hostile links).
const MAX_STATE: usize = 4 << 20;

/// RFC 3986 unreserved characters stay as they are; everything else is escaped.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Inside a packed state only what would break the list is escaped (`%`, `&`, `=`; non-ASCII
/// bytes always are): newlines and spaces stay as they are, which deflate compresses far better.
const PACKED: &AsciiSet = &percent_encoding::CONTROLS
    .remove(b'\n')
    .remove(b'\t')
    .add(b'%')
    .add(b'&')
    .add(b'=');

fn pct(s: &str) -> Cow<'_, str> {
    utf8_percent_encode(s, VALUE).into()
}

/// The parameter list of a state (without `v=` and without the presentation flags), each value
/// escaped with `set`.
fn params(s: &Shared, set: &'static AsciiSet, with_yaml: bool) -> Vec<String> {
    let pct = |v: &str| -> String { utf8_percent_encode(v, set).to_string() };
    let mut parts = Vec::new();
    if let Some(p) = &s.preset {
        parts.push(format!("preset={}", pct(p)));
    }
    if let (Some(y), true) = (&s.yaml, with_yaml) {
        parts.push(format!("yaml={}", pct(y)));
    }
    if let Some(c) = &s.command {
        parts.push(format!("cmd={}", pct(c)));
    }
    if let Some((ns, pod)) = &s.pod {
        parts.push(format!("pod={}", pct(&format!("{ns}/{pod}"))));
    }
    let list = |set: &std::collections::BTreeSet<crate::cluster::PodRef>| {
        set.iter()
            .map(|k| pct(&k.to_string()))
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
            .map(|(k, r)| pct(&format!("{k}:{r}")))
            .collect();
        parts.push(format!("scale={}", v.join(",")));
    }
    if let Some(r) = s.run {
        parts.push(format!("run={r}"));
    }
    if let (Some(n), None) = (s.step, &s.lesson) {
        parts.push(format!("step={n}"));
    }
    if let Some(p) = s.speed_pct {
        parts.push(format!("speed={}", speed_text(p)));
    }
    if let Some(k) = &s.kafka {
        parts.push("kafka=1".into());
        if let Some((ns, name)) = &k.statefulset {
            parts.push(format!("ksts={}", pct(&format!("{ns}/{name}"))));
        }
        if let Some(l) = &k.listeners {
            parts.push(format!("kl={}", pct(l)));
        }
        if let Some(key) = &k.key {
            parts.push(format!("key={}", pct(key)));
        }
        if let Some(f) = k.fail {
            parts.push(format!("fail={f}"));
        }
    }
    parts
}

fn flags(s: &Shared, parts: &mut Vec<String>) {
    if let Some((id, n)) = &s.lesson {
        parts.push(format!("lesson={}", pct(id)));
        parts.push(format!("step={n}"));
    }
    if s.embed {
        parts.push("embed=1".into());
    }
    if let Some(t) = &s.theme {
        parts.push(format!("theme={}", pct(t)));
    }
    if s.readonly {
        parts.push("readonly=1".into());
    }
    if let Some(a) = s.autoplay {
        parts.push(format!("autoplay={}", u8::from(a)));
    }
    if let Some(p) = &s.panes {
        let names: Vec<&str> = p.iter().map(|p| p.name()).collect();
        parts.push(format!("panes={}", names.join(",")));
    }
}

fn pack(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9))
}

/// The last manifest text packed for a link, kept for the next one: the manifests are most of a
/// state, and most changes of the state (a command, a toggle, a step) leave them as they are.
#[derive(Clone, Debug, Default)]
pub struct LinkCache {
    yaml: String,
    packed: String,
    /// `packed` was inflated once and gave `yaml` back exactly.
    checked: bool,
}

impl LinkCache {
    /// The packed form of `yaml`, from the cache when it holds that text's.
    fn packed(&mut self, yaml: &str) -> &str {
        if self.packed.is_empty() || self.yaml != yaml {
            self.packed = pack(yaml);
            self.yaml = yaml.to_string();
            self.checked = false;
        }
        &self.packed
    }

    /// `y`'s manifest text, without inflating it again when it is the packed text this cache
    /// made and has already checked.
    fn known(&self, y: &str) -> Option<&str> {
        (self.checked && !self.packed.is_empty() && self.packed == y).then_some(&*self.yaml)
    }
}

/// The fragment (without `#`) in format 3.
pub fn encode(s: &Shared) -> String {
    encode_with(s, &mut LinkCache::default())
}

/// [`encode`], taking the packed manifests from `cache` when they are unchanged.
pub fn encode_with(s: &Shared, cache: &mut LinkCache) -> String {
    let inner = params(s, PACKED, false).join("&");
    let mut parts = vec!["v=3".to_string()];
    // Nothing to pack (a lesson step as it loaded): the readable flags say it all.
    if !inner.is_empty() {
        parts.push(format!("s={}", pack(&inner)));
    }
    if let Some(y) = &s.yaml {
        parts.push(format!("y={}", cache.packed(y)));
    }
    flags(s, &mut parts);
    parts.join("&")
}

/// The fragment in format 2, as earlier versions wrote it (kept to test that such links open).
pub fn encode_v2(s: &Shared) -> String {
    let inner = params(s, PACKED, true).join("&");
    let mut parts = vec!["v=2".to_string()];
    if !inner.is_empty() {
        parts.push(format!("s={}", pack(&inner)));
    }
    flags(s, &mut parts);
    parts.join("&")
}

/// The fragment in format 1, as earlier versions wrote it (kept to test that such links open).
pub fn encode_v1(s: &Shared) -> String {
    let mut parts = vec!["v=1".to_string()];
    parts.extend(params(s, VALUE, true));
    flags(s, &mut parts);
    parts.join("&")
}

/// Why the app offers no link for a state.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this state is {} KB as a link, over the {} KB a link can safely carry", .len.div_ceil(1024), .limit / 1024)]
    TooLong { len: usize, limit: usize },
    #[error("the link would not bring this state back exactly (it read back as something else)")]
    RoundTrip,
}

/// The fragment for `s`, checked before it is shown: it must decode to the same state (and so
/// encode to the same text again), and fit [`MAX_LINK`].
pub fn checked_link(s: &Shared) -> Result<String, LinkError> {
    checked_link_with(s, &mut LinkCache::default())
}

/// [`checked_link`] with the packed manifests from `cache` when they are unchanged; those were
/// checked (inflated and compared) once, when they were packed, and are not inflated again.
pub fn checked_link_with(s: &Shared, cache: &mut LinkCache) -> Result<String, LinkError> {
    let f = encode_with(s, cache);
    if f.len() > MAX_LINK {
        return Err(LinkError::TooLong {
            len: f.len(),
            limit: MAX_LINK,
        });
    }
    // `encode` is a function of the state alone, so a link that decodes to the same state also
    // encodes back to the same text: comparing the states is the whole round-trip check.
    let back = decode_with(&f, cache);
    if back.shared != *s || !back.dropped.is_empty() {
        return Err(LinkError::RoundTrip);
    }
    if s.yaml.is_some() {
        cache.checked = true;
    }
    Ok(f)
}

/// A decoded fragment, and what of it could not be used (one sentence each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub shared: Shared,
    pub dropped: Vec<String>,
}

/// Decode a fragment (with or without the leading `#`), dropping what cannot be used.
pub fn decode(fragment: &str) -> Shared {
    decode_report(fragment).shared
}

/// Splits `a=1&b=2` into pairs; a piece without `=` is reported.
fn pairs<'a>(text: &'a str, dropped: &mut Vec<String>) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for kv in text.split('&').filter(|kv| !kv.is_empty()) {
        match kv.split_once('=') {
            Some((k, v)) => out.push((k, v)),
            None => dropped.push(format!("`{}` is not key=value", shorten(kv))),
        }
    }
    out
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        return s.to_string();
    }
    let mut t: String = s.chars().take(39).collect();
    t.push('…');
    t
}

/// A packed part of a link (`what`: "state" for `s`, "manifest text" for `y`) back to its text.
fn unpack(s: &str, what: &str) -> Result<String, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| format!("the packed {what} is not base64url (the link may be cut short)"))?;
    let raw =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_STATE).map_err(|_| {
            format!("the packed {what} does not inflate (the link may be cut short or changed)")
        })?;
    String::from_utf8(raw).map_err(|_| format!("the packed {what} is not UTF-8 text"))
}

pub fn decode_report(fragment: &str) -> Decoded {
    decode_with(fragment, &LinkCache::default())
}

fn decode_with(fragment: &str, cache: &LinkCache) -> Decoded {
    let mut dropped = Vec::new();
    let outer = pairs(fragment.trim_start_matches('#'), &mut dropped);
    // Formats 2 and 3 carry the parameters packed in `s` (and format 3 the manifests in `y`);
    // readable keys beside them override them.
    let mut inner_text = None;
    let mut packed_yaml = None;
    for (k, v) in &outer {
        if *k == "s" {
            match unpack(v, "state") {
                Ok(t) => inner_text = Some(t),
                Err(e) => dropped.push(e),
            }
        } else if *k == "y" {
            match cache.known(v) {
                Some(y) => packed_yaml = Some(y.to_string()),
                None => match unpack(v, "manifest text") {
                    Ok(t) => packed_yaml = Some(t),
                    Err(e) => dropped.push(e),
                },
            }
        }
    }
    let inner = inner_text.as_deref().map(|t| pairs(t, &mut dropped));
    let mut map: BTreeMap<&str, &str> = BTreeMap::new();
    for (k, v) in inner.iter().flatten().chain(outer.iter()) {
        if *k != "s" && *k != "y" {
            map.insert(k, v);
        }
    }
    let mut out = Shared::default();
    let get = |k: &str, dropped: &mut Vec<String>| -> Option<String> {
        let v = map.get(k)?;
        match percent_decode_str(v).decode_utf8() {
            Ok(s) => Some(s.into_owned()),
            Err(_) => {
                dropped.push(format!("`{k}` is not valid percent-encoded UTF-8"));
                None
            }
        }
    };
    out.preset = get("preset", &mut dropped);
    out.yaml = get("yaml", &mut dropped).or(packed_yaml);
    out.command = get("cmd", &mut dropped);
    if let Some(q) = get("q", &mut dropped) {
        // `q=<name>|<type>`: dig of a name (and type) from the default pod.
        let (name, qtype) = q.split_once('|').unwrap_or((&q, ""));
        let words: Vec<&str> = [name.trim(), qtype.trim()]
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() || words.iter().any(|w| w.contains(char::is_whitespace)) {
            dropped.push(format!("`q={}` is not NAME|TYPE", shorten(&q)));
        } else if out.command.is_none() {
            out.command = Some(format!("dig {}", words.join(" ")));
        }
    }
    if let Some(p) = get("pod", &mut dropped) {
        match Ops::key(&p) {
            Ok(k) => out.pod = Some((k.namespace, k.name)),
            Err(_) => dropped.push(format!("pod `{}` is not NAMESPACE/NAME", shorten(&p))),
        }
    }
    for (key, set) in [
        ("notready", &mut out.ops.not_ready),
        ("deleted", &mut out.ops.deleted),
    ] {
        let Some(v) = map.get(key) else { continue };
        for item in v.split(',') {
            match percent_decode_str(item)
                .decode_utf8()
                .ok()
                .and_then(|s| Ops::key(&s).ok())
            {
                Some(k) => {
                    set.insert(k);
                }
                None => dropped.push(format!("{key}: `{}` is not NAMESPACE/POD", shorten(item))),
            }
        }
    }
    if let Some(v) = map.get("scale") {
        for item in v.split(',') {
            let text = percent_decode_str(item).decode_utf8_lossy();
            let parsed = text
                .rsplit_once(':')
                .and_then(|(k, n)| Some((Ops::key(k).ok()?, n.parse::<i64>().ok()?)));
            match parsed {
                Some((k, n)) => {
                    out.ops.scale.insert(k, n.clamp(0, 50));
                }
                None => dropped.push(format!(
                    "scale: `{}` is not NAMESPACE/NAME:N",
                    shorten(&text)
                )),
            }
        }
    }
    let number = |key: &str, ok: &dyn Fn(u64) -> bool, dropped: &mut Vec<String>| {
        let v = map.get(key)?;
        match v.parse::<u64>() {
            Ok(n) if ok(n) => Some(n),
            _ => {
                dropped.push(format!("{key}: `{}` is out of range", shorten(v)));
                None
            }
        }
    };
    out.run = number(
        "run",
        &|r| (1..=u64::from(u32::MAX)).contains(&r),
        &mut dropped,
    )
    .map(|r| r as u32);
    out.step = number("step", &|n| (1..=100_000).contains(&n), &mut dropped).map(|n| n as usize);
    if let Some(id) = get("lesson", &mut dropped) {
        // `#lesson=<id>&step=<n>`: the step is the lesson's (clamped into range), not the animation's.
        match crate::lessons::by_id(&id) {
            Some(l) => {
                let n = crate::lessons::clamp_step(l, out.step.take().unwrap_or(1));
                out.lesson = Some((l.id.to_string(), n));
            }
            None => dropped.push(format!("there is no lesson `{}`", shorten(&id))),
        }
    }
    if let Some(v) = map.get("speed") {
        out.speed_pct = parse_speed(v);
        if out.speed_pct.is_none() {
            dropped.push(format!("speed `{}` is not between 0.25 and 2", shorten(v)));
        }
    }
    out.embed = map.get("embed").is_some_and(|v| *v == "1" || *v == "true");
    if let Some(t) = get("theme", &mut dropped) {
        if t == "light" || t == "dark" {
            out.theme = Some(t);
        } else {
            dropped.push(format!("theme `{}` is not light or dark", shorten(&t)));
        }
    }
    out.readonly = map
        .get("readonly")
        .is_some_and(|v| *v == "1" || *v == "true");
    match map.get("autoplay").copied() {
        None => {}
        Some("1" | "true") => out.autoplay = Some(true),
        Some("0" | "false") => out.autoplay = Some(false),
        Some(v) => dropped.push(format!("autoplay `{}` is not 0 or 1", shorten(v))),
    }
    if let Some(v) = get("panes", &mut dropped) {
        let mut list = Vec::new();
        for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match Pane::ALL.iter().find(|p| p.name() == name) {
                Some(p) if !list.contains(p) => list.push(*p),
                Some(_) => {}
                None => dropped.push(format!(
                    "pane `{}` is not one of editor, terminal, diagram, cluster, kafka",
                    shorten(name)
                )),
            }
        }
        if !list.is_empty() {
            out.panes = Some(list);
        }
    }
    if ["kafka", "ksts", "kl", "key", "fail"]
        .iter()
        .any(|k| map.contains_key(k))
    {
        let mut k = KafkaLink::default();
        if let Some(v) = get("ksts", &mut dropped) {
            match Ops::key(&v) {
                Ok(sts) => k.statefulset = Some((sts.namespace, sts.name)),
                Err(_) => dropped.push(format!("ksts `{}` is not NAMESPACE/NAME", shorten(&v))),
            }
        }
        if let Some(v) = get("kl", &mut dropped) {
            if v.len() <= 200 {
                k.listeners = Some(v);
            } else {
                dropped.push("kl: the listener pattern is over 200 characters".into());
            }
        }
        k.key = get("key", &mut dropped).filter(|v| v.len() <= 200);
        k.fail = number("fail", &|n| n <= 1_000_000, &mut dropped).map(|n| n as i32);
        out.kafka = Some(k);
    }
    const KNOWN: [&str; 24] = [
        "v", "s", "preset", "yaml", "cmd", "q", "pod", "notready", "deleted", "scale", "run",
        "step", "speed", "embed", "theme", "panes", "readonly", "autoplay", "kafka", "ksts", "kl",
        "key", "fail", "lesson",
    ];
    for k in map.keys().filter(|k| !KNOWN.contains(k)) {
        dropped.push(format!("unknown parameter `{}`", shorten(k)));
    }
    Decoded {
        shared: out,
        dropped,
    }
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

/// `0.5`, `0.5x` or `2` → the nearest offered speed in percent (`None` outside 0.25 to 2). Read
/// as a decimal by hand (hundredths), so no float parser is needed.
pub fn parse_speed(v: &str) -> Option<u16> {
    let v = v.trim_end_matches(['x', 'X']);
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 6 {
        return None;
    }
    let hundredths: u32 = format!("{frac:0<2}")[..2].parse().ok()?;
    let pct = whole.checked_mul(100)?.checked_add(hundredths)?;
    if !(25..=200).contains(&pct) {
        return None;
    }
    SPEEDS
        .iter()
        .copied()
        .min_by_key(|&s| (i64::from(s) - i64::from(pct)).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything() -> Shared {
        let mut s = Shared {
            preset: None,
            yaml: Some("apiVersion: v1\nkind: Service # é & = % # + ✓\n".into()),
            command: Some("dig +search +short test-headless".into()),
            pod: Some(("kafka".into(), "client".into())),
            embed: true,
            theme: Some("dark".into()),
            run: Some(3),
            step: Some(7),
            speed_pct: Some(50),
            ops: Ops::default(),
            readonly: true,
            autoplay: Some(false),
            panes: Some(vec![Pane::Editor, Pane::Diagram]),
            kafka: Some(KafkaLink {
                statefulset: Some(("kafka".into(), "kafka".into())),
                listeners: Some("clusterip".into()),
                key: Some("order 7 & é".into()),
                fail: Some(2),
            }),
            lesson: None,
        };
        s.ops
            .not_ready
            .insert(crate::cluster::ObjectRef::new("default", "test-1"));
        s.ops
            .deleted
            .insert(crate::cluster::ObjectRef::new("kafka", "kafka-0"));
        s.ops
            .scale
            .insert(crate::cluster::ObjectRef::new("kafka", "kafka"), 2);
        s
    }

    #[test]
    fn format_3_round_trips_and_is_checked() {
        let s = everything();
        let enc = encode(&s);
        assert!(enc.starts_with("v=3&s="), "{enc}");
        // The manifests are packed on their own, after the rest of the state.
        let y = enc.split('&').find_map(|p| p.strip_prefix("y=")).unwrap();
        assert_eq!(unpack(y, "manifest text").ok(), s.yaml.clone());
        assert!(
            enc.ends_with("&embed=1&theme=dark&readonly=1&autoplay=0&panes=editor,diagram"),
            "{enc}"
        );
        assert!(
            !enc.contains('\n') && !enc.contains(' ') && !enc.contains('#') && !enc.contains('+'),
            "{enc}"
        );
        let back = decode_report(&format!("#{enc}"));
        assert_eq!(back.shared, s);
        assert!(back.dropped.is_empty(), "{:?}", back.dropped);
        assert_eq!(encode(&back.shared), enc);
        assert_eq!(checked_link(&s), Ok(enc));
    }

    #[test]
    fn compresses_yaml_well() {
        let link = |yaml: String| {
            let s = Shared {
                yaml: Some(yaml),
                command: Some("dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local".into()),
                ..Default::default()
            };
            (encode_v1(&s).len(), encode(&s).len())
        };
        // The Kafka scenario (1.2 KB): well under half of format 1.
        let (v1, v2) = link(crate::scenarios::KAFKA.yaml.to_string());
        assert!(v2 * 2 < v1, "v2 {v2} vs v1 {v1}");
        // Twenty Services (the shape of a real paste): a quarter of the YAML itself.
        let many: String = (0..20)
            .map(|i| {
                crate::scenarios::SEED
                    .yaml
                    .replace("test-", &format!("app{i}-"))
            })
            .collect::<Vec<_>>()
            .join("---\n");
        let (v1, v2) = link(many.clone());
        assert!(
            v2 * 4 < many.len(),
            "v2 {v2} for {} bytes of YAML",
            many.len()
        );
        assert!(v2 * 6 < v1, "v2 {v2} vs v1 {v1}");
    }

    #[test]
    fn format_2_links_open_as_before() {
        // A link the previous version wrote (format 2: the manifests inside the one packed `s`).
        let s = everything();
        let old = encode_v2(&s);
        assert!(old.starts_with("v=2&s=") && !old.contains("&y="), "{old}");
        let d = decode_report(&format!("#{old}"));
        assert!(d.dropped.is_empty(), "{:?}", d.dropped);
        assert_eq!(d.shared, s);
        // Opened and shared again, it becomes format 3.
        assert!(encode(&d.shared).starts_with("v=3&"));
    }

    #[test]
    fn a_link_cache_packs_the_manifests_once_and_gives_the_same_links() {
        let mut cache = LinkCache::default();
        let mut s = everything();
        for cmd in ["dig a", "dig b", "nslookup c"] {
            s.command = Some(cmd.into());
            let with = checked_link_with(&s, &mut cache);
            assert_eq!(with, checked_link(&s), "{cmd}");
            assert!(cache.checked && cache.yaml == *s.yaml.as_ref().unwrap());
        }
        let packed = cache.packed.clone();
        s.command = Some("dig d".into());
        let _ = checked_link_with(&s, &mut cache);
        assert_eq!(
            cache.packed, packed,
            "unchanged manifests are not packed again"
        );
        // Other manifests are packed (and checked) anew.
        s.yaml = Some("kind: Service\n".into());
        assert_eq!(checked_link_with(&s, &mut cache), checked_link(&s));
        assert_ne!(cache.packed, packed);
        // Only the very text the cache packed and checked skips the inflate: a changed `y` is
        // inflated, so it cannot pass for the cached manifests.
        let f = encode_with(&s, &mut cache);
        assert_eq!(cache.known(&cache.packed.clone()), Some("kind: Service\n"));
        let other = f.replace(&cache.packed.clone(), &pack("kind: Pod\n"));
        let d = decode_with(&other, &cache);
        assert_eq!(d.shared.yaml.as_deref(), Some("kind: Pod\n"));
        let broken = f.replace(&cache.packed.clone(), "AAAA");
        let d = decode_with(&broken, &cache);
        assert_eq!(d.shared.yaml, None);
        assert!(
            d.dropped[0].contains("the packed manifest text does not inflate"),
            "{:?}",
            d.dropped
        );
        // A cache that has not checked its text yet inflates it like any other.
        let mut fresh = LinkCache::default();
        let _ = encode_with(&s, &mut fresh);
        assert_eq!(fresh.known(&fresh.packed.clone()), None);
    }

    #[test]
    fn format_1_links_open_as_before() {
        // Links the previous version wrote (format 1), byte for byte.
        let old = "v=1&yaml=apiVersion%3A%20v1%0Akind%3A%20Service%0A&cmd=dig%20%2Bsearch%20%2Bshort%20test-headless&pod=kafka%2Fclient&notready=default%2Ftest-1&deleted=kafka%2Fkafka-0&scale=kafka%2Fkafka%3A2&embed=1&theme=dark";
        let d = decode_report(old);
        assert!(d.dropped.is_empty(), "{:?}", d.dropped);
        let s = d.shared;
        assert_eq!(s.yaml.as_deref(), Some("apiVersion: v1\nkind: Service\n"));
        assert_eq!(
            s.command.as_deref(),
            Some("dig +search +short test-headless")
        );
        assert_eq!(s.pod, Some(("kafka".into(), "client".into())));
        assert_eq!(s.ops.scale.values().copied().collect::<Vec<_>>(), [2]);
        assert!(s.embed);
        assert_eq!(encode_v1(&s), old);
        assert_eq!(decode(&encode_v1(&everything())), everything());
    }

    #[test]
    fn embed_options_come_from_the_query_string_too() {
        let frag = decode_report("#v=1&preset=kafka&step=3");
        let query = decode_report(
            "embed=1&theme=dark&panes=diagram,kafka,bogus&autoplay=0&readonly=1&step=9",
        );
        assert_eq!(query.dropped.len(), 1, "{:?}", query.dropped);
        let s = frag.shared.or_from(query.shared);
        assert!(s.embed && s.readonly);
        assert_eq!(s.theme.as_deref(), Some("dark"));
        assert_eq!(s.step, Some(3), "the fragment's step wins");
        assert_eq!(s.autoplay, Some(false));
        assert!(s.shows(Pane::Diagram) && s.shows(Pane::Kafka) && !s.shows(Pane::Editor));
        assert!(Shared::default().shows(Pane::Editor) && !Shared::default().shows(Pane::Kafka));
        assert_eq!(s.content().panes, None);
    }

    #[test]
    fn a_plus_is_a_plus() {
        let s = decode("#cmd=dig%20+short%20web");
        assert_eq!(s.command.as_deref(), Some("dig +short web"));
    }

    #[test]
    fn short_hand_links() {
        let s = decode("#preset=kafka&cmd=dig%20kafka-0.kafka-hs.kafka");
        assert_eq!(s.preset.as_deref(), Some("kafka"));
        assert_eq!(s.command.as_deref(), Some("dig kafka-0.kafka-hs.kafka"));
        let s = decode("#q=kafka-hs.kafka.svc.cluster.local|SRV&preset=kafka");
        assert_eq!(
            s.command.as_deref(),
            Some("dig kafka-hs.kafka.svc.cluster.local SRV")
        );
        assert_eq!(decode("#q=web").command.as_deref(), Some("dig web"));
    }

    #[test]
    fn garbage_loads_what_it_can_and_says_what_was_dropped() {
        let d = decode_report("#preset=kafka&theme=purple&scale=kafka%2Fkafka%3A999,bad&pod=a/b/c&step=0&speed=9&run=-1&zzz=1&junk&yaml=%FF");
        assert_eq!(d.shared.preset.as_deref(), Some("kafka"));
        assert_eq!(d.shared.theme, None);
        assert_eq!(
            d.shared.ops.scale.values().copied().collect::<Vec<_>>(),
            [50]
        );
        assert_eq!(
            (d.shared.step, d.shared.speed_pct, d.shared.run),
            (None, None, None)
        );
        let all = d.dropped.join("; ");
        for want in [
            "theme `purple`",
            "scale: `bad`",
            "pod `a/b/c`",
            "step: `0`",
            "speed `9`",
            "run: `-1`",
            "unknown parameter `zzz`",
            "`junk` is not key=value",
            "`yaml` is not valid percent-encoded UTF-8",
        ] {
            assert!(all.contains(want), "{want} not in {all}");
        }
        assert_eq!(decode(""), Shared::default());
        assert_eq!(decode("#%%%&&=&"), Shared::default());
    }

    #[test]
    fn hostile_packed_states_are_refused_not_crashed() {
        // Not base64, cut short, not deflate, and a deflate bomb past the limit.
        for s in ["!!!", "AAAA", "bm90IGRlZmxhdGU"] {
            let d = decode_report(&format!("#v=2&s={s}"));
            assert_eq!(d.shared, Shared::default(), "{s}");
            assert_eq!(d.dropped.len(), 1, "{s}: {:?}", d.dropped);
        }
        let good = encode(&everything());
        let cut = &good[..good.len() / 2];
        assert!(!decode_report(cut).dropped.is_empty());
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; MAX_STATE + 10], 9);
        let d = decode_report(&format!("v=2&s={}", URL_SAFE_NO_PAD.encode(bomb)));
        assert!(d.dropped[0].contains("does not inflate"), "{:?}", d.dropped);
        // A 200 KB fragment of noise.
        let noise: String = "x=1&".repeat(50_000);
        let d = decode_report(&noise);
        assert_eq!(d.shared, Shared::default());
    }

    #[test]
    fn too_long_states_get_no_link() {
        let big: String = (0..40_000u32)
            .map(|i| char::from(b'a' + (crate::rng::mix(u64::from(i)) % 26) as u8))
            .collect();
        let s = Shared {
            yaml: Some(big),
            ..Default::default()
        };
        match checked_link(&s) {
            Err(LinkError::TooLong { len, limit }) => {
                assert!(len > limit);
                assert!(LinkError::TooLong { len, limit }
                    .to_string()
                    .contains("over the 32 KB"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn speeds() {
        let s = decode("#cmd=dig%20web&step=4&speed=0.25&run=2");
        assert_eq!((s.step, s.speed_pct, s.run), (Some(4), Some(25), Some(2)));
        assert_eq!(decode("#speed=1.4x").speed_pct, Some(150));
        assert_eq!(decode("#speed=.5").speed_pct, Some(50));
        for bad in ["", "x", "1.2.3", "-1", "0.1", "3", "1e0", "0.5abc"] {
            assert_eq!(parse_speed(bad), None, "{bad}");
        }
        for p in SPEEDS {
            assert_eq!(parse_speed(&speed_text(p)), Some(p));
        }
        assert_eq!(speed_text(25), "0.25");
        assert_eq!(speed_text(150), "1.5");
    }
}
