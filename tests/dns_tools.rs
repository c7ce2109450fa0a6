//! Golden tests for the dig / nslookup / host simulations, run against a small fake CoreDNS.
//!
//! The fake answers like CoreDNS's `kubernetes` plugin on kubeadm (k8s-dns.md §5–6): `qr aa`, `rd`
//! copied, no `ra`, the client's OPT echoed, NXDOMAIN/NODATA with the `cluster.local.` SOA in
//! AUTHORITY, SRV targets' addresses in ADDITIONAL. Names outside `cluster.local` get an "upstream"
//! answer (`qr rd ra`, no `aa`). Only 10.96.0.10 answers; any other address is silent.
//!
//! Each golden file holds the command, the terminal text, the exit code and the packets sent.
//! `UPDATE_GOLDEN=1 cargo test --test dns_tools` rewrites them (check every change by eye).

#[path = "support/golden.rs"]
#[allow(dead_code)]
mod golden;

use std::net::IpAddr;

use headless_playground::dns::tools::split_words;
use headless_playground::dns::{
    run_command, DnsServer, Edns, Flags, Message, Name, Query, RData, Record, RecordType,
    ResolvConf, ResponseCode, RunEnv, ToolRun,
};

const SERIAL: u32 = 1_761_008_658;

fn n(s: &str) -> Name {
    Name::parse(s).unwrap()
}

/// A table of names → records standing in for CoreDNS.
struct FakeCoreDns {
    records: Vec<Record>,
    upstream: Vec<Record>,
}

fn soa(zone: &str) -> Record {
    Record::new(
        n(zone),
        30,
        RData::SOA {
            mname: n("ns.dns.cluster.local."),
            rname: n("hostmaster.cluster.local."),
            serial: SERIAL,
            refresh: 7200,
            retry: 1800,
            expire: 86400,
            minimum: 30,
        },
    )
}

fn root_soa() -> Record {
    Record::new(
        Name::root(),
        86400,
        RData::SOA {
            mname: n("a.root-servers.net."),
            rname: n("nstld.verisign-grs.com."),
            serial: 2025102100,
            refresh: 1800,
            retry: 900,
            expire: 604800,
            minimum: 86400,
        },
    )
}

impl FakeCoreDns {
    fn new() -> Self {
        let a = |name: &str, ip: [u8; 4]| Record::new(n(name), 30, RData::A(ip.into()));
        let srv = |name: &str, weight: u16, port: u16, target: &str| {
            Record::new(
                n(name),
                30,
                RData::SRV {
                    priority: 0,
                    weight,
                    port,
                    target: n(target),
                },
            )
        };
        let ptr = |name: &str, target: &str| Record::new(n(name), 30, RData::PTR(n(target)));
        let kafka_srv = "_kafka._tcp.kafka-hs.default.svc.cluster.local.";
        let records = vec![
            a("myapp.default.svc.cluster.local.", [10, 100, 179, 119]),
            a("test-headless.default.svc.cluster.local.", [10, 244, 1, 7]),
            a("test-headless.default.svc.cluster.local.", [10, 244, 2, 9]),
            a("test-headful.default.svc.cluster.local.", [10, 104, 33, 6]),
            a("web.default.svc.cluster.local.", [10, 244, 1, 5]),
            a("web-0.web.default.svc.cluster.local.", [10, 244, 1, 5]),
            a("kafka-hs.default.svc.cluster.local.", [10, 244, 1, 10]),
            a("kafka-hs.default.svc.cluster.local.", [10, 244, 2, 11]),
            a("kafka-hs.default.svc.cluster.local.", [10, 244, 3, 12]),
            a(
                "kafka-0.kafka-hs.default.svc.cluster.local.",
                [10, 244, 1, 10],
            ),
            a(
                "kafka-1.kafka-hs.default.svc.cluster.local.",
                [10, 244, 2, 11],
            ),
            a(
                "kafka-2.kafka-hs.default.svc.cluster.local.",
                [10, 244, 3, 12],
            ),
            srv(
                kafka_srv,
                33,
                9092,
                "kafka-0.kafka-hs.default.svc.cluster.local.",
            ),
            srv(
                kafka_srv,
                33,
                9092,
                "kafka-1.kafka-hs.default.svc.cluster.local.",
            ),
            srv(
                kafka_srv,
                33,
                9092,
                "kafka-2.kafka-hs.default.svc.cluster.local.",
            ),
            a("orders-api.prod.svc.cluster.local.", [10, 109, 4, 20]),
            Record::new(
                n("my-db.default.svc.cluster.local."),
                30,
                RData::CNAME(n("db.example.com.")),
            ),
            Record::new(
                n("dns-version.cluster.local."),
                28800,
                RData::TXT(vec!["1.1.0".into()]),
            ),
            ptr(
                "5.1.244.10.in-addr.arpa.",
                "web-0.web.default.svc.cluster.local.",
            ),
            ptr(
                "10.0.96.10.in-addr.arpa.",
                "kube-dns.kube-system.svc.cluster.local.",
            ),
        ];
        let upstream = vec![Record::new(
            n("db.example.com."),
            300,
            RData::A([93, 184, 215, 14].into()),
        )];
        FakeCoreDns { records, upstream }
    }

