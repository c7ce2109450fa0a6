//! The Kafka timeline: a producer's routing plan ([`crate::kafka::RoutingPlan`]) as steps to play,
//! the cluster's state after each step (leaders, ISR, fenced brokers), and a layout with the brokers
//! as columns of partition chips.
//!
//! The steps follow the plan's events one for one, with three changes for the picture:
//! * a connection through a Service's virtual IP is two hops, producer → VIP and kube-proxy's
//!   rewrite VIP → broker, so the learner sees where the connection really lands;
//! * long retry loops are condensed: a record's first [`KEEP_RETRIES`] retries are shown in full,
//!   then one step sums up the ones that repeat them (the ClusterIP mistake retries for the whole
//!   `delivery.timeout.ms`, 120 s), then the last retry before the outcome; a retry that contains a
//!   change in the cluster (a broker stopping, a fence, an election) is never condensed;
//! * a last step sums the run up (records delivered and failed, wasted round trips).
//!
//! Virtual time is animation time: a hop lasts [`HOP_MS`] at 1× whatever the plan's milliseconds
//! are; each caption starts with the plan's own time (`t+120 s`). Playback pauses at the first
//! `NOT_LEADER_OR_FOLLOWER` and at the first leader election. Nothing here is random: the plan
//! already made every seeded pick.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::layout::{Lane, Rect};
use super::timeline::{
    Actor, ActorId, ActorKind, Builder, HopKind, Outcome, TStep, Timeline, What,
};
use crate::cluster::Owner;
use crate::cluster::{count, Cluster};
use crate::kafka::plan::Actor as PlanActor;
use crate::kafka::plan::Outcome as PlanOutcome;
use crate::kafka::{
    derive_seed, partition_for_key, BrokerFailure, BuildError, ConsumeEvent, ConsumeKind,
    ConsumePlan, ConsumeSpec, Event, EventKind, KafkaCluster, KafkaError, Listeners,
    PartitionState, ProduceSpec, RoutingPlan, TopicSpec,
};
use crate::model::Pos;

/// A request or reply travelling, at 1×.
pub const HOP_MS: u32 = 400;
/// A search-list candidate that only finds NXDOMAIN (shown, but quicker).
pub const QUICK_MS: u32 = 260;
/// Something happening in place (a backoff, a broker stopping).
pub const MARK_MS: u32 = 600;
/// A step to read twice: an error, an election, the summary.
pub const STRESS_MS: u32 = 900;
/// Retries of one record shown in full before the repeats are summed up in one step.
pub const KEEP_RETRIES: usize = 3;
/// The most steps a timeline gets; past it the rest of the plan is one step.
pub const MAX_STEPS: usize = 150;
/// Partition chips drawn per broker; past it one chip says "+N more" (the table lists them all).
pub const MAX_CHIPS: usize = 6;
/// Brokers per row in the wide layout.
pub const MAX_COLS: usize = 6;

/// A broker as one step leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerScene {
    pub id: i32,
    pub pod: String,
    pub alive: bool,
    pub fenced: bool,
}

/// The Kafka cluster as one step leaves it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scene {
    pub brokers: Vec<BrokerScene>,
    /// The produced topic's partitions, by id.
    pub partitions: Vec<PartitionState>,
    pub controller: Option<i32>,
}

/// How a broker holds a partition, drawn by shape as well as colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replica {
    /// The current leader: a filled chip with "L".
    Leader,
    /// An in-sync follower: an outlined chip.
    Follower,
    /// A replica out of the ISR: a dashed chip with "✗".
    OutOfSync,
}

impl Scene {
    pub fn broker(&self, id: i32) -> Option<&BrokerScene> {
        self.brokers.iter().find(|b| b.id == id)
    }

    pub fn partition(&self, p: i32) -> Option<&PartitionState> {
        self.partitions.iter().find(|x| x.id == p)
    }

    /// How `broker` holds partition `p` (`None`: it holds no replica), and whether it is the
    /// preferred leader (the first replica in assignment order).
    pub fn replica(&self, broker: i32, p: i32) -> Option<(Replica, bool)> {
        let ps = self.partition(p)?;
        if !ps.replicas.contains(&broker) {
            return None;
        }
        let role = if ps.leader == Some(broker) {
            Replica::Leader
        } else if ps.isr.contains(&broker) {
            Replica::Follower
        } else {
            Replica::OutOfSync
        };
        Some((role, ps.preferred_leader() == Some(broker)))
    }

    /// The pod name of a broker id (`broker 7` when unknown).
    pub fn pod(&self, id: i32) -> String {
        self.broker(id)
            .map_or_else(|| format!("broker {id}"), |b| b.pod.clone())
    }

    fn apply(&mut self, kind: &EventKind) {
        match kind {
            EventKind::BrokerDown { broker } => {
                if let Some(b) = self.brokers.iter_mut().find(|b| b.id == *broker) {
                    b.alive = false;
                }
            }
            EventKind::Fenced { broker } => {
                if let Some(b) = self.brokers.iter_mut().find(|b| b.id == *broker) {
                    b.fenced = true;
                }
            }
            EventKind::ControllerMoved { controller } => self.controller = *controller,
            EventKind::LeaderElected {
                partition,
                new_leader,
                epoch,
                isr,
            } => {
                if let Some(p) = self.partitions.iter_mut().find(|p| p.id == *partition) {
                    p.leader = *new_leader;
                    p.leader_epoch = *epoch;
                    p.isr = isr.clone();
                }
            }
            EventKind::IsrShrunk { partition, isr } => {
                if let Some(p) = self.partitions.iter_mut().find(|p| p.id == *partition) {
                    p.isr = isr.clone();
                }
            }
            _ => {}
        }
    }
}

/// A Kafka timeline with what the diagram needs beside the steps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KafkaAnim {
    pub timeline: Timeline,
    /// The cluster before the first step.
    pub initial: Scene,
    /// The cluster as each step leaves it (one per step).
    pub scenes: Vec<Scene>,
    pub topic: String,
    pub producer: ActorId,
    pub coredns: ActorId,
    pub vip: Option<ActorId>,
    /// An address that is no broker (a custom listener pointing elsewhere).
    pub elsewhere: Option<ActorId>,
    /// Broker id → actor, by id.
    pub brokers: Vec<(i32, ActorId)>,
    /// The consumer, drawn beside the producer when the story reads.
    pub consumer: Option<ActorId>,
    /// The first step of the consumer's part (`None`: no consumer, or it has no steps).
    pub consumer_start: Option<usize>,
}

impl KafkaAnim {
    /// The cluster as step `step` leaves it (`None`: before the first step).
    pub fn scene_at(&self, step: Option<usize>) -> &Scene {
        step.and_then(|i| self.scenes.get(i))
            .unwrap_or(&self.initial)
    }

    pub fn broker_actor(&self, id: i32) -> Option<ActorId> {
        self.brokers.iter().find(|(b, _)| *b == id).map(|x| x.1)
    }
}

/// "t+7 ms", "t+2.5 s", "t+120 s": a plan time for captions.
pub fn plan_time(ms: u64) -> String {
    if ms < 1_000 {
        return format!("t+{ms} ms");
    }
    let tenths = ms / 100;
    if tenths % 10 == 0 {
        format!("t+{} s", tenths / 10)
    } else {
        format!("t+{}.{} s", tenths / 10, tenths % 10)
    }
}

/// The actors and the cluster of a Kafka picture, with no steps yet.
pub fn kafka_cast(cluster: &Cluster, kc: &KafkaCluster, topic: &str) -> (Builder, KafkaAnim) {
    let mut b = Builder::default();
    let pod_pos = |name: &str| -> Option<Pos> {
        cluster
            .pod(&kc.namespace, name)
            .and_then(|p| p.source.pos())
    };
    let producer = b.actor(Actor {
        kind: ActorKind::Client,
        name: "producer".into(),
        address: String::new(),
        ready: true,
        node: String::new(),
        order: 0,
        pos: None,
    });
    let coredns = b.actor(Actor {
        kind: ActorKind::CoreDns,
        name: "CoreDNS".into(),
        address: cluster.dns_service_ip().to_string(),
        ready: true,
        node: String::new(),
        order: 0,
        pos: None,
    });
    let vip = kc.bootstrap_vip.map(|ip| {
        let name = kc.bootstrap_service.clone().unwrap_or_default();
        b.actor(Actor {
            kind: ActorKind::ServiceVip,
            pos: cluster
                .service(&kc.namespace, &name)
                .and_then(|s| s.source.pos()),
            name,
            address: ip.to_string(),
            ready: true,
            node: String::new(),
            order: 0,
        })
    });
    let brokers = kc
        .brokers
        .iter()
        .map(|br| {
            let id = b.actor(Actor {
                kind: ActorKind::Pod,
                name: br.pod.clone(),
                address: br
                    .ip
                    .map_or_else(|| "no IP".to_string(), |ip| ip.to_string()),
                ready: br.alive,
                node: String::new(),
                order: u64::try_from(br.id).unwrap_or(0),
                pos: pod_pos(&br.pod),
            });
            (br.id, id)
        })
        .collect();
    let initial = Scene {
        brokers: kc
            .brokers
            .iter()
            .map(|br| BrokerScene {
                id: br.id,
                pod: br.pod.clone(),
                alive: br.alive,
                fenced: br.fenced,
            })
            .collect(),
        partitions: kc
            .topic(topic)
            .map(|t| t.partitions.clone())
            .unwrap_or_default(),
        controller: kc.controller,
    };
    let anim = KafkaAnim {
        timeline: Timeline::default(),
        initial,
        scenes: Vec::new(),
        topic: topic.to_string(),
        producer,
        coredns,
        vip,
        elsewhere: None,
        brokers,
        consumer: None,
        consumer_start: None,
    };
    (b, anim)
}

