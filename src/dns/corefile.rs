//! The cluster's own CoreDNS configuration: a Corefile (Caddyfile syntax) read from the ConfigMap
//! `kube-system/coredns` (`data.Corefile`), as typed settings the resolver follows.
//!
//! Two passes, as CoreDNS's (coredns/caddy `caddyfile/lexer.go` and `parse.go`):
//! * **lex + parse** ([`parse`]): tokens split on white space, `#` comments (only at the start of a
//!   token), `"quoted tokens"` (with `\"`), then server blocks (`.:53 {`), directives with their
//!   arguments (one line each) and nested `{ }` blocks, to any depth;
//! * **setup** ([`Config::from_corefile`]): each plugin's `setup.go` reads its directive; an error
//!   CoreDNS stops on (`plugin/kubernetes: unknown property 'x'`) becomes a warning and the
//!   playground keeps kubeadm's default, as a running CoreDNS with `reload` keeps its last good
//!   Corefile.
//!
//! Every problem or note is a [`Diagnostic`] at the **manifest** `line:column` of the token it is
//! about: the caller passes a [`LineMap`] from Corefile positions to manifest ones.

use std::fmt;

use crate::model::{Diagnostic, Pos};

/// kubeadm's Corefile (KK `cmd/kubeadm/app/phases/addons/dns/manifests.go`), the one the
/// playground uses when no ConfigMap `kube-system/coredns` is pasted.
pub const KUBEADM_COREFILE: &str = ".:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
";

/// The field path diagnostics about the Corefile carry.
pub const PATH: &str = "data.Corefile";

/// Deepest `{ }` nesting read (CoreDNS's own plugins nest two levels at most).
const MAX_DEPTH: usize = 32;

/// Where each line of the Corefile text sits in the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineMap {
    /// A literal block scalar (`Corefile: |`): Corefile line `i` is manifest line `first_line + i`,
    /// indented by `indent` columns.
    Block { first_line: u32, indent: u32 },
    /// A one-line value starting at this position.
    Inline(Pos),
    /// Anything else (a quoted multi-line string, a folded scalar): every position is the key's.
    Fixed(Pos),
    /// The Corefile's own coordinates (line and column + 1): for the default text and tests.
    Identity,
}

impl LineMap {
    /// The same map for the manifest text `by` lines further down.
    pub fn move_lines(&mut self, by: i64) {
        match self {
            LineMap::Block { first_line, .. } => {
                *first_line = crate::model::diag::moved_line(*first_line, by);
            }
            LineMap::Inline(p) | LineMap::Fixed(p) => p.move_lines(by),
            LineMap::Identity => {}
        }
    }

    /// The manifest position of Corefile line `line`, column `col` (both 0-based, in characters).
    pub fn pos(&self, line: usize, col: usize) -> Pos {
        let (line, col) = (line as u32, col as u32);
        match *self {
            LineMap::Block { first_line, indent } => {
                Pos::new(first_line.saturating_add(line), indent + col + 1)
            }
            LineMap::Inline(p) if line == 0 => Pos::new(p.line, p.col + col),
            LineMap::Inline(p) => Pos::new(p.line, p.col),
            LineMap::Fixed(p) => p,
            LineMap::Identity => Pos::new(line + 1, col + 1),
        }
    }
}

/// One token, with where it starts in the Corefile (0-based line and character column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub line: usize,
    pub col: usize,
    pub quoted: bool,
}

/// A directive (`kubernetes cluster.local in-addr.arpa {`) and its block, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: Token,
    pub args: Vec<Token>,
    pub block: Vec<Directive>,
}

impl Directive {
    fn args_text(&self) -> Vec<&str> {
        self.args.iter().map(|t| t.text.as_str()).collect()
    }
}

/// A server block: its keys (`.:53`, `cluster.local:53`) and directives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerBlock {
    pub keys: Vec<Token>,
    pub directives: Vec<Directive>,
}

/// A parsed Corefile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corefile {
    pub blocks: Vec<ServerBlock>,
}

/// A syntax error, in the Corefile's own coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line + 1, self.col + 1, self.message)
    }
}

