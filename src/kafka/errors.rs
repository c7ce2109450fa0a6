//! Kafka protocol error codes the model can produce, with their real numbers.
//!
//! Follows `clients/src/main/java/org/apache/kafka/common/protocol/Errors.java`. The four that matter
//! for routing are all retriable: the producer refreshes its metadata and tries again while
//! `delivery.timeout.ms` allows (`clients/src/main/java/org/apache/kafka/clients/producer/internals/Sender.java`).

use std::fmt;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KafkaError {
    /// 3: the broker does not know this topic or partition.
    UnknownTopicOrPartition,
    /// 5: the partition has no leader at the moment (an election is under way or every replica is down).
    LeaderNotAvailable,
    /// 6: the broker that got the request is not the partition's leader.
    NotLeaderOrFollower,
    /// 19: `acks=all` and the ISR is smaller than `min.insync.replicas`.
    NotEnoughReplicas,
    /// 74: the request carried an older leader epoch than the broker's.
    FencedLeaderEpoch,
}

impl KafkaError {
    /// The number on the wire.
    pub fn code(self) -> i16 {
        match self {
            KafkaError::UnknownTopicOrPartition => 3,
            KafkaError::LeaderNotAvailable => 5,
            KafkaError::NotLeaderOrFollower => 6,
            KafkaError::NotEnoughReplicas => 19,
            KafkaError::FencedLeaderEpoch => 74,
        }
    }

    /// The constant's name in `Errors.java`.
    pub fn name(self) -> &'static str {
        match self {
            KafkaError::UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            KafkaError::LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            KafkaError::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            KafkaError::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            KafkaError::FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
        }
    }

    /// Every one of these makes the producer retry (they are all `RetriableException`s in Kafka).
    pub fn retriable(self) -> bool {
        true
    }

    pub fn from_code(code: i16) -> Option<KafkaError> {
        [
            KafkaError::UnknownTopicOrPartition,
            KafkaError::LeaderNotAvailable,
            KafkaError::NotLeaderOrFollower,
            KafkaError::NotEnoughReplicas,
            KafkaError::FencedLeaderEpoch,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }
}

impl fmt::Display for KafkaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (error {})", self.name(), self.code())
    }
}

impl Serialize for KafkaError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
