//! The client tools a pod user types: BIND 9.18's `dig`, `nslookup` and `host`.
//!
//! All three are front ends of the same BIND library (`bin/dig/dighost.c`): they share the search
//! walk, the retry rule (dig and nslookup try a silent server 3 times, host 2 times) and the
//! `;; communications error to IP#53: timed out` / `;; no servers could be reached` lines. Each tool
//! module says which of its own rules it follows and where from.
//!
//! A run is deterministic: the query IDs, dig's client cookie, the query time and the `WHEN` date
//! come from [`RunEnv`]. Every packet sent is recorded as an [`Attempt`] so the UI can replay the
//! walk step by step.

pub mod complete;
pub mod dig;
pub mod host;
pub mod kubectl;
pub mod nslookup;

pub use kubectl::ShellContext;

use std::net::IpAddr;

use super::message::{Message, ResponseCode};
use super::name::Name;
use super::resolv::{Attempt, ResolvConf};
use super::rr::{RData, RecordType};
use super::server::DnsServer;

/// Inputs that make a run reproducible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnv {
    /// ID of the first query; later queries count up from it.
    pub id_seed: u16,
    /// What `;; Query time:` reports for every reply.
    pub query_time_ms: u32,
    /// What `;; WHEN:` prints, e.g. `Tue Oct 21 01:04:18 UTC 2025`.
    pub when: String,
}

impl RunEnv {
    /// The query ID of the `n`th packet of a run.
    pub fn id(&self, n: usize) -> u16 {
        self.id_seed.wrapping_add((n % 65536) as u16)
    }

    /// dig's 8-byte client cookie, derived from the seed (a fixed mix, not cryptographic).
    pub fn client_cookie(&self) -> [u8; 8] {
        let mut x = u64::from(self.id_seed) ^ 0x9e37_79b9_7f4a_7c15;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (x ^ (x >> 31)).to_be_bytes()
    }
}

impl Default for RunEnv {
    fn default() -> Self {
        RunEnv {
            id_seed: 10731,
            query_time_ms: 2,
            when: "Tue Oct 21 01:04:18 UTC 2025".to_string(),
        }
    }
}

/// The result of running one tool: every packet, the terminal text (stdout and stderr as a terminal
/// shows them) and the exit status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToolRun {
    pub attempts: Vec<Attempt>,
    pub text: String,
    pub exit_code: i32,
}

/// A command line that could not be split into words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgsError {
    /// A quote was opened and never closed.
    #[error("unexpected EOF while looking for matching `{quote}'")]
    UnterminatedQuote { quote: char },
}

