//! Guided lessons: the list (with each lesson's progress), and the open step: its text with
//! click-to-run commands, the question to answer before seeing the output (predict, then reveal),
//! the way back and on, and the "Try it for real" script. Everything a step shows and judges comes
//! from `crate::lessons`; this only renders it and reports what the learner did.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::console::CommandChips;
use crate::lessons::{self, Guess, Lesson, Outcome, PredictKind, Progress, Reveal, Segment};

/// Text with inline code, its commands as buttons that run them in the terminal (`on_run: None`:
/// shown as code only, e.g. in a question not answered yet).
pub fn rich_text(text: &str, on_run: Option<&Callback<String>>) -> Html {
    lessons::segments(text)
        .into_iter()
        .map(|s| match (s, on_run) {
            (Segment::Plain(t), _) => html! { { t } },
            (Segment::Code(t) | Segment::Command(t), None) | (Segment::Code(t), _) => html! { <code>{ t }</code> },
            (Segment::Command(c), Some(on_run)) => {
                let cmd = c.to_string();
                html! {
                    <button class="cmd-run" title="Run this in the terminal" onclick={on_run.reform(move |_: MouseEvent| cmd.clone())}>
                        <code>{ c }</code>
                    </button>
                }
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct LessonListProps {
    pub progress: Rc<Progress>,
    pub on_open: Callback<(&'static str, usize)>,
    pub on_close: Callback<()>,
}

/// Every lesson with how far the learner got; opening one resumes where they left it.
#[component]
pub fn LessonList(props: &LessonListProps) -> Html {
    html! {
        <section class="lesson-list" aria-labelledby="lessons-h">
            <div class="lesson-head">
                <h2 id="lessons-h">{ "Lessons" }</h2>
                <button class="btn small" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close lessons" }</button>
            </div>
            <ol>
                { for lessons::ALL.iter().map(|l| {
                    let (done, total) = props.progress.done(l.id);
                    let resume = props.progress.resume(l.id);
                    let id = l.id;
                    let label = if done == 0 { "Start" } else if done >= total { "Again" } else { "Resume" };
                    html! {
                        <li key={l.id} class={classes!((done >= total).then_some("done"))}>
                            <div class="lesson-item">
                                <div>
                                    <strong>{ l.title }</strong>
                                    <p>{ l.summary }</p>
                                </div>
                                <span class="lesson-progress" aria-label={format!("{done} of {total} steps done")}>{ format!("{done}/{total}") }</span>
                                <button class="btn small" aria-label={format!("{label}: {}", l.title)}
                                    onclick={props.on_open.reform(move |_: MouseEvent| (id, if done >= total { 1 } else { resume }))}>{ label }</button>
                            </div>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct LessonStepProps {
    pub lesson: &'static Lesson,
    /// The step shown, from 1.
    pub n: usize,
    pub progress: Rc<Progress>,
    /// Go to step N of this lesson.
    pub on_step: Callback<usize>,
    pub on_list: Callback<()>,
    pub on_run: Callback<String>,
    /// A prediction was judged: right or wrong.
    pub on_judged: Callback<bool>,
    /// The step invites the Kafka view.
    pub on_kafka: Callback<()>,
}

/// The open step.
#[component]
pub fn LessonStep(props: &LessonStepProps) -> Html {
    let lesson = props.lesson;
    let n = lessons::clamp_step(lesson, props.n);
    let step = &lesson.steps[n - 1];
    let typed = use_state(String::new);
    let picked = use_state(|| None::<Outcome>);
    let verdict = use_state(|| None::<Result<Reveal, String>>);
    let script_open = use_state(|| false);
    // A new step starts with a clean question.
    {
        let (typed, picked, verdict) = (typed.clone(), picked.clone(), verdict.clone());
        use_effect_with((lesson.id, n), move |_| {
            typed.set(String::new());
            picked.set(None);
            verdict.set(None);
        });
    }
    let total = lesson.steps.len();
    let on_reveal = {
        let (typed, picked, verdict) = (typed.clone(), picked.clone(), verdict.clone());
        let (on_judged, on_run) = (props.on_judged.clone(), props.on_run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(p) = step.predict else { return };
            let guess = match p.kind {
                PredictKind::Addresses => Guess::Addresses((*typed).clone()),
                PredictKind::Count | PredictKind::Queries => Guess::Count((*typed).clone()),
                PredictKind::Rcode => match *picked {
                    Some(o) => Guess::Outcome(o),
                    None => {
                        verdict.set(Some(Err("Pick the result you expect first.".into())));
                        return;
                    }
                },
            };
            match lessons::reveal(step, &guess) {
                Ok(r) => {
                    on_judged.emit(r.right);
                    // The answer, animated in the terminal and on the diagram.
                    if let Some(c) = step.predict_command() {
                        on_run.emit(c.to_string());
                    }
                    verdict.set(Some(Ok(r)));
                }
                Err(e) => verdict.set(Some(Err(e.to_string()))),
            }
        })
    };
    let revealed = matches!(*verdict, Some(Ok(_)));
    let question = step.predict.map(|p| {
        let input = match p.kind {
            PredictKind::Rcode => html! {
                <fieldset class="choices" disabled={revealed}>
                    <legend class="sr-only">{ "The result you expect" }</legend>
                    { for Outcome::CHOICES.iter().map(|o| {
                        let (picked, o) = (picked.clone(), *o);
                        html! {
                            <label key={o.label()} class="choice">
                                <input type="radio" name="predict-rcode" checked={*picked == Some(o)}
                                    onchange={Callback::from(move |_: Event| picked.set(Some(o)))} />
                                <span><strong>{ o.label() }</strong>{ format!(": {}", o.describe().split_once(": ").map_or(o.describe(), |(_, b)| b)) }</span>
                            </label>
                        }
                    }) }
                </fieldset>
            },
            kind => {
                let typed = typed.clone();
                let placeholder = match kind {
                    PredictKind::Addresses => "e.g. 10.244.1.5, 10.244.2.7 (or none)",
                    _ => "a number, e.g. 3",
                };
                html! {
                    <input id="predict-input" type="text" value={(*typed).clone()} disabled={revealed}
                        aria-label={format!("Your prediction: the {}", kind.label())} {placeholder}
                        spellcheck="false" autocapitalize="off" autocomplete="off"
                        inputmode={if kind == PredictKind::Addresses { "text" } else { "numeric" }}
                        oninput={Callback::from(move |e: InputEvent| {
                            let i: HtmlInputElement = e.target_unchecked_into();
                            typed.set(i.value());
                        })} />
                }
            }
        };
        html! {
            <form class="predict" onsubmit={on_reveal.clone()} aria-labelledby="predict-h">
                <h4 id="predict-h">{ "Predict first" }</h4>
                <p>{ rich_text(p.question, revealed.then_some(&props.on_run)) }</p>
                <div class="predict-row">
                    { input }
                    <button class="primary small" type="submit" disabled={revealed}>{ "Reveal" }</button>
                </div>
            </form>
        }
    });
    let verdict_html = match &*verdict {
        None => Html::default(),
        Some(Err(msg)) => html! { <p class="predict-error" role="alert">{ msg }</p> },
        Some(Ok(r)) => html! {
            <div class={classes!("reveal", if r.right { "right" } else { "wrong" })} role="status">
                <p class="reveal-verdict"><strong>{ if r.right { "Right." } else { "Not quite." } }</strong>{ format!(" The answer: {}.", r.expected) }</p>
                if !r.diff.is_empty() {
                    <ul class="reveal-diff">{ for r.diff.iter().map(|d| html! { <li>{ d }</li> }) }</ul>
                }
                <p>{ rich_text(step.predict.map_or("", |p| p.why), Some(&props.on_run)) }</p>
                <details>
                    <summary>{ "What the tool printed" }</summary>
                    <pre class="tool-output">{ r.actual_output.as_str() }</pre>
                </details>
            </div>
        },
    };
    let sp = props.progress.get(lesson.id, n);
    let script = use_memo(lesson.id, |_| lessons::try_it_for_real(lesson));
    let script_href = format!(
        "data:text/plain;charset=utf-8,{}",
        percent_encoding::utf8_percent_encode(&script, percent_encoding::NON_ALPHANUMERIC)
    );
    html! {
        <section class="lesson" aria-labelledby="lesson-h">
            <div class="lesson-head">
                <h2 id="lesson-h">{ lesson.title }</h2>
                <span class="lesson-at">{ format!("Step {n} of {total}") }</span>
                <button class="btn small" onclick={props.on_list.reform(|_: MouseEvent| ())}>{ "All lessons" }</button>
            </div>
            <ol class="lesson-steps" aria-label="Steps">
                { for lesson.steps.iter().enumerate().map(|(i, s)| {
                    let k = i + 1;
                    let done = props.progress.get(lesson.id, k).completed;
                    html! {
                        <li key={k}>
                            <button class={classes!("step-dot", (k == n).then_some("on"), done.then_some("done"))}
                                aria-current={(k == n).then_some("step")} title={s.title}
                                aria-label={format!("Step {k}: {}{}", s.title, if done { " (done)" } else { "" })}
                                onclick={props.on_step.reform(move |_: MouseEvent| k)}>{ k }</button>
                        </li>
                    }
                }) }
            </ol>
            <h3 class="step-title">{ step.title }</h3>
            <p class="step-text">{ rich_text(step.text, Some(&props.on_run)) }</p>
            if step.predict.is_none() || revealed {
                <CommandChips label="Commands for this step" commands={step.commands} on_run={props.on_run.clone()} />
            }
            { question.unwrap_or_default() }
            { verdict_html }
            if sp.right + sp.wrong > 0 && !revealed {
                <p class="lesson-score">{ format!("Earlier answers here: {} right, {} wrong.", sp.right, sp.wrong) }</p>
            }
            if step.kafka {
                <p><button class="btn" onclick={props.on_kafka.reform(|_: MouseEvent| ())}>{ "Open the Kafka view" }</button></p>
            }
            <div class="lesson-nav">
                <button class="btn" disabled={n <= 1} onclick={props.on_step.reform(move |_: MouseEvent| n - 1)}>{ "← Previous step" }</button>
                if n < total {
                    <button class="btn primary-ish" onclick={props.on_step.reform(move |_: MouseEvent| n + 1)}>{ "Next step →" }</button>
                } else {
                    <button class="btn primary-ish" onclick={props.on_list.reform(|_: MouseEvent| ())}>{ "Finish: all lessons" }</button>
                }
                <button class="btn" aria-expanded={script_open.to_string()}
                    onclick={let o = script_open.clone(); move |_: MouseEvent| o.set(!*o)}>{ "Try it for real" }</button>
            </div>
            if *script_open {
                <div class="try-real">
                    <p>{ "Paste this into a shell with kubectl pointed at a test cluster (kind, minikube, Killercoda): it applies the lesson's manifests, starts a dnsutils pod and runs each step's commands there, then cleans up." }</p>
                    <pre class="tool-output" tabindex="0" aria-label="Try it for real: shell script">{ script.as_str() }</pre>
                    <p>
                        <button class="btn small" onclick={
                            let s = script.clone();
                            move |_: MouseEvent| {
                                if let Some(w) = web_sys::window() {
                                    let _ = w.navigator().clipboard().write_text(&s);
                                }
                            }
                        }>{ "Copy the script" }</button>
                        { " " }
                        <a class="btn small" href={script_href} download={format!("{}.sh", lesson.id)}>{ "Download it" }</a>
                    </p>
                </div>
            }
        </section>
    }
}
