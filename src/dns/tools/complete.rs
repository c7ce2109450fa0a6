//! Tab completion for the pod terminal: which words can follow what is typed, computed from the
//! simulated [`Cluster`] (no DNS query, no UI types).
//!
//! [`complete`] takes the line, the cursor and a [`CompleteCx`]; the word being completed is the
//! part of the word under the cursor that lies *before* it (as readline does): it starts after the
//! last unquoted, unescaped blank before the cursor and ends at the cursor, so the text after the
//! cursor is never touched. Quotes and backslashes in that word are read as the shell reads them
//! ([`super::split_words`]), so `dig "test-h` completes `test-h`; the replacement drops the quote
//! (no candidate needs quoting). Prefixes match ASCII-case-insensitively; candidates keep their own
//! spelling (`srv` → `SRV`).
//!
//! # What completes where
//!
//! * **First word**: the shell's commands, `cat clear dig help host hostname kubectl nslookup`
//!   (what [`super::run_command_in`] runs with a context, plus `clear`, which the terminal handles).
//! * **`dig`**: a word starting with `+`: every `+option` dig accepts ([`super::dig`]'s table),
//!   `=` appended to the valued ones (`+ndots=`, `+retry=`, `+tries=`, `+timeout=`), and, once the
//!   word starts with `+n`, the `+no…` forms of the others; `-`: `-4 -6 -c -p -q -t -x`; `@`:
//!   the kube-dns Service IP and the CoreDNS pods' IPs. After `-t` (or `-tS…` attached): record
//!   types; after `-x`: pod and Service IPs; after `-q`: DNS names; after `-c`: `IN`; after
//!   `-p`: `53`. Any other word: record types and DNS names.
//! * **`host`**: `-` (before the name): `-4 -6 -a -d -N -p -r -R -t -T -v -W`; after `-t`
//!   (or attached): record types; the first argument: DNS names; the second: server IPs.
//! * **`nslookup`**: `-`: `-type= -query= -search -nosearch -recurse -norecurse -retry= -port=
//!   -timeout= -debug -nodebug`; `-type=S…` (and `-ty= -query= -qu= -q= -querytype=`): record
//!   types after the `=`; the first argument: DNS names; the second: server IPs.
//! * **DNS names** (from the client's namespace `N`, zone `Z`), for every Service `S` in namespace
//!   `NS`: `S` (only when `NS` is `N`), `S.NS`, `S.NS.svc.Z`; for every ready endpoint of `S`
//!   with a hostname `H` (StatefulSet pods, `hostname`+`subdomain`): `H.S` (only in `N`), `H.S.NS`,
//!   `H.S.NS.svc.Z`; for every named port `P`/protocol `T` of `S`: `_P._t.S.NS.svc.Z` (SRV).
//!   A word with dots simply narrows these (`test-0.test-headful.` → the two longer forms).
//! * **`kubectl`**: the first argument: `get`, `describe`. Then a word starting with `-`: `-A -l
//!   -n -o --all-namespaces --namespace= --no-headers --output= --selector= --show-labels` (for
//!   `describe`, without the output ones); after `-n`/`--namespace` (or `--namespace=`, `-nX`):
//!   namespaces; after `-o`/`--output` (`--output=`, `-oX`): `json name wide yaml`; after
//!   `-l`/`--selector` (`--selector=`): the `key=value` labels of the pods in scope. The first
//!   positional word: resource types and aliases as kubectl.rs accepts them (`all deploy
//!   deployment deployments endpoints endpointslice endpointslices ep namespace namespaces ns po
//!   pod pods replicaset replicasets rs service services statefulset statefulsets sts svc`; the
//!   `.apps`/`.discovery.k8s.io` spellings are accepted by kubectl but not offered; `describe`:
//!   the same without `all`, `namespace(s)`/`ns` and `replicaset(s)`/`rs`), after a `,` the next type of a list (`svc,e` → `svc,ep`…), after a
//!   `/` the objects of that type (`svc/NAME`). Later positional words: the names of the objects
//!   of the listed types in the `-n` namespace, else the client's (every namespace with `-A`).
//!   StatefulSets, Deployments and ReplicaSets are the ones kubectl lists: from the pods' owners,
//!   plus the manifests' StatefulSets and Deployments when [`CompleteCx::parsed`] is given.
//! * **`cat`**: `/etc/resolv.conf`. `hostname`, `help`, `clear` and unknown commands: nothing.
//!
//! # Result and cost
//!
//! Candidates are sorted (byte order) and deduplicated; at most [`MAX_CANDIDATES`] are kept, and
//! [`Completion::more`] counts the others. [`Completion::common`] is the longest common prefix of
//! *all* matching candidates (not only the kept ones), what Tab inserts; [`Completion::apply`]
//! does the insertion. One call is linear in the line and in the cluster's Services, endpoints and
//! pods, plus sorting the matches; non-matching names are built in one reused buffer, so only
//! matches allocate. Measured once by hand (no timed test) with a 5,000-pod headless StatefulSet,
//! in an *unoptimized debug* build: `dig ` (15,026 matches, the worst case) and `dig web-12`
//! (333 matches) together 13 ms.

