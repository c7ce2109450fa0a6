//! A learner's progress, kept by the UI in local storage as a short versioned text.

use std::collections::BTreeMap;

use super::by_id;

/// The version prefix of [`Progress::to_text`].
const VERSION: &str = "lp1";
/// Longer stored text is not read (a real progress text is a few hundred bytes).
const MAX_TEXT: usize = 64 * 1024;

/// One step's progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepProgress {
    /// The step was opened.
    pub seen: bool,
    /// The step was finished (the UI decides when: typically when its reveal was shown, or for a
    /// step without a question when the learner moved on).
    pub completed: bool,
    /// Predictions judged right and wrong (invalid guesses are not counted).
    pub right: u32,
    pub wrong: u32,
}

/// Progress over all lessons, per (lesson id, step number from 1). Only steps that exist are kept:
/// updates for unknown lessons or steps are ignored, and so are such entries in stored text (a
/// lesson may have been renamed or shortened since).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    steps: BTreeMap<(String, usize), StepProgress>,
}

fn exists(lesson_id: &str, n: usize) -> bool {
    by_id(lesson_id).is_some_and(|l| (1..=l.steps.len()).contains(&n))
}

impl Progress {
    pub fn new() -> Self {
        Self::default()
    }

    fn entry(&mut self, lesson_id: &str, n: usize) -> Option<&mut StepProgress> {
        if !exists(lesson_id, n) {
            return None;
        }
        Some(self.steps.entry((lesson_id.to_string(), n)).or_default())
    }

    /// Mark step `n` (from 1) seen. Returns false (and stores nothing) for a step that does not
    /// exist; so do the other updates.
    pub fn see(&mut self, lesson_id: &str, n: usize) -> bool {
        self.entry(lesson_id, n).map(|e| e.seen = true).is_some()
    }

    /// Mark step `n` completed (and seen).
    pub fn complete(&mut self, lesson_id: &str, n: usize) -> bool {
        self.entry(lesson_id, n)
            .map(|e| {
                e.seen = true;
                e.completed = true;
            })
            .is_some()
    }

    /// Count a judged prediction on step `n` (and mark it seen). It does not complete the step.
    pub fn record_guess(&mut self, lesson_id: &str, n: usize, right: bool) -> bool {
        self.entry(lesson_id, n)
            .map(|e| {
                e.seen = true;
                let c = if right { &mut e.right } else { &mut e.wrong };
                *c = c.saturating_add(1);
            })
            .is_some()
    }

    /// Step `n`'s progress (all zero when nothing was recorded).
    pub fn get(&self, lesson_id: &str, n: usize) -> StepProgress {
        self.steps
            .get(&(lesson_id.to_string(), n))
            .copied()
            .unwrap_or_default()
    }

    /// (completed steps, steps) of a lesson; (0, 0) for an unknown lesson.
    pub fn done(&self, lesson_id: &str) -> (usize, usize) {
        let Some(l) = by_id(lesson_id) else {
            return (0, 0);
        };
        let total = l.steps.len();
        let completed = (1..=total)
            .filter(|&n| self.get(lesson_id, n).completed)
            .count();
        (completed, total)
    }

    /// Every step of the lesson completed.
    pub fn is_done(&self, lesson_id: &str) -> bool {
        let (c, t) = self.done(lesson_id);
        t > 0 && c == t
    }

    /// The step to open when the learner comes back: the first one not completed, or 1 when all
    /// are (or the lesson is unknown).
    pub fn resume(&self, lesson_id: &str) -> usize {
        let total = by_id(lesson_id).map_or(0, |l| l.steps.len());
        (1..=total)
            .find(|&n| !self.get(lesson_id, n).completed)
            .unwrap_or(1)
    }

    /// (right, wrong) predictions over the lesson's steps.
    pub fn score(&self, lesson_id: &str) -> (u32, u32) {
        self.steps
            .iter()
            .filter(|((l, _), _)| l == lesson_id)
            .fold((0, 0), |(r, w), (_, p)| {
                (r.saturating_add(p.right), w.saturating_add(p.wrong))
            })
    }

