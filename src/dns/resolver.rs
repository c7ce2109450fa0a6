//! The resolver: CoreDNS's `kubernetes` plugin (plus `loadbalance` and `forward`) over a simulated
//! [`Cluster`], as kubeadm configures it (k8s-dns.md §1–6).
//!
//! The code follows CoreDNS's own split:
//! * **parse** (`plugin/kubernetes/parse.go`): strip the zone and read labels from the right:
//!   `<kind>` (svc|pod), `<ns>.<kind>`, `<svc>.<ns>.<kind>`, then one more label is an endpoint,
//!   two more are `_port._proto`, three or more are NXDOMAIN;
//! * **lookup** (`kubernetes.go` `Records`/`findServices`/`findPods`, `reverse.go`): a list of
//!   backend entries (address or CNAME target, port, owner key), or "no items";
//! * **records** (`plugin/backend_lookup.go` `A`/`AAAA`/`SRV`/`PTR`/`TXT`/`NS`/`SOA`): entries to
//!   records, deduplicated, SRV weights `floor(100 / N)`;
//! * **decide** (`handler.go`): no items → NXDOMAIN + SOA; items but no record of the type → NODATA
//!   (NOERROR, empty answer, SOA); AXFR/IXFR → REFUSED; names outside the zone → `forward`.
//!
//! Around the plugin, the Corefile's other plugins in CoreDNS's fixed order (`plugin.cfg`):
//! `loadbalance` → `rewrite` → `autopath` → `cache` → `kubernetes` → `forward`, each as its own
//! plugin does it, configured by the cluster's Corefile ([`super::corefile`]).
//!
//! Every answer carries an [`Explanation`]: the chain of facts it rests on (each a typed [`Fact`],
//! rendered to text in [`super::explain`]), each with the manifest line it comes from, so the UI's
//! "why this answer" pane and `kdig --explain` can show it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use super::corefile::{Config, PodMode};
use super::explain::{
    EndpointFact, Fact, ForwardReason, Missing, NxReason, Origin, SchemaMismatch, ServiceFact,
    ServiceKind, Verdict,
};
pub use super::explain::{Explanation, Step};
use super::message::{Edns, Flags, Message, OpCode, Query, ResponseCode};
use super::name::Name;
use super::rr::{RData, Record, RecordType};
use super::server::DnsServer;
use crate::cluster::{Cluster, Endpoint, Pod, Service, Source};
use crate::model::{Pos, ServiceType};

/// kubeadm's Corefile: `ttl 30` (a pasted Corefile sets its own: [`Config::ttl`]).
pub const TTL: u32 = 30;
/// The `dns-version` TXT record's TTL (CoreDNS `Services()`).
pub const DNS_VERSION_TTL: u32 = 28800;
/// Kubernetes DNS schema version CoreDNS reports.
pub const DNS_SCHEMA_VERSION: &str = "1.1.0";
/// The SOA serial: CoreDNS uses the Unix time of the last API change; fixed here so that answers
/// replay exactly (2026-11-24T00:00:00Z).
pub const SOA_SERIAL: u32 = 1_795_478_400;

/// One query the resolver answered (or did not: `reply` is `None` for a server nobody runs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    pub server: IpAddr,
    pub question: Query,
    pub reply: Option<Message>,
    pub explanation: Explanation,
}

/// A backend entry, CoreDNS's `msg.Service`: an address or a CNAME target, a port (-1: none), and
/// the owner name it stands for (SRV target, PTR data).
#[derive(Clone, Debug)]
struct Entry {
    host: Host,
    port: i64,
    key: String,
    ttl: u32,
}

#[derive(Clone, Debug, PartialEq)]
enum Host {
    Ip(IpAddr),
    Name(String),
}

/// "No items": the name does not exist (NXDOMAIN).
struct NoItems;

/// What `parse.go` makes of a name inside the zone.
#[derive(Debug, Default, PartialEq)]
struct Request<'a> {
    /// `svc` or `pod`; empty for the apex, `svc` and `pod` themselves.
    kind: &'a str,
    namespace: &'a str,
    service: &'a str,
    endpoint: &'a str,
    port: Option<&'a str>,
    protocol: Option<&'a str>,
}

/// CoreDNS with the kubernetes plugin, answering from a cluster.
pub struct Resolver<'c> {
    cluster: &'c Cluster,
    /// The cluster's Corefile settings.
    cfg: &'c Config,
    /// The `kubernetes` plugin's TTL (`ttl`).
    ttl: u32,
    /// The namespace of the pod sending the queries: `autopath` finds it from the source IP in the
    /// pod cache (`pods verified`). `None`: an address no pod has.
    pub client_namespace: Option<String>,
    zone: String,
    /// `zone` with its trailing dot.
    zone_fqdn: Arc<str>,
    /// Collect explanations (on by default; off for bulk lookups such as benchmarks).
    pub explain: bool,
    /// Seed of the `loadbalance` shuffle; with the query counter it fixes every answer's order.
    pub seed: u64,
    counter: u64,
    /// Every query this resolver was sent, in order, with its explanation.
    pub log: Vec<Resolution>,
    /// Per Service (by index), its endpoints by lowercase DNS label, built on first use: CoreDNS
    /// keeps such indexes in its informer caches, so an endpoint name costs one lookup.
    by_label: RefCell<HashMap<usize, HashMap<String, Vec<usize>>>>,
}

impl<'c> Resolver<'c> {
    pub fn new(cluster: &'c Cluster) -> Self {
        let zone = cluster.zone.to_ascii_lowercase();
        Resolver {
            cluster,
            cfg: &cluster.dns,
            ttl: cluster.dns.ttl,
            client_namespace: Some(crate::cluster::CLIENT_POD.0.to_string()),
            zone_fqdn: Arc::from(format!("{zone}.")),
            zone,
            explain: true,
            seed: 0x5eed,
            counter: 0,
            log: Vec::new(),
            by_label: RefCell::new(HashMap::new()),
        }
    }

    pub fn with_seed(cluster: &'c Cluster, seed: u64) -> Self {
        Resolver {
            seed,
            ..Self::new(cluster)
        }
    }

    /// The addresses CoreDNS listens on: the kube-dns Service IP and the CoreDNS pods.
    pub fn serves(&self, server: IpAddr) -> bool {
        server == self.cluster.dns_service_ip() || self.cluster.coredns_pod_ips().contains(&server)
    }

    /// Answer one question as CoreDNS would. The reply's `id` is 0: the client sets its own.
    pub fn answer(&mut self, q: &Query, rd: bool, edns: Option<&Edns>) -> (Message, Explanation) {
        let mut ex = Explanation::new(self.explain);
        // rewrite (plugin/rewrite `rewrite.go` ServeDNS): the question is rewritten on the way in...
        let (inner, applied) = self.rewrite_question(q, &mut ex);
        let mut msg = match self.autopath(&inner, rd, edns, &mut ex) {
            Some(m) => m,
            None => self.cached(&inner, rd, edns, &mut ex),
        };
        // ... and the reply reverted on the way out (`reverter.go` ResponseReverter.WriteMsg).
        if !applied.is_empty() {
            self.revert_rewrites(&mut msg, q, &applied);
        }
        if self.cfg.loadbalance {
            self.loadbalance(&mut msg);
        }
        (msg, ex)
    }

    /// `cache` in front of `kubernetes` (plugin/cache `handler.go`): the plugin's reply, TTLs capped.
    fn cached(
        &mut self,
        q: &Query,
        rd: bool,
        edns: Option<&Edns>,
        ex: &mut Explanation,
    ) -> Message {
        let mut m = self.serve(q, rd, edns, ex);
        self.cache_cap(&mut m, q, ex);
        m
    }

