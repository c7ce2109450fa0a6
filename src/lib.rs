//! # Headless Services Playground
//!
//! A simulator of Kubernetes Service DNS as CoreDNS's `kubernetes` plugin answers it, for teaching how
//! ordinary (ClusterIP) Services, headless Services (`clusterIP: None`) and StatefulSet pods are named.
//!
//! The pipeline, each stage pure Rust and tested natively:
//!
//! ```text
//! YAML text ──model::parse──▶ model::Parsed ──cluster::Cluster::build──▶ Cluster ──dns──▶ dig / nslookup / host text
//! ```
//!
//! [`lessons`] builds guided lessons on that pipeline: each step a manifest set, commands and a question
//! whose answer is computed by running the step's command.
//!
//! Only [`ui`] (and the web entry `src/main.rs`) knows about the browser; the `kdig` CLI uses the same core.

pub mod anim;
pub mod cli;
pub mod cluster;
pub mod dns;
pub mod kafka;
pub mod lessons;
pub mod model;
pub mod rng;
pub mod scenarios;
pub mod sort;
pub mod ui;
