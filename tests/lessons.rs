//! The guided lessons: every step builds, every command runs, every question has a computed answer
//! that the right guess matches and a wrong one does not, and the facts the texts rest on hold.

use std::collections::BTreeSet;
use std::net::IpAddr;

use headless_playground::lessons::{
    self, expected, reveal, segments, step_cluster, Expected, Guess, GuessError, Outcome,
    PredictKind, Progress, Segment, Step, ALL,
};
use headless_playground::model::Severity;

fn all_steps() -> impl Iterator<Item = (&'static str, usize, &'static Step)> {
    ALL.iter().flat_map(|l| {
        l.steps
            .iter()
            .enumerate()
            .map(move |(i, s)| (l.id, i + 1, s))
    })
}

#[test]
fn every_step_parses_and_builds_without_errors() {
    for (id, n, s) in all_steps() {
        let sc = step_cluster(s);
        let errors: Vec<_> = sc
            .parsed
            .diagnostics
            .iter()
            .chain(&sc.cluster.diagnostics)
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{id} step {n}: {errors:?}");
        // Every toggle names something that exists.
        for pod in &sc.ops.not_ready {
            assert!(
                sc.cluster.pod(&pod.namespace, &pod.name).is_some(),
                "{id} step {n}: no pod {pod}"
            );
        }
        assert_eq!(sc.ops.not_ready.len(), s.not_ready.len(), "{id} step {n}");
        assert_eq!(sc.ops.scale.len(), s.scale.len(), "{id} step {n}");
        assert!(sc.cluster.namespace_exists(s.client.0), "{id} step {n}");
    }
}

#[test]
fn every_command_runs() {
    for (id, n, s) in all_steps() {
        assert!(!s.commands.is_empty(), "{id} step {n}");
        let sc = step_cluster(s);
        let in_text: Vec<&str> = segments(s.text)
            .into_iter()
            .chain(s.predict.map(|p| segments(p.question)).unwrap_or_default())
            .filter_map(|seg| match seg {
                Segment::Command(c) => Some(c),
                _ => None,
            })
            .collect();
        for cmd in s.commands.iter().copied().chain(in_text) {
            let run = sc.run(s.client, cmd);
            assert!(
                !run.text.contains("not supported") && !run.text.contains("syntax error"),
                "{id} step {n}: {cmd}: {}",
                run.text
            );
            assert!(
                !run.text.contains("no servers could be reached"),
                "{id} step {n}: {cmd}"
            );
            assert!(
                run.exit_code == 0 || cmd.starts_with("nslookup") || cmd.starts_with("host"),
                "{id} step {n}: {cmd} exited {}",
                run.exit_code
            );
        }
    }
}

#[test]
fn text_is_short_and_questions_name_their_command() {
    for (id, n, s) in all_steps() {
        let sentences = s.text.matches(". ").count() + 1;
        assert!(
            (1..=5).contains(&sentences),
            "{id} step {n}: {sentences} sentences"
        );
        if let Some(p) = s.predict {
            let cmd = s.predict_command().expect("the predicted command exists");
            let named: Vec<&str> = segments(p.question)
                .into_iter()
                .filter_map(|seg| match seg {
                    Segment::Command(c) => Some(c),
                    _ => None,
                })
                .collect();
            assert_eq!(named, vec![cmd], "{id} step {n}");
            assert!(!p.why.is_empty());
        }
    }
}

