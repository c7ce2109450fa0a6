//! The DNS console: type `dig`, `nslookup` or `host` as you would inside a pod, see the tool's exact
//! output, and follow each query the tool sent, step by step, with CoreDNS's reasons and the
//! manifest lines they come from.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::ConsoleRun;
use crate::dns::resolver::Resolution;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub run: Option<Rc<ConsoleRun>>,
    pub history: Rc<Vec<String>>,
    pub client: (String, String),
    /// Pods a command can run in: `(namespace, name)`.
    pub pods: Rc<Vec<(String, String)>>,
    pub suggestions: &'static [&'static str],
    pub on_run: Callback<String>,
    pub on_client: Callback<(String, String)>,
    pub on_jump: Callback<u32>,
}

/// A console run as the reveal tells runs apart: command, client pod, wall-clock text.
type RunKey = (String, (String, String), String);

/// Milliseconds between two revealed queries.
const STEP_MS: u32 = 450;

fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let text = use_state(|| {
        props
            .run
            .as_ref()
            .map(|r| r.command.clone())
            .unwrap_or_else(|| props.suggestions.first().unwrap_or(&"").to_string())
    });
    let hist_pos = use_state(|| None::<usize>);
    // Which run is being revealed (its key) and how many of its queries are shown; the tool's
    // text appears once all are. Keyed, so that a render with a new run, before the effect below
    // has reset the count, already hides it instead of flashing the answer for one frame.
    let key = props
        .run
        .as_ref()
        .map(|r| (r.command.clone(), r.client.clone(), r.when.clone()));
    let revealed = use_state(|| (None::<RunKey>, usize::MAX));

    // The input shows the command that ran (a chip, a share link, a scenario switch).
    {
        let text = text.clone();
        let cmd = props.run.as_ref().map(|r| r.command.clone());
        use_effect_with(cmd, move |cmd| {
            if let Some(c) = cmd {
                text.set(c.clone());
            }
        });
    }
    // A new run starts the step-by-step reveal; an update of the same command (the cluster
    // changed) shows everything at once.
    {
        let revealed = revealed.clone();
        let total = props.run.as_ref().map_or(0, |r| r.log.len());
        use_effect_with(key.clone(), move |key| {
            let mut interval = None;
            if key.is_some() && total > 0 && !reduced_motion() {
                revealed.set((key.clone(), 0));
                let (r, k) = (revealed.clone(), key.clone());
                let mut shown = 0usize;
                interval = Some(Interval::new(STEP_MS, move || {
                    // Once everything shows, stop re-rendering (the interval lives until the next run).
                    if shown < total {
                        shown += 1;
                        r.set((k.clone(), shown));
                    }
                }));
            } else {
                revealed.set((key.clone(), usize::MAX));
            }
            move || drop(interval)
        });
    }

    let run_now = {
        let (on_run, text, hist_pos) = (props.on_run.clone(), text.clone(), hist_pos.clone());
        Callback::from(move |_: ()| {
            hist_pos.set(None);
            on_run.emit((*text).clone());
        })
    };
    let on_submit = {
        let run_now = run_now.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run_now.emit(());
        })
    };
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            text.set(i.value());
        })
    };
    let on_key = {
        let (text, hist_pos, history) = (text.clone(), hist_pos.clone(), props.history.clone());
        let run_now = run_now.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Ctrl/Cmd+Enter here runs what is typed; marking the event handled keeps the app-wide
            // shortcut (re-run the last command) from running the old command instead.
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                run_now.emit(());
                return;
            }
            if history.is_empty() {
                return;
            }
            let n = history.len();
            let next = match (e.key().as_str(), *hist_pos) {
                ("ArrowUp", None) => Some(n - 1),
                ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowDown", Some(i)) if i + 1 < n => Some(i + 1),
                ("ArrowDown", Some(_)) => None,
                _ => return,
            };
            e.prevent_default();
            hist_pos.set(next);
            text.set(next.map(|i| history[i].clone()).unwrap_or_default());
        })
    };
    let on_client = {
        let cb = props.on_client.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((ns, pod)) = sel.value().split_once('/') {
                cb.emit((ns.to_string(), pod.to_string()));
            }
        })
    };
    let skip = {
        let revealed = revealed.clone();
        let key = key.clone();
        Callback::from(move |_: MouseEvent| revealed.set((key.clone(), usize::MAX)))
    };

    let client_value = format!("{}/{}", props.client.0, props.client.1);
    let run = props.run.as_deref();
    let total = run.map_or(0, |r| r.log.len());
    let shown = match &*revealed {
        (k, n) if *k == key => (*n).min(total),
        // A new run the effect has not seen yet: hidden if it is going to be revealed.
        _ if reduced_motion() => total,
        _ => 0,
    };
    let done = shown >= total;

    html! {
        <div class="console">
            <div class="client-row">
                <label for="client">{ "Run in pod" }</label>
                <select id="client" onchange={on_client}>
                    { for props.pods.iter().map(|(ns, pod)| {
                        let v = format!("{ns}/{pod}");
                        html! { <option key={v.clone()} value={v.clone()} selected={v == client_value}>{ v }</option> }
                    }) }
                </select>
                if let Some(r) = run {
                    <details class="resolv">
                        <summary>{ "/etc/resolv.conf" }</summary>
                        <pre>{ &r.resolv_conf }</pre>
                    </details>
                }
            </div>
            <form class="prompt" onsubmit={on_submit}>
                <span class="ps1" aria-hidden="true">{ format!("{}$", props.client.1) }</span>
                <input id="dig-input" ref={input} type="text" value={(*text).clone()} oninput={on_input} onkeydown={on_key}
                    spellcheck="false" autocapitalize="off" autocomplete="off"
                    aria-label="Command: dig, nslookup or host" placeholder="dig +search test-headless" />
                <button id="dig-run" type="submit" class="primary">{ "Run" }</button>
            </form>
            <div class="chips" role="list" aria-label="Suggested commands">
                { for props.suggestions.iter().map(|c| {
                    let (on_run, text) = (props.on_run.clone(), text.clone());
                    let cmd = c.to_string();
                    html! {
                        <button key={*c} role="listitem" class="chip" title="Run this command"
                            onclick={Callback::from(move |_| { text.set(cmd.clone()); on_run.emit(cmd.clone()); })}>
                            <code>{ *c }</code>
                        </button>
                    }
                }) }
            </div>
            if let Some(r) = run {
                <div class="run">
                    <ol id="explain" class="queries" aria-live="polite">
                        { for r.log.iter().take(shown).enumerate().map(|(i, q)| query_item(i, q, total, &props.on_jump)) }
                    </ol>
                    if !done {
                        <p class="stepping">
                            <span class="spinner" aria-hidden="true"></span>
                            { format!("sending query {} of {total}…", shown + 1) }
                            <button class="link" onclick={skip}>{ "Show all" }</button>
                        </p>
                    }
                    <pre id="dig-output" class={classes!("tool-output", (!done).then_some("pending"))} tabindex="0"
                        aria-label="Tool output" data-exit={r.exit_code.to_string()}>
                        { if done { r.text.as_str() } else { "" } }
                    </pre>
                    if done {
                        <p class="exit">{ format!("exit status {}", r.exit_code) }</p>
                    }
                </div>
            }
        </div>
    }
}

