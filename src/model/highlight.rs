//! YAML syntax highlighting, one line at a time, for the manifest editor.
//!
//! Pure and allocation-light: [`spans`] / [`spans_with`] / [`spans_into`] turn one line into
//! [`Span`]s (byte ranges with a [`Tok`]), and a tiny [`LineState`] carries what a line can leave
//! open for the next ones: a literal/folded block scalar (`key: |`), a quoted scalar that spans
//! lines, and `[`/`{` flow collections. It never panics, whatever the input (unicode, tabs,
//! unclosed quotes, megabyte lines): every branch advances by at least one byte and every span
//! boundary sits on an ASCII byte or the end of the line, so on a char boundary.
//!
//! # What gets a span
//!
//! Spans come in order, do not overlap, and cover every byte of the line except whitespace
//! (space, tab, `\r`) *between* tokens: leading indentation, the blanks around `:` and `-`, and
//! trailing blanks never get a span. Whitespace *inside* a quoted string, a plain scalar (`a b c`),
//! a comment or a block-scalar line belongs to that token's span. No span starts or ends on
//! whitespace, except a quoted string's own content (`" a "` is one `Str` span, quotes included).
//!
//! | token        | covers |
//! |--------------|--------|
//! | [`Tok::Key`] | a mapping key: a plain or quoted scalar followed by the `:` indicator (the quotes are part of the span; blanks before the `:` are not) |
//! | [`Tok::Punct`] | the `:` value indicator, the `-` of a block sequence entry, `?`, the flow indicators `[ ] { }` and (inside a flow collection) `,`, and a block scalar header: `\|` or `>` with its chomping/indentation indicators (`\|-`, `>+`, `\|2`) |
//! | [`Tok::Str`] | a quoted scalar (`"…"`, `'…'`, quotes included; an unclosed one runs to the end of the line and on to the next lines), and every content line of a block scalar (from its first to its last non-blank byte) |
//! | [`Tok::Num`] | a plain value that is a YAML 1.2 core-schema number: `42`, `-7`, `+3`, `0o17`, `0x1F`, `1.5`, `.5`, `6.02e23`, `.inf`, `-.Inf`, `.nan` |
//! | [`Tok::Bool`] | `true`/`false` (also `True`, `TRUE`, …), and the YAML 1.1 booleans `yes`/`no`/`on`/`off`/`y`/`n` in the same three casings: Kubernetes reads manifests with go-yaml v2 (sigs.k8s.io/yaml), where they *are* booleans, which is exactly what a user needs to see (`enabled: no`, the "Norway problem") |
//! | [`Tok::Null`] | `null`, `Null`, `NULL`, `~` |
//! | [`Tok::Plain`] | any other plain scalar value, to its end: `nginx:1.25`, `a#b`, `http://x`, `hello world` |
//! | [`Tok::Comment`] | `#` at the start of the line or after whitespace, to the end of the line (trailing blanks excluded); `#` inside a plain scalar (`a#b`) or inside quotes is not a comment |
//! | [`Tok::DocMarker`] | `---` or `...` at column 0 followed by whitespace or the end of the line (what follows, e.g. `--- # c` or `--- !tag`, is tokenized as usual) |
//! | [`Tok::Anchor`], [`Tok::Alias`], [`Tok::Tag`] | `&name`, `*name`, `!tag` / `!!str` / `!<…>`, to the next blank (or flow indicator inside `[…]`/`{…}`) |
//! | [`Tok::Directive`] | a line starting with `%` (`%YAML 1.2`, `%TAG …`), up to a comment |
//!
//! Keys are `Key` whatever they look like (`80: x`, `true: x`); only values get `Num`/`Bool`/`Null`.
//! The highlighter is lexical, not a validator: invalid YAML (`a: b: c`) still gets plausible
//! spans, and problems are reported by [`crate::model::parse`].
//!
//! # Lines and state
//!
//! Lines are what `text.split('\n')` gives (as the editor splits them); a `\r` before the `\n` is
//! whitespace. A block scalar starts after a line whose value is a block header (`key: |`,
//! `- >-`, `--- |`), optionally followed by a comment. Its content is every following line that is
//! blank or indented deeper than the node that owns it: the key's column for `key: |` and
//! `- key: |`, the dash's column for `- |`, the document for `--- |` (there only `---`/`...` end
//! it). The first line indented no deeper ends the block and is highlighted as usual.
//! A quoted scalar left open continues on the next lines (YAML allows multi-line quoted
//! scalars) until its closing quote or a `---`/`...` line. A flow collection left open keeps
//! `,` as punctuation on the next lines; a line at column 0 that starts with a letter, digit or
//! `- ` closes any open flow collection (a forgotten `]` then spoils at most its own block).
//!
//! # Cost
//!
//! [`spans_into`] is one pass over the line's bytes, no allocation except pushing into the caller's
//! `Vec`. [`advance`], the state transition alone, skips the tokenizer for the common line (no
//! `| > " ' [ ] { }` byte, nothing open) and for block-scalar content (indentation only), so
//! [`state_before`] costs one linear scan of the bytes before the line. Measured once by hand (no
//! timed test) on a 100,001-line, 1.7 MB list of 5,000 pods with flow maps, quotes and block
//! scalars, in an *unoptimized debug* build: `state_before` of the last line 22 ms, the spans of
//! every line 33 ms, a memoized [`Checkpoints`] lookup near the end 24 µs; optimized builds are
//! several times faster. When the UI scrolls a window over a huge text, use
//! [`Checkpoints`]: it memoizes the state every `every` lines (default [`CHECKPOINT_EVERY`]), so a
//! window costs at most `every` lines of scanning plus the visible lines; after an edit call
//! [`Checkpoints::invalidate_from`] with the first edited line.

