//! The cluster's own Corefile (ConfigMap `kube-system/coredns`): the parser (blocks, comments,
//! quotes, errors at their manifest line:column, odd input), each option's effect as resolver spec
//! rows in zone-file text (the style of `tests/resolver_spec.rs`), autopath's walk in dig text,
//! a `kubectl get all,cm -A -o yaml` fixture from a cluster with another domain, and
//! `kdig --corefile`.

#[path = "support/spec.rs"]
mod spec;

use headless_playground::cli::{self, Input};
use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::corefile::{self, Config, LineMap, PodMode, KUBEADM_COREFILE};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::{RecordType, ResponseCode};
use headless_playground::model::{self, Severity};
use spec::{ask, sorted, want};

use RecordType::{A, PTR, SRV, TXT};
use ResponseCode::{NXDomain as NX, NoError as OK, ServFail};

const SPEC: &str = include_str!("fixtures/spec/cluster.yaml");
const EXAMPLE: &str = include_str!("fixtures/corefile/cluster-example.yaml");
const EXAMPLE_PATH: &str = "tests/fixtures/corefile/cluster-example.yaml";

/// The ConfigMap `kube-system/coredns` with `corefile` as a literal block, as kubectl prints it.
fn configmap(corefile: &str) -> String {
    let mut s = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n",
    );
    for l in corefile.lines() {
        if !l.is_empty() {
            s.push_str("    ");
        }
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The spec cluster with this Corefile.
fn spec_with(corefile: &str) -> Cluster {
    let text = format!("{SPEC}---\n{}", configmap(corefile));
    Cluster::build(&model::parse(&text), &Ops::default())
}

/// kubeadm's Corefile with the kubernetes block's options replaced by `options` and `extra`
/// plugins added after it.
fn kubeadm_with(options: &str, extra: &str) -> String {
    format!(
        ".:53 {{\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {{\n{options}\n    }}\n{extra}\n    forward . /etc/resolv.conf\n    loadbalance\n}}\n"
    )
}

const SOA5: &str = "cluster.local.\t5\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795478400 7200 1800 86400 5";
const SOA30: &str = "cluster.local.\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795478400 7200 1800 86400 30";

struct Row {
    name: &'static str,
    qtype: RecordType,
    rcode: ResponseCode,
    answer: &'static [&'static str],
    authority: &'static [&'static str],
}

const fn row(
    name: &'static str,
    qtype: RecordType,
    rcode: ResponseCode,
    answer: &'static [&'static str],
    authority: &'static [&'static str],
) -> Row {
    Row {
        name,
        qtype,
        rcode,
        answer,
        authority,
    }
}

