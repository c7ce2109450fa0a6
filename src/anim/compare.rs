//! Compare: the same query against a Service as written and against the other kind
//! (ClusterIP ↔ headless), with the differences a learner should notice spelled out.
//!
//! The other kind is made the way a person would make it: the Service's `spec.clusterIP` becomes
//! `None` (headless) or is left for the API server to allocate (ClusterIP), and the cluster is
//! rebuilt from the manifests with the same toggles, so every address and endpoint follows the
//! same rules as the original.

use std::net::IpAddr;

use super::timeline::Timeline;
use crate::cluster::{Cluster, Ops};
use crate::dns::resolver::Resolution;
use crate::dns::rr::RData;
use crate::model::{ClusterIpSpec, ObjectKind, Parsed, ServiceType};

/// The Service a run's answer came from: `(namespace, name)`, if it is one that can change kind.
pub fn service_of_run(log: &[Resolution]) -> Option<(String, String)> {
    log.iter().rev().find_map(|r| {
        let s = r.explanation.service()?;
        Some((s.ns.to_string(), s.name.to_string()))
    })
}

/// The manifests with that Service switched to the other kind, and whether it is headless now.
/// `None` when there is no such Service or it is an ExternalName Service (it has neither kind).
pub fn flip_service(parsed: &Parsed, ns: &str, name: &str) -> Option<(Parsed, bool)> {
    let mut out = parsed.clone();
    let svc = out.objects.iter_mut().find_map(|o| match &mut o.kind {
        ObjectKind::Service(s) if s.meta.namespace == ns && s.meta.name == name => Some(s),
        _ => None,
    })?;
    if svc.type_ == ServiceType::ExternalName {
        return None;
    }
    let now_headless = !svc.is_headless();
    svc.cluster_ip = if now_headless {
        ClusterIpSpec::None
    } else {
        ClusterIpSpec::Auto
    };
    svc.extra_cluster_ips.clear();
    Some((out, now_headless))
}

/// The flipped cluster, built with the same toggles.
pub fn flipped_cluster(
    parsed: &Parsed,
    ops: &Ops,
    ns: &str,
    name: &str,
) -> Option<(Cluster, bool)> {
    let (p, headless) = flip_service(parsed, ns, name)?;
    Some((Cluster::build(&p, ops), headless))
}

/// One row of the comparison: a question, the two answers, and whether they differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    pub what: String,
    pub left: String,
    pub right: String,
}

impl DiffRow {
    pub fn differs(&self) -> bool {
        self.left != self.right
    }
}

/// One side of the comparison.
pub struct Side<'a> {
    pub cluster: &'a Cluster,
    pub log: &'a [Resolution],
    pub timeline: &'a Timeline,
}

fn kind_text(c: &Cluster, ns: &str, name: &str) -> String {
    match c.service(ns, name) {
        Some(s) if s.headless => "headless (clusterIP: None)".into(),
        Some(s) => {
            let ips: Vec<String> = s.cluster_ips.iter().map(IpAddr::to_string).collect();
            format!("ClusterIP, virtual IP {}", ips.join(", "))
        }
        None => "no such Service".into(),
    }
}

fn answer_text(log: &[Resolution]) -> String {
    let Some(r) = log
        .iter()
        .rev()
        .find(|r| r.reply.as_ref().is_some_and(|m| !m.answers.is_empty()))
        .or(log.last())
    else {
        return "no query sent".into();
    };
    let Some(m) = &r.reply else {
        return "no reply".into();
    };
    if m.answers.is_empty() {
        return format!("{}, no records", m.response_code);
    }
    let data: Vec<String> = m
        .answers
        .iter()
        .map(|rec| match &rec.rdata {
            RData::SRV { port, target, .. } => format!("{}:{port}", target.to_dotless()),
            other => other.to_string(),
        })
        .collect();
    let mut sorted = data.clone();
    crate::sort::sort(&mut sorted);
    let n = data.len();
    let kind = m.answers[0].record_type();
    format!(
        "{n} {kind} record{}: {}",
        if n == 1 { "" } else { "s" },
        sorted.join(", ")
    )
}

fn reaches(tl: &Timeline) -> String {
    let connect = tl
        .chapters
        .iter()
        .position(|c| matches!(c.title.as_str(), "connect" | "targets" | "owner" | "alias"));
    match connect {
        Some(ch) => tl
            .steps
            .iter()
            .rev()
            .find(|s| s.chapter == ch)
            .map_or_else(String::new, |s| s.caption.clone()),
        None => "nothing: the lookup found no address".into(),
    }
}

fn not_ready_text(c: &Cluster, ns: &str, name: &str) -> Option<String> {
    let s = c.service(ns, name)?;
    let n = s.endpoints.iter().filter(|e| !e.ready).count();
    if n == 0 {
        return None;
    }
    let pods = if n == 1 { "it were" } else { "they were" };
    Some(if !s.headless {
        format!(
            "{n} not ready: the answer is still the virtual IP; kube-proxy never forwards to them"
        )
    } else if s.publish_not_ready {
        format!("{n} not ready: listed anyway (publishNotReadyAddresses: true)")
    } else {
        format!("{n} not ready: left out of the answer, as if the {pods} gone")
    })
}

/// What differs between the two sides for Service `ns/name`.
pub fn differences(ns: &str, name: &str, left: &Side, right: &Side) -> Vec<DiffRow> {
    let mut rows = vec![
        DiffRow {
            what: format!("Service {name}"),
            left: kind_text(left.cluster, ns, name),
            right: kind_text(right.cluster, ns, name),
        },
        DiffRow {
            what: "DNS answer".into(),
            left: answer_text(left.log),
            right: answer_text(right.log),
        },
        DiffRow {
            what: "What a client reaches".into(),
            left: reaches(left.timeline),
            right: reaches(right.timeline),
        },
    ];
    if let (Some(l), Some(r)) = (
        not_ready_text(left.cluster, ns, name),
        not_ready_text(right.cluster, ns, name),
    ) {
        rows.push(DiffRow {
            what: "Not-ready pods".into(),
            left: l,
            right: r,
        });
    }
    rows
}
