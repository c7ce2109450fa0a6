//! Animation timelines: what the diagrams draw, as plain data, tested natively.
//!
//! A [`Timeline`] is built once from its inputs (a console run and its cluster, later a Kafka
//! routing plan) and then only played: [`frame_at`] gives the picture at a virtual time, so going
//! back is asking for an earlier time. [`layout`] places the actors in a fixed view box. The UI
//! maps frames to SVG and knows nothing else; every random pick comes from the seeded generator in
//! [`crate::rng`], so the same inputs always give the same picture.
//!
//! * [`timeline`]: actors, timed steps with captions and manifest positions, chapters, frames;
//! * [`dns`]: the timeline of a `dig` / `nslookup` / `host` run;
//! * [`kafka`]: the timeline of a Kafka producer's routing plan, and its broker-column layout;
//! * [`layout`]: lanes and boxes for any cluster size;
//! * [`compare`]: the same query against the Service's other kind (ClusterIP ↔ headless).

pub mod compare;
pub mod dns;
pub mod kafka;
pub mod layout;
pub mod timeline;

pub use dns::{dns_timeline, DnsInput};
pub use kafka::{
    kafka_anim, kafka_layout, kafka_layout_narrow, kafka_timeline, KafkaAnim, KafkaGeometry,
};
pub use layout::{layout, layout_narrow, Geometry};
pub use timeline::{frame_at, Actor, ActorKind, Frame, Outcome, TStep, Timeline, What};
