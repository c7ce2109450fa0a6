//! The Kafka cluster as the playground sees it: brokers are the pods of one StatefulSet, topics are
//! placed on them, and each partition has a leader, an ISR and a leader epoch.
//!
//! What follows which Kafka source:
//! * broker ids and advertised listeners: `server/src/main/java/org/apache/kafka/server/config/ServerConfigs.java`
//!   and `KafkaConfig` (`advertised.listeners`); Bitnami and Strimzi derive the id from the pod ordinal,
//!   and so do we;
//! * placement: [`super::placement`] (`AdminUtils.assignReplicasToBrokers`);
//! * leaders and ISR: `metadata/src/main/java/org/apache/kafka/controller/PartitionChangeBuilder.java`
//!   (`electAnyLeader`: keep a valid leader, else the first replica in assignment order that is in the
//!   ISR and not fenced; every change of leader bumps the leader epoch);
//! * the controller: in KRaft it is the active member of the controller quorum. The playground runs
//!   brokers in combined mode and simply calls the lowest live broker id the controller.
//!
//! Topics are taken to have been created while every broker was registered, so the placement uses
//! all brokers; brokers that are not ready when the cluster is built count as down and fenced from
//! the start, and leadership has already moved off them (one election, epoch 1).

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use super::placement::{assign_replicas, Placement};
use super::rng::SplitMix64;
use crate::cluster::{Cluster, Owner};
use crate::model::ServiceType;

/// The port every pattern advertises unless a custom one names another.
pub const KAFKA_PORT: u16 = 9092;

/// How each broker fills in `advertised.listeners`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Listeners {
    /// `{pod}.{service}.{namespace}.svc.cluster.local:9092`: the per-pod name of the headless Service.
    Headless,
    /// `{pod}.{service}.{namespace}.svc:9092`: the same name without the cluster domain, completed
    /// by the client's search list (Strimzi's style).
    Short,
    /// Every broker advertises the bootstrap Service's name: the classic mistake.
    ClusterIp,
    /// A pattern with `{pod}`, `{service}`, `{namespace}` (and `{zone}`, `{ordinal}`) placeholders,
    /// optionally ending in `:port`.
    Custom(String),
}

impl Listeners {
    /// Parse a CLI or URL spelling: `headless`, `short`, `clusterip`, or anything with a `{`.
    pub fn parse(s: &str) -> Option<Listeners> {
        match s.to_ascii_lowercase().as_str() {
            "headless" => Some(Listeners::Headless),
            "short" => Some(Listeners::Short),
            "clusterip" | "cluster-ip" | "bootstrap" => Some(Listeners::ClusterIp),
            _ if s.contains('{') || s.contains('.') => Some(Listeners::Custom(s.to_string())),
            _ => None,
        }
    }

    /// The pattern text, before placeholders are filled.
    pub fn pattern(&self) -> String {
        match self {
            Listeners::Headless => "{pod}.{service}.{namespace}.svc.{zone}:9092".into(),
            Listeners::Short => "{pod}.{service}.{namespace}.svc:9092".into(),
            Listeners::ClusterIp => "{bootstrap}.{namespace}.svc.{zone}:9092".into(),
            Listeners::Custom(p) => p.clone(),
        }
    }

    /// A short label for what the pattern advertises.
    pub fn label(&self) -> &'static str {
        match self {
            Listeners::Headless => "per-pod headless name",
            Listeners::Short => "short per-pod name",
            Listeners::ClusterIp => "ClusterIP bootstrap Service",
            Listeners::Custom(_) => "custom pattern",
        }
    }
}

/// A `host:port` as a broker advertises it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HostPort {
    pub host: String,
    pub port: u16,
}

impl HostPort {
    /// Split `host:port`; without a numeric port after the last colon, the port is 9092.
    pub fn parse(s: &str) -> HostPort {
        if let Some((h, p)) = s.rsplit_once(':') {
            if let Ok(port) = p.parse::<u16>() {
                return HostPort {
                    host: h.to_string(),
                    port,
                };
            }
        }
        HostPort {
            host: s.to_string(),
            port: KAFKA_PORT,
        }
    }
}

