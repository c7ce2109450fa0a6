//! The YAML tree the converters read, and the two ways to get one.
//!
//! * **Block fast path** ([`parse_block`]): the block-style subset that `kubectl get -o yaml` prints
//!   and people write: nested mappings and sequences (including kubectl's dashes at the key's own
//!   indentation), plain, single- and double-quoted scalars on one line, `{}` and `[]`, literal
//!   block scalars (`|`, `|-`) and comments. Plain scalars borrow from the text. It reads a 1 MB
//!   `kind: List` several times faster than the general parser, because it makes one pass over the
//!   lines and no intermediate events.
//! * **General parser** (`serde_yaml`, i.e. libyaml): everything else, and every error. The fast
//!   path gives up (`None`) on anything outside its subset or anything that may be an error (flow
//!   collections, anchors and aliases, tags, multi-line plain or quoted scalars, escapes, duplicate
//!   keys, odd indentation, control characters); the document is then parsed again by serde_yaml,
//!   whose messages and limits (alias bombs, nesting depth) the diagnostics report.
//!
//! Both paths give the same [`Value`]: scalars are resolved with serde_yaml's rules (YAML 1.2 core
//! schema: `null`/`~`, `true`/`false` in three casings, decimal/hex/octal/binary integers, floats,
//! `.inf`, `.nan`; leading-zero digit strings stay strings). `tests/yaml_differential.rs` and the
//! fuzz target check that whenever the fast path answers, serde_yaml answers the same.

use std::borrow::Cow;
use std::fmt;

/// A YAML number, as serde_yaml distinguishes them.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl Number {
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(u) => i64::try_from(u).ok(),
            Number::NegInt(i) => Some(i),
            Number::Float(_) => None,
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Number::PosInt(a), Number::PosInt(b)) => a == b,
            (Number::NegInt(a), Number::NegInt(b)) => a == b,
            // Bitwise, so that NaN equals itself in tree comparisons.
            (Number::Float(a), Number::Float(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }
}

impl Eq for Number {}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::PosInt(u) => write!(f, "{u}"),
            Number::NegInt(i) => write!(f, "{i}"),
            Number::Float(x) if x.is_nan() => f.write_str(".nan"),
            Number::Float(x) if x.is_infinite() => {
                f.write_str(if x > 0.0 { ".inf" } else { "-.inf" })
            }
            Number::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// A YAML node. Tags are looked through (they carry no meaning for Kubernetes objects).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Sequence(Vec<Value<'a>>),
    Mapping(Mapping<'a>),
}

impl Value<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A mapping in document order. Kubernetes objects have a few dozen keys at most, so lookups scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping<'a> {
    entries: Vec<(Value<'a>, Value<'a>)>,
}

impl<'a> Mapping<'a> {
    /// The value of the string key `k`.
    pub fn get(&self, k: &str) -> Option<&Value<'a>> {
        self.entries.iter().find_map(|(key, v)| match key {
            Value::String(s) if s == k => Some(v),
            _ => None,
        })
    }

    pub fn contains_key(&self, k: &str) -> bool {
        self.get(k).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value<'a>> {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl<'m, 'a> IntoIterator for &'m Mapping<'a> {
    type Item = (&'m Value<'a>, &'m Value<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'m, (Value<'a>, Value<'a>)>,
        fn(&'m (Value<'a>, Value<'a>)) -> (&'m Value<'a>, &'m Value<'a>),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

/// Parse one document: the block fast path when it applies, serde_yaml otherwise.
pub fn load(text: &str) -> Result<Value<'_>, YamlError> {
    if let Some(v) = parse_block(text) {
        return Ok(v);
    }
    load_general(text).map_err(|e| YamlError::from_serde(&e, text))
}

/// A YAML syntax error as the model sees it, whatever parser found it: where, and what kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the document (1 when the parser gives no position).
    pub line: u32,
    /// 1-based column (as the parser counts it; 1 when it gives no position).
    pub col: u32,
    pub kind: YamlErrorKind,
}

/// What went wrong. Every kind but the two limits carries the parser's own wording, without the
/// position (which [`YamlError`] gives separately).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// Aliases (`*name`) expand the document past the parser's repetition limit.
    AliasLimit,
    /// Nesting deeper than the parser's recursion limit (128 levels).
    DepthLimit,
    /// A character that cannot start a token, in a document that contains a tab.
    Tab(String),
    /// `mapping values are not allowed in this context`.
    MappingValue(String),
    /// An expected key or `-` is missing: usually indentation.
    Indentation(String),
    /// A key repeated in one mapping.
    DuplicateKey(String),
    Other(String),
}

