//! Replica placement: which brokers hold each partition's replicas, and in which order.
//!
//! Follows `server-common/src/main/java/org/apache/kafka/admin/AdminUtils.java`,
//! `assignReplicasToBrokersRackUnaware`: the first replica of partition `p` sits on broker index
//! `(p + startIndex) % n`; follower `j` sits `1 + (shift + j) % (n - 1)` places further on, where
//! `shift` starts at `nextReplicaShift` and grows by one each time `p` passes a multiple of `n`.
//! Broker ids are sorted first, as Kafka sorts them.
//!
//! Kafka draws `startIndex` and `nextReplicaShift` at random unless a fixed start index is given (then
//! both equal it). We take both explicitly, or derive them from a seed ([`Placement::seeded`]).
//!
//! This is the ZooKeeper-era placer, still used by `kafka-reassign-partitions --generate`. A KRaft
//! controller (the only mode in Kafka 4) places new topics with
//! `metadata/src/main/java/org/apache/kafka/metadata/placement/StripedReplicaPlacer.java` instead,
//! which shuffles brokers differently; the playground names the algorithm it uses and does not claim
//! to predict a KRaft cluster's layout.

use std::fmt;

use serde::Serialize;

use super::rng::SplitMix64;

/// The two numbers that fix a rack-unaware placement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub start_index: usize,
    pub next_replica_shift: usize,
}

impl Placement {
    /// Both numbers drawn in `0..brokers` from `rng`, start index first (Kafka's order of draws).
    pub fn seeded(rng: &mut SplitMix64, brokers: usize) -> Placement {
        let start_index = rng.below(brokers);
        let next_replica_shift = rng.below(brokers);
        Placement {
            start_index,
            next_replica_shift,
        }
    }

    /// What Kafka does with a fixed start index: the shift starts there too.
    pub fn fixed(start_index: usize) -> Placement {
        Placement {
            start_index,
            next_replica_shift: start_index,
        }
    }
}

/// Why a placement is impossible (Kafka's `InvalidPartitionsException` and
/// `InvalidReplicationFactorException`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementError {
    NoPartitions,
    NoReplicas,
    TooFewBrokers {
        replication_factor: i32,
        brokers: usize,
    },
}

impl fmt::Display for PlacementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlacementError::NoPartitions => {
                f.write_str("Number of partitions must be larger than 0.")
            }
            PlacementError::NoReplicas => f.write_str("Replication factor must be larger than 0."),
            PlacementError::TooFewBrokers {
                replication_factor,
                brokers,
            } => write!(
                f,
                "Replication factor: {replication_factor} larger than available brokers: {brokers}."
            ),
        }
    }
}

/// Replica lists for partitions `0..partitions`, each list in assignment order (its first entry is
/// the preferred leader).
pub fn assign_replicas(
    broker_ids: &[i32],
    partitions: i32,
    replication_factor: i32,
    placement: Placement,
) -> Result<Vec<Vec<i32>>, PlacementError> {
    if partitions <= 0 {
        return Err(PlacementError::NoPartitions);
    }
    if replication_factor <= 0 {
        return Err(PlacementError::NoReplicas);
    }
    let mut brokers = broker_ids.to_vec();
    crate::sort::sort(&mut brokers);
    brokers.dedup();
    let n = brokers.len();
    if replication_factor as usize > n {
        return Err(PlacementError::TooFewBrokers {
            replication_factor,
            brokers: n,
        });
    }
    let mut shift = placement.next_replica_shift;
    let mut out = Vec::with_capacity(partitions as usize);
    for p in 0..partitions as usize {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + placement.start_index) % n;
        let mut replicas = Vec::with_capacity(replication_factor as usize);
        replicas.push(brokers[first]);
        for j in 0..(replication_factor as usize - 1) {
            // n > 1 here: a follower exists only when replication_factor ≥ 2 ≤ n.
            let step = 1 + (shift + j) % (n - 1);
            replicas.push(brokers[(first + step) % n]);
        }
        out.push(replicas);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example() {
        let got = assign_replicas(&[0, 1, 2], 4, 3, Placement::fixed(0));
        assert_eq!(
            got,
            Ok(vec![
                vec![0, 1, 2],
                vec![1, 2, 0],
                vec![2, 0, 1],
                vec![0, 2, 1]
            ])
        );
    }
}
