//! A consumer's journey for one partition: bootstrap, metadata, the partition leader's advertised
//! name, and Fetch from offset 0, over the same cluster, resolver and kube-proxy as the producer of
//! [`super::plan`] (it walks the same [`Sim`], as [`Actor::Consumer`]).
//!
//! The client follows the Java consumer:
//! * `clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractFetch.java`
//!   (`prepareFetchRequests`, `selectReadReplica`: a fetch goes to the partition's current leader
//!   from metadata, or to a preferred read replica only when a leader has named one) and
//!   `Fetcher.java` (sends them over the `ConsumerNetworkClient`);
//! * `clients/src/main/java/org/apache/kafka/clients/consumer/internals/FetchCollector.java`
//!   (`handleInitializeErrors`: `NOT_LEADER_OR_FOLLOWER`, `FENCED_LEADER_EPOCH` and the other
//!   retriable errors request a metadata update and the partition is fetched again; nothing closes
//!   the connection, so with the ClusterIP pattern the retry rides the same kube-proxy-pinned socket);
//! * defaults from `clients/src/main/java/org/apache/kafka/clients/consumer/ConsumerConfig.java`:
//!   `fetch.max.wait.ms` 500, `fetch.min.bytes` 1, `retry.backoff.ms` 100, `retry.backoff.max.ms`
//!   1000, `request.timeout.ms` 30000, `default.api.timeout.ms` 60000.
//!
//! The broker side follows `core/src/main/scala/kafka/server/KafkaApis.scala` (`handleFetchRequest`),
//! `ReplicaManager.scala` (`readFromLog`, `getPartitionOrError`) and
//! `core/src/main/scala/kafka/cluster/Partition.scala` (`fetchRecords`, `getLocalLog`):
//! * a broker that holds no replica of the partition answers `NOT_LEADER_OR_FOLLOWER` (error 6);
//! * a request whose leader epoch is older than the broker's answers `FENCED_LEADER_EPOCH` (74);
//! * **a follower serves a consumer's fetch from its own copy.** `FetchParams.fetchOnlyLeader` is
//!   `isFromFollower || (isFromConsumer && clientMetadata.isEmpty)`, and `KafkaApis` attaches client
//!   metadata to every Fetch of version 11 or later (Kafka 2.4, KIP-392), which every current client
//!   sends. KIP-392's other half, the leader *redirecting* a consumer to a nearby follower, needs
//!   `client.rack` on the consumer and `replica.selector.class` (a rack-aware selector) on the
//!   brokers, which the default configuration does not set; so a consumer of the default config
//!   only reaches a follower by accident, as through a ClusterIP Service, and then it is served.
//!   With the ClusterIP pattern the consumer therefore reads from a follower whenever the broker
//!   kube-proxy picked holds a replica, and meets error 6 only on a broker outside the replica set
//!   (more brokers than the replication factor).
//!
//! Simplifications, each on purpose:
//! * the consumer is assigned the one partition and seeks to offset 0 (`assign` + `seek`): no group
//!   coordinator, no JoinGroup, no committed offsets and no ListOffsets request (with
//!   `auto.offset.reset` at its default `latest`, a group member without a committed offset would
//!   start at the end and see nothing already written);
//! * every replica in the ISR holds every acknowledged record (`acks=all`), and a follower's high
//!   watermark has caught up with the leader's: the consumer starts a second after the producer
//!   has finished, longer than a follower's `replica.fetch.wait.max.ms` (500 ms);
//! * the story ends when the consumer has read up to the high watermark (or found the partition
//!   empty after one long poll of `fetch.max.wait.ms`), or after `default.api.timeout.ms` (60 s) of
//!   retrying: a real `poll()` loop never gives up on a retriable error, so the story stops there;
//! * the retry backoff doubles from 100 ms to 1 s without jitter, as in [`super::plan`];
//! * a Fetch round trip with data takes 2 ms; an empty one is held by the broker for
//!   `fetch.max.wait.ms`; a broker that stops closes the connection and fails the fetch in flight.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cluster::{HostPort, KafkaCluster, PartitionState};
use super::errors::KafkaError;
use super::plan::{
    backoff_ms, Actor, BrokerFailure, Event, EventKind, Outcome, ProduceSpec, RoutingPlan, Sim,
};
use crate::cluster::Cluster;

