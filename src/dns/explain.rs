//! Why an answer is what it is, as data: each step of an [`Explanation`] is a typed [`Fact`] and
//! the outcome a [`Verdict`]; the English sentences the "why this answer" pane and
//! `kdig --explain` print are rendered from them here, and only here (their `Display` impls).
//!
//! The resolver records a fact with `Explanation::step`, which builds nothing unless
//! explanations are on, so bulk lookups pay for none of this.

use std::fmt;
use std::net::IpAddr;

use super::message::ResponseCode;
use super::rr::RecordType;
use crate::cluster::Excluded;
use crate::model::{labels_text, Pos};

/// One fact in the chain behind an answer, with the manifest position it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What the resolver found, as data.
    pub fact: Fact,
    /// `fact` as an English sentence (its `Display`).
    pub text: String,
    pub pos: Option<Pos>,
}

/// Why the resolver answered as it did: a one-line verdict, then the steps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// `outcome` as an English line (empty while there is none).
    pub verdict: String,
    /// The verdict as data; `None` when explanations are off.
    pub outcome: Option<Verdict>,
    pub steps: Vec<Step>,
    /// True when the name left the cluster zone (answer simulated, not knowable).
    pub forwarded: bool,
    /// Whether facts are collected at all (off for bulk lookups, where only the answer matters).
    pub enabled: bool,
}

impl Explanation {
    pub(crate) fn new(enabled: bool) -> Self {
        Explanation {
            enabled,
            ..Default::default()
        }
    }

    /// Add a step; the fact (and its text) is only built when explanations are on.
    pub(crate) fn step(&mut self, fact: impl FnOnce() -> Fact, pos: Option<Pos>) {
        if self.enabled {
            let fact = fact();
            let text = fact.to_string();
            self.steps.push(Step { fact, text, pos });
        }
    }

    /// Set the verdict (replacing any earlier one); only built when explanations are on.
    pub(crate) fn set_verdict(&mut self, verdict: impl FnOnce() -> Verdict) {
        if self.enabled {
            let verdict = verdict();
            self.verdict = verdict.to_string();
            self.outcome = Some(verdict);
        }
    }

    /// The name does not exist because of `why`: one step saying so, and an NXDOMAIN verdict
    /// with the same reason.
    pub(crate) fn missing(&mut self, why: impl FnOnce() -> Missing, pos: Option<Pos>) {
        if self.enabled {
            let why = why();
            self.step(|| Fact::Missing(why.clone()), pos);
            self.set_verdict(|| Verdict::NxDomain(NxReason::Missing(why)));
        }
    }

    /// The first Service the lookup read: the one the question names (an in-zone ExternalName
    /// target's Service comes later). `None` when no Service was involved or explanations are off.
    pub fn service(&self) -> Option<&ServiceFact> {
        self.steps.iter().find_map(|s| match &s.fact {
            Fact::Service(f) => Some(f),
            _ => None,
        })
    }

    /// The endpoints the lookup looked at, ready or not, in the order it looked at them (the
    /// order of the Service's endpoints). Empty for ClusterIP answers, which never read them.
    pub fn endpoints(&self) -> impl Iterator<Item = &EndpointFact> + '_ {
        self.steps.iter().filter_map(|s| match &s.fact {
            Fact::Endpoint(e) => Some(e),
            _ => None,
        })
    }
}

/// A Service the lookup read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceFact {
    pub ns: String,
    pub name: String,
    /// `clusterIP: None`.
    pub headless: bool,
    /// Empty for headless and ExternalName Services.
    pub cluster_ips: Vec<IpAddr>,
    pub kind: ServiceKind,
}

/// How a Service answers the question asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceKind {
    /// Headless: the answer is its ready endpoints.
    Headless,
    /// The answer is its cluster IP(s).
    ClusterIp,
    /// A Service with a cluster IP, asked for one of its endpoints by name (`endpoint`).
    ClusterIpEndpoint { endpoint: String },
    /// ExternalName: its name is a CNAME for `target`.
    ExternalName { target: String },
    /// ExternalName asked for an endpoint or port name, which it cannot have.
    ExternalNameChild,
}

/// One endpoint of a Service, as the lookup saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointFact {
    /// The Service's name (a pod's subdomain must match it for its hostname to count).
    pub service: String,
    pub ip: IpAddr,
    /// Not-ready endpoints are left out of the answer.
    pub ready: bool,
    /// The pod behind it; `None` for an address written in an EndpointSlice.
    pub pod: Option<String>,
    /// Its DNS label when it has one.
    pub hostname: Option<String>,
    /// The dashed IP (`10-244-1-5`), its label when it has no hostname.
    pub dashed: String,
}

