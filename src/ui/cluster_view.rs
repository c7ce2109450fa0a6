//! The simulated cluster: Services with their endpoints, and pods with their identity, each with
//! the "break it" controls (readiness, delete, scale) that change what DNS answers.
//!
//! Built for clusters of thousands of pods: the pods table, the Services list and each Service's
//! endpoints are windowed ([`window`]): only the rows in view are in the DOM, each a keyed
//! component whose props compare cheaply, so toggling one pod re-renders one row.

use std::net::IpAddr;
use std::rc::Rc;
use std::sync::Arc;

use yew::prelude::*;

use crate::cluster::{Cluster, Owner, Pod, PodRef, Service, WorkloadRef};

#[path = "window.rs"]
pub(super) mod window;

use window::{thousands, use_stable_callback, use_window, Keys};

/// Row heights (px) the windows start from, before they measure the real ones.
const POD_ROW_PX: f64 = 31.0;
const SVC_ROW_PX: f64 = 90.0;
const EP_ROW_PX: f64 = 21.0;
/// Rows rendered beyond the viewport on each side.
const OVERSCAN: usize = 8;
/// A Service shows this many endpoints inline; more go into a scrolling, windowed box this high.
const EP_INLINE: usize = 10;
/// The pods table's header stays in view while its rows scroll.
const STICKY: &str = "position: sticky; top: 0; z-index: 1; background: var(--panel);";
/// From this many StatefulSets on, their scale controls scroll in a box this high.
const SCALE_BOX: &str = "max-height: 9.5rem; overflow-y: auto;";
const SCALE_BOX_FROM: usize = 12;
/// From this many pods on, a summary line says how many there are and who owns them.
const SUMMARY_FROM: usize = 20;

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub cluster: Rc<Cluster>,
    pub on_toggle_ready: Callback<PodRef>,
    pub on_delete: Callback<PodRef>,
    pub on_scale: Callback<(WorkloadRef, i64)>,
    pub on_jump: Callback<u32>,
}

