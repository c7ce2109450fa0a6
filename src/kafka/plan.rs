//! A producer's journey, step by step: the routing plan the diagram animates and `kdig kafka` prints.
//!
//! The client follows the Java producer:
//! * `clients/src/main/java/org/apache/kafka/clients/producer/KafkaProducer.java` (`waitOnMetadata`,
//!   `max.block.ms` 60000, the partitioner call counting every partition);
//! * `clients/src/main/java/org/apache/kafka/clients/producer/internals/Sender.java` (`completeBatch`:
//!   a retriable error re-enqueues the batch and asks for fresh metadata; `delivery.timeout.ms` 120000
//!   bounds the whole attempt);
//! * `clients/src/main/java/org/apache/kafka/clients/ClusterConnectionStates.java` and `ClientUtils.resolve`:
//!   one connection per node id, every address of the name tried in order (`use_all_dns_ips`), and the
//!   connection kept open on error 6, so a retry travels on the same socket;
//! * brokers answer from `core/src/main/scala/kafka/server/KafkaApis.scala` (metadata lists the unfenced
//!   brokers with the advertised listener) and `ReplicaManager.scala` (a broker that does not lead the
//!   partition answers `NOT_LEADER_OR_FOLLOWER`);
//! * the controller fences a broker after `broker.session.timeout.ms` (9000) without heartbeats and
//!   moves leadership as `metadata/src/main/java/org/apache/kafka/controller/PartitionChangeBuilder.java`
//!   does: the first in-sync replica in assignment order, epoch + 1.
//!
//! Every DNS step is a real answer of [`crate::dns::resolver::Resolver`] over the simulated cluster,
//! asked through its [`DnsServer`] seam with the client pod's resolv.conf. The JVM resolves through the
//! C library, so the glibc order applies ([`ResolvConf::candidates`]): a name with fewer than five dots,
//! such as `kafka-0.kafka-hs.kafka.svc.cluster.local` (four), is tried under every search domain before
//! it is tried as written. The JVM keeps a found address 30 s and a failure 10 s (its default
//! `networkaddress.cache.ttl` without a security manager), so a second connection to the same name
//! shows no lookup. Only A queries are shown (glibc asks for AAAA alongside; the cluster is IPv4).
//!
//! kube-proxy chooses a Service backend per TCP connection (iptables `statistic --mode random`), drawn
//! here from the seeded generator, and every packet of that connection goes to the same pod.
//!
//! Simplifications, each on purpose:
//! * records are sent one at a time, the next once the previous one is acknowledged or has failed
//!   (like `send(record).get()`), with `interval_ms` between creations; batching of several records and
//!   pipelined requests are not drawn;
//! * the retry backoff doubles from `retry.backoff.ms` 100 to `retry.backoff.max.ms` 1000 without
//!   Kafka's ±20 % jitter, so the plan replays exactly;
//! * after an error the metadata refresh goes out on the connection that saw the error (Kafka picks
//!   the least loaded node, which is that one in a quiet client);
//! * a broker that goes down closes its sockets (connections to its address are refused from then on);
//!   it does not come back within the plan;
//! * the controller is the lowest live broker id (combined mode, no separate quorum).
//!
//! Virtual times: a DNS round trip takes 1 ms, a TCP handshake 1 ms, a Metadata round trip 2 ms and a
//! Produce round trip (`acks=all`, followers included) 3 ms.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use super::cluster::{HostPort, KafkaCluster, PartitionState};
use super::errors::KafkaError;
use super::partitioner::{partition_for_key, StickyPartitioner};
use super::rng::SplitMix64;
use crate::cluster::Cluster;
use crate::dns::resolv::{walk, Send};
use crate::dns::resolver::Resolver;
use crate::dns::{Name, RData, RecordType, ResolvConf, ResponseCode};

pub const DELIVERY_TIMEOUT_MS: u64 = 120_000;
pub const MAX_BLOCK_MS: u64 = 60_000;
pub const RETRY_BACKOFF_MS: u64 = 100;
pub const RETRY_BACKOFF_MAX_MS: u64 = 1_000;
pub const BROKER_SESSION_TIMEOUT_MS: u64 = 9_000;
pub const JVM_DNS_TTL_MS: u64 = 30_000;
pub const JVM_DNS_NEGATIVE_TTL_MS: u64 = 10_000;
pub const DNS_RTT_MS: u64 = 1;
pub const TCP_CONNECT_MS: u64 = 1;
pub const METADATA_RTT_MS: u64 = 2;
pub const PRODUCE_RTT_MS: u64 = 3;
/// How long glibc waits for a DNS server that never answers (`timeout:5`).
pub const DNS_TIMEOUT_MS: u64 = 5_000;

/// Who sends or receives a step.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    Producer,
    /// The consumer of [`super::consume`], reading one partition.
    Consumer,
    CoreDns,
    /// A Service's virtual IP (normally the bootstrap Service's), where kube-proxy picks a backend.
    BootstrapVip,
    Broker(i32),
    /// An address that is neither a broker nor a Service.
    Elsewhere,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Producer => f.write_str("producer"),
            Actor::Consumer => f.write_str("consumer"),
            Actor::CoreDns => f.write_str("coredns"),
            Actor::BootstrapVip => f.write_str("bootstrap-vip"),
            Actor::Broker(id) => write!(f, "broker-{id}"),
            Actor::Elsewhere => f.write_str("elsewhere"),
        }
    }
}

impl Serialize for Actor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Error,
}

fn display<T: fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

