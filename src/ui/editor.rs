//! The YAML editor: a plain textarea (keyboard, screen readers, undo and paste all work as users
//! expect) with a line-number gutter that marks lines carrying diagnostics.

use std::collections::BTreeMap;

use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::model::Severity;

/// Texts from this size on (bytes) are parsed once typing pauses for [`DEBOUNCE_MS`].
const DEBOUNCE_ABOVE: usize = 64 * 1024;
const DEBOUNCE_MS: u32 = 250;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    /// Worst severity per line, for gutter marks.
    pub marks: BTreeMap<u32, Severity>,
    pub jump: Option<(u32, u32)>,
    pub on_edit: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let gutter = use_node_ref();
    let lines = props.text.split('\n').count().max(1);

    // Small texts re-parse on every keystroke (well under a millisecond); big pastes wait until
    // typing pauses, so the editor never lags. Dropping the pending timeout cancels it.
    let pending = use_mut_ref(|| None::<Timeout>);
    let on_input = {
        let cb = props.on_edit.clone();
        let pending = pending.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let text = t.value();
            if text.len() < DEBOUNCE_ABOVE {
                pending.borrow_mut().take();
                cb.emit(text);
            } else {
                let cb = cb.clone();
                *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || cb.emit(text)));
            }
        })
    };
    let on_scroll = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(a), Some(g)) = (
                area.cast::<HtmlTextAreaElement>(),
                gutter.cast::<web_sys::Element>(),
            ) {
                g.set_scroll_top(a.scroll_top());
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
                let line_h = 20.0;
                a.set_scroll_top(((*line as f64 - 4.0) * line_h).max(0.0) as i32);
            }
        });
    }

    html! {
        <div class="editor">
            <div class="gutter" ref={gutter} aria-hidden="true">
                { for (1..=lines as u32).map(|n| {
                    let class = match props.marks.get(&n) {
                        Some(Severity::Error) => "ln err",
                        Some(Severity::Warning) => "ln warn",
                        Some(Severity::Info) => "ln info",
                        None => "ln",
                    };
                    html! { <div key={n} class={class}>{ n }</div> }
                }) }
            </div>
            <textarea id="yaml" ref={area} spellcheck="false" autocapitalize="off" autocomplete="off"
                aria-label="Kubernetes manifests (YAML)" wrap="off"
                value={props.text.clone()} oninput={on_input} onscroll={on_scroll} />
        </div>
    }
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
}
