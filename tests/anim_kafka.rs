//! The Kafka animation timeline, natively: golden traces for each listener pattern and a broker
//! failure (exactly what the Kafka view builds for those inputs), the pause points, the condensed
//! ClusterIP retries, the cluster state after each step, determinism, a bounded step count, and
//! the broker-column layout for 1..12 brokers (wide and narrow) without overlaps.
//!
//! `UPDATE_GOLDEN=1 cargo test --test anim_kafka` rewrites `tests/golden/anim/kafka-*.txt` (check by eye).

#[path = "support/golden.rs"]
#[allow(dead_code)]
mod golden;

use std::fmt::Write as _;

use headless_playground::anim::kafka::{
    kafka_layout, kafka_layout_narrow, kafka_still, Replica, ViewInputs, MAX_STEPS,
};
use headless_playground::anim::{frame_at, Outcome, Timeline, What};
use headless_playground::cluster::{Cluster, Ops};
use headless_playground::kafka::{partition_for_key, Listeners};
use headless_playground::{model, scenarios};

fn kafka_cluster(ops: &Ops) -> Cluster {
    Cluster::build(&model::parse(scenarios::KAFKA.yaml), ops)
}

fn scaled(n: i64) -> Cluster {
    let mut ops = Ops::default();
    ops.scale.insert(
        headless_playground::cluster::ObjectRef::new("kafka", "kafka"),
        n,
    );
    kafka_cluster(&ops)
}

fn inputs(l: Listeners, key: &str, fail: Option<i32>) -> ViewInputs {
    ViewInputs {
        statefulset: ("kafka".into(), "kafka".into()),
        listeners: l,
        key: Some(key.to_string()),
        fail,
    }
}

fn trace(tl: &Timeline) -> String {
    let mut out = String::new();
    for s in &tl.steps {
        let _ = writeln!(
            out,
            "{:>6} {:<8}{} {}",
            s.at,
            s.outcome.as_str(),
            if s.pause { " ‖" } else { "" },
            s.caption
        );
    }
    out
}

/// The leader of `key`'s partition before anything happens.
fn leader_for(c: &Cluster, key: &str) -> (i32, i32) {
    let kc = inputs(Listeners::Headless, key, None)
        .kafka_cluster(c)
        .unwrap();
    let p = partition_for_key(key.as_bytes(), 3).unwrap();
    let leader = kc.topic("orders").unwrap().partitions[p as usize]
        .leader
        .unwrap();
    (p, leader)
}

/// A key whose ClusterIP connection to the leader lands on another broker (error 6).
const CLUSTERIP_KEY: &str = "order-7";
/// A key whose ClusterIP connection happens to land on the leader (about 1 in 3).
const LUCKY_KEY: &str = "order-42";

#[test]
fn golden_traces_per_listener_pattern_and_failure() {
    let c = kafka_cluster(&Ops::default());
    let (_, leader) = leader_for(&c, CLUSTERIP_KEY);
    let cases = [
        (
            "kafka-headless",
            inputs(Listeners::Headless, CLUSTERIP_KEY, None),
        ),
        ("kafka-short", inputs(Listeners::Short, CLUSTERIP_KEY, None)),
        (
            "kafka-clusterip",
            inputs(Listeners::ClusterIp, CLUSTERIP_KEY, None),
        ),
        (
            "kafka-clusterip-lucky",
            inputs(Listeners::ClusterIp, LUCKY_KEY, None),
        ),
        (
            "kafka-fail-leader",
            inputs(Listeners::Headless, CLUSTERIP_KEY, Some(leader)),
        ),
    ];
    for (name, inp) in cases {
        let (_, _, anim) = inp.build(&c).unwrap();
        let text = format!(
            "# {:?}, key {:?}, fail {:?}\n# {}\n{}",
            inp.listeners,
            inp.key.as_deref().unwrap_or(""),
            inp.fail,
            anim.timeline.summary,
            trace(&anim.timeline)
        );
        golden::check(&golden::path("anim", name), &text);
    }
}