fn display_opt<T: fmt::Display, S: serde::Serializer>(
    v: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// One partition as a Metadata response describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionMeta {
    pub leader: Option<i32>,
    pub isr: Vec<i32>,
    pub leader_epoch: i32,
    pub error: Option<KafkaError>,
}

/// What happens in one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum EventKind {
    DnsQuery {
        name: String,
        #[serde(serialize_with = "display")]
        qtype: RecordType,
    },
    DnsAnswer {
        name: String,
        /// `None`: the server never answered.
        #[serde(serialize_with = "display_opt")]
        rcode: Option<ResponseCode>,
        ips: Vec<IpAddr>,
    },
    /// The lookup of an advertised or bootstrap host gave no address (`UnknownHostException`).
    ResolveFailed {
        host: String,
    },
    TcpConnect {
        conn: u32,
        /// The node id the connection is for (`None`: the bootstrap connection).
        node: Option<i32>,
        to_ip: IpAddr,
        port: u16,
        via_vip: bool,
        landed_on_broker: Option<i32>,
    },
    ConnectionClosed {
        conn: u32,
        node: Option<i32>,
    },
    MetadataRequest {
        conn: u32,
        topics: Vec<String>,
    },
    MetadataResponse {
        conn: u32,
        /// Node id → advertised `host:port`, for the brokers the controller has not fenced.
        brokers: BTreeMap<i32, HostPort>,
        controller: Option<i32>,
        topic_error: Option<KafkaError>,
        partitions: BTreeMap<i32, PartitionMeta>,
    },
    ProduceRequest {
        conn: u32,
        record: usize,
        partition: i32,
        key: Option<String>,
    },
    ProduceResponse {
        conn: u32,
        record: usize,
        partition: i32,
        error: Option<KafkaError>,
        offset: Option<i64>,
    },
    Backoff {
        record: usize,
        ms: u64,
    },
    RecordFailed {
        record: usize,
        partition: Option<i32>,
        reason: String,
    },
    BrokerDown {
        broker: i32,
    },
    Fenced {
        broker: i32,
    },
    ControllerMoved {
        controller: Option<i32>,
    },
    LeaderElected {
        partition: i32,
        new_leader: Option<i32>,
        epoch: i32,
        isr: Vec<i32>,
    },
    IsrShrunk {
        partition: i32,
        isr: Vec<i32>,
    },
}

impl EventKind {
    /// A short name of the kind, for golden sequences and text output.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::DnsQuery { .. } => "DnsQuery",
            EventKind::DnsAnswer { .. } => "DnsAnswer",
            EventKind::ResolveFailed { .. } => "ResolveFailed",
            EventKind::TcpConnect { .. } => "TcpConnect",
            EventKind::ConnectionClosed { .. } => "ConnectionClosed",
            EventKind::MetadataRequest { .. } => "MetadataRequest",
            EventKind::MetadataResponse { .. } => "MetadataResponse",
            EventKind::ProduceRequest { .. } => "ProduceRequest",
            EventKind::ProduceResponse { .. } => "ProduceResponse",
            EventKind::Backoff { .. } => "Backoff",
            EventKind::RecordFailed { .. } => "RecordFailed",
            EventKind::BrokerDown { .. } => "BrokerDown",
            EventKind::Fenced { .. } => "Fenced",
            EventKind::ControllerMoved { .. } => "ControllerMoved",
            EventKind::LeaderElected { .. } => "LeaderElected",
            EventKind::IsrShrunk { .. } => "IsrShrunk",
        }
    }
}

/// One step of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub at_ms: u64,
    pub from: Actor,
    pub to: Actor,
    pub kind: EventKind,
    /// One sentence saying what happens and why.
    pub caption: String,
    pub outcome: Outcome,
}

/// A broker that stops at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BrokerFailure {
    pub broker: i32,
    pub at_ms: u64,
}

/// What the client does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProduceSpec {
    pub topic: String,
    /// One entry per record; `None` is a null key (sticky partitioning).
    pub keys: Vec<Option<String>>,
    /// The client pod's namespace: it decides the search list.
    pub client_namespace: String,
    /// Time between record creations (a record also waits for the one before it).
    pub interval_ms: u64,
    /// Bytes each record adds to its batch, for the sticky partitioner.
    pub record_bytes: u32,
    /// `batch.size`.
    pub batch_size: u32,
    pub failure: Option<BrokerFailure>,
    /// Seed of the one generator behind every random choice in the plan.
    pub seed: u64,
}

impl ProduceSpec {
    /// Records with these keys to `topic` from the `default` namespace, one every second.
    pub fn new(topic: &str, keys: Vec<Option<String>>) -> Self {
        ProduceSpec {
            topic: topic.to_string(),
            keys,
            client_namespace: "default".into(),
            interval_ms: 1_000,
            record_bytes: 100,
            batch_size: 16_384,
            failure: None,
            seed: 0,
        }
    }
}

/// What became of one record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordResult {
    pub record: usize,
    pub key: Option<String>,
    pub partition: Option<i32>,
    pub outcome: Outcome,
    /// The broker that appended it.
    pub delivered_to: Option<i32>,
    pub offset: Option<i64>,
    /// Produce requests sent for it.
    pub attempts: u32,
    pub created_ms: u64,
    pub finished_ms: u64,
    pub error: Option<String>,
}

