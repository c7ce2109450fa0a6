//! From a parsed YAML value to our stripped-down objects, collecting every problem on the way.
//!
//! Hand-written rather than `#[derive(Deserialize)]`: serde stops at the first wrong type and throws
//! the whole object away, while here a bad field costs only that field, every problem gets its exact
//! path (and so its line), and unknown fields become warnings with a "did you mean" (the classic
//! `clusterIp: None`, which Kubernetes drops, leaving an ordinary ClusterIP Service).
//!
//! Known-field lists follow the Kubernetes API (v1.33) for the levels we check. Subtrees the
//! simulator does not read (container `resources`, probes, volumes, `status` beyond IPs and
//! conditions, ...) are accepted as they are.

use std::net::IpAddr;

use super::yaml::{Mapping, Value};

use super::diag::{Diagnostic, Pos};
use super::locate::{Locator, Seg};
use super::names;
use super::objects::*;

/// A field path as a linked list on the stack: cheap to extend, turned into text only for diagnostics.
#[derive(Clone, Copy)]
pub struct FieldPath<'a> {
    parent: Option<&'a FieldPath<'a>>,
    seg: Option<Seg<'a>>,
}

impl<'a> FieldPath<'a> {
    pub const ROOT: FieldPath<'static> = FieldPath {
        parent: None,
        seg: None,
    };

    pub fn key(&'a self, k: &'a str) -> FieldPath<'a> {
        FieldPath {
            parent: Some(self),
            seg: Some(Seg::Key(k)),
        }
    }

    pub fn idx(&'a self, i: usize) -> FieldPath<'a> {
        FieldPath {
            parent: Some(self),
            seg: Some(Seg::Index(i)),
        }
    }

    pub fn segs(&self) -> Vec<Seg<'a>> {
        let mut v = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            if let Some(s) = p.seg {
                v.push(s);
            }
            cur = p.parent;
        }
        v.reverse();
        v
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for seg in self.segs() {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }
}

/// Conversion context of one document.
pub struct ConvertCx<'a> {
    pub loc: &'a Locator,
    pub diags: &'a mut Vec<Diagnostic>,
    /// The document's text and the input line it starts at (to map a block scalar's lines).
    pub text: &'a str,
    pub first_line: u32,
}

pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
    }
}

fn get<'v, 'y>(m: &'v Mapping<'y>, k: &str) -> Option<&'v Value<'y>> {
    m.get(k).filter(|v| !v.is_null())
}

impl<'a> ConvertCx<'a> {
    pub fn pos(&self, p: &FieldPath) -> Pos {
        self.loc.locate(&p.segs())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn error(&mut self, p: &FieldPath, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(self.pos(p), p.text(), msg);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    pub fn warning(&mut self, p: &FieldPath, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::warning(self.pos(p), p.text(), msg);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn wrong_type(&mut self, p: &FieldPath, want: &str, v: &Value) {
        let got = type_name(v);
        // Not a validation rule: the API server's JSON decoding rejects a value of the wrong type.
        let d = self.error(p, format!("expected {want}, found {got}"));
        if want == "a string" && matches!(v, Value::Bool(_) | Value::Number(_)) {
            d.hint = Some(format!(
                "quote it so YAML reads it as text: \"{}\"",
                scalar_text(v)
            ));
        } else if want == "a number" && matches!(v, Value::String(_)) {
            d.hint = Some("remove the quotes: Kubernetes wants a number here".into());
        }
    }

    /// The mapping at `v`, or an error (null counts as absent).
    pub fn map<'v, 'y>(&mut self, v: &'v Value<'y>, p: &FieldPath) -> Option<&'v Mapping<'y>> {
        match v {
            Value::Mapping(m) => Some(m),
            Value::Null => None,
            other => {
                self.wrong_type(p, "a mapping (key: value pairs)", other);
                None
            }
        }
    }

    pub fn map_field<'v, 'y>(
        &mut self,
        m: &'v Mapping<'y>,
        k: &str,
        p: &FieldPath,
    ) -> Option<&'v Mapping<'y>> {
        let v = get(m, k)?;
        self.map(v, &p.key(k))
    }

    /// Warn about keys not in `known` (with a suggestion); error on non-string keys.
    pub fn check_fields(&mut self, m: &Mapping, p: &FieldPath, known: &[&str]) {
        for key in m.keys() {
            match key {
                Value::String(k) if known.contains(&k.as_ref()) => {}
                Value::String(k) => {
                    let full = p.key(k).text();
                    let d = Diagnostic::warning(self.pos(&p.key(k)), full.clone(), format!("unknown field \"{full}\": Kubernetes drops it (or rejects the object under strict field validation)"));
                    let d = match names::suggest(k, known) {
                        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                        None => d,
                    };
                    self.push(d);
                }
                other => {
                    let txt = scalar_text(other);
                    // Decoding: JSON object keys are strings.
                    self.error(
                        p,
                        format!(
                            "field names must be strings, found {} ({txt})",
                            type_name(other)
                        ),
                    );
                }
            }
        }
    }

    pub fn string(&mut self, m: &Mapping, k: &str, p: &FieldPath) -> Option<String> {
        match get(m, k)? {
            Value::String(s) => Some(s.to_string()),
            other => {
                self.wrong_type(&p.key(k), "a string", other);
                None
            }
        }
    }

    pub fn int(&mut self, m: &Mapping, k: &str, p: &FieldPath) -> Option<i64> {
        match get(m, k)? {
            Value::Number(n) => match n.as_i64() {
                Some(i) => Some(i),
                None => {
                    // Decoding: the API's integers are at most 64 bits.
                    self.error(
                        &p.key(k),
                        format!("expected a whole number that fits in 64 bits, found {n}"),
                    );
                    None
                }
            },
            other => {
                self.wrong_type(&p.key(k), "a number", other);
                None
            }
        }
    }

    pub fn boolean(&mut self, m: &Mapping, k: &str, p: &FieldPath) -> Option<bool> {
        match get(m, k)? {
            Value::Bool(b) => Some(*b),
            other => {
                let d_hint = matches!(other, Value::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"));
                self.wrong_type(&p.key(k), "a boolean (true or false)", other);
                if d_hint {
                    self.diags.last_mut().expect("pushed").hint = Some("remove the quotes".into());
                }
                None
            }
        }
    }

    pub fn seq<'v, 'y>(&mut self, m: &'v Mapping<'y>, k: &str, p: &FieldPath) -> &'v [Value<'y>] {
        match get(m, k) {
            None => &[],
            Some(Value::Sequence(s)) => s,
            Some(other) => {
                self.wrong_type(&p.key(k), "a list", other);
                &[]
            }
        }
    }

    /// A `string: string` map such as `labels` or `selector`.
    pub fn string_map(&mut self, m: &Mapping, k: &str, p: &FieldPath) -> Option<Labels> {
        let pk = p.key(k);
        let mm = self.map_field(m, k, p)?;
        let mut out = Labels::new();
        for (key, v) in mm {
            let Value::String(key) = key else {
                // Decoding: a map[string]string has string keys.
                self.error(
                    &pk,
                    format!("keys of `{k}` must be strings, found {}", type_name(key)),
                );
                continue;
            };
            match v {
                Value::String(s) => {
                    out.insert(key.as_ref().into(), s.as_ref().into());
                }
                Value::Null => {
                    out.insert(key.as_ref().into(), "".into());
                }
                other => self.wrong_type(&pk.key(key), "a string", other),
            }
        }
        Some(out)
    }

    pub fn string_list(&mut self, m: &Mapping, k: &str, p: &FieldPath) -> Vec<String> {
        let pk = p.key(k);
        let mut out = Vec::new();
        for (i, v) in self.seq(m, k, p).iter().enumerate() {
            match v {
                Value::String(s) => out.push(s.to_string()),
                other => self.wrong_type(&pk.idx(i), "a string", other),
            }
        }
        out
    }

    pub fn ip(&mut self, s: &str, p: &FieldPath) -> Option<IpAddr> {
        match s.parse::<IpAddr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                // validation.IsValidIP: an address field holds an IPv4 or IPv6 address.
                self.error(p, format!("Invalid value: \"{s}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
                None
            }
        }
    }
}

pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".into(),
        Value::Sequence(_) => "[...]".into(),
        Value::Mapping(_) => "{...}".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Field lists (Kubernetes API v1.33)

pub const TOP: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];
const META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];
const SERVICE_SPEC: &[&str] = &[
    "ports",
    "selector",
    "clusterIP",
    "clusterIPs",
    "type",
    "externalIPs",
    "sessionAffinity",
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "externalName",
    "externalTrafficPolicy",
    "healthCheckNodePort",
    "publishNotReadyAddresses",
    "sessionAffinityConfig",
    "ipFamilies",
    "ipFamilyPolicy",
    "allocateLoadBalancerNodePorts",
    "loadBalancerClass",
    "internalTrafficPolicy",
    "trafficDistribution",
];
const SERVICE_PORT: &[&str] = &[
    "name",
    "protocol",
    "appProtocol",
    "port",
    "targetPort",
    "nodePort",
];
const STS_SPEC: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "volumeClaimTemplates",
    "serviceName",
    "podManagementPolicy",
    "updateStrategy",
    "revisionHistoryLimit",
    "minReadySeconds",
    "persistentVolumeClaimRetentionPolicy",
    "ordinals",
];
const DEPLOY_SPEC: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "strategy",
    "minReadySeconds",
    "revisionHistoryLimit",
    "paused",
    "progressDeadlineSeconds",
];
const RS_SPEC: &[&str] = &["replicas", "selector", "template", "minReadySeconds"];
const DS_SPEC: &[&str] = &[
    "selector",
    "template",
    "updateStrategy",
    "minReadySeconds",
    "revisionHistoryLimit",
];
const JOB_SPEC: &[&str] = &[
    "parallelism",
    "completions",
    "activeDeadlineSeconds",
    "podFailurePolicy",
    "successPolicy",
    "backoffLimit",
    "backoffLimitPerIndex",
    "maxFailedIndexes",
    "selector",
    "manualSelector",
    "template",
    "ttlSecondsAfterFinished",
    "completionMode",
    "suspend",
    "podReplacementPolicy",
    "managedBy",
];
const NODE_SPEC: &[&str] = &[
    "podCIDR",
    "podCIDRs",
    "providerID",
    "unschedulable",
    "taints",
    "configSource",
    "externalID",
];
const TAINT: &[&str] = &["key", "value", "effect", "timeAdded"];
const TOLERATION: &[&str] = &["key", "operator", "value", "effect", "tolerationSeconds"];
const TAINT_EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];
const SELECTOR: &[&str] = &["matchLabels", "matchExpressions"];
const TEMPLATE: &[&str] = &["metadata", "spec"];
const POD_SPEC: &[&str] = &[
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride",
];
const CONTAINER: &[&str] = &[
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
];
const CONTAINER_PORT: &[&str] = &["name", "hostPort", "containerPort", "protocol", "hostIP"];
const SLICE_ENDPOINT: &[&str] = &[
    "addresses",
    "conditions",
    "hostname",
    "targetRef",
    "nodeName",
    "zone",
    "hints",
    "deprecatedTopology",
];
const SLICE_PORT: &[&str] = &["name", "protocol", "port", "appProtocol"];
const EP_SUBSET: &[&str] = &["addresses", "notReadyAddresses", "ports"];
const EP_ADDRESS: &[&str] = &["ip", "hostname", "nodeName", "targetRef"];