/// What a span of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    Key,
    Punct,
    Str,
    Num,
    Bool,
    Null,
    Plain,
    Comment,
    DocMarker,
    Anchor,
    Alias,
    Tag,
    Directive,
}

impl Tok {
    /// A short CSS-friendly class name (`key`, `punct`, `str`, …).
    pub fn class(self) -> &'static str {
        match self {
            Tok::Key => "key",
            Tok::Punct => "punct",
            Tok::Str => "str",
            Tok::Num => "num",
            Tok::Bool => "bool",
            Tok::Null => "null",
            Tok::Plain => "plain",
            Tok::Comment => "comment",
            Tok::DocMarker => "doc",
            Tok::Anchor => "anchor",
            Tok::Alias => "alias",
            Tok::Tag => "tag",
            Tok::Directive => "directive",
        }
    }
}

/// `line[start..end]` is a `tok`. Byte offsets, always on char boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub tok: Tok,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Normal,
    /// Inside a block scalar whose content lines are indented deeper than `parent`
    /// (-1: the document itself, for `--- |`).
    Block { parent: i64 },
    /// Inside a quoted scalar opened by this quote byte on an earlier line.
    Quoted(u8),
}

/// What one line leaves open for the next: see the module docs. `Default` is the state at the
/// start of a text. Small and `Copy` (16 bytes), so it is cheap to memoize.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LineState {
    mode: Mode,
    flow: u16,
}

impl LineState {
    /// Inside a literal/folded block scalar: the next indented lines are `Str`.
    pub fn in_block_scalar(&self) -> bool {
        matches!(self.mode, Mode::Block { .. })
    }

    /// Inside a quoted scalar left open on an earlier line.
    pub fn in_quoted(&self) -> bool {
        matches!(self.mode, Mode::Quoted(_))
    }

    /// How many `[`/`{` are open (saturating).
    pub fn flow_depth(&self) -> u16 {
        self.flow
    }
}

/// Spans of one line on its own (as the first line of a text, [`LineState::default`]).
pub fn spans(line: &str) -> Vec<Span> {
    spans_with(&mut LineState::default(), line)
}

/// Spans of one line after the lines that left `state`; updates `state` for the next line.
pub fn spans_with(state: &mut LineState, line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    spans_into(state, line, &mut out);
    out
}

/// Like [`spans_with`], writing into a reused `out` (cleared first): no allocation once `out`
/// has grown to the longest line's span count.
pub fn spans_into(state: &mut LineState, line: &str, out: &mut Vec<Span>) {
    out.clear();
    scan(state, line, out);
}

/// The state after `line`, without building spans (what [`state_before`] runs per line).
pub fn advance(state: &mut LineState, line: &str) {
    let b = line.as_bytes();
    match state.mode {
        Mode::Normal if state.flow == 0 && !b.iter().any(|&c| OPENERS[c as usize]) => {
            // Nothing open and nothing that could open: the state cannot change. (A plain line at
            // column 0 only resets flow, which is already 0.)
        }
        Mode::Block { parent } => {
            let indent = indent_of(b);
            let blank = indent == b.len();
            if blank || (!(indent == 0 && is_marker(b)) && indent as i64 > parent) {
                return;
            }
            scan(state, line, &mut Discard);
        }
        _ => scan(state, line, &mut Discard),
    }
}

/// The state at the start of line `line_index` (0-based) of `text`, lines as `text.split('\n')`:
/// one scan of the bytes before that line (see the module docs for the cost). An index past the
/// end gives the state after the last line.
pub fn state_before(text: &str, line_index: usize) -> LineState {
    let mut st = LineState::default();
    for line in text.split('\n').take(line_index) {
        advance(&mut st, line);
    }
    st
}

/// The default checkpoint interval of [`Checkpoints`], in lines.
pub const CHECKPOINT_EVERY: usize = 256;

