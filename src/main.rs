//! Web entry: installs the panic hook and renders the app. Everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<headless_playground::ui::App>::new().render();
}
