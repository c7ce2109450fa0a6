//! The one reducer: all UI state, and the actions that change it.
//!
//! Derived data (parse → cluster) is computed once per edit inside `reduce` and held as `Rc`, so
//! components only read it. A no-op action returns the same `Rc`, and yew then skips the render.

use std::rc::Rc;

use yew::prelude::*;

use crate::anim::compare::{differences, flipped_cluster, service_of_run, DiffRow, Side};
use crate::anim::{dns_timeline, layout, layout_narrow, DnsInput, Geometry, Timeline};
use crate::cluster::{ipam::fnv1a, Cluster, Ops, PodRef, WorkloadRef, CLIENT_POD};
use crate::dns::resolver::{Resolution, Resolver};
use crate::dns::tools::{run_command_in, ShellContext};
use crate::dns::{ResolvConf, RunEnv};
use crate::model::{self, Diagnostic, Parsed};
use crate::scenarios::{self, Scenario};

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub yaml: Rc<str>,
    pub parsed: Rc<Parsed>,
    /// State changes on top of the manifests (the "break it" toggles).
    pub ops: Rc<Ops>,
    pub cluster: Rc<Cluster>,
    /// Parser and cluster diagnostics together, sorted by line.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The pod the console's commands run in: `(namespace, name)`.
    pub client: (String, String),
    /// The last command run in the console, re-run whenever the cluster changes.
    pub run: Option<Rc<ConsoleRun>>,
    /// Commands run so far, oldest first (for the input's history; kept across reloads).
    pub history: Rc<Vec<String>>,
    /// The terminal's scrollback: what earlier commands printed, oldest first, as they printed it
    /// (a re-run after an edit changes only the current run, as in a real terminal).
    pub scrollback: Rc<Vec<TermEntry>>,
    /// `clear` (or Ctrl+L) hid the current run from the terminal; the next run shows again.
    pub term_cleared: bool,
    /// Counts runs: it varies the message ID, as real dig's random IDs do, and (with the inputs)
    /// seeds every random pick. Share links carry it, so they replay the same picture.
    pub runs: u32,
    /// A hash of the text and the toggles: with the command, the client pod and `runs` it makes
    /// the seed of the run (never a clock, never a counter alone).
    pub input_hash: u64,
    /// The animation step the player last stopped at (1-based; `None`: not stopped yet) and its
    /// speed in percent: what a share link carries.
    pub step: Option<usize>,
    pub speed_pct: u16,
    /// The preset the text came from (cleared on the first edit).
    pub scenario: Option<&'static str>,
    /// The Compare view is open: the same command against the Service's other kind.
    pub compare_open: bool,
    /// What the Compare view shows (recomputed with the run while it is open).
    pub compare: Option<Rc<Comparison>>,
    /// A request to show an animation step (1-based), from an embedding page; the counter makes
    /// repeated requests distinct.
    pub goto: Option<(usize, u32)>,
    /// What the Kafka view shows, while it is open (for share links).
    pub kafka: Option<super::share::KafkaLink>,
    /// A request to move the editor's cursor to a line; the counter makes repeated jumps distinct.
    pub jump: Option<(u32, u32)>,
    /// The scenario the manifests last came from ("Reset to scenario" goes back to it).
    pub origin: &'static str,
    /// Earlier states of the manifests and the toggles, newest last, and the undone ones.
    pub undo: Rc<Vec<Snapshot>>,
    pub redo: Rc<Vec<Snapshot>>,
    /// When the last keystroke was typed (ms): keystrokes close together undo as one.
    pub typed_at: Option<f64>,
    /// The lesson open, and its step (from 1).
    pub lesson: Option<(&'static str, usize)>,
}

/// What undo goes back to: the manifests, the toggles and the preset they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// What the change that followed did ("edit", "scale", …), for the buttons' titles.
    pub what: &'static str,
    pub yaml: Rc<str>,
    pub parsed: Rc<Parsed>,
    pub ops: Rc<Ops>,
    pub scenario: Option<&'static str>,
    pub origin: &'static str,
}

/// Undo steps kept.
pub const UNDO_MAX: usize = 100;
/// Keystrokes this close together (ms) undo as one step.
pub const TYPING_MS: f64 = 1000.0;

impl AppState {
    pub fn from_scenario(s: &Scenario) -> Self {
        Self::with_yaml(s.yaml.into(), Some(s.id))
    }

    fn with_yaml(yaml: Rc<str>, scenario: Option<&'static str>) -> Self {
        let parsed = Rc::new(model::parse(&yaml));
        Self::derive(yaml, parsed, Rc::new(Ops::default()), scenario, None)
    }

    /// Recompute what depends on the text and the ops (once per change, never in components).
    /// With `prev`, the cluster takes its pods from it when nothing that makes them changed.
    fn derive(
        yaml: Rc<str>,
        parsed: Rc<Parsed>,
        ops: Rc<Ops>,
        scenario: Option<&'static str>,
        prev: Option<&Cluster>,
    ) -> Self {
        let cluster = Rc::new(match prev {
            Some(prev) => Cluster::rebuild(&parsed, &ops, prev),
            None => Cluster::build(&parsed, &ops),
        });
        let mut diagnostics: Vec<Diagnostic> = parsed
            .diagnostics
            .iter()
            .chain(&cluster.diagnostics)
            .cloned()
            .collect();
        model::diag::sort(&mut diagnostics);
        let input_hash = fnv1a(&[&yaml, &ops_text(&ops)]);
        AppState {
            yaml,
            parsed,
            ops,
            cluster,
            diagnostics: Rc::new(diagnostics),
            client: (CLIENT_POD.0.to_string(), CLIENT_POD.1.to_string()),
            run: None,
            history: Rc::new(Vec::new()),
            scrollback: Rc::new(Vec::new()),
            term_cleared: false,
            runs: 0,
            input_hash,
            step: None,
            speed_pct: 100,
            scenario,
            compare_open: false,
            compare: None,
            goto: None,
            kafka: None,
            jump: None,
            origin: scenario.unwrap_or(scenarios::SEED.id),
            undo: Rc::new(Vec::new()),
            redo: Rc::new(Vec::new()),
            typed_at: None,
            lesson: None,
        }
    }