#[test]
fn headless_names_reach_the_leader_and_say_so() {
    let c = kafka_cluster(&Ops::default());
    let (p, leader) = leader_for(&c, CLUSTERIP_KEY);
    let (kc, plan, anim) = inputs(Listeners::Headless, CLUSTERIP_KEY, None)
        .build(&c)
        .unwrap();
    let pod = &kc.broker(leader).unwrap().pod;
    let tl = &anim.timeline;
    assert_eq!(plan.summary.delivered, 1);
    let ack = format!("{pod} leads orders-{p}: it appends the record at offset 0");
    assert!(
        tl.steps.iter().any(|s| s.caption.contains(&ack)),
        "{}",
        trace(tl)
    );
    // DNS lookups are hops of their own to CoreDNS; the leader's name is one of them.
    let dns = tl
        .steps
        .iter()
        .filter(|s| matches!(s.what, What::Hop { to, .. } if to == anim.coredns))
        .count();
    assert!(dns >= 2, "{}", trace(tl));
    assert!(tl.steps.iter().any(|s| s
        .caption
        .contains(&format!("{pod}.kafka-hs.kafka.svc.cluster.local"))));
    // No error, no pause but none needed; the last step sums up.
    assert!(tl.steps.iter().all(|s| !s.pause));
    let last = tl.steps.last().unwrap();
    assert!(
        last.caption
            .contains("In all: 1 record sent, 1 delivered (to"),
        "{}",
        last.caption
    );
    // Captions cite the plan's time; one sentence each.
    for s in &tl.steps {
        assert!(s.caption.starts_with("t+"), "{}", s.caption);
        assert!(s.caption.ends_with('.'), "{}", s.caption);
    }
    assert!(tl.summary.contains("Kafka"));
}

#[test]
fn clusterip_spells_out_error_6_pauses_there_and_condenses_the_retries() {
    let c = kafka_cluster(&Ops::default());
    let (_, plan, anim) = inputs(Listeners::ClusterIp, CLUSTERIP_KEY, None)
        .build(&c)
        .unwrap();
    let tl = &anim.timeline;
    assert_eq!(
        plan.summary.failed, 1,
        "the key's connection is pinned to a non-leader"
    );
    assert!(plan.summary.not_leader_errors > 100);
    let first6 = tl
        .steps
        .iter()
        .position(|s| {
            s.caption
                .contains("NOT_LEADER_OR_FOLLOWER (error 6): kafka-")
        })
        .expect("error 6 spelled out");
    assert!(tl.steps[first6].pause, "auto-pause at the first error 6");
    assert_eq!(tl.steps[first6].outcome, Outcome::Error);
    assert_eq!(tl.steps.iter().filter(|s| s.pause).count(), 1);
    // The same advertised address for every broker is pointed out.
    assert!(tl.steps.iter().any(|s| s.caption.contains(
        "all 3 brokers advertise the same address, kafka-bootstrap.kafka.svc.cluster.local:9092"
    )));
    // kube-proxy's rewrite is a hop of its own from the VIP.
    let vip = anim.vip.unwrap();
    assert!(tl
        .steps
        .iter()
        .any(|s| matches!(s.what, What::Hop { from, .. } if from == vip)
            && s.caption.contains("kube-proxy picks")));
    // Condensed: one step for the repeats, and the plan's 120 s fit in few steps.
    let cond: Vec<_> = tl
        .steps
        .iter()
        .filter(|s| s.caption.contains("more retries of record 0"))
        .collect();
    assert_eq!(cond.len(), 1, "{}", trace(tl));
    assert!(cond[0].caption.contains("on the same connection"));
    assert!(cond[0]
        .caption
        .contains("until delivery.timeout.ms (120 s) is nearly spent"));
    assert!(tl.steps.len() < 60, "{} steps", tl.steps.len());
    assert!(tl
        .steps
        .iter()
        .any(|s| s.caption.contains("TimeoutException: 120000 ms passed")));
    // Animation time, not plan time: the whole run plays in well under a minute at 1×.
    assert!(tl.duration() < 60_000, "{}", tl.duration());
}