fn check(cluster: &Cluster, rows: &[Row]) {
    let mut r = Resolver::new(cluster);
    let mut failures = Vec::new();
    for c in rows {
        let m = ask(&mut r, c.name, c.qtype);
        if m.response_code != c.rcode
            || sorted(&m.answers) != want(c.answer)
            || sorted(&m.authorities) != want(c.authority)
        {
            failures.push(format!(
                "{} {}: {} {:#?} {:#?}",
                c.name,
                c.qtype,
                m.response_code,
                sorted(&m.answers),
                sorted(&m.authorities)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- the parser ---------------------------------------------------------------------------

#[test]
fn blocks_directives_comments_and_quotes() {
    let text = "# leading comment\n.:53 cluster.local:53 {\n  errors # trailing\n  health {\n    lameduck 5s\n  }\n  rewrite name \"a b.example\" c.example\n  hosts {\n    fallthrough\n    nested {\n      deep 1\n    }\n  }\n}\nexample.org {\n  whoami\n}\n";
    let cf = corefile::parse(text).expect("parses");
    assert_eq!(cf.blocks.len(), 2);
    let b = &cf.blocks[0];
    let keys: Vec<&str> = b.keys.iter().map(|k| k.text.as_str()).collect();
    assert_eq!(keys, [".:53", "cluster.local:53"]);
    let names: Vec<&str> = b.directives.iter().map(|d| d.name.text.as_str()).collect();
    assert_eq!(names, ["errors", "health", "rewrite", "hosts"]);
    assert_eq!(b.directives[0].args.len(), 0, "the comment is no argument");
    assert_eq!(b.directives[1].block[0].name.text, "lameduck");
    assert_eq!(b.directives[1].block[0].args[0].text, "5s");
    let rw = &b.directives[2];
    assert_eq!(rw.args[1].text, "a b.example");
    assert!(rw.args[1].quoted);
    assert_eq!((rw.name.line, rw.name.col), (6, 2));
    assert_eq!(b.directives[3].block[1].block[0].name.text, "deep");
    assert_eq!(cf.blocks[1].keys[0].text, "example.org");
    // A lone server block may leave out its braces (Caddyfile).
    let bare = corefile::parse(".:53\nerrors\nkubernetes cluster.local\n").expect("parses");
    assert_eq!(bare.blocks[0].directives.len(), 2);
    // One-line blocks and keys continued after a comma.
    let one = corefile::parse("a.:53,\n b.:53 {\n health { lameduck 5s }\n}\n").expect("parses");
    assert_eq!(one.blocks[0].keys.len(), 2);
    assert_eq!(one.blocks[0].directives[0].block[0].name.text, "lameduck");
}

#[test]
fn syntax_errors_point_at_their_token() {
    // (text, line:col in the Corefile, message fragment)
    let table: &[(&str, &str, &str)] = &[
        (".:53 {\n  errors\n", "1:6", "never closed"),
        (".:53 {\n  errors\n}\n}\n", "4:1", "unexpected `}`"),
        ("{\n errors\n}\n", "1:1", "address before `{`"),
        (
            ".:53 {\n  rewrite name \"a\n}\n",
            "2:16",
            "quoted token is never closed",
        ),
        ("", "1:1", "empty"),
        ("# only a comment\n", "1:1", "empty"),
        (".:53 {\n}\nexample.org\n", "3:1", "expected `{`"),
        (".:53 {\n  {\n  }\n}\n", "2:3", "must follow a directive"),
    ];
    for (text, at, msg) in table {
        let e = corefile::parse(text).expect_err(text);
        assert_eq!(
            format!("{}:{}", e.line + 1, e.col + 1),
            *at,
            "{text:?}: {e}"
        );
        assert!(e.message.contains(msg), "{text:?}: {e}");
    }
}

#[test]
fn problems_are_reported_at_the_manifest_line_and_column() {
    // The ConfigMap starts at line 1; `Corefile: |` is line 7, so Corefile line 1 is line 8,
    // indented 4 columns.
    let cf = ".:53 {\n    kubernetes cluster.local {\n        pods sometimes\n        ttl 5\n    }\n    forward . /etc/resolv.conf\n    fanout . 10.0.0.1\n}\n";
    let p = model::parse(&configmap(cf));
    assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
    let c = Cluster::build(&p, &Ops::default());
    let d: Vec<String> = c
        .diagnostics
        .iter()
        .filter(|d| d.path == corefile::PATH)
        .map(|d| format!("{}:{} {} {}", d.line, d.col, d.severity, d.message))
        .collect();
    assert!(
        d.iter().any(|l| l.starts_with("10:18 warning CoreDNS refuses this Corefile: kubernetes: wrong value for pods: sometimes")),
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|l| l.starts_with("14:9 info plugin `fanout` is not simulated")),
        "{d:#?}"
    );
    // Refused: kubeadm's default is what answers, and what `corefile()` reports.
    assert_eq!(c.dns, Config::default());
    assert_eq!(c.corefile(), (KUBEADM_COREFILE, None));
    assert!(c.corefile.refused);

    // A syntax error, at its token.
    let c = Cluster::build(
        &model::parse(&configmap(".:53 {\n  errors\n")),
        &Ops::default(),
    );
    let e = c
        .diagnostics
        .iter()
        .find(|d| d.path == corefile::PATH)
        .expect("a diagnostic");
    assert_eq!((e.line, e.col, e.severity), (8, 10, Severity::Warning));
    assert!(e.message.contains("never closed"), "{}", e.message);
}

#[test]
fn unknown_options_and_bad_values_are_refused_as_coredns_refuses_them() {
    let table: &[(&str, &str)] = &[
        ("        ttl 4000", "ttl must be in range [0, 3600]: 4000"),
        ("        ttl five", "ttl wants a whole number"),
        ("        colour blue", "unknown property 'colour'"),
        (
            "        ignore everything",
            "unable to parse ignore value: 'everything'",
        ),
        ("        endpoint_pod_names yes", "wrong argument count"),
    ];
    for (opt, msg) in table {
        let cf = kubeadm_with(opt, "");
        let (_, refused, notes) = Config::from_text(&cf, &LineMap::Identity);
        assert!(refused, "{opt}");
        assert!(
            notes.iter().any(|d| d.message.contains(msg)),
            "{opt}: {notes:#?}"
        );
    }
    let (_, refused, notes) =
        Config::from_text(&kubeadm_with("", "    cache 0"), &LineMap::Identity);
    assert!(refused && notes.iter().any(|d| d.message.contains("can not be zero")));
    let (_, refused, _) =
        Config::from_text(".:53 {\n  kubernetes in-addr.arpa\n}\n", &LineMap::Identity);
    assert!(
        refused,
        "a reverse zone alone is refused (non-reverse zone name must be used)"
    );
    let (_, refused, notes) = Config::from_text(
        ".:53 {\n  errors\n  errors\n  kubernetes cluster.local\n}\n",
        &LineMap::Identity,
    );
    assert!(refused && notes.iter().any(|d| d.message.contains("appears twice")));
}

#[test]
fn odd_inputs_never_panic() {
    let mut inputs: Vec<String> = [
        "{",
        "}",
        "{{{{",
        "}}}}",
        "\"",
        "\\\"",
        "#",
        ".:53 {\n\"\n}",
        ".:53 { kubernetes {",
        "\u{0}\u{1}{}",
        ".:53 {\n kubernetes\n}",
        ".:53 {\n kubernetes . {\n pods\n }\n}",
        ".:53 {\n cache -1 x\n}",
        ".:53 {\n rewrite\n}",
        ".:53 {\n rewrite name\n}",
        ".:53 {\n rewrite name suffix a\n}",
        ".:53 {\n autopath\n}",
        ".:53 {\n autopath @etcd\n}",
        ",,,, {\n}",
        "\t\t\r\n{\r\n}\r\n",
        ".:53 {\n kubernetes cluster.local {\n fallthrough 10.0.0.0/8\n ttl -1\n }\n}",
        ".:53 {\n kubernetes 10.0.0.0/8 {\n }\n}",
        "é.:53 {\n ℌ ∂\n}",
        ".:53 {\n cache 30 {\n success\n denial x\n disable\n }\n}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("{".repeat(100));
    inputs.push(format!(".:53 {}", "{\n a ".repeat(200)));
    // Pseudo-random soups of the Caddyfile's special characters.
    let alphabet: Vec<char> = "{}\"#\\ \n\ta.:53kubernetes".chars().collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..(x % 60) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        inputs.push(s);
    }
    for text in &inputs {
        let _ = corefile::parse(text);
        let _ = Config::from_text(text, &LineMap::Identity);
        let _ = Config::from_text(
            text,
            &LineMap::Block {
                first_line: 8,
                indent: 4,
            },
        );
        // And through the manifests, quoted so that any text is valid YAML.
        let yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: {}\n",
            serde_json::to_string(text).unwrap()
        );
        let c = Cluster::build(&model::parse(&yaml), &Ops::default());
        let mut r = Resolver::new(&c);
        let _ = ask(&mut r, "svc1.default.svc.cluster.local.", A);
    }
}

// --- each option's effect ------------------------------------------------------------------

#[test]
fn without_a_configmap_the_default_is_kubeadms() {
    let c = Cluster::build(&model::parse(SPEC), &Ops::default());
    assert_eq!(c.dns, Config::default());
    assert_eq!(c.corefile(), (KUBEADM_COREFILE, None));
    assert_eq!(c.zone, "cluster.local");
    // Other ConfigMaps, or one named coredns elsewhere, change nothing.
    let other = SPEC.to_string()
        + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\ndata:\n  Corefile: |\n    .:53 {\n      kubernetes other.zone\n    }\n";
    let c = Cluster::build(&model::parse(&other), &Ops::default());
    assert_eq!((c.zone.as_str(), c.corefile().1), ("cluster.local", None));
}

#[test]
fn another_cluster_domain_moves_every_name_and_the_search_list() {
    let c = spec_with(".:53 {\n    kubernetes cluster.example in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n        ttl 30\n    }\n    forward . /etc/resolv.conf\n    loadbalance\n}\n");
    assert_eq!(c.zone, "cluster.example");
    assert_eq!(
        c.corefile().1.map(|p| p.line),
        Some(SPEC.lines().count() as u32 + 8)
    );
    check(&c, &[
        row("svc1.default.svc.cluster.example.", A, OK, &["svc1.default.svc.cluster.example.\t30\tIN\tA\t10.96.1.1"], &[]),
        row("hs1.default.svc.cluster.example.", SRV, OK, &[
            "hs1.default.svc.cluster.example.\t30\tIN\tSRV\t0 50 8080 one-a.hs1.default.svc.cluster.example.",
            "hs1.default.svc.cluster.example.\t30\tIN\tSRV\t0 50 8080 one-b.hs1.default.svc.cluster.example.",
        ], &[]),
        row("1.1.96.10.in-addr.arpa.", PTR, OK, &["1.1.96.10.in-addr.arpa.\t30\tIN\tPTR\tsvc1.default.svc.cluster.example."], &[]),
        row("dns-version.cluster.example.", TXT, OK, &["dns-version.cluster.example.\t28800\tIN\tTXT\t\"1.1.0\""], &[]),
        row("nope.default.svc.cluster.example.", A, NX, &[], &["cluster.example.\t30\tIN\tSOA\tns.dns.cluster.example. hostmaster.cluster.example. 1795478400 7200 1800 86400 30"]),
        // cluster.local is no longer the cluster's: it goes upstream.
        row("svc1.default.svc.cluster.local.", A, NX, &[], &[".\t86400\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2026112400 1800 900 604800 86400"]),
    ]);
    let rc = headless_playground::dns::ResolvConf::cluster_first("prod", &c.zone).unwrap();
    assert_eq!(
        rc.to_file_text().lines().next(),
        Some("search prod.svc.cluster.example svc.cluster.example cluster.example")
    );
}

#[test]
fn pods_modes() {
    // `pods insecure` (kubeadm's): any dashed IP in a namespace that exists.
    let insecure = spec_with(&kubeadm_with("        pods insecure\n        ttl 30", ""));
    check(
        &insecure,
        &[
            row(
                "10-244-1-10.default.pod.cluster.local.",
                A,
                OK,
                &["10-244-1-10.default.pod.cluster.local.\t30\tIN\tA\t10.244.1.10"],
                &[],
            ),
            row(
                "1-2-3-4.default.pod.cluster.local.",
                A,
                OK,
                &["1-2-3-4.default.pod.cluster.local.\t30\tIN\tA\t1.2.3.4"],
                &[],
            ),
        ],
    );
    // `pods verified`: only a pod of that namespace with that IP.
    let verified = spec_with(&kubeadm_with("        pods verified\n        ttl 30", ""));
    check(
        &verified,
        &[
            row(
                "10-244-1-10.default.pod.cluster.local.",
                A,
                OK,
                &["10-244-1-10.default.pod.cluster.local.\t30\tIN\tA\t10.244.1.10"],
                &[],
            ),
            row("1-2-3-4.default.pod.cluster.local.", A, NX, &[], &[SOA30]),
            row(
                "10-244-1-10.kube-system.pod.cluster.local.",
                A,
                NX,
                &[],
                &[SOA30],
            ),
        ],
    );
    // `pods disabled`, and no `pods` line at all (the plugin's default; `ttl` defaults to 5 too).
    for c in [
        spec_with(&kubeadm_with("        pods disabled", "")),
        spec_with(&kubeadm_with("", "")),
    ] {
        assert_eq!(c.dns.pods, PodMode::Disabled);
        check(
            &c,
            &[
                row(
                    "10-244-1-10.default.pod.cluster.local.",
                    A,
                    NX,
                    &[],
                    &[SOA5],
                ),
                row("default.pod.cluster.local.", A, NX, &[], &[SOA5]),
                row(
                    "svc1.default.svc.cluster.local.",
                    A,
                    OK,
                    &["svc1.default.svc.cluster.local.\t5\tIN\tA\t10.96.1.1"],
                    &[],
                ),
            ],
        );
        // Why: the step names the Corefile line.
        let mut r = Resolver::new(&c);
        let q = headless_playground::dns::Query::new(
            headless_playground::dns::Name::parse("10-244-1-10.default.pod.cluster.local.")
                .unwrap(),
            A,
        );
        let ex = r.answer(&q, true, None).1;
        let step = ex
            .steps
            .iter()
            .find(|s| s.text.contains("pods disabled"))
            .expect("a pods step");
        assert_eq!(step.pos, c.dns.pods_pos);
        assert!(step.pos.is_some());
    }
}

#[test]
fn ttl_endpoint_pod_names_and_ignore_empty_service() {
    let c = spec_with(&kubeadm_with("        pods insecure\n        ttl 7\n        endpoint_pod_names\n        ignore empty_service", ""));
    check(&c, &[
        // `ttl 7`: every record, and the SOA's TTL and MINIMUM.
        row("svc1.default.svc.cluster.local.", A, OK, &["svc1.default.svc.cluster.local.\t7\tIN\tA\t10.96.1.1"], &[]),
        // `endpoint_pod_names`: endpoints without a hostname are named after their pods ...
        row("one-a.hs-notready.default.svc.cluster.local.", A, OK, &["one-a.hs-notready.default.svc.cluster.local.\t7\tIN\tA\t10.244.1.10"], &[]),
        // ... so their dashed names are gone; hostnames still win.
        row("10-244-1-10.hs-notready.default.svc.cluster.local.", A, NX, &[], &["cluster.local.\t7\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795478400 7200 1800 86400 7"]),
        row("one-a.hs1.default.svc.cluster.local.", A, OK, &["one-a.hs1.default.svc.cluster.local.\t7\tIN\tA\t10.244.1.10"], &[]),
        // `ignore empty_service`: a ClusterIP Service with no ready endpoint is NXDOMAIN ...
        row("svc-empty.default.svc.cluster.local.", A, NX, &[], &["cluster.local.\t7\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795478400 7200 1800 86400 7"]),
        // ... one with ready endpoints is not.
        row("svc1.default.svc.cluster.local.", A, OK, &["svc1.default.svc.cluster.local.\t7\tIN\tA\t10.96.1.1"], &[]),
    ]);
    // The TTL's step names the `ttl 7` line.
    let mut r = Resolver::new(&c);
    let q = headless_playground::dns::Query::new(
        headless_playground::dns::Name::parse("svc1.default.svc.cluster.local.").unwrap(),
        A,
    );
    let ex = r.answer(&q, true, None).1;
    let step = ex
        .steps
        .iter()
        .find(|s| s.text.contains("`ttl 7`"))
        .expect("a ttl step");
    // `ttl 7` is Corefile line 4; Corefile line 0 is 9 lines below the end of SPEC.
    let line = SPEC.lines().count() as u32 + 9 + 4;
    assert_eq!(step.pos.map(|p| p.line), Some(line));
}

#[test]
fn fallthrough_and_a_missing_forward() {
    // `fallthrough` with no zones: every name the plugin lacks goes on to `forward`.
    let all = spec_with(&kubeadm_with(
        "        pods insecure\n        fallthrough\n        ttl 30",
        "",
    ));
    check(&all, &[
        row("nope.default.svc.cluster.local.", A, NX, &[], &[".\t86400\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2026112400 1800 900 604800 86400"]),
    ]);
    // No `fallthrough`: unknown reverse names are the plugin's NXDOMAIN.
    let none = spec_with(&kubeadm_with("        pods insecure\n        ttl 30", ""));
    check(&none, &[
        row("9.9.9.9.in-addr.arpa.", PTR, NX, &[], &["in-addr.arpa.\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795478400 7200 1800 86400 30"]),
    ]);
    // No `forward`: names outside the cluster get SERVFAIL.
    let c = spec_with(
        ".:53 {\n    kubernetes cluster.local {\n        pods insecure\n        ttl 30\n    }\n}\n",
    );
    assert!(!c.dns.forward && !c.dns.loadbalance);
    check(&c, &[row("example.com.", A, ServFail, &[], &[])]);
}

#[test]
fn cache_caps_ttls_and_rewrite_renames_questions() {
    let c = spec_with(&kubeadm_with(
        "        pods insecure\n        ttl 60",
        "    cache 20\n    rewrite name exact db.example.com. svc1.default.svc.cluster.local.\n    rewrite name suffix .corp.internal .svc.cluster.local",
    ));
    check(&c, &[
        // `cache 20`: the 60 s records leave with TTL 20; dns-version's 28800 too.
        row("svc1.default.svc.cluster.local.", A, OK, &["svc1.default.svc.cluster.local.\t20\tIN\tA\t10.96.1.1"], &[]),
        row("dns-version.cluster.local.", TXT, OK, &["dns-version.cluster.local.\t20\tIN\tTXT\t\"1.1.0\""], &[]),
        // upstream's SOA (86400) is capped to the denial TTL, 20.
        row("example.com.", A, NX, &[], &[".\t20\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2026112400 1800 900 604800 86400"]),
        // `rewrite name exact`: the reply's names are rewritten back (always, for exact rules).
        row("db.example.com.", A, OK, &["db.example.com.\t20\tIN\tA\t10.96.1.1"], &[]),
        // `rewrite name suffix` without `answer auto`: the records keep the rewritten owner.
        row("svc1.default.corp.internal.", A, OK, &["svc1.default.svc.cluster.local.\t20\tIN\tA\t10.96.1.1"], &[]),
    ]);
    // The question comes back as asked.
    let mut r = Resolver::new(&c);
    let m = ask(&mut r, "svc1.default.corp.internal.", A);
    assert_eq!(m.queries[0].name.to_string(), "svc1.default.corp.internal.");
    // `ttl 0` under a cache: CoreDNS's cache raises it to its 5 s minimum.
    let zero = spec_with(&kubeadm_with(
        "        pods insecure\n        ttl 0",
        "    cache 30",
    ));
    check(
        &zero,
        &[row(
            "svc1.default.svc.cluster.local.",
            A,
            OK,
            &["svc1.default.svc.cluster.local.\t5\tIN\tA\t10.96.1.1"],
            &[],
        )],
    );
}

// --- autopath --------------------------------------------------------------------------------

const AUTOPATH: &str = ".:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods verified\n        ttl 30\n    }\n    autopath @kubernetes\n    forward . /etc/resolv.conf\n    loadbalance\n}\n";

fn kdig(args: &[&str], files: &[(&str, String)]) -> cli::Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let files = files.to_vec();
    cli::run(&args, &mut |name| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, t)| Input {
                name: n.to_string(),
                bytes: t.clone().into_bytes(),
            })
            .ok_or_else(|| name.to_string())
    })
}