impl YamlError {
    /// Classify serde_yaml's error for `text` (libyaml's messages, and serde_yaml's own guards).
    pub fn from_serde(e: &serde_yaml::Error, text: &str) -> Self {
        let (line, col) = match e.location() {
            Some(l) => (l.line() as u32, l.column() as u32),
            None => (1, 1),
        };
        let raw = e.to_string();
        // serde_yaml appends " at line L column C"; the position is given separately.
        let msg = match raw.find(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        let kind = if msg.contains("repetition limit") {
            YamlErrorKind::AliasLimit
        } else if msg.contains("recursion limit") {
            YamlErrorKind::DepthLimit
        } else if msg.contains("cannot start any token") && text.contains('\t') {
            YamlErrorKind::Tab(msg)
        } else if msg.contains("mapping values are not allowed") {
            YamlErrorKind::MappingValue(msg)
        } else if msg.contains("did not find expected key")
            || msg.contains("did not find expected '-'")
        {
            YamlErrorKind::Indentation(msg)
        } else if msg.contains("duplicate entry") {
            YamlErrorKind::DuplicateKey(msg)
        } else {
            YamlErrorKind::Other(msg)
        };
        YamlError { line, col, kind }
    }
}

/// Parse one document with serde_yaml (libyaml) only.
pub fn load_general(text: &str) -> Result<Value<'static>, serde_yaml::Error> {
    serde_yaml::from_str::<serde_yaml::Value>(text).map(from_serde)
}

/// serde_yaml's tree as ours (tags looked through).
pub fn from_serde(v: serde_yaml::Value) -> Value<'static> {
    use serde_yaml::Value as S;
    match v {
        S::Null => Value::Null,
        S::Bool(b) => Value::Bool(b),
        S::Number(n) => Value::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        S::String(s) => Value::String(Cow::Owned(s)),
        S::Sequence(s) => Value::Sequence(s.into_iter().map(from_serde).collect()),
        S::Mapping(m) => Value::Mapping(Mapping {
            entries: m
                .into_iter()
                .map(|(k, v)| (from_serde(k), from_serde(v)))
                .collect(),
        }),
        S::Tagged(t) => from_serde(t.value),
    }
}

/// Resolve a plain scalar as serde_yaml does (YAML 1.2 core schema). `None` for integers beyond
/// 64 bits, which serde_yaml handles in its own way: the general parser takes those.
fn resolve_plain(s: &str) -> Option<Value<'_>> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let first = s.as_bytes()[0];
    // A letter never starts a number (Rust's `inf`/`nan` spellings are not finite, so serde_yaml
    // does not take them as floats either).
    if first.is_ascii_alphabetic() || !(first.is_ascii_digit() || b"+-.".contains(&first)) {
        return Some(Value::String(Cow::Borrowed(s)));
    }
    if let Some(u) = unsigned_int(s) {
        return Some(Value::Number(Number::PosInt(u)));
    }
    if let Some(i) = negative_int(s) {
        // `-0` is zero, which serde_yaml stores as a positive number.
        return Some(Value::Number(match u64::try_from(i) {
            Ok(u) => Number::PosInt(u),
            Err(_) => Number::NegInt(i),
        }));
    }
    if looks_like_wide_int(s) {
        return None;
    }
    if !leading_zero_digits(s) {
        if let Some(x) = float(s) {
            return Some(Value::Number(Number::Float(x)));
        }
    }
    Some(Value::String(Cow::Borrowed(s)))
}