/// Where a Service's endpoints come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The EndpointSlice controller, from `selector`: `pods` matching pods with an IP.
    Selector {
        selector: Vec<(String, String)>,
        pods: usize,
    },
    /// The selector (`pods` endpoints) and hand-written EndpointSlices (`written`).
    SelectorAndManifest { pods: usize, written: usize },
    /// Hand-written EndpointSlices / Endpoints only.
    Manifest { count: usize },
    /// No selector and no hand-written endpoints.
    Nothing,
    /// The API server's own address (the `kubernetes` Service).
    ApiServer,
}

/// Why a name does not fit the Kubernetes DNS schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaMismatch {
    /// The label before the zone is `label`, not `svc` or `pod`.
    Kind {
        label: String,
    },
    TooManyLabels,
}

/// Why a query goes to `forward`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForwardReason {
    OutsideZone,
    /// A reverse name no Service or endpoint has (`fallthrough`).
    UnknownAddress,
}

/// What a Service name lacks when it does not exist (the step and the NXDOMAIN reason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// No endpoint is labelled `endpoint`; `ready_names` are the labels there are.
    NoEndpointNamed {
        service: String,
        endpoint: String,
        ready_names: Vec<String>,
    },
    /// No ready endpoint has the `_port._proto` asked for.
    NoEndpointPort {
        service: String,
        port: String,
        protocol: String,
    },
    NoEndpoints {
        service: String,
    },
    /// It has `total` endpoints, none ready.
    NoReadyEndpoints {
        service: String,
        total: usize,
    },
    /// The Service has no port with that name and protocol.
    NoServicePort {
        service: String,
        port: String,
        protocol: String,
    },
}

/// One kind of step in an explanation, with its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// `qname` is inside `zone`, served by the kubernetes plugin for `cluster_zone`.
    InZone {
        qname: String,
        zone: String,
        cluster_zone: String,
    },
    ZoneTransferRefused,
    SoaBelowApex,
    /// The plugin has no `qtype` records; it looks the name up as A.
    FakeALookup {
        qtype: RecordType,
    },
    /// An unknown reverse name falls through to `forward`.
    ReverseFallthrough,
    Forwarded {
        name: String,
        why: ForwardReason,
    },
    SimulatedUpstream,
    /// `ns.dns.<zone>`.
    CoreDnsName,
    NotInSchema {
        why: SchemaMismatch,
    },
    ZoneApex,
    NoNamespace {
        ns: String,
        kind: String,
        zone: String,
    },
    NamespaceExists {
        ns: String,
    },
    /// `<ns>.svc.<zone>`: a namespace, not a Service.
    NamespaceOnly {
        ns: String,
        zone: String,
    },
    /// `<ns>.pod.<zone>`.
    PodNamespaceOnly {
        ns: String,
        zone: String,
    },
    NoExternalNameSrv,
    /// A dashed IP under `.pod.`; `owner` is the pod that has it, if any.
    PodIp {
        label: String,
        ip: IpAddr,
        owner: Option<String>,
    },
    /// A `.pod.` label that is not a dashed IP.
    NotAPodIp {
        label: String,
        zone: String,
    },
    NoService {
        ns: String,
        name: String,
        suggestion: Option<String>,
    },
    Service(ServiceFact),
    EndpointSource(Origin),
    /// Pod `pod` matches the selector but is not an endpoint.
    Excluded {
        pod: String,
        why: Excluded,
    },
    Endpoint(EndpointFact),
    Missing(Missing),
    /// A CNAME chain stops at `target` (a loop, or too long).
    CnameLoop {
        target: String,
    },
    CnameTarget {
        target: String,
        in_zone: bool,
    },
    /// The name has addresses, but none of the `qtype` family.
    OtherFamily {
        qtype: RecordType,
    },
    SrvWeights {
        count: usize,
        weight: u16,
    },
    NoSrvPorts,
    PtrClusterIp {
        ip: IpAddr,
        ns: String,
        name: String,
    },
    PtrEndpoint {
        ip: IpAddr,
        ns: String,
        name: String,
        hostname: String,
    },
    /// The address is a pod's, but no Service's ready endpoint.
    PtrPodOnly {
        ip: IpAddr,
        ns: String,
        pod: String,
    },
    DnsVersion {
        zone: String,
    },
    TxtNeedsOtherRecords,
    /// Nothing listens on `server`; CoreDNS is at `dns_ip`.
    NoServer {
        server: IpAddr,
        dns_ip: IpAddr,
    },
    // --- from the cluster's Corefile (each step's position is its Corefile line) ---
    /// `fallthrough`: the plugin has no such name, so the query goes on to `forward`.
    Fallthrough {
        name: String,
    },
    /// The records' TTL comes from the Corefile (`explicit`: a `ttl` line; else the plugin's default 5).
    CorefileTtl {
        ttl: u32,
        explicit: bool,
    },
    /// `rewrite name`: the question was rewritten before any other plugin saw it.
    Rewritten {
        from: String,
        to: String,
    },
    /// `autopath @kubernetes` without `pods verified`: no search path, so no autopath.
    AutopathNeedsVerified,
    /// `autopath`: the client's address belongs to no known pod.
    AutopathUnknownClient,
    /// `autopath`: the name is exactly the first search domain (TrimZone overshoots: SERVFAIL).
    AutopathOvershot {
        name: String,
    },
    /// `autopath`: the server walked the client's search path (`ns`'s): each name tried and its
    /// rcode; `found` is the name answered when it is not the one asked.
    Autopath {
        ns: String,
        tried: Vec<(String, ResponseCode)>,
        found: Option<String>,
    },
    /// `cache`: every record's TTL set to `ttl` (the reply's smallest, clamped to [min, max]).
    CacheCap {
        ttl: u32,
        max: u32,
        min: u32,
    },
    /// The Corefile has no `forward`: nothing after `kubernetes` answers `name`.
    NoForward {
        name: String,
        why: ForwardReason,
    },
    /// `namespaces`: the plugin serves only the namespaces listed, not `ns`.
    NamespaceNotServed {
        ns: String,
    },
    /// `pods disabled`.
    PodsDisabled,
    /// `pods verified`: the dashed IP answers only if a pod of the namespace has it (`pod`).
    PodVerified {
        label: String,
        ip: IpAddr,
        pod: Option<String>,
    },
    /// `ignore empty_service`: a ClusterIP Service with no ready endpoint does not exist.
    IgnoreEmptyService {
        service: String,
    },
    /// `endpoint_pod_names`: endpoints without a hostname are named after their pods.
    EndpointPodNames,
}