    /// The `kubernetes` plugin (`handler.go` ServeDNS), and `forward` for what it does not answer.
    fn serve(&mut self, q: &Query, rd: bool, edns: Option<&Edns>, ex: &mut Explanation) -> Message {
        let mut lower = q.name.to_string();
        lower.make_ascii_lowercase();
        let mut msg = Message::reply_to(0, q, rd, edns, ResponseCode::NoError);
        let Some(zone) = self.match_zone(&lower) else {
            return self.forward(q, rd, edns, ex, ForwardReason::OutsideZone);
        };
        let zone: &str = &zone;
        ex.step(
            || Fact::InZone {
                qname: q.name.to_string(),
                zone: zone.to_string(),
                cluster_zone: self.zone.clone(),
            },
            self.cfg.zones_pos,
        );

        let qt = q.query_type;
        if matches!(qt, RecordType::AXFR | RecordType::IXFR) {
            msg.response_code = ResponseCode::Refused;
            msg.flags.aa = false;
            ex.set_verdict(|| Verdict::Refused);
            ex.step(|| Fact::ZoneTransferRefused, None);
            return msg;
        }
        match self.lookup(&lower, zone, q, ex) {
            Err(NoItems) if self.falls_through(&lower) => {
                match self.cfg.fallthrough.as_ref().and_then(|f| f.1) {
                    // `fallthrough in-addr.arpa ip6.arpa` (kubeadm's): unknown reverse names go on.
                    None => ex.step(|| Fact::ReverseFallthrough, None),
                    Some(pos) => ex.step(
                        || Fact::Fallthrough {
                            name: q.name.to_string(),
                        },
                        Some(pos),
                    ),
                }
                return self.forward(q, rd, edns, ex, ForwardReason::UnknownAddress);
            }
            Err(NoItems) => {
                msg.response_code = ResponseCode::NXDomain;
                msg.authorities.push(self.soa(zone));
                if ex.outcome.is_none() {
                    ex.set_verdict(|| {
                        Verdict::NxDomain(NxReason::Name {
                            qname: q.name.to_string(),
                        })
                    });
                }
            }
            Ok((answers, extra)) => {
                if answers.is_empty() {
                    msg.authorities.push(self.soa(zone));
                    if ex.outcome.is_none() {
                        ex.set_verdict(|| Verdict::NoData {
                            qname: q.name.to_string(),
                            qtype: qt,
                        });
                    }
                } else {
                    if ex.outcome.is_none() {
                        ex.set_verdict(|| Verdict::NoError {
                            records: count_records(&answers),
                        });
                    }
                    if let Some(pos) = self.cfg.ttl_pos {
                        let explicit = self.cfg.ttl_pos != self.cfg.zones_pos;
                        ex.step(
                            || Fact::CorefileTtl {
                                ttl: self.ttl,
                                explicit,
                            },
                            Some(pos),
                        );
                    }
                }
                msg.answers = answers;
                msg.additionals = extra;
            }
        }
        msg
    }

    /// `plugin.Zones(k.Zones).Matches`: the longest of the plugin's zones `lower` is in.
    fn match_zone(&self, lower: &str) -> Option<Arc<str>> {
        if in_zone(lower, &self.zone_fqdn) {
            return Some(Arc::clone(&self.zone_fqdn));
        }
        self.cfg
            .zones
            .iter()
            .filter(|z| in_zone(lower, z))
            .max_by_key(|z| z.len())
            .map(|z| Arc::from(z.as_str()))
    }

    /// `k.Fall.Through(name)` (plugin/pkg/fall): `fallthrough` with no zones covers all of them.
    fn falls_through(&self, lower: &str) -> bool {
        match &self.cfg.fallthrough {
            None => false,
            Some((zones, _)) => zones.is_empty() || zones.iter().any(|z| in_zone(lower, z)),
        }
    }

    /// plugin/rewrite `name.go`: `exact` and `suffix` name rules, in Corefile order, until one
    /// that `stop`s. Returns the question to serve and the rules applied.
    fn rewrite_question(&self, q: &Query, ex: &mut Explanation) -> (Query, Vec<usize>) {
        let mut applied = Vec::new();
        if self.cfg.rewrites.is_empty() {
            return (q.clone(), applied);
        }
        let mut name = q.name.to_string().to_ascii_lowercase();
        for (i, r) in self.cfg.rewrites.iter().enumerate() {
            let new = if r.suffix {
                name.strip_suffix(&r.from).map(|b| format!("{b}{}", r.to))
            } else {
                (name == r.from).then(|| r.to.clone())
            };
            let Some(new) = new else { continue };
            if Name::parse(&new).is_err() {
                continue;
            }
            ex.step(
                || Fact::Rewritten {
                    from: name.clone(),
                    to: new.clone(),
                },
                Some(r.pos),
            );
            name = new;
            applied.push(i);
            if !r.continue_ {
                break;
            }
        }
        match Name::parse(&name) {
            Ok(n) if !applied.is_empty() => (Query::new(n, q.query_type), applied),
            _ => (q.clone(), Vec::new()),
        }
    }

    /// `ResponseReverter`: the client's question back in place; with `answer auto` (always on for
    /// `exact`: `newExactNameRule`), the reply's names rewritten back too, last rule first.
    fn revert_rewrites(&self, msg: &mut Message, original: &Query, applied: &[usize]) {
        let orig_lower = original.name.to_string().to_ascii_lowercase();
        let mut names = vec![orig_lower];
        for &i in applied {
            let r = &self.cfg.rewrites[i];
            let last = names.last().cloned().unwrap_or_default();
            let next = if r.suffix {
                last.strip_suffix(&r.from).map(|b| format!("{b}{}", r.to))
            } else {
                Some(r.to.clone())
            };
            names.push(next.unwrap_or(last));
        }
        for (k, &i) in applied.iter().enumerate().rev() {
            let r = &self.cfg.rewrites[i];
            if !r.answer_auto {
                continue;
            }
            let (before, after) = (&names[k], &names[k + 1]);
            let back = |s: &str| -> Option<String> {
                let l = s.to_ascii_lowercase();
                if r.suffix {
                    // suffixStringRewriter(replacement → suffix)
                    l.strip_suffix(&r.to).map(|b| format!("{b}{}", r.from))
                } else if l == *after {
                    // remapStringRewriter: the name itself, or a name ending in `.<name>`
                    Some(before.clone())
                } else {
                    l.strip_suffix(&format!(".{after}"))
                        .map(|b| format!("{b}.{before}"))
                }
            };
            let fix = |n: &mut Name| {
                if let Some(t) = back(&n.to_string()).and_then(|t| Name::parse(&t).ok()) {
                    *n = t;
                }
            };
            for rec in msg
                .answers
                .iter_mut()
                .chain(msg.authorities.iter_mut())
                .chain(msg.additionals.iter_mut())
            {
                fix(&mut rec.name);
                match &mut rec.rdata {
                    RData::CNAME(t) | RData::NS(t) | RData::PTR(t) => fix(t),
                    RData::SRV { target, .. } => fix(target),
                    RData::MX { exchange, .. } => fix(exchange),
                    _ => {}
                }
            }
        }
        if let Some(q0) = msg.queries.first_mut() {
            *q0 = original.clone();
        }
    }

