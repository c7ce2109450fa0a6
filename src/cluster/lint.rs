//! Teaching lints: cross-object mistakes, each explained by its DNS consequence, with the line in
//! both documents (k8s-dns.md §2, §4.2, §9).

use super::{Cluster, Owner, Source};
use crate::model::{labels_text, Diagnostic, ObjectKind, Parsed, Pos};

pub(super) fn run(parsed: &Parsed, c: &mut Cluster) {
    let mut out = Vec::new();
    statefulset_service_names(parsed, c, &mut out);
    selectors(parsed, c, &mut out);
    c.diagnostics.extend(out);
}

fn svc_pos(c: &Cluster, ns: &str, name: &str) -> Option<Pos> {
    c.service(ns, name).and_then(|s| s.source.pos())
}

fn statefulset_service_names(parsed: &Parsed, c: &Cluster, out: &mut Vec<Diagnostic>) {
    let zone = &c.zone;
    for o in &parsed.objects {
        let ObjectKind::StatefulSet(s) = &o.kind else {
            continue;
        };
        let ns = &s.meta.namespace;
        let Some(sn) = &s.service_name else {
            if s.replicas > 0 {
                let pos = parsed.locate(&o.origin, &["spec"]);
                out.push(Diagnostic::info(pos, "spec.serviceName", format!("StatefulSet {ns}/{} has no serviceName: its pods get no subdomain, so no per-pod DNS name like {}-0.<service>.{ns}.svc.{zone}", s.meta.name, s.meta.name))
                    .with_hint("set spec.serviceName to a headless Service that selects these pods"));
            }
            continue;
        };
        let pos = parsed.locate(&o.origin, &["spec", "serviceName"]);
        let pod0 = format!("{}-{}", s.meta.name, s.ordinal_start);
        match c.service(ns, sn) {
            None => {
                let d = Diagnostic::warning(pos, "spec.serviceName", format!(
                    "serviceName \"{sn}\" names no Service in namespace {ns}: the pods still get hostname {pod0} and subdomain {sn} (so `hostname -f` inside them prints {pod0}.{sn}.{ns}.svc.{zone}), but that name is NXDOMAIN from every other pod"
                ));
                let d = match crate::model::names::suggest(sn, &c.services_in(ns).map(|x| &*x.name).collect::<Vec<_>>()) {
                    Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                    None => d.with_hint(format!("add a headless Service named {sn} (clusterIP: None) that selects these pods")),
                };
                out.push(d);
            }
            Some(svc) if !svc.headless => {
                let mut d = Diagnostic::warning(pos, "spec.serviceName", format!(
                    "serviceName \"{sn}\" names a {} Service, not a headless one: per-pod names such as {pod0}.{sn}.{ns}.svc.{zone} still resolve (CoreDNS serves endpoint names for every Service), but {sn}.{ns}.svc.{zone} answers with the single virtual IP instead of one address per pod, and SRV records point at the Service name, not at each pod",
                    svc.type_.as_str()
                ))
                .with_hint(format!("set `clusterIP: None` on Service {sn} to make it headless (the usual StatefulSet setup)"));
                if let Some(p) = svc.source.pos() {
                    d = d.with_related(p, format!("Service {sn}"));
                }
                out.push(d);
            }
            Some(svc) => {
                // Headless: do its selector and the pods agree?
                let selects = svc.selector.as_ref().is_some_and(|sel| {
                    sel.iter().all(|(k, v)| s.template.labels.get(k) == Some(v))
                });
                if svc.selector.is_some() && !selects {
                    let mut d = Diagnostic::warning(pos, "spec.serviceName", format!(
                        "Service {sn} is headless but its selector does not match this StatefulSet's pod labels: the pods get subdomain {sn}, yet {sn} has no endpoints for them, so {pod0}.{sn}.{ns}.svc.{zone} is NXDOMAIN"
                    ));
                    if let Some(p) = svc.source.pos() {
                        d = d.with_related(p, format!("Service {sn}"));
                    }
                    out.push(d);
                }
            }
        }
    }
}

