#![cfg(not(target_arch = "wasm32"))]
//! `model::reparse` (which re-parses only the documents whose text changed) against `model::parse`
//! (which parses everything), over random edit sequences: after every edit the two must agree on the
//! objects, every diagnostic and every located path, and so must the clusters built from them.
//! `Cluster::rebuild` (which takes the previous cluster's pods when nothing that makes them changed)
//! is checked the same way against `Cluster::build`, with the toggles (`Ops`) changing too.

#[path = "support/gen.rs"]
mod gen;

use headless_playground::cluster::{Cluster, Ops};
use headless_playground::model::{self, Parsed};
use headless_playground::rng::SplitMix64;
use headless_playground::scenarios;

/// Snippets an edit may insert: whole documents, fields, broken YAML and document markers.
const SNIPPETS: &[&str] = &[
    "---\n",
    "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  clusterIP: None\n  selector:\n    app: web\n",
    "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    "  replicas: 7\n",
    "bad: [unclosed\n",
    "\t tab: 1\n",
    "# a comment\n",
    "\n",
    "...\n",
    "  clusterIP: None\n",
    "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dep\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n",
    "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: c\n        image: busybox\n",
    "---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: manual\nsubsets:\n- addresses:\n  - ip: 10.0.0.7\n    hostname: a\n  ports:\n  - port: 80\n",
    "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: manual-x\n  labels:\n    kubernetes.io/service-name: manual\naddressType: IPv4\nendpoints:\n- addresses:\n  - 10.0.0.8\nports:\n- port: 80\n",
    "kind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: listed\n",
];

/// One random edit of `text`, the kinds of change a person makes: retype a digit, insert or delete
/// a line, paste a snippet, delete a range, or move a document.
fn edit(text: &str, rng: &mut SplitMix64) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = rng.below(lines.len() + 1);
    let (head, tail) = lines.split_at(at);
    let (head, tail) = (head.concat(), tail.concat());
    match rng.below(6) {
        // Change one digit somewhere (replica counts, ports, IPs).
        0 => {
            let digits: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            if digits.is_empty() {
                return format!("{head}# 1\n{tail}");
            }
            let i = digits[rng.below(digits.len())];
            let d = char::from(b'0' + rng.below(10) as u8);
            format!("{}{d}{}", &text[..i], &text[i + 1..])
        }
        // Insert a snippet between lines.
        1 | 2 => format!("{head}{}{tail}", SNIPPETS[rng.below(SNIPPETS.len())]),
        // Delete one line.
        3 => {
            let drop = tail.split_inclusive('\n').next().unwrap_or("").len();
            format!("{head}{}", &tail[drop..])
        }
        // Delete a few lines.
        4 => {
            let n = rng.below(4) + 1;
            let rest: String = tail.split_inclusive('\n').skip(n).collect();
            format!("{head}{rest}")
        }
        // Move the first document to the end.
        _ => match text.split_once("\n---\n") {
            Some((first, rest)) => format!("{rest}\n---\n{first}\n"),
            None => text.to_string(),
        },
    }
}

fn assert_same(full: &Parsed, inc: &Parsed, text: &str, step: usize) {
    assert_eq!(
        full, inc,
        "reparse differs from parse after edit {step}; the text:\n{text}"
    );
    // Located paths come from the reused documents' locators: they must find the same lines.
    for o in &full.objects {
        for path in [
            &["metadata", "name"][..],
            &["spec", "selector"],
            &["spec", "replicas"],
        ] {
            assert_eq!(
                full.locate(&o.origin, path),
                inc.locate(&o.origin, path),
                "edit {step}: {path:?}"
            );
        }
    }
}

/// Sometimes a toggle, as the UI's pod buttons make: a pod not ready (or ready again), a pod
/// deleted, a workload scaled, or all of them reset; otherwise the toggles as they were.
fn toggle(ops: &Ops, cluster: &Cluster, rng: &mut SplitMix64) -> Ops {
    let mut ops = ops.clone();
    let pods = &cluster.pods;
    if pods.is_empty() || rng.below(3) != 0 {
        return ops;
    }
    let p = &pods[rng.below(pods.len())];
    let key = Ops::key(&format!("{}/{}", p.namespace, p.name)).expect("a pod key");
    match rng.below(4) {
        0 => {
            if !ops.not_ready.remove(&key) {
                ops.not_ready.insert(key);
            }
        }
        1 => {
            ops.deleted.insert(key);
        }
        2 => {
            use headless_playground::cluster::Owner;
            if let Owner::StatefulSet { name, .. } | Owner::Deployment { name } = &p.owner {
                let w = Ops::key(&format!("{}/{name}", p.namespace)).expect("a workload key");
                ops.scale.insert(w, rng.below(5) as i64);
            }
        }
        _ => ops = Ops::default(),
    }
    ops
}