    /// Carry the console over to a rebuilt cluster, re-running its last command against it.
    fn keep_console(self, prev: &AppState) -> Self {
        let mut next = self.carry(prev);
        next.run = prev.run.as_ref().map(|r| {
            Rc::new(run_console(
                &next.cluster,
                &next.parsed,
                &next.ops,
                &next.client,
                &r.command,
                next.seed(&next.client, &r.command, next.runs),
                &r.when,
            ))
        });
        next.with_compare()
    }

    /// Carry the console over to new manifests without running anything: the last run moves to
    /// the scrollback (a new scenario or a lesson step, whose question comes before its answer).
    fn fresh_console(self, prev: &AppState) -> Self {
        let mut next = self.carry(prev);
        next.scrollback = prev.scrolled_back();
        next.term_cleared = false;
        next
    }

    /// What outlives a change of the manifests: the history and scrollback, the run counter, the
    /// pod (while it exists), the playback choices, undo, the open views.
    fn carry(mut self, prev: &AppState) -> Self {
        self.jump = prev.jump;
        if self.scenario.is_none() {
            self.origin = prev.origin;
        }
        self.undo = prev.undo.clone();
        self.redo = prev.redo.clone();
        self.lesson = prev.lesson;
        self.history = prev.history.clone();
        self.scrollback = prev.scrollback.clone();
        self.term_cleared = prev.term_cleared;
        self.runs = prev.runs;
        self.step = prev.step;
        self.speed_pct = prev.speed_pct;
        self.kafka = prev.kafka.clone();
        self.client = prev.client.clone();
        if self.cluster.pod(&self.client.0, &self.client.1).is_none() {
            self.client = (CLIENT_POD.0.to_string(), CLIENT_POD.1.to_string());
        }
        self.compare_open = prev.compare_open;
        self
    }

    /// Recompute the Compare view for the current run (when it is open).
    fn with_compare(mut self) -> Self {
        self.compare = match (&self.run, self.compare_open) {
            (Some(run), true) => compare_run(&self, run).map(Rc::new),
            _ => None,
        };
        self
    }

    /// The seed of a run: derived from everything the run depends on.
    pub fn seed(&self, client: &(String, String), command: &str, runs: u32) -> RunSeed {
        let h = fnv1a(&[
            &self.input_hash.to_string(),
            &client.0,
            &client.1,
            command.trim(),
            &runs.to_string(),
        ]);
        RunSeed { runs, hash: h }
    }

    fn with_ops(&self, f: impl FnOnce(&mut Ops)) -> Self {
        let mut ops = (*self.ops).clone();
        f(&mut ops);
        Self::derive(
            self.yaml.clone(),
            self.parsed.clone(),
            Rc::new(ops),
            self.scenario,
            Some(&self.cluster),
        )
        .keep_console(self)
    }
}

impl AppState {
    /// The state a share link describes (unknown presets and bad YAML still load: the YAML shows
    /// its problems; a missing pod falls back to `dnsutils`).
    pub fn from_shared(sh: &super::share::Shared) -> Self {
        let lesson = sh.lesson.as_ref().and_then(|(id, n)| {
            let l = crate::lessons::by_id(id)?;
            Some((l, crate::lessons::clamp_step(l, *n)))
        });
        let base = match (
            &sh.yaml,
            sh.preset.as_deref().and_then(scenarios::by_id),
            lesson,
        ) {
            (Some(y), _, _) => Self::with_yaml(y.as_str().into(), None),
            (None, Some(s), _) => Self::from_scenario(s),
            (None, None, Some((l, n))) => Self::default().with_lesson_step(l, n),
            (None, None, None) => Self::default(),
        };
        let mut st = if sh.ops == Ops::default() {
            base
        } else {
            base.with_ops(|o| *o = sh.ops.clone())
        };
        if let Some((ns, pod)) = &sh.pod {
            if st.cluster.pod(ns, pod).is_some() {
                st.client = (ns.clone(), pod.clone());
            }
        }
        // The start-up run counts one up, so the link's run number is reached exactly.
        st.runs = sh.run.unwrap_or(1).saturating_sub(1);
        st.step = sh.step;
        st.speed_pct = sh.speed_pct.unwrap_or(100);
        st.kafka = sh.kafka.clone();
        st.lesson = lesson.map(|(l, n)| (l.id, n));
        st
    }

    /// The share link's fragment for this state: the preset's id while its text is unedited.
    pub fn to_shared(&self) -> super::share::Shared {
        // A lesson step as it loaded travels as `lesson=&step=` alone: the step holds the rest.
        let as_loaded = self
            .lesson
            .and_then(|(id, n)| crate::lessons::step(id, n))
            .is_some_and(|(_, step)| {
                *self.yaml == *step.yaml
                    && *self.ops == step.ops()
                    && self.client == step.client_pod()
            });
        let mut sh = self.shared_content();
        sh.lesson = self.lesson.map(|(id, n)| (id.to_string(), n));
        if as_loaded {
            sh.preset = None;
            sh.yaml = None;
            sh.ops = Ops::default();
            sh.pod = None;
        }
        sh
    }

