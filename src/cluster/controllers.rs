//! The controllers that make pods, one function each, deterministic: the same manifests give the
//! same pod names every time, and a name depends only on its owner (never on document order).
//!
//! * StatefulSet: `<name>-<ordinal>` (KK `pkg/controller/statefulset`, `initIdentity`).
//! * Deployment → ReplicaSet `<deployment>-<pod-template-hash>` → pods `<replicaset>-<5 chars>`
//!   (KK `pkg/controller/deployment/sync.go`, `getNewReplicaSet`; the hash is of the template,
//!   here of a canonical text of it, [`template_hash`]).
//! * ReplicaSet, ReplicationController: `<owner>-<5 chars>` (KK `pkg/controller/replicaset`,
//!   names from the API server's `generateName`).
//! * DaemonSet: one pod per node its `nodeSelector` and tolerations allow
//!   (KK `pkg/controller/daemon`, `NodeShouldRunDaemonPod`).
//! * Job: `parallelism` running pods (capped by the completions left), labelled `job-name` and
//!   `batch.kubernetes.io/job-name`; Indexed Jobs name pods `<job>-<index>-<5 chars>` with the
//!   hostname `<job>-<index>` (KK `pkg/controller/job`). A CronJob makes none until its Jobs are
//!   pasted.
//!
//! Pods pasted from `kubectl get -o yaml` are the real ones: a controller that owns any pasted pod
//! (its `ownerReferences`) makes none of its own, and a Deployment with a pasted ReplicaSet leaves
//! the pods to that ReplicaSet.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use super::ipam::{fnv1a, FastHash};
use super::{
    control_plane, safe_suffix, shared, suffixed, worker_node, Builder, Node, ObjectRef, Owner,
    Pod, Source, CONTROL_PLANE_ROLE, MAX_PODS, MAX_PODS_PER_NODE,
};
use crate::model::{
    self, ContainerPort, Diagnostic, Extra, Labels, Object, ObjectKind, PodTemplate, Taint,
};

/// The `pod-template-hash` (and a DaemonSet's `controller-revision-hash`): 10 characters of the
/// safe alphabet from a hash of [`canonical_template`]. Kubernetes hashes the template alone
/// (`controller.ComputeHash`), so two Deployments with one template share it; their ReplicaSets
/// differ by the Deployment's name in front.
pub(super) fn template_hash(t: &PodTemplate) -> String {
    safe_suffix(fnv1a(&[&canonical_template(t)]), 10)
}

/// The template as text, one `field=value` line per field the simulator reads, sorted where the
/// API is unordered (labels, nodeSelector). A field is written only when set, so a field added to
/// our types later renames no pod whose template does not use it.
pub(super) fn canonical_template(t: &PodTemplate) -> String {
    let mut out = String::new();
    for (k, v) in &t.labels {
        let _ = writeln!(out, "label {k}={v}");
    }
    let s = &t.spec;
    for (field, value) in [
        ("hostname", &s.hostname),
        ("subdomain", &s.subdomain),
        ("nodeName", &s.node_name),
        ("dnsPolicy", &s.dns_policy),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{field}={v}");
        }
    }
    let _ = writeln!(out, "containers={}", s.containers);
    for p in &s.ports {
        let name = p.name.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "port {name}/{}/{}",
            p.container_port,
            p.protocol.as_str()
        );
    }
    for (k, v) in &s.node_selector {
        let _ = writeln!(out, "nodeSelector {k}={v}");
    }
    for t in &s.tolerations {
        let op = if t.exists { "Exists" } else { "Equal" };
        let _ = writeln!(
            out,
            "toleration {}/{op}/{}/{}",
            t.key.as_deref().unwrap_or(""),
            t.value,
            t.effect.as_deref().unwrap_or("")
        );
    }
    out
}

/// Indices of the nodes ordinary pods are scheduled on: ready, not cordoned, no `NoSchedule` or
/// `NoExecute` taint (kubeadm's control plane has one). Never empty: with no such node, all.
pub(super) fn schedulable(nodes: &[Node]) -> Vec<usize> {
    let ok: Vec<usize> = (0..nodes.len())
        .filter(|&i| {
            let n = &nodes[i];
            n.ready && !n.unschedulable && n.taints.iter().all(|t| !repels(t))
        })
        .collect();
    if ok.is_empty() {
        (0..nodes.len()).collect()
    } else {
        ok
    }
}

