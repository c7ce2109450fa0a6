//! Windowed lists: a list that may hold thousands of rows renders only the rows inside its scroll
//! container's viewport, plus `overscan` rows either side; padding above and below stands in for the
//! rest, so the scrollbar is the one the whole list would have.
//!
//! Rows are taken to be of one height. [`use_window`] starts from the caller's estimate and then
//! measures the rendered rows (their average height), again whenever the row count changes; a list
//! whose rows differ a little still scrolls through every row, the scrollbar is only approximate.
//! A short list renders every row, as if it were not windowed.
//!
//! Also here: [`use_stable_callback`] (a callback whose identity never changes, so rows whose props
//! hold it compare equal across renders) and [`Keys`] (row keys, unique even when two rows share an
//! identity).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

/// The viewport height assumed before the container is measured, px (the containers are capped
/// below this, so the first render covers the whole viewport).
const DEFAULT_VIEW_PX: f64 = 900.0;

/// Which rows to render: `start..end`, with `before` / `after` px of padding for the rows above and
/// below.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub before: f64,
    pub after: f64,
}

impl Span {
    /// The rows to render for a list of `len` rows of `row_px` each, scrolled to `scroll_px` in a
    /// viewport of `view_px`.
    pub fn compute(len: usize, row_px: f64, scroll_px: f64, view_px: f64, overscan: usize) -> Span {
        let row = if row_px.is_finite() && row_px >= 1.0 {
            row_px
        } else {
            1.0
        };
        let scroll = if scroll_px.is_finite() {
            scroll_px.max(0.0)
        } else {
            0.0
        };
        let view = if view_px.is_finite() && view_px > 0.0 {
            view_px
        } else {
            DEFAULT_VIEW_PX
        };
        let first = ((scroll / row).floor() as usize).min(len);
        let shown = (view / row).ceil() as usize + 1;
        let start = first.saturating_sub(overscan);
        let end = first
            .saturating_add(shown)
            .saturating_add(overscan)
            .min(len);
        let start = start.min(end);
        Span {
            start,
            end,
            before: start as f64 * row,
            after: (len - end) as f64 * row,
        }
    }

    /// `padding-top` / `padding-bottom` for the element holding the rows (or a wrapper around it).
    pub fn padding(&self) -> String {
        // Whole pixels, formatted as integers (no float formatter in the bundle).
        format!(
            "padding-top: {}px; padding-bottom: {}px;",
            self.before.round() as i64,
            self.after.round() as i64
        )
    }
}

/// What [`use_window`] gives a list.
pub struct Window {
    /// Put on the scroll container (the element with `overflow-y: auto` and a maximum height).
    pub container: NodeRef,
    /// Put on the element whose element children are exactly the rendered rows (`ul`, `tbody`).
    pub rows: NodeRef,
    /// The container's `onscroll`.
    pub onscroll: Callback<Event>,
    pub span: Span,
}

#[derive(Clone, Copy, PartialEq)]
struct View {
    scroll: f64,
    height: f64,
}

/// Windows a list of `len` rows, each about `row_px` high, rendering `overscan` rows beyond the
/// viewport on each side.
#[hook]
pub fn use_window(len: usize, row_px: f64, overscan: usize) -> Window {
    let container = use_node_ref();
    let rows = use_node_ref();
    let view = use_state(|| View {
        scroll: 0.0,
        height: DEFAULT_VIEW_PX,
    });
    let row_h = use_state(|| row_px);
    // The row count at the last measurement of the row height: measure again when it changes.
    let measured = use_mut_ref(|| None::<usize>);
    let span = Span::compute(len, *row_h, view.scroll, view.height, overscan);

    let onscroll = {
        let (view, row_h) = (view.clone(), *row_h);
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let next = View {
                scroll: el.scroll_top() as f64,
                height: el.client_height() as f64,
            };
            // Re-render only when the rows to show change.
            let old = Span::compute(len, row_h, view.scroll, view.height, overscan);
            if Span::compute(len, row_h, next.scroll, next.height, overscan) != old {
                view.set(next);
            }
        })
    };

    // Measure after the browser's next layout, not in the effect: reading layout here would
    // force one in the middle of the render (and again after each later DOM change). Only when the
    // row count changed since the last measurement; scrolling reads the container as it goes.
    // The frame handle (kept until the next one replaces it: never dropped inside its own
    // callback) and whether its callback is still to run.
    let frame = use_mut_ref(|| None::<gloo::render::AnimationFrame>);
    let pending = use_mut_ref(|| false);
    {
        let (container, rows, view, row_h) =
            (container.clone(), rows.clone(), view.clone(), row_h.clone());
        use_effect(move || {
            if *measured.borrow() != Some(len) && !*pending.borrow() {
                *pending.borrow_mut() = true;
                let p = pending.clone();
                let handle = gloo::render::request_animation_frame(move |_| {
                    *p.borrow_mut() = false;
                    let Some(c) = container.cast::<web_sys::Element>() else {
                        return;
                    };
                    let next = View {
                        scroll: c.scroll_top() as f64,
                        height: c.client_height() as f64,
                    };
                    if next.height > 0.0 && next != *view {
                        view.set(next);
                    }
                    if let Some(avg) = rows
                        .cast::<web_sys::Element>()
                        .and_then(|r| average_row(&r))
                    {
                        *measured.borrow_mut() = Some(len);
                        if (avg - *row_h).abs() > 0.5 {
                            row_h.set(avg);
                        }
                    }
                });
                *frame.borrow_mut() = Some(handle);
            }
        });
    }

    Window {
        container,
        rows,
        onscroll,
        span,
    }
}

