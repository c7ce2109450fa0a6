//! Guided lessons: short walks through Service DNS, each step a manifest set, a few commands to
//! run from a client pod and, often, a question to answer before the answer is shown
//! ("predict, then reveal").
//!
//! Everything here is plain Rust with no browser dependency, and nothing panics on any input: the
//! UI renders what this module returns and keeps [`Progress`] in local storage.
//!
//! * [`ALL`], [`by_id`], [`step`], [`link`], [`parse_link`]: the catalogue and its addresses
//!   (`#lesson=<id>&step=<n>`, steps counted from 1).
//! * [`step_cluster`], [`run_step_command`]: the simulated cluster of a step and a command run in it,
//!   the same way the console runs one (see `ui::state::run_console`).
//! * [`segments`]: a step's text cut into plain text, inline code and click-to-run commands.
//! * [`expected`], [`reveal`]: the answer to a step's question, always computed by running the
//!   step's command in the step's cluster, never written by hand, and the verdict on a guess.
//! * [`Progress`]: which steps were seen and completed, and how the predictions went.
//! * [`try_it_for_real`]: a shell script that replays a lesson in a real cluster.

mod catalog;
mod export;
mod predict;
mod progress;
mod text;

use std::net::IpAddr;

use crate::cluster::ipam::fnv1a;
use crate::cluster::{Cluster, Ops, CLIENT_POD};
use crate::dns::resolver::{Resolution, Resolver};
use crate::dns::tools::{run_command_in, ShellContext};
use crate::dns::{ResolvConf, RunEnv};
use crate::model::{self, Parsed};
use crate::scenarios::{self, Scenario};

pub use catalog::ALL;
pub use export::try_it_for_real;
pub use predict::{expected, reveal, Expected, Guess, GuessError, Outcome, Reveal};
pub use progress::{Progress, StepProgress};
pub use text::{is_command, segments, Segment};

/// A lesson: a short id (kebab-case, used in links and in [`Progress`]), a title, one or two
/// sentences on what it teaches, and its steps (at least one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub steps: &'static [Step],
}

/// One step of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: &'static str,
    /// 2–5 sentences. Inline code is written in backticks; a backticked command (`dig …`,
    /// `nslookup …`, `host …`, `kubectl …`) is meant to be click-to-run: see [`segments`].
    pub text: &'static str,
    /// The whole manifest set the step runs against (the editor's content while the step is open).
    /// It is either one of the lesson YAML files or a scenario's YAML: [`Step::scenario`] says which.
    pub yaml: &'static str,
    /// Pods the step marks not ready (the "break it" toggle), as `NAMESPACE/POD`.
    pub not_ready: &'static [&'static str],
    /// Replica overrides the step applies, as (`NAMESPACE/NAME`, replicas).
    pub scale: &'static [(&'static str, i64)],
    /// The pod the commands run in: (namespace, name). Usually [`CLIENT_POD`], `default/dnsutils`;
    /// a client in another namespace has that namespace's search list.
    pub client: (&'static str, &'static str),
    /// Commands worth running in this step, in the order the text suggests them (at least one).
    pub commands: &'static [&'static str],
    /// A question to answer before seeing the output, if the step asks one.
    pub predict: Option<Predict>,
    /// The step invites opening the Kafka view (the UI shows a button for it).
    pub kafka: bool,
}

impl Step {
    /// The built-in scenario whose YAML this step uses, if it uses one as it is (the UI can then
    /// show the scenario's name, or load it with `LoadScenario`).
    pub fn scenario(&self) -> Option<&'static Scenario> {
        scenarios::ALL.iter().find(|s| s.yaml == self.yaml)
    }

    /// The step's toggles as the cluster build takes them. Entries that do not parse are skipped.
    pub fn ops(&self) -> Ops {
        let mut ops = Ops::default();
        for p in self.not_ready {
            if let Ok(k) = Ops::key(p) {
                ops.not_ready.insert(k);
            }
        }
        for (w, n) in self.scale {
            if let Ok(k) = Ops::key(w) {
                ops.scale.insert(k, *n);
            }
        }
        ops
    }

    /// The client pod as owned strings (what `AppState::client` holds).
    pub fn client_pod(&self) -> (String, String) {
        (self.client.0.to_string(), self.client.1.to_string())
    }

    /// The command the prediction is about (`None` without a prediction, or if its index is out of
    /// range).
    pub fn predict_command(&self) -> Option<&'static str> {
        self.predict
            .and_then(|p| self.commands.get(p.command).copied())
    }
}

