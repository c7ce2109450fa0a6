//! Tab completion in the pod terminal (`dns::tools::complete`), against the built-in scenarios
//! from the `dnsutils` pod in `default`: the first word, dig / host / nslookup options and types,
//! DNS names in their three forms, per-pod hostnames, SRV names, kubectl types, names and
//! namespaces, the cursor inside a line, the common prefix, the cap, and odd input. Every DNS name
//! and kubectl name offered is also run through the real tools, so completion never offers a word
//! that fails.

use headless_playground::cluster::{Cluster, Ops};
use headless_playground::dns::resolver::Resolver;
use headless_playground::dns::tools::complete::{
    complete, CompleteCx, Completion, KUBECTL_TYPES, MAX_CANDIDATES,
};
use headless_playground::dns::tools::{run_command_in, ShellContext};
use headless_playground::dns::{ResolvConf, RunEnv, ToolRun};
use headless_playground::{model, scenarios};

/// One cluster from YAML, completing and running lines from `default/dnsutils`. A `‸` in a line
/// marks the cursor (removed before completing); without one the cursor is at the end.
struct Fx {
    parsed: model::Parsed,
    cluster: Cluster,
}

impl Fx {
    fn new(yaml: &str) -> Fx {
        let parsed = model::parse(yaml);
        let cluster = Cluster::build(&parsed, &Ops::default());
        Fx { parsed, cluster }
    }

    fn at(&self, line: &str, cursor: usize) -> Completion {
        let cx = CompleteCx::new(&self.cluster, "default").with_parsed(&self.parsed);
        complete(line, cursor, &cx)
    }

    fn comp(&self, marked: &str) -> Completion {
        let cursor = marked.find('‸').unwrap_or(marked.len());
        self.at(&marked.replace('‸', ""), cursor)
    }

    /// The candidates, for short assertions.
    fn cands(&self, marked: &str) -> Vec<String> {
        let c = self.comp(marked);
        assert_eq!(c.more, 0, "{marked:?} has more than {MAX_CANDIDATES}");
        c.candidates
    }

    fn run(&self, line: &str) -> ToolRun {
        let conf = ResolvConf::cluster_first("default", &self.cluster.zone).unwrap();
        let mut dns = Resolver::with_seed(&self.cluster, 1);
        let ctx = ShellContext::new(&self.cluster, "default", "dnsutils").with_parsed(&self.parsed);
        run_command_in(line, &mut dns, &conf, &RunEnv::default(), Some(&ctx))
    }
}

fn seed() -> Fx {
    Fx::new(scenarios::SEED.yaml)
}

const ZONE: &str = "svc.cluster.local";

#[test]
fn first_word() {
    let fx = seed();
    assert_eq!(
        fx.cands(""),
        ["cat", "clear", "dig", "help", "host", "hostname", "kubectl", "nslookup"]
    );
    assert_eq!(fx.cands("k"), ["kubectl"]);
    assert_eq!(fx.cands("  DI"), ["dig"]);
    let c = fx.comp("ho");
    assert_eq!(c.candidates, ["host", "hostname"]);
    assert_eq!(c.common, "host");
    assert_eq!((c.start, c.end), (0, 2));
    assert!(fx.cands("zz").is_empty());
    assert_eq!(fx.cands("cat /e"), ["/etc/resolv.conf"]);
    assert!(fx.cands("hostname ").is_empty());
    assert!(fx.cands("ls ").is_empty());
}

