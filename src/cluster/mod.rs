//! The simulated cluster: what the Kubernetes controllers would make of the manifests.
//!
//! [`Cluster::build`] starts from a kubeadm cluster's built-in objects (namespaces, the `kubernetes`
//! and `kube-dns` Services, two CoreDNS pods, a `dnsutils` client pod, one control-plane and three
//! worker nodes), adds the user's objects, then plays the controllers:
//!
//! * **StatefulSet**: pods `<name>-<ordinal>` with `hostname` = pod name and `subdomain` =
//!   `serviceName` (KK `pkg/controller/statefulset/stateful_set_utils.go`, `initIdentity`);
//!   it never checks that the Service exists or is headless.
//! * **Deployment → ReplicaSet**, **ReplicationController**, **DaemonSet**, **Job** ([`controllers`]):
//!   generated names `<owner>-<5 chars>` from a hash, a Deployment's ReplicaSet named by the
//!   `pod-template-hash` of a canonical text of its template, one DaemonSet pod per node that
//!   its `nodeSelector` and tolerations allow. Pods pasted with an owner are taken as printed.
//! * **Nodes**: pasted `Node` objects (names, `podCIDR`s, readiness, taints), else a kubeadm
//!   control plane and three or more workers.
//! * **EndpointSlice** ([`endpoints`]): selector matching, readiness, `publishNotReadyAddresses`,
//!   hostnames only when the pod's `subdomain` equals the Service name, named `targetPort`s resolved
//!   through container ports. Hand-written EndpointSlices or Endpoints are authoritative for their Service.
//! * **IPAM** ([`ipam`]): deterministic and stable addresses; every IP the YAML pins is honoured.
//!
//! Pod state changes (not ready, deleted, scaled) are explicit [`Ops`] applied during the build, so
//! the UI's toggles and kdig's flags replay exactly.

mod controllers;
pub mod endpoints;
pub mod ipam;
mod lint;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use crate::model::{
    self, ClusterIpSpec, ContainerPort, Diagnostic, EndpointPort, Labels, ObjectKind, Parsed, Pos,
    ServicePort, ServiceType,
};
use ipam::{fnv1a, FastHash, Pool};

/// Namespace → name → position, for Services and Pods.
type Index = HashMap<Arc<str>, HashMap<Arc<str>, usize, FastHash>, FastHash>;

/// The cluster domain (kubeadm default).
pub const ZONE: &str = "cluster.local";
/// The `kube-dns` Service IP: the 10th address of the Service CIDR 10.96.0.0/12 (kubeadm `GetDNSIP`).
pub const DNS_SERVICE_IP: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 10);
/// The `kubernetes` Service IP: the first address of the Service CIDR.
pub const API_SERVICE_IP: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 1);
/// Most pods the simulator creates in all (user pods plus controller-made ones).
pub const MAX_PODS: usize = 10_000;
/// The kubelet's default `maxPods`: more pods than 3 × 110 adds worker nodes.
pub const MAX_PODS_PER_NODE: usize = 110;
/// The namespace of the built-in client pod.
pub const CLIENT_POD: (&str, &str) = ("default", "dnsutils");

/// Where a piece of cluster state comes from, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Part of every kubeadm cluster.
    BuiltIn,
    /// Written in the manifests at this position.
    Manifest(Pos),
    /// Made by a controller from the object at this position (e.g. a StatefulSet's pod).
    Derived { from: Pos, controller: &'static str },
}

impl Source {
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Source::BuiltIn => None,
            Source::Manifest(p) | Source::Derived { from: p, .. } => Some(*p),
        }
    }
}

/// A namespaced object's identity, `namespace/name` (its `Display`), as the toggles, share links
/// and kdig's flags name pods and workloads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectRef {
    pub namespace: String,
    pub name: String,
}

/// A pod, by namespace and name.
pub type PodRef = ObjectRef;
/// A StatefulSet or Deployment, by namespace and name.
pub type WorkloadRef = ObjectRef;

impl ObjectRef {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        ObjectRef {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// Parse `NS/NAME` (or `NAME`, meaning namespace `default`).
    pub fn parse(s: &str) -> Result<ObjectRef, String> {
        let (ns, name) = s.split_once('/').unwrap_or(("default", s));
        if ns.is_empty() || name.is_empty() || name.contains('/') {
            return Err(format!("expected NAMESPACE/NAME, found \"{s}\""));
        }
        Ok(ObjectRef::new(ns, name))
    }
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// State changes applied on top of the manifests (the playground's "break it" toggles, kdig's
/// `--not-ready`, `--delete` and `--scale` flags): per-pod and per-workload overrides, each named
/// as [`ObjectRef::parse`] reads it. The build applies them, so a toggle replays the same cluster
/// every time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ops {
    /// Pods whose readiness probe fails.
    pub not_ready: BTreeSet<PodRef>,
    /// Pods deleted once. A StatefulSet or Deployment replaces its pod (a StatefulSet under the same
    /// name, with a new IP); a bare Pod is gone.
    pub deleted: BTreeSet<PodRef>,
    /// `replicas` overrides: a StatefulSet or Deployment → count.
    pub scale: BTreeMap<WorkloadRef, i64>,
}

impl Ops {
    /// Parse `NS/NAME` (or `NAME`, meaning namespace `default`).
    pub fn key(s: &str) -> Result<ObjectRef, String> {
        ObjectRef::parse(s)
    }