/// The outcome of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A zone transfer.
    Refused,
    NxDomain(NxReason),
    /// The name exists but has no `qtype` record.
    NoData {
        qname: String,
        qtype: RecordType,
    },
    /// An answer: how many records of each type.
    NoError {
        records: Vec<(RecordType, usize)>,
    },
    /// Sent upstream (simulated: NXDOMAIN).
    Forwarded {
        name: String,
    },
    /// Nothing answers DNS on `server`.
    NoReply {
        server: IpAddr,
    },
    /// SERVFAIL, and why.
    ServFail {
        why: String,
    },
}

/// Why a name does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NxReason {
    /// No more specific reason.
    Name {
        qname: String,
    },
    NotInSchema,
    NoNamespace {
        ns: String,
    },
    PodNotDashed,
    NoService {
        ns: String,
        name: String,
    },
    ExternalNameChild,
    Missing(Missing),
    /// `pods disabled`.
    PodsDisabled,
    /// `pods verified` and no pod of the namespace has the address.
    PodNotVerified,
    /// `ignore empty_service`.
    EmptyService {
        service: String,
    },
}

impl fmt::Display for ForwardReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ForwardReason::OutsideZone => "it is outside the cluster zone",
            ForwardReason::UnknownAddress => "the kubernetes plugin does not know this address",
        })
    }
}

