//! Golden tests for the pod shell's `kubectl`, `cat /etc/resolv.conf`, `hostname` and `help`,
//! run against each built-in scenario through `run_command_in` (as the web terminal does).
//!
//! Each golden file holds the scenario, the command line, the terminal text and the exit code.
//! `UPDATE_GOLDEN=1 cargo test --test kubectl` rewrites them (check every change by eye).

#[path = "support/golden.rs"]
#[allow(dead_code)]
mod golden;

use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::tools::{run_command, run_command_in, ShellContext};
use headless_playground::dns::{ResolvConf, RunEnv, ToolRun};
use headless_playground::{model, scenarios};

fn run_with(scenario: &str, ops: &Ops, client: (&str, &str), line: &str) -> ToolRun {
    let yaml = scenarios::by_id(scenario).expect("scenario").yaml;
    let parsed = model::parse(yaml);
    let cluster = Cluster::build(&parsed, ops);
    let conf = ResolvConf::cluster_first(client.0, &cluster.zone).unwrap();
    let mut dns = Resolver::with_seed(&cluster, 1);
    let ctx = ShellContext::new(&cluster, client.0, client.1)
        .with_parsed(&parsed)
        .with_ops(ops);
    let run = run_command_in(line, &mut dns, &conf, &RunEnv::default(), Some(&ctx));
    if line.starts_with("kubectl") || line.starts_with("hostname") {
        assert!(run.attempts.is_empty(), "{line} sent DNS queries");
        assert!(dns.log.is_empty(), "{line} asked the resolver");
    }
    run
}

/// Runs a line against a manifest given inline (no built-in scenario).
fn run_yaml(yaml: &str, line: &str) -> ToolRun {
    let parsed = model::parse(yaml);
    let ops = Ops::default();
    let cluster = Cluster::build(&parsed, &ops);
    let conf = ResolvConf::cluster_first("default", &cluster.zone).unwrap();
    let mut dns = Resolver::with_seed(&cluster, 1);
    let ctx = ShellContext::new(&cluster, "default", "dnsutils")
        .with_parsed(&parsed)
        .with_ops(&ops);
    run_command_in(line, &mut dns, &conf, &RunEnv::default(), Some(&ctx))
}

fn run(scenario: &str, line: &str) -> ToolRun {
    run_with(scenario, &Ops::default(), ("default", "dnsutils"), line)
}

const SEED: &str = "headful-vs-headless";
const STS: &str = "statefulset-headful";
const KAFKA: &str = "kafka";

