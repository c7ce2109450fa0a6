//! The terminal inside the client pod: the pod picker, the scrollback (`role="log"`, named
//! "Terminal"), the prompt with its history and Ctrl+L, and the suggested commands. What the
//! current run printed is revealed by the player (`player.rs`), in step with the animation; the
//! terminal shows it as the last entry of the scrollback.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::TermEntry;
use crate::cluster::Cluster;
use crate::dns::tools::complete::{complete, CompleteCx};
use crate::model::Parsed;

/// Pods the picker lists in full; more switch it to a filtering text box.
const PICKER_ALL: usize = 200;
/// Suggestions the filtering text box offers at once.
const PICKER_SHOWN: usize = 50;

#[derive(Properties, PartialEq)]
pub struct ClientRowProps {
    pub client: (String, String),
    /// Pods a command can run in, as the picker shows them: `namespace/name`.
    pub pods: Rc<Vec<String>>,
    pub on_client: Callback<(String, String)>,
    /// The client's `/etc/resolv.conf` (once a command ran).
    pub resolv_conf: Option<String>,
    /// The Corefile the simulated CoreDNS runs, and the manifest line it came from (`None`:
    /// kubeadm's default).
    pub corefile: (AttrValue, Option<u32>),
    pub on_jump: Callback<u32>,
}

