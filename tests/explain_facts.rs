//! Explanations as data (`dns::explain`): over every scenario and fixture, and a cluster with the
//! corners the fixtures lack (dual-stack, finished and pending pods, hand-written slices,
//! ExternalName loops), each step's text is its fact's rendering, the verdict line is the outcome's,
//! the reading helpers agree with the answer, and nothing is collected when explanations are off.
use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::resolver::{endpoint_hostname, Resolver};
use headless_playground::dns::{
    DnsServer, Fact, Name, Query, RecordType, ResponseCode, ServiceKind, Verdict,
};
use headless_playground::model;
use std::collections::HashSet;
use std::fmt::Write;
use std::net::IpAddr;

const EXTRA: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: dual
spec:
  ipFamilies: [IPv4, IPv6]
  ipFamilyPolicy: PreferDualStack
  selector:
    app: two
  ports:
  - name: http
    port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: v6only
spec:
  ipFamilies: [IPv6]
  selector:
    app: two
  ports:
  - port: 81
---
apiVersion: v1
kind: Service
metadata:
  name: hs2
spec:
  clusterIP: None
  selector:
    app: two
---
apiVersion: v1
kind: Service
metadata:
  name: hs3
spec:
  clusterIP: None
  ipFamilies: [IPv6]
  selector:
    app: two
  ports:
  - port: 90
---
apiVersion: v1
kind: Pod
metadata:
  name: two-a
  labels:
    app: two
spec:
  containers:
  - name: c
    image: x
status:
  phase: Running
  podIPs:
  - ip: 10.244.5.5
  - ip: fd00:10:244::5
  conditions:
  - type: Ready
    status: "True"
---
apiVersion: v1
kind: Pod
metadata:
  name: two-done
  labels:
    app: two
spec:
  containers:
  - name: c
    image: x
status:
  phase: Succeeded
  podIP: 10.244.5.6
---
apiVersion: v1
kind: Pod
metadata:
  name: two-pending
  labels:
    app: two
spec:
  containers:
  - name: c
    image: x
status:
  phase: Pending
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  ports:
  - name: pg
    port: 5432
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: db-1
  labels:
    kubernetes.io/service-name: db
addressType: IPv4
ports:
- name: pg
  port: 5432
endpoints:
- addresses: ["192.168.10.5"]
  hostname: primary
- addresses: ["192.168.10.6"]
  conditions:
    ready: false
---
apiVersion: v1
kind: Service
metadata:
  name: mix
spec:
  clusterIP: None
  selector:
    app: mix
  ports:
  - port: 5432
---
apiVersion: v1
kind: Pod
metadata:
  name: mix-a
  labels:
    app: mix
spec:
  containers:
  - name: c
    image: postgres
  hostname: mix-a
  subdomain: mix
status:
  podIP: 10.244.1.50
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: mix-manual
  labels:
    kubernetes.io/service-name: mix
addressType: IPv4
endpoints:
- addresses: ["192.168.7.7"]
ports:
- port: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: bare
spec:
  clusterIP: 10.96.7.7
---
apiVersion: v1
kind: Service
metadata:
  name: nosel
spec:
  clusterIP: None
---
apiVersion: v1
kind: Service
metadata:
  name: loop
spec:
  type: ExternalName
  externalName: loop.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: extdot
spec:
  type: ExternalName
  externalName: example.org.
"#;

fn clusters() -> Vec<(String, Cluster)> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<String> = vec![
        "tests/fixtures/spec/cluster.yaml",
        "tests/fixtures/kafka.yaml",
        "tests/fixtures/kubectl-list.yaml",
        "tests/fixtures/kdig/other-ns.yaml",
        "tests/fixtures/kdig/typo.yaml",
        "tests/fixtures/kdig/web.yaml",
        "src/scenarios/kafka.yaml",
        "src/scenarios/seed.yaml",
        "src/scenarios/statefulset.yaml",
    ]
    .into_iter()
    .map(|f| std::fs::read_to_string(format!("{dir}/{f}")).unwrap())
    .collect();
    files.push(EXTRA.to_string());
    let spec = files[0].clone();
    let mut out = Vec::new();
    for (i, y) in files.iter().enumerate() {
        let parsed = model::parse(y);
        out.push((format!("file{i}"), Cluster::build(&parsed, &Ops::default())));
    }
    let parsed = model::parse(&format!("{spec}\n---\n{EXTRA}"));
    let mut ops = Ops::default();
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "one-a",
        ));
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "one-b",
        ));
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "two-a",
        ));
    out.push(("combined-notready".into(), Cluster::build(&parsed, &ops)));
    out
}

