//! `host` as BIND 9.18 prints it (`bin/dig/host.c` on top of `dighost.c`).
//!
//! * Arguments (`isc_commandline_parse`, options first): `-t TYPE`, `-N NDOTS`, `-R RETRIES`,
//!   `-W`/`-w`/`-4`/`-6`/`-C`/`-s` (accepted), `-r` (no recursion); then `hostname [server]`. An unknown
//!   option prints `host: illegal option -- X` and the usage, exit 1; a bad `-t` prints
//!   `host: invalid type: X` and exits 2 (`fatalexit = 2`).
//! * No `-t`: an A lookup, then AAAA and MX lookups of the name the CNAME chain ends at ("Add AAAA and
//!   MX lookups" in `printmessage`). An address argument becomes a PTR lookup, without search.
//! * Names use the search list with dig's rules (see `resolv`); host tries a silent server twice.
//! * With a server argument the first reply is preceded by `Using domain server:` / `Name: ARG` /
//!   `Address: IP#53` / `Aliases: ` and a blank line.
//! * Short form (the default): each answer record as `OWNER <words> RDATA` (`rtypes` table: `has
//!   address`, `has IPv6 address`, `is an alias for`, `domain name pointer`, `mail is handled by`,
//!   `descriptive text`, `name server`, otherwise `has TYPE record`); owners without the final dot.
//!   An explicit type with no answer prints `NAME has no TYPE record`.
//! * Errors: `Host NAME not found: 3(NXDOMAIN)` with the name as typed (other rcodes name the
//!   last name tried), exit 1. A silent server: `;; communications error …` twice and
//!   `;; no servers could be reached`, exit 1.

use std::net::IpAddr;

use super::{
    chase_cname, is_nxdomain, reverse_name, send_on_port, sockaddr, type_text, RunEnv, ToolRun,
};
use crate::dns::message::{Message, Query, ResponseCode};
use crate::dns::name::Name;
use crate::dns::resolv::{Attempt, ResolvConf, Send};
use crate::dns::rr::RecordType;
use crate::dns::server::DnsServer;

const USAGE: &str = "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]\n       -a is equivalent to -v -t ANY\n       -A is like -a but omits RRSIG, NSEC, NSEC3\n       -c specifies query class for non-IN data\n       -C compares SOA records on authoritative nameservers\n       -d is equivalent to -v\n       -l lists all hosts in a domain, using AXFR\n       -m set memory debugging flag (trace|record|usage)\n       -N changes the number of dots allowed before root lookup is done\n       -p specifies the port on the server to query\n       -r disables recursive processing\n       -R specifies number of retries for UDP packets\n       -s a SERVFAIL response should stop query\n       -t specifies the query type\n       -T enables TCP/IP mode\n       -U enables UDP mode\n       -v enables verbose output\n       -V print version number and exit\n       -w specifies to wait forever for a reply\n       -W specifies how long to wait for a reply\n       -4 use IPv4 query transport only\n       -6 use IPv6 query transport only\n";

/// Why a host command line stops before any query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    #[error("host: illegal option -- {option}")]
    IllegalOption { option: char },
    #[error("host: option requires an argument -- {option}")]
    MissingArgument { option: char },
    #[error("host: invalid type: {text}")]
    InvalidType { text: String },
    #[error("no hostname")]
    NoHostname,
}

impl HostError {
    /// The text host prints and its exit status.
    pub fn render(&self) -> (String, i32) {
        match self {
            HostError::InvalidType { .. } => (format!("{self}\n\n"), 2),
            HostError::NoHostname => (USAGE.to_string(), 1),
            _ => (format!("{self}\n{USAGE}"), 1),
        }
    }
}

/// A parsed host command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostOptions {
    /// `None`: the default A, AAAA, MX trio.
    pub query_type: Option<RecordType>,
    pub hostname: String,
    pub server: Option<String>,
    pub ndots: Option<u8>,
    pub tries: u8,
    pub recurse: bool,
    pub port: u16,
}

