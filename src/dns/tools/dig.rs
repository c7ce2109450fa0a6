//! `dig` as BIND 9.18 prints it (`bin/dig/dig.c`, `bin/dig/dighost.c`, `lib/dns/message.c`).
//!
//! Command line (`parse_args`, `plus_option`, `dash_option`):
//! * `@server` sets the server; `+[no]opt[=value]` options match any unambiguous prefix that reaches
//!   the letters dig's switch looks at (`+sh` is not enough for `+short`, `+short` and `+shor` are);
//!   a bare word is a type if it parses as one (until `-t` was given), `IN` is a class, anything else
//!   is a name (each name is one lookup). `-t TYPE`, `-x ADDR` (reverse name, type PTR), `-q NAME`,
//!   `-c CLASS`, `-p PORT`, `-4`/`-6` are read.
//! * An unknown `+opt` or `-opt` prints `Invalid option: …` and the usage to stderr and exits 1; an
//!   invalid `-t` type is ignored with a warning.
//!
//! Output (`printgreeting`, `printmessage`, `received`):
//! * The greeting `\n; <<>> DiG 9.18.… <<>> ARGS\n` is built when the first name is read: it gets
//!   `; (1 server found)` only if `@server` came before the name, then `;; global options: +cmd`. It is
//!   printed with the first reply, or before `;; no servers could be reached`.
//! * With `+showsearch` every reply of the walk is printed, each with the greeting again: the next
//!   lookup is cloned (greeting included) before the current one prints and clears its copy.
//! * `;; Got answer:`, the `.local` mDNS warning, `->>HEADER<<-`, the flags line (ADDITIONAL counts the
//!   OPT record), `;; WARNING: recursion requested but not available` when `rd` and not `ra`, a blank
//!   line, `;; OPT PSEUDOSECTION:` with `; EDNS: version: 0, flags:; udp: N` and `; COOKIE: … (echoed)`
//!   (a cookie shorter than 16 octets that came back), then the non-empty sections, each followed by
//!   a blank line. `+nocomments` drops the comment lines, the OPT block and those blank lines.
//! * Statistics (`received`): `;; Query time: N msec`, `;; SERVER: IP#53(ARG) (UDP)`, `;; WHEN: …`,
//!   `;; MSG SIZE  rcvd: N` and a blank line. `recv_done` calls `received` after a printed NXDOMAIN
//!   of a search walk, and again at the end when the reply is NOERROR or the lookup had no search
//!   origin: so a non-NXDOMAIN error for a search-domain name prints no statistics, and an NXDOMAIN
//!   for a name asked as typed under `+search` (dots ≥ ndots, or a trailing dot with ≥ ndots dots)
//!   prints them twice. Both follow from the 9.18 source; no capture was found to confirm them.
//! * `+short` prints only the answer rdata, one per line.
//! * A silent server: one `;; communications error to IP#53: timed out` per try (3 by default), then
//!   the greeting and `;; no servers could be reached`, exit 9. Any reply exits 0, NXDOMAIN included.

use std::net::IpAddr;

use super::{comm_error, is_nxdomain, reverse_name, sockaddr, RunEnv, ToolRun};
use crate::dns::message::{Edns, Message, ResponseCode};
use crate::dns::name::{Name, NameError};
use crate::dns::resolv::{send, Attempt, ResolvConf, Send};
use crate::dns::rr::RecordType;
use crate::dns::server::DnsServer;
use crate::dns::text::{question_line, record_line};

/// The version dig reports (the 9.18 build of the spec's capture, Ubuntu 24.04 `dnsutils`).
pub const DIG_VERSION: &str = "9.18.39-0ubuntu0.24.04.1-Ubuntu";

const USAGE: &str = "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

/// Why a dig command line stops before any query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigError {
    /// `+foo` that dig does not know.
    #[error("Invalid option: +{option}")]
    InvalidPlusOption { option: String },
    /// `-z` that dig does not know, or a dash option missing its value.
    #[error("Invalid option: -{option}")]
    InvalidDashOption { option: String },
    /// `@server` that is not an IP address (the simulator has no system resolver).
    #[error("couldn't get address for '{server}': not found")]
    BadServer { server: String },
    /// A number option with a bad value (`+tries=x`).
    #[error("Couldn't parse {what}")]
    BadNumber { what: String },
    /// A query name that is not a legal name.
    #[error("'{name}' is not a legal name ({reason})")]
    BadName { name: String, reason: String },
}

