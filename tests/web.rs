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
use web_sys::{Element, HtmlTextAreaElement};

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
