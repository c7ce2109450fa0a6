//! Playback of a [`Timeline`]: one virtual time, the controls that move it, the keys, and the
//! text twin of the steps. Shared by every diagram (the DNS query path, Kafka).
//!
//! The time lives in [`use_playback`], never in the app state: a frame re-renders only the
//! component that plays. One `requestAnimationFrame` loop runs while playing; it stops at a pause
//! point, at the end, when the tab is hidden, on pause and on drop. With reduced motion nothing
//! plays by itself and Play steps one whole state at a time, with no travel.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::share::{speed_text, SPEEDS};
use crate::anim::Timeline;

/// Wall-clock ms per step while playing with reduced motion (no travel: one state at a time).
const REDUCED_STEP_MS: f64 = 1100.0;

/// One frame's work; it schedules the next frame itself while playing.
type Tick = Rc<dyn Fn(f64)>;
/// The frame handle in use and the one whose callback may be running.
type Frames = Rc<RefCell<[Option<AnimationFrame>; 2]>>;

pub(crate) fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

#[derive(Clone, Debug, PartialEq)]
struct Play {
    key: Option<String>,
    /// The timeline the time belongs to (its address: a rebuilt run is a new timeline).
    tl: usize,
    t: u32,
    playing: bool,
}

/// What happens when the same run (same key) gets a rebuilt timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rebuild {
    /// Show the new timeline whole (the console re-runs a command when the cluster changes).
    ShowAll,
    /// Go back to the start (a Kafka toggle changes the story).
    Restart,
}

/// The playback state and what moves it.
#[derive(Clone, PartialEq)]
pub struct Playback {
    pub t: u32,
    pub playing: bool,
    pub speed_pct: u16,
    /// Jump to a time and pause.
    pub seek: Callback<u32>,
    /// Play or pause (Play at the end starts over).
    pub toggle: Callback<()>,
    pub set_speed: Callback<u16>,
}

impl Playback {
    /// Space/K play or pause, ←/→ step, Home/End jump: for the diagram's own `onkeydown`, so the
    /// keys never reach the editor or the console.
    pub fn on_key(&self, tl: &Rc<Timeline>) -> Callback<KeyboardEvent> {
        let (pb, tl) = (self.clone(), tl.clone());
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                " " | "k" | "K" => {
                    e.prevent_default();
                    pb.toggle.emit(());
                    return;
                }
                "ArrowLeft" => tl.prev_stop(pb.t),
                "ArrowRight" => tl.next_stop(pb.t),
                "Home" => 0,
                "End" => tl.duration(),
                _ => return,
            };
            e.prevent_default();
            pb.seek.emit(to);
        })
    }
}

/// Plays `tl`, identified by `key`. A new key starts over: at the link's step (paused) the first
/// time, at the end with reduced motion (everything shown, nothing moving), else from 0, playing.
#[hook]
pub fn use_playback(
    tl: Rc<Timeline>,
    key: String,
    link_step: Option<usize>,
    initial_speed: u16,
    rebuild: Rebuild,
) -> Playback {
    use_playback_from(tl, key, link_step, initial_speed, rebuild, true)
}

