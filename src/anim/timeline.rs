//! The timeline: actors and timed steps, built once and then only played.
//!
//! Virtual time is in milliseconds at 1× speed. A step starts at `at` and lasts `dur` (always more
//! than zero, so every step is visible while playing); steps never overlap and are sorted by
//! `at`. The picture at time `t` is [`frame_at`], a pure fold over the steps that started by `t`:
//! going back is asking for an earlier `t`, never undoing anything (replay from zero, as
//! algorithm-visualizer does; under a few hundred steps it is the simplest thing that is right).

use crate::model::Pos;

/// Index of an actor in [`Timeline::actors`].
pub type ActorId = usize;

/// What an actor is, which decides its lane in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// The pod the command runs in.
    Client,
    /// The `kube-dns` Service's virtual IP (kube-proxy rewrites it to a CoreDNS pod).
    DnsVip,
    /// A CoreDNS pod.
    CoreDns,
    /// An address nothing in the cluster answers on (a wrong `@server`).
    NoServer,
    /// The node's upstream resolver that `forward` sends outside names to.
    Upstream,
    /// A Service's virtual IP (or "None" for a headless Service).
    ServiceVip,
    /// A pod behind a Service.
    Pod,
}

/// Something drawn in the diagram: a pod, a virtual IP, a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    /// First line: a pod or Service name (`test-2`, `kube-dns`).
    pub name: String,
    /// Second line: an address (`10.244.1.6`), `None` for a headless Service.
    pub address: String,
    /// Ready (pods) or serving; a not-ready pod is drawn dashed.
    pub ready: bool,
    /// The node a pod runs on (empty for virtual IPs).
    pub node: String,
    /// Ordering key inside its lane: a StatefulSet ordinal or the build order, never the IP.
    pub order: u64,
    /// Where the actor is written in the manifests.
    pub pos: Option<Pos>,
}

/// How a step ended, or what it reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Ok,
    NxDomain,
    /// NOERROR with an empty answer.
    NoData,
    Timeout,
    /// REFUSED, SERVFAIL, a refused connection.
    Error,
}

impl Outcome {
    /// Lower-case word for CSS classes and golden traces.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::NxDomain => "nxdomain",
            Outcome::NoData => "nodata",
            Outcome::Timeout => "timeout",
            Outcome::Error => "error",
        }
    }
}

/// What a message in flight is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HopKind {
    /// A DNS question.
    Query,
    /// A DNS reply (coloured by its outcome).
    Reply,
    /// kube-proxy rewriting a virtual IP to a backend (drawn dashed).
    Rewrite,
    /// An application connection (TCP SYN) after the lookup.
    Connect,
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A message travels from one actor to another; `label` is written on it (`A? web`).
    Hop {
        from: ActorId,
        to: ActorId,
        label: String,
        kind: HopKind,
    },
    /// An actor does something in place (reads a file, decides an answer, lists targets).
    Mark { actors: Vec<ActorId> },
}

/// One timed step with its caption (the text twin's line and the live region's text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TStep {
    pub at: u32,
    pub dur: u32,
    pub what: What,
    /// One sentence.
    pub caption: String,
    /// The manifest positions the step rests on.
    pub pos: Vec<Pos>,
    pub outcome: Outcome,
    /// Index into [`Timeline::chapters`].
    pub chapter: usize,
    /// Playback stops at the end of this step (the verdict).
    pub pause: bool,
    /// Drawn greyed: a search-list attempt that found nothing, shown but not the answer.
    pub dim: bool,
    /// For DNS timelines, the index of the query (in the tool's log) this step belongs to.
    pub query: Option<usize>,
}

impl TStep {
    pub fn end(&self) -> u32 {
        self.at + self.dur
    }
}

/// A named run of steps (`resolv.conf`, `attempt 2 of 4`, `connect`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    pub title: String,
    pub first_step: usize,
    /// 1-based attempt number and the total, for search-list attempts.
    pub attempt: Option<(usize, usize)>,
}

/// A whole animation: built once from its inputs, then only read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    pub actors: Vec<Actor>,
    pub steps: Vec<TStep>,
    pub chapters: Vec<Chapter>,
    /// The seed every random pick came from (derived from the inputs).
    pub seed: u64,
    /// One sentence describing the whole picture (the figure's description).
    pub summary: String,
}

/// A message on its way: `progress` runs from 0 (at `from`) to 1 (at `to`).
#[derive(Clone, Debug, PartialEq)]
pub struct Packet {
    pub step: usize,
    pub from: ActorId,
    pub to: ActorId,
    pub progress: f32,
}

/// How an actor looks at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ActorState {
    #[default]
    Idle,
    /// Taking part in the current step.
    Active,
    /// Reached by the journey earlier (a connection landed here, a target was listed).
    Visited,
}

