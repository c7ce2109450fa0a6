#![cfg(not(target_arch = "wasm32"))]
//! The simulated cluster: controllers, IPs, endpoints, ops and teaching lints.

use std::net::IpAddr;

use headless_playground::cluster::{Cluster, EndpointsFrom, Ops, Owner};
use headless_playground::model::{self, Severity};
use headless_playground::scenarios;

fn build(yaml: &str) -> Cluster {
    Cluster::build(&model::parse(yaml), &Ops::default())
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn builtins_are_a_kubeadm_cluster() {
    let c = build("");
    for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        assert!(c.namespace_exists(ns), "{ns}");
    }
    let k = c.service("default", "kubernetes").unwrap();
    assert_eq!(k.cluster_ips, [ip("10.96.0.1")]);
    assert_eq!(k.ports[0].port, 443);
    let dns = c.service("kube-system", "kube-dns").unwrap();
    assert_eq!(dns.cluster_ips, [ip("10.96.0.10")]);
    let names: Vec<_> = dns.ports.iter().map(|p| p.name.clone().unwrap()).collect();
    assert_eq!(names, ["dns", "dns-tcp", "metrics"]);
    assert_eq!(dns.ready_endpoints().count(), 2);
    assert_eq!(c.coredns_pod_ips().len(), 2);
    let client = c.pod("default", "dnsutils").unwrap();
    assert!(client.ip().is_some());
    let workers: Vec<_> = c
        .nodes
        .iter()
        .filter(|n| !n.control_plane)
        .map(|n| format!("{}/{}", n.pod_cidr.0, n.pod_cidr.1))
        .collect();
    assert_eq!(workers, ["10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
}

#[test]
fn seed_headful_and_headless_share_endpoints() {
    let c = build(scenarios::SEED.yaml);
    let headful = c.service("default", "test-headful").unwrap();
    let headless = c.service("default", "test-headless").unwrap();
    assert!(!headful.headless && headless.headless);
    assert_eq!(headful.cluster_ips.len(), 1);
    assert!(headless.cluster_ips.is_empty());
    let a: Vec<IpAddr> = headful.endpoints.iter().map(|e| e.ip).collect();
    let b: Vec<IpAddr> = headless.endpoints.iter().map(|e| e.ip).collect();
    assert_eq!(a.len(), 3);
    assert_eq!(a, b);
    // Plain pods have no hostname/subdomain: no hostname on their endpoints.
    assert!(headless.endpoints.iter().all(|e| e.hostname.is_none()));
    // Named... here numeric targetPort: endpoint port is the target port.
    assert_eq!(headless.endpoints[0].ports[0].port, 8080);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
}

#[test]
fn same_yaml_same_ips_and_adding_objects_does_not_renumber() {
    let a = build(scenarios::SEED.yaml);
    let b = build(scenarios::SEED.yaml);
    assert_eq!(a, b);
    let more = format!(
        "{}\n---\n{}",
        scenarios::SEED.yaml,
        include_str!("fixtures/kafka.yaml")
    );
    let c = build(&more);
    for p in a.pods.iter() {
        assert_eq!(
            c.pod(&p.namespace, &p.name).unwrap().ips,
            p.ips,
            "{}",
            p.name
        );
    }
    for s in &a.services {
        assert_eq!(
            c.service(&s.namespace, &s.name).unwrap().cluster_ips,
            s.cluster_ips,
            "{}",
            s.name
        );
    }
}

#[test]
fn statefulset_pods_get_identity_and_hostnames() {
    let c = build(include_str!("fixtures/kafka.yaml"));
    let hs = c.service("kafka", "kafka-hs").unwrap();
    let hosts: Vec<_> = hs
        .endpoints
        .iter()
        .map(|e| e.hostname.as_deref().unwrap())
        .collect();
    assert_eq!(hosts, ["kafka-0", "kafka-1", "kafka-2"]);
    // Named targetPort resolved through the container port.
    assert!(hs
        .endpoints
        .iter()
        .all(|e| e.ports[0].port == 9092 && e.ports[0].name.as_deref() == Some("kafka")));
    // The bootstrap Service selects the same pods, but the pods' subdomain is kafka-hs: no hostnames.
    let boot = c.service("kafka", "kafka-bootstrap").unwrap();
    assert_eq!(boot.endpoints.len(), 3);
    assert!(boot.endpoints.iter().all(|e| e.hostname.is_none()));
    let p = c.pod("kafka", "kafka-1").unwrap();
    assert_eq!(p.hostname.as_deref(), Some("kafka-1"));
    assert_eq!(p.subdomain.as_deref(), Some("kafka-hs"));
    assert_eq!(
        p.labels
            .get("statefulset.kubernetes.io/pod-name")
            .map(|v| &**v),
        Some("kafka-1")
    );
    assert!(matches!(&p.owner, Owner::StatefulSet { ordinal: 1, .. }));
    // Brokers spread over the three workers.
    let nodes: std::collections::BTreeSet<_> = (0..3)
        .map(|i| c.pod("kafka", &format!("kafka-{i}")).unwrap().node.clone())
        .collect();
    assert_eq!(nodes.len(), 3);
}

#[test]
fn ops_not_ready_delete_scale() {
    let parsed = model::parse(include_str!("fixtures/kafka.yaml"));
    let base = Cluster::build(&parsed, &Ops::default());
    let mut ops = Ops::default();
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "kafka", "kafka-0",
        ));
    ops.deleted
        .insert(headless_playground::cluster::ObjectRef::new(
            "kafka", "kafka-1",
        ));
    ops.scale.insert(
        headless_playground::cluster::ObjectRef::new("kafka", "kafka"),
        2,
    );
    let c = Cluster::build(&parsed, &ops);
    // publishNotReadyAddresses: still ready in the headless Service, not in the bootstrap one.
    let hs = c.service("kafka", "kafka-hs").unwrap();
    assert_eq!(hs.endpoints.len(), 2);
    assert!(hs.endpoints.iter().all(|e| e.ready));
    let boot = c.service("kafka", "kafka-bootstrap").unwrap();
    assert_eq!(boot.ready_endpoints().count(), 1);
    // The deleted StatefulSet pod comes back under the same name with a new IP.
    let old = base.pod("kafka", "kafka-1").unwrap();
    let new = c.pod("kafka", "kafka-1").unwrap();
    assert_ne!(old.ips, new.ips);
    assert!(c.pod("kafka", "kafka-2").is_none());
}

