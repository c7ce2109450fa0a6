//! The animated answer: the query path drawn on the cluster, its controls, the text twin of its
//! steps, and the tool's output, all reading one virtual time over the run's immutable timeline.
//!
//! Only the packet layer reads the time; the lanes and boxes re-render when the step changes, the
//! output and the step list when the step changes. One `requestAnimationFrame` loop runs while
//! playing and stops on pause, at a pause point, at the end, when the tab is hidden and on drop.

use std::rc::Rc;

use yew::prelude::*;

use super::console::{CommandLine, TermLog};
use super::playback::{use_playback, use_playback_from, Controls, Rebuild, Twin};
use super::state::{Comparison, ConsoleRun, TermEntry};
use super::svg::{arrow_head, fit, hop_class, px};
use crate::anim::layout::{Geometry, Rect};
use crate::anim::timeline::{ActorState, HopKind};
use crate::anim::{frame_at, Actor, ActorKind, Outcome, Timeline, What};
use crate::dns::resolver::Resolution;

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub run: Rc<ConsoleRun>,
    /// The step a share link asked for (used for the first run only).
    pub link_step: Option<usize>,
    pub speed_pct: u16,
    /// The player stopped: `(step, speed in percent)`, for the share link.
    pub on_settle: Callback<(usize, u16)>,
    pub on_jump: Callback<u32>,
    pub compare_open: bool,
    pub compare: Option<Rc<Comparison>>,
    pub on_compare: Callback<()>,
    /// New runs start playing by themselves (an embed's `autoplay=0` turns it off).
    #[prop_or(true)]
    pub autoplay: bool,
    /// A request from outside (an embedding page) to show step N (1-based); the counter makes
    /// repeated requests distinct.
    #[prop_or_default]
    pub goto: Option<(usize, u32)>,
    /// Show the diagram and its step list (an embed's `panes` may leave them out).
    #[prop_or(true)]
    pub diagram: bool,
    /// The terminal's earlier commands (`None`: no terminal; the output shows on its own).
    #[prop_or_default]
    pub scrollback: Option<Rc<Vec<TermEntry>>>,
    /// `clear` hid the current run from the terminal.
    #[prop_or_default]
    pub term_cleared: bool,
    /// The prompt, shown under the terminal.
    #[prop_or_default]
    pub children: Html,
    /// Run a command in the terminal (the queries' own `dig` lines are click-to-run).
    #[prop_or_default]
    pub on_run: Callback<String>,
}

/// A run as the player tells runs apart: command, client pod, wall-clock text.
fn key_of(r: &ConsoleRun) -> String {
    format!(
        "{}\u{1f}{}/{}\u{1f}{}",
        r.command, r.client.0, r.client.1, r.when
    )
}

