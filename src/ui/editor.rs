//! The YAML editor: a plain textarea (keyboard, screen readers, mobile keyboards and paste all
//! work as users expect) over a highlighted copy of its text, with a line-number gutter that marks
//! lines carrying diagnostics. The textarea's own text is transparent (its caret and selection
//! show); the copy behind it is coloured by `model::highlight` and underlines each diagnostic at
//! its line and column. Both the gutter and the copy are windowed, so a pasted 50,000-line List
//! adds a few dozen elements, not 50,000.

use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::model::highlight::{spans_into, Checkpoints, Span as HlSpan, Tok};
use crate::model::Severity;

use super::cluster_view::window::Span;

/// While typing, texts from this size on (bytes), and texts that simulate many pods
/// ([`EditorProps::heavy`]), are parsed once typing pauses for [`DEBOUNCE_MS`].
const DEBOUNCE_ABOVE: usize = 64 * 1024;
const DEBOUNCE_MS: u32 = 250;

/// Input events that replace a block of text at once (a paste, a drop, a cut, the spell checker):
/// one event, not a run of keys, so they are parsed at once whatever the size.
fn is_block_edit(e: &InputEvent) -> bool {
    // Read as a property: an `input` event dispatched by a script is a plain `Event`, without it.
    js_sys::Reflect::get(e, &"inputType".into())
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|t| {
            matches!(
                t.as_str(),
                "insertFromPaste" | "insertFromDrop" | "deleteByCut" | "insertReplacementText"
            )
        })
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    /// Worst severity per line, for gutter marks.
    pub marks: BTreeMap<u32, Severity>,
    /// Every diagnostic's `(line, column, severity)`, 1-based and sorted by line, for the inline
    /// marks.
    #[prop_or_default]
    pub inline: Rc<Vec<(u32, u32, Severity)>>,
    pub jump: Option<(u32, u32)>,
    pub on_edit: Callback<String>,
    /// Ctrl+Z (`false`), Ctrl+Shift+Z or Ctrl+Y (`true`): the app's undo, which covers the toggles too.
    pub on_undo: Callback<bool>,
    /// The text simulates so much (thousands of pods) that re-running it per key would make typing
    /// lag: typed keys wait for a pause, as for a big text.
    #[prop_or_default]
    pub heavy: bool,
    /// Shown but not editable (an embed's `readonly=1`).
    #[prop_or_default]
    pub readonly: bool,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    // What the textarea holds now: the text from the state, or what was typed since while a big
    // text's parse waits for typing to pause. The coloured copy and the gutter follow it, so what
    // is shown never lags behind the keys.
    let live = use_mut_ref(|| props.text.clone());
    let from_state = use_mut_ref(|| props.text.clone());
    let typed = use_state(|| 0u32);
    if *from_state.borrow() != props.text {
        *from_state.borrow_mut() = props.text.clone();
        *live.borrow_mut() = props.text.clone();
    }
    let shown: AttrValue = live.borrow().clone();
    let lines = shown.bytes().filter(|&b| b == b'\n').count() + 1;

    // Small texts re-parse on every keystroke (well under a millisecond); in big ones typed keys
    // wait until typing pauses, so the editor never lags and no key's run is thrown away by the
    // next. A paste runs at once. Dropping the pending timeout cancels it.
    let pending = use_mut_ref(|| None::<Timeout>);
    let on_input = {
        let cb = props.on_edit.clone();
        let heavy = props.heavy;
        let (pending, live, typed) = (pending.clone(), live.clone(), typed.clone());
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let text = t.value();
            *live.borrow_mut() = AttrValue::from(text.clone());
            typed.set(typed.wrapping_add(1));
            if is_block_edit(&e) || (!heavy && text.len() < DEBOUNCE_ABOVE) {
                pending.borrow_mut().take();
                cb.emit(text);
            } else {
                let cb = cb.clone();
                *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || cb.emit(text)));
            }
        })
    };
    // Jump to a line: select it and scroll it into view.
    {
        let area = area.clone();
        let text = props.text.clone();
        use_effect_with(props.jump, move |jump| {
            if let (Some((line, _)), Some(a)) = (jump, area.cast::<HtmlTextAreaElement>()) {
                let (start, end) = line_span(&text, *line);
                let _ = a.focus();
                let _ = a.set_selection_range(start, end);
                a.set_scroll_top(((*line as f64 - 4.0) * LINE_PX).max(0.0) as i32);
            }
        });
    }

    let on_key = {
        let on_undo = props.on_undo.clone();
        Callback::from(move |e: KeyboardEvent| {
            let k = e.key();
            if (e.ctrl_key() || e.meta_key()) && !e.alt_key() {
                let redo =
                    k.eq_ignore_ascii_case("y") || (k.eq_ignore_ascii_case("z") && e.shift_key());
                if redo || k.eq_ignore_ascii_case("z") {
                    e.prevent_default();
                    on_undo.emit(redo);
                }
            }
        })
    };
    html! {
        <div class="editor">
            <Gutter {lines} marks={Rc::new(props.marks.clone())} />
            <div class="code">
            <Highlight text={shown.clone()} {lines} inline={props.inline.clone()} />
            <textarea id="yaml" ref={area} spellcheck="false" autocapitalize="off" autocomplete="off"
                aria-label="Manifests (Kubernetes YAML)" wrap="off" readonly={props.readonly}
                value={shown.clone()} oninput={on_input} onkeydown={on_key} />
            </div>
        </div>
    }
}