    /// plugin/autopath `autopath.go` ServeDNS with the kubernetes plugin's `AutoPath` search list
    /// (`plugin/kubernetes/autopath.go`): the server walks the client's search path itself and answers
    /// the first name that is not NXDOMAIN, behind a CNAME from the name asked. `None`: no autopath
    /// for this query (the plugin passes it on).
    fn autopath(
        &mut self,
        q: &Query,
        rd: bool,
        edns: Option<&Edns>,
        ex: &mut Explanation,
    ) -> Option<Message> {
        let pos = self.cfg.autopath?;
        let lower = q.name.to_string().to_ascii_lowercase();
        // AutoPath(): only names in the plugin's zones.
        let zone = self.match_zone(&lower)?;
        // AutoPath(): without `pods verified` there is no pod cache, so no search path (no autopath).
        if self.cfg.pods != PodMode::Verified {
            ex.step(|| Fact::AutopathNeedsVerified, Some(pos));
            return None;
        }
        // podWithIP(): the client's namespace from its source IP.
        let Some(ns) = self.client_namespace.clone() else {
            ex.step(|| Fact::AutopathUnknownClient, Some(pos));
            return None;
        };
        let svc_zone = format!("svc.{zone}");
        let search = [
            format!("{ns}.{svc_zone}"),
            svc_zone,
            zone.to_string(),
            String::new(),
        ];
        // firstInSearchPath(): the name is the first search domain or below it.
        if !in_zone(&lower, &search[0]) {
            return None;
        }
        let typed = q.name.to_string();
        // dnsutil.TrimZone: the name must be longer than the search domain, else SERVFAIL.
        let Some(base) = typed
            .len()
            .checked_sub(search[0].len() + 1)
            .filter(|_| lower.len() > search[0].len())
            .map(|n| typed[..n].to_string())
        else {
            let mut m = Message::reply_to(0, q, rd, edns, ResponseCode::ServFail);
            m.flags.aa = false;
            ex.step(
                || Fact::AutopathOvershot {
                    name: typed.clone(),
                },
                Some(pos),
            );
            ex.set_verdict(|| Verdict::ServFail {
                why: "autopath cannot take the search domain off a name that is only the search domain".into(),
            });
            return Some(m);
        };
        let mut tried: Vec<(String, ResponseCode)> = Vec::new();
        let mut first: Option<(Message, Explanation)> = None;
        for s in &search {
            let name = if s.is_empty() {
                format!("{base}.")
            } else {
                format!("{base}.{s}")
            };
            let Ok(n) = Name::parse(&name) else { continue };
            let q2 = Query::new(n, q.query_type);
            let mut sub = Explanation::new(ex.enabled);
            let mut m = self.cached(&q2, rd, edns, &mut sub);
            tried.push((name.clone(), m.response_code));
            let written = !matches!(
                m.response_code,
                ResponseCode::ServFail | ResponseCode::Refused
            );
            if first.is_none() {
                first = Some((m.clone(), sub.clone()));
            }
            // plugin.ClientWrite / NXDOMAIN: try the next search domain.
            if !written || m.response_code == ResponseCode::NXDomain {
                continue;
            }
            cnamer(&mut m, q);
            let found = (tried.len() > 1).then(|| name.clone());
            ex.step(
                || Fact::Autopath {
                    ns: ns.clone(),
                    tried: tried.clone(),
                    found,
                },
                Some(pos),
            );
            merge(ex, sub, &m);
            return Some(m);
        }
        let (m, sub) = first?;
        ex.step(
            || Fact::Autopath {
                ns: ns.clone(),
                tried: tried.clone(),
                found: None,
            },
            Some(pos),
        );
        merge(ex, sub, &m);
        Some(m)
    }

    /// plugin/cache `cache.go` `ResponseWriter.WriteMsg`: every record of the reply gets one TTL, the
    /// smallest in it clamped to the cache's [min, max] (denials: `denial`, else `success`), and
    /// so for cached and `disable`d zones alike.
    fn cache_cap(&self, m: &mut Message, q: &Query, ex: &mut Explanation) {
        let Some(c) = &self.cfg.cache else { return };
        let lower = q.name.to_string().to_ascii_lowercase();
        if c.keep_ttl || !c.zones.iter().any(|z| z == "." || in_zone(&lower, z)) {
            return;
        }
        #[derive(PartialEq)]
        enum Kind {
            Positive,
            Denial,
            Error,
            Other,
        }
        // cacheResponseType / response.Typify.
        let kind = match m.response_code {
            ResponseCode::NoError if m.answers.is_empty() => Kind::Denial,
            ResponseCode::NoError => Kind::Positive,
            ResponseCode::NXDomain => Kind::Denial,
            ResponseCode::ServFail => Kind::Error,
            _ => Kind::Other,
        };
        let (max, min) = if kind == Kind::Denial {
            (c.denial_ttl, c.denial_min)
        } else {
            (c.success_ttl, c.success_min)
        };
        // dnsutil.MinimalTTLWithMaximum: 5 s without records or for other reply types.
        let all = || m.answers.iter().chain(&m.authorities).chain(&m.additionals);
        let msg_ttl = if matches!(kind, Kind::Error | Kind::Other) || all().next().is_none() {
            5
        } else {
            all().map(|r| r.ttl).fold(max, u32::min)
        };
        let ttl = match kind {
            // failttl: minNTTL (5 s) unless `servfail` says otherwise.
            Kind::Error => 5,
            _ => msg_ttl.max(min).min(max),
        };
        let mut changed = false;
        for r in m
            .answers
            .iter_mut()
            .chain(m.authorities.iter_mut())
            .chain(m.additionals.iter_mut())
        {
            changed |= r.ttl != ttl;
            r.ttl = ttl;
        }
        if changed {
            ex.step(|| Fact::CacheCap { ttl, max, min }, Some(c.pos));
        }
    }

    /// The records for a question inside `zone` (not a zone transfer): answers and additionals,
    /// or no items.
    fn lookup(
        &self,
        lower: &str,
        zone: &str,
        q: &Query,
        ex: &mut Explanation,
    ) -> Result<(Vec<Record>, Vec<Record>), NoItems> {
        let qt = q.query_type;
        match qt {
            RecordType::A | RecordType::AAAA => self
                .addresses(lower, zone, qt, q, ex, 0)
                .map(|r| (r, vec![])),
            RecordType::SRV => self.srv(lower, zone, q, ex),
            RecordType::PTR => self.ptr(lower, zone, q, ex),
            RecordType::TXT => self.txt(lower, zone, q, ex),
            RecordType::CNAME => self.cname(lower, zone, q, ex),
            RecordType::SOA if lower == zone => Ok((vec![self.soa(zone)], vec![])),
            RecordType::SOA => {
                ex.step(|| Fact::SoaBelowApex, None);
                Ok((vec![], vec![]))
            }
            RecordType::NS if lower == zone && zone == &*self.zone_fqdn => {
                let ns = Name::parse(&format!("ns.dns.{zone}")).unwrap_or_else(|_| Name::root());
                let owner = q.name.clone();
                Ok((
                    vec![Record::new(owner, self.ttl, RData::NS(ns.clone()))],
                    vec![Record::new(
                        ns,
                        self.ttl,
                        RData::A(crate::cluster::DNS_SERVICE_IP),
                    )],
                ))
            }
            _ => {
                // handler.go: "Do a fake A lookup, so we can distinguish between NODATA and NXDOMAIN".
                ex.step(|| Fact::FakeALookup { qtype: qt }, None);
                let fake = Query::new(q.name.clone(), RecordType::A);
                self.addresses(lower, zone, RecordType::A, &fake, ex, 0)
                    .map(|_| (vec![], vec![]))
            }
        }
    }