    fn shared_content(&self) -> super::share::Shared {
        super::share::Shared {
            preset: self.scenario.map(str::to_string),
            yaml: if self.scenario.is_some() {
                None
            } else {
                Some(self.yaml.to_string())
            },
            command: self.run.as_ref().map(|r| r.command.clone()),
            pod: (self.client != (CLIENT_POD.0.to_string(), CLIENT_POD.1.to_string()))
                .then(|| self.client.clone()),
            ops: (*self.ops).clone(),
            embed: false,
            theme: None,
            run: (self.run.is_some() && self.runs > 1).then_some(self.runs),
            step: self.run.as_ref().and(self.step),
            speed_pct: (self.speed_pct != 100).then_some(self.speed_pct),
            readonly: false,
            autoplay: None,
            panes: None,
            kafka: self.kafka.clone(),
            lesson: None,
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::from_scenario(&scenarios::SEED)
    }
}

pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// Keystrokes in the editor at `at_ms`: like `Edit`, but keystrokes close together undo as
    /// one step.
    Type {
        text: String,
        at_ms: f64,
    },
    /// Replace the text with a preset.
    LoadScenario(&'static str),
    /// The scenario the manifests came from, with no toggles.
    ResetToScenario,
    /// Open step N (from 1) of a lesson: its manifests, toggles and client pod replace the
    /// current ones (undoable); the terminal keeps its scrollback but runs nothing, so a question
    /// is asked before its answer shows.
    OpenLesson(&'static str, usize),
    /// Close the lesson (the manifests stay).
    CloseLesson,
    /// Go back to the state before the last change of the manifests or the toggles, or forward.
    Undo,
    Redo,
    /// Move the editor cursor to this line (from a diagnostic).
    JumpTo(u32),
    /// Flip a pod's readiness (`(namespace, pod)`).
    ToggleReady(PodRef),
    /// Delete a pod once (its controller replaces it).
    DeletePod(PodRef),
    /// Set a StatefulSet's or Deployment's replicas.
    Scale(WorkloadRef, i64),
    /// Forget every op.
    ResetOps,
    /// Run a command line typed (or clicked) in the terminal; `when` is the wall-clock text dig
    /// prints. `clear` clears the terminal instead.
    Run {
        command: String,
        when: String,
    },
    /// The command the page opens with (a link's, or the scenario's first): run like `Run`, but
    /// not added to the history.
    Start {
        command: String,
        when: String,
    },
    /// Clear the terminal's scrollback (Ctrl+L, `clear`).
    ClearTerminal,
    /// The history kept from earlier visits (oldest first), put before this visit's commands.
    LoadHistory(Vec<String>),
    /// Choose the pod commands run in.
    SetClient(String, String),
    /// The player stopped at this step (1-based) with this speed (percent): kept for share links.
    Settle {
        step: usize,
        speed_pct: u16,
    },
    /// Open or close the Compare view.
    ToggleCompare,
    /// Show animation step N (1-based) of the current run (an embedding page asked).
    GoToStep(usize),
    /// The Kafka view's choices changed, or it closed (`None`).
    SetKafka(Option<super::share::KafkaLink>),
    /// Replace everything with a shared state (a state file), then run its command.
    Open {
        shared: Box<super::share::Shared>,
        when: String,
    },
}

/// The same command against the other kind of the Service the run's answer came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// `(namespace, name)` of the Service.
    pub service: (String, String),
    /// The Service as written is headless.
    pub written_headless: bool,
    /// The run against the flipped Service.
    pub other: Rc<ConsoleRun>,
    pub rows: Vec<DiffRow>,
}

fn compare_run(st: &AppState, run: &Rc<ConsoleRun>) -> Option<Comparison> {
    let (ns, name) = service_of_run(&run.log)?;
    let (cluster, now_headless) = flipped_cluster(&st.parsed, &st.ops, &ns, &name)?;
    let client = if cluster.pod(&st.client.0, &st.client.1).is_some() {
        st.client.clone()
    } else {
        (CLIENT_POD.0.to_string(), CLIENT_POD.1.to_string())
    };
    let other = run_console(
        &cluster,
        &st.parsed,
        &st.ops,
        &client,
        &run.command,
        st.seed(&st.client, &run.command, st.runs),
        &run.when,
    );
    let rows = differences(
        &ns,
        &name,
        &Side {
            cluster: &st.cluster,
            log: &run.log,
            timeline: &run.timeline,
        },
        &Side {
            cluster: &cluster,
            log: &other.log,
            timeline: &other.timeline,
        },
    );
    Some(Comparison {
        service: (ns, name),
        written_headless: !now_headless,
        other: Rc::new(other),
        rows,
    })
}

/// The toggles as one text (sorted sets, so the same toggles always give the same text), for the
/// input hash.
fn ops_text(ops: &Ops) -> String {
    let mut out = String::new();
    for (tag, set) in [("n", &ops.not_ready), ("d", &ops.deleted)] {
        for pod in set {
            out.push_str(&format!("{tag}:{pod};"));
        }
    }
    for (workload, n) in &ops.scale {
        out.push_str(&format!("s:{workload}={n};"));
    }
    out
}

/// What a run's randomness comes from: the run number (dig's message IDs) and the hash of every
/// input (the resolver's `loadbalance` shuffle, kube-proxy's and CoreDNS's picks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSeed {
    pub runs: u32,
    pub hash: u64,
}

/// One console command and everything it produced.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleRun {
    pub command: String,
    pub client: (String, String),
    pub text: String,
    pub exit_code: i32,
    /// Every query the tool sent, in order, with CoreDNS's explanation.
    pub log: Vec<Resolution>,
    pub when: String,
    /// The client's `/etc/resolv.conf`.
    pub resolv_conf: String,
    /// The animation of the run and where its actors are drawn (built once per run).
    pub timeline: Rc<Timeline>,
    pub geometry: Rc<Geometry>,
    /// The same actors stacked for narrow screens.
    pub geometry_narrow: Rc<Geometry>,
}