// ---------------------------------------------------------------------------------------------
// Objects

/// `metadata`: name (required), namespace (default `default`), labels.
pub fn meta(
    cx: &mut ConvertCx,
    top: &Mapping,
    p: &FieldPath,
    kind: &str,
    namespaced: bool,
) -> Option<Meta> {
    let pm = p.key("metadata");
    let Some(m) = cx.map_field(top, "metadata", p) else {
        // ValidateObjectMeta: every object has metadata, with a name.
        cx.error(&pm, format!("Required value: a {kind} needs metadata.name"));
        return None;
    };
    cx.check_fields(m, &pm, META);
    let name = cx.string(m, "name", &pm);
    let labels = cx.string_map(m, "labels", &pm).unwrap_or_default();
    let namespace = cx.string(m, "namespace", &pm);
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        let generate = get(m, "generateName").is_some();
        // ValidateObjectMeta: a name or a generateName is required.
        let d = cx.error(
            &pm.key("name"),
            "Required value: name or generateName is required",
        );
        if generate {
            d.hint = Some("generateName is filled in by the API server at create time; give the object a fixed name to simulate it".into());
        }
        return None;
    };
    if let Some(ns) = &namespace {
        if namespaced {
            if let Err(e) = names::dns1123_label(ns) {
                // ValidateObjectMeta / ValidateNamespaceName: a namespace is a DNS-1123 label.
                cx.error(
                    &pm.key("namespace"),
                    format!("Invalid value: \"{ns}\": {e}"),
                );
                return None;
            }
        }
    }
    let mut owner = None;
    let po = pm.key("ownerReferences");
    for (i, r) in cx.seq(m, "ownerReferences", &pm).iter().enumerate() {
        let pi = po.idx(i);
        let Some(r) = cx.map(r, &pi) else { continue };
        let (Some(kind), Some(name)) = (cx.string(r, "kind", &pi), cx.string(r, "name", &pi))
        else {
            continue;
        };
        if owner.is_none() || cx.boolean(r, "controller", &pi) == Some(true) {
            owner = Some((kind, name));
        }
    }
    // Printed by `kubectl get -o yaml` as a string; `null` in `kubectl create --dry-run` output.
    let creation_timestamp = match get(m, "creationTimestamp") {
        Some(Value::String(s)) => Some(s.to_string()),
        _ => None,
    };
    Some(Meta {
        name,
        namespace: namespace.unwrap_or_else(|| "default".into()),
        labels,
        owner,
        creation_timestamp,
    })
}

fn name_rule(
    cx: &mut ConvertCx,
    meta: &Meta,
    p: &FieldPath,
    rule: fn(&str) -> Result<(), String>,
) -> bool {
    match rule(&meta.name) {
        Ok(()) => true,
        Err(e) => {
            // ValidateObjectMeta: the name passes the kind's name rule (ValidateServiceName, ValidatePodName, ...).
            cx.error(
                &p.key("metadata").key("name"),
                format!("Invalid value: \"{}\": {e}", meta.name),
            );
            false
        }
    }
}

fn protocol(cx: &mut ConvertCx, m: &Mapping, p: &FieldPath) -> Option<Protocol> {
    match cx.string(m, "protocol", p).as_deref() {
        None | Some("TCP") => Some(Protocol::Tcp),
        Some("UDP") => Some(Protocol::Udp),
        Some("SCTP") => Some(Protocol::Sctp),
        Some(other) => {
            // validateServicePort / validateContainerPorts: the protocol is TCP, UDP or SCTP, in capitals.
            let d = cx.error(
                &p.key("protocol"),
                format!(
                    "Unsupported value: \"{other}\": supported values: \"SCTP\", \"TCP\", \"UDP\""
                ),
            );
            if ["tcp", "udp", "sctp"].contains(&other.to_ascii_lowercase().as_str()) {
                d.hint = Some(format!(
                    "protocols are upper case: {}",
                    other.to_ascii_uppercase()
                ));
            }
            None
        }
    }
}

fn port_number(
    cx: &mut ConvertCx,
    m: &Mapping,
    k: &str,
    p: &FieldPath,
    required: bool,
) -> Option<i64> {
    let n = cx.int(m, k, p);
    match n {
        None if required && get(m, k).is_none() => {
            // validateServicePort / validateContainerPorts: the port number is required.
            cx.error(&p.key(k), "Required value");
            None
        }
        Some(n) if !(1..=65535).contains(&n) => {
            // validation.IsValidPortNum: a port number is 1-65535.
            cx.error(
                &p.key(k),
                format!("Invalid value: {n}: must be between 1 and 65535, inclusive"),
            );
            None
        }
        n => n,
    }
}

