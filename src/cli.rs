//! The `kdig` command: manifests in, one dig run out, as text, JSON or with an explanation.
//!
//! Kept in the library (no I/O here: files arrive through a callback) so the contract is tested
//! natively without spawning processes, and the binary stays a thin shell.
//!
//! Exit codes: 0 whenever a DNS reply was produced (NXDOMAIN included), 1 when the manifests have
//! errors, 2 for usage errors, 9 when no server answered (as dig).

use serde::Serialize;

use crate::cluster::{Cluster, Ops};
use crate::dns::resolver::{Resolution, Resolver};
use crate::dns::{tools, Message, Record, ResolvConf, RunEnv};
use crate::model::{self, Severity};
use crate::scenarios;

pub const USAGE: &str = "\
Usage: kdig [-f FILE]... [-n NAMESPACE] [--json] [--explain] [--not-ready NS/POD]... [+search] [+short] [-x IP] [@SERVER] NAME [TYPE]
       kdig [-f FILE]... [-s ID] --corefile   (print the Corefile the simulated CoreDNS runs)
       kdig kafka [OPTIONS]   (a Kafka producer's journey to each partition leader; kdig kafka --help)
       kdig kubectl [-f FILE]... [-s ID] [--pod NS/POD] get|describe ...   (kubectl over the simulated cluster)

Ask the Headless Services Playground's simulated CoreDNS, as `dig` would from a pod.

Options:
  -f, --file FILE        Kubernetes manifests (YAML, several documents or a `kind: List`); repeatable; `-` reads stdin
  -s, --scenario ID      start from a built-in scenario (see --list-scenarios)
  -n, --namespace NS     namespace of the querying pod (default: default); sets its search list
      --not-ready NS/POD mark a pod not ready (its readiness probe fails); repeatable
      --delete NS/POD    delete a pod once (its StatefulSet or Deployment replaces it); repeatable
      --scale NS/NAME=N  set a StatefulSet's or Deployment's replicas; repeatable
      --json             print the final reply as one JSON object
      --explain          after the answer, print why CoreDNS answered so, with manifest lines
      --seed N           seed of the loadbalance shuffle (default 24301)
      --corefile         print the Corefile in use: the ConfigMap kube-system/coredns's data.Corefile
                         from the manifests (its options change the answers), else kubeadm's default
      --list-scenarios   list the built-in scenarios
  -h, --help             this help
  -V, --version          version

A ConfigMap `coredns` in namespace kube-system configures the simulated CoreDNS: the cluster domain,
`pods`, `ttl`, `fallthrough`, `endpoint_pod_names`, `ignore empty_service`, `autopath @kubernetes`,
`cache`, `rewrite name exact|suffix`; other plugins are noted (see --explain).

Every other argument goes to dig as written: +search, +short, +noall, +answer, +nocmd, -x IP, -t TYPE,
@SERVER (10.96.0.10 or a CoreDNS pod IP answer; any other address times out, as real dig would).

Exit status: 0 when a reply came back (NXDOMAIN included), 1 when the manifests have errors,
2 for usage errors, 9 when no server answered.
";

/// A manifest file as read by the binary.
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What kdig prints and returns.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

fn usage_error(msg: &str) -> Output {
    Output {
        stdout: String::new(),
        stderr: format!("kdig: {msg}\nTry 'kdig --help' for more information.\n"),
        code: 2,
    }
}

#[derive(Serialize)]
struct JsonQuestion {
    name: String,
    #[serde(rename = "type")]
    qtype: String,
}

#[derive(Serialize)]
struct JsonRecord {
    name: String,
    ttl: u32,
    class: String,
    #[serde(rename = "type")]
    rtype: String,
    data: String,
}

#[derive(Serialize)]
struct JsonReply {
    status: String,
    question: JsonQuestion,
    answer: Vec<JsonRecord>,
    authority: Vec<JsonRecord>,
    additional: Vec<JsonRecord>,
}

fn json_records(rs: &[Record]) -> Vec<JsonRecord> {
    rs.iter()
        .map(|r| JsonRecord {
            name: r.name.to_string(),
            ttl: r.ttl,
            class: r.class.to_string(),
            rtype: r.record_type().to_string(),
            data: r.rdata.to_string(),
        })
        .collect()
}

/// The reply as `--json` prints it.
pub fn reply_json(m: &Message) -> String {
    let q = m.queries.first();
    let reply = JsonReply {
        status: m.response_code.to_string(),
        question: JsonQuestion {
            name: q.map(|q| q.name.to_string()).unwrap_or_default(),
            qtype: q.map(|q| q.query_type.to_string()).unwrap_or_default(),
        },
        answer: json_records(&m.answers),
        authority: json_records(&m.authorities),
        additional: json_records(&m.additionals),
    };
    serde_json::to_string_pretty(&reply).unwrap_or_default()
}

/// Maps lines of the concatenated input back to files.
struct Sources {
    /// (first line in the combined text, file name)
    starts: Vec<(u32, String)>,
}

impl Sources {
    fn place(&self, line: u32) -> (String, u32) {
        let (start, name) = self
            .starts
            .iter()
            .rev()
            .find(|(s, _)| *s <= line)
            .cloned()
            .unwrap_or((1, "-".into()));
        (name, line - start + 1)
    }
}

/// Run kdig with `args`; `read` fetches a file's bytes (`-` = stdin).
pub fn run(args: &[String], read: &mut dyn FnMut(&str) -> Result<Input, String>) -> Output {
    if args.first().map(String::as_str) == Some("kafka") {
        return kafka::run(&args[1..], read);
    }
    if args.first().map(String::as_str) == Some("kubectl") {
        return kubectl::run(&args[1..], read);
    }
    let mut files = Vec::new();
    let mut scenario: Option<&'static scenarios::Scenario> = None;
    let mut namespace = "default".to_string();
    let mut json = false;
    let mut explain = false;
    let mut corefile = false;
    let mut seed: u64 = 24301;
    let mut ops = Ops::default();
    let mut dig_args: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("option {flag} needs a value"))
        };
        match a.as_str() {
            "-h" | "--help" => {
                return Output {
                    stdout: USAGE.into(),
                    ..Output::default()
                }
            }
            "-V" | "--version" => {
                return Output {
                    stdout: format!("kdig {}\n", env!("CARGO_PKG_VERSION")),
                    ..Output::default()
                }
            }
            "--list-scenarios" => {
                let mut s = String::new();
                for sc in scenarios::ALL {
                    s.push_str(&format!("{:<24} {}\n", sc.id, sc.summary));
                }
                return Output {
                    stdout: s,
                    ..Output::default()
                };
            }
            "-f" | "--file" => match value(a) {
                Ok(v) => files.push(v),
                Err(e) => return usage_error(&e),
            },
            "-s" | "--scenario" => match value(a).map(|v| scenarios::by_id(&v).ok_or(v)) {
                Ok(Ok(s)) => scenario = Some(s),
                Ok(Err(v)) => {
                    return usage_error(&format!("unknown scenario '{v}' (see --list-scenarios)"))
                }
                Err(e) => return usage_error(&e),
            },
            "-n" | "--namespace" => match value(a) {
                Ok(v) => namespace = v,
                Err(e) => return usage_error(&e),
            },
            "--json" => json = true,
            "--explain" => explain = true,
            "--corefile" => corefile = true,
            "--seed" => match value(a).map(|v| v.parse::<u64>()) {
                Ok(Ok(n)) => seed = n,
                _ => return usage_error("--seed needs a number"),
            },
            "--not-ready" | "--delete" => match value(a).map(|v| Ops::key(&v)) {
                Ok(Ok(k)) => {
                    if a == "--delete" {
                        ops.deleted.insert(k);
                    } else {
                        ops.not_ready.insert(k);
                    }
                }
                Ok(Err(e)) => return usage_error(&format!("{a}: {e}")),
                Err(e) => return usage_error(&e),
            },
            "--scale" => {
                let v = match value(a) {
                    Ok(v) => v,
                    Err(e) => return usage_error(&e),
                };
                let parsed = v
                    .split_once('=')
                    .and_then(|(k, n)| Some((Ops::key(k).ok()?, n.parse::<i64>().ok()?)));
                match parsed {
                    Some((k, n)) if n >= 0 => {
                        ops.scale.insert(k, n);
                    }
                    _ => {
                        return usage_error(&format!(
                            "--scale wants NAMESPACE/NAME=REPLICAS, found '{v}'"
                        ))
                    }
                }
            }
            s if s.starts_with("--") => return usage_error(&format!("unknown option '{s}'")),
            _ => dig_args.push(a.clone()),
        }
    }
    if dig_args.is_empty() && !corefile {
        return usage_error("no name to look up");
    }
    if model::names::dns1123_label(&namespace).is_err() {
        return usage_error(&format!("invalid namespace '{namespace}'"));
    }

    // Manifests: the scenario, then each file, as one stream of documents.
    let mut text = String::new();
    let mut sources = Sources { starts: Vec::new() };
    let mut stderr = String::new();
    let mut push = |text: &mut String, name: String, body: &str| {
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("---\n");
        }
        let start = text.matches('\n').count() as u32 + 1;
        sources.starts.push((start, name));
        text.push_str(body);
    };
    if let Some(s) = scenario {
        push(&mut text, format!("scenario:{}", s.id), s.yaml);
    }
    for f in &files {
        let input = match read(f) {
            Ok(i) => i,
            Err(e) => {
                return Output {
                    stderr: format!("kdig: cannot read {e}\n"),
                    code: 1,
                    ..Output::default()
                };
            }
        };
        match std::str::from_utf8(&input.bytes) {
            Ok(s) => push(&mut text, input.name, s),
            Err(e) => {
                stderr.push_str(&format!("{}:1:1: error: the file is not UTF-8 text (invalid byte at offset {}); Kubernetes manifests must be UTF-8\n", input.name, e.valid_up_to()));
                return Output {
                    stderr,
                    code: 1,
                    ..Output::default()
                };
            }
        }
    }
    let parsed = model::parse(&text);
    let cluster = Cluster::build(&parsed, &ops);
    let mut errors = 0;
    for d in parsed.diagnostics.iter().chain(&cluster.diagnostics) {
        if d.severity == Severity::Info && !explain {
            continue;
        }
        errors += usize::from(d.severity == Severity::Error);
        let (file, line) = sources.place(d.line);
        let mut local = d.clone();
        local.line = line;
        local.related = d
            .related
            .iter()
            .map(|(p, l)| (model::Pos::new(sources.place(p.line).1, p.col), l.clone()))
            .collect();
        stderr.push_str(&local.render(&file));
        stderr.push('\n');
    }
    if errors > 0 {
        return Output {
            stderr,
            code: 1,
            ..Output::default()
        };
    }
    if corefile {
        return Output {
            stdout: corefile_text(&cluster, &|line| {
                let (f, l) = sources.place(line);
                format!("{f}:{l}")
            }),
            stderr,
            code: 0,
        };
    }

    let conf = match ResolvConf::cluster_first(&namespace, &cluster.zone) {
        Ok(c) => c,
        Err(e) => return usage_error(&format!("namespace '{namespace}': {e}")),
    };
    let mut resolver = Resolver::with_seed(&cluster, seed);
    // The querying pod is in `namespace`: what autopath learns from its IP.
    resolver.client_namespace = Some(namespace.clone());
    let run = tools::dig::run(&dig_args, &mut resolver, &conf, &RunEnv::default());
    let mut stdout = String::new();
    let code = u8::try_from(run.exit_code).unwrap_or(1);
    if json {
        match run.attempts.iter().rev().find_map(|a| a.reply.as_ref()) {
            Some(m) => {
                stdout.push_str(&reply_json(m));
                stdout.push('\n');
            }
            None => stdout.push_str(&run.text),
        }
    } else {
        stdout.push_str(&run.text);
    }
    if explain {
        stdout.push_str(&explain_text(&resolver.log, &|line| {
            let (f, l) = sources.place(line);
            format!("{f}:{l}")
        }));
    }
    Output {
        stdout,
        stderr,
        code,
    }
}