/// The right guess for a computed answer, and a wrong one.
fn guesses(e: &Expected) -> (Guess, Guess) {
    match e {
        Expected::Addresses(a) => {
            let right = a
                .iter()
                .rev()
                .map(|ip| ip.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let mut wrong: Vec<String> = a.iter().skip(1).map(|ip| ip.to_string()).collect();
            wrong.push("10.0.0.99".into());
            (Guess::Addresses(right), Guess::Addresses(wrong.join(" ")))
        }
        Expected::Outcome(o) => {
            let other = if *o == Outcome::NxDomain {
                Outcome::Answer
            } else {
                Outcome::NxDomain
            };
            (Guess::Outcome(*o), Guess::Outcome(other))
        }
        Expected::Count(c) | Expected::Queries(c) => (
            Guess::Count(c.to_string()),
            Guess::Count((c + 1).to_string()),
        ),
    }
}

#[test]
fn every_question_has_a_computed_answer_judged_both_ways() {
    let mut asked = 0;
    for (id, n, s) in all_steps() {
        let Some(p) = s.predict else {
            assert!(expected(s).is_none());
            assert_eq!(
                reveal(s, &Guess::Count("1".into())),
                Err(GuessError::NoPrediction)
            );
            continue;
        };
        asked += 1;
        let e = expected(s).unwrap_or_else(|| panic!("{id} step {n}: no answer"));
        match (&e, p.kind) {
            (Expected::Addresses(a), PredictKind::Addresses) => {
                assert!(!a.is_empty(), "{id} step {n}: no addresses to predict")
            }
            (Expected::Outcome(o), PredictKind::Rcode) => {
                assert_ne!(*o, Outcome::Failed, "{id} step {n}")
            }
            (Expected::Count(c), PredictKind::Count)
            | (Expected::Queries(c), PredictKind::Queries) => {
                assert!(*c > 0, "{id} step {n}")
            }
            other => panic!("{id} step {n}: {other:?}"),
        }
        let (right, wrong) = guesses(&e);
        let r = reveal(s, &right).unwrap();
        assert!(r.right, "{id} step {n}: {r:?}");
        assert!(r.why.starts_with(p.why), "{id} step {n}");
        assert!(!r.actual_output.is_empty());
        assert_eq!(r.expected, e.describe());
        let w = reveal(s, &wrong).unwrap();
        assert!(!w.right, "{id} step {n}");
        assert!(!w.diff.is_empty(), "{id} step {n}: no reason");
        assert!(
            w.why.len() > p.why.len(),
            "{id} step {n}: the reason is not in why"
        );
        // Invalid guesses are errors, never verdicts.
        let invalid = match p.kind {
            PredictKind::Addresses => Guess::Addresses("test-1".into()),
            PredictKind::Rcode => Guess::Count("3".into()),
            PredictKind::Count | PredictKind::Queries => Guess::Count("three".into()),
        };
        assert!(reveal(s, &invalid).is_err(), "{id} step {n}");
        let empty = match p.kind {
            PredictKind::Addresses => Guess::Addresses("  ".into()),
            _ => Guess::Count(String::new()),
        };
        if p.kind != PredictKind::Rcode {
            assert_eq!(reveal(s, &empty), Err(GuessError::Empty), "{id} step {n}");
        }
        // Deterministic.
        assert_eq!(expected(s), Some(e));
    }
    assert!(asked >= 20, "{asked} questions");
}

#[test]
fn address_diffs_name_the_pods() {
    let (_, s) = lessons::step("readiness", 1).unwrap();
    let sc = step_cluster(s);
    let ip = |p: &str| sc.cluster.pod("default", p).unwrap().ip().unwrap();
    let guess = format!("{}, {}, {}", ip("test-0"), ip("test-1"), ip("test-2"));
    let r = reveal(s, &Guess::Addresses(guess)).unwrap();
    assert!(!r.right);
    assert!(
        r.why
            .contains(&format!("{} (pod test-1, not ready)", ip("test-1"))),
        "{}",
        r.why
    );
    assert!(r.diff[0].starts_with("extra: "), "{:?}", r.diff);
    let r = reveal(s, &Guess::Addresses(ip("test-0").to_string())).unwrap();
    assert!(
        r.diff
            .iter()
            .any(|d| d == &format!("you left out {} (pod test-2)", ip("test-2"))),
        "{:?}",
        r.diff
    );
    // IPv6 and odd separators are read.
    let r = reveal(s, &Guess::Addresses("fd00::1 | 10.0.0.1;".into())).unwrap();
    assert!(!r.right);
    assert!(matches!(
        reveal(s, &Guess::Addresses("10.244.1.".into())),
        Err(GuessError::NotAnAddress(_))
    ));
    assert!(matches!(
        reveal(s, &Guess::Outcome(Outcome::NxDomain)),
        Err(GuessError::WrongKind {
            expected: PredictKind::Addresses
        })
    ));
}

#[test]
fn headless_minus_three_is_nxdomain() {
    let (_, s) = lessons::step("statefulset-headless", 4).unwrap();
    assert_eq!(s.commands[0], "dig +search test-3.test-headless");
    assert_eq!(expected(s), Some(Expected::Outcome(Outcome::NxDomain)));
    // …while -2 exists (ordinals 0, 1, 2).
    let (_, s3) = lessons::step("statefulset-headless", 3).unwrap();
    assert!(matches!(expected(s3), Some(Expected::Addresses(a)) if a.len() == 1));
    // Scaled to 2, test-2 is gone too.
    let (_, s5) = lessons::step("statefulset-headless", 5).unwrap();
    let run = lessons::run_step_command(s5, "dig +search test-2.test-headless");
    assert!(run.text.contains("status: NXDOMAIN"));
    assert_eq!(expected(s5), Some(Expected::Count(2)));
}

#[test]
fn ndots_walk_takes_several_queries() {
    let (_, s) = lessons::step("search-list", 2).unwrap();
    let run = lessons::run_step_command(s, "dig +search kafka-0.kafka-hs");
    let names: Vec<String> = run
        .log
        .iter()
        .map(|r| r.question.name.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "kafka-0.kafka-hs.default.svc.cluster.local.",
            "kafka-0.kafka-hs.svc.cluster.local.",
            "kafka-0.kafka-hs.cluster.local.",
            "kafka-0.kafka-hs.",
        ]
    );
    assert_eq!(expected(s), Some(Expected::Queries(4)));
    let (_, s1) = lessons::step("search-list", 1).unwrap();
    assert_eq!(expected(s1), Some(Expected::Queries(2)));
    let (_, s3) = lessons::step("search-list", 3).unwrap();
    assert_eq!(s3.client, ("kafka", "dnsutils"));
    assert_eq!(expected(s3), Some(Expected::Queries(1)));
    let (_, s4) = lessons::step("search-list", 4).unwrap();
    assert_eq!(expected(s4), Some(Expected::Queries(3)));
    let fqdn =
        lessons::run_step_command(s4, "dig +search kafka-0.kafka-hs.kafka.svc.cluster.local.");
    assert_eq!(fqdn.log.len(), 1);
    // The reveal lists the walk.
    let r = reveal(s, &Guess::Count("1".into())).unwrap();
    assert!(!r.right);
    assert!(
        r.why
            .contains("kafka-0.kafka-hs.svc.cluster.local. → NXDOMAIN"),
        "{}",
        r.why
    );
}