    /// Names that exist without records (namespaces, `svc`, the apex).
    fn exists(&self, name: &Name) -> bool {
        [
            "default.svc.cluster.local.",
            "prod.svc.cluster.local.",
            "test.svc.cluster.local.",
            "svc.cluster.local.",
            "cluster.local.",
        ]
        .iter()
        .any(|e| n(e) == *name)
            || self.records.iter().any(|r| r.name == *name)
    }

    /// Answers with the owner spelled as the query spelled it (CoreDNS echoes the query's case).
    fn lookup(&self, table: &[Record], q: &Query) -> Vec<Record> {
        table
            .iter()
            .filter(|r| r.name == q.name && r.record_type() == q.query_type)
            .map(|r| Record {
                name: q.name.clone(),
                ..r.clone()
            })
            .collect()
    }
}

impl DnsServer for FakeCoreDns {
    fn query(
        &mut self,
        server: IpAddr,
        q: &Query,
        rd: bool,
        edns: Option<&Edns>,
    ) -> Option<Message> {
        if server != IpAddr::from([10, 96, 0, 10]) {
            return None;
        }
        let cluster = n("cluster.local.");
        let reverse = n("in-addr.arpa.");
        let mut m = Message::reply_to(0, q, rd, edns, ResponseCode::NoError);
        if q.name.is_subdomain_of(&cluster) || q.name.is_subdomain_of(&reverse) {
            let zone = if q.name.is_subdomain_of(&cluster) {
                "cluster.local."
            } else {
                "in-addr.arpa."
            };
            m.answers = self.lookup(&self.records, q);
            // ExternalName: CNAME, then the target's records from upstream.
            if m.answers.is_empty() && q.query_type != RecordType::CNAME {
                let cname_q = Query::new(q.name.clone(), RecordType::CNAME);
                let cnames = self.lookup(&self.records, &cname_q);
                if let Some(RData::CNAME(target)) = cnames.first().map(|r| r.rdata.clone()) {
                    m.answers = cnames;
                    m.answers
                        .extend(self.lookup(&self.upstream, &Query::new(target, q.query_type)));
                }
            }
            if q.query_type == RecordType::SRV {
                for r in &m.answers.clone() {
                    if let RData::SRV { target, .. } = &r.rdata {
                        m.additionals.extend(
                            self.lookup(&self.records, &Query::new(target.clone(), RecordType::A)),
                        );
                    }
                }
            }
            if m.answers.is_empty() {
                if !self.exists(&q.name) {
                    m.response_code = ResponseCode::NXDomain;
                }
                m.authorities.push(soa(zone));
            }
        } else {
            // Forwarded upstream: the upstream's flags, no aa.
            m.flags = Flags {
                qr: true,
                rd,
                ra: true,
                ..Flags::default()
            };
            m.answers = self.lookup(&self.upstream, q);
            if m.answers.is_empty() {
                if !self.upstream.iter().any(|r| r.name == q.name) {
                    m.response_code = ResponseCode::NXDomain;
                }
                m.authorities.push(root_soa());
            }
        }
        Some(m)
    }
}