/// Everything that is drawn at one virtual time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub t: u32,
    /// The step that started last (`None` only for an empty timeline).
    pub step: Option<usize>,
    /// Messages in flight.
    pub packets: Vec<Packet>,
    /// One per actor.
    pub actors: Vec<ActorState>,
    /// Finished hops of the current chapter, oldest first (drawn as arrows).
    pub trail: Vec<usize>,
}

impl Timeline {
    /// The time the last step ends.
    pub fn duration(&self) -> u32 {
        self.steps.last().map_or(0, TStep::end)
    }

    /// The step that started last at time `t` (`at <= t`), or `None` when there are no steps.
    pub fn step_at(&self, t: u32) -> Option<usize> {
        if self.steps.is_empty() {
            return None;
        }
        Some(self.steps.partition_point(|s| s.at <= t).saturating_sub(1))
    }

    /// Where "Next step" goes from `t`: the end of the current step if it is halfway through,
    /// else the end of the following one (from the very start, step 2: a step that has not begun
    /// moving reads as that step already, so Next must show the one after it).
    pub fn next_stop(&self, t: u32) -> u32 {
        match self.step_at(t) {
            None => 0,
            Some(i) if t > self.steps[i].at && t < self.steps[i].end() => self.steps[i].end(),
            Some(i) => self.steps.get(i + 1).map_or(self.duration(), TStep::end),
        }
    }

    /// Where "Previous step" goes from `t`: the end of the step before the current one (or 0).
    pub fn prev_stop(&self, t: u32) -> u32 {
        match self.step_at(t) {
            Some(i) if i > 0 => self.steps[i - 1].end(),
            _ => 0,
        }
    }

    /// The time a link's `step=N` (1-based) opens on: the end of that step, clamped.
    pub fn time_of_step(&self, n: usize) -> u32 {
        match n {
            0 => 0,
            n => self
                .steps
                .get(n.min(self.steps.len()) - 1)
                .map_or(0, TStep::end),
        }
    }

    /// The first pause point that ends in `(from, to]`: playing from `from` must stop there.
    pub fn pause_between(&self, from: u32, to: u32) -> Option<u32> {
        self.steps
            .iter()
            .filter(|s| s.pause)
            .map(TStep::end)
            .find(|&e| e > from && e <= to)
    }

    /// Start times of each chapter (the scrubber's ticks).
    pub fn chapter_starts(&self) -> Vec<u32> {
        self.chapters
            .iter()
            .filter_map(|c| self.steps.get(c.first_step).map(|s| s.at))
            .collect()
    }

    /// "step 4 of 11 · attempt 2 of 4": what the readout says at `t`.
    pub fn readout(&self, t: u32) -> String {
        let Some(i) = self.step_at(t) else {
            return "no steps".into();
        };
        let s = &self.steps[i];
        let mut out = format!("step {} of {}", i + 1, self.steps.len());
        if let Some((a, n)) = self.chapters.get(s.chapter).and_then(|c| c.attempt) {
            out.push_str(&format!(" · attempt {a} of {n}"));
        } else if let Some(c) = self.chapters.get(s.chapter) {
            out.push_str(&format!(" · {}", c.title));
        }
        out
    }
}

/// The picture at virtual time `t`: pure, and the same `t` always gives the same frame.
pub fn frame_at(tl: &Timeline, t: u32) -> Frame {
    let t = t.min(tl.duration());
    let mut f = Frame {
        t,
        step: tl.step_at(t),
        packets: Vec::new(),
        actors: vec![ActorState::Idle; tl.actors.len()],
        trail: Vec::new(),
    };
    let Some(cur) = f.step else { return f };
    let chapter = tl.steps[cur].chapter;
    let mark = |f: &mut Frame, a: ActorId, st: ActorState| {
        if let Some(slot) = f.actors.get_mut(a) {
            if st == ActorState::Active || *slot == ActorState::Idle {
                *slot = st;
            }
        }
    };
    for (i, s) in tl.steps[..=cur].iter().enumerate() {
        let current = i == cur;
        match &s.what {
            What::Hop { from, to, kind, .. } => {
                if current && t < s.end() {
                    let p = (t - s.at) as f32 / s.dur.max(1) as f32;
                    f.packets.push(Packet {
                        step: i,
                        from: *from,
                        to: *to,
                        progress: p.clamp(0.0, 1.0),
                    });
                } else if s.chapter == chapter {
                    f.trail.push(i);
                }
                if current {
                    mark(&mut f, *from, ActorState::Active);
                    mark(&mut f, *to, ActorState::Active);
                } else if *kind == HopKind::Connect {
                    mark(&mut f, *to, ActorState::Visited);
                }
            }
            What::Mark { actors } => {
                for &a in actors {
                    let st = if current {
                        ActorState::Active
                    } else {
                        ActorState::Visited
                    };
                    if current || s.chapter == chapter {
                        mark(&mut f, a, st);
                    }
                }
            }
        }
    }
    f
}