#[test]
fn not_ready_pod_is_dropped() {
    let (_, s) = lessons::step("readiness", 1).unwrap();
    let sc = step_cluster(s);
    let test1 = sc.cluster.pod("default", "test-1").unwrap();
    assert!(!test1.ready);
    let Some(Expected::Addresses(a)) = expected(s) else {
        panic!()
    };
    assert_eq!(a.len(), 2);
    assert!(!a.contains(&test1.ip().unwrap()));
    let (_, s3) = lessons::step("readiness", 3).unwrap();
    assert_eq!(expected(s3), Some(Expected::Count(3)));
    let (_, s4) = lessons::step("readiness", 4).unwrap();
    assert_eq!(expected(s4), Some(Expected::Outcome(Outcome::NxDomain)));
    // The ordinary Service keeps its ClusterIP with no ready pod.
    let run = lessons::run_step_command(s4, "dig +search +short test-headful");
    let vip: IpAddr = run.text.trim().parse().expect("one address");
    let sc4 = step_cluster(s4);
    assert!(sc4
        .cluster
        .service("default", "test-headful")
        .unwrap()
        .cluster_ips
        .contains(&vip));
}

#[test]
fn article_corrections_hold() {
    // Per-pod names resolve through a ClusterIP serviceName…
    let (_, s) = lessons::step("statefulset-clusterip", 1).unwrap();
    assert_eq!(expected(s), Some(Expected::Outcome(Outcome::Answer)));
    // …but the Service name is one address, and a second headless Service gets no hostnames.
    let (_, s) = lessons::step("statefulset-clusterip", 2).unwrap();
    assert_eq!(expected(s), Some(Expected::Count(1)));
    let (_, s) = lessons::step("statefulset-clusterip", 3).unwrap();
    assert_eq!(expected(s), Some(Expected::Outcome(Outcome::NxDomain)));
    let srv =
        lessons::run_step_command(s, "dig SRV test-headless.default.svc.cluster.local +short");
    assert_eq!(srv.text.lines().count(), 3);
    assert!(
        srv.text.lines().all(|l| l.contains(" 10-244-")),
        "{}",
        srv.text
    );
    // Bare pods behind a Service have dashed-IP names.
    let (_, s) = lessons::step("clusterip-vs-headless", 3).unwrap();
    let srv = lessons::run_step_command(s, s.commands[1]);
    assert!(
        srv.text.lines().all(|l| l.contains(" 10-244-")),
        "{}",
        srv.text
    );
    // SRV ports: the pod's port for headless, the Service port for ClusterIP.
    let (_, s) = lessons::step("srv-records", 2).unwrap();
    let run = lessons::run_step_command(s, s.commands[0]);
    assert!(
        run.text.lines().all(|l| l.contains(" 9113 ")),
        "{}",
        run.text
    );
    let (_, s) = lessons::step("srv-records", 3).unwrap();
    let run = lessons::run_step_command(s, s.commands[0]);
    assert_eq!(
        run.text.trim(),
        "0 100 80 web-lb.default.svc.cluster.local."
    );
}

