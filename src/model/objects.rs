//! Stripped-down Kubernetes objects: only the fields the simulator reads, converted once at ingest
//! (as CoreDNS's `plugin/kubernetes/object/service.go` does). Each default is commented with the
//! API rule it follows.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::diag::Pos;

/// A label map. Keys and values are shared strings: the simulator copies a template's labels into
/// every pod it makes, and a copy then costs reference counts, not string allocations.
pub type Labels = BTreeMap<Arc<str>, Arc<str>>;

/// A label map from literal pairs.
pub fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|&(k, v)| (k.into(), v.into())).collect()
}

/// Label pairs as `kubectl` writes a selector: `k=v,k2=v2`.
pub fn labels_text<K: std::fmt::Display, V: std::fmt::Display>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(out, "{comma}{k}={v}");
    }
    out
}

/// Where an object came from: its document, and for items of a `kind: List` the item index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index of the YAML document in the input (0-based).
    pub doc: usize,
    /// `Some(i)` for `items[i]` of a `kind: List` document.
    pub item: Option<usize>,
    /// Where the object starts in the text.
    pub pos: Pos,
}

/// `metadata`, as far as the simulator reads it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Meta {
    pub name: String,
    /// `metadata.namespace`; `kubectl apply` without `-n` puts namespaced objects in `default`.
    pub namespace: String,
    pub labels: Labels,
    /// The controlling owner from `metadata.ownerReferences` as `(kind, name)`, e.g. a pasted
    /// StatefulSet pod's `("StatefulSet", "web")`.
    pub owner: Option<(String, String)>,
    /// `metadata.creationTimestamp` as written (RFC 3339 text, as `kubectl get -o yaml` prints
    /// it); kubectl's AGE is computed from it.
    pub creation_timestamp: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// `targetPort` and friends: a number or a named port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer,
    ExternalName,
}

impl ServiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpFamily {
    V4,
    V6,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<String>,
    /// Defaults to TCP (API defaulting).
    pub protocol: Protocol,
    pub port: i64,
    /// Defaults to `port` when absent (API defaulting).
    pub target_port: IntOrString,
}

/// The value of `spec.clusterIP` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterIpSpec {
    /// Absent or `""`: the API server allocates one.
    Auto,
    /// `None`: headless.
    None,
    /// A pinned address (validated as an IP).
    Ip(std::net::IpAddr),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub meta: Meta,
    pub type_: ServiceType,
    pub cluster_ip: ClusterIpSpec,
    /// `spec.clusterIPs` beyond the first (dual stack), pinned.
    pub extra_cluster_ips: Vec<std::net::IpAddr>,
    /// `None` when the Service has no selector (endpoints come from hand-written slices).
    pub selector: Option<Labels>,
    pub ports: Vec<ServicePort>,
    pub publish_not_ready_addresses: bool,
    pub external_name: Option<String>,
    pub ip_families: Vec<IpFamily>,
}

impl Service {
    pub fn is_headless(&self) -> bool {
        self.cluster_ip == ClusterIpSpec::None && self.type_ != ServiceType::ExternalName
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i64,
    pub protocol: Protocol,
}

/// One container of a pod spec, as far as kubectl shows it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Container {
    pub name: String,
    /// `image`; empty when the manifest gives none.
    pub image: String,
    pub ports: Vec<ContainerPort>,
    /// How many `env` entries and `volumeMounts` it has (kubectl describe prints `<none>` for 0).
    pub env: usize,
    pub volume_mounts: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodSpec {
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
    pub node_name: Option<String>,
    /// Every container's ports, in order (named `targetPort`s resolve through these).
    pub ports: Vec<ContainerPort>,
    pub containers: usize,
    /// Each container's name, image and ports, in order (for kubectl's IMAGES column and
    /// `describe`).
    pub container_list: Vec<Container>,
    /// `serviceAccountName`; the ServiceAccount admission plugin makes it `default` when absent.
    pub service_account: Option<String>,
    /// How many `volumes` the spec lists.
    pub volumes: usize,
    /// `dnsPolicy`; `ClusterFirst` when absent.
    pub dns_policy: Option<String>,
    /// `nodeSelector`: labels a node must have to run the pod.
    pub node_selector: Labels,
    /// `tolerations`: which node taints the pod accepts.
    pub tolerations: Vec<Toleration>,
}

/// A node taint (`spec.taints[]`): pods that do not tolerate it are kept off the node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: String,
}