/// Appends steps one after another with a small gap, so builders never compute times by hand.
#[derive(Debug, Default)]
pub struct Builder {
    pub tl: Timeline,
    next_at: u32,
}

/// Gap between two steps, in virtual ms at 1×.
pub const GAP_MS: u32 = 60;

impl Builder {
    pub fn actor(&mut self, a: Actor) -> ActorId {
        self.tl.actors.push(a);
        self.tl.actors.len() - 1
    }

    pub fn chapter(&mut self, title: impl Into<String>, attempt: Option<(usize, usize)>) {
        self.tl.chapters.push(Chapter {
            title: title.into(),
            first_step: self.tl.steps.len(),
            attempt,
        });
    }

    /// Appends a step lasting `dur` ms in the current chapter; returns its index.
    pub fn push(&mut self, dur: u32, what: What, caption: String, outcome: Outcome) -> usize {
        let chapter = self.tl.chapters.len().saturating_sub(1);
        self.tl.steps.push(TStep {
            at: self.next_at,
            dur: dur.max(1),
            what,
            caption,
            pos: Vec::new(),
            outcome,
            chapter,
            pause: false,
            dim: false,
            query: None,
        });
        self.next_at += dur.max(1) + GAP_MS;
        self.tl.steps.len() - 1
    }

    /// The last step pushed, to set its positions, pause flag or query.
    pub fn last(&mut self) -> Option<&mut TStep> {
        self.tl.steps.last_mut()
    }

    pub fn finish(self) -> Timeline {
        self.tl
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(kind: ActorKind, name: &str) -> Actor {
        Actor {
            kind,
            name: name.into(),
            address: String::new(),
            ready: true,
            node: String::new(),
            order: 0,
            pos: None,
        }
    }

    fn sample() -> Timeline {
        let mut b = Builder::default();
        let c = b.actor(actor(ActorKind::Client, "client"));
        let d = b.actor(actor(ActorKind::CoreDns, "coredns"));
        b.chapter("one", Some((1, 2)));
        b.push(
            400,
            What::Hop {
                from: c,
                to: d,
                label: "A?".into(),
                kind: HopKind::Query,
            },
            "ask".into(),
            Outcome::Ok,
        );
        b.push(
            500,
            What::Mark { actors: vec![d] },
            "think".into(),
            Outcome::Ok,
        );
        b.last().unwrap().pause = true;
        b.chapter("two", Some((2, 2)));
        b.push(
            400,
            What::Hop {
                from: d,
                to: c,
                label: "NOERROR".into(),
                kind: HopKind::Reply,
            },
            "reply".into(),
            Outcome::Ok,
        );
        b.finish()
    }

    #[test]
    fn steps_are_sequential_and_stops_move_one_step() {
        let tl = sample();
        assert_eq!(tl.steps[0].at, 0);
        assert_eq!(tl.steps[1].at, 400 + GAP_MS);
        assert_eq!(tl.duration(), tl.steps[2].end());
        assert_eq!(tl.step_at(0), Some(0));
        assert_eq!(tl.next_stop(0), tl.steps[1].end());
        assert_eq!(tl.next_stop(100), 400);
        assert_eq!(tl.next_stop(400), tl.steps[1].end());
        assert_eq!(tl.prev_stop(tl.steps[1].end()), 400);
        assert_eq!(tl.prev_stop(100), 0);
        assert_eq!(tl.next_stop(tl.duration()), tl.duration());
        assert_eq!(tl.time_of_step(2), tl.steps[1].end());
        assert_eq!(tl.time_of_step(99), tl.duration());
        assert_eq!(tl.pause_between(0, 5000), Some(tl.steps[1].end()));
        assert_eq!(tl.pause_between(tl.steps[1].end(), 5000), None);
        assert_eq!(tl.readout(0), "step 1 of 3 · attempt 1 of 2");
        assert_eq!(tl.chapter_starts(), vec![0, tl.steps[2].at]);
    }

    #[test]
    fn frames_lerp_packets_and_keep_trails() {
        let tl = sample();
        let f = frame_at(&tl, 200);
        assert_eq!(f.packets.len(), 1);
        assert!((f.packets[0].progress - 0.5).abs() < 1e-6);
        assert_eq!(f.actors, vec![ActorState::Active, ActorState::Active]);
        let f = frame_at(&tl, 400);
        assert!(
            f.packets.is_empty(),
            "a finished hop is a trail, not a packet"
        );
        assert_eq!(f.trail, vec![0]);
        // In the next chapter the old trail is gone.
        let f = frame_at(&tl, tl.duration());
        assert_eq!(f.trail, vec![2]);
        // Past the end clamps; an empty timeline has no step.
        assert_eq!(frame_at(&tl, u32::MAX), frame_at(&tl, tl.duration()));
        assert_eq!(frame_at(&Timeline::default(), 10).step, None);
    }
}
