//! `nslookup` as BIND 9.18 prints it against CoreDNS (`bin/dig/nslookup.c` on top of `dighost.c`).
//!
//! * Arguments: `-opt` settings (`-type=`, `-ty=`, `-querytype=`, `-query=`, `-qu=`, `-q=`,
//!   `-[no]search`, `-[no]recurse`, `-retry=`, `-port=`, `-timeout=`, `-debug` accepted), then
//!   `host [server]`. An unknown setting prints `*** Invalid option: …` and is skipped; an unknown
//!   type prints `unknown query type: …`.
//! * No type given: an A lookup, then (if the A reply is not an error) an AAAA lookup for the name the
//!   CNAME chain ends at (`printmessage` "Add AAAA lookup"). An IP address argument becomes a PTR
//!   lookup of its reverse name.
//! * The search list applies (`usesearch`), with dig's rules (see `resolv`). Without a server argument,
//!   every reply lacking `ra` prints `;; Got recursion not available from SERVER` (`check_ra` in
//!   `recv_done`), the intermediate NXDOMAIN replies of the walk included; with a server argument it
//!   does not.
//! * `Server:\t\tARG` / `Address:\tIP#53` / blank line head the A reply (or any reply of an explicit
//!   type); a PTR lookup of the default kind prints no header. `** server can't find NAME: RCODE`
//!   names the last name tried (as typed after a full walk) and sets exit code 1.
//! * Answer lines: A/AAAA as `Name:\tOWNER` + `Address: IP`; SOA as the owner and tab-indented fields;
//!   others as `OWNER\t<type text>RDATA` (`service = `, `name = `, `canonical name = `, `text = `,
//!   `mail exchanger = `, `nameserver = `). Owners print without the final dot, rdata names with it.
//! * `Non-authoritative answer:` only when `aa` is clear (never for CoreDNS's own zones); an empty
//!   answer prints `*** Can't find NAME: No answer` (for the default pair, only when AAAA is empty
//!   too). The run ends with a blank line (`puts("")` in `main`).
//! * A silent server: 3 × `;; communications error …`, `;; no servers could be reached`, exit 1.

use std::net::IpAddr;

use super::{chase_cname, is_nxdomain, reverse_name, send_on_port, sockaddr, RunEnv, ToolRun};
use crate::dns::message::{Message, Query, ResponseCode};
use crate::dns::name::Name;
use crate::dns::resolv::{Attempt, ResolvConf, Send};
use crate::dns::rr::{RData, Record, RecordType};
use crate::dns::server::DnsServer;

const USAGE: &str = "Usage:\n   nslookup [-opt ...]             # interactive mode using default server\n   nslookup [-opt ...] - server    # interactive mode using 'server'\n   nslookup [-opt ...] host        # just look up 'host' using default server\n   nslookup [-opt ...] host server # just look up 'host' using 'server'\n";

/// A parsed nslookup command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NslookupOptions {
    /// `None`: the default A + AAAA pair.
    pub query_type: Option<RecordType>,
    pub host: Option<String>,
    /// The server argument as typed.
    pub server: Option<String>,
    pub search: bool,
    pub recurse: bool,
    pub tries: u8,
    pub port: u16,
    /// Lines printed while reading the options.
    pub messages: Vec<String>,
}

/// Parses nslookup's arguments (without the program name).
pub fn parse(args: &[String]) -> NslookupOptions {
    let mut o = NslookupOptions {
        query_type: None,
        host: None,
        server: None,
        search: true,
        recurse: true,
        tries: 3,
        port: 53,
        messages: Vec::new(),
    };
    for arg in args {
        if let Some(opt) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
            set_option(&mut o, opt);
        } else if o.host.is_none() {
            o.host = Some(arg.clone());
        } else if o.server.is_none() {
            o.server = Some(arg.clone());
        }
    }
    o
}