/// Line height of the editor and its gutter, px (`font: 13px/20px` in the stylesheet).
const LINE_PX: f64 = 20.0;
/// Gutter lines rendered beyond the textarea's viewport on each side: the numbers are cheap, and a
/// short manifest (every scenario) gets every line.
const GUTTER_OVERSCAN: usize = 60;
/// The gutter re-renders when the textarea has scrolled this many lines (less than the overscan).
const GUTTER_STEP: usize = 20;

#[derive(Properties, PartialEq)]
struct GutterProps {
    lines: usize,
    marks: Rc<BTreeMap<u32, Severity>>,
}

/// The line numbers beside the textarea, windowed: one `div.ln` per line in view (plus overscan),
/// marked `err` / `warn` / `info` when the line carries a diagnostic, with padding standing in for
/// the others. It follows the textarea's scrolling (a capture-phase listener on the editor box, as
/// `scroll` does not bubble) and scrolls itself to match.
#[component]
fn Gutter(props: &GutterProps) -> Html {
    let gutter = use_node_ref();
    // The textarea's exact scroll top, to keep the gutter in step after a render.
    let top = use_mut_ref(|| 0i32);
    let view = {
        let top = top.clone();
        use_follow_scroll(
            gutter.clone(),
            Rc::new(move |g: &web_sys::Element, area: &HtmlTextAreaElement| {
                let t = area.scroll_top();
                *top.borrow_mut() = t;
                g.set_scroll_top(t);
            }),
        )
    };
    // A text of another length may have scrolled the textarea before the gutter had the rows to
    // follow it (its scroll top was clamped): put it in step once the browser has laid it out.
    let frame = use_mut_ref(|| None::<gloo::render::AnimationFrame>);
    {
        let (gutter, top, frame) = (gutter.clone(), top.clone(), frame.clone());
        use_effect_with(props.lines, move |_| {
            let handle = gloo::render::request_animation_frame(move |_| {
                if let Some(g) = gutter.cast::<web_sys::Element>() {
                    let t = *top.borrow();
                    if g.scroll_top() != t {
                        g.set_scroll_top(t);
                    }
                }
            });
            // Replacing the handle drops the previous one (cancelled if it has not run yet).
            *frame.borrow_mut() = Some(handle);
        });
    }
    let s = Span::compute(props.lines, LINE_PX, view.0, view.1, GUTTER_OVERSCAN);
    html! {
        <div class="gutter" ref={gutter} aria-hidden="true">
            <div style={s.padding()}>
                { for (s.start..s.end).map(|i| {
                    let n = i as u32 + 1;
                    let class = match props.marks.get(&n) {
                        Some(Severity::Error) => "ln err",
                        Some(Severity::Warning) => "ln warn",
                        Some(Severity::Info) => "ln info",
                        None => "ln",
                    };
                    html! { <div key={n} class={class}>{ n }</div> }
                }) }
            </div>
        </div>
    }
}

