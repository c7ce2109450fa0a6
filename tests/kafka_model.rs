//! The Kafka model, natively: Kafka's own murmur2 vectors, AdminUtils placement, the partitioner,
//! the cluster view over the `kafka` scenario, and the routing plan for every listener pattern
//! (headless, short, ClusterIP, custom), broker failure, and determinism.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::{DnsServer, Name, Query, RData, RecordType, ResponseCode};
use headless_playground::kafka::*;
use headless_playground::{model, scenarios};

fn kafka_cluster(ops: &Ops) -> Cluster {
    Cluster::build(&model::parse(scenarios::KAFKA.yaml), ops)
}

fn orders() -> Vec<TopicSpec> {
    vec![TopicSpec::new("orders", 3, 3)]
}

fn kc(c: &Cluster, l: Listeners) -> KafkaCluster {
    KafkaCluster::from_cluster(c, "kafka", "kafka", l, &orders(), 1).expect("brokers")
}

fn keys(ks: &[&str]) -> Vec<Option<String>> {
    ks.iter().map(|k| Some(k.to_string())).collect()
}

fn plan_for(l: Listeners, ks: &[&str], seed: u64) -> (Cluster, KafkaCluster, RoutingPlan) {
    let c = kafka_cluster(&Ops::default());
    let k = kc(&c, l);
    let mut spec = ProduceSpec::new("orders", keys(ks));
    spec.seed = seed;
    let p = RoutingPlan::build(&c, &k, &spec);
    (c, k, p)
}

fn leader_of(k: &KafkaCluster, p: i32) -> i32 {
    k.topic("orders").unwrap().partitions[p as usize]
        .leader
        .unwrap()
}

/// Connection id → the broker kube-proxy (or the pod IP) put it on.
fn landings(plan: &RoutingPlan) -> BTreeMap<u32, (Option<i32>, bool, Option<i32>)> {
    plan.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::TcpConnect {
                conn,
                node,
                via_vip,
                landed_on_broker,
                ..
            } if e.outcome == Outcome::Ok => Some((*conn, (*node, *via_vip, *landed_on_broker))),
            _ => None,
        })
        .collect()
}

