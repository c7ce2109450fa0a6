//! What the manifests define: one line per object, with the facts that matter for DNS.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{ClusterIpSpec, ObjectKind, Parsed};

#[derive(Properties, PartialEq)]
pub struct ObjectsProps {
    pub parsed: Rc<Parsed>,
    pub on_jump: Callback<u32>,
}

#[component]
pub fn Objects(props: &ObjectsProps) -> Html {
    let objs = &props.parsed.objects;
    html! {
        <div class="objects">
            <h3>{ format!("{} object{} in the manifests", objs.len(), if objs.len() == 1 { "" } else { "s" }) }</h3>
            <ul id="objects">
                { for objs.iter().enumerate().map(|(i, o)| {
                    let line = o.origin.pos.line;
                    let on_jump = props.on_jump.clone();
                    let onclick = Callback::from(move |_| on_jump.emit(line));
                    html! {
                        <li key={i} class={classes!("obj", o.kind_name().to_ascii_lowercase())}>
                            <button class="obj-name" {onclick} title="Show in the editor">{ o.display_name() }</button>
                            <span class="facts">{ facts(&o.kind) }</span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn facts(k: &ObjectKind) -> String {
    match k {
        ObjectKind::Service(s) => {
            let ip = match &s.cluster_ip {
                ClusterIpSpec::None => "headless (clusterIP: None)".to_string(),
                ClusterIpSpec::Auto => format!("{}, cluster IP allocated", s.type_.as_str()),
                ClusterIpSpec::Ip(ip) => format!("{}, cluster IP {ip}", s.type_.as_str()),
            };
            let sel = match &s.selector {
                Some(m) => m
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(","),
                None => "no selector".into(),
            };
            format!("{ip}; selects {sel}")
        }
        ObjectKind::StatefulSet(s) => format!(
            "{} replica{}, serviceName {}",
            s.replicas,
            if s.replicas == 1 { "" } else { "s" },
            s.service_name.as_deref().unwrap_or("(none)")
        ),
        ObjectKind::Deployment(d) => format!(
            "{} replica{}",
            d.replicas,
            if d.replicas == 1 { "" } else { "s" }
        ),
        ObjectKind::Pod(p) => {
            let labels: Vec<String> = p
                .meta
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            format!(
                "labels {}",
                if labels.is_empty() {
                    "(none)".into()
                } else {
                    labels.join(",")
                }
            )
        }
        ObjectKind::Endpoints(slices, _) => format!(
            "{} address group{}",
            slices.len(),
            if slices.len() == 1 { "" } else { "s" }
        ),
        ObjectKind::EndpointSlice(s) => format!(
            "{} endpoint{} for {}",
            s.endpoints.len(),
            if s.endpoints.len() == 1 { "" } else { "s" },
            s.service_name.as_deref().unwrap_or("no Service")
        ),
        ObjectKind::Namespace(_) => "namespace".into(),
        ObjectKind::Other { api_version, .. } => format!("{api_version}: not simulated"),
    }
}