/// What `--corefile` prints: where the Corefile comes from (a `#` line), then its text.
pub fn corefile_text(cluster: &Cluster, place: &dyn Fn(u32) -> String) -> String {
    let (text, pos) = cluster.corefile();
    let mut s = match (pos, cluster.corefile.pos) {
        (Some(p), _) => format!("# ConfigMap kube-system/coredns, data.Corefile at {}\n", place(p.line)),
        (None, Some(p)) => format!("# kubeadm's default Corefile: CoreDNS would refuse the one in ConfigMap kube-system/coredns at {} (see the warnings)\n", place(p.line)),
        (None, None) => "# kubeadm's default Corefile (the manifests have no ConfigMap kube-system/coredns)\n".to_string(),
    };
    s.push_str(text);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The explanation block `--explain` prints, one section per query sent.
pub fn explain_text(log: &[Resolution], place: &dyn Fn(u32) -> String) -> String {
    let mut s = String::from(";; WHY (kdig --explain)\n");
    for (i, r) in log.iter().enumerate() {
        let status = r
            .reply
            .as_ref()
            .map(|m| m.response_code.to_string())
            .unwrap_or_else(|| "no reply".into());
        s.push_str(&format!(
            ";; query {}: {} {} to {} -> {status}\n",
            i + 1,
            r.question.name,
            r.question.query_type,
            r.server
        ));
        s.push_str(&format!(";;   {}\n", r.explanation.verdict));
        for step in &r.explanation.steps {
            match step.pos {
                Some(p) => s.push_str(&format!(";;   - {} [{}]\n", step.text, place(p.line))),
                None => s.push_str(&format!(";;   - {}\n", step.text)),
            }
        }
    }
    s
}

/// `kdig kubectl`: `kubectl get` / `kubectl describe` over the simulated cluster, printed as
/// the pod terminal prints them ([`crate::dns::tools::kubectl`]).
mod kubectl {
    use super::{usage_error, Input, Output};
    use crate::cluster::Ops;
    use crate::dns::tools::{kubectl, ShellContext};

    use crate::scenarios;

    const USAGE: &str = "\
Usage: kdig kubectl [-f FILE]... [-s SCENARIO] [--pod NS/POD] [--not-ready NS/POD]... [--delete NS/POD]... [--scale NS/NAME=N]... COMMAND [ARGS]

kubectl over the Headless Services Playground's simulated cluster, printed as kubectl 1.33 prints:
  get TYPE[,TYPE] [NAME]... [-n NS | -A] [-o wide|yaml|json|name] [-l key=value]
      TYPE: svc, pods, endpoints, endpointslices, statefulsets, deployments, replicasets, namespaces, all
  describe TYPE [NAME]... [-n NS | -A] [-l key=value]
      TYPE: svc, pods, endpoints, endpointslices, statefulsets, deployments

kdig's own options come before COMMAND; without -f or -s the cluster has only its built-in objects.
--pod sets the pod kubectl runs in (default default/dnsutils): its namespace is the default one.
Errors and warnings are printed on stdout, in the order a terminal shows them.
Exit status: kubectl's (0, or 1 for an error), 1 when the manifests have errors, 2 for usage errors.
";

    pub(super) fn run(
        args: &[String],
        read: &mut dyn FnMut(&str) -> Result<Input, String>,
    ) -> Output {
        match plan(args, read) {
            Ok(o) | Err(o) => o,
        }
    }

    fn plan(
        args: &[String],
        read: &mut dyn FnMut(&str) -> Result<Input, String>,
    ) -> Result<Output, Output> {
        let mut files = Vec::new();
        let mut scenario = None;
        let mut pod = ("default".to_string(), "dnsutils".to_string());
        let mut ops = Ops::default();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let value = |i: usize| {
                args.get(i + 1)
                    .cloned()
                    .ok_or_else(|| usage_error(&format!("option {a} needs a value")))
            };
            match a {
                "-h" | "--help" => {
                    return Ok(Output {
                        stdout: USAGE.into(),
                        ..Output::default()
                    })
                }
                "-f" | "--file" => files.push(value(i)?),
                "-s" | "--scenario" => {
                    let v = value(i)?;
                    scenario = Some(scenarios::by_id(&v).ok_or_else(|| {
                        usage_error(&format!("unknown scenario '{v}' (see --list-scenarios)"))
                    })?);
                }
                "--pod" => {
                    pod = Ops::key(&value(i)?)
                        .map(|k| (k.namespace, k.name))
                        .map_err(|e| usage_error(&format!("--pod: {e}")))?
                }
                "--not-ready" | "--delete" => {
                    let k = Ops::key(&value(i)?).map_err(|e| usage_error(&format!("{a}: {e}")))?;
                    if a == "--delete" {
                        ops.deleted.insert(k);
                    } else {
                        ops.not_ready.insert(k);
                    }
                }
                "--scale" => {
                    let v = value(i)?;
                    let parsed = v
                        .split_once('=')
                        .and_then(|(k, n)| Some((Ops::key(k).ok()?, n.parse::<i64>().ok()?)));
                    match parsed {
                        Some((k, n)) if n >= 0 => {
                            ops.scale.insert(k, n);
                        }
                        _ => {
                            return Err(usage_error(&format!(
                                "--scale wants NAMESPACE/NAME=REPLICAS, found '{v}'"
                            )))
                        }
                    }
                }
                _ => break,
            }
            i += 2;
        }
        let rest = &args[i.min(args.len())..];
        if rest.is_empty() {
            return Err(usage_error(
                "kubectl: no command (try: kdig kubectl get svc)",
            ));
        }
        let (_, parsed, cluster) =
            super::subcommand_cluster("kubectl", scenario, &files, &ops, read)?;
        let ctx = ShellContext::new(&cluster, &pod.0, &pod.1)
            .with_parsed(&parsed)
            .with_ops(&ops);
        let run = kubectl::run(rest, &ctx);
        Ok(Output {
            stdout: run.text,
            stderr: String::new(),
            code: u8::try_from(run.exit_code).unwrap_or(1),
        })
    }
}