/// [`kafka_cast`] with a consumer beside the producer.
pub fn kafka_cast_consumer(
    cluster: &Cluster,
    kc: &KafkaCluster,
    topic: &str,
) -> (Builder, KafkaAnim) {
    let (mut b, mut anim) = kafka_cast(cluster, kc, topic);
    anim.consumer = Some(b.actor(Actor {
        kind: ActorKind::Client,
        name: "consumer".into(),
        address: String::new(),
        ready: true,
        node: String::new(),
        order: 0,
        pos: None,
    }));
    (b, anim)
}

/// The picture of the cluster alone, before anything is produced.
pub fn kafka_still(cluster: &Cluster, kc: &KafkaCluster, topic: &str) -> KafkaAnim {
    let (b, mut anim) = kafka_cast(cluster, kc, topic);
    anim.timeline = b.finish();
    anim.timeline.summary = format!(
        "Kafka cluster {}/{}: {} and topic {topic}, nothing produced yet.",
        kc.namespace,
        kc.statefulset,
        count(kc.brokers.len(), "broker")
    );
    anim
}

/// The timeline of `plan` (built over `kc` on `cluster`), steps only.
pub fn kafka_timeline(plan: &RoutingPlan, kc: &KafkaCluster, cluster: &Cluster) -> Timeline {
    kafka_anim(plan, kc, cluster).timeline
}

/// Is this event part of an ordinary retry (nothing changes in the cluster)?
fn routine(e: &Event) -> bool {
    match &e.kind {
        EventKind::DnsQuery { .. }
        | EventKind::DnsAnswer { .. }
        | EventKind::ResolveFailed { .. }
        | EventKind::TcpConnect { .. }
        | EventKind::MetadataRequest { .. }
        | EventKind::MetadataResponse { .. }
        | EventKind::ProduceRequest { .. }
        | EventKind::Backoff { .. } => true,
        EventKind::ProduceResponse { error, .. } => error.is_some(),
        _ => false,
    }
}

/// The record an event is about: its own, else the next one that names a record.
fn records_of(events: &[Event]) -> Vec<Option<usize>> {
    let mut out = vec![None; events.len()];
    let mut next = None;
    for (i, e) in events.iter().enumerate().rev() {
        let own = match &e.kind {
            EventKind::ProduceRequest { record, .. }
            | EventKind::ProduceResponse { record, .. }
            | EventKind::Backoff { record, .. }
            | EventKind::RecordFailed { record, .. } => Some(*record),
            _ => None,
        };
        if own.is_some() {
            next = own;
        }
        out[i] = own.or(next);
    }
    out
}

/// The plan's events cut after each backoff: one retry each (the last one runs to the end).
fn cycles(events: &[Event]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, e) in events.iter().enumerate() {
        if matches!(e.kind, EventKind::Backoff { .. }) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < events.len() {
        out.push(start..events.len());
    }
    out
}

/// What the timeline shows of each cycle: in full, or summed up with others in one step.
enum Piece {
    Full(std::ops::Range<usize>),
    Condensed(std::ops::Range<usize>),
}

fn pieces(events: &[Event]) -> Vec<Piece> {
    let cyc = cycles(events);
    let recs = records_of(events);
    // A cycle can be condensed when it is an ordinary retry ending in a backoff.
    let plain: Vec<Option<usize>> = cyc
        .iter()
        .map(|r| {
            let ends_in_backoff = matches!(events[r.end - 1].kind, EventKind::Backoff { .. });
            (ends_in_backoff && events[r.clone()].iter().all(routine))
                .then(|| recs[r.end - 1])
                .flatten()
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cyc.len() {
        let Some(rec) = plain[i] else {
            out.push(Piece::Full(cyc[i].clone()));
            i += 1;
            continue;
        };
        let mut j = i;
        while j < cyc.len() && plain[j] == Some(rec) {
            j += 1;
        }
        let run = j - i;
        if run > KEEP_RETRIES + 2 {
            for c in &cyc[i..i + KEEP_RETRIES] {
                out.push(Piece::Full(c.clone()));
            }
            out.push(Piece::Condensed(
                cyc[i + KEEP_RETRIES].start..cyc[j - 2].end,
            ));
            out.push(Piece::Full(cyc[j - 1].clone()));
        } else {
            for c in &cyc[i..j] {
                out.push(Piece::Full(c.clone()));
            }
        }
        i = j;
    }
    out
}

/// The chapter each event opens or continues: bootstrap, a record's attempt, a cluster change.
fn chapter_titles(events: &[Event], plan: &RoutingPlan, kc: &KafkaCluster) -> Vec<String> {
    let recs = records_of(events);
    let first_meta = events.iter().position(|e| {
        matches!(
            &e.kind,
            EventKind::MetadataResponse {
                topic_error: None,
                ..
            }
        )
    });
    let mut attempts: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let title = match &e.kind {
            EventKind::BrokerDown { broker } => format!(
                "{} stops",
                kc.broker(*broker)
                    .map_or_else(|| format!("broker {broker}"), |b| b.pod.clone())
            ),
            EventKind::ConnectionClosed { .. }
                if i > 0
                    && matches!(
                        events[i - 1].kind,
                        EventKind::BrokerDown { .. } | EventKind::ConnectionClosed { .. }
                    ) =>
            {
                out.last().cloned().unwrap_or_default()
            }
            EventKind::Fenced { .. }
            | EventKind::ControllerMoved { .. }
            | EventKind::LeaderElected { .. }
            | EventKind::IsrShrunk { .. } => "fencing and election".to_string(),
            _ if first_meta.is_none_or(|m| i <= m) => "bootstrap".to_string(),
            _ => match recs[i] {
                Some(r) => {
                    let k = attempts.get(&r).copied().unwrap_or(0) + 1;
                    let p = plan
                        .records
                        .iter()
                        .find(|x| x.record == r)
                        .and_then(|x| x.partition)
                        .map(|p| format!(" to {}", KafkaCluster::partition_name(&plan.topic, p)))
                        .unwrap_or_default();
                    if k == 1 {
                        format!("record {r}{p}")
                    } else {
                        format!("record {r}{p}, retry {}", k - 1)
                    }
                }
                None => "after the records".to_string(),
            },
        };
        if let EventKind::Backoff { record, .. } = &e.kind {
            *attempts.entry(*record).or_insert(0) += 1;
        }
        out.push(title);
    }
    out
}

fn outcome(o: PlanOutcome) -> Outcome {
    match o {
        PlanOutcome::Ok => Outcome::Ok,
        PlanOutcome::Error => Outcome::Error,
    }
}

struct Ctx<'a> {
    kc: &'a KafkaCluster,
    anim: KafkaAnim,
    b: Builder,
    scene: Scene,
    paused_error6: bool,
    paused_election: bool,
    /// The client whose steps are being drawn (producer or consumer).
    client: ActorId,
    paused_fetch6: bool,
}