/// caddyfile `lexer.go` `next`: white space separates tokens, `#` at a token's start comments out
/// the rest of the line, `"` at a token's start quotes until the next unescaped `"`.
pub fn lex(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut col) = (0usize, 0usize);
    let mut cur: Option<Token> = None;
    let mut quote_start: Option<(usize, usize)> = None;
    let mut comment = false;
    while let Some(c) = chars.next() {
        let (at_line, at_col) = (line, col);
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
        if comment {
            if c == '\n' {
                comment = false;
            }
            continue;
        }
        if let Some(t) = cur.as_mut().filter(|_| quote_start.is_some()) {
            match c {
                '\\' if chars.peek() == Some(&'"') => {
                    chars.next();
                    col += 1;
                    t.text.push('"');
                }
                '"' => {
                    quote_start = None;
                    out.extend(cur.take());
                }
                c => t.text.push(c),
            }
            continue;
        }
        if c.is_whitespace() {
            out.extend(cur.take());
            continue;
        }
        match (&mut cur, c) {
            (None, '#') => comment = true,
            (None, '"') => {
                quote_start = Some((at_line, at_col));
                cur = Some(Token {
                    text: String::new(),
                    line: at_line,
                    col: at_col,
                    quoted: true,
                });
            }
            (None, c) => {
                cur = Some(Token {
                    text: c.to_string(),
                    line: at_line,
                    col: at_col,
                    quoted: false,
                })
            }
            (Some(t), c) => t.text.push(c),
        }
    }
    if let Some((line, col)) = quote_start {
        return Err(SyntaxError {
            line,
            col,
            message: "this quoted token is never closed: a `\"` is missing".into(),
        });
    }
    out.extend(cur);
    Ok(out)
}

fn is_open(t: &Token) -> bool {
    !t.quoted && t.text == "{"
}

fn is_close(t: &Token) -> bool {
    !t.quoted && t.text == "}"
}

/// caddyfile `parse.go`: server blocks (keys, then `{ … }`; a lone first block may omit the
/// braces), directives one per line, a `{` ending a directive's line opens its block.
pub fn parse(text: &str) -> Result<Corefile, SyntaxError> {
    let toks = lex(text)?;
    let mut p = Parser { toks: &toks, i: 0 };
    let mut cf = Corefile::default();
    while p.i < toks.len() {
        let first = &toks[p.i];
        if is_close(first) {
            return Err(err_at(first, "unexpected `}`: no block is open here"));
        }
        if is_open(first) {
            return Err(err_at(
                first,
                "a server block needs its address before `{` (for example `.:53 {`)",
            ));
        }
        // Keys: the tokens of the line, continued on the next one after a trailing comma.
        let mut keys = Vec::new();
        loop {
            let line = toks[p.i].line;
            while p.i < toks.len() && toks[p.i].line == line && !is_open(&toks[p.i]) {
                if is_close(&toks[p.i]) {
                    return Err(err_at(
                        &toks[p.i],
                        "unexpected `}` after the server block's address",
                    ));
                }
                for k in toks[p.i].text.split(',').filter(|k| !k.is_empty()) {
                    keys.push(Token {
                        text: k.to_string(),
                        ..toks[p.i].clone()
                    });
                }
                p.i += 1;
            }
            let continued =
                p.i < toks.len() && !is_open(&toks[p.i]) && toks[p.i - 1].text.ends_with(',');
            if !continued {
                break;
            }
        }
        match toks.get(p.i) {
            Some(t) if is_open(t) => {
                let open = t.clone();
                p.i += 1;
                let directives = p.block(Some(&open), 0)?;
                cf.blocks.push(ServerBlock { keys, directives });
            }
            _ if cf.blocks.is_empty() => {
                // Caddyfile: a file with a single server block may leave out its braces.
                let directives = p.block(None, 0)?;
                cf.blocks.push(ServerBlock { keys, directives });
            }
            Some(t) => return Err(err_at(t, "expected `{` to open this server block")),
            None => {
                let t = &toks[toks.len() - 1];
                return Err(err_at(t, "expected `{` after the server block's address"));
            }
        }
    }
    if cf.blocks.is_empty() {
        return Err(SyntaxError {
            line: 0,
            col: 0,
            message: "the Corefile is empty: CoreDNS has no server block to start".into(),
        });
    }
    Ok(cf)
}

fn err_at(t: &Token, message: &str) -> SyntaxError {
    SyntaxError {
        line: t.line,
        col: t.col,
        message: message.into(),
    }
}

struct Parser<'t> {
    toks: &'t [Token],
    i: usize,
}