impl fmt::Display for SchemaMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaMismatch::Kind { label } => write!(
                f,
                "the label before the zone must be `svc` or `pod`; here it is `{label}`"
            ),
            SchemaMismatch::TooManyLabels => f.write_str("it has too many labels: after <service>.<namespace>.svc only one label (an endpoint) or two (`_port._proto`) may follow"),
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::NoEndpointNamed {
                service,
                endpoint,
                ready_names,
            } => {
                write!(f, "no endpoint of {service} is named `{endpoint}`: ")?;
                if ready_names.is_empty() {
                    f.write_str("it has no ready endpoints")
                } else {
                    write!(f, "its ready endpoint names are {}", ready_names.join(", "))
                }
            }
            Missing::NoEndpointPort {
                service,
                port,
                protocol,
            } => write!(
                f,
                "no ready endpoint of {service} has a port named `{port}` with protocol `{protocol}`"
            ),
            Missing::NoEndpoints { service } => write!(f, "{service} has no endpoints at all"),
            Missing::NoReadyEndpoints { service, total } => {
                write!(f, "none of the {total} endpoints of {service} is ready")
            }
            Missing::NoServicePort {
                service,
                port,
                protocol,
            } => write!(f, "Service {service} has no port named `{port}` with protocol `{protocol}` (unnamed ports have no SRV name)"),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Selector { selector, pods } => {
                let selector = labels_text(selector.iter().map(|(k, v)| (k, v)));
                write!(f, "its EndpointSlice comes from the selector {selector}: {pods} matching pod(s) with an IP")
            }
            Origin::SelectorAndManifest { pods, written } => write!(f, "its endpoints come from the selector ({pods} matching pod(s) with an IP) and from hand-written EndpointSlices ({written}); CoreDNS serves every slice labelled for the Service"),
            Origin::Manifest { count } => write!(
                f,
                "its endpoints are written by hand (EndpointSlice/Endpoints): {count}"
            ),
            Origin::Nothing => f.write_str("it has no selector and no hand-written endpoints"),
            Origin::ApiServer => f.write_str("the API server publishes its own address"),
        }
    }
}

impl fmt::Display for ServiceFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ServiceFact { ns, name, .. } = self;
        let ips = JoinIps(&self.cluster_ips);
        match &self.kind {
            ServiceKind::Headless => write!(f, "Service {ns}/{name} is headless (clusterIP: None): DNS answers with its ready endpoints, one per pod"),
            ServiceKind::ClusterIp => write!(f, "Service {ns}/{name} has cluster IP {ips}: DNS answers with that virtual IP whatever the endpoints are; kube-proxy spreads connections over the pods"),
            ServiceKind::ClusterIpEndpoint { endpoint } => write!(f, "Service {ns}/{name} has cluster IP {ips}, but `{endpoint}` names one of its endpoints: CoreDNS serves endpoint names for every Service"),
            ServiceKind::ExternalName { target } => write!(
                f,
                "Service {name} is ExternalName: its name is an alias (CNAME) for {target}"
            ),
            ServiceKind::ExternalNameChild => write!(f, "Service {name} is ExternalName: it has no endpoints or ports, so this longer name does not exist"),
        }
    }
}

