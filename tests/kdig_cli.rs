//! The `kdig` contract, end to end: the real binary, real files, stdin, exit codes and output.
//!
//! Values (IPs, names) are read from one output and checked against another, so the tests pin
//! behaviour rather than today's hash-chosen addresses; pinned IPs from the fixtures are exact.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const WEB: &str = "tests/fixtures/kdig/web.yaml";
const TYPO: &str = "tests/fixtures/kdig/typo.yaml";
const BROKEN: &str = "tests/fixtures/kdig/broken.yaml";
const OTHER_NS: &str = "tests/fixtures/kdig/other-ns.yaml";

fn kdig(args: &[&str]) -> Output {
    kdig_stdin(args, None)
}

fn kdig_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kdig"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kdig runs");
    {
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("write stdin");
        }
    }
    child.wait_with_output().expect("kdig finishes")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let o = kdig(&all);
    assert_eq!(code(&o), 0, "{}", err(&o));
    serde_json::from_str(&out(&o)).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", out(&o)))
}

/// `data` of every answer record of one type.
fn data(reply: &Value, section: &str, rtype: &str) -> Vec<String> {
    reply[section]
        .as_array()
        .expect("section is an array")
        .iter()
        .filter(|r| r["type"] == rtype)
        .map(|r| r["data"].as_str().expect("data is text").to_string())
        .collect()
}

/// `+short` lines.
fn short(args: &[&str]) -> Vec<String> {
    let mut all = vec!["+short"];
    all.extend_from_slice(args);
    let o = kdig(&all);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let mut v: Vec<String> = out(&o).lines().map(str::to_string).collect();
    v.sort();
    v
}

// -------------------------------------------------------------------------------------------
// usage

#[test]
fn help_and_version_exit_zero() {
    let o = kdig(&["--help"]);
    assert_eq!(code(&o), 0);
    assert!(
        out(&o).starts_with("Usage: kdig [-f FILE]..."),
        "{}",
        out(&o)
    );
    for flag in [
        "--json",
        "--explain",
        "--not-ready",
        "+search",
        "-x IP",
        "@SERVER",
    ] {
        assert!(out(&o).contains(flag), "help lacks {flag}");
    }
    let o = kdig(&["-V"]);
    assert_eq!(code(&o), 0);
    assert!(out(&o).contains(env!("CARGO_PKG_VERSION")), "{}", out(&o));
}

