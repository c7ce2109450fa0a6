//! The Yew user interface: the only module that knows about the browser.
//!
//! Components render [`state::AppState`] and dispatch [`state::Action`]s; parsing, the cluster and
//! DNS live in the pure core.

mod cluster_view;
mod console;
mod diagnostics;
mod editor;
mod objects;
pub mod state;

use std::collections::BTreeMap;
use std::rc::Rc;

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

    let on_run = {
        let s = state.dispatcher();
        Callback::from(move |command: String| {
            s.dispatch(Action::Run {
                command,
                when: now_text(),
            })
        })
    };
    let on_client = {
        let s = state.dispatcher();
        Callback::from(move |(ns, pod): (String, String)| s.dispatch(Action::SetClient(ns, pod)))
    };
    let pods: Rc<Vec<(String, String)>> = Rc::new(
        state
            .cluster
            .pods
            .iter()
            .filter(|p| p.ip().is_some())
            .map(|p| (p.namespace.clone(), p.name.clone()))
            .collect(),
    );
    let suggestions = state
        .scenario
        .and_then(scenarios::by_id)
        .unwrap_or(&scenarios::SEED)
        .commands;

    // On start, run the scenario's first command so the console shows a real answer at once.
    {
        let s = state.dispatcher();
        use_effect_with((), move |_| {
            if let Some(first) = scenarios::SEED.commands.first() {
                s.dispatch(Action::Run {
                    command: first.to_string(),
                    when: now_text(),
                });
            }
        });
    }

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
                    <objects::Objects parsed={state.parsed.clone()} on_jump={on_jump.clone()} />
                </section>
                <section class="pane pane-output" aria-labelledby="output-h">
                    <h2 id="dns-h">{ "Ask DNS" }</h2>
                    <console::Console run={state.run.clone()} history={state.history.clone()} client={state.client.clone()}
                        {pods} {suggestions} {on_run} {on_client} on_jump={on_jump.clone()} />
                    <h2 id="output-h">{ "Cluster" }</h2>
                    <cluster_view::ClusterView cluster={state.cluster.clone()} {on_toggle_ready} {on_delete} {on_scale} {on_jump} />
                </section>
            </main>
        </div>
    }
}

/// The wall-clock time as dig prints it (`Tue Nov 24 10:31:05 UTC 2026`).
fn now_text() -> String {
    let d = js_sys::Date::new_0();
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} UTC {}",
        DAYS[d.get_utc_day() as usize % 7],
        MONTHS[d.get_utc_month() as usize % 12],
        d.get_utc_date(),
        d.get_utc_hours(),
        d.get_utc_minutes(),
        d.get_utc_seconds(),
        d.get_utc_full_year()
    )
}
