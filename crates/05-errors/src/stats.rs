//! What a run counts: per thread while it runs, and summed into a [`Summary`] at the end.
//!
//! Since pass 05: every way a task can end is counted by kind (succeeded,
//! dead-lettered, not processed, undelivered), along with the failures of the
//! workers, and [`Summary::accounting_holds`] states the invariant the grader checks on
//! every run: produced = succeeded + dead-lettered + not processed + undelivered.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::error::{ProducerFailure, TaskError};
use crate::supervisor::Trigger;

/// What one producer did. Kept by its guard (see `guard`), so it reaches the
/// supervisor even if the producer panics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProducerStats {
    /// Tasks it created (sent, or given back by a closed channel).
    pub created: u64,
    /// Sends that found the queue full and had to wait.
    pub blocked: u64,
    /// Tasks a closed channel gave back to it (`SendError`).
    pub undelivered: Vec<u64>,
}

/// A task given up on, with why: the dead-letter record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DeadLetter {
    /// The task's id.
    pub task: u64,
    /// Attempts it was given.
    pub attempts: u32,
    /// Why the last one failed (or why no more were made).
    pub reason: TaskError,
}

/// The dead-letter record: how many tasks were given up on, and the first
/// [`DeadLetters::KEPT`] of them by id. An endless run can dead-letter without end;
/// keeping every letter would grow memory (and the summary) with the run, so the
/// record keeps a fixed number and counts the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadLetters {
    /// Every letter recorded, kept or not.
    count: u64,
    /// The letters with the smallest ids. A `BTreeSet`, so dropping the largest when
    /// one too many is kept costs a log, and the letters come out sorted.
    kept: BTreeSet<DeadLetter>,
}

impl DeadLetters {
    /// How many letters the record lists at most.
    pub const KEPT: usize = 1000;

    /// Records `letter`.
    pub fn push(&mut self, letter: DeadLetter) {
        self.count += 1;
        self.keep(letter);
    }

    fn keep(&mut self, letter: DeadLetter) {
        self.kept.insert(letter);
        if self.kept.len() > Self::KEPT {
            self.kept.pop_last();
        }
    }

    /// Adds `other`'s letters to these.
    pub fn merge(&mut self, other: Self) {
        self.count += other.count;
        for letter in other.kept {
            self.keep(letter);
        }
    }

    /// Tasks given up on.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The letters kept, sorted by task id.
    pub fn listed(&self) -> impl Iterator<Item = &DeadLetter> {
        self.kept.iter()
    }

    /// Letters counted but not kept.
    pub fn omitted(&self) -> u64 {
        self.count - self.kept.len() as u64
    }
}

/// What one consumer did. Kept by its guard, so it reaches the supervisor even if the
/// consumer panics; a replacement's counts add to its predecessor's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerStats {
    /// Tasks that succeeded here.
    pub succeeded: u64,
    /// Sum of the results of those tasks (wrapping).
    pub result_sum: u64,
    /// Retries made (attempts after a task's first).
    pub retries: u64,
    /// Tasks given up on here.
    pub dead_letters: DeadLetters,
    /// Tasks received after an immediate shutdown began, and not processed.
    pub not_processed: Vec<u64>,
}

impl ConsumerStats {
    /// Counts one succeeded task and its result.
    pub fn record(&mut self, result: u64) {
        self.succeeded += 1;
        self.result_sum = self.result_sum.wrapping_add(result);
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: Self) {
        self.succeeded += other.succeeded;
        self.result_sum = self.result_sum.wrapping_add(other.result_sum);
        self.retries += other.retries;
        self.dead_letters.merge(other.dead_letters);
        self.not_processed.extend(other.not_processed);
    }
}

/// A producer that stopped before making its share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerFailed {
    /// The producer.
    pub producer: u32,
    /// Tasks it had created.
    pub created: u64,
    /// How it failed.
    pub failure: ProducerFailure,
}

/// A consumer that panicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsumerPanic {
    /// The consumer.
    pub consumer: u32,
    /// The task it had in hand, if any.
    pub task: Option<u64>,
    /// Whether a replacement took its place.
    pub replaced: bool,
}