/// Run `command` from `client` against `cluster` (pure: the same inputs give the same text).
pub fn run_console(
    cluster: &Cluster,
    parsed: &Parsed,
    ops: &Ops,
    client: &(String, String),
    command: &str,
    seed: RunSeed,
    when: &str,
) -> ConsoleRun {
    let runs = seed.runs;
    let conf = ResolvConf::cluster_first(&client.0, &cluster.zone)
        .or_else(|_| ResolvConf::cluster_first("default", &cluster.zone))
        .expect("the default namespace is a valid search domain");
    // loadbalance: each run shuffles differently (as repeated queries to CoreDNS do), yet the
    // same inputs and run number always give the same order, so a share link replays exactly.
    let mut resolver = Resolver::with_seed(cluster, seed.hash);
    // autopath finds the client's namespace from its pod (by IP, `pods verified`).
    resolver.client_namespace = cluster
        .pod(&client.0, &client.1)
        .map(|p| p.namespace.to_string());
    let env = RunEnv {
        id_seed: (10731u32.wrapping_add(runs.wrapping_mul(7919)) % 65536) as u16,
        query_time_ms: 1,
        when: when.to_string(),
    };
    // The pod's shell: dig, nslookup and host ask the resolver; kubectl, `cat /etc/resolv.conf`
    // and `hostname` read the cluster (the manifests for labels and replica counts, the toggles
    // for the pods they replaced).
    let shell = ShellContext::new(cluster, &client.0, &client.1)
        .with_parsed(parsed)
        .with_ops(ops);
    let run = run_command_in(command.trim(), &mut resolver, &conf, &env, Some(&shell));
    let timeline = dns_timeline(&DnsInput {
        cluster,
        client: (&client.0, &client.1),
        command: command.trim(),
        log: &resolver.log,
        seed: crate::rng::mix(seed.hash),
    });
    let geometry = layout(&timeline);
    let geometry_narrow = layout_narrow(&timeline);
    ConsoleRun {
        command: command.trim().to_string(),
        client: client.clone(),
        text: run.text,
        exit_code: run.exit_code,
        log: resolver.log,
        when: when.to_string(),
        resolv_conf: conf.to_file_text(),
        timeline: Rc::new(timeline),
        geometry: Rc::new(geometry),
        geometry_narrow: Rc::new(geometry_narrow),
    }
}

/// Commands the history keeps (the oldest go first).
pub const HISTORY_MAX: usize = 200;
/// Entries the scrollback keeps (the oldest go first).
pub const SCROLLBACK_MAX: usize = 100;
/// Lines of one earlier command's output the scrollback keeps.
pub const SCROLLBACK_LINES: usize = 400;

/// One earlier command in the terminal, as it printed then.
#[derive(Clone, Debug, PartialEq)]
pub struct TermEntry {
    /// The pod it ran in (the prompt shows it).
    pub pod: String,
    pub command: String,
    /// What it printed, cut to [`SCROLLBACK_LINES`] lines.
    pub text: String,
    /// Lines cut from `text`.
    pub cut_lines: usize,
    pub exit_code: i32,
}

impl TermEntry {
    pub fn of_run(run: &ConsoleRun) -> Self {
        let total = run.text.lines().count();
        let (text, cut_lines) = if total > SCROLLBACK_LINES {
            let end = run
                .text
                .match_indices('\n')
                .nth(SCROLLBACK_LINES - 1)
                .map_or(run.text.len(), |(i, _)| i + 1);
            (run.text[..end].to_string(), total - SCROLLBACK_LINES)
        } else {
            (run.text.clone(), 0)
        };
        TermEntry {
            pod: run.client.1.clone(),
            command: run.command.clone(),
            text,
            cut_lines,
            exit_code: run.exit_code,
        }
    }
}

impl AppState {
    /// The scrollback with the current run moved into it (when the terminal shows it).
    fn scrolled_back(&self) -> Rc<Vec<TermEntry>> {
        match (&self.run, self.term_cleared) {
            (Some(run), false) => {
                let mut sb = (*self.scrollback).clone();
                sb.push(TermEntry::of_run(run));
                let cut = sb.len().saturating_sub(SCROLLBACK_MAX);
                sb.drain(..cut);
                Rc::new(sb)
            }
            _ => self.scrollback.clone(),
        }
    }

    /// Run a command line in the terminal: the current run moves to the scrollback, and `clear`
    /// clears it instead of running. `record`: add it to the history.
    fn run_command(self: Rc<Self>, command: String, when: String, record: bool) -> Rc<Self> {
        let command = command.trim().to_string();
        if command.is_empty() {
            return self;
        }
        let mut next = (*self).clone();
        if record {
            let mut history = (*self.history).clone();
            if history.last() != Some(&command) {
                history.push(command.clone());
            }
            let cut = history.len().saturating_sub(HISTORY_MAX);
            history.drain(..cut);
            next.history = Rc::new(history);
        }
        if command == "clear" {
            next.scrollback = Rc::new(Vec::new());
            next.term_cleared = true;
            return Rc::new(next);
        }
        next.scrollback = self.scrolled_back();
        next.term_cleared = false;
        next.runs = self.runs.wrapping_add(1);
        next.step = None;
        next.run = Some(Rc::new(run_console(
            &self.cluster,
            &self.parsed,
            &self.ops,
            &self.client,
            &command,
            self.seed(&self.client, &command, next.runs),
            &when,
        )));
        Rc::new(next.with_compare())
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Changes of the manifests or the toggles can be undone.
        let what = match &action {
            Action::Edit(_) | Action::Type { .. } => Some("edit"),
            Action::LoadScenario(_) => Some("scenario"),
            Action::ResetToScenario => Some("reset"),
            Action::ToggleReady(..) => Some("readiness"),
            Action::DeletePod(..) => Some("delete"),
            Action::Scale(..) => Some("scale"),
            Action::ResetOps => Some("pod changes"),
            Action::Open { .. } => Some("open"),
            Action::OpenLesson(..) => Some("lesson step"),
            _ => None,
        };
        let typing = match &action {
            Action::Type { at_ms, .. } => Some(*at_ms),
            _ => None,
        };
        let prev = self.clone();
        let next = self.reduce_inner(action);
        match what {
            Some(what) if next.yaml != prev.yaml || next.ops != prev.ops => {
                Rc::new(record(&prev, (*next).clone(), what, typing))
            }
            _ => next,
        }
    }
}

