//! The Kafka model: brokers on a StatefulSet, topics placed on them, and a producer finding each
//! partition's leader through cluster DNS. Pure Rust, no browser code, tested natively.
//!
//! * [`partitioner`]: `murmur2`, `toPositive` and sticky partitioning
//!   (`clients/src/main/java/org/apache/kafka/common/utils/Utils.java`, `BuiltInPartitioner.java`);
//! * [`placement`]: replica placement (`server-common/src/main/java/org/apache/kafka/admin/AdminUtils.java`);
//! * [`cluster`]: [`KafkaCluster`], brokers from pods, advertised listeners, leaders, ISR, controller;
//! * [`plan`]: [`RoutingPlan`], the client's journey as timed events (`Sender.java`, `NetworkClient.java`);
//! * [`consume`]: [`ConsumePlan`], a consumer's Fetch from one partition (`AbstractFetch.java`, `ConsumerConfig.java`);
//! * [`errors`]: Kafka error codes (`clients/src/main/java/org/apache/kafka/common/protocol/Errors.java`);
//! * [`rng`]: the seeded SplitMix64 behind every random choice.

pub mod cluster;
pub mod consume;
pub mod errors;
pub mod partitioner;
pub mod placement;
pub mod plan;
pub mod rng;

pub use cluster::{
    statefulsets, Broker, BuildError, HostPort, KafkaCluster, Listeners, PartitionState, Topic,
    TopicSpec, KAFKA_PORT,
};
pub use consume::{ConsumeEvent, ConsumeKind, ConsumePlan, ConsumeSpec, ConsumeSummary, LogRecord};
pub use errors::KafkaError;
pub use partitioner::{murmur2, partition_for_key, to_positive, StickyPartitioner};
pub use placement::{assign_replicas, Placement, PlacementError};
pub use plan::{
    Actor, BrokerFailure, Event, EventKind, Outcome, PartitionMeta, ProduceSpec, RecordResult,
    RoutingPlan, Summary,
};
pub use rng::{derive_seed, SplitMix64};