fn set_option(o: &mut NslookupOptions, opt: &str) {
    let lower = opt.to_ascii_lowercase();
    // (prefix with '=', takes a type)
    for prefix in ["type=", "ty=", "querytype=", "query=", "qu=", "q="] {
        if let Some(v) = lower.strip_prefix(prefix) {
            match v.parse::<RecordType>() {
                Ok(t) => o.query_type = Some(t),
                Err(_) => o
                    .messages
                    .push(format!("unknown query type: {}\n", &opt[prefix.len()..])),
            }
            return;
        }
    }
    let check = |full: &str, min: usize| lower.len() >= min && full.starts_with(lower.as_str());
    if let Some(v) = lower
        .strip_prefix("retry=")
        .or_else(|| lower.strip_prefix("ret="))
    {
        if let Ok(n) = v.parse::<u8>() {
            o.tries = n.saturating_add(1);
        }
    } else if let Some(v) = lower
        .strip_prefix("port=")
        .or_else(|| lower.strip_prefix("po="))
    {
        if let Ok(p) = v.parse() {
            o.port = p;
        }
    } else if lower.starts_with("timeout=")
        || lower.starts_with("t=")
        || lower.starts_with("class=")
        || lower.starts_with("cl=")
        || lower.starts_with("domain=")
        || lower.starts_with("do=")
        || check("debug", 2)
        || check("nodebug", 4)
        || check("d2", 2)
        || check("nod2", 3)
        || check("vc", 2)
        || check("novc", 4)
        || check("all", 3)
    {
        // accepted; no visible effect in the simulator
    } else if check("recurse", 3) {
        o.recurse = true;
    } else if check("norecurse", 5) {
        o.recurse = false;
    } else if check("search", 3) {
        o.search = true;
    } else if check("nosearch", 5) {
        o.search = false;
    } else {
        o.messages.push(format!("*** Invalid option: {opt}\n"));
    }
}

/// nslookup's words for each type's rdata (`rtypetext` in nslookup.c).
fn rtype_text(t: RecordType) -> String {
    match t {
        RecordType::A => "internet address = ".into(),
        RecordType::NS => "nameserver = ".into(),
        RecordType::CNAME => "canonical name = ".into(),
        RecordType::SOA => "soa = ".into(),
        RecordType::PTR => "name = ".into(),
        RecordType::HINFO => "hinfo = ".into(),
        RecordType::MX => "mail exchanger = ".into(),
        RecordType::TXT => "text = ".into(),
        RecordType::AAAA => "has AAAA address ".into(),
        RecordType::SRV => "service = ".into(),
        other => format!("rdata_{} = ", other.code()),
    }
}

fn print_section(out: &mut String, records: &[Record], answer: bool) {
    for r in records {
        match &r.rdata {
            RData::A(_) | RData::AAAA(_) if answer => {
                out.push_str(&format!(
                    "Name:\t{}\nAddress: {}\n",
                    r.name.to_dotless(),
                    r.rdata
                ));
            }
            RData::SOA {
                mname,
                rname,
                serial,
                refresh,
                retry,
                expire,
                minimum,
            } => {
                out.push_str(&format!(
                    "{}\n\torigin = {}\n\tmail addr = {}\n\tserial = {serial}\n\trefresh = {refresh}\n\tretry = {retry}\n\texpire = {expire}\n\tminimum = {minimum}\n",
                    r.name.to_dotless(),
                    mname.to_dotless(),
                    rname.to_dotless()
                ));
            }
            _ => out.push_str(&format!(
                "{}\t{}{}\n",
                r.name.to_dotless(),
                rtype_text(r.record_type()),
                r.rdata
            )),
        }
    }
}

/// State carried between the A and the AAAA reply (`a_noanswer`, `print_error`).
struct Printer<'a> {
    default_lookups: bool,
    server_arg: &'a str,
    server: IpAddr,
    port: u16,
    a_noanswer: bool,
    print_error: bool,
}

impl Printer<'_> {
    /// `printmessage`: returns the AAAA follow-up name, if any.
    fn print(
        &mut self,
        out: &mut String,
        msg: &Message,
        qtype: RecordType,
        asked: &Name,
        textname: &str,
    ) -> Option<Name> {
        if !self.default_lookups || qtype == RecordType::A {
            out.push_str(&format!(
                "Server:\t\t{}\nAddress:\t{}\n\n",
                self.server_arg,
                sockaddr(self.server, self.port)
            ));
        }
        if msg.response_code != ResponseCode::NoError {
            out.push_str(&format!(
                "** server can't find {}: {}\n",
                asked.to_dotless(),
                msg.response_code
            ));
            self.print_error = true;
            return None;
        }
        let follow =
            (self.default_lookups && qtype == RecordType::A).then(|| chase_cname(msg, asked));
        if !msg.flags.aa && (!self.default_lookups || qtype == RecordType::A) {
            out.push_str("Non-authoritative answer:\n");
        }
        if !msg.answers.is_empty() {
            print_section(out, &msg.answers, true);
        } else if self.default_lookups && qtype == RecordType::A {
            self.a_noanswer = true;
        } else if !self.default_lookups || (qtype == RecordType::AAAA && self.a_noanswer) {
            out.push_str(&format!("*** Can't find {textname}: No answer\n"));
        }
        if !msg.flags.aa && qtype != RecordType::A && qtype != RecordType::AAAA {
            out.push_str("\nAuthoritative answers can be found from:\n");
            print_section(out, &msg.authorities, false);
            print_section(out, &msg.additionals, false);
        }
        follow
    }
}

