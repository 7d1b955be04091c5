//! What a run counts: per consumer while it runs, and summed into a [`Summary`] at the end.

/// What one consumer did; returned by its thread when it finishes, so no counter of it
/// is shared between threads (the live counters of pass 04 on are kept apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsumerStats {
    /// Tasks this consumer processed.
    pub processed: u64,
    /// Sum of the results of those tasks (wrapping).
    pub result_sum: u64,
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
    /// Tasks sent by all producers.
    pub created: u64,
    /// Tasks processed, per consumer, indexed by consumer number.
    pub per_consumer: Vec<ConsumerStats>,
}

impl Summary {
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
