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
        </div>
    }
}