#[test]
fn autopath_answers_the_search_walk_in_one_query() {
    let text = format!(
        "{SPEC}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n---\n{}",
        configmap(AUTOPATH)
    );
    let files = [("c.yaml", text)];
    let o = kdig(
        &[
            "-f",
            "c.yaml",
            "-n",
            "prod",
            "+search",
            "+nocmd",
            "+noall",
            "+answer",
            "+showsearch",
            "svc1.default",
        ],
        &files,
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.stdout,
        "svc1.default.prod.svc.cluster.local. 30\tIN CNAME svc1.default.svc.cluster.local.\nsvc1.default.svc.cluster.local.\t30 IN\tA\t10.96.1.1\n",
    );
    // One query, not two: the resolver log shows autopath's own walk.
    let o = kdig(
        &[
            "-f",
            "c.yaml",
            "-n",
            "prod",
            "+search",
            "+short",
            "--explain",
            "svc1.default",
        ],
        &files,
    );
    let why: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with(";; query"))
        .collect();
    assert_eq!(
        why,
        [";; query 1: svc1.default.prod.svc.cluster.local. A to 10.96.0.10 -> NOERROR"]
    );
    assert!(o.stdout.contains("`autopath @kubernetes`: the client is in namespace prod, so CoreDNS walks its search list itself: svc1.default.prod.svc.cluster.local. NXDOMAIN, svc1.default.svc.cluster.local. NOERROR; it answers with a CNAME"), "{}", o.stdout);
    assert!(
        o.stdout.contains("[c.yaml:"),
        "the step cites the autopath line: {}",
        o.stdout
    );

    // Without `pods verified`, CoreDNS does no autopath: the client walks, two queries.
    let text = format!(
        "{SPEC}---\n{}",
        configmap(&AUTOPATH.replace("pods verified", "pods insecure"))
    );
    let files = [("c.yaml", text)];
    let o = kdig(
        &["-f", "c.yaml", "+search", "+short", "--explain", "svc1.hs1"],
        &files,
    );
    let why: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with(";; query"))
        .collect();
    assert_eq!(why.len(), 4, "{}", o.stdout);
    assert!(o.stdout.contains("needs `pods verified`"), "{}", o.stdout);
}