/// The average height of `parent`'s element children, px; `None` when it has none or they have no
/// layout (hidden).
fn average_row(parent: &web_sys::Element) -> Option<f64> {
    use wasm_bindgen::JsCast;
    let n = parent.child_element_count();
    let first = parent
        .first_element_child()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let last = parent
        .last_element_child()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let total = (last.offset_top() + last.offset_height() - first.offset_top()) as f64;
    (n > 0 && total > 0.0).then(|| total / n as f64)
}

/// A callback that never changes identity and always calls the latest `cb`: rows whose props hold
/// it compare equal however often the parent is handed a fresh callback.
#[hook]
pub fn use_stable_callback<IN: 'static>(cb: &Callback<IN>) -> Callback<IN> {
    let latest = use_mut_ref(|| cb.clone());
    *latest.borrow_mut() = cb.clone();
    let stable = use_memo((), move |_| {
        let latest: Rc<RefCell<Callback<IN>>> = latest;
        Callback::from(move |v: IN| {
            let cb = latest.borrow().clone();
            cb.emit(v)
        })
    });
    (*stable).clone()
}

/// Keys for the rows of one render: the row's identity, made unique (`#n`) when two rows share it
/// (duplicate objects in the YAML), since yew needs distinct keys.
#[derive(Default)]
pub struct Keys(BTreeSet<String>);

impl Keys {
    pub fn key(&mut self, identity: String, index: usize) -> String {
        if self.0.contains(&identity) {
            let k = format!("{identity}#{index}");
            self.0.insert(k.clone());
            k
        } else {
            self.0.insert(identity.clone());
            identity
        }
    }
}

/// `n` with thousands separators: `5,000`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_renders_every_row() {
        let s = Span::compute(5, 30.0, 0.0, 600.0, 8);
        assert_eq!((s.start, s.end, s.before, s.after), (0, 5, 0.0, 0.0));
    }

    #[test]
    fn a_long_list_renders_the_viewport_and_overscan() {
        // 5,000 rows of 30 px, scrolled to row 1,000, 600 px high: rows 992..1029.
        let s = Span::compute(5000, 30.0, 30_000.0, 600.0, 8);
        assert_eq!((s.start, s.end), (992, 1029));
        assert_eq!(s.before, 992.0 * 30.0);
        assert_eq!(s.after, (5000 - 1029) as f64 * 30.0);
        // At the end: the last rows, no padding below.
        let s = Span::compute(5000, 30.0, 5000.0 * 30.0 - 600.0, 600.0, 8);
        assert_eq!((s.end, s.after), (5000, 0.0));
    }

    #[test]
    fn nonsense_measurements_do_not_panic() {
        for (row, scroll, view) in [
            (0.0, 0.0, 0.0),
            (f64::NAN, f64::INFINITY, -1.0),
            (30.0, 1e12, 600.0),
            (-4.0, -100.0, f64::NAN),
        ] {
            let s = Span::compute(100, row, scroll, view, 8);
            assert!(s.start <= s.end && s.end <= 100, "{s:?}");
        }
        assert_eq!(Span::compute(0, 30.0, 500.0, 600.0, 8).end, 0);
    }

    #[test]
    fn keys_stay_unique() {
        let mut k = Keys::default();
        assert_eq!(k.key("default/a".into(), 0), "default/a");
        assert_eq!(k.key("default/b".into(), 1), "default/b");
        assert_eq!(k.key("default/a".into(), 2), "default/a#2");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