impl Parser<'_> {
    /// Directives up to the `}` closing `open` (or the end of the file when `open` is `None`).
    fn block(&mut self, open: Option<&Token>, depth: usize) -> Result<Vec<Directive>, SyntaxError> {
        if depth > MAX_DEPTH {
            let t = open.map_or(&self.toks[self.i.min(self.toks.len() - 1)], |t| t);
            return Err(err_at(t, "blocks nest too deep (more than 32 levels)"));
        }
        let mut out = Vec::new();
        loop {
            let Some(t) = self.toks.get(self.i) else {
                return match open {
                    Some(o) => Err(err_at(o, "this `{` is never closed: a `}` is missing")),
                    None => Ok(out),
                };
            };
            if is_close(t) {
                if open.is_none() {
                    return Err(err_at(t, "unexpected `}`: no block is open here"));
                }
                self.i += 1;
                return Ok(out);
            }
            if is_open(t) {
                return Err(err_at(
                    t,
                    "a block `{` must follow a directive on the same line",
                ));
            }
            let name = t.clone();
            self.i += 1;
            let mut args = Vec::new();
            let mut block = Vec::new();
            let mut line = name.line + name.text.matches('\n').count();
            while let Some(a) = self.toks.get(self.i) {
                if a.line != line || is_close(a) {
                    break;
                }
                self.i += 1;
                if is_open(a) {
                    let a = a.clone();
                    block = self.block(Some(&a), depth + 1)?;
                    break;
                }
                line = a.line + a.text.matches('\n').count();
                args.push(a.clone());
            }
            out.push(Directive { name, args, block });
        }
    }
}

// -------------------------------------------------------------------------------------------
// Typed settings

/// `pods` (plugin/kubernetes `setup.go`): how `<a-b-c-d>.<ns>.pod.<zone>` names are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodMode {
    /// NXDOMAIN for every pod name (the plugin's default: `New` sets `podModeDisabled`).
    Disabled,
    /// Any dashed IP answers, in any namespace that exists (kubeadm's setting).
    Insecure,
    /// Only the IP of a pod in that namespace answers.
    Verified,
}

impl PodMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PodMode::Disabled => "disabled",
            PodMode::Insecure => "insecure",
            PodMode::Verified => "verified",
        }
    }
}

/// `cache` (plugin/cache `setup.go`): how it caps the TTLs of the replies it passes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    /// Zones it serves (fqdn, lower case); `["."]` for all.
    pub zones: Vec<String>,
    /// `pttl`: the largest TTL of a positive answer (default 3600).
    pub success_ttl: u32,
    /// `minpttl` (default 5).
    pub success_min: u32,
    /// `nttl`: the largest TTL of NXDOMAIN / NODATA (default 1800).
    pub denial_ttl: u32,
    /// `minnttl` (default 5).
    pub denial_min: u32,
    /// `keepttl`: replies keep their TTLs.
    pub keep_ttl: bool,
    pub pos: Pos,
}

/// `rewrite name exact|suffix FROM TO` (plugin/rewrite `name.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// `suffix` when true, else `exact`.
    pub suffix: bool,
    /// Lower-case fqdn (`exact`, `suffix` add the trailing dot: `newNameRule`).
    pub from: String,
    pub to: String,
    /// `answer auto`: names in the reply are rewritten back (always on for `exact`).
    pub answer_auto: bool,
    /// `continue` rather than the default `stop`.
    pub continue_: bool,
    pub pos: Pos,
}

/// What the simulated CoreDNS does, from its Corefile. Positions are manifest positions of the
/// Corefile line each setting was read from (`None`: kubeadm's default, no ConfigMap).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The kubernetes plugin's zones (fqdn, lower case), in Corefile order.
    pub zones: Vec<String>,
    /// The first non-reverse zone, without the trailing dot: the cluster domain.
    pub cluster_domain: String,
    pub zones_pos: Option<Pos>,
    pub pods: PodMode,
    pub pods_pos: Option<Pos>,
    pub endpoint_pod_names: Option<Pos>,
    pub ttl: u32,
    pub ttl_pos: Option<Pos>,
    /// `fallthrough [ZONES]`: the zones (fqdn; empty = all of the plugin's) and where it is set.
    pub fallthrough: Option<(Vec<String>, Option<Pos>)>,
    pub ignore_empty_service: Option<Pos>,
    /// `namespaces NS...`: only these are served (empty = all).
    pub namespaces: Vec<String>,
    pub namespaces_pos: Option<Pos>,
    /// `autopath @kubernetes`.
    pub autopath: Option<Pos>,
    pub cache: Option<Cache>,
    pub rewrites: Vec<Rewrite>,
    /// `loadbalance` shuffles A/AAAA records; without it they keep their order.
    pub loadbalance: bool,
    /// `forward`: names the plugin does not answer go upstream; without it they get SERVFAIL.
    pub forward: bool,
}