    /// Whether the pod `ns/name` is marked not ready (no allocation).
    pub fn is_not_ready(&self, ns: &str, name: &str) -> bool {
        self.not_ready
            .iter()
            .any(|k| k.namespace == ns && k.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub name: String,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: Arc<str>,
    pub internal_ip: Ipv4Addr,
    /// The IPv4 range its pods' addresses come from (`spec.podCIDRs`).
    pub pod_cidr: (Ipv4Addr, u8),
    pub control_plane: bool,
    pub labels: Labels,
    pub taints: Vec<model::Taint>,
    /// The `Ready` condition: pods a controller places on a node that is not ready are not ready.
    pub ready: bool,
    /// Cordoned (`spec.unschedulable`): no new pods, except DaemonSet ones.
    pub unschedulable: bool,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A Pod written in the manifests (or pasted, owned by something not simulated).
    None,
    StatefulSet {
        name: Arc<str>,
        ordinal: i64,
    },
    Deployment {
        name: Arc<str>,
    },
    /// A ReplicaSet's pod: pasted with its owner reference, or made by a pasted ReplicaSet.
    ReplicaSet {
        name: Arc<str>,
    },
    ReplicationController {
        name: Arc<str>,
    },
    DaemonSet {
        name: Arc<str>,
    },
    Job {
        name: Arc<str>,
    },
    BuiltIn,
}

impl Owner {
    /// The owner of a pasted pod, from its controlling `ownerReferences` entry.
    fn of_pasted(owner: &Option<(String, String)>, pod_name: &str) -> Owner {
        let Some((kind, name)) = owner else {
            return Owner::None;
        };
        let name: Arc<str> = name.as_str().into();
        match kind.as_str() {
            "StatefulSet" => {
                let ordinal = pod_name
                    .strip_prefix(&format!("{name}-"))
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                Owner::StatefulSet { name, ordinal }
            }
            "ReplicaSet" => Owner::ReplicaSet { name },
            "ReplicationController" => Owner::ReplicationController { name },
            "DaemonSet" => Owner::DaemonSet { name },
            "Job" => Owner::Job { name },
            _ => Owner::None,
        }
    }
}

/// Strings are shared (`Arc<str>`): a StatefulSet's pods share its namespace, Service name, owner
/// name, ports and node names, so building 5,000 pods allocates little more than their names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pod {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub ips: Vec<IpAddr>,
    /// True when the IP came from the YAML (`status.podIP(s)`).
    pub ip_pinned: bool,
    /// Where the pinned IP is written.
    pub ip_pos: Option<Pos>,
    pub node: Arc<str>,
    pub labels: Labels,
    pub hostname: Option<Arc<str>>,
    pub subdomain: Option<Arc<str>>,
    pub phase: Arc<str>,
    pub ready: bool,
    pub terminating: bool,
    pub owner: Owner,
    pub ports: Arc<[ContainerPort]>,
    pub dns_policy: Option<Arc<str>>,
    pub source: Source,
}

impl Pod {
    pub fn ip(&self) -> Option<IpAddr> {
        self.ips.first().copied()
    }

    /// The hostname the kubelet gives the container (`spec.hostname`, else the pod name cut to 63).
    pub fn kernel_hostname(&self) -> &str {
        self.hostname
            .as_deref()
            .unwrap_or(&self.name[..self.name.len().min(63)])
    }
}

/// Why a selected pod is not an endpoint (for explanations).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Excluded {
    NoIp,
    Finished(Arc<str>),
}

/// One address of an EndpointSlice as CoreDNS sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: IpAddr,
    pub hostname: Option<Arc<str>>,
    pub ready: bool,
    pub terminating: bool,
    /// Index into [`Cluster::pods`], when the endpoint is a known pod.
    pub pod: Option<usize>,
    pub node: Option<Arc<str>>,
    /// Ports with the Service port's name and the resolved target port number (shared by the
    /// endpoints whose pods resolve them alike).
    pub ports: Arc<[EndpointPort]>,
    pub source: Source,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointsFrom {
    /// The EndpointSlice controller, from the selector.
    Selector,
    /// Hand-written EndpointSlices / Endpoints.
    Manifest,
    /// The selector, plus `written` endpoints from hand-written EndpointSlices for the same Service
    /// (CoreDNS serves both).
    SelectorAndManifest { written: usize },
    /// No selector and no hand-written endpoints.
    Nothing,
    /// The API server publishes its own address (the built-in `kubernetes` Service).
    ApiServer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub type_: ServiceType,
    pub headless: bool,
    /// Empty for headless and ExternalName Services.
    pub cluster_ips: Vec<IpAddr>,
    pub external_name: Option<String>,
    pub ports: Vec<ServicePort>,
    pub selector: Option<Labels>,
    pub publish_not_ready: bool,
    pub source: Source,
    pub endpoints: Vec<Endpoint>,
    pub endpoints_from: EndpointsFrom,
    /// Pods the selector matches that are not endpoints, and why.
    pub excluded: Vec<(usize, Excluded)>,
}

impl Service {
    pub fn ready_endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.iter().filter(|e| e.ready)
    }
}

