//! The DNS query timeline: what a typed `dig`, `nslookup` or `host` does on the wire, built from
//! the queries the tool really sent (the resolver's log) and the cluster they were answered from.
//!
//! The shape, per the Kubernetes DNS spec and kube-proxy's behaviour:
//! 1. the client pod reads `/etc/resolv.conf` (nameserver, search list, `ndots`);
//! 2. per search-list attempt, each query goes client → `kube-dns` virtual IP, kube-proxy rewrites
//!    the destination to one CoreDNS pod (a seeded pick, as its random iptables rule would be),
//!    CoreDNS decides (the explanation's verdict: a pause point for the attempt that ends the walk),
//!    and the reply comes back (NXDOMAIN attempts are drawn greyed); a server nobody runs gets
//!    the tool's retries and no reply;
//! 3. what an application would do with the answer: connect to a Service's virtual IP and have
//!    kube-proxy forward to one ready endpoint, or take a pod address from a headless answer and
//!    connect straight to it; SRV answers list their targets and ports; PTR answers point at the
//!    owner of the address; names outside the zone go to the upstream resolver.
//!
//! Every random choice comes from one [`SplitMix64`] seeded by the caller from the inputs.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::timeline::{Actor, ActorId, ActorKind, Builder, HopKind, Outcome, Timeline, What};
use crate::cluster::{count, Cluster, Owner, Pod};
use crate::dns::message::{Message, ResponseCode};
use crate::dns::resolv::ResolvConf;
use crate::dns::resolver::Resolution;
use crate::dns::rr::{RData, RecordType};
use crate::model::Pos;
use crate::rng::SplitMix64;

/// Durations at 1× speed, in virtual ms.
const HOP_MS: u32 = 400;
/// A hop of an attempt that only finds NXDOMAIN (shown, but quicker).
const QUICK_MS: u32 = 260;
const MARK_MS: u32 = 500;
const VERDICT_MS: u32 = 800;

/// What the timeline is built from.
pub struct DnsInput<'a> {
    pub cluster: &'a Cluster,
    /// The pod the command ran in: `(namespace, name)`.
    pub client: (&'a str, &'a str),
    pub command: &'a str,
    /// Every query the tool sent, in order (the resolver's log).
    pub log: &'a [Resolution],
    pub seed: u64,
}

/// The outcome a reply stands for.
pub fn outcome_of(reply: Option<&Message>) -> Outcome {
    match reply {
        None => Outcome::Timeout,
        Some(m) => match m.response_code {
            ResponseCode::NoError if m.answers.is_empty() => Outcome::NoData,
            ResponseCode::NoError => Outcome::Ok,
            ResponseCode::NXDomain => Outcome::NxDomain,
            _ => Outcome::Error,
        },
    }
}

/// The ordering key of a pod inside its lane: StatefulSet ordinals first, then build order.
fn pod_order(p: &Pod, index: usize) -> u64 {
    match p.owner {
        Owner::StatefulSet { ordinal, .. } if ordinal >= 0 => ordinal as u64,
        _ => (1 << 32) + index as u64,
    }
}

fn pod_actor(p: &Pod, index: usize, kind: ActorKind) -> Actor {
    Actor {
        kind,
        name: p.name.to_string(),
        address: p
            .ip()
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "no IP".into()),
        ready: p.ready,
        node: p.node.to_string(),
        order: pod_order(p, index),
        pos: p.source.pos(),
    }
}

/// The Service a query name is about: `[endpoint.|_port._proto.]<svc>.<ns>.svc.<zone>.`.
fn service_of_name(cluster: &Cluster, qname: &str) -> Option<usize> {
    let lower = qname.to_ascii_lowercase();
    let base = lower
        .trim_end_matches('.')
        .strip_suffix(&cluster.zone.to_ascii_lowercase())?
        .strip_suffix('.')?;
    let mut labels = base.rsplit('.');
    if labels.next()? != "svc" {
        return None;
    }
    let ns = labels.next()?;
    let svc = labels.next()?;
    cluster.service_index(ns, svc)
}

