//! The DNS animation timeline, natively: golden traces for every built-in scenario's suggested
//! commands, the shapes the spec asks for (search-list attempts, kube-proxy's rewrite, headless
//! connects straight to a pod, timeouts retried), the layout for 1..12 and 5,000 pods, and the
//! playback queries (`frame_at` is pure, time only moves forward while playing).
//!
//! `UPDATE_GOLDEN=1 cargo test --test anim_dns` rewrites `tests/golden/anim/*.txt` (check by eye).

#[path = "support/golden.rs"]
#[allow(dead_code)]
mod golden;

use std::fmt::Write as _;

use headless_playground::anim::timeline::HopKind;
use headless_playground::anim::{
    dns_timeline, frame_at, layout, layout_narrow, DnsInput, Outcome, Timeline, What,
};
use headless_playground::cluster::{Cluster, Ops, CLIENT_POD};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::{run_command, ResolvConf, RunEnv};
use headless_playground::{model, scenarios};

fn cluster(yaml: &str, ops: &Ops) -> Cluster {
    Cluster::build(&model::parse(yaml), ops)
}

/// Runs `command` from `client` the way the console does, and builds its timeline.
fn timeline(c: &Cluster, client: (&str, &str), command: &str, seed: u64) -> Timeline {
    let conf = ResolvConf::cluster_first(client.0, &c.zone).unwrap();
    let mut resolver = Resolver::with_seed(c, seed);
    let _ = run_command(command, &mut resolver, &conf, &RunEnv::default());
    dns_timeline(&DnsInput {
        cluster: c,
        client,
        command,
        log: &resolver.log,
        seed,
    })
}

fn trace(tl: &Timeline) -> String {
    let mut out = String::new();
    for s in &tl.steps {
        let lines: Vec<String> = s.pos.iter().map(|p| p.line.to_string()).collect();
        let _ = writeln!(
            out,
            "{:>5} {:<8}{} {}{}",
            s.at,
            s.outcome.as_str(),
            if s.pause { " ‖" } else { "" },
            s.caption,
            if lines.is_empty() {
                String::new()
            } else {
                format!(" [lines {}]", lines.join(","))
            }
        );
    }
    out
}

#[test]
fn golden_traces_for_every_scenario_command() {
    for sc in scenarios::ALL {
        let c = cluster(sc.yaml, &Ops::default());
        let mut text = String::new();
        for cmd in sc.commands {
            let tl = timeline(&c, CLIENT_POD, cmd, 42);
            let _ = writeln!(text, "$ {cmd}\n{}", trace(&tl));
        }
        golden::check(&golden::path("anim", sc.id), &text);
    }
}

#[test]
fn a_search_walk_shows_one_attempt_per_search_domain_nxdomain_ones_dimmed() {
    let c = cluster(scenarios::SEED.yaml, &Ops::default());
    // From kube-system the short name walks kube-system.svc…, svc…, cluster.local, then as typed.
    let coredns = c
        .pods
        .iter()
        .find(|p| &*p.namespace == "kube-system")
        .unwrap();
    let tl = timeline(
        &c,
        ("kube-system", &coredns.name),
        "dig +search test-headless",
        1,
    );
    let attempts: Vec<_> = tl.chapters.iter().filter_map(|ch| ch.attempt).collect();
    assert_eq!(attempts, vec![(1, 4), (2, 4), (3, 4), (4, 4)]);
    assert!(tl.chapters[1]
        .title
        .contains("test-headless.kube-system.svc.cluster.local."));
    // Every attempt ended NXDOMAIN; all but the last are dimmed, and the last one is the pause.
    let verdicts: Vec<_> = tl
        .steps
        .iter()
        .filter(|s| s.caption.starts_with("CoreDNS decides"))
        .collect();
    assert_eq!(verdicts.len(), 4);
    assert!(verdicts.iter().all(|s| s.outcome == Outcome::NxDomain));
    assert!(verdicts[..3].iter().all(|s| s.dim && !s.pause));
    assert!(verdicts[3].pause && !verdicts[3].dim);
    // From default the first attempt answers: one attempt, then the connection to a pod.
    let tl = timeline(&c, CLIENT_POD, "dig +search test-headless", 1);
    assert_eq!(
        tl.chapters.iter().filter(|ch| ch.attempt.is_some()).count(),
        1
    );
    let last = tl.steps.last().unwrap();
    assert!(
        last.caption.contains("connect straight to pod test-"),
        "{}",
        last.caption
    );
    assert!(matches!(
        last.what,
        What::Hop {
            kind: HopKind::Connect,
            ..
        }
    ));
}