impl Ctx<'_> {
    fn actor(&mut self, a: &PlanActor) -> ActorId {
        match a {
            PlanActor::Producer => self.anim.producer,
            PlanActor::Consumer => self.anim.consumer.unwrap_or(self.anim.producer),
            PlanActor::CoreDns => self.anim.coredns,
            PlanActor::BootstrapVip => match self.anim.vip {
                Some(v) => v,
                None => {
                    let v = self.b.actor(Actor {
                        kind: ActorKind::ServiceVip,
                        name: "a Service".into(),
                        address: String::new(),
                        ready: true,
                        node: String::new(),
                        order: 0,
                        pos: None,
                    });
                    self.anim.vip = Some(v);
                    v
                }
            },
            PlanActor::Broker(id) => match self.anim.broker_actor(*id) {
                Some(a) => a,
                None => self.elsewhere(),
            },
            PlanActor::Elsewhere => self.elsewhere(),
        }
    }

    fn elsewhere(&mut self) -> ActorId {
        if let Some(e) = self.anim.elsewhere {
            return e;
        }
        let e = self.b.actor(Actor {
            kind: ActorKind::NoServer,
            name: "not a broker".into(),
            address: String::new(),
            ready: false,
            node: String::new(),
            order: 0,
            pos: None,
        });
        self.anim.elsewhere = Some(e);
        e
    }

    fn push(&mut self, dur: u32, what: What, caption: String, out: Outcome) -> usize {
        let i = self.b.push(dur, what, caption, out);
        self.anim.scenes.push(self.scene.clone());
        i
    }

    fn last(&mut self) -> Option<&mut TStep> {
        self.b.last()
    }

    fn pod(&self, id: i32) -> String {
        self.scene.pod(id)
    }

    fn pos_of(&self, a: ActorId) -> Vec<Pos> {
        self.b
            .tl
            .actors
            .get(a)
            .and_then(|x| x.pos)
            .into_iter()
            .collect()
    }

    /// The manifest lines behind a DNS answer: the pods (or the Service) its addresses belong to.
    fn answer_pos(&self, ips: &[IpAddr]) -> Vec<Pos> {
        let mut v: Vec<Pos> = Vec::new();
        for ip in ips {
            if let Some(b) = self.kc.broker_by_ip(*ip) {
                if let Some(a) = self.anim.broker_actor(b.id) {
                    v.extend(self.pos_of(a));
                }
            } else if self.kc.bootstrap_vip == Some(*ip) {
                if let Some(a) = self.anim.vip {
                    v.extend(self.pos_of(a));
                }
            }
        }
        crate::sort::by_key(&mut v, |p| (p.line, p.col));
        v.dedup();
        v
    }

    fn hop(
        &mut self,
        dur: u32,
        (from, to): (ActorId, ActorId),
        label: String,
        kind: HopKind,
        caption: String,
        out: Outcome,
    ) -> usize {
        self.push(
            dur,
            What::Hop {
                from,
                to,
                label,
                kind,
            },
            caption,
            out,
        )
    }

    fn mark(&mut self, dur: u32, actors: Vec<ActorId>, caption: String, out: Outcome) -> usize {
        self.push(dur, What::Mark { actors }, caption, out)
    }

    /// The steps of one event.
    fn event(&mut self, events: &[Event], i: usize) {
        self.net(
            &events[i],
            events.get(i + 1).map(|x| &x.kind),
            events.get(i + 2).map(|x| &x.kind),
        );
    }

    /// The client's word in captions.
    fn who(&self) -> &'static str {
        if Some(self.client) == self.anim.consumer {
            "consumer"
        } else {
            "producer"
        }
    }

    /// The steps of one event, with the kinds of the next two (for dimming search-list misses).
    fn net(&mut self, e: &Event, next1: Option<&EventKind>, next2: Option<&EventKind>) {
        self.scene.apply(&e.kind);
        let t = plan_time(e.at_ms);
        let cap = |s: &str| format!("{t} · {s}");
        let from = self.actor(&e.from);
        let to = self.actor(&e.to);
        let out = outcome(e.outcome);
        match &e.kind {
            EventKind::DnsQuery { name, qtype } => {
                let dim = matches!(
                    next1,
                    Some(EventKind::DnsAnswer {
                        rcode: Some(crate::dns::ResponseCode::NXDomain),
                        ..
                    })
                ) && matches!(next2, Some(EventKind::DnsQuery { .. }));
                self.hop(
                    if dim { QUICK_MS } else { HOP_MS },
                    (from, to),
                    format!("{qtype}? {}", name.trim_end_matches('.')),
                    HopKind::Query,
                    cap(&e.caption),
                    Outcome::Ok,
                );
                if let Some(s) = self.last() {
                    s.dim = dim;
                }
            }
            EventKind::DnsAnswer { rcode, ips, .. } => {
                let nx = *rcode == Some(crate::dns::ResponseCode::NXDomain);
                let dim = nx && matches!(next1, Some(EventKind::DnsQuery { .. }));
                let (label, o) = match (rcode, ips.first()) {
                    (None, _) => ("no reply".to_string(), Outcome::Timeout),
                    (Some(_), Some(ip)) if ips.len() == 1 => (format!("A {ip}"), Outcome::Ok),
                    (Some(_), Some(_)) => (format!("{} addresses", ips.len()), Outcome::Ok),
                    (Some(r), None) if nx => (r.to_string(), Outcome::NxDomain),
                    (Some(r), None) => (r.to_string(), Outcome::NoData),
                };
                let pos = self.answer_pos(ips);
                self.hop(
                    if dim { QUICK_MS } else { HOP_MS },
                    (from, to),
                    label,
                    HopKind::Reply,
                    cap(&e.caption),
                    o,
                );
                if let Some(s) = self.last() {
                    s.dim = dim;
                    s.pos = pos;
                }
            }
            EventKind::ResolveFailed { .. } => {
                self.mark(MARK_MS, vec![self.client], cap(&e.caption), Outcome::Error);
            }
            EventKind::TcpConnect {
                node,
                to_ip,
                port,
                via_vip,
                landed_on_broker,
                ..
            } => {
                let what = node.map_or_else(|| "bootstrap".to_string(), |n| format!("node {n}"));
                if !*via_vip {
                    self.hop(
                        HOP_MS,
                        (from, to),
                        format!("SYN {to_ip}:{port}"),
                        HopKind::Connect,
                        cap(&e.caption),
                        out,
                    );
                    let pos = self.pos_of(to);
                    if let Some(s) = self.last() {
                        s.pos = pos;
                    }
                    return;
                }
                let svc = if self.kc.bootstrap_vip == Some(*to_ip) {
                    self.kc
                        .bootstrap_service
                        .as_deref()
                        .map_or_else(|| "a Service".to_string(), |s| format!("Service {s}"))
                } else {
                    "a Service".to_string()
                };
                let vip = to;
                self.hop(HOP_MS, (from, vip), format!("SYN {to_ip}:{port}"), HopKind::Connect, cap(&format!("The {} opens its {what} connection to {to_ip}:{port}, the virtual IP of {svc}, which no pod has.", self.who())), Outcome::Ok);
                let pos = self.pos_of(vip);
                if let Some(s) = self.last() {
                    s.pos = pos;
                }
                match landed_on_broker {
                    Some(b) => {
                        let pod = self.pod(*b);
                        let target = self.actor(&PlanActor::Broker(*b));
                        let caption = if out == Outcome::Ok {
                            format!("kube-proxy picks {pod} at random among the Service's ready pods and rewrites the {what} connection to it: every request on this connection will land on {pod}.")
                        } else {
                            format!("kube-proxy sends the {what} connection to {pod}, which is down, so the connection is refused.")
                        };
                        self.hop(
                            HOP_MS,
                            (vip, target),
                            format!("→ {pod}"),
                            HopKind::Rewrite,
                            cap(&caption),
                            out,
                        );
                        let pos = self.pos_of(target);
                        if let Some(s) = self.last() {
                            s.pos = pos;
                        }
                    }
                    None => {
                        self.mark(MARK_MS, vec![vip], cap(&e.caption), Outcome::Error);
                    }
                }
            }
            EventKind::ConnectionClosed { .. } => {
                self.mark(MARK_MS, vec![from, to], cap(&e.caption), Outcome::Error);
            }
            EventKind::MetadataRequest { .. } => {
                self.hop(
                    HOP_MS,
                    (from, to),
                    "Metadata?".into(),
                    HopKind::Query,
                    cap(&e.caption),
                    out,
                );
            }
            EventKind::MetadataResponse {
                brokers,
                partitions,
                topic_error,
                ..
            } => {
                let caption = match (topic_error, brokers.values().next()) {
                    (None, Some(first))
                        if brokers.len() > 1 && brokers.values().all(|h| h == first) =>
                    {
                        let leaders = partitions
                            .iter()
                            .map(|(p, m)| {
                                format!(
                                    "{} is led by {}",
                                    KafkaCluster::partition_name(&self.anim.topic, *p),
                                    m.leader
                                        .map_or_else(|| "nobody".to_string(), |l| self.pod(l))
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        let who = match &e.from {
                            PlanActor::Broker(b) => self.pod(*b),
                            _ => "The broker".to_string(),
                        };
                        format!("{who} answers that all {} brokers advertise the same address, {first}, so every node id leads back to the Service; {leaders}.", brokers.len())
                    }
                    _ => e.caption.clone(),
                };
                let label = if topic_error.is_some() {
                    "Metadata: no topic"
                } else {
                    "Metadata"
                };
                self.hop(
                    HOP_MS,
                    (from, to),
                    label.into(),
                    HopKind::Reply,
                    cap(&caption),
                    out,
                );
            }
            EventKind::ProduceRequest { partition, .. } => {
                let label = format!(
                    "Produce {}",
                    KafkaCluster::partition_name(&self.anim.topic, *partition)
                );
                self.hop(
                    HOP_MS,
                    (from, to),
                    label,
                    HopKind::Query,
                    cap(&e.caption),
                    out,
                );
            }
            EventKind::ProduceResponse { error, offset, .. } => {
                let label = match (error, offset) {
                    (Some(err), _) => format!("error {}", err.code()),
                    (None, Some(o)) => format!("ack, offset {o}"),
                    (None, None) => "ack".to_string(),
                };
                let first6 = *error == Some(KafkaError::NotLeaderOrFollower) && !self.paused_error6;
                self.hop(
                    if error.is_some() { STRESS_MS } else { HOP_MS },
                    (from, to),
                    label,
                    HopKind::Reply,
                    cap(&e.caption),
                    out,
                );
                if first6 {
                    self.paused_error6 = true;
                    if let Some(s) = self.last() {
                        s.pause = true;
                    }
                }
            }
            EventKind::Backoff { .. } => {
                self.mark(
                    MARK_MS,
                    vec![self.anim.producer],
                    cap(&e.caption),
                    Outcome::Ok,
                );
            }
            EventKind::RecordFailed { .. } => {
                self.mark(
                    STRESS_MS,
                    vec![self.anim.producer],
                    cap(&e.caption),
                    Outcome::Error,
                );
            }
            EventKind::BrokerDown { .. } => {
                let pos = self.pos_of(to);
                self.mark(STRESS_MS, vec![to], cap(&e.caption), Outcome::Error);
                if let Some(s) = self.last() {
                    s.pos = pos;
                }
            }
            EventKind::Fenced { .. } => {
                let mut actors = vec![to];
                if from != to {
                    actors.insert(0, from);
                }
                self.mark(STRESS_MS, actors, cap(&e.caption), Outcome::Error);
            }
            EventKind::ControllerMoved { .. } | EventKind::IsrShrunk { .. } => {
                self.mark(MARK_MS, vec![to], cap(&e.caption), out);
            }
            EventKind::LeaderElected { .. } => {
                let first = !self.paused_election;
                self.mark(STRESS_MS, vec![to], cap(&e.caption), out);
                if first {
                    self.paused_election = true;
                    if let Some(s) = self.last() {
                        s.pause = true;
                    }
                }
            }
        }
    }

    /// The middle of a condensed-retries sentence, the same for the producer's and the consumer's
    /// repeats: where the requests go, how they are answered, refused connections, and the backoffs.
    fn repeat_parts(
        &self,
        tries: usize,
        targets: &BTreeSet<i32>,
        conns: &BTreeSet<u32>,
        errors: &BTreeSet<KafkaError>,
        refused: usize,
        backoffs: &[u64],
    ) -> Vec<String> {
        let mut what = Vec::new();
        if tries > 0 {
            what.push(match (targets.len(), conns.len()) {
                (1, 1) => format!(
                    "each goes to {} on the same connection",
                    self.pod(targets.first().copied().unwrap_or(0))
                ),
                _ => format!(
                    "they go to {}",
                    targets
                        .iter()
                        .map(|b| self.pod(*b))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            match errors.len() {
                0 => {}
                1 => what.push(format!(
                    "each is answered {}",
                    errors.first().map(ToString::to_string).unwrap_or_default()
                )),
                _ => what.push(format!(
                    "the answers are {}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            }
        }
        if refused > 0 {
            what.push(format!("{} refused", count(refused, "connection attempt")));
        }
        let lo = backoffs.iter().min().copied().unwrap_or(0);
        let hi = backoffs.iter().max().copied().unwrap_or(0);
        if lo == hi && lo > 0 {
            what.push(format!("{lo} ms apart"));
        } else if hi > 0 {
            what.push(format!("with backoffs from {lo} to {hi} ms"));
        }
        what
    }

    /// One step standing for the retries in `range`, all ordinary repeats of the ones shown.
    fn condensed(&mut self, events: &[Event], range: std::ops::Range<usize>) {
        let next = &events[range.end..];
        let evs = &events[range.clone()];
        for e in evs {
            self.scene.apply(&e.kind);
        }
        let record = evs.iter().find_map(|e| match e.kind {
            EventKind::Backoff { record, .. } => Some(record),
            _ => None,
        });
        let tries = evs
            .iter()
            .filter(|e| matches!(e.kind, EventKind::ProduceRequest { .. }))
            .count();
        let backoffs: Vec<u64> = evs
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Backoff { ms, .. } => Some(ms),
                _ => None,
            })
            .collect();
        let n = if tries > 0 { tries } else { backoffs.len() };
        let targets: BTreeSet<i32> = evs
            .iter()
            .filter_map(|e| match (&e.kind, &e.to) {
                (EventKind::ProduceRequest { .. }, PlanActor::Broker(b)) => Some(*b),
                _ => None,
            })
            .collect();
        let conns: BTreeSet<u32> = evs
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::ProduceRequest { conn, .. } => Some(conn),
                _ => None,
            })
            .collect();
        let errors: BTreeSet<KafkaError> = evs
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::ProduceResponse { error, .. } => error,
                _ => None,
            })
            .collect();
        let refused = evs
            .iter()
            .filter(|e| {
                matches!(e.kind, EventKind::TcpConnect { .. }) && e.outcome == PlanOutcome::Error
            })
            .count();
        let first = evs.first().map_or(0, |e| e.at_ms);
        let last = evs.last().map_or(0, |e| e.at_ms);
        let rec = record.map_or_else(String::new, |r| format!(" of record {r}"));
        let what = self.repeat_parts(tries, &targets, &conns, &errors, refused, &backoffs);
        // What ends the repeats: the first outcome for this record after them.
        let until = next
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::RecordFailed {
                    record: r, reason, ..
                } if Some(*r) == record => Some(if reason.starts_with("TimeoutException") {
                    ", until delivery.timeout.ms (120 s) is nearly spent"
                } else {
                    ", until the producer gives up"
                }),
                EventKind::Fenced { .. } => {
                    Some(", until the controller fences the stopped broker")
                }
                EventKind::ProduceResponse {
                    record: r,
                    error: None,
                    ..
                } if Some(*r) == record => Some(", until one gets through"),
                _ => None,
            })
            .unwrap_or("");
        let caption = format!(
            "{} to {} · … {} more {}{rec}, not drawn one by one: {}{until}.",
            plan_time(first),
            plan_time(last),
            n,
            if n == 1 { "retry" } else { "retries" },
            what.join(", "),
        );
        let mut actors = vec![self.anim.producer];
        for b in &targets {
            if let Some(a) = self.anim.broker_actor(*b) {
                actors.push(a);
            }
        }
        let o = if errors.is_empty() && refused == 0 {
            Outcome::Ok
        } else {
            Outcome::Error
        };
        self.mark(STRESS_MS, actors, caption, o);
    }
}

