//! "Try it for real": a lesson as a shell script for a real cluster (kind, minikube, Killercoda).

use std::collections::{BTreeMap, BTreeSet};

use super::{Lesson, Step};
use crate::cluster::{PodRef, WorkloadRef};
use crate::model::{self, ObjectKind};

/// The client image the script runs (the Kubernetes DNS debugging guide's `dnsutils`).
pub const DNSUTILS_IMAGE: &str = "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3";

/// One YAML document of a step, with what identifies it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Doc {
    /// `(kind, namespace, name)`; cluster-scoped objects have an empty namespace.
    key: (String, String, String),
    text: String,
    /// A real cluster makes this itself (EndpointSlices, Endpoints, pods a controller owns).
    derived: bool,
    /// Replicas written in the manifest (StatefulSets and Deployments).
    replicas: Option<i64>,
}

/// Cut at `---` lines and identify each document by parsing it alone. Documents that do not parse
/// into one object (comments only, `kind: List`) are kept whole under a key made from their text.
fn documents(yaml: &str) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut flush = |cur: &mut String| {
        let text = std::mem::take(cur);
        let has_content = text
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        if !has_content {
            return;
        }
        let parsed = model::parse(&text);
        let doc = match parsed.objects.as_slice() {
            [o] => {
                let (ns, name) = o.key();
                let derived = match &o.kind {
                    ObjectKind::EndpointSlice(_) | ObjectKind::Endpoints(..) => true,
                    ObjectKind::Pod(p) => p.meta.owner.is_some(),
                    _ => false,
                };
                let replicas = match &o.kind {
                    ObjectKind::StatefulSet(s) => Some(s.replicas),
                    ObjectKind::Deployment(d) => Some(d.replicas),
                    _ => None,
                };
                Doc {
                    key: (
                        o.kind_name().to_string(),
                        ns.unwrap_or("").to_string(),
                        name.to_string(),
                    ),
                    text: text.trim().to_string(),
                    derived,
                    replicas,
                }
            }
            _ => Doc {
                key: (String::new(), String::new(), text.trim().to_string()),
                text: text.trim().to_string(),
                derived: false,
                replicas: None,
            },
        };
        out.push(doc);
    };
    for line in yaml.lines() {
        if line.trim_end() == "---" {
            flush(&mut cur);
        } else {
            cur.push_str(line);
            cur.push('\n');
        }
    }
    flush(&mut cur);
    out
}

/// `-n NS ` for a namespace other than `default`.
fn ns_flag(ns: &str) -> String {
    if ns.is_empty() || ns == "default" {
        String::new()
    } else {
        format!(" -n {ns}")
    }
}

/// Prose as `# ` comment lines of at most ~90 columns.
fn comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > 90 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    if line.len() > 1 {
        out.push_str(&line);
        out.push('\n');
    }
}

/// A heredoc delimiter that no line of `body` equals.
fn delimiter(body: &str) -> String {
    let mut d = String::from("EOF");
    while body.lines().any(|l| l.trim() == d) {
        d.push('_');
    }
    d
}

/// The command as the script runs it: `kubectl` on the learner's machine (in the client's
/// namespace), everything else inside the client pod.
fn script_command(step: &Step, cmd: &str) -> String {
    let (ns, pod) = step.client;
    let cmd = cmd.trim();
    if let Some(rest) = cmd.strip_prefix("kubectl ") {
        let names_ns = rest.split_whitespace().any(|w| {
            w == "-n" || w == "-A" || w.starts_with("--namespace") || w == "--all-namespaces"
        });
        if names_ns {
            cmd.to_string()
        } else {
            format!("kubectl{} {rest}", ns_flag(ns))
        }
    } else {
        format!("kubectl exec{} {pod} -- {cmd}", ns_flag(ns))
    }
}

