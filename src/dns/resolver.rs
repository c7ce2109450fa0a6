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
//! Every answer carries an [`Explanation`]: the chain of facts it rests on, each with the manifest
//! line it comes from, so the UI's "why this answer" pane and `kdig --explain` can show it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use super::message::{Edns, Flags, Message, OpCode, Query, ResponseCode};
use super::name::Name;
use super::rr::{RData, Record, RecordType};
use super::server::DnsServer;
use crate::cluster::{Cluster, Endpoint, Service, Source};
use crate::model::{Pos, ServiceType};

/// kubeadm's Corefile: `ttl 30`.
pub const TTL: u32 = 30;
/// The `dns-version` TXT record's TTL (CoreDNS `Services()`).
pub const DNS_VERSION_TTL: u32 = 28800;
/// Kubernetes DNS schema version CoreDNS reports.
pub const DNS_SCHEMA_VERSION: &str = "1.1.0";
/// The SOA serial: CoreDNS uses the Unix time of the last API change; fixed here so that answers
/// replay exactly (2026-11-24T00:00:00Z).
pub const SOA_SERIAL: u32 = 1_795_478_400;

/// One fact in the chain behind an answer, with the manifest position it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub text: String,
    pub pos: Option<Pos>,
}

/// Why the resolver answered as it did: a one-line verdict, then the steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    pub verdict: String,
    pub steps: Vec<Step>,
    /// True when the name left the cluster zone (answer simulated, not knowable).
    pub forwarded: bool,
    /// Whether text is collected at all (off for bulk lookups, where only the answer matters).
    pub enabled: bool,
}

impl Explanation {
    fn new(enabled: bool) -> Self {
        Explanation {
            enabled,
            ..Default::default()
        }
    }

    /// Add a step; the text is only built when explanations are on.
    fn step(&mut self, text: impl FnOnce() -> String, pos: Option<Pos>) {
        if self.enabled {
            self.steps.push(Step { text: text(), pos });
        }
    }