#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    let c = &props.cluster;
    let on_toggle = use_stable_callback(&props.on_toggle_ready);
    let on_delete = use_stable_callback(&props.on_delete);
    let on_scale = use_stable_callback(&props.on_scale);
    let on_jump = use_stable_callback(&props.on_jump);

    // Indices of what the manifests define (not the built-in kubernetes / kube-dns objects).
    let services: Rc<Vec<usize>> = Rc::new(
        (0..c.services.len())
            .filter(|&i| c.services[i].source.pos().is_some())
            .collect(),
    );
    let pods: Vec<usize> = (0..c.pods.len())
        .filter(|&i| c.pods[i].source.pos().is_some())
        .collect();
    // StatefulSets, for the scale control: (namespace, name, current replicas).
    let mut sets: Vec<(Arc<str>, Arc<str>, i64)> = Vec::new();
    let (mut in_sets, mut in_deploys, mut deploys) = (0usize, 0usize, Vec::<(&str, &str)>::new());
    for &i in &pods {
        let p = &c.pods[i];
        match &p.owner {
            Owner::StatefulSet { name, .. } => {
                in_sets += 1;
                match sets
                    .iter_mut()
                    .rev()
                    .find(|(ns, n, _)| **ns == *p.namespace && **n == **name)
                {
                    Some(e) => e.2 += 1,
                    None => sets.push((p.namespace.clone(), name.clone(), 1)),
                }
            }
            Owner::Deployment { name } => {
                in_deploys += 1;
                if !deploys.contains(&(&p.namespace, name)) {
                    deploys.push((&p.namespace, name));
                }
            }
            _ => {}
        }
    }
    let summary = (pods.len() >= SUMMARY_FROM).then(|| {
        let mut parts = vec![format!(
            "{} pods: {} in {} StatefulSet{}",
            thousands(pods.len()),
            thousands(in_sets),
            thousands(sets.len()),
            if sets.len() == 1 { "" } else { "s" }
        )];
        if in_deploys > 0 {
            parts.push(format!(
                "{} in {} Deployment{}",
                thousands(in_deploys),
                thousands(deploys.len()),
                if deploys.len() == 1 { "" } else { "s" }
            ));
        }
        let bare = pods.len() - in_sets - in_deploys;
        if bare > 0 {
            parts.push(format!("{} on their own", thousands(bare)));
        }
        format!("{}. Scroll the table to see them all.", parts.join(", "))
    });

    let zone = AttrValue::from(c.zone.clone());
    html! {
        <div class="cluster">
            <h3>{ "Services" }</h3>
            if services.is_empty() {
                <p class="empty">{ "No Services in the manifests yet. The cluster still has default/kubernetes and kube-system/kube-dns." }</p>
            }
            <ServiceList cluster={c.clone()} services={services.clone()} on_jump={on_jump} />
            <h3>{ "Pods" }</h3>
            if let Some(s) = summary {
                <p class="list-summary">{ s }</p>
            }
            if !sets.is_empty() {
                <div class="scale-row" style={(sets.len() >= SCALE_BOX_FROM).then_some(SCALE_BOX)}>
                    { for sets.iter().map(|(ns, name, n)| html! {
                        <ScaleControl key={format!("{ns}/{name}")} ns={ns.clone()} name={name.clone()} n={*n} on_scale={on_scale.clone()} />
                    }) }
                </div>
            }
            <PodTable cluster={c.clone()} pods={Rc::new(pods)} {zone} {on_toggle} {on_delete} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ScaleProps {
    ns: Arc<str>,
    name: Arc<str>,
    n: i64,
    on_scale: Callback<(WorkloadRef, i64)>,
}

#[component]
fn ScaleControl(props: &ScaleProps) -> Html {
    let (workload, n) = (WorkloadRef::new(&*props.ns, &*props.name), props.n);
    let down = {
        let w = workload.clone();
        props
            .on_scale
            .reform(move |_: MouseEvent| (w.clone(), n - 1))
    };
    let up = props
        .on_scale
        .reform(move |_: MouseEvent| (workload.clone(), n + 1));
    let name = &props.name;
    html! {
        <span class="scale">
            { format!("StatefulSet {name}: {n} ") }
            <button aria-label={format!("Scale {name} down")} disabled={n == 0} onclick={down}>{ "−" }</button>
            <button aria-label={format!("Scale {name} up")} disabled={n >= 50} onclick={up}>{ "+" }</button>
        </span>
    }
}

// ---- pods --------------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct PodTableProps {
    cluster: Rc<Cluster>,
    /// Indices into `cluster.pods` of the rows, in order.
    pods: Rc<Vec<usize>>,
    zone: AttrValue,
    on_toggle: Callback<PodRef>,
    on_delete: Callback<PodRef>,
}

#[component]
fn PodTable(props: &PodTableProps) -> Html {
    let w = use_window(props.pods.len(), POD_ROW_PX, OVERSCAN);
    let s = w.span;
    let mut keys = Keys::default();
    html! {
        <div class="table-wrap win" ref={w.container} onscroll={w.onscroll}
            style="max-height: min(70vh, 36rem); overflow-y: auto;">
        <div style={s.padding()}>
        <table id="pods" class="pods" aria-rowcount={(props.pods.len() + 1).to_string()}>
            <thead><tr aria-rowindex="1">
                <th scope="col" style={STICKY}>{ "Pod" }</th><th scope="col" style={STICKY}>{ "IP" }</th>
                <th scope="col" style={STICKY}>{ "Node" }</th><th scope="col" style={STICKY}>{ "DNS identity" }</th>
                <th scope="col" style={STICKY}>{ "Ready" }</th><th scope="col" style={STICKY}><span class="sr-only">{ "Actions" }</span></th>
            </tr></thead>
            <tbody ref={w.rows}>
            { for (s.start..s.end).map(|row| {
                let p = &props.cluster.pods[props.pods[row]];
                let pod = PodView::of(p);
                let key = keys.key(format!("{}/{}", p.namespace, p.name), row);
                html! {
                    <PodRow {key} {pod} row={row + 2} zone={props.zone.clone()}
                        on_toggle={props.on_toggle.clone()} on_delete={props.on_delete.clone()} />
                }
            }) }
            </tbody>
        </table>
        </div>
        </div>
    }
}