/// Totals over the batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub records: usize,
    pub delivered: usize,
    pub failed: usize,
    /// Produce round trips that ended in an error.
    pub wasted_round_trips: usize,
    pub not_leader_errors: usize,
    pub metadata_requests: usize,
    pub dns_queries: usize,
    pub connections: usize,
    pub finished_ms: u64,
}

/// The whole journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoutingPlan {
    pub topic: String,
    pub bootstrap: HostPort,
    pub client_namespace: String,
    pub events: Vec<Event>,
    pub records: Vec<RecordResult>,
    pub summary: Summary,
    /// The topic's partitions once every event has happened (after a failover, the new leaders).
    pub final_partitions: Vec<PartitionState>,
    pub notes: Vec<String>,
}

impl RoutingPlan {
    /// Play the client's journey over `kc` (built from `cluster`).
    pub fn build(cluster: &Cluster, kc: &KafkaCluster, spec: &ProduceSpec) -> RoutingPlan {
        let mut sim = Sim::new(cluster, kc, spec);
        for (i, key) in spec.keys.iter().enumerate() {
            sim.send_record(i, key.as_deref());
        }
        sim.advance(u64::MAX);
        sim.finish()
    }

    /// The kinds of the events, in order (for golden comparisons).
    pub fn kinds(&self) -> Vec<&'static str> {
        self.events.iter().map(|e| e.kind.name()).collect()
    }
}

#[derive(Clone, Debug)]
pub(super) struct Conn {
    pub(super) id: u32,
    pub(super) node: Option<i32>,
    pub(super) landed: i32,
    pub(super) open: bool,
}

#[derive(Clone, Debug, Default)]
pub(super) struct ClientMeta {
    pub(super) brokers: BTreeMap<i32, HostPort>,
    pub(super) topic_error: Option<KafkaError>,
    pub(super) partitions: BTreeMap<i32, PartitionMeta>,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Change {
    Down(i32),
    Fence(i32),
}

pub(super) struct Sim<'c> {
    pub(super) cluster: &'c Cluster,
    pub(super) kc: KafkaCluster,
    pub(super) spec: ProduceSpec,
    pub(super) resolver: Resolver<'c>,
    pub(super) resolv: Option<ResolvConf>,
    pub(super) rng: SplitMix64,
    pub(super) sticky: StickyPartitioner,
    pub(super) now: u64,
    pub(super) events: Vec<Event>,
    pub(super) records: Vec<RecordResult>,
    pub(super) conns: Vec<Conn>,
    pub(super) node_conn: BTreeMap<i32, usize>,
    pub(super) bootstrap_conn: Option<usize>,
    pub(super) meta: Option<ClientMeta>,
    pub(super) dns_cache: BTreeMap<String, (Option<Vec<IpAddr>>, u64)>,
    pub(super) pending: Vec<(u64, Change)>,
    pub(super) offsets: BTreeMap<i32, i64>,
    pub(super) summary: Summary,
    pub(super) notes: Vec<String>,
    /// Who walks the journey: [`Actor::Producer`], or [`Actor::Consumer`] for [`super::consume`].
    pub(super) client: Actor,
}

fn key_text(key: Option<&str>) -> String {
    match key {
        Some(k) => format!("key \"{k}\""),
        None => "a null key".into(),
    }
}

pub(super) fn backoff_ms(attempt: u32) -> u64 {
    let shift = attempt.min(16);
    (RETRY_BACKOFF_MS << shift).min(RETRY_BACKOFF_MAX_MS)
}

impl<'c> Sim<'c> {
    pub(super) fn new(cluster: &'c Cluster, kc: &KafkaCluster, spec: &ProduceSpec) -> Self {
        let mut rng = SplitMix64::new(spec.seed);
        let mut resolver = Resolver::with_seed(cluster, rng.next_u64());
        resolver.explain = false;
        resolver.client_namespace = Some(spec.client_namespace.clone());
        let resolv = ResolvConf::cluster_first(&spec.client_namespace, &cluster.zone).ok();
        let mut notes = Vec::new();
        if resolv.is_none() {
            notes.push(format!(
                "\"{}\" is not a namespace name, so the client has no search list",
                spec.client_namespace
            ));
        }
        if !cluster.namespace_exists(&spec.client_namespace) {
            notes.push(format!(
                "namespace {} does not exist; the client is placed there anyway",
                spec.client_namespace
            ));
        }
        let mut pending = Vec::new();
        if let Some(f) = spec.failure {
            match kc.broker(f.broker) {
                Some(b) if b.alive => {
                    pending.push((f.at_ms, Change::Down(f.broker)));
                    pending.push((
                        f.at_ms.saturating_add(BROKER_SESSION_TIMEOUT_MS),
                        Change::Fence(f.broker),
                    ));
                }
                Some(b) => notes.push(format!("{} is already down", b.pod)),
                None => notes.push(format!("there is no broker {}", f.broker)),
            }
        }
        if kc.topic(&spec.topic).is_none() {
            notes.push(format!(
                "topic {} does not exist (the model runs with auto.create.topics.enable=false)",
                spec.topic
            ));
        }
        Sim {
            cluster,
            kc: kc.clone(),
            spec: spec.clone(),
            resolver,
            resolv,
            rng,
            sticky: StickyPartitioner::new(spec.batch_size),
            now: 0,
            events: Vec::new(),
            records: Vec::new(),
            conns: Vec::new(),
            node_conn: BTreeMap::new(),
            bootstrap_conn: None,
            meta: None,
            dns_cache: BTreeMap::new(),
            pending,
            offsets: BTreeMap::new(),
            summary: Summary::default(),
            notes,
            client: Actor::Producer,
        }
    }