#[test]
fn dig_options_types_and_servers() {
    let fx = seed();
    assert_eq!(fx.cands("dig +sh"), ["+short", "+showsearch"]);
    assert_eq!(fx.comp("dig +sh").common, "+sho");
    assert_eq!(fx.cands("dig +nd"), ["+ndots="]);
    assert_eq!(
        fx.cands("dig +noa"),
        [
            "+noadditional",
            "+noadflag",
            "+noall",
            "+noanswer",
            "+noauthority"
        ]
    );
    let plus = fx.cands("dig +");
    assert!(plus.contains(&"+search".to_string()) && plus.contains(&"+tries=".to_string()));
    assert!(!plus.iter().any(|p| p.starts_with("+no")), "{plus:?}");
    assert_eq!(
        fx.cands("dig -"),
        ["-4", "-6", "-c", "-p", "-q", "-t", "-x"]
    );
    let at = fx.cands("dig @");
    assert!(at.contains(&"@10.96.0.10".to_string()), "{at:?}");
    assert_eq!(at.len(), 3, "kube-dns and the two CoreDNS pods: {at:?}");
    assert_eq!(fx.cands("dig -t S"), ["SOA", "SRV"]);
    assert_eq!(fx.cands("dig -tS"), ["-tSOA", "-tSRV"]);
    assert_eq!(fx.cands("dig test-headless s"), ["SOA", "SRV"]);
    assert_eq!(fx.comp("dig srv").common, "SRV");
    assert!(fx
        .cands("dig -x 10.96.0.")
        .contains(&"10.96.0.10".to_string()));
    assert_eq!(fx.cands("dig -c "), ["IN"]);
    // Types and names together where both fit.
    let a = fx.cands("dig a");
    assert!(a.contains(&"AAAA".to_string()) && a.contains(&"ANY".to_string()));
}

#[test]
fn names_in_three_forms() {
    let fx = seed();
    assert_eq!(
        fx.cands("dig +search test-headl"),
        [
            "test-headless".to_string(),
            "test-headless.default".into(),
            format!("test-headless.default.{ZONE}"),
        ]
    );
    // Another namespace's Service: no short form from `default`.
    let kafka = Fx::new(scenarios::KAFKA.yaml);
    let c = kafka.cands("nslookup kafka-b");
    assert_eq!(
        c,
        [
            "kafka-bootstrap.kafka".to_string(),
            format!("kafka-bootstrap.kafka.{ZONE}")
        ]
    );
    // A dotted word narrows to the forms that extend it; case-insensitive.
    let c = fx.comp("host TEST-HEADFUL.default.");
    assert_eq!(c.candidates, [format!("test-headful.default.{ZONE}")]);
    assert_eq!(c.common, format!("test-headful.default.{ZONE}"));
    assert_eq!(
        fx.cands("dig kube-dns.kube-system.s"),
        [format!("kube-dns.kube-system.{ZONE}")]
    );
}

#[test]
fn per_pod_hostnames() {
    let sts = Fx::new(scenarios::STATEFULSET.yaml);
    assert_eq!(
        sts.cands("dig +search test-0"),
        [
            "test-0.test-headful".to_string(),
            "test-0.test-headful.default".into(),
            format!("test-0.test-headful.default.{ZONE}"),
        ]
    );
    // The headless Service is not the pods' subdomain: no hostnames under it.
    assert!(sts.cands("dig test-0.test-headless").is_empty());
    let kafka = Fx::new(scenarios::KAFKA.yaml);
    assert_eq!(
        kafka.cands("dig kafka-1."),
        [
            "kafka-1.kafka-hs.kafka".to_string(),
            format!("kafka-1.kafka-hs.kafka.{ZONE}")
        ]
    );
    // The seed's bare pods have no hostname.
    assert!(seed().cands("dig test-1").is_empty());
}

#[test]
fn srv_names_from_named_ports() {
    let fx = seed();
    let srv = fx.cands("dig SRV _");
    for want in [
        format!("_http._tcp.test-headful.default.{ZONE}"),
        format!("_http._tcp.test-headless.default.{ZONE}"),
        format!("_dns._udp.kube-dns.kube-system.{ZONE}"),
    ] {
        assert!(srv.contains(&want), "{want} not in {srv:?}");
    }
    let kafka = Fx::new(scenarios::KAFKA.yaml);
    assert_eq!(
        kafka.cands("host -t SRV _kafka._tcp.kafka-h"),
        [format!("_kafka._tcp.kafka-hs.kafka.{ZONE}")]
    );
}