#[test]
fn kafka_lesson_ends_in_the_kafka_view() {
    let l = lessons::by_id("kafka").unwrap();
    assert!(l.steps.last().unwrap().kafka);
    assert!(l.steps[..l.steps.len() - 1].iter().all(|s| !s.kafka));
    let (_, s) = lessons::step("kafka", 3).unwrap();
    assert_eq!(expected(s), Some(Expected::Outcome(Outcome::Answer)));
    assert_eq!(l.steps[0].scenario().map(|sc| sc.id), Some("kafka"));
}

#[test]
fn text_segments_detect_commands() {
    let (_, s) = lessons::step("clusterip-vs-headless", 2).unwrap();
    let segs = segments(s.text);
    assert!(segs.contains(&Segment::Command("kubectl get pods -o wide")));
    assert!(segs.contains(&Segment::Code("clusterIP: None")));
    let mut n = 0;
    for (_, _, s) in all_steps() {
        n += segments(s.text)
            .iter()
            .filter(|x| matches!(x, Segment::Command(_)))
            .count();
    }
    assert!(n >= 3);
}

#[test]
fn progress_round_trips_and_corrupt_text_is_empty() {
    let mut p = Progress::new();
    for (id, n, _) in all_steps().step_by(3) {
        p.see(id, n);
        p.record_guess(id, n, n % 2 == 0);
        if n % 2 == 1 {
            p.complete(id, n);
        }
    }
    let text = p.to_text();
    assert!(text.starts_with("lp1;"));
    assert_eq!(Progress::parse(&text), p);
    let total: usize = ALL.iter().map(|l| p.done(l.id).1).sum();
    assert_eq!(total, all_steps().count());
    for bad in [
        "",
        "{}",
        "lp1;x",
        "lp0",
        "\u{0}\u{ffff}",
        "lp1;kafka.1=sc,1",
        &text[..text.len() - 1].replace(',', ""),
    ] {
        assert!(Progress::parse(bad).is_empty(), "{bad:?}");
    }
    assert_eq!(p.done("nope"), (0, 0));
}

#[test]
fn export_has_manifests_client_and_every_command_once() {
    for l in ALL {
        let script = lessons::try_it_for_real(l);
        assert!(script.starts_with("#!/bin/sh\n"), "{}", l.id);
        assert!(script.contains("kubectl apply -f - <<'EOF'\n"), "{}", l.id);
        assert!(script.contains(
            "kubectl run dnsutils --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 --restart=Never -- sleep infinity"
        ) || script.contains("kubectl run dnsutils -n "), "{}", l.id);
        assert!(
            script.contains("kubectl wait --for=condition=Ready pod/dnsutils")
                || l.steps[0].client.0 != "default"
        );
        assert!(script.contains("# ---- Cleanup"), "{}", l.id);
        for s in l.steps {
            for cmd in s.commands {
                let dns = !cmd.starts_with("kubectl");
                if dns {
                    assert!(
                        script.contains(&format!("dnsutils -- {cmd}\n")),
                        "{}: {cmd}",
                        l.id
                    );
                } else {
                    assert!(script.contains(&cmd["kubectl ".len()..]), "{}: {cmd}", l.id);
                }
            }
        }
        // Every manifest document appears once, and the applied text is valid YAML for the API.
        let mut applied = String::new();
        let mut rest = script.as_str();
        while let Some(i) = rest.find("kubectl apply -f - <<'EOF'\n") {
            let body = &rest[i + "kubectl apply -f - <<'EOF'\n".len()..];
            let end = body.find("\nEOF\n").expect("heredoc ends");
            applied.push_str(&body[..end]);
            applied.push_str("\n---\n");
            rest = &body[end..];
        }
        let docs: Vec<&str> = applied
            .split("\n---\n")
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .collect();
        let unique: BTreeSet<&str> = docs.iter().copied().collect();
        assert_eq!(unique.len(), docs.len(), "{}: duplicate documents", l.id);
        let parsed = headless_playground::model::parse(&applied);
        assert!(!parsed.has_errors(), "{}: {:?}", l.id, parsed.diagnostics);
        // Every object of every step is applied.
        for s in l.steps {
            let p = headless_playground::model::parse(s.yaml);
            for o in &p.objects {
                assert!(
                    parsed
                        .objects
                        .iter()
                        .any(|a| a.kind_name() == o.kind_name() && a.key() == o.key()),
                    "{}: {} not applied",
                    l.id,
                    o.display_name()
                );
            }
        }
    }
}

