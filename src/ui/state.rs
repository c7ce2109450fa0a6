//! The one reducer: all UI state, and the actions that change it.
//!
//! Derived data (parse → cluster) is computed once per edit inside `reduce` and held as `Rc`, so
//! components only read it. A no-op action returns the same `Rc`, and yew then skips the render.

use std::rc::Rc;

use yew::prelude::*;

use crate::cluster::{Cluster, Ops};
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
    /// The preset the text came from (cleared on the first edit).
    pub scenario: Option<&'static str>,
    /// A request to move the editor's cursor to a line; the counter makes repeated jumps distinct.
    pub jump: Option<(u32, u32)>,
}

impl AppState {
    pub fn from_scenario(s: &Scenario) -> Self {
        Self::with_yaml(s.yaml.into(), Some(s.id))
    }

    fn with_yaml(yaml: Rc<str>, scenario: Option<&'static str>) -> Self {
        let parsed = Rc::new(model::parse(&yaml));
        Self::derive(yaml, parsed, Rc::new(Ops::default()), scenario)
    }

    /// Recompute what depends on the text and the ops (once per change, never in components).
    fn derive(
        yaml: Rc<str>,
        parsed: Rc<Parsed>,
        ops: Rc<Ops>,
        scenario: Option<&'static str>,
    ) -> Self {
        let cluster = Rc::new(Cluster::build(&parsed, &ops));
        let mut diagnostics: Vec<Diagnostic> = parsed
            .diagnostics
            .iter()
            .chain(&cluster.diagnostics)
            .cloned()
            .collect();
        model::diag::sort(&mut diagnostics);
        AppState {
            yaml,
            parsed,
            ops,
            cluster,
            diagnostics: Rc::new(diagnostics),
            scenario,
            jump: None,
        }
    }

    fn with_ops(&self, f: impl FnOnce(&mut Ops)) -> Self {
        let mut ops = (*self.ops).clone();
        f(&mut ops);
        let next = Self::derive(
            self.yaml.clone(),
            self.parsed.clone(),
            Rc::new(ops),
            self.scenario,
        );
        Self {
            jump: self.jump,
            ..next
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
    /// Replace the text with a preset.
    LoadScenario(&'static str),
    /// Move the editor cursor to this line (from a diagnostic).
    JumpTo(u32),
    /// Flip a pod's readiness (`(namespace, pod)`).
    ToggleReady(String, String),
    /// Delete a pod once (its controller replaces it).
    DeletePod(String, String),
    /// Set a StatefulSet's or Deployment's replicas.
    Scale(String, String, i64),
    /// Forget every op.
    ResetOps,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if *self.yaml == *text {
                    return self;
                }
                // Toggles (not ready, deleted, scaled) survive edits: they name pods, not lines.
                let yaml: Rc<str> = text.into();
                let parsed = Rc::new(model::parse(&yaml));
                let next = AppState::derive(yaml, parsed, self.ops.clone(), None);
                Rc::new(AppState {
                    jump: self.jump,
                    ..next
                })
            }
            Action::LoadScenario(id) => match scenarios::by_id(id) {
                Some(s) if self.scenario != Some(s.id) || *self.yaml != *s.yaml => {
                    Rc::new(AppState::from_scenario(s))
                }
                _ => self,
            },
            Action::ToggleReady(ns, pod) => Rc::new(self.with_ops(|o| {
                let k = (ns, pod);
                if !o.not_ready.remove(&k) {
                    o.not_ready.insert(k);
                }
            })),
            Action::DeletePod(ns, pod) => Rc::new(self.with_ops(|o| {
                o.deleted.insert((ns, pod));
            })),
            Action::Scale(ns, name, n) => {
                if self.ops.scale.get(&(ns.clone(), name.clone())) == Some(&n) {
                    return self;
                }
                Rc::new(self.with_ops(|o| {
                    o.scale.insert((ns, name), n.clamp(0, 50));
                }))
            }
            Action::ResetOps => {
                if *self.ops == Ops::default() {
                    return self;
                }
                Rc::new(self.with_ops(|o| *o = Ops::default()))
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
        let back = edited.reduce(Action::LoadScenario(scenarios::SEED.id));
        assert_eq!(back.scenario, Some(scenarios::SEED.id));
        assert!(!back.parsed.has_errors());
        let nr = back
            .clone()
            .reduce(Action::ToggleReady("default".into(), "test-1".into()));
        assert!(!nr.cluster.pod("default", "test-1").unwrap().ready);
        let again = nr.reduce(Action::ToggleReady("default".into(), "test-1".into()));
        assert!(again.cluster.pod("default", "test-1").unwrap().ready);
        let reset = again.clone().reduce(Action::ResetOps);
        assert!(Rc::ptr_eq(&reset, &again));
    }
}