#[test]
fn autopath_edge_cases() {
    let c = spec_with(AUTOPATH);
    let mut r = Resolver::new(&c);
    // Every search name fails: the first reply, as is (the client walks on).
    let m = ask(&mut r, "nope.default.svc.cluster.local.", A);
    assert_eq!(m.response_code, NX);
    assert_eq!(sorted(&m.authorities), want(&[SOA30]));
    // The name is the first search domain itself: TrimZone overshoots, SERVFAIL.
    let m = ask(&mut r, "default.svc.cluster.local.", A);
    assert_eq!(m.response_code, ServFail);
    // Names outside the first search domain are served as usual.
    let m = ask(&mut r, "svc1.default.svc.cluster.local.", A);
    assert_eq!(
        sorted(&m.answers),
        want(&["svc1.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.1"])
    );
    // A client in another namespace: the first search domain is its own.
    r.client_namespace = Some("kube-system".into());
    let m = ask(&mut r, "svc1.default.kube-system.svc.cluster.local.", A);
    assert_eq!(
        sorted(&m.answers),
        want(&[
            "svc1.default.kube-system.svc.cluster.local.\t30\tIN\tCNAME\tsvc1.default.svc.cluster.local.",
            "svc1.default.svc.cluster.local.\t30\tIN\tA\t10.96.1.1",
        ])
    );
}