/// Returns how many of the rebuilds took the previous pods whole.
fn run(start: &str, seed: u64, steps: usize) -> usize {
    let mut rng = SplitMix64::new(seed);
    let mut text = start.to_string();
    let mut inc = model::parse(&text);
    assert_same(&model::parse(&text), &inc, &text, 0);
    let mut ops = Ops::default();
    let mut cluster = Cluster::build(&inc, &ops);
    let mut shared = 0;
    for step in 1..=steps {
        text = edit(&text, &mut rng);
        ops = toggle(&ops, &cluster, &mut rng);
        inc = model::reparse(&text, &inc);
        let full = model::parse(&text);
        assert_same(&full, &inc, &text, step);
        let rebuilt = Cluster::rebuild(&inc, &ops, &cluster);
        assert!(
            rebuilt == Cluster::build(&full, &ops),
            "Cluster::rebuild differs from Cluster::build after edit {step} (ops {ops:?}); the text:\n{text}"
        );
        shared += usize::from(rebuilt.shares_pods_with(&cluster));
        cluster = rebuilt;
    }
    shared
}

#[test]
fn reparse_equals_parse_over_random_edits_of_every_scenario() {
    let mut shared = 0;
    for (i, s) in scenarios::ALL.iter().enumerate() {
        for seed in 0..8u64 {
            shared += run(s.yaml, seed * 31 + i as u64, 40);
        }
    }
    // The sequences include edits that leave every pod's source alone (a digit in a Service, a
    // comment in the last document), so some rebuilds took the pods whole: the check above
    // compared both paths.
    assert!(shared > 0, "no rebuild reused the previous pods");
}

#[test]
fn reparse_equals_parse_over_random_edits_of_a_generated_cluster() {
    for seed in 0..4u64 {
        run(&gen::statefulsets(6, 3), 1000 + seed, 40);
    }
}

/// Every controller kind, pasted pods with owners, Nodes with taints, and a Corefile ConfigMap.
#[test]
fn reparse_and_rebuild_equal_full_ones_over_random_edits_of_every_kind() {
    let mut shared = 0;
    for (i, text) in [
        include_str!("fixtures/controllers/cluster.yaml"),
        include_str!("fixtures/controllers/pasted.yaml"),
        include_str!("fixtures/corefile/cluster-example.yaml"),
        include_str!("fixtures/kafka.yaml"),
    ]
    .into_iter()
    .enumerate()
    {
        for seed in 0..6u64 {
            shared += run(text, 500 + seed * 7 + i as u64, 40);
        }
    }
    assert!(shared > 0, "no rebuild reused the previous pods");
}

#[test]
fn reparse_equals_parse_over_random_edits_of_a_kubectl_list() {
    run(&gen::kubectl_list(6_000), 77, 30);
}

#[test]
fn only_changed_documents_are_parsed_again() {
    // 3 namespaces × (Namespace, 2 Services, StatefulSet) = 12 documents.
    let text = gen::statefulsets(3, 2);
    let before = model::parse(&text);
    assert_eq!(model::parse(&text).reused_from(&before), 0);
    assert_eq!(model::reparse(&text, &before).reused_from(&before), 12);
    // One replica count: one document changes, its line count does not.
    let edited = text.replacen("replicas: 2", "replicas: 3", 1);
    let after = model::reparse(&edited, &before);
    assert_eq!(after.reused_from(&before), 11);
    assert_eq!(after, model::parse(&edited));
    // Two lines added to the first document move every later one down: they are taken with their
    // positions moved, not parsed again.
    let longer = text.replacen(
        "  name: app-0\n",
        "  name: app-0\n  labels:\n    team: a\n",
        1,
    );
    let moved = model::reparse(&longer, &before);
    assert_eq!(moved.reused_from(&before), 11);
    assert_eq!(moved, model::parse(&longer));
    let sts = moved
        .objects
        .iter()
        .find(|o| o.display_name().contains("StatefulSet"))
        .expect("a StatefulSet");
    let was = before
        .objects
        .iter()
        .find(|o| o.display_name() == sts.display_name())
        .expect("the same StatefulSet");
    assert_eq!(sts.origin.pos.line, was.origin.pos.line + 2);
    assert_eq!(
        moved.locate(&sts.origin, &["spec", "replicas"]).line,
        before.locate(&was.origin, &["spec", "replicas"]).line + 2
    );
    // Back again: the first document as before, the others moved back up.
    let back = model::reparse(&text, &moved);
    assert_eq!(back.reused_from(&moved), 11);
    assert_eq!(back, before);
    assert_eq!(model::reparse(&text, &after).reused_from(&after), 11);
}

#[test]
fn a_moved_document_keeps_every_position_it_holds() {
    // The CoreDNS ConfigMap maps Corefile lines to manifest lines; the List's items and its
    // diagnostics carry positions of their own. It is the second document; the first one grows
    // and shrinks above it.
    let first = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: first\n";
    let text = format!(
        "{first}---\n{}",
        include_str!("fixtures/corefile/cluster-example.yaml")
    );
    let before = model::parse(&text);
    for grown in [
        format!("# a comment\n{text}"),
        text.replacen("  name: first\n", "  name: first\n  labels:\n    a: b\n", 1),
        text.replacen("metadata:\n  name: first\n", "metadata: {name: first}\n", 1),
    ] {
        let moved = model::reparse(&grown, &before);
        assert_eq!(moved.reused_from(&before), 1, "{grown}");
        assert_same(&model::parse(&grown), &moved, &grown, 1);
        // And back again.
        let back = model::reparse(&text, &moved);
        assert_eq!(back.reused_from(&moved), 1);
        assert_eq!(back, before);
    }
}