/// Runs nslookup with `args` (without the program name).
pub fn run(args: &[String], dns: &mut dyn DnsServer, conf: &ResolvConf, env: &RunEnv) -> ToolRun {
    let o = parse(args);
    let mut out: String = o.messages.concat();
    let Some(host) = o.host.clone() else {
        // Interactive mode needs a terminal; the simulator shows the usage instead.
        out.push_str(USAGE);
        return ToolRun {
            text: out,
            exit_code: 1,
            ..ToolRun::default()
        };
    };
    let (server_arg, server) = match &o.server {
        Some(s) => match s.parse::<IpAddr>() {
            Ok(ip) => (s.clone(), ip),
            Err(_) => {
                out.push_str(&format!(";; couldn't get address for '{s}': not found\n\n"));
                return ToolRun {
                    text: out,
                    exit_code: 1,
                    ..ToolRun::default()
                };
            }
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
    let check_ra = o.server.is_none();
    let (textname, qtype, default_lookups, names) = match reverse_name(&host, true) {
        Some(rev) => {
            let name = Name::parse(&rev).ok();
            (
                rev,
                RecordType::PTR,
                o.query_type.is_none(),
                name.into_iter().collect(),
            )
        }
        None => {
            let names = match Name::parse(&host) {
                Ok(typed) if o.search => conf.bind_candidates(&typed),
                Ok(typed) => vec![typed.into_fqdn()],
                Err(_) => Vec::new(),
            };
            (
                host.clone(),
                o.query_type.unwrap_or(RecordType::A),
                o.query_type.is_none(),
                names,
            )
        }
    };
    if names.is_empty() {
        out.push_str(&format!("nslookup: '{host}' is not a legal name\n"));
        return ToolRun {
            text: out,
            exit_code: 1,
            ..ToolRun::default()
        };
    }
    let how = Send {
        server,
        rd: o.recurse,
        edns: None,
        tries: o.tries,
        id_seed: env.id_seed,
    };
    let mut p = Printer {
        default_lookups,
        server_arg: &server_arg,
        server,
        port: o.port,
        a_noanswer: false,
        print_error: false,
    };
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut reached = false;
    // (names to walk, type, text name for "Can't find")
    let mut pending = vec![(names, qtype, textname)];
    while let Some((names, qtype, textname)) = pending.pop() {
        for (i, name) in names.iter().enumerate() {
            let q = Query::new(name.clone(), qtype);
            let reply = send_on_port(dns, &how, &q, o.port, &mut attempts, &mut out);
            let Some(msg) = reply else {
                out.push_str(";; no servers could be reached\n");
                break;
            };
            reached = true;
            if check_ra && o.recurse && !msg.flags.ra {
                out.push_str(&format!(
                    ";; Got recursion not available from {server_arg}\n"
                ));
            }
            if is_nxdomain(&msg) && i + 1 < names.len() {
                continue;
            }
            if let Some(next) = p.print(&mut out, &msg, qtype, name, &textname) {
                let text = next.to_dotless();
                pending.push((vec![next.into_fqdn()], RecordType::AAAA, text));
            }
            break;
        }
    }
    out.push('\n');
    ToolRun {
        attempts,
        text: out,
        exit_code: i32::from(!reached || p.print_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::tools::args;

    #[test]
    fn option_table() {
        type Row<'a> = (
            &'a str,
            Option<RecordType>,
            Option<&'a str>,
            Option<&'a str>,
            bool,
            &'a [&'a str],
        );
        let table: &[Row] = &[
            ("web", None, Some("web"), None, true, &[]),
            (
                "-type=SRV _x._tcp.web",
                Some(RecordType::SRV),
                Some("_x._tcp.web"),
                None,
                true,
                &[],
            ),
            (
                "-query=aaaa web 10.96.0.10",
                Some(RecordType::AAAA),
                Some("web"),
                Some("10.96.0.10"),
                true,
                &[],
            ),
            (
                "-q=bogus web",
                None,
                Some("web"),
                None,
                true,
                &["unknown query type: bogus\n"],
            ),
            ("-nosearch web", None, Some("web"), None, false, &[]),
            (
                "-frob web",
                None,
                Some("web"),
                None,
                true,
                &["*** Invalid option: frob\n"],
            ),
        ];
        for (line, t, host, server, search, msgs) in table {
            let o = parse(&args(line));
            assert_eq!(o.query_type, *t, "{line}");
            assert_eq!(o.host.as_deref(), *host, "{line}");
            assert_eq!(o.server.as_deref(), *server, "{line}");
            assert_eq!(o.search, *search, "{line}");
            assert_eq!(
                o.messages,
                msgs.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{line}"
            );
        }
    }
}