impl fmt::Display for EndpointFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "endpoint {} (", self.ip)?;
        match &self.pod {
            Some(p) => write!(f, "pod {p}")?,
            None => f.write_str("an address written in an EndpointSlice")?,
        }
        if !self.ready {
            return f.write_str(") is not ready, so CoreDNS leaves it out");
        }
        f.write_str(") is ready; ")?;
        match &self.hostname {
            Some(h) => write!(
                f,
                "hostname {h}, because the pod's subdomain is {}",
                self.service
            ),
            None => write!(
                f,
                "no hostname, so its name is the dashed IP {}",
                self.dashed
            ),
        }
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::InZone { qname, zone, cluster_zone } => write!(f, "{qname} is inside zone {zone}, which CoreDNS's kubernetes plugin serves (Corefile: `kubernetes {cluster_zone} in-addr.arpa ip6.arpa`)"),
            Fact::ZoneTransferRefused => f.write_str("the kubernetes plugin refuses zone transfers (AXFR/IXFR)"),
            Fact::SoaBelowApex => f.write_str("a SOA question below the zone apex always gets an empty answer (NODATA)"),
            Fact::FakeALookup { qtype } => write!(f, "the plugin has no {qtype} records; it looks the name up as A only to tell NODATA from NXDOMAIN"),
            Fact::ReverseFallthrough => f.write_str("no Service or endpoint has this address, so the plugin falls through (`fallthrough in-addr.arpa ip6.arpa`)"),
            Fact::Forwarded { name, why } => write!(f, "{name} is forwarded upstream because {why} (`forward . /etc/resolv.conf`)"),
            Fact::SimulatedUpstream => f.write_str("simulated: the playground has no Internet, so the upstream answer shown is NXDOMAIN from the root zone (flags qr rd ra, not authoritative); a real cluster would show whatever the node's resolver returns"),
            Fact::CoreDnsName => f.write_str("ns.dns.<zone> is CoreDNS's own name: it answers with the kube-dns Service IP"),
            Fact::NotInSchema { why } => write!(f, "the name does not fit the Kubernetes DNS schema: {why}"),
            Fact::ZoneApex => f.write_str("this is the zone apex (or `svc` / `pod` under it): it exists but holds no records of this type"),
            Fact::NoNamespace { ns, kind, zone } => write!(f, "namespace `{ns}` does not exist, so nothing under {ns}.{kind}.{zone} does"),
            Fact::NamespaceExists { ns } => write!(f, "namespace {ns} exists"),
            Fact::NamespaceOnly { ns, zone } => write!(f, "{ns}.svc.{zone} names a namespace, not a Service: it exists, with no records"),
            Fact::PodNamespaceOnly { ns, zone } => write!(f, "{ns}.pod.{zone} names a namespace: it exists, with no records"),
            Fact::NoExternalNameSrv => f.write_str("CoreDNS does not make SRV records for ExternalName Services"),
            Fact::PodIp { label, ip, owner } => {
                write!(f, "`{label}` is an IP address written with dashes: `pods insecure` (kubeadm's setting) answers {ip} for any namespace that exists")?;
                match owner {
                    Some(p) => write!(f, " (pod {p} has this IP, though CoreDNS does not check)"),
                    None => f.write_str(" (no pod has this IP: with `pods insecure` CoreDNS does not check)"),
                }
            }
            Fact::NotAPodIp { label, zone } => write!(f, "pod names under .pod.{zone} must be dashed IP addresses (10-244-1-5); `{label}` is not, so it does not exist"),
            Fact::NoService { ns, name, suggestion } => {
                write!(f, "no Service `{name}` in namespace {ns}")?;
                match suggestion {
                    Some(n) => write!(f, " (did you mean {n}?)"),
                    None => Ok(()),
                }
            }
            Fact::Service(s) => s.fmt(f),
            Fact::EndpointSource(o) => o.fmt(f),
            Fact::Excluded { pod, why } => {
                write!(f, "pod {pod} matches the selector but ")?;
                match why {
                    Excluded::NoIp => f.write_str("has no IP yet")?,
                    Excluded::Finished(phase) => write!(f, "is {phase}")?,
                }
                f.write_str(", so it is not an endpoint")
            }
            Fact::Endpoint(e) => e.fmt(f),
            Fact::Missing(m) => m.fmt(f),
            Fact::CnameLoop { target } => write!(f, "CNAME chain stops at {target} (a loop, or more than 8 links)"),
            Fact::CnameTarget { target, in_zone: true } => write!(f, "the target {target} is inside the cluster zone: CoreDNS resolves it itself"),
            Fact::CnameTarget { target, in_zone: false } => write!(f, "the target {target} is outside the cluster: CoreDNS asks upstream for it; simulated upstream has no record, so only the CNAME is returned"),
            Fact::OtherFamily { qtype } => write!(f, "the name exists but has no {qtype} record (its addresses are of the other IP family)"),
            Fact::SrvWeights { count, weight } => write!(f, "SRV: {count} matching (address, port) pair(s), so each record has priority 0 and weight floor(100/{count}) = {weight}; the ADDITIONAL section carries each target's address"),
            Fact::NoSrvPorts => f.write_str("the Service declares no ports, so there are addresses but no SRV records"),
            Fact::PtrClusterIp { ip, ns, name } => write!(f, "{ip} is the cluster IP of Service {ns}/{name}"),
            Fact::PtrEndpoint { ip, ns, name, hostname } => write!(f, "{ip} is a ready endpoint of Service {ns}/{name} named {hostname}"),
            Fact::PtrPodOnly { ip, ns, pod } => write!(f, "{ip} belongs to pod {ns}/{pod}, but no Service has it as a ready endpoint, and pod IPs alone get no PTR record"),
            Fact::DnsVersion { zone } => write!(f, "dns-version.{zone} reports the Kubernetes DNS schema version CoreDNS implements"),
            Fact::TxtNeedsOtherRecords => f.write_str("for TXT, CoreDNS answers NXDOMAIN unless the name has records of another type"),
            Fact::NoServer { server, dns_ip } => write!(f, "CoreDNS listens on the kube-dns Service IP {dns_ip} and its pods' IPs; {server} is neither, so the query times out"),
            Fact::Fallthrough { name } => write!(f, "the Corefile's `fallthrough` covers {name}: the kubernetes plugin has no such name, so the query goes on to the next plugin"),
            Fact::CorefileTtl { ttl, explicit: true } => write!(f, "records carry TTL {ttl}: the Corefile's kubernetes block sets `ttl {ttl}`"),
            Fact::CorefileTtl { ttl, explicit: false } => write!(f, "records carry TTL {ttl}: the Corefile's kubernetes block sets no `ttl`, so the plugin's default of 5 seconds applies"),
            Fact::Rewritten { from, to } => write!(f, "the Corefile's `rewrite name` turns the question {from} into {to} before the other plugins see it; the client gets its own question back"),
            Fact::AutopathNeedsVerified => f.write_str("`autopath @kubernetes` needs `pods verified` to find the client's namespace from its IP; without it CoreDNS does no autopath and the client walks its search list itself"),
            Fact::AutopathUnknownClient => f.write_str("`autopath`: no pod has the client's address, so CoreDNS does not know its search list and does no autopath"),
            Fact::AutopathOvershot { name } => write!(f, "`autopath`: {name} is the client's first search domain itself; CoreDNS cannot take that domain off the name and answers SERVFAIL"),
            Fact::Autopath { ns, tried, found } => {
                write!(f, "`autopath @kubernetes`: the client is in namespace {ns}, so CoreDNS walks its search list itself: ")?;
                for (i, (n, rc)) in tried.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{n} {rc}")?;
                }
                match found {
                    Some(n) => write!(f, "; it answers with a CNAME from the name asked to {n} and that name's records, in one reply, so the client's walk stops here"),
                    None if tried.len() > 1 => f.write_str("; every name failed, so it returns the first reply and the client goes on with its own walk"),
                    None => f.write_str("; the name asked answers, so no CNAME is needed"),
                }
            }
            Fact::CacheCap { ttl, max, min } => write!(f, "the Corefile's `cache` gives every record of the reply TTL {ttl}: the reply's smallest TTL, kept between {min} and {max} seconds"),
            Fact::NoForward { name, why } => write!(f, "{name} goes past the kubernetes plugin ({why}), but the Corefile has no `forward`: no plugin is left, so CoreDNS answers SERVFAIL"),
            Fact::NamespaceNotServed { ns } => write!(f, "the Corefile's `namespaces` option lists the only namespaces the plugin serves, and {ns} is not one of them"),
            Fact::PodsDisabled => f.write_str("the Corefile's kubernetes block has `pods disabled` (the plugin's default when `pods` is not set): no name under .pod. exists"),
            Fact::PodVerified { label, ip, pod: Some(p) } => write!(f, "`{label}` is an IP address written with dashes; `pods verified` answers {ip} because pod {p} of this namespace has it"),
            Fact::PodVerified { label, ip, pod: None } => write!(f, "`{label}` is an IP address written with dashes, but with `pods verified` CoreDNS answers only the IP of a pod in this namespace, and no pod here has {ip}"),
            Fact::IgnoreEmptyService { service } => write!(f, "the Corefile's `ignore empty_service`: {service} has no ready endpoint, so its name does not exist"),
            Fact::EndpointPodNames => f.write_str("the Corefile's `endpoint_pod_names`: endpoints without a hostname are named after their pod (when its name is under 64 characters) instead of their dashed IP"),
        }
    }
}

