//! The resolver against the Kubernetes DNS spec and CoreDNS, in the style of CoreDNS's
//! `plugin/kubernetes/handler_test.go`: one table row per rule, each a question, the expected
//! rcode, and the expected ANSWER / AUTHORITY / ADDITIONAL as zone-file lines.
//!
//! The cluster is `tests/fixtures/spec/cluster.yaml` (every address pinned):
//! * `svc1` ClusterIP 10.96.1.1, port `http` 80 → 8080, selects `app=one`;
//! * `svc-empty` ClusterIP 10.96.1.2, no selector, no endpoints;
//! * `hs1` headless, selects `app=one`: pods `one-a` 10.244.1.10 and `one-b` 10.244.2.10 are ready,
//!   `one-c` 10.244.3.10 is not; all three have `subdomain: hs1`, so they have hostnames under `hs1`;
//! * `hs-notready` headless with `publishNotReadyAddresses: true` (same pods, dashed names);
//! * `hs-empty` headless selecting nothing;
//! * `ext` ExternalName `example.com`, `ext-in` ExternalName `svc1.default.svc.cluster.local`.
//!
//! A/AAAA order rotates (`loadbalance`), so sections are compared as sets; the rule each row pins
//! is named in its comment, with the spec section (docs k8s-dns.md) it comes from.

use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::{Name, Query, RecordType, ResponseCode};
use headless_playground::model;

#[path = "support/spec.rs"]
mod spec;
use spec::{ask, sorted, want, zone_line};

const SOA: &str = "cluster.local.\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795478400 7200 1800 86400 30";
const ROOT_SOA: &str = ".\t86400\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2026112400 1800 900 604800 86400";

struct Case {
    name: &'static str,
    qtype: RecordType,
    rcode: ResponseCode,
    answer: &'static [&'static str],
    authority: &'static [&'static str],
    /// `None`: not checked.
    additional: Option<&'static [&'static str]>,
}

const fn case(
    name: &'static str,
    qtype: RecordType,
    rcode: ResponseCode,
    answer: &'static [&'static str],
    authority: &'static [&'static str],
) -> Case {
    Case {
        name,
        qtype,
        rcode,
        answer,
        authority,
        additional: None,
    }
}

use RecordType::{A, AAAA, AXFR, CNAME, NS, PTR, SOA as SOA_T, SRV, TXT};
use ResponseCode::{NXDomain as NX, NoError as OK, Refused};

const NODATA: &[&str] = &[SOA];