/// `fetch.max.wait.ms`: how long a broker holds a Fetch that finds no data.
pub const FETCH_MAX_WAIT_MS: u64 = 500;
/// `fetch.min.bytes`: a single byte of data answers a Fetch at once.
pub const FETCH_MIN_BYTES: u32 = 1;
/// `request.timeout.ms` of the consumer.
pub const REQUEST_TIMEOUT_MS: u64 = 30_000;
/// `default.api.timeout.ms`: here, how long the story lets the consumer retry.
pub const DEFAULT_API_TIMEOUT_MS: u64 = 60_000;
/// A Fetch round trip that returns data.
pub const FETCH_RTT_MS: u64 = 2;
/// How long after the producer's last event the consumer starts (see the module notes).
pub const CONSUME_GAP_MS: u64 = 1_000;

/// One record of a partition's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogRecord {
    pub offset: i64,
    pub key: Option<String>,
    /// The producer's record number.
    pub record: usize,
}

/// What happens in one step of the consumer's journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ConsumeKind {
    /// A step the producer has too: DNS, TCP, Metadata, a broker stopping, an election.
    Net(EventKind),
    FetchRequest {
        conn: u32,
        partition: i32,
        offset: i64,
        /// The leader epoch the consumer's metadata gives (KIP-320).
        leader_epoch: i32,
        max_wait_ms: u64,
    },
    FetchResponse {
        conn: u32,
        partition: i32,
        error: Option<KafkaError>,
        records: Vec<LogRecord>,
        high_watermark: Option<i64>,
        /// The broker that answered is a follower serving from its own copy.
        from_follower: bool,
    },
    /// The connection closed with a fetch in flight.
    FetchInterrupted {
        conn: u32,
    },
    Backoff {
        ms: u64,
    },
    /// The story stops (the consumer would go on polling).
    Stopped {
        reason: String,
    },
}

impl ConsumeKind {
    /// A short name of the kind, for golden sequences and text output.
    pub fn name(&self) -> &'static str {
        match self {
            ConsumeKind::Net(k) => k.name(),
            ConsumeKind::FetchRequest { .. } => "FetchRequest",
            ConsumeKind::FetchResponse { .. } => "FetchResponse",
            ConsumeKind::FetchInterrupted { .. } => "FetchInterrupted",
            ConsumeKind::Backoff { .. } => "FetchBackoff",
            ConsumeKind::Stopped { .. } => "Stopped",
        }
    }
}

/// One step of the consumer's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumeEvent {
    pub at_ms: u64,
    pub from: Actor,
    pub to: Actor,
    pub kind: ConsumeKind,
    pub caption: String,
    pub outcome: Outcome,
}

/// What the consumer does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumeSpec {
    pub topic: String,
    /// The partition it is assigned (the key's partition in the view).
    pub partition: i32,
    pub client_namespace: String,
    pub start_ms: u64,
    /// A broker that stops during the read (already applied when the consumer follows a producer).
    pub failure: Option<BrokerFailure>,
    pub seed: u64,
}

impl ConsumeSpec {
    pub fn new(topic: &str, partition: i32) -> Self {
        ConsumeSpec {
            topic: topic.to_string(),
            partition,
            client_namespace: "default".into(),
            start_ms: 0,
            failure: None,
            seed: 0,
        }
    }
}