/// `0123`, `-007`: digits after a leading zero are text in YAML 1.2.
fn leading_zero_digits(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A radix-prefixed body: digits only (Rust's `from_str_radix` would take a sign we must refuse).
fn radix_body(rest: &str, radix: u32) -> Option<&str> {
    (!rest.is_empty() && rest.chars().all(|c| c.is_digit(radix))).then_some(rest)
}

fn unsigned_int(s: &str) -> Option<u64> {
    let body = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = body.strip_prefix(prefix) {
            if let Some(r) = radix_body(rest, radix) {
                return u64::from_str_radix(r, radix).ok();
            }
        }
    }
    if body.starts_with(['+', '-']) || leading_zero_digits(s) || !is_decimal(body) {
        return None;
    }
    body.parse().ok()
}

fn negative_int(s: &str) -> Option<i64> {
    let body = s.strip_prefix('-')?;
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = body.strip_prefix(prefix) {
            if let Some(r) = radix_body(rest, radix) {
                return i64::from_str_radix(&format!("-{r}"), radix).ok();
            }
        }
    }
    if leading_zero_digits(s) || !is_decimal(body) {
        return None;
    }
    s.parse().ok()
}

fn is_decimal(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An integer that did not fit in 64 bits (serde_yaml reads those as 128-bit numbers).
fn looks_like_wide_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = body.strip_prefix(prefix) {
            return radix_body(rest, radix).is_some();
        }
    }
    is_decimal(body) && !leading_zero_digits(s)
}

fn float(s: &str) -> Option<f64> {
    let body = match s.strip_prefix('+') {
        Some(b) if b.starts_with(['+', '-']) => return None,
        Some(b) => b,
        None => s,
    };
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match s {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    body.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// One line of the document: its indentation and what follows it.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// The block fast path. `None` means "not in the subset": parse with the general parser instead.
pub fn parse_block(doc: &str) -> Option<Value<'_>> {
    let mut lines = Vec::new();
    for raw in doc.split('\n') {
        // Tabs, control characters and a BOM are legal only in places this path does not
        // follow, or are errors: leave them to libyaml.
        if raw.bytes().any(|b| b < 0x20 || b == 0x7f) || (!raw.is_ascii() && !printable(raw)) {
            return None;
        }
        let text = raw.trim_start_matches(' ');
        // Document markers belong to the splitter (`model::parse`); here they would be keys.
        if is_marker(raw, "---") || is_marker(raw, "...") {
            return None;
        }
        lines.push(Line {
            indent: raw.len() - text.len(),
            text,
        });
    }
    let mut p = Block { lines, at: 0 };
    let Some(first) = p.peek() else {
        return Some(Value::Null);
    };
    if first.text.starts_with('%') {
        return None;
    }
    let v = p.node(first.indent, 0)?;
    // Anything left over (a less-indented line after the root) is an error for libyaml.
    p.peek().is_none().then_some(v)
}

/// A document marker (`---` or `...`) at the start of `line`, alone or before a space or tab
/// (YAML 1.2 §9.1.2). `model::parse` splits documents on these; the fast path refuses them.
pub(super) fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// libyaml's printable set, for lines with non-ASCII text, less the characters it also takes as
/// line breaks (NEL, LS, PS: `model::parse` turns those into `\n` first).
fn printable(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
            && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
    })
}

/// Deeper than this, the fast path hands over (serde_yaml then reports its own 128-level limit).
const MAX_DEPTH: usize = 100;

struct Block<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
}

