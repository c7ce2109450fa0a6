//! Manifests: from YAML text to typed, located objects and diagnostics.
//!
//! [`parse`] accepts what people write and what `kubectl get -o yaml` prints: several documents
//! separated by `---`, `kind: List` with `items`, and every field kubectl adds (`status`,
//! `managedFields`, `resourceVersion`, ...). It never fails as a whole: each document is parsed on its
//! own, so a syntax error in one leaves the others working, and each problem becomes a
//! [`Diagnostic`] with `line:column`, a field path, a message in the API server's words and a hint.
//!
//! The two passes are: YAML text → a [`yaml::Value`] tree (the block fast path for what kubectl
//! prints, serde_yaml for everything else and for every syntax error, alias and nesting limit), then
//! `apiVersion`/`kind` → the matching converter in [`convert`] (types, unknown fields, validation).
//! [`locate`] turns field paths back into positions.

pub mod convert;
pub mod diag;
pub mod highlight;
pub mod kinds;
pub mod locate;
pub mod names;
pub mod objects;
pub mod yaml;

use std::sync::Arc;

use yaml::Value;

pub use diag::{Diagnostic, Pos, Severity};
pub use locate::{Locator, Seg};
pub use objects::*;

use convert::{ConvertCx, FieldPath};

/// The largest input the playground accepts (2 MiB): far above any real manifest set, and small
/// enough to parse in well under a second in the browser.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// At most this many YAML documents.
pub const MAX_DOCUMENTS: usize = 10_000;

/// The result of parsing: every object that converted cleanly, and every problem found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
    /// One per document, in order: what it converted to, and its locator for finding more paths
    /// later (cross-object lints in `cluster`). [`reparse`] reuses the ones whose text is unchanged.
    docs: Vec<Arc<DocParse>>,
}

/// What one document parsed to, on its own: documents are independent until [`mark_duplicates`]
/// looks across them, so an unchanged document parses to the same, its positions moved by as
/// many lines as its first line moved ([`DocParse::moved_to`]).
#[derive(Debug, PartialEq, Eq)]
struct DocParse {
    first_line: u32,
    text: String,
    /// Its objects, with `origin.doc` as of the parse that made them (re-set when reused).
    objects: Vec<Object>,
    diagnostics: Vec<Diagnostic>,
    locator: Locator,
}

/// One parsed document, held for comparison (see [`Parsed::doc_ref`]): two are equal when they are
/// the same reused document or have the same text and first line. The parse of a document depends
/// on nothing else (its index only sets `origin.doc`), so equal ones gave equal objects.
#[derive(Clone)]
pub struct DocRef(Arc<DocParse>);

impl PartialEq for DocRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.first_line == other.0.first_line && self.0.text == other.0.text)
    }
}

impl Eq for DocRef {}

impl std::fmt::Debug for DocRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DocRef(line {}, {} bytes)",
            self.0.first_line,
            self.0.text.len()
        )
    }
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// How many of this parse's documents were taken from `prev` (by [`reparse`]), at their
    /// own line or moved, rather than parsed again.
    pub fn reused_from(&self, prev: &Parsed) -> usize {
        self.docs
            .iter()
            .filter(|d| prev.docs.iter().any(|p| d.locator.shares_index(&p.locator)))
            .count()
    }

    /// The document an object of this parse came from, as a value that compares equal to another
    /// parse's exactly when both documents have the same text at the same first line, so that
    /// they parse to the same objects and locate every path at the same place.
    pub fn doc_ref(&self, obj: &Origin) -> Option<DocRef> {
        self.docs.get(obj.doc).cloned().map(DocRef)
    }

    /// Position of a field `path` (e.g. `["spec", "serviceName"]`) inside `obj`.
    pub fn locate(&self, obj: &Origin, path: &[&str]) -> Pos {
        let Some(l) = self.docs.get(obj.doc).map(|d| &d.locator) else {
            return obj.pos;
        };
        let mut segs = Vec::with_capacity(path.len() + 2);
        if let Some(i) = obj.item {
            segs.push(Seg::Key("items"));
            segs.push(Seg::Index(i));
        }
        segs.extend(path.iter().map(|k| Seg::Key(k)));
        l.locate(&segs)
    }

    /// Position of the first of `fields` written under `parent` (e.g. `status.podIP`, else
    /// `status.podIPs`); the parent's own position when none is.
    pub fn locate_first(&self, obj: &Origin, parent: &[&str], fields: &[&str]) -> Pos {
        let at_parent = self.locate(obj, parent);
        fields
            .iter()
            .map(|f| {
                let path: Vec<&str> = parent.iter().copied().chain([*f]).collect();
                self.locate(obj, &path)
            })
            .find(|&at| at != at_parent)
            .unwrap_or(at_parent)
    }
}