fn dns_names(plan: &RoutingPlan) -> Vec<String> {
    plan.events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DnsQuery { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

// ---- murmur2 and the partitioner ------------------------------------------------------------

#[test]
fn murmur2_matches_kafka_utils_test_vectors() {
    // (key bytes, murmur2, toPositive, % 3): UtilsTest.testMurmur2 (its last row is the byte array
    // {'a','b','c'}), plus three keys of our own port.
    let table: &[(&[u8], i32, i32, i32)] = &[
        (b"21", -973932308, 1173551340, 0),
        (b"foobar", -790332482, 1357151166, 0),
        (b"a-little-bit-long-string", -985981536, 1161502112, 2),
        (b"a-little-bit-longer-string", -1486304829, 661178819, 2),
        (
            b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
            -58897971,
            2088585677,
            2,
        ),
        (b"abc", 479470107, 479470107, 0),
        (b"key-0", 29210041, 29210041, 1),
        (b"key-1", 193331640, 193331640, 0),
        (b"key-2", 852269702, 852269702, 2),
    ];
    for &(key, h, pos, p3) in table {
        let name = String::from_utf8_lossy(key);
        assert_eq!(murmur2(key), h, "murmur2({name})");
        assert_eq!(to_positive(h), pos, "toPositive({name})");
        assert_eq!(partition_for_key(key, 3), Some(p3), "partition of {name}");
    }
}

#[test]
fn to_positive_clears_the_sign_bit_and_partitions_need_a_topic() {
    assert_eq!(to_positive(i32::MIN), 0);
    assert_eq!(to_positive(-1), i32::MAX);
    assert_eq!(to_positive(7), 7);
    assert_eq!(partition_for_key(b"x", 0), None);
    assert_eq!(partition_for_key(b"x", -3), None);
    assert_eq!(partition_for_key(b"", 1), Some(0));
    // Partitions of a 12-partition topic: the same hash, another modulus.
    let table: &[(&str, i32)] = &[("21", 1173551340 % 12), ("foobar", 1357151166 % 12)];
    for &(k, p) in table {
        assert_eq!(partition_for_key(k.as_bytes(), 12), Some(p), "{k}");
    }
}

#[test]
fn sticky_partitioner_keeps_one_partition_per_batch() {
    let mut rng = SplitMix64::new(3);
    let mut s = StickyPartitioner::new(1000);
    let picks: Vec<i32> = (0..30)
        .map(|_| s.partition(&mut rng, 6, &[], 100).unwrap())
        .collect();
    // 10 records of 100 bytes fill a 1000-byte batch: three runs of ten.
    for run in picks.chunks(10) {
        assert!(run.iter().all(|p| *p == run[0]), "{picks:?}");
    }
    assert!(picks.iter().all(|p| (0..6).contains(p)));
    // Only partitions that have a leader are chosen when some do.
    let mut s = StickyPartitioner::new(100);
    for _ in 0..50 {
        let p = s.partition(&mut rng, 6, &[1, 4], 100).unwrap();
        assert!(p == 1 || p == 4, "{p}");
    }
    assert_eq!(s.partition(&mut rng, 0, &[], 100), None);
}

// ---- placement -----------------------------------------------------------------------------

#[test]
fn placement_follows_admin_utils() {
    let got = assign_replicas(
        &[0, 1, 2],
        4,
        3,
        Placement {
            start_index: 0,
            next_replica_shift: 0,
        },
    )
    .unwrap();
    assert_eq!(
        got,
        vec![vec![0, 1, 2], vec![1, 2, 0], vec![2, 0, 1], vec![0, 2, 1]]
    );
    assert_eq!(
        assign_replicas(&[0, 1, 2], 4, 3, Placement::fixed(0)).unwrap(),
        got
    );
    // Broker ids are sorted first.
    assert_eq!(
        assign_replicas(&[2, 0, 1], 4, 3, Placement::fixed(0)).unwrap(),
        got
    );

    // The worked example in AdminUtils' own comment: 5 brokers, 10 partitions, 3 replicas, start 0.
    // Rows: broker → partitions whose 1st / 2nd / 3rd replica it holds.
    let five = assign_replicas(&[0, 1, 2, 3, 4], 10, 3, Placement::fixed(0)).unwrap();
    let rows: [[&[usize]; 3]; 5] = [
        [&[0, 5], &[4, 8], &[3, 7]],
        [&[1, 6], &[0, 9], &[4, 8]],
        [&[2, 7], &[1, 5], &[0, 9]],
        [&[3, 8], &[2, 6], &[1, 5]],
        [&[4, 9], &[3, 7], &[2, 6]],
    ];
    for (broker, row) in rows.iter().enumerate() {
        for (slot, parts) in row.iter().enumerate() {
            for &p in *parts {
                assert_eq!(five[p][slot], broker as i32, "p{p} replica {slot}");
            }
        }
    }

    // Ids that are not 0..n, a shift, one broker, and the refusals.
    type Row = (&'static [i32], i32, i32, Placement, Vec<Vec<i32>>);
    let table: &[Row] = &[
        (
            &[10, 11, 12],
            3,
            2,
            Placement {
                start_index: 1,
                next_replica_shift: 1,
            },
            vec![vec![11, 10], vec![12, 11], vec![10, 12]],
        ),
        (&[5], 2, 1, Placement::fixed(0), vec![vec![5], vec![5]]),
    ];
    for (ids, parts, rf, pl, want) in table {
        assert_eq!(
            &assign_replicas(ids, *parts, *rf, *pl).unwrap(),
            want,
            "{ids:?}"
        );
    }
    assert_eq!(
        assign_replicas(&[0, 1], 3, 3, Placement::fixed(0)),
        Err(PlacementError::TooFewBrokers {
            replication_factor: 3,
            brokers: 2
        })
    );
    assert_eq!(
        assign_replicas(&[0], 0, 1, Placement::fixed(0)),
        Err(PlacementError::NoPartitions)
    );
    assert_eq!(
        assign_replicas(&[0], 1, 0, Placement::fixed(0)),
        Err(PlacementError::NoReplicas)
    );
    assert_eq!(
        PlacementError::TooFewBrokers {
            replication_factor: 3,
            brokers: 2
        }
        .to_string(),
        "Replication factor: 3 larger than available brokers: 2."
    );
}

#[test]
fn seeded_placement_replays_and_stays_in_range() {
    for seed in 0..20 {
        let a = Placement::seeded(&mut SplitMix64::new(seed), 3);
        let b = Placement::seeded(&mut SplitMix64::new(seed), 3);
        assert_eq!(a, b);
        assert!(a.start_index < 3 && a.next_replica_shift < 3);
        let lists = assign_replicas(&[0, 1, 2], 6, 3, a).unwrap();
        for l in lists {
            let set: BTreeSet<i32> = l.iter().copied().collect();
            assert_eq!(set.len(), 3, "replicas are distinct");
        }
    }
}

// ---- errors --------------------------------------------------------------------------------

#[test]
fn error_codes_are_kafkas() {
    let table = [
        (
            KafkaError::UnknownTopicOrPartition,
            3,
            "UNKNOWN_TOPIC_OR_PARTITION (error 3)",
        ),
        (
            KafkaError::LeaderNotAvailable,
            5,
            "LEADER_NOT_AVAILABLE (error 5)",
        ),
        (
            KafkaError::NotLeaderOrFollower,
            6,
            "NOT_LEADER_OR_FOLLOWER (error 6)",
        ),
        (
            KafkaError::NotEnoughReplicas,
            19,
            "NOT_ENOUGH_REPLICAS (error 19)",
        ),
        (
            KafkaError::FencedLeaderEpoch,
            74,
            "FENCED_LEADER_EPOCH (error 74)",
        ),
    ];
    for (e, code, text) in table {
        assert_eq!(e.code(), code);
        assert_eq!(e.to_string(), text);
        assert_eq!(KafkaError::from_code(code), Some(e));
        assert!(e.retriable());
    }
    assert_eq!(KafkaError::from_code(0), None);
}

// ---- the cluster view ----------------------------------------------------------------------

#[test]
fn brokers_come_from_the_statefulset_in_ordinal_order() {
    let c = kafka_cluster(&Ops::default());
    assert!(statefulsets(&c).contains(&("kafka".into(), "kafka".into())));
    let k = kc(&c, Listeners::Headless);
    let ids: Vec<i32> = k.brokers.iter().map(|b| b.id).collect();
    assert_eq!(ids, [0, 1, 2]);
    for b in &k.brokers {
        assert_eq!(b.pod, format!("kafka-{}", b.id));
        assert_eq!(b.ip, c.pod("kafka", &b.pod).and_then(|p| p.ip()));
        assert!(b.ready && b.alive && !b.fenced);
    }
    assert_eq!(k.headless_service.as_deref(), Some("kafka-hs"));
    assert!(k.headless_service_ok);
    assert_eq!(k.bootstrap_service.as_deref(), Some("kafka-bootstrap"));
    assert_eq!(
        k.bootstrap_vip,
        c.service("kafka", "kafka-bootstrap")
            .and_then(|s| s.cluster_ips.first().copied())
    );
    assert_eq!(
        k.bootstrap_address().to_string(),
        "kafka-bootstrap.kafka.svc.cluster.local:9092"
    );
    assert_eq!(k.controller, Some(0));
    let t = k.topic("orders").unwrap();
    for p in &t.partitions {
        assert_eq!(p.leader, p.preferred_leader());
        assert_eq!(p.isr, p.replicas);
        assert_eq!(p.leader_epoch, 0);
        assert!(!p.leader_moved());
    }
    assert!(k.notes.is_empty(), "{:?}", k.notes);
    assert_eq!(
        KafkaCluster::from_cluster(&c, "kafka", "nope", Listeners::Headless, &orders(), 1),
        Err(BuildError::NoBrokers {
            namespace: "kafka".into(),
            statefulset: "nope".into()
        })
    );
}

#[test]
fn advertised_listeners_per_pattern() {
    let c = kafka_cluster(&Ops::default());
    let table: &[(Listeners, &str)] = &[
        (
            Listeners::Headless,
            "kafka-1.kafka-hs.kafka.svc.cluster.local:9092",
        ),
        (Listeners::Short, "kafka-1.kafka-hs.kafka.svc:9092"),
        (
            Listeners::ClusterIp,
            "kafka-bootstrap.kafka.svc.cluster.local:9092",
        ),
        (
            Listeners::Custom("{pod}.{service}.{namespace}.svc.cluster.local.:9093".into()),
            "kafka-1.kafka-hs.kafka.svc.cluster.local.:9093",
        ),
        (
            Listeners::Custom("broker-{ordinal}.example".into()),
            "broker-1.example:9092",
        ),
    ];
    for (l, want) in table {
        let k = kc(&c, l.clone());
        assert_eq!(k.broker(1).unwrap().advertised.to_string(), *want, "{l:?}");
    }
    assert_eq!(Listeners::parse("clusterip"), Some(Listeners::ClusterIp));
    assert_eq!(Listeners::parse("HEADLESS"), Some(Listeners::Headless));
    assert_eq!(Listeners::parse("short"), Some(Listeners::Short));
    assert_eq!(Listeners::parse("nonsense"), None);
}

#[test]
fn a_broker_not_ready_at_build_has_lost_leadership() {
    let mut ops = Ops::default();
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "kafka", "kafka-0",
        ));
    let c = kafka_cluster(&ops);
    let k = kc(&c, Listeners::Headless);
    let b0 = k.broker(0).unwrap();
    assert!(!b0.ready && !b0.alive && b0.fenced);
    assert_eq!(k.controller, Some(1));
    for p in &k.topic("orders").unwrap().partitions {
        assert_ne!(p.leader, Some(0));
        assert!(!p.isr.contains(&0));
        let first_live = p.replicas.iter().copied().find(|r| *r != 0);
        assert_eq!(p.leader, first_live);
        assert_eq!(p.leader_epoch, i32::from(p.preferred_leader() == Some(0)));
        assert_eq!(p.leader_moved(), p.preferred_leader() == Some(0));
    }
}

#[test]
fn impossible_topics_are_noted_not_created() {
    let c = kafka_cluster(&Ops::default());
    let topics = [
        TopicSpec::new("big", 3, 5),
        TopicSpec::new("orders", 3, 3),
        TopicSpec::new("orders", 1, 1),
    ];
    let k =
        KafkaCluster::from_cluster(&c, "kafka", "kafka", Listeners::Headless, &topics, 9).unwrap();
    assert!(k.topic("big").is_none());
    assert_eq!(k.topics.len(), 1);
    assert_eq!(k.notes.len(), 2, "{:?}", k.notes);
}

// ---- routing plans -------------------------------------------------------------------------

/// Every DNS answer in the plan is what the resolver itself says for that name.
fn assert_answers_are_real(c: &Cluster, plan: &RoutingPlan) {
    let mut r = Resolver::new(c);
    for e in &plan.events {
        if let EventKind::DnsAnswer { name, rcode, ips } = &e.kind {
            let q = Query::new(Name::parse(name).unwrap(), RecordType::A);
            let m = r.query(c.dns_service_ip(), &q, true, None).unwrap();
            assert_eq!(Some(m.response_code), *rcode, "{name}");
            let want: BTreeSet<IpAddr> = m
                .answers
                .iter()
                .filter_map(|rr| match rr.rdata {
                    RData::A(v4) => Some(IpAddr::V4(v4)),
                    _ => None,
                })
                .collect();
            assert_eq!(ips.iter().copied().collect::<BTreeSet<_>>(), want, "{name}");
        }
    }
}

fn assert_times_ordered(plan: &RoutingPlan) {
    assert!(plan.events.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
}

#[test]
fn headless_names_reach_every_leader_first_time() {
    let ks = ["key-0", "key-1", "key-2", "a", "b", "c", "orders-77"];
    let (c, k, plan) = plan_for(Listeners::Headless, &ks, 5);
    assert_eq!(plan.summary.records, ks.len());
    assert_eq!(plan.summary.delivered, ks.len());
    assert_eq!(plan.summary.failed, 0);
    assert_eq!(plan.summary.not_leader_errors, 0);
    assert_eq!(plan.summary.wasted_round_trips, 0);
    for r in &plan.records {
        let p = partition_for_key(r.key.as_deref().unwrap().as_bytes(), 3).unwrap();
        assert_eq!(r.partition, Some(p));
        assert_eq!(r.delivered_to, Some(leader_of(&k, p)), "{r:?}");
        assert_eq!(r.attempts, 1);
    }
    // Per-pod names have five dots, so (ndots:5) they are asked as written, with no search-list detour.
    for n in dns_names(&plan)
        .iter()
        .filter(|n| n.starts_with("kafka-") && !n.starts_with("kafka-bootstrap"))
    {
        assert!(n.ends_with(".kafka-hs.kafka.svc.cluster.local."), "{n}");
    }
    // Each node connection goes straight to the pod IP, never via the VIP.
    for (node, via_vip, landed) in landings(&plan).values() {
        if let Some(n) = node {
            assert!(!via_vip);
            assert_eq!(landed, &Some(*n));
        }
    }
    assert_answers_are_real(&c, &plan);
    assert_times_ordered(&plan);
}

#[test]
fn golden_kinds_for_one_record_over_headless_names() {
    let (_, _, plan) = plan_for(Listeners::Headless, &["key-0"], 0);
    assert_eq!(
        plan.kinds(),
        [
            // kafka-bootstrap.kafka.svc.cluster.local has 4 dots: three search domains, then as written
            "DnsQuery",
            "DnsAnswer",
            "DnsQuery",
            "DnsAnswer",
            "DnsQuery",
            "DnsAnswer",
            "DnsQuery",
            "DnsAnswer",
            "TcpConnect",
            "MetadataRequest",
            "MetadataResponse",
            // the leader's per-pod name, asked once
            "DnsQuery",
            "DnsAnswer",
            "TcpConnect",
            "ProduceRequest",
            "ProduceResponse",
        ]
    );
    let rcodes: Vec<Option<ResponseCode>> = plan
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DnsAnswer { rcode, .. } => Some(*rcode),
            _ => None,
        })
        .collect();
    let nx = Some(ResponseCode::NXDomain);
    let ok = Some(ResponseCode::NoError);
    assert_eq!(rcodes, [nx, nx, nx, ok, ok]);
    let e = &plan.events[8];
    assert_eq!(
        (e.from.to_string(), e.to.to_string()),
        ("producer".into(), "bootstrap-vip".into())
    );
    let last = plan.events.last().unwrap();
    assert_eq!(last.outcome, Outcome::Ok);
    assert!(matches!(
        last.kind,
        EventKind::ProduceResponse {
            error: None,
            offset: Some(0),
            ..
        }
    ));
}