/// What a pod row shows: shared strings (pointer copies), so building one per visible row is cheap.
#[derive(Clone, PartialEq)]
struct PodView {
    namespace: Arc<str>,
    name: Arc<str>,
    ip: Option<IpAddr>,
    node: Arc<str>,
    hostname: Option<Arc<str>>,
    subdomain: Option<Arc<str>>,
    ready: bool,
}

impl PodView {
    fn of(p: &Pod) -> PodView {
        PodView {
            namespace: p.namespace.clone(),
            name: p.name.clone(),
            ip: p.ip(),
            node: p.node.clone(),
            hostname: p.hostname.clone(),
            subdomain: p.subdomain.clone(),
            ready: p.ready,
        }
    }
}

#[derive(Properties, PartialEq)]
struct PodRowProps {
    pod: PodView,
    /// `aria-rowindex`: 1 is the header row.
    row: usize,
    zone: AttrValue,
    on_toggle: Callback<PodRef>,
    on_delete: Callback<PodRef>,
}

#[component]
fn PodRow(props: &PodRowProps) -> Html {
    let p = &props.pod;
    let id = PodRef::new(&*p.namespace, &*p.name);
    let toggle = {
        let id = id.clone();
        props.on_toggle.reform(move |_: Event| id.clone())
    };
    let delete = props.on_delete.reform(move |_: MouseEvent| id.clone());
    let ident = match (&p.hostname, &p.subdomain) {
        (Some(h), Some(s)) => format!("{h}.{s}.{}.svc.{}", p.namespace, props.zone),
        (Some(h), None) => format!("hostname {h}, no subdomain"),
        _ => "none (no hostname/subdomain)".to_string(),
    };
    html! {
        <tr class={classes!((!p.ready).then_some("not-ready"))} aria-rowindex={props.row.to_string()}>
            <td class="pod"><code>{ format!("{}/{}", p.namespace, p.name) }</code></td>
            <td class="ip"><code>{ p.ip.map(|i| i.to_string()).unwrap_or_else(|| "(none)".into()) }</code></td>
            <td class="node" data-label="Node">{ p.node.to_string() }</td>
            <td class="ident" data-label="DNS identity"><code>{ ident }</code></td>
            <td class="ready">
                <label class="ready-toggle">
                    <input type="checkbox" checked={p.ready}
                        aria-label={format!("{} is ready", p.name)}
                        onchange={toggle} />
                    <span>{ if p.ready { "ready" } else { "not ready" } }</span>
                </label>
            </td>
            <td class="actions">
                <button class="del" title="Delete this pod: its controller replaces it"
                    aria-label={format!("Delete pod {}", p.name)}
                    onclick={delete}>{ "Delete" }</button>
            </td>
        </tr>
    }
}

// ---- Services ----------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct ServiceListProps {
    cluster: Rc<Cluster>,
    /// Indices into `cluster.services` of the rows, in order.
    services: Rc<Vec<usize>>,
    on_jump: Callback<u32>,
}

#[component]
fn ServiceList(props: &ServiceListProps) -> Html {
    let w = use_window(props.services.len(), SVC_ROW_PX, OVERSCAN / 2);
    let s = w.span;
    let mut keys = Keys::default();
    html! {
        <div class="svc-scroll win" ref={w.container} onscroll={w.onscroll}
            style="max-height: min(70vh, 36rem); overflow-y: auto;">
        <ul id="services" class="svc-list" ref={w.rows} style={s.padding()}>
            { for (s.start..s.end).map(|row| {
                let svc = SvcView::of(&props.cluster, props.services[row]);
                let key = keys.key(format!("{}/{}", svc.service.namespace, svc.service.name), row);
                html! { <ServiceRow {key} svc={Rc::new(svc)} on_jump={props.on_jump.clone()} /> }
            }) }
        </ul>
        </div>
    }
}