#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let run = props.run.clone();
    let tl = run.timeline.clone();
    let pb = use_playback_from(
        tl.clone(),
        key_of(&run),
        props.link_step,
        props.speed_pct,
        Rebuild::ShowAll,
        props.autoplay,
    );
    {
        let (seek, tl) = (pb.seek.clone(), tl.clone());
        use_effect_with(props.goto, move |goto| {
            if let Some((n, _)) = goto {
                seek.emit(tl.time_of_step(*n));
            }
        });
    }
    let frame = frame_at(&tl, pb.t);
    let step = frame.step;
    // Report where playback stopped (once per stop, never per frame).
    {
        let on_settle = props.on_settle.clone();
        let tl_id = Rc::as_ptr(&tl) as usize;
        use_effect_with(
            (pb.playing, step, pb.speed_pct, tl_id),
            move |(playing, step, spd, _)| {
                if let (false, Some(s)) = (*playing, step) {
                    on_settle.emit((s + 1, *spd));
                }
            },
        );
    }
    let seek_step = {
        let (seek, tl) = (pb.seek.clone(), tl.clone());
        use_callback((seek, tl), |i: usize, (seek, tl)| {
            seek.emit(tl.steps.get(i).map_or(0, |s| s.end()))
        })
    };

    // The tool's text shows once CoreDNS's verdict for the answer is reached.
    let verdict = tl.steps.iter().position(|s| s.pause);
    let done = match (verdict, step) {
        (None, _) => true,
        (Some(v), Some(s)) => s >= v,
        (Some(_), None) => false,
    };
    let shown = match step {
        Some(s) => tl.steps[..=s]
            .iter()
            .filter_map(|st| st.query)
            .max()
            .map_or(0, |q| q + 1),
        None => 0,
    };
    let shown = if done { run.log.len() } else { shown };
    let skip = {
        let (seek, tl) = (pb.seek.clone(), tl.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(v) = verdict {
                seek.emit(tl.steps[v].end());
            }
        })
    };

    let caption = step
        .map(|i| tl.steps[i].caption.clone())
        .unwrap_or_default();
    let settled = step.is_some_and(|i| pb.t >= tl.steps[i].end());
    let geo = run.geometry.clone();
    let on_key = pb.on_key(&tl);
    let waiting = if pb.playing {
        format!(
            "{} is waiting for the reply…",
            run.command.split_whitespace().next().unwrap_or("dig")
        )
    } else {
        "The output shows once CoreDNS has decided.".to_string()
    };

    // Nothing was sent (a usage error, a shell command): just the output.
    if tl.steps.is_empty() || !props.diagram {
        let note = if tl.steps.is_empty() {
            format!(
                "exit status {}; no DNS query was sent, so there is nothing to draw",
                run.exit_code
            )
        } else {
            format!("exit status {}", run.exit_code)
        };
        let output = html! {
            <pre id="dig-output" class="tool-output" data-exit={run.exit_code.to_string()} data-command={run.command.clone()}>
                { run.text.as_str() }
            </pre>
        };
        return html! {
            <div class="player">
                { terminal(props, &run, true, [output, html! { <p class="exit">{ note }</p> }, Html::default()]) }
                if !tl.steps.is_empty() {
                    <Queries run={run.clone()} shown={run.log.len()} on_jump={props.on_jump.clone()} on_run={props.on_run.clone()} />
                }
            </div>
        };
    }
    let output = html! {
        <pre id="dig-output" class={classes!("tool-output", (!done).then_some("pending"))}
            data-exit={run.exit_code.to_string()} data-command={run.command.clone()}>
            { if done { run.text.as_str() } else { "" } }
        </pre>
    };
    let after = if done {
        html! { <p class="exit">{ format!("exit status {}", run.exit_code) }</p> }
    } else {
        Html::default()
    };
    let stepping = if done {
        Html::default()
    } else {
        html! {
            <p class="stepping">
                if pb.playing { <span class="spinner" aria-hidden="true"></span> }
                { waiting }
                <button class="link" onclick={skip}>{ "Skip to the answer" }</button>
            </p>
        }
    };
    html! {
        <div class="player">
            { terminal(props, &run, done, [output, after, stepping]) }
            <figure class="diagram" tabindex="0" onkeydown={on_key}
                aria-label="Query path diagram: Space plays or pauses, the arrow keys step, Home and End jump">
                <Drawing timeline={tl.clone()} wide={geo} narrow={run.geometry_narrow.clone()} step={step} settled={settled}
                    t={pb.t} label={format!("Query path: {}", run.command)} id="query-path" />
                <figcaption class="caption" aria-hidden="true">{ caption.clone() }</figcaption>
            </figure>
            <div class="controls-row">
                <Controls timeline={tl.clone()} playback={pb.clone()} />
                <button class={classes!("btn", "small", "compare-btn", props.compare_open.then_some("on"))} aria-pressed={props.compare_open.to_string()}
                    onclick={props.on_compare.reform(|_: MouseEvent| ())}
                    title="The same query against this Service as the other kind (ClusterIP ↔ headless)">{ "Compare" }</button>
            </div>
            if props.compare_open {
                <CompareView run={run.clone()} comparison={props.compare.clone()} />
            }
            <p class="sr-only" aria-live="polite">{ caption }</p>
            <section class="twin" aria-labelledby="twin-h">
                <h3 id="twin-h">{ "Step by step" }</h3>
                <Twin timeline={tl.clone()} step={step} on_seek={seek_step} on_jump={props.on_jump.clone()} label="Query steps" />
            </section>
            <Queries run={run.clone()} shown={shown} on_jump={props.on_jump.clone()} on_run={props.on_run.clone()} />
        </div>
    }
}