#[test]
fn short_names_take_the_search_list() {
    for ns in ["default", "kafka"] {
        let c = kafka_cluster(&Ops::default());
        let k = kc(&c, Listeners::Short);
        let mut spec = ProduceSpec::new("orders", keys(&["key-0", "key-1", "key-2"]));
        spec.client_namespace = ns.into();
        let plan = RoutingPlan::build(&c, &k, &spec);
        assert_eq!(plan.summary.delivered, 3, "{ns}");
        assert_eq!(plan.summary.not_leader_errors, 0);
        let names = dns_names(&plan);
        // kafka-N.kafka-hs.kafka.svc has 3 dots: the client's own namespace domain comes first.
        for b in 0..3 {
            let short = format!("kafka-{b}.kafka-hs.kafka.svc");
            let tried: Vec<&String> = names.iter().filter(|n| n.starts_with(&short)).collect();
            assert_eq!(
                tried,
                [
                    &format!("{short}.{ns}.svc.cluster.local."),
                    &format!("{short}.svc.cluster.local."),
                    &format!("{short}.cluster.local."),
                ],
                "{ns}"
            );
        }
        let nx = plan
            .events
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::DnsAnswer { rcode: Some(ResponseCode::NXDomain), name, .. } if name.starts_with("kafka-") && !name.starts_with("kafka-bootstrap")))
            .count();
        assert_eq!(nx, 6, "two wasted lookups per broker name");
        assert_answers_are_real(&c, &plan);
    }
    // The headless pattern, for contrast, asks each broker name exactly once.
    let (_, _, plan) = plan_for(Listeners::Headless, &["key-0", "key-1", "key-2"], 0);
    assert_eq!(
        dns_names(&plan)
            .iter()
            .filter(|n| n.contains("kafka-hs"))
            .count(),
        3
    );
}