// --- a pasted cluster ------------------------------------------------------------------------

#[test]
fn a_kubectl_dump_from_a_cluster_example_cluster() {
    let p = model::parse(EXAMPLE);
    assert!(!p.has_errors(), "{:#?}", p.diagnostics);
    let c = Cluster::build(&p, &Ops::default());
    assert!(!c.diagnostics.iter().any(|d| d.severity == Severity::Error));
    assert_eq!(c.zone, "cluster.example");
    assert_eq!((c.dns.pods, c.dns.ttl), (PodMode::Verified, 5));
    assert!(c.dns.autopath.is_some());
    assert_eq!(c.corefile().1.map(|p| p.line), Some(8));
    const SOA_EX: &str = "cluster.example.\t5\tIN\tSOA\tns.dns.cluster.example. hostmaster.cluster.example. 1795478400 7200 1800 86400 5";
    check(&c, &[
        row("web.shop.svc.cluster.example.", A, OK, &["web.shop.svc.cluster.example.\t5\tIN\tA\t10.96.40.10"], &[]),
        row("web-hs.shop.svc.cluster.example.", A, OK, &[
            "web-hs.shop.svc.cluster.example.\t5\tIN\tA\t10.244.1.20",
            "web-hs.shop.svc.cluster.example.\t5\tIN\tA\t10.244.2.20",
        ], &[]),
        row("_http._tcp.web.shop.svc.cluster.example.", SRV, OK, &["_http._tcp.web.shop.svc.cluster.example.\t5\tIN\tSRV\t0 100 80 web.shop.svc.cluster.example."], &[]),
        // `pods verified`: the Deployment's pod answers, an address nobody has does not.
        row("10-244-1-20.shop.pod.cluster.example.", A, OK, &["10-244-1-20.shop.pod.cluster.example.\t5\tIN\tA\t10.244.1.20"], &[]),
        row("10-244-1-21.shop.pod.cluster.example.", A, NX, &[], &[SOA_EX]),
        // `cache 30` caps dns-version's 28800.
        row("dns-version.cluster.example.", TXT, OK, &["dns-version.cluster.example.\t30\tIN\tTXT\t\"1.1.0\""], &[]),
        // One PTR per Service the pod is a ready endpoint of.
        row("20.1.244.10.in-addr.arpa.", PTR, OK, &[
            "20.1.244.10.in-addr.arpa.\t5\tIN\tPTR\t10-244-1-20.web-hs.shop.svc.cluster.example.",
            "20.1.244.10.in-addr.arpa.\t5\tIN\tPTR\t10-244-1-20.web.shop.svc.cluster.example.",
        ], &[]),
        row("web.shop.svc.cluster.local.", A, NX, &[], &[".\t30\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2026112400 1800 900 604800 86400"]),
    ]);
    // From the default namespace, `web.shop` is one autopath-ed query.
    let o = kdig(
        &[
            "-f",
            EXAMPLE_PATH,
            "+search",
            "+noall",
            "+answer",
            "web.shop",
        ],
        &[(EXAMPLE_PATH, EXAMPLE.to_string())],
    );
    assert_eq!(
        o.stdout,
        "web.shop.default.svc.cluster.example. 5\tIN CNAME web.shop.svc.cluster.example.\nweb.shop.svc.cluster.example. 5\tIN\tA\t10.96.40.10\n"
    );
}