/// What a layer does on each scroll of the textarea: (the layer's element, the textarea).
type Follow = Rc<dyn Fn(&web_sys::Element, &HtmlTextAreaElement)>;

/// Follows the textarea's scrolling from `node`, a sibling layer (the gutter, the coloured copy):
/// a capture-phase listener on their common parent (`scroll` does not bubble) calls `follow` on
/// every scroll, and the view returned, (scroll top in steps of [`GUTTER_STEP`] lines, viewport
/// height), changes only every few lines, so the layer re-renders only then.
#[hook]
fn use_follow_scroll(node: NodeRef, follow: Follow) -> (f64, f64) {
    let view = use_state(|| (0.0f64, 0.0f64));
    {
        let view = view.clone();
        use_effect_with((), move |_| {
            let listener = node
                .cast::<web_sys::Element>()
                .and_then(|n| n.parent_element().map(|p| (n, p)))
                .map(|(n, parent)| {
                    let mut shown = (0.0, parent.client_height() as f64);
                    view.set(shown);
                    let opts = gloo::events::EventListenerOptions::run_in_capture_phase();
                    gloo::events::EventListener::new_with_options(
                        &parent,
                        "scroll",
                        opts,
                        move |e| {
                            let Some(area) = e
                                .target()
                                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
                            else {
                                return;
                            };
                            follow(&n, &area);
                            let step = LINE_PX * GUTTER_STEP as f64;
                            let t = area.scroll_top() as f64;
                            let next = ((t / step).floor() * step, area.client_height() as f64);
                            if next != shown {
                                shown = next;
                                view.set(next);
                            }
                        },
                    )
                });
            move || drop(listener)
        });
    }
    *view
}

#[derive(Properties, PartialEq)]
struct HighlightProps {
    text: AttrValue,
    lines: usize,
    inline: Rc<Vec<(u32, u32, Severity)>>,
}

/// The coloured copy of the text behind the textarea, windowed like the gutter: only the lines in
/// view (plus overscan) are rendered, each from the highlighter's state at its start (memoized
/// every few hundred lines, and forgotten from the first line an edit changed). It follows the
/// textarea's scrolling by a transform set straight on the element, so scrolling re-renders it
/// only every few lines.
#[component]
fn Highlight(props: &HighlightProps) -> Html {
    let pre = use_node_ref();
    let points = use_mut_ref(Checkpoints::default);
    let seen = use_mut_ref(AttrValue::default);
    {
        let mut seen = seen.borrow_mut();
        if *seen != props.text {
            let first = first_changed_line(&seen, &props.text);
            points.borrow_mut().invalidate_from(first);
            *seen = props.text.clone();
        }
    }
    let view = use_follow_scroll(
        pre.clone(),
        Rc::new(|p: &web_sys::Element, area: &HtmlTextAreaElement| {
            let (t, l) = (area.scroll_top(), area.scroll_left());
            let _ = p.set_attribute(
                "style",
                &format!("transform: translate({}px, {}px)", -l, -t),
            );
        }),
    );
    let w = Span::compute(props.lines, LINE_PX, view.0, view.1, GUTTER_OVERSCAN);
    let text: &str = &props.text;
    let mut state = points.borrow_mut().state_before(text, w.start);
    let mut spans: Vec<HlSpan> = Vec::new();
    let rows = text
        .split('\n')
        .enumerate()
        .skip(w.start)
        .take(w.end - w.start)
        .map(|(i, line)| {
            spans_into(&mut state, line, &mut spans);
            let n = i as u32 + 1;
            // The marks are sorted by line (as the diagnostics are): this line's are one run.
            let from = props.inline.partition_point(|(l, _, _)| *l < n);
            let marks: Vec<(usize, Severity)> = props.inline[from..]
                .iter()
                .take_while(|(l, _, _)| *l == n)
                .map(|(_, c, sev)| (byte_at_col(line, *c), *sev))
                .collect();
            html! { <div key={n} class="hl-line">{ line_html(line, &spans, &marks) }</div> }
        })
        .collect::<Html>();
    html! {
        <pre class="hl" ref={pre} aria-hidden="true"><div style={w.padding()}>{ rows }</div></pre>
    }
}

