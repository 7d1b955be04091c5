//! What a run counts: per thread while it runs, and summed into a [`Summary`] at the end.
//! A consumer now also lists the tasks it did not process; a producer's count is pass
//! 02's.

use std::time::Duration;

use crate::supervisor::Trigger;

pub use bounded::stats::ProducerStats;

/// What one consumer did; returned by its thread when it finishes, so no counter of it
/// is shared between threads (the live counters of pass 04 on are kept apart).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerStats {
    /// Tasks this consumer processed.
    pub processed: u64,
    /// Sum of the results of those tasks (wrapping).
    pub result_sum: u64,
    /// Tasks it received after an immediate shutdown began, and did not process.
    pub not_processed: Vec<u64>,
}

impl ConsumerStats {
    /// Counts one processed task and its result.
    pub fn record(&mut self, result: u64) {
        self.processed += 1;
        self.result_sum = self.result_sum.wrapping_add(result);
    }
}

/// The outcome of a whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// What each producer did, indexed by producer number.
    pub per_producer: Vec<ProducerStats>,
    /// Tasks processed, per consumer, indexed by consumer number.
    pub per_consumer: Vec<ConsumerStats>,
    /// From just before the first thread started to just after the last was joined.
    pub elapsed: Duration,
    /// What stopped the run before its producers ran out of tasks, if anything.
    pub trigger: Option<Trigger>,
}

impl Summary {
    /// Tasks sent by all producers.
    pub fn created(&self) -> u64 {
        self.per_producer.iter().map(|p| p.created).sum()
    }

    /// Ids of the tasks that were sent but not processed (immediate shutdown), sorted.
    pub fn not_processed(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .per_consumer
            .iter()
            .flat_map(|c| c.not_processed.iter().copied())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The invariant of this pass: every task sent was processed or reported not
    /// processed, never both, never neither.
    pub fn accounting_holds(&self) -> bool {
        self.created() == self.processed() + self.not_processed().len() as u64
    }

    /// The process exit status this run calls for (see the crate docs' table):
    /// 3 if any task was left unprocessed, else 130 if a signal stopped the run,
    /// else 0.
    pub fn exit_code(&self) -> u8 {
        if self
            .per_consumer
            .iter()
            .any(|c| !c.not_processed.is_empty())
        {
            3
        } else if self.trigger == Some(Trigger::Signal) {
            130
        } else {
            0
        }
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

    fn summary() -> Summary {
        Summary {
            per_producer: vec![
                ProducerStats {
                    created: 60,
                    blocked: 2,
                },
                ProducerStats {
                    created: 45,
                    blocked: 3,
                },
            ],
            per_consumer: vec![
                ConsumerStats {
                    processed: 100,
                    result_sum: 0,
                    not_processed: vec![7, 9, 12, 30, 31],
                },
                ConsumerStats::default(),
            ],
            elapsed: Duration::from_secs(4),
            trigger: None,
        }
    }

    #[test]
    fn the_summary_counts_add_up() {
        let mut summary = summary();
        assert_eq!(summary.created(), 105);
        assert!(summary.accounting_holds());
        summary.per_consumer[1].processed = 1;
        assert!(!summary.accounting_holds(), "a task counted twice");
    }
}