/// Splits a command line into words like a POSIX shell would for simple input: whitespace separates
/// words, `'…'` and `"…"` group, `\` escapes the next character outside single quotes.
pub fn split_words(line: &str) -> Result<Vec<String>, ArgsError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(ArgsError::UnterminatedQuote { quote: c }),
                        Some(q) if q == c => break,
                        Some('\\') if c == '"' => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => cur.push(e),
                            Some(e) => {
                                cur.push('\\');
                                cur.push(e);
                            }
                            None => return Err(ArgsError::UnterminatedQuote { quote: c }),
                        },
                        Some(q) => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(e) = chars.next() {
                    cur.push(e);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Runs a whole command line (`dig +short web`, `nslookup web`, `host web`) as a shell would;
/// the same as [`run_command_in`] without a [`ShellContext`] (so without `kubectl` and `hostname`).
pub fn run_command(
    line: &str,
    dns: &mut dyn DnsServer,
    conf: &ResolvConf,
    env: &RunEnv,
) -> ToolRun {
    run_command_in(line, dns, conf, env, None)
}

/// The commands of the pod's shell as `help` lists them: (program, usage, what it does, needs a
/// [`ShellContext`]).
const HELP: &[(&str, &str, &str, bool)] = &[
    (
        "dig",
        "dig [@SERVER] [+search] [+short] NAME [TYPE]",
        "ask DNS, as BIND's dig",
        false,
    ),
    (
        "nslookup",
        "nslookup NAME [SERVER]",
        "ask DNS, as BIND's nslookup",
        false,
    ),
    (
        "host",
        "host [-t TYPE] NAME [SERVER]",
        "ask DNS, as BIND's host",
        false,
    ),
    (
        "kubectl",
        "kubectl get TYPE [NAME] [-n NS|-A] [-o wide|yaml|json|name] [-l k=v]",
        "list Services, pods, endpoints, workloads",
        true,
    ),
    (
        "kubectl",
        "kubectl describe svc|pod|ep|endpointslices|sts|deploy [NAME]",
        "an object in detail (a Service: the endpoints behind it)",
        true,
    ),
    (
        "cat /etc/resolv.conf",
        "cat /etc/resolv.conf",
        "this pod's resolver configuration",
        false,
    ),
    ("hostname", "hostname", "this pod's hostname", true),
    ("clear", "clear", "clear the terminal", false),
    ("help", "help", "this list", false),
];

/// The commands this shell runs, for the "not supported" line.
fn supported(ctx: Option<&ShellContext>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for &(name, _, _, needs_ctx) in HELP {
        if (ctx.is_some() || !needs_ctx) && !names.contains(&name) && name != "clear" {
            names.push(name);
        }
    }
    names.join(", ")
}

fn shell_text(text: String, exit_code: i32) -> ToolRun {
    ToolRun {
        text,
        exit_code,
        ..ToolRun::default()
    }
}

/// Runs a whole command line in the client pod's shell: the DNS tools, and with a context
/// `kubectl` (read from the simulated cluster, no DNS query) and `hostname`; `cat /etc/resolv.conf`
/// prints `conf`; `help` lists the commands; anything else is one line saying it is not supported
/// here, exit 127. `clear` prints nothing (the terminal clears its scrollback).
pub fn run_command_in(
    line: &str,
    dns: &mut dyn DnsServer,
    conf: &ResolvConf,
    env: &RunEnv,
    ctx: Option<&ShellContext>,
) -> ToolRun {
    let words = match split_words(line) {
        Ok(w) => w,
        Err(e) => {
            return ToolRun {
                text: format!("sh: syntax error: {e}\n"),
                exit_code: 2,
                ..ToolRun::default()
            }
        }
    };
    let Some((prog, args)) = words.split_first() else {
        return ToolRun::default();
    };
    let base = prog.rsplit('/').next().unwrap_or(prog);
    match (base, ctx) {
        ("dig", _) => dig::run(args, dns, conf, env),
        ("nslookup", _) => nslookup::run(args, dns, conf, env),
        ("host", _) => host::run(args, dns, conf, env),
        ("kubectl", Some(c)) => kubectl::run(args, c),
        ("hostname", Some(c)) => {
            let text = match c.cluster.pod(c.client.0, c.client.1) {
                Some(p) => format!("{}\n", p.kernel_hostname()),
                None => format!("{}\n", &c.client.1[..c.client.1.len().min(63)]),
            };
            shell_text(text, 0)
        }
        ("cat", _) => cat(args, conf),
        ("help", _) => {
            let rows: Vec<Vec<String>> = HELP
                .iter()
                .filter(|h| ctx.is_some() || !h.3)
                .map(|h| vec![h.1.to_string(), h.2.to_string()])
                .collect();
            shell_text(kubectl::tabwrite(&rows, 0, 3), 0)
        }
        ("clear", _) => ToolRun::default(),
        _ => shell_text(
            format!("sh: {prog}: not supported here; try: {}\n", supported(ctx)),
            127,
        ),
    }
}

/// `cat FILE...`: the pod's `/etc/resolv.conf` is the one file this simulation has.
fn cat(args: &[String], conf: &ResolvConf) -> ToolRun {
    if args.is_empty() {
        return shell_text(
            "cat: reading standard input is not supported here; try: cat /etc/resolv.conf\n".into(),
            1,
        );
    }
    let mut text = String::new();
    let mut code = 0;
    for a in args {
        if a == "/etc/resolv.conf" {
            text.push_str(&conf.to_file_text());
        } else {
            text.push_str(&format!(
                "cat: {a}: not available in this simulation (only /etc/resolv.conf is)\n"
            ));
            code = 1;
        }
    }
    shell_text(text, code)
}

/// The reverse-lookup name for an address, as BIND's `get_reverse` builds it: an IPv6 address gives
/// nibbles under `ip6.arpa` (no trailing dot, `dns_name_format`), anything else is taken as IPv4
/// and its dot-separated parts are reversed under `in-addr.arpa.`. With `strict`, a non-address is
/// rejected (nslookup and host use this to decide whether an argument is an address).
pub fn reverse_name(text: &str, strict: bool) -> Option<String> {
    if let Ok(v6) = text.parse::<std::net::Ipv6Addr>() {
        let mut out = String::new();
        for byte in v6.octets().iter().rev() {
            out.push_str(&format!("{:x}.{:x}.", byte & 0xf, byte >> 4));
        }
        out.push_str("ip6.arpa");
        return Some(out);
    }
    if strict && text.parse::<std::net::Ipv4Addr>().is_err() {
        return None;
    }
    let parts: Vec<&str> = text.split('.').collect();
    let mut out = parts.iter().rev().copied().collect::<Vec<_>>().join(".");
    out.push_str(".in-addr.arpa.");
    Some(out)
}

/// The name an answer's CNAME chain leads to, starting from `qname` (BIND's `chase_cnamechain`,
/// at most 10 links).
pub(crate) fn chase_cname(msg: &Message, qname: &Name) -> Name {
    let mut name = qname.clone();
    for _ in 0..10 {
        let next = msg.answers.iter().find_map(|r| match &r.rdata {
            RData::CNAME(t) if r.name == name => Some(t.clone()),
            _ => None,
        });
        match next {
            Some(t) => name = t,
            None => break,
        }
    }
    name
}

/// `IP#port` as BIND's `isc_sockaddr_format` prints a server.
pub(crate) fn sockaddr(ip: IpAddr, port: u16) -> String {
    format!("{ip}#{port}")
}

/// Sends `q` as nslookup and host do: to port 53 through [`send`]; any other port has no DNS
/// server behind it, so every try times out. Each silent try prints dig's communications error.
pub(crate) fn send_on_port(
    dns: &mut dyn crate::dns::DnsServer,
    how: &crate::dns::resolv::Send<'_>,
    q: &crate::dns::Query,
    port: u16,
    attempts: &mut Vec<crate::dns::Attempt>,
    out: &mut String,
) -> Option<Message> {
    let before = attempts.len();
    let reply = if port == 53 {
        crate::dns::resolv::send(dns, how, q, attempts)
    } else {
        for _ in 0..how.tries.max(1) {
            attempts.push(crate::dns::Attempt {
                question: q.clone(),
                server: how.server,
                reply: None,
            });
        }
        None
    };
    for _ in before..attempts.len() - usize::from(reply.is_some()) {
        out.push_str(&comm_error(how.server, port));
    }
    reply
}

/// The timeout line every BIND tool prints once per unanswered try.
pub(crate) fn comm_error(ip: IpAddr, port: u16) -> String {
    format!(
        ";; communications error to {}: timed out\n",
        sockaddr(ip, port)
    )
}

/// True for NXDOMAIN replies (the ones that continue a search walk).
pub(crate) fn is_nxdomain(m: &Message) -> bool {
    m.response_code == ResponseCode::NXDomain
}

/// A type's text as BIND's `dns_rdatatype_format` gives it.
pub(crate) fn type_text(t: RecordType) -> String {
    t.to_string()
}

/// Test helper for the tools' option tables: `s` split on white space, no quoting.
#[cfg(test)]
pub(crate) fn args(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_words_table() {
        let table: &[(&str, Result<&[&str], ArgsError>)] = &[
            ("dig +short web", Ok(&["dig", "+short", "web"])),
            ("  dig   a  ", Ok(&["dig", "a"])),
            ("dig 'a b' \"c d\"", Ok(&["dig", "a b", "c d"])),
            ("dig a\\ b", Ok(&["dig", "a b"])),
            ("dig ''", Ok(&["dig", ""])),
            ("", Ok(&[])),
            (
                "dig 'open",
                Err(ArgsError::UnterminatedQuote { quote: '\'' }),
            ),
        ];
        for (line, want) in table {
            let got = split_words(line);
            let want: Result<Vec<String>, ArgsError> = want
                .clone()
                .map(|w| w.iter().map(|s| s.to_string()).collect());
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn reverse_names() {
        let table: &[(&str, bool, Option<&str>)] = &[
            ("10.244.1.5", true, Some("5.1.244.10.in-addr.arpa.")),
            ("10.96.0.10", false, Some("10.0.96.10.in-addr.arpa.")),
            ("web", true, None),
            ("1.2.3", false, Some("3.2.1.in-addr.arpa.")),
            (
                "fd00::1",
                true,
                Some("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa"),
            ),
        ];
        for &(ip, strict, want) in table {
            assert_eq!(reverse_name(ip, strict).as_deref(), want, "{ip}");
        }
    }

    #[test]
    fn cookie_is_deterministic() {
        let env = RunEnv::default();
        assert_eq!(env.client_cookie(), RunEnv::default().client_cookie());
        assert_eq!(env.id(0), 10731);
        assert_eq!(env.id(1), 10732);
    }
}