/// `next` after a change of `prev`'s manifests or toggles: `prev` goes on the undo stack (unless
/// it is one more keystroke of the same burst), and what was undone is gone.
fn record(
    prev: &AppState,
    mut next: AppState,
    what: &'static str,
    typing: Option<f64>,
) -> AppState {
    let burst = matches!((typing, prev.typed_at), (Some(t), Some(p)) if t - p < TYPING_MS && t >= p)
        && prev.undo.last().is_some_and(|s| s.what == "edit");
    if !burst {
        let mut undo = (*prev.undo).clone();
        undo.push(prev.snapshot(what));
        let cut = undo.len().saturating_sub(UNDO_MAX);
        undo.drain(..cut);
        next.undo = Rc::new(undo);
    } else {
        next.undo = prev.undo.clone();
    }
    next.redo = Rc::new(Vec::new());
    next.typed_at = typing;
    next
}

impl AppState {
    fn snapshot(&self, what: &'static str) -> Snapshot {
        Snapshot {
            what,
            yaml: self.yaml.clone(),
            parsed: self.parsed.clone(),
            ops: self.ops.clone(),
            scenario: self.scenario,
            origin: self.origin,
        }
    }

    /// This state with `snap`'s manifests and toggles (the console re-runs against them).
    fn restored(&self, snap: &Snapshot) -> AppState {
        let mut next = AppState::derive(
            snap.yaml.clone(),
            snap.parsed.clone(),
            snap.ops.clone(),
            snap.scenario,
            Some(&self.cluster),
        )
        .keep_console(self);
        next.origin = snap.origin;
        next.typed_at = None;
        next
    }

    /// This state on step `n` of `lesson`: the step's manifests, toggles and pod, nothing run.
    fn with_lesson_step(&self, lesson: &'static crate::lessons::Lesson, n: usize) -> AppState {
        let step = &lesson.steps[n - 1];
        let yaml: Rc<str> = step.yaml.into();
        let parsed = if *self.yaml == *yaml {
            self.parsed.clone()
        } else {
            Rc::new(model::reparse(&yaml, &self.parsed))
        };
        let scenario = step.scenario().map(|s| s.id);
        let mut next = AppState::derive(
            yaml,
            parsed,
            Rc::new(step.ops()),
            scenario,
            Some(&self.cluster),
        )
        .keep_console(self);
        let client = step.client_pod();
        if next.cluster.pod(&client.0, &client.1).is_some() {
            next.client = client;
        }
        next.scrollback = self.scrolled_back();
        next.term_cleared = false;
        next.run = None;
        next.compare = None;
        next.step = None;
        next.lesson = Some((lesson.id, n));
        next
    }

