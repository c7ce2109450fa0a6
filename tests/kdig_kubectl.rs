//! `kdig kubectl`, end to end through the real binary: tables, describe, errors, break-it flags,
//! usage errors and manifest errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

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

#[test]
fn get_svc_in_a_namespace() {
    let o = kdig(&["kubectl", "-s", "kafka", "get", "svc", "-n", "kafka"]);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "NAME              TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)    AGE"
    );
    assert!(lines.iter().any(|l| l
        .starts_with("kafka-hs          ClusterIP   None            <none>        9092/TCP   ")));
    // The same inputs give the same output.
    assert_eq!(
        out(&kdig(&[
            "kubectl", "-s", "kafka", "get", "svc", "-n", "kafka"
        ])),
        text
    );
}

#[test]
fn describe_shows_the_endpoints_line() {
    let o = kdig(&[
        "kubectl",
        "-s",
        "headful-vs-headless",
        "describe",
        "svc",
        "test-headless",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(text.contains("IP:                       None\n"), "{text}");
    let ep = text.lines().find(|l| l.starts_with("Endpoints:")).unwrap();
    assert_eq!(ep.matches(":8080").count(), 3, "{ep}");
}

#[test]
fn not_ready_pod_leaves_the_endpoints() {
    let o = kdig(&[
        "kubectl",
        "-s",
        "headful-vs-headless",
        "--not-ready",
        "default/test-1",
        "get",
        "pods",
        "test-1",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out(&o).contains("test-1   0/1     Running   0          5m"),
        "{}",
        out(&o)
    );
    let o = kdig(&[
        "kubectl",
        "-s",
        "headful-vs-headless",
        "--not-ready",
        "default/test-1",
        "get",
        "ep",
        "test-headful",
    ]);
    let text = out(&o);
    assert!(
        text.starts_with("Warning: v1 Endpoints is deprecated"),
        "{text}"
    );
    assert_eq!(text.matches(":8080").count(), 2, "{text}");
}

#[test]
fn kubectl_errors_exit_1() {
    let o = kdig(&["kubectl", "get", "svc", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "Error from server (NotFound): services \"x\" not found\n"
    );
    let o = kdig(&["kubectl", "get", "foo"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "error: the server doesn't have a resource type \"foo\"\n"
    );
    let o = kdig(&["kubectl", "get", "sts"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "No resources found in default namespace.\n");
}

#[test]
fn pod_sets_the_default_namespace() {
    let o = kdig(&[
        "kubectl",
        "-s",
        "kafka",
        "--pod",
        "kafka/kafka-0",
        "get",
        "sts",
        "-o",
        "name",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "statefulset.apps/kafka\n");
}

#[test]
fn files_from_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kdig"))
        .args(["kubectl", "-f", "-", "get", "svc", "web", "-o", "wide"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(text.starts_with("NAME   TYPE       CLUSTER-IP"), "{text}");
    assert!(text.contains(" <none>        80:3"), "{text}");
    assert!(text.trim_end().ends_with("app=web"), "{text}");
}

#[test]
fn usage_and_manifest_errors() {
    let o = kdig(&["kubectl"]);
    assert_eq!(o.status.code(), Some(2));
    let o = kdig(&["kubectl", "-s", "nope", "get", "svc"]);
    assert_eq!(o.status.code(), Some(2));
    let o = kdig(&["kubectl", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).starts_with("Usage: kdig kubectl"));
    let o = kdig(&["kubectl", "-f", "tests/does-not-exist.yaml", "get", "svc"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn get_svc_json_parses_as_a_list() {
    let o = kdig(&[
        "kubectl",
        "-s",
        "headful-vs-headless",
        "get",
        "svc",
        "-o",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(
        text.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"items\": ["),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&text).expect("kubectl -o json is JSON");
    assert_eq!(v["kind"], "List");
    assert_eq!(v["metadata"]["resourceVersion"], "");
    let names: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["kubernetes", "test-headful", "test-headless"]);
    assert_eq!(v["items"][2]["spec"]["clusterIP"], "None");
    // One object by name is printed as itself, not as a List.
    let o = kdig(&[
        "kubectl",
        "-s",
        "headful-vs-headless",
        "get",
        "svc",
        "test-headless",
        "--output=json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["kind"], "Service");
}

#[test]
fn describe_pod_and_statefulset() {
    let o = kdig(&[
        "kubectl",
        "-s",
        "statefulset-headful",
        "describe",
        "pod",
        "test-0",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert!(
        text.contains("Controlled By:  StatefulSet/test\n"),
        "{text}"
    );
    assert!(text.ends_with("Events:          <none>\n"), "{text}");
    let o = kdig(&[
        "kubectl",
        "-s",
        "statefulset-headful",
        "describe",
        "sts",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "Error from server (NotFound): statefulsets.apps \"nope\" not found\n"
    );
}
