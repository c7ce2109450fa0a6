//! The DNS console: type `dig`, `nslookup` or `host` as you would inside a pod, from the pod you
//! choose. What the run printed and why is the player's (`player.rs`): it reveals the output and
//! each query the tool sent in step with the animation.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::ConsoleRun;

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
}

/// Pods the picker lists in full; more switch it to a filtering text box.
const PICKER_ALL: usize = 200;
/// Suggestions the filtering text box offers at once.
const PICKER_SHOWN: usize = 50;

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    // What is typed into the big-cluster picker (`None`: it shows the current pod).
    let typed = use_state(|| None::<String>);
    let input = use_node_ref();
    let text = use_state(|| {
        props
            .run
            .as_ref()
            .map(|r| r.command.clone())
            .unwrap_or_else(|| props.suggestions.first().unwrap_or(&"").to_string())
    });
    let hist_pos = use_state(|| None::<usize>);
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

    let client_value = format!("{}/{}", props.client.0, props.client.1);
    let run = props.run.as_deref();
    // Up to PICKER_ALL pods the picker is a plain select; past that, a text box that filters a
    // list of at most PICKER_SHOWN suggestions, so a 5,000-pod paste renders 50 options, not 5,000.
    let big = props.pods.len() > PICKER_ALL;
    let typed_text = (*typed).clone().unwrap_or_else(|| client_value.clone());
    let picker = if big {
        let needle = typed_text.to_ascii_lowercase();
        let filter = needle != client_value.to_ascii_lowercase();
        let mut shown = Vec::new();
        let mut matches = 0usize;
        for (ns, pod) in props.pods.iter() {
            let v = format!("{ns}/{pod}");
            if filter && !v.to_ascii_lowercase().contains(&needle) {
                continue;
            }
            matches += 1;
            if shown.len() < PICKER_SHOWN {
                shown.push(v);
            }
        }
        let on_typed = {
            let typed = typed.clone();
            Callback::from(move |e: InputEvent| {
                let i: HtmlInputElement = e.target_unchecked_into();
                typed.set(Some(i.value()));
            })
        };
        let on_pick = {
            let (cb, pods, typed) = (props.on_client.clone(), props.pods.clone(), typed.clone());
            Callback::from(move |e: Event| {
                let i: HtmlInputElement = e.target_unchecked_into();
                let v = i.value();
                let hit = v
                    .split_once('/')
                    .filter(|(ns, pod)| pods.iter().any(|(n, p)| n == ns && p == pod));
                if let Some((ns, pod)) = hit {
                    typed.set(None);
                    cb.emit((ns.to_string(), pod.to_string()));
                }
            })
        };
        let hint = if matches > shown.len() {
            format!("{} of {} pods listed: type to narrow", shown.len(), matches)
        } else {
            format!("{} pods", props.pods.len())
        };
        html! {
            <>
                <input id="client" type="text" list="client-pods" value={typed_text.clone()} oninput={on_typed} onchange={on_pick}
                    spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="client-hint" />
                <datalist id="client-pods">
                    { for shown.iter().map(|v| html! { <option key={v.clone()} value={v.clone()} /> }) }
                </datalist>
                <span id="client-hint" class="client-hint">{ hint }</span>
            </>
        }
    } else {
        html! {
            <select id="client" onchange={on_client}>
                { for props.pods.iter().map(|(ns, pod)| {
                    let v = format!("{ns}/{pod}");
                    html! { <option key={v.clone()} value={v.clone()} selected={v == client_value}>{ v }</option> }
                }) }
            </select>
        }
    };

    html! {
        <div class="console">
            <div class="client-row">
                <label for="client">{ "Run in pod" }</label>
                { picker }
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
                    aria-label="Command: dig, nslookup, host, kubectl, cat /etc/resolv.conf, hostname or help" placeholder="dig +search test-headless" />
                <button id="dig-run" type="submit" class="primary">{ "Run" }</button>
            </form>
            <ul class="chips" aria-label="Suggested commands">
                { for props.suggestions.iter().map(|c| {
                    let (on_run, text) = (props.on_run.clone(), text.clone());
                    let cmd = c.to_string();
                    html! {
                        <li key={*c}>
                            <button class="chip" title="Run this command"
                                onclick={Callback::from(move |_| { text.set(cmd.clone()); on_run.emit(cmd.clone()); })}>
                                <code>{ *c }</code>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