impl Default for Config {
    /// kubeadm's Corefile, as the playground has always answered it. `cache 30` is left out: the
    /// default answers keep their own TTLs (see [`Config::from_corefile`] for a pasted one).
    fn default() -> Self {
        Config {
            zones: vec![
                "cluster.local.".into(),
                "in-addr.arpa.".into(),
                "ip6.arpa.".into(),
            ],
            cluster_domain: crate::cluster::ZONE.into(),
            zones_pos: None,
            pods: PodMode::Insecure,
            pods_pos: None,
            endpoint_pod_names: None,
            ttl: 30,
            ttl_pos: None,
            fallthrough: Some((vec!["in-addr.arpa.".into(), "ip6.arpa.".into()], None)),
            ignore_empty_service: None,
            namespaces: Vec::new(),
            namespaces_pos: None,
            autopath: None,
            cache: None,
            rewrites: Vec::new(),
            loadbalance: true,
            forward: true,
        }
    }
}

/// The Corefile in use and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorefileSource {
    pub text: String,
    /// The ConfigMap's `data.Corefile` key in the manifests; `None` for kubeadm's default.
    pub pos: Option<Pos>,
    /// Whether the pasted Corefile was refused (a setup error) and kubeadm's default is used.
    pub refused: bool,
}

impl Default for CorefileSource {
    fn default() -> Self {
        CorefileSource {
            text: KUBEADM_COREFILE.into(),
            pos: None,
            refused: false,
        }
    }
}

/// `plugin.Host(...).NormalizeExact` for one zone argument: lower case, trailing dot, no
/// `dns://` scheme or `:port`. `None` for what the playground cannot read as a zone (a CIDR).
fn normalize_zone(s: &str) -> Option<String> {
    let s = s.strip_prefix("dns://").unwrap_or(s);
    let host = match s.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => s,
    };
    if host.is_empty() || host.contains('/') || host.contains("://") {
        return None;
    }
    let mut z = host.to_ascii_lowercase();
    if !z.ends_with('.') {
        z.push('.');
    }
    if z.contains("..") && z != "." {
        return None;
    }
    Some(z)
}

fn is_reverse(z: &str) -> bool {
    z.ends_with("in-addr.arpa.") || z.ends_with("ip6.arpa.")
}

/// Plugins that run in the playground's Corefile but do not change an answer it shows.
const NO_EFFECT: &[(&str, &str)] = &[
    ("errors", "logs errors; answers are unchanged"),
    ("log", "logs each query; answers are unchanged"),
    (
        "health",
        "serves /health on :8080 for the liveness probe; answers are unchanged",
    ),
    (
        "ready",
        "serves /ready on :8181 for the readiness probe; answers are unchanged",
    ),
    ("prometheus", "exports metrics; answers are unchanged"),
    (
        "reload",
        "re-reads the Corefile when the ConfigMap changes (within about 2 minutes)",
    ),
    (
        "loop",
        "stops CoreDNS if a forwarding loop is detected; answers are unchanged",
    ),
];

struct Setup<'a> {
    map: &'a LineMap,
    diags: Vec<Diagnostic>,
    /// A setup error CoreDNS would stop on.
    refused: bool,
}

impl Setup<'_> {
    fn at(&self, t: &Token) -> Pos {
        self.map.pos(t.line, t.col)
    }

    fn info(&mut self, t: &Token, msg: String) {
        self.diags.push(Diagnostic::info(self.at(t), PATH, msg));
    }

    fn warn(&mut self, t: &Token, msg: String) {
        self.diags.push(Diagnostic::warning(self.at(t), PATH, msg));
    }

    /// CoreDNS refuses the Corefile (`plugin.Error` from a `setup`): it would not start.
    fn refuse(&mut self, t: &Token, msg: String) {
        self.refused = true;
        self.diags.push(
            Diagnostic::warning(self.at(t), PATH, format!("CoreDNS refuses this Corefile: {msg}"))
                .with_hint("CoreDNS stops with this error at start-up (with `reload`, running pods keep their last good Corefile); the playground answers with kubeadm's default Corefile"),
        );
    }

    fn not_simulated(&mut self, t: &Token, what: &str) {
        self.info(t, format!("`{what}` is accepted but not simulated: the playground answers as if it were not there"));
    }
}