/// The Kafka animation of `plan`: steps, the cluster after each, and the actors by role.
pub fn kafka_anim(plan: &RoutingPlan, kc: &KafkaCluster, cluster: &Cluster) -> KafkaAnim {
    kafka_story(Some(plan), None, kc, cluster)
}

/// Opens chapter `title` unless it is the one open.
fn open(cx: &mut Ctx, chapter: &mut Option<String>, title: &str) {
    if chapter.as_deref() != Some(title) {
        cx.b.chapter(title.to_string(), None);
        *chapter = Some(title.to_string());
    }
}

/// The Kafka animation of a story: the producer's plan, then (or alone) a consumer's read.
/// With no consumer this is exactly [`kafka_anim`]; the consumer's steps follow the producer's
/// summary, each of its parts condensed and capped like the producer's.
pub fn kafka_story(
    produce: Option<&RoutingPlan>,
    consume: Option<&ConsumePlan>,
    kc: &KafkaCluster,
    cluster: &Cluster,
) -> KafkaAnim {
    let topic = produce
        .map(|p| p.topic.as_str())
        .or(consume.map(|c| c.topic.as_str()))
        .unwrap_or(VIEW_TOPIC);
    let (b, anim) = if consume.is_some() {
        kafka_cast_consumer(cluster, kc, topic)
    } else {
        kafka_cast(cluster, kc, topic)
    };
    let scene = anim.initial.clone();
    let client = anim.producer;
    let mut cx = Ctx {
        kc,
        anim,
        b,
        scene,
        paused_error6: false,
        paused_election: false,
        client,
        paused_fetch6: false,
    };
    let mut chapter: Option<String> = None;
    let mut summary = Vec::new();
    if let Some(plan) = produce {
        producer_steps(&mut cx, &mut chapter, plan, kc);
        let s = &plan.summary;
        summary.push(format!(
            "Kafka producer in namespace {} sends {} to topic {} on {} that advertise the {}: {} delivered, {} failed, {}.",
            plan.client_namespace,
            count(s.records, "record"),
            plan.topic,
            count(kc.brokers.len(), "broker"),
            kc.listeners.label(),
            s.delivered,
            s.failed,
            count(s.wasted_round_trips, "wasted round trip"),
        ));
    }
    if let Some(cp) = consume {
        if let Some(c) = cx.anim.consumer {
            cx.client = c;
        }
        let first = cx.b.tl.steps.len();
        consumer_steps(&mut cx, &mut chapter, cp);
        if cx.b.tl.steps.len() > first {
            cx.anim.consumer_start = Some(first);
        }
        summary.push(format!(
            "{} consumer in namespace {} reads {} of topic {} from offset 0 on {} that advertise the {}: {}",
            if produce.is_some() { "Then a Kafka" } else { "A Kafka" },
            cp.client_namespace,
            KafkaCluster::partition_name(&cp.topic, cp.partition),
            cp.topic,
            count(kc.brokers.len(), "broker"),
            kc.listeners.label(),
            consume_sentence(cp, &cx.scene),
        ));
    }
    let mut anim = cx.anim;
    anim.timeline = cx.b.finish();
    anim.timeline.summary = summary.join(" ");
    anim
}

