//! The Yew user interface: the only module that knows about the browser.
//!
//! Components render [`state::AppState`] and dispatch [`state::Action`]s; parsing, the cluster and
//! DNS live in the pure core. Browser glue (URL fragment, theme, clock) lives here, in effects.

mod cluster_view;
mod console;
mod diagnostics;
mod editor;
mod embed;
mod kafka_view;
mod lessons_view;
mod objects;
mod playback;
mod player;
pub mod share;
pub mod state;
mod svg;

use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::cluster::WorkloadRef;
use crate::model::Severity;
use crate::scenarios;
use state::{Action, AppState};

/// Run `f` and record it as a User Timing measure named `name` (DevTools' Performance panel shows
/// it; the e2e suite reads `performance.getEntriesByName`). Natively (the state tests) just runs `f`.
pub(crate) fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    {
        let perf = web_sys::window().and_then(|w| w.performance());
        let start = format!("{name}:start");
        if let Some(p) = &perf {
            let _ = p.mark(&start);
        }
        let out = f();
        if let Some(p) = &perf {
            let _ = p.measure_with_start_mark(name, &start);
            p.clear_marks_with_mark_name(&start);
        }
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        f()
    }
}

/// The URL fragment the page was opened with.
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Show `fragment` in the address bar without adding a history entry (nothing to do when it is
/// there already, as it is for a link just opened).
fn replace_hash(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    if w.location()
        .hash()
        .ok()
        .as_deref()
        .and_then(|h| h.strip_prefix('#'))
        == Some(fragment)
    {
        return;
    }
    let Ok(history) = w.history() else { return };
    let url = format!(
        "{}{}#{fragment}",
        w.location().pathname().unwrap_or_default(),
        w.location().search().unwrap_or_default()
    );
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Apply a theme (`None` = follow the system) to `<html data-theme>`.
fn apply_theme(theme: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    match theme {
        Some(t) => {
            let _ = root.set_attribute("data-theme", t);
        }
        None => {
            let _ = root.remove_attribute("data-theme");
        }
    }
}

/// What this browser keeps for the playground (localStorage): the theme, the terminal's history,
/// the lessons' progress and the autosaved state. Storage may be missing or full: reads give
/// nothing, writes are best effort (the state still lives in the page and, when it fits, the link).
fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
        .filter(|t| !t.is_empty())
}

/// Keep `value` under `key` (`None`: forget it).
fn store(key: &str, value: Option<&str>) {
    if let Some(Ok(Some(st))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = match value {
            Some(v) => st.set_item(key, v),
            None => st.remove_item(key),
        };
    }
}

/// Above this many pods, re-building the cluster takes several milliseconds in the browser, so the
/// editor waits for typing to pause before handing it a typed key (`editor::EditorProps::heavy`).
const HEAVY_PODS: usize = 1_000;
/// What the share link is made from: the state, and the view options (in embeds only).
type LinkKey = (
    share::Shared,
    Option<(Option<String>, bool, Option<bool>, Option<Vec<share::Pane>>)>,
);
type LinkResult = Result<String, share::LinkError>;

/// Manifests at least this long (in bytes) get their share link after the frame that shows a
/// change, not before it.
const DEFER_LINK_BYTES: usize = 64 * 1024;

/// How long the state must stay unchanged before a long link (over [`SHORT_LINK`] bytes) goes into
/// the address bar (ms).
const LINK_SETTLE_MS: u32 = 300;
const SHORT_LINK: usize = 2_000;
const THEME_KEY: &str = "hsp-theme";
const HISTORY_KEY: &str = "hsp-history";
const AUTOSAVE_KEY: &str = "hsp-autosave";
const PROGRESS_KEY: &str = "hsp-lessons";

fn stored_theme() -> Option<String> {
    stored(THEME_KEY).filter(|s| s == "light" || s == "dark")
}

/// The terminal's history from earlier visits (one command per line, oldest first).
fn stored_history() -> Vec<String> {
    stored(HISTORY_KEY).map_or_else(Vec::new, |t| {
        t.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// The learner's progress through the lessons.
fn stored_progress() -> crate::lessons::Progress {
    stored(PROGRESS_KEY).map_or_else(Default::default, |t| crate::lessons::Progress::parse(&t))
}

fn store_progress(p: &crate::lessons::Progress) {
    store(PROGRESS_KEY, Some(&p.to_text()));
}

/// A callback that dispatches `action(input)`, made once per component: the dispatcher never
/// changes, so neither does the callback.
#[hook]
fn use_action<IN: 'static>(
    state: &UseReducerHandle<AppState>,
    action: fn(IN) -> Action,
) -> Callback<IN> {
    let s = state.dispatcher();
    (*use_memo((), move |_| {
        Callback::from(move |x: IN| s.dispatch(action(x)))
    }))
    .clone()
}

#[component]
pub fn App() -> Html {
    // The link the page was opened with (the fragment, with embed options from the query string
    // too), and what of it could not be used.
    let opened = use_memo((), |_| {
        let frag = share::decode_report(&location_hash());
        let query = share::decode_report(&location_search());
        share::Decoded {
            shared: frag.shared.or_from(query.shared),
            dropped: frag.dropped.into_iter().chain(query.dropped).collect(),
        }
    });
    // The autosaved state of the last visit: used when the link carries no state of its own (the
    // link wins, and says so when it replaced an autosaved edit).
    let autosaved = use_memo((), |_| stored(AUTOSAVE_KEY).map(|t| share::decode(&t)));
    let restored = use_memo((opened.clone(), autosaved.clone()), |(o, a)| {
        let linked = o.shared.content().setup().is_some();
        match &**a {
            Some(a) if !o.shared.embed && !linked && a.content().setup().is_some() => {
                Some(a.clone())
            }
            _ => None,
        }
    });
    let link_won = !opened.shared.embed
        && opened.shared.content().setup().is_some()
        && autosaved.as_ref().as_ref().is_some_and(|a| {
            a.content().setup().is_some() && a.content().setup() != opened.shared.content().setup()
        });
    let shared = use_memo((opened.clone(), restored.clone()), |(o, r)| match &**r {
        Some(r) => share::Shared {
            embed: o.shared.embed,
            ..r.clone()
        },
        None => o.shared.clone(),
    });
    let autosave_note = use_state(|| {
        if restored.is_some() {
            Some("Restored your last edit, saved in this browser.")
        } else if link_won {
            Some("This link's manifests replaced the edit saved in this browser.")
        } else {
            None
        }
    });
    let shortcuts_open = use_state(|| false);
    let lessons_open = use_state(|| false);
    let progress = use_state(|| Rc::new(stored_progress()));
    let embed = shared.embed;
    // The state as the page opens: the link's (or the autosave's), the terminal's history from
    // earlier visits (not in embeds: a tutorial's iframe keeps no trace), and the start-up run (the
    // link's command, or the scenario's first one) already answered, so the first frame that shows
    // the app shows its answer too: no second render, layout and paint before the page is ready.
    let state = {
        let shared = shared.clone();
        use_reducer(move || {
            let mut st = Rc::new(AppState::from_shared(&shared));
            if !embed {
                st = st.reduce(Action::LoadHistory(stored_history()));
            }
            if let Some(command) = state::start_command(&shared) {
                st = st.reduce(Action::Start {
                    command,
                    when: now_text(),
                });
            }
            Rc::unwrap_or_clone(st)
        })
    };
    let theme = use_state(|| shared.theme.clone().or_else(stored_theme));
    let copied = use_state(|| false);
    let kafka_open = use_state(|| {
        shared.kafka.is_some() || (shared.panes.is_some() && shared.shows(share::Pane::Kafka))
    });
    let embed_open = use_state(|| false);
    // After "Copy share link" failed (the state is too large for a link): offer the file instead.
    let share_problem = use_state(|| None::<String>);
    let notice_closed = use_state(|| false);
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);

    use_effect_with((), move |_| {
        // The first render is in the DOM (User Timing, from navigation start).
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.measure("hsp:first-render");
        }
    });
    // The cluster a change replaced is freed after the frame that shows the new one: freeing
    // thousands of pods takes milliseconds that the frame should not wait for. The effect holds a
    // reference until then, so dropping the old state and its views frees nothing.
    {
        let keep = state.cluster.clone();
        use_effect_with(Rc::as_ptr(&state.cluster) as usize, move |_| {
            move || after_next_frame(move || drop(keep))
        });
    }
    // The history outlives the page (not in embeds: a tutorial's iframe keeps no trace).
    use_effect_with(state.history.clone(), move |h| {
        if !embed && !h.is_empty() {
            store(HISTORY_KEY, Some(&h.join("\n")));
        }
    });
    // The share link of the current state, encoded and checked once per change of the state (the
    // compression is not free on a 1 MB paste), and kept in the address bar when it fits.
    let content = state.to_shared();
    // What else goes into the link: the view options, in embeds only.
    let view = embed.then(|| {
        let s = &shared;
        ((*theme).clone(), s.readonly, s.autoplay, s.panes.clone())
    });
    // The manifests packed for the last link: a change that leaves them as they are (a command, a
    // toggle) packs only the rest of the state.
    let link_cache = use_mut_ref(share::LinkCache::default);
    // Long manifests get their link after the frame that shows the change (deflating a 1 MB paste
    // takes tens of milliseconds); until then the previous link stands. `link_now` gives the
    // current one at once (a click on Copy in between).
    let (link, link_now) = {
        let cell = use_mut_ref(|| None::<(Rc<LinkKey>, Rc<LinkResult>)>);
        let pending = use_mut_ref(|| None::<Rc<LinkKey>>);
        let redraw = use_force_update();
        let key: Rc<LinkKey> = Rc::new((content.clone(), view));
        // The link for `key`, from the cell when it holds that key's, else made and kept there.
        let get = {
            let (cell, cache) = (cell.clone(), link_cache.clone());
            move |key: &Rc<LinkKey>| -> Rc<LinkResult> {
                if let Some((k, l)) = &*cell.borrow() {
                    if Rc::ptr_eq(k, key) || **k == **key {
                        return l.clone();
                    }
                }
                let (c, view) = &**key;
                let (theme, readonly, autoplay, panes) = view.clone().unwrap_or_default();
                let l = Rc::new(timed("share::link", || {
                    share::checked_link_with(
                        &share::Shared {
                            embed,
                            theme,
                            readonly,
                            autoplay,
                            panes,
                            ..c.clone()
                        },
                        &mut cache.borrow_mut(),
                    )
                }));
                *cell.borrow_mut() = Some((key.clone(), l.clone()));
                l
            }
        };
        let long = content
            .yaml
            .as_ref()
            .is_some_and(|y| y.len() >= DEFER_LINK_BYTES);
        // Compared in place: the key holds the whole manifest text.
        let (hit, stale) = match &*cell.borrow() {
            Some((k, l)) if **k == *key => (Some(l.clone()), None),
            Some((_, l)) => (None, Some(l.clone())),
            None => (None, None),
        };
        let link = match (hit, stale) {
            (Some(l), _) => l,
            (None, Some(stale)) if long => {
                if pending.borrow().as_deref() != Some(&*key) {
                    *pending.borrow_mut() = Some(key.clone());
                    let (get, key, pending) = (get.clone(), key.clone(), pending.clone());
                    after_next_frame(move || {
                        // A later change has scheduled its own.
                        if pending.borrow().as_deref() != Some(&*key) {
                            return;
                        }
                        *pending.borrow_mut() = None;
                        get(&key);
                        redraw.force_update();
                    });
                }
                stale
            }
            _ => {
                *pending.borrow_mut() = None;
                get(&key)
            }
        };
        let link_now: Rc<dyn Fn() -> Rc<LinkResult>> = Rc::new(move || get(&key));
        (link, link_now)
    };
    // An embedding page: report the content height, and answer the message API (ui/embed.rs).
    {
        let (s, link) = (state.dispatcher(), link.clone());
        use_effect_with(link.clone(), move |_| {
            let listener = if embedded() {
                message_listener(s, link)
            } else {
                None
            };
            move || drop(listener)
        });
    }
    use_effect_with((), |_| {
        let observer = embedded().then(report_height);
        move || drop(observer)
    });
    // The address bar takes the link at once, or, for a long one (a big paste), once the state has
    // stayed unchanged for a moment: writing a long URL costs the browser tens of milliseconds,
    // which typing and pasting should not wait for.
    {
        let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        use_effect_with(link.clone(), move |l| {
            let short = matches!(&**l, Ok(f) if f.len() <= SHORT_LINK);
            let l = l.clone();
            let write = move || {
                if let Ok(f) = &*l {
                    replace_hash(f);
                }
            };
            *timer.borrow_mut() = if short || embed {
                write();
                None
            } else {
                Some(gloo::timers::callback::Timeout::new(LINK_SETTLE_MS, write))
            };
        });
    }
    // Autosave: the state (not the view) once typing pauses, so a reload never loses an edit. Out
    // of embeds the link is exactly that state, already encoded; only a state too large for a
    // link is encoded here.
    {
        let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        let (content, cache) = (content.clone(), link_cache.clone());
        use_effect_with(link.clone(), move |l| {
            if !embed {
                let l = l.clone();
                *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(400, move || {
                    let fragment = match &*l {
                        Ok(f) => f.clone(),
                        Err(_) => share::encode_with(&content, &mut cache.borrow_mut()),
                    };
                    store(AUTOSAVE_KEY, Some(&fragment));
                }));
            }
        });
    }
    // Edited means the manifests, the toggles or the pod changed: running a command or moving
    // through a lesson's steps is not editing.
    let edited_since_link = opened.shared.content().setup().is_some() && {
        let (a, b) = (opened.shared.content(), &content);
        (
            a.preset.as_deref(),
            a.yaml.as_deref(),
            a.pod.as_ref(),
            &a.ops,
        ) != (
            b.preset.as_deref(),
            b.yaml.as_deref(),
            b.pod.as_ref(),
            &b.ops,
        )
    };
    use_effect_with((*theme).clone(), |t| apply_theme(t.as_deref()));

    // Callbacks that only dispatch: made once, so the props of the children given them compare
    // equal from one render to the next and those children re-render only when their data changes.
    let on_edit = use_action(&state, |text: String| Action::Type {
        text,
        at_ms: js_sys::Date::now(),
    });
    let on_undo = use_action(
        &state,
        |redo: bool| {
            if redo {
                Action::Redo
            } else {
                Action::Undo
            }
        },
    );
    let on_reset_scenario = use_action(&state, |_: MouseEvent| Action::ResetToScenario);
    let on_jump = use_action(&state, Action::JumpTo);
    let on_preset = {
        let s = state.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(sc) = scenarios::by_id(&sel.value()) {
                s.dispatch(Action::LoadScenario(sc.id));
                s.dispatch(Action::Run {
                    command: sc.commands.first().unwrap_or(&"").to_string(),
                    when: now_text(),
                });
            }
        })
    };
    let on_toggle_ready = use_action(&state, Action::ToggleReady);
    let on_delete = use_action(&state, Action::DeletePod);
    let on_scale = use_action(&state, |(workload, n): (WorkloadRef, i64)| {
        Action::Scale(workload, n)
    });
    let on_reset = use_action(&state, |_: MouseEvent| Action::ResetOps);
    let on_run = use_action(&state, |command: String| Action::Run {
        command,
        when: now_text(),
    });
    let on_open_lesson = {
        let (s, open, progress) = (state.dispatcher(), lessons_open.clone(), progress.clone());
        Callback::from(move |(id, n): (&'static str, usize)| {
            s.dispatch(Action::OpenLesson(id, n));
            let mut p = (**progress).clone();
            if p.see(id, n) {
                store_progress(&p);
                progress.set(Rc::new(p));
            }
            open.set(false);
        })
    };
    let on_lesson_step = {
        let (open, progress) = (on_open_lesson.clone(), progress.clone());
        let at = state.lesson;
        Callback::from(move |k: usize| {
            // Moving on from a step without a question finishes it.
            if let Some((id, n)) = at {
                let asks = crate::lessons::step(id, n).is_some_and(|(_, st)| st.predict.is_some());
                if k > n && !asks {
                    let mut p = (**progress).clone();
                    if p.complete(id, n) {
                        store_progress(&p);
                        progress.set(Rc::new(p));
                    }
                }
                open.emit((id, k));
            }
        })
    };
    let on_judged = {
        let progress = progress.clone();
        let at = state.lesson;
        Callback::from(move |right: bool| {
            if let Some((id, n)) = at {
                let mut p = (**progress).clone();
                p.record_guess(id, n, right);
                p.complete(id, n);
                store_progress(&p);
                progress.set(Rc::new(p));
            }
        })
    };
    let on_lesson_list = {
        let (s, open) = (state.dispatcher(), lessons_open.clone());
        Callback::from(move |_: ()| {
            s.dispatch(Action::CloseLesson);
            open.set(true);
        })
    };
    let on_lessons_close = {
        let open = lessons_open.clone();
        Callback::from(move |_: ()| open.set(false))
    };
    let on_lesson_kafka = {
        let k = kafka_open.clone();
        Callback::from(move |_: ()| k.set(true))
    };
    let on_clear = use_action(&state, |_: ()| Action::ClearTerminal);
    let on_settle = use_action(&state, |(step, speed_pct): (usize, u16)| Action::Settle {
        step,
        speed_pct,
    });
    let on_kafka = use_action(&state, |k: share::KafkaLink| Action::SetKafka(Some(k)));
    let on_compare = use_action(&state, |_: ()| Action::ToggleCompare);
    let on_client = use_action(&state, |(ns, pod): (String, String)| {
        Action::SetClient(ns, pod)
    });
    // Ctrl/Cmd+Enter anywhere runs the console's last command again (e.g. right after an edit).
    let on_keydown = {
        let (s, last) = (
            state.dispatcher(),
            state.run.as_ref().map(|r| r.command.clone()),
        );
        let (undo, shortcuts) = (on_undo.clone(), shortcuts_open.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.default_prevented() {
                return;
            }
            let in_text = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            if !in_text
                && ctrl
                && !e.alt_key()
                && (key.eq_ignore_ascii_case("z") || key.eq_ignore_ascii_case("y"))
            {
                e.prevent_default();
                undo.emit(key.eq_ignore_ascii_case("y") || e.shift_key());
                return;
            }
            if !in_text && !ctrl && key == "?" {
                e.prevent_default();
                shortcuts.set(!*shortcuts);
                return;
            }
            if key == "Escape" && *shortcuts {
                shortcuts.set(false);
                return;
            }
            // The console input handles its own Ctrl+Enter (and marks it handled).
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) && !e.default_prevented() {
                if let Some(c) = &last {
                    e.prevent_default();
                    s.dispatch(Action::Run {
                        command: c.clone(),
                        when: now_text(),
                    });
                }
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match theme.as_deref() {
                None => Some("dark".to_string()),
                Some("dark") => Some("light".to_string()),
                _ => None,
            };
            store(THEME_KEY, next.as_deref());
            theme.set(next);
        })
    };
    let on_open_file = {
        let (s, reader, problem) = (state.dispatcher(), reader.clone(), share_problem.clone());
        Callback::from(move |file: web_sys::File| {
            let (s, problem) = (s.clone(), problem.clone());
            let task =
                gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |text| {
                    match text {
                        Ok(t) => {
                            let d = share::decode_report(t.trim());
                            problem.set(None);
                            s.dispatch(Action::Open {
                                shared: Box::new(d.shared),
                                when: now_text(),
                            });
                        }
                        Err(_) => problem.set(Some("The file could not be read.".into())),
                    }
                });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_file_input = {
        let open = on_open_file.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                open.emit(f);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let open = on_open_file.clone();
        Callback::from(move |e: DragEvent| {
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0));
            if let Some(f) = file {
                // Only state files: a dropped YAML file is the editor's business.
                if f.name().ends_with(".hsp.txt") {
                    e.prevent_default();
                    open.emit(f);
                }
            }
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| {
        let is_file = e.data_transfer().is_some_and(|d| {
            d.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        });
        if is_file {
            e.prevent_default();
        }
    });
    let on_copy = {
        let (link_now, problem) = (link_now.clone(), share_problem.clone());
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(w) = web_sys::window() else { return };
            match &*link_now() {
                Ok(f) => {
                    let loc = w.location();
                    let href = format!(
                        "{}{}{}#{f}",
                        loc.origin().unwrap_or_default(),
                        loc.pathname().unwrap_or_default(),
                        loc.search().unwrap_or_default()
                    );
                    let _ = w.navigator().clipboard().write_text(&href);
                    problem.set(None);
                    copied.set(true);
                }
                Err(e) => {
                    problem.set(Some(format!("No link: {e}. Download the state as a file instead, and open it here again.")));
                    copied.set(false);
                }
            }
        })
    };

    // The pods a command can run in: once per cluster, not per render.
    let pods: Rc<Vec<String>> = (*use_memo(state.cluster.clone(), |c| {
        Rc::new(
            c.pods
                .iter()
                .filter(|p| p.ip().is_some())
                .map(|p| {
                    let mut v = String::with_capacity(p.namespace.len() + 1 + p.name.len());
                    v.push_str(&p.namespace);
                    v.push('/');
                    v.push_str(&p.name);
                    v
                })
                .collect::<Vec<_>>(),
        )
    }))
    .clone();
    let suggestions = state
        .scenario
        .and_then(scenarios::by_id)
        .map_or(scenarios::SEED.commands, |s| s.commands);
    let marks = (*use_memo(state.diagnostics.clone(), |d| {
        let mut marks: BTreeMap<u32, Severity> = BTreeMap::new();
        for d in d.iter() {
            let e = marks.entry(d.line).or_insert(d.severity);
            *e = (*e).min(d.severity);
        }
        marks
    }))
    .clone();
    let inline = (*use_memo(state.diagnostics.clone(), |d| {
        Rc::new(
            d.iter()
                .map(|d| (d.line, d.col, d.severity))
                .collect::<Vec<_>>(),
        )
    }))
    .clone();
    let corefile = (*use_memo(state.cluster.clone(), |c| {
        let (text, pos) = c.corefile();
        (AttrValue::from(text.to_string()), pos.map(|p| p.line))
    }))
    .clone();
    let ops_active = *state.ops != crate::cluster::Ops::default();
    let terminal_shown = shared.shows(share::Pane::Terminal);
    let prompt = html! {
        <console::Prompt pod={state.client.1.clone()} namespace={state.client.0.clone()}
            cluster={state.cluster.clone()} parsed={state.parsed.clone()} history={state.history.clone()} {suggestions}
            on_run={on_run.clone()} {on_clear} />
    };
    let show_editor = shared.shows(share::Pane::Editor);
    let theme_label = match theme.as_deref() {
        Some("dark") => "Theme: dark",
        Some("light") => "Theme: light",
        _ => "Theme: system",
    };
    // Embed mode's way out carries the state without the embed flag (encoded only in embed mode).
    let full_link = use_memo((content.clone(), embed), |(c, embed)| {
        if *embed {
            format!("#{}", share::encode_with(c, &mut link_cache.borrow_mut()))
        } else {
            String::new()
        }
    });
    let full_link = (*full_link).clone();
    // A state too large for a link still travels: as a file holding the fragment.
    let state_file = share_problem.as_ref().map(|_| {
        format!(
            "data:text/plain;charset=utf-8,{}",
            share::encode_with(&content, &mut link_cache.borrow_mut()).replace('#', "%23")
        )
    });

    // Keys pressed with nothing focused (the page body) reach the same handler.
    let keys = use_mut_ref(Callback::<KeyboardEvent>::noop);
    *keys.borrow_mut() = on_keydown.clone();
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            let opts = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(&doc, "keydown", opts, move |e| {
                let on_body = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_none_or(|el| matches!(el.tag_name().as_str(), "BODY" | "HTML"));
                if let (true, Some(k)) = (on_body, e.dyn_ref::<KeyboardEvent>()) {
                    keys.borrow().emit(k.clone());
                }
            })
        });
        move || drop(listener)
    });
    html! {
        <div class={classes!("app", embed.then_some("embed"))} onkeydown={on_keydown} ondrop={on_drop} ondragover={on_dragover}>
            <header class="topbar">
                <h1>{ "Headless Services Playground" }</h1>
                if !embed {
                    <p class="tagline">{ "How Kubernetes DNS names ClusterIP Services, headless Services and StatefulSet pods" }</p>
                }
                <label class="preset">
                    <span>{ "Scenario" }</span>
                    <select id="preset" onchange={on_preset} title="Load a scenario (replaces the manifests)">
                        if state.scenario.is_none() {
                            <option value="" selected=true>{ "(edited)" }</option>
                        }
                        { for scenarios::ALL.iter().map(|s| html! {
                            <option key={s.id} value={s.id} selected={state.scenario == Some(s.id)}>{ s.title }</option>
                        }) }
                    </select>
                </label>
                <div class="tools">
                    if embed {
                        <a class="btn" href={full_link} target="_blank" rel="noopener">{ "Open in the full playground ↗" }</a>
                    } else {
                        if edited_since_link {
                            <span class="edited-note">{ "edited since the link was opened" }</span>
                        }
                        <button id="share" class="btn" onclick={on_copy} title="Copy a link to exactly this state">
                            { if *copied { "Link copied" } else { "Copy share link" } }
                        </button>
                        <button id="embed-open" class="btn" aria-pressed={embed_open.to_string()} title="The <iframe> snippet for a tutorial page"
                            onclick={let e = embed_open.clone(); move |_: MouseEvent| e.set(!*e)}>{ "Embed" }</button>
                    }
                    <button id="kafka-open" class={classes!("btn", (*kafka_open).then_some("on"))} aria-pressed={kafka_open.to_string()}
                        title="Kafka: a producer reaching each partition's leader through per-broker DNS names"
                        onclick={
                            let (k, s) = (kafka_open.clone(), state.dispatcher());
                            move |_: MouseEvent| {
                                if *k {
                                    s.dispatch(Action::SetKafka(None));
                                }
                                k.set(!*k)
                            }
                        }>{ "Kafka" }</button>
                    <button id="lessons-open" class={classes!("btn", (*lessons_open || state.lesson.is_some()).then_some("on"))}
                        aria-pressed={(*lessons_open || state.lesson.is_some()).to_string()} title="Guided lessons: predict each answer, then see it"
                        onclick={
                            let (o, s) = (lessons_open.clone(), state.dispatcher());
                            let in_lesson = state.lesson.is_some();
                            move |_: MouseEvent| {
                                if in_lesson {
                                    s.dispatch(Action::CloseLesson);
                                    o.set(false);
                                } else {
                                    o.set(!*o);
                                }
                            }
                        }>{ "Lessons" }</button>
                    <button id="shortcuts" class="btn" aria-haspopup="dialog" aria-expanded={shortcuts_open.to_string()} title="Keyboard shortcuts (?)"
                        onclick={let o = shortcuts_open.clone(); move |_: MouseEvent| o.set(!*o)}>{ "Shortcuts" }</button>
                    <button id="theme" class="btn" onclick={on_theme} aria-label={theme_label} title={theme_label}>
                        { match theme.as_deref() { Some("dark") => "☾", Some("light") => "☀", _ => "◐" } }
                    </button>
                </div>
            </header>
            if let Some(msg) = (*share_problem).clone() {
                <div class="share-problem" role="alert">
                    <span>{ msg }</span>
                    if let Some(href) = state_file.clone() {
                        <a class="btn small" href={href} download="headless-playground-state.hsp.txt">{ "Download the state" }</a>
                    }
                    <label class="btn small file">
                        { "Open a state file" }
                        <input type="file" accept=".txt,text/plain" onchange={on_file_input.clone()} />
                    </label>
                </div>
            }
            if !opened.dropped.is_empty() && !*notice_closed {
                <div class="share-problem" role="status">
                    <span>{ format!("Part of this link could not be used and was left out: {}.", opened.dropped.join("; ")) }</span>
                    <button class="btn small" onclick={let c = notice_closed.clone(); move |_: MouseEvent| c.set(true)}>{ "Dismiss" }</button>
                </div>
            }
            if *lessons_open && state.lesson.is_none() {
                <lessons_view::LessonList progress={(*progress).clone()} on_open={on_open_lesson.clone()} on_close={on_lessons_close} />
            }
            if let Some((l, n)) = state.lesson.and_then(|(id, n)| Some((crate::lessons::by_id(id)?, n))) {
                <lessons_view::LessonStep lesson={l} {n} progress={(*progress).clone()} on_step={on_lesson_step}
                    on_list={on_lesson_list} on_run={on_run.clone()} {on_judged} on_kafka={on_lesson_kafka} />
            }
            if let (Some(sc), None) = (state.scenario.and_then(scenarios::by_id), state.lesson) {
                if !embed {
                    <section class="summary-wrap" aria-label="About this scenario">
                        <p class="summary">{ sc.summary }</p>
                    </section>
                }
            }
            if *shortcuts_open {
                <Shortcuts on_close={let o = shortcuts_open.clone(); Callback::from(move |_| o.set(false))} />
            }
            if *embed_open && !embed {
                <EmbedDialog link={(*link).clone().ok()} on_close={let e = embed_open.clone(); Callback::from(move |_| e.set(false))} />
            }
            <main class={classes!("panes", (!show_editor).then_some("single"))}>
                if show_editor {
                <section class="pane pane-editor" aria-labelledby="editor-h">
                    <div class="editor-h">
                        <h2 id="editor-h">{ "Manifests" }</h2>
                        if !shared.readonly {
                            <div class="edit-tools" role="group" aria-label="Editing">
                                <button id="undo" class="btn small" disabled={state.undo.is_empty()} onclick={on_undo.reform(|_: MouseEvent| false)}
                                    title={state.undo.last().map_or("Nothing to undo".to_string(), |u| format!("Undo the last {} (Ctrl+Z)", u.what))}>{ "Undo" }</button>
                                <button id="redo" class="btn small" disabled={state.redo.is_empty()} onclick={on_undo.reform(|_: MouseEvent| true)}
                                    title={state.redo.last().map_or("Nothing to redo".to_string(), |u| format!("Redo the {} (Ctrl+Shift+Z)", u.what))}>{ "Redo" }</button>
                                if state.scenario.is_none() || ops_active {
                                    <button id="reset-scenario" class="btn small" onclick={on_reset_scenario}
                                        title="Load the scenario's manifests again, with no pod changes (undo brings your edit back)">
                                        { format!("Reset to “{}”", scenarios::by_id(state.origin).map_or("the scenario", |s| s.title)) }
                                    </button>
                                }
                            </div>
                        }
                    </div>
                    if let Some(note) = *autosave_note {
                        <p class="autosave-note" role="status">
                            { note }
                            { " " }
                            <button class="link" onclick={let n = autosave_note.clone(); move |_: MouseEvent| n.set(None)}>{ "Dismiss" }</button>
                        </p>
                    }
                    <editor::Editor text={AttrValue::from(state.yaml.clone())} marks={marks} {inline} jump={state.jump} on_edit={on_edit} on_undo={on_undo.clone()} heavy={state.cluster.pods.len() > HEAVY_PODS} readonly={shared.readonly} />
                    <diagnostics::Diagnostics diagnostics={state.diagnostics.clone()} on_jump={on_jump.clone()} />
                    <objects::Objects parsed={state.parsed.clone()} on_jump={on_jump.clone()} />
                </section>
                }
                <section class="pane pane-output" aria-labelledby="dns-h">
                    <h2 id="dns-h">{ "Ask DNS" }</h2>
                    if terminal_shown {
                        <console::ClientRow client={state.client.clone()} {pods} {on_client} corefile={corefile.clone()} on_jump={on_jump.clone()}
                            resolv_conf={state.run.as_ref().map(|r| r.resolv_conf.clone())} />
                    }
                    if let Some(run) = state.run.clone() {
                        <player::Player {run} link_step={shared.step} speed_pct={state.speed_pct} {on_settle} on_jump={on_jump.clone()}
                            compare_open={state.compare_open} compare={state.compare.clone()} {on_compare}
                            autoplay={shared.autoplay.unwrap_or(true)} goto={state.goto} diagram={shared.shows(share::Pane::Diagram)}
                            scrollback={terminal_shown.then(|| state.scrollback.clone())} term_cleared={state.term_cleared} on_run={on_run.clone()}>
                            { prompt.clone() }
                        </player::Player>
                    } else if terminal_shown {
                        <console::TermLog entries={state.scrollback.clone()} version={state.scrollback.len() as u64} />
                        { prompt.clone() }
                    }
                    if shared.shows(share::Pane::Cluster) {
                        <div class="cluster-h">
                            <h2 id="output-h">{ "Cluster" }</h2>
                            if ops_active {
                                <button class="btn small" onclick={on_reset}>{ "Undo pod changes" }</button>
                            }
                        </div>
                        <cluster_view::ClusterView cluster={state.cluster.clone()} {on_toggle_ready} {on_delete} {on_scale} on_jump={on_jump.clone()} />
                    }
                </section>
            </main>
            if *kafka_open {
                <div class="pane pane-kafka">
                    <kafka_view::KafkaView cluster={state.cluster.clone()} scenario_id={state.scenario} on_jump={on_jump.clone()}
                        link={shared.kafka.clone()} on_change={on_kafka} />
                </div>
            }
            if !embed {
                <footer class="foot">
                    <span>{ "Simulates CoreDNS's kubernetes plugin as kubeadm configures it (cluster.local, pods insecure, ttl 30), or as a pasted coredns ConfigMap does. " }</span>
                    <span>{ "Keys: Enter runs a command, ↑/↓ walk its history, Ctrl+L clears the terminal, Ctrl+Enter re-runs the last command from anywhere." }</span>
                </footer>
            }
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

/// The query string the page was opened with, without `?`.
fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// True inside an iframe (the page has a parent other than itself).
fn embedded() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(p)) => !js_sys::Object::is(&p, &w),
        _ => false,
    }
}

