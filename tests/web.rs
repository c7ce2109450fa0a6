//! Browser tests: mount the real `ui::App` into a fresh element in headless Chromium and read the DOM.
//!
//! Run with `./dev.sh test`, or alone:
//! `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/webdriver.json
//!  cargo test --target wasm32-unknown-unknown --test web`.
//! Each test polls for its condition (up to 2 s) instead of sleeping a fixed time.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use headless_playground::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A new, empty `<div>` appended to the body, so each test renders its own App.
fn fresh_root() -> Element {
    let doc = gloo::utils::document();
    let div = doc.create_element("div").expect("create a div");
    gloo::utils::body()
        .append_child(&div)
        .expect("append the div");
    div
}

/// Calls `probe` every 20 ms until it gives `Some`, for up to 2 s; panics naming `what` on timeout.
async fn poll<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    const STEP_MS: u32 = 20;
    const LIMIT_MS: u32 = 2_000;
    for _ in 0..LIMIT_MS / STEP_MS {
        if let Some(v) = probe() {
            return v;
        }
        TimeoutFuture::new(STEP_MS).await;
    }
    panic!("timed out after {LIMIT_MS} ms waiting for {what}");
}

#[wasm_bindgen_test]
async fn app_renders_the_title() {
    let root = fresh_root();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();

    let title = poll("an h1", || {
        root.query_selector("h1")
            .ok()
            .flatten()
            .and_then(|h| h.text_content())
    })
    .await;
    assert!(
        title.contains("Headless Services Playground"),
        "h1 says {title:?}"
    );

    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn editor_is_a_textarea_holding_the_seed_scenario() {
    let root = fresh_root();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();

    let yaml = poll("#yaml", || root.query_selector("#yaml").ok().flatten()).await;
    let yaml: HtmlTextAreaElement = yaml
        .dyn_into()
        .unwrap_or_else(|el: Element| panic!("#yaml is a <{}>, not a <textarea>", el.tag_name()));
    let text = yaml.value();
    for wanted in ["name: test-headless", "clusterIP: None"] {
        assert!(text.contains(wanted), "#yaml lacks {wanted:?}: {text:?}");
    }

    app.destroy();
    root.remove();
}

/// Sets `input`'s value and fires the `input` event the app listens to, as typing does.
fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .expect("an input event");
    input.dispatch_event(&ev).expect("dispatch the input event");
}

/// Like [`poll`] with a longer limit: a console run reveals its queries one by one (450 ms each).
/// On timeout the panic message adds `state()`, what the page shows instead.
async fn poll_long<T>(
    what: &str,
    mut probe: impl FnMut() -> Option<T>,
    state: impl Fn() -> String,
) -> T {
    const STEP_MS: u32 = 20;
    const LIMIT_MS: u32 = 8_000;
    for _ in 0..LIMIT_MS / STEP_MS {
        if let Some(v) = probe() {
            return v;
        }
        TimeoutFuture::new(STEP_MS).await;
    }
    panic!(
        "timed out after {LIMIT_MS} ms waiting for {what}; {}",
        state()
    );
}

/// The input's value and the output's text, for failure messages.
fn describe(root: &Element) -> String {
    let input = root
        .query_selector("#dig-input")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value());
    let output = root
        .query_selector("#dig-output")
        .ok()
        .flatten()
        .map(|o| (o.class_name(), o.text_content().unwrap_or_default()));
    format!("#dig-input holds {input:?}; #dig-output (class, text) is {output:?}")
}

/// The finished text of the console's output (`#dig-output` without the `pending` class).
fn finished_output(root: &Element) -> Option<String> {
    root.query_selector("#dig-output:not(.pending)")
        .ok()
        .flatten()
        .and_then(|o| o.text_content())
}

#[wasm_bindgen_test]
async fn console_runs_a_typed_dig_and_shows_the_answer_section() {
    let root = fresh_root();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();

    // The app runs the scenario's first command on start; wait for it, so that our typing is
    // not overwritten by the input following that run.
    poll_long(
        "the start-up run's output",
        || finished_output(&root),
        || describe(&root),
    )
    .await;
    let input: HtmlInputElement = poll("#dig-input", || {
        root.query_selector("#dig-input").ok().flatten()
    })
    .await
    .dyn_into()
    .expect("#dig-input is an <input>");
    let run: HtmlElement = root
        .query_selector("#dig-run")
        .ok()
        .flatten()
        .expect("#dig-run")
        .dyn_into()
        .expect("#dig-run is an element");

    let command = "dig +search test-headless";
    type_into(&input, command);
    // Let yew re-render with the typed text before the click reads it (its form submit handler
    // holds the text of the last render).
    TimeoutFuture::new(100).await;
    assert_eq!(
        input.value(),
        command,
        "the typed command stays in the input"
    );
    run.click();

    let text = poll_long(
        "an ANSWER SECTION for the typed dig",
        || {
            finished_output(&root).filter(|t| {
                t.contains(&format!("<<>> {}", command.trim_start_matches("dig ")))
                    && t.contains(";; ANSWER SECTION:")
            })
        },
        || describe(&root),
    )
    .await;
    assert!(text.contains("status: NOERROR"), "{text}");
    assert!(text.contains("ANSWER: 3,"), "three ready pods: {text}");
    // One `NAME. TTL IN A ADDRESS` line per ready pod.
    let answers = text
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() == 5 && f[0] == "test-headless.default.svc.cluster.local." && f[3] == "A"
        })
        .count();
    assert_eq!(answers, 3, "{text}");
    // As in a shell, the prompt empties; the terminal echoes the command above its output.
    assert_eq!(input.value(), "", "the prompt empties after Enter");
    let echoed = root
        .query_selector("[role=log] .entry.current .cmd")
        .ok()
        .flatten()
        .map(|e| e.text_content().unwrap_or_default());
    assert_eq!(
        echoed.as_deref(),
        Some(command),
        "the terminal echoes the command"
    );

    app.destroy();
    root.remove();
}