use super::kubectl::{endpointslice_names, has_endpoint_objects, Kind};
use crate::cluster::{Cluster, Owner};
use crate::model::{ObjectKind, Parsed};

/// The most candidates a [`Completion`] lists.
pub const MAX_CANDIDATES: usize = 50;

/// What completion reads: the cluster and the client pod's namespace (kubectl's default namespace
/// and the DNS search domain), optionally the manifests (for StatefulSets and Deployments that
/// have no pods).
#[derive(Clone, Copy, Debug)]
pub struct CompleteCx<'a> {
    pub cluster: &'a Cluster,
    pub namespace: &'a str,
    pub parsed: Option<&'a Parsed>,
}

impl<'a> CompleteCx<'a> {
    pub fn new(cluster: &'a Cluster, namespace: &'a str) -> Self {
        CompleteCx {
            cluster,
            namespace,
            parsed: None,
        }
    }

    /// The same context with the manifests the cluster was built from.
    pub fn with_parsed(mut self, parsed: &'a Parsed) -> Self {
        self.parsed = Some(parsed);
        self
    }
}

/// The completions of the word before the cursor: `line[start..end]` is what they replace.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Completion {
    /// Byte offset where the word being completed starts (at a quote if it opens with one).
    pub start: usize,
    /// Byte offset where it ends: the (clamped) cursor.
    pub end: usize,
    /// Sorted, deduplicated, at most [`MAX_CANDIDATES`].
    pub candidates: Vec<String>,
    /// How many more candidates matched than are listed.
    pub more: usize,
    /// The longest common prefix of every matching candidate (empty when none matched), or the
    /// typed word itself when candidates differ in case before its end: what Tab inserts in place
    /// of `line[start..end]`.
    pub common: String,
}

impl Completion {
    /// True when nothing matched.
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// The total number of matching candidates.
    pub fn total(&self) -> usize {
        self.candidates.len() + self.more
    }

    /// What Tab does to `line` (the same line [`complete`] saw): `line[start..end]` becomes
    /// [`Completion::common`], and when exactly one candidate matched (and it does not end in
    /// `=` or `/`, which ask for more) a blank follows it: appended at the end of the line,
    /// skipped over when one is already there, none when the cursor was inside a word. Returns the
    /// new line and the new cursor (a byte offset). Nothing matched: the line and `end`, unchanged.
    pub fn apply(&self, line: &str) -> (String, usize) {
        let (start, end) = (self.start, self.end);
        if self.candidates.is_empty()
            || start > end
            || end > line.len()
            || !line.is_char_boundary(start)
            || !line.is_char_boundary(end)
        {
            return (line.to_string(), end.min(line.len()));
        }
        let rest = &line[end..];
        let mut out = String::with_capacity(line.len() + self.common.len() + 1);
        out.push_str(&line[..start]);
        out.push_str(&self.common);
        let mut cursor = out.len();
        let unique = self.total() == 1 && !self.common.ends_with(['=', '/']);
        if unique {
            if rest.is_empty() {
                out.push(' ');
                cursor += 1;
            } else if rest.starts_with(char::is_whitespace) {
                cursor += rest.chars().next().map_or(0, char::len_utf8);
            }
        }
        out.push_str(rest);
        (out, cursor)
    }
}

/// Completes the word before `cursor` (a byte offset into `line`; past the end means the end, inside
/// a character means before it). See the module docs for what completes where.
pub fn complete(line: &str, cursor: usize, cx: &CompleteCx) -> Completion {
    let mut end = cursor.min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let words = split_before(&line[..end]);
    let mut col = Collector::new(&words.current);
    candidates(&words.done, &words.current, cx, &mut col);
    col.finish(words.start, end)
}