#[test]
fn clusterip_listeners_pin_each_connection_to_one_broker() {
    let ks = ["key-0", "key-1", "key-2", "a", "b", "c"];
    let mut saw_error_6 = false;
    let mut saw_right_landing = false;
    let mut saw_two_brokers_in_one_plan = false;
    for seed in 0..16 {
        let (c, k, plan) = plan_for(Listeners::ClusterIp, &ks, seed);
        let land = landings(&plan);
        // Every node id connects to the VIP, never to a pod IP.
        for (node, via_vip, _) in land.values() {
            assert!(*via_vip, "seed {seed}: {node:?}");
        }
        let brokers: BTreeSet<Option<i32>> = land.values().map(|v| v.2).collect();
        saw_two_brokers_in_one_plan |= brokers.len() > 1;
        // Every request on a connection goes to the broker that connection landed on.
        for e in &plan.events {
            let conn = match &e.kind {
                EventKind::ProduceRequest { conn, .. }
                | EventKind::MetadataRequest { conn, .. } => *conn,
                _ => continue,
            };
            assert_eq!(
                Some(e.to.clone()),
                land[&conn].2.map(Actor::Broker),
                "seed {seed}"
            );
        }
        // A node id's connection that landed on the right broker delivers; one that did not gets error 6.
        for r in &plan.records {
            let p = r.partition.unwrap();
            let l = leader_of(&k, p);
            let pinned = land.values().find(|v| v.0 == Some(l)).and_then(|v| v.2);
            if pinned == Some(l) {
                saw_right_landing = true;
                assert_eq!(r.outcome, Outcome::Ok, "seed {seed}");
                assert_eq!(r.delivered_to, Some(l));
            } else {
                saw_error_6 = true;
                assert_eq!(r.outcome, Outcome::Error, "seed {seed}");
                assert!(r
                    .error
                    .as_deref()
                    .unwrap()
                    .contains("NOT_LEADER_OR_FOLLOWER (error 6)"));
                assert_eq!(r.finished_ms - r.created_ms, 120_000, "delivery.timeout.ms");
            }
        }
        assert_eq!(plan.summary.delivered + plan.summary.failed, ks.len());
        assert_eq!(
            plan.summary.wasted_round_trips,
            plan.summary.not_leader_errors
        );
        assert_answers_are_real(&c, &plan);
        assert_times_ordered(&plan);
    }
    assert!(saw_error_6 && saw_right_landing && saw_two_brokers_in_one_plan);
}