/// The producer's steps and its summary step.
fn producer_steps(
    cx: &mut Ctx,
    chapter: &mut Option<String>,
    plan: &RoutingPlan,
    kc: &KafkaCluster,
) {
    let events = &plan.events;
    let titles = chapter_titles(events, plan, kc);
    let pieces = pieces(events);
    let mut cut = None;
    'all: for piece in &pieces {
        match piece {
            Piece::Full(r) => {
                for i in r.clone() {
                    // Room for the "rest" step and the summary.
                    if cx.b.tl.steps.len() + 2 >= MAX_STEPS {
                        cut = Some(i);
                        break 'all;
                    }
                    open(cx, chapter, &titles[i]);
                    cx.event(events, i);
                }
            }
            Piece::Condensed(r) => {
                if cx.b.tl.steps.len() + 2 >= MAX_STEPS {
                    cut = Some(r.start);
                    break 'all;
                }
                let t = format!("{}, repeats", titles[r.start]);
                open(cx, chapter, &t);
                cx.condensed(events, r.clone());
            }
        }
    }
    if let Some(i) = cut {
        let rest = &events[i..];
        for e in rest {
            cx.scene.apply(&e.kind);
        }
        open(cx, chapter, "the rest");
        let (a, z) = (
            rest.first().map_or(0, |e| e.at_ms),
            rest.last().map_or(0, |e| e.at_ms),
        );
        let producer = cx.anim.producer;
        cx.mark(
            STRESS_MS,
            vec![producer],
            format!(
                "{} to {} · The remaining {} of the plan are not drawn, to keep the animation short; the summary counts them.",
                plan_time(a),
                plan_time(z),
                count(rest.len(), "event")
            ),
            Outcome::Ok,
        );
    }
    // The summary.
    let s = &plan.summary;
    if !events.is_empty() {
        open(cx, chapter, "summary");
        let producer = cx.anim.producer;
        let caption = format!(
            "{} · {}",
            plan_time(s.finished_ms),
            summary_sentence(plan, &cx.scene)
        );
        cx.mark(
            STRESS_MS,
            vec![producer],
            caption,
            if s.failed > 0 {
                Outcome::Error
            } else {
                Outcome::Ok
            },
        );
    }
}

// ---- the consumer ------------------------------------------------------------------------------

/// Is this consumer event part of an ordinary retry (nothing changes in the cluster)?
fn consumer_routine(e: &ConsumeEvent) -> bool {
    match &e.kind {
        ConsumeKind::Net(k) => matches!(
            k,
            EventKind::DnsQuery { .. }
                | EventKind::DnsAnswer { .. }
                | EventKind::ResolveFailed { .. }
                | EventKind::TcpConnect { .. }
                | EventKind::MetadataRequest { .. }
                | EventKind::MetadataResponse { .. }
        ),
        ConsumeKind::FetchRequest { .. }
        | ConsumeKind::Backoff { .. }
        | ConsumeKind::FetchInterrupted { .. } => true,
        ConsumeKind::FetchResponse { error, .. } => error.is_some(),
        ConsumeKind::Stopped { .. } => false,
    }
}