/// The outcome of a whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// What each producer did, indexed by producer number.
    pub per_producer: Vec<ProducerStats>,
    /// What each consumer (with its replacements) did, indexed by consumer number.
    pub per_consumer: Vec<ConsumerStats>,
    /// Tasks no consumer was left to take: dropped in the channel when it closed
    /// (reported by their parcels), or still held by the consumers when they had all
    /// ended (see [`Consumers::leftovers`](crate::consumer::Consumers::leftovers)).
    pub lost_in_channel: Vec<u64>,
    /// Producers that failed.
    pub producer_failures: Vec<ProducerFailed>,
    /// Consumers that panicked.
    pub consumer_panics: Vec<ConsumerPanic>,
    /// From just before the first thread started to just after the last was joined.
    pub elapsed: Duration,
    /// What stopped the run before its producers ran out of tasks, if anything.
    pub trigger: Option<Trigger>,
}

impl Summary {
    /// Tasks created by all producers.
    pub fn created(&self) -> u64 {
        self.per_producer.iter().map(|p| p.created).sum()
    }

    /// Tasks that succeeded.
    pub fn succeeded(&self) -> u64 {
        self.per_consumer.iter().map(|c| c.succeeded).sum()
    }

    /// Retries made, over all consumers.
    pub fn retries(&self) -> u64 {
        self.per_consumer.iter().map(|c| c.retries).sum()
    }

    /// The dead-letter record of the whole run.
    pub fn dead_letters(&self) -> DeadLetters {
        let mut letters = DeadLetters::default();
        for consumer in &self.per_consumer {
            letters.merge(consumer.dead_letters.clone());
        }
        letters
    }

    /// Tasks that reached a final outcome in a consumer: succeeded or dead-lettered.
    pub fn processed(&self) -> u64 {
        self.succeeded() + self.dead_letters().count()
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

    /// Ids of the tasks that never reached a consumer because the channel closed:
    /// given back to their producer, or dropped in the channel. Sorted.
    pub fn undelivered(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .per_producer
            .iter()
            .flat_map(|p| p.undelivered.iter().copied())
            .chain(self.lost_in_channel.iter().copied())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The invariant of this pass: every task created has exactly one outcome.
    pub fn accounting_holds(&self) -> bool {
        self.created()
            == self.processed()
                + self.not_processed().len() as u64
                + self.undelivered().len() as u64
    }

    /// The process exit status this run calls for (see the crate docs' table):
    /// 3 if any task was left unprocessed or undelivered, else 130 if a signal stopped
    /// the run, else 0. Dead letters do not change it: they are handled failures,
    /// listed in the report.
    pub fn exit_code(&self) -> u8 {
        if !self.not_processed().is_empty() || !self.undelivered().is_empty() {
            3
        } else if self.trigger == Some(Trigger::Signal) {
            130
        } else {
            0
        }
    }

    /// Sum of the results of every task that succeeded: the same for a given seed
    /// whichever consumer ran which task, because addition does not care about order.
    pub fn result_sum(&self) -> u64 {
        self.per_consumer
            .iter()
            .fold(0, |sum, c| sum.wrapping_add(c.result_sum))
    }
}

impl ::shutdown::cli::ExitStatus for Summary {
    fn exit_status(&self) -> u8 {
        self.exit_code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(task: u64) -> DeadLetter {
        DeadLetter {
            task,
            attempts: 1,
            reason: TaskError::Simulated,
        }
    }

    #[test]
    fn the_record_keeps_the_first_letters_and_counts_them_all() {
        let (mut a, mut b) = (DeadLetters::default(), DeadLetters::default());
        for task in (0..3000).rev() {
            a.push(letter(task * 2));
            b.push(letter(task * 2 + 1));
        }
        a.merge(b);
        assert_eq!(a.count(), 6000);
        assert_eq!(a.omitted(), 5000);
        let listed: Vec<u64> = a.listed().map(|l| l.task).collect();
        assert_eq!(listed, (0..1000).collect::<Vec<_>>());
    }

    /// Six tasks, one of each outcome but success thrice: the accounting holds, and
    /// fails as soon as one task is counted twice.
    #[test]
    fn the_accounting_counts_every_outcome_once() {
        let mut consumer = ConsumerStats {
            succeeded: 3,
            not_processed: vec![4],
            ..ConsumerStats::default()
        };
        consumer.dead_letters.push(letter(3));
        let mut summary = Summary {
            per_producer: vec![ProducerStats {
                created: 6,
                blocked: 0,
                undelivered: vec![5],
            }],
            per_consumer: vec![consumer],
            lost_in_channel: Vec::new(),
            producer_failures: Vec::new(),
            consumer_panics: Vec::new(),
            elapsed: Duration::from_secs(1),
            trigger: None,
        };
        assert!(summary.accounting_holds());
        summary.lost_in_channel.push(5);
        assert!(!summary.accounting_holds(), "task 5 counted twice");
    }
}