impl fmt::Display for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

impl Serialize for HostPort {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One broker: a pod of the StatefulSet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Broker {
    /// `node.id`: the pod's ordinal.
    pub id: i32,
    pub pod: String,
    pub ip: Option<IpAddr>,
    /// The pod's readiness as the simulated cluster has it.
    pub ready: bool,
    /// Whether the broker process is running (false for a pod that is not ready or has no IP).
    pub alive: bool,
    /// Whether the controller has fenced it (missed heartbeats for `broker.session.timeout.ms`).
    pub fenced: bool,
    pub advertised: HostPort,
}

/// A topic as the learner asks for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i32,
    /// `min.insync.replicas` (broker default 1): with `acks=all`, a smaller ISR gets error 19.
    pub min_insync_replicas: i32,
}

impl TopicSpec {
    pub fn new(name: &str, partitions: i32, replication_factor: i32) -> Self {
        TopicSpec {
            name: name.to_string(),
            partitions,
            replication_factor,
            min_insync_replicas: 1,
        }
    }
}

/// One partition's replicas and leadership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionState {
    pub id: i32,
    /// In assignment order: `replicas[0]` is the preferred leader.
    pub replicas: Vec<i32>,
    /// In-sync replicas, in assignment order.
    pub isr: Vec<i32>,
    /// The current leader (`None`: leaderless, Kafka's -1).
    pub leader: Option<i32>,
    pub leader_epoch: i32,
}

impl PartitionState {
    /// The preferred leader: the first replica in assignment order, whoever leads now.
    pub fn preferred_leader(&self) -> Option<i32> {
        self.replicas.first().copied()
    }

    /// True when leadership sits away from the preferred leader.
    pub fn leader_moved(&self) -> bool {
        self.leader.is_some() && self.leader != self.preferred_leader()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub spec: TopicSpec,
    pub placement: Placement,
    pub partitions: Vec<PartitionState>,
}

/// Why a Kafka view cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// No pod in the cluster belongs to this StatefulSet (unknown, or scaled to 0).
    NoBrokers {
        namespace: String,
        statefulset: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoBrokers {
                namespace,
                statefulset,
            } => write!(
                f,
                "StatefulSet {namespace}/{statefulset} has no pods, so there are no brokers"
            ),
        }
    }
}

/// The Kafka cluster over a simulated Kubernetes cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KafkaCluster {
    pub namespace: String,
    pub statefulset: String,
    pub zone: String,
    /// The StatefulSet's `serviceName` (the Service that gives pods their names), if the pods have one.
    pub headless_service: Option<String>,
    /// Whether that Service exists and is headless (`clusterIP: None`).
    pub headless_service_ok: bool,
    /// An ordinary Service in the namespace selecting the brokers, if one exists.
    pub bootstrap_service: Option<String>,
    pub bootstrap_vip: Option<IpAddr>,
    pub listeners: Listeners,
    /// Ordered by id (the ordinal), never by IP.
    pub brokers: Vec<Broker>,
    pub topics: Vec<Topic>,
    /// The lowest live broker id (see the module docs).
    pub controller: Option<i32>,
    /// Things the learner should know (a topic that could not be created, a missing Service).
    pub notes: Vec<String>,
}