/// [`use_playback`], with `autoplay = false` starting new runs paused at the start (an embed's
/// `autoplay=0`).
#[hook]
pub fn use_playback_from(
    tl: Rc<Timeline>,
    key: String,
    link_step: Option<usize>,
    initial_speed: u16,
    rebuild: Rebuild,
    autoplay: bool,
) -> Playback {
    let tl_id = Rc::as_ptr(&tl) as usize;
    let reduced = *use_memo((), |_| reduced_motion());
    let link_used = use_mut_ref(|| false);
    let speed = use_state(|| initial_speed);
    let play = use_state(|| Play {
        key: None,
        tl: 0,
        t: 0,
        playing: false,
    });

    // What this render shows: the stored play state when it belongs to this run, else where a new
    // run starts (so the first render of a new run already hides its answer, with no flash).
    let start = {
        let link_used = link_used.clone();
        let tl = tl.clone();
        move || -> (u32, bool) {
            if let (Some(n), false) = (link_step, *link_used.borrow()) {
                (tl.time_of_step(n), false)
            } else if reduced {
                (tl.duration(), false)
            } else {
                (0, autoplay)
            }
        }
    };
    let cur = match &*play {
        p if p.key.as_ref() == Some(&key) && p.tl == tl_id => p.clone(),
        // The same run rebuilt on changed inputs: shown whole, or from the start.
        p if p.key.as_ref() == Some(&key) => Play {
            key: Some(key.clone()),
            tl: tl_id,
            t: match rebuild {
                Rebuild::ShowAll => tl.duration(),
                Rebuild::Restart => 0,
            },
            playing: false,
        },
        _ => {
            let (t, playing) = start();
            Play {
                key: Some(key.clone()),
                tl: tl_id,
                t,
                playing,
            }
        }
    };
    {
        let (play, cur) = (play.clone(), cur.clone());
        let link_used = link_used.clone();
        use_effect_with((key.clone(), tl_id), move |_| {
            *link_used.borrow_mut() = true;
            if *play != cur {
                play.set(cur);
            }
        });
    }

    // The animation loop: only while playing.
    {
        let play = play.clone();
        let tl = tl.clone();
        let spd = f64::from(*speed) / 100.0;
        let (t0, playing) = (cur.t, cur.playing);
        let cur_key = cur.key.clone();
        use_effect_with((playing, tl_id, *speed), move |_| {
            let handle: Frames = Rc::new(RefCell::new([None, None]));
            let mut hidden_listener = None;
            if playing {
                let now_t = Rc::new(Cell::new(t0));
                let last_ts = Rc::new(Cell::new(None::<f64>));
                let stopped = Rc::new(Cell::new(false));
                let stop = {
                    let (play, key, now_t, stopped) = (
                        play.clone(),
                        cur_key.clone(),
                        now_t.clone(),
                        stopped.clone(),
                    );
                    Rc::new(move || {
                        stopped.set(true);
                        play.set(Play {
                            key: key.clone(),
                            tl: tl_id,
                            t: now_t.get(),
                            playing: false,
                        });
                    })
                };
                if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                    let stop = stop.clone();
                    hidden_listener = Some(EventListener::new(&doc, "visibilitychange", {
                        let doc = doc.clone();
                        move |_| {
                            if doc.hidden() {
                                stop();
                            }
                        }
                    }));
                }
                // The frame handle in use, and the one whose callback may be running now: it is
                // dropped one frame later, never from inside its own callback.
                fn schedule(
                    handle: Rc<RefCell<[Option<AnimationFrame>; 2]>>,
                    tick: Rc<dyn Fn(f64)>,
                ) {
                    let next = request_animation_frame(move |ts| tick(ts));
                    let mut h = handle.borrow_mut();
                    let running = h[0].replace(next);
                    h[1] = running;
                }
                let tick: Rc<RefCell<Option<Tick>>> = Rc::new(RefCell::new(None));
                let tick_fn: Tick = {
                    let (handle, tick, play, key) =
                        (handle.clone(), tick.clone(), play.clone(), cur_key.clone());
                    let (tl, now_t, last_ts, stopped, stop) = (
                        tl.clone(),
                        now_t.clone(),
                        last_ts.clone(),
                        stopped.clone(),
                        stop.clone(),
                    );
                    Rc::new(move |ts: f64| {
                        if stopped.get() {
                            return;
                        }
                        let from = now_t.get();
                        let to = match last_ts.get() {
                            None => from,
                            Some(prev) if reduced => {
                                // One whole step per interval: the picture never travels.
                                if ts - prev < REDUCED_STEP_MS / spd {
                                    if let Some(tick) = tick.borrow().clone() {
                                        schedule(handle.clone(), tick);
                                    }
                                    return;
                                }
                                tl.next_stop(from)
                            }
                            Some(prev) => from + ((ts - prev).max(0.0) * spd) as u32,
                        };
                        last_ts.set(Some(ts));
                        let end = tl.duration();
                        let stop_at = tl.pause_between(from, to).or((to >= end).then_some(end));
                        if let Some(at) = stop_at {
                            now_t.set(at);
                            stop();
                            return;
                        }
                        now_t.set(to);
                        play.set(Play {
                            key: key.clone(),
                            tl: tl_id,
                            t: to,
                            playing: true,
                        });
                        if let Some(tick) = tick.borrow().clone() {
                            schedule(handle.clone(), tick);
                        }
                    })
                };
                *tick.borrow_mut() = Some(tick_fn.clone());
                schedule(handle.clone(), tick_fn);
                // Break the cycle on cleanup.
                let tick_ref = tick.clone();
                return Box::new(move || {
                    stopped.set(true);
                    *handle.borrow_mut() = [None, None];
                    tick_ref.borrow_mut().take();
                    drop(hidden_listener);
                }) as Box<dyn FnOnce()>;
            }
            Box::new(move || {
                *handle.borrow_mut() = [None, None];
                drop(hidden_listener);
            }) as Box<dyn FnOnce()>
        });
    }

    let seek = {
        let (play, key) = (play.clone(), key.clone());
        Callback::from(move |t: u32| {
            play.set(Play {
                key: Some(key.clone()),
                tl: tl_id,
                t,
                playing: false,
            })
        })
    };
    let toggle = {
        let (play, key, tl) = (play.clone(), key.clone(), tl.clone());
        let (t, playing) = (cur.t, cur.playing);
        Callback::from(move |_: ()| {
            let t = if !playing && t >= tl.duration() { 0 } else { t };
            play.set(Play {
                key: Some(key.clone()),
                tl: tl_id,
                t,
                playing: !playing,
            })
        })
    };
    let set_speed = {
        let speed = speed.clone();
        Callback::from(move |v: u16| speed.set(v))
    };
    Playback {
        t: cur.t,
        playing: cur.playing,
        speed_pct: *speed,
        seek,
        toggle,
        set_speed,
    }
}

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub timeline: Rc<Timeline>,
    pub playback: Playback,
    /// The group's accessible name.
    #[prop_or(AttrValue::Static("Playback"))]
    pub label: AttrValue,
}