    fn reduce_inner(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Undo | Action::Redo => {
                let undo = matches!(action, Action::Undo);
                let (from, to) = if undo {
                    (&self.undo, &self.redo)
                } else {
                    (&self.redo, &self.undo)
                };
                let Some(snap) = from.last() else {
                    return self;
                };
                let mut rest = (**from).clone();
                rest.pop();
                let mut other = (**to).clone();
                other.push(self.snapshot(snap.what));
                let mut next = self.restored(snap);
                if undo {
                    next.undo = Rc::new(rest);
                    next.redo = Rc::new(other);
                } else {
                    next.redo = Rc::new(rest);
                    next.undo = Rc::new(other);
                }
                Rc::new(next)
            }
            Action::Type { text, .. } => self.reduce_inner(Action::Edit(text)),
            Action::OpenLesson(id, n) => {
                let Some(lesson) = crate::lessons::by_id(id) else {
                    return self;
                };
                let n = crate::lessons::clamp_step(lesson, n);
                Rc::new(self.with_lesson_step(lesson, n))
            }
            Action::CloseLesson => {
                if self.lesson.is_none() {
                    return self;
                }
                Rc::new(AppState {
                    lesson: None,
                    ..(*self).clone()
                })
            }
            Action::ResetToScenario => {
                let Some(s) = scenarios::by_id(self.origin) else {
                    return self;
                };
                if self.scenario == Some(s.id)
                    && *self.yaml == *s.yaml
                    && *self.ops == Ops::default()
                {
                    return self;
                }
                Rc::new(AppState::from_scenario(s).keep_console(&self))
            }
            Action::Edit(text) => {
                if *self.yaml == *text {
                    return self;
                }
                // Toggles (not ready, deleted, scaled) survive edits: they name pods, not lines.
                let yaml: Rc<str> = text.into();
                // Only the documents whose text changed are parsed again.
                let parsed = Rc::new(super::timed("model::parse", || {
                    model::reparse(&yaml, &self.parsed)
                }));
                let next = super::timed("Cluster::build", || {
                    AppState::derive(yaml, parsed, self.ops.clone(), None, Some(&self.cluster))
                });
                Rc::new(next.keep_console(&self))
            }
            Action::LoadScenario(id) => match scenarios::by_id(id) {
                Some(s) if self.scenario != Some(s.id) || *self.yaml != *s.yaml => {
                    Rc::new(AppState::from_scenario(s).fresh_console(&self))
                }
                _ => self,
            },
            Action::ToggleReady(k) => Rc::new(self.with_ops(|o| {
                if !o.not_ready.remove(&k) {
                    o.not_ready.insert(k);
                }
            })),
            Action::DeletePod(k) => Rc::new(self.with_ops(|o| {
                o.deleted.insert(k);
            })),
            Action::Scale(k, n) => {
                if self.ops.scale.get(&k) == Some(&n) {
                    return self;
                }
                Rc::new(self.with_ops(|o| {
                    o.scale.insert(k, n.clamp(0, 50));
                }))
            }
            Action::ResetOps => {
                if *self.ops == Ops::default() {
                    return self;
                }
                Rc::new(self.with_ops(|o| *o = Ops::default()))
            }
            Action::Run { command, when } => self.run_command(command, when, true),
            Action::Start { command, when } => self.run_command(command, when, false),
            Action::ClearTerminal => {
                if self.scrollback.is_empty() && (self.term_cleared || self.run.is_none()) {
                    return self;
                }
                Rc::new(AppState {
                    scrollback: Rc::new(Vec::new()),
                    term_cleared: true,
                    ..(*self).clone()
                })
            }
            Action::LoadHistory(old) => {
                if old.is_empty() {
                    return self;
                }
                let mut history = old;
                for c in self.history.iter() {
                    if history.last() != Some(c) {
                        history.push(c.clone());
                    }
                }
                let cut = history.len().saturating_sub(HISTORY_MAX);
                history.drain(..cut);
                Rc::new(AppState {
                    history: Rc::new(history),
                    ..(*self).clone()
                })
            }
            Action::SetClient(ns, pod) => {
                if self.client == (ns.clone(), pod.clone()) || self.cluster.pod(&ns, &pod).is_none()
                {
                    return self;
                }
                let mut next = (*self).clone();
                next.client = (ns, pod);
                next.step = None;
                next.run = self.run.as_ref().map(|r| {
                    Rc::new(run_console(
                        &self.cluster,
                        &self.parsed,
                        &self.ops,
                        &next.client,
                        &r.command,
                        self.seed(&next.client, &r.command, self.runs),
                        &r.when,
                    ))
                });
                Rc::new(next.with_compare())
            }
            Action::Open { shared, when } => {
                let next = Rc::new(AppState::from_shared(&shared));
                let command = shared.command.clone().or_else(|| {
                    let sc = next.scenario.and_then(scenarios::by_id)?;
                    sc.commands.first().map(|c| c.to_string())
                });
                match command {
                    Some(command) => next.reduce(Action::Start { command, when }),
                    None => next,
                }
            }
            Action::SetKafka(k) => {
                if self.kafka == k {
                    return self;
                }
                Rc::new(AppState {
                    kafka: k,
                    ..(*self).clone()
                })
            }
            Action::GoToStep(n) => {
                let k = self.goto.map_or(0, |(_, k)| k.wrapping_add(1));
                Rc::new(AppState {
                    goto: Some((n.max(1), k)),
                    ..(*self).clone()
                })
            }
            Action::ToggleCompare => {
                let next = AppState {
                    compare_open: !self.compare_open,
                    ..(*self).clone()
                };
                Rc::new(next.with_compare())
            }
            Action::Settle { step, speed_pct } => {
                if self.step == Some(step) && self.speed_pct == speed_pct {
                    return self;
                }
                Rc::new(AppState {
                    step: Some(step),
                    speed_pct,
                    ..(*self).clone()
                })
            }
            Action::JumpTo(line) => {
                let n = self.jump.map_or(0, |(_, n)| n.wrapping_add(1));
                Rc::new(AppState {
                    jump: Some((line, n)),
                    ..(*self).clone()
                })
            }
        }
    }
}