impl<'a> Block<'a> {
    /// The next line with content (skipping blank and comment-only lines), not consumed.
    fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(l) = self.lines.get(self.at) {
            if l.text.is_empty() || l.text.starts_with('#') {
                self.at += 1;
            } else {
                return Some(*l);
            }
        }
        None
    }

    /// The node whose first line is the next line, at `indent`.
    fn node(&mut self, indent: usize, depth: usize) -> Option<Value<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let l = self.peek()?;
        if l.indent != indent {
            return None;
        }
        if is_dash(l.text) {
            self.sequence(indent, depth)
        } else {
            self.mapping(indent, depth)
        }
    }

    /// A block sequence whose dashes stand at `indent`.
    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Value<'a>> {
        let mut items = Vec::new();
        while let Some(l) = self.peek() {
            if l.indent != indent || !is_dash(l.text) {
                if l.indent > indent {
                    return None;
                }
                break;
            }
            // What follows the dash, and its column.
            let after = &l.text[1..];
            let rest = after.trim_start_matches(' ');
            let col = indent + 1 + (after.len() - rest.len());
            if rest.is_empty() || rest.starts_with('#') {
                self.at += 1;
                items.push(self.nested(indent, depth)?);
            } else if is_dash(rest) {
                // `- - a`: nested sequences on one line.
                return None;
            } else if split_key(rest).is_some() {
                // `- key: value` opens a mapping whose keys stand at `col`: read the rest of the
                // dash line as if it were that mapping's first line.
                self.lines[self.at] = Line {
                    indent: col,
                    text: rest,
                };
                items.push(self.mapping(col, depth + 1)?);
            } else {
                self.at += 1;
                items.push(self.inline_scalar(rest, indent)?);
            }
        }
        Some(Value::Sequence(items))
    }

    /// A block mapping whose keys stand at `indent`.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Value<'a>> {
        let mut entries: Vec<(Value<'a>, Value<'a>)> = Vec::new();
        while let Some(l) = self.peek() {
            if l.indent != indent || is_dash(l.text) {
                if l.indent > indent {
                    return None;
                }
                break;
            }
            let (key, rest) = split_key(l.text)?;
            if !valid_plain(key) {
                return None;
            }
            // Keys that resolve to null, booleans or numbers are left to serde_yaml.
            let key = match resolve_plain(key)? {
                k @ Value::String(_) => k,
                _ => return None,
            };
            self.at += 1;
            let value = if rest.is_empty() || rest.starts_with('#') {
                // The value is on the following lines: deeper, or a sequence at this indentation.
                match self.peek() {
                    Some(n) if n.indent > indent => self.node(n.indent, depth + 1)?,
                    Some(n) if n.indent == indent && is_dash(n.text) => {
                        self.sequence(indent, depth + 1)?
                    }
                    _ => Value::Null,
                }
            } else if rest.starts_with('|') {
                self.literal(rest, indent)?
            } else {
                self.inline_scalar(rest, indent)?
            };
            entries.push((key, value));
        }
        if has_duplicate_keys(&entries) {
            return None;
        }
        Some(Value::Mapping(Mapping { entries }))
    }

    /// The value of a `-` or `key:` with nothing after it on its line.
    fn nested(&mut self, indent: usize, depth: usize) -> Option<Value<'a>> {
        match self.peek() {
            Some(n) if n.indent > indent => self.node(n.indent, depth + 1),
            _ => Some(Value::Null),
        }
    }

    /// A scalar (or `{}` / `[]`) that fills the rest of its line. The next line must not continue
    /// it (a multi-line plain scalar is left to libyaml).
    fn inline_scalar(&mut self, rest: &'a str, indent: usize) -> Option<Value<'a>> {
        let v = scalar(rest)?;
        if let Some(n) = self.peek() {
            if n.indent > indent {
                return None;
            }
        }
        Some(v)
    }

    /// A literal block scalar (`|` or `|-`, no indentation indicator).
    fn literal(&mut self, header: &'a str, indent: usize) -> Option<Value<'a>> {
        let keep_last_break = match header.split(" #").next()?.trim_end() {
            "|" => true,
            "|-" => false,
            _ => return None,
        };
        // Content: the following lines indented deeper than the parent, blank lines included.
        let start = self.at;
        let mut content_indent = None;
        let mut end = start;
        while let Some(l) = self.lines.get(end) {
            if l.text.is_empty() {
                // A blank line longer than the content indentation is left to libyaml.
                if content_indent.is_none_or(|ci| l.indent > ci) && l.indent > indent {
                    return None;
                }
                end += 1;
                continue;
            }
            match content_indent {
                None if l.indent > indent => content_indent = Some(l.indent),
                None => break,
                Some(ci) if l.indent < ci => {
                    if l.indent > indent {
                        return None;
                    }
                    break;
                }
                Some(_) => {}
            }
            end += 1;
        }
        let Some(ci) = content_indent else {
            // No content lines: an empty scalar (trailing blank lines belong to nobody).
            return Some(Value::String(Cow::Borrowed("")));
        };
        // Trailing blank lines are chomped (clip and strip both drop them).
        let mut last = end;
        while last > start && self.lines[last - 1].text.is_empty() {
            last -= 1;
        }
        let mut out = String::new();
        for (i, l) in self.lines[start..last].iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !l.text.is_empty() {
                out.extend(std::iter::repeat_n(' ', l.indent - ci));
                out.push_str(l.text);
            }
        }
        // Clip keeps the final line break, if the text has one (the last line of a document
        // without a trailing newline has none).
        if keep_last_break && last < self.lines.len() {
            out.push('\n');
        }
        self.at = last;
        Some(Value::String(Cow::Owned(out)))
    }
}