/// The manifests of a subcommand (`kdig kafka`, `kdig kubectl`): the scenario, then each file, as
/// one stream of documents (returned too: seeds derive from it), built into a cluster. An error in
/// them ends the run with a count (plain `kdig` on the same files shows where).
fn subcommand_cluster(
    sub: &str,
    scenario: Option<&scenarios::Scenario>,
    files: &[String],
    ops: &Ops,
    read: &mut dyn FnMut(&str) -> Result<Input, String>,
) -> Result<(String, model::Parsed, Cluster), Output> {
    let mut text = String::new();
    if let Some(s) = scenario {
        text.push_str(s.yaml);
    }
    for f in files {
        let input = read(f).map_err(|e| Output {
            stderr: format!("kdig: cannot read {e}\n"),
            code: 1,
            ..Output::default()
        })?;
        let body = String::from_utf8(input.bytes).map_err(|_| Output {
            stderr: format!("kdig: {} is not UTF-8 text\n", input.name),
            code: 1,
            ..Output::default()
        })?;
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("---\n");
        }
        text.push_str(&body);
    }
    let parsed = model::parse(&text);
    let cluster = Cluster::build(&parsed, ops);
    let errors = parsed
        .diagnostics
        .iter()
        .chain(&cluster.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(Output {
            stderr: format!("kdig: the manifests have {errors} error(s); run kdig without `{sub}` on them to see where\n"),
            code: 1,
            ..Output::default()
        });
    }
    Ok((text, parsed, cluster))
}