#[test]
fn failing_the_leader_moves_leadership_and_the_scenes_follow() {
    let c = kafka_cluster(&Ops::default());
    let (p, leader) = leader_for(&c, CLUSTERIP_KEY);
    let (kc, plan, anim) = inputs(Listeners::Headless, CLUSTERIP_KEY, Some(leader))
        .build(&c)
        .unwrap();
    let tl = &anim.timeline;
    assert_eq!(plan.summary.delivered, 2, "{}", trace(tl));
    let el = tl
        .steps
        .iter()
        .position(|s| {
            s.caption
                .contains(&format!("Leadership of orders-{p} moves from"))
        })
        .expect("an election");
    assert!(tl.steps[el].pause, "auto-pause at the leader change");
    assert_eq!(anim.scenes.len(), tl.steps.len());
    let before = anim.scene_at(el.checked_sub(1));
    let after = anim.scene_at(Some(el));
    assert_eq!(before.replica(leader, p).unwrap().0, Replica::Leader);
    assert_eq!(after.replica(leader, p).unwrap().0, Replica::OutOfSync);
    let new = after.partition(p).unwrap().leader.unwrap();
    assert_ne!(new, leader);
    assert_eq!(after.replica(new, p).unwrap().0, Replica::Leader);
    // The preferred leader stays the first replica: shown apart from the current one.
    assert_eq!(after.partition(p).unwrap().preferred_leader(), Some(leader));
    assert!(after.replica(leader, p).unwrap().1);
    assert!(after.broker(leader).unwrap().fenced);
    assert!(!anim.scene_at(Some(0)).broker(leader).unwrap().fenced);
    // The second record reaches the new leader.
    let new_pod = &kc.broker(new).unwrap().pod;
    assert!(tl.steps[el..].iter().any(|s| s.caption.contains(&format!(
        "{new_pod} leads orders-{p}: it appends the record"
    ))));
    assert!(tl.steps.len() < MAX_STEPS);
}

#[test]
fn same_inputs_same_timeline_and_every_step_count_is_bounded() {
    let c = kafka_cluster(&Ops::default());
    for l in [Listeners::Headless, Listeners::Short, Listeners::ClusterIp] {
        for key in ["a", "order-42", "user-7", ""] {
            for fail in [None, Some(0), Some(2)] {
                let i = inputs(l.clone(), key, fail);
                let (_, _, a) = i.build(&c).unwrap();
                let (_, _, b) = i.build(&c).unwrap();
                assert_eq!(a, b);
                assert!(
                    a.timeline.steps.len() <= MAX_STEPS,
                    "{l:?} {key} {fail:?}: {}",
                    a.timeline.steps.len()
                );
                assert_eq!(a.scenes.len(), a.timeline.steps.len());
                // Steps never overlap and frames are pure.
                for w in a.timeline.steps.windows(2) {
                    assert!(w[0].end() <= w[1].at);
                }
                let t = a.timeline.duration() / 2;
                assert_eq!(frame_at(&a.timeline, t), frame_at(&a.timeline, t));
            }
        }
    }
    // Many records on the ClusterIP mistake still fit, with the rest summed up.
    let i = inputs(Listeners::ClusterIp, "x", None);
    let kc = i.kafka_cluster(&c).unwrap();
    let mut spec = i.spec();
    spec.keys = (0..40).map(|k| Some(format!("key-{k}"))).collect();
    let plan = headless_playground::kafka::RoutingPlan::build(&c, &kc, &spec);
    let anim = headless_playground::anim::kafka_anim(&plan, &kc, &c);
    assert!(anim.timeline.steps.len() <= MAX_STEPS);
    assert!(anim
        .timeline
        .steps
        .last()
        .unwrap()
        .caption
        .contains("In all: 40 records sent"));
}

#[test]
fn null_key_and_a_statefulset_without_services_do_not_panic() {
    let c = kafka_cluster(&Ops::default());
    let mut i = inputs(Listeners::Headless, "", None);
    i.key = None;
    let (_, plan, anim) = i.build(&c).unwrap();
    assert_eq!(plan.summary.delivered, 1);
    assert!(!anim.timeline.steps.is_empty());
    // The DNS scenario's StatefulSet has no bootstrap Service: still a picture.
    let sts = Cluster::build(
        &model::parse(scenarios::by_id("statefulset-headful").unwrap().yaml),
        &Ops::default(),
    );
    for (ns, name) in headless_playground::kafka::statefulsets(&sts) {
        for l in [Listeners::Headless, Listeners::Short, Listeners::ClusterIp] {
            let i = ViewInputs {
                statefulset: (ns.clone(), name.clone()),
                listeners: l,
                key: Some("k".into()),
                fail: Some(0),
            };
            let (_, _, anim) = i.build(&sts).unwrap();
            assert!(anim.timeline.steps.len() <= MAX_STEPS);
            assert!(kafka_layout(&anim).is_clean());
            assert!(kafka_layout_narrow(&anim).is_clean());
        }
    }
    // An empty picture lays out without panicking.
    let none = headless_playground::anim::KafkaAnim::default();
    assert!(kafka_layout(&none).boxes.is_empty());
    assert!(kafka_layout_narrow(&none).chips.is_empty());
    // Unknown StatefulSet: an error, not a panic.
    let bad = ViewInputs {
        statefulset: ("kafka".into(), "nope".into()),
        ..inputs(Listeners::Headless, "k", None)
    };
    assert!(bad.build(&c).is_err());
}