fn query_item(i: usize, q: &Resolution, total: usize, on_jump: &Callback<u32>) -> Html {
    let rcode = q
        .reply
        .as_ref()
        .map(|m| m.response_code.to_string())
        .unwrap_or_else(|| "no reply".into());
    let class = match rcode.as_str() {
        "NOERROR" if q.reply.as_ref().is_some_and(|m| m.answers.is_empty()) => "nodata",
        "NOERROR" => "ok",
        "NXDOMAIN" => "nx",
        _ => "fail",
    };
    let last = i + 1 == total;
    html! {
        <li key={i} class={classes!("query", class)} data-rcode={rcode.clone()}>
            <details open={last}>
                <summary>
                    <span class="qname"><code>{ format!("{} {}", q.question.name, q.question.query_type) }</code></span>
                    <span class={classes!("rcode", class)}>{ if class == "nodata" { "NOERROR, no answer".to_string() } else { rcode } }</span>
                    if q.explanation.forwarded { <span class="fwd">{ "upstream, simulated" }</span> }
                </summary>
                <p class="verdict">{ &q.explanation.verdict }</p>
                <ul class="steps">
                    { for q.explanation.steps.iter().enumerate().map(|(j, s)| html! {
                        <li key={j}>
                            { &s.text }
                            if let Some(p) = s.pos {
                                { " " }
                                <button class="line-link" onclick={ let cb = on_jump.clone(); let l = p.line; Callback::from(move |_| cb.emit(l)) }
                                    title="Show in the editor">{ format!("line {}", p.line) }</button>
                            }
                        </li>
                    }) }
                </ul>
            </details>
        </li>
    }
}