#[test]
fn the_dns_vip_hop_is_kube_proxys_rewrite_and_clusterip_answers_name_kube_proxy() {
    let c = cluster(scenarios::SEED.yaml, &Ops::default());
    let tl = timeline(
        &c,
        CLIENT_POD,
        "dig test-headful.default.svc.cluster.local",
        3,
    );
    let rewrite = tl
        .steps
        .iter()
        .find(|s| {
            matches!(
                s.what,
                What::Hop {
                    kind: HopKind::Rewrite,
                    ..
                }
            )
        })
        .unwrap();
    assert!(rewrite
        .caption
        .starts_with("kube-proxy rewrites the destination 10.96.0.10 to CoreDNS pod coredns-"));
    let last = tl.steps.last().unwrap();
    assert!(
        last.caption.starts_with("kube-proxy picks pod test-"),
        "{}",
        last.caption
    );
    assert!(last.caption.contains("one of 3 ready endpoints"));
    // The verdict cites the Service's manifest lines.
    let verdict = tl.steps.iter().find(|s| s.pause).unwrap();
    assert!(verdict.pos.iter().any(|p| p.line == 2), "{:?}", verdict.pos);
}

#[test]
fn a_not_ready_pod_is_never_connected_to_and_no_endpoints_rejects() {
    let mut ops = Ops::default();
    for p in ["test-1", "test-2"] {
        ops.not_ready
            .insert(headless_playground::cluster::ObjectRef::new("default", p));
    }
    let c = cluster(scenarios::SEED.yaml, &ops);
    for seed in 0..20 {
        let tl = timeline(
            &c,
            CLIENT_POD,
            "dig test-headful.default.svc.cluster.local",
            seed,
        );
        let last = tl.steps.last().unwrap();
        assert!(last.caption.contains("pod test-3"), "{}", last.caption);
        assert!(
            last.caption.contains("one of 1 ready endpoint,"),
            "{}",
            last.caption
        );
    }
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "test-3",
        ));
    let c = cluster(scenarios::SEED.yaml, &ops);
    let tl = timeline(
        &c,
        CLIENT_POD,
        "dig test-headful.default.svc.cluster.local",
        0,
    );
    let last = tl.steps.last().unwrap();
    assert_eq!(last.outcome, Outcome::Error);
    assert!(last.caption.contains("no ready endpoints"));
}

#[test]
fn a_wrong_server_shows_every_retry_and_gives_up() {
    let c = cluster(scenarios::SEED.yaml, &Ops::default());
    let tl = timeline(
        &c,
        CLIENT_POD,
        "dig @10.0.0.1 test-headful.default.svc.cluster.local",
        0,
    );
    let timeouts = tl
        .steps
        .iter()
        .filter(|s| s.outcome == Outcome::Timeout)
        .count();
    // dig tries three times, then gives up.
    assert_eq!(timeouts, 4, "{}", trace(&tl));
    assert!(tl.steps[0].caption.contains("names server 10.0.0.1"));
    assert!(tl.steps.iter().any(|s| s.caption.contains("(try 3)")));
    assert!(tl.steps.last().unwrap().caption.contains("gives up"));
}