#[test]
fn kubectl_list_pins_ips_and_user_pods_replace_controller_pods() {
    let c = build(include_str!("fixtures/kubectl-list.yaml"));
    let web = c.service("shop", "web").unwrap();
    let eps: Vec<_> = web
        .endpoints
        .iter()
        .map(|e| (e.ip, e.ready, e.hostname.clone()))
        .collect();
    assert_eq!(
        eps,
        [
            (ip("10.244.2.17"), true, Some("web-0".into())),
            (ip("10.244.3.9"), false, Some("web-1".into()))
        ]
    );
    assert_eq!(
        c.service("shop", "api").unwrap().cluster_ips,
        [ip("10.104.22.7")]
    );
    assert_eq!(c.pods.iter().filter(|p| &*p.namespace == "shop").count(), 2);
    assert_eq!(&*c.pod("shop", "web-0").unwrap().node, "worker-2");
    // Namespace "shop" is created with an info note; api selects nothing: a warning.
    assert!(c
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Info && d.message.contains("namespace \"shop\"")));
    assert!(c
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("matches no pod")));
}

#[test]
fn user_endpoint_slices_are_authoritative() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  ports:\n  - name: pg\n    port: 5432\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-1\n  labels:\n    kubernetes.io/service-name: db\naddressType: IPv4\nports:\n- name: pg\n  port: 5432\nendpoints:\n- addresses: [\"192.168.10.5\"]\n  hostname: primary\n- addresses: [\"192.168.10.6\"]\n  conditions:\n    ready: false\n---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy\nsubsets:\n- addresses:\n  - ip: 192.168.20.1\n  notReadyAddresses:\n  - ip: 192.168.20.2\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: legacy\nspec:\n  ports:\n  - port: 80\n";
    let c = build(yaml);
    let db = c.service("default", "db").unwrap();
    assert_eq!(db.endpoints_from, EndpointsFrom::Manifest);
    let eps: Vec<_> = db
        .endpoints
        .iter()
        .map(|e| (e.ip, e.ready, e.hostname.clone()))
        .collect();
    assert_eq!(
        eps,
        [
            (ip("192.168.10.5"), true, Some("primary".into())),
            (ip("192.168.10.6"), false, None)
        ]
    );
    assert_eq!(db.endpoints[0].source.pos().unwrap().line, 22);
    let legacy = c.service("default", "legacy").unwrap();
    let eps: Vec<_> = legacy.endpoints.iter().map(|e| (e.ip, e.ready)).collect();
    assert_eq!(
        eps,
        [(ip("192.168.20.1"), true), (ip("192.168.20.2"), false)]
    );
}

