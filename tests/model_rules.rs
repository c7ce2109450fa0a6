#![cfg(not(target_arch = "wasm32"))]
//! Parsing and validation rules, table-driven: each case is YAML and the diagnostics it must give
//! (severity, line, column, path, a piece of the message), and nothing else of that severity or
//! worse.

use headless_playground::model::{self, ObjectKind, Severity};

const SVC_HEAD: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n";

type Want = (Severity, u32, u32, &'static str, &'static str);

struct Case {
    name: &'static str,
    yaml: String,
    /// (severity, line, column, path, message fragment)
    want: Vec<Want>,
    objects: usize,
}

fn svc(spec: &str) -> String {
    format!("{SVC_HEAD}{spec}")
}

fn cases() -> Vec<Case> {
    use Severity::*;
    vec![
        Case { name: "clean headless", yaml: svc("  clusterIP: None\n  selector:\n    app: web\n"), want: vec![], objects: 1 },
        Case {
            name: "clusterIp typo is a warning with a suggestion",
            yaml: svc("  clusterIp: None\n  ports:\n  - port: 80\n"),
            want: vec![(Warning, 6, 3, "spec.clusterIp", "unknown field \"spec.clusterIp\"")],
            objects: 1,
        },
        Case {
            name: "lower-case none is invalid",
            yaml: svc("  clusterIP: none\n"),
            want: vec![
                (Error, 6, 3, "spec.clusterIP", "must be empty, 'None', or a valid IP address"),
                (Error, 5, 1, "spec.ports", "needs at least one port"),
            ],
            objects: 0,
        },
        Case {
            name: "DNS-1035 service name",
            yaml: "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  clusterIP: None\n".into(),
            want: vec![(Error, 4, 3, "metadata.name", "DNS-1035 label")],
            objects: 0,
        },
        Case {
            name: "port out of range and string port",
            yaml: svc("  ports:\n  - name: a\n    port: 70000\n  - name: b\n    port: \"80\"\n"),
            want: vec![
                (Error, 8, 5, "spec.ports[0].port", "must be between 1 and 65535, inclusive"),
                (Error, 10, 5, "spec.ports[1].port", "expected a number, found a string"),
            ],
            objects: 0,
        },
        Case {
            name: "second port needs a name; names unique",
            yaml: svc("  ports:\n  - name: http\n    port: 80\n  - port: 81\n  - name: http\n    port: 82\n"),
            want: vec![
                (Error, 9, 3, "spec.ports[1].name", "Required value"),
                (Error, 10, 5, "spec.ports[2].name", "Duplicate value: \"http\""),
            ],
            objects: 0,
        },
        Case {
            name: "bad port name (IANA) in targetPort",
            yaml: svc("  ports:\n  - port: 80\n    targetPort: Http_Port\n"),
            want: vec![(Error, 8, 5, "spec.ports[0].targetPort", "alpha-numeric")],
            objects: 0,
        },
        Case {
            name: "ExternalName with clusterIP",
            yaml: svc("  type: ExternalName\n  externalName: db.example.com\n  clusterIP: 10.96.5.5\n"),
            want: vec![(Error, 8, 3, "spec.clusterIP", "may not be set for ExternalName services")],
            objects: 0,
        },
        Case {
            name: "protocol case",
            yaml: svc("  ports:\n  - port: 53\n    protocol: udp\n"),
            want: vec![(Error, 8, 5, "spec.ports[0].protocol", "Unsupported value: \"udp\"")],
            objects: 0,
        },
        Case {
            name: "selector vs template labels",
            yaml: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: database\n    spec:\n      containers:\n      - name: db\n        image: postgres\n".into(),
            want: vec![(Error, 12, 7, "spec.template.metadata.labels", "`selector` does not match template `labels`")],
            objects: 0,
        },
        Case {
            name: "negative and huge replicas",
            yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: -2\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers: [{name: c, image: x}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: e\nspec:\n  replicas: 99999999999\n  selector:\n    matchLabels: {app: e}\n  template:\n    metadata:\n      labels: {app: e}\n    spec:\n      containers: [{name: c, image: x}]\n".into(),
            want: vec![
                (Error, 6, 3, "spec.replicas", "must be greater than or equal to 0"),
                (Error, 20, 3, "spec.replicas", "32-bit"),
            ],
            objects: 0,
        },
        Case {
            name: "syntax error in one document leaves the others",
            yaml: format!("{}---\nkind: Service\n  metadata: [\n---\n{}", svc("  clusterIP: None\n"), svc("  clusterIP: None\n").replace("web", "api")),
            want: vec![(Error, 9, 11, "", "YAML syntax error")],
            objects: 2,
        },
        Case {
            name: "tabs get a hint",
            yaml: "apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n".into(),
            want: vec![(Error, 4, 1, "", "YAML syntax error")],
            objects: 0,
        },
        Case {
            name: "missing kind and apiVersion",
            yaml: "metadata:\n  name: x\n".into(),
            want: vec![(Error, 1, 1, "kind", "Required value")],
            objects: 0,
        },
        Case {
            name: "old apiVersion",
            yaml: "apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata:\n  name: x\n".into(),
            want: vec![(Error, 1, 1, "apiVersion", "no matches for kind \"StatefulSet\" in version \"apps/v1beta1\"")],
            objects: 0,
        },
        Case {
            name: "labels must be strings",
            yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    enabled: true\nspec:\n  containers:\n  - name: c\n    image: x\n".into(),
            want: vec![(Error, 6, 5, "metadata.labels.enabled", "expected a string, found a boolean")],
            objects: 1,
        },
        Case {
            name: "ConfigMap is kept, not simulated",
            yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n".into(),
            want: vec![(Info, 2, 1, "kind", "not simulated")],
            objects: 1,
        },
        Case {
            name: "duplicate object",
            yaml: format!("{}---\n{}", svc("  clusterIP: None\n"), svc("  clusterIP: None\n")),
            want: vec![(Warning, 11, 3, "metadata.name", "defined twice")],
            objects: 1,
        },
        Case {
            name: "pod hostname must be a label",
            yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostname: My_Host\n  containers:\n  - name: c\n    image: x\n".into(),
            want: vec![(Error, 6, 3, "spec.hostname", "RFC 1123 label")],
            objects: 0,
        },
        Case {
            name: "not a mapping",
            yaml: "- just\n- a list\n".into(),
            want: vec![(Error, 1, 1, "", "must be a mapping")],
            objects: 0,
        },
        Case {
            name: "Deployment selector vs template labels",
            yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: apix\n    spec:\n      containers:\n      - name: c\n        image: x\n".into(),
            want: vec![(Error, 11, 7, "spec.template.metadata.labels", "`selector` does not match template `labels`")],
            objects: 0,
        },
        Case {
            name: "Secret is kept, not simulated",
            yaml: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\ndata:\n  k: dg==\n".into(),
            want: vec![(Info, 2, 1, "kind", "not simulated")],
            objects: 1,
        },
        Case {
            name: "DNS-1123 names outside Services: leading digit fine, underscore not",
            yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 0web\nspec:\n  containers:\n  - name: c\n    image: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: c\n    image: x\n".into(),
            want: vec![(Error, 13, 3, "metadata.name", "RFC 1123 subdomain")],
            objects: 1,
        },
        Case {
            // Real validation differs by field: a Service port name is a DNS-1123 label
            // (`ValidateDNS1123Label`), a container port name and a named targetPort are IANA service
            // names (`ValidatePortName`: at most 15 characters, at least one letter).
            name: "Service port names are DNS-1123 labels, container port names IANA service names",
            yaml: format!("{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - name: a-very-long-port-name\n      containerPort: 8080\n", svc("  ports:\n  - name: Web_Port\n    port: 80\n")),
            want: vec![
                (Error, 7, 5, "spec.ports[0].name", "lowercase RFC 1123 label"),
                (Error, 19, 7, "spec.containers[0].ports[0].name", "must be no more than 15 characters"),
            ],
            objects: 0,
        },
        Case {
            name: "port ranges: port 0, targetPort and containerPort above 65535",
            yaml: format!("{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - containerPort: 70000\n", svc("  ports:\n  - name: a\n    port: 0\n  - name: b\n    port: 81\n    targetPort: 65536\n")),
            want: vec![
                (Error, 8, 5, "spec.ports[0].port", "must be between 1 and 65535, inclusive"),
                (Error, 11, 5, "spec.ports[1].targetPort", "must be between 1 and 65535, inclusive"),
                (Error, 22, 7, "spec.containers[0].ports[0].containerPort", "must be between 1 and 65535, inclusive"),
            ],
            objects: 0,
        },
        Case {
            name: "missing required fields",
            yaml: "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    a: b\nspec:\n  clusterIP: None\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: postgres\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostname: p\n".into(),
            want: vec![
                (Error, 3, 1, "metadata.name", "Required value"),
                (Error, 13, 1, "spec.selector", "Required value"),
                (Error, 28, 1, "spec.containers", "Required value"),
            ],
            objects: 0,
        },
        Case {
            name: "a validation error in one document leaves the others",
            yaml: format!("{}---\n{}", svc("  ports:\n  - port: 70000\n"), svc("  clusterIP: None\n").replace("web", "api")),
            want: vec![(Error, 7, 5, "spec.ports[0].port", "must be between 1 and 65535")],
            objects: 1,
        },
        Case { name: "empty input and lone markers", yaml: "---\n---\n\n...\n".into(), want: vec![], objects: 0 },
        // --- kinds: the RESTMapper's table of what each built-in apiVersion serves ---------------
        Case {
            name: "kind typo in a built-in version is refused at kind:",
            yaml: "apiVersion: v1\nkind: Servce\nmetadata:\n  name: web\n".into(),
            want: vec![(Error, 2, 1, "kind", "no matches for kind \"Servce\" in version \"v1\"")],
            objects: 0,
        },
        Case {
            name: "kind typo inside a List item",
            yaml: "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSett\n  metadata:\n    name: a\n".into(),
            want: vec![(Error, 5, 3, "items[0].kind", "no matches for kind \"DaemonSett\" in version \"apps/v1\"")],
            objects: 0,
        },
        Case {
            name: "a real kind in another built-in version is refused at apiVersion:",
            yaml: "apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: c\n".into(),
            want: vec![(Error, 1, 1, "apiVersion", "no matches for kind \"ConfigMap\" in version \"apps/v1\"")],
            objects: 0,
        },
        Case {
            name: "custom resources and unsimulated built-ins stay accepted",
            yaml: "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n".into(),
            want: vec![
                (Info, 2, 1, "kind", "a custom resource"),
                (Info, 7, 1, "kind", "it does not change what DNS answers"),
                (Info, 12, 1, "kind", "only when its schedule fires"),
            ],
            objects: 3,
        },
        // --- the controllers' validation ---------------------------------------------------------
        Case {
            name: "a Job's pods must not restart Always (ValidateJob)",
            yaml: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  parallelism: -1\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: c, image: x}]\n".into(),
            want: vec![
                (Error, 6, 3, "spec.parallelism", "must be greater than or equal to 0"),
                (Error, 9, 7, "spec.template.spec.restartPolicy", "Unsupported value: \"Always\""),
            ],
            objects: 0,
        },
        Case {
            name: "a ReplicationController's selector must select its template",
            yaml: "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  selector:\n    app: a\n  template:\n    metadata:\n      labels:\n        app: b\n    spec:\n      containers: [{name: c, image: x}]\n".into(),
            want: vec![(Error, 10, 7, "spec.template.metadata.labels", "`selector` does not match template `labels`")],
            objects: 0,
        },
        Case {
            name: "a DaemonSet has no replicas; tolerations are checked",
            yaml: "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      tolerations:\n      - key: k\n        operator: Equals\n      containers: [{name: c, image: x}]\n".into(),
            want: vec![
                (Warning, 6, 3, "spec.replicas", "unknown field \"spec.replicas\""),
                (Error, 15, 9, "spec.template.spec.tolerations[0].operator", "Unsupported value: \"Equals\""),
            ],
            objects: 1,
        },
        Case {
            name: "Node podCIDRs and taints (ValidateNode)",
            yaml: "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  podCIDRs:\n  - 10.244.1.0/33\n  taints:\n  - key: gpu\n    effect: NoScheduled\n".into(),
            want: vec![
                (Error, 7, 3, "spec.podCIDRs[0]", "must be a valid CIDR value"),
                (Error, 10, 5, "spec.taints[0].effect", "Unsupported value: \"NoScheduled\""),
            ],
            objects: 0,
        },
    ]
}