    /// Forget one lesson's progress.
    pub fn reset(&mut self, lesson_id: &str) {
        self.steps.retain(|(l, _), _| l != lesson_id);
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The compact text for local storage: `lp1` then `;<lesson>.<step>=<flags>,<right>,<wrong>`
    /// per recorded step, flags being `s` (seen) and `c` (completed) or `-`, e.g.
    /// `lp1;clusterip-vs-headless.1=sc,1,0;clusterip-vs-headless.2=s,0,2`.
    pub fn to_text(&self) -> String {
        let mut out = String::from(VERSION);
        for ((l, n), p) in &self.steps {
            let mut flags = String::new();
            if p.seen {
                flags.push('s');
            }
            if p.completed {
                flags.push('c');
            }
            if flags.is_empty() {
                flags.push('-');
            }
            out.push_str(&format!(";{l}.{n}={flags},{},{}", p.right, p.wrong));
        }
        out
    }

    /// Read [`Progress::to_text`]'s text. Anything else (another version, a syntax error, an empty
    /// string, text over 64 KiB) gives empty progress; entries for lessons or steps that no longer
    /// exist are dropped. Never panics.
    pub fn parse(text: &str) -> Progress {
        Self::try_parse(text).unwrap_or_default()
    }

    fn try_parse(text: &str) -> Option<Progress> {
        if text.len() > MAX_TEXT {
            return None;
        }
        let mut parts = text.trim().split(';');
        if parts.next()? != VERSION {
            return None;
        }
        let mut out = Progress::default();
        for entry in parts {
            let (key, value) = entry.split_once('=')?;
            let (lesson, n) = key.rsplit_once('.')?;
            let n: usize = n.parse().ok()?;
            let mut v = value.split(',');
            let flags = v.next()?;
            let right: u32 = v.next()?.parse().ok()?;
            let wrong: u32 = v.next()?.parse().ok()?;
            if v.next().is_some() || lesson.is_empty() {
                return None;
            }
            if flags.is_empty() || !flags.chars().all(|c| matches!(c, 's' | 'c' | '-')) {
                return None;
            }
            let p = StepProgress {
                seen: flags.contains('s'),
                completed: flags.contains('c'),
                right,
                wrong,
            };
            if exists(lesson, n) {
                out.steps.insert((lesson.to_string(), n), p);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::ALL;

    #[test]
    fn round_trips_and_refuses_corrupt_text() {
        let id = ALL[0].id;
        let mut p = Progress::new();
        assert!(p.see(id, 1));
        assert!(p.record_guess(id, 1, true));
        assert!(p.record_guess(id, 2, false));
        assert!(p.complete(id, 1));
        assert!(!p.see(id, 0));
        assert!(!p.see(id, 99));
        assert!(!p.complete("nope", 1));
        let text = p.to_text();
        assert_eq!(Progress::parse(&text), p);
        assert_eq!(p.done(id), (1, ALL[0].steps.len()));
        assert_eq!(p.score(id), (1, 1));
        assert_eq!(p.resume(id), 2);
        for bad in [
            "",
            "lp2;x.1=s,0,0",
            "garbage",
            "lp1;",
            "lp1;a",
            "lp1;clusterip-vs-headless.1=s,0",
            "lp1;clusterip-vs-headless.1=q,0,0",
            "lp1;clusterip-vs-headless.x=s,0,0",
            "lp1;clusterip-vs-headless.1=s,-1,0",
            "lp1;clusterip-vs-headless.1=s,0,0,0",
            "lp1;=s,0,0",
            "lp1;.1=s,0,0",
        ] {
            assert!(Progress::parse(bad).is_empty(), "{bad}");
        }
        let with_unknown = format!("{text};gone-lesson.1=sc,0,0;{id}.99=s,0,0");
        assert_eq!(Progress::parse(&with_unknown), p);
        assert!(Progress::parse(&"lp1;".repeat(100_000)).is_empty());
        assert_eq!(Progress::parse("lp1"), Progress::new());
    }
}
