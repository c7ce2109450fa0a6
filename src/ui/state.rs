//! The one reducer: all UI state, and the actions that change it.
//!
//! Derived data (parse → cluster) is computed once per edit inside `reduce` and held as `Rc`, so
//! components only read it. A no-op action returns the same `Rc`, and yew then skips the render.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{self, Parsed};
use crate::scenarios::{self, Scenario};

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub yaml: Rc<str>,
    pub parsed: Rc<Parsed>,
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
        AppState {
            yaml,
            parsed,
            scenario,
            jump: None,
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
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if *self.yaml == *text {
                    return self;
                }
                Rc::new(AppState {
                    jump: self.jump,
                    ..AppState::with_yaml(text.into(), None)
                })
            }
            Action::LoadScenario(id) => match scenarios::by_id(id) {
                Some(s) if self.scenario != Some(s.id) || *self.yaml != *s.yaml => {
                    Rc::new(AppState::from_scenario(s))
                }
                _ => self,
            },
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
    }
}