/// The consumer's events cut into retries, and what the timeline shows of each (as [`pieces`]).
fn consumer_pieces(events: &[ConsumeEvent]) -> Vec<Piece> {
    let mut cyc = Vec::new();
    let mut start = 0;
    for (i, e) in events.iter().enumerate() {
        if matches!(e.kind, ConsumeKind::Backoff { .. }) {
            cyc.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < events.len() {
        cyc.push(start..events.len());
    }
    let plain: Vec<bool> = cyc
        .iter()
        .map(|r| {
            matches!(events[r.end - 1].kind, ConsumeKind::Backoff { .. })
                && events[r.clone()].iter().all(consumer_routine)
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cyc.len() {
        if !plain[i] {
            out.push(Piece::Full(cyc[i].clone()));
            i += 1;
            continue;
        }
        let mut j = i;
        while j < cyc.len() && plain[j] {
            j += 1;
        }
        if j - i > KEEP_RETRIES + 2 {
            for c in &cyc[i..i + KEEP_RETRIES] {
                out.push(Piece::Full(c.clone()));
            }
            out.push(Piece::Condensed(
                cyc[i + KEEP_RETRIES].start..cyc[j - 2].end,
            ));
            out.push(Piece::Full(cyc[j - 1].clone()));
        } else {
            for c in &cyc[i..j] {
                out.push(Piece::Full(c.clone()));
            }
        }
        i = j;
    }
    out
}

/// The consumer's chapters: bootstrap, each fetch attempt, cluster changes, the stop.
fn consumer_titles(events: &[ConsumeEvent], cp: &ConsumePlan, kc: &KafkaCluster) -> Vec<String> {
    let pname = KafkaCluster::partition_name(&cp.topic, cp.partition);
    let first_meta = events.iter().position(|e| {
        matches!(
            &e.kind,
            ConsumeKind::Net(EventKind::MetadataResponse {
                topic_error: None,
                ..
            })
        )
    });
    let mut retries = 0usize;
    let mut out: Vec<String> = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let title = match &e.kind {
            ConsumeKind::Net(EventKind::BrokerDown { broker }) => format!(
                "{} stops",
                kc.broker(*broker)
                    .map_or_else(|| format!("broker {broker}"), |b| b.pod.clone())
            ),
            ConsumeKind::Net(EventKind::ConnectionClosed { .. })
                if i > 0
                    && matches!(
                        events[i - 1].kind,
                        ConsumeKind::Net(
                            EventKind::BrokerDown { .. } | EventKind::ConnectionClosed { .. }
                        )
                    ) =>
            {
                out.last().cloned().unwrap_or_default()
            }
            ConsumeKind::Net(
                EventKind::Fenced { .. }
                | EventKind::ControllerMoved { .. }
                | EventKind::LeaderElected { .. }
                | EventKind::IsrShrunk { .. },
            ) => "fencing and election".to_string(),
            ConsumeKind::Stopped { .. } => "consumer stops".to_string(),
            _ if first_meta.is_none_or(|m| i <= m) => "consumer bootstrap".to_string(),
            _ if retries == 0 => format!("consumer fetches {pname}"),
            _ => format!("consumer fetches {pname}, retry {retries}"),
        };
        if matches!(e.kind, ConsumeKind::Backoff { .. }) {
            retries += 1;
        }
        out.push(title);
    }
    out
}

/// The consumer's steps and its summary step.
fn consumer_steps(cx: &mut Ctx, chapter: &mut Option<String>, cp: &ConsumePlan) {
    let events = &cp.events;
    let titles = consumer_titles(events, cp, cx.kc);
    let budget = cx.b.tl.steps.len() + MAX_STEPS;
    let mut cut = None;
    'all: for piece in &consumer_pieces(events) {
        match piece {
            Piece::Full(r) => {
                for i in r.clone() {
                    if cx.b.tl.steps.len() + 2 >= budget {
                        cut = Some(i);
                        break 'all;
                    }
                    open(cx, chapter, &titles[i]);
                    cx.consume_event(events, i);
                }
            }
            Piece::Condensed(r) => {
                if cx.b.tl.steps.len() + 2 >= budget {
                    cut = Some(r.start);
                    break 'all;
                }
                let t = format!("{}, repeats", titles[r.start]);
                open(cx, chapter, &t);
                cx.consumer_condensed(cp, r.clone());
            }
        }
    }
    if let Some(i) = cut {
        let rest = &events[i..];
        for e in rest {
            if let ConsumeKind::Net(k) = &e.kind {
                cx.scene.apply(k);
            }
        }
        open(cx, chapter, "the rest of the read");
        let (a, z) = (
            rest.first().map_or(0, |e| e.at_ms),
            rest.last().map_or(0, |e| e.at_ms),
        );
        let client = cx.client;
        cx.mark(
            STRESS_MS,
            vec![client],
            format!(
                "{} to {} · The remaining {} of the read are not drawn, to keep the animation short; the summary counts them.",
                plan_time(a),
                plan_time(z),
                count(rest.len(), "event")
            ),
            Outcome::Ok,
        );
    }
    if !events.is_empty() {
        open(cx, chapter, "consumer summary");
        let client = cx.client;
        let caption = format!(
            "{} · In all: {}",
            plan_time(cp.summary.finished_ms),
            consume_sentence(cp, &cx.scene)
        );
        let o = if cp.summary.caught_up {
            Outcome::Ok
        } else {
            Outcome::Error
        };
        cx.mark(STRESS_MS, vec![client], caption, o);
    }
}

/// "the consumer read 1 record of orders-1 (offset 0, key "order-7") from kafka-1, the leader, in
/// 1 fetch, 0 wasted."
pub fn consume_sentence(cp: &ConsumePlan, scene: &Scene) -> String {
    let s = &cp.summary;
    let pname = KafkaCluster::partition_name(&cp.topic, cp.partition);
    let fetches = format!(
        "in {}, {} wasted",
        if s.fetches == 1 {
            "1 fetch".to_string()
        } else {
            format!("{} fetches", s.fetches)
        },
        s.wasted_fetches
    );
    let six = if s.not_leader_errors > 0 {
        format!(
            ", {} of them NOT_LEADER_OR_FOLLOWER (error 6)",
            s.not_leader_errors
        )
    } else {
        String::new()
    };
    let from = s.read_from.map_or_else(String::new, |b| {
        format!(
            "{}, {}",
            scene.pod(b),
            if s.read_from_follower {
                "a follower"
            } else {
                "the leader"
            }
        )
    });
    if !s.caught_up {
        return format!(
            "the consumer read nothing of {pname} {fetches}{six}, and the story stopped after {} s of retrying.",
            crate::kafka::consume::DEFAULT_API_TIMEOUT_MS / 1000
        );
    }
    if cp.records.is_empty() {
        return format!(
            "the consumer found {pname} empty at {from} (nothing produced to it yet), {fetches}{six}."
        );
    }
    let list = cp
        .records
        .iter()
        .map(|r| match &r.key {
            Some(k) => format!("offset {}, key \"{k}\"", r.offset),
            None => format!("offset {}, a null key", r.offset),
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "the consumer read {} of {pname} ({list}) from {from}, {fetches}{six}.",
        count(cp.records.len(), "record")
    )
}

impl Ctx<'_> {
    /// The steps of one consumer event.
    fn consume_event(&mut self, events: &[ConsumeEvent], i: usize) {
        let e = &events[i];
        let net = |j: usize| match events.get(j).map(|x| &x.kind) {
            Some(ConsumeKind::Net(k)) => Some(k),
            _ => None,
        };
        if let ConsumeKind::Net(k) = &e.kind {
            let ev = Event {
                at_ms: e.at_ms,
                from: e.from.clone(),
                to: e.to.clone(),
                kind: k.clone(),
                caption: e.caption.clone(),
                outcome: e.outcome,
            };
            self.net(&ev, net(i + 1), net(i + 2));
            return;
        }
        let t = plan_time(e.at_ms);
        let cap = format!("{t} · {}", e.caption);
        let from = self.actor(&e.from);
        let to = self.actor(&e.to);
        let out = outcome(e.outcome);
        let client = self.client;
        match &e.kind {
            ConsumeKind::Net(_) => {}
            ConsumeKind::FetchRequest {
                partition, offset, ..
            } => {
                let label = format!(
                    "Fetch {} @{offset}",
                    KafkaCluster::partition_name(&self.anim.topic, *partition)
                );
                self.hop(HOP_MS, (from, to), label, HopKind::Query, cap, out);
            }
            ConsumeKind::FetchResponse { error, records, .. } => {
                let label = match (error, records.len()) {
                    (Some(err), _) => format!("error {}", err.code()),
                    (None, 0) => "empty".to_string(),
                    (None, 1) => "1 record".to_string(),
                    (None, n) => format!("{n} records"),
                };
                let first6 = *error == Some(KafkaError::NotLeaderOrFollower) && !self.paused_fetch6;
                self.hop(
                    if error.is_some() { STRESS_MS } else { HOP_MS },
                    (from, to),
                    label,
                    HopKind::Reply,
                    cap,
                    out,
                );
                if first6 {
                    self.paused_fetch6 = true;
                    if let Some(s) = self.last() {
                        s.pause = true;
                    }
                }
            }
            ConsumeKind::FetchInterrupted { .. } => {
                self.mark(MARK_MS, vec![client], cap, Outcome::Error);
            }
            ConsumeKind::Backoff { .. } => {
                self.mark(MARK_MS, vec![client], cap, Outcome::Ok);
            }
            ConsumeKind::Stopped { .. } => {
                self.mark(STRESS_MS, vec![client], cap, Outcome::Error);
            }
        }
    }

    /// One step standing for the consumer's retries in `range`.
    fn consumer_condensed(&mut self, cp: &ConsumePlan, range: std::ops::Range<usize>) {
        let events = &cp.events;
        let next = &events[range.end..];
        let evs = &events[range];
        for e in evs {
            if let ConsumeKind::Net(k) = &e.kind {
                self.scene.apply(k);
            }
        }
        let tries = evs
            .iter()
            .filter(|e| matches!(e.kind, ConsumeKind::FetchRequest { .. }))
            .count();
        let backoffs: Vec<u64> = evs
            .iter()
            .filter_map(|e| match e.kind {
                ConsumeKind::Backoff { ms } => Some(ms),
                _ => None,
            })
            .collect();
        let n = if tries > 0 { tries } else { backoffs.len() };
        let targets: BTreeSet<i32> = evs
            .iter()
            .filter_map(|e| match (&e.kind, &e.to) {
                (ConsumeKind::FetchRequest { .. }, PlanActor::Broker(b)) => Some(*b),
                _ => None,
            })
            .collect();
        let conns: BTreeSet<u32> = evs
            .iter()
            .filter_map(|e| match e.kind {
                ConsumeKind::FetchRequest { conn, .. } => Some(conn),
                _ => None,
            })
            .collect();
        let errors: BTreeSet<KafkaError> = evs
            .iter()
            .filter_map(|e| match e.kind {
                ConsumeKind::FetchResponse { error, .. } => error,
                _ => None,
            })
            .collect();
        let refused = evs
            .iter()
            .filter(|e| {
                matches!(e.kind, ConsumeKind::Net(EventKind::TcpConnect { .. }))
                    && e.outcome == PlanOutcome::Error
            })
            .count();
        let what = self.repeat_parts(tries, &targets, &conns, &errors, refused, &backoffs);
        let until = next
            .iter()
            .find_map(|e| match &e.kind {
                ConsumeKind::Stopped { .. } => {
                    Some(", until the story stops after default.api.timeout.ms (60 s)")
                }
                ConsumeKind::Net(EventKind::Fenced { .. }) => {
                    Some(", until the controller fences the stopped broker")
                }
                ConsumeKind::FetchResponse { error: None, .. } => {
                    Some(", until one gets an answer")
                }
                _ => None,
            })
            .unwrap_or("");
        let (first, last) = (
            evs.first().map_or(0, |e| e.at_ms),
            evs.last().map_or(0, |e| e.at_ms),
        );
        let caption = format!(
            "{} to {} · … {} more {} of {}, not drawn one by one: {}{until}.",
            plan_time(first),
            plan_time(last),
            n,
            if n == 1 {
                "fetch retry"
            } else {
                "fetch retries"
            },
            KafkaCluster::partition_name(&cp.topic, cp.partition),
            what.join(", "),
        );
        let mut actors = vec![self.client];
        for b in &targets {
            if let Some(a) = self.anim.broker_actor(*b) {
                actors.push(a);
            }
        }
        let o = if errors.is_empty() && refused == 0 {
            Outcome::Ok
        } else {
            Outcome::Error
        };
        self.mark(STRESS_MS, actors, caption, o);
    }
}

/// "1 record sent: 1 delivered (to kafka-2), 0 failed, 0 wasted round trips."
pub fn summary_sentence(plan: &RoutingPlan, scene: &Scene) -> String {
    let s = &plan.summary;
    let to: BTreeSet<String> = plan
        .records
        .iter()
        .filter_map(|r| r.delivered_to)
        .map(|b| scene.pod(b))
        .collect();
    let to = if to.is_empty() {
        String::new()
    } else {
        format!(" (to {})", to.into_iter().collect::<Vec<_>>().join(", "))
    };
    let six = if s.not_leader_errors > 0 {
        format!(
            ", {} of them NOT_LEADER_OR_FOLLOWER (error 6)",
            s.not_leader_errors
        )
    } else {
        String::new()
    };
    format!(
        "In all: {} sent, {} delivered{to}, {} failed, {}{six}.",
        count(s.records, "record"),
        s.delivered,
        s.failed,
        count(s.wasted_round_trips, "wasted round trip"),
    )
}

/// The topic the Kafka view produces to.
pub const VIEW_TOPIC: &str = "orders";
/// Its partition count.
pub const VIEW_PARTITIONS: i32 = 3;

/// What the Kafka view lets the learner choose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewInputs {
    /// The brokers' StatefulSet: `(namespace, name)`.
    pub statefulset: (String, String),
    pub listeners: Listeners,
    /// `None`: a null key (sticky partitioning).
    pub key: Option<String>,
    /// The broker id that stops during the run.
    pub fail: Option<i32>,
}

impl ViewInputs {
    /// Seeds derived from the inputs, never from a clock or a counter: the placement depends on the
    /// StatefulSet only (so typing a key never reshuffles the leaders), the plan on everything.
    pub fn seeds(&self) -> (u64, u64) {
        let (ns, name) = &self.statefulset;
        let placement = derive_seed(&[b"placement", ns.as_bytes(), name.as_bytes()]);
        let pattern = self.listeners.pattern();
        let fail = self.fail.map(|f| f.to_string()).unwrap_or_default();
        let plan = derive_seed(&[
            b"plan",
            ns.as_bytes(),
            name.as_bytes(),
            pattern.as_bytes(),
            self.key.as_deref().unwrap_or("\u{0}").as_bytes(),
            fail.as_bytes(),
        ]);
        (placement, plan)
    }

    /// The Kafka cluster over `cluster`: topic `orders`, 3 partitions, replication factor 3 (or
    /// the broker count when smaller).
    pub fn kafka_cluster(&self, cluster: &Cluster) -> Result<KafkaCluster, BuildError> {
        let (ns, name) = &self.statefulset;
        let brokers = cluster
            .pods
            .iter()
            .filter(|p| {
                *p.namespace == **ns
                    && matches!(&p.owner, Owner::StatefulSet { name: n, .. } if **n == **name)
            })
            .count();
        let rf = i32::try_from(brokers).unwrap_or(i32::MAX).clamp(1, 3);
        let topics = [TopicSpec::new(VIEW_TOPIC, VIEW_PARTITIONS, rf)];
        KafkaCluster::from_cluster(
            cluster,
            ns,
            name,
            self.listeners.clone(),
            &topics,
            self.seeds().0,
        )
    }

    /// The spec Produce sends: one record with the key, or with a failing broker two (the broker
    /// stops at [`FAIL_AT_MS`], between them), a second apart, from namespace `default`.
    pub fn spec(&self) -> ProduceSpec {
        let keys = if self.fail.is_some() {
            vec![self.key.clone(), self.key.clone()]
        } else {
            vec![self.key.clone()]
        };
        let mut spec = ProduceSpec::new(VIEW_TOPIC, keys);
        spec.interval_ms = 1_000;
        spec.failure = self.fail.map(|broker| BrokerFailure {
            broker,
            at_ms: FAIL_AT_MS,
        });
        spec.seed = self.seeds().1;
        spec
    }

    /// The cluster, the plan and its animation, as the view shows them.
    pub fn build(
        &self,
        cluster: &Cluster,
    ) -> Result<(KafkaCluster, RoutingPlan, KafkaAnim), BuildError> {
        let kc = self.kafka_cluster(cluster)?;
        let plan = RoutingPlan::build(cluster, &kc, &self.spec());
        let anim = kafka_anim(&plan, &kc, cluster);
        Ok((kc, plan, anim))
    }
}

/// When the view's failing broker stops: after the first record, before the second.
pub const FAIL_AT_MS: u64 = 500;

/// What the view plays: the producer's journey, a consumer's read, or both in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Story {
    Produce,
    Consume,
    ProduceThenConsume,
}

