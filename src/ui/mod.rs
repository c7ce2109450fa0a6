//! The Yew user interface.
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    html! { <h1>{ "Headless Services Playground" }</h1> }
}