/// Restart, Previous step, Play/Pause, Next step, speed, a scrubber with chapter ticks, a readout.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let tl = &props.timeline;
    let pb = &props.playback;
    let t = pb.t;
    let seek_to = |to: u32| pb.seek.reform(move |_: MouseEvent| to);
    let on_scrub = pb.seek.reform(|e: InputEvent| {
        let i: HtmlInputElement = e.target_unchecked_into();
        i.value().parse::<u32>().unwrap_or(0)
    });
    let on_speed = {
        let set = pb.set_speed.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = s.value().parse::<u16>() {
                set.emit(v);
            }
        })
    };
    let toggle = pb.toggle.reform(|_: MouseEvent| ());
    let play_label = if pb.playing { "Pause" } else { "Play" };
    let ticks_id = format!("ticks-{}", Rc::as_ptr(tl) as usize);
    let readout = tl.readout(t);
    html! {
        <div class="controls" role="group" aria-label={props.label.clone()}>
            <button class="btn small" onclick={seek_to(0)} aria-label="Restart" title="Restart (Home)">{ "Restart" }</button>
            <button class="btn small" onclick={seek_to(tl.prev_stop(t))} aria-label="Previous step" title="Previous step (←)">{ "◀ Previous" }</button>
            <button class="btn small primary" onclick={toggle} aria-label={play_label} title={format!("{play_label} (Space)")}>
                { if pb.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button class="btn small" onclick={seek_to(tl.next_stop(t))} aria-label="Next step" title="Next step (→)">{ "Next ▶" }</button>
            <label class="speed">
                <span>{ "Speed" }</span>
                <select onchange={on_speed}>
                    { for SPEEDS.iter().map(|&p| html! {
                        <option key={p} value={p.to_string()} selected={p == pb.speed_pct}>{ format!("{}×", speed_text(p)) }</option>
                    }) }
                </select>
            </label>
            <input class="scrubber" type="range" min="0" max={tl.duration().to_string()} step="10" value={t.to_string()}
                aria-label="Time" aria-valuetext={readout.clone()} list={ticks_id.clone()} oninput={on_scrub} />
            <datalist id={ticks_id}>
                { for tl.chapter_starts().iter().map(|t| html! { <option key={*t} value={t.to_string()} /> }) }
            </datalist>
            <span class="readout" aria-hidden="true">{ readout }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TwinProps {
    pub timeline: Rc<Timeline>,
    pub step: Option<usize>,
    /// Go to the end of step `i`.
    pub on_seek: Callback<usize>,
    /// Show a manifest line in the editor.
    pub on_jump: Callback<u32>,
    /// The list's accessible name.
    pub label: AttrValue,
}

/// The text twin: every step's caption in order, the current one marked, each linked to its lines.
#[component]
pub fn Twin(props: &TwinProps) -> Html {
    let tl = &props.timeline;
    html! {
        <ol class="twin-steps" aria-label={props.label.clone()}>
            { for tl.steps.iter().enumerate().map(|(i, s)| {
                let current = Some(i) == props.step;
                let chapter_start = tl.chapters.get(s.chapter).is_some_and(|c| c.first_step == i);
                html! {
                    <li key={i} class={classes!(s.outcome.as_str(), s.dim.then_some("dim"), chapter_start.then_some("chapter"))}
                        aria-current={current.then_some("step")} data-outcome={s.outcome.as_str()}>
                        <span class="n" aria-hidden="true">{ format!("{}.", i + 1) }</span>
                        <span class="body">
                            <button class="twin-seek" onclick={props.on_seek.reform(move |_: MouseEvent| i)} title="Show this step">{ s.caption.clone() }</button>
                            { for s.pos.iter().take(4).map(|p| {
                                let line = p.line;
                                html! {
                                    <button class="line-link" onclick={props.on_jump.reform(move |_: MouseEvent| line)}
                                        title="Show in the editor">{ format!("line {line}") }</button>
                                }
                            }) }
                        </span>
                    </li>
                }
            }) }
        </ol>
    }
}