/// What the learner is asked to predict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Predict {
    /// Index into [`Step::commands`] of the command whose answer is predicted.
    pub command: usize,
    pub kind: PredictKind,
    /// The question as the UI shows it (may contain backticked code, see [`segments`]).
    pub question: &'static str,
    /// The authored explanation, shown with the reveal (the computed difference is added to it).
    pub why: &'static str,
}

/// The kinds of prediction, and the [`Guess`] each takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PredictKind {
    /// The addresses in the answer (A and AAAA records), compared as sets:
    /// [`Guess::Addresses`] with the typed text.
    Addresses,
    /// How the lookup ends: [`Guess::Outcome`] with the learner's pick.
    Rcode,
    /// How many records the answer holds: [`Guess::Count`] with the typed text.
    Count,
    /// How many DNS queries the command sends (the search-list walk): [`Guess::Count`].
    Queries,
}

impl PredictKind {
    /// A short label for the input ("addresses", "result", …).
    pub fn label(self) -> &'static str {
        match self {
            PredictKind::Addresses => "addresses",
            PredictKind::Rcode => "result",
            PredictKind::Count => "number of records",
            PredictKind::Queries => "number of queries",
        }
    }
}

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<&'static Lesson> {
    ALL.iter().find(|l| l.id == id)
}

/// Step `n` of a lesson, counted from 1 as in links. `None` when the lesson does not exist or `n`
/// is 0 or past the last step: this refuses rather than guesses; use [`clamp_step`] to turn any
/// number into a valid one (e.g. for a stale link).
pub fn step(lesson_id: &str, n: usize) -> Option<(&'static Lesson, &'static Step)> {
    let lesson = by_id(lesson_id)?;
    let s = lesson.steps.get(n.checked_sub(1)?)?;
    Some((lesson, s))
}

/// `n` moved into `1..=steps` (0 → 1, past the end → the last step).
pub fn clamp_step(lesson: &Lesson, n: usize) -> usize {
    n.clamp(1, lesson.steps.len().max(1))
}

/// The link fragment of a step: `#lesson=<id>&step=<n>` (n from 1).
pub fn link(lesson_id: &str, n: usize) -> String {
    format!("#lesson={lesson_id}&step={n}")
}

/// Read a link fragment (with or without the leading `#`; other `&key=value` pairs are ignored).
/// Returns the lesson and a step number clamped into range ([`clamp_step`]); a missing or unreadable
/// `step` means step 1. `None` when there is no `lesson=` or no such lesson.
pub fn parse_link(fragment: &str) -> Option<(&'static Lesson, usize)> {
    let mut lesson = None;
    let mut n = 1usize;
    for pair in fragment.trim_start_matches('#').split('&') {
        match pair.split_once('=') {
            Some(("lesson", v)) => lesson = by_id(v),
            Some(("step", v)) => n = v.parse().unwrap_or(1),
            _ => {}
        }
    }
    let lesson = lesson?;
    Some((lesson, clamp_step(lesson, n)))
}

/// A step's cluster: the parsed manifests, the toggles and the built cluster. The UI loads a step
/// from these three (its `AppState` holds the same values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepCluster {
    pub parsed: Parsed,
    pub ops: Ops,
    pub cluster: Cluster,
}

/// Parse the step's YAML and build its cluster with its toggles.
pub fn step_cluster(step: &Step) -> StepCluster {
    let parsed = model::parse(step.yaml);
    let ops = step.ops();
    let cluster = Cluster::build(&parsed, &ops);
    StepCluster {
        parsed,
        ops,
        cluster,
    }
}

/// One command run in a step's cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandRun {
    pub command: String,
    /// What the terminal shows.
    pub text: String,
    pub exit_code: i32,
    /// Every query the command sent, in order, with the reply and CoreDNS's explanation.
    pub log: Vec<Resolution>,
}

/// The `WHEN:` date of lesson runs (fixed, so outputs replay).
pub const WHEN: &str = "Tue Oct 21 01:04:18 UTC 2025";