impl DigError {
    /// The text dig prints for this error and its exit status.
    pub fn render(&self) -> (String, i32) {
        match self {
            DigError::InvalidPlusOption { .. } | DigError::InvalidDashOption { .. } => {
                (format!("{self}\n{USAGE}"), 1)
            }
            _ => (format!("dig: {self}\n"), 10),
        }
    }
}

/// The text BIND's `isc_result_totext` gives for a name error.
fn name_reason(e: &NameError) -> &'static str {
    match e {
        NameError::Empty | NameError::EmptyLabel { .. } => "empty label",
        NameError::LabelTooLong { .. } => "label too long",
        NameError::NameTooLong { .. } => "name too long",
        NameError::BadEscape { .. } => "bad escape",
    }
}

/// One name to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The name as typed (or the reverse name for `-x`).
    pub text: String,
    pub query_type: RecordType,
}

/// A parsed dig command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigOptions {
    /// `@server`: the text as typed and its address.
    pub server: Option<(String, IpAddr)>,
    pub port: u16,
    pub lookups: Vec<Lookup>,
    pub short: bool,
    pub search: bool,
    pub showsearch: bool,
    pub printcmd: bool,
    pub comments: bool,
    pub stats: bool,
    pub question: bool,
    pub answer: bool,
    pub authority: bool,
    pub additional: bool,
    pub recurse: bool,
    pub edns: bool,
    pub cookie: bool,
    pub tcp: bool,
    pub ndots: Option<u8>,
    pub tries: u8,
    /// The greeting, as built when the first name was read (empty with `+nocmd`/`+short` before it).
    pub greeting: String,
    /// Warnings printed while parsing (`;; Warning, …`).
    pub warnings: Vec<String>,
}

impl Default for DigOptions {
    fn default() -> Self {
        DigOptions {
            server: None,
            port: 53,
            lookups: Vec::new(),
            short: false,
            search: false,
            showsearch: false,
            printcmd: true,
            comments: true,
            stats: true,
            question: true,
            answer: true,
            authority: true,
            additional: true,
            recurse: true,
            edns: true,
            cookie: true,
            tcp: false,
            ndots: None,
            tries: 3,
            greeting: String::new(),
            warnings: Vec::new(),
        }
    }
}

/// `+options`: (full name, shortest accepted prefix).
pub(crate) const PLUS: &[(&str, usize)] = &[
    ("additional", 3),
    ("all", 2),
    ("answer", 2),
    ("authority", 2),
    ("cmd", 2),
    ("comments", 3),
    ("cookie", 3),
    ("edns", 4),
    ("ndots", 2),
    ("question", 2),
    ("recurse", 3),
    ("retry", 3),
    ("search", 2),
    ("short", 4),
    ("showsearch", 5),
    ("stats", 2),
    ("tcp", 3),
    ("tries", 3),
    ("vc", 2),
    // accepted, no visible effect in the simulator
    ("adflag", 2),
    ("cdflag", 2),
    ("besteffort", 1),
    ("fail", 1),
    ("ignore", 2),
    ("keepopen", 2),
    ("timeout", 4),
];

fn parse_num(value: Option<&str>, what: &str, max: u32) -> Result<u32, DigError> {
    value
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|v| *v <= max)
        .ok_or(DigError::BadNumber {
            what: what.to_string(),
        })
}

fn plus_option(opts: &mut DigOptions, option: &str) -> Result<(), DigError> {
    let invalid = || DigError::InvalidPlusOption {
        option: option.split('=').next().unwrap_or("").to_string(),
    };
    let (cmd, value) = match option.split_once('=') {
        Some((c, v)) => (c, Some(v)),
        None => (option, None),
    };
    let lower = cmd.to_ascii_lowercase();
    let (state, cmd) = match lower.strip_prefix("no") {
        Some(rest) => (false, rest.to_string()),
        None => (true, lower),
    };
    let full = PLUS
        .iter()
        .find(|(full, min)| cmd.len() >= *min && full.starts_with(cmd.as_str()))
        .map(|(full, _)| *full)
        .ok_or_else(invalid)?;
    match full {
        "additional" => opts.additional = state,
        "all" => {
            opts.question = state;
            opts.answer = state;
            opts.authority = state;
            opts.additional = state;
            opts.comments = state;
            opts.stats = state;
            opts.printcmd = state;
        }
        "answer" => opts.answer = state,
        "authority" => opts.authority = state,
        "cmd" => opts.printcmd = state,
        "comments" => opts.comments = state,
        "cookie" => {
            opts.cookie = state;
            if state {
                opts.edns = true;
            }
        }
        "edns" => opts.edns = state,
        "ndots" => opts.ndots = Some(parse_num(value, "ndots", 255)? as u8),
        "question" => opts.question = state,
        "recurse" => opts.recurse = state,
        "retry" => opts.tries = (parse_num(value, "retries", 254)? + 1) as u8,
        "tries" => opts.tries = parse_num(value, "tries", 255)?.max(1) as u8,
        "search" => opts.search = state,
        "short" => {
            opts.short = state;
            if state {
                opts.printcmd = false;
                opts.additional = false;
                opts.answer = true;
                opts.authority = false;
                opts.question = false;
                opts.comments = false;
                opts.stats = false;
            }
        }
        "showsearch" => {
            opts.showsearch = state;
            opts.search = state;
        }
        "stats" => opts.stats = state,
        "tcp" | "vc" => opts.tcp = state,
        _ => {}
    }
    Ok(())
}