impl Config {
    /// Read a Corefile as CoreDNS's plugins would (`setup.go` of each). Returns the settings (kubeadm's
    /// default if CoreDNS would refuse it), whether it was refused, and the notes.
    pub fn from_text(text: &str, map: &LineMap) -> (Config, bool, Vec<Diagnostic>) {
        match parse(text) {
            Ok(cf) => Config::from_corefile(&cf, map),
            Err(e) => {
                let d = Diagnostic::warning(
                    map.pos(e.line, e.col),
                    PATH,
                    format!("Corefile syntax error: {}", e.message),
                )
                .with_hint("CoreDNS cannot parse this Corefile and does not start (with `reload`, running pods keep their last good one); the playground answers with kubeadm's default Corefile");
                (Config::default(), true, vec![d])
            }
        }
    }

    /// The settings of a parsed Corefile. The server block that holds the `kubernetes` plugin is the
    /// one simulated; the others are noted.
    pub fn from_corefile(cf: &Corefile, map: &LineMap) -> (Config, bool, Vec<Diagnostic>) {
        let mut s = Setup {
            map,
            diags: Vec::new(),
            refused: false,
        };
        let k8s_block = cf
            .blocks
            .iter()
            .position(|b| b.directives.iter().any(|d| d.name.text == "kubernetes"));
        let Some(bi) = k8s_block else {
            let t = cf
                .blocks
                .first()
                .and_then(|b| b.keys.first().or(b.directives.first().map(|d| &d.name)));
            let pos = t.map_or(map.pos(0, 0), |t| s.at(t));
            s.diags.push(
                Diagnostic::warning(pos, PATH, "no server block of this Corefile has the `kubernetes` plugin: CoreDNS would answer no cluster names at all")
                    .with_hint("the playground keeps kubeadm's `kubernetes cluster.local in-addr.arpa ip6.arpa` so that its answers stay readable"),
            );
            return (Config::default(), true, s.diags);
        };
        for (i, b) in cf.blocks.iter().enumerate() {
            if i != bi {
                if let Some(k) = b.keys.first() {
                    let keys: Vec<&str> = b.keys.iter().map(|k| k.text.as_str()).collect();
                    s.info(k, format!("server block `{}` is not simulated: only the block with the `kubernetes` plugin is; names it serves are answered as that block would", keys.join(" ")));
                }
            }
        }
        let block = &cf.blocks[bi];
        let mut server_zones = Vec::new();
        for k in &block.keys {
            match normalize_zone(&k.text) {
                Some(z) => server_zones.push(z),
                None => s.info(
                    k,
                    format!(
                        "server block address `{}` is not read by the playground",
                        k.text
                    ),
                ),
            }
        }
        if server_zones.is_empty() {
            server_zones.push(".".into());
        }
        if !server_zones.iter().any(|z| z == ".") {
            if let Some(k) = block.keys.first() {
                s.info(k, "this server block does not serve `.`: in a real cluster, names outside its zones get REFUSED; the playground still sends them upstream".into());
            }
        }
        let mut c = Config {
            loadbalance: false,
            forward: false,
            fallthrough: None,
            ..Config::default()
        };
        let mut seen: Vec<&str> = Vec::new();
        for d in &block.directives {
            let name = d.name.text.as_str();
            if seen.contains(&name) && name != "rewrite" {
                // plugin.ErrOnce: most plugins may appear once per server block.
                s.refuse(&d.name, format!("`{name}` appears twice in this server block; CoreDNS allows it once (plugin.ErrOnce)"));
                continue;
            }
            seen.push(name);
            match name {
                "kubernetes" => s.kubernetes(d, &server_zones, &mut c),
                "autopath" => s.autopath(d, &mut c),
                "cache" => s.cache(d, &server_zones, &mut c),
                "rewrite" => s.rewrite(d, &mut c),
                "loadbalance" => {
                    match d.args_text().as_slice() {
                        [] | ["round_robin"] => {}
                        _ => s.not_simulated(&d.name, "loadbalance with a policy other than round_robin"),
                    }
                    c.loadbalance = true;
                    s.info(&d.name, "`loadbalance` shuffles the A and AAAA records of each answer, as the playground does (seeded, so a share link replays the same order)".into());
                }
                "forward" => {
                    c.forward = true;
                    s.info(&d.name, "`forward` sends names outside the cluster upstream; the playground has no Internet and answers as the root servers do for a name that does not exist".into());
                }
                "import" => s.not_simulated(&d.name, "import"),
                _ => match NO_EFFECT.iter().find(|(n, _)| *n == name) {
                    Some((_, why)) => s.info(&d.name, format!("`{name}` {why}")),
                    None => s.info(&d.name, format!("plugin `{name}` is not simulated: the playground answers as if it were not there")),
                },
            }
        }
        if !c.loadbalance {
            if let Some(k) = block.keys.first() {
                s.info(k, "no `loadbalance` in this server block: answers keep their records in endpoint order instead of shuffling them".into());
            }
        }
        if !c.forward {
            if let Some(k) = block.keys.first() {
                s.info(k, "no `forward` in this server block: names outside the cluster, and names the `kubernetes` plugin lets fall through, get SERVFAIL (no next plugin)".into());
            }
        }
        if s.refused {
            return (Config::default(), true, s.diags);
        }
        (c, false, s.diags)
    }
}