/// Taints that keep untolerating pods off a node (`PreferNoSchedule` only discourages).
fn repels(t: &Taint) -> bool {
    t.effect == "NoSchedule" || t.effect == "NoExecute"
}

/// The tolerations the DaemonSet controller adds to every daemon pod, so node trouble does not
/// evict it (KK `pkg/controller/daemon/util`, `AddOrUpdateDaemonPodTolerations`).
const DAEMON_TOLERATIONS: &[(&str, &str)] = &[
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];

/// Why a DaemonSet's pod may not run on `node`, or `None` when it may.
fn daemon_blocked(node: &Node, t: &PodTemplate) -> Option<String> {
    if let Some((k, v)) = t
        .spec
        .node_selector
        .iter()
        .find(|(k, v)| node.labels.get(*k) != Some(*v))
    {
        return Some(format!("nodeSelector {k}={v} does not match"));
    }
    let tolerated = |taint: &Taint| {
        t.spec.tolerations.iter().any(|x| x.tolerates(taint))
            || DAEMON_TOLERATIONS
                .iter()
                .any(|(k, e)| *k == taint.key && *e == taint.effect)
    };
    node.taints
        .iter()
        .find(|x| repels(x) && !tolerated(x))
        .map(|x| {
            let value = if x.value.is_empty() {
                String::new()
            } else {
                format!("={}", x.value)
            };
            format!("taint {}{value}:{} is not tolerated", x.key, x.effect)
        })
}

/// What every pod of one controller shares (strings are reference-counted, so 100 replicas cost
/// 100 names and little else).
struct Shape {
    namespace: Arc<str>,
    ports: Arc<[ContainerPort]>,
    dns_policy: Option<Arc<str>>,
    hostname: Option<Arc<str>>,
    subdomain: Option<Arc<str>>,
    labels: Labels,
    owner: Owner,
    from: Source,
}

impl Shape {
    fn new(meta: &model::Meta, t: &PodTemplate, owner: Owner, from: Source) -> Shape {
        Shape {
            namespace: meta.namespace.as_str().into(),
            ports: t.spec.ports.as_slice().into(),
            dns_policy: shared(&t.spec.dns_policy),
            hostname: shared(&t.spec.hostname),
            subdomain: shared(&t.spec.subdomain),
            labels: t.labels.clone(),
            owner,
            from,
        }
    }

    fn pod(&self, name: Arc<str>, labels: Labels, ready: bool) -> Pod {
        Pod {
            namespace: self.namespace.clone(),
            name,
            ips: Vec::new(),
            ip_pinned: false,
            ip_pos: None,
            node: "".into(),
            labels,
            hostname: self.hostname.clone(),
            subdomain: self.subdomain.clone(),
            phase: "Running".into(),
            ready,
            terminating: false,
            owner: self.owner.clone(),
            ports: self.ports.clone(),
            dns_policy: self.dns_policy.clone(),
            source: self.from.clone(),
        }
    }
}

/// The pods already there (built-in and pasted) and what their owner references say, gathered
/// once before the controllers run.
struct Pasted {
    /// Namespace → pod names.
    names: HashMap<Arc<str>, HashSet<Arc<str>, FastHash>, FastHash>,
    /// `(namespace, kind, name)` of every controller a pasted pod names as its owner.
    owners: HashSet<(String, String, String)>,
    /// `(namespace, name)` of every Deployment a pasted ReplicaSet names as its owner.
    deployments_with_rs: HashSet<(String, String)>,
}

impl Pasted {
    fn owns(&self, ns: &str, kind: &str, name: &str) -> bool {
        !self.owners.is_empty()
            && self
                .owners
                .contains(&(ns.to_string(), kind.to_string(), name.to_string()))
    }
}

fn pod_key_label(k: &'static str) -> Arc<str> {
    Arc::from(k)
}

