//! What a run counts: pass 03's counts, and the tasks the overflow policy dropped.

pub use shutdown::stats::ConsumerStats;

/// What one producer did; returned by its thread when it finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProducerStats {
    /// Tasks created and blocked puts, as pass 03 counts them.
    pub base: shutdown::ProducerStats,
    /// Tasks its puts left out: refused, or shed to make room (possibly another
    /// producer's task).
    pub dropped: u64,
}

/// The outcome of a whole run: pass 03's summary, and the drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Pass 03's counts.
    pub base: shutdown::Summary,
    /// Tasks the overflow policy dropped, each reported by id.
    pub dropped: u64,
}

impl std::ops::Deref for Summary {
    type Target = shutdown::Summary;

    fn deref(&self) -> &shutdown::Summary {
        &self.base
    }
}

impl Summary {
    /// The invariant of this pass: every task created was processed, reported not
    /// processed, or dropped, exactly once.
    pub fn accounting_holds(&self) -> bool {
        self.created() == self.processed() + self.not_processed().len() as u64 + self.dropped
    }

    /// Pass 03's exit status: dropped tasks do not change it, since the policy
    /// dropped them as asked.
    pub fn exit_code(&self) -> u8 {
        self.base.exit_code()
    }
}

impl shutdown::cli::ExitStatus for Summary {
    fn exit_status(&self) -> u8 {
        self.exit_code()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn drops_are_part_of_the_accounting() {
        let base = shutdown::Summary {
            per_producer: vec![shutdown::ProducerStats {
                created: 10,
                blocked: 0,
            }],
            per_consumer: vec![ConsumerStats {
                processed: 6,
                result_sum: 0,
                not_processed: vec![3],
            }],
            elapsed: Duration::from_secs(1),
            trigger: None,
        };
        let summary = Summary { base, dropped: 3 };
        assert!(summary.accounting_holds());
        assert_eq!(summary.exit_code(), 3);
        assert!(
            !Summary {
                dropped: 2,
                ..summary
            }
            .accounting_holds()
        );
    }
}