/// (golden file stem, scenario, command line)
const CASES: &[(&str, &str, &str)] = &[
    ("seed_get_svc", SEED, "kubectl get svc"),
    ("seed_get_svc_wide", SEED, "kubectl get services -o wide"),
    ("seed_get_pods", SEED, "kubectl get pods"),
    ("seed_get_pods_wide", SEED, "kubectl get po -o wide"),
    ("seed_get_ep", SEED, "kubectl get ep"),
    (
        "seed_get_endpointslices",
        SEED,
        "kubectl get endpointslices",
    ),
    (
        "seed_describe_headful",
        SEED,
        "kubectl describe svc test-headful",
    ),
    (
        "seed_describe_headless",
        SEED,
        "kubectl describe service test-headless",
    ),
    ("seed_get_svc_name", SEED, "kubectl get svc test-headless"),
    (
        "seed_get_svc_yaml",
        SEED,
        "kubectl get svc test-headless -o yaml",
    ),
    ("seed_get_pod_yaml", SEED, "kubectl get pod test-1 -o yaml"),
    ("seed_get_pods_label", SEED, "kubectl get pods -l app=test"),
    (
        "seed_get_pods_name_output",
        SEED,
        "kubectl get pods -o name",
    ),
    ("seed_get_svc_ep", SEED, "kubectl get svc,ep"),
    ("seed_get_all_A", SEED, "kubectl get all -A"),
    ("seed_get_sts_none", SEED, "kubectl get sts"),
    (
        "seed_get_pods_other_ns",
        SEED,
        "kubectl get pods -n nowhere",
    ),
    (
        "seed_get_pods_A_label_none",
        SEED,
        "kubectl get pods -A -l app=nothing",
    ),
    ("seed_err_unknown_type", SEED, "kubectl get foo"),
    ("seed_err_not_found", SEED, "kubectl get svc x"),
    (
        "seed_err_some_not_found",
        SEED,
        "kubectl get pods test-1 nope",
    ),
    (
        "seed_err_describe_not_found",
        SEED,
        "kubectl describe svc x",
    ),
    ("seed_err_no_type", SEED, "kubectl get"),
    ("seed_err_unknown_flag", SEED, "kubectl get pods --bogus"),
    ("seed_err_output", SEED, "kubectl get pods -o xml"),
    ("seed_err_unknown_command", SEED, "kubectl frobnicate"),
    (
        "seed_kube_system_svc",
        SEED,
        "kubectl get svc -n kube-system",
    ),
    (
        "seed_describe_kube_dns",
        SEED,
        "kubectl describe svc kube-dns --namespace=kube-system",
    ),
    ("seed_get_ns", SEED, "kubectl get ns"),
    ("seed_cat_resolv_conf", SEED, "cat /etc/resolv.conf"),
    ("seed_hostname", SEED, "hostname"),
    ("seed_help", SEED, "help"),
    ("seed_unsupported", SEED, "curl http://test-headful"),
    ("sts_get_sts", STS, "kubectl get statefulsets"),
    ("sts_get_pods_wide", STS, "kubectl get pods -o wide"),
    ("sts_get_ep", STS, "kubectl get endpoints"),
    (
        "sts_describe_headful",
        STS,
        "kubectl describe svc test-headful",
    ),
    ("sts_get_all", STS, "kubectl get all"),
    ("sts_get_sts_name", STS, "kubectl get sts/test -o name"),
    ("sts_get_sts_yaml", STS, "kubectl get sts test -o yaml"),
    ("kafka_get_svc", KAFKA, "kubectl get svc -n kafka"),
    (
        "kafka_get_pods_wide",
        KAFKA,
        "kubectl get pods -n kafka -o wide",
    ),
    ("kafka_get_ep", KAFKA, "kubectl get ep -n kafka"),
    (
        "kafka_get_eps_label",
        KAFKA,
        "kubectl get endpointslices -n kafka -l kubernetes.io/service-name=kafka-hs",
    ),
    (
        "kafka_describe_hs",
        KAFKA,
        "kubectl describe svc kafka-hs -n kafka",
    ),
    ("kafka_get_all_A", KAFKA, "kubectl get all -A"),
    ("kafka_get_sts_A", KAFKA, "kubectl get sts -A"),
    ("kafka_get_svc_name_A", KAFKA, "kubectl get svc -A -o name"),
    // -o json: kubectl's JSON printer over the same objects as -o yaml.
    (
        "seed_get_svc_json",
        SEED,
        "kubectl get svc test-headless -o json",
    ),
    ("seed_get_pods_json", SEED, "kubectl get pods --output=json"),
    ("seed_get_sts_json_none", SEED, "kubectl get sts -o json"),
    ("seed_get_svc_ep_json", SEED, "kubectl get svc,ep -ojson"),
    (
        "seed_err_json_not_found",
        SEED,
        "kubectl get svc nope -o json",
    ),
    (
        "sts_get_eps_json",
        STS,
        "kubectl get endpointslices -o json",
    ),
    // -o wide: CONTAINERS and IMAGES from the pod template.
    ("sts_get_sts_wide", STS, "kubectl get sts -o wide"),
    (
        "kafka_get_sts_wide",
        KAFKA,
        "kubectl get statefulsets -n kafka -o wide",
    ),
    // describe for more kinds; several objects, a name prefix, errors.
    ("seed_describe_pod", SEED, "kubectl describe pod test-1"),
    (
        "seed_describe_pods_prefix",
        SEED,
        "kubectl describe pods test",
    ),
    (
        "seed_describe_pods_some_not_found",
        SEED,
        "kubectl describe pods test-1 nope",
    ),
    (
        "seed_describe_ep",
        SEED,
        "kubectl describe endpoints test-headless",
    ),
    ("seed_describe_svc_all", SEED, "kubectl describe svc"),
    (
        "seed_describe_coredns_pods",
        SEED,
        "kubectl describe po -n kube-system",
    ),
    (
        "seed_err_describe_pod_not_found",
        SEED,
        "kubectl describe pod/test",
    ),
    ("seed_err_describe_rs", SEED, "kubectl describe rs"),
    ("sts_describe_sts", STS, "kubectl describe statefulset test"),
    ("sts_describe_pod", STS, "kubectl describe pods test-0"),
    ("sts_describe_eps", STS, "kubectl describe endpointslices"),
    ("sts_describe_ep", STS, "kubectl describe ep"),
    (
        "kafka_describe_sts",
        KAFKA,
        "kubectl describe sts kafka -n kafka",
    ),
    (
        "kafka_describe_pod",
        KAFKA,
        "kubectl describe pod kafka-0 -n kafka",
    ),
];

