//! `kubectl get` and `kubectl describe` as kubectl 1.33 prints them, read from the simulated
//! [`Cluster`] (no API server, no DNS query: a run's [`ToolRun`] has no attempts).
//!
//! What follows kubectl's own code:
//!
//! * **Tables** (`cli-runtime/pkg/printers/tablewriter.go`, `GetNewTabWriter`): a tabwriter with
//!   minimum width 6, padding 3, space padding, so a column is `max(6, widest cell + 3)` wide and
//!   the last column is not padded. Each resource type of one command is its own table, with its
//!   own widths (kubectl flushes and forgets the widths when the kind changes), and tables are
//!   separated by one blank line. With several types (`svc,ep`, `all`) names carry the kind
//!   (`service/web`, `statefulset.apps/web`); with `-A` a `NAMESPACE` column comes first.
//! * **Columns** (`pkg/printers/internalversion/printers.go`): Services `NAME TYPE CLUSTER-IP
//!   EXTERNAL-IP PORT(S) AGE` (+ `SELECTOR`), `None` for a headless CLUSTER-IP (it is the
//!   `clusterIPs[0]` text), `<none>` without one (ExternalName), EXTERNAL-IP `<none>`, `<pending>`
//!   for a LoadBalancer without ingress, the external name for ExternalName; ports `80/TCP`,
//!   `80:30080/TCP` with a node port, joined by `,`. Pods `NAME READY STATUS RESTARTS AGE`
//!   (+ `IP NODE NOMINATED NODE READINESS GATES`), READY `ready/containers`, STATUS the phase
//!   (`Completed` for Succeeded, `Error` for Failed, `Terminating` once deleted). Endpoints
//!   `NAME ENDPOINTS AGE` with `formatEndpoints` (ready addresses × ports, at most 3, then
//!   ` + N more...`; `<none>` when the object has no subsets; an empty cell when no address is
//!   ready). EndpointSlices `NAME ADDRESSTYPE PORTS ENDPOINTS AGE` (`formatDiscoveryPorts`,
//!   `formatDiscoveryEndpoints`: every address, ready or not, `<unset>` when empty). StatefulSets
//!   `NAME READY AGE`, Deployments `NAME READY UP-TO-DATE AVAILABLE AGE`, ReplicaSets `NAME DESIRED
//!   CURRENT READY AGE`, Namespaces `NAME STATUS AGE`.
//! * **Messages** (`kubectl get`): `No resources found in NS namespace.` / `No resources found`
//!   (stderr, exit 0), `Error from server (NotFound): services "x" not found` after the table
//!   (exit 1), `error: the server doesn't have a resource type "x"`, the API server's deprecation
//!   warning for v1 Endpoints (`Warning: v1 Endpoints is deprecated in v1.33+; use
//!   discovery.k8s.io/v1 EndpointSlice`).
//! * **`describe svc`** (`kubectl/pkg/describe/describe.go`, `describeService`): a tabwriter with
//!   minimum width 0, padding 2; `Port:` has the name (`<unset>` when unnamed) in a column of its
//!   own; one `Endpoints:` line per port from `formatEndpointSlices` (ready endpoints only, at
//!   most 3, including its quirk that a full list followed by a not-ready endpoint still says
//!   ` + 0 more...`); `Events:  <none>`.
//! * **`describe` of other kinds** (`describePod`, `describeEndpoints`, `describeEndpointSliceV1`,
//!   `describeStatefulSet`, `describeDeployment`, `DescribePodTemplate`): Go's tabwriter with
//!   minimum width 0, padding 2, whose column widths hold per block of consecutive lines that
//!   have that cell ([`go_tabwriter`]; `Containers:`, `IPs:` start new blocks). kubectl
//!   (`pkg/cmd/describe`) shows Events only for a single object: several objects (no name, `-l`,
//!   several names, a NotFound among them) are printed without the Events line, each after
//!   `\n\n` (so two blank lines between them); a lone `TYPE NAME` that matches nothing exactly
//!   describes every object whose name starts with NAME, each followed by one blank line.
//! * **`-o json`** (`cli-runtime/pkg/printers/json.go`): `json.MarshalIndent(obj, "", "    ")` and
//!   a newline, over the unstructured objects `kubectl get` fetches (`get.go` uses
//!   `Unstructured()`), so keys are sorted as Go marshals maps (the same order as `-o yaml`);
//!   strings HTML-escaped as `encoding/json` does (`\u003c`). Several objects are a `List`
//!   (`printGeneric`), one object named alone is itself.
//! * **AGE** (`translateTimestampSince`): `HumanDuration(now - creationTimestamp)` with `now`
//!   fixed at [`SIM_NOW`] (2026-11-24T00:00:00Z, the resolver's SOA serial) so runs replay;
//!   `<invalid>` for a time more than a second in the future.
//!
//! What the simulation cannot know, and the fixed choice made instead:
//!
//! * **AGE** without a `metadata.creationTimestamp` in the manifest: the kubeadm objects
//!   (kube-system, the `kubernetes` Service, namespaces) are `12d` old, the `dnsutils` client pod
//!   `12m`, everything from the manifests `5m`, a pod deleted and replaced by its controller `8s`.
//!   Objects made by controllers (pods, ReplicaSets) keep those ages even when their controller
//!   has a timestamp; Endpoints and EndpointSlices take their Service's. A timestamp that does not
//!   parse as RFC 3339 (the API server would refuse it) shows `<invalid>`. describe's
//!   `CreationTimestamp:` is `now - AGE` (UTC, Go's RFC1123Z).
//! * **Annotations** are not kept (`<none>`; kube-dns shows kubeadm's two Prometheus ones, a
//!   Deployment its controller's `deployment.kubernetes.io/revision: 1`); RESTARTS are `0`; node
//!   ports (never pinned by the simulator) are derived from the Service's name in 30000–32767.
//! * `-o yaml` / `-o json` print a faithful subset (apiVersion, kind, metadata
//!   name/namespace/labels, spec, status) in kubectl's YAML style (keys sorted, lists not indented
//!   under their key); they omit `creationTimestamp`, `resourceVersion`, `uid`, `annotations`,
//!   `managedFields` and, for pods, `containers`.
//! * `-o wide` adds the SELECTOR / pod columns and StatefulSets', Deployments' and ReplicaSets'
//!   CONTAINERS and IMAGES (+ SELECTOR) from the pod template.
//! * **describe** leaves out what no manifest says: container IDs, image IDs, states and start
//!   times (a pod is described as kubectl describes one without container statuses), commands,
//!   probes, resources, QoS class, volumes and mounts of pods (the kubelet adds a service account
//!   token volume), environment when a container has any (`<none>` when it has none), events.
//!   It prints what the API's defaulting settles: `Priority: 0`, `Service Account: default`, the
//!   two NoExecute tolerations of the DefaultTolerationSeconds admission plugin, a StatefulSet's
//!   `OrderedReady` / `RollingUpdate` (partition 0) / `Retain` policies, a Deployment's
//!   `RollingUpdate` with 25% / 25% and its controller's conditions and ReplicaSet. Pod conditions
//!   are only `Ready`. The kubeadm CoreDNS pods show kubeadm's priority class, service account,
//!   node selector, tolerations and image; the client pod the dnsutils image of the Kubernetes DNS
//!   debugging guide.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::Arc;

use super::ToolRun;
use crate::cluster::ipam::fnv1a;
use crate::cluster::{Cluster, Endpoint, EndpointsFrom, Ops, Owner, Pod, Service, Source};
use crate::model::{self, IntOrString, Labels, ObjectKind, Parsed, ServiceType};

/// What kubectl needs besides its arguments: the cluster, the manifests it was built from (for
/// labels and workloads the cluster does not keep), the break-it toggles (for the ages of replaced
/// pods) and the pod the terminal runs in.
#[derive(Clone, Copy, Debug)]
pub struct ShellContext<'a> {
    pub cluster: &'a Cluster,
    pub parsed: Option<&'a Parsed>,
    pub ops: Option<&'a Ops>,
    /// `(namespace, pod)` of the client pod; its namespace is kubectl's default namespace.
    pub client: (&'a str, &'a str),
}

impl<'a> ShellContext<'a> {
    pub fn new(cluster: &'a Cluster, namespace: &'a str, pod: &'a str) -> Self {
        ShellContext {
            cluster,
            parsed: None,
            ops: None,
            client: (namespace, pod),
        }
    }

    pub fn with_parsed(mut self, parsed: &'a Parsed) -> Self {
        self.parsed = Some(parsed);
        self
    }

    pub fn with_ops(mut self, ops: &'a Ops) -> Self {
        self.ops = Some(ops);
        self
    }
}

