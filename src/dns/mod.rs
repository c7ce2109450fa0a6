//! DNS: names, records, messages, the client's resolv.conf and the dig / nslookup / host tools.
//!
//! The vocabulary follows hickory-dns (`Name`, `RecordType`, `RData`, `Record`, `ResponseCode`,
//! `Message` with answers/authorities/additionals) but every type here is our own small code, plain
//! Rust with no browser dependency. Behaviour follows `shared/docs/k8s-dns.md` (§5–7) and, where a real
//! tool prints something else, the tool's source (BIND 9.18 `bin/dig/*.c`, `lib/dns/masterdump.c`).
//!
//! * [`name`], [`rr`], [`message`]: data types, presentation text and exact wire sizes.
//! * [`server`]: the [`DnsServer`] seam the resolver implements.
//! * [`resolv`]: the pod's `/etc/resolv.conf` and the search-list walk.
//! * [`text`]: dig's column layout for records and questions.
//! * [`corefile`]: the cluster's own Corefile (ConfigMap `kube-system/coredns`) as typed settings.
//! * [`resolver`]: CoreDNS's `kubernetes` plugin over a simulated cluster, with explanations.
//! * [`explain`]: those explanations as data ([`Fact`], [`Verdict`]) and the sentences they read as.
//! * [`tools`]: `dig`, `nslookup` and `host`, each run against a [`DnsServer`].

pub mod corefile;
pub mod explain;
pub mod message;
pub mod name;
pub mod resolv;
pub mod resolver;
pub mod rr;
pub mod server;
pub mod text;
pub mod tools;

pub use explain::{
    EndpointFact, Explanation, Fact, NxReason, ServiceFact, ServiceKind, Step, Verdict,
};
pub use message::{Edns, Flags, Message, OpCode, Query, ResponseCode};
pub use name::{Name, NameError};
pub use resolv::{Attempt, ResolvConf};
pub use rr::{DnsClass, RData, Record, RecordType};
pub use server::DnsServer;
pub use tools::{run_command, RunEnv, ToolRun};