// --- kdig --corefile -------------------------------------------------------------------------

#[test]
fn kdig_prints_the_corefile_in_use() {
    let o = kdig(&["--corefile"], &[]);
    assert_eq!(o.code, 0);
    assert_eq!(
        o.stdout,
        format!("# kubeadm's default Corefile (the manifests have no ConfigMap kube-system/coredns)\n{KUBEADM_COREFILE}")
    );
    let o = kdig(
        &["-f", EXAMPLE_PATH, "--corefile"],
        &[(EXAMPLE_PATH, EXAMPLE.to_string())],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let mut lines = o.stdout.lines();
    assert_eq!(lines.next(), Some("# ConfigMap kube-system/coredns, data.Corefile at tests/fixtures/corefile/cluster-example.yaml:8"));
    assert_eq!(lines.next(), Some(".:53 {"));
    assert!(o.stdout.contains("       pods verified\n"));
    // A refused Corefile: the default runs, and the header says why.
    let bad = configmap(".:53 {\n  kubernetes cluster.local {\n    pods maybe\n  }\n}\n");
    let o = kdig(&["-f", "bad.yaml", "--corefile"], &[("bad.yaml", bad)]);
    assert!(o.stdout.starts_with("# kubeadm's default Corefile: CoreDNS would refuse the one in ConfigMap kube-system/coredns at bad.yaml:7"), "{}", o.stdout);
    assert!(o.stderr.contains("bad.yaml:10:14: warning: data.Corefile: CoreDNS refuses this Corefile: kubernetes: wrong value for pods: maybe"), "{}", o.stderr);
    assert!(cli::USAGE.contains("--corefile"));
}