#[test]
fn clusterip_retries_back_off_100_doubling_to_1000() {
    let (_, _, plan) = (0..32)
        .map(|s| plan_for(Listeners::ClusterIp, &["key-0"], s))
        .find(|(_, _, p)| p.summary.failed == 1)
        .expect("some seed pins node 0's connection elsewhere");
    let waits: Vec<u64> = plan
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Backoff { ms, .. } => Some(ms),
            _ => None,
        })
        .collect();
    assert_eq!(waits[..6], [100, 200, 400, 800, 1000, 1000]);
    assert!(waits[4..].iter().all(|w| *w == 1000));
    assert!(plan.summary.wasted_round_trips > 100, "{:?}", plan.summary);
    let failed = plan.events.last().unwrap();
    assert!(matches!(
        failed.kind,
        EventKind::RecordFailed { record: 0, .. }
    ));
    assert_eq!(failed.at_ms, 120_000);
    // The error is spelled out with the broker and partition.
    let e6 = plan
        .events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::ProduceResponse {
                    error: Some(KafkaError::NotLeaderOrFollower),
                    ..
                }
            )
        })
        .unwrap();
    assert!(
        e6.caption
            .starts_with("NOT_LEADER_OR_FOLLOWER (error 6): kafka-"),
        "{}",
        e6.caption
    );
    assert!(
        e6.caption.ends_with("does not lead orders-1."),
        "{}",
        e6.caption
    );
}