fn env() -> RunEnv {
    RunEnv {
        id_seed: 10731,
        query_time_ms: 2,
        when: "Tue Oct 21 01:04:18 CST 2025".to_string(),
    }
}

fn run(namespace: &str, line: &str) -> ToolRun {
    let conf = ResolvConf::cluster_first(namespace, "cluster.local").unwrap();
    run_command(line, &mut FakeCoreDns::new(), &conf, &env())
}

fn render(namespace: &str, line: &str, r: &ToolRun) -> String {
    let mut s = format!("# pod namespace: {namespace}\n$ {line}\n{}", r.text);
    s.push_str(&format!("--- exit {}\n--- packets\n", r.exit_code));
    for a in &r.attempts {
        let outcome = a
            .reply
            .as_ref()
            .map_or("(no reply)".to_string(), |m| m.response_code.to_string());
        s.push_str(&format!(
            "{} {} @{} -> {}\n",
            a.question.name, a.question.query_type, a.server, outcome
        ));
    }
    s
}

/// (golden file stem, pod namespace, command line)
const SCENARIOS: &[(&str, &str, &str)] = &[
    (
        "dig_capture_myapp",
        "default",
        "dig -t A myapp.default.svc.cluster.local @10.96.0.10",
    ),
    (
        "dig_server_first_headless",
        "default",
        "dig @10.96.0.10 test-headless.default.svc.cluster.local",
    ),
    (
        "dig_search_short_srv",
        "default",
        "dig +search +short @10.96.0.10 -t SRV _kafka._tcp.kafka-hs",
    ),
    (
        "dig_srv_additional",
        "default",
        "dig SRV _kafka._tcp.kafka-hs.default.svc.cluster.local",
    ),
    (
        "dig_nxdomain",
        "default",
        "dig nosuch.default.svc.cluster.local",
    ),
    (
        "dig_nodata_aaaa",
        "default",
        "dig myapp.default.svc.cluster.local AAAA",
    ),
    (
        "dig_showsearch_walk",
        "test",
        "dig +search +showsearch orders-api.prod",
    ),
    ("dig_search_quiet", "test", "dig +search orders-api.prod"),
    (
        "dig_search_fqdn_nxdomain",
        "default",
        "dig +search nosuch.default.svc.cluster.local.",
    ),
    (
        "dig_noall_answer",
        "default",
        "dig +noall +answer test-headless.default.svc.cluster.local",
    ),
    ("dig_reverse", "default", "dig -x 10.244.1.5"),
    (
        "dig_timeout",
        "default",
        "dig @10.0.0.1 web.default.svc.cluster.local",
    ),
    ("dig_invalid_option", "default", "dig +bogus web"),
    (
        "dig_nocmd_nostats_noquestion",
        "default",
        "dig +nocmd +nostats +noquestion myapp.default.svc.cluster.local",
    ),
    (
        "dig_nocomments",
        "default",
        "dig +nocomments dns-version.cluster.local TXT",
    ),
    ("dig_bare_name_upstream", "default", "dig orders-api"),
    (
        "dig_externalname_cname",
        "default",
        "dig +noall +answer my-db.default.svc.cluster.local",
    ),
    (
        "dig_short_headless",
        "default",
        "dig +short test-headless.default.svc.cluster.local",
    ),
    (
        "dig_short_nxdomain",
        "default",
        "dig +short nosuch.default.svc.cluster.local",
    ),
    ("nslookup_headless", "default", "nslookup test-headless"),
    ("nslookup_srv_nodata", "default", "nslookup -type=SRV myapp"),
    ("nslookup_headful", "default", "nslookup test-headful"),
    (
        "nslookup_nxdomain",
        "default",
        "nslookup web-service-clusterip",
    ),
    (
        "nslookup_srv",
        "default",
        "nslookup -type=SRV _kafka._tcp.kafka-hs",
    ),
    ("nslookup_ptr", "default", "nslookup 10.244.1.5"),
    (
        "nslookup_with_server",
        "default",
        "nslookup myapp 10.96.0.10",
    ),
    ("nslookup_nodata_namespace", "test", "nslookup prod"),
    ("nslookup_timeout", "default", "nslookup myapp 10.0.0.1"),
    ("host_clusterip", "default", "host myapp"),
    ("host_headless", "default", "host test-headless"),
    ("host_nxdomain", "default", "host nosuch"),
    ("host_srv", "default", "host -t SRV _kafka._tcp.kafka-hs"),
    ("host_ptr", "default", "host 10.244.1.5"),
    (
        "host_with_server",
        "default",
        "host myapp.default.svc.cluster.local 10.96.0.10",
    ),
    ("host_no_txt", "default", "host -t TXT myapp"),
    ("host_externalname", "default", "host my-db"),
    ("host_timeout", "default", "host myapp 10.0.0.1"),
];