fn add_lookup(opts: &mut DigOptions, text: String, query_type: RecordType, args: &[String]) {
    if opts.lookups.is_empty() && opts.printcmd {
        let mut g = format!("\n; <<>> DiG {DIG_VERSION} <<>>");
        for a in args {
            g.push(' ');
            g.push_str(a);
        }
        g.push('\n');
        if opts.server.is_some() {
            g.push_str("; (1 server found)\n");
        }
        g.push_str(&format!(
            ";; global options:{}{}\n",
            if opts.short { " +short" } else { "" },
            if opts.printcmd { " +cmd" } else { "" }
        ));
        opts.greeting = g;
    }
    opts.lookups.push(Lookup { text, query_type });
}

/// Parses dig's arguments (without the program name).
pub fn parse(args: &[String]) -> Result<DigOptions, DigError> {
    let mut opts = DigOptions::default();
    // The type given before any name applies to every name that has no type of its own.
    let mut default_type: Option<RecordType> = None;
    let mut open_type_class = true;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let next = args.get(i + 1);
        i += 1;
        if let Some(server) = arg.strip_prefix('@') {
            let ip = server.parse::<IpAddr>().map_err(|_| DigError::BadServer {
                server: server.to_string(),
            })?;
            opts.server = Some((server.to_string(), ip));
        } else if let Some(option) = arg.strip_prefix('+') {
            plus_option(&mut opts, option)?;
        } else if let Some(dash) = arg.strip_prefix('-') {
            let mut flags = dash;
            // -4, -6 and friends may be stacked in front of a valued option.
            while let Some(rest) = flags.strip_prefix(['4', '6', 'm', 'u', 'i', 'n', 'r']) {
                flags = rest;
            }
            let Some(opt) = flags.chars().next() else {
                continue;
            };
            let invalid = || DigError::InvalidDashOption {
                option: dash.to_string(),
            };
            if !"tqxcp".contains(opt) {
                if opt == 'h' || opt == 'v' {
                    // dig -h / -v print and exit; treated as no-ops here.
                    continue;
                }
                return Err(invalid());
            }
            let inline = &flags[opt.len_utf8()..];
            let value = if inline.is_empty() {
                i += 1;
                next.cloned().ok_or_else(invalid)?
            } else {
                inline.to_string()
            };
            match opt {
                't' => {
                    open_type_class = false;
                    match value.parse::<RecordType>() {
                        Ok(t) => {
                            let slot = match opts.lookups.last_mut() {
                                Some(l) => &mut l.query_type,
                                None => default_type.get_or_insert(RecordType::A),
                            };
                            *slot = t;
                        }
                        Err(_) => opts
                            .warnings
                            .push(format!(";; Warning, ignoring invalid type {value}\n")),
                    }
                }
                'q' => {
                    let t = default_type.unwrap_or(RecordType::A);
                    add_lookup(&mut opts, value, t, args);
                }
                'x' => {
                    let rev = reverse_name(&value, false).ok_or_else(invalid)?;
                    add_lookup(&mut opts, rev, RecordType::PTR, args);
                }
                'p' => {
                    opts.port = value.parse().map_err(|_| DigError::BadNumber {
                        what: "port number".to_string(),
                    })?;
                }
                _ => {} // -c CLASS: only IN is simulated
            }
        } else {
            if open_type_class {
                if let Ok(t) = arg.parse::<RecordType>() {
                    match opts.lookups.last_mut() {
                        Some(l) => l.query_type = t,
                        None => default_type = Some(t),
                    }
                    continue;
                }
                if arg.eq_ignore_ascii_case("IN") {
                    continue;
                }
            }
            let t = default_type.unwrap_or(RecordType::A);
            add_lookup(&mut opts, arg.clone(), t, args);
        }
    }
    if opts.lookups.is_empty() {
        // No name: dig asks for the root's NS records.
        let t = default_type.unwrap_or(RecordType::NS);
        add_lookup(&mut opts, ".".to_string(), t, args);
    }
    Ok(opts)
}