// ---------------------------------------------------------------------------------------------
// Splitting the line before the cursor.

struct Words {
    /// The complete words before the current one, unquoted.
    done: Vec<String>,
    /// The current word up to the cursor, unquoted.
    current: String,
    /// Where the current word starts.
    start: usize,
}

/// Splits like [`super::split_words`] (blanks separate, quotes group, `\` escapes), but never fails:
/// an open quote simply belongs to the current word.
fn split_before(text: &str) -> Words {
    let mut done = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' {
                match chars.next() {
                    Some((_, e @ ('"' | '\\' | '$' | '`'))) => cur.push(e),
                    Some((_, e)) => {
                        cur.push('\\');
                        cur.push(e);
                    }
                    None => {}
                }
            } else {
                cur.push(c);
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                if !in_word {
                    start = i;
                    in_word = true;
                }
                quote = Some(c);
            }
            '\\' => {
                if !in_word {
                    start = i;
                    in_word = true;
                }
                if let Some((_, e)) = chars.next() {
                    cur.push(e);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    done.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                if !in_word {
                    start = i;
                    in_word = true;
                }
                cur.push(c);
            }
        }
    }
    if !in_word {
        start = text.len();
    }
    Words {
        done,
        current: cur,
        start,
    }
}

// ---------------------------------------------------------------------------------------------
// Collecting candidates.

struct Collector<'p> {
    prefix: &'p str,
    out: Vec<String>,
    buf: String,
}

impl<'p> Collector<'p> {
    fn new(prefix: &'p str) -> Self {
        Collector {
            prefix,
            out: Vec::new(),
            buf: String::new(),
        }
    }

    fn matches(&self, cand: &str) -> bool {
        let p = self.prefix.as_bytes();
        cand.len() >= p.len() && cand.as_bytes()[..p.len()].eq_ignore_ascii_case(p)
    }

    fn offer(&mut self, cand: &str) {
        if self.matches(cand) {
            self.out.push(cand.to_string());
        }
    }

    /// Offers the concatenation of `parts`, built in the reused buffer.
    fn offer_join(&mut self, parts: &[&str]) {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        for p in parts {
            buf.push_str(p);
        }
        self.offer(&buf);
        self.buf = buf;
    }

    fn offer_all<'a>(&mut self, cands: impl IntoIterator<Item = &'a str>) {
        for c in cands {
            self.offer(c);
        }
    }

    fn finish(mut self, start: usize, end: usize) -> Completion {
        crate::sort::sort(&mut self.out);
        self.out.dedup();
        let common = match self.out.first() {
            None => String::new(),
            Some(first) => {
                let mut l = first.len();
                for c in &self.out[1..] {
                    let same = first
                        .bytes()
                        .zip(c.bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    l = l.min(same);
                }
                while !first.is_char_boundary(l) {
                    l -= 1;
                }
                if l >= self.prefix.len() {
                    first[..l].to_string()
                } else {
                    self.prefix.to_string()
                }
            }
        };
        let more = self.out.len().saturating_sub(MAX_CANDIDATES);
        self.out.truncate(MAX_CANDIDATES);
        Completion {
            start,
            end,
            candidates: self.out,
            more,
            common,
        }
    }
}

/// The shell's commands (see [`super::run_command_in`]; `clear` is the terminal's).
pub const COMMANDS: &[&str] = &[
    "cat", "clear", "dig", "help", "host", "hostname", "kubectl", "nslookup",
];

/// Record types the tools parse (`RecordType::from_str`).
pub const RECORD_TYPES: &[&str] = &[
    "A", "AAAA", "ANY", "AXFR", "CNAME", "HINFO", "IXFR", "MX", "NS", "PTR", "SOA", "SRV", "TXT",
];

