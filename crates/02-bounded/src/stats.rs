//! What a run counts: per thread while it runs, and summed into a [`Summary`] at the end.
//! The producers count now too ([`ProducerStats`]); a consumer's count is pass 01's.

use std::time::Duration;

/// What one producer did; returned by its thread when it finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProducerStats {
    /// Tasks it sent.
    pub created: u64,
    /// Sends that found the queue full and had to wait.
    pub blocked: u64,
}

pub use basic::stats::ConsumerStats;

/// The outcome of a whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// What each producer did, indexed by producer number.
    pub per_producer: Vec<ProducerStats>,
    /// Tasks processed, per consumer, indexed by consumer number.
    pub per_consumer: Vec<ConsumerStats>,
    /// From just before the first thread started to just after the last was joined.
    pub elapsed: Duration,
}

impl Summary {
    /// Tasks sent by all producers.
    pub fn created(&self) -> u64 {
        self.per_producer.iter().map(|p| p.created).sum()
    }

    /// Sends, over all producers, that had to wait for room.
    pub fn blocked(&self) -> u64 {
        self.per_producer.iter().map(|p| p.blocked).sum()
    }

    /// Tasks processed by all consumers.
    pub fn processed(&self) -> u64 {
        self.per_consumer.iter().map(|c| c.processed).sum()
    }

    /// Sum of every task's result: the same for a given seed whichever consumer ran
    /// which task, because addition does not care about order.
    pub fn result_sum(&self) -> u64 {
        self.per_consumer
            .iter()
            .fold(0, |sum, c| sum.wrapping_add(c.result_sum))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_adds_up_its_consumers() {
        let summary = Summary {
            per_producer: vec![ProducerStats::default()],
            per_consumer: vec![
                ConsumerStats {
                    processed: 30,
                    result_sum: 2,
                },
                ConsumerStats {
                    processed: 70,
                    result_sum: u64::MAX,
                },
            ],
            elapsed: Duration::from_secs(4),
        };
        assert_eq!(summary.processed(), 100);
        assert_eq!(summary.result_sum(), 1, "the sum wraps");
    }
}