/// The whole simulated cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// The cluster domain: the `kubernetes` plugin's first zone (`cluster.local` on kubeadm).
    pub zone: String,
    /// What the simulated CoreDNS does, from the ConfigMap `kube-system/coredns` or kubeadm's default.
    pub dns: crate::dns::corefile::Config,
    /// The pasted Corefile (or kubeadm's default) and where it came from; see [`Cluster::corefile`].
    pub corefile: crate::dns::corefile::CorefileSource,
    pub namespaces: Vec<Namespace>,
    pub nodes: Vec<Node>,
    pub services: Vec<Service>,
    /// Shared with the next build when nothing that makes pods changed ([`Cluster::rebuild`]).
    pub pods: Arc<Vec<Pod>>,
    /// Problems and teaching notes found while building (lints that need several objects).
    pub diagnostics: Vec<Diagnostic>,
    svc_index: Index,
    pod_index: Arc<Index>,
    /// What the pods phase read and made, for the next [`Cluster::rebuild`].
    pods_phase: Memo,
}

/// What the pods phase of a build (the built-in, pasted and controller-made pods, the nodes,
/// scheduling and pod IPs) read, and what it made. It reads only the objects that
/// [`feeds_pods`] names and the [`Ops`]; the other phases read what it made and never change it.
#[derive(Debug)]
struct PodsPhase {
    /// The objects it read, in order: each one's origin and its document (`None`: not known).
    inputs: Option<Vec<(model::Origin, model::DocRef)>>,
    ops: Ops,
    pods: Arc<Vec<Pod>>,
    nodes: Vec<Node>,
    pod_index: Arc<Index>,
    /// The diagnostics it added, in the order it added them.
    diags: Vec<Diagnostic>,
}

/// A cluster's [`PodsPhase`], kept for the next build. A cache, not part of the cluster's value:
/// any two compare equal, so a rebuilt cluster equals a full build of the same input.
#[derive(Clone, Default)]
struct Memo(Option<Arc<PodsPhase>>);

impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Memo {}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// Whether the pods phase reads `o`: every kind but the ones only Services, endpoints, namespaces
/// and CoreDNS read (a kind added later counts as feeding pods until it is listed here).
fn feeds_pods(o: &model::Object) -> bool {
    match &o.kind {
        ObjectKind::Service(_)
        | ObjectKind::Endpoints(..)
        | ObjectKind::EndpointSlice(_)
        | ObjectKind::Namespace(_) => false,
        ObjectKind::Other { extra, .. } => !matches!(
            extra.as_deref(),
            None | Some(model::Extra::CoreDnsConfig(_))
        ),
        _ => true,
    }
}

impl Cluster {
    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.namespaces.iter().any(|n| n.name == ns)
    }

    pub fn service(&self, ns: &str, name: &str) -> Option<&Service> {
        self.svc_index
            .get(ns)?
            .get(name)
            .map(|&i| &self.services[i])
    }

    /// Position of a Service in `services`.
    pub fn service_index(&self, ns: &str, name: &str) -> Option<usize> {
        self.svc_index.get(ns)?.get(name).copied()
    }

    pub fn pod(&self, ns: &str, name: &str) -> Option<&Pod> {
        self.pod_index.get(ns)?.get(name).map(|&i| &self.pods[i])
    }

    pub fn pod_index(&self, ns: &str, name: &str) -> Option<usize> {
        self.pod_index.get(ns)?.get(name).copied()
    }

    /// The Services of a namespace, in build order.
    pub fn services_in<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a Service> + 'a {
        self.services.iter().filter(move |s| &*s.namespace == ns)
    }

    pub fn dns_service_ip(&self) -> IpAddr {
        IpAddr::V4(DNS_SERVICE_IP)
    }

    /// The CoreDNS pods' IPs (a query sent straight to one of them is answered too).
    pub fn coredns_pod_ips(&self) -> Vec<IpAddr> {
        self.service("kube-system", "kube-dns")
            .map(|s| s.ready_endpoints().map(|e| e.ip).collect())
            .unwrap_or_default()
    }

    /// The Corefile the simulated CoreDNS runs: its text, and the manifest position of the
    /// ConfigMap's `data.Corefile` (`None`: kubeadm's default, no ConfigMap `kube-system/coredns`).
    /// When CoreDNS would refuse the pasted Corefile, the one in use is kubeadm's default (and
    /// `self.corefile` still holds the pasted text, with `refused` set).
    pub fn corefile(&self) -> (&str, Option<Pos>) {
        if self.corefile.refused {
            return (crate::dns::corefile::KUBEADM_COREFILE, None);
        }
        (&self.corefile.text, self.corefile.pos)
    }

    /// Build from parsed manifests, with `ops` applied.
    pub fn build(parsed: &Parsed, ops: &Ops) -> Cluster {
        Builder::new(parsed, ops).run(None)
    }

    /// The same cluster as [`Cluster::build`] gives, taking `prev`'s pods, nodes and pod IPs
    /// whole when the objects that make them (every pod, workload and node object, each from a
    /// document of the same text at the same line) and the [`Ops`] are those `prev` was built
    /// from. The Services, endpoints, Service IPs, CoreDNS config and lints are built again.
    pub fn rebuild(parsed: &Parsed, ops: &Ops, prev: &Cluster) -> Cluster {
        Builder::new(parsed, ops).run(prev.pods_phase.0.as_ref())
    }

    /// Whether this cluster took its pods from `prev` (see [`Cluster::rebuild`]).
    pub fn shares_pods_with(&self, prev: &Cluster) -> bool {
        Arc::ptr_eq(&self.pods, &prev.pods)
    }
}