#[test]
fn kind_typos_suggest_the_kind_meant() {
    for (yaml, hint) in [
        (
            "apiVersion: v1\nkind: Servce\nmetadata:\n  name: web\n",
            "did you mean `Service`?",
        ),
        (
            "apiVersion: v1\nkind: service\nmetadata:\n  name: web\n",
            "did you mean `Service`?",
        ),
        (
            "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: d\n",
            "did you mean `Deployment`?",
        ),
        (
            "apiVersion: v1\nkind: Deployment\nmetadata:\n  name: d\n",
            "current clusters serve Deployment as `apiVersion: apps/v1`",
        ),
        (
            "apiVersion: apps/v1\nkind: Secret\nmetadata:\n  name: s\n",
            "a Secret is `apiVersion: v1`",
        ),
        (
            "apiVersion: v1\nkind: Frobnicator\nmetadata:\n  name: d\n",
            "a custom resource needs its own apiVersion",
        ),
    ] {
        let p = model::parse(yaml);
        assert_eq!(p.diagnostics.len(), 1, "{yaml}: {:#?}", p.diagnostics);
        let got = p.diagnostics[0].hint.as_deref().unwrap_or("");
        assert!(got.contains(hint), "{yaml}: {got}");
    }
}

#[test]
fn rules_table() {
    let mut failures = Vec::new();
    for c in cases() {
        let p = model::parse(&c.yaml);
        let is = |d: &model::Diagnostic, (sev, line, col, path, frag): &Want| {
            d.severity == *sev
                && (d.line, d.col) == (*line, *col)
                && d.path == *path
                && d.message.contains(frag)
        };
        for w in &c.want {
            if !p.diagnostics.iter().any(|d| is(d, w)) {
                let (sev, line, col, path, frag) = w;
                failures.push(format!(
                    "[{}] missing {sev:?} {line}:{col} {path}: {frag}\n  got: {}",
                    c.name,
                    p.diagnostics
                        .iter()
                        .map(|d| d.render("x.yaml"))
                        .collect::<Vec<_>>()
                        .join("\n       ")
                ));
            }
        }
        let worst_wanted = c.want.iter().map(|w| w.0).min().unwrap_or(Severity::Info);
        for d in &p.diagnostics {
            let expected = c.want.iter().any(|w| is(d, w));
            if !expected && d.severity <= worst_wanted && d.severity != Severity::Info {
                failures.push(format!("[{}] unexpected {}", c.name, d.render("x.yaml")));
            }
        }
        if p.objects.len() != c.objects {
            failures.push(format!(
                "[{}] {} objects, want {}",
                c.name,
                p.objects.len(),
                c.objects
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn suggestion_and_consequence_for_cluster_ip_typo() {
    let p = model::parse(&svc("  clusterIp: None\n  ports:\n  - port: 80\n"));
    let d = &p.diagnostics[0];
    assert_eq!(d.hint.as_deref(), Some("did you mean `clusterIP`?"));
    assert!(
        d.message.contains("one address, not one per pod"),
        "{}",
        d.message
    );
    // Kubernetes drops the field: the Service is an ordinary ClusterIP one.
    let ObjectKind::Service(s) = &p.objects[0].kind else {
        panic!()
    };
    assert!(!s.is_headless());
}

#[test]
fn kubectl_list_output_loads_without_warnings() {
    let p = model::parse(include_str!("fixtures/kubectl-list.yaml"));
    let bad: Vec<String> = p
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.render("list.yaml"))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    let names: Vec<String> = p.objects.iter().map(|o| o.display_name()).collect();
    assert_eq!(
        names,
        [
            "Service shop/web",
            "Service shop/api",
            "StatefulSet shop/web",
            "Pod shop/web-0",
            "Pod shop/web-1",
            "ConfigMap shop/web-config"
        ]
    );
    let ObjectKind::Pod(p1) = &p.objects[4].kind else {
        panic!()
    };
    assert_eq!(p1.ready, Some(false));
    assert_eq!(p1.ips, ["10.244.3.9".parse::<std::net::IpAddr>().unwrap()]);
    assert_eq!(p1.meta.owner, Some(("StatefulSet".into(), "web".into())));
    // Positions inside List items point at the item's lines.
    assert_eq!(p.objects[1].origin.pos.line, 53);
    assert_eq!(
        p.locate(&p.objects[1].origin, &["metadata", "name"]).line,
        56
    );
}

#[test]
fn hostile_inputs_never_panic_and_explain() {
    let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    let p = model::parse(bomb);
    let d = &p.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("past 100 times its written size") && d.message.contains("alias bomb"),
        "{d:?}"
    );
    // The bomb is one document: the one after it still loads.
    let p = model::parse(&format!("{bomb}---\n{}", svc("  clusterIP: None\n")));
    assert_eq!(p.objects.len(), 1);

    let deep = format!("{}x{}", "[".repeat(1000), "]".repeat(1000));
    let p = model::parse(&deep);
    let d = &p.diagnostics[0];
    assert_eq!(
        (d.line, d.col),
        (1, 129),
        "at the bracket that goes too deep"
    );
    assert!(d.message.contains("deeper than 128 levels"), "{d:?}");

    let huge = "#".repeat(5 * 1024 * 1024);
    let p = model::parse(&huge);
    assert!(
        p.diagnostics[0].message.contains("at most 2097152 bytes"),
        "{:?}",
        p.diagnostics
    );

    let long = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {}\nspec:\n  clusterIP: None\n",
        "a".repeat(300)
    );
    let p = model::parse(&long);
    let d = &p.diagnostics[0];
    assert_eq!(
        (d.severity, d.line, d.col, d.path.as_str()),
        (Severity::Error, 4, 3, "metadata.name")
    );
    assert!(d.message.contains("no more than 63 characters"), "{d:?}");
    // Outside Services a name is a DNS-1123 subdomain: up to 253 characters.
    let pod = |n: usize| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\nspec:\n  containers:\n  - name: c\n    image: x\n",
            "a".repeat(n)
        )
    };
    assert_eq!(model::parse(&pod(253)).objects.len(), 1);
    let p = model::parse(&pod(254));
    assert!(
        p.diagnostics[0]
            .message
            .contains("no more than 253 characters"),
        "{:?}",
        p.diagnostics
    );

    for weird in [
        "",
        "---",
        "...",
        ":",
        "- - -",
        "{",
        "!!binary aGVsbG8=",
        "kind: 5",
        "apiVersion: [v1]\nkind: {a: b}",
        "\u{feff}kind: Pod",
        "? a\n: b",
        "metadata: &m {name: *m}",
    ] {
        let _ = model::parse(weird);
    }
}