/// kubectl's `duration.HumanDuration` (k8s.io/apimachinery `pkg/util/duration`), from seconds.
pub fn human_duration(seconds: i64) -> String {
    // `5m`, or `5m30s` when the smaller unit is not zero.
    let two = |big: i64, bu: &str, small: i64, su: &str| {
        if small == 0 {
            format!("{big}{bu}")
        } else {
            format!("{big}{bu}{small}{su}")
        }
    };
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        return two(minutes, "m", seconds % 60, "s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        return two(hours, "h", minutes % 60, "m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        return two(hours / 24, "d", hours % 24, "h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        return two(hours / 24 / 365, "y", (hours / 24) % 365, "d");
    }
    format!("{}y", hours / 24 / 365)
}

const AGE_KUBEADM: i64 = 12 * 86400;
const AGE_CLIENT: i64 = 12 * 60;
const AGE_APPLIED: i64 = 5 * 60;
const AGE_REPLACED: i64 = 8;

/// The simulation's "now", against which ages are computed from `metadata.creationTimestamp`:
/// 2026-11-24T00:00:00Z, the resolver's fixed SOA serial ([`crate::dns::resolver::SOA_SERIAL`]),
/// so that every run prints the same ages.
pub const SIM_NOW: i64 = crate::dns::resolver::SOA_SERIAL as i64;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// `(year, month, day)` of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Unix seconds of an RFC 3339 timestamp as `metav1.Time` reads one (Go's `time.RFC3339` layout:
/// `2006-01-02T15:04:05Z07:00`, optional fractional seconds, `Z` or a `±hh:mm` offset).
pub fn parse_rfc3339(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(r)?;
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mdays = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo)
        || d < 1
        || d > mdays[(mo - 1) as usize]
        || h > 23
        || mi > 59
        || s > 59
    {
        return None;
    }
    let mut i = 19;
    if matches!(b.get(i), Some(b'.' | b',')) {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match b.get(i..)? {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset)
}

/// Go's `time.RFC1123Z` in UTC: `Mon, 23 Nov 2026 23:55:00 +0000` (kubectl describe's
/// `CreationTimestamp:`).
pub fn rfc1123z(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// When an object was created: from its manifest's `creationTimestamp` when it has one
/// (`Err(())` when that does not parse), else `fallback` seconds before [`SIM_NOW`].
fn created(ctx: &ShellContext, source: &Source, fallback: i64) -> Result<i64, ()> {
    let stamp = match source {
        Source::Manifest(pos) => ctx.parsed.and_then(|p| {
            p.objects
                .iter()
                .find(|o| o.origin.pos == *pos)
                .and_then(|o| o.creation_timestamp())
        }),
        _ => None,
    };
    match stamp {
        Some(t) => parse_rfc3339(t).ok_or(()),
        None => Ok(SIM_NOW - fallback),
    }
}

/// AGE as kubectl prints it: `HumanDuration(now - creationTimestamp)`, `<invalid>` for a time in
/// the future (or one that does not parse).
fn age_text(created: Result<i64, ()>) -> String {
    match created {
        Ok(t) => human_duration(SIM_NOW.saturating_sub(t)),
        Err(()) => "<invalid>".into(),
    }
}

fn fallback_age(source: &Source) -> i64 {
    match source {
        Source::BuiltIn => AGE_KUBEADM,
        _ => AGE_APPLIED,
    }
}

fn age_of(source: &Source, ctx: &ShellContext) -> String {
    age_text(created(ctx, source, fallback_age(source)))
}

fn pod_created(p: &Pod, ctx: &ShellContext) -> Result<i64, ()> {
    let replaced = ctx.ops.is_some_and(|o| {
        o.deleted.contains(&crate::cluster::ObjectRef::new(
            p.namespace.to_string(),
            p.name.to_string(),
        ))
    });
    if replaced && p.owner != Owner::None {
        return Ok(SIM_NOW - AGE_REPLACED);
    }
    let fallback = if p.owner == Owner::BuiltIn && &*p.namespace != "kube-system" {
        AGE_CLIENT
    } else if p.source == Source::BuiltIn {
        AGE_KUBEADM
    } else {
        AGE_APPLIED
    };
    created(ctx, &p.source, fallback)
}

fn pod_age(p: &Pod, ctx: &ShellContext) -> String {
    age_text(pod_created(p, ctx))
}

/// The tabwriter kubectl prints tables with: `max(minwidth, width + padding)` per column, the last
/// cell of each row unpadded. Widths count characters, as Go's tabwriter counts runes.
pub fn tabwrite(rows: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for row in rows {
        for (i, c) in row.iter().enumerate().take(row.len().saturating_sub(1)) {
            widths[i] = widths[i].max((c.chars().count() + padding).max(minwidth));
        }
    }
    let mut out = String::new();
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            out.push_str(c);
            if i + 1 < row.len() {
                let pad = widths[i].saturating_sub(c.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A tiny YAML tree, printed the way kubectl (sigs.k8s.io/yaml over go-yaml v2) prints.

#[derive(Clone, Debug)]
enum Y {
    Map(BTreeMap<String, Y>),
    Seq(Vec<Y>),
    Str(String),
    Int(i64),
    Bool(bool),
}

fn map(pairs: Vec<(&str, Y)>) -> Y {
    Y::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn s(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

fn labels_y(l: &Labels) -> Y {
    Y::Map(
        l.iter()
            .map(|(k, v)| (k.to_string(), Y::Str(v.to_string())))
            .collect(),
    )
}

fn needs_quotes(t: &str) -> bool {
    if t.is_empty() || t.trim() != t {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return true;
    }
    if t.parse::<f64>().is_ok() || t.starts_with("0x") || t.starts_with("0o") {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return true;
    }
    t.contains(": ") || t.contains(" #") || t.ends_with(':') || t.contains('\n')
}

fn scalar(t: &str) -> String {
    if needs_quotes(t) {
        serde_json::to_string(t).unwrap_or_else(|_| format!("\"{t}\""))
    } else {
        t.to_string()
    }
}

fn emit(y: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match y {
        Y::Map(m) => {
            for (k, v) in m {
                emit_entry(&pad, k, v, indent, out);
            }
        }
        Y::Seq(items) => {
            for item in items {
                match item {
                    Y::Map(m) if !m.is_empty() => {
                        let mut inner = String::new();
                        emit(item, indent + 2, &mut inner);
                        // The first line of the item replaces its indentation with "- ".
                        let rest = inner.get(indent + 2..).unwrap_or("");
                        let _ = write!(out, "{pad}- {rest}");
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}- {}", inline(item));
                    }
                }
            }
        }
        other => {
            let _ = writeln!(out, "{pad}{}", inline(other));
        }
    }
}

fn inline(y: &Y) -> String {
    match y {
        Y::Map(_) => "{}".into(),
        Y::Seq(_) => "[]".into(),
        Y::Str(t) => scalar(t),
        Y::Int(n) => n.to_string(),
        Y::Bool(b) => b.to_string(),
    }
}

fn emit_entry(pad: &str, k: &str, v: &Y, indent: usize, out: &mut String) {
    match v {
        Y::Map(m) if !m.is_empty() => {
            let _ = writeln!(out, "{pad}{}:", scalar(k));
            emit(v, indent + 2, out);
        }
        Y::Seq(items) if !items.is_empty() => {
            let _ = writeln!(out, "{pad}{}:", scalar(k));
            emit(v, indent, out);
        }
        _ => {
            let _ = writeln!(out, "{pad}{}: {}", scalar(k), inline(v));
        }
    }
}

/// A string as Go's `encoding/json` writes it (HTML-safe: `<`, `>`, `&` as `\u003c`...).
fn json_str(t: &str, out: &mut String) {
    out.push('"');
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `json.MarshalIndent(obj, "", "    ")` over an unstructured object: keys sorted (Go marshals
/// a `map[string]interface{}` in key order), empty maps `{}`, empty lists `[]`.
fn emit_json(y: &Y, indent: usize, out: &mut String) {
    let pad = |n: usize, out: &mut String| out.extend(std::iter::repeat_n(' ', n));
    match y {
        Y::Map(m) if m.is_empty() => out.push_str("{}"),
        Y::Seq(v) if v.is_empty() => out.push_str("[]"),
        Y::Map(m) => {
            out.push_str("{\n");
            for (i, (k, v)) in m.iter().enumerate() {
                pad(indent + 4, out);
                json_str(k, out);
                out.push_str(": ");
                emit_json(v, indent + 4, out);
                out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push('}');
        }
        Y::Seq(v) => {
            out.push_str("[\n");
            for (i, item) in v.iter().enumerate() {
                pad(indent + 4, out);
                emit_json(item, indent + 4, out);
                out.push_str(if i + 1 < v.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push(']');
        }
        Y::Str(t) => json_str(t, out),
        Y::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Y::Bool(b) => {
            let _ = write!(out, "{b}");
        }
    }
}

/// kubectl's JSON printer: the indented object and a newline.
fn to_json(y: &Y) -> String {
    let mut out = String::new();
    emit_json(y, 0, &mut out);
    out.push('\n');
    out
}

fn to_yaml(y: &Y) -> String {
    let mut out = String::new();
    emit(y, 0, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Resource types.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Pods,
    Services,
    Endpoints,
    EndpointSlices,
    StatefulSets,
    Deployments,
    ReplicaSets,
    Namespaces,
}

impl Kind {
    /// The kinds a type word names (`svc`, `statefulsets.apps`, `all`, …), `None` for others.
    pub(crate) fn parse(word: &str) -> Option<Vec<Kind>> {
        let k =
            match word.to_ascii_lowercase().as_str() {
                "po" | "pod" | "pods" => Kind::Pods,
                "svc" | "service" | "services" => Kind::Services,
                "ep" | "endpoints" => Kind::Endpoints,
                "endpointslice"
                | "endpointslices"
                | "endpointslice.discovery.k8s.io"
                | "endpointslices.discovery.k8s.io" => Kind::EndpointSlices,
                "sts" | "statefulset" | "statefulsets" | "statefulset.apps"
                | "statefulsets.apps" => Kind::StatefulSets,
                "deploy" | "deployment" | "deployments" | "deployment.apps"
                | "deployments.apps" => Kind::Deployments,
                "rs" | "replicaset" | "replicasets" | "replicaset.apps" | "replicasets.apps" => {
                    Kind::ReplicaSets
                }
                "ns" | "namespace" | "namespaces" => Kind::Namespaces,
                "all" => {
                    return Some(vec![
                        Kind::Pods,
                        Kind::Services,
                        Kind::Deployments,
                        Kind::ReplicaSets,
                        Kind::StatefulSets,
                    ])
                }
                _ => return None,
            };
        Some(vec![k])
    }

    /// Whether `kubectl describe` of this kind is simulated (ReplicaSets and Namespaces are not).
    pub(crate) fn describes(self) -> bool {
        !matches!(self, Kind::ReplicaSets | Kind::Namespaces)
    }

    /// The resource in `-o name` and in multi-type tables (`pod/x`, `statefulset.apps/x`).
    fn prefix(self) -> &'static str {
        match self {
            Kind::Pods => "pod",
            Kind::Services => "service",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlices => "endpointslice.discovery.k8s.io",
            Kind::StatefulSets => "statefulset.apps",
            Kind::Deployments => "deployment.apps",
            Kind::ReplicaSets => "replicaset.apps",
            Kind::Namespaces => "namespace",
        }
    }

    /// The resource in NotFound errors (`services "x" not found`).
    fn plural(self) -> &'static str {
        match self {
            Kind::Pods => "pods",
            Kind::Services => "services",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlices => "endpointslices.discovery.k8s.io",
            Kind::StatefulSets => "statefulsets.apps",
            Kind::Deployments => "deployments.apps",
            Kind::ReplicaSets => "replicasets.apps",
            Kind::Namespaces => "namespaces",
        }
    }

    fn headers(self) -> &'static [&'static str] {
        match self {
            Kind::Pods => &["READY", "STATUS", "RESTARTS", "AGE"],
            Kind::Services => &["TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
            Kind::Endpoints => &["ENDPOINTS", "AGE"],
            Kind::EndpointSlices => &["ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
            Kind::StatefulSets => &["READY", "AGE"],
            Kind::Deployments => &["READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            Kind::ReplicaSets => &["DESIRED", "CURRENT", "READY", "AGE"],
            Kind::Namespaces => &["STATUS", "AGE"],
        }
    }

    fn wide_headers(self) -> &'static [&'static str] {
        match self {
            Kind::Pods => &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            Kind::Services => &["SELECTOR"],
            Kind::StatefulSets => &["CONTAINERS", "IMAGES"],
            Kind::Deployments | Kind::ReplicaSets => &["CONTAINERS", "IMAGES", "SELECTOR"],
            _ => &[],
        }
    }

    fn namespaced(self) -> bool {
        self != Kind::Namespaces
    }

    fn api_version(self) -> &'static str {
        match self {
            Kind::EndpointSlices => "discovery.k8s.io/v1",
            Kind::StatefulSets | Kind::Deployments | Kind::ReplicaSets => "apps/v1",
            _ => "v1",
        }
    }

    fn kind_name(self) -> &'static str {
        match self {
            Kind::Pods => "Pod",
            Kind::Services => "Service",
            Kind::Endpoints => "Endpoints",
            Kind::EndpointSlices => "EndpointSlice",
            Kind::StatefulSets => "StatefulSet",
            Kind::Deployments => "Deployment",
            Kind::ReplicaSets => "ReplicaSet",
            Kind::Namespaces => "Namespace",
        }
    }
}

/// One object as kubectl shows it.
struct Item {
    namespace: String,
    name: String,
    labels: Labels,
    cells: Vec<String>,
    wide: Vec<String>,
    /// `spec` / `status` (or `subsets`, ...) for `-o yaml`: the top-level keys besides
    /// apiVersion, kind and metadata.
    body: Vec<(&'static str, Y)>,
}

fn none_if_empty(v: String) -> String {
    if v.is_empty() {
        "<none>".into()
    } else {
        v
    }
}

fn format_labels(l: &Labels) -> String {
    l.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A Service's labels: from its manifest, or kubeadm's for the built-in ones.
fn service_labels(svc: &Service, ctx: &ShellContext) -> Labels {
    if svc.source == Source::BuiltIn {
        return match &*svc.name {
            "kubernetes" => {
                model::labels(&[("component", "apiserver"), ("provider", "kubernetes")])
            }
            _ => model::labels(&[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ]),
        };
    }
    find_object(ctx, &svc.namespace, &svc.name, |k| match k {
        ObjectKind::Service(s) => Some(s.meta.labels.clone()),
        _ => None,
    })
    .unwrap_or_default()
}

fn find_object<T>(
    ctx: &ShellContext,
    ns: &str,
    name: &str,
    f: impl Fn(&ObjectKind) -> Option<T>,
) -> Option<T> {
    ctx.parsed?
        .objects
        .iter()
        .filter(|o| o.key() == (Some(ns), name))
        .find_map(|o| f(&o.kind))
}

/// A deterministic node port for a Service port (the API server picks one at random).
fn node_port(svc: &Service, port: i64) -> i64 {
    30000 + (fnv1a(&["nodePort", &svc.namespace, &svc.name, &port.to_string()]) % 2768) as i64
}

fn has_node_ports(svc: &Service) -> bool {
    matches!(svc.type_, ServiceType::NodePort | ServiceType::LoadBalancer)
}

fn service_ports(svc: &Service) -> String {
    let list: Vec<String> = svc
        .ports
        .iter()
        .map(|p| {
            if has_node_ports(svc) {
                format!(
                    "{}:{}/{}",
                    p.port,
                    node_port(svc, p.port),
                    p.protocol.as_str()
                )
            } else {
                format!("{}/{}", p.port, p.protocol.as_str())
            }
        })
        .collect();
    none_if_empty(list.join(","))
}

fn cluster_ip_text(svc: &Service) -> Option<String> {
    if svc.headless {
        Some("None".into())
    } else {
        svc.cluster_ips.first().map(IpAddr::to_string)
    }
}

fn ip_family(ip: &IpAddr) -> &'static str {
    if ip.is_ipv4() {
        "IPv4"
    } else {
        "IPv6"
    }
}

fn service_item(svc: &Service, ctx: &ShellContext) -> Item {
    let external = match svc.type_ {
        ServiceType::ExternalName => svc.external_name.clone().unwrap_or_default(),
        ServiceType::LoadBalancer => "<pending>".into(),
        _ => "<none>".into(),
    };
    let selector = svc.selector.as_ref().map(format_labels).unwrap_or_default();
    let mut spec: Vec<(&str, Y)> = vec![
        ("type", s(svc.type_.as_str())),
        ("sessionAffinity", s("None")),
    ];
    if let Some(ip) = cluster_ip_text(svc) {
        spec.push(("clusterIP", s(ip.clone())));
        let ips: Vec<Y> = if svc.headless {
            vec![s("None")]
        } else {
            svc.cluster_ips.iter().map(|i| s(i.to_string())).collect()
        };
        spec.push(("clusterIPs", Y::Seq(ips)));
    }
    if svc.type_ != ServiceType::ExternalName {
        spec.push(("internalTrafficPolicy", s("Cluster")));
        let fams: Vec<Y> = if svc.cluster_ips.is_empty() {
            vec![s("IPv4")]
        } else {
            svc.cluster_ips.iter().map(|i| s(ip_family(i))).collect()
        };
        spec.push((
            "ipFamilyPolicy",
            s(if fams.len() > 1 {
                "PreferDualStack"
            } else {
                "SingleStack"
            }),
        ));
        spec.push(("ipFamilies", Y::Seq(fams)));
    }
    if let Some(n) = &svc.external_name {
        spec.push(("externalName", s(n.clone())));
    }
    if has_node_ports(svc) {
        spec.push(("externalTrafficPolicy", s("Cluster")));
    }
    if !svc.ports.is_empty() {
        spec.push((
            "ports",
            Y::Seq(
                svc.ports
                    .iter()
                    .map(|p| {
                        let mut m = vec![
                            ("port", Y::Int(p.port)),
                            ("protocol", s(p.protocol.as_str())),
                            (
                                "targetPort",
                                match &p.target_port {
                                    IntOrString::Int(n) => Y::Int(*n),
                                    IntOrString::Str(t) => s(t.clone()),
                                },
                            ),
                        ];
                        if let Some(n) = &p.name {
                            m.push(("name", s(n.clone())));
                        }
                        if has_node_ports(svc) {
                            m.push(("nodePort", Y::Int(node_port(svc, p.port))));
                        }
                        map(m)
                    })
                    .collect(),
            ),
        ));
    }
    if svc.publish_not_ready {
        spec.push(("publishNotReadyAddresses", Y::Bool(true)));
    }
    if let Some(sel) = &svc.selector {
        spec.push(("selector", labels_y(sel)));
    }
    Item {
        namespace: svc.namespace.to_string(),
        name: svc.name.to_string(),
        labels: service_labels(svc, ctx),
        cells: vec![
            svc.type_.as_str().into(),
            cluster_ip_text(svc).unwrap_or_else(|| "<none>".into()),
            external,
            service_ports(svc),
            age_of(&svc.source, ctx),
        ],
        wide: vec![none_if_empty(selector)],
        body: vec![
            ("spec", map(spec)),
            ("status", map(vec![("loadBalancer", map(vec![]))])),
        ],
    }
}

/// The pod spec of a controller's template in the manifests.
fn template_spec(ctx: &ShellContext, ns: &str, owner: &str) -> Option<model::PodSpec> {
    find_object(ctx, ns, owner, |k| match k {
        ObjectKind::StatefulSet(s) => Some(s.template.spec.clone()),
        ObjectKind::Deployment(d) => Some(d.template.spec.clone()),
        ObjectKind::Other { extra, .. } => match extra.as_deref()? {
            model::Extra::ReplicaSet(r) | model::Extra::ReplicationController(r) => {
                Some(r.template.spec.clone())
            }
            model::Extra::DaemonSet(d) => Some(d.template.spec.clone()),
            model::Extra::Job(j) => Some(j.template.spec.clone()),
            model::Extra::Node(_) | model::Extra::CoreDnsConfig(_) => None,
        },
        _ => None,
    })
}

/// A pod's spec as the manifests give it: its own, or its controller's template.
fn pod_spec(p: &Pod, ctx: &ShellContext) -> Option<model::PodSpec> {
    match &p.owner {
        Owner::None => find_object(ctx, &p.namespace, &p.name, |k| match k {
            ObjectKind::Pod(pod) => Some(pod.spec.clone()),
            _ => None,
        }),
        Owner::StatefulSet { name, .. }
        | Owner::Deployment { name }
        | Owner::ReplicaSet { name }
        | Owner::ReplicationController { name }
        | Owner::DaemonSet { name }
        | Owner::Job { name } => template_spec(ctx, &p.namespace, name),
        Owner::BuiltIn => None,
    }
}

/// The number of containers of a pod: from its manifest or its controller's template, else 1.
fn containers(p: &Pod, ctx: &ShellContext) -> usize {
    pod_spec(p, ctx)
        .map(|s| s.containers)
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

/// kubectl's `layoutContainerCells`: container names and images, each joined by `,`.
fn container_cells(cs: &[model::Container]) -> (String, String) {
    let names: Vec<&str> = cs.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = cs.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

fn pod_status(p: &Pod) -> String {
    if p.terminating {
        return "Terminating".into();
    }
    match &*p.phase {
        "Succeeded" => "Completed".into(),
        "Failed" => "Error".into(),
        other => other.to_string(),
    }
}

fn pod_item(p: &Pod, ctx: &ShellContext) -> Item {
    let total = containers(p, ctx);
    let running = &*p.phase == "Running" && !p.terminating;
    let ready = if p.ready && running { total } else { 0 };
    let ip = p.ip().map(|i| i.to_string());
    let node = (!p.node.is_empty()).then(|| p.node.to_string());
    let mut spec = vec![];
    if let Some(n) = &node {
        spec.push(("nodeName", s(n.clone())));
    }
    if let Some(h) = &p.hostname {
        spec.push(("hostname", s(h.to_string())));
    }
    if let Some(d) = &p.subdomain {
        spec.push(("subdomain", s(d.to_string())));
    }
    spec.push((
        "dnsPolicy",
        s(p.dns_policy.as_deref().unwrap_or("ClusterFirst")),
    ));
    let mut status = vec![
        ("phase", s(p.phase.to_string())),
        (
            "conditions",
            Y::Seq(vec![map(vec![
                ("type", s("Ready")),
                ("status", s(if ready == total { "True" } else { "False" })),
            ])]),
        ),
    ];
    if let Some(ip) = &ip {
        status.push(("podIP", s(ip.clone())));
        status.push((
            "podIPs",
            Y::Seq(
                p.ips
                    .iter()
                    .map(|i| map(vec![("ip", s(i.to_string()))]))
                    .collect(),
            ),
        ));
    }
    Item {
        namespace: p.namespace.to_string(),
        name: p.name.to_string(),
        labels: p.labels.clone(),
        cells: vec![
            format!("{ready}/{total}"),
            pod_status(p),
            "0".into(),
            pod_age(p, ctx),
        ],
        wide: vec![
            ip.unwrap_or_else(|| "<none>".into()),
            node.unwrap_or_else(|| "<none>".into()),
            "<none>".into(),
            "<none>".into(),
        ],
        body: vec![("spec", map(spec)), ("status", map(status))],
    }
}

/// Does this Service have an Endpoints object / EndpointSlices at all?
pub(crate) fn has_endpoint_objects(svc: &Service) -> bool {
    svc.endpoints_from != EndpointsFrom::Nothing
}

/// The labels the endpoint controllers give a Service's Endpoints / EndpointSlices.
fn endpoint_labels(svc: &Service, ctx: &ShellContext, slice: bool) -> Labels {
    let mut l = service_labels(svc, ctx);
    if svc.headless {
        l.insert("service.kubernetes.io/headless".into(), "".into());
    }
    if slice {
        l.insert("kubernetes.io/service-name".into(), svc.name.clone());
        if svc.source != Source::BuiltIn || &*svc.name != "kubernetes" {
            l.insert(
                "endpointslice.kubernetes.io/managed-by".into(),
                "endpointslice-controller.k8s.io".into(),
            );
        }
    }
    l
}

/// Endpoints grouped by their port list (one subset / slice each), in first-seen order.
fn by_ports(eps: &[Endpoint]) -> Vec<(Arc<[model::EndpointPort]>, Vec<&Endpoint>)> {
    let mut groups: Vec<(Arc<[model::EndpointPort]>, Vec<&Endpoint>)> = Vec::new();
    for e in eps {
        match groups.iter_mut().find(|g| g.0 == e.ports) {
            Some(g) => g.1.push(e),
            None => groups.push((e.ports.clone(), vec![e])),
        }
    }
    groups
}

fn host_port(ip: &IpAddr, port: i64) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        IpAddr::V4(v4) => format!("{v4}:{port}"),
    }
}

/// kubectl's `formatEndpoints` over the subsets the endpoints controller writes.
fn format_endpoints(svc: &Service) -> String {
    let groups = by_ports(&svc.endpoints);
    if groups.is_empty() {
        return "<none>".into();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for (ports, eps) in &groups {
        let mut ready: Vec<&IpAddr> = eps.iter().filter(|e| e.ready).map(|e| &e.ip).collect();
        crate::sort::by_key(&mut ready, |ip| ip.to_string());
        if ports.is_empty() {
            count += ready.len();
            for ip in &ready {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(ip.to_string());
            }
            continue;
        }
        for port in ports.iter() {
            count += ready.len();
            for ip in &ready {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(host_port(ip, port.port));
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}

fn endpoints_item(svc: &Service, ctx: &ShellContext) -> Item {
    let subsets: Vec<Y> = by_ports(&svc.endpoints)
        .into_iter()
        .map(|(ports, eps)| {
            let addr = |e: &&Endpoint| {
                let mut m = vec![("ip", s(e.ip.to_string()))];
                if let Some(h) = &e.hostname {
                    m.push(("hostname", s(h.to_string())));
                }
                if let Some(n) = &e.node {
                    m.push(("nodeName", s(n.to_string())));
                }
                if let Some(p) = e.pod.and_then(|i| ctx.cluster.pods.get(i)) {
                    m.push((
                        "targetRef",
                        map(vec![
                            ("kind", s("Pod")),
                            ("name", s(p.name.to_string())),
                            ("namespace", s(p.namespace.to_string())),
                        ]),
                    ));
                }
                map(m)
            };
            let ready: Vec<Y> = eps.iter().filter(|e| e.ready).map(addr).collect();
            let not_ready: Vec<Y> = eps.iter().filter(|e| !e.ready).map(addr).collect();
            let mut m = vec![];
            if !ready.is_empty() {
                m.push(("addresses", Y::Seq(ready)));
            }
            if !not_ready.is_empty() {
                m.push(("notReadyAddresses", Y::Seq(not_ready)));
            }
            if !ports.is_empty() {
                m.push(("ports", Y::Seq(ports.iter().map(port_y).collect())));
            }
            map(m)
        })
        .collect();
    Item {
        namespace: svc.namespace.to_string(),
        name: svc.name.to_string(),
        labels: endpoint_labels(svc, ctx, false),
        cells: vec![format_endpoints(svc), age_of(&svc.source, ctx)],
        wide: vec![],
        body: if subsets.is_empty() {
            vec![]
        } else {
            vec![("subsets", Y::Seq(subsets))]
        },
    }
}

fn port_y(p: &model::EndpointPort) -> Y {
    let mut m = vec![
        ("port", Y::Int(p.port)),
        ("protocol", s(p.protocol.as_str())),
    ];
    if let Some(n) = &p.name {
        m.push(("name", s(n.clone())));
    }
    map(m)
}

/// kubernetes.io's `SafeEncodeString` alphabet, for generated name suffixes.
fn suffix(parts: &[&str]) -> String {
    const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h = fnv1a(parts);
    (0..5)
        .map(|_| {
            let c = ALPHA[(h % ALPHA.len() as u64) as usize] as char;
            h /= ALPHA.len() as u64;
            c
        })
        .collect()
}

fn list_with_more(list: Vec<String>, more: bool, count: usize) -> String {
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - 3)
    } else if ret.is_empty() {
        "<unset>".into()
    } else {
        ret
    }
}

fn capped(all: impl Iterator<Item = String>) -> String {
    let mut list = Vec::new();
    let mut count = 0;
    for a in all {
        if list.len() < 3 {
            list.push(a);
        }
        count += 1;
    }
    list_with_more(list, count > 3, count)
}

/// The name of a Service's `i`th EndpointSlice (one per distinct port set): the API server's own
/// `kubernetes` slice, else `<service>-<generated suffix>`.
fn slice_name(svc: &Service, i: usize) -> String {
    if svc.source == Source::BuiltIn && &*svc.name == "kubernetes" {
        svc.name.to_string()
    } else {
        format!(
            "{}-{}",
            svc.name,
            suffix(&["endpointslice", &svc.namespace, &svc.name, &i.to_string()])
        )
    }
}

/// The names `kubectl get endpointslices` lists for a Service (none when it has no endpoint
/// objects), for tab completion.
pub(crate) fn endpointslice_names(svc: &Service) -> Vec<String> {
    if !has_endpoint_objects(svc) {
        return Vec::new();
    }
    let groups = by_ports(&svc.endpoints).len().max(1);
    (0..groups).map(|i| slice_name(svc, i)).collect()
}

fn slice_items(svc: &Service, ctx: &ShellContext) -> Vec<Item> {
    let mut groups = by_ports(&svc.endpoints);
    if groups.is_empty() {
        groups.push((Arc::from(Vec::new()), Vec::new()));
    }
    groups
        .iter()
        .enumerate()
        .map(|(i, (ports, eps))| {
            let name = slice_name(svc, i);
            let v6 = eps.first().is_some_and(|e| e.ip.is_ipv6());
            let endpoints: Vec<Y> = eps
                .iter()
                .map(|e| {
                    let mut m = vec![
                        ("addresses", Y::Seq(vec![s(e.ip.to_string())])),
                        (
                            "conditions",
                            map(vec![
                                ("ready", Y::Bool(e.ready)),
                                ("serving", Y::Bool(e.ready || e.terminating)),
                                ("terminating", Y::Bool(e.terminating)),
                            ]),
                        ),
                    ];
                    if let Some(h) = &e.hostname {
                        m.push(("hostname", s(h.to_string())));
                    }
                    if let Some(n) = &e.node {
                        m.push(("nodeName", s(n.to_string())));
                    }
                    map(m)
                })
                .collect();
            let mut body = vec![("addressType", s(if v6 { "IPv6" } else { "IPv4" }))];
            body.push(("endpoints", Y::Seq(endpoints)));
            if !ports.is_empty() {
                body.push(("ports", Y::Seq(ports.iter().map(port_y).collect())));
            }
            Item {
                namespace: svc.namespace.to_string(),
                name,
                labels: endpoint_labels(svc, ctx, true),
                cells: vec![
                    if v6 { "IPv6" } else { "IPv4" }.into(),
                    capped(ports.iter().map(|p| p.port.to_string())),
                    capped(eps.iter().map(|e| e.ip.to_string())),
                    age_of(&svc.source, ctx),
                ],
                wide: vec![],
                body,
            }
        })
        .collect()
}

/// A workload (StatefulSet, Deployment, ReplicaSet): its pods in the cluster, desired = their count
/// (the controllers keep exactly `replicas` pods, a deleted one replaced).
struct Workload {
    namespace: String,
    name: String,
    labels: Labels,
    selector: Labels,
    pods: usize,
    ready: usize,
    /// Pods by phase: Running, Pending, Succeeded, Failed (describe's `Pods Status:`).
    phases: [usize; 4],
    source: Source,
    service_name: Option<String>,
    /// The pod template's spec, from the manifests.
    template: Option<model::PodSpec>,
    template_labels: Labels,
    /// The StatefulSet itself, for describe.
    sts: Option<model::StatefulSet>,
    /// A Deployment's `spec.strategy.type`.
    strategy: Option<String>,
}

fn workloads(ctx: &ShellContext, kind: Kind) -> Vec<Workload> {
    let mut out: BTreeMap<(String, String), Workload> = BTreeMap::new();
    if let Some(parsed) = ctx.parsed {
        for o in &parsed.objects {
            let (meta, selector, service_name, template, sts, strategy) = match (&o.kind, kind) {
                (ObjectKind::StatefulSet(s), Kind::StatefulSets) => (
                    &s.meta,
                    s.selector.match_labels.clone(),
                    s.service_name.clone(),
                    &s.template,
                    Some(s.clone()),
                    None,
                ),
                (ObjectKind::Deployment(d), Kind::Deployments) => (
                    &d.meta,
                    d.selector.match_labels.clone(),
                    None,
                    &d.template,
                    None,
                    d.strategy.clone(),
                ),
                _ => continue,
            };
            out.insert(
                (meta.namespace.clone(), meta.name.clone()),
                Workload {
                    namespace: meta.namespace.clone(),
                    name: meta.name.clone(),
                    labels: meta.labels.clone(),
                    selector,
                    pods: 0,
                    ready: 0,
                    phases: [0; 4],
                    source: Source::Manifest(o.origin.pos),
                    service_name,
                    template: Some(template.spec.clone()),
                    template_labels: template.labels.clone(),
                    sts,
                    strategy,
                },
            );
        }
    }
    for p in ctx.cluster.pods.iter() {
        let (owner, deployment) = match (&p.owner, kind) {
            (Owner::StatefulSet { name, .. }, Kind::StatefulSets) => (name.to_string(), None),
            (Owner::Deployment { name }, Kind::Deployments) => (name.to_string(), None),
            (Owner::Deployment { name }, Kind::ReplicaSets) => match p.name.rsplit_once('-') {
                Some((rs, _)) => (rs.to_string(), Some(name.to_string())),
                None => continue,
            },
            (Owner::ReplicaSet { name }, Kind::ReplicaSets) => (name.to_string(), None),
            _ => continue,
        };
        let w = out
            .entry((p.namespace.to_string(), owner.clone()))
            .or_insert_with(|| {
                let template =
                    template_spec(ctx, &p.namespace, deployment.as_deref().unwrap_or(&owner));
                Workload {
                    namespace: p.namespace.to_string(),
                    name: owner,
                    labels: Labels::new(),
                    selector: Labels::new(),
                    pods: 0,
                    ready: 0,
                    phases: [0; 4],
                    source: p.source.clone(),
                    service_name: None,
                    template,
                    template_labels: p.labels.clone(),
                    sts: None,
                    strategy: None,
                }
            });
        w.pods += 1;
        w.ready += usize::from(p.ready && &*p.phase == "Running" && !p.terminating);
        match &*p.phase {
            "Running" => w.phases[0] += 1,
            "Pending" => w.phases[1] += 1,
            "Succeeded" => w.phases[2] += 1,
            "Failed" => w.phases[3] += 1,
            _ => {}
        }
        if kind == Kind::ReplicaSets && w.labels.is_empty() {
            w.labels = p.labels.clone();
            // The ReplicaSet's selector: its Deployment's plus the pod-template-hash label.
            let mut sel = deployment
                .as_deref()
                .and_then(|d| {
                    find_object(ctx, &p.namespace, d, |k| match k {
                        ObjectKind::Deployment(d) => Some(d.selector.match_labels.clone()),
                        _ => None,
                    })
                })
                .unwrap_or_default();
            if let Some(h) = p.labels.get("pod-template-hash") {
                sel.insert("pod-template-hash".into(), h.clone());
            }
            w.selector = sel;
        }
    }
    out.into_values().collect()
}

fn workload_item(w: &Workload, kind: Kind, ctx: &ShellContext) -> Item {
    let age = age_of(&w.source, ctx);
    let cells = match kind {
        Kind::StatefulSets => vec![format!("{}/{}", w.ready, w.pods), age],
        Kind::Deployments => vec![
            format!("{}/{}", w.ready, w.pods),
            w.pods.to_string(),
            w.ready.to_string(),
            age,
        ],
        _ => vec![
            w.pods.to_string(),
            w.pods.to_string(),
            w.ready.to_string(),
            age,
        ],
    };
    let (names, images) = container_cells(
        w.template
            .as_ref()
            .map(|t| t.container_list.as_slice())
            .unwrap_or(&[]),
    );
    let mut wide = vec![names, images];
    if kind != Kind::StatefulSets {
        wide.push(none_if_empty(format_labels(&w.selector)));
    }
    let mut spec = vec![
        ("replicas", Y::Int(w.pods as i64)),
        (
            "selector",
            map(vec![("matchLabels", labels_y(&w.selector))]),
        ),
    ];
    if let Some(sn) = &w.service_name {
        spec.push(("serviceName", s(sn.clone())));
    }
    Item {
        namespace: w.namespace.clone(),
        name: w.name.clone(),
        labels: w.labels.clone(),
        cells,
        wide,
        body: vec![
            ("spec", map(spec)),
            (
                "status",
                map(vec![
                    ("readyReplicas", Y::Int(w.ready as i64)),
                    ("replicas", Y::Int(w.pods as i64)),
                ]),
            ),
        ],
    }
}

/// Every object of `kind`, sorted by namespace and name (the API server's order).
fn items(ctx: &ShellContext, kind: Kind) -> Vec<Item> {
    let c = ctx.cluster;
    let mut items: Vec<Item> = match kind {
        Kind::Pods => c.pods.iter().map(|p| pod_item(p, ctx)).collect(),
        Kind::Services => c.services.iter().map(|s| service_item(s, ctx)).collect(),
        Kind::Endpoints => c
            .services
            .iter()
            .filter(|s| has_endpoint_objects(s))
            .map(|s| endpoints_item(s, ctx))
            .collect(),
        Kind::EndpointSlices => c
            .services
            .iter()
            .filter(|s| has_endpoint_objects(s))
            .flat_map(|s| slice_items(s, ctx))
            .collect(),
        Kind::StatefulSets | Kind::Deployments | Kind::ReplicaSets => workloads(ctx, kind)
            .iter()
            .map(|w| workload_item(w, kind, ctx))
            .collect(),
        Kind::Namespaces => c
            .namespaces
            .iter()
            .map(|n| Item {
                namespace: String::new(),
                name: n.name.clone(),
                labels: model::labels(&[("kubernetes.io/metadata.name", &n.name)]),
                cells: vec!["Active".into(), age_of(&n.source, ctx)],
                wide: vec![],
                body: vec![("status", map(vec![("phase", s("Active"))]))],
            })
            .collect(),
    };
    crate::sort::by(&mut items, |a, b| {
        (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
    });
    items
}

// ---------------------------------------------------------------------------------------------
// Label selectors (`-l`), as `labels.Parse` reads the common forms.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Req {
    Eq(String, String),
    Ne(String, String),
    Exists(String),
    NotExists(String),
}

fn parse_selector(text: &str) -> Result<Vec<Req>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let valid = |k: &str| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        };
        let req = if let Some((k, v)) = part.split_once("!=") {
            Req::Ne(k.trim().into(), v.trim().into())
        } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            Req::Eq(k.trim().into(), v.trim().into())
        } else if let Some(k) = part.strip_prefix('!') {
            Req::NotExists(k.trim().into())
        } else {
            Req::Exists(part.into())
        };
        let (Req::Eq(k, v) | Req::Ne(k, v)) = &req else {
            let (Req::Exists(k) | Req::NotExists(k)) = &req else {
                unreachable!()
            };
            if !valid(k) {
                return Err(format!("unable to parse requirement: found '{part}'"));
            }
            out.push(req);
            continue;
        };
        if !valid(k)
            || !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(format!("unable to parse requirement: found '{part}'"));
        }
        out.push(req);
    }
    Ok(out)
}

fn selects(reqs: &[Req], labels: &Labels) -> bool {
    reqs.iter().all(|r| match r {
        Req::Eq(k, v) => labels.get(k.as_str()).is_some_and(|x| **x == **v),
        Req::Ne(k, v) => labels.get(k.as_str()).is_none_or(|x| **x != **v),
        Req::Exists(k) => labels.contains_key(k.as_str()),
        Req::NotExists(k) => !labels.contains_key(k.as_str()),
    })
}

// ---------------------------------------------------------------------------------------------
// The command line.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
}

struct GetArgs {
    positional: Vec<String>,
    namespace: Option<String>,
    all_namespaces: bool,
    output: Output,
    selector: Option<String>,
    show_labels: bool,
    no_headers: bool,
}

fn fail(text: String) -> ToolRun {
    ToolRun {
        text,
        exit_code: 1,
        ..ToolRun::default()
    }
}

fn parse_get_args(args: &[String], cmd: &str) -> Result<GetArgs, ToolRun> {
    let mut g = GetArgs {
        positional: Vec::new(),
        namespace: None,
        all_namespaces: false,
        output: Output::Table,
        selector: None,
        show_labels: false,
        no_headers: false,
    };
    let usage = |msg: String| fail(format!("{msg}\nSee 'kubectl {cmd} --help' for usage.\n"));
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        // `-nkafka`, `-owide`, `-lapp=web`: a short flag with its value attached.
        let (flag, inline) = match (flag.len() > 2 && !flag.starts_with("--"), &inline) {
            (true, _) if ["-n", "-o", "-l"].contains(&&flag[..2]) => {
                (&a[..2], Some(a[2..].to_string()))
            }
            _ => (flag, inline),
        };
        let mut value = |name: &str| -> Result<String, ToolRun> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| usage(format!("error: flag needs an argument: {name}"))),
            }
        };
        match flag {
            "-n" | "--namespace" => g.namespace = Some(value(flag)?),
            "-A" | "--all-namespaces" => g.all_namespaces = true,
            "-o" | "--output" => {
                let v = value(flag)?;
                g.output = match v.as_str() {
                    "wide" => Output::Wide,
                    "yaml" => Output::Yaml,
                    "json" => Output::Json,
                    "name" => Output::Name,
                    _ => return Err(fail(format!("error: unable to match a printer suitable for the output format \"{v}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n"))),
                };
            }
            "-l" | "--selector" => g.selector = Some(value(flag)?),
            "--show-labels" => g.show_labels = true,
            "--no-headers" => g.no_headers = true,
            f if f.starts_with("--") && f.len() > 2 => {
                return Err(usage(format!("error: unknown flag: {f}")))
            }
            f if f.starts_with('-') && f.len() > 1 => {
                let c = f.chars().nth(1).unwrap_or('-');
                return Err(usage(format!(
                    "error: unknown shorthand flag: '{c}' in {a}"
                )));
            }
            _ => g.positional.push(a.clone()),
        }
    }
    Ok(g)
}

const NO_TYPE: &str = "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n";

/// `TYPE[,TYPE] NAME...` or `TYPE/NAME...` into (kinds, names), or kubectl's error.
fn resolve_targets(positional: &[String]) -> Result<Vec<(Kind, Option<String>)>, ToolRun> {
    let unknown = |t: &str| {
        fail(format!(
            "error: the server doesn't have a resource type \"{t}\"\n"
        ))
    };
    let Some(first) = positional.first() else {
        return Err(fail(NO_TYPE.into()));
    };
    let mut out = Vec::new();
    if first.contains('/') {
        for p in positional {
            let Some((t, name)) = p.split_once('/') else {
                return Err(fail("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n".into()));
            };
            let kinds = Kind::parse(t).ok_or_else(|| unknown(t))?;
            for k in kinds {
                out.push((k, Some(name.to_string())));
            }
        }
        return Ok(out);
    }
    let mut kinds = Vec::new();
    for t in first.split(',').filter(|t| !t.is_empty()) {
        for k in Kind::parse(t).ok_or_else(|| unknown(t))? {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    let names = &positional[1..];
    for k in kinds {
        if names.is_empty() {
            out.push((k, None));
        } else {
            out.extend(names.iter().map(|n| (k, Some(n.clone()))));
        }
    }
    Ok(out)
}

fn yaml_object(kind: Kind, it: &Item) -> Y {
    let mut meta = vec![("name", s(it.name.clone()))];
    if kind.namespaced() {
        meta.push(("namespace", s(it.namespace.clone())));
    }
    if !it.labels.is_empty() {
        meta.push(("labels", labels_y(&it.labels)));
    }
    let mut top = vec![
        ("apiVersion", s(kind.api_version())),
        ("kind", s(kind.kind_name())),
        ("metadata", map(meta)),
    ];
    top.extend(it.body.iter().cloned());
    map(top)
}

fn get(args: &[String], ctx: &ShellContext) -> ToolRun {
    let g = match parse_get_args(args, "get") {
        Ok(g) => g,
        Err(e) => return e,
    };
    let targets = match resolve_targets(&g.positional) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let reqs = match g.selector.as_deref().map(parse_selector).transpose() {
        Ok(r) => r.unwrap_or_default(),
        Err(e) => return fail(format!("error: {e}\n")),
    };
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| ctx.client.0.to_string());
    if g.all_namespaces && targets.iter().any(|t| t.1.is_some()) {
        return fail(
            "error: a resource cannot be retrieved by name across all namespaces\n".into(),
        );
    }
    let mut kinds: Vec<Kind> = Vec::new();
    for (k, _) in &targets {
        if !kinds.contains(k) {
            kinds.push(*k);
        }
    }
    let multi = kinds.len() > 1;
    let mut found: Vec<(Kind, Vec<Item>)> = Vec::new();
    let mut errors = String::new();
    for &k in &kinds {
        let all = items(ctx, k);
        let names: Vec<&str> = targets
            .iter()
            .filter(|t| t.0 == k)
            .filter_map(|t| t.1.as_deref())
            .collect();
        let in_scope = |it: &Item| !k.namespaced() || g.all_namespaces || it.namespace == ns;
        let mut chosen = Vec::new();
        if names.is_empty() {
            chosen.extend(
                all.into_iter()
                    .filter(|it| in_scope(it) && selects(&reqs, &it.labels)),
            );
        } else {
            let mut all: Vec<Option<Item>> = all.into_iter().map(Some).collect();
            for n in names {
                let pos = all
                    .iter()
                    .position(|it| it.as_ref().is_some_and(|it| it.name == n && in_scope(it)));
                match pos.and_then(|i| all[i].take()) {
                    Some(it) if selects(&reqs, &it.labels) => chosen.push(it),
                    Some(_) => {}
                    None => {
                        let _ = writeln!(
                            errors,
                            "Error from server (NotFound): {} \"{n}\" not found",
                            k.plural()
                        );
                    }
                }
            }
        }
        found.push((k, chosen));
    }
    let mut out = String::new();
    if kinds.contains(&Kind::Endpoints) {
        out.push_str(
            "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
        );
    }
    let total: usize = found.iter().map(|f| f.1.len()).sum();
    match g.output {
        Output::Yaml | Output::Json => {
            let print = if g.output == Output::Json {
                to_json
            } else {
                to_yaml
            };
            let objs: Vec<Y> = found
                .iter()
                .flat_map(|(k, its)| its.iter().map(|it| yaml_object(*k, it)))
                .collect();
            let single = targets.len() == 1 && targets[0].1.is_some();
            match (single, objs.len()) {
                (true, 1) => out.push_str(&print(&objs[0])),
                (true, 0) => {}
                _ => out.push_str(&print(&map(vec![
                    ("apiVersion", s("v1")),
                    ("items", Y::Seq(objs)),
                    ("kind", s("List")),
                    ("metadata", map(vec![("resourceVersion", s(""))])),
                ]))),
            }
        }
        _ if total == 0 => {}
        Output::Name => {
            for (k, its) in &found {
                for it in its {
                    let _ = writeln!(out, "{}/{}", k.prefix(), it.name);
                }
            }
        }
        Output::Table | Output::Wide => {
            let mut first = true;
            for (k, its) in &found {
                if its.is_empty() {
                    continue;
                }
                if !first {
                    out.push('\n');
                }
                first = false;
                let with_ns = g.all_namespaces && k.namespaced();
                let mut rows: Vec<Vec<String>> = Vec::new();
                if !g.no_headers {
                    let mut h: Vec<String> = Vec::new();
                    if with_ns {
                        h.push("NAMESPACE".into());
                    }
                    h.push("NAME".into());
                    h.extend(k.headers().iter().map(|s| s.to_string()));
                    if g.output == Output::Wide {
                        h.extend(k.wide_headers().iter().map(|s| s.to_string()));
                    }
                    if g.show_labels {
                        h.push("LABELS".into());
                    }
                    rows.push(h);
                }
                for it in its {
                    let mut r = Vec::new();
                    if with_ns {
                        r.push(it.namespace.clone());
                    }
                    r.push(if multi {
                        format!("{}/{}", k.prefix(), it.name)
                    } else {
                        it.name.clone()
                    });
                    r.extend(it.cells.iter().cloned());
                    if g.output == Output::Wide {
                        r.extend(it.wide.iter().cloned());
                    }
                    if g.show_labels {
                        r.push(none_if_empty(format_labels(&it.labels)));
                    }
                    rows.push(r);
                }
                out.push_str(&tabwrite(&rows, 6, 3));
            }
        }
    }
    let none = total == 0 && !matches!(g.output, Output::Yaml | Output::Json);
    let everywhere = g.all_namespaces || kinds.iter().all(|k| !k.namespaced());
    finish(out, errors, none, everywhere, &ns)
}

/// `kubectl describe service`, one Service (`describeService`).
fn describe_service(svc: &Service, ctx: &ShellContext, events: bool) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |cells: &[&str]| rows.push(cells.iter().map(|c| c.to_string()).collect());
    row(&["Name:", &svc.name]);
    row(&["Namespace:", &svc.namespace]);
    let labels = service_labels(svc, ctx);
    if labels.is_empty() {
        row(&["Labels:", "<none>"]);
    } else {
        for (i, (k, v)) in labels.iter().enumerate() {
            row(&[if i == 0 { "Labels:" } else { "" }, &format!("{k}={v}")]);
        }
    }
    // kubeadm's CoreDNS manifest annotates kube-dns for Prometheus; other annotations are not kept.
    if svc.source == Source::BuiltIn && &*svc.name == "kube-dns" {
        row(&["Annotations:", "prometheus.io/port: 9153"]);
        row(&["", "prometheus.io/scrape: true"]);
    } else {
        row(&["Annotations:", "<none>"]);
    }
    let selector = svc.selector.as_ref().map(format_labels).unwrap_or_default();
    row(&["Selector:", &selector]);
    row(&["Type:", svc.type_.as_str()]);
    let external = svc.type_ == ServiceType::ExternalName;
    let fams: Vec<&str> = if svc.cluster_ips.is_empty() {
        vec!["IPv4"]
    } else {
        svc.cluster_ips.iter().map(ip_family).collect()
    };
    if !external {
        row(&[
            "IP Family Policy:",
            if fams.len() > 1 {
                "PreferDualStack"
            } else {
                "SingleStack"
            },
        ]);
        row(&["IP Families:", &fams.join(",")]);
    } else {
        row(&["IP Families:", "<none>"]);
    }
    let ip = cluster_ip_text(svc).unwrap_or_default();
    row(&["IP:", &ip]);
    let ips = if svc.headless {
        "None".to_string()
    } else if svc.cluster_ips.is_empty() {
        "<none>".to_string()
    } else {
        svc.cluster_ips
            .iter()
            .map(IpAddr::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    row(&["IPs:", &ips]);
    if let Some(n) = &svc.external_name {
        row(&["External Name:", n]);
    }
    let has_slices = has_endpoint_objects(svc);
    for p in &svc.ports {
        let name = p.name.clone().unwrap_or_else(|| "<unset>".into());
        let proto = p.protocol.as_str();
        row(&["Port:", &name, &format!("{}/{proto}", p.port)]);
        let target = match &p.target_port {
            IntOrString::Int(n) => n.to_string(),
            IntOrString::Str(t) => t.clone(),
        };
        row(&["TargetPort:", &format!("{target}/{proto}")]);
        if has_node_ports(svc) {
            row(&[
                "NodePort:",
                &name,
                &format!("{}/{proto}", node_port(svc, p.port)),
            ]);
        }
        let eps = if has_slices {
            format_endpoint_slices(svc, p.name.as_deref().unwrap_or(""))
        } else {
            "<none>".into()
        };
        row(&["Endpoints:", &eps]);
    }
    row(&["Session Affinity:", "None"]);
    if has_node_ports(svc) {
        row(&["External Traffic Policy:", "Cluster"]);
    }
    if !external {
        row(&["Internal Traffic Policy:", "Cluster"]);
    }
    if events {
        row(&["Events:", "<none>"]);
    }
    tabwrite(&rows, 0, 2)
}

/// kubectl describe's `formatEndpointSlices` for one port name, quirks included.
fn format_endpoint_slices(svc: &Service, port_name: &str) -> String {
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    let groups = by_ports(&svc.endpoints);
    if groups.is_empty() {
        // The controller's placeholder slice: no ports, no endpoints.
        return String::new();
    }
    for (ports, eps) in &groups {
        if ports.is_empty() {
            for e in eps {
                if list.len() == max {
                    more = true;
                }
                if !e.ready {
                    continue;
                }
                if !more {
                    list.push(e.ip.to_string());
                }
                count += 1;
            }
            continue;
        }
        for port in ports.iter() {
            if port.name.as_deref().unwrap_or("") != port_name {
                continue;
            }
            for e in eps {
                if list.len() == max {
                    more = true;
                }
                if !e.ready {
                    continue;
                }
                if !more {
                    list.push(host_port(&e.ip, port.port));
                }
                count += 1;
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}

/// Go's `text/tabwriter` as `kubectl describe` sets it up (`tabbedString`: minimum width 0,
/// padding 2, space padding, no flags). A cell is text ended by a tab; the text after a line's
/// last tab is not aligned. A column's width is fixed per *block*: a run of consecutive lines that
/// all have a cell in that column, so a line without tabs (`Containers:`) starts new alignments.
pub fn go_tabwriter(text: &str, minwidth: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_terminator('\n')
        .map(|l| l.split('\t').collect())
        .collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    tab_block(
        &lines,
        0,
        lines.len(),
        &mut widths,
        (minwidth, padding),
        &mut out,
    );
    out
}

fn tab_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    wp: (usize, usize),
    out: &mut String,
) {
    let column = widths.len();
    let has_cell = |l: &Vec<&str>| column + 1 < l.len();
    let mut this = line0;
    while this < line1 {
        if !has_cell(&lines[this]) {
            this += 1;
            continue;
        }
        tab_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = wp.0;
        while this < line1 && has_cell(&lines[this]) {
            width = width.max(lines[this][column].chars().count() + wp.1);
            this += 1;
        }
        widths.push(width);
        tab_block(lines, line0, this, widths, wp, out);
        widths.pop();
        line0 = this;
    }
    tab_lines(lines, line0, line1, widths, out);
}

fn tab_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in lines.get(from..to).unwrap_or(&[]) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(w) = widths.get(j) {
                let pad = w.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
}

/// The text a describer writes, tabs and all, before the tabwriter aligns it.
#[derive(Default)]
struct Desc(String);

impl Desc {
    /// One line at a PrefixWriter level (two spaces each).
    fn line(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.0.push_str("  ");
        }
        self.0.push_str(text);
        self.0.push('\n');
    }

    /// `printLabelsMultilineWithIndent`: `Title:\tk=v`, further pairs under the first.
    fn labels(&mut self, indent: &str, title: &str, labels: &Labels) {
        let _ = write!(self.0, "{indent}{title}:\t");
        if labels.is_empty() {
            self.0.push_str("<none>\n");
        }
        for (i, (k, v)) in labels.iter().enumerate() {
            if i > 0 {
                let _ = write!(self.0, "{indent}\t");
            }
            let _ = writeln!(self.0, "{k}={v}");
        }
    }

    /// `printAnnotationsMultiline` for short values: `Annotations:\tk: v`.
    fn annotations(&mut self, title: &str, pairs: &[(&str, &str)]) {
        let _ = write!(self.0, "{title}:\t");
        if pairs.is_empty() {
            self.0.push_str("<none>\n");
        }
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                self.0.push('\t');
            }
            let _ = writeln!(self.0, "{k}: {v}");
        }
    }

    fn events(&mut self, events: bool) {
        if events {
            // DescribeEvents with no events (the simulation records none).
            self.line(0, "Events:\t<none>");
        }
    }

    fn finish(self) -> String {
        go_tabwriter(&self.0, 0, 2)
    }
}

/// kubectl's `describeContainerPorts` / `describeContainerHostPorts` (host ports are not kept: 0).
fn container_ports(c: &model::Container, host: bool) -> String {
    c.ports
        .iter()
        .map(|p| {
            let n = if host { 0 } else { p.container_port };
            match &p.name {
                Some(name) => format!("{n}/{} ({name})", p.protocol.as_str()),
                None => format!("{n}/{}", p.protocol.as_str()),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `describeContainers` without container statuses (the simulation has no container IDs, image
/// IDs or start times): name, image, ports, and, where the manifest settles them, environment and
/// mounts. `space` is `"  "` inside a pod template.
fn describe_containers(w: &mut Desc, cs: &[model::Container], space: &str, in_template: bool) {
    let none = if cs.is_empty() { " <none>" } else { "" };
    w.line(0, &format!("{space}Containers:{none}"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in cs {
        w.line(1, &format!("{name_indent}{}:", c.name));
        w.line(2, &format!("Image:\t{}", c.image));
        let ports = container_ports(c, false);
        let host = container_ports(c, true);
        if ports.contains(',') {
            w.line(2, &format!("Ports:\t{ports}"));
            w.line(2, &format!("Host Ports:\t{host}"));
        } else {
            w.line(2, &format!("Port:\t{}", none_if_empty(ports)));
            w.line(2, &format!("Host Port:\t{}", none_if_empty(host)));
        }
        if c.env == 0 {
            w.line(2, "Environment:\t<none>");
        }
        // A pod's mounts include the service account token the kubelet adds; a template's are
        // exactly the manifest's.
        if in_template && c.volume_mounts == 0 {
            w.line(2, "Mounts:\t<none>");
        }
    }
}

/// A toleration as `printTolerationsMultilineWithIndent` writes it.
fn toleration_text(t: &model::Toleration, seconds: Option<i64>) -> String {
    let mut s = t.key.clone().unwrap_or_default();
    if !t.value.is_empty() {
        let _ = write!(s, "={}", t.value);
    }
    if let Some(e) = &t.effect {
        let _ = write!(s, ":{e}");
    }
    if t.exists && t.value.is_empty() {
        s.push_str(if s.is_empty() {
            "op=Exists"
        } else {
            " op=Exists"
        });
    }
    if let Some(n) = seconds {
        let _ = write!(s, " for {n}s");
    }
    s
}

fn tolerations(w: &mut Desc, indent: &str, list: &[(String, String)]) {
    let _ = write!(w.0, "{indent}Tolerations:\t");
    if list.is_empty() {
        w.0.push_str("<none>\n");
    }
    for (i, (_, text)) in list.iter().enumerate() {
        if i > 0 {
            let _ = write!(w.0, "{indent}\t");
        }
        let _ = writeln!(w.0, "{text}");
    }
}

/// A pod's tolerations, with the two the DefaultTolerationSeconds admission plugin adds (unless
/// the pod already tolerates those taints), sorted by key as kubectl sorts them.
fn pod_tolerations(own: &[model::Toleration]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = own
        .iter()
        .map(|t| (t.key.clone().unwrap_or_default(), toleration_text(t, None)))
        .collect();
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let covered = own.iter().any(|t| {
            (t.key.as_deref() == Some(key) || (t.key.is_none() && t.exists))
                && t.effect.as_deref().is_none_or(|e| e == "NoExecute")
        });
        if !covered {
            let t = model::Toleration {
                key: Some(key.into()),
                exists: true,
                value: String::new(),
                effect: Some("NoExecute".into()),
            };
            out.push((key.into(), toleration_text(&t, Some(300))));
        }
    }
    crate::sort::by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}

/// `DescribePodTemplate`, for the fields the manifests give.
fn describe_template(w: &mut Desc, labels: &Labels, spec: Option<&model::PodSpec>) {
    w.line(0, "Pod Template:");
    w.labels("", "  Labels", labels);
    let Some(spec) = spec else {
        return;
    };
    if let Some(sa) = &spec.service_account {
        w.line(1, &format!("Service Account:\t{sa}"));
    }
    describe_containers(w, &spec.container_list, "  ", true);
    if spec.volumes == 0 {
        w.line(1, "Volumes:\t<none>");
    }
    w.labels("", "  Node-Selectors", &spec.node_selector);
    let own: Vec<(String, String)> = spec
        .tolerations
        .iter()
        .map(|t| (String::new(), toleration_text(t, None)))
        .collect();
    let mut own = own;
    crate::sort::by(&mut own, |a, b| a.0.cmp(&b.0));
    tolerations(w, "  ", &own);
}

/// The kubeadm CoreDNS pods' spec (kubeadm 1.33's manifest) and the dnsutils client pod's.
fn builtin_containers(p: &Pod) -> Vec<model::Container> {
    let (name, image) = if &*p.namespace == "kube-system" {
        ("coredns", "registry.k8s.io/coredns/coredns:v1.12.0")
    } else {
        (
            "dnsutils",
            "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3",
        )
    };
    vec![model::Container {
        name: name.into(),
        image: image.into(),
        ports: p.ports.to_vec(),
        env: 0,
        volume_mounts: 1,
    }]
}

/// `describePod`, for what the simulation knows.
fn describe_pod(p: &Pod, ctx: &ShellContext, events: bool) -> String {
    let spec = pod_spec(p, ctx);
    let coredns = p.owner == Owner::BuiltIn && &*p.namespace == "kube-system";
    let mut w = Desc::default();
    w.line(0, &format!("Name:\t{}", p.name));
    w.line(0, &format!("Namespace:\t{}", p.namespace));
    w.line(
        0,
        if coredns {
            "Priority:\t2000000000"
        } else {
            "Priority:\t0"
        },
    );
    if coredns {
        w.line(0, "Priority Class Name:\tsystem-cluster-critical");
    }
    let sa = if coredns {
        "coredns".to_string()
    } else {
        spec.as_ref()
            .and_then(|s| s.service_account.clone())
            .unwrap_or_else(|| "default".into())
    };
    w.line(0, &format!("Service Account:\t{sa}"));
    if p.node.is_empty() {
        w.line(0, "Node:\t<none>");
    } else {
        let host = ctx
            .cluster
            .nodes
            .iter()
            .find(|n| n.name == p.node)
            .map(|n| n.internal_ip.to_string())
            .unwrap_or_default();
        w.line(0, &format!("Node:\t{}/{host}", p.node));
    }
    w.labels("", "Labels", &p.labels);
    w.annotations("Annotations", &[]);
    if p.terminating && !matches!(&*p.phase, "Failed" | "Succeeded") {
        // The deletion time is not kept: translateTimestampSince of an unknown time.
        w.line(0, "Status:\tTerminating (lasts <unknown>)");
        w.line(0, "Termination Grace Period:\t30s");
    } else {
        w.line(0, &format!("Status:\t{}", p.phase));
    }
    let ip = p.ip().map(|i| i.to_string()).unwrap_or_default();
    w.line(0, &format!("IP:\t{ip}"));
    if p.ips.is_empty() {
        w.line(0, "IPs:\t<none>");
    } else {
        w.line(0, "IPs:");
        for i in &p.ips {
            w.line(1, &format!("IP:\t{i}"));
        }
    }
    let controller = match &p.owner {
        Owner::None => None,
        Owner::StatefulSet { name, .. } => Some(format!("StatefulSet/{name}")),
        Owner::Deployment { .. } => p
            .name
            .rsplit_once('-')
            .map(|(rs, _)| format!("ReplicaSet/{rs}")),
        Owner::BuiltIn if coredns => p
            .name
            .rsplit_once('-')
            .map(|(rs, _)| format!("ReplicaSet/{rs}")),
        Owner::BuiltIn => None,
        Owner::ReplicaSet { name } => Some(format!("ReplicaSet/{name}")),
        Owner::ReplicationController { name } => Some(format!("ReplicationController/{name}")),
        Owner::DaemonSet { name } => Some(format!("DaemonSet/{name}")),
        Owner::Job { name } => Some(format!("Job/{name}")),
    };
    if let Some(c) = controller {
        w.line(0, &format!("Controlled By:\t{c}"));
    }
    let cs = match (&spec, p.owner == Owner::BuiltIn) {
        (_, true) => Some(builtin_containers(p)),
        (Some(s), _) => Some(s.container_list.clone()),
        (None, _) => None,
    };
    if let Some(cs) = &cs {
        describe_containers(&mut w, cs, "", false);
    }
    let total = containers(p, ctx);
    let ready = p.ready && &*p.phase == "Running" && !p.terminating && total > 0;
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus");
    w.line(
        1,
        &format!("Ready \t{} ", if ready { "True" } else { "False" }),
    );
    let (selector, own) = if coredns {
        (
            model::labels(&[("kubernetes.io/os", "linux")]),
            vec![
                model::Toleration {
                    key: Some("CriticalAddonsOnly".into()),
                    exists: true,
                    ..Default::default()
                },
                model::Toleration {
                    key: Some("node-role.kubernetes.io/control-plane".into()),
                    effect: Some("NoSchedule".into()),
                    ..Default::default()
                },
            ],
        )
    } else {
        spec.as_ref()
            .map(|s| (s.node_selector.clone(), s.tolerations.clone()))
            .unwrap_or_default()
    };
    w.labels("", "Node-Selectors", &selector);
    tolerations(&mut w, "", &pod_tolerations(&own));
    w.events(events);
    w.finish()
}

/// `describeEndpoints`: one block per subset, addresses in the controller's (IP text) order.
fn describe_endpoints(svc: &Service, ctx: &ShellContext, events: bool) -> String {
    let mut w = Desc::default();
    w.line(0, &format!("Name:\t{}", svc.name));
    w.line(0, &format!("Namespace:\t{}", svc.namespace));
    w.labels("", "Labels", &endpoint_labels(svc, ctx, false));
    w.annotations("Annotations", &[]);
    w.line(0, "Subsets:");
    for (ports, eps) in by_ports(&svc.endpoints) {
        let list = |ready: bool| {
            let mut ips: Vec<String> = eps
                .iter()
                .filter(|e| e.ready == ready)
                .map(|e| e.ip.to_string())
                .collect();
            crate::sort::sort(&mut ips);
            none_if_empty(ips.join(","))
        };
        w.line(1, &format!("Addresses:\t{}", list(true)));
        w.line(1, &format!("NotReadyAddresses:\t{}", list(false)));
        if !ports.is_empty() {
            w.line(1, "Ports:");
            w.line(2, "Name\tPort\tProtocol");
            w.line(2, "----\t----\t--------");
            for p in ports.iter() {
                let name = p.name.as_deref().unwrap_or("<unset>");
                w.line(2, &format!("{name}\t{}\t{}", p.port, p.protocol.as_str()));
            }
        }
        w.line(0, "");
    }
    w.events(events);
    w.finish()
}

/// `describeEndpointSliceV1` for a Service's `i`th slice.
fn describe_slice(svc: &Service, i: usize, ctx: &ShellContext, events: bool) -> String {
    let groups = by_ports(&svc.endpoints);
    let (ports, eps): (&[model::EndpointPort], &[&Endpoint]) = match groups.get(i) {
        Some((p, e)) => (p, e),
        None => (&[], &[]),
    };
    let mut w = Desc::default();
    w.line(0, &format!("Name:\t{}", slice_name(svc, i)));
    w.line(0, &format!("Namespace:\t{}", svc.namespace));
    w.labels("", "Labels", &endpoint_labels(svc, ctx, true));
    w.annotations("Annotations", &[]);
    let v6 = eps.first().is_some_and(|e| e.ip.is_ipv6());
    w.line(
        0,
        &format!("AddressType:\t{}", if v6 { "IPv6" } else { "IPv4" }),
    );
    if ports.is_empty() {
        w.line(0, "Ports: <unset>");
    } else {
        w.line(0, "Ports:");
        w.line(1, "Name\tPort\tProtocol");
        w.line(1, "----\t----\t--------");
        for p in ports {
            let name = p
                .name
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("<unset>");
            w.line(1, &format!("{name}\t{}\t{}", p.port, p.protocol.as_str()));
        }
    }
    if eps.is_empty() {
        w.line(0, "Endpoints: <none>");
    } else {
        w.line(0, "Endpoints:");
        for e in eps {
            w.line(1, &format!("- Addresses:\t{}", e.ip));
            w.line(2, "Conditions:");
            w.line(3, &format!("Ready:\t{}", e.ready));
            let host = e.hostname.as_deref().unwrap_or("<unset>");
            w.line(2, &format!("Hostname:\t{host}"));
            if let Some(p) = e.pod.and_then(|i| ctx.cluster.pods.get(i)) {
                w.line(2, &format!("TargetRef:\tPod/{}", p.name));
            }
            let node = e.node.as_deref().unwrap_or("<unset>");
            w.line(2, &format!("NodeName:\t{node}"));
            w.line(2, "Zone:\t<unset>");
        }
    }
    w.events(events);
    w.finish()
}

/// A workload's creation time as describe prints it (`CreationTimestamp:`).
fn creation_text(source: &Source, ctx: &ShellContext) -> String {
    match created(ctx, source, fallback_age(source)) {
        Ok(t) => rfc1123z(t),
        Err(()) => "<invalid>".into(),
    }
}

/// `describeStatefulSet`, with the API's defaults for what the manifest leaves out.
fn describe_statefulset(wl: &Workload, ctx: &ShellContext, events: bool) -> String {
    let mut w = Desc::default();
    w.line(0, &format!("Name:\t{}", wl.name));
    w.line(0, &format!("Namespace:\t{}", wl.namespace));
    w.line(
        0,
        &format!("CreationTimestamp:\t{}", creation_text(&wl.source, ctx)),
    );
    w.line(0, &format!("Selector:\t{}", format_labels(&wl.selector)));
    w.labels("", "Labels", &wl.labels);
    w.annotations("Annotations", &[]);
    if let Some(sn) = &wl.service_name {
        w.line(0, &format!("Service Name:\t{sn}"));
    }
    let sts = wl.sts.as_ref();
    let policy = sts
        .and_then(|s| s.pod_management_policy.as_deref())
        .unwrap_or("OrderedReady");
    w.line(0, &format!("Pod Management Policy:\t{policy}"));
    w.line(
        0,
        &format!("Replicas:\t{} desired | {} total", wl.pods, wl.pods),
    );
    let strategy = sts
        .and_then(|s| s.update_strategy.as_deref())
        .unwrap_or("RollingUpdate");
    w.line(0, &format!("Update Strategy:\t{strategy}"));
    if strategy == "RollingUpdate" {
        w.line(1, "Partition:\t0");
    }
    w.line(0, "Persistent Volume Claim Retention Policy:");
    w.line(1, "WhenDeleted:\tRetain");
    w.line(1, "WhenScaled:\tRetain");
    let [r, p, s, f] = wl.phases;
    w.line(
        0,
        &format!("Pods Status:\t{r} Running / {p} Waiting / {s} Succeeded / {f} Failed"),
    );
    describe_template(&mut w, &wl.template_labels, wl.template.as_ref());
    if sts.is_none_or(|s| s.volume_claim_templates == 0) {
        w.line(0, "Volume Claims:\t<none>");
    }
    w.events(events);
    w.finish()
}

/// `describeDeployment`: the controller's conditions and its one ReplicaSet.
fn describe_deployment(wl: &Workload, ctx: &ShellContext, events: bool) -> String {
    let mut w = Desc::default();
    w.line(0, &format!("Name:\t{}", wl.name));
    w.line(0, &format!("Namespace:\t{}", wl.namespace));
    w.line(
        0,
        &format!("CreationTimestamp:\t{}", creation_text(&wl.source, ctx)),
    );
    w.labels("", "Labels", &wl.labels);
    // The deployment controller annotates every Deployment with its revision.
    w.annotations("Annotations", &[("deployment.kubernetes.io/revision", "1")]);
    w.line(0, &format!("Selector:\t{}", format_labels(&wl.selector)));
    let (n, ready) = (wl.pods, wl.ready);
    w.line(
        0,
        &format!(
            "Replicas:\t{n} desired | {n} updated | {n} total | {ready} available | {} unavailable",
            n - ready.min(n)
        ),
    );
    let strategy = wl.strategy.as_deref().unwrap_or("RollingUpdate");
    w.line(0, &format!("StrategyType:\t{strategy}"));
    w.line(0, "MinReadySeconds:\t0");
    if strategy == "RollingUpdate" {
        w.line(
            0,
            "RollingUpdateStrategy:\t25% max unavailable, 25% max surge",
        );
    }
    describe_template(&mut w, &wl.template_labels, wl.template.as_ref());
    // deploymentutil.MaxUnavailable: 25% of the replicas rounded down (1 when surge is 0 too).
    let max_unavailable = if n == 0 { 1 } else { n / 4 };
    let (status, reason) = if ready + max_unavailable >= n {
        ("True", "MinimumReplicasAvailable")
    } else {
        ("False", "MinimumReplicasUnavailable")
    };
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus\tReason");
    w.line(1, "----\t------\t------");
    w.line(1, &format!("Available \t{status}\t{reason}"));
    let progress = if ready == n {
        "NewReplicaSetAvailable"
    } else {
        "ReplicaSetUpdated"
    };
    w.line(1, &format!("Progressing \tTrue\t{progress}"));
    let rs = ctx
        .cluster
        .pods
        .iter()
        .find(|p| {
            p.namespace.as_ref() == wl.namespace
                && matches!(&p.owner, Owner::Deployment { name } if **name == *wl.name)
        })
        .and_then(|p| p.name.rsplit_once('-').map(|(rs, _)| rs.to_string()));
    w.line(0, "OldReplicaSets:\t<none>");
    match rs {
        Some(rs) => w.line(
            0,
            &format!("NewReplicaSet:\t{rs} ({n}/{n} replicas created)"),
        ),
        None => w.line(0, "NewReplicaSet:\t<none>"),
    }
    w.events(events);
    w.finish()
}

/// One object `kubectl describe` can show.
enum Describable<'a> {
    Service(&'a Service),
    Pod(&'a Pod),
    Endpoints(&'a Service),
    Slice(&'a Service, usize),
    StatefulSet(Workload),
    Deployment(Workload),
}

struct DescObj<'a> {
    namespace: String,
    name: String,
    labels: Labels,
    what: Describable<'a>,
}

impl DescObj<'_> {
    fn text(&self, ctx: &ShellContext, events: bool) -> String {
        match &self.what {
            Describable::Service(s) => describe_service(s, ctx, events),
            Describable::Pod(p) => describe_pod(p, ctx, events),
            Describable::Endpoints(s) => describe_endpoints(s, ctx, events),
            Describable::Slice(s, i) => describe_slice(s, *i, ctx, events),
            Describable::StatefulSet(w) => describe_statefulset(w, ctx, events),
            Describable::Deployment(w) => describe_deployment(w, ctx, events),
        }
    }
}

/// Every object of a kind, sorted by namespace and name, or `None` when describe does not
/// simulate the kind.
fn describables<'a>(ctx: &ShellContext<'a>, kind: Kind) -> Option<Vec<DescObj<'a>>> {
    if !kind.describes() {
        return None;
    }
    let c = ctx.cluster;
    let obj = |ns: &str, name: &str, labels: Labels, what| DescObj {
        namespace: ns.to_string(),
        name: name.to_string(),
        labels,
        what,
    };
    let mut out: Vec<DescObj<'a>> = match kind {
        Kind::Services => c
            .services
            .iter()
            .map(|s| {
                obj(
                    &s.namespace,
                    &s.name,
                    service_labels(s, ctx),
                    Describable::Service(s),
                )
            })
            .collect(),
        Kind::Pods => c
            .pods
            .iter()
            .map(|p| obj(&p.namespace, &p.name, p.labels.clone(), Describable::Pod(p)))
            .collect(),
        Kind::Endpoints => c
            .services
            .iter()
            .filter(|s| has_endpoint_objects(s))
            .map(|s| {
                let l = endpoint_labels(s, ctx, false);
                obj(&s.namespace, &s.name, l, Describable::Endpoints(s))
            })
            .collect(),
        Kind::EndpointSlices => c
            .services
            .iter()
            .flat_map(|s| {
                endpointslice_names(s)
                    .into_iter()
                    .enumerate()
                    .map(move |(i, n)| (s, i, n))
            })
            .map(|(s, i, n)| {
                let l = endpoint_labels(s, ctx, true);
                obj(&s.namespace, &n, l, Describable::Slice(s, i))
            })
            .collect(),
        Kind::StatefulSets | Kind::Deployments => workloads(ctx, kind)
            .into_iter()
            .map(|w| DescObj {
                namespace: w.namespace.clone(),
                name: w.name.clone(),
                labels: w.labels.clone(),
                what: if kind == Kind::StatefulSets {
                    Describable::StatefulSet(w)
                } else {
                    Describable::Deployment(w)
                },
            })
            .collect(),
        Kind::ReplicaSets | Kind::Namespaces => return None,
    };
    crate::sort::by(&mut out, |a, b| {
        (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
    });
    Some(out)
}

/// `kubectl describe TYPE [NAME...]` (`pkg/cmd/describe`): one object with its Events line;
/// several (or a name prefix) without, as kubectl turns events off then; objects separated by
/// `\n\n` after each text's own newline; a lone name that matches nothing exactly describes every
/// object whose name starts with it, each followed by a blank line.
fn describe(args: &[String], ctx: &ShellContext) -> ToolRun {
    let g = match parse_get_args(args, "describe") {
        Ok(g) => g,
        Err(e) => return e,
    };
    let Some(first) = g.positional.first() else {
        return fail("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n".into());
    };
    let (ty, mut names, slash): (&str, Vec<String>, bool) = match first.split_once('/') {
        Some((t, n)) => (t, vec![n.to_string()], true),
        None => (first.as_str(), g.positional[1..].to_vec(), false),
    };
    let kind = match Kind::parse(ty) {
        None => {
            return fail(format!(
                "error: the server doesn't have a resource type \"{ty}\"\n"
            ))
        }
        Some(k) => k,
    };
    let all = match kind.as_slice() {
        [k] => describables(ctx, *k),
        _ => None,
    };
    let Some(all) = all else {
        return fail(format!(
            "kubectl describe {ty}: not simulated here; try kubectl describe svc|pod|ep|endpointslices|sts|deploy NAME, or kubectl get {ty} -o yaml\n"
        ));
    };
    let kind = kind[0];
    let reqs = match g.selector.as_deref().map(parse_selector).transpose() {
        Ok(r) => r.unwrap_or_default(),
        Err(e) => return fail(format!("error: {e}\n")),
    };
    if g.selector.is_some() && !names.is_empty() {
        return fail("error: name cannot be provided when a selector is specified\n".into());
    }
    if g.all_namespaces && !names.is_empty() {
        return fail(
            "error: a resource cannot be retrieved by name across all namespaces\n".into(),
        );
    }
    let ns = g
        .namespace
        .clone()
        .unwrap_or_else(|| ctx.client.0.to_string());
    let scoped: Vec<&DescObj> = all
        .iter()
        .filter(|o| g.all_namespaces || o.namespace == ns)
        .collect();
    let not_found = |n: &str| {
        format!(
            "Error from server (NotFound): {} \"{n}\" not found\n",
            kind.plural()
        )
    };
    let mut out = String::new();
    if kind == Kind::Endpoints {
        out.push_str(
            "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
        );
    }
    let mut errors = String::new();
    if names.len() == 1 && !slash && !scoped.iter().any(|o| o.name == names[0]) {
        // DescribeMatchingResources: every object whose name starts with the one given.
        let matching: Vec<&&DescObj> = scoped
            .iter()
            .filter(|o| o.name.starts_with(names[0].as_str()))
            .collect();
        if matching.is_empty() {
            return finish(out, not_found(&names[0]), false, false, &ns);
        }
        for o in matching {
            out.push_str(&o.text(ctx, false));
            out.push('\n');
        }
        return finish(out, errors, false, false, &ns);
    }
    let chosen: Vec<&DescObj> = if names.is_empty() {
        scoped
            .into_iter()
            .filter(|o| selects(&reqs, &o.labels))
            .collect()
    } else {
        names.dedup();
        let mut chosen = Vec::new();
        for n in &names {
            match scoped.iter().find(|o| o.name == *n) {
                Some(o) => chosen.push(*o),
                None => errors.push_str(&not_found(n)),
            }
        }
        chosen
    };
    let events = chosen.len() == 1 && errors.is_empty();
    for (i, o) in chosen.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&o.text(ctx, events));
    }
    finish(out, errors, chosen.is_empty(), g.all_namespaces, &ns)
}

/// The end of a `get` or `describe`: kubectl's "No resources found" when nothing was listed and
/// nothing failed (without a namespace when the listing spans them all), then the errors, which
/// make the exit status 1.
fn finish(mut out: String, errors: String, none: bool, everywhere: bool, ns: &str) -> ToolRun {
    if none && errors.is_empty() {
        if everywhere {
            out.push_str("No resources found\n");
        } else {
            let _ = writeln!(out, "No resources found in {ns} namespace.");
        }
    }
    let exit_code = i32::from(!errors.is_empty());
    out.push_str(&errors);
    ToolRun {
        text: out,
        exit_code,
        ..ToolRun::default()
    }
}

/// The kubectl subcommands a learner may type that the simulation does not run.
const NOT_SIMULATED: &[&str] = &[
    "apply",
    "create",
    "delete",
    "edit",
    "exec",
    "logs",
    "run",
    "scale",
    "patch",
    "label",
    "annotate",
    "expose",
    "port-forward",
    "rollout",
    "set",
    "top",
    "debug",
    "cp",
    "attach",
    "replace",
    "explain",
    "api-resources",
    "config",
    "version",
    "cluster-info",
    "auth",
    "wait",
];

/// `kubectl ARGS...` (without the program name).
pub fn run(args: &[String], ctx: &ShellContext) -> ToolRun {
    let Some((sub, rest)) = args.split_first() else {
        return fail("kubectl here runs: kubectl get TYPE [NAME] [-n NS | -A] [-o wide|yaml|json|name] [-l key=value], kubectl describe svc|pod|ep|endpointslices|sts|deploy [NAME]\n".into());
    };
    match sub.as_str() {
        "get" => get(rest, ctx),
        "describe" => describe(rest, ctx),
        s if NOT_SIMULATED.contains(&s) => fail(format!(
            "kubectl {s}: not simulated here (edit the manifests or use the break-it toggles instead); kubectl get and kubectl describe work\n"
        )),
        s => fail(format!(
            "error: unknown command \"{s}\" for \"kubectl\"\nRun 'kubectl --help' for usage.\n"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_duration_table() {
        let table: &[(i64, &str)] = &[
            (-5, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (150, "2m30s"),
            (600, "10m"),
            (12 * 60, "12m"),
            (179 * 60, "179m"),
            (3 * 3600, "3h"),
            (5 * 3600 + 7 * 60, "5h7m"),
            (8 * 3600, "8h"),
            (47 * 3600, "47h"),
            (48 * 3600, "2d"),
            (3 * 86400 + 4 * 3600, "3d4h"),
            (5 * 86400, "5d"),
            (12 * 86400, "12d"),
            (400 * 86400, "400d"),
            (2 * 365 * 86400, "2y"),
            (3 * 365 * 86400 + 10 * 86400, "3y10d"),
            (9 * 365 * 86400, "9y"),
        ];
        for &(secs, want) in table {
            assert_eq!(human_duration(secs), want, "{secs}");
        }
    }

    /// The rules of apimachinery's `duration.HumanDuration`, at each boundary.
    #[test]
    fn human_duration_boundaries() {
        let table: &[(i64, &str)] = &[
            (-2, "<invalid>"),
            (1, "1s"),
            (59, "59s"),
            (60, "60s"),
            (121, "2m1s"),
            (5 * 60 + 30, "5m30s"),
            (9 * 60 + 59, "9m59s"),
            (10 * 60 + 59, "10m"),
            (3 * 3600 - 1, "179m"),
            (3 * 3600 + 15 * 60, "3h15m"),
            (7 * 3600 + 59 * 60 + 59, "7h59m"),
            (8 * 3600 + 30 * 60, "8h"),
            (48 * 3600 - 1, "47h"),
            (2 * 86400 + 5 * 3600, "2d5h"),
            (8 * 86400 - 1, "7d23h"),
            (8 * 86400, "8d"),
            (2 * 365 * 86400 - 1, "729d"),
            (2 * 365 * 86400 + 45 * 86400, "2y45d"),
            (8 * 365 * 86400 - 1, "7y364d"),
            (8 * 365 * 86400, "8y"),
        ];
        for &(secs, want) in table {
            assert_eq!(human_duration(secs), want, "{secs}");
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_rfc3339("2026-11-24T00:00:00Z"), Some(SIM_NOW));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-11-24T02:00:00+02:00"), Some(SIM_NOW));
        assert_eq!(parse_rfc3339("2026-11-23T19:00:00.5-05:00"), Some(SIM_NOW));
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        for bad in [
            "",
            "2026-11-24",
            "2026-11-24 00:00:00Z",
            "2026-11-24T00:00:00",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T00:00:00.Z",
            "2026-11-24T00:00:00+0200",
            "2026-11-24t00:00:00z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(rfc1123z(SIM_NOW), "Tue, 24 Nov 2026 00:00:00 +0000");
        assert_eq!(rfc1123z(SIM_NOW - 300), "Mon, 23 Nov 2026 23:55:00 +0000");
        assert_eq!(rfc1123z(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc1123z(1_709_164_800), "Thu, 29 Feb 2024 00:00:00 +0000");
    }

    #[test]
    fn json_style() {
        let y = map(vec![
            ("b", Y::Seq(vec![map(vec![("x", Y::Int(1))]), s("<&>\"\n")])),
            ("a", map(vec![])),
            ("c", Y::Seq(vec![])),
            ("d", Y::Bool(true)),
        ]);
        assert_eq!(
            to_json(&y),
            "{\n    \"a\": {},\n    \"b\": [\n        {\n            \"x\": 1\n        },\n        \"\\u003c\\u0026\\u003e\\\"\\n\"\n    ],\n    \"c\": [],\n    \"d\": true\n}\n"
        );
    }

    /// Go's tabwriter aligns each block of consecutive lines that have a cell in a column.
    #[test]
    fn go_tabwriter_blocks() {
        let text = "Name:\tx\nIPs:\n  IP:\t1.2.3.4\nControlled By:\tStatefulSet/y\nA\tBB\tC\nlonger\tB\tC\n";
        assert_eq!(
            go_tabwriter(text, 0, 2),
            "Name:  x\nIPs:\n  IP:           1.2.3.4\nControlled By:  StatefulSet/y\nA               BB  C\nlonger          B   C\n"
        );
    }

    #[test]
    fn tabwriter_pads_to_widest_plus_three_min_six() {
        let rows = vec![
            vec!["NAME".to_string(), "A".into(), "AGE".into()],
            vec!["kubernetes".to_string(), "".into(), "12d".into()],
        ];
        assert_eq!(
            tabwrite(&rows, 6, 3),
            "NAME         A     AGE\nkubernetes         12d\n"
        );
    }

    #[test]
    fn yaml_style() {
        let y = map(vec![
            (
                "b",
                Y::Seq(vec![map(vec![("x", Y::Int(1)), ("y", s("true"))])]),
            ),
            ("a", s("")),
            ("c", map(vec![])),
        ]);
        // go-yaml v2 quotes YAML 1.1 booleans, `y` included, keys too.
        assert_eq!(
            to_yaml(&y),
            "a: \"\"\nb:\n- x: 1\n  \"y\": \"true\"\nc: {}\n"
        );
    }

    #[test]
    fn selectors() {
        let l = model::labels(&[("app", "web"), ("tier", "db")]);
        for (sel, want) in [
            ("app=web", true),
            ("app==web,tier=db", true),
            ("app!=web", false),
            ("tier", true),
            ("!tier", false),
            ("app=api", false),
        ] {
            assert_eq!(selects(&parse_selector(sel).unwrap(), &l), want, "{sel}");
        }
        assert!(parse_selector("a=b=c").is_err());
    }
}