    /// The client's word in captions.
    pub(super) fn who(&self) -> &'static str {
        match self.client {
            Actor::Consumer => "consumer",
            _ => "producer",
        }
    }

    pub(super) fn pod(&self, id: i32) -> String {
        self.kc
            .broker(id)
            .map_or_else(|| format!("broker {id}"), |b| b.pod.clone())
    }

    pub(super) fn pname(&self, p: i32) -> String {
        KafkaCluster::partition_name(&self.spec.topic, p)
    }

    pub(super) fn emit(
        &mut self,
        at_ms: u64,
        from: Actor,
        to: Actor,
        kind: EventKind,
        caption: String,
        outcome: Outcome,
    ) {
        self.events.push(Event {
            at_ms,
            from,
            to,
            kind,
            caption,
            outcome,
        });
    }

    // ---- cluster-side changes -------------------------------------------------------------

    /// Apply every scheduled change due at or before `t`, each at its own time.
    pub(super) fn advance(&mut self, t: u64) {
        while let Some(&(at, change)) = self.pending.first() {
            if at > t {
                break;
            }
            self.pending.remove(0);
            match change {
                Change::Down(b) => self.broker_down(at, b),
                Change::Fence(b) => self.fence(at, b),
            }
        }
    }

    fn broker_down(&mut self, at: u64, b: i32) {
        if let Some(br) = self.kc.broker_mut(b) {
            br.alive = false;
        }
        let pod = self.pod(b);
        self.emit(
            at,
            Actor::Broker(b),
            Actor::Broker(b),
            EventKind::BrokerDown { broker: b },
            format!("{pod} stops: it no longer answers, and the controller will notice only when its heartbeats are missed for {BROKER_SESSION_TIMEOUT_MS} ms."),
            Outcome::Error,
        );
        for i in 0..self.conns.len() {
            if self.conns[i].open && self.conns[i].landed == b {
                self.conns[i].open = false;
                let (id, node) = (self.conns[i].id, self.conns[i].node);
                self.node_conn.retain(|_, c| *c != i);
                if self.bootstrap_conn == Some(i) {
                    self.bootstrap_conn = None;
                }
                self.emit(
                    at,
                    Actor::Broker(b),
                    self.client.clone(),
                    EventKind::ConnectionClosed { conn: id, node },
                    format!("The {}'s connection {id} to {pod} closes, because the broker on the far end is gone.", self.who()),
                    Outcome::Error,
                );
            }
        }
    }

    fn fence(&mut self, at: u64, b: i32) {
        if let Some(br) = self.kc.broker_mut(b) {
            br.fenced = true;
        }
        let pod = self.pod(b);
        if self.kc.controller == Some(b) || self.kc.controller.is_none() {
            let c = self.kc.elect_controller();
            self.kc.controller = c;
            let caption = match c {
                Some(c) => format!(
                    "{} takes over as controller, since {pod} held that role.",
                    self.pod(c)
                ),
                None => "No live broker is left to act as controller.".to_string(),
            };
            let actor = c.map_or(Actor::Broker(b), Actor::Broker);
            self.emit(
                at,
                actor.clone(),
                actor,
                EventKind::ControllerMoved { controller: c },
                caption,
                if c.is_some() {
                    Outcome::Ok
                } else {
                    Outcome::Error
                },
            );
        }
        let ctrl = self.kc.controller.map_or(Actor::Broker(b), Actor::Broker);
        self.emit(
            at,
            ctrl.clone(),
            Actor::Broker(b),
            EventKind::Fenced { broker: b },
            format!("The controller fences {pod} after {BROKER_SESSION_TIMEOUT_MS} ms without a heartbeat and drops it from every ISR."),
            Outcome::Error,
        );
        let live: Vec<i32> = self
            .kc
            .brokers
            .iter()
            .filter(|x| x.alive && !x.fenced)
            .map(|x| x.id)
            .collect();
        let topic = self.spec.topic.clone();
        let mut changes = Vec::new();
        for t in &mut self.kc.topics {
            let shown = t.spec.name == topic;
            for p in &mut t.partitions {
                if !p.isr.contains(&b) && p.leader != Some(b) {
                    continue;
                }
                let mut isr: Vec<i32> = p.isr.iter().copied().filter(|r| *r != b).collect();
                if p.leader == Some(b) {
                    let new_leader = p
                        .replicas
                        .iter()
                        .copied()
                        .find(|r| isr.contains(r) && live.contains(r));
                    if isr.is_empty() {
                        // Kafka leaves the last member in the ISR of a partition that loses its leader.
                        isr = vec![b];
                    }
                    p.leader = new_leader;
                    p.leader_epoch += 1;
                    p.isr = isr;
                    if shown {
                        changes.push((p.id, true, p.leader, p.leader_epoch, p.isr.clone()));
                    }
                } else {
                    p.isr = isr;
                    if shown {
                        changes.push((p.id, false, p.leader, p.leader_epoch, p.isr.clone()));
                    }
                }
            }
        }
        for (p, moved, leader, epoch, isr) in changes {
            let name = self.pname(p);
            if moved {
                let (to, caption, outcome) = match leader {
                    Some(l) => (
                        Actor::Broker(l),
                        format!("Leadership of {name} moves from {pod} to {}, the first in-sync replica in assignment order (leader epoch {epoch}).", self.pod(l)),
                        Outcome::Ok,
                    ),
                    None => (
                        ctrl.clone(),
                        format!("{name} has no in-sync replica left on a live broker, so it stays without a leader (leader epoch {epoch})."),
                        Outcome::Error,
                    ),
                };
                self.emit(
                    at,
                    ctrl.clone(),
                    to,
                    EventKind::LeaderElected {
                        partition: p,
                        new_leader: leader,
                        epoch,
                        isr,
                    },
                    caption,
                    outcome,
                );
            } else {
                let list = isr
                    .iter()
                    .map(|r| self.pod(*r))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.emit(
                    at,
                    ctrl.clone(),
                    ctrl.clone(),
                    EventKind::IsrShrunk { partition: p, isr },
                    format!("{name} keeps its leader; its ISR shrinks to {list}."),
                    Outcome::Ok,
                );
            }
        }
    }

    // ---- DNS and connections --------------------------------------------------------------

    /// The addresses of `host`, from the JVM's cache or from CoreDNS through the search list.
    fn resolve(&mut self, host: &str) -> Option<Vec<IpAddr>> {
        let key = host.to_ascii_lowercase();
        if let Some((ans, expires)) = self.dns_cache.get(&key) {
            if *expires > self.now {
                return ans.clone();
            }
        }
        let ans = self.lookup(host);
        let ttl = if ans.is_some() {
            JVM_DNS_TTL_MS
        } else {
            JVM_DNS_NEGATIVE_TTL_MS
        };
        self.dns_cache
            .insert(key, (ans.clone(), self.now.saturating_add(ttl)));
        if ans.is_none() {
            self.emit(
                self.now,
                self.client.clone(),
                self.client.clone(),
                EventKind::ResolveFailed {
                    host: host.to_string(),
                },
                format!(
                    "No address comes back for {host}, so the {} cannot open a connection there.",
                    self.who()
                ),
                Outcome::Error,
            );
        }
        ans
    }

    fn lookup(&mut self, host: &str) -> Option<Vec<IpAddr>> {
        let name = Name::parse(host).ok()?;
        let candidates = match &self.resolv {
            Some(rc) => rc
                .candidates(&name)
                .unwrap_or_else(|_| vec![name.clone().into_fqdn()]),
            None => vec![name.clone().into_fqdn()],
        };
        let server = self
            .resolv
            .as_ref()
            .and_then(|r| r.nameservers.first().copied())
            .unwrap_or_else(|| self.cluster.dns_service_ip());
        let how = Send {
            server,
            rd: true,
            edns: None,
            tries: 1,
            id_seed: 0,
        };
        let mut attempts = Vec::new();
        walk(
            &mut self.resolver,
            &how,
            &candidates,
            RecordType::A,
            &mut attempts,
        );
        let mut last = None;
        let total = attempts.len();
        for (n, a) in attempts.into_iter().enumerate() {
            let qname = a.question.name.to_string();
            self.summary.dns_queries += 1;
            self.emit(
                self.now,
                self.client.clone(),
                Actor::CoreDns,
                EventKind::DnsQuery { name: qname.clone(), qtype: RecordType::A },
                if qname.trim_end_matches('.') == host.trim_end_matches('.') {
                    format!("The {} asks CoreDNS for the address of {qname}, the name exactly as written.", self.who())
                } else {
                    format!("The {} asks CoreDNS for {qname}: {host} has fewer than 5 dots, so the search list is tried first.", self.who())
                },
                Outcome::Ok,
            );
            let Some(reply) = a.reply else {
                self.now = self.now.saturating_add(DNS_TIMEOUT_MS);
                self.emit(
                    self.now,
                    Actor::CoreDns,
                    self.client.clone(),
                    EventKind::DnsAnswer {
                        name: qname.clone(),
                        rcode: None,
                        ips: vec![],
                    },
                    format!("Nothing answers the query for {qname}."),
                    Outcome::Error,
                );
                last = None;
                continue;
            };
            self.now = self.now.saturating_add(DNS_RTT_MS);
            let ips: Vec<IpAddr> = reply
                .answers
                .iter()
                .filter_map(|r| match &r.rdata {
                    RData::A(v4) => Some(IpAddr::V4(*v4)),
                    RData::AAAA(v6) => Some(IpAddr::V6(*v6)),
                    _ => None,
                })
                .collect();
            let rcode = reply.response_code;
            let more = n + 1 < total;
            let caption = if !ips.is_empty() {
                let list = ips
                    .iter()
                    .map(IpAddr::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("CoreDNS answers {qname} with {list}.")
            } else if rcode == ResponseCode::NXDomain && more {
                format!("CoreDNS answers NXDOMAIN for {qname}, so the resolver moves to the next candidate.")
            } else if rcode == ResponseCode::NXDomain {
                format!("CoreDNS answers NXDOMAIN for {qname}, and no candidate is left.")
            } else {
                format!("CoreDNS answers {rcode} for {qname} with no address.")
            };
            let outcome = if ips.is_empty() {
                Outcome::Error
            } else {
                Outcome::Ok
            };
            self.emit(
                self.now,
                Actor::CoreDns,
                self.client.clone(),
                EventKind::DnsAnswer {
                    name: qname,
                    rcode: Some(rcode),
                    ips: ips.clone(),
                },
                caption,
                outcome,
            );
            last = Some(ips);
        }
        last.filter(|ips| !ips.is_empty())
    }

    /// Open a connection for `node` (`None`: bootstrap) to `hp`, trying every address in turn.
    pub(super) fn connect(&mut self, node: Option<i32>, hp: &HostPort) -> Option<usize> {
        self.advance(self.now);
        let ips = self.resolve(&hp.host)?;
        for ip in ips {
            self.advance(self.now);
            let id = self.conns.len() as u32;
            let (via_vip, landed, svc) = self.route(ip);
            let to = if via_vip {
                Actor::BootstrapVip
            } else {
                landed.map_or(Actor::Elsewhere, Actor::Broker)
            };
            let alive = landed.is_some_and(|b| self.kc.broker(b).is_some_and(|x| x.alive));
            let what = match node {
                Some(n) => format!("node {n}"),
                None => "bootstrap".to_string(),
            };
            let caption = match (via_vip, landed, alive) {
                (true, Some(b), true) => format!("The {what} connection goes to the ClusterIP {ip} ({svc}); kube-proxy sends it to {}, and every request on it will land there.", self.pod(b)),
                (true, Some(b), false) => format!("kube-proxy sends the {what} connection for {ip} ({svc}) to {}, which is down, so it is refused.", self.pod(b)),
                (true, None, _) => format!("The {what} connection to {ip} ({svc}) is refused: no backend of that Service is a running broker."),
                (false, Some(b), true) => format!("The {what} connection goes straight to {} at {ip}.", self.pod(b)),
                (false, Some(b), false) => format!("The {what} connection to {} at {ip} is refused: the broker is down.", self.pod(b)),
                (false, None, _) => format!("Nothing at {ip} speaks Kafka, so the {what} connection fails."),
            };
            let ok = alive;
            self.emit(
                self.now,
                self.client.clone(),
                to,
                EventKind::TcpConnect {
                    conn: id,
                    node,
                    to_ip: ip,
                    port: hp.port,
                    via_vip,
                    landed_on_broker: landed,
                },
                caption,
                if ok { Outcome::Ok } else { Outcome::Error },
            );
            self.now = self.now.saturating_add(TCP_CONNECT_MS);
            if let (true, Some(b)) = (ok, landed) {
                self.summary.connections += 1;
                self.conns.push(Conn {
                    id,
                    node,
                    landed: b,
                    open: true,
                });
                return Some(self.conns.len() - 1);
            }
            // A refused attempt still uses up a connection id, so the numbers in captions stay unique.
            self.conns.push(Conn {
                id,
                node,
                landed: landed.unwrap_or(-1),
                open: false,
            });
        }
        None
    }

    /// Where a packet to `ip` goes: (through a Service VIP?, the broker it reaches, the Service name).
    fn route(&mut self, ip: IpAddr) -> (bool, Option<i32>, String) {
        if let Some(b) = self.kc.broker_by_ip(ip) {
            return (false, Some(b.id), String::new());
        }
        let svc = self
            .cluster
            .services
            .iter()
            .find(|s| !s.headless && s.cluster_ips.contains(&ip));
        let Some(svc) = svc else {
            return (false, None, String::new());
        };
        let backends: Vec<Option<usize>> = svc.ready_endpoints().map(|e| e.pod).collect();
        let name = format!("{}/{}", svc.namespace, svc.name);
        if backends.is_empty() {
            return (true, None, name);
        }
        let pick = backends[self.rng.below(backends.len())];
        let landed = pick
            .and_then(|i| self.cluster.pods.get(i))
            .filter(|p| *p.namespace == *self.kc.namespace)
            .and_then(|p| self.kc.broker_by_pod(&p.name))
            .map(|b| b.id);
        (true, landed, name)
    }

    pub(super) fn open(&self, c: usize) -> bool {
        self.conns.get(c).is_some_and(|x| x.open)
    }

    // ---- requests ---------------------------------------------------------------------------

    fn metadata(&mut self, c: usize) -> bool {
        self.advance(self.now);
        if !self.open(c) {
            return false;
        }
        let (id, b) = (self.conns[c].id, self.conns[c].landed);
        self.summary.metadata_requests += 1;
        let pod = self.pod(b);
        self.emit(self.now, self.client.clone(), Actor::Broker(b), EventKind::MetadataRequest { conn: id, topics: vec![self.spec.topic.clone()] }, format!("The {} asks {pod} for metadata: every broker's address and every partition's leader.", self.who()), Outcome::Ok);
        self.now = self.now.saturating_add(METADATA_RTT_MS);
        let brokers: BTreeMap<i32, HostPort> = self
            .kc
            .brokers
            .iter()
            .filter(|x| !x.fenced)
            .map(|x| (x.id, x.advertised.clone()))
            .collect();
        let topic = self.kc.topic(&self.spec.topic);
        let topic_error = topic
            .is_none()
            .then_some(KafkaError::UnknownTopicOrPartition);
        let partitions: BTreeMap<i32, PartitionMeta> = topic
            .map(|t| {
                t.partitions
                    .iter()
                    .map(|p| {
                        (
                            p.id,
                            PartitionMeta {
                                leader: p.leader,
                                isr: p.isr.clone(),
                                leader_epoch: p.leader_epoch,
                                error: p.leader.is_none().then_some(KafkaError::LeaderNotAvailable),
                            },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let caption = match topic_error {
            Some(e) => format!(
                "{pod} lists the brokers but answers {e} for topic {}.",
                self.spec.topic
            ),
            None => {
                let leaders = partitions
                    .iter()
                    .map(|(p, m)| {
                        format!(
                            "{} led by {}",
                            self.pname(*p),
                            m.leader
                                .map_or_else(|| "nobody".to_string(), |l| self.pod(l))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let sample = brokers
                    .values()
                    .next()
                    .map(|h| format!(" (e.g. {h})"))
                    .unwrap_or_default();
                format!(
                    "{pod} answers with {} advertised brokers{sample} and {leaders}.",
                    brokers.len()
                )
            }
        };
        self.meta = Some(ClientMeta {
            brokers: brokers.clone(),
            topic_error,
            partitions: partitions.clone(),
        });
        self.emit(
            self.now,
            Actor::Broker(b),
            self.client.clone(),
            EventKind::MetadataResponse {
                conn: id,
                brokers,
                controller: self.kc.controller,
                topic_error,
                partitions,
            },
            caption,
            if topic_error.is_some() {
                Outcome::Error
            } else {
                Outcome::Ok
            },
        );
        true
    }

    /// A connection for a metadata request: `prefer` if open, else any open one, else a new one.
    fn metadata_conn(&mut self, prefer: Option<usize>) -> Option<usize> {
        if let Some(c) = prefer.filter(|&c| self.open(c)) {
            return Some(c);
        }
        if let Some(&c) = self.node_conn.values().find(|&&c| self.open(c)) {
            return Some(c);
        }
        if let Some(c) = self.bootstrap_conn.filter(|&c| self.open(c)) {
            return Some(c);
        }
        let known: Vec<(i32, HostPort)> = self
            .meta
            .as_ref()
            .map(|m| m.brokers.iter().map(|(k, v)| (*k, v.clone())).collect())
            .unwrap_or_default();
        for (id, hp) in known {
            if let Some(c) = self.connect(Some(id), &hp) {
                self.node_conn.insert(id, c);
                return Some(c);
            }
        }
        let boot = self.kc.bootstrap_address();
        let c = self.connect(None, &boot)?;
        self.bootstrap_conn = Some(c);
        Some(c)
    }

    pub(super) fn refresh_metadata(&mut self, prefer: Option<usize>) -> bool {
        match self.metadata_conn(prefer) {
            Some(c) => self.metadata(c),
            None => false,
        }
    }

    fn produce(
        &mut self,
        c: usize,
        record: usize,
        p: i32,
        key: Option<&str>,
    ) -> Result<i64, KafkaError> {
        let (id, b, node) = (self.conns[c].id, self.conns[c].landed, self.conns[c].node);
        let pod = self.pod(b);
        let pname = self.pname(p);
        let node_text =
            node.map_or_else(|| "the bootstrap node".to_string(), |n| format!("node {n}"));
        self.emit(
            self.now,
            Actor::Producer,
            Actor::Broker(b),
            EventKind::ProduceRequest { conn: id, record, partition: p, key: key.map(str::to_string) },
            format!("The producer sends record {record} ({}) for {pname} to {node_text} on connection {id}, which reaches {pod}.", key_text(key)),
            Outcome::Ok,
        );
        self.now = self.now.saturating_add(PRODUCE_RTT_MS);
        let state = self.kc.topic(&self.spec.topic).map(|t| {
            (
                t.spec.min_insync_replicas,
                t.partitions.iter().find(|x| x.id == p).cloned(),
            )
        });
        let result = match state {
            None | Some((_, None)) => Err(KafkaError::UnknownTopicOrPartition),
            Some((_, Some(ps))) if ps.leader != Some(b) => Err(KafkaError::NotLeaderOrFollower),
            Some((min, Some(ps))) if (ps.isr.len() as i32) < min => {
                Err(KafkaError::NotEnoughReplicas)
            }
            Some(_) => {
                let o = self.offsets.entry(p).or_insert(0);
                let off = *o;
                *o += 1;
                Ok(off)
            }
        };
        let (caption, outcome, error, offset) = match result {
            Ok(off) => (format!("{pod} leads {pname}: it appends the record at offset {off} and acknowledges once the in-sync replicas have it."), Outcome::Ok, None, Some(off)),
            Err(e @ KafkaError::NotLeaderOrFollower) => (format!("{e}: {pod} does not lead {pname}."), Outcome::Error, Some(e), None),
            Err(e @ KafkaError::NotEnoughReplicas) => (format!("{e}: {pname} has fewer in-sync replicas than min.insync.replicas."), Outcome::Error, Some(e), None),
            Err(e) => (format!("{e}: {pod} does not know {pname}."), Outcome::Error, Some(e), None),
        };
        self.emit(
            self.now,
            Actor::Broker(b),
            Actor::Producer,
            EventKind::ProduceResponse {
                conn: id,
                record,
                partition: p,
                error,
                offset,
            },
            caption,
            outcome,
        );
        result
    }

    // ---- one record -------------------------------------------------------------------------

    pub(super) fn topic_known(&self) -> Option<i32> {
        let m = self.meta.as_ref()?;
        if m.topic_error.is_some() || m.partitions.is_empty() {
            return None;
        }
        Some(m.partitions.len() as i32)
    }

    fn fail(&mut self, result: &mut RecordResult, at: u64, partition: Option<i32>, reason: String) {
        self.now = self.now.max(at);
        self.emit(
            self.now,
            Actor::Producer,
            Actor::Producer,
            EventKind::RecordFailed {
                record: result.record,
                partition,
                reason: reason.clone(),
            },
            format!("Record {} fails: {reason}.", result.record),
            Outcome::Error,
        );
        result.outcome = Outcome::Error;
        result.finished_ms = self.now;
        result.error = Some(reason);
        result.partition = partition;
    }

    fn backoff(&mut self, record: usize, ms: u64, why: &str) {
        self.emit(
            self.now,
            Actor::Producer,
            Actor::Producer,
            EventKind::Backoff { record, ms },
            format!("The producer waits {ms} ms before trying record {record} again ({why})."),
            Outcome::Ok,
        );
        self.now = self.now.saturating_add(ms);
    }

    fn send_record(&mut self, record: usize, key: Option<&str>) {
        let created = self
            .now
            .max((record as u64).saturating_mul(self.spec.interval_ms));
        self.now = created;
        self.advance(self.now);
        let mut result = RecordResult {
            record,
            key: key.map(str::to_string),
            partition: None,
            outcome: Outcome::Error,
            delivered_to: None,
            offset: None,
            attempts: 0,
            created_ms: created,
            finished_ms: created,
            error: None,
        };
        // waitOnMetadata: the topic's partitions must be known before the record can be partitioned.
        let block_deadline = created.saturating_add(MAX_BLOCK_MS);
        let mut tries = 0u32;
        let n = loop {
            if let Some(n) = self.topic_known() {
                break n;
            }
            self.refresh_metadata(None);
            if let Some(n) = self.topic_known() {
                break n;
            }
            let ms = backoff_ms(tries);
            tries += 1;
            if self.now.saturating_add(ms) >= block_deadline {
                let reason = format!(
                    "TimeoutException: topic {} not present in metadata after {MAX_BLOCK_MS} ms",
                    self.spec.topic
                );
                self.fail(&mut result, block_deadline, None, reason);
                self.finish_record(result);
                return;
            }
            self.backoff(record, ms, "no usable metadata yet");
        };
        let partition = match key {
            Some(k) => partition_for_key(k.as_bytes(), n),
            None => {
                let available: Vec<i32> = self
                    .meta
                    .as_ref()
                    .map(|m| {
                        m.partitions
                            .iter()
                            .filter(|(_, x)| x.leader.is_some())
                            .map(|(p, _)| *p)
                            .collect()
                    })
                    .unwrap_or_default();
                self.sticky
                    .partition(&mut self.rng, n, &available, self.spec.record_bytes)
            }
        };
        let Some(p) = partition else {
            self.fail(
                &mut result,
                self.now,
                None,
                "the topic has no partitions".into(),
            );
            self.finish_record(result);
            return;
        };
        result.partition = Some(p);
        let deadline = created.saturating_add(DELIVERY_TIMEOUT_MS);
        let mut backoffs = 0u32;
        let mut last_error;
        loop {
            self.advance(self.now);
            let leader = self
                .meta
                .as_ref()
                .and_then(|m| m.partitions.get(&p))
                .and_then(|x| x.leader)
                .and_then(|l| {
                    self.meta
                        .as_ref()
                        .and_then(|m| m.brokers.get(&l))
                        .map(|hp| (l, hp.clone()))
                });
            match leader {
                None => {
                    last_error = format!("{} has no leader", self.pname(p));
                    self.refresh_metadata(None);
                }
                Some((l, hp)) => {
                    let conn = match self.node_conn.get(&l).copied().filter(|&c| self.open(c)) {
                        Some(c) => Some(c),
                        None => {
                            let c = self.connect(Some(l), &hp);
                            if let Some(c) = c {
                                self.node_conn.insert(l, c);
                            }
                            c
                        }
                    };
                    match conn {
                        None => {
                            last_error = format!("cannot connect to node {l} at {hp}");
                            self.refresh_metadata(None);
                        }
                        Some(c) => {
                            result.attempts += 1;
                            match self.produce(c, record, p, key) {
                                Ok(off) => {
                                    self.summary.delivered += 1;
                                    result.outcome = Outcome::Ok;
                                    result.delivered_to = Some(self.conns[c].landed);
                                    result.offset = Some(off);
                                    result.finished_ms = self.now;
                                    self.finish_record(result);
                                    return;
                                }
                                Err(e) => {
                                    self.summary.wasted_round_trips += 1;
                                    if e == KafkaError::NotLeaderOrFollower {
                                        self.summary.not_leader_errors += 1;
                                    }
                                    last_error = e.to_string();
                                    self.refresh_metadata(Some(c));
                                }
                            }
                        }
                    }
                }
            }
            let ms = backoff_ms(backoffs);
            backoffs += 1;
            if self.now.saturating_add(ms) >= deadline {
                let reason = format!("TimeoutException: {DELIVERY_TIMEOUT_MS} ms passed since the record was created (last error: {last_error})");
                self.fail(&mut result, deadline, Some(p), reason);
                self.finish_record(result);
                return;
            }
            self.backoff(record, ms, &last_error);
        }
    }

    fn finish_record(&mut self, r: RecordResult) {
        if r.outcome == Outcome::Error {
            self.summary.failed += 1;
        }
        self.records.push(r);
    }

    fn finish(mut self) -> RoutingPlan {
        // Changes are applied at their own times, which can precede steps already written down.
        crate::sort::by_key(&mut self.events, |e| e.at_ms);
        self.summary.records = self.records.len();
        self.summary.finished_ms = self.events.last().map_or(0, |e| e.at_ms);
        RoutingPlan {
            topic: self.spec.topic.clone(),
            bootstrap: self.kc.bootstrap_address(),
            client_namespace: self.spec.client_namespace.clone(),
            events: self.events,
            records: self.records,
            summary: self.summary,
            final_partitions: self
                .kc
                .topic(&self.spec.topic)
                .map(|t| t.partitions.clone())
                .unwrap_or_default(),
            notes: self.notes,
        }
    }
}
