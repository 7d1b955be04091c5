//! A task: what travels through the channel, and the work a consumer does with it.
//!
//! Since pass 02: a task also carries its simulated cost (`--work-ms`), drawn from
//! the same seeded generator *after* the payload, so the payloads, and so the result
//! sum, are the same as pass 01's for the same seed.
//!
//! Everything about a task is a pure function of the run's seed and the task's id, never
//! of which thread made it or ran it. That is what lets one `--seed` replay a run, and
//! what makes the run's result (the sum of every task's result) the same under every
//! interleaving.

use std::thread;
use std::time::Duration;

use rand::{Rng, RngExt};

use plumbing::WorkRange;
use plumbing::{collatz_steps, task_rng};

/// One unit of work. Small and `Copy`: sending it moves 32 bytes, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// Unique in the run; see [`plumbing::task_id`] for how ids are laid out.
    pub id: u64,
    /// The input the work is done on, drawn from the seed and the id.
    pub payload: u64,
    /// How long processing takes (simulated), drawn from the seed and the id.
    pub cost: Duration,
}

impl Task {
    /// The task with this id in a run seeded with `seed`, costing a draw from `work`.
    pub fn new(seed: u64, id: u64, work: WorkRange) -> Self {
        let mut rng = task_rng(seed, id);
        let payload = rng.random_range(1..=1_000_000);
        let cost = work.pick(rng.next_u64());
        Self { id, payload, cost }
    }

    /// Does the task's work and returns its result.
    ///
    /// The work stands in for anything a real consumer does: here, counting the steps
    /// of the Collatz sequence from the payload down to 1 (a few hundred at most for
    /// payloads up to a million, whose sequences stay far below `u64::MAX`), after
    /// sleeping for the task's simulated cost.
    pub fn process(&self) -> u64 {
        if !self.cost.is_zero() {
            thread::sleep(self.cost);
        }
        self.compute()
    }

    /// The work itself, without the simulated cost: what [`process`](Self::process)
    /// does once the cost is spent. For a consumer that spends the cost its own way
    /// (pass 03 spends it where a shutdown can cut it short).
    pub fn compute(&self) -> u64 {
        collatz_steps(self.payload)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn processing_takes_at_least_the_simulated_cost() {
        // A lower bound only: `sleep` never returns early, so this cannot flake.
        let task = Task {
            id: 0,
            payload: 27,
            cost: Duration::from_millis(20),
        };
        let started = Instant::now();
        assert_eq!(task.process(), 111, "27 takes 111 Collatz steps");
        assert!(started.elapsed() >= task.cost);
    }

    #[test]
    fn a_task_depends_only_on_seed_and_id() {
        let work = WorkRange {
            min_ms: 0,
            max_ms: 1000,
        };
        assert_eq!(Task::new(7, 123, work), Task::new(7, 123, work));
        assert_ne!(
            Task::new(7, 123, work).payload,
            Task::new(8, 123, work).payload
        );
        assert_ne!(
            Task::new(7, 123, work).payload,
            Task::new(7, 124, work).payload
        );
        assert_ne!(Task::new(7, 123, work).cost, Task::new(7, 124, work).cost);
    }

    /// The cost is drawn after the payload, so the payloads (and the result sum) are
    /// pass 01's, whose test checks their spread.
    #[test]
    fn payloads_are_pass_01s() {
        let work = WorkRange {
            min_ms: 10,
            max_ms: 20,
        };
        for id in 0..1_000 {
            let payload = basic::task::Task::new(42, id).payload;
            assert_eq!(Task::new(42, id, work).payload, payload, "task {id}");
        }
    }

    #[test]
    fn processing_counts_collatz_steps() {
        let task = |payload| Task {
            id: 0,
            payload,
            cost: Duration::ZERO,
        };
        assert_eq!(task(1).process(), 0);
        assert_eq!(task(6).process(), 8);
        assert_eq!(task(27).process(), 111);
    }
}