/// dig `+options` that take a value (`+ndots=2`).
const DIG_VALUED: &[&str] = &["ndots", "retry", "tries", "timeout"];
const DIG_DASH: &[&str] = &["-4", "-6", "-c", "-p", "-q", "-t", "-x"];
const HOST_DASH: &[&str] = &[
    "-4", "-6", "-a", "-d", "-N", "-p", "-r", "-R", "-t", "-T", "-v", "-W",
];
/// host options that take the next word as their value.
const HOST_VALUED: &[char] = &['t', 'N', 'R', 'W', 'c', 'm', 'p'];
const NSLOOKUP_DASH: &[&str] = &[
    "-type=",
    "-query=",
    "-search",
    "-nosearch",
    "-recurse",
    "-norecurse",
    "-retry=",
    "-port=",
    "-timeout=",
    "-debug",
    "-nodebug",
];
const NSLOOKUP_TYPE: &[&str] = &["-type=", "-ty=", "-querytype=", "-query=", "-qu=", "-q="];

/// kubectl's subcommands that run here.
pub const KUBECTL_SUBCOMMANDS: &[&str] = &["get", "describe"];
/// Resource type words offered after `kubectl get` (all accepted by kubectl.rs).
pub const KUBECTL_TYPES: &[&str] = &[
    "all",
    "deploy",
    "deployment",
    "deployments",
    "endpoints",
    "endpointslice",
    "endpointslices",
    "ep",
    "namespace",
    "namespaces",
    "ns",
    "po",
    "pod",
    "pods",
    "replicaset",
    "replicasets",
    "rs",
    "service",
    "services",
    "statefulset",
    "statefulsets",
    "sts",
    "svc",
];
const KUBECTL_FLAGS: &[&str] = &[
    "-A",
    "-l",
    "-n",
    "-o",
    "--all-namespaces",
    "--namespace=",
    "--no-headers",
    "--output=",
    "--selector=",
    "--show-labels",
];
const KUBECTL_DESCRIBE_FLAGS: &[&str] = &[
    "-A",
    "-l",
    "-n",
    "--all-namespaces",
    "--namespace=",
    "--selector=",
];
/// `-o` formats kubectl.rs prints.
pub const KUBECTL_OUTPUTS: &[&str] = &["json", "name", "wide", "yaml"];

fn candidates(done: &[String], cur: &str, cx: &CompleteCx, col: &mut Collector) {
    let Some((prog, args)) = done.split_first() else {
        col.offer_all(COMMANDS.iter().copied());
        return;
    };
    let base = prog.rsplit('/').next().unwrap_or(prog);
    match base {
        "dig" => dig(args, cur, cx, col),
        "host" => host(args, cur, cx, col),
        "nslookup" => nslookup(args, cur, cx, col),
        "kubectl" => kubectl(args, cur, cx, col),
        "cat" => col.offer("/etc/resolv.conf"),
        _ => {}
    }
}

/// Offers `head` + each of `tails` (for values attached to a flag: `-tSRV`, `--namespace=x`).
fn offer_with(col: &mut Collector, head: &str, tails: impl IntoIterator<Item = String>) {
    for t in tails {
        col.offer_join(&[head, &t]);
    }
}

fn types() -> impl Iterator<Item = String> {
    RECORD_TYPES.iter().map(|t| t.to_string())
}

/// The word's first `n` bytes, when they are ASCII-case-insensitively `head`.
fn starts_ci(word: &str, head: &str) -> bool {
    word.len() >= head.len() && word.as_bytes()[..head.len()].eq_ignore_ascii_case(head.as_bytes())
}

fn dig(args: &[String], cur: &str, cx: &CompleteCx, col: &mut Collector) {
    let prev = args.last().map(String::as_str);
    match prev {
        Some("-t") => return col.offer_all(RECORD_TYPES.iter().copied()),
        Some("-x") => return ips(cx, col),
        Some("-q") => return dns_names(cx, col),
        Some("-c") => return col.offer("IN"),
        Some("-p") => return col.offer("53"),
        _ => {}
    }
    if cur.starts_with('+') {
        let negate = starts_ci(cur, "+n");
        for &(full, _) in super::dig::PLUS {
            if DIG_VALUED.contains(&full) {
                col.offer_join(&["+", full, "="]);
            } else {
                col.offer_join(&["+", full]);
                if negate {
                    col.offer_join(&["+no", full]);
                }
            }
        }
    } else if cur.starts_with('@') {
        offer_with(col, "@", servers(cx));
    } else if cur.len() > 2 && starts_ci(cur, "-t") {
        offer_with(col, &cur[..2], types());
    } else if cur.starts_with('-') {
        col.offer_all(DIG_DASH.iter().copied());
    } else {
        col.offer_all(RECORD_TYPES.iter().copied());
        dns_names(cx, col);
    }
}