impl Story {
    pub fn produces(self) -> bool {
        matches!(self, Story::Produce | Story::ProduceThenConsume)
    }

    pub fn consumes(self) -> bool {
        matches!(self, Story::Consume | Story::ProduceThenConsume)
    }
}

/// Everything one story of the view is made of.
pub type StoryParts = (
    KafkaCluster,
    Option<RoutingPlan>,
    Option<ConsumePlan>,
    KafkaAnim,
);

impl ViewInputs {
    /// The spec of the consumer's read of `partition`: from namespace `default`, its own seed
    /// (derived from the plan's), the failing broker stopping at [`FAIL_AT_MS`] when it reads alone.
    pub fn consume_spec(&self, partition: i32) -> ConsumeSpec {
        let mut spec = ConsumeSpec::new(VIEW_TOPIC, partition);
        spec.failure = self.fail.map(|broker| BrokerFailure {
            broker,
            at_ms: FAIL_AT_MS,
        });
        spec.seed = derive_seed(&[b"consume", &self.seeds().1.to_le_bytes()]);
        spec
    }

    /// The partition the consumer reads: the key's, else the one the producer's first record
    /// went to (a null key), else partition 0.
    pub fn read_partition(&self, plan: Option<&RoutingPlan>) -> i32 {
        if let Some(p) = self
            .key
            .as_deref()
            .and_then(|k| partition_for_key(k.as_bytes(), VIEW_PARTITIONS))
        {
            return p;
        }
        plan.and_then(|p| p.records.iter().find_map(|r| r.partition))
            .unwrap_or(0)
    }

    /// The cluster, the plans and their animation for `story`. `Story::Produce` is exactly
    /// [`ViewInputs::build`].
    pub fn build_story(&self, cluster: &Cluster, story: Story) -> Result<StoryParts, BuildError> {
        let kc = self.kafka_cluster(cluster)?;
        let plan = story
            .produces()
            .then(|| RoutingPlan::build(cluster, &kc, &self.spec()));
        let consume = story.consumes().then(|| {
            let spec = self.consume_spec(self.read_partition(plan.as_ref()));
            match &plan {
                Some(p) => ConsumePlan::after(cluster, &kc, p, &spec),
                None => ConsumePlan::build(cluster, &kc, &spec, &Default::default()),
            }
        });
        let anim = kafka_story(plan.as_ref(), consume.as_ref(), &kc, cluster);
        Ok((kc, plan, consume, anim))
    }
}

// ---- layout --------------------------------------------------------------------------------

/// A partition chip under a broker (`partition: None`: the "+N more" chip).
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    pub broker: i32,
    pub partition: Option<i32>,
    pub hidden: usize,
    pub rect: Rect,
}

/// Where everything of a Kafka picture is drawn, in a fixed view box.
#[derive(Clone, Debug, PartialEq)]
pub struct KafkaGeometry {
    pub width: f32,
    pub height: f32,
    /// One per actor (`None`: not drawn).
    pub boxes: Vec<Option<Rect>>,
    pub chips: Vec<Chip>,
    /// Small titles over the top row (`DNS`, `client`, `bootstrap Service`), centred on `x`.
    pub titles: Vec<Lane>,
    /// The title over the broker columns, starting at `x` (left-aligned, clear of the hops).
    pub grid_title: Lane,
    pub stacked: bool,
}