#[test]
fn broker_failure_moves_leadership_and_the_client_recovers() {
    let c = kafka_cluster(&Ops::default());
    let k = kc(&c, Listeners::Headless);
    // A key for every partition, twice, one second apart; the leader of key-2's partition dies at 2.5 s.
    let ks = ["key-0", "key-1", "key-2", "key-0", "key-1", "key-2"];
    let p2 = partition_for_key(b"key-2", 3).unwrap();
    let victim = leader_of(&k, p2);
    let mut spec = ProduceSpec::new("orders", keys(&ks));
    spec.failure = Some(BrokerFailure {
        broker: victim,
        at_ms: 2_500,
    });
    let plan = RoutingPlan::build(&c, &k, &spec);

    let at = |name: &str| {
        plan.events
            .iter()
            .find(|e| e.kind.name() == name)
            .map(|e| e.at_ms)
    };
    assert_eq!(at("BrokerDown"), Some(2_500));
    assert_eq!(at("Fenced"), Some(11_500));
    let part = &k.topic("orders").unwrap().partitions[p2 as usize];
    let want_leader = part.replicas.iter().copied().find(|r| *r != victim);
    let elected: Vec<(i32, Option<i32>, i32)> = plan
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LeaderElected {
                partition,
                new_leader,
                epoch,
                ..
            } => Some((*partition, *new_leader, *epoch)),
            _ => None,
        })
        .collect();
    assert!(elected.contains(&(p2, want_leader, 1)), "{elected:?}");
    for (p, l, _) in &elected {
        assert_eq!(
            k.topic("orders").unwrap().partitions[*p as usize].leader,
            Some(victim)
        );
        assert_ne!(*l, Some(victim));
    }
    let fin = &plan.final_partitions[p2 as usize];
    assert_eq!((fin.leader, fin.leader_epoch), (want_leader, 1));
    assert_eq!(
        fin.preferred_leader(),
        Some(victim),
        "the preferred leader stays replicas[0]"
    );
    assert!(!fin.isr.contains(&victim));
    // Every record arrives; the ones for the dead leader's partitions after the failure arrive late, at the new leader.
    assert_eq!(plan.summary.delivered, ks.len(), "{:?}", plan.records);
    let late = &plan.records[5];
    assert_eq!(late.delivered_to, want_leader);
    assert!(late.finished_ms > 11_500);
    // On the way there the client saw refused connections and refreshed its metadata.
    assert!(plan
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::TcpConnect { .. }) && e.outcome == Outcome::Error));
    assert!(plan.summary.metadata_requests > 3);
    assert_times_ordered(&plan);
}

#[test]
fn fencing_below_min_insync_gives_not_enough_replicas() {
    let c = kafka_cluster(&Ops::default());
    let mut t = TopicSpec::new("orders", 3, 3);
    t.min_insync_replicas = 3;
    let k = KafkaCluster::from_cluster(&c, "kafka", "kafka", Listeners::Headless, &[t], 1).unwrap();
    let mut spec = ProduceSpec::new("orders", keys(&["key-0", "key-0"]));
    spec.failure = Some(BrokerFailure {
        broker: 2,
        at_ms: 0,
    });
    spec.interval_ms = 20_000;
    let plan = RoutingPlan::build(&c, &k, &spec);
    assert!(plan.events.iter().any(|e| matches!(
        e.kind,
        EventKind::ProduceResponse {
            error: Some(KafkaError::NotEnoughReplicas),
            ..
        }
    )));
    assert_eq!(plan.records[1].outcome, Outcome::Error);
}