/// What a Service row shows: the Service, the names of its endpoints' pods, the cluster's zone.
/// A copy, so a row holds no old cluster alive, and compares equal when nothing it shows changed.
#[derive(PartialEq)]
struct SvcView {
    service: Service,
    /// Per endpoint, the name of its pod.
    pods: Vec<Option<Arc<str>>>,
    zone: AttrValue,
}

impl SvcView {
    fn of(c: &Cluster, index: usize) -> SvcView {
        let service = c.services[index].clone();
        let pods = service
            .endpoints
            .iter()
            .map(|e| e.pod.and_then(|i| c.pods.get(i)).map(|p| p.name.clone()))
            .collect();
        SvcView {
            service,
            pods,
            zone: AttrValue::from(c.zone.clone()),
        }
    }
}

#[derive(Properties, PartialEq)]
struct ServiceRowProps {
    svc: Rc<SvcView>,
    on_jump: Callback<u32>,
}

#[component]
fn ServiceRow(props: &ServiceRowProps) -> Html {
    let v = &props.svc;
    let s = &v.service;
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
    let onclick = props.on_jump.reform(move |_: MouseEvent| line);
    let n = s.endpoints.len();
    html! {
        <li class={classes!("svc", s.headless.then_some("headless"))}>
            <div class="svc-head">
                <button class="obj-name" {onclick}>{ format!("{}.{}.svc.{}", s.name, s.namespace, v.zone) }</button>
                <span class={classes!("badge", if s.headless { "b-headless" } else { "b-vip" })}>{ ip }</span>
            </div>
            if n == 0 {
                <ul class="eps"><li class="empty">{ "no endpoints" }</li></ul>
            } else if n <= EP_INLINE {
                <ul class="eps">
                    { for endpoint_rows(v, 0..n) }
                </ul>
            } else {
                <p class="eps-count muted">{ format!("{} endpoints, {} ready", thousands(n), thousands(s.ready_endpoints().count())) }</p>
                <EndpointBox svc={v.clone()} />
            }
        </li>
    }
}

/// The endpoints of a Service with many: a scrolling box of [`EP_INLINE`] rows, windowed.
#[derive(Properties, PartialEq)]
struct EndpointBoxProps {
    svc: Rc<SvcView>,
}

#[component]
fn EndpointBox(props: &EndpointBoxProps) -> Html {
    let v = &props.svc;
    let w = use_window(v.service.endpoints.len(), EP_ROW_PX, OVERSCAN);
    let span = w.span;
    let style = format!(
        "max-height: {}px; overflow-y: auto;",
        (EP_INLINE as f64 * EP_ROW_PX) as u32
    );
    html! {
        <div class="eps-scroll win" ref={w.container} onscroll={w.onscroll} {style}>
            <ul class="eps" ref={w.rows} style={span.padding()}>
                { for endpoint_rows(v, span.start..span.end) }
            </ul>
        </div>
    }
}

/// The `li` of endpoints `range`, keyed by IP (made unique when an IP repeats).
fn endpoint_rows(v: &SvcView, range: std::ops::Range<usize>) -> impl Iterator<Item = Html> + '_ {
    let mut keys = Keys::default();
    range.map(move |i| {
        let e = &v.service.endpoints[i];
        let key = keys.key(e.ip.to_string(), i);
        let pod = v.pods.get(i).cloned().flatten();
        html! {
            <li {key} class={classes!("ep", (!e.ready).then_some("not-ready"))}>
                <code>{ e.ip.to_string() }</code>
                if let Some(h) = &e.hostname { { " " }<span class="host">{ format!("hostname {h}") }</span> }
                if let Some(p) = pod { { " " }<span class="muted">{ format!("pod {p}") }</span> }
                if !e.ready { { " " }<span class="nr">{ "not ready: left out of DNS" }</span> }
            </li>
        }
    })
}