/// The Service an address belongs to: its cluster IP, else one of its endpoints.
fn service_of_ip(cluster: &Cluster, ip: IpAddr) -> Option<usize> {
    let by_vip = cluster
        .services
        .iter()
        .position(|s| s.cluster_ips.contains(&ip));
    by_vip.or_else(|| {
        cluster
            .services
            .iter()
            .position(|s| !s.headless && s.endpoints.iter().any(|e| e.ip == ip))
            .or_else(|| {
                cluster
                    .services
                    .iter()
                    .position(|s| s.endpoints.iter().any(|e| e.ip == ip))
            })
    })
}

fn addresses(m: &Message) -> Vec<IpAddr> {
    m.answers
        .iter()
        .filter_map(|r| match r.rdata {
            RData::A(v4) => Some(IpAddr::V4(v4)),
            RData::AAAA(v6) => Some(IpAddr::V6(v6)),
            _ => None,
        })
        .collect()
}

/// "NOERROR, 3 A records" / "NXDOMAIN" / "NOERROR, no answer (NODATA)".
fn reply_summary(m: &Message) -> String {
    let rc = m.response_code;
    if rc != ResponseCode::NoError {
        return rc.to_string();
    }
    if m.answers.is_empty() {
        return "NOERROR, no answer (NODATA)".into();
    }
    let mut kinds: Vec<(RecordType, usize)> = Vec::new();
    for r in &m.answers {
        match kinds.iter_mut().find(|(t, _)| *t == r.record_type()) {
            Some(k) => k.1 += 1,
            None => kinds.push((r.record_type(), 1)),
        }
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|(t, n)| count(*n, &format!("{t} record")))
        .collect();
    format!("NOERROR, {}", parts.join(", "))
}

/// Builds the lanes' actors and remembers which is which.
struct Cast {
    client: ActorId,
    dns_vip: ActorId,
    coredns: Vec<(IpAddr, ActorId)>,
    no_server: BTreeMap<IpAddr, ActorId>,
    upstream: Option<ActorId>,
    service: Option<(usize, ActorId)>,
    /// Pod actors by IP (the target Service's endpoints).
    pods: BTreeMap<IpAddr, ActorId>,
}