/// The current run's output inside the terminal (its last entry, under the earlier ones, then
/// the prompt), or on its own when there is no terminal.
fn terminal(
    props: &PlayerProps,
    run: &ConsoleRun,
    done: bool,
    [output, after, stepping]: [Html; 3],
) -> Html {
    let Some(entries) = &props.scrollback else {
        return html! {
            <>
                <div class="run solo" role="region" aria-label="Tool output" tabindex="0">{ output }{ after }</div>
                { stepping }
            </>
        };
    };
    let shown = !props.term_cleared;
    let version = (entries.len() as u64) << 2 | u64::from(shown) << 1 | u64::from(done);
    html! {
        <>
            <TermLog entries={entries.clone()} {version}>
                if shown {
                    <div class="entry current" data-exit={run.exit_code.to_string()}>
                        <CommandLine pod={run.client.1.clone()} command={run.command.clone()} />
                        { output }
                        { after }
                    </div>
                }
            </TermLog>
            { stepping }
            { props.children.clone() }
        </>
    }
}

// ---- the drawing -------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct DrawingProps {
    timeline: Rc<Timeline>,
    wide: Rc<Geometry>,
    narrow: Rc<Geometry>,
    step: Option<usize>,
    settled: bool,
    t: u32,
    label: String,
    id: AttrValue,
}

/// The wide and the stacked drawing; CSS shows the one that fits the screen (the other is
/// `display: none`, so it is out of the accessibility tree too).
#[component]
fn Drawing(props: &DrawingProps) -> Html {
    html! {
        <>
            <div class="svg-scroll wide">
                <Diagram timeline={props.timeline.clone()} geometry={props.wide.clone()} step={props.step} settled={props.settled}
                    label={props.label.clone()} id={format!("{}-w", props.id)} />
                <Packets timeline={props.timeline.clone()} geometry={props.wide.clone()} t={props.t} />
            </div>
            <div class="svg-scroll narrow">
                <Diagram timeline={props.timeline.clone()} geometry={props.narrow.clone()} step={props.step} settled={props.settled}
                    label={props.label.clone()} id={format!("{}-n", props.id)} />
                <Packets timeline={props.timeline.clone()} geometry={props.narrow.clone()} t={props.t} />
            </div>
        </>
    }
}

// ---- the static layer ------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct DiagramProps {
    timeline: Rc<Timeline>,
    geometry: Rc<Geometry>,
    step: Option<usize>,
    /// The current step has finished (its hop is drawn as an arrow, not a packet).
    settled: bool,
    /// The figure's accessible name.
    label: String,
    /// Prefix of the ids inside (two diagrams can share a page).
    id: AttrValue,
}

fn kind_class(k: ActorKind) -> &'static str {
    match k {
        ActorKind::Client => "client",
        ActorKind::DnsVip | ActorKind::ServiceVip => "vip",
        ActorKind::CoreDns => "coredns",
        ActorKind::NoServer => "noserver",
        ActorKind::Upstream => "upstream",
        ActorKind::Pod => "pod",
    }
}