#[test]
fn pinned_conflicts_are_errors() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  clusterIP: 10.96.0.10\n  ports: [{port: 80}]\n";
    let c = build(yaml);
    assert!(
        c.diagnostics.iter().any(|d| d.severity == Severity::Error
            && (d.line, d.col, d.path.as_str()) == (6, 3, "spec.clusterIP")
            && d.message
                .contains("already allocated (to Service kube-system/kube-dns)")),
        "{:?}",
        c.diagnostics
    );
}

fn lint_messages(yaml: &str) -> Vec<String> {
    build(yaml)
        .diagnostics
        .iter()
        .map(|d| d.render("x.yaml"))
        .collect()
}

const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: SVC\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";

#[test]
fn lint_service_name_missing_non_headless_and_ok() {
    let missing = lint_messages(&STS.replace("SVC", "nginx"));
    assert!(
        missing.iter().any(|m| m.starts_with(
            "x.yaml:6:3: warning: spec.serviceName: serviceName \"nginx\" names no Service"
        ) && m.contains("NXDOMAIN")),
        "{missing:#?}"
    );

    let svc = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
    let headful = lint_messages(&format!("{}{svc}", STS.replace("SVC", "web")));
    let m = headful
        .iter()
        .find(|m| m.contains("names a ClusterIP Service"))
        .expect("non-headless lint");
    assert!(
        m.starts_with(
            "x.yaml:6:3: warning: spec.serviceName: serviceName \"web\" names a ClusterIP Service"
        ),
        "{m}"
    );
    assert!(
        m.contains("web-0.web.default.svc.cluster.local still resolve"),
        "{m}"
    );
    assert!(m.contains("note: x.yaml:20:1: Service web"), "{m}");

    let headless = lint_messages(&format!(
        "{}{}",
        STS.replace("SVC", "web"),
        svc.replace("spec:\n", "spec:\n  clusterIP: None\n")
    ));
    assert!(headless.is_empty(), "{headless:#?}");
}

#[test]
fn lint_selector_matches_nothing_and_not_ready() {
    let yaml = scenarios::SEED.yaml.replace("  selector:\n    app: test\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\napiVersion: v1\nkind: Pod", "  selector:\n    app: tset\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\napiVersion: v1\nkind: Pod");
    let msgs = lint_messages(&yaml);
    let m = msgs
        .iter()
        .find(|m| m.contains("matches no pod"))
        .expect("selector lint");
    // At the headless Service's selector (line 20 of the seed), not at the object.
    assert!(
        m.starts_with("x.yaml:20:3: warning: spec.selector: selector app=tset matches no pod in namespace default"),
        "{m}"
    );
    assert!(m.contains("is NXDOMAIN"), "{m}");
    assert!(m.contains("hint: pod test-1 has app=test"), "{m}");

    let parsed = model::parse(scenarios::SEED.yaml);
    let mut ops = Ops::default();
    for p in ["test-1", "test-2", "test-3"] {
        ops.not_ready
            .insert(headless_playground::cluster::ObjectRef::new("default", p));
    }
    let c = Cluster::build(&parsed, &ops);
    assert!(
        c.diagnostics.iter().any(|d| d.severity == Severity::Warning
            && (d.line, d.col, d.path.as_str()) == (20, 3, "spec.selector")
            && d.message
                .contains("headless Service test-headless selects 3 pods, none of them ready")
            && d.hint
                .as_deref()
                .unwrap_or("")
                .contains("publishNotReadyAddresses")),
        "{:#?}",
        c.diagnostics
    );
}

#[test]
fn absurd_replicas_are_capped_with_a_warning() {
    let yaml = STS
        .replace("SVC", "web")
        .replace("replicas: 3", "replicas: 1000000000");
    let c = build(&yaml);
    assert!(c.pods.len() <= headless_playground::cluster::MAX_PODS);
    assert!(c
        .diagnostics
        .iter()
        .any(|d| d.path == "spec.replicas" && d.message.contains("at most 10000 pods")));
}

