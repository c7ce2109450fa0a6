//! `kdig kafka`, end to end through the real binary: text lines, JSON, failures, usage errors.

use std::process::{Command, Output};

use serde_json::Value;

fn kdig(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kdig"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kdig runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["kafka", "--json"];
    all.extend_from_slice(args);
    let o = kdig(&all);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&out(&o)).expect("JSON")
}

#[test]
fn text_plan_one_line_per_event() {
    let o = kdig(&["kafka", "-s", "kafka", "--key", "key-0"]);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "t+0ms producer → coredns  DNS A? kafka-bootstrap.kafka.svc.cluster.local.default.svc.cluster.local.");
    assert!(lines
        .iter()
        .any(|l| l.contains("producer → coredns  DNS A? kafka-")
            && l.contains(".kafka-hs.kafka.svc.cluster.local.")));
    assert!(lines.iter().any(|l| l.contains("Produce #0 ok offset 0")));
    assert!(lines
        .last()
        .unwrap()
        .starts_with(";; 1 records: 1 delivered, 0 failed"));
    // Same inputs, same output.
    assert_eq!(
        out(&kdig(&["kafka", "-s", "kafka", "--key", "key-0"])),
        text
    );
}

#[test]
fn json_plan_and_listener_patterns() {
    let plan = json(&["--listeners", "headless"]);
    assert_eq!(plan["summary"]["delivered"], 3);
    assert_eq!(plan["summary"]["not_leader_errors"], 0);
    assert_eq!(plan["events"][0]["kind"]["type"], "DnsQuery");
    let short = json(&["--listeners", "short"]);
    let names: Vec<String> = short["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"]["type"] == "DnsQuery")
        .map(|e| e["kind"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names
        .iter()
        .any(|n| n.ends_with(".kafka-hs.kafka.svc.default.svc.cluster.local.")));
    // Some seed sends a ClusterIP-advertised node id to the wrong broker.
    let wrong = (0..16).any(|s| {
        let seed = s.to_string();
        json(&["--listeners", "clusterip", "--seed", &seed])["summary"]["not_leader_errors"]
            .as_u64()
            .unwrap()
            > 0
    });
    assert!(wrong);
}

#[test]
fn failing_a_broker_moves_leadership() {
    let plan = json(&["--fail", "kafka-1", "--fail-at", "0"]);
    let kinds: Vec<&str> = plan["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"]["type"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"BrokerDown") && kinds.contains(&"Fenced"));
    assert!(plan["final_partitions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["leader"] != 1));
}

#[test]
fn usage_errors_exit_2_and_old_kdig_is_unchanged() {
    for args in [
        &["kafka", "--listeners", "nonsense"][..],
        &["kafka", "--fail", "kafka-9"],
        &["kafka", "--partitions", "x"],
        &["kafka", "stray"],
    ] {
        assert_eq!(kdig(args).status.code(), Some(2), "{args:?}");
    }
    assert_eq!(kdig(&["kafka", "--help"]).status.code(), Some(0));
    let o = kdig(&[
        "-s",
        "kafka",
        "+short",
        "kafka-bootstrap.kafka.svc.cluster.local",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o).lines().count(), 1);
}