/// True if a question is under `local.` (dig's `isdotlocal`).
fn is_dot_local(msg: &Message) -> bool {
    Name::from_labels(["local"], true)
        .is_ok_and(|local| msg.queries.iter().any(|q| q.name.is_subdomain_of(&local)))
}

/// dig's `printmessage`: greeting, comments, OPT block and sections (no statistics).
fn render_reply(out: &mut String, opts: &DigOptions, msg: &Message, greeting: &str) {
    if !opts.short && opts.printcmd {
        out.push_str(greeting);
    }
    if opts.comments && !opts.short {
        out.push_str(";; Got answer:\n");
        if is_dot_local(msg) {
            out.push_str(";; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n");
        }
        out.push_str(&format!(
            ";; ->>HEADER<<- opcode: {}, status: {}, id: {}\n",
            msg.opcode, msg.response_code, msg.id
        ));
        out.push_str(&format!(
            ";; flags:{}; QUERY: {}, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n",
            msg.flags,
            msg.queries.len(),
            msg.answers.len(),
            msg.authorities.len(),
            msg.additional_count()
        ));
        if msg.flags.rd && !msg.flags.ra {
            out.push_str(";; WARNING: recursion requested but not available\n");
        }
        out.push('\n');
        if let Some(edns) = &msg.edns {
            out.push_str(";; OPT PSEUDOSECTION:\n");
            out.push_str(&format!(
                "; EDNS: version: 0, flags:; udp: {}\n",
                edns.udp_size
            ));
            if let Some(cookie) = &edns.cookie {
                let hex: String = cookie.iter().map(|b| format!("{b:02x}")).collect();
                let tag = if cookie.len() < 16 {
                    " (echoed)"
                } else {
                    " (good)"
                };
                out.push_str(&format!("; COOKIE: {hex}{tag}\n"));
            }
        }
    }
    let section_end = |out: &mut String| {
        if opts.comments && !opts.short {
            out.push('\n');
        }
    };
    let header = |out: &mut String, name: &str| {
        if opts.comments && !opts.short {
            out.push_str(&format!(";; {name} SECTION:\n"));
        }
    };
    if opts.question && !opts.short && !msg.queries.is_empty() {
        header(out, "QUESTION");
        for q in &msg.queries {
            out.push_str(&question_line(q));
        }
        section_end(out);
    }
    if opts.answer {
        if opts.short {
            for r in &msg.answers {
                out.push_str(&format!("{}\n", r.rdata));
            }
        } else if !msg.answers.is_empty() {
            header(out, "ANSWER");
            for r in &msg.answers {
                out.push_str(&record_line(r));
            }
            section_end(out);
        }
    }
    for (on, name, records) in [
        (opts.authority, "AUTHORITY", &msg.authorities),
        (opts.additional, "ADDITIONAL", &msg.additionals),
    ] {
        if on && !opts.short && !records.is_empty() {
            header(out, name);
            for r in records {
                out.push_str(&record_line(r));
            }
            section_end(out);
        }
    }
}

/// dig's `received` callback: the statistics block.
fn render_stats(
    out: &mut String,
    opts: &DigOptions,
    msg: &Message,
    server: (&str, IpAddr),
    env: &RunEnv,
) {
    if opts.stats && !opts.short {
        out.push_str(&format!(";; Query time: {} msec\n", env.query_time_ms));
        out.push_str(&format!(
            ";; SERVER: {}({}) ({})\n",
            sockaddr(server.1, opts.port),
            server.0,
            if opts.tcp { "TCP" } else { "UDP" }
        ));
        out.push_str(&format!(";; WHEN: {}\n", env.when));
        out.push_str(&format!(";; MSG SIZE  rcvd: {}\n", msg.wire_size()));
        out.push('\n');
    }
}

/// A server that nobody answers for: the port is not 53.
struct Nowhere;