    /// `forward . /etc/resolv.conf`: the node's upstream. The playground has no Internet, so it answers
    /// as the root servers do for a name that does not exist, and says so.
    fn forward(
        &mut self,
        q: &Query,
        rd: bool,
        edns: Option<&Edns>,
        ex: &mut Explanation,
        why: ForwardReason,
    ) -> Message {
        if !self.cfg.forward {
            // plugin.NextOrFailure: no plugin after `kubernetes` → SERVFAIL ("no next plugin found").
            let mut m = Message::reply_to(0, q, rd, edns, ResponseCode::ServFail);
            m.flags.aa = false;
            ex.step(
                || Fact::NoForward {
                    name: q.name.to_string(),
                    why,
                },
                None,
            );
            ex.set_verdict(|| Verdict::ServFail {
                why: "the Corefile has no `forward`, so no plugin answers this name".into(),
            });
            return m;
        }
        let mut m = Message::reply_to(0, q, rd, edns, ResponseCode::NXDomain);
        m.flags = Flags {
            qr: true,
            rd,
            ra: true,
            ..Flags::default()
        };
        m.opcode = OpCode::Query;
        let root = Name::root();
        m.authorities.push(Record::new(
            root.clone(),
            86400,
            RData::SOA {
                mname: Name::parse("a.root-servers.net.").unwrap_or_else(|_| root.clone()),
                rname: Name::parse("nstld.verisign-grs.com.").unwrap_or_else(|_| root.clone()),
                serial: 2026112400,
                refresh: 1800,
                retry: 900,
                expire: 604800,
                minimum: 86400,
            },
        ));
        ex.forwarded = true;
        ex.step(
            || Fact::Forwarded {
                name: q.name.to_string(),
                why,
            },
            None,
        );
        ex.step(|| Fact::SimulatedUpstream, None);
        ex.set_verdict(|| Verdict::Forwarded {
            name: q.name.to_string(),
        });
        m
    }

    fn soa(&self, zone: &str) -> Record {
        let z = Name::parse(zone).unwrap_or_else(|_| Name::root());
        let mk = |s: String| Name::parse(&s).unwrap_or_else(|_| Name::root());
        // backend_lookup.go SOA(): TTL min(ttl, 300), MINIMUM = ttl; the names use the primary zone.
        Record::new(
            z,
            self.ttl.min(300),
            RData::SOA {
                mname: mk(format!("ns.dns.{}.", self.zone)),
                rname: mk(format!("hostmaster.{}.", self.zone)),
                serial: SOA_SERIAL,
                refresh: 7200,
                retry: 1800,
                expire: 86400,
                minimum: self.ttl,
            },
        )
    }

    // ---------------------------------------------------------------------------------------
    // parse.go