impl Setup<'_> {
    /// plugin/kubernetes `setup.go` `ParseStanza`.
    fn kubernetes(&mut self, d: &Directive, server_zones: &[String], c: &mut Config) {
        let mut zones = Vec::new();
        for a in &d.args {
            match normalize_zone(&a.text) {
                Some(z) => zones.push(z),
                None => self.not_simulated(a, &format!("zone {}", a.text)),
            }
        }
        if zones.is_empty() {
            // plugin.OriginsFromArgsOrServerBlock: no zones given → the server block's.
            zones = server_zones.to_vec();
        }
        // ParseStanza: the primary zone is the first non-reverse one.
        let Some(primary) = zones.iter().find(|z| !is_reverse(z)).cloned() else {
            self.refuse(
                &d.name,
                "kubernetes: non-reverse zone name must be used".into(),
            );
            return;
        };
        if primary == "." {
            self.warn(&d.name, "the `kubernetes` plugin here serves the root zone `.`: the playground cannot simulate a cluster domain of `.` and keeps cluster.local".into());
            return;
        }
        c.cluster_domain = primary.trim_end_matches('.').to_string();
        c.zones = zones;
        c.zones_pos = Some(self.at(&d.name));
        // New(): the plugin's own defaults before the block is read.
        c.pods = PodMode::Disabled;
        c.pods_pos = Some(self.at(&d.name));
        c.ttl = 5;
        c.ttl_pos = Some(self.at(&d.name));
        for o in &d.block {
            let args = o.args_text();
            let at = Some(self.at(&o.name));
            match o.name.text.as_str() {
                "endpoint_pod_names" if args.is_empty() => c.endpoint_pod_names = at,
                "pods" => match args.as_slice() {
                    ["disabled"] => (c.pods, c.pods_pos) = (PodMode::Disabled, at),
                    ["insecure"] => (c.pods, c.pods_pos) = (PodMode::Insecure, at),
                    ["verified"] => (c.pods, c.pods_pos) = (PodMode::Verified, at),
                    [v] => self.refuse(&o.args[0], format!("kubernetes: wrong value for pods: {v}, must be one of: disabled, verified, insecure")),
                    _ => self.refuse(&o.name, "kubernetes: `pods` takes exactly one value: disabled, verified or insecure".into()),
                },
                "ttl" => match args.first().map(|a| a.parse::<i64>()) {
                    Some(Ok(t)) if (0..=3600).contains(&t) => {
                        (c.ttl, c.ttl_pos) = (t as u32, at);
                    }
                    Some(Ok(t)) => self.refuse(&o.args[0], format!("kubernetes: ttl must be in range [0, 3600]: {t}")),
                    Some(Err(_)) => self.refuse(&o.args[0], format!("kubernetes: ttl wants a whole number of seconds, found `{}`", args[0])),
                    None => self.refuse(&o.name, "kubernetes: `ttl` needs a number of seconds".into()),
                },
                "fallthrough" => {
                    let mut fz = Vec::new();
                    for a in &o.args {
                        match normalize_zone(&a.text) {
                            Some(z) => fz.push(z),
                            None => self.not_simulated(a, &format!("fallthrough zone {}", a.text)),
                        }
                    }
                    c.fallthrough = Some((fz, at));
                }
                "ignore" => match args.as_slice() {
                    ["empty_service", ..] => c.ignore_empty_service = at,
                    [v, ..] => self.refuse(&o.args[0], format!("kubernetes: unable to parse ignore value: '{v}'")),
                    // setup.go: a bare `ignore` is accepted and does nothing.
                    [] => self.info(&o.name, "`ignore` without `empty_service` does nothing".into()),
                },
                "namespaces" if !args.is_empty() => {
                    c.namespaces = args.iter().map(|a| a.to_string()).collect();
                    c.namespaces_pos = at;
                }
                "noendpoints" => self.not_simulated(&o.name, "noendpoints"),
                "endpoint" | "tls" | "kubeconfig" | "labels" | "namespace_labels"
                | "multicluster" | "startup_timeout" | "apiserver_qps" | "apiserver_burst"
                | "apiserver_max_inflight" | "zonal" => {
                    self.not_simulated(&o.name, &o.name.text)
                }
                "endpoint_pod_names" | "namespaces" => {
                    self.refuse(&o.name, format!("kubernetes: wrong argument count for `{}`", o.name.text))
                }
                other => self.refuse(&o.name, format!("kubernetes: unknown property '{other}'")),
            }
        }
    }

    /// plugin/autopath `setup.go` `autoPathParse`.
    fn autopath(&mut self, d: &Directive, c: &mut Config) {
        match d.args.last() {
            None => self.refuse(&d.name, "autopath: no resolv-conf specified".into()),
            Some(a) if a.text == "@kubernetes" => {
                if d.args.len() > 1 {
                    self.not_simulated(&d.args[0], "autopath zones");
                }
                c.autopath = Some(self.at(&d.name));
            }
            Some(a) if a.text.starts_with('@') => self.refuse(
                a,
                format!(
                    "autopath: {} does not implement the AutoPather interface",
                    &a.text[1..]
                ),
            ),
            Some(a) => self.not_simulated(a, &format!("autopath from the file {}", a.text)),
        }
    }

    /// plugin/cache `setup.go` `cacheParse`.
    fn cache(&mut self, d: &Directive, server_zones: &[String], c: &mut Config) {
        let mut cache = Cache {
            zones: Vec::new(),
            success_ttl: 3600,
            success_min: 5,
            denial_ttl: 1800,
            denial_min: 5,
            keep_ttl: false,
            pos: self.at(&d.name),
        };
        let mut args: &[Token] = &d.args;
        if let Some(first) = args.first() {
            if let Ok(ttl) = first.text.parse::<i64>() {
                if ttl <= 0 {
                    return self.refuse(
                        first,
                        format!("cache: cache TTL can not be zero or negative: {ttl}"),
                    );
                }
                let ttl = ttl.min(i64::from(u32::MAX)) as u32;
                (cache.success_ttl, cache.denial_ttl) = (ttl, ttl);
                args = &args[1..];
            }
        }
        for a in args {
            match normalize_zone(&a.text) {
                Some(z) => cache.zones.push(z),
                None => self.not_simulated(a, &format!("cache zone {}", a.text)),
            }
        }
        if cache.zones.is_empty() {
            cache.zones = server_zones.to_vec();
        }
        for o in &d.block {
            let nums: Vec<Option<i64>> = o.args.iter().map(|a| a.text.parse().ok()).collect();
            match o.name.text.as_str() {
                "success" | "denial" => {
                    let denial = o.name.text == "denial";
                    match nums.as_slice() {
                        [] => self.refuse(&o.name, format!("cache: `{}` needs a capacity", o.name.text)),
                        [Some(_), rest @ ..] if rest.iter().all(Option::is_some) => {
                            let ttl = rest.first().copied().flatten();
                            let min = rest.get(1).copied().flatten();
                            if ttl.is_some_and(|t| t <= 0) {
                                return self.refuse(&o.args[1], "cache: cache TTL can not be zero or negative".into());
                            }
                            if min.is_some_and(|t| t < 0) {
                                return self.refuse(&o.args[2], "cache: cache min TTL can not be negative".into());
                            }
                            let clamp = |t: i64| t.min(i64::from(u32::MAX)) as u32;
                            let (max_f, min_f) = if denial {
                                (&mut cache.denial_ttl, &mut cache.denial_min)
                            } else {
                                (&mut cache.success_ttl, &mut cache.success_min)
                            };
                            if let Some(t) = ttl {
                                *max_f = clamp(t);
                            }
                            if let Some(m) = min {
                                *min_f = clamp(m);
                            }
                        }
                        _ => self.refuse(&o.name, format!("cache: `{}` wants numbers (capacity [TTL [MINTTL]])", o.name.text)),
                    }
                }
                "disable" => {
                    // disable success|denial [zones]: not cached, but replies are still TTL-capped
                    // (cache.go `WriteMsg` caps before `set` checks the exceptions).
                    match o.args.first().map(|a| a.text.as_str()) {
                        Some("success" | "denial") => {}
                        _ => self.refuse(&o.name, "cache: cache type for disable must be \"success\" or \"denial\"".into()),
                    }
                }
                "keepttl" => {
                    cache.keep_ttl = true;
                }
                "prefetch" | "serve_stale" | "servfail" => self.info(&o.name, format!("cache `{}` matters only over time, which the playground does not simulate: every query is the first", o.name.text)),
                other => self.refuse(&o.name, format!("cache: unknown property '{other}'")),
            }
        }
        c.cache = Some(cache);
    }

    /// plugin/rewrite `setup.go` + `name.go` `newNameRule`: the simple `name exact|suffix` forms.
    fn rewrite(&mut self, d: &Directive, c: &mut Config) {
        let mut args: &[Token] = &d.args;
        let mut continue_ = false;
        if let Some(a) = args.first() {
            match a.text.as_str() {
                "continue" => (continue_, args) = (true, &args[1..]),
                "stop" => args = &args[1..],
                _ => {}
            }
        }
        let Some(field) = args.first() else {
            return self.refuse(
                &d.name,
                "rewrite: missing field (name, type, class, ttl, ...)".into(),
            );
        };
        if field.text != "name" {
            return self.not_simulated(field, &format!("rewrite {}", field.text));
        }
        let rest: Vec<&str> = args[1..].iter().map(|t| t.text.as_str()).collect();
        let (kind, from, to, options) = match rest.as_slice() {
            [from, to] => ("exact", *from, *to, &[][..]),
            [kind, from, to, options @ ..] => (*kind, *from, *to, options),
            _ => return self.refuse(field, "rewrite: too few arguments for a name rule".into()),
        };
        let kind = kind.to_ascii_lowercase();
        if !matches!(kind.as_str(), "exact" | "suffix") {
            if matches!(kind.as_str(), "prefix" | "substring" | "regex") {
                return self.not_simulated(&args[1], &format!("rewrite name {kind}"));
            }
            return self.refuse(&args[1], format!("rewrite: name rule supports only exact, prefix, suffix, substring, and regex name matching, received: {kind}"));
        }
        let answer_auto = match options {
            [] => false,
            ["answer", "auto"] => true,
            _ => {
                self.not_simulated(&args[1], "rewrite answer options other than `answer auto`");
                false
            }
        };
        let fq = |s: &str| {
            let mut s = s.to_ascii_lowercase();
            if !s.ends_with('.') {
                s.push('.');
            }
            s
        };
        c.rewrites.push(Rewrite {
            suffix: kind == "suffix",
            from: fq(from),
            to: fq(to),
            // newExactNameRule: exact rules always rewrite the reply's names back.
            answer_auto: answer_auto || kind == "exact",
            continue_,
            pos: self.at(&d.name),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kubeadm_corefile_reads_as_the_default_apart_from_its_cache() {
        let (c, refused, notes) = Config::from_text(KUBEADM_COREFILE, &LineMap::Identity);
        assert!(!refused, "{notes:#?}");
        assert!(notes
            .iter()
            .all(|d| d.severity == crate::model::Severity::Info));
        let cache = c.cache.clone().expect("cache 30");
        assert_eq!((cache.success_ttl, cache.denial_ttl), (30, 30));
        let d = Config::default();
        assert_eq!(c.zones, d.zones);
        assert_eq!(c.cluster_domain, d.cluster_domain);
        assert_eq!((c.pods, c.ttl), (d.pods, d.ttl));
        assert_eq!(
            c.fallthrough.as_ref().map(|f| &f.0),
            d.fallthrough.as_ref().map(|f| &f.0)
        );
        assert!(c.loadbalance && c.forward && c.autopath.is_none());
    }
}