/// One line as coloured spans, the token a diagnostic points at underlined (the first token that
/// ends after its column; the rest of the line when none does).
fn line_html(line: &str, spans: &[HlSpan], marks: &[(usize, Severity)]) -> Html {
    // Which span each diagnostic marks (`spans.len()`: the end of the line), the worst one wins.
    let mut marked: Vec<Option<Severity>> = vec![None; spans.len() + 1];
    for (at, sev) in marks {
        let k = spans
            .iter()
            .position(|s| s.end > *at)
            .unwrap_or(spans.len());
        let m = &mut marked[k];
        *m = Some(m.map_or(*sev, |o| o.min(*sev)));
    }
    let mut out: Vec<Html> = Vec::new();
    let mut at = 0;
    for (k, s) in spans.iter().enumerate() {
        if s.start > at {
            out.push(html! { { &line[at..s.start] } });
        }
        let cls = classes!(tok_class(s.tok), marked[k].map(sev_class));
        out.push(html! { <span class={cls}>{ &line[s.start..s.end] }</span> });
        at = s.end;
    }
    if at < line.len() {
        out.push(html! { { &line[at..] } });
    }
    if let Some(sev) = marked[spans.len()] {
        out.push(html! { <span class={classes!("hl-end", sev_class(sev))}>{ " " }</span> });
    }
    out.into_iter().collect()
}

fn tok_class(t: Tok) -> &'static str {
    match t {
        Tok::Key => "t-key",
        Tok::Punct => "t-punct",
        Tok::Str => "t-str",
        Tok::Num => "t-num",
        Tok::Bool | Tok::Null => "t-lit",
        Tok::Plain => "t-plain",
        Tok::Comment => "t-comment",
        Tok::DocMarker | Tok::Directive => "t-doc",
        Tok::Anchor | Tok::Alias | Tok::Tag => "t-tag",
    }
}

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sq-err",
        Severity::Warning => "sq-warn",
        Severity::Info => "sq-info",
    }
}

/// The byte offset of a 1-based character column in `line` (past the end: the line's length).
fn byte_at_col(line: &str, col: u32) -> usize {
    line.char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i)
}

/// The first line (0-based) where two texts differ.
fn first_changed_line(old: &str, new: &str) -> usize {
    let same = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    new.as_bytes()[..same]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// UTF-16 offsets of the start and end of a 1-based line (what `setSelectionRange` takes).
fn line_span(text: &str, line: u32) -> (u32, u32) {
    let mut offset = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i as u32 + 1 == line {
            return (offset, offset + len);
        }
        offset += len + 1;
    }
    (offset, offset)
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_spans_count_utf16() {
        assert_eq!(super::line_span("ab\ncd\né€𝄞x", 2), (3, 5));
        assert_eq!(super::line_span("ab\ncd\né€𝄞x", 3), (6, 11));
        assert_eq!(super::line_span("ab", 9), (3, 3));
    }

    #[test]
    fn columns_and_changed_lines() {
        assert_eq!(super::byte_at_col("aé b", 3), 3);
        assert_eq!(super::byte_at_col("ab", 9), 2);
        assert_eq!(super::byte_at_col("ab", 0), 0);
        assert_eq!(super::first_changed_line("a\nb\nc", "a\nb\nd"), 2);
        assert_eq!(super::first_changed_line("a\nb", "a\nb\nc"), 1);
        assert_eq!(super::first_changed_line("", "x"), 0);
    }
}