/// Sends `msg` to the embedding page, at `origin` (`"*"` only for the height, which reveals
/// nothing).
fn post_to_parent(msg: &wasm_bindgen::JsValue, origin: &str) {
    if let Some(Ok(Some(p))) = web_sys::window().map(|w| w.parent()) {
        let _ = p.post_message(msg, origin);
    }
}

/// `{type, v: 1, …fields}` as a JS object.
fn message(kind: &str, fields: &[(&str, wasm_bindgen::JsValue)]) -> wasm_bindgen::JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&o, &"v".into(), &1.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// Answers the embed message API (see `embed.rs`) for as long as it is kept.
fn message_listener(
    s: UseReducerDispatcher<AppState>,
    link: Rc<Result<String, share::LinkError>>,
) -> Option<gloo::events::EventListener> {
    let w = web_sys::window()?;
    let parent = w.parent().ok().flatten();
    Some(gloo::events::EventListener::new(&w, "message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        // Only the page that embeds us.
        let from_parent = match (e.source(), &parent) {
            (Some(src), Some(p)) => js_sys::Object::is(&src, p),
            _ => false,
        };
        if !from_parent {
            return;
        }
        let origin = e.origin();
        let data = e.data();
        let text = |k: &str| {
            js_sys::Reflect::get(&data, &k.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        let number = |k: &str| {
            js_sys::Reflect::get(&data, &k.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        let reply = |m: wasm_bindgen::JsValue| post_to_parent(&m, &origin);
        match embed::read(text("type"), number("v"), text, number) {
            embed::Verdict::Ignore => {}
            embed::Verdict::Refuse(why) => reply(message("hsp:error", &[("message", why.into())])),
            embed::Verdict::Do(req) => match req {
                embed::Request::Load {
                    preset,
                    yaml,
                    command,
                } => {
                    s.dispatch(Action::Open {
                        shared: Box::new(share::Shared {
                            preset,
                            yaml,
                            command,
                            ..Default::default()
                        }),
                        when: now_text(),
                    });
                    reply(message("hsp:loaded", &[]));
                }
                embed::Request::Run { command } => {
                    s.dispatch(Action::Run {
                        command: command.clone(),
                        when: now_text(),
                    });
                    reply(message("hsp:ran", &[("command", command.into())]));
                }
                embed::Request::Step { step } => {
                    s.dispatch(Action::GoToStep(step));
                    reply(message("hsp:stepped", &[("step", (step as f64).into())]));
                }
                embed::Request::GetState => {
                    let fragment = match &*link {
                        Ok(f) => format!("#{f}"),
                        Err(e) => e.to_string(),
                    };
                    reply(message("hsp:state", &[("fragment", fragment.into())]));
                }
            },
        }
    }))
}

/// Tells the embedding page the content height whenever it changes (a `ResizeObserver` on the
/// app's root), so it can size the iframe; the observer lives as long as the returned value.
fn report_height() -> ResizeReporter {
    use wasm_bindgen::closure::Closure;
    let send = || {
        let h = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map_or(0, |e| e.scroll_height());
        post_to_parent(
            &message("hsp:height", &[("height", f64::from(h).into())]),
            "*",
        );
    };
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| send());
    let observer = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok();
    if let (Some(o), Some(body)) = (
        &observer,
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body()),
    ) {
        o.observe(&body);
    }
    ResizeReporter { observer, _cb: cb }
}

/// A live `ResizeObserver` and its callback; dropping it disconnects both.
struct ResizeReporter {
    observer: Option<web_sys::ResizeObserver>,
    _cb: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for ResizeReporter {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

#[derive(Properties, PartialEq)]
struct EmbedDialogProps {
    /// The current share fragment (`None`: the state is too large for a link).
    link: Option<String>,
    on_close: Callback<()>,
}

/// The `<iframe>` snippet for the current state, with the auto-size script and the message API.
#[component]
fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    let copied = use_state(|| false);
    let Some(fragment) = &props.link else {
        return html! {
            <section class="embed-dialog" aria-labelledby="embed-h">
                <h2 id="embed-h">{ "Embed" }</h2>
                <p>{ "This state is too large for a link, so it cannot be embedded as it is: shorten the manifests, or embed a scenario and load the YAML with the message API (hsp:load)." }</p>
                <button class="btn small" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </section>
        };
    };
    let base = web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let snippet = format!(
        "<iframe src=\"{base}?embed=1#{fragment}\" title=\"Headless Services Playground\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>\n<script>\n  // Let the playground set its own height.\n  addEventListener('message', (e) => {{\n    if (e.data && e.data.type === 'hsp:height') {{\n      for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';\n    }}\n  }});\n</script>"
    );
    let on_copy = {
        let (copied, text) = (copied.clone(), snippet.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
                copied.set(true);
            }
        })
    };
    html! {
        <section class="embed-dialog" aria-labelledby="embed-h">
            <h2 id="embed-h">{ "Embed this state in a page" }</h2>
            <p>{ "Paste this into a tutorial page. Add embed options to the query string: theme=light|dark, readonly=1, autoplay=0, panes=editor,terminal,diagram,cluster,kafka. The page can also drive the playground with postMessage (hsp:load, hsp:run, hsp:step, hsp:get-state; see the README)." }</p>
            <textarea class="embed-snippet" readonly=true aria-label="Embed snippet" rows="9" value={snippet} />
            <div class="embed-actions">
                <button class="btn small" onclick={on_copy}>{ if *copied { "Snippet copied" } else { "Copy snippet" } }</button>
                <button class="btn small" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ShortcutsProps {
    on_close: Callback<()>,
}

/// The keys, listed (`?` or the "Shortcuts" button opens it; Escape or the button closes it).
#[component]
fn Shortcuts(props: &ShortcutsProps) -> Html {
    let close = use_node_ref();
    {
        let close = close.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let on_key = {
        let c = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                c.emit(());
            }
        })
    };
    const KEYS: &[(&str, &str)] = &[
        ("Enter", "in the terminal: run the command"),
        (
            "↑ / ↓",
            "in the terminal: walk the history (kept across visits)",
        ),
        (
            "Tab",
            "in the terminal: complete a command, a flag, a Service, pod or DNS name",
        ),
        (
            "Ctrl+L",
            "in the terminal: clear it (as the clear command does)",
        ),
        ("Ctrl+Enter", "anywhere: run the last command again"),
        (
            "Ctrl+Z",
            "undo an edit or a pod change (in the editor, or anywhere outside a text box)",
        ),
        ("Ctrl+Shift+Z or Ctrl+Y", "redo"),
        ("Space or K", "on the diagram: play or pause"),
        ("← / →", "on the diagram: previous or next step"),
        ("Home / End", "on the diagram: first or last step"),
        ("?", "outside a text box: this list"),
        ("Escape", "close this list"),
    ];
    html! {
        <div class="dialog-back" onclick={props.on_close.reform(|_: MouseEvent| ())}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-h" onkeydown={on_key}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="shortcuts-h">{ "Keyboard shortcuts" }</h2>
                <dl class="keys">
                    { for KEYS.iter().map(|(k, what)| html! {
                        <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></>
                    }) }
                </dl>
                <button class="btn" ref={close} onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
        </div>
    }
}

/// Runs `f` in a task after the next frame has been drawn (a timeout queued from that frame's
/// animation callback), or at once without a window.
fn after_next_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return f();
    };
    let later = Closure::once_into_js(f);
    let frame = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(later.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}