/// A pod toleration (`spec.tolerations[]`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Toleration {
    /// `None` (empty key) with `Exists` tolerates every taint.
    pub key: Option<String>,
    /// `Exists`: any value; otherwise `Equal` to `value`.
    pub exists: bool,
    pub value: String,
    /// `None` matches every effect.
    pub effect: Option<String>,
}

impl Toleration {
    /// The scheduler's rule (`ToleratesTaint`, k8s.io/api core/v1 `toleration.go`).
    pub fn tolerates(&self, t: &Taint) -> bool {
        self.effect.as_ref().is_none_or(|e| *e == t.effect)
            && match &self.key {
                None => self.exists,
                Some(k) => *k == t.key && (self.exists || self.value == t.value),
            }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodTemplate {
    pub labels: Labels,
    pub spec: PodSpec,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectorOp {
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub match_expressions: Vec<(String, SelectorOp)>,
}

impl LabelSelector {
    /// Label-selector semantics: every `matchLabels` pair and every expression must hold.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|(k, op)| match op {
                SelectorOp::In(vs) => labels
                    .get(k.as_str())
                    .is_some_and(|v| vs.iter().any(|x| **x == **v)),
                SelectorOp::NotIn(vs) => labels
                    .get(k.as_str())
                    .is_none_or(|v| !vs.iter().any(|x| **x == **v)),
                SelectorOp::Exists => labels.contains_key(k.as_str()),
                SelectorOp::DoesNotExist => !labels.contains_key(k.as_str()),
            })
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSet {
    pub meta: Meta,
    /// Defaults to 1 (API defaulting). Clamped to the simulator's limit at build time.
    pub replicas: i64,
    pub service_name: Option<String>,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    /// `spec.ordinals.start`, default 0.
    pub ordinal_start: i64,
    /// `spec.podManagementPolicy` as written (`OrderedReady` by API defaulting when absent).
    pub pod_management_policy: Option<String>,
    /// `spec.updateStrategy.type` as written (`RollingUpdate` by API defaulting when absent).
    pub update_strategy: Option<String>,
    /// How many `spec.volumeClaimTemplates` there are.
    pub volume_claim_templates: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub meta: Meta,
    pub replicas: i64,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    /// `spec.strategy.type` as written (`RollingUpdate` by API defaulting when absent).
    pub strategy: Option<String>,
}

/// A ReplicaSet (`apps/v1`) or a ReplicationController (`v1`, whose map selector becomes
/// `matchLabels`, defaulted to the template's labels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSet {
    pub meta: Meta,
    pub replicas: i64,
    pub selector: LabelSelector,
    pub template: PodTemplate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSet {
    pub meta: Meta,
    pub selector: LabelSelector,
    pub template: PodTemplate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub meta: Meta,
    /// `spec.parallelism`, default 1: how many pods run at once.
    pub parallelism: i64,
    /// `spec.completions`; `None` for a work-queue Job.
    pub completions: Option<i64>,
    /// `completionMode: Indexed`: pods get an index and the hostname `<job>-<index>`.
    pub indexed: bool,
    /// `spec.suspend: true`, or a `Complete`/`Failed` condition in a pasted status: no pod runs.
    pub finished_or_suspended: bool,
    pub template: PodTemplate,
}

/// A `Node` (from `kubectl get nodes -o yaml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub labels: Labels,
    /// `spec.podCIDRs` (or `spec.podCIDR`): network address and prefix length.
    pub pod_cidrs: Vec<(std::net::IpAddr, u8)>,
    pub taints: Vec<Taint>,
    /// `spec.unschedulable` (cordoned).
    pub unschedulable: bool,
    /// The `Ready` condition, when `status.conditions` has one.
    pub ready: Option<bool>,
    /// `status.addresses[type=InternalIP]`.
    pub internal_ip: Option<std::net::IpAddr>,
}

/// Kinds simulated since the UI's exhaustive match over [`ObjectKind`] was written. They travel in
/// [`ObjectKind::Other`] so that match keeps compiling; each becomes its own variant when the UI
/// lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Extra {
    ReplicaSet(ReplicaSet),
    ReplicationController(ReplicaSet),
    DaemonSet(DaemonSet),
    Job(Job),
    Node(Node),
    /// CoreDNS's own ConfigMap, `kube-system/coredns` (other ConfigMaps stay unsimulated).
    CoreDnsConfig(CoreDnsConfig),
}