fn selectors(parsed: &Parsed, c: &Cluster, out: &mut Vec<Diagnostic>) {
    let zone = &c.zone;
    for o in &parsed.objects {
        let ObjectKind::Service(s) = &o.kind else {
            continue;
        };
        let Some(svc) = c.service(&s.meta.namespace, &s.meta.name) else {
            continue;
        };
        if svc.source != Source::Manifest(o.origin.pos)
            || svc.selector.is_none()
            || !matches!(
                svc.endpoints_from,
                super::EndpointsFrom::Selector | super::EndpointsFrom::SelectorAndManifest { .. }
            )
        {
            continue;
        }
        let ns = &svc.namespace;
        let name = &svc.name;
        let fqdn = format!("{name}.{ns}.svc.{zone}");
        let sel_pos = parsed.locate(&o.origin, &["spec", "selector"]);
        let sel_text = labels_text(svc.selector.iter().flatten());
        let selected = svc.endpoints.len() + svc.excluded.len();
        if selected == 0 {
            let consequence = if svc.headless {
                format!("{fqdn} is NXDOMAIN (a headless Service answers only with ready endpoints)")
            } else {
                format!("{fqdn} still resolves to its cluster IP, but connections to it fail: nothing is behind it")
            };
            let mut d = Diagnostic::warning(
                sel_pos,
                "spec.selector",
                format!("selector {sel_text} matches no pod in namespace {ns}: {consequence}"),
            );
            // Point at the closest pods: those sharing a selector key.
            let near: Vec<&super::Pod> = c
                .pods
                .iter()
                .filter(|p| p.namespace == *ns && p.owner != Owner::BuiltIn)
                .filter(|p| {
                    svc.selector
                        .iter()
                        .flatten()
                        .any(|(k, _)| p.labels.contains_key(k))
                })
                .collect();
            if let Some(p) = near.first() {
                let labels = labels_text(
                    svc.selector
                        .iter()
                        .flatten()
                        .filter_map(|(k, _)| p.labels.get(k).map(|v| (k, v))),
                );
                d = d.with_hint(format!(
                    "pod {} has {labels}: make the selector and the pod labels agree",
                    p.name
                ));
                if let Some(pp) = p.source.pos() {
                    d = d.with_related(pp, format!("pod {}", p.name));
                }
            }
            out.push(d);
            continue;
        }
        let ready = svc.endpoints.iter().filter(|e| e.ready).count();
        let total = svc.endpoints.len();
        if svc.headless && total > 0 && ready == 0 {
            out.push(
                Diagnostic::warning(sel_pos, "spec.selector", format!("headless Service {name} selects {}, none of them ready: {fqdn} is NXDOMAIN until one is ready", super::count(total, "pod")))
                    .with_hint("set `publishNotReadyAddresses: true` to publish pods before they are ready (as Kafka and database StatefulSets do, so peers can find each other while starting)"),
            );
        } else if svc.headless && ready < total {
            out.push(Diagnostic::info(sel_pos, "spec.selector", format!("headless Service {name}: {ready} of {total} pods ready; only the ready ones are in the answer for {fqdn}")));
        }
        // A second headless Service over StatefulSet pods whose subdomain names another Service.
        if svc.headless && total > 0 && svc.endpoints.iter().all(|e| e.hostname.is_none()) {
            let subs: Vec<&str> = svc
                .endpoints
                .iter()
                .filter_map(|e| e.pod.and_then(|i| c.pods[i].subdomain.as_deref()))
                .collect();
            if let Some(other) = subs.first() {
                out.push(Diagnostic::info(sel_pos, "spec.selector", format!(
                    "these pods' subdomain is {other}, not {name}: only Service {other} gives them hostname records; under {name} they are named by dashed IP (e.g. {}.{fqdn})",
                    svc.endpoints[0].ip.to_string().replace(['.', ':'], "-")
                )).with_related(svc_pos(c, ns, other).unwrap_or(sel_pos), format!("Service {other}")));
            }
        }
    }
}