#[test]
fn export_replays_toggles_and_namespaces() {
    let s = lessons::try_it_for_real(lessons::by_id("readiness").unwrap());
    assert!(s.contains("kubectl exec test-1 -- rm -f /tmp/ready"), "{s}");
    assert!(s.contains("kubectl exec test-0 -- rm -f /tmp/ready"));
    let s = lessons::try_it_for_real(lessons::by_id("statefulset-headless").unwrap());
    assert!(
        s.contains("kubectl scale statefulset/test --replicas=2"),
        "{s}"
    );
    let s = lessons::try_it_for_real(lessons::by_id("search-list").unwrap());
    assert!(s.contains("kind: Namespace\nmetadata:\n  name: kafka"));
    assert!(s.contains("kubectl run dnsutils -n kafka "), "{s}");
    assert!(s.contains("kubectl exec -n kafka dnsutils -- dig +search kafka-0.kafka-hs\n"));
    assert!(s.contains("kubectl delete namespace/kafka --ignore-not-found"));
    let s = lessons::try_it_for_real(lessons::by_id("kafka").unwrap());
    assert!(
        s.contains("kubectl scale statefulset/kafka -n kafka --replicas=2"),
        "{s}"
    );
}

#[test]
#[ignore = "prints every command's output, for reviewing the texts"]
fn dump() {
    for (id, n, s) in all_steps() {
        let sc = step_cluster(s);
        println!("===== {id} {n}: {}", s.title);
        for cmd in s.commands {
            let run = sc.run(s.client, cmd);
            println!("$ {cmd}\n{}", run.text);
        }
        if s.predict.is_some() {
            println!(">> expected: {:?}", expected(s));
        }
    }
    for l in ALL {
        println!("{}", lessons::try_it_for_real(l));
    }
}

#[test]
fn any_typed_guess_is_judged_or_refused_never_a_panic() {
    let inputs = [
        "",
        " ",
        "\n\t",
        "none",
        "-",
        "0",
        "00",
        "+1",
        "-1",
        "1e3",
        "٣",
        "３",
        "10.244.1.1/24",
        "10.244.1.1:80",
        "::",
        "::ffff:10.244.1.1",
        "fe80::1%eth0",
        "[::1]",
        "1.2.3.4.5",
        "💥",
        "a,b,,c;;",
        "NXDOMAIN",
        "\u{0}",
        "18446744073709551616",
    ];
    let long = "1".repeat(10_000);
    for (_, _, s) in all_steps().filter(|(_, _, s)| s.predict.is_some()) {
        for t in inputs.iter().copied().chain([long.as_str()]) {
            let _ = reveal(s, &Guess::Addresses(t.to_string()));
            let _ = reveal(s, &Guess::Count(t.to_string()));
        }
        for o in [
            Outcome::Answer,
            Outcome::NoData,
            Outcome::NxDomain,
            Outcome::Failed,
        ] {
            let _ = reveal(s, &Guess::Outcome(o));
        }
    }
}

#[test]
fn export_waits_only_when_something_changed() {
    let s = lessons::try_it_for_real(lessons::by_id("readiness").unwrap());
    assert_eq!(s.matches("sleep 5\n").count(), 1, "{s}");
    assert_eq!(s.matches("sleep 35\n").count(), 1, "{s}");
    let s = lessons::try_it_for_real(lessons::by_id("clusterip-vs-headless").unwrap());
    assert!(!s.contains("sleep 3"));
    assert!(s.contains("kubectl wait --for=condition=Ready pod/test-1"));
}