#[test]
fn deployment_pod_names_are_deterministic() {
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers: [{name: c, image: x}]\n";
    let a = build(yaml);
    let names: Vec<_> = a
        .pods
        .iter()
        .filter(|p| matches!(p.owner, Owner::Deployment { .. }))
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names.len(), 2);
    for n in &names {
        let parts: Vec<_> = n.split('-').collect();
        assert_eq!(
            (parts[0], parts[1].len(), parts[2].len()),
            ("api", 10, 5),
            "{n}"
        );
    }
    assert_eq!(
        names,
        build(yaml)
            .pods
            .iter()
            .filter(|p| matches!(p.owner, Owner::Deployment { .. }))
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn two_pods_pinning_one_ip_is_an_error_at_the_second_pin() {
    let pod = |n: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {n}\nspec:\n  containers: [{{name: c, image: x}}]\nstatus:\n  podIP: 10.244.1.9\n")
    };
    let c = build(&format!("{}---\n{}", pod("a"), pod("b")));
    let d: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].line, d[0].col), (17, 3));
    assert!(d[0].message.contains("which pod default/a already has"));
}

#[test]
fn written_slices_beside_a_selector() {
    // A Service whose selector matches pod db-a, plus a slice a person wrote for it: CoreDNS reads
    // every slice labelled for the Service, so both addresses are served.
    let svc_pod = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n  - port: 5432\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: db-a\n  labels:\n    app: db\nspec:\n  containers:\n  - name: c\n    image: postgres\n  hostname: db-a\nstatus:\n  podIP: 10.244.1.50\n---\n";
    let slice = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-manual\n  labels:\n    kubernetes.io/service-name: db\naddressType: IPv4\nendpoints:\n- addresses: [\"192.168.7.7\"]\nports:\n- port: 5432\n";
    let c = build(&format!("{svc_pod}{slice}"));
    let svc = c.service("default", "db").unwrap();
    assert_eq!(
        svc.endpoints_from,
        EndpointsFrom::SelectorAndManifest { written: 1 }
    );
    let mut ips: Vec<_> = svc.endpoints.iter().map(|e| e.ip).collect();
    ips.sort();
    assert_eq!(ips, [ip("10.244.1.50"), ip("192.168.7.7")]);

    // The same slice pasted from `kubectl get` carries the controller's managed-by label: it is the
    // controller's output as printed, so it replaces what the selector derives.
    let managed = slice.replace(
        "    kubernetes.io/service-name: db\n",
        "    kubernetes.io/service-name: db\n    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\n",
    );
    let c = build(&format!("{svc_pod}{managed}"));
    let svc = c.service("default", "db").unwrap();
    assert_eq!(svc.endpoints_from, EndpointsFrom::Manifest);
    let ips: Vec<_> = svc.endpoints.iter().map(|e| e.ip).collect();
    assert_eq!(ips, [ip("192.168.7.7")]);
}

#[test]
fn removing_or_reordering_objects_does_not_renumber_the_rest() {
    let kafka = include_str!("fixtures/kafka.yaml");
    let api = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - name: c\n        image: x\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n  - port: 80\n";
    // The reference: seed, then kafka, then a Deployment and its Service.
    let all = build(&format!(
        "{}\n---\n{kafka}\n---\n{api}",
        scenarios::SEED.yaml
    ));
    // The first document removed, and the rest in reverse order.
    let fewer = build(&format!("{api}\n---\n{kafka}"));
    let mut compared = 0;
    for p in fewer.pods.iter().filter(|p| !p.ips.is_empty()) {
        let q = all.pod(&p.namespace, &p.name).expect("same pods");
        assert_eq!(q.ips, p.ips, "{} moved", p.name);
        compared += 1;
    }
    for s in &fewer.services {
        let t = all.service(&s.namespace, &s.name).expect("same services");
        assert_eq!(t.cluster_ips, s.cluster_ips, "{} moved", s.name);
    }
    assert!(compared >= 8, "{compared} pods compared");
}

#[test]
fn plural_pins_alone_are_honoured() {
    // `clusterIPs` without `clusterIP`, `podIPs` without `podIP`: kubectl prints both, people may
    // write either.
    let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: dual\nspec:\n  clusterIPs:\n  - 10.96.7.7\n  selector:\n    app: p\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: p\nspec:\n  containers:\n  - name: c\n    image: x\nstatus:\n  phase: Running\n  podIPs:\n  - ip: 10.244.2.77\n  conditions:\n  - type: Ready\n    status: \"True\"\n";
    let c = build(yaml);
    assert!(
        c.diagnostics.iter().all(|d| d.severity > Severity::Warning),
        "{:#?}",
        c.diagnostics
    );
    assert_eq!(
        c.service("default", "dual").unwrap().cluster_ips,
        [ip("10.96.7.7")]
    );
    let p = c.pod("default", "p").unwrap();
    assert_eq!(p.ips, [ip("10.244.2.77")]);
    // The pin is located at `podIPs:` (line 25), not at `status:`.
    assert_eq!(p.ip_pos.map(|at| (at.line, at.col)), Some((25, 3)));
}

#[test]
fn namespaces_and_written_endpoints_parse_cleanly() {
    // A Namespace object means no "creates it" note; an EndpointSlice and an Endpoints object for
    // selector-less Services load without warnings.
    let yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ext\n  namespace: shop\nspec:\n  clusterIP: None\n  ports:\n  - port: 80\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ext-1\n  namespace: shop\n  labels:\n    kubernetes.io/service-name: ext\naddressType: IPv4\nendpoints:\n- addresses: [\"192.168.1.1\"]\nports:\n- port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: legacy\n  namespace: shop\nspec:\n  clusterIP: None\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy\n  namespace: shop\nsubsets:\n- addresses:\n  - ip: 192.168.1.2\n  ports:\n  - port: 80\n";
    let c = build(yaml);
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
    assert!(model::parse(yaml).diagnostics.is_empty());
    assert!(c.namespace_exists("shop"));
    for (svc, want) in [("ext", "192.168.1.1"), ("legacy", "192.168.1.2")] {
        let s = c.service("shop", svc).unwrap();
        assert_eq!(s.endpoints_from, EndpointsFrom::Manifest, "{svc}");
        assert_eq!(
            s.endpoints.iter().map(|e| e.ip).collect::<Vec<_>>(),
            [ip(want)]
        );
    }
    // Without the Namespace object, the namespace is created with an info note.
    let c = build(yaml.split_once("---\n").unwrap().1);
    assert!(c.diagnostics.iter().any(|d| d.severity == Severity::Info
        && d.path == "metadata.namespace"
        && d.message
            .contains("namespace \"shop\" is not in the manifests")));
}

#[test]
fn a_namespace_of_many_pods_selects_the_same_endpoints_in_pod_order() {
    // 300 pods in one namespace: past the size from which endpoints start from a label index.
    let mut yaml = String::new();
    for i in 0..300 {
        yaml.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  labels:\n    app: a{}\n    tier: t{}\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
            i % 7,
            i % 3
        ));
    }
    let selectors = [
        ("s-app", "app: a3"),
        ("s-both", "app: a3\n    tier: t1"),
        ("s-tier", "tier: t2"),
        ("s-none", "app: nobody"),
    ];
    for (name, sel) in selectors {
        yaml.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: None\n  selector:\n    {sel}\n  ports:\n  - port: 80\n"
        ));
    }
    let c = build(&yaml);
    // What testing every pod gives, in the cluster's pod order.
    let label =
        |p: &headless_playground::cluster::Pod, k: &str| p.labels.get(k).map(|v| v.to_string());
    let brute = |pred: &dyn Fn(&headless_playground::cluster::Pod) -> bool| -> Vec<String> {
        c.pods
            .iter()
            .filter(|p| &*p.namespace == "default" && pred(p))
            .map(|p| p.name.to_string())
            .collect()
    };
    let a3 = |p: &headless_playground::cluster::Pod| label(p, "app").as_deref() == Some("a3");
    let t1 = |p: &headless_playground::cluster::Pod| label(p, "tier").as_deref() == Some("t1");
    let t2 = |p: &headless_playground::cluster::Pod| label(p, "tier").as_deref() == Some("t2");
    for (name, want) in [
        ("s-app", brute(&a3)),
        ("s-both", brute(&|p| a3(p) && t1(p))),
        ("s-tier", brute(&t2)),
        ("s-none", vec![]),
    ] {
        let svc = c.service("default", name).unwrap();
        let got: Vec<String> = svc
            .endpoints
            .iter()
            .map(|e| c.pods[e.pod.unwrap()].name.to_string())
            .collect();
        assert_eq!(
            got.len(),
            match name {
                "s-app" => 43,
                "s-both" => 14,
                "s-tier" => 100,
                _ => 0,
            },
            "{name}"
        );
        assert_eq!(got, want, "{name}");
    }
}
