//! The problems list: each entry says where (click to jump there), what, and what to do. The list
//! is windowed: thousands of problems render only the rows in view.

use std::rc::Rc;

use yew::prelude::*;

use crate::cluster::plural;
use crate::model::{Diagnostic, Severity};

use super::cluster_view::window::{use_stable_callback, use_window, Keys};

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub on_jump: Callback<u32>,
}

/// Row height (px) the window starts from, before it measures the real one.
const ROW_PX: f64 = 60.0;
const OVERSCAN: usize = 6;

#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    let diags = &props.diagnostics;
    let on_jump = use_stable_callback(&props.on_jump);
    let w = use_window(diags.len(), ROW_PX, OVERSCAN);
    let s = w.span;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let summary = match (errors, warnings) {
        (0, 0) if diags.is_empty() => "No problems found".to_string(),
        (0, 0) => format!("{} note{}", diags.len(), plural(diags.len())),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let mut keys = Keys::default();
    html! {
        <div class="diagnostics" aria-live="polite">
            <h3 class="diag-summary">{ summary }</h3>
            <div class="diagnostics-scroll win" ref={w.container} onscroll={w.onscroll}
                style="max-height: min(50vh, 24rem); overflow-y: auto;">
            <ul id="diagnostics" ref={w.rows} style={s.padding()}>
                { for (s.start..s.end).map(|i| {
                    let d = &diags[i];
                    let key = keys.key(format!("{}:{}:{}:{}", d.line, d.col, d.path, d.message), i);
                    html! { <DiagRow {key} diagnostics={diags.clone()} index={i} on_jump={on_jump.clone()} /> }
                }) }
            </ul>
            </div>
        </div>
    }
}

#[derive(Properties)]
struct DiagRowProps {
    diagnostics: Rc<Vec<Diagnostic>>,
    index: usize,
    on_jump: Callback<u32>,
}

/// Equal when the row shows the same diagnostic at the same place in a list as long (new lists
/// mostly repeat the old diagnostics).
impl PartialEq for DiagRowProps {
    fn eq(&self, other: &Self) -> bool {
        self.on_jump == other.on_jump
            && self.index == other.index
            && (Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
                || (self.diagnostics.len() == other.diagnostics.len()
                    && self.diagnostics.get(self.index) == other.diagnostics.get(other.index)))
    }
}

#[component]
fn DiagRow(props: &DiagRowProps) -> Html {
    let Some(d) = props.diagnostics.get(props.index) else {
        return Html::default();
    };
    let line = d.line;
    let onclick = props.on_jump.reform(move |_: MouseEvent| line);
    let sev = d.severity.as_str();
    html! {
        <li class={classes!("diag", sev)} data-line={d.line.to_string()} data-severity={sev}
            aria-posinset={(props.index + 1).to_string()} aria-setsize={props.diagnostics.len().to_string()}>
            <button class="loc" {onclick} title="Show this line in the editor">
                <span class="sev">{ sev }</span>
                { format!(" line {}:{}", d.line, d.col) }
            </button>
            <span class="msg">
                if !d.path.is_empty() { <code class="path">{ &d.path }</code>{ ": " } }
                { &d.message }
            </span>
            if let Some(h) = &d.hint { <span class="hint">{ h }</span> }
            { for d.related.iter().map(|(p, label)| {
                let line = p.line;
                html! {
                    <span class="related">
                        { "See " }
                        <button class="line-link" onclick={props.on_jump.reform(move |_: MouseEvent| line)}>
                            { format!("line {line}") }
                        </button>
                        { format!(": {label}") }
                    </span>
                }
            }) }
        </li>
    }
}
