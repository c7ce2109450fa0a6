//! What the manifests define: one line per object, with the facts that matter for DNS. The list
//! is windowed: a pasted `kind: List` of thousands of objects renders only the rows in view.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::objects::Extra;
use crate::model::{ClusterIpSpec, ObjectKind, Parsed};

use super::cluster_view::window::{use_stable_callback, use_window, Keys};

#[derive(Properties, PartialEq)]
pub struct ObjectsProps {
    pub parsed: Rc<Parsed>,
    pub on_jump: Callback<u32>,
}

/// Row height (px) the window starts from, before it measures the real one.
const ROW_PX: f64 = 30.0;
const OVERSCAN: usize = 8;

#[component]
pub fn Objects(props: &ObjectsProps) -> Html {
    let objs = &props.parsed.objects;
    let on_jump = use_stable_callback(&props.on_jump);
    let w = use_window(objs.len(), ROW_PX, OVERSCAN);
    let s = w.span;
    let mut keys = Keys::default();
    html! {
        <div class="objects">
            <h3>{ format!("{} object{} in the manifests", objs.len(), if objs.len() == 1 { "" } else { "s" }) }</h3>
            <div class="objects-scroll win" ref={w.container} onscroll={w.onscroll}
                style="max-height: min(50vh, 24rem); overflow-y: auto;">
            <ul id="objects" ref={w.rows} style={s.padding()}>
                { for (s.start..s.end).map(|i| {
                    let o = &objs[i];
                    let name = o.display_name();
                    let key = keys.key(name.clone(), i);
                    html! {
                        <ObjectRow {key} kind={o.kind_name().to_ascii_lowercase()} name={name}
                            facts={facts(&o.kind)} line={o.origin.pos.line} pos={i + 1} size={objs.len()}
                            on_jump={on_jump.clone()} />
                    }
                }) }
            </ul>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ObjectRowProps {
    kind: String,
    name: String,
    facts: String,
    line: u32,
    /// `aria-posinset` / `aria-setsize`: where the row is in the whole list (most of it is not in
    /// the DOM).
    pos: usize,
    size: usize,
    on_jump: Callback<u32>,
}

#[component]
fn ObjectRow(props: &ObjectRowProps) -> Html {
    let line = props.line;
    let onclick = props.on_jump.reform(move |_: MouseEvent| line);
    html! {
        <li class={classes!("obj", props.kind.clone())} aria-posinset={props.pos.to_string()} aria-setsize={props.size.to_string()}>
            <button class="obj-name" {onclick} title="Show in the editor">{ &props.name }</button>
            <span class="facts">{ &props.facts }</span>
        </li>
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
                Some(m) => crate::model::labels_text(m),
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
            format!(
                "labels {}",
                if p.meta.labels.is_empty() {
                    "(none)".into()
                } else {
                    crate::model::labels_text(&p.meta.labels)
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
        ObjectKind::Other {
            api_version,
            extra: None,
            ..
        } => format!("{api_version}: not simulated"),
        ObjectKind::Other {
            extra: Some(extra), ..
        } => extra_summary(extra),
    }
}

/// One line for a kind simulated through [`Extra`]: what the controller makes of it.
fn extra_summary(extra: &Extra) -> String {
    let n = |count: i64, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
    match extra {
        Extra::ReplicaSet(r) | Extra::ReplicationController(r) => format!(
            "{}; selects {}",
            n(r.replicas, "replica"),
            crate::model::labels_text(&r.selector.match_labels)
        ),
        Extra::DaemonSet(_) => "one pod per schedulable node".into(),
        Extra::CoreDnsConfig(c) => match &c.corefile {
            Some(_) => "CoreDNS's Corefile: configures the simulated DNS server".into(),
            None => "no Corefile key: the DNS server keeps kubeadm's default".into(),
        },
        Extra::Job(j) if j.finished_or_suspended => "finished or suspended: no pod runs".into(),
        Extra::Job(j) => {
            let running = j
                .completions
                .map_or(j.parallelism, |c| c.min(j.parallelism));
            format!(
                "{} running{}",
                n(running, "pod"),
                if j.indexed {
                    ", indexed (pods get hostnames)"
                } else {
                    ""
                }
            )
        }
        Extra::Node(node) => {
            let mut parts = vec![match node.ready {
                Some(false) => "NotReady".to_string(),
                _ => "Ready".to_string(),
            }];
            if node.unschedulable {
                parts.push("cordoned".into());
            }
            if let Some((net, len)) = node.pod_cidrs.first() {
                parts.push(format!("pods from {net}/{len}"));
            }
            if !node.taints.is_empty() {
                parts.push(n(node.taints.len() as i64, "taint"));
            }
            parts.join(", ")
        }
    }
}