/// A Service, checked as `ValidateService` does (pkg/apis/core/validation), rule by rule below.
pub fn service(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<Service> {
    let meta = meta(cx, top, p, "Service", true)?;
    // ValidateServiceName: a Service name is a DNS-1035 label (it becomes a DNS name).
    let name_ok = name_rule(cx, &meta, p, names::dns1035_label);
    let ps = p.key("spec");
    let empty = Mapping::default();
    let spec = cx.map_field(top, "spec", p).unwrap_or(&empty);
    cx.check_fields(spec, &ps, SERVICE_SPEC);
    cluster_ip_typo_hint(cx, spec);
    let mut ok = name_ok;
    let type_ = service_type(cx, spec, &ps, &mut ok);
    let (cluster_ip, extra) = cluster_ips(cx, spec, &ps, &mut ok);
    let selector = cx
        .string_map(spec, "selector", &ps)
        .filter(|s| !s.is_empty());
    let pnr = cx
        .boolean(spec, "publishNotReadyAddresses", &ps)
        .unwrap_or(false);
    let (ports, written_ports) = service_ports(cx, spec, &ps, &mut ok);
    let external_name = external_name(cx, spec, &ps, type_, &cluster_ip, &mut ok);
    // ValidateService: a Service with a cluster IP (not headless, not ExternalName) needs a port.
    if type_ != ServiceType::ExternalName
        && cluster_ip != ClusterIpSpec::None
        && ports.is_empty()
        && written_ports == 0
    {
        cx.error(
            &ps.key("ports"),
            "Required value: a Service with a cluster IP needs at least one port",
        );
        ok = false;
    }
    let ip_families = ip_families(cx, spec, &ps);

    ok.then_some(Service {
        meta,
        type_,
        cluster_ip,
        extra_cluster_ips: extra,
        selector,
        ports,
        publish_not_ready_addresses: pnr,
        external_name,
        ip_families,
    })
}

/// A key that is `clusterIP` in another case (`clusterIp`) is an unknown field, already reported by
/// `check_fields`; say what its absence means, since it silently turns a headless Service into one
/// with a virtual IP. (A teaching note, not an API-server rule.)
fn cluster_ip_typo_hint(cx: &mut ConvertCx, spec: &Mapping) {
    if let Some(k) = spec
        .keys()
        .filter_map(|k| match k {
            Value::String(s) => Some(s.as_ref()),
            _ => None,
        })
        .find(|k| *k != "clusterIP" && k.eq_ignore_ascii_case("clusterIP"))
    {
        if let Some(d) = cx.diags.iter_mut().rev().find(|d| d.path.ends_with(k)) {
            d.message.push_str(
                ". Without a real `clusterIP` field this Service gets a virtual IP: \
                 its name answers with one address, not one per pod",
            );
        }
    }
}

/// `spec.type`, defaulting to ClusterIP.
fn service_type(cx: &mut ConvertCx, spec: &Mapping, ps: &FieldPath, ok: &mut bool) -> ServiceType {
    match cx.string(spec, "type", ps).as_deref() {
        None | Some("ClusterIP") => ServiceType::ClusterIP,
        Some("NodePort") => ServiceType::NodePort,
        Some("LoadBalancer") => ServiceType::LoadBalancer,
        Some("ExternalName") => ServiceType::ExternalName,
        Some(other) => {
            // ValidateService: the type is one of the supported service types.
            cx.error(&ps.key("type"), format!("Unsupported value: \"{other}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
            *ok = false;
            ServiceType::ClusterIP
        }
    }
}

/// `spec.clusterIP` and `spec.clusterIPs`: the primary (auto, `None` or an address) and the
/// secondary addresses of a dual-stack Service.
fn cluster_ips(
    cx: &mut ConvertCx,
    spec: &Mapping,
    ps: &FieldPath,
    ok: &mut bool,
) -> (ClusterIpSpec, Vec<IpAddr>) {
    let cip_raw = cx.string(spec, "clusterIP", ps);
    let cips = cx.string_list(spec, "clusterIPs", ps);
    let mut cluster_ip = ClusterIpSpec::Auto;
    let mut extra = Vec::new();
    let first = cip_raw.clone().or_else(|| cips.first().cloned());
    if let (Some(a), Some(b)) = (&cip_raw, cips.first()) {
        // validateServiceClusterIPsRelatedFields: clusterIPs[0] repeats clusterIP.
        if a != b {
            cx.error(&ps.key("clusterIPs"), format!("Invalid value: [\"{b}\"]: must be empty or the first value must match spec.clusterIP (\"{a}\")"));
            *ok = false;
        }
    }
    match first.as_deref() {
        None | Some("") => {}
        Some("None") => cluster_ip = ClusterIpSpec::None,
        Some(s) => {
            let pk = if cip_raw.is_some() {
                ps.key("clusterIP")
            } else {
                ps.key("clusterIPs")
            };
            match s.parse::<IpAddr>() {
                Ok(ip) => cluster_ip = ClusterIpSpec::Ip(ip),
                Err(_) => {
                    // validateServiceClusterIPsRelatedFields: each entry is empty, `None` or an IP.
                    let d = cx.error(
                        &pk,
                        format!(
                            "Invalid value: \"{s}\": must be empty, 'None', or a valid IP address"
                        ),
                    );
                    if s.eq_ignore_ascii_case("none") {
                        d.hint = Some("write `None` with a capital N: only that exact spelling makes a headless Service".into());
                    }
                    *ok = false;
                }
            }
        }
    }
    for (i, s) in cips.iter().enumerate().skip(1) {
        let pi = ps.key("clusterIPs");
        if let Some(ip) = cx.ip(s, &pi.idx(i)) {
            extra.push(ip);
        }
    }
    // validateServiceClusterIPsRelatedFields: a headless Service's clusterIPs is just ["None"].
    if cluster_ip == ClusterIpSpec::None && !extra.is_empty() {
        cx.error(
            &ps.key("clusterIPs"),
            "Invalid value: a headless Service must have exactly one clusterIPs entry, \"None\"",
        );
        *ok = false;
    }
    (cluster_ip, extra)
}

/// `spec.ports`: the valid ports, and how many entries the manifest wrote.
fn service_ports(
    cx: &mut ConvertCx,
    spec: &Mapping,
    ps: &FieldPath,
    ok: &mut bool,
) -> (Vec<ServicePort>, usize) {
    let mut ports = Vec::new();
    let pp = ps.key("ports");
    let raw_ports = cx.seq(spec, "ports", ps);
    let mut seen_names: Vec<String> = Vec::new();
    for (i, v) in raw_ports.iter().enumerate() {
        let pi = pp.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        if let Some(port) = service_port(cx, m, &pi, raw_ports.len() > 1, &mut seen_names, ok) {
            ports.push(port);
        }
    }
    (ports, raw_ports.len())
}

/// One entry of `spec.ports`, checked as `validateServicePort` does; `None` (with `ok` cleared)
/// when it is invalid.
fn service_port(
    cx: &mut ConvertCx,
    m: &Mapping,
    pi: &FieldPath,
    several: bool,
    seen_names: &mut Vec<String>,
    ok: &mut bool,
) -> Option<ServicePort> {
    cx.check_fields(m, pi, SERVICE_PORT);
    let name = cx.string(m, "name", pi).filter(|s| !s.is_empty());
    match &name {
        // validateServicePort: with more than one port, each needs a name.
        None if several => {
            cx.error(
                &pi.key("name"),
                "Required value: every port needs a name when a Service has more than one",
            );
            *ok = false;
        }
        Some(n) => {
            // validateServicePort: a port name is a DNS-1123 label, unique within the Service.
            if let Err(e) = names::dns1123_label(n) {
                cx.error(&pi.key("name"), format!("Invalid value: \"{n}\": {e}"));
                *ok = false;
            } else if seen_names.contains(n) {
                cx.error(&pi.key("name"), format!("Duplicate value: \"{n}\""));
                *ok = false;
            }
            seen_names.push(n.clone());
        }
        None => {}
    }
    let Some(protocol) = protocol(cx, m, pi) else {
        *ok = false;
        return None;
    };
    let Some(port) = port_number(cx, m, "port", pi, true) else {
        *ok = false;
        return None;
    };
    let Some(target_port) = target_port(cx, m, pi, port) else {
        *ok = false;
        return None;
    };
    Some(ServicePort {
        name,
        protocol,
        port,
        target_port,
    })
}

/// `targetPort`: a number, or a container port's name; defaults to `port`. `None` when invalid.
fn target_port(cx: &mut ConvertCx, m: &Mapping, pi: &FieldPath, port: i64) -> Option<IntOrString> {
    match get(m, "targetPort") {
        None => Some(IntOrString::Int(port)),
        Some(Value::Number(_)) => port_number(cx, m, "targetPort", pi, false).map(IntOrString::Int),
        Some(Value::String(s)) => {
            // ValidatePortNumOrName / IsValidPortName: a name has at least one letter.
            if let Ok(n) = s.parse::<i64>() {
                cx.error(
                    &pi.key("targetPort"),
                    format!("Invalid value: \"{s}\": a port name must contain at least one letter"),
                )
                .hint = Some(format!("write the number without quotes: targetPort: {n}"));
                return None;
            }
            // ValidatePortNumOrName / IsValidPortName: a name is an IANA_SVC_NAME.
            if let Err(e) = names::iana_svc_name(s) {
                cx.error(
                    &pi.key("targetPort"),
                    format!("Invalid value: \"{s}\": {e}"),
                );
                return None;
            }
            Some(IntOrString::Str(s.to_string()))
        }
        Some(other) => {
            cx.wrong_type(&pi.key("targetPort"), "a number or a port name", other);
            None
        }
    }
}

/// `spec.externalName`, and the rules that tie it and the cluster IP to the Service's type.
fn external_name(
    cx: &mut ConvertCx,
    spec: &Mapping,
    ps: &FieldPath,
    type_: ServiceType,
    cluster_ip: &ClusterIpSpec,
    ok: &mut bool,
) -> Option<String> {
    let external_name = cx
        .string(spec, "externalName", ps)
        .filter(|s| !s.is_empty());
    if type_ == ServiceType::ExternalName {
        match &external_name {
            // ValidateService: an ExternalName Service names its target.
            None => {
                cx.error(
                    &ps.key("externalName"),
                    "Required value: an ExternalName Service needs spec.externalName",
                );
                *ok = false;
            }
            Some(n) => {
                // ValidateService: the target, without a trailing dot, is a DNS-1123 subdomain.
                let bare = n.strip_suffix('.').unwrap_or(n);
                if let Err(e) = names::dns1123_subdomain(bare) {
                    cx.error(
                        &ps.key("externalName"),
                        format!("Invalid value: \"{n}\": {e}"),
                    );
                    *ok = false;
                }
            }
        }
        // validateServiceClusterIPsRelatedFields: an ExternalName Service has no cluster IP.
        if *cluster_ip != ClusterIpSpec::Auto {
            cx.error(
                &ps.key("clusterIP"),
                "Forbidden: may not be set for ExternalName services",
            );
            *ok = false;
        }
    } else if *cluster_ip == ClusterIpSpec::None
        && matches!(type_, ServiceType::NodePort | ServiceType::LoadBalancer)
    {
        // ValidateService: NodePort and LoadBalancer Services cannot be headless.
        cx.error(
            &ps.key("clusterIP"),
            format!(
                "Invalid value: \"None\": may not be set to 'None' for {} services",
                type_.as_str()
            ),
        );
        *ok = false;
    }
    external_name
}

/// `spec.ipFamilies`.
fn ip_families(cx: &mut ConvertCx, spec: &Mapping, ps: &FieldPath) -> Vec<IpFamily> {
    let mut ip_families = Vec::new();
    for (i, f) in cx.string_list(spec, "ipFamilies", ps).iter().enumerate() {
        match f.as_str() {
            "IPv4" => ip_families.push(IpFamily::V4),
            "IPv6" => ip_families.push(IpFamily::V6),
            other => {
                // validateIPFamilies: each family is IPv4 or IPv6.
                cx.error(
                    &ps.key("ipFamilies").idx(i),
                    format!("Unsupported value: \"{other}\": supported values: \"IPv4\", \"IPv6\""),
                );
            }
        }
    }
    ip_families
}

fn selector(cx: &mut ConvertCx, spec: &Mapping, p: &FieldPath) -> Option<LabelSelector> {
    let psel = p.key("selector");
    let m = cx.map_field(spec, "selector", p)?;
    cx.check_fields(m, &psel, SELECTOR);
    let match_labels = cx.string_map(m, "matchLabels", &psel).unwrap_or_default();
    let mut match_expressions = Vec::new();
    let pe = psel.key("matchExpressions");
    for (i, v) in cx.seq(m, "matchExpressions", &psel).iter().enumerate() {
        let pi = pe.idx(i);
        let Some(e) = cx.map(v, &pi) else { continue };
        cx.check_fields(e, &pi, &["key", "operator", "values"]);
        let key = cx.string(e, "key", &pi).unwrap_or_default();
        let values = cx.string_list(e, "values", &pi);
        let op = match cx.string(e, "operator", &pi).as_deref() {
            Some("In") => SelectorOp::In(values),
            Some("NotIn") => SelectorOp::NotIn(values),
            Some("Exists") => SelectorOp::Exists,
            Some("DoesNotExist") => SelectorOp::DoesNotExist,
            other => {
                // ValidateLabelSelectorRequirement: the operator is In, NotIn, Exists or DoesNotExist.
                cx.error(&pi.key("operator"), format!("Unsupported value: \"{}\": supported values: \"DoesNotExist\", \"Exists\", \"In\", \"NotIn\"", other.unwrap_or("")));
                continue;
            }
        };
        match_expressions.push((key, op));
    }
    Some(LabelSelector {
        match_labels,
        match_expressions,
    })
}

/// A pod spec (of a Pod or a template): hostname, subdomain, container ports, DNS policy.
fn pod_spec(cx: &mut ConvertCx, spec: &Mapping, p: &FieldPath) -> (PodSpec, bool) {
    cx.check_fields(spec, p, POD_SPEC);
    let mut ok = true;
    let mut out = PodSpec::default();
    for key in ["hostname", "subdomain"] {
        if let Some(v) = cx.string(spec, key, p).filter(|s| !s.is_empty()) {
            if let Err(e) = names::dns1123_label(&v) {
                // ValidatePodSpec: hostname and subdomain are DNS-1123 labels.
                cx.error(&p.key(key), format!("Invalid value: \"{v}\": {e}"));
                ok = false;
            } else if key == "hostname" {
                out.hostname = Some(v);
            } else {
                out.subdomain = Some(v);
            }
        }
    }
    out.node_name = cx.string(spec, "nodeName", p);
    out.volumes = match get(spec, "volumes") {
        Some(Value::Sequence(v)) => v.len(),
        _ => 0,
    };
    out.service_account = cx
        .string(spec, "serviceAccountName", p)
        .filter(|s| !s.is_empty());
    out.dns_policy = cx.string(spec, "dnsPolicy", p);
    out.node_selector = cx.string_map(spec, "nodeSelector", p).unwrap_or_default();
    out.tolerations = tolerations(cx, spec, p);
    let pc = p.key("containers");
    let containers = cx.seq(spec, "containers", p);
    if containers.is_empty() {
        // validateContainers: a pod has at least one container.
        cx.error(&pc, "Required value: a pod needs at least one container");
        ok = false;
    }
    out.containers = containers.len();
    for (i, c) in containers.iter().enumerate() {
        let pi = pc.idx(i);
        let Some(c) = cx.map(c, &pi) else {
            ok = false;
            continue;
        };
        cx.check_fields(c, &pi, CONTAINER);
        let cname = cx.string(c, "name", &pi);
        if cname.is_none() {
            // validateContainers: every container has a name.
            cx.error(&pi.key("name"), "Required value");
            ok = false;
        }
        let first_port = out.ports.len();
        let pp = pi.key("ports");
        for (j, port) in cx.seq(c, "ports", &pi).iter().enumerate() {
            let pj = pp.idx(j);
            let Some(port) = cx.map(port, &pj) else {
                continue;
            };
            cx.check_fields(port, &pj, CONTAINER_PORT);
            let name = cx.string(port, "name", &pj).filter(|s| !s.is_empty());
            if let Some(n) = &name {
                if let Err(e) = names::iana_svc_name(n) {
                    // validateContainerPorts: a container port name is an IANA_SVC_NAME.
                    cx.error(&pj.key("name"), format!("Invalid value: \"{n}\": {e}"));
                    ok = false;
                }
            }
            let Some(protocol) = protocol(cx, port, &pj) else {
                ok = false;
                continue;
            };
            if let Some(container_port) = port_number(cx, port, "containerPort", &pj, true) {
                out.ports.push(ContainerPort {
                    name,
                    container_port,
                    protocol,
                });
            } else {
                ok = false;
            }
        }
        let image = match get(c, "image") {
            Some(Value::String(s)) => s.to_string(),
            _ => String::new(),
        };
        let count = |k: &str| match get(c, k) {
            Some(Value::Sequence(v)) => v.len(),
            _ => 0,
        };
        out.container_list.push(Container {
            name: cname.unwrap_or_default(),
            image,
            ports: out.ports[first_port..].to_vec(),
            env: count("env"),
            volume_mounts: count("volumeMounts"),
        });
    }
    (out, ok)
}

fn template(cx: &mut ConvertCx, spec: &Mapping, p: &FieldPath) -> Option<PodTemplate> {
    let pt = p.key("template");
    let Some(t) = cx.map_field(spec, "template", p) else {
        // ValidatePodTemplateSpecForReplicaSet (and the other controllers'): a template is required.
        cx.error(
            &pt,
            "Required value: a pod template is needed to create pods",
        );
        return None;
    };
    cx.check_fields(t, &pt, TEMPLATE);
    let ptm = pt.key("metadata");
    let labels = match cx.map_field(t, "metadata", &pt) {
        Some(m) => cx.string_map(m, "labels", &ptm).unwrap_or_default(),
        None => Default::default(),
    };
    let pts = pt.key("spec");
    let Some(s) = cx.map_field(t, "spec", &pt) else {
        // ValidatePodTemplateSpec: the template has a pod spec.
        cx.error(
            &pts,
            "Required value: the pod template needs a spec with containers",
        );
        return None;
    };
    let (spec, ok) = pod_spec(cx, s, &pts);
    ok.then_some(PodTemplate { labels, spec })
}

/// `spec.tolerations`: key, operator (`Equal` by default, or `Exists`), value, effect
/// (`validateTolerations` in KK `pkg/apis/core/validation`).
fn tolerations(cx: &mut ConvertCx, spec: &Mapping, p: &FieldPath) -> Vec<Toleration> {
    let pt = p.key("tolerations");
    let mut out = Vec::new();
    for (i, v) in cx.seq(spec, "tolerations", p).iter().enumerate() {
        let pi = pt.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        cx.check_fields(m, &pi, TOLERATION);
        let key = cx.string(m, "key", &pi).filter(|k| !k.is_empty());
        let exists = match cx.string(m, "operator", &pi).as_deref() {
            None | Some("Equal") => false,
            Some("Exists") => true,
            Some(other) => {
                // validateTolerations: the operator is Equal or Exists.
                cx.error(
                    &pi.key("operator"),
                    format!(
                        "Unsupported value: \"{other}\": supported values: \"Equal\", \"Exists\""
                    ),
                );
                continue;
            }
        };
        let effect = cx.string(m, "effect", &pi).filter(|e| !e.is_empty());
        if let Some(e) = &effect {
            if !TAINT_EFFECTS.contains(&e.as_str()) {
                // validateTolerations: the effect, when set, is a taint effect.
                cx.error(&pi.key("effect"), format!("Unsupported value: \"{e}\": supported values: \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\""));
                continue;
            }
        }
        out.push(Toleration {
            key,
            exists,
            value: cx.string(m, "value", &pi).unwrap_or_default(),
            effect,
        });
    }
    out
}

/// A non-negative 32-bit count such as `replicas` or `parallelism` (`ValidateNonnegativeField`);
/// `default` when absent, `None` when invalid.
fn count_field(
    cx: &mut ConvertCx,
    spec: &Mapping,
    key: &str,
    p: &FieldPath,
    default: i64,
) -> Option<i64> {
    match cx.int(spec, key, p) {
        Some(r) if r < 0 => {
            // ValidateNonnegativeField: a count is not negative.
            cx.error(
                &p.key(key),
                format!("Invalid value: {r}: must be greater than or equal to 0"),
            );
            None
        }
        Some(r) if r > i32::MAX as i64 => {
            // The API types these counts as int32: a larger value does not decode.
            cx.error(
                &p.key(key),
                format!(
                    "Invalid value: {r}: must fit in a 32-bit integer (at most {})",
                    i32::MAX
                ),
            );
            None
        }
        Some(r) => Some(r),
        None => Some(default),
    }
}

/// Shared by StatefulSet, Deployment and ReplicaSet: replicas, selector, template, and the
/// selector/labels rule.
fn workload(
    cx: &mut ConvertCx,
    spec: &Mapping,
    p: &FieldPath,
) -> Option<(i64, LabelSelector, PodTemplate)> {
    let replicas = count_field(cx, spec, "replicas", p, 1);
    let (sel, tpl) = selected_template(cx, spec, p)?;
    Some((replicas?, sel, tpl))
}

/// `spec.selector` (a label selector, required and not empty) and `spec.template`, whose labels it
/// must select (`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidateDaemonSetSpec`).
fn selected_template(
    cx: &mut ConvertCx,
    spec: &Mapping,
    p: &FieldPath,
) -> Option<(LabelSelector, PodTemplate)> {
    let mut ok = true;
    let sel = selector(cx, spec, p);
    let tpl = template(cx, spec, p);
    let sel = match sel {
        Some(s) if !s.is_empty() => s,
        Some(_) => {
            // ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateDaemonSetSpec: the selector is not empty.
            cx.error(
                &p.key("selector"),
                "Invalid value: empty selector is invalid for this kind",
            );
            return None;
        }
        None => {
            // ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateDaemonSetSpec: apps/v1 requires a selector.
            cx.error(
                &p.key("selector"),
                "Required value: apps/v1 workloads need spec.selector",
            );
            return None;
        }
    };
    let tpl = tpl?;
    if !sel.matches(&tpl.labels) {
        let labels: Vec<String> = tpl
            .labels
            .iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect();
        // ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateStatefulSetSpec: the selector selects the template's labels.
        let d = cx.error(
            &p.key("template").key("metadata").key("labels"),
            format!("Invalid value: map[string]string{{{}}}: `selector` does not match template `labels`", labels.join(", ")),
        );
        d.hint = Some("every spec.selector.matchLabels pair must also be a label in spec.template.metadata.labels".into());
        ok = false;
    }
    ok.then_some((sel, tpl))
}

pub fn statefulset(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<StatefulSet> {
    let meta = meta(cx, top, p, "StatefulSet", true)?;
    let mut ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    if ok && meta.name.len() > 52 {
        // ValidateStatefulSet leaves this to the controller: the revision label is the name plus an 11-character hash. (A warning.)
        cx.warning(&p.key("metadata").key("name"), format!("a StatefulSet name longer than 52 characters ({}) cannot create pods: their `controller-revision-hash` label would exceed 63 characters", meta.name.len()));
    }
    let ps = p.key("spec");
    let Some(spec) = cx.map_field(top, "spec", p) else {
        // ValidateStatefulSet: a StatefulSet has a spec.
        cx.error(&ps, "Required value");
        return None;
    };
    cx.check_fields(spec, &ps, STS_SPEC);
    let service_name = cx
        .string(spec, "serviceName", &ps)
        .filter(|s| !s.is_empty());
    if let Some(s) = &service_name {
        if let Err(e) = names::dns1123_label(s) {
            // ValidateStatefulSetSpec: serviceName, when set, is a DNS-1123 label.
            cx.error(
                &ps.key("serviceName"),
                format!("Invalid value: \"{s}\": {e}"),
            );
            ok = false;
        }
    }
    let mut ordinal_start = 0;
    if let Some(o) = cx.map_field(spec, "ordinals", &ps) {
        let po = ps.key("ordinals");
        cx.check_fields(o, &po, &["start"]);
        match cx.int(o, "start", &po) {
            Some(s) if s < 0 => {
                // ValidateStatefulSetSpec: ordinals.start is not negative (ValidateNonnegativeField).
                cx.error(
                    &po.key("start"),
                    format!("Invalid value: {s}: must be greater than or equal to 0"),
                );
                ok = false;
            }
            Some(s) => ordinal_start = s,
            None => {}
        }
    }
    let pod_management_policy = match get(spec, "podManagementPolicy") {
        Some(Value::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let update_strategy = match get(spec, "updateStrategy") {
        Some(Value::Mapping(m)) => match get(m, "type") {
            Some(Value::String(s)) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    };
    let volume_claim_templates = match get(spec, "volumeClaimTemplates") {
        Some(Value::Sequence(v)) => v.len(),
        _ => 0,
    };
    let (replicas, selector, template) = workload(cx, spec, &ps)?;
    ok.then_some(StatefulSet {
        meta,
        replicas,
        service_name,
        selector,
        template,
        ordinal_start,
        pod_management_policy,
        update_strategy,
        volume_claim_templates,
    })
}

pub fn deployment(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<Deployment> {
    let meta = meta(cx, top, p, "Deployment", true)?;
    let ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let Some(spec) = cx.map_field(top, "spec", p) else {
        // ValidateDeployment: a Deployment has a spec.
        cx.error(&ps, "Required value");
        return None;
    };
    cx.check_fields(spec, &ps, DEPLOY_SPEC);
    let strategy = match get(spec, "strategy") {
        Some(Value::Mapping(m)) => match get(m, "type") {
            Some(Value::String(s)) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    };
    let (replicas, selector, template) = workload(cx, spec, &ps)?;
    ok.then_some(Deployment {
        meta,
        replicas,
        selector,
        template,
        strategy,
    })
}

pub fn pod(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<Pod> {
    let meta = meta(cx, top, p, "Pod", true)?;
    let mut ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let Some(spec) = cx.map_field(top, "spec", p) else {
        // ValidatePodSpec: a Pod has a spec.
        cx.error(&ps, "Required value: a pod needs a spec with containers");
        return None;
    };
    let (spec, spec_ok) = pod_spec(cx, spec, &ps);
    ok &= spec_ok;
    let mut pod = Pod {
        meta,
        spec,
        phase: None,
        ips: Vec::new(),
        ready: None,
        terminating: false,
    };
    if let Some(m) = cx.map_field(top, "metadata", p) {
        pod.terminating = get(m, "deletionTimestamp").is_some();
    }
    let pst = p.key("status");
    if let Some(st) = cx.map_field(top, "status", p) {
        pod.phase = cx.string(st, "phase", &pst);
        let mut ips = Vec::new();
        let pips = pst.key("podIPs");
        for (i, v) in cx.seq(st, "podIPs", &pst).iter().enumerate() {
            let pi = pips.idx(i);
            if let Some(m) = cx.map(v, &pi) {
                if let Some(s) = cx.string(m, "ip", &pi) {
                    if let Some(ip) = cx.ip(&s, &pi.key("ip")) {
                        ips.push(ip);
                    }
                }
            }
        }
        if let Some(s) = cx.string(st, "podIP", &pst).filter(|s| !s.is_empty()) {
            if let Some(ip) = cx.ip(&s, &pst.key("podIP")) {
                if ips.is_empty() {
                    ips.push(ip);
                } else if ips[0] != ip {
                    // ValidatePodStatusUpdate: status.podIP repeats status.podIPs[0].
                    cx.error(&pst.key("podIP"), format!("Invalid value: \"{s}\": must match the first entry of status.podIPs ({})", ips[0]));
                }
            }
        }
        pod.ips = ips;
        let pc = pst.key("conditions");
        for (i, v) in cx.seq(st, "conditions", &pst).iter().enumerate() {
            let pi = pc.idx(i);
            if let Some(m) = cx.map(v, &pi) {
                if cx.string(m, "type", &pi).as_deref() == Some("Ready") {
                    pod.ready = match cx.string(m, "status", &pi).as_deref() {
                        Some("True") => Some(true),
                        Some("False") | Some("Unknown") => Some(false),
                        other => {
                            // validatePodConditions (ValidateConditionStatus): a condition status is True, False or Unknown.
                            cx.error(&pi.key("status"), format!("Unsupported value: \"{}\": supported values: \"False\", \"True\", \"Unknown\"", other.unwrap_or("")));
                            None
                        }
                    };
                }
            }
        }
    }
    ok.then_some(pod)
}

fn endpoint_port(cx: &mut ConvertCx, v: &Value, p: &FieldPath) -> Option<EndpointPort> {
    let m = cx.map(v, p)?;
    cx.check_fields(m, p, SLICE_PORT);
    let name = cx.string(m, "name", p).filter(|s| !s.is_empty());
    let protocol = protocol(cx, m, p)?;
    let port = port_number(cx, m, "port", p, true)?;
    Some(EndpointPort {
        name,
        port,
        protocol,
    })
}

fn target_pod(
    cx: &mut ConvertCx,
    m: &Mapping,
    p: &FieldPath,
    default_ns: &str,
) -> Option<(String, String)> {
    let pt = p.key("targetRef");
    let t = cx.map_field(m, "targetRef", p)?;
    let kind = cx.string(t, "kind", &pt);
    let name = cx.string(t, "name", &pt)?;
    let ns = cx
        .string(t, "namespace", &pt)
        .unwrap_or_else(|| default_ns.to_string());
    (kind.as_deref().unwrap_or("Pod") == "Pod").then_some((ns, name))
}

pub fn endpoint_slice(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<EndpointSlice> {
    cx.check_fields(
        top,
        p,
        &[
            "apiVersion",
            "kind",
            "metadata",
            "addressType",
            "endpoints",
            "ports",
        ],
    );
    let meta = meta(cx, top, p, "EndpointSlice", true)?;
    let mut ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let address_type = match cx.string(top, "addressType", p) {
        Some(t) if ["IPv4", "IPv6", "FQDN"].contains(&t.as_str()) => t,
        Some(t) => {
            // ValidateEndpointSlice: addressType is IPv4, IPv6 or FQDN.
            cx.error(
                &p.key("addressType"),
                format!(
                    "Unsupported value: \"{t}\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""
                ),
            );
            return None;
        }
        None => {
            // ValidateEndpointSlice: addressType is required.
            cx.error(&p.key("addressType"), "Required value");
            return None;
        }
    };
    let service_name = meta
        .labels
        .get("kubernetes.io/service-name")
        .map(|s| s.to_string());
    if service_name.is_none() {
        // Not an API rule: EndpointSliceTracker and CoreDNS find a slice's Service by this label. (A warning.)
        cx.warning(&p.key("metadata").key("labels"), "this EndpointSlice has no `kubernetes.io/service-name` label, so it belongs to no Service and CoreDNS never reads it")
            .hint = Some("add `kubernetes.io/service-name: <service>` under metadata.labels".into());
    }
    let mut endpoints = Vec::new();
    let pe = p.key("endpoints");
    for (i, v) in cx.seq(top, "endpoints", p).iter().enumerate() {
        let pi = pe.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        cx.check_fields(m, &pi, SLICE_ENDPOINT);
        let mut ips = Vec::new();
        let pa = pi.key("addresses");
        for (j, a) in cx.string_list(m, "addresses", &pi).iter().enumerate() {
            if address_type == "FQDN" {
                continue;
            }
            if let Some(ip) = cx.ip(a, &pa.idx(j)) {
                let fam_ok = (address_type == "IPv4") == ip.is_ipv4();
                if fam_ok {
                    ips.push(ip);
                } else {
                    // validateEndpoints: every address is of the slice's addressType.
                    cx.error(&pa.idx(j), format!("Invalid value: \"{a}\": must be an {address_type} address (addressType)"));
                    ok = false;
                }
            }
        }
        if get(m, "addresses").is_none() {
            // validateEndpoints: an endpoint has at least one address.
            cx.error(&pa, "Required value: must contain at least 1 address");
            ok = false;
        }
        let (mut ready, mut terminating) = (None, false);
        let pc = pi.key("conditions");
        if let Some(c) = cx.map_field(m, "conditions", &pi) {
            cx.check_fields(c, &pc, &["ready", "serving", "terminating"]);
            ready = cx.boolean(c, "ready", &pc);
            terminating = cx.boolean(c, "terminating", &pc).unwrap_or(false);
        }
        let hostname = cx.string(m, "hostname", &pi).filter(|s| !s.is_empty());
        if let Some(h) = &hostname {
            if let Err(e) = names::dns1123_label(h) {
                // validateEndpoints: an endpoint hostname is a DNS-1123 label.
                cx.error(&pi.key("hostname"), format!("Invalid value: \"{h}\": {e}"));
                ok = false;
            }
        }
        let target_pod = target_pod(cx, m, &pi, &meta.namespace);
        let node_name = cx.string(m, "nodeName", &pi);
        let pos = cx.pos(&pi);
        endpoints.push(EndpointAddress {
            ips,
            hostname,
            ready,
            terminating,
            target_pod,
            node_name,
            pos,
        });
    }
    let mut ports = Vec::new();
    let pp = p.key("ports");
    for (i, v) in cx.seq(top, "ports", p).iter().enumerate() {
        if let Some(port) = endpoint_port(cx, v, &pp.idx(i)) {
            ports.push(port);
        }
    }
    ok.then_some(EndpointSlice {
        meta,
        service_name,
        address_type,
        endpoints,
        ports,
        from_endpoints: false,
    })
}

/// v1 Endpoints, mirrored into one slice per subset as the EndpointSliceMirroring controller does.
pub fn endpoints(
    cx: &mut ConvertCx,
    top: &Mapping,
    p: &FieldPath,
) -> Option<(Vec<EndpointSlice>, Meta)> {
    cx.check_fields(top, p, &["apiVersion", "kind", "metadata", "subsets"]);
    let meta = meta(cx, top, p, "Endpoints", true)?;
    let mut slices = Vec::new();
    let psub = p.key("subsets");
    for (i, v) in cx.seq(top, "subsets", p).iter().enumerate() {
        let pi = psub.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        cx.check_fields(m, &pi, EP_SUBSET);
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for (key, ready) in [("addresses", true), ("notReadyAddresses", false)] {
            let pk = pi.key(key);
            for (j, a) in cx.seq(m, key, &pi).iter().enumerate() {
                let pj = pk.idx(j);
                let Some(a) = cx.map(a, &pj) else { continue };
                cx.check_fields(a, &pj, EP_ADDRESS);
                let Some(ip) = cx
                    .string(a, "ip", &pj)
                    .and_then(|s| cx.ip(&s, &pj.key("ip")))
                else {
                    continue;
                };
                let hostname = cx.string(a, "hostname", &pj).filter(|s| !s.is_empty());
                let target_pod = target_pod(cx, a, &pj, &meta.namespace);
                let node_name = cx.string(a, "nodeName", &pj);
                let pos = cx.pos(&pj);
                let ep = EndpointAddress {
                    ips: vec![ip],
                    hostname,
                    ready: Some(ready),
                    terminating: false,
                    target_pod,
                    node_name,
                    pos,
                };
                if ip.is_ipv4() {
                    v4.push(ep)
                } else {
                    v6.push(ep)
                }
            }
        }
        let mut ports = Vec::new();
        let pp = pi.key("ports");
        for (j, v) in cx.seq(m, "ports", &pi).iter().enumerate() {
            if let Some(port) = endpoint_port(cx, v, &pp.idx(j)) {
                ports.push(port);
            }
        }
        for (fam, eps) in [("IPv4", v4), ("IPv6", v6)] {
            if eps.is_empty() {
                continue;
            }
            slices.push(EndpointSlice {
                meta: Meta {
                    name: format!("{}-{}", meta.name, slices.len()),
                    namespace: meta.namespace.clone(),
                    labels: Default::default(),
                    owner: None,
                    creation_timestamp: meta.creation_timestamp.clone(),
                },
                service_name: Some(meta.name.clone()),
                address_type: fam.to_string(),
                endpoints: eps,
                ports: ports.clone(),
                from_endpoints: true,
            });
        }
    }
    Some((slices, meta))
}

pub fn namespace(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<Namespace> {
    let meta = meta(cx, top, p, "Namespace", false)?;
    name_rule(cx, &meta, p, names::dns1123_label).then_some(Namespace {
        name: meta.name,
        creation_timestamp: meta.creation_timestamp,
    })
}

/// `spec` of a workload, or a "Required value" error at it.
fn spec_of<'v, 'y>(
    cx: &mut ConvertCx,
    top: &'v Mapping<'y>,
    p: &FieldPath,
) -> Option<&'v Mapping<'y>> {
    let spec = cx.map_field(top, "spec", p);
    if spec.is_none() {
        // The workload validators (ValidateReplicaSetSpec, ValidateJobSpec, ...) need a spec.
        cx.error(&p.key("spec"), "Required value");
    }
    spec
}

/// `ValidateReplicaSet` (KK `pkg/apis/apps/validation`): a Deployment's rules without the strategy.
pub fn replicaset(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<ReplicaSet> {
    let meta = meta(cx, top, p, "ReplicaSet", true)?;
    let ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let spec = spec_of(cx, top, p)?;
    cx.check_fields(spec, &ps, RS_SPEC);
    let (replicas, selector, template) = workload(cx, spec, &ps)?;
    ok.then_some(ReplicaSet {
        meta,
        replicas,
        selector,
        template,
    })
}

/// `ValidateReplicationController` (KK `pkg/apis/core/validation`): the selector is a plain map,
/// defaulted to the template's labels (`SetDefaults_ReplicationController`), and must select them.
pub fn replication_controller(
    cx: &mut ConvertCx,
    top: &Mapping,
    p: &FieldPath,
) -> Option<ReplicaSet> {
    let meta = meta(cx, top, p, "ReplicationController", true)?;
    let ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let spec = spec_of(cx, top, p)?;
    cx.check_fields(spec, &ps, RS_SPEC);
    let replicas = count_field(cx, spec, "replicas", &ps, 1);
    let selector = cx.string_map(spec, "selector", &ps).unwrap_or_default();
    let template = template(cx, spec, &ps)?;
    let selector = if selector.is_empty() {
        template.labels.clone()
    } else {
        selector
    };
    if selector.is_empty() {
        // ValidateReplicationControllerSpec: the selector, defaulted to the template's labels, is not empty.
        cx.error(
            &ps.key("selector"),
            "Required value: the selector (or the template's labels) must not be empty",
        );
        return None;
    }
    let selector = LabelSelector {
        match_labels: selector,
        match_expressions: Vec::new(),
    };
    if !selector.matches(&template.labels) {
        // ValidateReplicationControllerSpec: the selector selects the template's labels.
        cx.error(
            &ps.key("template").key("metadata").key("labels"),
            "Invalid value: `selector` does not match template `labels`",
        )
        .hint = Some(
            "every spec.selector pair must also be a label in spec.template.metadata.labels".into(),
        );
        return None;
    }
    (ok && replicas.is_some()).then(|| ReplicaSet {
        meta,
        replicas: replicas.unwrap_or(0),
        selector,
        template,
    })
}

/// `ValidateDaemonSet` (KK `pkg/apis/apps/validation`): selector and template as a Deployment's;
/// there is no `replicas`: the nodes decide.
pub fn daemonset(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<DaemonSet> {
    let meta = meta(cx, top, p, "DaemonSet", true)?;
    let ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let spec = spec_of(cx, top, p)?;
    cx.check_fields(spec, &ps, DS_SPEC);
    let (selector, template) = selected_template(cx, spec, &ps)?;
    ok.then_some(DaemonSet {
        meta,
        selector,
        template,
    })
}

/// `ValidateJob` (KK `pkg/apis/batch/validation`): counts not negative, a template whose
/// `restartPolicy` is `OnFailure` or `Never`; the selector is the controller's own unless
/// `manualSelector` is set.
pub fn job(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<Job> {
    let meta = meta(cx, top, p, "Job", true)?;
    let mut ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let spec = spec_of(cx, top, p)?;
    cx.check_fields(spec, &ps, JOB_SPEC);
    let parallelism = count_field(cx, spec, "parallelism", &ps, 1);
    let completions = match get(spec, "completions") {
        None => Some(None),
        Some(_) => count_field(cx, spec, "completions", &ps, 1).map(Some),
    };
    let indexed = match cx.string(spec, "completionMode", &ps).as_deref() {
        None | Some("NonIndexed") => false,
        Some("Indexed") => {
            if completions == Some(None) {
                // validateJobSpec: an Indexed Job sets completions.
                cx.error(
                    &ps.key("completions"),
                    "Required value: when completion mode is Indexed",
                );
                ok = false;
            }
            true
        }
        Some(other) => {
            // validateJobSpec: completionMode is NonIndexed or Indexed.
            cx.error(
                &ps.key("completionMode"),
                format!(
                    "Unsupported value: \"{other}\": supported values: \"Indexed\", \"NonIndexed\""
                ),
            );
            ok = false;
            false
        }
    };
    let suspend = cx.boolean(spec, "suspend", &ps).unwrap_or(false);
    let template = template(cx, spec, &ps)?;
    let pt = ps.key("template");
    let pr = pt.key("spec");
    let restart = cx
        .map_field(spec, "template", &ps)
        .and_then(|t| get(t, "spec"))
        .and_then(|s| match s {
            Value::Mapping(m) => Some(m),
            _ => None,
        })
        .and_then(|s| cx.string(s, "restartPolicy", &pr));
    if !matches!(restart.as_deref(), Some("OnFailure") | Some("Never")) {
        let shown = restart.as_deref().unwrap_or("Always");
        // validateJobSpec (ValidatePodTemplateSpecForJob): restartPolicy is OnFailure or Never.
        cx.error(&pr.key("restartPolicy"), format!("Unsupported value: \"{shown}\": supported values: \"OnFailure\", \"Never\""))
            .hint = Some("a Job's pods must not restart forever: set `restartPolicy: Never` (or `OnFailure`) in the pod template".into());
        ok = false;
    }
    let done = job_finished(cx, top, p);
    (ok && parallelism.is_some() && completions.is_some()).then(|| Job {
        meta,
        parallelism: parallelism.unwrap_or(1),
        completions: completions.flatten(),
        indexed,
        finished_or_suspended: suspend || done,
        template,
    })
}

/// A pasted Job whose status has a true `Complete` or `Failed` condition runs no more pods.
fn job_finished(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> bool {
    let pst = p.key("status");
    let Some(st) = cx.map_field(top, "status", p) else {
        return false;
    };
    let pc = pst.key("conditions");
    cx.seq(st, "conditions", &pst)
        .iter()
        .enumerate()
        .any(|(i, v)| {
            let pi = pc.idx(i);
            let Value::Mapping(m) = v else { return false };
            let kind = cx.string(m, "type", &pi);
            matches!(kind.as_deref(), Some("Complete") | Some("Failed"))
                && cx.string(m, "status", &pi).as_deref() == Some("True")
        })
}

/// A CIDR such as `10.244.1.0/24`, as its network address and prefix length.
fn cidr(cx: &mut ConvertCx, s: &str, p: &FieldPath) -> Option<(IpAddr, u8)> {
    let parsed = s.split_once('/').and_then(|(ip, len)| {
        let ip: IpAddr = ip.parse().ok()?;
        let len: u8 = len.parse().ok()?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        (len <= max).then_some((ip, len))
    });
    if parsed.is_none() {
        // ValidateNode (validation.IsValidCIDR): a podCIDR is a CIDR.
        cx.error(p, format!("Invalid value: \"{s}\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }
    parsed
}

/// `ValidateNode` (KK `pkg/apis/core/validation`): podCIDRs are CIDRs, at most one per family, and
/// `podCIDR` is the first; taints have a key and a known effect.
pub fn node(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> Option<Node> {
    let meta = meta(cx, top, p, "Node", false)?;
    let mut ok = name_rule(cx, &meta, p, names::dns1123_subdomain);
    let ps = p.key("spec");
    let empty = Mapping::default();
    let spec = cx.map_field(top, "spec", p).unwrap_or(&empty);
    cx.check_fields(spec, &ps, NODE_SPEC);
    let mut pod_cidrs = Vec::new();
    let pcs = ps.key("podCIDRs");
    for (i, s) in cx.string_list(spec, "podCIDRs", &ps).iter().enumerate() {
        match cidr(cx, s, &pcs.idx(i)) {
            Some(c)
                if pod_cidrs
                    .iter()
                    .any(|(ip, _): &(IpAddr, u8)| ip.is_ipv4() == c.0.is_ipv4()) =>
            {
                // ValidateNode: podCIDRs holds at most one CIDR per IP family.
                cx.error(&pcs.idx(i), format!("Invalid value: \"{s}\": may specify no more than one CIDR for each IP family"));
                ok = false;
            }
            Some(c) => pod_cidrs.push(c),
            None => ok = false,
        }
    }
    if let Some(s) = cx.string(spec, "podCIDR", &ps).filter(|s| !s.is_empty()) {
        match cidr(cx, &s, &ps.key("podCIDR")) {
            Some(c) if pod_cidrs.is_empty() => pod_cidrs.push(c),
            Some(c) if pod_cidrs[0] != c => {
                // ValidateNode: podCIDR repeats podCIDRs[0].
                cx.error(
                    &ps.key("podCIDR"),
                    format!("Invalid value: \"{s}\": must match the first entry of spec.podCIDRs"),
                );
                ok = false;
            }
            Some(_) => {}
            None => ok = false,
        }
    }
    let taints = node_taints(cx, spec, &ps, &mut ok);
    let unschedulable = cx.boolean(spec, "unschedulable", &ps).unwrap_or(false);
    let (ready, internal_ip) = node_status(cx, top, p);
    ok.then_some(Node {
        name: meta.name,
        labels: meta.labels,
        pod_cidrs,
        taints,
        unschedulable,
        ready,
        internal_ip,
    })
}

fn node_taints(cx: &mut ConvertCx, spec: &Mapping, ps: &FieldPath, ok: &mut bool) -> Vec<Taint> {
    let pt = ps.key("taints");
    let mut taints = Vec::new();
    for (i, v) in cx.seq(spec, "taints", ps).iter().enumerate() {
        let pi = pt.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        cx.check_fields(m, &pi, TAINT);
        let key = cx.string(m, "key", &pi).unwrap_or_default();
        let effect = cx.string(m, "effect", &pi).unwrap_or_default();
        if key.is_empty() {
            // validateNodeTaints: a taint has a key.
            cx.error(&pi.key("key"), "Required value");
            *ok = false;
        } else if !TAINT_EFFECTS.contains(&effect.as_str()) {
            // validateNodeTaints: the effect is NoSchedule, PreferNoSchedule or NoExecute.
            cx.error(&pi.key("effect"), format!("Unsupported value: \"{effect}\": supported values: \"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\""));
            *ok = false;
        } else {
            let value = cx.string(m, "value", &pi).unwrap_or_default();
            taints.push(Taint { key, value, effect });
        }
    }
    taints
}

/// The `Ready` condition and the `InternalIP` address of a pasted node's status.
fn node_status(cx: &mut ConvertCx, top: &Mapping, p: &FieldPath) -> (Option<bool>, Option<IpAddr>) {
    let pst = p.key("status");
    let Some(st) = cx.map_field(top, "status", p) else {
        return (None, None);
    };
    let mut ready = None;
    let pc = pst.key("conditions");
    for (i, v) in cx.seq(st, "conditions", &pst).iter().enumerate() {
        let pi = pc.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        if cx.string(m, "type", &pi).as_deref() == Some("Ready") {
            ready = Some(cx.string(m, "status", &pi).as_deref() == Some("True"));
        }
    }
    let mut internal_ip = None;
    let pa = pst.key("addresses");
    for (i, v) in cx.seq(st, "addresses", &pst).iter().enumerate() {
        let pi = pa.idx(i);
        let Some(m) = cx.map(v, &pi) else { continue };
        if cx.string(m, "type", &pi).as_deref() == Some("InternalIP") && internal_ip.is_none() {
            internal_ip = cx
                .string(m, "address", &pi)
                .and_then(|s| cx.ip(&s, &pi.key("address")));
        }
    }
    (ready, internal_ip)
}

/// The ConfigMap `kube-system/coredns`: `data.Corefile` and where its lines sit in the manifest.
pub fn coredns_config(
    cx: &mut ConvertCx,
    top: &Mapping,
    p: &FieldPath,
    name: String,
    namespace: String,
) -> CoreDnsConfig {
    let pd = p.key("data");
    let pc = pd.key("Corefile");
    let corefile = cx
        .map_field(top, "data", p)
        .and_then(|d| cx.string(d, "Corefile", &pd));
    let pos = cx.pos(&pc);
    let lines = corefile_lines(cx, pos, corefile.as_deref().unwrap_or(""));
    CoreDnsConfig {
        meta: Meta {
            name,
            namespace,
            ..Meta::default()
        },
        corefile,
        pos,
        lines,
    }
}

/// How the Corefile's lines map to the manifest: a literal block (`Corefile: |`) line for line, a
/// one-line plain value by column, anything else (quoted with `\n`, folded) at the key.
fn corefile_lines(cx: &ConvertCx, key: Pos, value: &str) -> crate::dns::corefile::LineMap {
    use crate::dns::corefile::LineMap;
    let mut lines = cx.text.split('\n');
    let Some(line) = lines
        .nth(key.line.saturating_sub(cx.first_line) as usize)
        .filter(|l| {
            l.get(key.col.saturating_sub(1) as usize..)
                .is_some_and(|r| r.trim_start_matches(['"', '\'']).starts_with("Corefile"))
        })
    else {
        return LineMap::Fixed(key);
    };
    let from_key = &line[key.col.saturating_sub(1) as usize..];
    let Some(colon) = from_key.find(':') else {
        return LineMap::Fixed(key);
    };
    let after = &from_key[colon + 1..];
    let v = after.trim_start();
    let vcol = key.col + (colon + 1 + after.len() - v.len()) as u32;
    if v.starts_with('|') {
        // The block's indentation is its first non-blank line's (YAML 1.2 §8.1.1.1).
        let indent = lines
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| (l.len() - l.trim_start_matches(' ').len()) as u32);
        return LineMap::Block {
            first_line: key.line + 1,
            indent,
        };
    }
    if !value.contains('\n') && !v.is_empty() && !v.starts_with('>') {
        let quoted = v.starts_with('"') || v.starts_with('\'');
        return LineMap::Inline(Pos::new(key.line, vcol + u32::from(quoted)));
    }
    LineMap::Fixed(key)
}