#[test]
fn host_and_nslookup() {
    let fx = seed();
    assert_eq!(fx.cands("host -t s"), ["SOA", "SRV"]);
    assert_eq!(fx.cands("host -v -t s"), ["SOA", "SRV"]);
    assert!(fx.cands("host -N ").is_empty());
    assert!(fx.cands("host -").contains(&"-t".to_string()));
    assert!(fx
        .cands("host -t A test-h")
        .contains(&"test-headful".to_string()));
    assert_eq!(fx.cands("host test-headful 10.96"), ["10.96.0.10"]);
    assert!(fx.cands("host a b ").is_empty());
    assert_eq!(fx.cands("nslookup -ty"), ["-type="]);
    assert_eq!(fx.cands("nslookup -type=s"), ["-type=SOA", "-type=SRV"]);
    assert_eq!(fx.cands("nslookup -Q=s"), ["-Q=SOA", "-Q=SRV"]);
    assert_eq!(fx.cands("nslookup -nos"), ["-nosearch"]);
    assert_eq!(
        fx.cands("nslookup -type=SRV test-headful 10.96"),
        ["10.96.0.10"]
    );
    assert!(fx
        .cands("nslookup -type=A test-headl")
        .contains(&"test-headless".to_string()));
}

#[test]
fn kubectl_subcommands_types_names_namespaces() {
    let fx = seed();
    assert_eq!(fx.cands("kubectl "), ["describe", "get"]);
    assert_eq!(
        fx.cands("kubectl get s"),
        [
            "service",
            "services",
            "statefulset",
            "statefulsets",
            "sts",
            "svc"
        ]
    );
    assert_eq!(
        fx.cands("kubectl describe s"),
        [
            "service",
            "services",
            "statefulset",
            "statefulsets",
            "sts",
            "svc"
        ]
    );
    assert!(!fx.cands("kubectl describe ").contains(&"rs".to_string()));
    assert_eq!(
        fx.cands("kubectl describe po test-"),
        ["test-1", "test-2", "test-3"]
    );
    assert_eq!(fx.cands("kubectl get po -o j"), ["json"]);
    assert_eq!(fx.cands("kubectl get po --output=j"), ["--output=json"]);
    assert_eq!(
        fx.cands("kubectl get svc "),
        ["kubernetes", "test-headful", "test-headless"]
    );
    assert_eq!(fx.cands("kubectl get svc -n kube-system "), ["kube-dns"]);
    assert_eq!(
        fx.cands("kubectl describe svc --namespace=kube-system k"),
        ["kube-dns"]
    );
    assert_eq!(fx.cands("kubectl get svc -A kube-"), ["kube-dns"]);
    assert_eq!(
        fx.cands("kubectl get pods -n "),
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
    assert_eq!(fx.cands("kubectl get po -n kube-p"), ["kube-public"]);
    assert_eq!(
        fx.cands("kubectl get po --namespace=kube-s"),
        ["--namespace=kube-system"]
    );
    assert_eq!(fx.cands("kubectl get po -nkube-s"), ["-nkube-system"]);
    assert_eq!(
        fx.cands("kubectl get svc/test-h"),
        ["svc/test-headful", "svc/test-headless"]
    );
    assert_eq!(
        fx.cands("kubectl get svc,e"),
        [
            "svc,endpoints",
            "svc,endpointslice",
            "svc,endpointslices",
            "svc,ep"
        ]
    );
    assert_eq!(
        fx.cands("kubectl get svc -o "),
        ["json", "name", "wide", "yaml"]
    );
    assert_eq!(fx.cands("kubectl get svc --output=y"), ["--output=yaml"]);
    assert_eq!(fx.cands("kubectl get svc -ow"), ["-owide"]);
    assert_eq!(fx.cands("kubectl get --no"), ["--no-headers"]);
    assert_eq!(fx.cands("kubectl get -A"), ["-A"]);
    assert!(!fx
        .cands("kubectl describe svc -")
        .contains(&"-o".to_string()));
    assert!(fx
        .cands("kubectl get pods -l ")
        .contains(&"app=test".to_string()));
    assert_eq!(
        fx.cands("kubectl get pods --selector=ap"),
        ["--selector=app=dnsutils", "--selector=app=test"]
    );
    assert_eq!(
        fx.cands("kubectl get po test-"),
        ["test-1", "test-2", "test-3"]
    );
    assert!(fx.cands("kubectl logs ").is_empty());
    let sts = Fx::new(scenarios::STATEFULSET.yaml);
    assert_eq!(sts.cands("kubectl get sts "), ["test"]);
    assert_eq!(sts.cands("kubectl get sts/"), ["sts/test"]);
    let kafka = Fx::new(scenarios::KAFKA.yaml);
    assert_eq!(kafka.cands("kubectl get sts -A "), ["kafka"]);
    assert!(
        kafka.cands("kubectl get sts ").is_empty(),
        "nothing in default"
    );
    assert_eq!(
        kafka.cands("kubectl get all -n kafka kafka-"),
        [
            "kafka-0",
            "kafka-1",
            "kafka-2",
            "kafka-bootstrap",
            "kafka-hs"
        ]
    );
    assert!(fx
        .cands("kubectl get ns ")
        .contains(&"kube-system".to_string()));
    assert!(fx.cands("kubectl get endpointslices -n kube-system ")[0].starts_with("kube-dns-"));
}

#[test]
fn every_offered_kubectl_word_runs() {
    for s in scenarios::ALL {
        let fx = Fx::new(s.yaml);
        for t in KUBECTL_TYPES {
            let run = fx.run(&format!("kubectl get {t}"));
            assert_eq!(run.exit_code, 0, "{}: kubectl get {t}: {}", s.id, run.text);
            for scope in ["", "-A "] {
                let c = fx.comp(&format!("kubectl get {t} {scope}"));
                for name in &c.candidates {
                    let line = format!("kubectl get {t} {name}");
                    let run = fx.run(&line);
                    if !scope.is_empty() {
                        assert!(!run.text.contains("doesn't have"), "{line}");
                    } else if *t == "all" {
                        // `all NAME` asks every kind for the name: found in one of them.
                        assert!(run.text.contains(&format!("/{name} ")), "{line}");
                    } else {
                        assert_eq!(run.exit_code, 0, "{}: {line}: {}", s.id, run.text);
                    }
                }
            }
        }
        for name in fx.comp("kubectl describe svc ").candidates {
            let run = fx.run(&format!("kubectl describe svc {name}"));
            assert_eq!(run.exit_code, 0, "{}: {name}", s.id);
        }
        // Every type word offered after `describe` is one kubectl describe simulates, and every
        // word `get` offers that is missing there is one it refuses.
        let described = fx.comp("kubectl describe ").candidates;
        assert!(!described.is_empty());
        for ty in fx.comp("kubectl get ").candidates {
            let run = fx.run(&format!("kubectl describe {ty}"));
            let refused = run.text.contains("not simulated here");
            assert_eq!(
                refused,
                !described.contains(&ty),
                "{}: {ty}: {}",
                s.id,
                run.text
            );
        }
    }
}

#[test]
fn every_offered_dns_name_resolves() {
    for s in scenarios::ALL {
        let fx = Fx::new(s.yaml);
        let mut seen = 0;
        for first in "abcdefghijklmnopqrstuvwxyz0123456789_".chars() {
            let c = fx.comp(&format!("dig +search {first}"));
            assert_eq!(c.more, 0, "{}: {first}", s.id);
            for name in c
                .candidates
                .iter()
                .filter(|n| n.contains('.') || n.starts_with(first))
            {
                if name.len() <= 5 && name.chars().all(|c| c.is_ascii_uppercase()) {
                    continue; // a record type
                }
                let line = if name.starts_with('_') {
                    format!("dig +short SRV {name}")
                } else {
                    format!("dig +search +short {name}")
                };
                let run = fx.run(&line);
                assert!(
                    run.exit_code == 0 && !run.text.trim().is_empty(),
                    "{}: {line}: {:?}",
                    s.id,
                    run.text
                );
                seen += 1;
            }
        }
        assert!(seen > 10, "{}: only {seen} names", s.id);
    }
}

#[test]
fn cursor_inside_the_line() {
    let fx = seed();
    let c = fx.comp("dig +sh‸ test-headful");
    assert_eq!((c.start, c.end), (4, 7));
    assert_eq!(c.candidates, ["+short", "+showsearch"]);
    assert_eq!(
        c.apply("dig +sh test-headful"),
        ("dig +sho test-headful".to_string(), 8)
    );
    // The text after the cursor is kept; the completion is of the part before it.
    let c = fx.comp("kubectl get svc test-h‸xyz");
    assert_eq!(c.candidates, ["test-headful", "test-headless"]);
    assert_eq!(c.common, "test-head");
    // A unique match before a blank moves over it instead of adding one.
    let c = fx.comp("dig +sea‸ web");
    assert_eq!(c.apply("dig +sea web"), ("dig +search web".to_string(), 12));
    // At a blank in the middle: the next word, from empty.
    let c = fx.comp("kubectl get ‸ -n kube-system");
    assert!(c.candidates.contains(&"svc".to_string()));
    assert_eq!((c.start, c.end), (12, 12));
    // Out of range clamps to the end; inside a multi-byte char backs up to its start.
    let line = "kubectl get svc kube";
    assert_eq!(fx.at(line, 10_000), fx.at(line, line.len()));
    let line = "dig é";
    let c = fx.at(line, line.len() - 1);
    assert_eq!((c.start, c.end), (4, 4));
}

#[test]
fn common_prefix_and_apply() {
    let fx = seed();
    let c = fx.comp("dig +sea");
    assert_eq!(c.candidates, ["+search"]);
    assert_eq!(c.apply("dig +sea"), ("dig +search ".to_string(), 12));
    // `=` asks for a value: no blank.
    assert_eq!(
        fx.comp("dig +nd").apply("dig +nd"),
        ("dig +ndots=".to_string(), 11)
    );
    // Types and names that differ in case before the typed end keep what was typed.
    let c = fx.comp("dig t");
    assert!(
        c.candidates.contains(&"TXT".to_string())
            && c.candidates.contains(&"test-headful".to_string())
    );
    assert_eq!(c.common, "t");
    // Nothing matched: no change.
    let c = fx.comp("dig +zzz");
    assert!(c.is_empty() && c.common.is_empty());
    assert_eq!(c.apply("dig +zzz"), ("dig +zzz".to_string(), 8));
    // A quoted word is completed and the quote dropped.
    let c = fx.comp("dig \"test-headl");
    assert_eq!(c.start, 4);
    assert_eq!(c.common, "test-headless");
}

#[test]
fn the_cap() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 200\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    let fx = Fx::new(yaml);
    // web-1, web-10..19, web-100..199: 111 hostnames in three forms.
    let c = fx.comp("dig web-1");
    assert_eq!(c.candidates.len(), MAX_CANDIDATES);
    assert_eq!(c.total(), 333);
    assert_eq!(c.more, 333 - MAX_CANDIDATES);
    assert_eq!(c.common, "web-1");
    let mut sorted = c.candidates.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, c.candidates);
    assert_eq!(fx.comp("kubectl get po web-1").total(), 111);
    // The common prefix covers every match, not only the listed ones.
    assert_eq!(fx.comp("dig web-19").common, "web-19");
    assert_eq!(fx.comp("dig web-199.").total(), 3);
}

