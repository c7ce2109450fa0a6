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
      --list-scenarios   list the built-in scenarios
  -h, --help             this help
  -V, --version          version

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
    let mut files = Vec::new();
    let mut scenario: Option<&'static scenarios::Scenario> = None;
    let mut namespace = "default".to_string();
    let mut json = false;
    let mut explain = false;
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
    if dig_args.is_empty() {
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

    let conf = match ResolvConf::cluster_first(&namespace, &cluster.zone) {
        Ok(c) => c,
        Err(e) => return usage_error(&format!("namespace '{namespace}': {e}")),
    };
    let mut resolver = Resolver::with_seed(&cluster, seed);
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
