//! The EndpointSlice controller, as far as DNS can see it.
//!
//! For a Service with a selector (KK `staging/src/k8s.io/endpointslice`):
//! 1. members are the pods **of its namespace** whose labels contain every selector pair;
//! 2. a pod appears only with an IP and when not `Succeeded`/`Failed` (`ShouldPodBeInEndpoints`);
//! 3. `ready = publishNotReadyAddresses || (podReady && !terminating)` (`podToEndpoint`);
//! 4. `hostname = pod.spec.hostname` iff the pod's `subdomain` equals the Service name
//!    (`ShouldSetHostname`); there is no headless check;
//! 5. each port keeps the Service port's name and protocol and gets the **target** port number, a
//!    named `targetPort` resolved through the pod's container ports; a pod without that named port
//!    is left out of that port (`getEndpointPorts`).
//!
//! Written endpoints (label `kubernetes.io/service-name`):
//! * for a Service without a selector, hand-written EndpointSlices and v1 Endpoints (mirrored by
//!   the EndpointSliceMirroring controller) are its only endpoints;
//! * slices a controller made, pasted from `kubectl get` (an EndpointSlice labelled
//!   `managed-by: endpointslice-controller.k8s.io`, or a v1 Endpoints), are taken as printed, in
//!   place of what the selector would derive;
//! * a person's own slice for a Service *with* a selector is served beside the controller's, since
//!   CoreDNS indexes every slice by its `kubernetes.io/service-name` label.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use super::{Endpoint, EndpointsFrom, Excluded, Pod, Service, Source};
use crate::model::{
    ContainerPort, Diagnostic, EndpointPort, IntOrString, ObjectKind, Parsed, ServicePort,
};

/// The label that names a slice's manager, and the EndpointSlice controller's value for it.
const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
const SLICE_CONTROLLER: &str = "endpointslice-controller.k8s.io";

/// A Service's written endpoints: from controllers' slices as printed, and from a person's slices.
type SnapshotAndExtra = (Vec<Endpoint>, Vec<Endpoint>);

/// The last container-port list resolved, and its endpoint ports.
type PortsMemo = (Arc<[ContainerPort]>, Arc<[EndpointPort]>);