#[test]
fn srv_lists_targets_and_ptr_points_at_the_owner() {
    let c = cluster(scenarios::KAFKA.yaml, &Ops::default());
    let tl = timeline(
        &c,
        CLIENT_POD,
        "dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local",
        0,
    );
    let last = tl.steps.last().unwrap();
    assert!(
        last.caption.starts_with(
            "The SRV answer names 3 targets: kafka-0.kafka-hs.kafka.svc.cluster.local:9092"
        ),
        "{}",
        last.caption
    );
    let What::Mark { actors } = &last.what else {
        panic!()
    };
    assert_eq!(actors.len(), 3);
    let c = cluster(scenarios::SEED.yaml, &Ops::default());
    let ip = c.pod("default", "test-2").unwrap().ip().unwrap();
    let tl = timeline(&c, CLIENT_POD, &format!("dig -x {ip}"), 0);
    let last = tl.steps.last().unwrap();
    assert!(
        last.caption.starts_with(&format!("{ip} belongs to ")),
        "{}",
        last.caption
    );
}

#[test]
fn a_command_that_sends_nothing_draws_nothing() {
    let c = cluster(scenarios::SEED.yaml, &Ops::default());
    for cmd in ["dig +bogus web", "nslookup", "curl web"] {
        let tl = timeline(&c, CLIENT_POD, cmd, 1);
        assert!(
            tl.steps.is_empty() && tl.actors.is_empty(),
            "{cmd}: {}",
            trace(&tl)
        );
        assert!(tl.summary.contains("sent no DNS query"));
        assert!(layout(&tl).is_clean() && layout_narrow(&tl).is_clean());
    }
}

#[test]
fn same_inputs_same_picture_other_seeds_other_picks() {
    let c = cluster(scenarios::SEED.yaml, &Ops::default());
    let cmd = "dig test-headful.default.svc.cluster.local";
    assert_eq!(
        timeline(&c, CLIENT_POD, cmd, 9),
        timeline(&c, CLIENT_POD, cmd, 9)
    );
    let picks: std::collections::BTreeSet<String> = (0..40)
        .map(|s| {
            timeline(&c, CLIENT_POD, cmd, s)
                .steps
                .last()
                .unwrap()
                .caption
                .clone()
        })
        .collect();
    assert!(
        picks.len() > 1,
        "kube-proxy always picked the same pod: {picks:?}"
    );
}

#[test]
fn frames_are_pure_and_time_runs_forward() {
    let c = cluster(scenarios::KAFKA.yaml, &Ops::default());
    let coredns = c
        .pods
        .iter()
        .find(|p| &*p.namespace == "kube-system")
        .unwrap();
    let tl = timeline(
        &c,
        ("kube-system", &coredns.name),
        "dig +search kafka-0.kafka-hs.kafka",
        5,
    );
    let mut prev_at = 0;
    for s in &tl.steps {
        assert!(s.at >= prev_at && s.dur > 0);
        prev_at = s.end();
    }
    let mut last_step = 0;
    for t in (0..=tl.duration() + 100).step_by(37) {
        let f = frame_at(&tl, t);
        assert_eq!(f, frame_at(&tl, t), "frame_at({t}) is not idempotent");
        let step = f.step.unwrap();
        assert!(step >= last_step, "the step went back at t={t}");
        last_step = step;
        assert!(f.packets.len() <= 1);
        for p in &f.packets {
            assert!((0.0..=1.0).contains(&p.progress));
        }
    }
    // Next walks every step end from step 2 on (at 0, step 1 already shows), Previous walks back.
    let mut t = 0;
    let mut ends = Vec::new();
    while t < tl.duration() {
        t = tl.next_stop(t);
        ends.push(t);
    }
    assert_eq!(
        ends,
        tl.steps[1..].iter().map(|s| s.end()).collect::<Vec<_>>()
    );
    let mut back = Vec::new();
    while t > 0 {
        t = tl.prev_stop(t);
        back.push(t);
    }
    assert_eq!(back.len(), tl.steps.len());
}

