//! Finding the `line:column` of a field path in block-style YAML.
//!
//! Neither YAML path records spans: the tree carries no positions. So, to
//! point every diagnostic at its line, we index each document once: one entry per mapping key and
//! per sequence dash, with its indentation. A path such as `spec.ports[1].targetPort` is then walked
//! through that index the way a reader's eye follows the indentation.
//!
//! This covers block style, the form `kubectl get -o yaml` prints and people write, including
//! kubectl's habit of putting a list's dashes at the same indentation as its key. Flow style
//! (`{a: 1}`, `[1, 2]`) and multi-line scalars are not indexed inside: a path that ends there is
//! reported at the deepest enclosing key that was found, which is still the right line or close to it.

use super::diag::Pos;

/// One segment of a field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Dash,
    Key(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    indent: u32,
    kind: Kind,
    /// Lines from the document's first line (0: its first line).
    line: u32,
    col: u32,
}

/// The key/dash index of one YAML document. Its lines count from the document's first line, so
/// the same text moved up or down the input shares its index ([`Locator::moved_to`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locator {
    index: std::sync::Arc<Index>,
    first_line: u32,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Index {
    entries: Vec<Entry>,
    /// `end[i]`: the first entry after `i`'s subtree, so a walk over siblings skips whole subtrees
    /// (a 1 MB `kind: List` has tens of thousands of entries; each lookup stays proportional to
    /// the number of siblings it passes).
    end: Vec<u32>,
    /// Long sequences: each one's first dash → every dash of it, in order, so `items[i]` of a
    /// 1,820-item `kind: List` is one lookup instead of a walk past `i` siblings (that walk, for
    /// every item, made locating a List's objects quadratic).
    seqs: std::collections::HashMap<u32, Vec<u32>>,
    /// Where the document's first non-blank, non-comment line starts (its line relative, as
    /// the entries').
    start: Pos,
}

/// Sequences shorter than this are walked: the table is for the long ones.
const SEQ_TABLE_MIN: usize = 16;

impl Locator {
    /// Index `text`, whose first line is line `first_line` (1-based) of the whole input.
    pub fn new(text: &str, first_line: u32) -> Self {
        let mut entries = Vec::new();
        let mut start: Option<Pos> = None;
        // Inside a block scalar (`key: |`), lines indented deeper than this are content.
        let mut scalar_parent: Option<u32> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i as u32;
            let trimmed = raw.trim_start_matches(' ');
            let indent = (raw.len() - trimmed.len()) as u32;
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(parent) = scalar_parent {
                if indent > parent {
                    continue;
                }
                scalar_parent = None;
            }
            if start.is_none() {
                start = Some(Pos::new(line_no, indent + 1));
            }
            let mut col = indent;
            let mut rest = trimmed;
            // Sequence dashes, possibly several on one line (`- - a`).
            while rest == "-" || rest.starts_with("- ") {
                entries.push(Entry {
                    indent: col,
                    kind: Kind::Dash,
                    line: line_no,
                    col: col + 1,
                });
                let after = rest[1..].trim_start_matches(' ');
                col += (rest.len() - after.len()) as u32;
                rest = after;
            }
            if let Some((key, value)) = split_key(rest) {
                let v = value.trim_start();
                if v.starts_with('|') || v.starts_with('>') {
                    scalar_parent = Some(col);
                }
                entries.push(Entry {
                    indent: col,
                    kind: Kind::Key(key),
                    line: line_no,
                    col: col + 1,
                });
            }
        }
        let end = subtree_ends(&entries);
        let seqs = long_sequences(&entries, &end);
        Locator {
            index: std::sync::Arc::new(Index {
                entries,
                end,
                seqs,
                start: start.unwrap_or(Pos::new(0, 1)),
            }),
            first_line,
        }
    }

    /// The same index for the same text starting at line `first_line` instead.
    pub fn moved_to(&self, first_line: u32) -> Locator {
        Locator {
            index: self.index.clone(),
            first_line,
        }
    }

    /// Whether both are the one index of one parse (the same text, moved or not).
    pub fn shares_index(&self, other: &Locator) -> bool {
        std::sync::Arc::ptr_eq(&self.index, &other.index)
    }

    /// Where the document starts (its first content line).
    pub fn start(&self) -> Pos {
        self.at(self.index.start)
    }

    /// A position of the index (relative line) in the whole input.
    fn at(&self, p: Pos) -> Pos {
        Pos::new(self.first_line.saturating_add(p.line), p.col)
    }

    /// The position of `path`, or of the deepest prefix of it that exists in the text.
    pub fn locate(&self, path: &[Seg<'_>]) -> Pos {
        self.at(self.index.locate(path))
    }
}