#[test]
fn golden_scenarios() {
    let mut failures = Vec::new();
    for (stem, ns, line) in SCENARIOS {
        let got = render(ns, line, &run(ns, line));
        let Some(want) = golden::expected(&golden::path("dns", stem), &got) else {
            continue;
        };
        if got != want {
            failures.push(format!("--- {stem}\n{got}\n--- expected\n{want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The dig 9.18 capture of k8s-dns.md §7.1, byte for byte, once the random cookie is swapped in.
#[test]
fn dig_matches_the_real_capture() {
    let capture = "\n; <<>> DiG 9.18.39-0ubuntu0.24.04.1-Ubuntu <<>> -t A myapp.default.svc.cluster.local @10.96.0.10
;; global options: +cmd
;; Got answer:
;; WARNING: .local is reserved for Multicast DNS
;; You are currently testing what happens when an mDNS query is leaked to DNS
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 10731
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: 3f502025a920150a (echoed)
;; QUESTION SECTION:
;myapp.default.svc.cluster.local. IN\tA

;; ANSWER SECTION:
myapp.default.svc.cluster.local. 30 IN\tA\t10.100.179.119

;; Query time: 2 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Tue Oct 21 01:04:18 CST 2025
;; MSG SIZE  rcvd: 119

";
    let r = run(
        "default",
        "dig -t A myapp.default.svc.cluster.local @10.96.0.10",
    );
    let cookie: String = env()
        .client_cookie()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(r.text, capture.replace("3f502025a920150a", &cookie));
    assert_eq!(r.exit_code, 0);
}

/// k8s-dns.md §7.1: BIND 9.18 nslookup of a headless Service from a pod in `default`.
#[test]
fn nslookup_matches_the_spec_template() {
    let want = ";; Got recursion not available from 10.96.0.10
Server:\t\t10.96.0.10
Address:\t10.96.0.10#53

Name:\ttest-headless.default.svc.cluster.local
Address: 10.244.1.7
Name:\ttest-headless.default.svc.cluster.local
Address: 10.244.2.9
;; Got recursion not available from 10.96.0.10

";
    let r = run("default", "nslookup test-headless");
    assert_eq!(r.text, want);
    assert_eq!(r.exit_code, 0);
}

#[test]
fn search_walk_attempts_in_order() {
    // k8s-dns.md §7: from `test`, orders-api.prod fails in test.svc, succeeds in svc.
    let r = run("test", "dig +search orders-api.prod");
    let names: Vec<String> = r
        .attempts
        .iter()
        .map(|a| a.question.name.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "orders-api.prod.test.svc.cluster.local.",
            "orders-api.prod.svc.cluster.local."
        ]
    );
    // NODATA stops the walk too: `prod` is a namespace.
    let r = run("test", "dig +search prod");
    assert_eq!(r.attempts.len(), 2);
    assert_eq!(
        r.attempts[1].reply.as_ref().map(|m| m.response_code),
        Some(ResponseCode::NoError)
    );
}

#[test]
fn search_walk_api_for_the_ui() {
    let conf = ResolvConf::cluster_first("default", "cluster.local").unwrap();
    let walk = conf.search_walk(&mut FakeCoreDns::new(), &n("nosuch"), RecordType::A);
    let seen: Vec<(String, Option<ResponseCode>)> = walk
        .iter()
        .map(|a| {
            (
                a.question.name.to_string(),
                a.reply.as_ref().map(|m| m.response_code),
            )
        })
        .collect();
    let nx = Some(ResponseCode::NXDomain);
    assert_eq!(
        seen,
        [
            ("nosuch.default.svc.cluster.local.".to_string(), nx),
            ("nosuch.svc.cluster.local.".to_string(), nx),
            ("nosuch.cluster.local.".to_string(), nx),
            ("nosuch.".to_string(), nx),
        ]
    );
    let walk = conf.search_walk(&mut FakeCoreDns::new(), &n("web"), RecordType::A);
    assert_eq!(walk.len(), 1);
    let silent = ResolvConf {
        nameservers: vec![IpAddr::from([10, 0, 0, 1])],
        ..conf
    };
    let walk = silent.search_walk(&mut FakeCoreDns::new(), &n("web"), RecordType::A);
    assert_eq!((walk.len(), walk[0].reply.is_none()), (1, true));
}

/// Tiny deterministic generator for the fuzz-ish test.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn odd_command_lines_never_panic() {
    let long_label = "a".repeat(70);
    let long_name = ["b"; 150].join(".");
    let three_hundred = "x".repeat(300);
    let tokens: Vec<&str> = vec![
        "dig",
        "nslookup",
        "host",
        "@",
        "@10.96.0.10",
        "@::1",
        "@kube-dns",
        "+",
        "+no",
        "+short",
        "+search",
        "+showsearch",
        "+noall",
        "+answer",
        "+ndots=",
        "+ndots=300",
        "+tries=0",
        "+retry=999",
        "-",
        "-t",
        "-x",
        "-q",
        "-p",
        "-p0",
        "-type=",
        "-q=",
        "-N",
        "-R",
        "-tFOO",
        "TYPE0",
        "TYPE99999",
        "ANY",
        "AXFR",
        "IN",
        ".",
        "..",
        "a..b",
        "\\",
        "\\999",
        "é",
        "\u{0}",
        "10.244.1.5",
        "::",
        "1.2.3.4.5",
        "myapp",
        "_kafka._tcp.kafka-hs",
        "-x ''",
        "'",
        "\"",
        &long_label,
        &long_name,
        &three_hundred,
        "-type=SRV",
        "-nosearch",
        "10.0.0.1",
    ];
    let mut rng = Lcg(42);
    for _ in 0..1500 {
        let len = rng.next() % 7;
        let prog = ["dig", "nslookup", "host"][rng.next() % 3];
        let mut line = prog.to_string();
        for _ in 0..len {
            line.push(' ');
            line.push_str(tokens[rng.next() % tokens.len()]);
        }
        let r = run("default", &line);
        assert!(r.exit_code >= 0, "{line}");
    }
    // Straight 300-character names through each tool.
    for prog in ["dig", "nslookup", "host"] {
        for name in [&three_hundred, &long_name, &long_label] {
            let r = run("default", &format!("{prog} {name}"));
            assert_ne!(r.exit_code, 0, "{prog} {name}");
        }
    }
    assert!(split_words("dig 'unterminated").is_err());
    assert_eq!(run("default", "dig 'unterminated").exit_code, 2);
    assert_eq!(run("default", "kubectl get pods").exit_code, 127);
    assert_eq!(run("default", "").exit_code, 0);
}

#[test]
fn exit_codes() {
    let table: &[(&str, i32)] = &[
        ("dig nosuch.default.svc.cluster.local", 0),
        ("dig @10.0.0.1 web", 9),
        ("dig +bogus web", 1),
        ("dig @kube-dns web", 10),
        ("nslookup nosuch", 1),
        ("nslookup myapp", 0),
        ("host nosuch", 1),
        ("host myapp", 0),
        ("host -t BOGUS myapp", 2),
        ("host -z myapp", 1),
    ];
    for (line, code) in table {
        assert_eq!(run("default", line).exit_code, *code, "{line}");
    }
}