    fn parse_request<'a>(&self, lower: &'a str, zone: &str) -> Result<Request<'a>, NoItems> {
        let base = lower.strip_suffix(zone).unwrap_or("").trim_end_matches('.');
        let mut r = Request::default();
        if base.is_empty() || base == "svc" || base == "pod" {
            return Ok(r);
        }
        // At most six labels fit the schema (`_port._proto.svc.ns.svc`): more is NXDOMAIN.
        let mut segs: [&str; 6] = [""; 6];
        let mut n = 0;
        for seg in base.split('.') {
            if n == segs.len() {
                return Err(NoItems);
            }
            segs[n] = seg;
            n += 1;
        }
        let segs = &segs[..n];
        let mut last = segs.len() as isize - 1;
        let kind = segs[last as usize];
        if kind != "svc" && kind != "pod" {
            return Err(NoItems);
        }
        r.kind = kind;
        last -= 1;
        if last < 0 {
            return Ok(r);
        }
        r.namespace = segs[last as usize];
        last -= 1;
        if last < 0 {
            return Ok(r);
        }
        r.service = segs[last as usize];
        last -= 1;
        match last {
            -1 => {}
            0 => r.endpoint = segs[0],
            1 => {
                r.protocol = Some(segs[1].trim_start_matches('_'));
                r.port = Some(segs[0].trim_start_matches('_'));
            }
            _ => return Err(NoItems),
        }
        Ok(r)
    }

    // ---------------------------------------------------------------------------------------
    // kubernetes.go: Services/Records/findServices/findPods

    /// The backend entries for a forward name, or NoItems. `qt` is the question type (SRV drops
    /// ExternalName entries, as `Services()` does).
    fn records(
        &self,
        lower: &str,
        zone: &str,
        qt: RecordType,
        ex: &mut Explanation,
    ) -> Result<Vec<Entry>, NoItems> {
        if lower.strip_suffix(zone) == Some("ns.dns.") {
            ex.step(|| Fact::CoreDnsName, None);
            return Ok(vec![Entry {
                host: Host::Ip(IpAddr::V4(crate::cluster::DNS_SERVICE_IP)),
                port: -1,
                key: lower.to_string(),
                ttl: self.ttl,
            }]);
        }
        let r = match self.parse_request(lower, zone) {
            Ok(r) => r,
            Err(NoItems) => {
                let base = lower.strip_suffix(zone).unwrap_or("").trim_end_matches('.');
                ex.step(
                    || Fact::NotInSchema {
                        why: schema_mismatch(base),
                    },
                    None,
                );
                ex.set_verdict(|| Verdict::NxDomain(NxReason::NotInSchema));
                return Err(NoItems);
            }
        };
        if r.kind.is_empty() {
            ex.step(|| Fact::ZoneApex, None);
            return Ok(vec![]);
        }
        if zone.ends_with("arpa.") {
            return Err(NoItems);
        }
        self.namespace(&r, ex)?;
        let ns = r.namespace;
        if r.kind == "pod" {
            return self.find_pods(&r, ex);
        }
        if r.service.is_empty() {
            ex.step(
                || Fact::NamespaceOnly {
                    ns: ns.to_string(),
                    zone: self.zone.clone(),
                },
                None,
            );
            return Ok(vec![]);
        }
        let entries = self.find_services(&r, zone, qt == RecordType::SRV, ex)?;
        if qt == RecordType::SRV {
            // "SRV for external services is not yet implemented, so remove those records."
            let kept: Vec<Entry> = entries
                .iter()
                .filter(|e| !matches!(e.host, Host::Name(_)))
                .cloned()
                .collect();
            if kept.len() < entries.len() {
                ex.step(|| Fact::NoExternalNameSrv, None);
            }
            return Ok(kept);
        }
        Ok(entries)
    }

    /// The request's namespace exists (a step either way), or NoItems.
    fn namespace(&self, r: &Request, ex: &mut Explanation) -> Result<(), NoItems> {
        let ns = r.namespace;
        if !self.cluster.namespace_exists(ns) {
            ex.step(
                || Fact::NoNamespace {
                    ns: ns.to_string(),
                    kind: r.kind.to_string(),
                    zone: self.zone.clone(),
                },
                None,
            );
            ex.set_verdict(|| Verdict::NxDomain(NxReason::NoNamespace { ns: ns.to_string() }));
            return Err(NoItems);
        }
        // namespace.go `namespaceExposed`: with `namespaces`, only those are served.
        if !self.cfg.namespaces.is_empty() && !self.cfg.namespaces.iter().any(|n| n == ns) {
            ex.step(
                || Fact::NamespaceNotServed { ns: ns.to_string() },
                self.cfg.namespaces_pos,
            );
            ex.set_verdict(|| Verdict::NxDomain(NxReason::NoNamespace { ns: ns.to_string() }));
            return Err(NoItems);
        }
        if ex.enabled {
            let ns_pos = self
                .cluster
                .namespaces
                .iter()
                .find(|n| &*n.name == ns)
                .and_then(|n| n.source.pos());
            ex.step(|| Fact::NamespaceExists { ns: ns.to_string() }, ns_pos);
        }
        Ok(())
    }

    fn find_pods(&self, r: &Request, ex: &mut Explanation) -> Result<Vec<Entry>, NoItems> {
        let label = r.service;
        // findPods: `pods disabled` (the plugin's default) answers no pod name at all.
        if self.cfg.pods == PodMode::Disabled {
            ex.step(|| Fact::PodsDisabled, self.cfg.pods_pos);
            ex.set_verdict(|| Verdict::NxDomain(NxReason::PodsDisabled));
            return Err(NoItems);
        }
        if label.is_empty() {
            ex.step(
                || Fact::PodNamespaceOnly {
                    ns: r.namespace.to_string(),
                    zone: self.zone.clone(),
                },
                None,
            );
            return Ok(vec![]);
        }
        // findPods, `pods insecure`: a-b-c-d → a.b.c.d; otherwise dashes become colons (IPv6).
        let text = if label.matches('-').count() == 3 && !label.contains("--") {
            label.replace('-', ".")
        } else {
            label.replace('-', ":")
        };
        match text.parse::<IpAddr>() {
            // findPods, `pods verified`: only a pod of that namespace with that IP (the pod cache
            // keeps no terminating pods: object/pod.go `ToPod`).
            Ok(ip) if self.cfg.pods == PodMode::Verified => {
                let pod = self.cluster.pods.iter().find(|p| {
                    &*p.namespace == r.namespace
                        && !p.terminating
                        && p.ip() == Some(ip)
                        && ip.to_string() == text
                });
                ex.step(
                    || Fact::PodVerified {
                        label: label.to_string(),
                        ip,
                        pod: pod.map(|p| p.name.to_string()),
                    },
                    pod.and_then(|p| p.source.pos()).or(self.cfg.pods_pos),
                );
                if pod.is_none() {
                    ex.set_verdict(|| Verdict::NxDomain(NxReason::PodNotVerified));
                    return Err(NoItems);
                }
                Ok(vec![Entry {
                    host: Host::Ip(ip),
                    port: -1,
                    key: String::new(),
                    ttl: self.ttl,
                }])
            }
            Ok(ip) => {
                let owner = self
                    .cluster
                    .pods
                    .iter()
                    .find(|p| &*p.namespace == r.namespace && p.ips.contains(&ip));
                ex.step(
                    || Fact::PodIp {
                        label: label.to_string(),
                        ip,
                        owner: owner.map(|p| p.name.to_string()),
                    },
                    owner.and_then(|p| p.source.pos()),
                );
                Ok(vec![Entry {
                    host: Host::Ip(ip),
                    port: -1,
                    key: String::new(),
                    ttl: self.ttl,
                }])
            }
            Err(_) => {
                ex.step(
                    || Fact::NotAPodIp {
                        label: label.to_string(),
                        zone: self.zone.clone(),
                    },
                    None,
                );
                ex.set_verdict(|| Verdict::NxDomain(NxReason::PodNotDashed));
                Err(NoItems)
            }
        }
    }

    /// The entries of a Service name. `keys`: fill in each entry's owner name (only SRV targets
    /// need it, so address lookups skip building those strings).
    fn find_services(
        &self,
        r: &Request,
        zone: &str,
        keys: bool,
        ex: &mut Explanation,
    ) -> Result<Vec<Entry>, NoItems> {
        let svc_index = self.cluster.service_index(r.namespace, r.service);
        let Some(svc) = svc_index.map(|i| &self.cluster.services[i]) else {
            return Err(self.no_such_service(r, ex));
        };
        let base_key = if keys {
            format!("{}.{}.svc.{zone}", svc.name, svc.namespace)
        } else {
            String::new()
        };
        if svc.type_ == ServiceType::ExternalName {
            return external_name(svc, r, base_key, self.ttl, ex);
        }
        // findServices, `ignore empty_service`: a ClusterIP Service without a ready endpoint is skipped.
        if let Some(pos) = self.cfg.ignore_empty_service {
            if !svc.headless && svc.ready_endpoints().next().is_none() {
                ex.step(
                    || service_fact(svc, ServiceKind::ClusterIp),
                    svc.source.pos(),
                );
                ex.step(
                    || Fact::IgnoreEmptyService {
                        service: svc.name.to_string(),
                    },
                    Some(pos),
                );
                ex.set_verdict(|| {
                    Verdict::NxDomain(NxReason::EmptyService {
                        service: svc.name.to_string(),
                    })
                });
                return Err(NoItems);
            }
        }
        if svc.headless || !r.endpoint.is_empty() {
            return self.endpoint_entries(svc, svc_index, r, &base_key, keys, ex);
        }
        cluster_ip_entries(svc, r, base_key, self.ttl, ex)
    }

    /// No Service of that name: say so, with the nearest name in the namespace.
    fn no_such_service(&self, r: &Request, ex: &mut Explanation) -> NoItems {
        ex.step(
            || {
                let near: Vec<&str> = self
                    .cluster
                    .services_in(r.namespace)
                    .map(|s| &*s.name)
                    .collect();
                Fact::NoService {
                    ns: r.namespace.to_string(),
                    name: r.service.to_string(),
                    suggestion: crate::model::names::suggest(r.service, &near).map(String::from),
                }
            },
            None,
        );
        ex.set_verdict(|| {
            Verdict::NxDomain(NxReason::NoService {
                ns: r.namespace.to_string(),
                name: r.service.to_string(),
            })
        });
        NoItems
    }

    /// A headless Service's name, or any Service's endpoint name: one entry per ready endpoint
    /// (and matching port), NoItems if there is none.
    fn endpoint_entries(
        &self,
        svc: &Service,
        svc_index: Option<usize>,
        r: &Request,
        base_key: &str,
        keys: bool,
        ex: &mut Explanation,
    ) -> Result<Vec<Entry>, NoItems> {
        let kind = if svc.headless {
            ServiceKind::Headless
        } else {
            ServiceKind::ClusterIpEndpoint {
                endpoint: r.endpoint.to_string(),
            }
        };
        ex.step(|| service_fact(svc, kind), svc.source.pos());
        self.explain_endpoint_source(svc, ex);
        if let Some(pos) = self.cfg.endpoint_pod_names {
            ex.step(|| Fact::EndpointPodNames, Some(pos));
        }
        let mut out = Vec::new();
        let picked = self.pick_endpoints(svc, svc_index, r.endpoint);
        for ep in picked.iter().map(|&i| &svc.endpoints[i]) {
            let pod = ep.pod.map(|i| &self.cluster.pods[i]);
            ex.step(|| endpoint_fact(svc, ep, pod), ep_pos(ep, pod));
            if !ep.ready {
                continue;
            }
            let key = if keys {
                format!("{}.{base_key}", self.endpoint_label(ep))
            } else {
                String::new()
            };
            if ep.ports.is_empty() {
                // object/endpoint.go: no ports → sentinel port -1 (addresses only, no SRV).
                if r.port.is_none() {
                    out.push(Entry {
                        host: Host::Ip(ep.ip),
                        port: -1,
                        key,
                        ttl: self.ttl,
                    });
                }
                continue;
            }
            for p in ep.ports.iter() {
                if port_match(r, &p.name, p.protocol.as_str()) {
                    out.push(Entry {
                        host: Host::Ip(ep.ip),
                        port: p.port,
                        key: key.clone(),
                        ttl: self.ttl,
                    });
                }
            }
        }
        if out.is_empty() {
            let ready_names: Vec<String> = svc
                .ready_endpoints()
                .map(|e| self.endpoint_label(e).into_owned())
                .collect();
            ex.missing(
                || endpoints_missing(svc, r, !picked.is_empty(), ready_names),
                svc.source.pos(),
            );
            return Err(NoItems);
        }
        Ok(out)
    }

    /// kubernetes.go `endpointHostname`: the endpoint's hostname; with `endpoint_pod_names`, else
    /// its pod's name (when shorter than 64: object/endpoint.go); else the dashed IP.
    fn endpoint_label<'e>(&self, ep: &'e Endpoint) -> Cow<'e, str> {
        if ep.hostname.is_none() && self.cfg.endpoint_pod_names.is_some() {
            if let Some(p) = ep.pod.map(|i| &self.cluster.pods[i]) {
                if p.name.len() < 64 {
                    return Cow::Owned(p.name.to_string());
                }
            }
        }
        endpoint_hostname(ep)
    }

    /// The indexes of the endpoints a name asks for: all of them for the Service's own name, else
    /// those whose DNS label is `label` (through the per-Service label index).
    fn pick_endpoints(&self, svc: &Service, svc_index: Option<usize>, label: &str) -> Vec<usize> {
        match (label, svc_index) {
            ("", _) | (_, None) => (0..svc.endpoints.len()).collect(),
            (label, Some(si)) => {
                let mut cache = self.by_label.borrow_mut();
                let index = cache.entry(si).or_insert_with(|| {
                    let mut m: HashMap<String, Vec<usize>> = HashMap::new();
                    for (i, ep) in svc.endpoints.iter().enumerate() {
                        m.entry(self.endpoint_label(ep).to_ascii_lowercase())
                            .or_default()
                            .push(i);
                    }
                    m
                });
                index.get(label).cloned().unwrap_or_default()
            }
        }
    }

    fn explain_endpoint_source(&self, svc: &Service, ex: &mut Explanation) {
        use crate::cluster::EndpointsFrom;
        if !ex.enabled {
            return;
        }
        let origin = match svc.endpoints_from {
            EndpointsFrom::Selector => Origin::Selector {
                selector: svc
                    .selector
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                pods: svc.endpoints.len(),
            },
            EndpointsFrom::SelectorAndManifest { written } => Origin::SelectorAndManifest {
                pods: svc.endpoints.len() - written,
                written,
            },
            EndpointsFrom::Manifest => Origin::Manifest {
                count: svc.endpoints.len(),
            },
            EndpointsFrom::Nothing => Origin::Nothing,
            EndpointsFrom::ApiServer => Origin::ApiServer,
        };
        ex.step(|| Fact::EndpointSource(origin), None);
        for (i, why) in &svc.excluded {
            let p = &self.cluster.pods[*i];
            ex.step(
                || Fact::Excluded {
                    pod: p.name.to_string(),
                    why: why.clone(),
                },
                p.source.pos(),
            );
        }
    }

    // ---------------------------------------------------------------------------------------
    // backend_lookup.go

    /// A / AAAA, following in-zone CNAMEs (at most 8 deep).
    fn addresses(
        &self,
        lower: &str,
        zone: &str,
        qt: RecordType,
        q: &Query,
        ex: &mut Explanation,
        depth: usize,
    ) -> Result<Vec<Record>, NoItems> {
        let entries = self.records(lower, zone, qt, ex)?;
        let mut out = Vec::new();
        let mut seen: HashSet<IpAddr> = HashSet::with_capacity(entries.len());
        for e in &entries {
            match &e.host {
                Host::Ip(ip) => {
                    let rdata = match (qt, ip) {
                        (RecordType::A, IpAddr::V4(v4)) => RData::A(*v4),
                        (RecordType::AAAA, IpAddr::V6(v6)) => RData::AAAA(*v6),
                        _ => continue,
                    };
                    if seen.insert(*ip) {
                        out.push(Record::new(q.name.clone(), e.ttl, rdata));
                    }
                }
                Host::Name(target) => {
                    let t = format!("{}.", target.trim_end_matches('.'));
                    let Ok(tname) = Name::parse(&t) else { continue };
                    let cname = Record::new(q.name.clone(), e.ttl, RData::CNAME(tname.clone()));
                    let tl = t.to_ascii_lowercase();
                    if tl == lower || depth >= 7 {
                        ex.step(|| Fact::CnameLoop { target: t.clone() }, None);
                        continue;
                    }
                    if in_zone(&tl, zone) {
                        ex.step(
                            || Fact::CnameTarget {
                                target: t.clone(),
                                in_zone: true,
                            },
                            None,
                        );
                        let q2 = Query::new(tname, qt);
                        if let Ok(next) = self.addresses(&tl, zone, qt, &q2, ex, depth + 1) {
                            if !next.is_empty() {
                                out.push(cname);
                                out.extend(next);
                            }
                        }
                    } else {
                        ex.step(
                            || Fact::CnameTarget {
                                target: t.clone(),
                                in_zone: false,
                            },
                            None,
                        );
                        ex.forwarded = true;
                        out.push(cname);
                    }
                }
            }
        }
        if out.is_empty() && !entries.is_empty() {
            ex.step(|| Fact::OtherFamily { qtype: qt }, None);
        }
        Ok(out)
    }

    fn srv(
        &self,
        lower: &str,
        zone: &str,
        q: &Query,
        ex: &mut Explanation,
    ) -> Result<(Vec<Record>, Vec<Record>), NoItems> {
        let entries = self.records(lower, zone, RecordType::SRV, ex)?;
        // Weights: every entry counts 100; each SRV gets floor(100 * 100 / sum) (at least 1).
        let total = entries.len().max(1) as f64 * 100.0;
        let weight = ((100.0 / total * 100.0).floor() as u16).max(1);
        let mut records = Vec::new();
        let mut extra = Vec::new();
        let mut seen_srv: HashSet<(&str, i64)> = HashSet::with_capacity(entries.len());
        let mut seen_addr: HashSet<(&str, IpAddr)> = HashSet::with_capacity(entries.len());
        for e in &entries {
            if e.port < 0 {
                continue;
            }
            let Host::Ip(ip) = e.host else { continue };
            let Ok(target) = Name::parse(&e.key) else {
                continue;
            };
            if seen_srv.insert((&e.key, e.port)) {
                records.push(Record::new(
                    q.name.clone(),
                    e.ttl,
                    RData::SRV {
                        priority: 0,
                        weight,
                        port: e.port as u16,
                        target: target.clone(),
                    },
                ));
            }
            if seen_addr.insert((&e.key, ip)) {
                let rdata = match ip {
                    IpAddr::V4(v4) => RData::A(v4),
                    IpAddr::V6(v6) => RData::AAAA(v6),
                };
                extra.push(Record::new(target, e.ttl, rdata));
            }
        }
        if !records.is_empty() {
            ex.step(
                || Fact::SrvWeights {
                    count: entries.len(),
                    weight,
                },
                None,
            );
        } else if !entries.is_empty() {
            ex.step(|| Fact::NoSrvPorts, None);
        }
        Ok((records, extra))
    }

    fn ptr(
        &self,
        lower: &str,
        zone: &str,
        q: &Query,
        ex: &mut Explanation,
    ) -> Result<(Vec<Record>, Vec<Record>), NoItems> {
        let Some(ip) = reverse_to_ip(lower) else {
            // Not a full reverse name: look it up as a forward name, for NODATA vs NXDOMAIN.
            return self
                .records(lower, zone, RecordType::PTR, ex)
                .map(|_| (vec![], vec![]));
        };
        let mk = |s: String| Name::parse(&s).ok();
        for s in &self.cluster.services {
            if s.cluster_ips.contains(&ip) {
                ex.step(
                    || Fact::PtrClusterIp {
                        ip,
                        ns: s.namespace.to_string(),
                        name: s.name.to_string(),
                    },
                    s.source.pos(),
                );
                let Some(n) = mk(format!("{}.{}.svc.{}.", s.name, s.namespace, self.zone)) else {
                    break;
                };
                return Ok((
                    vec![Record::new(q.name.clone(), self.ttl, RData::PTR(n))],
                    vec![],
                ));
            }
        }
        let mut out = Vec::new();
        for s in &self.cluster.services {
            for ep in s.ready_endpoints().filter(|e| e.ip == ip) {
                let host = self.endpoint_label(ep);
                let pod = ep.pod.map(|i| &self.cluster.pods[i]);
                ex.step(
                    || Fact::PtrEndpoint {
                        ip,
                        ns: s.namespace.to_string(),
                        name: s.name.to_string(),
                        hostname: host.to_string(),
                    },
                    ep_pos(ep, pod),
                );
                if let Some(n) = mk(format!(
                    "{host}.{}.{}.svc.{}.",
                    s.name, s.namespace, self.zone
                )) {
                    out.push(Record::new(q.name.clone(), self.ttl, RData::PTR(n)));
                }
            }
        }
        if out.is_empty() {
            if let Some(p) = self.cluster.pods.iter().find(|p| p.ips.contains(&ip)) {
                ex.step(
                    || Fact::PtrPodOnly {
                        ip,
                        ns: p.namespace.to_string(),
                        pod: p.name.to_string(),
                    },
                    p.source.pos(),
                );
            }
            return Err(NoItems);
        }
        Ok((out, vec![]))
    }

    fn txt(
        &self,
        lower: &str,
        zone: &str,
        q: &Query,
        ex: &mut Explanation,
    ) -> Result<(Vec<Record>, Vec<Record>), NoItems> {
        if lower == format!("dns-version.{zone}") {
            ex.step(
                || Fact::DnsVersion {
                    zone: self.zone.clone(),
                },
                None,
            );
            return Ok((
                vec![Record::new(
                    q.name.clone(),
                    DNS_VERSION_TTL,
                    RData::TXT(vec![DNS_SCHEMA_VERSION.into()]),
                )],
                vec![],
            ));
        }
        // Services() TXT: NOERROR/empty if the name has entries of another type, else NXDOMAIN.
        let entries = self.records(lower, zone, RecordType::TXT, ex)?;
        if entries.is_empty() {
            ex.step(|| Fact::TxtNeedsOtherRecords, None);
            return Err(NoItems);
        }
        Ok((vec![], vec![]))
    }

    fn cname(
        &self,
        lower: &str,
        zone: &str,
        q: &Query,
        ex: &mut Explanation,
    ) -> Result<(Vec<Record>, Vec<Record>), NoItems> {
        let entries = self.records(lower, zone, RecordType::CNAME, ex)?;
        let mut out = Vec::new();
        if let Some(Entry {
            host: Host::Name(t),
            ttl,
            ..
        }) = entries.first()
        {
            if let Ok(n) = Name::parse(&format!("{}.", t.trim_end_matches('.'))) {
                out.push(Record::new(q.name.clone(), *ttl, RData::CNAME(n)));
            }
        }
        Ok((out, vec![]))
    }

    /// plugin/loadbalance round_robin: on NOERROR, CNAMEs first, then other types, then the A/AAAA
    /// records shuffled (and MX), in every section. The shuffle is CoreDNS's, driven by a seeded
    /// stream instead of `dns.Id()`, so a share link replays the same order.
    fn loadbalance(&mut self, msg: &mut Message) {
        if msg.response_code != ResponseCode::NoError {
            return;
        }
        for section in [&mut msg.answers, &mut msg.authorities, &mut msg.additionals] {
            if section.len() < 2 {
                continue;
            }
            let mut cname = Vec::new();
            let mut address = Vec::new();
            let mut mx = Vec::new();
            let mut rest = Vec::new();
            for r in section.drain(..) {
                match r.record_type() {
                    RecordType::CNAME => cname.push(r),
                    RecordType::A | RecordType::AAAA => address.push(r),
                    RecordType::MX => mx.push(r),
                    _ => rest.push(r),
                }
            }
            self.shuffle(&mut address);
            self.shuffle(&mut mx);
            section.extend(cname);
            section.extend(rest);
            section.extend(address);
            section.extend(mx);
        }
    }

    fn next_id(&mut self) -> u64 {
        // The counter-th output of the seed's SplitMix64 stream: a deterministic stand-in for
        // dns.Id().
        self.counter += 1;
        crate::rng::SplitMix64::nth_output(self.seed, self.counter) & 0xffff
    }

    fn shuffle(&mut self, records: &mut [Record]) {
        let l = records.len();
        match l {
            0 | 1 => {}
            2 => {
                if self.next_id() % 2 == 0 {
                    records.swap(0, 1);
                }
            }
            _ => {
                for j in 0..l {
                    let p = j + (self.next_id() as usize) % (l - j);
                    if p != j {
                        records.swap(j, p);
                    }
                }
            }
        }
    }
}