/// Parses host's arguments (without the program name).
pub fn parse(args: &[String]) -> Result<HostOptions, HostError> {
    let mut o = HostOptions {
        query_type: None,
        hostname: String::new(),
        server: None,
        ndots: None,
        tries: 2,
        recurse: true,
        port: 53,
    };
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            i += 1;
            break;
        }
        let Some(flags) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else {
            break;
        };
        i += 1;
        for (pos, c) in flags.char_indices() {
            match c {
                'a' | 'A' | 'C' | 'd' | 'i' | 'l' | 's' | 'T' | 'U' | 'v' | 'w' | '4' | '6' => {}
                'r' => o.recurse = false,
                't' | 'N' | 'R' | 'W' | 'c' | 'm' | 'p' => {
                    let rest = &flags[pos + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        let v = args
                            .get(i)
                            .cloned()
                            .ok_or(HostError::MissingArgument { option: c })?;
                        i += 1;
                        v
                    } else {
                        rest.to_string()
                    };
                    match c {
                        't' => {
                            o.query_type =
                                Some(value.parse().map_err(|_| HostError::InvalidType {
                                    text: value.clone(),
                                })?)
                        }
                        'N' => o.ndots = value.parse().ok(),
                        'R' => {
                            o.tries = value
                                .parse::<u8>()
                                .map_or(2, |n| n.saturating_add(1).max(2))
                        }
                        'p' => o.port = value.parse().unwrap_or(53),
                        _ => {}
                    }
                    break;
                }
                other => return Err(HostError::IllegalOption { option: other }),
            }
        }
    }
    o.hostname = args.get(i).cloned().ok_or(HostError::NoHostname)?;
    o.server = args.get(i + 1).cloned();
    Ok(o)
}

/// host's words for a record type (`rtypes` in host.c).
fn type_words(t: RecordType) -> String {
    match t {
        RecordType::A => "has address".into(),
        RecordType::NS => "name server".into(),
        RecordType::CNAME => "is an alias for".into(),
        RecordType::PTR => "domain name pointer".into(),
        RecordType::HINFO => "host information".into(),
        RecordType::MX => "mail is handled by".into(),
        RecordType::TXT => "descriptive text".into(),
        RecordType::AAAA => "has IPv6 address".into(),
        other => format!("has {} record", type_text(other)),
    }
}

