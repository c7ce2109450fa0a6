//! The problems list: each entry says where (click to jump there), what, and what to do.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{Diagnostic, Severity};

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub on_jump: Callback<u32>,
}

#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    let diags = &props.diagnostics;
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
    html! {
        <div class="diagnostics" aria-live="polite">
            <h3 class="diag-summary">{ summary }</h3>
            <ul id="diagnostics">
                { for diags.iter().enumerate().map(|(i, d)| {
                    let line = d.line;
                    let on_jump = props.on_jump.clone();
                    let onclick = Callback::from(move |_| on_jump.emit(line));
                    let sev = d.severity.as_str();
                    html! {
                        <li key={i} class={classes!("diag", sev)} data-line={d.line.to_string()} data-severity={sev}>
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
                                let (on_jump, line) = (props.on_jump.clone(), p.line);
                                html! {
                                    <span class="related">
                                        { "See " }
                                        <button class="line-link" onclick={Callback::from(move |_| on_jump.emit(line))}>
                                            { format!("line {line}") }
                                        </button>
                                        { format!(": {label}") }
                                    </span>
                                }
                            }) }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