#[test]
fn usage_errors_exit_two_with_one_clear_line() {
    let cases: &[(&[&str], &str)] = &[
        (&["--bogus", "x"], "unknown option '--bogus'"),
        (&[], "no name to look up"),
        (&["-f"], "-f"),
        (&["-n", "Not_A_Namespace", "x"], "Not_A_Namespace"),
        (&["-s", "no-such-scenario", "x"], "unknown scenario"),
        (&["--scale", "default/web=lots", "x"], "lots"),
    ];
    for (args, needle) in cases {
        let o = kdig(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", err(&o));
        let first = err(&o).lines().next().unwrap_or_default().to_string();
        assert!(first.starts_with("kdig: "), "{args:?}: {first}");
        assert!(first.contains(needle), "{args:?}: {first}");
        assert!(
            out(&o).is_empty(),
            "{args:?} printed to stdout: {}",
            out(&o)
        );
    }
}

// -------------------------------------------------------------------------------------------
// manifests: files, stdin, diagnostics

#[test]
fn an_error_in_the_second_file_is_located_in_that_file_and_exits_one() {
    let o = kdig(&["-f", WEB, "-f", BROKEN, "web-lb.default.svc.cluster.local"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    // `name: Bad_Name` is line 4, column 3 of broken.yaml (not of the two files joined).
    let line = err(&o)
        .lines()
        .find(|l| l.contains("error"))
        .unwrap_or_default()
        .to_string();
    assert!(
        line.starts_with(&format!(
            "{BROKEN}:4:3: error: metadata.name: Invalid value: \"Bad_Name\""
        )),
        "{line}"
    );
    assert!(line.contains("DNS-1035"), "{line}");
}

#[test]
fn warnings_go_to_stderr_and_the_answer_still_comes() {
    let o = kdig(&[
        "-f",
        WEB,
        "-f",
        TYPO,
        "+short",
        "web-lb.default.svc.cluster.local",
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o).trim(), "10.96.100.10");
    let e = err(&o);
    assert!(
        e.contains(&format!("{TYPO}:6:3: warning: spec.clusterIp")),
        "{e}"
    );
    assert!(e.contains("did you mean `clusterIP`?"), "{e}");
}

#[test]
fn stdin_is_a_manifest_file() {
    let yaml = std::fs::read(WEB).expect("fixture");
    let o = kdig_stdin(
        &["-f", "-", "+short", "web-lb.default.svc.cluster.local"],
        Some(&yaml),
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o).trim(), "10.96.100.10");
    // Errors read from stdin are reported under a name a person recognises.
    let o = kdig_stdin(&["-f", "-", "x"], Some(b"kind: Service\nspec: [\n"));
    assert_eq!(code(&o), 1);
    assert!(
        err(&o).starts_with("<stdin>:") || err(&o).starts_with("-:"),
        "{}",
        err(&o)
    );
}

#[test]
fn non_utf8_and_missing_files_are_errors_not_panics() {
    let dir = std::env::temp_dir().join(format!("kdig-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let bin = dir.join("latin1.yaml");
    std::fs::write(&bin, b"metadata:\n  name: caf\xe9\n").expect("write");
    let o = kdig(&["-f", bin.to_str().expect("path"), "x"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert!(err(&o).contains("not UTF-8"), "{}", err(&o));
    assert!(!err(&o).contains("panicked"), "{}", err(&o));
    let o = kdig(&["-f", "/no/such/file.yaml", "x"]);
    assert_ne!(code(&o), 0);
    assert!(err(&o).contains("/no/such/file.yaml"), "{}", err(&o));
    assert!(!err(&o).contains("panicked"), "{}", err(&o));
    let _ = std::fs::remove_dir_all(dir);
}

// -------------------------------------------------------------------------------------------
// answers

#[test]
fn json_reply_has_the_documented_shape() {
    let r = json(&["-f", WEB, "web-0.web.default.svc.cluster.local"]);
    assert_eq!(r["status"], "NOERROR");
    assert_eq!(
        r["question"]["name"],
        "web-0.web.default.svc.cluster.local."
    );
    assert_eq!(r["question"]["type"], "A");
    let answer = r["answer"].as_array().expect("answer");
    assert_eq!(answer.len(), 1, "{r}");
    let a = &answer[0];
    assert_eq!(a["name"], "web-0.web.default.svc.cluster.local.");
    assert_eq!(a["ttl"], 30);
    assert_eq!(a["class"], "IN");
    assert_eq!(a["type"], "A");
    let ip: std::net::Ipv4Addr = a["data"].as_str().expect("data").parse().expect("an IPv4");
    assert_eq!(
        ip.octets()[..2],
        [10, 244],
        "pod IPs come from the pod CIDRs"
    );
    assert!(r["authority"].as_array().expect("authority").is_empty());
    assert!(r["additional"].is_array());
}

#[test]
fn headless_answers_every_ready_pod_and_clusterip_one_address() {
    let pods: Vec<String> = (0..3)
        .map(|i| {
            let r = json(&["-f", WEB, &format!("web-{i}.web.default.svc.cluster.local")]);
            data(&r, "answer", "A").pop().expect("one A")
        })
        .collect();
    let mut headless = data(
        &json(&["-f", WEB, "web.default.svc.cluster.local"]),
        "answer",
        "A",
    );
    headless.sort();
    let mut expected = pods.clone();
    expected.sort();
    assert_eq!(headless, expected);
    let lb = json(&["-f", WEB, "web-lb.default.svc.cluster.local"]);
    assert_eq!(data(&lb, "answer", "A"), vec!["10.96.100.10"]);
}

#[test]
fn srv_data_is_in_dig_presentation_form_with_targets_in_additional() {
    let r = json(&["-f", WEB, "_http._tcp.web.default.svc.cluster.local", "SRV"]);
    assert_eq!(r["status"], "NOERROR");
    let mut srv = data(&r, "answer", "SRV");
    srv.sort();
    assert_eq!(
        srv,
        (0..3)
            .map(|i| format!("0 33 8080 web-{i}.web.default.svc.cluster.local."))
            .collect::<Vec<_>>()
    );
    let names: Vec<&str> = r["additional"]
        .as_array()
        .expect("additional")
        .iter()
        .filter(|x| x["type"] == "A")
        .map(|x| x["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 3, "{r}");
    assert!(names
        .iter()
        .all(|n| n.ends_with(".web.default.svc.cluster.local.")));
    // ClusterIP Service: one SRV whose target is the Service name, port is the Service port.
    let r = json(&[
        "-f",
        WEB,
        "_http._tcp.web-lb.default.svc.cluster.local",
        "SRV",
    ]);
    assert_eq!(
        data(&r, "answer", "SRV"),
        vec!["0 100 80 web-lb.default.svc.cluster.local."]
    );
}

#[test]
fn nxdomain_and_nodata_both_exit_zero_with_an_soa() {
    let r = json(&["-f", WEB, "nope.default.svc.cluster.local"]);
    assert_eq!(r["status"], "NXDOMAIN");
    assert!(r["answer"].as_array().expect("answer").is_empty());
    assert_eq!(data(&r, "authority", "SOA").len(), 1, "{r}");
    assert_eq!(r["authority"][0]["name"], "cluster.local.");

    let r = json(&["-f", WEB, "web-lb.default.svc.cluster.local", "AAAA"]);
    assert_eq!(
        r["status"], "NOERROR",
        "an IPv4-only Service has no AAAA: NODATA"
    );
    assert!(r["answer"].as_array().expect("answer").is_empty());
    assert_eq!(data(&r, "authority", "SOA").len(), 1, "{r}");

    let o = kdig(&["-f", WEB, "nope.default.svc.cluster.local"]);
    assert_eq!(code(&o), 0);
    assert!(out(&o).contains("status: NXDOMAIN"), "{}", out(&o));
}

#[test]
fn default_output_is_dig_text() {
    let o = kdig(&["-f", WEB, "web-lb.default.svc.cluster.local"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let text = out(&o);
    let expected_in_order = [
        "; <<>> DiG 9.18",
        "<<>> web-lb.default.svc.cluster.local",
        ";; global options: +cmd",
        ";; Got answer:",
        // dig 9.18 warns about .local names (RFC 6762) before the header.
        ";; WARNING: .local is reserved for Multicast DNS",
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ",
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1",
        ";; WARNING: recursion requested but not available",
        ";; OPT PSEUDOSECTION:",
        ";; QUESTION SECTION:",
        ";web-lb.default.svc.cluster.local. IN\tA",
        ";; ANSWER SECTION:",
        "web-lb.default.svc.cluster.local. 30 IN\tA\t10.96.100.10",
        ";; Query time: ",
        ";; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)",
        ";; WHEN: ",
        ";; MSG SIZE  rcvd: ",
    ];
    let mut at = 0;
    for needle in expected_in_order {
        match text[at..].find(needle) {
            Some(i) => at += i + needle.len(),
            None => panic!("missing (in order) {needle:?} in:\n{text}"),
        }
    }
}

#[test]
fn noall_answer_prints_only_the_records() {
    let o = kdig(&[
        "-f",
        WEB,
        "+noall",
        "+answer",
        "web.default.svc.cluster.local",
    ]);
    assert_eq!(code(&o), 0);
    let text = out(&o);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines
        .iter()
        .all(|l| l.starts_with("web.default.svc.cluster.local. 30 IN\tA\t10.244.")));
}

#[test]
fn search_list_applies_only_with_plus_search_and_follows_the_namespace() {
    // As typed, a short name goes out unchanged: NXDOMAIN (forwarded upstream).
    let o = kdig(&["-f", WEB, "web-lb"]);
    assert_eq!(code(&o), 0);
    assert!(out(&o).contains(";web-lb.\t\t\t\tIN\tA"), "{}", out(&o));
    assert!(out(&o).contains("status: NXDOMAIN"), "{}", out(&o));
    // With +search from default, the first search domain completes it.
    assert_eq!(
        short(&["-f", WEB, "+search", "web-lb"]),
        vec!["10.96.100.10"]
    );
    // From namespace shop, `web-lb` alone is not found, `web-lb.default` is.
    assert!(short(&["-f", WEB, "-f", OTHER_NS, "-n", "shop", "+search", "web-lb"]).is_empty());
    assert_eq!(
        short(&[
            "-f",
            WEB,
            "-f",
            OTHER_NS,
            "-n",
            "shop",
            "+search",
            "web-lb.default"
        ]),
        vec!["10.96.100.10"]
    );
    // +search shows the name it finally asked.
    let o = kdig(&["-f", WEB, "+search", "web-lb"]);
    assert!(
        out(&o).contains(";web-lb.default.svc.cluster.local. IN\tA"),
        "{}",
        out(&o)
    );
}

#[test]
fn reverse_lookups_name_the_service_or_the_endpoint() {
    assert_eq!(
        short(&["-f", WEB, "-x", "10.96.100.10"]),
        vec!["web-lb.default.svc.cluster.local."]
    );
    let ip = short(&["-f", WEB, "web-1.web.default.svc.cluster.local"]);
    let mut names = short(&["-f", WEB, "-x", &ip[0]]);
    names.sort();
    // A pod behind two Services has a PTR for each: its hostname under the headless one, the
    // dashed IP under the other.
    let dashed = ip[0].replace('.', "-");
    assert_eq!(
        names,
        vec![
            format!("{dashed}.web-lb.default.svc.cluster.local."),
            "web-1.web.default.svc.cluster.local.".to_string(),
        ]
    );
}

#[test]
fn type_can_be_positional_or_dash_t() {
    let a = short(&[
        "-f",
        WEB,
        "_http._tcp.web-lb.default.svc.cluster.local",
        "SRV",
    ]);
    let b = short(&[
        "-f",
        WEB,
        "-t",
        "SRV",
        "_http._tcp.web-lb.default.svc.cluster.local",
    ]);
    assert_eq!(a, b);
    assert_eq!(a, vec!["0 100 80 web-lb.default.svc.cluster.local."]);
    let txt = short(&["-f", WEB, "dns-version.cluster.local", "TXT"]);
    assert_eq!(txt, vec!["\"1.1.0\""]);
}

#[test]
fn break_it_operations_change_the_answers() {
    let all = short(&["-f", WEB, "web.default.svc.cluster.local"]);
    assert_eq!(all.len(), 3);
    let web1 = short(&["-f", WEB, "web-1.web.default.svc.cluster.local"]);
    let without = short(&[
        "-f",
        WEB,
        "--not-ready",
        "default/web-1",
        "web.default.svc.cluster.local",
    ]);
    assert_eq!(without.len(), 2);
    assert!(
        !without.contains(&web1[0]),
        "{without:?} still has {}",
        web1[0]
    );
    // The ClusterIP Service keeps answering with its virtual IP.
    assert_eq!(
        short(&[
            "-f",
            WEB,
            "--not-ready",
            "default/web-1",
            "web-lb.default.svc.cluster.local"
        ]),
        vec!["10.96.100.10"]
    );
    // A deleted StatefulSet pod comes back under the same name.
    let again = short(&[
        "-f",
        WEB,
        "--delete",
        "default/web-1",
        "web-1.web.default.svc.cluster.local",
    ]);
    assert_eq!(again.len(), 1);
    let scaled = short(&[
        "-f",
        WEB,
        "--scale",
        "default/web=5",
        "web.default.svc.cluster.local",
    ]);
    assert_eq!(scaled.len(), 5);
    assert_eq!(
        short(&[
            "-f",
            WEB,
            "--scale",
            "default/web=5",
            "web-4.web.default.svc.cluster.local"
        ])
        .len(),
        1
    );
    // Scaling down removes the high ordinals: web-2 no longer exists.
    let o = kdig(&[
        "-f",
        WEB,
        "--scale",
        "default/web=2",
        "web-2.web.default.svc.cluster.local",
    ]);
    assert!(out(&o).contains("status: NXDOMAIN"), "{}", out(&o));
}

#[test]
fn explain_cites_manifest_lines() {
    let o = kdig(&["-f", WEB, "--explain", "web.default.svc.cluster.local"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let text = out(&o);
    assert!(text.contains(";; WHY"), "{text}");
    assert!(text.contains("headless"), "{text}");
    // The headless Service `web` starts at line 2 of the fixture (after the comment).
    assert!(text.contains(&format!("[{WEB}:2]")), "{text}");
    assert!(
        text.contains("web-0") && text.contains("is ready"),
        "{text}"
    );
}

#[test]
fn servers_other_than_coredns_time_out_like_dig() {
    let o = kdig(&[
        "-f",
        WEB,
        "@10.96.0.10",
        "+short",
        "web-lb.default.svc.cluster.local",
    ]);
    assert_eq!(code(&o), 0);
    assert_eq!(out(&o).trim(), "10.96.100.10");
    // A CoreDNS pod answers too: the kube-dns endpoints are the CoreDNS pods.
    let coredns = short(&["kube-dns.kube-system.svc.cluster.local"]);
    assert_eq!(coredns, vec!["10.96.0.10"]);
    // kubeadm's CoreDNS pods: an endpoint name answers only for a real endpoint of kube-dns.
    let pod_ip = "10.244.0.2";
    assert_eq!(
        short(&["10-244-0-2.kube-dns.kube-system.svc.cluster.local"]),
        vec![pod_ip]
    );
    let at = format!("@{pod_ip}");
    let o = kdig(&["-f", WEB, &at, "+short", "web-lb.default.svc.cluster.local"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o).trim(), "10.96.100.10");
    let o = kdig(&["-f", WEB, "@10.0.0.1", "web-lb.default.svc.cluster.local"]);
    assert_eq!(code(&o), 9);
    assert!(out(&o).contains(";; communications error to 10.0.0.1#53: timed out"));
    assert!(
        out(&o).contains(";; no servers could be reached"),
        "{}",
        out(&o)
    );
}

#[test]
fn scenarios_are_listed_and_usable() {
    let o = kdig(&["--list-scenarios"]);
    assert_eq!(code(&o), 0);
    let ids: Vec<String> = out(&o)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(ids.contains(&"kafka".to_string()), "{ids:?}");
    assert_eq!(
        short(&[
            "-s",
            "kafka",
            "_kafka._tcp.kafka-hs.kafka.svc.cluster.local",
            "SRV"
        ]),
        (0..3)
            .map(|i| format!("0 33 9092 kafka-{i}.kafka-hs.kafka.svc.cluster.local."))
            .collect::<Vec<_>>()
    );
}
