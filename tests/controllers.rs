#![cfg(not(target_arch = "wasm32"))]
//! The controllers that make pods (ReplicaSet, ReplicationController, Deployment → ReplicaSet,
//! DaemonSet, Job) and pasted Nodes: names, counts, labels, owners, nodes, and pasted pods taken
//! as printed.

use std::collections::BTreeSet;
use std::net::IpAddr;

use headless_playground::cluster::{Cluster, Ops, Owner, Pod};
use headless_playground::model::{self, Severity};

fn parse_clean(yaml: &str) -> model::Parsed {
    let parsed = model::parse(yaml);
    let errors: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render("x.yaml"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    parsed
}

fn build(yaml: &str) -> Cluster {
    Cluster::build(&parse_clean(yaml), &Ops::default())
}

const CLUSTER: &str = include_str!("fixtures/controllers/cluster.yaml");

fn owned_by<'c>(c: &'c Cluster, owner: &str) -> Vec<&'c Pod> {
    c.pods
        .iter()
        .filter(|p| match &p.owner {
            Owner::ReplicaSet { name }
            | Owner::ReplicationController { name }
            | Owner::DaemonSet { name }
            | Owner::Job { name }
            | Owner::Deployment { name } => &**name == owner,
            Owner::StatefulSet { name, .. } => &**name == owner,
            _ => false,
        })
        .collect()
}

fn in_cidr(ip: IpAddr, net: [u8; 3]) -> bool {
    matches!(ip, IpAddr::V4(v4) if v4.octets()[..3] == net)
}