/// The last ConfigMap `kube-system/coredns` pasted (like `kubectl apply`, a later one wins), read as
/// CoreDNS reads its Corefile; kubeadm's default without one, or when CoreDNS would refuse it.
fn coredns_config(
    parsed: &Parsed,
    diags: &mut Vec<Diagnostic>,
) -> (
    crate::dns::corefile::Config,
    crate::dns::corefile::CorefileSource,
) {
    use crate::dns::corefile::{Config, CorefileSource};
    let found = parsed.objects.iter().rev().find_map(|o| match o.extra() {
        Some(model::Extra::CoreDnsConfig(c)) => Some(c),
        _ => None,
    });
    let Some(c) = found else {
        return (Config::default(), CorefileSource::default());
    };
    let Some(text) = &c.corefile else {
        diags.push(Diagnostic::warning(c.pos, crate::dns::corefile::PATH, "ConfigMap kube-system/coredns has no `data.Corefile`: CoreDNS (started with `-conf /etc/coredns/Corefile`) would find no Corefile; the playground uses kubeadm's default"));
        return (Config::default(), CorefileSource::default());
    };
    let (config, refused, notes) = Config::from_text(text, &c.lines);
    diags.extend(notes);
    let source = CorefileSource {
        text: text.clone(),
        pos: Some(c.pos),
        refused,
    };
    (config, source)
}

struct Builder<'a> {
    parsed: &'a Parsed,
    ops: &'a Ops,
    diags: Vec<Diagnostic>,
    namespaces: Vec<Namespace>,
    services: Vec<Service>,
    pods: Vec<Pod>,
    nodes: Vec<Node>,
}