impl Index {
    /// Entries at `indent` between `lo` and `hi`, jumping over each one's subtree.
    fn siblings(&self, lo: usize, hi: usize, indent: u32) -> impl Iterator<Item = usize> + '_ {
        let mut i = lo;
        std::iter::from_fn(move || {
            while i < hi {
                let cur = i;
                i = (self.end[cur] as usize).max(cur + 1);
                if self.entries[cur].indent == indent {
                    return Some(cur);
                }
            }
            None
        })
    }

    /// The `n`-th dash among the entries at `indent` between `lo` and `hi`.
    fn nth_dash(&self, lo: usize, hi: usize, indent: u32, n: usize) -> Option<usize> {
        let mut dashes = self
            .siblings(lo, hi, indent)
            .filter(|&i| self.entries[i].kind == Kind::Dash);
        let first = dashes.next()?;
        // A long sequence's dashes follow each other as siblings, so its table holds exactly what
        // the walk would find, as far as the table reaches.
        if let Some(&i) = self.seqs.get(&(first as u32)).and_then(|seq| seq.get(n)) {
            return ((i as usize) < hi).then_some(i as usize);
        }
        if n == 0 {
            return Some(first);
        }
        dashes.nth(n - 1)
    }

    /// The position of `path` (its line relative), or of the deepest prefix of it in the text.
    fn locate(&self, path: &[Seg<'_>]) -> Pos {
        let mut best = self.start;
        let (mut lo, mut hi) = (0usize, self.entries.len());
        for seg in path {
            if lo >= hi {
                break;
            }
            let child_indent = self.entries[lo].indent;
            let found = match *seg {
                Seg::Key(k) => self
                    .siblings(lo, hi, child_indent)
                    .find(|&i| matches!(&self.entries[i].kind, Kind::Key(x) if x == k)),
                Seg::Index(n) => self.nth_dash(lo, hi, child_indent, n),
            };
            let Some(i) = found else { break };
            let e = &self.entries[i];
            best = Pos::new(e.line, e.col);
            lo = i + 1;
            hi = (self.end[i] as usize).min(hi);
        }
        best
    }
}

/// For each entry, the index just past its subtree: deeper entries, and for a key also the dashes
/// at its own indentation (kubectl prints `ports:` and its `- ` items at the same column).
fn subtree_ends(entries: &[Entry]) -> Vec<u32> {
    let n = entries.len();
    let mut end = vec![n as u32; n];
    for i in (0..n).rev() {
        let e = &entries[i];
        let mut j = i + 1;
        while j < n {
            let f = &entries[j];
            let inside = match e.kind {
                Kind::Key(_) => {
                    f.indent > e.indent || (f.indent == e.indent && f.kind == Kind::Dash)
                }
                Kind::Dash => f.indent > e.indent,
            };
            if !inside {
                break;
            }
            j = end[j] as usize;
        }
        end[i] = j as u32;
    }
    end
}

/// Every run of at least [`SEQ_TABLE_MIN`] sibling dashes (each the next one's predecessor
/// subtree-wise), keyed by its first dash.
fn long_sequences(entries: &[Entry], end: &[u32]) -> std::collections::HashMap<u32, Vec<u32>> {
    let mut seqs = std::collections::HashMap::new();
    let mut continues = vec![false; entries.len()];
    for i in 0..entries.len() {
        if entries[i].kind != Kind::Dash || continues[i] {
            continue;
        }
        let indent = entries[i].indent;
        let mut run = vec![i as u32];
        let mut j = end[i] as usize;
        while j < entries.len() && entries[j].kind == Kind::Dash && entries[j].indent == indent {
            continues[j] = true;
            run.push(j as u32);
            j = end[j] as usize;
        }
        if run.len() >= SEQ_TABLE_MIN {
            seqs.insert(i as u32, run);
        }
    }
    seqs
}

/// Split `key: value` (or `key:` at the end of the line); quoted keys are unquoted.
fn split_key(s: &str) -> Option<(String, &str)> {
    if s.starts_with('{') || s.starts_with('[') {
        return None;
    }
    if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = s[1..].find(q)? + 1;
        let after = &s[end + 1..];
        let value = after.strip_prefix(':')?;
        return Some((s[1..end].to_string(), value));
    }
    let bytes = s.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b':'
            && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t')
        {
            return Some((s[..i].trim_end().to_string(), &s[i + 1..]));
        }
        if bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  ports:
  - name: http
    port: 80
  - name: grpc   # second
    port: 81
    targetPort: grpc
  selector:
    app: web