/// Totals of the read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ConsumeSummary {
    pub fetches: usize,
    pub records_read: usize,
    /// The broker whose answer ended the read (data or an empty partition).
    pub read_from: Option<i32>,
    pub read_from_follower: bool,
    /// Fetches answered with an error or cut off by a closed connection.
    pub wasted_fetches: usize,
    pub not_leader_errors: usize,
    pub fenced_epoch_errors: usize,
    pub metadata_requests: usize,
    pub dns_queries: usize,
    pub connections: usize,
    /// The consumer reached the high watermark (possibly of an empty partition).
    pub caught_up: bool,
    pub finished_ms: u64,
}

/// The consumer's whole journey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumePlan {
    pub topic: String,
    pub partition: i32,
    pub bootstrap: HostPort,
    pub client_namespace: String,
    pub events: Vec<ConsumeEvent>,
    /// What the consumer read, in offset order.
    pub records: Vec<LogRecord>,
    pub summary: ConsumeSummary,
    pub final_partitions: Vec<PartitionState>,
    pub notes: Vec<String>,
}

/// The records each partition holds after `plan`: the delivered ones, by offset.
pub fn log_after(plan: &RoutingPlan) -> BTreeMap<i32, Vec<LogRecord>> {
    let mut log: BTreeMap<i32, Vec<LogRecord>> = BTreeMap::new();
    for r in &plan.records {
        if let (Some(p), Some(offset)) = (r.partition, r.offset) {
            log.entry(p).or_default().push(LogRecord {
                offset,
                key: r.key.clone(),
                record: r.record,
            });
        }
    }
    for v in log.values_mut() {
        crate::sort::by_key(v, |r| r.offset);
    }
    log
}

/// The cluster as `plan` leaves it: stopped and fenced brokers, the controller, and the produced
/// topic's leaders and ISR (other topics keep their state; the view has one topic).
pub fn cluster_after(kc: &KafkaCluster, plan: &RoutingPlan) -> KafkaCluster {
    let mut out = kc.clone();
    for e in &plan.events {
        match &e.kind {
            EventKind::BrokerDown { broker } => {
                if let Some(b) = out.broker_mut(*broker) {
                    b.alive = false;
                }
            }
            EventKind::Fenced { broker } => {
                if let Some(b) = out.broker_mut(*broker) {
                    b.fenced = true;
                }
            }
            EventKind::ControllerMoved { controller } => out.controller = *controller,
            _ => {}
        }
    }
    if let Some(t) = out.topics.iter_mut().find(|t| t.spec.name == plan.topic) {
        if t.partitions.len() == plan.final_partitions.len() {
            t.partitions = plan.final_partitions.clone();
        }
    }
    out
}

enum Fetched {
    /// Data, or an empty partition after the long poll: the read is done.
    Done,
    Error(KafkaError),
    Interrupted,
}

struct Reader<'c> {
    sim: Sim<'c>,
    spec: ConsumeSpec,
    log: BTreeMap<i32, Vec<LogRecord>>,
    out: Vec<ConsumeEvent>,
    records: Vec<LogRecord>,
    summary: ConsumeSummary,
}

impl ConsumePlan {
    /// Play the consumer's journey over `kc` (built from `cluster`), with `log` the records each
    /// partition holds (empty: nothing produced).
    pub fn build(
        cluster: &Cluster,
        kc: &KafkaCluster,
        spec: &ConsumeSpec,
        log: &BTreeMap<i32, Vec<LogRecord>>,
    ) -> ConsumePlan {
        let mut ps = ProduceSpec::new(&spec.topic, Vec::new());
        ps.client_namespace = spec.client_namespace.clone();
        ps.failure = spec.failure;
        ps.seed = spec.seed;
        let mut sim = Sim::new(cluster, kc, &ps);
        sim.client = Actor::Consumer;
        sim.now = spec.start_ms;
        let mut r = Reader {
            sim,
            spec: spec.clone(),
            log: log.clone(),
            out: Vec::new(),
            records: Vec::new(),
            summary: ConsumeSummary::default(),
        };
        r.run();
        r.finish()
    }