/// Order pods by namespace, then name. Sorts positions, then moves each pod once: a `Pod` is a
/// large struct, and sorting 5,000 of them in place moves each many times.
fn sort_pods(pods: &mut Vec<Pod>) {
    // (namespace, name) pairs are unique, so an unstable sort gives one order.
    let mut keys: Vec<(&str, &str, usize)> = pods
        .iter()
        .enumerate()
        .map(|(i, p)| (&*p.namespace, &*p.name, i))
        .collect();
    crate::sort::sort(&mut keys);
    let order: Vec<usize> = keys.into_iter().map(|k| k.2).collect();
    if order.iter().enumerate().all(|(i, &o)| i == o) {
        return;
    }
    let mut slots: Vec<Option<Pod>> = std::mem::take(pods).into_iter().map(Some).collect();
    pods.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// A model string as a shared one.
fn shared(s: &Option<String>) -> Option<Arc<str>> {
    s.as_deref().map(Arc::from)
}

/// The labels the kubelet puts on every node (`kubernetes.io/hostname`, `os`, `arch`).
fn node_labels(name: &str) -> Labels {
    model::labels(&[
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ])
}

fn worker_node(i: usize) -> Node {
    let name = format!("worker-{i}");
    Node {
        labels: node_labels(&name),
        name: name.into(),
        internal_ip: Ipv4Addr::new(172, 18, ((i + 2) / 256) as u8, ((i + 2) % 256) as u8),
        pod_cidr: (Ipv4Addr::new(10, 244, i as u8, 0), 24),
        control_plane: false,
        taints: Vec::new(),
        ready: true,
        unschedulable: false,
        source: Source::BuiltIn,
    }
}

/// kubeadm's control plane: labelled `node-role.kubernetes.io/control-plane` and tainted
/// `NoSchedule` with the same key (KK `cmd/kubeadm/app/constants`, `ControlPlaneTaint`).
fn control_plane() -> Node {
    let mut labels = node_labels("control-plane");
    labels.insert(CONTROL_PLANE_ROLE.into(), "".into());
    Node {
        name: "control-plane".into(),
        internal_ip: Ipv4Addr::new(172, 18, 0, 2),
        pod_cidr: (Ipv4Addr::new(10, 244, 0, 0), 24),
        control_plane: true,
        labels,
        taints: vec![model::Taint {
            key: CONTROL_PLANE_ROLE.into(),
            value: String::new(),
            effect: "NoSchedule".into(),
        }],
        ready: true,
        unschedulable: false,
        source: Source::BuiltIn,
    }
}

/// The control-plane node role label and taint key.
const CONTROL_PLANE_ROLE: &str = "node-role.kubernetes.io/control-plane";

/// Kubernetes' "safe" alphabet for generated name suffixes (no vowels, no look-alikes).
const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `<base>-<5 safe characters of h>`, the name a ReplicaSet, Job or DaemonSet gives a pod (built
/// without the formatting machinery: it runs once per pod).
fn suffixed(base: &str, h: u64) -> String {
    let mut name = String::with_capacity(base.len() + 6);
    name.push_str(base);
    name.push('-');
    push_safe_suffix(&mut name, h, 5);
    name
}

fn push_safe_suffix(out: &mut String, mut h: u64, len: usize) {
    for _ in 0..len {
        out.push(SAFE[(h % SAFE.len() as u64) as usize] as char);
        h /= SAFE.len() as u64;
    }
}

fn safe_suffix(h: u64, len: usize) -> String {
    let mut s = String::with_capacity(len);
    push_safe_suffix(&mut s, h, len);
    s
}

impl<'a> Builder<'a> {
    fn new(parsed: &'a Parsed, ops: &'a Ops) -> Self {
        Builder {
            parsed,
            ops,
            diags: Vec::new(),
            namespaces: Vec::new(),
            services: Vec::new(),
            pods: Vec::new(),
            nodes: Vec::new(),
        }
    }

    fn run(mut self, prev: Option<&Arc<PodsPhase>>) -> Cluster {
        self.namespaces();
        self.builtin_services();
        self.user_services();
        // `None` (never reused) if an object had no document to compare.
        let inputs: Option<Vec<(model::Origin, model::DocRef)>> = self
            .parsed
            .objects
            .iter()
            .filter(|o| feeds_pods(o))
            .map(|o| Some((o.origin.clone(), self.parsed.doc_ref(&o.origin)?)))
            .collect();
        let same =
            |p: &&Arc<PodsPhase>| inputs.is_some() && p.inputs == inputs && p.ops == *self.ops;
        let phase = match prev.filter(same) {
            Some(p) => {
                self.diags.extend(p.diags.iter().cloned());
                p.clone()
            }
            None => Arc::new(self.pods_phase(inputs)),
        };
        self.allocate_service_ips();
        endpoints::derive(
            self.parsed,
            &mut self.services,
            &phase.pods,
            &phase.pod_index,
            &mut self.diags,
        );
        let mut svc_index = Index::default();
        for (i, s) in self.services.iter().enumerate() {
            svc_index
                .entry(s.namespace.clone())
                .or_default()
                .insert(s.name.clone(), i);
        }
        let (dns, corefile) = coredns_config(self.parsed, &mut self.diags);
        let mut cluster = Cluster {
            zone: dns.cluster_domain.clone(),
            dns,
            corefile,
            namespaces: self.namespaces,
            nodes: phase.nodes.clone(),
            services: self.services,
            pods: phase.pods.clone(),
            diagnostics: self.diags,
            svc_index,
            pod_index: phase.pod_index.clone(),
            pods_phase: Memo(Some(phase)),
        };
        lint::run(self.parsed, &mut cluster);
        model::diag::sort(&mut cluster.diagnostics);
        cluster
    }

    /// The pods phase (see [`PodsPhase`]): reads only `inputs` (the objects [`feeds_pods`] names)
    /// and the ops; adds to the diagnostics, and to nothing else of the builder but its pods.
    fn pods_phase(&mut self, inputs: Option<Vec<(model::Origin, model::DocRef)>>) -> PodsPhase {
        let first_diag = self.diags.len();
        self.builtin_pods();
        self.user_pods();
        self.workload_pods();
        self.nodes = self.nodes();
        self.daemonset_pods();
        sort_pods(&mut self.pods);
        let nodes = self.assign_nodes_and_ips();
        // The pods are sorted, so each namespace is one run: one map of the right size per run.
        let mut pod_index = Index::default();
        let mut start = 0;
        while start < self.pods.len() {
            let ns = &self.pods[start].namespace;
            let len = self.pods[start..]
                .iter()
                .take_while(|p| p.namespace == *ns)
                .count();
            let mut m = HashMap::with_capacity_and_hasher(len, FastHash::default());
            for (i, p) in self.pods.iter().enumerate().skip(start).take(len) {
                m.insert(p.name.clone(), i);
            }
            pod_index.insert(ns.clone(), m);
            start += len;
        }
        PodsPhase {
            inputs,
            ops: self.ops.clone(),
            pods: Arc::new(std::mem::take(&mut self.pods)),
            nodes,
            pod_index: Arc::new(pod_index),
            diags: self.diags[first_diag..].to_vec(),
        }
    }

    fn namespaces(&mut self) {
        for n in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            self.namespaces.push(Namespace {
                name: n.into(),
                source: Source::BuiltIn,
            });
        }
        for o in &self.parsed.objects {
            if let ObjectKind::Namespace(n) = &o.kind {
                if !self.namespaces.iter().any(|x| x.name == n.name) {
                    self.namespaces.push(Namespace {
                        name: n.name.clone(),
                        source: Source::Manifest(o.origin.pos),
                    });
                }
            }
        }
        // Objects in namespaces nobody created: create them (as `kubectl create namespace` would
        // have to), and say so once per namespace.
        let mut noted = BTreeSet::new();
        for o in &self.parsed.objects {
            let (Some(ns), _) = o.key() else { continue };
            if o.is_simulated()
                && !self.namespaces.iter().any(|x| x.name == ns)
                && noted.insert(ns.to_string())
            {
                let pos = self.parsed.locate(&o.origin, &["metadata", "namespace"]);
                self.diags.push(
                    Diagnostic::info(pos, "metadata.namespace", format!("namespace \"{ns}\" is not in the manifests; the playground creates it (a real cluster answers `namespaces \"{ns}\" not found` until `kubectl create namespace {ns}`)"))
                );
                self.namespaces.push(Namespace {
                    name: ns.to_string(),
                    source: Source::Derived {
                        from: pos,
                        controller: "playground",
                    },
                });
            }
        }
    }

    fn builtin_services(&mut self) {
        let port = |name: &str, protocol, port, target| ServicePort {
            name: Some(name.into()),
            protocol,
            port,
            target_port: model::IntOrString::Int(target),
        };
        self.services.push(Service {
            namespace: "default".into(),
            name: "kubernetes".into(),
            type_: ServiceType::ClusterIP,
            headless: false,
            cluster_ips: vec![IpAddr::V4(API_SERVICE_IP)],
            external_name: None,
            ports: vec![port("https", model::Protocol::Tcp, 443, 6443)],
            selector: None,
            publish_not_ready: false,
            source: Source::BuiltIn,
            endpoints: vec![Endpoint {
                ip: IpAddr::V4(control_plane().internal_ip),
                hostname: None,
                ready: true,
                terminating: false,
                pod: None,
                node: Some(control_plane().name),
                ports: [EndpointPort {
                    name: Some("https".into()),
                    port: 6443,
                    protocol: model::Protocol::Tcp,
                }]
                .into(),
                source: Source::BuiltIn,
            }],
            endpoints_from: EndpointsFrom::ApiServer,
            excluded: Vec::new(),
        });
        self.services.push(Service {
            namespace: "kube-system".into(),
            name: "kube-dns".into(),
            type_: ServiceType::ClusterIP,
            headless: false,
            cluster_ips: vec![IpAddr::V4(DNS_SERVICE_IP)],
            external_name: None,
            ports: vec![
                port("dns", model::Protocol::Udp, 53, 53),
                port("dns-tcp", model::Protocol::Tcp, 53, 53),
                port("metrics", model::Protocol::Tcp, 9153, 9153),
            ],
            selector: Some(model::labels(&[("k8s-app", "kube-dns")])),
            publish_not_ready: false,
            source: Source::BuiltIn,
            endpoints: Vec::new(),
            endpoints_from: EndpointsFrom::Selector,
            excluded: Vec::new(),
        });
    }

    fn user_services(&mut self) {
        for o in &self.parsed.objects {
            let ObjectKind::Service(s) = &o.kind else {
                continue;
            };
            let pos = o.origin.pos;
            if let Some(i) = self
                .services
                .iter()
                .position(|x| *x.namespace == *s.meta.namespace && *x.name == *s.meta.name)
            {
                self.diags.push(Diagnostic::warning(pos, "metadata.name", format!("Service {}/{} replaces the cluster's built-in Service of that name; DNS for it changes accordingly", s.meta.namespace, s.meta.name)));
                self.services.remove(i);
            }
            let headless = s.is_headless();
            let mut cluster_ips = Vec::new();
            if let ClusterIpSpec::Ip(ip) = s.cluster_ip {
                cluster_ips.push(ip);
                cluster_ips.extend(s.extra_cluster_ips.iter().copied());
            }
            self.services.push(Service {
                namespace: s.meta.namespace.as_str().into(),
                name: s.meta.name.as_str().into(),
                type_: s.type_,
                headless,
                cluster_ips,
                external_name: s.external_name.clone(),
                ports: s.ports.clone(),
                selector: s.selector.clone(),
                publish_not_ready: s.publish_not_ready_addresses,
                source: Source::Manifest(pos),
                endpoints: Vec::new(),
                endpoints_from: if s.selector.is_some() {
                    EndpointsFrom::Selector
                } else {
                    EndpointsFrom::Nothing
                },
                excluded: Vec::new(),
            });
        }
    }

    fn builtin_pods(&mut self) {
        let dns_ports: Arc<[ContainerPort]> = Arc::new([
            ContainerPort {
                name: Some("dns".into()),
                container_port: 53,
                protocol: model::Protocol::Udp,
            },
            ContainerPort {
                name: Some("dns-tcp".into()),
                container_port: 53,
                protocol: model::Protocol::Tcp,
            },
            ContainerPort {
                name: Some("metrics".into()),
                container_port: 9153,
                protocol: model::Protocol::Tcp,
            },
        ]);
        let hash = safe_suffix(fnv1a(&["kube-system", "coredns", "template"]), 10);
        for (i, host) in [2u8, 3].into_iter().enumerate() {
            let name = format!(
                "coredns-{hash}-{}",
                safe_suffix(fnv1a(&["coredns", &i.to_string()]), 5)
            );
            self.pods.push(Pod {
                namespace: "kube-system".into(),
                name: name.into(),
                ips: vec![IpAddr::V4(Ipv4Addr::new(10, 244, 0, host))],
                ip_pinned: true,
                ip_pos: None,
                node: "control-plane".into(),
                labels: model::labels(&[("k8s-app", "kube-dns"), ("pod-template-hash", &hash)]),
                hostname: None,
                subdomain: None,
                phase: "Running".into(),
                ready: true,
                terminating: false,
                owner: Owner::BuiltIn,
                ports: dns_ports.clone(),
                dns_policy: Some("Default".into()),
                source: Source::BuiltIn,
            });
        }
        self.pods.push(Pod {
            namespace: CLIENT_POD.0.into(),
            name: CLIENT_POD.1.into(),
            ips: Vec::new(),
            ip_pinned: false,
            ip_pos: None,
            node: "".into(),
            labels: model::labels(&[("app", "dnsutils")]),
            hostname: None,
            subdomain: None,
            phase: "Running".into(),
            ready: true,
            terminating: false,
            owner: Owner::BuiltIn,
            ports: Arc::new([]),
            dns_policy: None,
            source: Source::BuiltIn,
        });
    }

    fn push_user_pod(&mut self, pod: Pod) {
        // Only a built-in pod (pushed first) can be replaced; user duplicates were settled by the parser.
        if let Some(i) = self
            .pods
            .iter()
            .take_while(|x| x.owner == Owner::BuiltIn)
            .position(|x| x.namespace == pod.namespace && x.name == pod.name)
        {
            self.pods.remove(i);
        }
        self.pods.push(pod);
    }

    fn user_pods(&mut self) {
        for o in &self.parsed.objects {
            let ObjectKind::Pod(p) = &o.kind else {
                continue;
            };
            let key = ObjectRef::new(p.meta.namespace.clone(), p.meta.name.clone());
            let has_status = p.phase.is_some() || !p.ips.is_empty() || p.ready.is_some();
            if self.ops.deleted.contains(&key) && p.meta.owner.is_none() {
                continue;
            }
            let phase: Arc<str> = p.phase.as_deref().unwrap_or("Running").into();
            // Without a status the pod is taken as freshly scheduled and running; with one, as written.
            let ready = p.ready.unwrap_or(!has_status || &*phase == "Running")
                && !self.ops.not_ready.contains(&key);
            let owner = Owner::of_pasted(&p.meta.owner, &p.meta.name);
            let pod = Pod {
                namespace: p.meta.namespace.as_str().into(),
                name: p.meta.name.as_str().into(),
                ips: p.ips.clone(),
                ip_pinned: !p.ips.is_empty(),
                ip_pos: (!p.ips.is_empty()).then(|| {
                    self.parsed
                        .locate_first(&o.origin, &["status"], &["podIP", "podIPs"])
                }),
                node: p.spec.node_name.as_deref().unwrap_or("").into(),
                labels: p.meta.labels.clone(),
                hostname: shared(&p.spec.hostname),
                subdomain: shared(&p.spec.subdomain),
                phase,
                ready,
                terminating: p.terminating,
                owner,
                ports: p.spec.ports.as_slice().into(),
                dns_policy: shared(&p.spec.dns_policy),
                source: Source::Manifest(o.origin.pos),
            };
            // A written status without an IP is a pod not yet running: it keeps no address.
            let pod = if has_status && pod.ips.is_empty() {
                Pod {
                    ip_pinned: true,
                    ip_pos: None,
                    ..pod
                }
            } else {
                pod
            };
            self.push_user_pod(pod);
        }
    }

    /// Place pods on nodes and give them IPs: pinned ones first, then by hash.
    fn assign_nodes_and_ips(&mut self) -> Vec<Node> {
        let nodes = std::mem::take(&mut self.nodes);
        let sched = controllers::schedulable(&nodes);
        let mut pools: Vec<Pool> = nodes
            .iter()
            .map(|n| Pool::new(n.pod_cidr.0, n.pod_cidr.1, 2))
            .collect();
        let mut taken: HashMap<IpAddr, String, FastHash> = HashMap::default();
        // Pinned addresses in document order, so a conflict is reported at the second pin.
        let mut pinned: Vec<usize> = (0..self.pods.len())
            .filter(|&i| self.pods[i].ip_pinned)
            .collect();
        crate::sort::by_key(&mut pinned, |&i| {
            self.pods[i].ip_pos.map(|p| (p.line, p.col))
        });
        for i in pinned {
            let p = &mut self.pods[i];
            for ip in &p.ips {
                if let Some(owner) = taken.get(ip) {
                    if let Some(pos) = p.ip_pos {
                        self.diags.push(Diagnostic::error(pos, "status.podIP", format!("pod {}/{} pins IP {ip}, which pod {owner} already has; two pods cannot share an address", p.namespace, p.name)));
                    }
                } else {
                    taken.insert(*ip, format!("{}/{}", p.namespace, p.name));
                }
                for (n, pool) in nodes.iter().zip(pools.iter_mut()) {
                    if pool.contains(*ip) {
                        pool.reserve(*ip);
                        if p.node.is_empty() {
                            p.node = n.name.clone();
                        }
                    }
                }
            }
        }
        // Deterministic order for hash probing: by namespace/name (the order `run` sorted the
        // pods into), whatever the document order.
        let order: Vec<usize> = (0..self.pods.len())
            .filter(|&i| !self.pods[i].ip_pinned)
            .collect();
        for i in order {
            let p = &mut self.pods[i];
            let gen = if !self.ops.deleted.is_empty()
                && self.ops.deleted.contains(&crate::cluster::ObjectRef::new(
                    p.namespace.to_string(),
                    p.name.to_string(),
                )) {
                "1"
            } else {
                "0"
            };
            let node_idx = match nodes
                .iter()
                .position(|n| !p.node.is_empty() && n.name == p.node)
            {
                Some(idx) => idx,
                None => {
                    let spread = match &p.owner {
                        Owner::StatefulSet { name, ordinal } => {
                            fnv1a(&[&p.namespace, name]).wrapping_add(*ordinal as u64)
                        }
                        _ => fnv1a(&[&p.namespace, &p.name]),
                    };
                    sched[(spread % sched.len() as u64) as usize]
                }
            };
            let key = fnv1a(&[&p.namespace, &p.name, gen]);
            // A full node (pinned pods can crowd one) spills over to the next schedulable one.
            let after = sched
                .iter()
                .position(|&s| s == node_idx)
                .map_or(0, |i| i + 1);
            let spill = (0..sched.len()).map(|k| sched[(after + k) % sched.len()]);
            let ip = std::iter::once(node_idx)
                .chain(spill.filter(|&s| s != node_idx))
                .find_map(|idx| pools[idx].allocate(key).map(|ip| (idx, ip)));
            if let Some((idx, ip)) = ip {
                p.ips = vec![IpAddr::V4(ip)];
                p.node = nodes[idx].name.clone();
            }
            // The node lifecycle controller marks the pods of a node that is not ready not ready.
            let placed = ip.map_or(node_idx, |(idx, _)| idx);
            if !nodes[placed].ready && matches!(p.source, Source::Derived { .. }) {
                p.ready = false;
            }
        }
        nodes
    }

    /// Where a user Service writes its cluster IP (`spec.clusterIP`, else `spec.clusterIPs`).
    fn cluster_ip_pos(&self, s: &Service) -> Pos {
        self.parsed
            .objects
            .iter()
            .find(|o| {
                matches!(&o.kind, ObjectKind::Service(x)
                    if *x.meta.namespace == *s.namespace && *x.meta.name == *s.name)
            })
            .map_or(s.source.pos().unwrap_or(Pos::new(1, 1)), |o| {
                self.parsed
                    .locate_first(&o.origin, &["spec"], &["clusterIP", "clusterIPs"])
            })
    }

    fn allocate_service_ips(&mut self) {
        let mut pool = Pool::new(Ipv4Addr::new(10, 96, 0, 0), 12, 11);
        let mut owners: HashMap<IpAddr, (Arc<str>, Arc<str>)> = HashMap::new();
        for s in &self.services {
            for ip in &s.cluster_ips {
                if let Some((ns, name)) = owners.get(ip) {
                    if let Source::Manifest(_) = s.source {
                        let pos = self.cluster_ip_pos(s);
                        self.diags.push(Diagnostic::error(pos, "spec.clusterIP", format!("Invalid value: \"{ip}\": provided IP is already allocated (to Service {ns}/{name})")));
                    }
                } else {
                    owners.insert(*ip, (s.namespace.clone(), s.name.clone()));
                    pool.reserve(*ip);
                }
            }
        }
        let mut order: Vec<usize> = (0..self.services.len()).collect();
        crate::sort::by(&mut order, |&a, &b| {
            (&self.services[a].namespace, &self.services[a].name)
                .cmp(&(&self.services[b].namespace, &self.services[b].name))
        });
        let families: HashMap<(&str, &str), Vec<model::IpFamily>> = self
            .parsed
            .objects
            .iter()
            .filter_map(|o| match &o.kind {
                ObjectKind::Service(s) => Some((
                    (s.meta.namespace.as_str(), s.meta.name.as_str()),
                    s.ip_families.clone(),
                )),
                _ => None,
            })
            .collect();
        for i in order {
            let s = &mut self.services[i];
            if s.headless || s.type_ == ServiceType::ExternalName || !s.cluster_ips.is_empty() {
                continue;
            }
            let fams = families
                .get(&(&*s.namespace, &*s.name))
                .cloned()
                .unwrap_or_default();
            let fams = if fams.is_empty() {
                vec![model::IpFamily::V4]
            } else {
                fams
            };
            for f in fams {
                match f {
                    model::IpFamily::V4 => {
                        if let Some(ip) = pool.allocate(fnv1a(&[&s.namespace, &s.name])) {
                            s.cluster_ips.push(IpAddr::V4(ip));
                        }
                    }
                    model::IpFamily::V6 => {
                        // fd00:10:96::/112, the dual-stack Service range kubeadm documents.
                        let h = (fnv1a(&[&s.namespace, &s.name, "v6"]) % 0xfff0) + 0x10;
                        let ip = Ipv6Addr::new(0xfd00, 0x10, 0x96, 0, 0, 0, 0, h as u16);
                        s.cluster_ips.push(IpAddr::V6(ip));
                    }
                }
            }
        }
    }
}

/// A one-line summary of a pod count, for messages: "3 pods", "1 pod".
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", plural(n))
}

/// The English plural suffix for `n` things: "" for one, "s" otherwise.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