/// Memoized [`LineState`]s every `every` lines of one text, filled lazily as lines are asked for:
/// [`Checkpoints::state_before`] scans at most `every - 1` lines past the nearest checkpoint at or
/// before the line (plus, the first time, the lines up to it). Memory: 24 bytes per checkpoint
/// (about 10 KB for 100k lines at the default interval).
///
/// The checkpoints belong to one text: after an edit, call [`Checkpoints::invalidate_from`] with
/// the first changed line (or [`Checkpoints::clear`]). Stale checkpoints never panic (an offset
/// that no longer fits the text restarts the scan from the top), they only give stale states.
#[derive(Clone, Debug)]
pub struct Checkpoints {
    every: usize,
    /// `points[k]`: (byte offset of line `k * every`, state before it). `points[0]` is line 0.
    points: Vec<(usize, LineState)>,
}

impl Default for Checkpoints {
    fn default() -> Self {
        Checkpoints::new(CHECKPOINT_EVERY)
    }
}

impl Checkpoints {
    /// Empty checkpoints, one every `every` lines (at least 1).
    pub fn new(every: usize) -> Self {
        Checkpoints {
            every: every.max(1),
            points: vec![(0, LineState::default())],
        }
    }

    /// Forget every checkpoint after `line` (the first line an edit changed).
    pub fn invalidate_from(&mut self, line: usize) {
        // Checkpoint k describes the start of line k * every, which only depends on lines before it.
        let keep = line / self.every + 1;
        self.points.truncate(keep.max(1));
    }

    /// Forget everything (a new text).
    pub fn clear(&mut self) {
        self.points.truncate(1);
    }

    /// The state at the start of `line` of `text` (the same as [`state_before`]), memoizing.
    pub fn state_before(&mut self, text: &str, line: usize) -> LineState {
        let want = line / self.every;
        // Extend the checkpoints up to `want`, from the last one known.
        while self.points.len() <= want {
            let k = self.points.len() - 1;
            let (off, mut st) = self.points[k];
            let Some(rest) = text.get(off..) else {
                self.clear();
                return state_before(text, line);
            };
            let mut off = off;
            let mut lines = rest.split('\n');
            for _ in 0..self.every {
                match lines.next() {
                    Some(l) => {
                        advance(&mut st, l);
                        off += l.len() + 1;
                    }
                    None => return st, // past the end of the text
                }
            }
            if off > text.len() {
                return st;
            }
            self.points.push((off, st));
        }
        let (off, mut st) = self.points[want];
        let Some(rest) = text.get(off..) else {
            self.clear();
            return state_before(text, line);
        };
        for l in rest.split('\n').take(line - want * self.every) {
            advance(&mut st, l);
        }
        st
    }
}

// ---------------------------------------------------------------------------------------------
// The tokenizer.

trait Sink {
    fn push(&mut self, start: usize, end: usize, tok: Tok);
}

impl Sink for Vec<Span> {
    #[inline]
    fn push(&mut self, start: usize, end: usize, tok: Tok) {
        if start < end {
            Vec::push(self, Span { start, end, tok });
        }
    }
}

struct Discard;

impl Sink for Discard {
    #[inline]
    fn push(&mut self, _: usize, _: usize, _: Tok) {}
}

/// Bytes that can open something a later line sees (or close a flow collection).
const OPENERS: [bool; 256] = {
    let mut t = [false; 256];
    let s = b"|>\"'[]{}";
    let mut i = 0;
    while i < s.len() {
        t[s[i] as usize] = true;
        i += 1;
    }
    t
};

#[inline]
fn is_ws(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\r'
}

/// True when `i` is the end of the line or a blank.
#[inline]
fn ws_or_end(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&c| is_ws(c))
}

#[inline]
fn is_flow_ind(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

fn indent_of(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| is_ws(c)).count()
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ws(b[i]) {
        i += 1;
    }
    i
}

/// The end of `b[..n]` without trailing blanks.
fn trim_end(b: &[u8], mut n: usize) -> usize {
    while n > 0 && is_ws(b[n - 1]) {
        n -= 1;
    }
    n
}

/// `---` or `...` followed by a blank or the end of the line.
fn is_marker(b: &[u8]) -> bool {
    (b.starts_with(b"---") || b.starts_with(b"...")) && ws_or_end(b, 3)
}

/// The index of the quote closing a scalar opened by `q`, scanning from `from`.
fn find_close(b: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        let c = b[j];
        if q == b'"' && c == b'\\' {
            j += 2;
            continue;
        }
        if c == q {
            if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return Some(j);
        }
        j += 1;
    }
    None
}

/// The end of an anchor, alias or tag name starting at `i`.
fn name_end(b: &[u8], i: usize, flow: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() && !is_ws(b[j]) && !(flow && is_flow_ind(b[j])) {
        j += 1;
    }
    j
}

/// The end of a comment-free prefix: before the first `#` that follows a blank.
fn before_comment(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() {
        if b[j] == b'#' && (j == 0 || is_ws(b[j - 1])) {
            return j;
        }
        j += 1;
    }
    b.len()
}