/// One YAML document of the input: its text (markers blanked out) and first line number.
struct Document {
    text: String,
    first_line: u32,
}

/// Split on `---` document markers and `...` end markers at the start of a line (YAML 1.2 §9.1.2:
/// at column 0 they always end the current document, even inside a block scalar).
fn split_documents(input: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    let mut first_line = 1u32;
    let mut ended = false;
    for (i, line) in input.split('\n').enumerate() {
        let line_no = i as u32 + 1;
        // `parse` has turned every line break into `\n`, so no `\r` ends a marker line.
        let is_marker = |m: &str| yaml::is_marker(line, m);
        if is_marker("---") {
            if !cur.trim().is_empty() || !ended {
                docs.push(Document {
                    text: std::mem::take(&mut cur),
                    first_line,
                });
            }
            cur.clear();
            ended = false;
            first_line = line_no;
            // Keep what follows the marker on its line (`--- {a: 1}`), columns preserved.
            cur.push_str("   ");
            cur.push_str(&line[3..]);
            cur.push('\n');
            continue;
        }
        if is_marker("...") {
            docs.push(Document {
                text: std::mem::take(&mut cur),
                first_line,
            });
            ended = true;
            first_line = line_no + 1;
            continue;
        }
        if ended {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                first_line = line_no + 1;
                continue;
            }
            ended = false;
            first_line = line_no;
        }
        cur.push_str(line);
        cur.push('\n');
    }
    if !cur.trim().is_empty() {
        docs.push(Document {
            text: cur,
            first_line,
        });
    }
    docs.retain(|d| {
        d.text
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    });
    docs
}

/// Parse manifests. Never panics, whatever the input.
pub fn parse(input: &str) -> Parsed {
    reparse(input, &Parsed::default())
}

/// Parse manifests after an edit: the same result as [`parse`], but each document whose text
/// equals one in `prev` is taken from it instead of being parsed again: as it is when it starts at
/// the same line, with its positions moved when lines were added or removed above it (in a
/// 150-document manifest, an edit to one replica count, or a line typed into the first
/// document, re-parses one document). `tests/incremental.rs` checks it against [`parse`] over
/// random edit sequences.
pub fn reparse(input: &str, prev: &Parsed) -> Parsed {
    let mut out = Parsed::default();
    if input.len() > MAX_INPUT_BYTES {
        out.diagnostics.push(
            Diagnostic::error(Pos::new(1, 1), "", format!("the input is {} bytes; the playground reads at most {} bytes (2 MiB)", input.len(), MAX_INPUT_BYTES))
                .with_hint("keep only the objects that matter for DNS: Services, StatefulSets, Deployments, Pods, EndpointSlices, Namespaces"),
        );
        return out;
    }
    let input = normalize_line_breaks(input);
    let docs = split_documents(&input);
    if docs.len() > MAX_DOCUMENTS {
        out.diagnostics.push(Diagnostic::error(
            Pos::new(1, 1),
            "",
            format!(
                "the input has {} YAML documents; the playground reads at most {MAX_DOCUMENTS}",
                docs.len()
            ),
        ));
        return out;
    }
    // By text: a document at the same line is taken as it is, one that moved is taken with its
    // positions moved (its text parses to the same objects wherever it starts).
    let mut known: std::collections::HashMap<&str, Vec<&Arc<DocParse>>> = Default::default();
    for d in &prev.docs {
        known.entry(d.text.as_str()).or_default().push(d);
    }
    for (doc_index, doc) in docs.into_iter().enumerate() {
        let same = known.get(doc.text.as_str());
        let at_line = same.and_then(|v| v.iter().find(|d| d.first_line == doc.first_line));
        let piece = match (at_line, same.and_then(|v| v.first())) {
            (Some(&d), _) => d.clone(),
            (None, Some(&d)) => Arc::new(d.moved_to(doc.first_line, doc_index)),
            (None, None) => Arc::new(parse_document(doc, doc_index)),
        };
        out.objects.extend(piece.objects.iter().map(|o| {
            let mut o = o.clone();
            o.origin.doc = doc_index;
            o
        }));
        out.diagnostics.extend(piece.diagnostics.iter().cloned());
        out.docs.push(piece);
    }
    mark_duplicates(&mut out);
    diag::sort(&mut out.diagnostics);
    out
}