/// One row per controller of the fixture: its pods' names, nodes and labels.
#[test]
fn controllers_table() {
    let c = build(CLUSTER);
    // (owner, pod names, nodes, a label every pod has, hostnames)
    type Row = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        (&'static str, &'static str),
        &'static [&'static str],
    );
    let rows: &[Row] = &[
        // DaemonSet: one pod per node, not on the tainted control plane nor on node-c (dedicated=gpu).
        (
            "agent",
            &["agent-v9nc2", "agent-zzfnl"],
            &["node-a", "node-b"],
            ("app", "agent"),
            &[],
        ),
        // Tolerating the control-plane taint adds cp; node-c is still tainted.
        (
            "logs",
            &["logs-7n8nf", "logs-7t226", "logs-bmrdq"],
            &["cp", "node-a", "node-b"],
            ("app", "logs"),
            &[],
        ),
        // nodeSelector disk=ssd: node-a only.
        (
            "ssd-only",
            &["ssd-only-5nftw"],
            &["node-a"],
            ("app", "ssd-only"),
            &[],
        ),
        // ReplicaSet: `<rs>-<5 chars>`, replicas 2.
        (
            "cache",
            &["cache-lx9zs", "cache-vddwx"],
            &["node-a", "node-b"],
            ("app", "cache"),
            &[],
        ),
        // ReplicationController: the selector defaults to the template's labels.
        (
            "dns-backend",
            &["dns-backend-4pp7r"],
            &["node-b"],
            ("name", "dns-backend"),
            &[],
        ),
        // Indexed Job: parallelism 2 of 3 completions running, `<job>-<index>-<5>`, hostname `<job>-<index>`.
        (
            "work",
            &["work-0-s7dqx", "work-1-5lhm5"],
            &["node-a", "node-b"],
            ("batch.kubernetes.io/job-name", "work"),
            &["work-0", "work-1"],
        ),
    ];
    let mut failures = Vec::new();
    for (owner, names, nodes, (lk, lv), hosts) in rows {
        let pods = owned_by(&c, owner);
        let got: Vec<&str> = pods.iter().map(|p| &*p.name).collect();
        if got != *names {
            failures.push(format!("{owner}: pods {got:?}, want {names:?}"));
        }
        let got_nodes: BTreeSet<&str> = pods.iter().map(|p| &*p.node).collect();
        if got_nodes != nodes.iter().copied().collect() {
            failures.push(format!("{owner}: nodes {got_nodes:?}, want {nodes:?}"));
        }
        for p in &pods {
            if p.labels.get(*lk).map(|v| &**v) != Some(*lv) {
                failures.push(format!("{}: labels {:?}, want {lk}={lv}", p.name, p.labels));
            }
            // Every address comes from its node's podCIDR.
            let net = match &*p.node {
                "cp" => [10, 244, 0],
                "node-a" => [10, 244, 1],
                "node-b" => [10, 244, 2],
                _ => [10, 244, 3],
            };
            if !p.ip().is_some_and(|ip| in_cidr(ip, net)) {
                failures.push(format!(
                    "{}: IP {:?} outside {}'s podCIDR",
                    p.name, p.ips, p.node
                ));
            }
            if !p.ready {
                failures.push(format!("{} is not ready", p.name));
            }
        }
        let got_hosts: Vec<&str> = pods.iter().filter_map(|p| p.hostname.as_deref()).collect();
        if got_hosts != *hosts {
            failures.push(format!("{owner}: hostnames {got_hosts:?}, want {hosts:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Job pods carry both job-name labels; DaemonSet pods a controller-revision-hash.
    let w = c.pod("default", "work-0-s7dqx").unwrap();
    assert_eq!(w.labels.get("job-name").map(|v| &**v), Some("work"));
    assert_eq!(
        w.labels
            .get("batch.kubernetes.io/job-completion-index")
            .map(|v| &**v),
        Some("0")
    );
    assert_eq!(
        c.pod("default", "agent-v9nc2")
            .unwrap()
            .labels
            .get("controller-revision-hash")
            .map(|v| v.len()),
        Some(10)
    );
    // The pasted nodes are the cluster's nodes, in name order; CoreDNS runs on the control plane.
    let nodes: Vec<(&str, bool)> = c
        .nodes
        .iter()
        .map(|n| (&*n.name, n.control_plane))
        .collect();
    assert_eq!(
        nodes,
        [
            ("cp", true),
            ("node-a", false),
            ("node-b", false),
            ("node-c", false)
        ]
    );
    assert!(c
        .pods
        .iter()
        .filter(|p| p.owner == Owner::BuiltIn && p.namespace.as_ref() == "kube-system")
        .all(|p| &*p.node == "cp"));
    // Nothing warns: every Service selects pods now.
    let warnings: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| d.render("x"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn a_not_ready_node_makes_its_daemon_pods_not_ready() {
    let yaml = CLUSTER.replacen(
        "    name: node-b\n    labels:\n      kubernetes.io/hostname: node-b\n  spec:\n    podCIDR: 10.244.2.0/24\n  status:\n    conditions:\n    - type: Ready\n      status: \"True\"",
        "    name: node-b\n    labels:\n      kubernetes.io/hostname: node-b\n  spec:\n    podCIDR: 10.244.2.0/24\n  status:\n    conditions:\n    - type: Ready\n      status: \"False\"",
        1,
    );
    assert_ne!(yaml, CLUSTER);
    let c = build(&yaml);
    // The DaemonSet still runs a pod there (it tolerates node.kubernetes.io/not-ready) ...
    let agent: Vec<(&str, bool)> = owned_by(&c, "agent")
        .iter()
        .map(|p| (&*p.node, p.ready))
        .collect();
    assert!(
        agent.contains(&("node-b", false)) && agent.contains(&("node-a", true)),
        "{agent:?}"
    );
    // ... and other pods are scheduled off it.
    for owner in ["cache", "dns-backend", "work"] {
        assert!(
            owned_by(&c, owner).iter().all(|p| &*p.node != "node-b"),
            "{owner}"
        );
    }
}

#[test]
fn simulated_nodes_keep_daemon_pods_off_the_control_plane() {
    let ds = CLUSTER.split_once("---\n").unwrap().1;
    let c = build(ds);
    let nodes: BTreeSet<&str> = owned_by(&c, "agent").iter().map(|p| &*p.node).collect();
    assert_eq!(
        nodes,
        ["worker-1", "worker-2", "worker-3"].into_iter().collect()
    );
    let logs: BTreeSet<&str> = owned_by(&c, "logs").iter().map(|p| &*p.node).collect();
    assert!(
        logs.contains("control-plane") && logs.len() == 4,
        "{logs:?}"
    );
    // No simulated node has disk=ssd: the DaemonSet runs nowhere, and says why at its nodeSelector.
    assert!(owned_by(&c, "ssd-only").is_empty());
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.message.contains("ssd-only runs no pod"))
        .expect("a warning for ssd-only");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message
            .contains("worker-1 (nodeSelector disk=ssd does not match)"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("control-plane (nodeSelector"),
        "{}",
        d.message
    );
    let at = ds
        .lines()
        .position(|l| l.contains("nodeSelector:"))
        .unwrap() as u32
        + 1;
    assert_eq!(d.line, at);
}

#[test]
fn pasted_controllers_with_their_pods_make_no_more() {
    let c = build(include_str!("fixtures/controllers/pasted.yaml"));
    let shop: Vec<&str> = c
        .pods
        .iter()
        .filter(|p| &*p.namespace == "shop")
        .map(|p| &*p.name)
        .collect();
    assert_eq!(
        shop,
        [
            "migrate-x7k2d",
            "node-exporter-abcde",
            "web-6d4cf56db6-4xk2p",
            "web-6d4cf56db6-9mz7q"
        ]
    );
    let p = c.pod("shop", "web-6d4cf56db6-4xk2p").unwrap();
    assert!(matches!(&p.owner, Owner::ReplicaSet { name } if &**name == "web-6d4cf56db6"));
    assert_eq!(p.ips, ["10.244.1.31".parse::<IpAddr>().unwrap()]);
    assert!(matches!(
        &c.pod("shop", "node-exporter-abcde").unwrap().owner,
        Owner::DaemonSet { .. }
    ));
    assert!(matches!(
        &c.pod("shop", "migrate-x7k2d").unwrap().owner,
        Owner::Job { .. }
    ));
}

#[test]
fn a_pasted_replicaset_without_pods_makes_them_under_its_own_hash() {
    let yaml = include_str!("fixtures/controllers/pasted.yaml");
    // Drop the pods: the Deployment leaves the work to its pasted ReplicaSet.
    let items: Vec<&str> = yaml.split("\n- ").collect();
    let kept: Vec<&str> = items
        .iter()
        .copied()
        .filter(|i| !i.starts_with("apiVersion: v1\n  kind: Pod"))
        .collect();
    let c = build(&kept.join("\n- "));
    let web = owned_by(&c, "web-6d4cf56db6");
    assert_eq!(web.len(), 2);
    for p in &web {
        assert!(
            p.name.starts_with("web-6d4cf56db6-") && p.name.len() == "web-6d4cf56db6-".len() + 5,
            "{}",
            p.name
        );
        assert_eq!(
            p.labels.get("pod-template-hash").map(|v| &**v),
            Some("6d4cf56db6")
        );
    }
    assert!(
        owned_by(&c, "web").is_empty(),
        "the Deployment makes no second ReplicaSet"
    );
    assert_eq!(
        owned_by(&c, "node-exporter").len(),
        3,
        "one per simulated worker"
    );
    assert_eq!(
        owned_by(&c, "migrate").len(),
        1,
        "parallelism defaults to 1"
    );
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: c, image: x}]\n";

#[test]
fn deployment_pods_come_from_its_replicaset() {
    let c = build(DEPLOY);
    let pods = owned_by(&c, "api");
    assert_eq!(pods.len(), 2);
    let hash = pods[0].labels.get("pod-template-hash").unwrap().to_string();
    assert_eq!(hash.len(), 10);
    for p in &pods {
        // `<deployment>-<pod-template-hash>-<5 chars>`: the ReplicaSet's name, then the pod's suffix.
        assert!(p.name.starts_with(&format!("api-{hash}-")), "{}", p.name);
        assert_eq!(
            p.labels.get("pod-template-hash").map(|v| &**v),
            Some(hash.as_str())
        );
    }
    // The hash reads the template field by field: fields the simulator does not read (an image, an
    // annotation, resources) rename no pod; a label does.
    let same = DEPLOY
        .replace("image: x}", "image: y, resources: {}}")
        .replace(
            "labels: {app: api}\n    spec",
            "labels: {app: api}\n      annotations: {a: b}\n    spec",
        );
    assert_eq!(
        owned_by(&build(&same), "api")
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>(),
        pods.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    );
    let relabelled = DEPLOY.replace("labels: {app: api}", "labels: {app: api, tier: x}");
    let other = build(&relabelled);
    assert!(owned_by(&other, "api")
        .iter()
        .all(|p| !p.name.contains(&hash)));
}

#[test]
fn suspended_and_finished_jobs_and_cronjobs_make_no_pods() {
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  parallelism: 3\n  SUSPEND\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: x}]\n";
    assert_eq!(
        owned_by(&build(&job.replace("SUSPEND", "completions: 2")), "j").len(),
        2,
        "capped by completions"
    );
    assert_eq!(
        owned_by(&build(&job.replace("SUSPEND", "suspend: true")), "j").len(),
        0
    );
    let done = format!(
        "{}status:\n  conditions:\n  - type: Complete\n    status: \"True\"\n",
        job.replace("SUSPEND", "completions: 3")
    );
    assert_eq!(owned_by(&build(&done), "j").len(), 0);
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: \"0 3 * * *\"\n";
    let p = parse_clean(cron);
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Info && d.message.contains("paste the Jobs it made")));
    let c = Cluster::build(&p, &Ops::default());
    assert!(c.pods.iter().all(|p| p.owner == Owner::BuiltIn));
}

#[test]
fn ops_scale_and_delete_replicaset_pods() {
    let parsed = parse_clean(CLUSTER);
    let base = Cluster::build(&parsed, &Ops::default());
    let mut ops = Ops::default();
    ops.scale.insert(
        headless_playground::cluster::ObjectRef::new("default", "cache"),
        3,
    );
    ops.deleted
        .insert(headless_playground::cluster::ObjectRef::new(
            "default",
            "cache-lx9zs",
        ));
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default",
            "agent-zzfnl",
        ));
    let c = Cluster::build(&parsed, &ops);
    let cache: Vec<&str> = owned_by(&c, "cache").iter().map(|p| &*p.name).collect();
    assert_eq!(cache.len(), 3);
    assert!(
        !cache.contains(&"cache-lx9zs") && cache.contains(&"cache-vddwx"),
        "{cache:?}"
    );
    assert!(!c.pod("default", "agent-zzfnl").unwrap().ready);
    // Pods not touched keep their addresses.
    assert_eq!(
        c.pod("default", "cache-vddwx").unwrap().ips,
        base.pod("default", "cache-vddwx").unwrap().ips
    );
}