/// `kdig kafka`: the Kafka routing plan (see [`crate::kafka`]) printed one line per event.
mod kafka {
    use super::{usage_error, Input, Output};
    use crate::cluster::Ops;
    use crate::kafka::{
        derive_seed, statefulsets, BrokerFailure, EventKind, KafkaCluster, Listeners, ProduceSpec,
        RoutingPlan, TopicSpec,
    };
    use crate::model;
    use crate::scenarios;

    pub const USAGE: &str = "\
Usage: kdig kafka [-f FILE]... [-s SCENARIO] [--listeners headless|short|clusterip|PATTERN] [--key K]... [--null-key]... [--fail POD] [--json]

Play a Kafka producer's journey over the simulated cluster: DNS lookups, connections, metadata,
produce requests and retries, one line per step.

Options:
  -f, --file FILE          manifests; repeatable (default: the built-in kafka scenario)
  -s, --scenario ID        start from a built-in scenario
  -n, --namespace NS       namespace of the producer pod (default: default)
      --statefulset NS/NAME  the brokers' StatefulSet (default: the first one named like kafka)
      --listeners P        headless (default), short, clusterip, or a pattern with {pod} {service} {namespace}
      --topic NAME         topic (default: orders)
      --partitions N       partitions (default: 3)
      --replication-factor N  (default: 3, or the broker count if smaller)
      --key K              a record with key K; repeatable (default: key-0 key-1 key-2)
      --null-key           a record without a key; repeatable
      --interval MS        time between records (default: 1000)
      --fail POD           this broker (pod name or id) stops during the run
      --fail-at MS         when it stops (default: 1500)
      --not-ready NS/POD   mark a pod not ready before the run; repeatable
      --seed N             seed of every random choice (default: derived from the inputs)
      --captions           add each step's explanation after it
      --json               the whole plan as one JSON object
";