#[test]
fn odd_input_never_panics() {
    let fx = Fx::new(scenarios::KAFKA.yaml);
    let huge = format!("dig {}", "a".repeat(100_000));
    let lines = [
        "",
        " ",
        "\t\tdig\t+sh",
        "dig 'unclosed",
        "dig \"unclosed \\\"",
        "dig \\",
        "kubectl get svc/",
        "kubectl get /",
        "kubectl get ,,,",
        "kubectl get -n",
        "kubectl get -n=",
        "kubectl -- --",
        "host -t",
        "host -tt -t -- x",
        "nslookup -=",
        "nslookup -type=",
        "🦀 dig é\u{301} ü",
        "dig ＠",
        "/usr/bin/dig +sh",
        "dig @@@@",
        "cat cat cat /",
        &huge,
    ];
    for line in lines {
        let mut positions: Vec<usize> = if line.len() > 1000 {
            vec![0, 5, line.len() / 2, line.len()]
        } else {
            (0..=line.len()).collect()
        };
        positions.push(line.len() + 7);
        positions.push(usize::MAX);
        for cur in positions {
            let c = fx.at(line, cur);
            assert!(c.start <= c.end && c.end <= line.len(), "{line:?} @{cur}");
            assert!(line.is_char_boundary(c.start) && line.is_char_boundary(c.end));
            assert!(c.candidates.len() <= MAX_CANDIDATES);
            assert!(c.candidates.windows(2).all(|w| w[0] < w[1]), "{line:?}");
            let (new, at) = c.apply(line);
            assert!(new.is_char_boundary(at) && at <= new.len());
        }
    }
    // A completion applied to a different line never panics either.
    let c = fx.comp("kubectl get svc kafka-");
    let _ = c.apply("é");
    let _ = c.apply("");
}