/// A headless and a ClusterIP Service over `n` StatefulSet pods.
fn sts_yaml(n: usize, sets: usize) -> String {
    let mut y = String::new();
    for s in 0..sets {
        let _ = write!(
            y,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: hs{s}\nspec:\n  clusterIP: None\n  selector:\n    app: a{s}\n  ports:\n  - name: http\n    port: 80\n---\n\
             apiVersion: v1\nkind: Service\nmetadata:\n  name: vip{s}\nspec:\n  selector:\n    app: a{s}\n  ports:\n  - name: http\n    port: 80\n---\n\
             apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web{s}\nspec:\n  serviceName: hs{s}\n  replicas: {n}\n  selector:\n    matchLabels:\n      app: a{s}\n  template:\n    metadata:\n      labels:\n        app: a{s}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n---\n"
        );
    }
    y
}

#[test]
fn layout_has_no_overlaps_for_1_to_12_pods_and_for_5000() {
    for n in 1..=12 {
        let c = cluster(&sts_yaml(n, 1), &Ops::default());
        for cmd in [
            "dig hs0.default.svc.cluster.local",
            "dig vip0.default.svc.cluster.local",
            "dig SRV _http._tcp.hs0.default.svc.cluster.local",
        ] {
            let tl = timeline(&c, CLIENT_POD, cmd, n as u64);
            let narrow = layout_narrow(&tl);
            assert!(
                narrow.is_clean(),
                "stacked, {n} pods, {cmd}: {:?}",
                narrow.rects()
            );
            assert_eq!(
                narrow.boxes.iter().flatten().count(),
                layout(&tl).boxes.iter().flatten().count()
            );
            let g = layout(&tl);
            assert!(g.is_clean(), "{n} pods, {cmd}: {:?}", g.rects());
            let pods = tl
                .actors
                .iter()
                .filter(|a| a.kind == headless_playground::anim::ActorKind::Pod)
                .count();
            assert_eq!(pods, n);
            let shown = g.boxes.iter().flatten().count();
            if n + 1 > 6 {
                assert_eq!(g.more.len(), 1, "{n} pods");
                assert_eq!(g.more[0].hidden, n + 1 - 5);
            } else {
                assert!(g.more.is_empty());
                assert_eq!(shown, tl.actors.len());
            }
            // Every hop has two drawn ends.
            for s in &tl.steps {
                if let What::Hop { from, to, .. } = s.what {
                    assert!(g.hop_curve(from, to, false).is_some());
                    assert!(narrow.hop_curve(from, to, true).is_some());
                }
            }
        }
    }
    // 5,000 pods: 50 StatefulSets of 100. The pod connected to is drawn, pods stay in ordinal order.
    let c = cluster(&sts_yaml(100, 50), &Ops::default());
    assert_eq!(
        c.pods.iter().filter(|p| p.name.starts_with("web")).count(),
        5000
    );
    let tl = timeline(
        &c,
        CLIENT_POD,
        "dig web7-57.hs7.default.svc.cluster.local",
        1,
    );
    let g = layout(&tl);
    assert!(g.is_clean());
    assert!(layout_narrow(&tl).is_clean());
    let target = tl.actors.iter().position(|a| a.name == "web7-57").unwrap();
    assert!(
        g.boxes[target].is_some(),
        "the pod the answer names is hidden"
    );
    let shown: Vec<&str> = g
        .boxes
        .iter()
        .enumerate()
        .filter(|(a, b)| {
            b.is_some() && tl.actors[*a].kind == headless_playground::anim::ActorKind::Pod
        })
        .map(|(a, _)| tl.actors[a].name.as_str())
        .collect();
    // Five rows: the Service's virtual IP, then four pods with the one involved among them.
    assert_eq!(shown, ["web7-0", "web7-1", "web7-2", "web7-57"]);
    assert_eq!(g.more[0].hidden, 96);
}