fn rev(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v) => {
            let o = v.octets();
            format!("{}.{}.{}.{}.in-addr.arpa.", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(v) => {
            let mut s = String::new();
            for b in v.octets().iter().rev() {
                write!(s, "{:x}.{:x}.", b & 0xf, b >> 4).unwrap();
            }
            s + "ip6.arpa."
        }
    }
}

fn names(c: &Cluster) -> Vec<String> {
    let z = c.zone.clone();
    let mut v = vec![
        format!("{z}."),
        format!("svc.{z}."),
        format!("pod.{z}."),
        format!("ns.dns.{z}."),
        format!("dns-version.{z}."),
        format!("a.b.c.d.e.f.g.svc.{z}."),
        format!("x.y.default.svc.svc.{z}."),
        format!("foo.bar.{z}."),
        format!("nons.svc.{z}."),
        format!("x.nons.svc.{z}."),
        format!("x.nons.pod.{z}."),
        format!("default.svc.{z}."),
        format!("default.pod.{z}."),
        format!("1-2-3-4.default.pod.{z}."),
        format!("fd00-10-244--5.default.pod.{z}."),
        format!("not-a-pod.default.pod.{z}."),
        format!("web.default.svc.{z}."),
        "example.com.".into(),
        "10.in-addr.arpa.".into(),
        "9.9.9.9.in-addr.arpa.".into(),
        "in-addr.arpa.".into(),
    ];
    for p in c.pods.iter() {
        for ip in &p.ips {
            let d = match ip {
                IpAddr::V4(v) => v.to_string().replace('.', "-"),
                IpAddr::V6(v) => v.to_string().replace(':', "-"),
            };
            v.push(format!("{d}.{}.pod.{z}.", p.namespace));
            v.push(rev(*ip));
        }
    }
    for s in &c.services {
        let b = format!("{}.{}.svc.{z}.", s.name, s.namespace);
        v.push(b.clone());
        v.push(format!("{}x.{}.svc.{z}.", s.name, s.namespace));
        v.push(format!("nope.{b}"));
        v.push(format!("_http._tcp.{b}"));
        v.push(format!("_pg._tcp.{b}"));
        v.push(format!("_http._udp.{b}"));
        v.push(format!("_._tcp.{b}"));
        v.push(format!("a.b.c.{b}"));
        for ip in &s.cluster_ips {
            v.push(rev(*ip));
        }
        for ep in &s.endpoints {
            v.push(format!("{}.{b}", endpoint_hostname(ep)));
            v.push(rev(ep.ip));
        }
        for p in &s.ports {
            if let Some(n) = &p.name {
                v.push(format!(
                    "_{n}._{}.{b}",
                    p.protocol.as_str().to_ascii_lowercase()
                ));
            }
        }
    }
    v.sort();
    v.dedup();
    v
}

const TYPES: [RecordType; 12] = {
    use RecordType::*;
    [A, AAAA, SRV, PTR, TXT, CNAME, SOA, NS, MX, AXFR, IXFR, ANY]
};