impl fmt::Display for NxReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NxReason::Name { qname } => write!(f, "{qname} does not exist"),
            NxReason::NotInSchema => f.write_str("not a name the Kubernetes DNS schema defines"),
            NxReason::NoNamespace { ns } => write!(f, "there is no namespace {ns}"),
            NxReason::PodNotDashed => f.write_str("pod names are dashed IPs, not pod names"),
            NxReason::NoService { ns, name } => write!(f, "there is no Service {ns}/{name}"),
            NxReason::ExternalNameChild => {
                f.write_str("ExternalName Services have no endpoint or port names")
            }
            NxReason::Missing(m) => m.fmt(f),
            NxReason::PodsDisabled => {
                f.write_str("the Corefile disables pod names (`pods disabled`)")
            }
            NxReason::PodNotVerified => {
                f.write_str("no pod of this namespace has that IP (`pods verified`)")
            }
            NxReason::EmptyService { service } => write!(
                f,
                "{service} has no ready endpoint and the Corefile says `ignore empty_service`"
            ),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Refused => f.write_str("REFUSED: zone transfers are not allowed"),
            Verdict::NxDomain(why) => write!(f, "NXDOMAIN: {why}"),
            Verdict::NoData { qname, qtype } => write!(
                f,
                "NOERROR with no answer (NODATA): {qname} exists but has no {qtype} record"
            ),
            Verdict::NoError { records } => {
                f.write_str("NOERROR: ")?;
                for (i, (t, n)) in records.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    let s = crate::cluster::plural(*n);
                    write!(f, "{sep}{n} {t} record{s}")?;
                }
                Ok(())
            }
            Verdict::Forwarded { name } => write!(
                f,
                "NXDOMAIN (simulated upstream): {name} is not a cluster name"
            ),
            Verdict::ServFail { why } => write!(f, "SERVFAIL: {why}"),
            Verdict::NoReply { server } => {
                write!(
                    f,
                    "no reply: nothing in the cluster answers DNS on {server}"
                )
            }
        }
    }
}