/// The ConfigMap `kube-system/coredns`: its `data.Corefile`, and where that text sits in the
/// manifest, so a Corefile problem is reported at its own manifest line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreDnsConfig {
    pub meta: Meta,
    /// `data.Corefile`; `None` when the ConfigMap has no such key.
    pub corefile: Option<String>,
    /// Where `Corefile:` is written (else the ConfigMap's `data`, else the object).
    pub pos: Pos,
    /// Corefile line/column → manifest position.
    pub lines: crate::dns::corefile::LineMap,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pod {
    pub meta: Meta,
    pub spec: PodSpec,
    /// `status.phase`, e.g. `Running`, `Succeeded`.
    pub phase: Option<String>,
    /// `status.podIPs` (or `status.podIP`), pinned.
    pub ips: Vec<std::net::IpAddr>,
    /// The `Ready` condition, when `status.conditions` has one.
    pub ready: Option<bool>,
    /// `metadata.deletionTimestamp` is set: the pod is terminating.
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointPort {
    pub name: Option<String>,
    pub port: i64,
    pub protocol: Protocol,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointAddress {
    pub ips: Vec<std::net::IpAddr>,
    pub hostname: Option<String>,
    /// `None` = condition absent, which EndpointSlice consumers treat as ready.
    pub ready: Option<bool>,
    pub terminating: bool,
    /// `targetRef` when it names a Pod: `(namespace, name)`.
    pub target_pod: Option<(String, String)>,
    pub node_name: Option<String>,
    /// Where this endpoint is written, for explanations.
    pub pos: Pos,
}

/// A hand-written EndpointSlice, or a v1 Endpoints subset mirrored into one (the
/// EndpointSliceMirroring controller: `addresses` ready, `notReadyAddresses` not ready).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointSlice {
    pub meta: Meta,
    /// The Service it belongs to: label `kubernetes.io/service-name`, or the Endpoints' own name.
    pub service_name: Option<String>,
    /// `IPv4`, `IPv6` or `FQDN`.
    pub address_type: String,
    pub endpoints: Vec<EndpointAddress>,
    pub ports: Vec<EndpointPort>,
    /// True when mirrored from a v1 `Endpoints` object.
    pub from_endpoints: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub name: String,
    /// `metadata.creationTimestamp` as written.
    pub creation_timestamp: Option<String>,
}

/// A parsed object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    Service(Service),
    StatefulSet(StatefulSet),
    Deployment(Deployment),
    Pod(Pod),
    /// v1 Endpoints, already mirrored into slices (one per subset).
    Endpoints(Vec<EndpointSlice>, Meta),
    EndpointSlice(EndpointSlice),
    Namespace(Namespace),
    /// A kind the simulator keeps but does not simulate (ConfigMap, Secret, CRDs, ...), or, with
    /// `extra`, one of the kinds simulated later (see [`Extra`]).
    Other {
        api_version: String,
        kind: String,
        name: String,
        namespace: Option<String>,
        extra: Option<Box<Extra>>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub origin: Origin,
    pub kind: ObjectKind,
}

impl Object {
    /// Every position this object keeps, `by` lines further down (see `model::reparse`).
    pub fn move_lines(&mut self, by: i64) {
        self.origin.pos.move_lines(by);
        let slices: &mut [EndpointSlice] = match &mut self.kind {
            ObjectKind::EndpointSlice(s) => std::slice::from_mut(s),
            ObjectKind::Endpoints(v, _) => v,
            ObjectKind::Other { extra, .. } => {
                if let Some(Extra::CoreDnsConfig(c)) = extra.as_deref_mut() {
                    c.pos.move_lines(by);
                    c.lines.move_lines(by);
                }
                return;
            }
            // Written out, so that a kind added later is a decision here.
            ObjectKind::Service(_)
            | ObjectKind::StatefulSet(_)
            | ObjectKind::Deployment(_)
            | ObjectKind::Pod(_)
            | ObjectKind::Namespace(_) => return,
        };
        for e in slices.iter_mut().flat_map(|s| s.endpoints.iter_mut()) {
            e.pos.move_lines(by);
        }
    }

    /// `metadata.creationTimestamp` as written, for the kinds that keep it.
    pub fn creation_timestamp(&self) -> Option<&str> {
        let meta = match &self.kind {
            ObjectKind::Service(o) => &o.meta,
            ObjectKind::StatefulSet(o) => &o.meta,
            ObjectKind::Deployment(o) => &o.meta,
            ObjectKind::Pod(o) => &o.meta,
            ObjectKind::Endpoints(_, m) => m,
            ObjectKind::EndpointSlice(o) => &o.meta,
            ObjectKind::Namespace(n) => return n.creation_timestamp.as_deref(),
            ObjectKind::Other { extra, .. } => match extra.as_deref()? {
                Extra::ReplicaSet(r) | Extra::ReplicationController(r) => &r.meta,
                Extra::DaemonSet(d) => &d.meta,
                Extra::Job(j) => &j.meta,
                Extra::CoreDnsConfig(c) => &c.meta,
                Extra::Node(_) => return None,
            },
        };
        meta.creation_timestamp.as_deref()
    }

    /// `Service`, `StatefulSet`, ... as written in `kind:`.
    pub fn kind_name(&self) -> &str {
        match &self.kind {
            ObjectKind::Service(_) => "Service",
            ObjectKind::StatefulSet(_) => "StatefulSet",
            ObjectKind::Deployment(_) => "Deployment",
            ObjectKind::Pod(_) => "Pod",
            ObjectKind::Endpoints(..) => "Endpoints",
            ObjectKind::EndpointSlice(_) => "EndpointSlice",
            ObjectKind::Namespace(_) => "Namespace",
            ObjectKind::Other { kind, .. } => kind,
        }
    }

    /// `(namespace, name)`; cluster-scoped objects have no namespace.
    pub fn key(&self) -> (Option<&str>, &str) {
        match &self.kind {
            ObjectKind::Service(o) => (Some(&o.meta.namespace), &o.meta.name),
            ObjectKind::StatefulSet(o) => (Some(&o.meta.namespace), &o.meta.name),
            ObjectKind::Deployment(o) => (Some(&o.meta.namespace), &o.meta.name),
            ObjectKind::Pod(o) => (Some(&o.meta.namespace), &o.meta.name),
            ObjectKind::Endpoints(_, m) => (Some(&m.namespace), &m.name),
            ObjectKind::EndpointSlice(o) => (Some(&o.meta.namespace), &o.meta.name),
            ObjectKind::Namespace(o) => (None, &o.name),
            ObjectKind::Other {
                name, namespace, ..
            } => (namespace.as_deref(), name),
        }
    }

    /// `Service default/web`, `Namespace kafka`: how objects are named in messages and the UI.
    pub fn display_name(&self) -> String {
        match self.key() {
            (Some(ns), name) => format!("{} {ns}/{name}", self.kind_name()),
            (None, name) => format!("{} {name}", self.kind_name()),
        }
    }

    pub fn is_simulated(&self) -> bool {
        !matches!(self.kind, ObjectKind::Other { extra: None, .. })
    }

    /// The parsed spec of a kind carried in [`ObjectKind::Other`] (ReplicaSet, DaemonSet, ...).
    pub fn extra(&self) -> Option<&Extra> {
        match &self.kind {
            ObjectKind::Other { extra, .. } => extra.as_deref(),
            _ => None,
        }
    }
}