impl StepCluster {
    /// Run `command` from the client pod `client` (namespace, name), as the console does: the
    /// pod's ClusterFirst resolv.conf, CoreDNS over this cluster, `kubectl` and `hostname` reading
    /// the cluster. The loadbalance seed comes from the command and the client, so the same run
    /// always prints the same text.
    pub fn run(&self, client: (&str, &str), command: &str) -> CommandRun {
        let command = command.trim();
        let conf = ResolvConf::cluster_first(client.0, &self.cluster.zone)
            .or_else(|_| ResolvConf::cluster_first(CLIENT_POD.0, &self.cluster.zone));
        let Ok(conf) = conf else {
            return CommandRun {
                command: command.to_string(),
                text: "sh: this pod has no usable resolv.conf\n".to_string(),
                exit_code: 1,
                log: Vec::new(),
            };
        };
        let seed = fnv1a(&["lesson", client.0, client.1, command]);
        let mut resolver = Resolver::with_seed(&self.cluster, seed);
        let env = RunEnv {
            id_seed: 10731,
            query_time_ms: 1,
            when: WHEN.to_string(),
        };
        let shell = ShellContext::new(&self.cluster, client.0, client.1)
            .with_parsed(&self.parsed)
            .with_ops(&self.ops);
        let run = run_command_in(command, &mut resolver, &conf, &env, Some(&shell));
        CommandRun {
            command: command.to_string(),
            text: run.text,
            exit_code: run.exit_code,
            log: resolver.log,
        }
    }

    /// Who has this address, for explanations: `pod test-2, not ready`, `the ClusterIP of Service
    /// test-headful`, or `no pod or Service has this address`.
    pub fn describe_ip(&self, ip: IpAddr) -> String {
        let c = &self.cluster;
        let mut who: Vec<String> = Vec::new();
        for s in c.services.iter().filter(|s| s.cluster_ips.contains(&ip)) {
            who.push(format!(
                "the ClusterIP of Service {}",
                qualified(&s.namespace, &s.name)
            ));
        }
        for p in c.pods.iter().filter(|p| p.ips.contains(&ip)) {
            let mut d = format!("pod {}", qualified(&p.namespace, &p.name));
            if p.terminating {
                d.push_str(", terminating");
            } else if !p.ready {
                d.push_str(", not ready");
            }
            who.push(d);
        }
        if who.is_empty() {
            "no pod or Service has this address".to_string()
        } else {
            who.join("; ")
        }
    }
}

/// `name` in `default`, `ns/name` elsewhere.
fn qualified(ns: &str, name: &str) -> String {
    if ns == "default" {
        name.to_string()
    } else {
        format!("{ns}/{name}")
    }
}

/// Run a command in a step's cluster from the step's client pod (builds the cluster; to run several,
/// build once with [`step_cluster`] and call [`StepCluster::run`]).
pub fn run_step_command(step: &Step, command: &str) -> CommandRun {
    step_cluster(step).run(step.client, command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addressing_refuses_or_clamps() {
        let l = &ALL[0];
        assert!(step(l.id, 0).is_none());
        assert!(step(l.id, 1).is_some());
        assert!(step(l.id, l.steps.len() + 1).is_none());
        assert!(step("no-such-lesson", 1).is_none());
        assert_eq!(clamp_step(l, 0), 1);
        assert_eq!(clamp_step(l, 999), l.steps.len());
        let frag = link(l.id, 2);
        assert_eq!(parse_link(&frag).map(|(x, n)| (x.id, n)), Some((l.id, 2)));
        assert_eq!(
            parse_link(&format!("lesson={}&step=99", l.id)).map(|(_, n)| n),
            Some(l.steps.len())
        );
        assert_eq!(
            parse_link(&format!("#lesson={}&step=x", l.id)).map(|(_, n)| n),
            Some(1)
        );
        assert!(parse_link("#lesson=nope&step=1").is_none());
        assert!(parse_link("").is_none());
        assert!(parse_link("&&==&lesson").is_none());
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for l in ALL {
            assert!(seen.insert(l.id), "duplicate id {}", l.id);
            assert!(
                l.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                l.id
            );
            assert!((2..=5).contains(&l.steps.len()), "{}", l.id);
        }
    }

    #[test]
    fn describe_ip_names_pods_and_services() {
        let (_, s) = step("readiness", 1).unwrap();
        let sc = step_cluster(s);
        let p = sc.cluster.pod("default", "test-1").unwrap();
        assert_eq!(sc.describe_ip(p.ip().unwrap()), "pod test-1, not ready");
        let svc = sc.cluster.service("default", "test-headful").unwrap();
        assert!(sc
            .describe_ip(svc.cluster_ips[0])
            .contains("ClusterIP of Service test-headful"));
        assert!(sc
            .describe_ip("192.0.2.1".parse().unwrap())
            .starts_with("no pod"));
    }
}