fn key_str<'k>(v: &'k Value<'_>) -> &'k str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// `-` alone or followed by a space: a sequence entry.
fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` or `key:` at the end of the line. The key is a plain scalar: it ends at the first
/// `:` followed by a space or the end of the line (`f:metadata:` and `k:{"port":80}:` are keys).
fn split_key(text: &str) -> Option<(&str, &str)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b':' if i + 1 == b.len() || b[i + 1] == b' ' => {
                let key = text[..i].trim_end_matches(' ');
                // YAML caps implicit keys at 1024 characters (libyaml counts from the key's start
                // to its `:`); long keys are left to libyaml, which reports them.
                if key.is_empty() || key.contains(" #") || i >= 1000 {
                    return None;
                }
                return Some((key, text[i + 1..].trim_start_matches(' ')));
            }
            _ => i += 1,
        }
    }
    None
}

/// A plain scalar's text may start with these only when a non-space follows (`-1`, `:x`, `?x`).
fn valid_plain(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        None => false,
        Some(b'-' | b'?' | b':') => b.get(1).is_some_and(|&c| c != b' '),
        Some(c) => !b",[]{}#&*!|>'\"%@`".contains(c),
    }
}

/// A scalar filling the rest of a line (after `key: ` or `- `), with an optional comment.
fn scalar(rest: &str) -> Option<Value<'_>> {
    match rest.as_bytes()[0] {
        b'"' => {
            let end = rest[1..].find('"')? + 1;
            let body = &rest[1..end];
            if body.contains('\\') || !only_comment(&rest[end + 1..]) {
                return None;
            }
            Some(Value::String(Cow::Borrowed(body)))
        }
        b'\'' => {
            // `''` is an escaped quote; the scalar ends at a lone `'`.
            let b = rest.as_bytes();
            let mut i = 1;
            let mut escaped = false;
            loop {
                match b.get(i)? {
                    b'\'' if b.get(i + 1) == Some(&b'\'') => {
                        escaped = true;
                        i += 2;
                    }
                    b'\'' => break,
                    _ => i += 1,
                }
            }
            if !only_comment(&rest[i + 1..]) {
                return None;
            }
            let body = &rest[1..i];
            Some(Value::String(if escaped {
                Cow::Owned(body.replace("''", "'"))
            } else {
                Cow::Borrowed(body)
            }))
        }
        _ => {
            let text = match rest.find(" #") {
                Some(i) => &rest[..i],
                None => rest,
            }
            .trim_end_matches(' ');
            match text {
                "{}" => return Some(Value::Mapping(Mapping::default())),
                "[]" => return Some(Value::Sequence(Vec::new())),
                _ => {}
            }
            // `a: b: c` is an error for libyaml; indicators start other node kinds.
            if !valid_plain(text) || text.contains(": ") || text.ends_with(':') {
                return None;
            }
            resolve_plain(text)
        }
    }
}

/// Nothing, or spaces then a comment.
fn only_comment(s: &str) -> bool {
    let t = s.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < s.len())
}

fn has_duplicate_keys(entries: &[(Value<'_>, Value<'_>)]) -> bool {
    if entries.len() <= 16 {
        return entries
            .iter()
            .enumerate()
            .any(|(i, (k, _))| entries[..i].iter().any(|(o, _)| o == k));
    }
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    !entries.iter().all(|(k, _)| seen.insert(key_str(k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_yaml_writes_them() {
        assert_eq!(Number::PosInt(7).to_string(), "7");
        assert_eq!(Number::NegInt(-7).to_string(), "-7");
        assert_eq!(Number::Float(1.5).to_string(), "1.5");
        assert_eq!(Number::Float(f64::INFINITY).to_string(), ".inf");
        assert_eq!(Number::Float(f64::NAN).to_string(), ".nan");
        assert_eq!(Number::PosInt(u64::MAX).as_i64(), None);
    }
}
