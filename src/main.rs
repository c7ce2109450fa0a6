//! Web entry: installs the panic hook, replaces the static shell (index.html) with the app, and
//! marks the start-up phases with User Timing. Everything else lives in the library.

// Talc instead of the default dlmalloc: the cluster build allocates tens of thousands of small
// strings and vectors, and talc serves them faster in fewer bytes (README "Bundle size").
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    let window = web_sys::window();
    let perf = window.as_ref().and_then(|w| w.performance());
    if let Some(p) = &perf {
        // From navigation start until the wasm was fetched, compiled and instantiated.
        let _ = p.measure("hsp:wasm-ready");
    }
    // Same task as the first render below, so no frame shows neither the shell nor the app.
    if let Some(shell) = window
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"))
    {
        shell.remove();
    }
    yew::Renderer::<headless_playground::ui::App>::new().render();
}
