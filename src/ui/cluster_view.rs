//! The simulated cluster: Services with their endpoints, and pods with their identity, each with
//! the "break it" controls (readiness, delete, scale) that change what DNS answers.

use std::rc::Rc;

use yew::prelude::*;

use crate::cluster::{Cluster, Owner, Pod, Service};

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub cluster: Rc<Cluster>,
    pub on_toggle_ready: Callback<(String, String)>,
    pub on_delete: Callback<(String, String)>,
    pub on_scale: Callback<(String, String, i64)>,
    pub on_jump: Callback<u32>,
}

#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let c = &props.cluster;
    let services: Vec<&Service> = c
        .services
        .iter()
        .filter(|s| s.source.pos().is_some())
        .collect();
    let pods: Vec<&Pod> = c.pods.iter().filter(|p| p.source.pos().is_some()).collect();
    // StatefulSets, for the scale control: (namespace, name, current replicas).
    let mut sets: Vec<(String, String, i64)> = Vec::new();
    for p in &pods {
        if let Owner::StatefulSet { name, .. } = &p.owner {
            match sets
                .iter_mut()
                .find(|(ns, n, _)| **ns == *p.namespace && **n == **name)
            {
                Some(e) => e.2 += 1,
                None => sets.push((p.namespace.to_string(), name.to_string(), 1)),
            }
        }
    }
    html! {
        <div class="cluster">
            <h3>{ "Services" }</h3>
            if services.is_empty() {
                <p class="empty">{ "No Services in the manifests yet. The cluster still has default/kubernetes and kube-system/kube-dns." }</p>
            }
            <ul id="services" class="svc-list">
                { for services.iter().map(|s| service_row(s, c, &props.on_jump)) }
            </ul>
            <h3>{ "Pods" }</h3>
            if !sets.is_empty() {
                <div class="scale-row">
                    { for sets.iter().map(|(ns, name, n)| {
                        let (down, up) = (props.on_scale.clone(), props.on_scale.clone());
                        let (a, b, n1) = (ns.clone(), name.clone(), *n);
                        let (a2, b2) = (ns.clone(), name.clone());
                        html! {
                            <span class="scale" key={format!("{ns}/{name}")}>
                                { format!("StatefulSet {name}: {n} ") }
                                <button aria-label={format!("Scale {name} down")} disabled={*n == 0}
                                    onclick={Callback::from(move |_| down.emit((a.clone(), b.clone(), n1 - 1)))}>{ "−" }</button>
                                <button aria-label={format!("Scale {name} up")} disabled={*n >= 50}
                                    onclick={Callback::from(move |_| up.emit((a2.clone(), b2.clone(), n1 + 1)))}>{ "+" }</button>
                            </span>
                        }
                    }) }
                </div>
            }
            <div class="table-wrap">
            <table id="pods" class="pods">
                <thead><tr><th scope="col">{ "Pod" }</th><th scope="col">{ "IP" }</th><th scope="col">{ "Node" }</th><th scope="col">{ "DNS identity" }</th><th scope="col">{ "Ready" }</th><th scope="col"><span class="sr-only">{ "Actions" }</span></th></tr></thead>
                <tbody>
                { for pods.iter().map(|p| {
                    let key = (p.namespace.to_string(), p.name.to_string());
                    let (k1, k2) = (key.clone(), key.clone());
                    let toggle = props.on_toggle_ready.clone();
                    let delete = props.on_delete.clone();
                    let ident = match (&p.hostname, &p.subdomain) {
                        (Some(h), Some(s)) => format!("{h}.{s}.{}.svc.{}", p.namespace, c.zone),
                        (Some(h), None) => format!("hostname {h}, no subdomain"),
                        _ => "none (no hostname/subdomain)".to_string(),
                    };
                    html! {
                        <tr key={format!("{}/{}", p.namespace, p.name)} class={classes!((!p.ready).then_some("not-ready"))}>
                            <td class="pod"><code>{ format!("{}/{}", p.namespace, p.name) }</code></td>
                            <td class="ip"><code>{ p.ip().map(|i| i.to_string()).unwrap_or_else(|| "(none)".into()) }</code></td>
                            <td class="node" data-label="Node">{ &p.node }</td>
                            <td class="ident" data-label="DNS identity"><code>{ ident }</code></td>
                            <td class="ready">
                                <label class="ready-toggle">
                                    <input type="checkbox" checked={p.ready}
                                        aria-label={format!("{} is ready", p.name)}
                                        onchange={Callback::from(move |_| toggle.emit(k1.clone()))} />
                                    <span>{ if p.ready { "ready" } else { "not ready" } }</span>
                                </label>
                            </td>
                            <td class="actions">
                                <button class="del" title="Delete this pod: its controller replaces it"
                                    aria-label={format!("Delete pod {}", p.name)}
                                    onclick={Callback::from(move |_| delete.emit(k2.clone()))}>{ "Delete" }</button>
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}

fn service_row(s: &Service, c: &Cluster, on_jump: &Callback<u32>) -> Html {
    let ip = if s.headless {
        "headless: clusterIP None".to_string()
    } else if let Some(ext) = &s.external_name {
        format!("ExternalName → {ext}")
    } else {
        s.cluster_ips
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let line = s.source.pos().map(|p| p.line).unwrap_or(1);
    let jump = on_jump.clone();
    html! {
        <li key={format!("{}/{}", s.namespace, s.name)} class={classes!("svc", s.headless.then_some("headless"))}>
            <div class="svc-head">
                <button class="obj-name" onclick={Callback::from(move |_| jump.emit(line))}>{ format!("{}.{}.svc.{}", s.name, s.namespace, c.zone) }</button>
                <span class={classes!("badge", if s.headless { "b-headless" } else { "b-vip" })}>{ ip }</span>
            </div>
            <ul class="eps">
                if s.endpoints.is_empty() {
                    <li class="empty">{ "no endpoints" }</li>
                }
                { for s.endpoints.iter().enumerate().map(|(i, e)| {
                    let pod = e.pod.map(|i| c.pods[i].name.clone());
                    html! {
                        <li key={i} class={classes!("ep", (!e.ready).then_some("not-ready"))}>
                            <code>{ e.ip.to_string() }</code>
                            if let Some(h) = &e.hostname { { " " }<span class="host">{ format!("hostname {h}") }</span> }
                            if let Some(p) = pod { { " " }<span class="muted">{ format!("pod {p}") }</span> }
                            if !e.ready { { " " }<span class="nr">{ "not ready: left out of DNS" }</span> }
                        </li>
                    }
                }) }
            </ul>
        </li>
    }
}
