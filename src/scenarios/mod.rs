//! Built-in scenarios (presets): the YAML the playground starts from, shared by the UI, kdig's tests
//! and the benchmarks.

/// A preset: a short id (used in share links), a title, one sentence on what it teaches, and YAML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub yaml: &'static str,
}

/// The seed: an ordinary and a headless Service over the same three pods.
pub const SEED: Scenario = Scenario {
    id: "headful-vs-headless",
    title: "ClusterIP vs headless",
    summary: "Two Services select the same three pods: one answers with a single virtual IP, the other with every ready pod.",
    yaml: include_str!("seed.yaml"),
};

pub const ALL: &[Scenario] = &[SEED];

pub fn by_id(id: &str) -> Option<&'static Scenario> {
    ALL.iter().find(|s| s.id == id)
}