/// The command a page opened on `shared` runs at once: the link's, or its scenario's first one;
/// none for a lesson step (a step asks before it answers).
pub fn start_command(shared: &super::share::Shared) -> Option<String> {
    if let Some(c) = &shared.command {
        return Some(c.clone());
    }
    if shared.lesson.is_some() {
        return None;
    }
    let sc = shared
        .preset
        .as_deref()
        .and_then(scenarios::by_id)
        .unwrap_or(&scenarios::SEED);
    sc.commands.first().map(|c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_reparse_and_noops_keep_the_same_rc() {
        let s = Rc::new(AppState::default());
        assert!(!s.parsed.objects.is_empty());
        let same = s.clone().reduce(Action::Edit(s.yaml.to_string()));
        assert!(Rc::ptr_eq(&s, &same));
        let edited = s.clone().reduce(Action::Edit("kind: [".into()));
        assert!(edited.parsed.has_errors());
        assert_eq!(edited.scenario, None);
        let link = super::super::share::decode(&super::super::share::encode(&edited.to_shared()));
        assert_eq!(*AppState::from_shared(&link).yaml, *edited.yaml);
        let back = edited.reduce(Action::LoadScenario(scenarios::SEED.id));
        assert_eq!(back.scenario, Some(scenarios::SEED.id));
        assert!(!back.parsed.has_errors());
        let nr = back
            .clone()
            .reduce(Action::ToggleReady(PodRef::new("default", "test-1")));
        assert!(!nr.cluster.pod("default", "test-1").unwrap().ready);
        let again = nr.reduce(Action::ToggleReady(PodRef::new("default", "test-1")));
        assert!(again.cluster.pod("default", "test-1").unwrap().ready);
        let reset = again.clone().reduce(Action::ResetOps);
        assert!(Rc::ptr_eq(&reset, &again));
    }

    #[test]
    fn console_runs_and_follows_the_cluster() {
        let s = Rc::new(AppState::default());
        let when = "Tue Nov 24 10:00:00 UTC 2026".to_string();
        let s = s.reduce(Action::Run {
            command: "dig +search +short test-headless".into(),
            when,
        });
        let run = s.run.clone().unwrap();
        assert_eq!(run.text.lines().count(), 3, "{}", run.text);
        assert_eq!(run.log.len(), 1);
        // A pod turning not ready re-runs the command: two addresses left.
        let s = s.reduce(Action::ToggleReady(PodRef::new("default", "test-2")));
        assert_eq!(s.run.as_ref().unwrap().text.lines().count(), 2);
        // From another namespace, the short name needs the namespace: NXDOMAIN walk.
        let coredns = s
            .cluster
            .pods
            .iter()
            .find(|p| &*p.namespace == "kube-system")
            .unwrap()
            .name
            .clone();
        let s = s.reduce(Action::SetClient("kube-system".into(), coredns.to_string()));
        assert_eq!(s.run.as_ref().unwrap().text, "");
        assert_eq!(s.run.as_ref().unwrap().log.len(), 4);
        assert_eq!(s.history.len(), 1);
    }

    #[test]
    fn the_console_runs_kubectl_and_shell_commands_without_a_query() {
        let s = Rc::new(AppState::default()).reduce(Action::Run {
            command: "kubectl get svc".into(),
            when: "now".into(),
        });
        let run = s.run.clone().unwrap();
        assert!(
            run.text.contains("test-headless   ClusterIP   None"),
            "{}",
            run.text
        );
        assert!(run.log.is_empty() && run.timeline.steps.is_empty());
        let s = s.reduce(Action::Run {
            command: "cat /etc/resolv.conf".into(),
            when: "now".into(),
        });
        assert!(s
            .run
            .as_ref()
            .unwrap()
            .text
            .starts_with("search default.svc.cluster.local"));
    }

    #[test]
    fn repeated_runs_rotate_headless_answers_deterministically() {
        let when = String::from("now");
        let mut s = Rc::new(AppState::default());
        let mut orders = Vec::new();
        for _ in 0..6 {
            s = s.reduce(Action::Run {
                command: "dig +short test-headless.default.svc.cluster.local".into(),
                when: when.clone(),
            });
            orders.push(s.run.as_ref().unwrap().text.clone());
        }
        let distinct: std::collections::BTreeSet<_> = orders.iter().collect();
        assert!(
            distinct.len() > 1,
            "loadbalance never changed the order: {orders:?}"
        );
        // The same run number gives the same order.
        let cmd = "dig +short test-headless.default.svc.cluster.local";
        let again = run_console(
            &s.cluster,
            &s.parsed,
            &s.ops,
            &s.client,
            cmd,
            s.seed(&s.client, cmd, s.runs),
            &when,
        );
        assert_eq!(&again.text, orders.last().unwrap());
    }

    #[test]
    fn the_terminal_keeps_a_scrollback_and_clear_empties_it() {
        let run = |s: Rc<AppState>, c: &str| {
            s.reduce(Action::Run {
                command: c.into(),
                when: "now".into(),
            })
        };
        let s = Rc::new(AppState::default()).reduce(Action::Start {
            command: "hostname".into(),
            when: "now".into(),
        });
        assert!(s.history.is_empty(), "the start-up command is not history");
        let s = run(s, "cat /etc/resolv.conf");
        let s = run(s, "dig +short test-headful.default.svc.cluster.local");
        let past: Vec<_> = s.scrollback.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(past, ["hostname", "cat /etc/resolv.conf"]);
        assert_eq!(s.scrollback[0].text, "dnsutils\n");
        assert_eq!(s.scrollback[0].pod, "dnsutils");
        // An edit re-runs only the current command; the scrollback stays as it printed.
        let before = s.scrollback.clone();
        let s = s.reduce(Action::ToggleReady(PodRef::new("default", "test-1")));
        assert_eq!(s.scrollback, before);
        // `clear` empties the scrollback and hides the current run, and is history.
        let s = run(s, "clear");
        assert!(s.scrollback.is_empty() && s.term_cleared);
        assert!(s.run.is_some(), "the diagram keeps the last query");
        assert_eq!(s.history.last().map(String::as_str), Some("clear"));
        let s = run(s, "hostname");
        assert!(s.scrollback.is_empty() && !s.term_cleared);
        let s = run(s, "hostname").reduce(Action::ClearTerminal);
        assert!(s.scrollback.is_empty() && s.term_cleared);
        // Earlier visits' history goes first; repeats next to each other fold.
        let s = s.reduce(Action::LoadHistory(vec!["dig a".into(), "clear".into()]));
        let h: Vec<_> = s.history.iter().map(String::as_str).collect();
        assert_eq!(
            h,
            [
                "dig a",
                "clear",
                "cat /etc/resolv.conf",
                "dig +short test-headful.default.svc.cluster.local",
                "clear",
                "hostname"
            ]
        );
    }

    #[test]
    fn long_outputs_are_cut_in_the_scrollback() {
        let mut run = run_console(
            &Cluster::build(&model::parse(""), &Ops::default()),
            &model::parse(""),
            &Ops::default(),
            &("default".into(), "dnsutils".into()),
            "hostname",
            RunSeed { runs: 1, hash: 1 },
            "now",
        );
        run.text = "x\n".repeat(SCROLLBACK_LINES + 7);
        let e = TermEntry::of_run(&run);
        assert_eq!(e.text.lines().count(), SCROLLBACK_LINES);
        assert_eq!(e.cut_lines, 7);
    }

    #[test]
    fn undo_and_redo_cover_edits_toggles_and_resets() {
        let s0 = Rc::new(AppState::default());
        let typed =
            |s: Rc<AppState>, text: String, at_ms: f64| s.reduce(Action::Type { text, at_ms });
        // Three keystrokes within a second are one step; a pause starts another.
        let a = format!("{}#a", s0.yaml);
        let s = typed(s0.clone(), a.clone(), 0.0);
        let s = typed(s, format!("{a}b"), 300.0);
        let s = typed(s, format!("{a}bc"), 600.0);
        let s = typed(s, format!("{a}bcd"), 5000.0);
        assert_eq!(s.undo.len(), 2);
        let s = s.reduce(Action::ToggleReady(PodRef::new("default", "test-1")));
        let s = s.reduce(Action::Scale(WorkloadRef::new("default", "nothing"), 3));
        assert_eq!(s.undo.len(), 4);
        assert_eq!(s.scenario, None);
        // Reset to the scenario: the text and the toggles go back, in one undoable step.
        let s = s.reduce(Action::ResetToScenario);
        assert_eq!(s.scenario, Some(scenarios::SEED.id));
        assert_eq!(*s.ops, Ops::default());
        assert_eq!(s.undo.len(), 5);
        let s = s.reduce(Action::Undo);
        assert!(s
            .ops
            .not_ready
            .contains(&crate::cluster::ObjectRef::new("default", "test-1")));
        assert_eq!(&*s.yaml, format!("{a}bcd"));
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert!(s.ops.not_ready.is_empty());
        assert!(s.cluster.pod("default", "test-1").is_some_and(|p| p.ready));
        let s = s.reduce(Action::Undo);
        assert_eq!(&*s.yaml, format!("{a}bc"));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.yaml, s0.yaml);
        assert_eq!(s.scenario, Some(scenarios::SEED.id));
        let same = s.clone().reduce(Action::Undo);
        assert!(Rc::ptr_eq(&s, &same), "nothing left to undo");
        let s = s
            .reduce(Action::Redo)
            .reduce(Action::Redo)
            .reduce(Action::Redo);
        assert!(s
            .ops
            .not_ready
            .contains(&crate::cluster::ObjectRef::new("default", "test-1")));
        assert_eq!(s.redo.len(), 2);
        // A new change forgets what was undone.
        let s = s.reduce(Action::ResetOps);
        assert!(s.redo.is_empty());
        // Runs and the pod choice are not changes of the manifests.
        let n = s.undo.len();
        let s = s.reduce(Action::Run {
            command: "hostname".into(),
            when: "now".into(),
        });
        assert_eq!(s.undo.len(), n);
    }

    #[test]
    fn a_lesson_step_loads_its_manifests_asks_first_and_travels_as_a_short_link() {
        let l = &crate::lessons::ALL[0];
        let s = Rc::new(AppState::default())
            .reduce(Action::Run {
                command: "hostname".into(),
                when: "now".into(),
            })
            .reduce(Action::OpenLesson(l.id, 99));
        let n = l.steps.len();
        assert_eq!(
            s.lesson,
            Some((l.id, n)),
            "a step past the end is the last one"
        );
        assert_eq!(&*s.yaml, l.steps[n - 1].yaml);
        assert!(
            s.run.is_none(),
            "nothing runs before the question is answered"
        );
        assert_eq!(s.scrollback.len(), 1, "the terminal keeps what it printed");
        let link = super::super::share::encode(&s.to_shared());
        assert!(
            link.contains(&format!("lesson={}&step={n}", l.id)),
            "{link}"
        );
        let back = AppState::from_shared(&super::super::share::decode(&link));
        assert_eq!(back.lesson, Some((l.id, n)));
        assert_eq!(back.yaml, s.yaml);
        assert_eq!(back.ops, s.ops);
        // The short form a tutorial author writes by hand.
        let hand = AppState::from_shared(&super::super::share::decode(&format!(
            "#lesson={}&step=1",
            l.id
        )));
        assert_eq!(hand.lesson, Some((l.id, 1)));
        assert_eq!(&*hand.yaml, l.steps[0].yaml);
        assert_eq!(
            hand.step, None,
            "step= is the lesson's step here, not the animation's"
        );
        let s = s.reduce(Action::CloseLesson);
        assert_eq!(s.lesson, None);
        assert_eq!(&*s.yaml, l.steps[n - 1].yaml, "closing keeps the manifests");
        let s = s.reduce(Action::Undo);
        assert_eq!(
            s.yaml,
            AppState::default().yaml,
            "opening a step is undoable"
        );
    }

    #[test]
    fn the_start_up_command_is_the_links_else_the_scenarios_first_and_none_in_a_lesson() {
        use super::super::share::Shared;
        let seed = Shared::default();
        assert_eq!(
            start_command(&seed).as_deref(),
            scenarios::SEED.commands.first().copied()
        );
        let other = scenarios::ALL
            .iter()
            .find(|s| s.id != scenarios::SEED.id && !s.commands.is_empty())
            .expect("a second scenario with commands");
        let preset = Shared {
            preset: Some(other.id.to_string()),
            ..Shared::default()
        };
        assert_eq!(
            start_command(&preset).as_deref(),
            other.commands.first().copied()
        );
        assert_ne!(other.commands.first(), scenarios::SEED.commands.first());
        let linked = Shared {
            command: Some("host test-headful".into()),
            ..preset.clone()
        };
        assert_eq!(start_command(&linked).as_deref(), Some("host test-headful"));
        let lesson = Shared {
            lesson: Some(("first".into(), 1)),
            ..preset
        };
        assert_eq!(
            start_command(&lesson),
            None,
            "a lesson step asks before it answers"
        );
        // The first state runs it: its answer is there before anything is dispatched.
        let st = Rc::new(AppState::from_shared(&linked)).reduce(Action::Start {
            command: start_command(&linked).unwrap(),
            when: "now".into(),
        });
        assert!(st
            .run
            .as_ref()
            .is_some_and(|r| r.command == "host test-headful"));
        assert!(st.history.is_empty(), "the start-up run is not history");
    }
}