/// YAML (and libyaml, under serde_yaml) ends a line at `\r`, `\n`, `\r\n`, NEL, LS and PS; editors and
/// our line numbers count `\n`. Old-Mac `\r` endings or a stray U+2028 would otherwise shift every
/// reported line after them, so each lone break becomes `\n` (a `\r\n` pair stays one break).
fn normalize_line_breaks(input: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !input.contains(odd) {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if odd(c) => out.push('\n'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl DocParse {
    /// This parse for the same text starting at line `first_line`, as document `doc_index`:
    /// every position moves by the same number of lines (columns stay), and the key index is
    /// shared.
    fn moved_to(&self, first_line: u32, doc_index: usize) -> DocParse {
        let by = i64::from(first_line) - i64::from(self.first_line);
        DocParse {
            first_line,
            text: self.text.clone(),
            objects: self
                .objects
                .iter()
                .map(|o| {
                    let mut o = o.clone();
                    o.move_lines(by);
                    o.origin.doc = doc_index;
                    o
                })
                .collect(),
            diagnostics: self
                .diagnostics
                .iter()
                .map(|d| {
                    let mut d = d.clone();
                    d.move_lines(by);
                    d
                })
                .collect(),
            locator: self.locator.moved_to(first_line),
        }
    }
}

/// Parse one document on its own (`doc_index` goes into its objects' origins).
fn parse_document(doc: Document, doc_index: usize) -> DocParse {
    let locator = Locator::new(&doc.text, doc.first_line);
    let mut objects = Vec::new();
    let mut diagnostics = Vec::new();
    convert_document(&doc, doc_index, &locator, &mut objects, &mut diagnostics);
    DocParse {
        first_line: doc.first_line,
        text: doc.text,
        objects,
        diagnostics,
        locator,
    }
}

fn convert_document(
    doc: &Document,
    doc_index: usize,
    loc: &Locator,
    objects: &mut Vec<Object>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let value: Value = match yaml::load(&doc.text) {
        Ok(v) => v,
        Err(e) => {
            diagnostics.push(syntax_error(&e, doc));
            return;
        }
    };
    let mut cx = ConvertCx {
        loc,
        diags: diagnostics,
        text: &doc.text,
        first_line: doc.first_line,
    };
    let start = loc.start();
    let top = match &value {
        Value::Null => return,
        Value::Mapping(m) => m,
        other => {
            cx.push(Diagnostic::error(start, "", format!("a Kubernetes object must be a mapping (apiVersion, kind, metadata, ...), found {}", convert::type_name(other))));
            return;
        }
    };
    let kind = cx.string(top, "kind", &FieldPath::ROOT);
    let api = cx.string(top, "apiVersion", &FieldPath::ROOT);
    if kind.as_deref() == Some("List")
        || kind
            .as_deref()
            .is_some_and(|k| k.ends_with("List") && top.contains_key("items"))
    {
        cx.check_fields(
            top,
            &FieldPath::ROOT,
            &["apiVersion", "kind", "metadata", "items"],
        );
        let items_p = FieldPath::ROOT.key("items");
        let items = cx.seq(top, "items", &FieldPath::ROOT);
        for (i, item) in items.iter().enumerate() {
            let pi = items_p.idx(i);
            let origin = Origin {
                doc: doc_index,
                item: Some(i),
                pos: cx.pos(&pi),
            };
            let Some(m) = cx.map(item, &pi) else { continue };
            let kind = cx.string(m, "kind", &pi);
            let api = cx.string(m, "apiVersion", &pi);
            if let Some(o) = convert_object(&mut cx, m, &pi, api, kind, origin) {
                objects.push(o);
            }
        }
        return;
    }
    let origin = Origin {
        doc: doc_index,
        item: None,
        pos: start,
    };
    if let Some(o) = convert_object(&mut cx, top, &FieldPath::ROOT, api, kind, origin) {
        objects.push(o);
    }
}

/// The API groups/versions each simulated kind is served at (v1.33).
fn expected_api(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Service" | "Pod" | "Endpoints" | "Namespace" | "ReplicationController" | "Node" => "v1",
        "StatefulSet" | "Deployment" | "ReplicaSet" | "DaemonSet" => "apps/v1",
        "Job" | "CronJob" => "batch/v1",
        "EndpointSlice" => "discovery.k8s.io/v1",
        _ => return None,
    })
}

fn convert_object(
    cx: &mut ConvertCx,
    m: &yaml::Mapping,
    p: &FieldPath,
    api: Option<String>,
    kind: Option<String>,
    origin: Origin,
) -> Option<Object> {
    let Some(kind) = kind else {
        cx.error(
            &p.key("kind"),
            "Required value: every object needs a `kind` (Service, StatefulSet, Pod, ...)",
        );
        return None;
    };
    let Some(api) = api else {
        let d = cx.error(
            &p.key("apiVersion"),
            "Required value: every object needs an `apiVersion`",
        );
        if let Some(e) = expected_api(&kind) {
            d.hint = Some(format!("a {kind} is `apiVersion: {e}`"));
        }
        return None;
    };
    if let Some(expected) = expected_api(&kind) {
        if api != expected {
            cx.error(
                &p.key("apiVersion"),
                format!("no matches for kind \"{kind}\" in version \"{api}\""),
            )
            .hint = Some(format!(
                "current clusters serve {kind} as `apiVersion: {expected}`"
            ));
            return None;
        }
    }
    if let kinds::KindCheck::Unknown { near, elsewhere } = kinds::check(&api, &kind) {
        unknown_kind(cx, p, &api, &kind, near, elsewhere);
        return None;
    }
    let kind_obj = match kind.as_str() {
        "Service" | "StatefulSet" | "Deployment" | "Pod" | "Namespace" => {
            cx.check_fields(m, p, convert::TOP);
            match kind.as_str() {
                "Service" => ObjectKind::Service(convert::service(cx, m, p)?),
                "StatefulSet" => ObjectKind::StatefulSet(convert::statefulset(cx, m, p)?),
                "Deployment" => ObjectKind::Deployment(convert::deployment(cx, m, p)?),
                "Pod" => ObjectKind::Pod(convert::pod(cx, m, p)?),
                _ => ObjectKind::Namespace(convert::namespace(cx, m, p)?),
            }
        }
        "Endpoints" => {
            let (slices, meta) = convert::endpoints(cx, m, p)?;
            ObjectKind::Endpoints(slices, meta)
        }
        "EndpointSlice" => ObjectKind::EndpointSlice(convert::endpoint_slice(cx, m, p)?),
        "ReplicaSet" | "ReplicationController" | "DaemonSet" | "Job" | "Node" => {
            cx.check_fields(m, p, convert::TOP);
            let extra = match kind.as_str() {
                "ReplicaSet" => Extra::ReplicaSet(convert::replicaset(cx, m, p)?),
                "ReplicationController" => {
                    Extra::ReplicationController(convert::replication_controller(cx, m, p)?)
                }
                "DaemonSet" => Extra::DaemonSet(convert::daemonset(cx, m, p)?),
                "Job" => Extra::Job(convert::job(cx, m, p)?),
                _ => Extra::Node(convert::node(cx, m, p)?),
            };
            let (name, namespace) = match &extra {
                Extra::ReplicaSet(r) | Extra::ReplicationController(r) => {
                    (r.meta.name.clone(), Some(r.meta.namespace.clone()))
                }
                Extra::DaemonSet(d) => (d.meta.name.clone(), Some(d.meta.namespace.clone())),
                Extra::Job(j) => (j.meta.name.clone(), Some(j.meta.namespace.clone())),
                Extra::Node(n) => (n.name.clone(), None),
                Extra::CoreDnsConfig(c) => (c.meta.name.clone(), Some(c.meta.namespace.clone())),
            };
            ObjectKind::Other {
                api_version: api,
                kind,
                name,
                namespace,
                extra: Some(Box::new(extra)),
            }
        }
        _ => {
            let pm = p.key("metadata");
            let (name, namespace) = match cx.map_field(m, "metadata", p) {
                Some(meta) => (
                    cx.string(meta, "name", &pm).unwrap_or_default(),
                    cx.string(meta, "namespace", &pm),
                ),
                None => (String::new(), None),
            };
            if kind == "ConfigMap"
                && name == "coredns"
                && namespace.as_deref() == Some("kube-system")
            {
                // CoreDNS's own ConfigMap: its Corefile configures the simulated server.
                let c = convert::coredns_config(cx, m, p, name.clone(), "kube-system".into());
                return Some(Object {
                    origin,
                    kind: ObjectKind::Other {
                        api_version: api,
                        kind,
                        name,
                        namespace,
                        extra: Some(Box::new(Extra::CoreDnsConfig(c))),
                    },
                });
            }
            let pos = cx.pos(&p.key("kind"));
            let what = if name.is_empty() {
                kind.clone()
            } else {
                format!("{kind} {name}")
            };
            cx.push(Diagnostic::info(
                pos,
                "kind",
                format!(
                    "{what} is kept but not simulated: {}",
                    not_simulated_because(&api, &kind)
                ),
            ));
            ObjectKind::Other {
                api_version: api,
                kind,
                name,
                namespace,
                extra: None,
            }
        }
    };
    Some(Object {
        origin,
        kind: kind_obj,
    })
}

/// kubectl's refusal of a kind its apiVersion does not serve (the RESTMapper's `NoKindMatchError`):
/// at `kind:` with the closest served kind, or at `apiVersion:` when the kind lives elsewhere.
fn unknown_kind(
    cx: &mut ConvertCx,
    p: &FieldPath,
    api: &str,
    kind: &str,
    near: Option<&str>,
    elsewhere: Option<&str>,
) {
    let message = format!("no matches for kind \"{kind}\" in version \"{api}\"");
    let hint = match (near, elsewhere) {
        (_, Some(v)) => {
            cx.error(&p.key("apiVersion"), message).hint =
                Some(format!("a {kind} is `apiVersion: {v}`"));
            return;
        }
        (Some(n), None) => format!("did you mean `{n}`?"),
        (None, None) => format!(
            "{api} has no kind {kind}; a custom resource needs its own apiVersion (group/version)"
        ),
    };
    cx.error(&p.key("kind"), message).hint = Some(hint);
}

/// Whether a kept, unsimulated kind could change DNS in a real cluster, in one clause.
fn not_simulated_because(api: &str, kind: &str) -> &'static str {
    match kind {
        "CronJob" => "it makes pods only when its schedule fires; paste the Jobs it made to simulate them",
        "ConfigMap" => "a ConfigMap changes DNS only when it is CoreDNS's own (`coredns` in namespace kube-system), whose Corefile the playground reads",
        "NetworkPolicy" => "a NetworkPolicy can block traffic, including queries to CoreDNS on port 53, but it does not change what CoreDNS answers",
        "HorizontalPodAutoscaler" => "it changes a workload's replicas over time, and with them a headless Service's answers; set `replicas` to simulate a given count",
        "Ingress" | "Gateway" | "HTTPRoute" => "it routes traffic from outside the cluster; cluster DNS does not serve its hosts",
        _ if kinds::is_built_in(api) => "it does not change what DNS answers",
        _ => "a custom resource: if an operator turns it into Pods and Services, paste those to simulate them",
    }
}