#[test]
fn layouts_have_no_overlaps_for_1_to_12_brokers() {
    for n in 1..=12 {
        let c = scaled(n);
        for l in [Listeners::Headless, Listeners::ClusterIp] {
            let i = inputs(l, "order-42", Some(0));
            let (kc, _, anim) = i.build(&c).unwrap();
            assert_eq!(kc.brokers.len(), n as usize);
            for (g, name) in [
                (kafka_layout(&anim), "wide"),
                (kafka_layout_narrow(&anim), "narrow"),
            ] {
                assert!(g.is_clean(), "{n} brokers, {name}: {g:?}");
                // Every broker and every replica it holds is drawn; brokers in ordinal order.
                let xs: Vec<(f32, f32)> = anim
                    .brokers
                    .iter()
                    .map(|(_, a)| {
                        let r = g.rect_of(*a).unwrap();
                        (r.y, r.x)
                    })
                    .collect();
                let mut sorted = xs.clone();
                sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
                assert_eq!(xs, sorted, "{n} {name}: ordinal order");
                let chips = g.chips.iter().filter(|c| c.partition.is_some()).count();
                let replicas: usize = anim
                    .initial
                    .partitions
                    .iter()
                    .map(|p| p.replicas.len())
                    .sum();
                assert_eq!(chips, replicas, "{n} {name}");
                // At most 6 brokers a row; 7..12 wrap into two rows of ⌈N/2⌉.
                let rows: std::collections::BTreeSet<i32> =
                    xs.iter().map(|(y, _)| *y as i32).collect();
                if name == "wide" {
                    assert_eq!(rows.len(), if n <= 6 { 1 } else { 2 }, "{n}");
                }
                // Every hop has two ends.
                for s in &anim.timeline.steps {
                    if let What::Hop { from, to, .. } = s.what {
                        assert!(g.hop_ends(from, to).is_some(), "{n} {name}: {}", s.caption);
                    }
                }
                assert!(g.width > 0.0 && g.height > 0.0);
            }
        }
    }
}

#[test]
fn many_partitions_fold_into_a_more_chip_and_the_still_picture_has_no_steps() {
    let c = kafka_cluster(&Ops::default());
    let mut kc = inputs(Listeners::Headless, "k", None)
        .kafka_cluster(&c)
        .unwrap();
    // A 12-partition topic: 12 replicas a broker, 6 chips drawn (the last "+7 more").
    let big = headless_playground::kafka::KafkaCluster::from_cluster(
        &c,
        "kafka",
        "kafka",
        Listeners::Headless,
        &[headless_playground::kafka::TopicSpec::new("orders", 12, 3)],
        1,
    )
    .unwrap();
    kc.topics = big.topics;
    let still = kafka_still(&c, &kc, "orders");
    assert!(still.timeline.steps.is_empty());
    assert!(still.timeline.summary.contains("Kafka"));
    for g in [kafka_layout(&still), kafka_layout_narrow(&still)] {
        assert!(g.is_clean());
        let more: Vec<_> = g.chips.iter().filter(|c| c.partition.is_none()).collect();
        assert_eq!(more.len(), 3);
        assert!(more.iter().all(|m| m.hidden == 7));
    }
}

// ---- the consumer ----------------------------------------------------------------------------

use headless_playground::anim::kafka::{kafka_story, Story};