impl DnsServer for Resolver<'_> {
    fn query(
        &mut self,
        server: IpAddr,
        question: &Query,
        rd: bool,
        edns: Option<&Edns>,
    ) -> Option<Message> {
        if !self.serves(server) {
            // Always explained: there is no answer to show instead.
            let mut explanation = Explanation::new(true);
            explanation.set_verdict(|| Verdict::NoReply { server });
            explanation.step(
                || Fact::NoServer {
                    server,
                    dns_ip: self.cluster.dns_service_ip(),
                },
                None,
            );
            self.log.push(Resolution {
                server,
                question: question.clone(),
                reply: None,
                explanation,
            });
            return None;
        }
        let (msg, explanation) = self.answer(question, rd, edns);
        self.log.push(Resolution {
            server,
            question: question.clone(),
            reply: Some(msg.clone()),
            explanation,
        });
        Some(msg)
    }
}

/// plugin/autopath `cname.go` `cnamer`: a CNAME from the name asked to the first answer's owner
/// (when it differs), with that record's TTL, and the question put back as asked.
fn cnamer(m: &mut Message, original: &Query) {
    let orig = original.name.to_string();
    if let Some(a) = m
        .answers
        .iter()
        .find(|a| !a.name.to_string().eq_ignore_ascii_case(&orig))
    {
        let cname = Record::new(original.name.clone(), a.ttl, RData::CNAME(a.name.clone()));
        m.answers.insert(0, cname);
    }
    if let Some(q) = m.queries.first_mut() {
        q.name = original.name.clone();
    }
}

