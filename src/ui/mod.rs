//! The Yew user interface: the only module that knows about the browser.
//!
//! Components render [`state::AppState`] and dispatch [`state::Action`]s; parsing, the cluster and
//! DNS live in the pure core.

mod cluster_view;
mod diagnostics;
mod editor;
mod objects;
pub mod state;

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::model::Severity;
use crate::scenarios;
use state::{Action, AppState};

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    let on_edit = {
        let s = state.dispatcher();
        Callback::from(move |t: String| s.dispatch(Action::Edit(t)))
    };
    let on_jump = {
        let s = state.dispatcher();
        Callback::from(move |line: u32| s.dispatch(Action::JumpTo(line)))
    };
    let on_preset = {
        let s = state.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(sc) = scenarios::by_id(&sel.value()) {
                s.dispatch(Action::LoadScenario(sc.id));
            }
        })
    };

    let on_toggle_ready = {
        let s = state.dispatcher();
        Callback::from(move |(ns, pod): (String, String)| s.dispatch(Action::ToggleReady(ns, pod)))
    };
    let on_delete = {
        let s = state.dispatcher();
        Callback::from(move |(ns, pod): (String, String)| s.dispatch(Action::DeletePod(ns, pod)))
    };
    let on_scale = {
        let s = state.dispatcher();
        Callback::from(move |(ns, name, n): (String, String, i64)| {
            s.dispatch(Action::Scale(ns, name, n))
        })
    };

    let mut marks: BTreeMap<u32, Severity> = BTreeMap::new();
    for d in state.diagnostics.iter() {
        let e = marks.entry(d.line).or_insert(d.severity);
        *e = (*e).min(d.severity);
    }

    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "Headless Services Playground" }</h1>
                <p class="tagline">{ "How Kubernetes DNS names ClusterIP Services, headless Services and StatefulSet pods" }</p>
                <label class="preset">
                    <span>{ "Scenario" }</span>
                    <select id="preset" onchange={on_preset} aria-label="Load a scenario">
                        if state.scenario.is_none() {
                            <option value="" selected=true>{ "(edited)" }</option>
                        }
                        { for scenarios::ALL.iter().map(|s| html! {
                            <option key={s.id} value={s.id} selected={state.scenario == Some(s.id)}>{ s.title }</option>
                        }) }
                    </select>
                </label>
            </header>
            <main class="panes">
                <section class="pane pane-editor" aria-labelledby="editor-h">
                    <h2 id="editor-h">{ "Manifests" }</h2>
                    <editor::Editor text={AttrValue::from(state.yaml.clone())} marks={marks} jump={state.jump} on_edit={on_edit} />
                    <diagnostics::Diagnostics diagnostics={state.diagnostics.clone()} on_jump={on_jump.clone()} />
                </section>
                <section class="pane pane-output" aria-labelledby="output-h">
                    <h2 id="output-h">{ "Cluster" }</h2>
                    <objects::Objects parsed={state.parsed.clone()} on_jump={on_jump.clone()} />
                    <cluster_view::ClusterView cluster={state.cluster.clone()} {on_toggle_ready} {on_delete} {on_scale} {on_jump} />
                </section>
            </main>
        </div>
    }
}