pub(super) fn derive(
    parsed: &Parsed,
    services: &mut [Service],
    pods: &[Pod],
    pod_index: &super::Index,
    diags: &mut Vec<Diagnostic>,
) {
    // Written slices, grouped by (namespace, service): `(snapshot, extra)`. A snapshot is what a
    // controller made, pasted from `kubectl get`: an EndpointSlice labelled as the EndpointSlice
    // controller's, or a v1 Endpoints. It stands for that Service's endpoints as printed. An extra
    // slice is one a person wrote: CoreDNS reads every slice labelled for the Service, so for a
    // Service with a selector it is served beside the controller's.
    let mut written: HashMap<(&str, &str), SnapshotAndExtra> = HashMap::new();
    for o in &parsed.objects {
        let (slices, snapshot): (Vec<&crate::model::EndpointSlice>, bool) = match &o.kind {
            ObjectKind::EndpointSlice(s) => (
                vec![s],
                s.meta.labels.get(MANAGED_BY).map(|v| &**v) == Some(SLICE_CONTROLLER),
            ),
            ObjectKind::Endpoints(v, _) => (v.iter().collect(), true),
            _ => continue,
        };
        for slice in slices {
            let Some(svc) = &slice.service_name else {
                continue;
            };
            if !services
                .iter()
                .any(|s| *s.namespace == *slice.meta.namespace && *s.name == **svc)
            {
                diags.push(Diagnostic::warning(o.origin.pos, "", format!("{} belongs to Service {}/{svc}, which does not exist; CoreDNS serves nothing from it", o.display_name(), slice.meta.namespace)));
                continue;
            }
            let both = written
                .entry((slice.meta.namespace.as_str(), svc.as_str()))
                .or_default();
            let entry = if snapshot { &mut both.0 } else { &mut both.1 };
            let ports: Arc<[EndpointPort]> = slice.ports.as_slice().into();
            for ep in &slice.endpoints {
                let pod = ep
                    .target_pod
                    .as_ref()
                    .and_then(|(ns, n)| pod_index.get(ns.as_str())?.get(n.as_str()).copied());
                let hostname: Option<Arc<str>> = ep.hostname.as_deref().map(Arc::from);
                let node: Option<Arc<str>> = ep.node_name.as_deref().map(Arc::from);
                for ip in &ep.ips {
                    entry.push(Endpoint {
                        ip: *ip,
                        hostname: hostname.clone(),
                        // EndpointSlice consumers treat an absent `ready` as ready.
                        ready: ep.ready.unwrap_or(true),
                        terminating: ep.terminating,
                        pod,
                        node: node.clone(),
                        ports: ports.clone(),
                        source: Source::Manifest(ep.pos),
                    });
                }
            }
        }
    }

    // Pods by namespace: a selector only ever looks inside its Service's namespace.
    const LABEL_INDEX_FROM: usize = 256;
    let mut by_ns: HashMap<&str, Vec<usize>, super::FastHash> = HashMap::default();
    for (i, p) in pods.iter().enumerate() {
        by_ns.entry(&*p.namespace).or_default().push(i);
    }
    // In a namespace of many pods (a pasted `kubectl get -o yaml` List puts hundreds in `default`),
    // each Service starts from the pods carrying its selector's first label instead of testing
    // every pod: in pod order, so the endpoints come out in the same order either way.
    let mut by_label: HashMap<(&str, &str, &str), Vec<usize>, super::FastHash> = HashMap::default();
    for (ns, members) in &by_ns {
        if members.len() >= LABEL_INDEX_FROM {
            for &i in members {
                for (k, v) in pods[i].labels.iter() {
                    by_label.entry((ns, k, v)).or_default().push(i);
                }
            }
        }
    }
    for svc in services.iter_mut() {
        let (snapshot, extra) = written
            .remove(&(&*svc.namespace, &*svc.name))
            .unwrap_or_default();
        let Some(selector) = svc.selector.as_ref().filter(|_| snapshot.is_empty()) else {
            if !snapshot.is_empty() || !extra.is_empty() {
                svc.endpoints = snapshot;
                svc.endpoints.extend(extra);
                svc.endpoints_from = EndpointsFrom::Manifest;
            }
            continue;
        };
        if !extra.is_empty() {
            svc.endpoints_from = EndpointsFrom::SelectorAndManifest {
                written: extra.len(),
            };
            svc.endpoints = extra;
        }
        let mut last_ports: Option<PortsMemo> = None;
        let in_ns = by_ns.get(&*svc.namespace).map_or(&[][..], Vec::as_slice);
        let candidates = match selector.iter().next() {
            Some((k, v)) if in_ns.len() >= LABEL_INDEX_FROM => by_label
                .get(&(&*svc.namespace, &**k, &**v))
                .map_or(&[][..], Vec::as_slice),
            _ => in_ns,
        };
        for &i in candidates {
            let pod = &pods[i];
            if !selector.iter().all(|(k, v)| pod.labels.get(k) == Some(v)) {
                continue;
            }
            if &*pod.phase == "Succeeded" || &*pod.phase == "Failed" {
                svc.excluded
                    .push((i, Excluded::Finished(pod.phase.clone())));
                continue;
            }
            if pod.ips.is_empty() {
                svc.excluded.push((i, Excluded::NoIp));
                continue;
            }
            let ready = svc.publish_not_ready || (pod.ready && !pod.terminating);
            let hostname = match (&pod.hostname, &pod.subdomain) {
                (Some(h), Some(sub)) if *sub == svc.name => Some(h.clone()),
                _ => None,
            };
            // Pods of one template share their container ports, so they share the resolved list too.
            let ports = match &last_ports {
                Some((from, done)) if Arc::ptr_eq(from, &pod.ports) => done.clone(),
                _ => {
                    let done = resolve_ports(&svc.ports, &pod.ports);
                    last_ports = Some((pod.ports.clone(), done.clone()));
                    done
                }
            };
            // Single-stack IPv4 Services take the pod's IPv4 address; IPv6-only ones its IPv6 address.
            let want_v6 = svc.cluster_ips.first().is_some_and(IpAddr::is_ipv6);
            for ip in pod
                .ips
                .iter()
                .filter(|ip| ip.is_ipv6() == want_v6 || svc.cluster_ips.len() > 1)
            {
                svc.endpoints.push(Endpoint {
                    ip: *ip,
                    hostname: hostname.clone(),
                    ready,
                    terminating: pod.terminating,
                    pod: Some(i),
                    node: Some(pod.node.clone()),
                    ports: ports.clone(),
                    source: pod.source.clone(),
                });
            }
        }
    }
}

/// The endpoint ports of one pod: each Service port keeps its name and protocol and gets the target
/// port number; a named `targetPort` resolves through the pod's container ports, and a pod without
/// that named port is left out of that port (`getEndpointPorts`).
fn resolve_ports(service: &[ServicePort], pod: &[ContainerPort]) -> Arc<[EndpointPort]> {
    service
        .iter()
        .filter_map(|sp| {
            let port = match &sp.target_port {
                IntOrString::Int(n) => *n,
                IntOrString::Str(name) => {
                    pod.iter()
                        .find(|cp| cp.name.as_deref() == Some(name) && cp.protocol == sp.protocol)?
                        .container_port
                }
            };
            Some(EndpointPort {
                name: sp.name.clone(),
                port,
                protocol: sp.protocol,
            })
        })
        .collect()
}