#[test]
fn unknown_topic_blocks_then_fails() {
    let c = kafka_cluster(&Ops::default());
    let k = kc(&c, Listeners::Headless);
    let plan = RoutingPlan::build(&c, &k, &ProduceSpec::new("nope", keys(&["a"])));
    assert_eq!(plan.summary.failed, 1);
    assert!(plan.events.iter().any(|e| matches!(
        e.kind,
        EventKind::MetadataResponse {
            topic_error: Some(KafkaError::UnknownTopicOrPartition),
            ..
        }
    )));
    let last = plan.events.last().unwrap();
    assert!(matches!(
        last.kind,
        EventKind::RecordFailed {
            partition: None,
            ..
        }
    ));
    assert_eq!(last.at_ms, 60_000);
    assert!(!plan.notes.is_empty());
}

#[test]
fn a_custom_pattern_that_does_not_resolve_fails_without_panicking() {
    let c = kafka_cluster(&Ops::default());
    for pattern in [
        "{pod}.nowhere.{namespace}.svc.cluster.local",
        "bad..name:{pod}",
        "{pod}:99999",
    ] {
        let k = kc(&c, Listeners::Custom(pattern.into()));
        let plan = RoutingPlan::build(&c, &k, &ProduceSpec::new("orders", keys(&["key-0"])));
        assert_eq!(plan.summary.records, 1, "{pattern}");
        if pattern.contains("nowhere") || pattern.contains("..") {
            assert_eq!(plan.summary.failed, 1, "{pattern}");
            assert!(
                plan.events.iter().any(|e| e.kind.name() == "ResolveFailed"),
                "{pattern}"
            );
        }
    }
}

#[test]
fn null_keys_stick_to_one_partition() {
    let c = kafka_cluster(&Ops::default());
    let k = kc(&c, Listeners::Headless);
    let mut spec = ProduceSpec::new("orders", vec![None; 8]);
    spec.interval_ms = 0;
    let plan = RoutingPlan::build(&c, &k, &spec);
    let parts: BTreeSet<Option<i32>> = plan.records.iter().map(|r| r.partition).collect();
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(plan.summary.delivered, 8);
    // With a tiny batch.size every record starts a new batch, and the choice spreads.
    spec.batch_size = 1;
    spec.keys = vec![None; 30];
    let plan = RoutingPlan::build(&c, &k, &spec);
    let parts: BTreeSet<Option<i32>> = plan.records.iter().map(|r| r.partition).collect();
    assert!(parts.len() > 1, "{parts:?}");
}

#[test]
fn same_inputs_same_plan() {
    for l in [Listeners::Headless, Listeners::Short, Listeners::ClusterIp] {
        let (_, _, a) = plan_for(l.clone(), &["key-0", "x", "y"], 42);
        let (_, _, b) = plan_for(l.clone(), &["key-0", "x", "y"], 42);
        assert_eq!(a, b, "{l:?}");
    }
    let c = kafka_cluster(&Ops::default());
    assert_eq!(kc(&c, Listeners::Headless), kc(&c, Listeners::Headless));
    // Different seeds give different kube-proxy choices somewhere.
    let plans: BTreeSet<String> = (0..8)
        .map(|s| {
            format!(
                "{:?}",
                landings(&plan_for(Listeners::ClusterIp, &["key-0", "key-1", "key-2"], s).2)
            )
        })
        .collect();
    assert!(plans.len() > 1);
    assert_ne!(derive_seed(&[b"a"]), derive_seed(&[b"b"]));
}

#[test]
fn every_event_has_a_caption_and_actors() {
    let (_, _, plan) = plan_for(Listeners::ClusterIp, &["key-0", "key-1"], 3);
    for e in &plan.events {
        assert!(e.caption.ends_with('.'), "{}", e.caption);
        assert!(!e.caption.is_empty());
        let ids = [e.from.to_string(), e.to.to_string()];
        for id in ids {
            assert!(
                ["producer", "coredns", "bootstrap-vip"].contains(&id.as_str())
                    || id.starts_with("broker-"),
                "{id}"
            );
        }
    }
    let json = serde_json::to_value(&plan).unwrap();
    assert!(json["events"][0]["kind"]["type"] == "DnsQuery");
    assert!(json["events"][0]["from"] == "producer");
}

// ---- the consumer ----------------------------------------------------------------------------