/// "Run in pod": the pod the terminal runs in, and its resolv.conf.
#[component]
pub fn ClientRow(props: &ClientRowProps) -> Html {
    // What is typed into the big-cluster picker (`None`: it shows the current pod).
    let typed = use_state(|| None::<String>);
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
    // Up to PICKER_ALL pods the picker is a plain select; past that, a text box that filters a
    // list of at most PICKER_SHOWN suggestions, so a 5,000-pod paste renders 50 options, not 5,000.
    let big = props.pods.len() > PICKER_ALL;
    let typed_text = (*typed).clone().unwrap_or_else(|| client_value.clone());
    let picker = if big {
        let needle = typed_text.to_ascii_lowercase();
        // Until something else is typed, the first pods are offered, without a look at the rest.
        let (shown, matches): (Vec<&String>, usize) = if needle == client_value.to_ascii_lowercase()
        {
            (
                props.pods.iter().take(PICKER_SHOWN).collect(),
                props.pods.len(),
            )
        } else {
            let mut hits = props
                .pods
                .iter()
                .filter(|v| v.to_ascii_lowercase().contains(&needle));
            let shown: Vec<&String> = hits.by_ref().take(PICKER_SHOWN).collect();
            let matches = shown.len() + hits.count();
            (shown, matches)
        };
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
                let hit = pods.contains(&v).then(|| v.split_once('/')).flatten();
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
                    { for shown.iter().map(|v| html! { <option key={v.as_str()} value={(*v).clone()} /> }) }
                </datalist>
                <span id="client-hint" class="client-hint">{ hint }</span>
            </>
        }
    } else {
        html! {
            <select id="client" onchange={on_client}>
                { for props.pods.iter().map(|v| {
                    html! { <option key={v.as_str()} value={v.clone()} selected={*v == client_value}>{ v.clone() }</option> }
                }) }
            </select>
        }
    };

    html! {
        <div class="client-row">
            <label for="client">{ "Run in pod" }</label>
            { picker }
            if let Some(conf) = &props.resolv_conf {
                <details class="resolv">
                    <summary>{ "/etc/resolv.conf" }</summary>
                    <pre>{ conf }</pre>
                </details>
            }
            <details class="resolv corefile">
                <summary>{ "Corefile" }</summary>
                <p class="corefile-from">
                    if let Some(line) = props.corefile.1 {
                        { "From the ConfigMap kube-system/coredns, " }
                        <button class="line-link" onclick={props.on_jump.reform(move |_: MouseEvent| line)}>{ format!("line {line}") }</button>
                    } else {
                        { "kubeadm's default (paste the ConfigMap kube-system/coredns to use your cluster's)" }
                    }
                </p>
                <pre tabindex="0" aria-label="Corefile in use">{ props.corefile.0.clone() }</pre>
            </details>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TermLogProps {
    /// Earlier commands, oldest first.
    pub entries: Rc<Vec<TermEntry>>,
    /// Changes whenever what the log shows changes (so it scrolls to the newest line).
    pub version: u64,
    /// The current command, rendered by the player (empty after `clear`).
    #[prop_or_default]
    pub children: Html,
}

/// The scrollback: every command and what it printed, newest at the bottom. It is the one
/// scrolling box (both ways), so it alone takes focus for keyboard scrolling.
#[component]
pub fn TermLog(props: &TermLogProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.version, move |_| {
            if let Some(el) = node.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    html! {
        <div class="term" role="log" aria-label="Terminal" tabindex="0" ref={node}>
            { for props.entries.iter().enumerate().map(|(i, e)| html! { <Entry key={i} entry={e.clone()} /> }) }
            { props.children.clone() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EntryProps {
    entry: TermEntry,
}

#[component]
fn Entry(props: &EntryProps) -> Html {
    let e = &props.entry;
    html! {
        <div class="entry" data-exit={e.exit_code.to_string()}>
            <CommandLine pod={e.pod.clone()} command={e.command.clone()} />
            if !e.text.is_empty() {
                <pre class="tool-output">{ e.text.as_str() }</pre>
            }
            if e.cut_lines > 0 {
                <p class="exit">{ format!("({} more lines not kept; run it again to see them)", e.cut_lines) }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CommandLineProps {
    pub pod: String,
    pub command: String,
}

/// `dnsutils$ dig …`, as the terminal echoes a command.
#[component]
pub fn CommandLine(props: &CommandLineProps) -> Html {
    html! {
        <div class="cmdline"><span class="ps1">{ format!("{}$", props.pod) }</span>{ " " }<span class="cmd">{ props.command.as_str() }</span></div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PromptProps {
    /// The pod the prompt is in (`dnsutils$`), and its namespace (names complete from it).
    pub pod: String,
    pub namespace: String,
    /// What Tab completes names from.
    pub cluster: Rc<Cluster>,
    pub parsed: Rc<Parsed>,
    pub history: Rc<Vec<String>>,
    pub suggestions: &'static [&'static str],
    pub on_run: Callback<String>,
    /// Ctrl+L.
    pub on_clear: Callback<()>,
}

/// The command line: Enter runs it (and empties it, as a shell does), ↑/↓ walk the history,
/// Ctrl+L clears the terminal.
#[component]
pub fn Prompt(props: &PromptProps) -> Html {
    let text = use_state(String::new);
    let hist_pos = use_state(|| None::<usize>);
    let input = use_node_ref();
    // What Tab offered when more than one word fits: (shown, how many more).
    let offered = use_state(|| None::<(Vec<String>, usize)>);
    let run_now = {
        let (on_run, text, hist_pos) = (props.on_run.clone(), text.clone(), hist_pos.clone());
        let offered = offered.clone();
        Callback::from(move |_: ()| {
            hist_pos.set(None);
            offered.set(None);
            let cmd = (*text).clone();
            if !cmd.trim().is_empty() {
                text.set(String::new());
                on_run.emit(cmd);
            }
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
        let (text, offered) = (text.clone(), offered.clone());
        Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            text.set(i.value());
            offered.set(None);
        })
    };
    // Tab: complete the word before the cursor as far as every match agrees, and list the
    // matches when there are several. With nothing to complete, Tab moves the focus on as usual.
    let on_tab = {
        let (text, offered) = (text.clone(), offered.clone());
        let (cluster, parsed, ns) = (
            props.cluster.clone(),
            props.parsed.clone(),
            props.namespace.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            let line = i.value();
            let at16 = i.selection_start().ok().flatten().unwrap_or(0) as usize;
            let cursor = byte_of_utf16(&line, at16);
            // An empty line: Tab moves the focus on (the keyboard is never trapped here).
            if line.trim().is_empty() {
                offered.set(None);
                return;
            }
            let cx = CompleteCx::new(&cluster, &ns).with_parsed(&parsed);
            let c = complete(&line, cursor, &cx);
            if c.is_empty() {
                offered.set(None);
                return;
            }
            e.prevent_default();
            let (next, at) = c.apply(&line);
            if next != line {
                i.set_value(&next);
                let at16 = next[..at].encode_utf16().count() as u32;
                let _ = i.set_selection_range(at16, at16);
                text.set(next);
            }
            offered.set((c.total() > 1).then(|| (c.candidates.clone(), c.more)));
        })
    };
    let on_key = {
        let (text, hist_pos, history) = (text.clone(), hist_pos.clone(), props.history.clone());
        let (run_now, on_clear) = (run_now.clone(), props.on_clear.clone());
        let (on_tab, offered) = (on_tab.clone(), offered.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Tab" && !e.shift_key() && !e.ctrl_key() && !e.alt_key() && !e.meta_key()
            {
                on_tab.emit(e);
                return;
            }
            if e.key() == "Escape" && offered.is_some() {
                offered.set(None);
                return;
            }
            // Ctrl/Cmd+Enter here runs what is typed; marking the event handled keeps the app-wide
            // shortcut (re-run the last command) from running the old command instead.
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                run_now.emit(());
                return;
            }
            if e.key().eq_ignore_ascii_case("l") && e.ctrl_key() && !e.alt_key() {
                e.prevent_default();
                on_clear.emit(());
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
    html! {
        <>
            <form class="prompt" onsubmit={on_submit}>
                <span class="ps1" aria-hidden="true">{ format!("{}$", props.pod) }</span>
                <input id="dig-input" ref={input} type="text" value={(*text).clone()} oninput={on_input} onkeydown={on_key}
                    spellcheck="false" autocapitalize="off" autocomplete="off"
                    aria-label="Command: dig, nslookup, host, kubectl, cat /etc/resolv.conf, hostname, help or clear" placeholder="dig +search test-headless" />
                <button id="dig-run" type="submit" class="primary">{ "Run" }</button>
            </form>
            <div class="completions" role="status" aria-label="Completions">
                if let Some((words, more)) = &*offered {
                    <ul>{ for words.iter().map(|w| html! { <li key={w.clone()}><code>{ w }</code></li> }) }</ul>
                    if *more > 0 {
                        <span class="more">{ format!("and {more} more: type more, then Tab") }</span>
                    }
                }
            </div>
            <CommandChips label="Suggested commands" commands={props.suggestions} on_run={props.on_run.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct CommandChipsProps {
    /// The list's accessible name.
    pub label: AttrValue,
    pub commands: &'static [&'static str],
    pub on_run: Callback<String>,
}

/// Commands as buttons that run them in the terminal.
#[component]
pub fn CommandChips(props: &CommandChipsProps) -> Html {
    html! {
        <ul class="chips" aria-label={props.label.clone()}>
            { for props.commands.iter().map(|c| {
                let cmd = c.to_string();
                html! {
                    <li key={*c}>
                        <button class="chip" title="Run this command" onclick={props.on_run.reform(move |_: MouseEvent| cmd.clone())}>
                            <code>{ *c }</code>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

/// The byte offset in `s` of a UTF-16 offset (what the browser's selection gives), clamped.
fn byte_of_utf16(s: &str, at: usize) -> usize {
    let mut n = 0;
    for (i, ch) in s.char_indices() {
        if n >= at {
            return i;
        }
        n += ch.len_utf16();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf16_offsets_to_bytes() {
        assert_eq!(super::byte_of_utf16("dig é𝄞x", 4), 4);
        assert_eq!(super::byte_of_utf16("dig é𝄞x", 5), 6);
        assert_eq!(super::byte_of_utf16("dig é𝄞x", 7), 10);
        assert_eq!(super::byte_of_utf16("ab", 9), 2);
    }
}