/// A shell script that replays `lesson` in a real cluster: for each step, `kubectl apply` of the
/// manifests that are new or changed since the previous step (each document once; Namespaces the
/// manifests use are added; EndpointSlices, Endpoints and controller-owned pods are left to the
/// cluster), the step's toggles as real actions where possible (`kubectl scale`; the readiness
/// lesson's pods are made not ready by removing the file their probe reads), the client pod
/// (`kubectl run dnsutils …` then `kubectl wait`), every command through `kubectl exec`, and a
/// cleanup section. Comments say what each step shows.
pub fn try_it_for_real(lesson: &Lesson) -> String {
    let mut out = String::new();
    out.push_str("#!/bin/sh\n");
    comment(&mut out, &format!("Try it for real: {}", lesson.title));
    comment(&mut out, lesson.summary);
    comment(
        &mut out,
        "Paste this into a shell whose kubectl points at a test cluster (kind, minikube, Killercoda). \
         It creates the objects below, runs each step's commands from a dnsutils pod, and deletes \
         everything at the end. Pod IPs and the order of answers will differ from the playground's.",
    );
    out.push('\n');

    let mut applied: BTreeMap<(String, String, String), String> = BTreeMap::new();
    let mut order: Vec<(String, String, String)> = Vec::new();
    let mut replicas: BTreeMap<(String, String), (String, i64)> = BTreeMap::new();
    let mut clients: BTreeSet<(String, String)> = BTreeSet::new();
    let mut namespaces_made: BTreeSet<String> = BTreeSet::new();
    let mut prev_not_ready: BTreeSet<PodRef> = BTreeSet::new();
    let mut prev_scale: BTreeMap<WorkloadRef, i64> = BTreeMap::new();

    for (i, step) in lesson.steps.iter().enumerate() {
        out.push_str(&format!("# ---- Step {}: {}\n", i + 1, step.title));
        comment(&mut out, step.text);
        let docs = documents(step.yaml);
        // Objects of the previous step that this one no longer has.
        let here: BTreeSet<_> = docs.iter().map(|d| d.key.clone()).collect();
        for key in order.iter().filter(|k| !here.contains(*k)) {
            if applied.contains_key(key) && !key.0.is_empty() {
                out.push_str(&format!(
                    "kubectl delete {}/{}{} --ignore-not-found\n",
                    key.0.to_ascii_lowercase(),
                    key.2,
                    ns_flag(&key.1)
                ));
            }
        }
        applied.retain(|k, _| here.contains(k));
        order.retain(|k| here.contains(k));

        // Namespaces the objects live in, unless the manifests make them.
        let written_ns: BTreeSet<&str> = docs
            .iter()
            .filter(|d| d.key.0 == "Namespace")
            .map(|d| d.key.2.as_str())
            .collect();
        let mut body = Vec::new();
        for d in &docs {
            let ns = d.key.1.as_str();
            if !ns.is_empty()
                && !["default", "kube-system", "kube-public"].contains(&ns)
                && !written_ns.contains(ns)
                && namespaces_made.insert(ns.to_string())
            {
                body.push(format!(
                    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}"
                ));
                order.push(("Namespace".into(), String::new(), ns.to_string()));
                applied.insert(
                    ("Namespace".into(), String::new(), ns.to_string()),
                    String::new(),
                );
            }
        }
        let mut workloads = Vec::new();
        for d in docs.iter().filter(|d| !d.derived) {
            if applied.get(&d.key) == Some(&d.text) {
                continue;
            }
            if !applied.contains_key(&d.key) {
                order.push(d.key.clone());
            }
            applied.insert(d.key.clone(), d.text.clone());
            body.push(d.text.clone());
            if d.key.0 == "Pod" {
                workloads.push(d.key.clone());
            }
            if let Some(r) = d.replicas {
                replicas.insert(
                    (d.key.1.clone(), d.key.2.clone()),
                    (d.key.0.to_ascii_lowercase(), r),
                );
                workloads.push(d.key.clone());
            }
        }
        if !body.is_empty() {
            let text = body.join("\n---\n");
            let eof = delimiter(&text);
            out.push_str(&format!("kubectl apply -f - <<'{eof}'\n{text}\n{eof}\n"));
            for (kind, ns, name) in &workloads {
                if kind == "Pod" {
                    out.push_str(&format!(
                        "kubectl wait{} --for=condition=Ready pod/{name} --timeout=180s\n",
                        ns_flag(ns)
                    ));
                } else {
                    out.push_str(&format!(
                        "kubectl rollout status {}/{name}{} --timeout=300s\n",
                        kind.to_ascii_lowercase(),
                        ns_flag(ns)
                    ));
                }
            }
        }

        // Toggles: replicas first, then readiness.
        let ops = step.ops();
        let toggled = ops.scale != prev_scale || ops.not_ready != prev_not_ready;
        let mut scaled: Vec<WorkloadRef> = ops.scale.keys().cloned().collect();
        scaled.extend(
            prev_scale
                .keys()
                .filter(|k| !ops.scale.contains_key(*k))
                .cloned(),
        );
        for k in scaled {
            let want = ops.scale.get(&k).copied().or_else(|| {
                replicas
                    .get(&(k.namespace.clone(), k.name.clone()))
                    .map(|r| r.1)
            });
            if prev_scale.get(&k).copied() == ops.scale.get(&k).copied() {
                continue;
            }
            let kind = replicas
                .get(&(k.namespace.clone(), k.name.clone()))
                .map_or("statefulset", |r| r.0.as_str());
            if let Some(n) = want {
                comment(
                    &mut out,
                    &format!(
                        "The playground's scale toggle: {kind} {} to {n} replicas.",
                        k.name
                    ),
                );
                out.push_str(&format!(
                    "kubectl scale {kind}/{}{} --replicas={n}\nkubectl rollout status {kind}/{}{} --timeout=300s\n",
                    k.name,
                    ns_flag(&k.namespace),
                    k.name,
                    ns_flag(&k.namespace)
                ));
            }
        }
        let probe_file = step.yaml.contains("/tmp/ready");
        for PodRef {
            namespace: ns,
            name: pod,
        } in ops.not_ready.difference(&prev_not_ready)
        {
            if probe_file {
                comment(
                    &mut out,
                    &format!("Make {pod} not ready: its readiness probe reads /tmp/ready."),
                );
                out.push_str(&format!(
                    "kubectl exec{} {pod} -- rm -f /tmp/ready\n",
                    ns_flag(ns)
                ));
            } else {
                comment(
                    &mut out,
                    &format!(
                        "The playground marks {pod} not ready here. A real pod is not ready when \
                         its readiness probe fails; these manifests have no probe to break."
                    ),
                );
            }
        }
        for PodRef {
            namespace: ns,
            name: pod,
        } in prev_not_ready.difference(&ops.not_ready)
        {
            if probe_file {
                comment(&mut out, &format!("Make {pod} ready again."));
                out.push_str(&format!(
                    "kubectl exec{} {pod} -- touch /tmp/ready\n",
                    ns_flag(ns)
                ));
            }
        }
        if toggled && i > 0 {
            comment(
                &mut out,
                "CoreDNS (kubeadm's `cache 30`) may still hand out the previous answers for up to \
                 30 seconds, so wait before asking again.",
            );
            out.push_str("sleep 35\n");
        } else if toggled && !ops.not_ready.is_empty() && probe_file {
            comment(&mut out, "Give the readiness probe time to fail.");
            out.push_str("sleep 5\n");
        }
        prev_not_ready = ops.not_ready.clone();
        prev_scale = ops.scale.clone();

        let client = step.client_pod();
        if clients.insert(client.clone()) {
            let (ns, pod) = (&client.0, &client.1);
            comment(
                &mut out,
                &format!("The client pod {pod} (in namespace {ns})."),
            );
            out.push_str(&format!(
                "kubectl run {pod}{} --image={DNSUTILS_IMAGE} --restart=Never -- sleep infinity\n",
                ns_flag(ns)
            ));
            out.push_str(&format!(
                "kubectl wait{} --for=condition=Ready pod/{pod} --timeout=120s\n",
                ns_flag(ns)
            ));
        }
        if let Some(q) = step.predict {
            comment(&mut out, &format!("Before you look: {}", q.question));
        }
        for cmd in step.commands {
            out.push_str(&script_command(step, cmd));
            out.push('\n');
        }
        if step.kafka {
            comment(
                &mut out,
                "The playground's Kafka view follows a producer to each partition leader by these names. \
                 The brokers here run with the image's defaults and do not form one Kafka cluster: \
                 the DNS names are what this script shows.",
            );
        }
        out.push('\n');
    }

    out.push_str("# ---- Cleanup\n");
    for (ns, pod) in &clients {
        out.push_str(&format!(
            "kubectl delete pod {pod}{} --now --ignore-not-found\n",
            ns_flag(ns)
        ));
    }
    let (namespaces, objects): (Vec<_>, Vec<_>) =
        order.iter().rev().partition(|k| k.0 == "Namespace");
    for (kind, ns, name) in objects.into_iter().chain(namespaces) {
        if kind.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "kubectl delete {}/{name}{} --ignore-not-found\n",
            kind.to_ascii_lowercase(),
            ns_flag(ns)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_identified_and_derived_ones_marked() {
        let yaml = "# top\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n---\n# only a comment\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: a-1\n  labels:\n    kubernetes.io/service-name: a\naddressType: IPv4\nendpoints: []\n";
        let docs = documents(yaml);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].key,
            ("Service".into(), "default".into(), "a".into())
        );
        assert!(!docs[0].derived);
        assert!(docs[1].derived);
    }

    #[test]
    fn delimiter_avoids_body_lines() {
        assert_eq!(delimiter("a\nEOF\n"), "EOF_");
        assert_eq!(delimiter("a"), "EOF");
    }
}