fn actor_box(a: &Actor, r: Rect, st: ActorState) -> Html {
    let cls = classes!(
        "box",
        kind_class(a.kind),
        (!a.ready).then_some("notready"),
        match st {
            ActorState::Active => Some("active"),
            ActorState::Visited => Some("visited"),
            ActorState::Idle => None,
        }
    );
    let cx = r.x + r.w / 2.0;
    let third = match a.kind {
        ActorKind::Pod | ActorKind::CoreDns | ActorKind::Client if !a.ready => {
            "not ready".to_string()
        }
        ActorKind::Pod | ActorKind::CoreDns | ActorKind::Client if !a.node.is_empty() => {
            format!("node {}", fit(&a.node, 16))
        }
        ActorKind::ServiceVip if a.address == "None" => "headless".into(),
        ActorKind::ServiceVip | ActorKind::DnsVip => "virtual IP".into(),
        _ => String::new(),
    };
    let addr = if a.kind == ActorKind::ServiceVip && a.address == "None" {
        "clusterIP: None".to_string()
    } else {
        fit(&a.address, 20)
    };
    html! {
        <g class={cls}>
            <rect x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="6" />
            <text class="name" x={px(cx)} y={px(r.y + 15.0)}>{ fit(&a.name, 20) }</text>
            <text class="addr" x={px(cx)} y={px(r.y + 29.0)}>{ addr }</text>
            if !third.is_empty() {
                <text class="note" x={px(cx)} y={px(r.y + 41.0)}>{ third }</text>
            }
        </g>
    }
}

#[component]
fn Diagram(props: &DiagramProps) -> Html {
    let tl = &props.timeline;
    let g = &props.geometry;
    let at = props.step.map_or(0, |i| {
        let s = &tl.steps[i];
        if props.settled {
            s.end()
        } else {
            s.at
        }
    });
    let frame = frame_at(tl, at);
    let mut trail = frame.trail.clone();
    if let (Some(i), true) = (props.step, props.settled) {
        if matches!(tl.steps[i].what, What::Hop { .. }) && !trail.contains(&i) {
            trail.push(i);
        }
    }
    let view_box = format!("0 0 {} {}", g.width, g.height);
    let desc_id = format!("{}-desc", props.id);
    html! {
        <svg class="query-path" viewBox={view_box} role="img" aria-label={props.label.clone()}
            aria-describedby={desc_id.clone()} preserveAspectRatio="xMidYMin meet">
            <desc id={desc_id}>{ tl.summary.clone() }</desc>
            <g aria-hidden="true">
                { for g.lanes.iter().map(|l| html! {
                    <text key={l.title.clone()} class="lane" x={px(l.x)} y={px(l.y)}>{ l.title.clone() }</text>
                }) }
                { for tl.actors.iter().enumerate().filter_map(|(i, a)| {
                    let r = g.boxes.get(i).copied().flatten()?;
                    Some(html! { <g key={i}>{ actor_box(a, r, frame.actors.get(i).copied().unwrap_or_default()) }</g> })
                }) }
                { for g.more.iter().map(|m| {
                    let r = m.rect;
                    html! {
                        <g key={format!("more{}", m.lane)} class="box more">
                            <rect x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="6" />
                            <text class="addr" x={px(r.x + r.w / 2.0)} y={px(r.y + r.h / 2.0 + 4.0)}>{ format!("+{} more", m.hidden) }</text>
                        </g>
                    }
                }) }
                if !g.nodes.is_empty() {
                    <text class="lane" x={px(g.width / 2.0)} y={px(g.band_y + 14.0)}>{ "nodes" }</text>
                }
                { for g.nodes.iter().map(|n| {
                    let r = n.rect;
                    html! {
                        <g key={format!("node-{}", n.name)} class="node">
                            <rect x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="8" />
                            <text class="node-name" x={px(r.x + 8.0)} y={px(r.y + 15.0)}>{ fit(&n.name, 22) }</text>
                            { for n.chips.iter().map(|(a, c)| {
                                let st = match frame.actors.get(*a).copied().unwrap_or_default() {
                                    ActorState::Active => Some("active"),
                                    ActorState::Visited => Some("visited"),
                                    ActorState::Idle => None,
                                };
                                let actor = &tl.actors[*a];
                                html! {
                                    <g key={*a} class={classes!("chip", kind_class(actor.kind), st, (!actor.ready).then_some("notready"))}>
                                        <rect x={px(c.x)} y={px(c.y)} width={px(c.w)} height={px(c.h)} rx="4" />
                                        <text x={px(c.x + c.w / 2.0)} y={px(c.y + 13.0)}>{ fit(&actor.name, 22) }</text>
                                    </g>
                                }
                            }) }
                            if n.hidden > 0 {
                                <text class="node-more" x={px(r.x + r.w - 8.0)} y={px(r.y + 15.0)}>{ format!("+{}", n.hidden) }</text>
                            }
                        </g>
                    }
                }) }
                { for trail.iter().filter_map(|&i| {
                    let s = &tl.steps[i];
                    let What::Hop { from, to, kind, label } = &s.what else { return None };
                    let curve = g.hop_curve(*from, *to, *kind == HopKind::Reply)?;
                    let current = Some(i) == props.step;
                    let cls = classes!("hop", hop_class(*kind), s.outcome.as_str(), s.dim.then_some("dim"), current.then_some("current"));
                    let (mx, my) = curve.point(0.5);
                    let my = my - 5.0;
                    let (tx, ty) = curve.tail_dir();
                    Some(html! {
                        <g key={format!("hop{i}")} class={cls}>
                            <path d={curve.path()} />
                            <polygon points={arrow_head(tx, ty, curve.to.0, curve.to.1)} />
                            // A bowed hop (inside one lane) has no room for a label: the caption says it.
                            if current && curve.c1 == curve.from {
                                <text class="hop-label" x={px(mx)} y={px(my)}>{ fit(label, 26) }</text>
                            }
                        </g>
                    })
                }) }
            </g>
        </svg>
    }
}