impl<'a> Builder<'a> {
    fn pasted(&self) -> Pasted {
        let mut names: HashMap<Arc<str>, HashSet<Arc<str>, FastHash>, FastHash> =
            HashMap::default();
        for p in &self.pods {
            names
                .entry(p.namespace.clone())
                .or_default()
                .insert(p.name.clone());
        }
        let mut owners = HashSet::new();
        let mut deployments_with_rs = HashSet::new();
        for o in &self.parsed.objects {
            match (&o.kind, o.extra()) {
                (ObjectKind::Pod(p), _) => {
                    if let Some((kind, name)) = &p.meta.owner {
                        owners.insert((p.meta.namespace.clone(), kind.clone(), name.clone()));
                    }
                }
                (_, Some(Extra::ReplicaSet(rs))) => {
                    if let Some((kind, name)) = &rs.meta.owner {
                        if kind == "Deployment" {
                            deployments_with_rs.insert((rs.meta.namespace.clone(), name.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
        Pasted {
            names,
            owners,
            deployments_with_rs,
        }
    }

    fn is_ready(&self, ns: &str, name: &str) -> bool {
        self.ops.not_ready.is_empty()
            || !self.ops.not_ready.contains(&crate::cluster::ObjectRef::new(
                ns.to_string(),
                name.to_string(),
            ))
    }

    /// How many of `wanted` pods fit in what is left of [`MAX_PODS`]; a warning at `field` when
    /// not all do.
    fn take_budget(&mut self, o: &Object, field: &str, wanted: usize, budget: &mut usize) -> usize {
        let n = wanted.min(*budget);
        if n < wanted {
            let pos = self
                .parsed
                .locate(&o.origin, &field.split('.').collect::<Vec<_>>());
            self.diags.push(
                Diagnostic::warning(pos, field, format!("{} asks for {wanted} pods; the playground simulates at most {MAX_PODS} pods in all, so it creates {n}", o.display_name()))
                    .with_hint("a handful of replicas shows every DNS behaviour; try 3"),
            );
        }
        *budget -= n;
        n
    }

    fn replicas(&self, meta: &model::Meta, written: i64) -> usize {
        let key = ObjectRef::new(meta.namespace.clone(), meta.name.clone());
        self.ops.scale.get(&key).copied().unwrap_or(written).max(0) as usize
    }

    /// Every controller except the DaemonSet, which waits for the node list.
    pub(super) fn workload_pods(&mut self) {
        let pasted = self.pasted();
        let mut budget = MAX_PODS.saturating_sub(self.pods.len());
        let wanted: usize = self
            .parsed
            .objects
            .iter()
            .map(|o| match (&o.kind, o.extra()) {
                (ObjectKind::StatefulSet(s), _) => s.replicas.max(0) as usize,
                (ObjectKind::Deployment(d), _) => d.replicas.max(0) as usize,
                (_, Some(Extra::ReplicaSet(r) | Extra::ReplicationController(r))) => {
                    r.replicas.max(0) as usize
                }
                (_, Some(Extra::Job(j))) => j.parallelism.max(0) as usize,
                _ => 0,
            })
            .fold(0, usize::saturating_add);
        self.pods.reserve(wanted.min(budget));
        for o in &self.parsed.objects {
            match (&o.kind, o.extra()) {
                (ObjectKind::StatefulSet(s), _) => {
                    self.statefulset_pods(o, s, &pasted, &mut budget)
                }
                (ObjectKind::Deployment(d), _) => self.deployment_pods(o, d, &pasted, &mut budget),
                (_, Some(Extra::ReplicaSet(r))) => {
                    self.replicaset_pods(o, r, "ReplicaSet", &pasted, &mut budget)
                }
                (_, Some(Extra::ReplicationController(r))) => {
                    self.replicaset_pods(o, r, "ReplicationController", &pasted, &mut budget)
                }
                (_, Some(Extra::Job(j))) => self.job_pods(o, j, &pasted, &mut budget),
                _ => {}
            }
        }
    }

    fn statefulset_pods(
        &mut self,
        o: &Object,
        s: &model::StatefulSet,
        pasted: &Pasted,
        budget: &mut usize,
    ) {
        let replicas = self.replicas(&s.meta, s.replicas);
        let n = self.take_budget(o, "spec.replicas", replicas, budget);
        let owner_name: Arc<str> = s.meta.name.as_str().into();
        let mut shape = Shape::new(
            &s.meta,
            &s.template,
            Owner::None,
            derived(o, "statefulset-controller"),
        );
        shape.subdomain = shared(&s.service_name);
        let pod_name_key = pod_key_label("statefulset.kubernetes.io/pod-name");
        let pod_index_key = pod_key_label("apps.kubernetes.io/pod-index");
        let here = pasted.names.get(s.meta.namespace.as_str());
        let mut buf = String::new();
        let mut number = itoa::Buffer::new();
        for i in 0..n as i64 {
            let ordinal = s.ordinal_start + i;
            // Names and ordinals are written into one buffer, then copied once (without the
            // formatting machinery: thousands of pods, and `write!` is slow in wasm).
            buf.clear();
            buf.push_str(&s.meta.name);
            buf.push('-');
            buf.push_str(number.format(ordinal));
            let name: Arc<str> = Arc::from(buf.as_str());
            let digits: Arc<str> = Arc::from(&buf[s.meta.name.len() + 1..]);
            // A pasted pod of the same name is the real one: keep it.
            if here.is_some_and(|h| h.contains(&*name)) {
                continue;
            }
            let mut labels = shape.labels.clone();
            labels.insert(pod_name_key.clone(), name.clone());
            labels.insert(pod_index_key.clone(), digits);
            let ready = self.is_ready(&s.meta.namespace, &name);
            let mut pod = shape.pod(name.clone(), labels, ready);
            pod.hostname = Some(name);
            pod.owner = Owner::StatefulSet {
                name: owner_name.clone(),
                ordinal,
            };
            self.pods.push(pod);
        }
    }

    fn deployment_pods(
        &mut self,
        o: &Object,
        d: &model::Deployment,
        pasted: &Pasted,
        budget: &mut usize,
    ) {
        let ns = &d.meta.namespace;
        // Its ReplicaSet was pasted: that ReplicaSet makes (or was pasted with) the pods.
        if pasted
            .deployments_with_rs
            .contains(&(ns.clone(), d.meta.name.clone()))
        {
            return;
        }
        // Pods pasted from `kubectl get -o yaml` (owned by the Deployment's ReplicaSet) are the
        // real ones, even without their ReplicaSet.
        let prefix = format!("{}-", d.meta.name);
        let pasted_pods = self.pods.iter().any(|p| {
            *p.namespace == **ns
                && matches!(&p.owner, Owner::None | Owner::ReplicaSet { .. })
                && p.name.starts_with(&prefix)
                && d.selector.matches(&p.labels)
        });
        if pasted_pods {
            return;
        }
        let hash = template_hash(&d.template);
        let replicaset = format!("{}-{hash}", d.meta.name);
        let owner = Owner::Deployment {
            name: d.meta.name.as_str().into(),
        };
        let shape = Shape::new(
            &d.meta,
            &d.template,
            owner,
            derived(o, "replicaset-controller"),
        );
        let n = self.replicas(&d.meta, d.replicas);
        let n = self.take_budget(o, "spec.replicas", n, budget);
        let label = (pod_key_label("pod-template-hash"), Arc::from(hash.as_str()));
        self.replica_pods(&shape, &replicaset, n, Some(label));
    }

    /// `n` pods `<base>-<5 chars>`, the suffix from a hash of the base name and the index; a
    /// deleted pod is replaced under a new name.
    fn replica_pods(
        &mut self,
        shape: &Shape,
        base: &str,
        n: usize,
        label: Option<(Arc<str>, Arc<str>)>,
    ) {
        let mut digits = itoa::Buffer::new();
        for i in 0..n {
            let index = digits.format(i);
            let mut name = suffixed(base, fnv1a(&[base, index]));
            if !self.ops.deleted.is_empty()
                && self.ops.deleted.contains(&crate::cluster::ObjectRef::new(
                    shape.namespace.to_string(),
                    name.clone(),
                ))
            {
                name = suffixed(base, fnv1a(&[base, index, "replaced"]));
            }
            let ready = self.is_ready(&shape.namespace, &name);
            let mut labels = shape.labels.clone();
            if let Some((k, v)) = &label {
                labels.insert(k.clone(), v.clone());
            }
            self.pods.push(shape.pod(name.into(), labels, ready));
        }
    }

    /// A pasted ReplicaSet's or ReplicationController's pods, unless some were pasted with it.
    fn replicaset_pods(
        &mut self,
        o: &Object,
        r: &model::ReplicaSet,
        kind: &str,
        pasted: &Pasted,
        budget: &mut usize,
    ) {
        if pasted.owns(&r.meta.namespace, kind, &r.meta.name) {
            return;
        }
        let name: Arc<str> = r.meta.name.as_str().into();
        let (owner, controller) = if kind == "ReplicaSet" {
            (Owner::ReplicaSet { name }, "replicaset-controller")
        } else {
            (
                Owner::ReplicationController { name },
                "replicationcontroller",
            )
        };
        let shape = Shape::new(&r.meta, &r.template, owner, derived(o, controller));
        let n = self.replicas(&r.meta, r.replicas);
        let n = self.take_budget(o, "spec.replicas", n, budget);
        self.replica_pods(&shape, &r.meta.name, n, None);
    }

    fn job_pods(&mut self, o: &Object, j: &model::Job, pasted: &Pasted, budget: &mut usize) {
        if pasted.owns(&j.meta.namespace, "Job", &j.meta.name) {
            return;
        }
        let running = if j.finished_or_suspended {
            0
        } else {
            j.parallelism
                .min(j.completions.unwrap_or(j.parallelism))
                .max(0) as usize
        };
        let n = self.take_budget(o, "spec.parallelism", running, budget);
        let owner = Owner::Job {
            name: j.meta.name.as_str().into(),
        };
        let shape = Shape::new(&j.meta, &j.template, owner, derived(o, "job-controller"));
        let job_name: Arc<str> = j.meta.name.as_str().into();
        let index_key = pod_key_label("batch.kubernetes.io/job-completion-index");
        let mut digits = itoa::Buffer::new();
        for i in 0..n {
            let index = digits.format(i);
            let h = fnv1a(&[&j.meta.name, index]);
            // An indexed Job's pod is `<job>-<index>-<suffix>`, and `<job>-<index>` is its hostname.
            let host = j.indexed.then(|| format!("{}-{index}", j.meta.name));
            let name = suffixed(host.as_deref().unwrap_or(&j.meta.name), h);
            let mut labels = shape.labels.clone();
            labels.insert(
                pod_key_label("batch.kubernetes.io/job-name"),
                job_name.clone(),
            );
            labels.insert(pod_key_label("job-name"), job_name.clone());
            if j.indexed {
                labels.insert(index_key.clone(), index.into());
            }
            let ready = self.is_ready(&j.meta.namespace, &name);
            let mut pod = shape.pod(name.into(), labels, ready);
            if let Some(h) = host {
                pod.hostname = Some(h.into());
            }
            self.pods.push(pod);
        }
    }

    /// The cluster's nodes: the pasted `Node` objects (by name), else kubeadm's control plane and
    /// enough workers for the pods at the kubelet's default `maxPods`.
    pub(super) fn nodes(&mut self) -> Vec<Node> {
        let mut pasted: Vec<(&Object, &model::Node)> = self
            .parsed
            .objects
            .iter()
            .filter_map(|o| match o.extra() {
                Some(Extra::Node(n)) => Some((o, n)),
                _ => None,
            })
            .collect();
        if pasted.is_empty() {
            let movable = self.pods.iter().filter(|p| !p.ip_pinned).count();
            let workers = movable.div_ceil(MAX_PODS_PER_NODE).clamp(3, 250);
            let mut nodes = vec![control_plane()];
            nodes.extend((1..=workers).map(worker_node));
            return nodes;
        }
        crate::sort::by(&mut pasted, |a, b| a.1.name.cmp(&b.1.name));
        let written: Vec<(std::net::Ipv4Addr, u8)> =
            pasted.iter().filter_map(|(_, n)| v4_cidr(n)).collect();
        let mut fallback = (0..=255u8)
            .map(|k| (std::net::Ipv4Addr::new(10, 244, k, 0), 24u8))
            .filter(|c| !written.iter().any(|w| overlaps(*w, *c)));
        let nodes: Vec<Node> = pasted
            .iter()
            .enumerate()
            .map(|(i, (o, n))| {
                let pod_cidr = v4_cidr(n)
                    .or_else(|| fallback.next())
                    .unwrap_or((std::net::Ipv4Addr::new(10, 245, 0, 0), 16));
                let internal_ip = match n.internal_ip {
                    Some(std::net::IpAddr::V4(ip)) => ip,
                    _ => std::net::Ipv4Addr::new(
                        172,
                        18,
                        ((i + 2) / 256) as u8,
                        ((i + 2) % 256) as u8,
                    ),
                };
                Node {
                    name: n.name.as_str().into(),
                    internal_ip,
                    pod_cidr,
                    control_plane: n.labels.contains_key(CONTROL_PLANE_ROLE),
                    labels: n.labels.clone(),
                    taints: n.taints.clone(),
                    ready: n.ready.unwrap_or(true),
                    unschedulable: n.unschedulable,
                    source: Source::Manifest(o.origin.pos),
                }
            })
            .collect();
        // The built-in CoreDNS pods run on the pasted cluster's control plane.
        let home = nodes
            .iter()
            .find(|n| n.control_plane)
            .unwrap_or(&nodes[0])
            .name
            .clone();
        for p in self
            .pods
            .iter_mut()
            .filter(|p| p.owner == Owner::BuiltIn && !p.node.is_empty())
        {
            p.node = home.clone();
        }
        nodes
    }

    /// One pod per node a DaemonSet may run on, pinned to that node.
    pub(super) fn daemonset_pods(&mut self) {
        let has_ds = self
            .parsed
            .objects
            .iter()
            .any(|o| matches!(o.extra(), Some(Extra::DaemonSet(_))));
        if !has_ds {
            return;
        }
        let pasted = self.pasted();
        let mut budget = MAX_PODS.saturating_sub(self.pods.len());
        for o in &self.parsed.objects {
            let Some(Extra::DaemonSet(d)) = o.extra() else {
                continue;
            };
            if pasted.owns(&d.meta.namespace, "DaemonSet", &d.meta.name) {
                continue;
            }
            let owner = Owner::DaemonSet {
                name: d.meta.name.as_str().into(),
            };
            let shape = Shape::new(
                &d.meta,
                &d.template,
                owner,
                derived(o, "daemonset-controller"),
            );
            let hash: Arc<str> = template_hash(&d.template).into();
            let (on, off): (Vec<usize>, Vec<(usize, String)>) = {
                let mut on = Vec::new();
                let mut off = Vec::new();
                for (i, n) in self.nodes.iter().enumerate() {
                    match daemon_blocked(n, &d.template) {
                        None => on.push(i),
                        Some(why) => off.push((i, why)),
                    }
                }
                (on, off)
            };
            if on.is_empty() {
                self.no_node_for(o, &off);
                continue;
            }
            let n = self.take_budget(o, "spec", on.len(), &mut budget);
            for &i in on.iter().take(n) {
                let node = self.nodes[i].name.clone();
                let name = suffixed(&d.meta.name, fnv1a(&[&d.meta.name, &node]));
                let mut labels = shape.labels.clone();
                labels.insert(pod_key_label("controller-revision-hash"), hash.clone());
                let ready = self.is_ready(&d.meta.namespace, &name);
                let mut pod = shape.pod(name.into(), labels, ready);
                pod.node = node;
                self.pods.push(pod);
            }
        }
    }

    /// A DaemonSet that fits no node: say which rule kept it off each one.
    fn no_node_for(&mut self, o: &Object, off: &[(usize, String)]) {
        let at = self.parsed.locate_first(
            &o.origin,
            &["spec", "template", "spec"],
            &["nodeSelector", "tolerations"],
        );
        let why: Vec<String> = off
            .iter()
            .map(|(i, why)| format!("{} ({why})", self.nodes[*i].name))
            .collect();
        self.diags.push(
            Diagnostic::warning(at, "spec.template.spec", format!("{} runs no pod: no node fits it: {}; a Service selecting its pods has no endpoints", o.display_name(), why.join(", ")))
                .with_hint("match the nodeSelector to a node's labels, or add a toleration for the taint"),
        );
    }
}

fn derived(o: &Object, controller: &'static str) -> Source {
    Source::Derived {
        from: o.origin.pos,
        controller,
    }
}

/// A node's IPv4 pod range, its network address masked.
fn v4_cidr(n: &model::Node) -> Option<(std::net::Ipv4Addr, u8)> {
    n.pod_cidrs.iter().find_map(|(ip, len)| match ip {
        std::net::IpAddr::V4(v4) if *len <= 32 => {
            let mask = u32::MAX.checked_shl(32 - *len as u32).unwrap_or(0);
            Some((std::net::Ipv4Addr::from(u32::from(*v4) & mask), *len))
        }
        _ => None,
    })
}

fn overlaps(a: (std::net::Ipv4Addr, u8), b: (std::net::Ipv4Addr, u8)) -> bool {
    let len = a.1.min(b.1) as u32;
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    u32::from(a.0) & mask == u32::from(b.0) & mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Toleration;

    #[test]
    fn canonical_template_is_field_by_field() {
        let mut t = PodTemplate {
            labels: model::labels(&[("b", "2"), ("a", "1")]),
            ..Default::default()
        };
        t.spec.containers = 1;
        assert_eq!(
            canonical_template(&t),
            "label a=1\nlabel b=2\ncontainers=1\n"
        );
        let h = template_hash(&t);
        assert_eq!(h.len(), 10);
        t.spec.tolerations.push(Toleration {
            key: Some("k".into()),
            exists: true,
            ..Default::default()
        });
        assert_ne!(template_hash(&t), h);
    }
}