";

    #[test]
    fn finds_keys_and_kubectl_style_lists() {
        let l = Locator::new(DOC, 1);
        assert_eq!(l.locate(&[Seg::Key("kind")]), Pos::new(2, 1));
        assert_eq!(
            l.locate(&[Seg::Key("metadata"), Seg::Key("name")]),
            Pos::new(4, 3)
        );
        assert_eq!(
            l.locate(&[Seg::Key("spec"), Seg::Key("clusterIP")]),
            Pos::new(6, 3)
        );
        assert_eq!(
            l.locate(&[Seg::Key("spec"), Seg::Key("ports"), Seg::Index(0)]),
            Pos::new(8, 3)
        );
        let p = [
            Seg::Key("spec"),
            Seg::Key("ports"),
            Seg::Index(1),
            Seg::Key("targetPort"),
        ];
        assert_eq!(l.locate(&p), Pos::new(12, 5));
        let p = [
            Seg::Key("spec"),
            Seg::Key("ports"),
            Seg::Index(1),
            Seg::Key("name"),
        ];
        assert_eq!(l.locate(&p), Pos::new(10, 5));
        assert_eq!(
            l.locate(&[Seg::Key("spec"), Seg::Key("selector"), Seg::Key("app")]),
            Pos::new(14, 5)
        );
    }

    #[test]
    fn indented_lists_block_scalars_and_offsets() {
        let doc = "# lead comment\nspec:\n  script: |\n    name: not-a-key\n  items:\n    - a: 1\n      b: 2\n    - a: 3\n";
        let l = Locator::new(doc, 10);
        assert_eq!(l.start(), Pos::new(11, 1));
        assert_eq!(
            l.locate(&[Seg::Key("spec"), Seg::Key("name")]),
            Pos::new(11, 1)
        );
        let p = [
            Seg::Key("spec"),
            Seg::Key("items"),
            Seg::Index(1),
            Seg::Key("a"),
        ];
        assert_eq!(l.locate(&p), Pos::new(17, 7));
        let p = [
            Seg::Key("spec"),
            Seg::Key("items"),
            Seg::Index(0),
            Seg::Key("b"),
        ];
        assert_eq!(l.locate(&p), Pos::new(16, 7));
    }

    #[test]
    fn missing_paths_fall_back_to_deepest_prefix() {
        let l = Locator::new(DOC, 1);
        assert_eq!(
            l.locate(&[Seg::Key("spec"), Seg::Key("nope")]),
            Pos::new(5, 1)
        );
        assert_eq!(
            l.locate(&[Seg::Key("spec"), Seg::Key("ports"), Seg::Index(7)]),
            Pos::new(7, 3)
        );
        assert_eq!(Locator::new("", 3).locate(&[Seg::Key("a")]), Pos::new(3, 1));
    }

    #[test]
    fn long_lists_are_found_by_table_as_by_walking() {
        // A kubectl List of 40 items (past the table's threshold), each two lines, with a nested
        // sequence in every item, and a nested long sequence in one.
        let mut doc = String::from("apiVersion: v1\nitems:\n");
        for i in 0..40 {
            doc.push_str(&format!("- kind: Pod\n  ports:\n  - 80\n  - {i}\n"));
        }
        doc.push_str("kind: List\n");
        let l = Locator::new(&doc, 1);
        assert_eq!(l.index.seqs.len(), 1, "only the items list is long");
        for i in 0..40 {
            let item = l.locate(&[Seg::Key("items"), Seg::Index(i)]);
            assert_eq!(item, Pos::new(3 + 4 * i as u32, 1), "items[{i}]");
            let port = l.locate(&[
                Seg::Key("items"),
                Seg::Index(i),
                Seg::Key("ports"),
                Seg::Index(1),
            ]);
            assert_eq!(port, Pos::new(6 + 4 * i as u32, 3), "items[{i}].ports[1]");
        }
        // Past the end: the deepest prefix that exists, as for short lists.
        assert_eq!(
            l.locate(&[Seg::Key("items"), Seg::Index(40)]),
            Pos::new(2, 1)
        );
    }

    #[test]
    fn quoted_keys_and_flow_values() {
        let l = Locator::new("\"metadata\":\n  'name': x\nspec: {a: 1}\n", 1);
        assert_eq!(
            l.locate(&[Seg::Key("metadata"), Seg::Key("name")]),
            Pos::new(2, 3)
        );
        assert_eq!(l.locate(&[Seg::Key("spec"), Seg::Key("a")]), Pos::new(3, 1));
    }
}