fn render(scenario: &str, line: &str, run: &ToolRun) -> String {
    format!(
        "# scenario: {scenario}\n$ {line}\n{}# exit {}\n",
        run.text, run.exit_code
    )
}

fn check(stem: &str, got: &str, failures: &mut Vec<String>) {
    if let Some(want) = golden::expected(&golden::path("kubectl", stem), got) {
        if got != want {
            failures.push(format!("--- {stem}\n{got}\n--- expected\n{want}"));
        }
    }
}

#[test]
fn golden_kubectl() {
    let mut failures = Vec::new();
    for (stem, scenario, line) in CASES {
        let got = render(scenario, line, &run(scenario, line));
        check(stem, &got, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Break-it toggles show in kubectl: a not-ready pod is `0/1` and leaves the Endpoints; a deleted
/// StatefulSet pod comes back young; scaling changes READY.
#[test]
fn golden_break_it() {
    let mut failures = Vec::new();
    let mut not_ready = Ops::default();
    not_ready
        .not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "test-2",
        ));
    let mut all_down = Ops::default();
    for p in ["test-1", "test-2", "test-3"] {
        all_down
            .not_ready
            .insert(headless_playground::cluster::ObjectRef::new("default", p));
    }
    let mut deleted = Ops::default();
    deleted
        .deleted
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "test-1",
        ));
    let mut scaled = Ops::default();
    scaled.scale.insert(
        headless_playground::cluster::ObjectRef::new("default", "test"),
        5,
    );
    let cases: &[(&str, &str, &Ops, &str)] = &[
        ("break_not_ready_pods", SEED, &not_ready, "kubectl get pods"),
        ("break_not_ready_ep", SEED, &not_ready, "kubectl get ep"),
        ("break_all_down_ep", SEED, &all_down, "kubectl get ep"),
        (
            "break_all_down_describe",
            SEED,
            &all_down,
            "kubectl describe svc test-headful",
        ),
        ("break_deleted_sts_pod", STS, &deleted, "kubectl get pods"),
        ("break_scaled_sts", STS, &scaled, "kubectl get sts,ep"),
        (
            "break_scaled_describe",
            STS,
            &scaled,
            "kubectl describe svc test-headless",
        ),
    ];
    for (stem, scenario, ops, line) in cases {
        let run = run_with(scenario, ops, ("default", "dnsutils"), line);
        check(stem, &render(scenario, line, &run), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Odd manifests (odd timestamps, images, empty containers) never make kubectl panic.
#[test]
fn odd_manifests_never_panic() {
    let stamps = [
        r#""""#,
        "0",
        "x",
        r#""2026-02-30T00:00:00Z""#,
        r#""2026-11-24T00:00:00""#,
        r#""9999-12-31T23:59:59Z""#,
        r#""0000-01-01T00:00:00Z""#,
        r#""2026-11-24T00:00:01Z""#,
        r#""2026-11-23T23:59:59.999+23:59""#,
        r#""2026-11-24T00:00:00-00:00""#,
        "[1]",
        "{}",
        r#""2026-11-24T00:00:00é""#,
        "\"\u{1F600}2026-11-24T00:00:00Z\"",
    ];
    for stamp in stamps {
        let yaml = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  creationTimestamp: {stamp}\nspec:\n  selector:\n    matchLabels: {{a: b}}\n  template:\n    metadata:\n      labels: {{a: b}}\n    spec:\n      containers:\n      - name: c\n        image: [x]\n      - {{}}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: {stamp}\nspec:\n  containers: []\n"
        );
        for line in [
            "kubectl get all -o wide",
            "kubectl get deploy,rs,pods -o json",
            "kubectl describe deploy",
            "kubectl describe pods",
            "kubectl describe pod p",
        ] {
            let a = run_yaml(&yaml, line);
            assert_eq!(a, run_yaml(&yaml, line), "{stamp}: {line}");
        }
    }
}

/// Pasted `kubectl get -o yaml` output: creation timestamps (quoted, unquoted, with an offset, in
/// the future, unparsable), a Deployment with two containers, a StatefulSet with its own policies.
const STAMPED: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  creationTimestamp: "2026-11-21T18:30:00Z"
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web-sa
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
      - name: sidecar
        image: busybox:1.36
        env:
        - name: MODE
          value: tail
---
apiVersion: v1
kind: Service
metadata:
  name: web
  creationTimestamp: 2026-11-23T23:57:30Z
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: future
  creationTimestamp: "2027-01-01T00:00:00Z"
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: garbled
  creationTimestamp: "yesterday"
spec:
  ports:
  - port: 1
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  creationTimestamp: "2026-11-23T20:45:00.123456Z"
spec:
  serviceName: future
  replicas: 2
  podManagementPolicy: Parallel
  updateStrategy:
    type: OnDelete
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      nodeSelector:
        disktype: ssd
      tolerations:
      - key: dedicated
        operator: Equal
        value: db
        effect: NoSchedule
      containers:
      - name: postgres
        image: postgres:17
        ports:
        - containerPort: 5432
          name: pg
        - containerPort: 9187
          name: metrics
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: solo
  creationTimestamp: "2024-05-01T12:00:00+02:00"
  labels:
    app: solo
spec:
  tolerations:
  - operator: Exists
  containers:
  - name: main
    image: busybox:1.36
---
apiVersion: v1
kind: Namespace
metadata:
  name: team
  creationTimestamp: "2026-10-01T00:00:00Z"
"#;

/// Ages from `creationTimestamp`, images in `-o wide`, and describe for every simulated kind.
#[test]
fn golden_manifest() {
    let mut failures = Vec::new();
    let cases: &[(&str, &str)] = &[
        ("stamped_get_svc", "kubectl get svc"),
        ("stamped_get_all", "kubectl get all"),
        (
            "stamped_get_deploy_rs_wide",
            "kubectl get deploy,rs -o wide",
        ),
        ("stamped_get_ns", "kubectl get ns"),
        ("stamped_describe_deploy", "kubectl describe deployment web"),
        ("stamped_describe_sts", "kubectl describe sts/db"),
        ("stamped_describe_pod", "kubectl describe po solo"),
        (
            "stamped_describe_deploy_pod",
            "kubectl describe pods -l app=web",
        ),
        ("stamped_describe_ep_none", "kubectl describe ep garbled"),
        (
            "stamped_describe_eps_headless",
            "kubectl describe endpointslices -l kubernetes.io/service-name=future",
        ),
        (
            "stamped_err_describe_selector_name",
            "kubectl describe pods solo -l app=solo",
        ),
    ];
    for (stem, line) in cases {
        let got = render("stamped", line, &run_yaml(STAMPED, line));
        check(stem, &got, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The terminal in another pod: its namespace is kubectl's default, its hostname is its own.
#[test]
fn client_pod_sets_namespace_and_hostname() {
    let run = run_with(KAFKA, &Ops::default(), ("kafka", "kafka-1"), "hostname");
    assert_eq!(run.text, "kafka-1\n");
    let run = run_with(
        KAFKA,
        &Ops::default(),
        ("kafka", "kafka-1"),
        "kubectl get svc",
    );
    assert!(run.text.contains("kafka-hs"), "{}", run.text);
    let run = run_with(
        KAFKA,
        &Ops::default(),
        ("kafka", "kafka-1"),
        "cat /etc/resolv.conf",
    );
    assert!(
        run.text.starts_with("search kafka.svc.cluster.local "),
        "{}",
        run.text
    );
}

/// Without a context (the old `run_command`), the DNS tools and the file still work, and the
/// unsupported line lists only what does.
#[test]
fn without_context() {
    let parsed = model::parse(scenarios::SEED.yaml);
    let cluster = Cluster::build(&parsed, &Ops::default());
    let conf = ResolvConf::cluster_first("default", &cluster.zone).unwrap();
    let mut dns = Resolver::with_seed(&cluster, 1);
    let env = RunEnv::default();
    let r = run_command("cat /etc/resolv.conf", &mut dns, &conf, &env);
    assert_eq!(r.text, conf.to_file_text());
    let r = run_command("kubectl get pods", &mut dns, &conf, &env);
    assert_eq!(r.exit_code, 127);
    assert_eq!(
        r.text,
        "sh: kubectl: not supported here; try: dig, nslookup, host, cat /etc/resolv.conf, help\n"
    );
    let r = run_command(
        "dig +short test-headful.default.svc.cluster.local",
        &mut dns,
        &conf,
        &env,
    );
    assert_eq!(r.exit_code, 0);
    assert!(!r.attempts.is_empty());
}

/// No input makes kubectl panic, and every run is deterministic.
#[test]
fn odd_input_never_panics() {
    let lines = [
        "kubectl",
        "kubectl get",
        "kubectl get ,",
        "kubectl get svc/",
        "kubectl get /x",
        "kubectl get svc -n",
        "kubectl get svc -o",
        "kubectl get svc -l",
        "kubectl get svc -l '!'",
        "kubectl get svc -l =x",
        "kubectl get svc -A x",
        "kubectl get svc,foo",
        "kubectl describe",
        "kubectl describe pods x",
        "kubectl describe svc",
        "kubectl describe svc -A",
        "kubectl get pods -owide",
        "kubectl get pods -nkube-system",
        "kubectl get po -lapp=test",
        "kubectl get all -o yaml",
        "kubectl get ep -o yaml",
        "kubectl get endpointslices -A -o wide",
        "kubectl get ns -o name",
        "kubectl get svc --show-labels",
        "kubectl get pods --no-headers",
        "cat",
        "cat /etc/hosts",
        "hostname -f",
        "help me",
        "clear",
        "kubectl get svc -n ''",
        "kubectl get 'svc x'",
        "kubectl get -- svc",
        "kubectl get svc --namespace=",
        "kubectl get pods -o json",
        "kubectl get all -A -o json",
        "kubectl get sts,deploy,rs -o wide",
        "kubectl describe pods",
        "kubectl describe po -A",
        "kubectl describe ep",
        "kubectl describe endpointslices -A",
        "kubectl describe sts",
        "kubectl describe deploy",
        "kubectl describe all",
        "kubectl describe ns",
        "kubectl describe pod/",
        "kubectl describe /x",
        "kubectl describe pods '' x",
        "kubectl describe pods -l",
        "kubectl describe pods -A x",
        "kubectl describe svc,pods",
    ];
    for line in lines {
        for s in [SEED, STS, KAFKA] {
            let a = run(s, line);
            assert_eq!(a, run(s, line), "{line}");
        }
    }
}