fn syntax_error(e: &yaml::YamlError, doc: &Document) -> Diagnostic {
    use yaml::YamlErrorKind as K;
    let (mut line, mut col) = (doc.first_line + e.line - 1, e.col);
    // "Unexpected end of input" sits after the last line: point at the end of that line instead.
    let text = doc.text.strip_suffix('\n').unwrap_or(&doc.text);
    let last = doc.first_line + text.matches('\n').count() as u32;
    if line > last {
        line = last;
        col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    }
    // State the limits behind the parser's terse guard messages.
    let (msg, hint) = match &e.kind {
        K::AliasLimit => (
            "its aliases (*name) expand this document past 100 times its written size, the limit that guards against alias bombs",
            Some("write the repeated parts out instead of using aliases; Kubernetes objects rarely need them"),
        ),
        K::DepthLimit => (
            "the document nests deeper than 128 levels, the parser's limit",
            Some("no Kubernetes object nests this deep: look for unclosed `[` or `{`"),
        ),
        K::Tab(m) => (
            m.as_str(),
            Some("YAML does not allow tab characters for indentation: indent with spaces"),
        ),
        K::MappingValue(m) => (
            m.as_str(),
            Some("a value that contains `: ` must be quoted, or a key is indented at the wrong level"),
        ),
        K::Indentation(m) => (
            m.as_str(),
            Some("check the indentation of this line against the lines above it"),
        ),
        K::DuplicateKey(m) => (m.as_str(), Some("each key may appear only once in a mapping")),
        K::Other(m) => (m.as_str(), None),
    };
    let d = Diagnostic::error(
        Pos::new(line, col.max(1)),
        "",
        format!("YAML syntax error: {msg}"),
    );
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The same kind/namespace/name twice: `kubectl apply` applies both in order, so the later one wins.
fn mark_duplicates(out: &mut Parsed) {
    let mut seen: std::collections::HashMap<(String, Option<String>, String), usize> =
        Default::default();
    let mut drop = Vec::new();
    for (i, o) in out.objects.iter().enumerate() {
        if !o.is_simulated() {
            continue;
        }
        let (ns, name) = o.key();
        let k = (
            o.kind_name().to_string(),
            ns.map(str::to_string),
            name.to_string(),
        );
        if let Some(prev) = seen.insert(k, i) {
            let first = out.locate(&out.objects[prev].origin, &["metadata", "name"]);
            let here = out.locate(&o.origin, &["metadata", "name"]);
            out.diagnostics.push(
                Diagnostic::warning(here, "metadata.name", format!("{} is defined twice; like `kubectl apply`, the later definition replaces the one at line {}", o.display_name(), first.line))
                    .with_related(first, "first definition"),
            );
            drop.push(prev);
        }
    }
    crate::sort::sort(&mut drop);
    for i in drop.into_iter().rev() {
        out.objects.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_carriage_returns_and_unicode_breaks_count_as_lines() {
        // The unclosed `[` is reported at the same line whichever break ends the lines.
        let at = |br: &str| {
            let text = ["a: 1", "b: 2", "c: 3", "d: [", "e: 5"].join(br);
            let p = parse(&text);
            p.diagnostics.first().expect("a syntax error").line
        };
        let expected = at("\n");
        assert!((4..=5).contains(&expected), "line {expected}");
        for br in ["\r\n", "\r", "\u{2028}", "\u{2029}", "\u{85}"] {
            assert_eq!(at(br), expected, "{br:?}");
        }
    }

    #[test]
    fn seed_parses_cleanly() {
        let p = parse(crate::scenarios::SEED.yaml);
        assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
        let names: Vec<String> = p.objects.iter().map(|o| o.display_name()).collect();
        assert_eq!(
            names,
            [
                "Service default/test-headful",
                "Service default/test-headless",
                "Pod default/test-1",
                "Pod default/test-2",
                "Pod default/test-3"
            ]
        );
    }

    #[test]
    fn documents_split_with_line_numbers() {
        let docs = split_documents("a: 1\n---\nb: 2\n--- # c\n\n---\n...\nc: 3\n");
        let v: Vec<(u32, &str)> = docs.iter().map(|d| (d.first_line, d.text.trim())).collect();
        assert_eq!(v, [(1, "a: 1"), (2, "b: 2"), (8, "c: 3")]);
    }
}