/// The explanation of the reply autopath chose, under its own autopath step; the verdict counts
/// the records the client gets (the CNAME included).
fn merge(ex: &mut Explanation, sub: Explanation, m: &Message) {
    ex.forwarded |= sub.forwarded;
    ex.steps.extend(sub.steps);
    match sub.outcome {
        Some(Verdict::NoError { .. }) => ex.set_verdict(|| Verdict::NoError {
            records: count_records(&m.answers),
        }),
        Some(v) => ex.set_verdict(|| v),
        None => {}
    }
}

fn in_zone(lower_fqdn: &str, zone: &str) -> bool {
    lower_fqdn.len() >= zone.len()
        && lower_fqdn.ends_with(zone)
        && (lower_fqdn.len() == zone.len()
            || lower_fqdn.as_bytes()[lower_fqdn.len() - zone.len() - 1] == b'.')
}

/// Why `base` (the name without the zone) is outside the schema `parse_request` reads.
fn schema_mismatch(base: &str) -> SchemaMismatch {
    match base.rsplit('.').next() {
        Some(k) if k != "svc" && k != "pod" => SchemaMismatch::Kind {
            label: k.to_string(),
        },
        _ => SchemaMismatch::TooManyLabels,
    }
}

/// An ExternalName Service's name: one CNAME entry; its endpoint or port names do not exist.
fn external_name(
    svc: &Service,
    r: &Request,
    base_key: String,
    ttl: u32,
    ex: &mut Explanation,
) -> Result<Vec<Entry>, NoItems> {
    let spos = svc.source.pos();
    let target = svc.external_name.clone().unwrap_or_default();
    if !r.endpoint.is_empty() || r.port.is_some() {
        ex.step(|| service_fact(svc, ServiceKind::ExternalNameChild), spos);
        ex.set_verdict(|| Verdict::NxDomain(NxReason::ExternalNameChild));
        return Err(NoItems);
    }
    ex.step(
        || {
            let target = target.clone();
            service_fact(svc, ServiceKind::ExternalName { target })
        },
        spos,
    );
    Ok(vec![Entry {
        host: Host::Name(target),
        port: -1,
        key: base_key,
        ttl,
    }])
}