    fn set_verdict(&mut self, text: impl FnOnce() -> String) {
        if self.enabled {
            self.verdict = text();
        }
    }
}

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
        let qname = &q.name;
        let mut lower = q.name.to_string();
        lower.make_ascii_lowercase();
        let mut msg = Message::reply_to(0, q, rd, edns, ResponseCode::NoError);
        let zone_fqdn = Arc::clone(&self.zone_fqdn);
        let zone: Option<&str> = if in_zone(&lower, &zone_fqdn) {
            Some(&zone_fqdn)
        } else if in_zone(&lower, "in-addr.arpa.") {
            Some("in-addr.arpa.")
        } else if in_zone(&lower, "ip6.arpa.") {
            Some("ip6.arpa.")
        } else {
            None
        };
        let Some(zone) = zone else {
            return (
                self.forward(q, rd, edns, &mut ex, "it is outside the cluster zone"),
                ex,
            );
        };
        ex.step(|| format!("{qname} is inside zone {zone}, which CoreDNS's kubernetes plugin serves (Corefile: `kubernetes {} in-addr.arpa ip6.arpa`)", self.zone), None);

        let qt = q.query_type;
        let result: Result<(Vec<Record>, Vec<Record>), NoItems> = match qt {
            RecordType::AXFR | RecordType::IXFR => {
                msg.response_code = ResponseCode::Refused;
                msg.flags.aa = false;
                ex.set_verdict(|| "REFUSED: zone transfers are not allowed".into());
                ex.step(
                    || "the kubernetes plugin refuses zone transfers (AXFR/IXFR)".into(),
                    None,
                );
                return (msg, ex);
            }
            RecordType::A | RecordType::AAAA => self
                .addresses(&lower, zone, qt, q, &mut ex, 0)
                .map(|r| (r, vec![])),
            RecordType::SRV => self.srv(&lower, zone, q, &mut ex),
            RecordType::PTR => self.ptr(&lower, zone, q, &mut ex),
            RecordType::TXT => self.txt(&lower, zone, q, &mut ex),
            RecordType::CNAME => self.cname(&lower, zone, q, &mut ex),
            RecordType::SOA if lower == zone => Ok((vec![self.soa(zone)], vec![])),
            RecordType::SOA => {
                ex.step(
                    || {
                        "a SOA question below the zone apex always gets an empty answer (NODATA)"
                            .into()
                    },
                    None,
                );
                Ok((vec![], vec![]))
            }
            RecordType::NS if lower == zone && zone == &*zone_fqdn => {
                let ns = Name::parse(&format!("ns.dns.{zone}")).unwrap_or_else(|_| Name::root());
                let owner = q.name.clone();
                Ok((
                    vec![Record::new(owner, TTL, RData::NS(ns.clone()))],
                    vec![Record::new(
                        ns,
                        TTL,
                        RData::A(crate::cluster::DNS_SERVICE_IP),
                    )],
                ))
            }
            _ => {
                // handler.go: "Do a fake A lookup, so we can distinguish between NODATA and NXDOMAIN".
                ex.step(|| format!("the plugin has no {qt} records; it looks the name up as A only to tell NODATA from NXDOMAIN"), None);
                let fake = Query::new(q.name.clone(), RecordType::A);
                self.addresses(&lower, zone, RecordType::A, &fake, &mut ex, 0)
                    .map(|_| (vec![], vec![]))
            }
        };

        match result {
            Err(NoItems) if zone != &*zone_fqdn => {
                // `fallthrough in-addr.arpa ip6.arpa`: unknown reverse names go to `forward`.
                ex.step(|| "no Service or endpoint has this address, so the plugin falls through (`fallthrough in-addr.arpa ip6.arpa`)".into(), None);
                let m = self.forward(
                    q,
                    rd,
                    edns,
                    &mut ex,
                    "the kubernetes plugin does not know this address",
                );
                return (m, ex);
            }
            Err(NoItems) => {
                msg.response_code = ResponseCode::NXDomain;
                msg.authorities.push(self.soa(zone));
                if ex.verdict.is_empty() {
                    ex.set_verdict(|| format!("NXDOMAIN: {qname} does not exist"));
                }
            }
            Ok((answers, extra)) => {
                if answers.is_empty() {
                    msg.authorities.push(self.soa(zone));
                    if ex.verdict.is_empty() {
                        ex.set_verdict(|| format!("NOERROR with no answer (NODATA): {qname} exists but has no {qt} record"));
                    }
                } else if ex.verdict.is_empty() {
                    ex.set_verdict(|| format!("NOERROR: {}", count_records(&answers)));
                }
                msg.answers = answers;
                msg.additionals = extra;
                self.loadbalance(&mut msg);
            }
        }
        (msg, ex)
    }

    /// `forward . /etc/resolv.conf`: the node's upstream. The playground has no Internet, so it answers
    /// as the root servers do for a name that does not exist, and says so.
    fn forward(
        &mut self,
        q: &Query,
        rd: bool,
        edns: Option<&Edns>,
        ex: &mut Explanation,
        why: &str,
    ) -> Message {
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
            || {
                format!(
                    "{} is forwarded upstream because {why} (`forward . /etc/resolv.conf`)",
                    q.name
                )
            },
            None,
        );
        ex.step(|| "simulated: the playground has no Internet, so the upstream answer shown is NXDOMAIN from the root zone (flags qr rd ra, not authoritative); a real cluster would show whatever the node's resolver returns".into(), None);
        ex.set_verdict(|| {
            format!(
                "NXDOMAIN (simulated upstream): {} is not a cluster name",
                q.name
            )
        });
        m
    }

    fn soa(&self, zone: &str) -> Record {
        let z = Name::parse(zone).unwrap_or_else(|_| Name::root());
        let mk = |s: String| Name::parse(&s).unwrap_or_else(|_| Name::root());
        // backend_lookup.go SOA(): TTL min(ttl, 300), MINIMUM = ttl; the names use the primary zone.
        Record::new(
            z,
            TTL.min(300),
            RData::SOA {
                mname: mk(format!("ns.dns.{}.", self.zone)),
                rname: mk(format!("hostmaster.{}.", self.zone)),
                serial: SOA_SERIAL,
                refresh: 7200,
                retry: 1800,
                expire: 86400,
                minimum: TTL,
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
            ex.step(
                || {
                    "ns.dns.<zone> is CoreDNS's own name: it answers with the kube-dns Service IP"
                        .into()
                },
                None,
            );
            return Ok(vec![Entry {
                host: Host::Ip(IpAddr::V4(crate::cluster::DNS_SERVICE_IP)),
                port: -1,
                key: lower.to_string(),
                ttl: TTL,
            }]);
        }
        let r = match self.parse_request(lower, zone) {
            Ok(r) => r,
            Err(NoItems) => {
                let base = lower.strip_suffix(zone).unwrap_or("").trim_end_matches('.');
                let why = if base
                    .split('.')
                    .next_back()
                    .is_some_and(|k| k != "svc" && k != "pod")
                {
                    format!(
                        "the label before the zone must be `svc` or `pod`; here it is `{}`",
                        base.rsplit('.').next().unwrap_or("")
                    )
                } else {
                    "it has too many labels: after <service>.<namespace>.svc only one label (an endpoint) or two (`_port._proto`) may follow".into()
                };
                ex.step(
                    || format!("the name does not fit the Kubernetes DNS schema: {why}"),
                    None,
                );
                ex.set_verdict(|| "NXDOMAIN: not a name the Kubernetes DNS schema defines".into());
                return Err(NoItems);
            }
        };
        if r.kind.is_empty() {
            ex.step(|| "this is the zone apex (or `svc` / `pod` under it): it exists but holds no records of this type".into(), None);
            return Ok(vec![]);
        }
        if zone.ends_with("arpa.") {
            return Err(NoItems);
        }
        let ns = &r.namespace;
        if !self.cluster.namespace_exists(ns) {
            ex.step(
                || {
                    format!(
                        "namespace `{ns}` does not exist, so nothing under {ns}.{}.{} does",
                        r.kind, self.zone
                    )
                },
                None,
            );
            ex.set_verdict(|| format!("NXDOMAIN: there is no namespace {ns}"));
            return Err(NoItems);
        }
        if ex.enabled {
            let ns_pos = self
                .cluster
                .namespaces
                .iter()
                .find(|n| &n.name == ns)
                .and_then(|n| n.source.pos());
            ex.step(|| format!("namespace {ns} exists"), ns_pos);
        }
        if r.kind == "pod" {
            return self.find_pods(&r, ex);
        }
        if r.service.is_empty() {
            ex.step(
                || {
                    format!(
                        "{ns}.svc.{} names a namespace, not a Service: it exists, with no records",
                        self.zone
                    )
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
                ex.step(
                    || "CoreDNS does not make SRV records for ExternalName Services".into(),
                    None,
                );
            }
            return Ok(kept);
        }
        Ok(entries)
    }

    fn find_pods(&self, r: &Request, ex: &mut Explanation) -> Result<Vec<Entry>, NoItems> {
        let label = &r.service;
        if label.is_empty() {
            ex.step(
                || {
                    format!(
                        "{}.pod.{} names a namespace: it exists, with no records",
                        r.namespace, self.zone
                    )
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
            Ok(ip) => {
                let owner = self
                    .cluster
                    .pods
                    .iter()
                    .find(|p| &*p.namespace == r.namespace && p.ips.contains(&ip));
                let note = match owner {
                    Some(p) => format!(
                        " (pod {} has this IP, though CoreDNS does not check)",
                        p.name
                    ),
                    None => {
                        " (no pod has this IP: with `pods insecure` CoreDNS does not check)".into()
                    }
                };
                ex.step(|| format!("`{label}` is an IP address written with dashes: `pods insecure` (kubeadm's setting) answers {ip} for any namespace that exists{note}"), owner.and_then(|p| p.source.pos()));
                Ok(vec![Entry {
                    host: Host::Ip(ip),
                    port: -1,
                    key: String::new(),
                    ttl: TTL,
                }])
            }
            Err(_) => {
                ex.step(|| format!("pod names under .pod.{} must be dashed IP addresses (10-244-1-5); `{label}` is not, so it does not exist", self.zone), None);
                ex.set_verdict(|| "NXDOMAIN: pod names are dashed IPs, not pod names".into());
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
            if !ex.enabled {
                return Err(NoItems);
            }
            let near: Vec<&str> = self
                .cluster
                .services_in(r.namespace)
                .map(|s| &*s.name)
                .collect();
            let hint = match crate::model::names::suggest(r.service, &near) {
                Some(n) => format!(" (did you mean {n}?)"),
                None => String::new(),
            };
            ex.step(
                || {
                    format!(
                        "no Service `{}` in namespace {}{hint}",
                        r.service, r.namespace
                    )
                },
                None,
            );
            ex.set_verdict(|| {
                format!(
                    "NXDOMAIN: there is no Service {}/{}",
                    r.namespace, r.service
                )
            });
            return Err(NoItems);
        };
        let spos = svc.source.pos();
        let base_key = if keys {
            format!("{}.{}.svc.{zone}", svc.name, svc.namespace)
        } else {
            String::new()
        };

        if svc.type_ == ServiceType::ExternalName {
            let target = svc.external_name.clone().unwrap_or_default();
            if !r.endpoint.is_empty() || r.port.is_some() {
                ex.step(|| format!("Service {} is ExternalName: it has no endpoints or ports, so this longer name does not exist", svc.name), spos);
                ex.verdict =
                    "NXDOMAIN: ExternalName Services have no endpoint or port names".into();
                return Err(NoItems);
            }
            ex.step(
                || {
                    format!(
                        "Service {} is ExternalName: its name is an alias (CNAME) for {target}",
                        svc.name
                    )
                },
                spos,
            );
            return Ok(vec![Entry {
                host: Host::Name(target),
                port: -1,
                key: base_key,
                ttl: TTL,
            }]);
        }

        let port_match = |name: &Option<String>, proto: &str| -> bool {
            let pn = name.as_deref().unwrap_or("");
            r.port.is_none_or(|p| p.eq_ignore_ascii_case(pn))
                && r.protocol.is_none_or(|p| p.eq_ignore_ascii_case(proto))
        };

        if svc.headless || !r.endpoint.is_empty() {
            if svc.headless {
                ex.step(|| format!("Service {}/{} is headless (clusterIP: None): DNS answers with its ready endpoints, one per pod", svc.namespace, svc.name), spos);
            } else {
                ex.step(|| format!("Service {}/{} has cluster IP {}, but `{}` names one of its endpoints: CoreDNS serves endpoint names for every Service", svc.namespace, svc.name, join_ips(&svc.cluster_ips), r.endpoint), spos);
            }
            self.explain_endpoint_source(svc, ex);
            let mut out = Vec::new();
            let mut matched_host = false;
            let picked: Vec<usize> = match (r.endpoint, svc_index) {
                ("", _) | (_, None) => (0..svc.endpoints.len()).collect(),
                (label, Some(si)) => {
                    let mut cache = self.by_label.borrow_mut();
                    let index = cache.entry(si).or_insert_with(|| {
                        let mut m: HashMap<String, Vec<usize>> = HashMap::new();
                        for (i, ep) in svc.endpoints.iter().enumerate() {
                            m.entry(endpoint_hostname(ep).to_ascii_lowercase())
                                .or_default()
                                .push(i);
                        }
                        m
                    });
                    index.get(label).cloned().unwrap_or_default()
                }
            };
            for ep in picked.iter().map(|&i| &svc.endpoints[i]) {
                matched_host = true;
                let pod = ep.pod.map(|i| &self.cluster.pods[i]);
                let who = || match pod {
                    Some(p) => format!("pod {}", p.name),
                    None => "an address written in an EndpointSlice".into(),
                };
                if !ep.ready {
                    ex.step(
                        || {
                            format!(
                                "endpoint {} ({}) is not ready, so CoreDNS leaves it out",
                                ep.ip,
                                who()
                            )
                        },
                        ep_pos(ep, pod),
                    );
                    continue;
                }
                ex.step(
                    || {
                        let name_note = match &ep.hostname {
                            Some(h) => {
                                format!("hostname {h}, because the pod's subdomain is {}", svc.name)
                            }
                            None => format!(
                                "no hostname, so its name is the dashed IP {}",
                                endpoint_hostname(ep)
                            ),
                        };
                        format!("endpoint {} ({}) is ready; {name_note}", ep.ip, who())
                    },
                    ep_pos(ep, pod),
                );
                let key = if keys {
                    format!("{}.{base_key}", endpoint_hostname(ep))
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
                            ttl: TTL,
                        });
                    }
                    continue;
                }
                for p in ep.ports.iter() {
                    if port_match(&p.name, p.protocol.as_str()) {
                        out.push(Entry {
                            host: Host::Ip(ep.ip),
                            port: p.port,
                            key: key.clone(),
                            ttl: TTL,
                        });
                    }
                }
            }
            if out.is_empty() {
                let why = if !r.endpoint.is_empty() && !matched_host {
                    let hosts: Vec<Cow<str>> =
                        svc.ready_endpoints().map(endpoint_hostname).collect();
                    let known = if hosts.is_empty() {
                        "it has no ready endpoints".to_string()
                    } else {
                        format!("its ready endpoint names are {}", hosts.join(", "))
                    };
                    format!(
                        "no endpoint of {} is named `{}`: {known}",
                        svc.name, r.endpoint
                    )
                } else if r.port.is_some() {
                    format!(
                        "no ready endpoint of {} has a port named `{}` with protocol `{}`",
                        svc.name,
                        r.port.unwrap_or(""),
                        r.protocol.unwrap_or("")
                    )
                } else if svc.endpoints.is_empty() {
                    format!("{} has no endpoints at all", svc.name)
                } else {
                    format!(
                        "none of the {} endpoints of {} is ready",
                        svc.endpoints.len(),
                        svc.name
                    )
                };
                ex.step(|| why.clone(), spos);
                ex.set_verdict(|| format!("NXDOMAIN: {why}"));
                return Err(NoItems);
            }
            return Ok(out);
        }

        ex.step(|| format!("Service {}/{} has cluster IP {}: DNS answers with that virtual IP whatever the endpoints are; kube-proxy spreads connections over the pods", svc.namespace, svc.name, join_ips(&svc.cluster_ips)), spos);
        let mut out = Vec::new();
        for p in &svc.ports {
            if !port_match(&p.name, p.protocol.as_str()) {
                continue;
            }
            for ip in &svc.cluster_ips {
                out.push(Entry {
                    host: Host::Ip(*ip),
                    port: p.port,
                    key: base_key.clone(),
                    ttl: TTL,
                });
            }
        }
        if out.is_empty() {
            let why = format!("Service {} has no port named `{}` with protocol `{}` (unnamed ports have no SRV name)", svc.name, r.port.unwrap_or(""), r.protocol.unwrap_or(""));
            ex.step(|| why.clone(), spos);
            ex.set_verdict(|| format!("NXDOMAIN: {why}"));
            return Err(NoItems);
        }
        Ok(out)
    }

    fn explain_endpoint_source(&self, svc: &Service, ex: &mut Explanation) {
        use crate::cluster::EndpointsFrom;
        if !ex.enabled {
            return;
        }
        let text = match svc.endpoints_from {
            EndpointsFrom::Selector => {
                let sel = svc
                    .selector
                    .iter()
                    .flatten()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",");
                format!("its EndpointSlice comes from the selector {sel}: {} matching pod(s) with an IP", svc.endpoints.len())
            }
            EndpointsFrom::SelectorAndManifest { written } => {
                format!("its endpoints come from the selector ({} matching pod(s) with an IP) and from hand-written EndpointSlices ({written}); CoreDNS serves every slice labelled for the Service", svc.endpoints.len() - written)
            }
            EndpointsFrom::Manifest => format!(
                "its endpoints are written by hand (EndpointSlice/Endpoints): {}",
                svc.endpoints.len()
            ),
            EndpointsFrom::Nothing => "it has no selector and no hand-written endpoints".into(),
            EndpointsFrom::ApiServer => "the API server publishes its own address".into(),
        };
        ex.step(|| text.to_string(), None);
        for (i, why) in &svc.excluded {
            let p = &self.cluster.pods[*i];
            let reason = match why {
                crate::cluster::Excluded::NoIp => "has no IP yet".to_string(),
                crate::cluster::Excluded::Finished(phase) => format!("is {phase}"),
            };
            ex.step(
                || {
                    format!(
                        "pod {} matches the selector but {reason}, so it is not an endpoint",
                        p.name
                    )
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
                        ex.step(
                            || format!("CNAME chain stops at {t} (a loop, or more than 8 links)"),
                            None,
                        );
                        continue;
                    }
                    if in_zone(&tl, zone) {
                        ex.step(|| format!("the target {t} is inside the cluster zone: CoreDNS resolves it itself"), None);
                        let q2 = Query::new(tname, qt);
                        if let Ok(next) = self.addresses(&tl, zone, qt, &q2, ex, depth + 1) {
                            if !next.is_empty() {
                                out.push(cname);
                                out.extend(next);
                            }
                        }
                    } else {
                        ex.step(|| format!("the target {t} is outside the cluster: CoreDNS asks upstream for it; simulated upstream has no record, so only the CNAME is returned"), None);
                        ex.forwarded = true;
                        out.push(cname);
                    }
                }
            }
        }
        if out.is_empty() && !entries.is_empty() {
            ex.step(|| format!("the name exists but has no {qt} record (its addresses are of the other IP family)"), None);
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
            ex.step(|| format!("SRV: {} matching (address, port) pair(s), so each record has priority 0 and weight floor(100/{}) = {weight}; the ADDITIONAL section carries each target's address", entries.len(), entries.len()), None);
        } else if !entries.is_empty() {
            ex.step(
                || {
                    "the Service declares no ports, so there are addresses but no SRV records"
                        .into()
                },
                None,
            );
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
                    || {
                        format!(
                            "{ip} is the cluster IP of Service {}/{}",
                            s.namespace, s.name
                        )
                    },
                    s.source.pos(),
                );
                let Some(n) = mk(format!("{}.{}.svc.{}.", s.name, s.namespace, self.zone)) else {
                    break;
                };
                return Ok((
                    vec![Record::new(q.name.clone(), TTL, RData::PTR(n))],
                    vec![],
                ));
            }
        }
        let mut out = Vec::new();
        for s in &self.cluster.services {
            for ep in s.ready_endpoints().filter(|e| e.ip == ip) {
                let host = endpoint_hostname(ep);
                let pod = ep.pod.map(|i| &self.cluster.pods[i]);
                ex.step(
                    || {
                        format!(
                            "{ip} is a ready endpoint of Service {}/{} named {host}",
                            s.namespace, s.name
                        )
                    },
                    ep_pos(ep, pod),
                );
                if let Some(n) = mk(format!(
                    "{host}.{}.{}.svc.{}.",
                    s.name, s.namespace, self.zone
                )) {
                    out.push(Record::new(q.name.clone(), TTL, RData::PTR(n)));
                }
            }
        }
        if out.is_empty() {
            if let Some(p) = self.cluster.pods.iter().find(|p| p.ips.contains(&ip)) {
                ex.step(|| format!("{ip} belongs to pod {}/{}, but no Service has it as a ready endpoint, and pod IPs alone get no PTR record", p.namespace, p.name), p.source.pos());
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
                || {
                    format!(
                    "dns-version.{} reports the Kubernetes DNS schema version CoreDNS implements",
                    self.zone
                )
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
            ex.step(
                || {
                    "for TXT, CoreDNS answers NXDOMAIN unless the name has records of another type"
                        .into()
                },
                None,
            );
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
        // splitmix64 over (seed, counter): a deterministic stand-in for dns.Id().
        self.counter += 1;
        let mut z = self
            .seed
            .wrapping_add(self.counter.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) & 0xffff
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
            self.log.push(Resolution {
                server,
                question: question.clone(),
                reply: None,
                explanation: Explanation {
                    verdict: format!("no reply: nothing in the cluster answers DNS on {server}"),
                    steps: vec![Step { text: format!("CoreDNS listens on the kube-dns Service IP {} and its pods' IPs; {server} is neither, so the query times out", self.cluster.dns_service_ip()), pos: None }],
                    forwarded: false,
                    enabled: true,
                },
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

fn in_zone(lower_fqdn: &str, zone: &str) -> bool {
    lower_fqdn.len() >= zone.len()
        && lower_fqdn.ends_with(zone)
        && (lower_fqdn.len() == zone.len()
            || lower_fqdn.as_bytes()[lower_fqdn.len() - zone.len() - 1] == b'.')
}

/// The endpoint's DNS label: its hostname, else the dashed IP (CoreDNS `endpointHostname`).
pub fn endpoint_hostname(ep: &Endpoint) -> Cow<'_, str> {
    if let Some(h) = &ep.hostname {
        return Cow::Borrowed(h);
    }
    Cow::Owned(match ep.ip {
        IpAddr::V4(v4) => v4.to_string().replace('.', "-"),
        IpAddr::V6(v6) => {
            let s = v6.to_string().replace(':', "-");
            if s.ends_with('-') {
                format!("{s}0")
            } else {
                s
            }
        }
    })
}

fn ep_pos(ep: &Endpoint, pod: Option<&crate::cluster::Pod>) -> Option<Pos> {
    match (&ep.source, pod) {
        (Source::Manifest(p), _) => Some(*p),
        (_, Some(p)) => p.source.pos(),
        (s, None) => s.pos(),
    }
}

fn join_ips(ips: &[IpAddr]) -> String {
    ips.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn count_records(rs: &[Record]) -> String {
    let mut kinds: Vec<(RecordType, usize)> = Vec::new();
    for r in rs {
        match kinds.iter_mut().find(|(t, _)| *t == r.record_type()) {
            Some(k) => k.1 += 1,
            None => kinds.push((r.record_type(), 1)),
        }
    }
    kinds
        .iter()
        .map(|(t, n)| format!("{n} {t} record{}", if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
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