fn cases() -> Vec<Case> {
    vec![
        // --- 4.1 Service names --------------------------------------------------------------
        // ClusterIP: the virtual IP, whatever the endpoints.
        case("svc1.default.svc.cluster.local.", A, OK,
            &["svc1.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.1"], &[]),
        // ClusterIP with no endpoints at all still answers its VIP.
        case("svc-empty.default.svc.cluster.local.", A, OK,
            &["svc-empty.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.2"], &[]),
        // An IPv4-only Service has no AAAA: NODATA with the SOA.
        case("svc1.default.svc.cluster.local.", AAAA, OK, &[], NODATA),
        // Headless: one A per ready endpoint; the not-ready one-c is left out.
        case("hs1.default.svc.cluster.local.", A, OK, &[
            "hs1.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.10",
            "hs1.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.10",
        ], &[]),
        // publishNotReadyAddresses: every selected pod, ready or not.
        case("hs-notready.default.svc.cluster.local.", A, OK, &[
            "hs-notready.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.10",
            "hs-notready.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.10",
            "hs-notready.default.svc.cluster.local.\t30\tIN\tA\t10.244.3.10",
        ], &[]),
        // Headless with zero ready endpoints: NXDOMAIN (section 5), for any type.
        case("hs-empty.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        case("hs-empty.default.svc.cluster.local.", AAAA, NX, &[], &[SOA]),
        // Headless AAAA with only IPv4 endpoints: NODATA.
        case("hs1.default.svc.cluster.local.", AAAA, OK, &[], NODATA),
        // Matching is case-insensitive; the answer echoes the question's case.
        case("SVC1.Default.SVC.cluster.local.", A, OK,
            &["SVC1.Default.SVC.cluster.local.\t30\tIN\tA\t10.96.1.1"], &[]),
        // Unknown Service, unknown namespace: NXDOMAIN.
        case("nope.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        case("svc1.nope.svc.cluster.local.", A, NX, &[], &[SOA]),
        // --- 4.2 endpoint names -------------------------------------------------------------
        // hostname when the pod's subdomain is the Service name.
        case("one-a.hs1.default.svc.cluster.local.", A, OK,
            &["one-a.hs1.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.10"], &[]),
        // A not-ready pod's own name is NXDOMAIN (section 5).
        case("one-c.hs1.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        // ... but with publishNotReadyAddresses it answers (dashed, the subdomain is hs1).
        case("10-244-3-10.hs-notready.default.svc.cluster.local.", A, OK,
            &["10-244-3-10.hs-notready.default.svc.cluster.local.\t30\tIN\tA\t10.244.3.10"], &[]),
        // Endpoint names exist for ClusterIP Services too (CoreDNS), under the dashed IP.
        case("10-244-1-10.svc1.default.svc.cluster.local.", A, OK,
            &["10-244-1-10.svc1.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.10"], &[]),
        // No hostname under svc1 (subdomain is hs1), so `one-a.svc1` does not exist.
        case("one-a.svc1.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        // With a hostname, the dashed form is not an alias.
        case("10-244-1-10.hs1.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        // --- 4.3 SRV ------------------------------------------------------------------------
        // ClusterIP: target the Service, port the Service port, weight 100 for one entry.
        Case {
            additional: Some(&["svc1.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.1"]),
            ..case("_http._tcp.svc1.default.svc.cluster.local.", SRV, OK,
                &["_http._tcp.svc1.default.svc.cluster.local.\t30\tIN\tSRV\t0 100 80 svc1.default.svc.cluster.local."], &[])
        },
        // Headless: one per ready endpoint, the target port, weight floor(100/2) = 50.
        Case {
            additional: Some(&[
                "one-a.hs1.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.10",
                "one-b.hs1.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.10",
            ]),
            ..case("_http._tcp.hs1.default.svc.cluster.local.", SRV, OK, &[
                "_http._tcp.hs1.default.svc.cluster.local.\t30\tIN\tSRV\t0 50 8080 one-a.hs1.default.svc.cluster.local.",
                "_http._tcp.hs1.default.svc.cluster.local.\t30\tIN\tSRV\t0 50 8080 one-b.hs1.default.svc.cluster.local.",
            ], &[])
        },
        // Three entries: floor(100/3) = 33.
        case("_http._tcp.hs-notready.default.svc.cluster.local.", SRV, OK, &[
            "_http._tcp.hs-notready.default.svc.cluster.local.\t30\tIN\tSRV\t0 33 8080 10-244-1-10.hs-notready.default.svc.cluster.local.",
            "_http._tcp.hs-notready.default.svc.cluster.local.\t30\tIN\tSRV\t0 33 8080 10-244-2-10.hs-notready.default.svc.cluster.local.",
            "_http._tcp.hs-notready.default.svc.cluster.local.\t30\tIN\tSRV\t0 33 8080 10-244-3-10.hs-notready.default.svc.cluster.local.",
        ], &[]),
        // Port name and protocol are case-insensitive.
        case("_HTTP._TCP.svc1.default.svc.cluster.local.", SRV, OK,
            &["_HTTP._TCP.svc1.default.svc.cluster.local.\t30\tIN\tSRV\t0 100 80 svc1.default.svc.cluster.local."], &[]),
        // No such port name or protocol: NXDOMAIN.
        case("_https._tcp.svc1.default.svc.cluster.local.", SRV, NX, &[], &[SOA]),
        case("_http._udp.hs1.default.svc.cluster.local.", SRV, NX, &[], &[SOA]),
        // SRV on the bare Service name matches every port (CoreDNS extension).
        case("svc1.default.svc.cluster.local.", SRV, OK,
            &["svc1.default.svc.cluster.local.\t30\tIN\tSRV\t0 100 80 svc1.default.svc.cluster.local."], &[]),
        // ExternalName: SRV on the bare name is NODATA, on a port name NXDOMAIN.
        case("ext.default.svc.cluster.local.", SRV, OK, &[], NODATA),
        case("_http._tcp.ext.default.svc.cluster.local.", SRV, NX, &[], &[SOA]),
        // --- ExternalName (4.1) ---------------------------------------------------------------
        // Out-of-zone target: the CNAME; the target is looked up upstream (simulated: nothing).
        case("ext.default.svc.cluster.local.", A, OK,
            &["ext.default.svc.cluster.local.\t30\tIN\tCNAME\texample.com."], &[]),
        // In-zone target: CNAME first, then the target's records.
        case("ext-in.default.svc.cluster.local.", A, OK, &[
            "ext-in.default.svc.cluster.local.\t30\tIN\tCNAME\tsvc1.default.svc.cluster.local.",
            "svc1.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.1",
        ], &[]),
        case("ext.default.svc.cluster.local.", CNAME, OK,
            &["ext.default.svc.cluster.local.\t30\tIN\tCNAME\texample.com."], &[]),
        // --- 4.4 PTR ------------------------------------------------------------------------
        // A ClusterIP: the Service name.
        case("1.1.96.10.in-addr.arpa.", PTR, OK,
            &["1.1.96.10.in-addr.arpa.\t30\tIN\tPTR\tsvc1.default.svc.cluster.local."], &[]),
        // A pod IP: one PTR per Service that has it as a ready endpoint.
        case("10.1.244.10.in-addr.arpa.", PTR, OK, &[
            "10.1.244.10.in-addr.arpa.\t30\tIN\tPTR\t10-244-1-10.svc1.default.svc.cluster.local.",
            "10.1.244.10.in-addr.arpa.\t30\tIN\tPTR\tone-a.hs1.default.svc.cluster.local.",
            "10.1.244.10.in-addr.arpa.\t30\tIN\tPTR\t10-244-1-10.hs-notready.default.svc.cluster.local.",
        ], &[]),
        // A not-ready pod is only an endpoint of the publishNotReadyAddresses Service.
        case("10.3.244.10.in-addr.arpa.", PTR, OK, &[
            "10.3.244.10.in-addr.arpa.\t30\tIN\tPTR\t10-244-3-10.hs-notready.default.svc.cluster.local.",
        ], &[]),
        // Unknown address: fallthrough to upstream (simulated NXDOMAIN from the root).
        case("9.9.244.10.in-addr.arpa.", PTR, NX, &[], &[ROOT_SOA]),
        // --- 4.5 pod names (`pods insecure`) ------------------------------------------------
        case("10-244-1-10.default.pod.cluster.local.", A, OK,
            &["10-244-1-10.default.pod.cluster.local.\t30\tIN\tA\t10.244.1.10"], &[]),
        // Any well-formed dashed IP answers: CoreDNS does not check that a pod has it.
        case("10-9-9-9.default.pod.cluster.local.", A, OK,
            &["10-9-9-9.default.pod.cluster.local.\t30\tIN\tA\t10.9.9.9"], &[]),
        // ... but the namespace must exist.
        case("10-9-9-9.nope.pod.cluster.local.", A, NX, &[], &[SOA]),
        // Pod names are IPs, not pod names.
        case("one-a.default.pod.cluster.local.", A, NX, &[], &[SOA]),
        // --- 4.6 other names ----------------------------------------------------------------
        case("dns-version.cluster.local.", TXT, OK,
            &["dns-version.cluster.local.\t28800\tIN\tTXT\t\"1.1.0\""], &[]),
        case("cluster.local.", SOA_T, OK, &[SOA], &[]),
        Case {
            additional: Some(&["ns.dns.cluster.local.\t30\tIN\tA\t10.96.0.10"]),
            ..case("cluster.local.", NS, OK, &["cluster.local.\t30\tIN\tNS\tns.dns.cluster.local."], &[])
        },
        case("ns.dns.cluster.local.", A, OK, &["ns.dns.cluster.local.\t30\tIN\tA\t10.96.0.10"], &[]),
        // svc, pod and an existing namespace exist with no records: NODATA.
        case("svc.cluster.local.", A, OK, &[], NODATA),
        case("pod.cluster.local.", A, OK, &[], NODATA),
        case("default.svc.cluster.local.", A, OK, &[], NODATA),
        case("cluster.local.", A, OK, &[], NODATA),
        // --- 3 grammar ----------------------------------------------------------------------
        // The label before the zone must be svc or pod.
        case("foo.cluster.local.", A, NX, &[], &[SOA]),
        case("svc1.default.foo.cluster.local.", A, NX, &[], &[SOA]),
        // Two extra labels are `_port._proto`; three are too many.
        case("a.b.svc1.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        case("x.a.b.svc1.default.svc.cluster.local.", A, NX, &[], &[SOA]),
        // --- 5 rcodes for other types -------------------------------------------------------
        // Types the plugin does not serve: NODATA where the name exists, NXDOMAIN where not.
        case("svc1.default.svc.cluster.local.", TXT, OK, &[], NODATA),
        case("svc1.default.svc.cluster.local.", RecordType::HINFO, OK, &[], NODATA),
        case("nope.default.svc.cluster.local.", RecordType::HINFO, NX, &[], &[SOA]),
        // A SOA question below the apex is always NODATA, even for names that do not exist.
        case("svc1.default.svc.cluster.local.", SOA_T, OK, &[], NODATA),
        case("nope.default.svc.cluster.local.", SOA_T, OK, &[], NODATA),
        // Zone transfers are refused.
        case("cluster.local.", AXFR, Refused, &[], &[]),
        // --- names outside the zone: forwarded (simulated NXDOMAIN) ---------------------------
        case("example.com.", A, NX, &[], &[ROOT_SOA]),
        case("svc1.default.svc.cluster.local.example.", A, NX, &[], &[ROOT_SOA]),
    ]
}

fn cluster() -> Cluster {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spec/cluster.yaml"
    ))
    .expect("fixture");
    let parsed = model::parse(&yaml);
    let errors: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == model::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "fixture has errors: {errors:?}");
    Cluster::build(&parsed, &Ops::default())
}

#[test]
fn every_rule_of_the_spec() {
    let failures = failures(&cluster(), cases());
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Pods made by the DaemonSet, ReplicaSet, ReplicationController and Job controllers behind
/// headless Services (`tests/fixtures/controllers/cluster.yaml`: four pasted nodes, the control
/// plane and `node-c` tainted). Addresses come from each node's podCIDR.
fn controller_cases() -> Vec<Case> {
    vec![
        // DaemonSet: one address per node it runs on (node-a, node-b), not the tainted ones.
        case("agent.default.svc.cluster.local.", A, OK, &[
            "agent.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.225",
            "agent.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.214",
        ], &[]),
        // Its pods have no hostname: SRV targets are dashed IPs, weight floor(100/2).
        Case {
            additional: Some(&[
                "10-244-1-225.agent.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.225",
                "10-244-2-214.agent.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.214",
            ]),
            ..case("_metrics._tcp.agent.default.svc.cluster.local.", SRV, OK, &[
                "_metrics._tcp.agent.default.svc.cluster.local.\t30\tIN\tSRV\t0 50 9100 10-244-1-225.agent.default.svc.cluster.local.",
                "_metrics._tcp.agent.default.svc.cluster.local.\t30\tIN\tSRV\t0 50 9100 10-244-2-214.agent.default.svc.cluster.local.",
            ], &[])
        },
        // ReplicaSet: its two replicas.
        case("cache.default.svc.cluster.local.", A, OK, &[
            "cache.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.206",
            "cache.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.128",
        ], &[]),
        // ReplicationController (the Kubernetes examples' dns-backend): one replica.
        case("dns-backend.default.svc.cluster.local.", A, OK,
            &["dns-backend.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.125"], &[]),
        // Indexed Job, parallelism 2 of 3 completions: two pods run now.
        case("work.default.svc.cluster.local.", A, OK, &[
            "work.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.223",
            "work.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.147",
        ], &[]),
        // Their hostnames `<job>-<index>` under subdomain `work` are per-pod names ...
        case("work-0.work.default.svc.cluster.local.", A, OK,
            &["work-0.work.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.147"], &[]),
        // ... and index 2, not started yet, has none.
        case("work-2.work.default.svc.cluster.local.", A, NX, &[], &[SOA]),
    ]
}

#[test]
fn controller_made_pods_behind_headless_services() {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/controllers/cluster.yaml"
    ))
    .expect("fixture");
    let cluster = Cluster::build(&model::parse(&yaml), &Ops::default());
    let failures = failures(&cluster, controller_cases());
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Each row asked of `cluster`: what differs from the row, as one message per failing row.
fn failures(cluster: &Cluster, cases: Vec<Case>) -> Vec<String> {
    let mut r = Resolver::new(cluster);
    let mut failures = Vec::new();
    for c in cases {
        let m = ask(&mut r, c.name, c.qtype);
        let mut problems = Vec::new();
        if m.response_code != c.rcode {
            problems.push(format!("rcode {} (want {})", m.response_code, c.rcode));
        }
        if sorted(&m.answers) != want(c.answer) {
            problems.push(format!(
                "answer {:#?}\n want {:#?}",
                sorted(&m.answers),
                want(c.answer)
            ));
        }
        if sorted(&m.authorities) != want(c.authority) {
            problems.push(format!(
                "authority {:#?}\n want {:#?}",
                sorted(&m.authorities),
                want(c.authority)
            ));
        }
        if let Some(extra) = c.additional {
            if sorted(&m.additionals) != want(extra) {
                problems.push(format!(
                    "additional {:#?}\n want {:#?}",
                    sorted(&m.additionals),
                    want(extra)
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{} {}: {}", c.name, c.qtype, problems.join("; ")));
        }
    }
    failures
}

/// Section 6: plugin answers are `qr aa` with `rd` copied and no `ra`; forwarded ones `qr rd ra`.
#[test]
fn flags_of_plugin_and_forwarded_answers() {
    let cluster = cluster();
    let mut r = Resolver::new(&cluster);
    for (name, qtype) in [
        ("svc1.default.svc.cluster.local.", A),
        ("nope.default.svc.cluster.local.", A),
        ("svc1.default.svc.cluster.local.", AAAA),
    ] {
        let f = ask(&mut r, name, qtype).flags;
        assert!(f.qr && f.aa && f.rd && !f.ra, "{name} {qtype}: {f:?}");
    }
    let f = ask(&mut r, "example.com.", A).flags;
    assert!(f.qr && !f.aa && f.rd && f.ra, "forwarded: {f:?}");
    let q = Query::new(Name::parse("svc1.default.svc.cluster.local.").unwrap(), A);
    let f = r.answer(&q, false, None).0.flags;
    assert!(!f.rd, "rd is copied from the query: {f:?}");
}

/// Section 6: `loadbalance` rotates A records between queries, deterministically for a seed.
#[test]
fn loadbalance_rotates_and_replays_by_seed() {
    let cluster = cluster();
    let order = |seed: u64| -> Vec<Vec<String>> {
        let mut r = Resolver::with_seed(&cluster, seed);
        (0..8)
            .map(|_| {
                ask(&mut r, "hs-notready.default.svc.cluster.local.", A)
                    .answers
                    .iter()
                    .map(zone_line)
                    .collect()
            })
            .collect()
    };
    let a = order(7);
    assert_eq!(a, order(7), "the same seed replays the same orders");
    let distinct: std::collections::HashSet<_> = a.iter().collect();
    assert!(
        distinct.len() > 1,
        "the order never changed over 8 queries: {a:?}"
    );
    for answer in &a {
        assert_eq!(answer.len(), 3);
    }
}

/// Section 5: marking a pod not ready removes it; deleting and scaling follow the controllers.
#[test]
fn readiness_operations_change_headless_answers_only() {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spec/cluster.yaml"
    ))
    .expect("fixture");
    let parsed = model::parse(&yaml);
    let mut ops = Ops::default();
    ops.not_ready
        .insert(headless_playground::cluster::ObjectRef::new(
            "default", "one-a",
        ));
    let cluster = Cluster::build(&parsed, &ops);
    let mut r = Resolver::new(&cluster);
    let hs = ask(&mut r, "hs1.default.svc.cluster.local.", A);
    assert_eq!(
        sorted(&hs.answers),
        want(&["hs1.default.svc.cluster.local.\t30\tIN\tA\t10.244.2.10"])
    );
    let name = ask(&mut r, "one-a.hs1.default.svc.cluster.local.", A);
    assert_eq!(name.response_code, NX);
    let vip = ask(&mut r, "svc1.default.svc.cluster.local.", A);
    assert_eq!(
        sorted(&vip.answers),
        want(&["svc1.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.1"])
    );
}