#[test]
fn consumer_reads_what_the_producer_delivered_from_the_leader() {
    let (c, k, plan) = plan_for(Listeners::Headless, &["order-7"], 3);
    let p = plan.records[0].partition.unwrap();
    let cp = ConsumePlan::after(&c, &k, &plan, &ConsumeSpec::new("orders", p));
    assert!(cp.summary.caught_up);
    assert_eq!(cp.records.len(), 1);
    assert_eq!(cp.records[0].offset, 0);
    assert_eq!(cp.summary.read_from, Some(leader_of(&k, p)));
    assert!(!cp.summary.read_from_follower);
    assert_eq!(cp.summary.wasted_fetches, 0);
    // Bootstrap DNS, connect, Metadata, the leader's DNS, connect, Fetch.
    let kinds = cp.kinds();
    let fetch = kinds.iter().position(|k| *k == "FetchRequest").unwrap();
    assert!(kinds[..fetch].contains(&"MetadataResponse"));
    assert!(kinds[..fetch].iter().filter(|k| **k == "DnsQuery").count() >= 2);
    assert!(cp.events.iter().all(|e| e.from == Actor::Consumer
        || e.to == Actor::Consumer
        || matches!(e.kind, ConsumeKind::Net(_))));
    assert!(cp.events[0].at_ms >= plan.summary.finished_ms + consume::CONSUME_GAP_MS);
    // Alone, the same read finds the partition empty after one long poll.
    let alone = ConsumePlan::build(&c, &k, &ConsumeSpec::new("orders", p), &BTreeMap::new());
    assert!(alone.summary.caught_up && alone.records.is_empty());
    assert!(alone.summary.finished_ms >= consume::FETCH_MAX_WAIT_MS);
}

#[test]
fn consumer_on_a_broker_without_a_replica_gets_error_6_on_its_pinned_connection() {
    let mut ops = Ops::default();
    ops.scale.insert(
        headless_playground::cluster::ObjectRef::new("kafka", "kafka"),
        5,
    );
    let c = kafka_cluster(&ops);
    let k = kc(&c, Listeners::ClusterIp);
    let mut hit = None;
    for seed in 0..200 {
        for p in 0..3 {
            let mut spec = ConsumeSpec::new("orders", p);
            spec.seed = seed;
            let cp = ConsumePlan::build(&c, &k, &spec, &BTreeMap::new());
            if cp.summary.not_leader_errors > 0 {
                hit = Some(cp);
                break;
            }
        }
        if hit.is_some() {
            break;
        }
    }
    let cp = hit.expect("some seed pins the leader's connection outside the replicas");
    assert!(!cp.summary.caught_up, "it never reaches the leader");
    let fetch_conns: BTreeSet<u32> = cp
        .events
        .iter()
        .filter_map(|e| match e.kind {
            ConsumeKind::FetchRequest { conn, .. } => Some(conn),
            _ => None,
        })
        .collect();
    assert_eq!(
        fetch_conns.len(),
        1,
        "every retry rides the same connection"
    );
    let backoffs: Vec<u64> = cp
        .events
        .iter()
        .filter_map(|e| match e.kind {
            ConsumeKind::Backoff { ms } => Some(ms),
            _ => None,
        })
        .collect();
    assert_eq!(&backoffs[..4], &[100, 200, 400, 800]);
    assert!(backoffs.iter().all(|ms| *ms <= 1_000));
    assert!(cp.events.iter().any(|e| e
        .caption
        .starts_with("NOT_LEADER_OR_FOLLOWER (error 6): kafka-")));
    assert!(matches!(
        cp.events.last().unwrap().kind,
        ConsumeKind::Stopped { .. }
    ));
    assert!(cp.summary.finished_ms <= consume::DEFAULT_API_TIMEOUT_MS);
}

#[test]
fn consumer_with_a_failed_leader_fails_until_the_election_then_reads_the_new_leader() {
    let c = kafka_cluster(&Ops::default());
    let k = kc(&c, Listeners::Headless);
    let p = partition_for_key(b"order-7", 3).unwrap();
    let old = leader_of(&k, p);
    let mut spec = ConsumeSpec::new("orders", p);
    spec.failure = Some(BrokerFailure {
        broker: old,
        at_ms: 500,
    });
    let cp = ConsumePlan::build(&c, &k, &spec, &BTreeMap::new());
    let elected = cp
        .events
        .iter()
        .position(|e| matches!(e.kind, ConsumeKind::Net(EventKind::LeaderElected { partition, .. }) if partition == p))
        .expect("an election");
    assert!(cp.events[..elected]
        .iter()
        .any(|e| matches!(e.kind, ConsumeKind::FetchInterrupted { .. })));
    let new = cp.summary.read_from.unwrap();
    assert_ne!(new, old);
    assert!(cp.summary.caught_up && cp.summary.wasted_fetches >= 1);
    // Deterministic.
    assert_eq!(cp, ConsumePlan::build(&c, &k, &spec, &BTreeMap::new()));
}