fn host(args: &[String], cur: &str, cx: &CompleteCx, col: &mut Collector) {
    // Options first (as host's getopt reads them), then `hostname [server]`. A valued flag takes
    // the rest of its word or, at the word's end, the next word: `value_for` is the flag whose
    // value is the word being completed.
    let mut i = 0;
    let mut value_for: Option<char> = None;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            i += 1;
            break;
        }
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            break;
        };
        i += 1;
        if let Some((pos, c)) = flags.char_indices().find(|(_, c)| HOST_VALUED.contains(c)) {
            if pos + c.len_utf8() == flags.len() {
                if i < args.len() {
                    i += 1;
                } else {
                    value_for = Some(c);
                }
            }
        }
    }
    if let Some(c) = value_for {
        if c == 't' {
            col.offer_all(RECORD_TYPES.iter().copied());
        }
        return; // other values are numbers or a class
    }
    let positional = args.len().saturating_sub(i);
    if positional == 0 {
        if cur.len() > 2 && starts_ci(cur, "-t") && cur.is_char_boundary(2) {
            return offer_with(col, &cur[..2], types());
        }
        if cur.starts_with('-') {
            return col.offer_all(HOST_DASH.iter().copied());
        }
    }
    match positional {
        0 => dns_names(cx, col),
        1 => col.offer_all(servers(cx).iter().map(String::as_str)),
        _ => {}
    }
}

fn nslookup(args: &[String], cur: &str, cx: &CompleteCx, col: &mut Collector) {
    if cur.starts_with('-') {
        if let Some(eq) = cur.find('=') {
            let head = &cur[..=eq];
            if NSLOOKUP_TYPE.iter().any(|t| t.eq_ignore_ascii_case(head)) {
                offer_with(col, head, types());
            }
            return;
        }
        return col.offer_all(NSLOOKUP_DASH.iter().copied());
    }
    let positional = args.iter().filter(|a| !a.starts_with('-')).count();
    match positional {
        0 => dns_names(cx, col),
        1 => col.offer_all(servers(cx).iter().map(String::as_str)),
        _ => {}
    }
}

/// The kube-dns Service IP and the CoreDNS pods' IPs.
fn servers(cx: &CompleteCx) -> Vec<String> {
    let c = cx.cluster;
    std::iter::once(c.dns_service_ip())
        .chain(c.coredns_pod_ips())
        .map(|ip| ip.to_string())
        .collect()
}

/// Every pod and Service IP (for `dig -x`).
fn ips(cx: &CompleteCx, col: &mut Collector) {
    use std::fmt::Write as _;
    let c = cx.cluster;
    let mut buf = String::new();
    for ip in c
        .pods
        .iter()
        .flat_map(|p| p.ips.iter())
        .chain(c.services.iter().flat_map(|s| s.cluster_ips.iter()))
    {
        buf.clear();
        let _ = write!(buf, "{ip}");
        col.offer(&buf);
    }
}