pub const KAFKA_WIDTH: f32 = 760.0;
pub const KAFKA_NARROW_WIDTH: f32 = 360.0;
const BOX_H: f32 = 46.0;
const CHIP_H: f32 = 20.0;
const CHIP_GAP: f32 = 4.0;
const TITLE_H: f32 = 20.0;
/// How far a message runs beside the line between two boxes' centres.
pub const HOP_SIDE: f32 = 5.0;

/// Chips under each broker, in partition order: the partitions it holds a replica of.
fn chips_of(anim: &KafkaAnim, broker: i32) -> (Vec<i32>, usize) {
    let held: Vec<i32> = anim
        .initial
        .partitions
        .iter()
        .filter(|p| p.replicas.contains(&broker))
        .map(|p| p.id)
        .collect();
    if held.len() <= MAX_CHIPS {
        return (held, 0);
    }
    let shown = held[..MAX_CHIPS - 1].to_vec();
    let hidden = held.len() - shown.len();
    (shown, hidden)
}

struct Shape {
    width: f32,
    margin: f32,
    top_w: f32,
    cols_max: usize,
    col_gap: f32,
    stacked: bool,
}

fn place(anim: &KafkaAnim, f: &Shape) -> KafkaGeometry {
    let n_actors = anim.timeline.actors.len();
    let mut boxes = vec![None; n_actors];
    let mut titles = Vec::new();
    // Top row: CoreDNS | producer | bootstrap VIP (| not a broker).
    let mut top: Vec<(ActorId, &str)> = vec![(anim.coredns, "DNS"), (anim.producer, "client")];
    if let Some(c) = anim.consumer {
        top.push((c, "client (reads)"));
    }
    if let Some(v) = anim.vip {
        let crowded = f.stacked && anim.consumer.is_some();
        top.push((
            v,
            if crowded {
                "bootstrap"
            } else {
                "bootstrap Service"
            },
        ));
    }
    if let Some(e) = anim.elsewhere {
        top.push((e, "elsewhere"));
    }
    let slots = top.len().max(3) as f32;
    let slot_w = (f.width - 2.0 * f.margin) / slots;
    let top_w = f.top_w.min(slot_w - 8.0);
    for (k, (a, title)) in top.iter().enumerate() {
        let cx = f.margin + slot_w * (k as f32 + 0.5);
        if let Some(slot) = boxes.get_mut(*a) {
            *slot = Some(Rect {
                x: cx - top_w / 2.0,
                y: TITLE_H,
                w: top_w,
                h: BOX_H,
            });
        }
        titles.push(Lane {
            title: (*title).to_string(),
            x: cx,
            y: 14.0,
        });
    }
    // Brokers: columns with their chips.
    let n = anim.brokers.len();
    let cols = if f.stacked {
        n.clamp(1, f.cols_max)
    } else if n <= f.cols_max {
        n.max(1)
    } else if n <= 2 * f.cols_max {
        n.div_ceil(2)
    } else {
        f.cols_max
    };
    let col_w = ((f.width - 2.0 * f.margin) / cols as f32).min(170.0);
    let box_w = (col_w - f.col_gap).min(150.0);
    let x0 = (f.width - col_w * cols as f32) / 2.0;
    let chip_rows = anim
        .brokers
        .iter()
        .map(|(id, _)| {
            let (shown, hidden) = chips_of(anim, *id);
            shown.len() + usize::from(hidden > 0)
        })
        .max()
        .unwrap_or(0);
    let col_h = BOX_H + 6.0 + chip_rows as f32 * (CHIP_H + CHIP_GAP);
    let grid_top = TITLE_H + BOX_H + if f.stacked { 44.0 } else { 64.0 };
    let grid_title = Lane {
        title: "brokers (StatefulSet pods) and their partitions".into(),
        x: f.margin + 2.0,
        y: grid_top - 8.0,
    };
    let mut chips = Vec::new();
    for (k, (id, a)) in anim.brokers.iter().enumerate() {
        let (row, col) = (k / cols, k % cols);
        let cx = x0 + col_w * (col as f32 + 0.5);
        let y = grid_top + row as f32 * (col_h + 18.0);
        let r = Rect {
            x: cx - box_w / 2.0,
            y,
            w: box_w,
            h: BOX_H,
        };
        if let Some(slot) = boxes.get_mut(*a) {
            *slot = Some(r);
        }
        let (shown, hidden) = chips_of(anim, *id);
        let mut cy = y + BOX_H + 6.0;
        for p in shown {
            chips.push(Chip {
                broker: *id,
                partition: Some(p),
                hidden: 0,
                rect: Rect {
                    x: r.x + 4.0,
                    y: cy,
                    w: r.w - 8.0,
                    h: CHIP_H,
                },
            });
            cy += CHIP_H + CHIP_GAP;
        }
        if hidden > 0 {
            chips.push(Chip {
                broker: *id,
                partition: None,
                hidden,
                rect: Rect {
                    x: r.x + 4.0,
                    y: cy,
                    w: r.w - 8.0,
                    h: CHIP_H,
                },
            });
        }
    }
    let rows = n.div_ceil(cols).max(1);
    let height = grid_top + rows as f32 * (col_h + 18.0) - 10.0;
    KafkaGeometry {
        width: f.width,
        height,
        boxes,
        chips,
        titles,
        grid_title,
        stacked: f.stacked,
    }
}

/// The wide picture: CoreDNS, the producer and the bootstrap Service on top, brokers below in
/// columns (up to [`MAX_COLS`] a row; 7 to 12 brokers wrap into two rows of ⌈N/2⌉).
pub fn kafka_layout(anim: &KafkaAnim) -> KafkaGeometry {
    place(
        anim,
        &Shape {
            width: KAFKA_WIDTH,
            margin: 8.0,
            top_w: 170.0,
            cols_max: MAX_COLS,
            col_gap: 12.0,
            stacked: false,
        },
    )
}

/// The phone picture: the same parts in a 360-wide box, three brokers a row.
pub fn kafka_layout_narrow(anim: &KafkaAnim) -> KafkaGeometry {
    place(
        anim,
        &Shape {
            width: KAFKA_NARROW_WIDTH,
            margin: 4.0,
            top_w: 112.0,
            cols_max: 3,
            col_gap: 8.0,
            stacked: true,
        },
    )
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

impl KafkaGeometry {
    pub fn rect_of(&self, a: ActorId) -> Option<Rect> {
        self.boxes.get(a).copied().flatten()
    }

    /// The two ends of a hop: where the line between the boxes' centres leaves each box, moved
    /// [`HOP_SIDE`] to the right of the direction of travel.
    pub fn hop_ends(&self, from: ActorId, to: ActorId) -> Option<((f32, f32), (f32, f32))> {
        let (a, b) = (self.rect_of(from)?, self.rect_of(to)?);
        let (ax, ay) = (a.x + a.w / 2.0, a.y + a.h / 2.0);
        let (bx, by) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let (dx, dy) = (bx - ax, by - ay);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1.0 {
            return None;
        }
        let (ux, uy) = (dx / len, dy / len);
        // How far along the centre line the edge of a box is.
        let exit = |r: &Rect| -> f32 {
            let tx = if ux.abs() > 1e-3 {
                (r.w / 2.0) / ux.abs()
            } else {
                f32::INFINITY
            };
            let ty = if uy.abs() > 1e-3 {
                (r.h / 2.0) / uy.abs()
            } else {
                f32::INFINITY
            };
            tx.min(ty)
        };
        let (ta, tb) = (exit(&a), exit(&b));
        // Every message keeps to its right of the centre line, so a request and the reply coming
        // back run side by side and never draw over each other.
        let (ox, oy) = (-uy * HOP_SIDE, ux * HOP_SIDE);
        Some((
            (ax + ux * ta + ox, ay + uy * ta + oy),
            (bx - ux * tb + ox, by - uy * tb + oy),
        ))
    }

    /// Every drawn rectangle (boxes and chips), for overlap checks.
    pub fn rects(&self) -> Vec<Rect> {
        self.boxes
            .iter()
            .flatten()
            .copied()
            .chain(self.chips.iter().map(|c| c.rect))
            .collect()
    }

    /// True when no two drawn rectangles overlap and all lie inside the view box.
    pub fn is_clean(&self) -> bool {
        let r = self.rects();
        let inside = r.iter().all(|b| {
            b.x >= 0.0 && b.y >= 0.0 && b.x + b.w <= self.width && b.y + b.h <= self.height
        });
        let apart = r
            .iter()
            .enumerate()
            .all(|(i, a)| r[i + 1..].iter().all(|b| !overlaps(a, b)));
        inside && apart
    }
}