impl DnsServer for Nowhere {
    fn query(
        &mut self,
        _: IpAddr,
        _: &crate::dns::message::Query,
        _: bool,
        _: Option<&Edns>,
    ) -> Option<Message> {
        None
    }
}

/// Runs dig with `args` (without the program name).
pub fn run(args: &[String], dns: &mut dyn DnsServer, conf: &ResolvConf, env: &RunEnv) -> ToolRun {
    let opts = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            let (text, exit_code) = e.render();
            return ToolRun {
                text,
                exit_code,
                ..ToolRun::default()
            };
        }
    };
    let mut out: String = opts.warnings.concat();
    let (server_text, server_ip) = match &opts.server {
        Some((t, ip)) => (t.clone(), *ip),
        None => {
            let ip = conf
                .nameservers
                .first()
                .copied()
                .unwrap_or(IpAddr::from([127, 0, 0, 1]));
            (ip.to_string(), ip)
        }
    };
    let edns = opts.edns.then(|| Edns {
        udp_size: 1232,
        cookie: opts.cookie.then(|| env.client_cookie().to_vec()),
    });
    let how = Send {
        server: server_ip,
        rd: opts.recurse,
        edns: edns.as_ref(),
        tries: opts.tries,
        id_seed: env.id_seed,
    };
    let mut nowhere = Nowhere;
    let dns: &mut dyn DnsServer = if opts.port == 53 { dns } else { &mut nowhere };
    let ndots = opts.ndots.unwrap_or(conf.ndots);
    let conf = ResolvConf {
        ndots,
        ..conf.clone()
    };
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut exit_code = 0;
    for (li, lookup) in opts.lookups.iter().enumerate() {
        let greeting = if li == 0 { opts.greeting.as_str() } else { "" };
        let typed = match Name::parse(&lookup.text) {
            Ok(n) => n,
            Err(e) => {
                let err = DigError::BadName {
                    name: lookup.text.clone(),
                    reason: name_reason(&e).to_string(),
                };
                let (text, code) = err.render();
                out.push_str(&text);
                return ToolRun {
                    attempts,
                    text: out,
                    exit_code: code,
                };
            }
        };
        // setup_lookup: `count_dots` counts every '.' typed, the trailing one included.
        let dots = lookup.text.matches('.').count();
        let searching = opts.search && dots < usize::from(ndots);
        let need_search = opts.search && !searching;
        let typed_fqdn = typed.is_fqdn();
        let names = if opts.search {
            conf.bind_candidates(&typed)
        } else {
            vec![typed.into_fqdn()]
        };
        for (ni, name) in names.iter().enumerate() {
            let q = crate::dns::message::Query::new(name.clone(), lookup.query_type);
            let before = attempts.len();
            let reply = send(dns, &how, &q, &mut attempts);
            for _ in before..attempts.len() - usize::from(reply.is_some()) {
                out.push_str(&comm_error(server_ip, opts.port));
            }
            let Some(msg) = reply else {
                out.push_str(greeting);
                out.push_str(";; no servers could be reached\n");
                exit_code = 9;
                break;
            };
            // recv_done: an NXDOMAIN while searching goes through next_origin; it prints only when
            // the walk ends there (or with +showsearch), statistics included. Any other reply prints;
            // its statistics follow only if it is NOERROR or was asked without a search origin.
            // A name asked as typed with `need_search` still set (dots ≥ ndots) reaches both calls
            // of `received` on NXDOMAIN, so dig prints the statistics twice.
            let has_origin = searching && (typed_fqdn || ni + 1 < names.len());
            let server = (server_text.as_str(), server_ip);
            let last = ni + 1 == names.len() || !is_nxdomain(&msg);
            if is_nxdomain(&msg) && (has_origin || need_search) {
                if last || opts.showsearch {
                    render_reply(&mut out, &opts, &msg, greeting);
                    render_stats(&mut out, &opts, &msg, server, env);
                }
            } else {
                render_reply(&mut out, &opts, &msg, greeting);
            }
            if msg.response_code == ResponseCode::NoError || !has_origin {
                render_stats(&mut out, &opts, &msg, server, env);
            }
            if last {
                break;
            }
        }
    }
    ToolRun {
        attempts,
        text: out,
        exit_code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::tools::args;

    #[test]
    fn option_parsing_table() {
        // (args, short, search, showsearch, printcmd, comments, stats, answer, question, type, name)
        type Row = (&'static str, [bool; 8], RecordType, &'static str);
        let table: &[Row] = &[
            (
                "web",
                [false, false, false, true, true, true, true, true],
                RecordType::A,
                "web",
            ),
            (
                "+short web",
                [true, false, false, false, false, false, true, false],
                RecordType::A,
                "web",
            ),
            (
                "+search +showsearch x",
                [false, true, true, true, true, true, true, true],
                RecordType::A,
                "x",
            ),
            (
                "+noall +answer x",
                [false, false, false, false, false, false, true, false],
                RecordType::A,
                "x",
            ),
            (
                "+nocmd +nostats +noquestion x",
                [false, false, false, false, true, false, true, false],
                RecordType::A,
                "x",
            ),
            (
                "-t SRV _k._tcp.kafka-hs",
                [false, false, false, true, true, true, true, true],
                RecordType::SRV,
                "_k._tcp.kafka-hs",
            ),
            (
                "srv x",
                [false, false, false, true, true, true, true, true],
                RecordType::SRV,
                "x",
            ),
            (
                "x aaaa",
                [false, false, false, true, true, true, true, true],
                RecordType::AAAA,
                "x",
            ),
            (
                "-x 10.244.1.5",
                [false, false, false, true, true, true, true, true],
                RecordType::PTR,
                "5.1.244.10.in-addr.arpa.",
            ),
            (
                "-tTYPE65 x",
                [false, false, false, true, true, true, true, true],
                RecordType::Unknown(65),
                "x",
            ),
            (
                "+SHOR x",
                [true, false, false, false, false, false, true, false],
                RecordType::A,
                "x",
            ),
            (
                "",
                [false, false, false, true, true, true, true, true],
                RecordType::NS,
                ".",
            ),
        ];
        for (line, flags, t, name) in table {
            let o = parse(&args(line)).unwrap_or_else(|e| panic!("{line}: {e}"));
            let got = [
                o.short,
                o.search,
                o.showsearch,
                o.printcmd,
                o.comments,
                o.stats,
                o.answer,
                o.question,
            ];
            assert_eq!(&got, flags, "{line}");
            assert_eq!(o.lookups[0].query_type, *t, "{line}");
            assert_eq!(o.lookups[0].text, *name, "{line}");
        }
    }

    #[test]
    fn greeting_rules() {
        let o = parse(&args("@10.96.0.10 web")).unwrap();
        assert_eq!(
            o.greeting,
            format!("\n; <<>> DiG {DIG_VERSION} <<>> @10.96.0.10 web\n; (1 server found)\n;; global options: +cmd\n")
        );
        let o = parse(&args("web @10.96.0.10")).unwrap();
        assert!(!o.greeting.contains("server found"));
        assert_eq!(o.server.map(|s| s.0), Some("10.96.0.10".to_string()));
        let o = parse(&args("+nocmd web")).unwrap();
        assert_eq!(o.greeting, "");
    }

    #[test]
    fn bad_command_lines() {
        let table: &[(&str, DigError)] = &[
            (
                "+bogus x",
                DigError::InvalidPlusOption {
                    option: "bogus".into(),
                },
            ),
            (
                "+sh x",
                DigError::InvalidPlusOption {
                    option: "sh".into(),
                },
            ),
            (
                "+nofoo=3 x",
                DigError::InvalidPlusOption {
                    option: "nofoo".into(),
                },
            ),
            (
                "+ed x",
                DigError::InvalidPlusOption {
                    option: "ed".into(),
                },
            ),
            ("-z x", DigError::InvalidDashOption { option: "z".into() }),
            ("x -t", DigError::InvalidDashOption { option: "t".into() }),
            (
                "@kube-dns x",
                DigError::BadServer {
                    server: "kube-dns".into(),
                },
            ),
            (
                "+tries=x y",
                DigError::BadNumber {
                    what: "tries".into(),
                },
            ),
        ];
        for (line, err) in table {
            assert_eq!(parse(&args(line)).as_ref().err(), Some(err), "{line}");
        }
        let (text, code) = DigError::InvalidPlusOption {
            option: "bogus".into(),
        }
        .render();
        assert!(text.starts_with("Invalid option: +bogus\nUsage:  dig [@global-server]"));
        assert_eq!(code, 1);
    }

    #[test]
    fn invalid_type_is_a_warning() {
        let o = parse(&args("-t BOGUS web")).unwrap();
        assert_eq!(
            o.warnings,
            vec![";; Warning, ignoring invalid type BOGUS\n".to_string()]
        );
        assert_eq!(o.lookups[0].query_type, RecordType::A);
    }
}