/// The names CoreDNS answers for the cluster's Services (see the module docs).
fn dns_names(cx: &CompleteCx, col: &mut Collector) {
    let c = cx.cluster;
    let zone = c.zone.as_str();
    for s in &c.services {
        let (ns, name) = (&*s.namespace, &*s.name);
        let local = ns == cx.namespace;
        if local {
            col.offer(name);
        }
        col.offer_join(&[name, ".", ns]);
        col.offer_join(&[name, ".", ns, ".svc.", zone]);
        for ep in s.endpoints.iter().filter(|e| e.ready) {
            let Some(h) = ep.hostname.as_deref() else {
                continue;
            };
            if local {
                col.offer_join(&[h, ".", name]);
            }
            col.offer_join(&[h, ".", name, ".", ns]);
            col.offer_join(&[h, ".", name, ".", ns, ".svc.", zone]);
        }
        for p in &s.ports {
            let Some(pn) = p.name.as_deref().filter(|n| !n.is_empty()) else {
                continue;
            };
            let proto = p.protocol.as_str().to_ascii_lowercase();
            col.offer_join(&["_", pn, "._", &proto, ".", name, ".", ns, ".svc.", zone]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// kubectl.

/// The kinds a type word names: kubectl's own reading of it (none for an unknown word).
fn kinds_of(word: &str) -> Vec<Kind> {
    Kind::parse(word).unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    Namespace,
    Output,
    Selector,
}

fn kubectl(args: &[String], cur: &str, cx: &CompleteCx, col: &mut Collector) {
    let Some((sub, rest)) = args.split_first() else {
        return col.offer_all(KUBECTL_SUBCOMMANDS.iter().copied());
    };
    let describe = match sub.as_str() {
        "get" => false,
        "describe" => true,
        _ => return,
    };
    let mut ns: Option<&str> = None;
    let mut all_ns = false;
    let mut positional: Vec<&str> = Vec::new();
    let mut pending: Option<Pending> = None;
    for a in rest {
        if let Some(p) = pending.take() {
            if p == Pending::Namespace {
                ns = Some(a);
            }
            continue;
        }
        match a.as_str() {
            "-n" | "--namespace" => pending = Some(Pending::Namespace),
            "-o" | "--output" => pending = Some(Pending::Output),
            "-l" | "--selector" => pending = Some(Pending::Selector),
            "-A" | "--all-namespaces" => all_ns = true,
            f if f.starts_with("--namespace=") => ns = Some(&f["--namespace=".len()..]),
            f if f.starts_with("-n") && f.len() > 2 && !f.starts_with("--") => {
                ns = f.get(2..).map(|v| v.strip_prefix('=').unwrap_or(v));
            }
            f if f.starts_with('-') && f.len() > 1 => {}
            p => positional.push(p),
        }
    }
    let scope = Scope {
        ns: ns.unwrap_or(cx.namespace),
        all: all_ns,
    };
    match pending {
        Some(Pending::Namespace) => return namespaces(cx, col, ""),
        Some(Pending::Output) => return col.offer_all(KUBECTL_OUTPUTS.iter().copied()),
        Some(Pending::Selector) => return labels(cx, scope, col, ""),
        None => {}
    }
    if cur.starts_with('-') {
        for (head, what) in [
            ("--namespace=", Pending::Namespace),
            ("--output=", Pending::Output),
            ("--selector=", Pending::Selector),
            ("-n", Pending::Namespace),
            ("-o", Pending::Output),
            ("-l", Pending::Selector),
        ] {
            if cur.len() > head.len()
                && cur.starts_with(head)
                && !(head.len() == 2 && cur.starts_with("--"))
            {
                match what {
                    Pending::Namespace => namespaces(cx, col, head),
                    Pending::Output => {
                        offer_with(col, head, KUBECTL_OUTPUTS.iter().map(|o| o.to_string()))
                    }
                    Pending::Selector => labels(cx, scope, col, head),
                }
                return;
            }
        }
        let flags = if describe {
            KUBECTL_DESCRIBE_FLAGS
        } else {
            KUBECTL_FLAGS
        };
        return col.offer_all(flags.iter().copied());
    }
    // After `describe`, the words that name one kind kubectl.rs describes.
    let types: Vec<&str> = KUBECTL_TYPES
        .iter()
        .copied()
        .filter(|t| !describe || matches!(kinds_of(t)[..], [k] if k.describes()))
        .collect();
    let first_is_slash = positional.first().is_some_and(|p| p.contains('/'));
    if positional.is_empty() || first_is_slash {
        if let Some((ty, _)) = cur.split_once('/') {
            let head = &cur[..=ty.len()];
            for k in kinds_of(ty) {
                object_names(cx, scope, k, &mut |n| col.offer_join(&[head, n]));
            }
            return;
        }
        if !describe && !first_is_slash {
            if let Some(comma) = cur.rfind(',') {
                let head = &cur[..=comma];
                for t in &types {
                    col.offer_join(&[head, t]);
                }
                return;
            }
        }
        return col.offer_all(types);
    }
    let mut ks: Vec<Kind> = Vec::new();
    for t in positional[0].split(',') {
        for k in kinds_of(t) {
            if !ks.contains(&k) {
                ks.push(k);
            }
        }
    }
    if describe {
        ks.retain(|k| {
            matches!(
                k,
                Kind::Services
                    | Kind::Pods
                    | Kind::Endpoints
                    | Kind::EndpointSlices
                    | Kind::StatefulSets
                    | Kind::Deployments
            )
        });
    }
    for k in ks {
        object_names(cx, scope, k, &mut |n| col.offer(n));
    }
}

#[derive(Clone, Copy)]
struct Scope<'a> {
    ns: &'a str,
    all: bool,
}

impl Scope<'_> {
    fn has(&self, ns: &str) -> bool {
        self.all || ns == self.ns
    }
}

fn namespaces(cx: &CompleteCx, col: &mut Collector, head: &str) {
    for n in &cx.cluster.namespaces {
        col.offer_join(&[head, &n.name]);
    }
}

/// The `key=value` labels of the pods in scope (what `-l` most often filters).
fn labels(cx: &CompleteCx, scope: Scope, col: &mut Collector, head: &str) {
    let mut seen: std::collections::BTreeSet<(&str, &str)> = Default::default();
    for p in cx.cluster.pods.iter().filter(|p| scope.has(&p.namespace)) {
        for (k, v) in &p.labels {
            seen.insert((k, v));
        }
    }
    for (k, v) in seen {
        col.offer_join(&[head, k, "=", v]);
    }
}

/// Calls `f` with the name of every object of kind `k` in scope (names may repeat).
fn object_names(cx: &CompleteCx, scope: Scope, k: Kind, f: &mut dyn FnMut(&str)) {
    let c = cx.cluster;
    match k {
        Kind::Pods => c
            .pods
            .iter()
            .filter(|p| scope.has(&p.namespace))
            .for_each(|p| f(&p.name)),
        Kind::Services => c
            .services
            .iter()
            .filter(|s| scope.has(&s.namespace))
            .for_each(|s| f(&s.name)),
        Kind::Endpoints => c
            .services
            .iter()
            .filter(|s| scope.has(&s.namespace) && has_endpoint_objects(s))
            .for_each(|s| f(&s.name)),
        Kind::EndpointSlices => {
            for s in c.services.iter().filter(|s| scope.has(&s.namespace)) {
                for n in endpointslice_names(s) {
                    f(&n);
                }
            }
        }
        Kind::Namespaces => c.namespaces.iter().for_each(|n| f(&n.name)),
        Kind::StatefulSets | Kind::Deployments | Kind::ReplicaSets => {
            if let Some(parsed) = cx.parsed {
                for o in &parsed.objects {
                    let meta = match (&o.kind, k) {
                        (ObjectKind::StatefulSet(s), Kind::StatefulSets) => &s.meta,
                        (ObjectKind::Deployment(d), Kind::Deployments) => &d.meta,
                        _ => continue,
                    };
                    if scope.has(&meta.namespace) {
                        f(&meta.name);
                    }
                }
            }
            for p in c.pods.iter().filter(|p| scope.has(&p.namespace)) {
                match (&p.owner, k) {
                    (Owner::StatefulSet { name, .. }, Kind::StatefulSets)
                    | (Owner::Deployment { name }, Kind::Deployments)
                    | (Owner::ReplicaSet { name }, Kind::ReplicaSets) => f(name),
                    (Owner::Deployment { .. }, Kind::ReplicaSets) => {
                        if let Some((rs, _)) = p.name.rsplit_once('-') {
                            f(rs);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_before_table() {
        let table: &[(&str, &[&str], &str, usize)] = &[
            ("", &[], "", 0),
            ("dig", &[], "dig", 0),
            ("dig ", &["dig"], "", 4),
            ("  dig  +sh", &["dig"], "+sh", 7),
            ("dig \"te", &["dig"], "te", 4),
            ("dig 'a b' c\\ d", &["dig", "a b"], "c d", 10),
            ("dig \"a\\\"b", &["dig"], "a\"b", 4),
            ("x\\", &[], "x", 0),
            ("é \u{3000}ü", &["é"], "ü", 6),
        ];
        for &(text, done, cur, start) in table {
            let w = split_before(text);
            assert_eq!(w.done, done, "{text:?}");
            assert_eq!(w.current, cur, "{text:?}");
            assert_eq!(w.start, start, "{text:?}");
        }
    }

    #[test]
    fn offered_words_are_accepted_by_the_tools() {
        use crate::dns::rr::RecordType;
        for t in RECORD_TYPES {
            assert!(t.parse::<RecordType>().is_ok(), "{t}");
        }
        for t in KUBECTL_TYPES {
            assert!(!kinds_of(t).is_empty(), "{t}");
        }
        for v in DIG_VALUED {
            assert!(super::super::dig::PLUS.iter().any(|p| p.0 == *v), "{v}");
        }
    }
}