/// Runs host with `args` (without the program name).
pub fn run(args: &[String], dns: &mut dyn DnsServer, conf: &ResolvConf, env: &RunEnv) -> ToolRun {
    let o = match parse(args) {
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
    let fail = |text: String| ToolRun {
        text,
        exit_code: 1,
        ..ToolRun::default()
    };
    let (server_arg, server) = match &o.server {
        Some(s) => match s.parse::<IpAddr>() {
            Ok(ip) => (s.clone(), ip),
            Err(_) => return fail(format!("host: couldn't get address for '{s}': not found\n")),
        },
        None => {
            let ip = conf
                .nameservers
                .first()
                .copied()
                .unwrap_or(IpAddr::from([127, 0, 0, 1]));
            (ip.to_string(), ip)
        }
    };
    let conf = ResolvConf {
        ndots: o.ndots.unwrap_or(conf.ndots),
        ..conf.clone()
    };
    let (names, qtype, default_lookups) = match reverse_name(&o.hostname, true) {
        Some(rev) => (
            Name::parse(&rev).ok().into_iter().collect::<Vec<_>>(),
            o.query_type.unwrap_or(RecordType::PTR),
            false,
        ),
        None => match Name::parse(&o.hostname) {
            Ok(typed) => (
                conf.bind_candidates(&typed),
                o.query_type.unwrap_or(RecordType::A),
                o.query_type.is_none(),
            ),
            Err(_) => return fail(format!("host: '{}' is not a legal name\n", o.hostname)),
        },
    };
    let how = Send {
        server,
        rd: o.recurse,
        edns: None,
        tries: o.tries,
        id_seed: env.id_seed,
    };
    let mut out = String::new();
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut printed_server = false;
    let mut seen_error = false;
    let mut reached = false;
    // Lookups still to run: (names to walk, type, the lookup's text name).
    let mut queue: std::collections::VecDeque<(Vec<Name>, RecordType, String)> =
        std::collections::VecDeque::from([(names, qtype, o.hostname.clone())]);
    while let Some((names, qtype, textname)) = queue.pop_front() {
        for (i, name) in names.iter().enumerate() {
            let q = Query::new(name.clone(), qtype);
            let reply = send_on_port(dns, &how, &q, o.port, &mut attempts, &mut out);
            let Some(msg) = reply else {
                out.push_str(";; no servers could be reached\n");
                break;
            };
            reached = true;
            if is_nxdomain(&msg) && i + 1 < names.len() {
                continue;
            }
            if o.server.is_some() && !printed_server {
                out.push_str(&format!(
                    "Using domain server:\nName: {server_arg}\nAddress: {}\nAliases: \n\n",
                    sockaddr(server, o.port)
                ));
                printed_server = true;
            }
            print_reply(
                &mut out,
                &msg,
                qtype,
                name,
                &textname,
                default_lookups,
                &mut seen_error,
            );
            if default_lookups
                && qtype == RecordType::A
                && msg.response_code == ResponseCode::NoError
            {
                let next = chase_cname(&msg, name);
                let text = next.to_dotless();
                let next = next.into_fqdn();
                queue.push_back((vec![next.clone()], RecordType::AAAA, text.clone()));
                queue.push_back((vec![next], RecordType::MX, text));
            }
            break;
        }
    }
    ToolRun {
        attempts,
        text: out,
        exit_code: i32::from(!reached || seen_error),
    }
}

fn print_reply(
    out: &mut String,
    msg: &Message,
    qtype: RecordType,
    asked: &Name,
    typed: &str,
    default_lookups: bool,
    seen_error: &mut bool,
) {
    if msg.response_code != ResponseCode::NoError {
        let shown = if msg.response_code == ResponseCode::NXDomain {
            typed.to_string()
        } else {
            asked.to_dotless()
        };
        out.push_str(&format!(
            "Host {shown} not found: {}({})\n",
            msg.response_code.code(),
            msg.response_code
        ));
        *seen_error = true;
        return;
    }
    for r in &msg.answers {
        out.push_str(&format!(
            "{} {} {}\n",
            r.name.to_dotless(),
            type_words(r.record_type()),
            r.rdata
        ));
    }
    if !default_lookups && msg.answers.is_empty() {
        out.push_str(&format!(
            "{} has no {} record\n",
            asked.to_dotless(),
            type_text(qtype)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::tools::args;

    #[test]
    fn parse_table() {
        let o = parse(&args("-t SRV _k._tcp.kafka-hs 10.96.0.10")).unwrap();
        assert_eq!(o.query_type, Some(RecordType::SRV));
        assert_eq!(o.hostname, "_k._tcp.kafka-hs");
        assert_eq!(o.server.as_deref(), Some("10.96.0.10"));
        let o = parse(&args("-tAAAA -N 2 web")).unwrap();
        assert_eq!((o.query_type, o.ndots), (Some(RecordType::AAAA), Some(2)));
        let bad: &[(&str, HostError)] = &[
            ("-z web", HostError::IllegalOption { option: 'z' }),
            ("-t", HostError::MissingArgument { option: 't' }),
            (
                "-t BOGUS web",
                HostError::InvalidType {
                    text: "BOGUS".into(),
                },
            ),
            ("", HostError::NoHostname),
            ("-r", HostError::NoHostname),
        ];
        for (line, err) in bad {
            assert_eq!(parse(&args(line)).as_ref().err(), Some(err), "{line}");
        }
        assert_eq!(HostError::InvalidType { text: "X".into() }.render().1, 2);
    }
}