/// `n` brokers, the ClusterIP pattern and a key whose consumer connection for the leader lands on
/// a broker outside the partition's replicas (error 6), searched in a fixed order.
fn clusterip_non_replica_key(c: &Cluster) -> Option<String> {
    (0..200).map(|k| format!("order-{k}")).find(|k| {
        let i = inputs(Listeners::ClusterIp, k, None);
        let (_, _, cp, _) = i.build_story(c, Story::Consume).unwrap();
        cp.unwrap().summary.not_leader_errors > 0
    })
}

#[test]
fn golden_consumer_traces() {
    let c = kafka_cluster(&Ops::default());
    let (_, leader) = leader_for(&c, CLUSTERIP_KEY);
    let five = scaled(5);
    let key5 = clusterip_non_replica_key(&five).expect("a key pinned outside the replicas");
    let cases = [
        (
            "kafka-consume-headless",
            &c,
            inputs(Listeners::Headless, CLUSTERIP_KEY, None),
            Story::ProduceThenConsume,
        ),
        (
            "kafka-consume-clusterip",
            &c,
            inputs(Listeners::ClusterIp, CLUSTERIP_KEY, None),
            Story::ProduceThenConsume,
        ),
        (
            "kafka-consume-only-headless",
            &c,
            inputs(Listeners::Headless, CLUSTERIP_KEY, None),
            Story::Consume,
        ),
        (
            "kafka-consume-fail-leader",
            &c,
            inputs(Listeners::Headless, CLUSTERIP_KEY, Some(leader)),
            Story::Consume,
        ),
        (
            "kafka-consume-clusterip-5-brokers",
            &five,
            inputs(Listeners::ClusterIp, &key5, None),
            Story::Consume,
        ),
    ];
    for (name, cluster, inp, story) in cases {
        let (_, _, _, anim) = inp.build_story(cluster, story).unwrap();
        let text = format!(
            "# {:?}, key {:?}, fail {:?}, {story:?}\n# {}\n{}",
            inp.listeners,
            inp.key.as_deref().unwrap_or(""),
            inp.fail,
            anim.timeline.summary,
            trace(&anim.timeline)
        );
        golden::check(&golden::path("anim", name), &text);
    }
}

#[test]
fn the_consumer_follows_the_producer_without_changing_its_steps_and_pauses_at_error_6() {
    let c = kafka_cluster(&Ops::default());
    let i = inputs(Listeners::Headless, CLUSTERIP_KEY, None);
    let (kc, plan, anim) = i.build(&c).unwrap();
    assert_eq!(kafka_story(Some(&plan), None, &kc, &c), anim);
    let (_, _, cp, both) = i.build_story(&c, Story::ProduceThenConsume).unwrap();
    let n = anim.timeline.steps.len();
    assert_eq!(both.consumer_start, Some(n));
    for (a, b) in anim.timeline.steps.iter().zip(&both.timeline.steps) {
        assert_eq!(a.caption, b.caption);
    }
    let consumer = both.consumer.unwrap();
    assert!(both.timeline.steps[n..].iter().any(
        |s| matches!(s.what, What::Hop { from, .. } if from == consumer)
            && s.caption.contains("Fetch orders-1 from offset 0 → kafka-")
    ));
    assert_eq!(cp.unwrap().records.len(), 1);
    assert!(kafka_layout(&both).is_clean() && kafka_layout_narrow(&both).is_clean());
    // Five brokers, replication factor 3: the pinned connection can land outside the replicas.
    let five = scaled(5);
    let key = clusterip_non_replica_key(&five).unwrap();
    let (_, _, _, a) = inputs(Listeners::ClusterIp, &key, None)
        .build_story(&five, Story::Consume)
        .unwrap();
    let tl = &a.timeline;
    let first6 = tl
        .steps
        .iter()
        .position(|s| {
            s.caption
                .contains("NOT_LEADER_OR_FOLLOWER (error 6): kafka-")
        })
        .expect("error 6 spelled out");
    assert!(tl.steps[first6].pause);
    assert_eq!(tl.steps.iter().filter(|s| s.pause).count(), 1);
    assert_eq!(
        tl.steps
            .iter()
            .filter(|s| s.caption.contains("more fetch retries of orders-"))
            .count(),
        1,
        "{}",
        trace(tl)
    );
    assert!(tl.steps.len() <= MAX_STEPS);
    assert!(kafka_layout(&a).is_clean() && kafka_layout_narrow(&a).is_clean());
}
