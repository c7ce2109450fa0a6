//! The kinds a Kubernetes API server (v1.33) serves at each built-in `apiVersion`, so that a typo
//! such as `kind: Servce` is refused the way kubectl refuses it (`no matches for kind "Servce" in
//! version "v1"`: the RESTMapper finds no resource for that kind in that group/version), while
//! custom resources (their own API group) and real built-in kinds the simulator does not model
//! stay accepted.

/// `apiVersion` → the kinds served there (kube-apiserver's built-in groups, v1.33).
const BUILT_IN: &[(&str, &[&str])] = &[
    (
        "v1",
        &[
            "Binding",
            "ComponentStatus",
            "ConfigMap",
            "Endpoints",
            "Event",
            "LimitRange",
            "Namespace",
            "Node",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "Pod",
            "PodTemplate",
            "ReplicationController",
            "ResourceQuota",
            "Secret",
            "Service",
            "ServiceAccount",
            "Status",
        ],
    ),
    (
        "apps/v1",
        &[
            "ControllerRevision",
            "DaemonSet",
            "Deployment",
            "ReplicaSet",
            "StatefulSet",
        ],
    ),
    ("batch/v1", &["CronJob", "Job"]),
    ("discovery.k8s.io/v1", &["EndpointSlice"]),
    (
        "networking.k8s.io/v1",
        &[
            "IPAddress",
            "Ingress",
            "IngressClass",
            "NetworkPolicy",
            "ServiceCIDR",
        ],
    ),
    ("policy/v1", &["Eviction", "PodDisruptionBudget"]),
    ("autoscaling/v1", &["HorizontalPodAutoscaler", "Scale"]),
    ("autoscaling/v2", &["HorizontalPodAutoscaler"]),
    (
        "rbac.authorization.k8s.io/v1",
        &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    ),
    (
        "storage.k8s.io/v1",
        &[
            "CSIDriver",
            "CSINode",
            "CSIStorageCapacity",
            "StorageClass",
            "VolumeAttachment",
        ],
    ),
    ("coordination.k8s.io/v1", &["Lease"]),
    ("scheduling.k8s.io/v1", &["PriorityClass"]),
    ("node.k8s.io/v1", &["RuntimeClass"]),
    ("events.k8s.io/v1", &["Event"]),
    ("certificates.k8s.io/v1", &["CertificateSigningRequest"]),
    ("apiextensions.k8s.io/v1", &["CustomResourceDefinition"]),
    ("apiregistration.k8s.io/v1", &["APIService"]),
    (
        "admissionregistration.k8s.io/v1",
        &[
            "MutatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "ValidatingWebhookConfiguration",
        ],
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1",
        &["FlowSchema", "PriorityLevelConfiguration"],
    ),
    (
        "authentication.k8s.io/v1",
        &["SelfSubjectReview", "TokenRequest", "TokenReview"],
    ),
    (
        "authorization.k8s.io/v1",
        &[
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SelfSubjectRulesReview",
            "SubjectAccessReview",
        ],
    ),
];

/// What the table says about a `kind` written with an `apiVersion`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindCheck {
    /// Served there (or the apiVersion is not a built-in one: a custom resource, or a version we
    /// do not list, is taken on trust).
    Known,
    /// The apiVersion is built in and does not serve this kind. `near` is the closest kind it does
    /// serve (for "did you mean"), `elsewhere` a built-in apiVersion that serves this exact kind.
    Unknown {
        near: Option<&'static str>,
        elsewhere: Option<&'static str>,
    },
}

/// Is `api_version` one of the API server's own (not a custom resource's group)?
pub fn is_built_in(api_version: &str) -> bool {
    BUILT_IN.iter().any(|(v, _)| *v == api_version)
}

/// Is `kind` served at `api_version`? `FooList` counts as served when `Foo` is (kubectl prints
/// `ServiceList` and friends).
pub fn check(api_version: &str, kind: &str) -> KindCheck {
    let Some((_, kinds)) = BUILT_IN.iter().find(|(v, _)| *v == api_version) else {
        return KindCheck::Known;
    };
    let served = |k: &str| kinds.contains(&k);
    if served(kind) || kind.strip_suffix("List").is_some_and(served) {
        return KindCheck::Known;
    }
    let elsewhere = BUILT_IN
        .iter()
        .find(|(_, ks)| ks.contains(&kind))
        .map(|(v, _)| *v);
    KindCheck::Unknown {
        near: super::names::suggest(kind, kinds),
        elsewhere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_real_kinds() {
        assert_eq!(check("v1", "ConfigMap"), KindCheck::Known);
        assert_eq!(check("v1", "ServiceList"), KindCheck::Known);
        assert_eq!(check("example.com/v1", "Widget"), KindCheck::Known);
        assert_eq!(
            check("v1", "Servce"),
            KindCheck::Unknown {
                near: Some("Service"),
                elsewhere: None
            }
        );
        assert_eq!(
            check("v1", "Deployment"),
            KindCheck::Unknown {
                near: None,
                elsewhere: Some("apps/v1")
            }
        );
        assert_eq!(
            check("apps/v1", "daemonset"),
            KindCheck::Unknown {
                near: Some("DaemonSet"),
                elsewhere: None
            }
        );
    }
}