    /// The consumer after `plan`'s producer: the cluster as the producer left it, its records in
    /// the log, starting [`CONSUME_GAP_MS`] after the producer's last event.
    pub fn after(
        cluster: &Cluster,
        kc: &KafkaCluster,
        plan: &RoutingPlan,
        spec: &ConsumeSpec,
    ) -> ConsumePlan {
        let kc = cluster_after(kc, plan);
        let mut spec = spec.clone();
        spec.start_ms = spec
            .start_ms
            .max(plan.summary.finished_ms.saturating_add(CONSUME_GAP_MS));
        spec.failure = None;
        ConsumePlan::build(cluster, &kc, &spec, &log_after(plan))
    }

    /// The kinds of the events, in order (for golden comparisons).
    pub fn kinds(&self) -> Vec<&'static str> {
        self.events.iter().map(|e| e.kind.name()).collect()
    }
}

impl Reader<'_> {
    /// Move the shared machinery's events (DNS, TCP, Metadata, cluster changes) into the plan.
    fn sync(&mut self) {
        for e in self.sim.events.drain(..) {
            let Event {
                at_ms,
                from,
                to,
                kind,
                caption,
                outcome,
            } = e;
            self.out.push(ConsumeEvent {
                at_ms,
                from,
                to,
                kind: ConsumeKind::Net(kind),
                caption,
                outcome,
            });
        }
    }

    fn emit(
        &mut self,
        at_ms: u64,
        to: Actor,
        kind: ConsumeKind,
        caption: String,
        outcome: Outcome,
    ) {
        self.sync();
        let (from, to) = match kind {
            ConsumeKind::FetchResponse { .. } => (to, Actor::Consumer),
            _ => (Actor::Consumer, to),
        };
        self.out.push(ConsumeEvent {
            at_ms,
            from,
            to,
            kind,
            caption,
            outcome,
        });
    }

    fn pname(&self) -> String {
        self.sim.pname(self.spec.partition)
    }

    fn run(&mut self) {
        let p = self.spec.partition;
        let deadline = self.spec.start_ms.saturating_add(DEFAULT_API_TIMEOUT_MS);
        let mut backoffs = 0u32;
        loop {
            let now = self.sim.now;
            self.sim.advance(now);
            let last_error: String;
            if self.sim.topic_known().is_none() {
                self.sim.refresh_metadata(None);
                self.sync();
            }
            let meta = self.sim.meta.as_ref();
            let known = self.sim.topic_known().is_some();
            let part = meta.and_then(|m| m.partitions.get(&p)).cloned();
            let leader = part.as_ref().and_then(|x| x.leader).and_then(|l| {
                meta.and_then(|m| m.brokers.get(&l))
                    .map(|hp| (l, hp.clone()))
            });
            match (known, part, leader) {
                (false, _, _) => {
                    last_error = format!("topic {} is not in the metadata", self.spec.topic);
                }
                (true, None, _) => {
                    last_error = format!("the metadata has no {}", self.pname());
                    self.sim.refresh_metadata(None);
                }
                (true, Some(_), None) => {
                    last_error = format!("{} has no leader", self.pname());
                    self.sim.refresh_metadata(None);
                }
                (true, Some(pm), Some((l, hp))) => {
                    let open = self
                        .sim
                        .node_conn
                        .get(&l)
                        .copied()
                        .filter(|&c| self.sim.open(c));
                    let conn = match open {
                        Some(c) => Some(c),
                        None => {
                            let c = self.sim.connect(Some(l), &hp);
                            if let Some(c) = c {
                                self.sim.node_conn.insert(l, c);
                            }
                            c
                        }
                    };
                    match conn {
                        None => {
                            last_error = format!("cannot connect to node {l} at {hp}");
                            self.sim.refresh_metadata(None);
                        }
                        Some(c) => match self.fetch(c, l, pm.leader_epoch) {
                            Fetched::Done => return,
                            Fetched::Error(e) => {
                                last_error = e.to_string();
                                self.sim.refresh_metadata(Some(c));
                            }
                            Fetched::Interrupted => {
                                last_error = "the connection closed during the fetch".into();
                                self.sim.refresh_metadata(None);
                            }
                        },
                    }
                }
            }
            self.sync();
            let ms = backoff_ms(backoffs);
            backoffs += 1;
            if self.sim.now.saturating_add(ms) >= deadline {
                let at = deadline.max(self.sim.now);
                self.emit(
                    at,
                    Actor::Consumer,
                    ConsumeKind::Stopped { reason: last_error.clone() },
                    format!("The story stops after default.api.timeout.ms ({} s) of retrying (last error: {last_error}); a real poll() loop would go on, since the error is retriable.", DEFAULT_API_TIMEOUT_MS / 1000),
                    Outcome::Error,
                );
                self.sim.now = at;
                return;
            }
            let now = self.sim.now;
            self.emit(
                now,
                Actor::Consumer,
                ConsumeKind::Backoff { ms },
                format!(
                    "The consumer waits {ms} ms before fetching {} again ({last_error}).",
                    self.pname()
                ),
                Outcome::Ok,
            );
            self.sim.now = now.saturating_add(ms);
        }
    }

    /// One Fetch on connection `c` (meant for node `node`), and the broker's answer.
    fn fetch(&mut self, c: usize, node: i32, epoch: i32) -> Fetched {
        let p = self.spec.partition;
        let offset = self.records.last().map_or(0, |r| r.offset + 1);
        let Some(conn) = self.sim.conns.get(c).cloned() else {
            return Fetched::Interrupted;
        };
        let (id, b) = (conn.id, conn.landed);
        let pod = self.sim.pod(b);
        let pname = self.pname();
        self.summary.fetches += 1;
        let now = self.sim.now;
        self.emit(
            now,
            Actor::Broker(b),
            ConsumeKind::FetchRequest { conn: id, partition: p, offset, leader_epoch: epoch, max_wait_ms: FETCH_MAX_WAIT_MS },
            format!("Fetch {pname} from offset {offset} → {pod}: the consumer sends it for node {node} on connection {id} with leader epoch {epoch}, and the broker may hold it up to fetch.max.wait.ms ({FETCH_MAX_WAIT_MS} ms) while there is no data."),
            Outcome::Ok,
        );
        let state = self
            .sim
            .kc
            .topic(&self.spec.topic)
            .and_then(|t| t.partitions.iter().find(|x| x.id == p).cloned());
        let result = match state {
            None => Err(KafkaError::UnknownTopicOrPartition),
            Some(ps) if !ps.replicas.contains(&b) => Err(KafkaError::NotLeaderOrFollower),
            Some(ps) if epoch < ps.leader_epoch => Err(KafkaError::FencedLeaderEpoch),
            Some(ps) => Ok(ps),
        };
        let ps = match result {
            Err(e) => {
                self.sim.now = now.saturating_add(FETCH_RTT_MS);
                self.summary.wasted_fetches += 1;
                match e {
                    KafkaError::NotLeaderOrFollower => self.summary.not_leader_errors += 1,
                    KafkaError::FencedLeaderEpoch => self.summary.fenced_epoch_errors += 1,
                    _ => {}
                }
                let caption = match e {
                    KafkaError::NotLeaderOrFollower => format!("{e}: {pod} does not lead {pname} and holds no replica of it, so it cannot serve the fetch."),
                    KafkaError::FencedLeaderEpoch => format!("{e}: {pod} knows a newer leader epoch of {pname} than the {epoch} the consumer sent, so its metadata is stale."),
                    _ => format!("{e}: {pod} does not know {pname}."),
                };
                let at = self.sim.now;
                self.emit(
                    at,
                    Actor::Broker(b),
                    ConsumeKind::FetchResponse {
                        conn: id,
                        partition: p,
                        error: Some(e),
                        records: vec![],
                        high_watermark: None,
                        from_follower: false,
                    },
                    caption,
                    Outcome::Error,
                );
                return Fetched::Error(e);
            }
            Ok(ps) => ps,
        };
        let log: Vec<LogRecord> = self
            .log
            .get(&p)
            .map(|v| v.iter().filter(|r| r.offset >= offset).cloned().collect())
            .unwrap_or_default();
        let hw = self
            .log
            .get(&p)
            .and_then(|v| v.last())
            .map_or(0, |r| r.offset + 1);
        let wait = if log.is_empty() {
            FETCH_MAX_WAIT_MS
        } else {
            FETCH_RTT_MS
        };
        let answer_at = now.saturating_add(wait);
        self.sim.advance(answer_at);
        if !self.sim.open(c) {
            // The broker stopped with the fetch in flight.
            self.sync();
            let closed = self
                .out
                .iter()
                .rev()
                .find_map(|e| match e.kind {
                    ConsumeKind::Net(EventKind::ConnectionClosed { conn, .. }) if conn == id => {
                        Some(e.at_ms)
                    }
                    _ => None,
                })
                .unwrap_or(answer_at);
            self.sim.now = closed.max(now);
            self.summary.wasted_fetches += 1;
            let at = self.sim.now;
            self.emit(
                at,
                Actor::Consumer,
                ConsumeKind::FetchInterrupted { conn: id },
                format!("The fetch on connection {id} fails: {pod} went away before answering, so the consumer asks for fresh metadata."),
                Outcome::Error,
            );
            return Fetched::Interrupted;
        }
        self.sim.now = answer_at;
        let follower = ps.leader != Some(b);
        let caption = match (log.len(), follower) {
            (0, false) => format!("{pod} leads {pname}, which holds no record yet: after {FETCH_MAX_WAIT_MS} ms it answers with an empty fetch (high watermark {hw})."),
            (0, true) => format!("{pod} does not lead {pname}, but it holds a replica and a Fetch of version 11 or later may be read from a follower: after {FETCH_MAX_WAIT_MS} ms it answers with an empty fetch (high watermark {hw})."),
            (n, false) => format!("{pod} leads {pname}: it returns {} from offset {offset} up to the high watermark {hw}.", count_records(n)),
            (n, true) => format!("{pod} does not lead {pname}, but it holds an in-sync replica and a Fetch of version 11 or later may be read from a follower: it returns {} from offset {offset} up to the high watermark {hw}.", count_records(n)),
        };
        self.summary.read_from = Some(b);
        self.summary.read_from_follower = follower;
        self.summary.records_read += log.len();
        self.summary.caught_up = true;
        self.records.extend(log.iter().cloned());
        let at = self.sim.now;
        self.emit(
            at,
            Actor::Broker(b),
            ConsumeKind::FetchResponse {
                conn: id,
                partition: p,
                error: None,
                records: log,
                high_watermark: Some(hw),
                from_follower: follower,
            },
            caption,
            Outcome::Ok,
        );
        Fetched::Done
    }

    fn finish(mut self) -> ConsumePlan {
        self.sim.advance(u64::MAX);
        self.sync();
        // Changes are applied at their own times, which can precede steps already written down.
        crate::sort::by_key(&mut self.out, |e| e.at_ms);
        let s = &self.sim.summary;
        self.summary.metadata_requests = s.metadata_requests;
        self.summary.dns_queries = s.dns_queries;
        self.summary.connections = s.connections;
        self.summary.finished_ms = self.out.last().map_or(0, |e| e.at_ms);
        ConsumePlan {
            topic: self.spec.topic.clone(),
            partition: self.spec.partition,
            bootstrap: self.sim.kc.bootstrap_address(),
            client_namespace: self.spec.client_namespace.clone(),
            events: self.out,
            records: self.records,
            summary: self.summary,
            final_partitions: self
                .sim
                .kc
                .topic(&self.spec.topic)
                .map(|t| t.partitions.clone())
                .unwrap_or_default(),
            notes: self.sim.notes,
        }
    }
}

fn count_records(n: usize) -> String {
    if n == 1 {
        "1 record".into()
    } else {
        format!("{n} records")
    }
}
