//! Built-in scenarios (presets): the YAML the playground starts from, shared by the UI, kdig
//! (`--scenario`), the tests and the benchmarks. Each suggests commands that show its lesson.

/// A preset: a short id (used in share links and `kdig -s`), a title, one sentence on what it
/// teaches, its YAML, and commands worth running against it (from the `dnsutils` pod in `default`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub yaml: &'static str,
    pub commands: &'static [&'static str],
}

/// The seed: an ordinary and a headless Service over the same three pods.
pub const SEED: Scenario = Scenario {
    id: "headful-vs-headless",
    title: "ClusterIP vs headless",
    summary: "Two Services select the same three pods: one answers with a single virtual IP, the other with every ready pod.",
    yaml: include_str!("seed.yaml"),
    commands: &[
        "nslookup test-headful",
        "nslookup test-headless",
        "dig +search +short test-headful",
        "dig +search +short test-headless",
        "dig SRV _http._tcp.test-headless.default.svc.cluster.local",
        "host -t SRV test-headful.default.svc.cluster.local",
    ],
};

/// The article's second half: a StatefulSet pointed at a ClusterIP Service.
pub const STATEFULSET: Scenario = Scenario {
    id: "statefulset-headful",
    title: "StatefulSet + ClusterIP serviceName",
    summary: "Per-pod names resolve even through a ClusterIP Service, but the Service name stays one virtual IP and the second, headless Service gives no hostnames.",
    yaml: include_str!("statefulset.yaml"),
    commands: &[
        "dig +search +short test-0.test-headful",
        "dig +search +short test-headful",
        "dig +search +short test-headless",
        "dig SRV test-headless.default.svc.cluster.local +noall +answer",
        "dig +search test-3.test-headful",
    ],
};

/// Kafka brokers behind a headless Service.
pub const KAFKA: Scenario = Scenario {
    id: "kafka",
    title: "Kafka brokers",
    summary: "Each broker advertises its own per-pod name; clients bootstrap through a ClusterIP Service, then connect to each partition's leader by name.",
    yaml: include_str!("kafka.yaml"),
    commands: &[
        "dig +search +short kafka-0.kafka-hs.kafka",
        "dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local",
        "dig +search +short kafka-bootstrap.kafka",
        "nslookup kafka-hs.kafka",
        "host -t SRV kafka-hs.kafka.svc.cluster.local",
    ],
};

pub const ALL: &[Scenario] = &[SEED, STATEFULSET, KAFKA];

pub fn by_id(id: &str) -> Option<&'static Scenario> {
    ALL.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_parses_and_builds_without_errors() {
        for s in ALL {
            let p = crate::model::parse(s.yaml);
            assert!(!p.has_errors(), "{}: {:?}", s.id, p.diagnostics);
            let c = crate::cluster::Cluster::build(&p, &Default::default());
            assert!(
                c.diagnostics
                    .iter()
                    .all(|d| d.severity != crate::model::Severity::Error),
                "{}",
                s.id
            );
            assert!(!s.commands.is_empty());
        }
    }
}