    fn num<T: std::str::FromStr>(v: Result<String, String>, flag: &str) -> Result<T, Output> {
        match v {
            Ok(v) => v
                .parse::<T>()
                .map_err(|_| usage_error(&format!("{flag} needs a number, found '{v}'"))),
            Err(e) => Err(usage_error(&e)),
        }
    }

    pub fn run(args: &[String], read: &mut dyn FnMut(&str) -> Result<Input, String>) -> Output {
        match run_inner(args, read) {
            Ok(o) | Err(o) => o,
        }
    }

    fn run_inner(
        args: &[String],
        read: &mut dyn FnMut(&str) -> Result<Input, String>,
    ) -> Result<Output, Output> {
        let mut files = Vec::new();
        let mut scenario = None;
        let mut namespace = "default".to_string();
        let mut sts: Option<(String, String)> = None;
        let mut listeners = Listeners::Headless;
        let mut topic = "orders".to_string();
        let mut partitions: i32 = 3;
        let mut rf: Option<i32> = None;
        let mut keys: Vec<Option<String>> = Vec::new();
        let mut interval: u64 = 1000;
        let mut fail: Option<String> = None;
        let mut fail_at: u64 = 1500;
        let mut ops = Ops::default();
        let mut seed: Option<u64> = None;
        let (mut json, mut captions) = (false, false);
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = |flag: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("option {flag} needs a value"))
            };
            match a.as_str() {
                "-h" | "--help" => {
                    return Ok(Output {
                        stdout: USAGE.into(),
                        ..Output::default()
                    })
                }
                "-f" | "--file" => files.push(value(a).map_err(|e| usage_error(&e))?),
                "-s" | "--scenario" => {
                    let v = value(a).map_err(|e| usage_error(&e))?;
                    scenario = Some(scenarios::by_id(&v).ok_or_else(|| {
                        usage_error(&format!("unknown scenario '{v}' (see --list-scenarios)"))
                    })?);
                }
                "-n" | "--namespace" => namespace = value(a).map_err(|e| usage_error(&e))?,
                "--statefulset" => {
                    let v = value(a).map_err(|e| usage_error(&e))?;
                    sts = Some(
                        Ops::key(&v)
                            .map(|k| (k.namespace, k.name))
                            .map_err(|e| usage_error(&format!("{a}: {e}")))?,
                    );
                }
                "--listeners" => {
                    let v = value(a).map_err(|e| usage_error(&e))?;
                    listeners = Listeners::parse(&v).ok_or_else(|| {
                        usage_error(&format!("--listeners wants headless, short, clusterip or a pattern, found '{v}'"))
                    })?;
                }
                "--topic" => topic = value(a).map_err(|e| usage_error(&e))?,
                "--partitions" => partitions = num(value(a), a)?,
                "--replication-factor" => rf = Some(num(value(a), a)?),
                "--key" => keys.push(Some(value(a).map_err(|e| usage_error(&e))?)),
                "--null-key" => keys.push(None),
                "--interval" => interval = num(value(a), a)?,
                "--fail" => fail = Some(value(a).map_err(|e| usage_error(&e))?),
                "--fail-at" => fail_at = num(value(a), a)?,
                "--seed" => seed = Some(num(value(a), a)?),
                "--not-ready" => {
                    let v = value(a).map_err(|e| usage_error(&e))?;
                    ops.not_ready
                        .insert(Ops::key(&v).map_err(|e| usage_error(&format!("{a}: {e}")))?);
                }
                "--json" => json = true,
                "--captions" => captions = true,
                s => return Err(usage_error(&format!("kafka: unexpected argument '{s}'"))),
            }
        }
        if model::names::dns1123_label(&namespace).is_err() {
            return Err(usage_error(&format!("invalid namespace '{namespace}'")));
        }
        if keys.is_empty() {
            keys = ["key-0", "key-1", "key-2"]
                .iter()
                .map(|k| Some(k.to_string()))
                .collect();
        }
        if scenario.is_none() && files.is_empty() {
            scenario = Some(&scenarios::KAFKA);
        }
        let (text, _, cluster) = super::subcommand_cluster("kafka", scenario, &files, &ops, read)?;
        let all = statefulsets(&cluster);
        let (sns, sname) = match sts {
            Some(s) => s,
            None => all
                .iter()
                .find(|(_, n)| n.contains("kafka"))
                .or(all.first())
                .cloned()
                .ok_or_else(|| usage_error("the manifests have no StatefulSet with pods"))?,
        };
        let brokers = cluster
            .pods
            .iter()
            .filter(|p| *p.namespace == *sns && matches!(&p.owner, crate::cluster::Owner::StatefulSet { name, .. } if **name == *sname))
            .count() as i32;
        let rf = rf.unwrap_or_else(|| brokers.clamp(1, 3));
        let pattern = listeners.pattern();
        let topics = [TopicSpec::new(&topic, partitions, rf)];
        let key_text: Vec<&str> = keys
            .iter()
            .map(|k| k.as_deref().unwrap_or("\u{0}"))
            .collect();
        let seed = seed.unwrap_or_else(|| {
            let mut parts: Vec<&[u8]> = vec![text.as_bytes(), pattern.as_bytes(), topic.as_bytes()];
            parts.extend(key_text.iter().map(|k| k.as_bytes()));
            parts.push(fail.as_deref().unwrap_or("").as_bytes());
            derive_seed(&parts)
        });
        let kc = KafkaCluster::from_cluster(&cluster, &sns, &sname, listeners, &topics, seed)
            .map_err(|e| Output {
                stderr: format!("kdig: {e}\n"),
                code: 1,
                ..Output::default()
            })?;
        let failure = match &fail {
            None => None,
            Some(f) => {
                let id = kc
                    .broker_by_pod(f)
                    .map(|b| b.id)
                    .or_else(|| f.parse::<i32>().ok().filter(|i| kc.broker(*i).is_some()))
                    .ok_or_else(|| {
                        usage_error(&format!("--fail: no broker '{f}' in {sns}/{sname}"))
                    })?;
                Some(BrokerFailure {
                    broker: id,
                    at_ms: fail_at,
                })
            }
        };
        let mut spec = ProduceSpec::new(&topic, keys);
        spec.client_namespace = namespace;
        spec.interval_ms = interval;
        spec.failure = failure;
        spec.seed = seed;
        let plan = RoutingPlan::build(&cluster, &kc, &spec);
        let mut stderr = String::new();
        for n in kc.notes.iter().chain(&plan.notes) {
            stderr.push_str(&format!("kdig: note: {n}\n"));
        }
        let stdout = if json {
            let mut s = serde_json::to_string(&plan).unwrap_or_default();
            s.push('\n');
            s
        } else {
            text_plan(&plan, captions)
        };
        Ok(Output {
            stdout,
            stderr,
            code: 0,
        })
    }

    /// One line per event: time, sender → receiver, what.
    pub fn text_plan(plan: &RoutingPlan, captions: bool) -> String {
        let mut out = String::new();
        for e in &plan.events {
            let what = match &e.kind {
                EventKind::DnsQuery { name, qtype } => format!("DNS {qtype}? {name}"),
                EventKind::DnsAnswer { name, rcode, ips } => {
                    let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
                    let rc = rcode.map_or_else(|| "no reply".to_string(), |r| r.to_string());
                    format!("DNS {rc} {name} {}", ips.join(" "))
                        .trim_end()
                        .to_string()
                }
                EventKind::ResolveFailed { host } => format!("cannot resolve {host}"),
                EventKind::TcpConnect {
                    conn,
                    node,
                    to_ip,
                    port,
                    via_vip,
                    landed_on_broker,
                } => {
                    let node =
                        node.map_or_else(|| "bootstrap".to_string(), |n| format!("node {n}"));
                    let via = if *via_vip { " via VIP" } else { "" };
                    let landed = landed_on_broker
                        .map_or_else(|| "nowhere".to_string(), |b| format!("broker-{b}"));
                    format!(
                        "TCP #{conn} ({node}) {to_ip}:{port}{via} → {landed} [{:?}]",
                        e.outcome
                    )
                    .replace("[Ok]", "ok")
                    .replace("[Error]", "refused")
                }
                EventKind::ConnectionClosed { conn, .. } => format!("TCP #{conn} closed"),
                EventKind::MetadataRequest { conn, topics } => {
                    format!("Metadata? {} on #{conn}", topics.join(","))
                }
                EventKind::MetadataResponse {
                    brokers,
                    partitions,
                    topic_error,
                    ..
                } => {
                    let b: Vec<String> = brokers.iter().map(|(i, h)| format!("{i}={h}")).collect();
                    let p: Vec<String> = partitions
                        .iter()
                        .map(|(i, m)| {
                            format!(
                                "p{i}:{}",
                                m.leader.map_or_else(|| "-1".to_string(), |l| l.to_string())
                            )
                        })
                        .collect();
                    let err = topic_error.map(|e| format!(" {e}")).unwrap_or_default();
                    format!(
                        "Metadata brokers [{}] leaders [{}]{err}",
                        b.join(" "),
                        p.join(" ")
                    )
                }
                EventKind::ProduceRequest {
                    conn,
                    record,
                    partition,
                    key,
                } => {
                    let k = key
                        .as_deref()
                        .map_or_else(|| "null".to_string(), |k| format!("\"{k}\""));
                    format!(
                        "Produce #{record} key {k} → {}-{partition} on #{conn}",
                        plan.topic
                    )
                }
                EventKind::ProduceResponse {
                    record,
                    error,
                    offset,
                    ..
                } => match (error, offset) {
                    (Some(e), _) => format!("Produce #{record} {e}"),
                    (None, Some(o)) => format!("Produce #{record} ok offset {o}"),
                    (None, None) => format!("Produce #{record} ok"),
                },
                EventKind::Backoff { ms, .. } => format!("backoff {ms} ms"),
                EventKind::RecordFailed { record, reason, .. } => {
                    format!("record #{record} FAILED: {reason}")
                }
                EventKind::BrokerDown { broker } => format!("broker-{broker} DOWN"),
                EventKind::Fenced { broker } => format!("broker-{broker} fenced"),
                EventKind::ControllerMoved { controller } => format!(
                    "controller → {}",
                    controller.map_or_else(|| "none".to_string(), |c| format!("broker-{c}"))
                ),
                EventKind::LeaderElected {
                    partition,
                    new_leader,
                    epoch,
                    ..
                } => format!(
                    "{}-{partition} leader → {} (epoch {epoch})",
                    plan.topic,
                    new_leader.map_or_else(|| "none".to_string(), |l| format!("broker-{l}"))
                ),
                EventKind::IsrShrunk { partition, isr } => {
                    format!("{}-{partition} ISR {isr:?}", plan.topic)
                }
            };
            out.push_str(&format!("t+{}ms {} → {}  {what}", e.at_ms, e.from, e.to));
            if captions {
                out.push_str("  # ");
                out.push_str(&e.caption);
            }
            out.push('\n');
        }
        let s = &plan.summary;
        out.push_str(&format!(
            ";; {} records: {} delivered, {} failed, {} wasted round trips ({} NOT_LEADER_OR_FOLLOWER), {} DNS queries, {} connections, done at t+{}ms\n",
            s.records, s.delivered, s.failed, s.wasted_round_trips, s.not_leader_errors, s.dns_queries, s.connections, s.finished_ms
        ));
        out
    }
}