/// `10.96.0.1, fd00::1`.
struct JoinIps<'a>(&'a [IpAddr]);

impl fmt::Display for JoinIps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, ip) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{ip}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{Cluster, Ops};
    use crate::dns::message::Query;
    use crate::dns::name::Name;
    use crate::dns::resolver::Resolver;
    use crate::model;

    const SPEC: &str = include_str!("../../tests/fixtures/spec/cluster.yaml");

    fn cluster(ops: &Ops) -> Cluster {
        Cluster::build(&model::parse(SPEC), ops)
    }

    fn explain(c: &Cluster, name: &str, qt: RecordType) -> Explanation {
        let q = Query::new(Name::parse(name).unwrap(), qt);
        let ex = Resolver::new(c).answer(&q, true, None).1;
        for s in &ex.steps {
            assert_eq!(s.text, s.fact.to_string(), "text is the fact's rendering");
        }
        assert_eq!(
            Some(ex.verdict.clone()),
            ex.outcome.as_ref().map(|v| v.to_string())
        );
        ex
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_cluster_ip_service_answers_with_its_virtual_ip() {
        let c = cluster(&Ops::default());
        let ex = explain(&c, "svc1.default.svc.cluster.local.", RecordType::A);
        let svc = ex.service().expect("a Service fact");
        assert_eq!((svc.ns.as_str(), svc.name.as_str()), ("default", "svc1"));
        assert!(!svc.headless);
        assert_eq!(svc.cluster_ips, [ip("10.96.1.1")]);
        assert_eq!(svc.kind, ServiceKind::ClusterIp);
        assert_eq!(
            ex.endpoints().count(),
            0,
            "ClusterIP answers never read endpoints"
        );
        assert_eq!(
            ex.outcome,
            Some(Verdict::NoError {
                records: vec![(RecordType::A, 1)]
            })
        );
        assert_eq!(ex.verdict, "NOERROR: 1 A record");
    }

    #[test]
    fn a_headless_service_lists_its_endpoints_ready_or_not() {
        let c = cluster(&Ops::default());
        let ex = explain(&c, "hs1.default.svc.cluster.local.", RecordType::A);
        let svc = ex.service().expect("a Service fact");
        assert!(svc.headless);
        assert!(svc.cluster_ips.is_empty());
        assert_eq!(svc.kind, ServiceKind::Headless);
        let eps: Vec<(IpAddr, bool, Option<&str>, Option<&str>)> = ex
            .endpoints()
            .map(|e| (e.ip, e.ready, e.pod.as_deref(), e.hostname.as_deref()))
            .collect();
        assert_eq!(
            eps,
            [
                (ip("10.244.1.10"), true, Some("one-a"), Some("one-a")),
                (ip("10.244.2.10"), true, Some("one-b"), Some("one-b")),
                (ip("10.244.3.10"), false, Some("one-c"), Some("one-c")),
            ]
        );
        assert_eq!(
            ex.outcome,
            Some(Verdict::NoError {
                records: vec![(RecordType::A, 2)]
            })
        );
        let texts: Vec<&str> = ex.steps.iter().map(|s| s.text.as_str()).collect();
        assert!(texts
            .contains(&"endpoint 10.244.3.10 (pod one-c) is not ready, so CoreDNS leaves it out"));
        assert!(texts.contains(
            &"endpoint 10.244.1.10 (pod one-a) is ready; hostname one-a, because the pod's subdomain is hs1"
        ));
    }

    #[test]
    fn a_pod_marked_not_ready_appears_with_ready_false() {
        let mut ops = Ops::default();
        ops.not_ready
            .insert(crate::cluster::ObjectRef::new("default", "one-a"));
        let c = cluster(&ops);
        let ex = explain(&c, "hs1.default.svc.cluster.local.", RecordType::A);
        let one_a = ex
            .endpoints()
            .find(|e| e.pod.as_deref() == Some("one-a"))
            .expect("one-a is still an endpoint");
        assert!(!one_a.ready);
        assert_eq!(ex.endpoints().filter(|e| e.ready).count(), 1);
    }

    #[test]
    fn nxdomain_verdicts_are_nxdomain() {
        let c = cluster(&Ops::default());
        let ex = explain(&c, "svc2.default.svc.cluster.local.", RecordType::A);
        assert!(matches!(ex.outcome, Some(Verdict::NxDomain(_))));
        assert_eq!(
            ex.outcome,
            Some(Verdict::NxDomain(NxReason::NoService {
                ns: "default".into(),
                name: "svc2".into()
            }))
        );
        assert_eq!(ex.verdict, "NXDOMAIN: there is no Service default/svc2");
        assert!(ex.steps.iter().any(|s| matches!(
            &s.fact,
            Fact::NoService { suggestion: Some(n), .. } if n == "svc1"
        )));
        assert!(ex.service().is_none());

        let ex = explain(&c, "hs-empty.default.svc.cluster.local.", RecordType::A);
        let why = Missing::NoEndpoints {
            service: "hs-empty".into(),
        };
        assert_eq!(
            ex.outcome,
            Some(Verdict::NxDomain(NxReason::Missing(why.clone())))
        );
        assert!(ex
            .steps
            .iter()
            .any(|s| s.fact == Fact::Missing(why.clone())));
        assert_eq!(ex.verdict, "NXDOMAIN: hs-empty has no endpoints at all");

        let ex = explain(&c, "ext.nope.svc.cluster.local.", RecordType::A);
        assert_eq!(
            ex.outcome,
            Some(Verdict::NxDomain(NxReason::NoNamespace {
                ns: "nope".into()
            }))
        );
    }

    #[test]
    fn external_name_services_are_aliases() {
        let c = cluster(&Ops::default());
        let ex = explain(&c, "ext.default.svc.cluster.local.", RecordType::A);
        let svc = ex.service().expect("a Service fact");
        assert_eq!(
            svc.kind,
            ServiceKind::ExternalName {
                target: "example.com".into()
            }
        );
        assert!(ex.steps.iter().any(|s| s.fact
            == Fact::CnameTarget {
                target: "example.com.".into(),
                in_zone: false
            }));
        let ex = explain(&c, "x.ext.default.svc.cluster.local.", RecordType::A);
        assert_eq!(
            ex.service().map(|s| &s.kind),
            Some(&ServiceKind::ExternalNameChild)
        );
        assert_eq!(
            ex.outcome,
            Some(Verdict::NxDomain(NxReason::ExternalNameChild))
        );
    }

    #[test]
    fn nothing_is_collected_when_explanations_are_off() {
        let c = cluster(&Ops::default());
        let mut r = Resolver::new(&c);
        r.explain = false;
        for name in [
            "hs1.default.svc.cluster.local.",
            "x.ext.default.svc.cluster.local.",
            "svc2.default.svc.cluster.local.",
            "example.com.",
        ] {
            let q = Query::new(Name::parse(name).unwrap(), RecordType::A);
            let ex = r.answer(&q, true, None).1;
            assert!(ex.steps.is_empty(), "{name}");
            assert_eq!((ex.verdict.as_str(), &ex.outcome), ("", &None), "{name}");
        }
    }

    #[test]
    fn verdicts_read_as_before() {
        let cases = [
            (Verdict::Refused, "REFUSED: zone transfers are not allowed"),
            (
                Verdict::NoData {
                    qname: "a.b.".into(),
                    qtype: RecordType::AAAA,
                },
                "NOERROR with no answer (NODATA): a.b. exists but has no AAAA record",
            ),
            (
                Verdict::NoError {
                    records: vec![(RecordType::CNAME, 1), (RecordType::A, 3)],
                },
                "NOERROR: 1 CNAME record, 3 A records",
            ),
            (
                Verdict::Forwarded {
                    name: "example.com.".into(),
                },
                "NXDOMAIN (simulated upstream): example.com. is not a cluster name",
            ),
            (
                Verdict::NoReply {
                    server: ip("192.0.2.1"),
                },
                "no reply: nothing in the cluster answers DNS on 192.0.2.1",
            ),
            (
                Verdict::NxDomain(NxReason::Missing(Missing::NoEndpointNamed {
                    service: "hs1".into(),
                    endpoint: "x".into(),
                    ready_names: vec!["one-a".into(), "one-b".into()],
                })),
                "NXDOMAIN: no endpoint of hs1 is named `x`: its ready endpoint names are one-a, one-b",
            ),
        ];
        for (v, want) in cases {
            assert_eq!(v.to_string(), want);
        }
    }
}