/// A Service with a cluster IP: its virtual IP(s), once per matching port.
fn cluster_ip_entries(
    svc: &Service,
    r: &Request,
    base_key: String,
    ttl: u32,
    ex: &mut Explanation,
) -> Result<Vec<Entry>, NoItems> {
    let spos = svc.source.pos();
    ex.step(|| service_fact(svc, ServiceKind::ClusterIp), spos);
    let mut out = Vec::new();
    for p in &svc.ports {
        if !port_match(r, &p.name, p.protocol.as_str()) {
            continue;
        }
        for ip in &svc.cluster_ips {
            out.push(Entry {
                host: Host::Ip(*ip),
                port: p.port,
                key: base_key.clone(),
                ttl,
            });
        }
    }
    if out.is_empty() {
        ex.missing(
            || Missing::NoServicePort {
                service: svc.name.to_string(),
                port: r.port.unwrap_or("").to_string(),
                protocol: r.protocol.unwrap_or("").to_string(),
            },
            spos,
        );
        return Err(NoItems);
    }
    Ok(out)
}

/// Why a headless (or endpoint) name has no entries. `matched`: some endpoint has the label.
fn endpoints_missing(
    svc: &Service,
    r: &Request,
    matched: bool,
    ready_names: Vec<String>,
) -> Missing {
    let service = svc.name.to_string();
    if !r.endpoint.is_empty() && !matched {
        Missing::NoEndpointNamed {
            service,
            endpoint: r.endpoint.to_string(),
            ready_names,
        }
    } else if r.port.is_some() {
        Missing::NoEndpointPort {
            service,
            port: r.port.unwrap_or("").to_string(),
            protocol: r.protocol.unwrap_or("").to_string(),
        }
    } else if svc.endpoints.is_empty() {
        Missing::NoEndpoints { service }
    } else {
        Missing::NoReadyEndpoints {
            service,
            total: svc.endpoints.len(),
        }
    }
}

/// Whether a port (`name`, `proto`) matches the request's `_port._proto`, if it has one.
fn port_match(r: &Request, name: &Option<String>, proto: &str) -> bool {
    let pn = name.as_deref().unwrap_or("");
    r.port.is_none_or(|p| p.eq_ignore_ascii_case(pn))
        && r.protocol.is_none_or(|p| p.eq_ignore_ascii_case(proto))
}

fn service_fact(svc: &Service, kind: ServiceKind) -> Fact {
    Fact::Service(ServiceFact {
        ns: svc.namespace.to_string(),
        name: svc.name.to_string(),
        headless: svc.headless,
        cluster_ips: svc.cluster_ips.clone(),
        kind,
    })
}

fn endpoint_fact(svc: &Service, ep: &Endpoint, pod: Option<&Pod>) -> Fact {
    Fact::Endpoint(EndpointFact {
        service: svc.name.to_string(),
        ip: ep.ip,
        ready: ep.ready,
        pod: pod.map(|p| p.name.to_string()),
        hostname: ep.hostname.as_deref().map(String::from),
        dashed: dashed_ip(ep.ip),
    })
}

/// The endpoint's DNS label: its hostname, else the dashed IP (CoreDNS `endpointHostname`).
pub fn endpoint_hostname(ep: &Endpoint) -> Cow<'_, str> {
    match &ep.hostname {
        Some(h) => Cow::Borrowed(h),
        None => Cow::Owned(dashed_ip(ep.ip)),
    }
}

/// An address as a DNS label: `10-244-1-5`, or the IPv6 text with dashes for colons.
pub fn dashed_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string().replace('.', "-"),
        IpAddr::V6(v6) => {
            let s = v6.to_string().replace(':', "-");
            if s.ends_with('-') {
                format!("{s}0")
            } else {
                s
            }
        }
    }
}

fn ep_pos(ep: &Endpoint, pod: Option<&Pod>) -> Option<Pos> {
    match (&ep.source, pod) {
        (Source::Manifest(p), _) => Some(*p),
        (_, Some(p)) => p.source.pos(),
        (s, None) => s.pos(),
    }
}

/// How many records of each type, in order of first appearance.
fn count_records(rs: &[Record]) -> Vec<(RecordType, usize)> {
    let mut kinds: Vec<(RecordType, usize)> = Vec::new();
    for r in rs {
        match kinds.iter_mut().find(|(t, _)| *t == r.record_type()) {
            Some(k) => k.1 += 1,
            None => kinds.push((r.record_type(), 1)),
        }
    }
    kinds
}

/// `d.c.b.a.in-addr.arpa.` or the 32 nibbles under `ip6.arpa.` back to an address.
pub fn reverse_to_ip(lower: &str) -> Option<IpAddr> {
    if let Some(rest) = lower.strip_suffix(".in-addr.arpa.") {
        let parts: Vec<&str> = rest.split('.').collect();
        if parts.len() != 4 {
            return None;
        }
        let mut o = [0u8; 4];
        for (i, p) in parts.iter().rev().enumerate() {
            if p.is_empty() || (p.len() > 1 && p.starts_with('0')) {
                return None;
            }
            o[i] = p.parse().ok()?;
        }
        return Some(IpAddr::V4(Ipv4Addr::from(o)));
    }
    if let Some(rest) = lower.strip_suffix(".ip6.arpa.") {
        let nibbles: Vec<&str> = rest.split('.').collect();
        if nibbles.len() != 32 {
            return None;
        }
        let mut v: u128 = 0;
        for n in nibbles.iter().rev() {
            if n.len() != 1 {
                return None;
            }
            v = (v << 4) | u128::from(u8::from_str_radix(n, 16).ok()?);
        }
        return Some(IpAddr::V6(Ipv6Addr::from(v)));
    }
    None
}