/// StatefulSets that have pods, as `(namespace, name)`, sorted.
pub fn statefulsets(cluster: &Cluster) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = cluster
        .pods
        .iter()
        .filter_map(|p| match &p.owner {
            Owner::StatefulSet { name, .. } => Some((p.namespace.to_string(), name.to_string())),
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// Fill a listener pattern for one broker.
pub fn expand(
    pattern: &str,
    pod: &str,
    service: &str,
    namespace: &str,
    zone: &str,
    bootstrap: &str,
    ordinal: i32,
) -> String {
    pattern
        .replace("{pod}", pod)
        .replace("{service}", service)
        .replace("{namespace}", namespace)
        .replace("{zone}", zone)
        .replace("{bootstrap}", bootstrap)
        .replace("{ordinal}", &ordinal.to_string())
}

impl KafkaCluster {
    /// Build the Kafka view of StatefulSet `namespace/statefulset`, with `topics` placed by seeded
    /// `assignReplicasToBrokers` (each topic draws its start index and shift from `seed` in turn).
    pub fn from_cluster(
        cluster: &Cluster,
        namespace: &str,
        statefulset: &str,
        listeners: Listeners,
        topics: &[TopicSpec],
        seed: u64,
    ) -> Result<KafkaCluster, BuildError> {
        let mut pods: Vec<(i64, usize)> = cluster
            .pods
            .iter()
            .enumerate()
            .filter(|(_, p)| &*p.namespace == namespace)
            .filter_map(|(i, p)| match &p.owner {
                Owner::StatefulSet { name, ordinal } if &**name == statefulset => {
                    Some((*ordinal, i))
                }
                _ => None,
            })
            .collect();
        if pods.is_empty() {
            return Err(BuildError::NoBrokers {
                namespace: namespace.to_string(),
                statefulset: statefulset.to_string(),
            });
        }
        crate::sort::sort(&mut pods);
        let mut notes = Vec::new();
        let headless_service = pods
            .iter()
            .find_map(|&(_, i)| cluster.pods[i].subdomain.as_deref().map(str::to_string));
        let headless_service_ok = headless_service
            .as_deref()
            .and_then(|s| cluster.service(namespace, s))
            .is_some_and(|s| s.headless);
        match &headless_service {
            None => notes.push(format!("StatefulSet {namespace}/{statefulset} has no serviceName, so its pods get no per-pod DNS names")),
            Some(s) if cluster.service(namespace, s).is_none() => notes.push(format!("serviceName {s} names no Service in {namespace}, so the per-pod names do not resolve")),
            Some(s) if !headless_service_ok => notes.push(format!("serviceName {s} is not a headless Service")),
            _ => {}
        }
        let pod_indexes: Vec<usize> = pods.iter().map(|&(_, i)| i).collect();
        // The bootstrap Service: an ordinary Service whose endpoints include a broker pod; a name
        // with "bootstrap" in it wins a tie.
        let mut candidates: Vec<&crate::cluster::Service> = cluster
            .services_in(namespace)
            .filter(|s| {
                !s.headless && s.type_ != ServiceType::ExternalName && !s.cluster_ips.is_empty()
            })
            .filter(|s| {
                s.endpoints
                    .iter()
                    .any(|e| e.pod.is_some_and(|p| pod_indexes.contains(&p)))
            })
            .collect();
        crate::sort::by_key(&mut candidates, |s| {
            (!s.name.contains("bootstrap"), s.name.to_string())
        });
        let bootstrap = candidates.first();
        let bootstrap_service = bootstrap.map(|s| s.name.to_string());
        let bootstrap_vip = bootstrap.and_then(|s| s.cluster_ips.first().copied());
        let zone = cluster.zone.clone();
        let svc = headless_service
            .clone()
            .unwrap_or_else(|| statefulset.to_string());
        let boot_name = bootstrap_service.clone().unwrap_or_else(|| svc.clone());
        if listeners == Listeners::ClusterIp && bootstrap_service.is_none() {
            notes.push(format!("no ordinary Service selects the brokers, so the ClusterIP pattern falls back to the Service name {svc}"));
        }
        let pattern = listeners.pattern();
        let brokers: Vec<Broker> = pods
            .iter()
            .map(|&(ordinal, i)| {
                let p = &cluster.pods[i];
                let id = i32::try_from(ordinal).unwrap_or(i32::MAX);
                let ip = p.ip();
                let alive = p.ready && ip.is_some();
                Broker {
                    id,
                    pod: p.name.to_string(),
                    ip,
                    ready: p.ready,
                    alive,
                    fenced: !alive,
                    advertised: HostPort::parse(&expand(
                        &pattern, &p.name, &svc, namespace, &zone, &boot_name, id,
                    )),
                }
            })
            .collect();
        let ids: Vec<i32> = brokers.iter().map(|b| b.id).collect();
        let mut rng = SplitMix64::new(seed);
        let mut placed = Vec::new();
        for t in topics {
            let placement = Placement::seeded(&mut rng, ids.len());
            if placed.iter().any(|x: &Topic| x.spec.name == t.name) {
                notes.push(format!(
                    "topic {} is listed twice; the first one is kept",
                    t.name
                ));
                continue;
            }
            match assign_replicas(&ids, t.partitions, t.replication_factor, placement) {
                Ok(lists) => {
                    let partitions = lists
                        .into_iter()
                        .enumerate()
                        .map(|(p, replicas)| initial_state(p as i32, replicas, &brokers))
                        .collect();
                    placed.push(Topic {
                        spec: t.clone(),
                        placement,
                        partitions,
                    });
                }
                Err(e) => notes.push(format!("topic {} cannot be created: {e}", t.name)),
            }
        }
        let mut kc = KafkaCluster {
            namespace: namespace.to_string(),
            statefulset: statefulset.to_string(),
            zone,
            headless_service,
            headless_service_ok,
            bootstrap_service,
            bootstrap_vip,
            listeners,
            brokers,
            topics: placed,
            controller: None,
            notes,
        };
        kc.controller = kc.elect_controller();
        Ok(kc)
    }

    pub fn broker(&self, id: i32) -> Option<&Broker> {
        self.brokers.iter().find(|b| b.id == id)
    }

    pub fn broker_mut(&mut self, id: i32) -> Option<&mut Broker> {
        self.brokers.iter_mut().find(|b| b.id == id)
    }

    /// The broker a pod IP belongs to.
    pub fn broker_by_ip(&self, ip: IpAddr) -> Option<&Broker> {
        self.brokers.iter().find(|b| b.ip == Some(ip))
    }

    /// The broker of a pod name.
    pub fn broker_by_pod(&self, pod: &str) -> Option<&Broker> {
        self.brokers.iter().find(|b| b.pod == pod)
    }

    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.spec.name == name)
    }

    /// Lowest broker id that is alive and not fenced.
    pub fn elect_controller(&self) -> Option<i32> {
        self.brokers
            .iter()
            .filter(|b| b.alive && !b.fenced)
            .map(|b| b.id)
            .min()
    }

    /// What the client puts in `bootstrap.servers`: the bootstrap Service, else the headless Service,
    /// each by its full name and port 9092.
    pub fn bootstrap_address(&self) -> HostPort {
        let name = self
            .bootstrap_service
            .as_deref()
            .or(self.headless_service.as_deref())
            .unwrap_or(&self.statefulset);
        HostPort {
            host: format!("{name}.{}.svc.{}", self.namespace, self.zone),
            port: KAFKA_PORT,
        }
    }

    /// A partition `name-p` as Kafka prints it (`orders-0`).
    pub fn partition_name(topic: &str, p: i32) -> String {
        format!("{topic}-{p}")
    }
}

/// A new partition: the ISR is every live replica; the leader is the first of them in assignment
/// order (epoch 0 when that is the preferred leader, 1 when leadership already had to move).
fn initial_state(id: i32, replicas: Vec<i32>, brokers: &[Broker]) -> PartitionState {
    let live = |r: &i32| brokers.iter().any(|b| b.id == *r && b.alive);
    let isr: Vec<i32> = replicas.iter().copied().filter(|r| live(r)).collect();
    let leader = isr.first().copied();
    let leader_epoch = i32::from(leader != replicas.first().copied());
    // A partition with no live replica keeps its preferred leader in the ISR (Kafka never empties it).
    let isr = if isr.is_empty() {
        replicas.first().copied().into_iter().collect()
    } else {
        isr
    };
    PartitionState {
        id,
        replicas,
        isr,
        leader,
        leader_epoch,
    }
}