// ---- the moving layer ------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct PacketsProps {
    timeline: Rc<Timeline>,
    geometry: Rc<Geometry>,
    t: u32,
}

#[component]
fn Packets(props: &PacketsProps) -> Html {
    let tl = &props.timeline;
    let g = &props.geometry;
    let frame = frame_at(tl, props.t);
    let view_box = format!("0 0 {} {}", g.width, g.height);
    html! {
        <svg class="packets" viewBox={view_box} aria-hidden="true" preserveAspectRatio="xMidYMin meet">
            { for frame.packets.iter().filter_map(|p| {
                let s = &tl.steps[p.step];
                let What::Hop { kind, label, .. } = &s.what else { return None };
                let curve = g.hop_curve(p.from, p.to, *kind == HopKind::Reply)?;
                let (x, y) = curve.point(p.progress);
                let (x1, y1) = curve.point((p.progress - 0.25).max(0.0));
                let cls = classes!("packet", hop_class(*kind), s.outcome.as_str(), s.dim.then_some("dim"));
                Some(html! {
                    <g key={p.step} class={cls} transform={format!("translate({},{})", px(x), px(y))}>
                        <line class="wake" x1={px(x1 - x)} y1={px(y1 - y)} x2="0" y2="0" />
                        <circle r="7" />
                        <text class="hop-label" y="-11">{ fit(label, 26) }</text>
                    </g>
                })
            }) }
        </svg>
    }
}

// ---- the per-query explanations ----------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct QueriesProps {
    run: Rc<ConsoleRun>,
    shown: usize,
    on_jump: Callback<u32>,
    on_run: Callback<String>,
}

#[component]
fn Queries(props: &QueriesProps) -> Html {
    let total = props.run.log.len();
    html! {
        <section class="why" aria-labelledby="why-h">
            <h3 id="why-h">{ "Why this answer" }</h3>
            <ol id="explain" class="queries">
                { for props.run.log.iter().take(props.shown).enumerate().map(|(i, q)| query_item(i, q, total, &props.on_jump, &props.on_run)) }
            </ol>
        </section>
    }
}