#[test]
fn every_step_and_verdict_is_rendered_from_its_fact() {
    let mut kinds = HashSet::new();
    for (label, c) in clusters() {
        let mut r = Resolver::new(&c);
        for n in names(&c) {
            let Ok(name) = Name::parse(&n) else { continue };
            for qt in TYPES {
                let (m, ex) = r.answer(&Query::new(name.clone(), qt), true, None);
                let at = format!("{label}: {n} {qt}");
                for s in &ex.steps {
                    assert_eq!(s.text, s.fact.to_string(), "{at}");
                    kinds.insert(std::mem::discriminant(&s.fact));
                }
                let outcome = ex.outcome.as_ref().expect("every answer has a verdict");
                assert_eq!(ex.verdict, outcome.to_string(), "{at}");
                let nx = matches!(outcome, Verdict::NxDomain(_) | Verdict::Forwarded { .. });
                assert_eq!(nx, m.response_code == ResponseCode::NXDomain, "{at}");
                assert_eq!(
                    matches!(outcome, Verdict::Forwarded { .. }),
                    ex.forwarded && m.response_code == ResponseCode::NXDomain,
                    "{at}"
                );
            }
        }
    }
    assert!(kinds.len() >= 30, "only {} kinds of fact seen", kinds.len());
}

#[test]
fn the_helpers_agree_with_the_answer() {
    for (label, c) in clusters() {
        let mut r = Resolver::new(&c);
        for n in names(&c) {
            let Ok(name) = Name::parse(&n) else { continue };
            let (m, ex) = r.answer(&Query::new(name, RecordType::A), true, None);
            let at = format!("{label}: {n}");
            let Some(svc) = ex.service() else {
                assert_eq!(ex.endpoints().count(), 0, "{at}");
                continue;
            };
            assert_eq!(svc.headless, svc.kind == ServiceKind::Headless, "{at}");
            if svc.kind == ServiceKind::ClusterIp && m.response_code == ResponseCode::NoError {
                assert_eq!(ex.endpoints().count(), 0, "{at}");
                for rec in &m.answers {
                    let ip: IpAddr = rec.rdata.to_string().parse().unwrap();
                    assert!(svc.cluster_ips.contains(&ip), "{at}");
                }
            }
            if svc.kind == ServiceKind::Headless {
                // Every A record is a ready endpoint's address; not-ready ones are never answered.
                let ready: HashSet<IpAddr> =
                    ex.endpoints().filter(|e| e.ready).map(|e| e.ip).collect();
                for rec in &m.answers {
                    let ip: IpAddr = rec.rdata.to_string().parse().unwrap();
                    assert!(ready.contains(&ip), "{at}: {ip}");
                }
                let want = c.service(&svc.ns, &svc.name).unwrap();
                assert!(ex.endpoints().count() <= want.endpoints.len(), "{at}");
            }
        }
    }
}

#[test]
fn nothing_is_collected_when_explanations_are_off() {
    for (label, c) in clusters() {
        let mut r = Resolver::new(&c);
        r.explain = false;
        for n in names(&c) {
            let Ok(name) = Name::parse(&n) else { continue };
            for qt in TYPES {
                let ex = r.answer(&Query::new(name.clone(), qt), true, None).1;
                assert!(ex.steps.is_empty(), "{label}: {n} {qt}");
                assert!(ex.verdict.is_empty(), "{label}: {n} {qt}");
                assert!(ex.outcome.is_none(), "{label}: {n} {qt}");
            }
        }
    }
}

#[test]
fn a_server_nobody_runs_is_explained_as_data() {
    let (_, c) = clusters().remove(0);
    let mut r = Resolver::new(&c);
    r.explain = false;
    let server: IpAddr = "192.0.2.1".parse().unwrap();
    let q = Query::new(
        Name::parse("svc1.default.svc.cluster.local.").unwrap(),
        RecordType::A,
    );
    assert!(r.query(server, &q, true, None).is_none());
    let ex = &r.log.last().unwrap().explanation;
    assert_eq!(ex.outcome, Some(Verdict::NoReply { server }));
    assert_eq!(
        ex.verdict,
        "no reply: nothing in the cluster answers DNS on 192.0.2.1"
    );
    assert_eq!(ex.steps.len(), 1);
    assert_eq!(
        ex.steps[0].fact,
        Fact::NoServer {
            server,
            dns_ip: c.dns_service_ip()
        }
    );
    assert_eq!(
        ex.steps[0].text,
        format!(
            "CoreDNS listens on the kube-dns Service IP {} and its pods' IPs; 192.0.2.1 is neither, so the query times out",
            c.dns_service_ip()
        )
    );
}
