//! The producer's default partitioner: murmur2 over the key bytes for keyed records, sticky
//! partitioning for records without a key.
//!
//! Follows `clients/src/main/java/org/apache/kafka/common/utils/Utils.java` (`murmur2`, `toPositive`)
//! and `clients/src/main/java/org/apache/kafka/clients/producer/internals/BuiltInPartitioner.java`
//! (`partitionForKey`, and the uniform sticky behaviour of KIP-794 for null keys).
//!
//! * A keyed record goes to `toPositive(murmur2(key)) % numPartitions`, counting **every** partition of
//!   the topic, whether or not it has a leader right now.
//! * A record with a null key sticks to one partition until `batch.size` bytes have gone to it, then
//!   the partitioner moves on to another one. Kafka draws the next partition at random (weighted by
//!   queue length); we draw uniformly among partitions that have a leader, from the seeded generator.

use super::rng::SplitMix64;

/// Kafka's `Utils.murmur2`: MurmurHash2, 32-bit, seed `0x9747b28c`, as Java computes it on `int`s.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let len = data.len();
    // Java takes the length as an int; keys beyond 2 GiB do not occur here, so truncation is moot.
    let mut h: u32 = SEED ^ (len as u32);
    let mut blocks = data.chunks_exact(4);
    for b in &mut blocks {
        let mut k = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = blocks.remainder();
    // The Java switch falls through from case 3 to case 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive`: clear the sign bit (not `abs`, which would keep `i32::MIN` negative).
pub fn to_positive(x: i32) -> i32 {
    x & 0x7fff_ffff
}

/// The partition a keyed record goes to, or `None` when the topic has no partitions.
pub fn partition_for_key(key: &[u8], num_partitions: i32) -> Option<i32> {
    (num_partitions > 0).then(|| to_positive(murmur2(key)) % num_partitions)
}

/// Sticky partitioning for records without a key: one partition per batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyPartitioner {
    /// `batch.size` (16384 by default): bytes sent to one partition before it switches.
    pub batch_size: u32,
    current: Option<i32>,
    bytes_in_batch: u32,
}

impl Default for StickyPartitioner {
    fn default() -> Self {
        StickyPartitioner::new(16_384)
    }
}

impl StickyPartitioner {
    pub fn new(batch_size: u32) -> Self {
        StickyPartitioner {
            batch_size: batch_size.max(1),
            current: None,
            bytes_in_batch: 0,
        }
    }

    /// The partition for the next null-key record of `record_bytes`. `available` lists the partitions
    /// that have a leader; when it is empty every partition in `0..num_partitions` is a candidate.
    pub fn partition(
        &mut self,
        rng: &mut SplitMix64,
        num_partitions: i32,
        available: &[i32],
        record_bytes: u32,
    ) -> Option<i32> {
        if num_partitions <= 0 {
            return None;
        }
        let stale = match self.current {
            None => true,
            Some(p) => p >= num_partitions || self.bytes_in_batch >= self.batch_size,
        };
        if stale {
            let pick = if available.is_empty() {
                rng.below(num_partitions as usize) as i32
            } else {
                available[rng.below(available.len())]
            };
            self.current = Some(pick);
            self.bytes_in_batch = 0;
        }
        self.bytes_in_batch = self.bytes_in_batch.saturating_add(record_bytes);
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur2_spot_checks() {
        assert_eq!(murmur2(b"21"), -973_932_308);
        assert_eq!(murmur2(b""), murmur2(&[]));
        assert_eq!(partition_for_key(b"foobar", 3), Some(0));
    }
}