fn scan<S: Sink>(st: &mut LineState, line: &str, out: &mut S) {
    let b = line.as_bytes();
    let n = b.len();
    let indent = indent_of(b);
    let blank = indent == n;
    let marker = indent == 0 && is_marker(b);
    let mut i = indent;
    match st.mode {
        Mode::Normal => {}
        Mode::Block { parent } => {
            if blank {
                return;
            }
            if !marker && indent as i64 > parent {
                out.push(indent, trim_end(b, n), Tok::Str);
                return;
            }
            st.mode = Mode::Normal;
        }
        Mode::Quoted(q) => {
            if marker {
                st.mode = Mode::Normal;
            } else if blank {
                return;
            } else {
                match find_close(b, indent, q) {
                    Some(close) => {
                        out.push(indent, close + 1, Tok::Str);
                        st.mode = Mode::Normal;
                        i = close + 1;
                    }
                    None => {
                        out.push(indent, trim_end(b, n), Tok::Str);
                        return;
                    }
                }
            }
        }
    }
    if blank {
        return;
    }
    // The column of the node a block scalar header on this line belongs to.
    let mut owner: Option<i64> = None;
    if marker && i == 0 {
        out.push(0, 3, Tok::DocMarker);
        st.flow = 0;
        owner = Some(-1);
        i = 3;
    } else if i == 0 && b[0] == b'%' {
        let end = before_comment(b, 0);
        out.push(0, trim_end(b, end), Tok::Directive);
        if end < n {
            out.push(end, trim_end(b, n), Tok::Comment);
        }
        return;
    } else if i == 0
        && st.flow > 0
        && (b[0].is_ascii_alphanumeric() || (b[0] == b'-' && ws_or_end(b, 1)))
    {
        st.flow = 0;
    }
    let mut block: Option<i64> = None;
    loop {
        i = skip_ws(b, i);
        if i >= n {
            break;
        }
        let c = b[i];
        let flow = st.flow > 0;
        match c {
            b'#' if i == 0 || is_ws(b[i - 1]) => {
                out.push(i, trim_end(b, n), Tok::Comment);
                break;
            }
            b'-' if !flow && ws_or_end(b, i + 1) => {
                out.push(i, i + 1, Tok::Punct);
                owner = Some(i as i64);
                i += 1;
            }
            b'?' if ws_or_end(b, i + 1) => {
                out.push(i, i + 1, Tok::Punct);
                owner = Some(i as i64);
                i += 1;
            }
            b':' if ws_or_end(b, i + 1) || (flow && is_flow_ind(b[i + 1])) => {
                out.push(i, i + 1, Tok::Punct);
                i += 1;
            }
            b'[' | b'{' => {
                out.push(i, i + 1, Tok::Punct);
                st.flow = st.flow.saturating_add(1);
                i += 1;
            }
            b']' | b'}' => {
                out.push(i, i + 1, Tok::Punct);
                st.flow = st.flow.saturating_sub(1);
                i += 1;
            }
            b',' if flow => {
                out.push(i, i + 1, Tok::Punct);
                i += 1;
            }
            b'|' | b'>' if !flow && block_header_end(b, i).is_some() => {
                let j = block_header_end(b, i).unwrap_or(i + 1);
                out.push(i, j, Tok::Punct);
                let k = skip_ws(b, j);
                if k >= n || b[k] == b'#' {
                    block = Some(owner.unwrap_or(indent as i64 - 1));
                }
                i = j;
            }
            b'&' => {
                let j = name_end(b, i, flow);
                out.push(i, j, Tok::Anchor);
                i = j;
            }
            b'*' => {
                let j = name_end(b, i, flow);
                out.push(i, j, Tok::Alias);
                i = j;
            }
            b'!' => {
                let j = name_end(b, i, flow);
                out.push(i, j, Tok::Tag);
                i = j;
            }
            b'"' | b'\'' => match find_close(b, i + 1, c) {
                Some(close) => {
                    let end = close + 1;
                    let k = skip_ws(b, end);
                    if k < n && b[k] == b':' {
                        // A quoted key; after a quoted scalar `:` needs no blank (`"a":1`, JSON).
                        out.push(i, end, Tok::Key);
                        owner = Some(i as i64);
                        out.push(k, k + 1, Tok::Punct);
                        i = k + 1;
                    } else {
                        out.push(i, end, Tok::Str);
                        i = end;
                    }
                }
                None => {
                    out.push(i, trim_end(b, n), Tok::Str);
                    st.mode = Mode::Quoted(c);
                    return;
                }
            },
            _ => {
                let (end, next, key) = plain_end(b, i, flow);
                if key {
                    out.push(i, end, Tok::Key);
                    owner = Some(i as i64);
                } else {
                    out.push(i, end, scalar_tok(&b[i..end]));
                }
                i = next.max(i + 1);
                // Stay on a char boundary if the scalar was empty (cannot happen, but never panic).
                while i < n && !line.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    if let Some(parent) = block {
        st.mode = Mode::Block { parent };
    }
}

/// The end of a block scalar header (`|`, `>-`, `|+2`) starting at `i`, when what follows is a
/// blank or the end of the line.
fn block_header_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() && j - i <= 2 && (b[j] == b'-' || b[j] == b'+' || b[j].is_ascii_digit()) {
        j += 1;
    }
    ws_or_end(b, j).then_some(j)
}

/// A plain scalar from `i`: (end without trailing blanks, where scanning stopped, is a key).
fn plain_end(b: &[u8], i: usize, flow: bool) -> (usize, usize, bool) {
    let n = b.len();
    let mut j = i;
    let mut end = i;
    while j < n {
        let c = b[j];
        if is_ws(c) {
            if b.get(j + 1) == Some(&b'#') {
                break;
            }
            j += 1;
            continue;
        }
        if c == b':' && j > i && (ws_or_end(b, j + 1) || (flow && is_flow_ind(b[j + 1]))) {
            return (end, j, true);
        }
        if flow && is_flow_ind(c) && j > i {
            break;
        }
        j += 1;
        end = j;
    }
    (end, j, false)
}

/// `Num`, `Bool`, `Null` or `Plain` for a plain value.
fn scalar_tok(s: &[u8]) -> Tok {
    match s {
        b"null" | b"Null" | b"NULL" | b"~" => Tok::Null,
        b"true" | b"True" | b"TRUE" | b"false" | b"False" | b"FALSE" => Tok::Bool,
        // YAML 1.1, as go-yaml v2 (and so kubectl) reads them.
        b"yes" | b"Yes" | b"YES" | b"no" | b"No" | b"NO" | b"on" | b"On" | b"ON" | b"off"
        | b"Off" | b"OFF" | b"y" | b"Y" | b"n" | b"N" => Tok::Bool,
        _ if is_number(s) => Tok::Num,
        _ => Tok::Plain,
    }
}

/// The YAML 1.2 core schema's int and float forms.
fn is_number(s: &[u8]) -> bool {
    let digits = |t: &[u8], f: fn(&u8) -> bool| !t.is_empty() && t.iter().all(f);
    if let Some(h) = s.strip_prefix(b"0x") {
        return digits(h, u8::is_ascii_hexdigit);
    }
    if let Some(o) = s.strip_prefix(b"0o") {
        return digits(o, |c| (b'0'..=b'7').contains(c));
    }
    let t = s
        .strip_prefix(b"-")
        .or_else(|| s.strip_prefix(b"+"))
        .unwrap_or(s);
    if matches!(t, b".inf" | b".Inf" | b".INF") {
        return true;
    }
    if matches!(s, b".nan" | b".NaN" | b".NAN") {
        return true;
    }
    // [0-9]+ ( . [0-9]* )? | . [0-9]+, then ( [eE] [-+]? [0-9]+ )?
    let (mant, exp) = match t.iter().position(|&c| c == b'e' || c == b'E') {
        Some(p) => (&t[..p], Some(&t[p + 1..])),
        None => (t, None),
    };
    let ok_mant = match mant.iter().position(|&c| c == b'.') {
        Some(p) => {
            let (int, frac) = (&mant[..p], &mant[p + 1..]);
            int.iter().all(u8::is_ascii_digit)
                && frac.iter().all(u8::is_ascii_digit)
                && (!int.is_empty() || !frac.is_empty())
        }
        None => digits(mant, u8::is_ascii_digit),
    };
    let ok_exp = exp.is_none_or(|e| {
        let e = e
            .strip_prefix(b"-")
            .or_else(|| e.strip_prefix(b"+"))
            .unwrap_or(e);
        digits(e, u8::is_ascii_digit)
    });
    ok_mant && ok_exp
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tok::*;

    /// The (text, token) pairs of a line in state `st`.
    fn toks<'a>(st: &mut LineState, line: &'a str) -> Vec<(&'a str, Tok)> {
        spans_with(st, line)
            .iter()
            .map(|s| (&line[s.start..s.end], s.tok))
            .collect()
    }

    /// Spans are ordered, on char boundaries, and the gaps between them are whitespace only.
    fn check_cover(line: &str, spans: &[Span]) {
        let mut at = 0;
        for s in spans {
            assert!(
                s.start >= at && s.start < s.end && s.end <= line.len(),
                "{line:?} {spans:?}"
            );
            assert!(line.is_char_boundary(s.start) && line.is_char_boundary(s.end));
            assert!(
                line[at..s.start].bytes().all(is_ws),
                "gap in {line:?}: {spans:?}"
            );
            at = s.end;
        }
        assert!(line[at..].bytes().all(is_ws), "tail of {line:?}: {spans:?}");
    }

    #[test]
    fn line_table() {
        let table: &[(&str, &[(&str, Tok)])] = &[
            (
                "apiVersion: v1",
                &[("apiVersion", Key), (":", Punct), ("v1", Plain)],
            ),
            (
                "- name: x",
                &[("-", Punct), ("name", Key), (":", Punct), ("x", Plain)],
            ),
            (
                "key: \"a: b\"",
                &[("key", Key), (":", Punct), ("\"a: b\"", Str)],
            ),
            ("\"a b\": 1", &[("\"a b\"", Key), (":", Punct), ("1", Num)]),
            (
                "'it''s': 'x'",
                &[("'it''s'", Key), (":", Punct), ("'x'", Str)],
            ),
            (
                "a: b # c",
                &[("a", Key), (":", Punct), ("b", Plain), ("# c", Comment)],
            ),
            ("a: b#c", &[("a", Key), (":", Punct), ("b#c", Plain)]),
            (
                "a: \"b # c\"",
                &[("a", Key), (":", Punct), ("\"b # c\"", Str)],
            ),
            ("# whole line", &[("# whole line", Comment)]),
            ("  # indented", &[("# indented", Comment)]),
            ("port: 80", &[("port", Key), (":", Punct), ("80", Num)]),
            ("x: -1.5e3", &[("x", Key), (":", Punct), ("-1.5e3", Num)]),
            ("x: 0x1F", &[("x", Key), (":", Punct), ("0x1F", Num)]),
            ("x: .inf", &[("x", Key), (":", Punct), (".inf", Num)]),
            ("x: 1.2.3", &[("x", Key), (":", Punct), ("1.2.3", Plain)]),
            (
                "x: 10.96.0.10",
                &[("x", Key), (":", Punct), ("10.96.0.10", Plain)],
            ),
            ("ok: true", &[("ok", Key), (":", Punct), ("true", Bool)]),
            ("ok: no", &[("ok", Key), (":", Punct), ("no", Bool)]),
            ("ok: nope", &[("ok", Key), (":", Punct), ("nope", Plain)]),
            ("v: ~", &[("v", Key), (":", Punct), ("~", Null)]),
            ("v: null", &[("v", Key), (":", Punct), ("null", Null)]),
            (
                "image: nginx:1.25",
                &[("image", Key), (":", Punct), ("nginx:1.25", Plain)],
            ),
            (
                "url: http://x/y",
                &[("url", Key), (":", Punct), ("http://x/y", Plain)],
            ),
            (
                "msg: hello world  ",
                &[("msg", Key), (":", Punct), ("hello world", Plain)],
            ),
            ("key   :   v", &[("key", Key), (":", Punct), ("v", Plain)]),
            ("k:\tv", &[("k", Key), (":", Punct), ("v", Plain)]),
            ("empty:", &[("empty", Key), (":", Punct)]),
            ("---", &[("---", DocMarker)]),
            ("--- # doc", &[("---", DocMarker), ("# doc", Comment)]),
            ("...", &[("...", DocMarker)]),
            ("----", &[("----", Plain)]),
            ("%YAML 1.2", &[("%YAML 1.2", Directive)]),
            ("%TAG ! x # c", &[("%TAG ! x", Directive), ("# c", Comment)]),
            (
                "base: &b {a: 1}",
                &[
                    ("base", Key),
                    (":", Punct),
                    ("&b", Anchor),
                    ("{", Punct),
                    ("a", Key),
                    (":", Punct),
                    ("1", Num),
                    ("}", Punct),
                ],
            ),
            ("<<: *b", &[("<<", Key), (":", Punct), ("*b", Alias)]),
            (
                "n: !!str 42",
                &[("n", Key), (":", Punct), ("!!str", Tag), ("42", Num)],
            ),
            (
                "args: [\"a\", b, 3]",
                &[
                    ("args", Key),
                    (":", Punct),
                    ("[", Punct),
                    ("\"a\"", Str),
                    (",", Punct),
                    ("b", Plain),
                    (",", Punct),
                    ("3", Num),
                    ("]", Punct),
                ],
            ),
            ("x: a, b", &[("x", Key), (":", Punct), ("a, b", Plain)]),
            ("x: b[1]", &[("x", Key), (":", Punct), ("b[1]", Plain)]),
            (
                "{\"a\":\"b\"}",
                &[
                    ("{", Punct),
                    ("\"a\"", Key),
                    (":", Punct),
                    ("\"b\"", Str),
                    ("}", Punct),
                ],
            ),
            ("script: |", &[("script", Key), (":", Punct), ("|", Punct)]),
            (
                "script: >- # folded",
                &[
                    ("script", Key),
                    (":", Punct),
                    (">-", Punct),
                    ("# folded", Comment),
                ],
            ),
            ("- - a", &[("-", Punct), ("-", Punct), ("a", Plain)]),
            ("? complex", &[("?", Punct), ("complex", Plain)]),
            (": value", &[(":", Punct), ("value", Plain)]),
            ("-1", &[("-1", Num)]),
            ("-foo: x", &[("-foo", Key), (":", Punct), ("x", Plain)]),
            (
                "名前: 値 # コメント",
                &[
                    ("名前", Key),
                    (":", Punct),
                    ("値", Plain),
                    ("# コメント", Comment),
                ],
            ),
            ("", &[]),
            ("   \t ", &[]),
        ];
        for (line, want) in table {
            let mut st = LineState::default();
            let got = toks(&mut st, line);
            assert_eq!(got.as_slice(), *want, "{line:?}");
            check_cover(line, &spans(line));
        }
    }

    /// Highlights a whole text line by line: (line, tokens).
    fn doc(text: &str) -> Vec<Vec<(&str, Tok)>> {
        let mut st = LineState::default();
        text.split('\n').map(|l| toks(&mut st, l)).collect()
    }

    #[test]
    fn kubectl_document() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    note: |\n      key: not a key\n      # not a comment\n\n  name: web # the name\n  labels: {app: web}\nspec:\n  clusterIP: None\n  ports:\n  - name: http\n    port: 80\n    protocol: TCP\n    targetPort: \"http\"\n  publishNotReadyAddresses: false\nstatus:\n  loadBalancer: {}\n";
        let got = doc(text);
        assert_eq!(got[4], [("note", Key), (":", Punct), ("|", Punct)]);
        assert_eq!(got[5], [("key: not a key", Str)]);
        assert_eq!(got[6], [("# not a comment", Str)]);
        assert!(got[7].is_empty());
        assert_eq!(
            got[8],
            [
                ("name", Key),
                (":", Punct),
                ("web", Plain),
                ("# the name", Comment)
            ]
        );
        assert_eq!(
            got[9],
            [
                ("labels", Key),
                (":", Punct),
                ("{", Punct),
                ("app", Key),
                (":", Punct),
                ("web", Plain),
                ("}", Punct)
            ]
        );
        assert_eq!(got[11], [("clusterIP", Key), (":", Punct), ("None", Plain)]);
        assert_eq!(
            got[13],
            [("-", Punct), ("name", Key), (":", Punct), ("http", Plain)]
        );
        assert_eq!(got[14], [("port", Key), (":", Punct), ("80", Num)]);
        assert_eq!(
            got[16],
            [("targetPort", Key), (":", Punct), ("\"http\"", Str)]
        );
        assert_eq!(got[17][2], ("false", Bool));
        assert_eq!(
            got[19],
            [
                ("loadBalancer", Key),
                (":", Punct),
                ("{", Punct),
                ("}", Punct)
            ]
        );
        for line in text.split('\n') {
            check_cover(line, &spans(line));
        }
        // The state after the document is back to normal.
        assert_eq!(state_before(text, usize::MAX), LineState::default());
    }

    #[test]
    fn block_scalars() {
        // Ends at the first line indented no deeper than the key.
        let got = doc("a: |\n  x: 1\n   deeper\n\nb: 2");
        assert_eq!(got[1], [("x: 1", Str)]);
        assert_eq!(got[2], [("deeper", Str)]);
        assert_eq!(got[4], [("b", Key), (":", Punct), ("2", Num)]);
        // `- key: |`: the owner is the key's column, so lines at the dash's column + 2 end it.
        let got = doc("- run: |\n    echo hi\n  next: 1\n");
        assert_eq!(got[1], [("echo hi", Str)]);
        assert_eq!(got[2], [("next", Key), (":", Punct), ("1", Num)]);
        // `- |`: the owner is the dash.
        let got = doc("- |\n  text\n- b");
        assert_eq!(got[1], [("text", Str)]);
        assert_eq!(got[2], [("-", Punct), ("b", Plain)]);
        // Folded with indicators, and a comment after the header.
        let got = doc("k: >+2 # c\n    t\nz: 1");
        assert_eq!(got[1], [("t", Str)]);
        assert_eq!(got[2][0], ("z", Key));
        // `--- |`: the document owns it; only a marker ends it.
        let got = doc("--- |\nfoo: bar\n  x\n---\na: 1");
        assert_eq!(got[1], [("foo: bar", Str)]);
        assert_eq!(got[2], [("x", Str)]);
        assert_eq!(got[3], [("---", DocMarker)]);
        assert_eq!(got[4][0], ("a", Key));
        // `|x` is not a header, and a header followed by text does not open a block.
        let got = doc("a: |x\n  b: 1");
        assert_eq!(got[0][2], ("|x", Plain));
        assert_eq!(got[1][0], ("b", Key));
        // A `|` inside a plain scalar is not a header.
        let got = doc("a: x | y\n  b: 1");
        assert_eq!(got[0][2], ("x | y", Plain));
        assert_eq!(got[1][0], ("b", Key));
    }

    #[test]
    fn multi_line_quotes_and_flows() {
        let got = doc("a: \"one\n  two\n  three\" # c\nb: 'x\ny'\nc: 1");
        assert_eq!(got[0], [("a", Key), (":", Punct), ("\"one", Str)]);
        assert_eq!(got[1], [("two", Str)]);
        assert_eq!(got[2], [("three\"", Str), ("# c", Comment)]);
        assert_eq!(got[3], [("b", Key), (":", Punct), ("'x", Str)]);
        assert_eq!(got[4], [("y'", Str)]);
        assert_eq!(got[5][0], ("c", Key));
        // A flow sequence across lines keeps `,` as punctuation.
        let got = doc("a: [1,\n  2,\n  x]\nb: c, d");
        assert_eq!(got[1], [("2", Num), (",", Punct)]);
        assert_eq!(got[2], [("x", Plain), ("]", Punct)]);
        assert_eq!(got[3][2], ("c, d", Plain));
        // A forgotten `]` is forgotten at the next top-level key.
        let got = doc("a: [1,\nb: c, d");
        assert_eq!(got[1][2], ("c, d", Plain));
        // An unclosed quote ends at a document marker.
        let got = doc("a: \"open\n---\nb: 1");
        assert_eq!(got[1], [("---", DocMarker)]);
        assert_eq!(got[2][0], ("b", Key));
    }

    #[test]
    fn state_before_and_checkpoints_agree() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!(
                "- name: p-{i}\n  script: |\n    echo {i}: x\n  args: [\"a\",\n    b]\n  note: \"multi\n    line\"\n"
            ));
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let mut running = LineState::default();
        let mut cp = Checkpoints::new(7);
        let mut cp_default = Checkpoints::default();
        for (i, l) in lines.iter().enumerate() {
            if i % 97 == 0 || i < 20 {
                assert_eq!(state_before(&text, i), running, "line {i}");
            }
            assert_eq!(cp.state_before(&text, i), running, "line {i}");
            assert_eq!(cp_default.state_before(&text, i), running, "line {i}");
            // The fast path agrees with the tokenizer.
            let mut a = running;
            advance(&mut a, l);
            spans_with(&mut running, l);
            assert_eq!(a, running, "line {i}: {l:?}");
        }
        // Random access backwards, invalidation after an edit, and a stale text never panic.
        assert_eq!(cp.state_before(&text, 3), state_before(&text, 3));
        cp.invalidate_from(100);
        assert_eq!(cp.state_before(&text, 1500), state_before(&text, 1500));
        let short = "a: |\n  x";
        let _ = cp.state_before(short, 1500);
        assert!(cp.state_before(short, 1).in_block_scalar());
        assert!(state_before(short, 1).in_block_scalar());
    }

    #[test]
    fn spans_cover_each_line_for_odd_input() {
        let huge = "k: ".to_string() + &"x # y \"z ".repeat(20_000);
        let odd = [
            "\t\tkey:\tvalue\t# c\t",
            "\"unclosed: key",
            "'unclosed",
            "a: \"esc \\\" still\" tail",
            "a: \"ends with backslash\\",
            "\u{feff}bom: 1",
            "ключ: значение #коммент # c",
            "emoji: 🦀🦀 #🦀",
            "[[[[{{{{",
            "]]]]}}}}",
            "- - - - -",
            "-",
            ":",
            "?",
            "|",
            ">",
            "&",
            "*",
            "!",
            "#",
            "%",
            "\"",
            "'",
            ":::: ::: :",
            "a:b:c: d",
            "x: |-9",
            "a\r",
            "a: b\r",
            "  \r",
            "é:é",
            &huge,
        ];
        let mut st = LineState::default();
        for line in odd {
            check_cover(line, &spans(line));
            let got = spans_with(&mut st, line);
            check_cover(line, &got);
        }
        // Every state, every odd line.
        let states = [
            LineState::default(),
            LineState {
                mode: Mode::Block { parent: -1 },
                flow: 0,
            },
            LineState {
                mode: Mode::Block { parent: 3 },
                flow: 2,
            },
            LineState {
                mode: Mode::Quoted(b'"'),
                flow: 0,
            },
            LineState {
                mode: Mode::Quoted(b'\''),
                flow: u16::MAX,
            },
        ];
        for s in states {
            for line in odd {
                let mut st = s;
                check_cover(line, &spans_with(&mut st, line));
                let mut a = s;
                advance(&mut a, line);
                assert_eq!(a, st, "{line:?} from {s:?}");
            }
        }
        // Every prefix of a tricky line (cuts inside multi-byte chars skipped).
        let tricky = "- \"k é\": 'v''w' # ü &a *b !t [1, {c: d}] |- >";
        for end in 0..=tricky.len() {
            if let Some(l) = tricky.get(..end) {
                check_cover(l, &spans(l));
            }
        }
    }

    #[test]
    fn reused_vec_is_cleared() {
        let mut st = LineState::default();
        let mut out = Vec::new();
        spans_into(&mut st, "a: 1", &mut out);
        assert_eq!(out.len(), 3);
        spans_into(&mut st, "", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn numbers() {
        for s in [
            "0", "12", "-3", "+4", "1.", ".5", "1e3", "1E-3", "0o17", "0xff", "-.inf", ".NaN",
        ] {
            assert!(is_number(s.as_bytes()), "{s}");
        }
        for s in [
            "", ".", "-", "e3", "1e", "0x", "0o8", "1_000", "1.2.3", "+.nan", "12a", "--1",
        ] {
            assert!(!is_number(s.as_bytes()), "{s}");
        }
    }
}