fn cast(b: &mut Builder, input: &DnsInput, target: Option<usize>) -> Cast {
    let c = input.cluster;
    let client_index = c.pod_index(input.client.0, input.client.1);
    let client = match client_index {
        Some(i) => pod_actor(&c.pods[i], i, ActorKind::Client),
        None => Actor {
            kind: ActorKind::Client,
            name: input.client.1.to_string(),
            address: String::new(),
            ready: true,
            node: String::new(),
            order: 0,
            pos: None,
        },
    };
    let client = b.actor(client);
    let dns_vip = b.actor(Actor {
        kind: ActorKind::DnsVip,
        name: "kube-dns".into(),
        address: c.dns_service_ip().to_string(),
        ready: true,
        node: String::new(),
        order: 0,
        pos: None,
    });
    let mut coredns = Vec::new();
    if let Some(svc) = c.service("kube-system", "kube-dns") {
        for (k, ep) in svc.endpoints.iter().enumerate() {
            let actor = match ep.pod {
                Some(i) => pod_actor(&c.pods[i], i, ActorKind::CoreDns),
                None => Actor {
                    kind: ActorKind::CoreDns,
                    name: format!("coredns ({})", ep.ip),
                    address: ep.ip.to_string(),
                    ready: ep.ready,
                    node: String::new(),
                    order: k as u64,
                    pos: None,
                },
            };
            coredns.push((ep.ip, b.actor(actor)));
        }
    }
    let mut cast = Cast {
        client,
        dns_vip,
        coredns,
        no_server: BTreeMap::new(),
        upstream: None,
        service: None,
        pods: BTreeMap::new(),
    };
    for r in input.log {
        let known =
            r.server == c.dns_service_ip() || cast.coredns.iter().any(|(ip, _)| *ip == r.server);
        if !known && !cast.no_server.contains_key(&r.server) {
            let id = b.actor(Actor {
                kind: ActorKind::NoServer,
                name: "no DNS server".into(),
                address: r.server.to_string(),
                ready: false,
                node: String::new(),
                order: 0,
                pos: None,
            });
            cast.no_server.insert(r.server, id);
        }
        if r.explanation.forwarded && cast.upstream.is_none() {
            cast.upstream = Some(b.actor(Actor {
                kind: ActorKind::Upstream,
                name: "upstream resolver".into(),
                address: "the node's resolv.conf".into(),
                ready: true,
                node: String::new(),
                order: 0,
                pos: None,
            }));
        }
    }
    if let Some(si) = target {
        let s = &c.services[si];
        let address = if s.headless {
            "None".to_string()
        } else if let Some(t) = &s.external_name {
            t.clone()
        } else {
            s.cluster_ips
                .iter()
                .map(IpAddr::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let id = b.actor(Actor {
            kind: ActorKind::ServiceVip,
            name: s.name.to_string(),
            address,
            ready: true,
            node: String::new(),
            order: 0,
            pos: s.source.pos(),
        });
        cast.service = Some((si, id));
        let mut eps: Vec<(u64, Actor, IpAddr)> = s
            .endpoints
            .iter()
            .enumerate()
            .map(|(k, ep)| {
                let mut a = match ep.pod {
                    Some(i) => pod_actor(&c.pods[i], i, ActorKind::Pod),
                    None => Actor {
                        kind: ActorKind::Pod,
                        name: crate::dns::resolver::endpoint_hostname(ep).into_owned(),
                        address: ep.ip.to_string(),
                        ready: ep.ready,
                        node: ep.node.as_deref().unwrap_or("").to_string(),
                        order: (1 << 33) + k as u64,
                        pos: ep.source.pos(),
                    },
                };
                a.ready = ep.ready;
                a.address = ep.ip.to_string();
                (a.order, a, ep.ip)
            })
            .collect();
        crate::sort::by_key(&mut eps, |(o, _, _)| *o);
        for (_, a, ip) in eps {
            let id = b.actor(a);
            cast.pods.entry(ip).or_insert(id);
        }
    }
    cast
}

/// Which tool ran (`dig`, `nslookup`, `host`), for captions.
fn tool_of(command: &str) -> &str {
    command.split_whitespace().next().unwrap_or("dig")
}

/// Groups the log into search-list attempts: consecutive queries for the same name.
fn attempts(log: &[Resolution]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, r) in log.iter().enumerate() {
        match out.last_mut() {
            Some(last) if log[last.start].question.name == r.question.name => last.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

fn positions(r: &Resolution) -> Vec<Pos> {
    let mut v: Vec<Pos> = r.explanation.steps.iter().filter_map(|s| s.pos).collect();
    crate::sort::by_key(&mut v, |p| (p.line, p.col));
    v.dedup();
    v
}

/// The timeline of one console run.
pub fn dns_timeline(input: &DnsInput) -> Timeline {
    // A command that sent no query (a usage error, a shell command) has nothing to draw.
    if input.log.is_empty() {
        return Timeline {
            seed: input.seed,
            summary: format!("{} sent no DNS query.", input.command),
            ..Timeline::default()
        };
    }
    let c = input.cluster;
    let tool = tool_of(input.command);
    let groups = attempts(input.log);
    // The query whose answer the tool reports: in the last attempt, the first one with records
    // (nslookup's A before its AAAA), else the last query sent.
    let decisive = groups
        .last()
        .and_then(|r| {
            r.clone()
                .find(|&i| outcome_of(input.log[i].reply.as_ref()) == Outcome::Ok)
        })
        .or(input.log.len().checked_sub(1));
    // The Service the picture is about: the one the answering query names, else the owner of the
    // first address in the answer (or of a reverse name's address).
    let target = decisive.and_then(|d| {
        let r = &input.log[d];
        service_of_name(c, &r.question.name.to_string())
            .or_else(|| {
                r.reply
                    .as_ref()
                    .and_then(|m| addresses(m).first().copied())
                    .and_then(|ip| service_of_ip(c, ip))
            })
            .or_else(|| {
                crate::dns::resolver::reverse_to_ip(
                    &r.question.name.to_string().to_ascii_lowercase(),
                )
                .and_then(|ip| service_of_ip(c, ip))
            })
    });
    let mut b = Builder::default();
    let cast = cast(&mut b, input, target);
    let mut rng = SplitMix64::new(input.seed);

    // 1. resolv.conf
    let conf = ResolvConf::cluster_first(input.client.0, &c.zone).ok();
    b.chapter("resolv.conf", None);
    let conf_text = match &conf {
        Some(conf) => {
            let search: Vec<String> = conf.search.iter().map(|n| n.to_dotless()).collect();
            format!(
                "nameserver {}, search {}, ndots:{}",
                conf.nameservers
                    .first()
                    .map_or_else(String::new, IpAddr::to_string),
                search.join(" "),
                conf.ndots
            )
        }
        None => "the cluster's nameserver".into(),
    };
    let mut caption = format!(
        "{tool} in pod {} reads /etc/resolv.conf: {conf_text}.",
        input.client.1
    );
    if let (Some(first), Some(conf)) = (input.log.first(), &conf) {
        if conf.nameservers.first() != Some(&first.server) {
            caption = format!(
                "{tool} in pod {} reads /etc/resolv.conf ({conf_text}), but the command names server {} itself.",
                input.client.1, first.server
            );
        }
    }
    b.push(
        MARK_MS,
        What::Mark {
            actors: vec![cast.client],
        },
        caption,
        Outcome::Ok,
    );

    // 2. the attempts
    let n = groups.len();
    for (k, range) in groups.iter().enumerate() {
        let first = &input.log[range.start];
        let qname = first.question.name.to_string();
        b.chapter(
            format!("attempt {} of {n}: {qname}", k + 1),
            Some((k + 1, n)),
        );
        let last_attempt = k + 1 == n;
        let mut tries: BTreeMap<String, usize> = BTreeMap::new();
        for qi in range.clone() {
            let r = &input.log[qi];
            let qt = r.question.query_type;
            let outcome = outcome_of(r.reply.as_ref());
            let dim = !last_attempt && outcome == Outcome::NxDomain;
            let dur = if dim { QUICK_MS } else { HOP_MS };
            let label = format!("{qt}? {qname}");
            let try_no = {
                let t = tries.entry(format!("{}", qt)).or_insert(0);
                *t += 1;
                *t
            };
            let again = if try_no > 1 {
                format!(" (try {try_no})")
            } else {
                String::new()
            };
            let set = |b: &mut Builder| {
                if let Some(s) = b.last() {
                    s.dim = dim;
                    s.query = Some(qi);
                }
            };
            if let Some(&ns_actor) = cast.no_server.get(&r.server) {
                b.push(
                    dur,
                    What::Hop {
                        from: cast.client,
                        to: ns_actor,
                        label,
                        kind: HopKind::Query,
                    },
                    format!(
                        "Attempt {} of {n}: {tool} sends {qname} {qt} to {}{again}.",
                        k + 1,
                        r.server
                    ),
                    Outcome::Ok,
                );
                set(&mut b);
                b.push(
                    MARK_MS,
                    What::Mark {
                        actors: vec![ns_actor],
                    },
                    format!(
                        "No reply: nothing in the cluster answers DNS on {}, so the query times out.",
                        r.server
                    ),
                    Outcome::Timeout,
                );
                set(&mut b);
                continue;
            }
            // To CoreDNS: through the kube-dns virtual IP (kube-proxy picks a pod), or straight
            // to a CoreDNS pod the command named.
            let direct = cast
                .coredns
                .iter()
                .find(|(ip, _)| *ip == r.server)
                .map(|x| x.1);
            let core = match direct {
                Some(a) => {
                    b.push(
                        dur,
                        What::Hop {
                            from: cast.client,
                            to: a,
                            label,
                            kind: HopKind::Query,
                        },
                        format!(
                            "Attempt {} of {n}: {tool} asks CoreDNS pod {} directly for {qname} {qt}{again}.",
                            k + 1,
                            r.server
                        ),
                        Outcome::Ok,
                    );
                    set(&mut b);
                    a
                }
                None => {
                    b.push(
                        dur,
                        What::Hop {
                            from: cast.client,
                            to: cast.dns_vip,
                            label,
                            kind: HopKind::Query,
                        },
                        format!(
                            "Attempt {} of {n}: {tool} asks {} (the kube-dns Service) for {qname} {qt}{again}.",
                            k + 1,
                            r.server
                        ),
                        Outcome::Ok,
                    );
                    set(&mut b);
                    let ready: Vec<&(IpAddr, ActorId)> = cast
                        .coredns
                        .iter()
                        .filter(|(_, a)| b.tl.actors[*a].ready)
                        .collect();
                    match ready.get(rng.below(ready.len())) {
                        Some(&&(ip, a)) => {
                            let name = b.tl.actors[a].name.clone();
                            b.push(
                                dur,
                                What::Hop {
                                    from: cast.dns_vip,
                                    to: a,
                                    label: format!("→ {ip}"),
                                    kind: HopKind::Rewrite,
                                },
                                format!(
                                    "kube-proxy rewrites the destination {} to CoreDNS pod {name} ({ip}), one of the kube-dns Service's {}.",
                                    r.server,
                                    count(ready.len(), "ready endpoint")
                                ),
                                Outcome::Ok,
                            );
                            set(&mut b);
                            a
                        }
                        None => cast.dns_vip,
                    }
                }
            };
            if let (Some(up), true) = (cast.upstream, r.explanation.forwarded) {
                b.push(
                    dur,
                    What::Hop {
                        from: core,
                        to: up,
                        label: format!("{qt}? {qname}"),
                        kind: HopKind::Query,
                    },
                    format!("{qname} is not a cluster name the kubernetes plugin serves, so CoreDNS forwards it to the node's resolver (forward . /etc/resolv.conf)."),
                    Outcome::Ok,
                );
                set(&mut b);
                b.push(
                    dur,
                    What::Hop {
                        from: up,
                        to: core,
                        label: "NXDOMAIN".into(),
                        kind: HopKind::Reply,
                    },
                    "The upstream answer is simulated (the playground has no Internet): NXDOMAIN."
                        .into(),
                    Outcome::NxDomain,
                );
                set(&mut b);
            }
            let verdict = if r.explanation.verdict.is_empty() {
                "CoreDNS answers.".to_string()
            } else {
                let mut v = r.explanation.verdict.clone();
                if !v.ends_with('.') {
                    v.push('.');
                }
                format!("CoreDNS decides: {v}")
            };
            b.push(
                if dim { QUICK_MS } else { VERDICT_MS },
                What::Mark { actors: vec![core] },
                verdict,
                outcome,
            );
            set(&mut b);
            if let Some(s) = b.last() {
                s.pos = positions(r);
                s.pause = Some(qi) == decisive;
            }
            let reply = r.reply.as_ref().map_or_else(String::new, reply_summary);
            let next = if dim {
                " The walk goes on with the next search domain."
            } else {
                ""
            };
            b.push(
                dur,
                What::Hop {
                    from: core,
                    to: cast.client,
                    label: reply.split(',').next().unwrap_or("").to_string(),
                    kind: HopKind::Reply,
                },
                format!("The reply comes back to {}: {reply}.{next}", input.client.1),
                outcome,
            );
            set(&mut b);
        }
    }

    // 3. what the answer is used for
    if let Some(d) = decisive {
        let r = &input.log[d];
        match r.reply.as_ref() {
            None => {
                b.chapter("no answer", None);
                b.push(
                    MARK_MS,
                    What::Mark {
                        actors: vec![cast.client],
                    },
                    format!("{tool} gives up: no server could be reached."),
                    Outcome::Timeout,
                );
            }
            Some(m) if m.response_code == ResponseCode::NoError && !m.answers.is_empty() => {
                use_answer(&mut b, input, &cast, r, m, &mut rng);
            }
            Some(_) => {}
        }
    }
    let mut tl = b.finish();
    tl.seed = input.seed;
    tl.summary = summary(input, &tl);
    tl
}

fn use_answer(
    b: &mut Builder,
    input: &DnsInput,
    cast: &Cast,
    r: &Resolution,
    m: &Message,
    rng: &mut SplitMix64,
) {
    let c = input.cluster;
    let client_name = input.client.1;
    match r.question.query_type {
        RecordType::SRV => {
            let mut targets: Vec<String> = Vec::new();
            let mut actors: Vec<ActorId> = Vec::new();
            for rec in &m.answers {
                if let RData::SRV { port, target, .. } = &rec.rdata {
                    targets.push(format!("{}:{port}", target.to_dotless()));
                    for add in m.additionals.iter().filter(|a| a.name == *target) {
                        let ip = match add.rdata {
                            RData::A(v4) => IpAddr::V4(v4),
                            RData::AAAA(v6) => IpAddr::V6(v6),
                            _ => continue,
                        };
                        if let Some(&a) = cast.pods.get(&ip) {
                            actors.push(a);
                        } else if let Some((_, a)) = cast
                            .service
                            .filter(|(si, _)| c.services[*si].cluster_ips.contains(&ip))
                        {
                            actors.push(a);
                        }
                    }
                }
            }
            if targets.is_empty() {
                return;
            }
            actors.dedup();
            b.chapter("targets", None);
            let shown = targets
                .iter()
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if targets.len() > 4 {
                format!(" and {} more", targets.len() - 4)
            } else {
                String::new()
            };
            b.push(
                VERDICT_MS,
                What::Mark { actors },
                format!(
                    "The SRV answer names {}: {shown}{more}; a client connects to each by name and port.",
                    count(targets.len(), "target")
                ),
                Outcome::Ok,
            );
        }
        RecordType::PTR => {
            let Some(name) = m.answers.iter().find_map(|rec| match &rec.rdata {
                RData::PTR(n) => Some(n.to_dotless()),
                _ => None,
            }) else {
                return;
            };
            let ip = crate::dns::resolver::reverse_to_ip(
                &r.question.name.to_string().to_ascii_lowercase(),
            );
            let owner = ip.and_then(|ip| {
                cast.pods.get(&ip).copied().or_else(|| {
                    cast.service
                        .filter(|(si, _)| c.services[*si].cluster_ips.contains(&ip))
                        .map(|(_, a)| a)
                })
            });
            b.chapter("owner", None);
            b.push(
                VERDICT_MS,
                What::Mark {
                    actors: owner.into_iter().collect(),
                },
                format!(
                    "{} belongs to {name}: the reverse name points back at its owner.",
                    ip.map_or_else(|| "The address".to_string(), |ip| ip.to_string())
                ),
                Outcome::Ok,
            );
        }
        _ => {
            let addrs = addresses(m);
            let Some(&ip) = addrs.first() else {
                // A CNAME whose target lies outside the cluster (an ExternalName Service).
                if let Some(t) = m.answers.iter().find_map(|rec| match &rec.rdata {
                    RData::CNAME(n) => Some(n.to_dotless()),
                    _ => None,
                }) {
                    b.chapter("alias", None);
                    let actors = cast.service.map(|(_, a)| a).into_iter().collect();
                    b.push(
                        VERDICT_MS,
                        What::Mark { actors },
                        format!("The answer is only an alias (CNAME) for {t}: the client has to look that name up outside the cluster."),
                        Outcome::Ok,
                    );
                }
                return;
            };
            let port = cast
                .service
                .and_then(|(si, _)| c.services[si].ports.first().map(|p| p.port));
            let port_text = port.map_or_else(String::new, |p| format!(":{p}"));
            // A Service's virtual IP: kube-proxy forwards each connection to one ready endpoint.
            if let Some((si, vip)) = cast
                .service
                .filter(|(si, _)| c.services[*si].cluster_ips.contains(&ip))
            {
                let s = &c.services[si];
                b.chapter("connect", None);
                b.push(
                    HOP_MS,
                    What::Hop {
                        from: cast.client,
                        to: vip,
                        label: format!("SYN {ip}{port_text}"),
                        kind: HopKind::Connect,
                    },
                    format!(
                        "An application in {client_name} would now connect to {ip}{port_text}: Service {}'s virtual IP, which no pod has.",
                        s.name
                    ),
                    Outcome::Ok,
                );
                let ready: Vec<(IpAddr, ActorId)> = s
                    .ready_endpoints()
                    .filter_map(|e| cast.pods.get(&e.ip).map(|&a| (e.ip, a)))
                    .collect();
                match ready.get(rng.below(ready.len())) {
                    Some(&(pip, a)) => {
                        let name = b.tl.actors[a].name.clone();
                        b.push(
                            HOP_MS,
                            What::Hop {
                                from: vip,
                                to: a,
                                label: format!("→ {pip}"),
                                kind: HopKind::Rewrite,
                            },
                            format!(
                                "kube-proxy picks pod {name} ({pip}), one of {}, and rewrites the connection to it; the next connection may land elsewhere.",
                                count(ready.len(), "ready endpoint")
                            ),
                            Outcome::Ok,
                        );
                    }
                    None => {
                        b.push(
                            MARK_MS,
                            What::Mark {
                                actors: vec![vip],
                            },
                            format!(
                                "Service {} has no ready endpoints, so kube-proxy rejects the connection: DNS answered, yet nothing serves.",
                                s.name
                            ),
                            Outcome::Error,
                        );
                    }
                }
                return;
            }
            // A pod's own address (headless answer or per-pod name): no virtual IP in the way.
            if let Some(&a) = cast.pods.get(&ip) {
                let name = b.tl.actors[a].name.clone();
                b.chapter("connect", None);
                let choice = if addrs.len() > 1 {
                    format!(
                        "The answer lists {} pod addresses; the client takes the first, {ip}, and an application would connect straight to pod {name}",
                        addrs.len()
                    )
                } else {
                    format!("The answer is pod {name}'s own address, {ip}, so an application would connect straight to the pod")
                };
                b.push(
                    HOP_MS,
                    What::Hop {
                        from: cast.client,
                        to: a,
                        label: format!("SYN {ip}{port_text}"),
                        kind: HopKind::Connect,
                    },
                    format!("{choice}: no virtual IP, no kube-proxy rewrite."),
                    Outcome::Ok,
                );
            }
        }
    }
}

fn summary(input: &DnsInput, tl: &Timeline) -> String {
    let attempts = tl.chapters.iter().filter(|c| c.attempt.is_some()).count();
    let last = input.log.last();
    let outcome = last.map_or("no query", |r| match outcome_of(r.reply.as_ref()) {
        Outcome::Ok => "an answer",
        Outcome::NxDomain => "NXDOMAIN",
        Outcome::NoData => "an empty answer",
        Outcome::Timeout => "no reply",
        Outcome::Error => "an error",
    });
    format!(
        "{} from pod {}: {} to CoreDNS, ending in {outcome}.",
        input.command,
        input.client.1,
        count(attempts, "attempt")
    )
}