fn query_item(
    i: usize,
    q: &Resolution,
    total: usize,
    on_jump: &Callback<u32>,
    on_run: &Callback<String>,
) -> Html {
    // The query on its own, as a command the terminal runs (the name as sent, fully qualified).
    let own = format!("dig {} {}", q.question.name, q.question.query_type);
    let outcome = crate::anim::dns::outcome_of(q.reply.as_ref());
    let rcode = q
        .reply
        .as_ref()
        .map(|m| m.response_code.to_string())
        .unwrap_or_else(|| "no reply".into());
    let class = match outcome {
        Outcome::NoData => "nodata",
        Outcome::Ok => "ok",
        Outcome::NxDomain => "nx",
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
                <p class="own-query">
                    <button class="chip" title="Run this query on its own in the terminal" onclick={on_run.reform({ let c = own.clone(); move |_: MouseEvent| c.clone() })}>
                        <code>{ own.clone() }</code>
                    </button>
                </p>
            </details>
        </li>
    }
}

// ---- compare -----------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct CompareProps {
    run: Rc<ConsoleRun>,
    comparison: Option<Rc<Comparison>>,
}

#[component]
fn CompareView(props: &CompareProps) -> Html {
    let Some(c) = props.comparison.as_ref() else {
        return html! {
            <section class="compare" aria-label="Compare ClusterIP and headless">
                <p class="compare-none">
                    { format!("Compare needs a query whose answer comes from a Service (ClusterIP or headless); `{}` does not name one. Try a Service name, such as one of the suggested commands.", props.run.command) }
                </p>
            </section>
        };
    };
    let name = &c.service.1;
    let (left, right) = if c.written_headless {
        ("as written: headless", "with a cluster IP (ClusterIP)")
    } else {
        ("as written: ClusterIP", "with clusterIP: None (headless)")
    };
    html! {
        <section class="compare" aria-labelledby="compare-h">
            <h3 id="compare-h">{ format!("Compare: {} {left}, and {right}", name) }</h3>
            <div class="compare-cols">
                <CompareSide run={props.run.clone()} title={format!("{name} {left}")} id="cmp-a" />
                <CompareSide run={c.other.clone()} title={format!("{name} {right}")} id="cmp-b" />
            </div>
            <table class="diffs">
                <caption class="sr-only">{ "What differs" }</caption>
                <thead><tr><th scope="col"><span class="sr-only">{ "What" }</span></th><th scope="col">{ left }</th><th scope="col">{ right }</th></tr></thead>
                <tbody>
                    { for c.rows.iter().map(|r| html! {
                        <tr key={r.what.clone()} class={classes!(r.differs().then_some("differs"))}>
                            <th scope="row">{ &r.what }</th>
                            <td data-label={left}>{ &r.left }</td>
                            <td data-label={right}>{ &r.right }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SideProps {
    run: Rc<ConsoleRun>,
    title: String,
    id: AttrValue,
}

#[component]
fn CompareSide(props: &SideProps) -> Html {
    let run = &props.run;
    let tl = run.timeline.clone();
    let key = format!("{}|{}", props.id, key_of(run));
    let pb = use_playback(tl.clone(), key, None, 100, Rebuild::Restart);
    let frame = frame_at(&tl, pb.t);
    let settled = frame.step.is_some_and(|i| pb.t >= tl.steps[i].end());
    let caption = frame
        .step
        .map(|i| tl.steps[i].caption.clone())
        .unwrap_or_default();
    html! {
        <div class="compare-side">
            <h4>{ &props.title }</h4>
            <figure class="diagram" tabindex="0" onkeydown={pb.on_key(&tl)}>
                <Drawing timeline={tl.clone()} wide={run.geometry.clone()} narrow={run.geometry_narrow.clone()} step={frame.step}
                    settled={settled} t={pb.t} label={format!("Query path, {}: {}", props.title, run.command)} id={props.id.clone()} />
                <figcaption class="caption" aria-hidden="true">{ caption }</figcaption>
            </figure>
            <Controls timeline={tl} playback={pb} label={format!("Playback, {}", props.title)} />
            <pre class="tool-output" tabindex="0" aria-label={format!("Tool output, {}", props.title)}>{ run.text.as_str() }</pre>
        </div>
    }
}
