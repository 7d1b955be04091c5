//! A task: what travels through the channel, and the work a consumer does with it.
//!
//! Since pass 05: a task also carries its fate, drawn from the same seeded
//! generator *after* the payload and the cost (so those stay pass 04's): how many of
//! its first attempts fail (`--fail-rate`), and whether the consumer running it panics
//! (`--panic-on-task`). Processing returns a [`TaskError`] for a failing attempt.
//!
//! Everything about a task is a pure function of the run's seed and the task's id, never
//! of which thread made it or ran it. That is what lets one `--seed` replay a run, and
//! what makes the run's result (the sum of every task's result) the same under every
//! interleaving.

use std::time::Duration;

use rand::{Rng, RngExt};

use plumbing::{Probability, WorkRange, collatz_steps, task_rng};

use crate::config::Config;
use crate::error::TaskError;
use crate::fault::failing_attempts;

/// One unit of work. Small and `Copy`: sending it moves 40 bytes, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// Unique in the run; see [`plumbing::task_id`] for how ids are laid out.
    pub id: u64,
    /// The input the work is done on, drawn from the seed and the id.
    pub payload: u64,
    /// How long processing takes (simulated), drawn from the seed and the id.
    pub cost: Duration,
    /// How many of its first attempts fail (simulated), drawn from the seed and the id.
    pub failing: u32,
    /// Whether its first attempt panics (`--panic-on-task`).
    pub panics: bool,
}

impl Task {
    /// The task with this id in a run configured by `config`: its payload and cost
    /// drawn as pass 04 draws them, then its fate.
    pub fn new(config: &Config, id: u64) -> Self {
        let fate = (config.failures.fail_rate, config.max_attempts());
        Self {
            panics: config.failures.panic_on_task.contains(&id),
            ..Self::draw(config.seed, id, &config.work_ms, fate)
        }
    }

    /// The task with this id drawn from `seed`: its payload, its cost from `work_ms`,
    /// and how many of its first attempts fail, at `fail_rate`, out of `max_attempts`;
    /// it does not panic. [`Task::new`] is this with a run's flags; a pass whose flags
    /// differ (pass 10's, whose attempts are deliveries) draws the same tasks with it.
    pub fn draw(
        seed: u64,
        id: u64,
        work_ms: &WorkRange,
        (fail_rate, max_attempts): (Probability, u32),
    ) -> Self {
        let mut rng = task_rng(seed, id);
        let payload = rng.random_range(1..=1_000_000);
        let cost = work_ms.pick(rng.next_u64());
        let failing = failing_attempts(&mut rng, fail_rate, max_attempts);
        Self {
            id,
            payload,
            cost,
            failing,
            panics: false,
        }
    }

    /// Does attempt `attempt` (from 1) at the task's work, once the consumer has spent
    /// its [`cost`](Self::cost) (on the shutdown token, as pass 03 does, so that an
    /// immediate stop can cut it short): its result, or why it failed.
    ///
    /// The work stands in for anything a real consumer does: here, counting the steps
    /// of the Collatz sequence from the payload down to 1 (a few hundred at most for
    /// payloads up to a million, whose sequences stay far below `u64::MAX`). An attempt
    /// the task's fate says fails returns [`TaskError::Simulated`] after doing the
    /// work, as a real failure would come after time spent.
    ///
    /// # Errors
    /// [`TaskError::Simulated`] for the first [`failing`](Self::failing) attempts.
    ///
    /// # Panics
    /// On its first attempt, if the task is set to panic (`--panic-on-task`): the
    /// consumer dies in the middle of the task, which is the point.
    pub fn process(&self, attempt: u32) -> Result<u64, TaskError> {
        let steps = collatz_steps(self.payload);
        if self.panics && attempt == 1 {
            panic!("simulated panic in the middle of task {}", self.id);
        }
        if attempt <= self.failing {
            return Err(TaskError::Simulated);
        }
        Ok(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Config {
        use clap::Parser;
        Config::parse_from(["05-errors"].iter().chain(args))
    }

    #[test]
    fn a_task_depends_only_on_seed_and_id() {
        let seven = config(&["--seed", "7", "--work-ms", "0..1000", "--fail-rate", "0.5"]);
        let eight = config(&["--seed", "8", "--work-ms", "0..1000", "--fail-rate", "0.5"]);
        assert_eq!(Task::new(&seven, 123), Task::new(&seven, 123));
        assert_ne!(
            Task::new(&seven, 123).payload,
            Task::new(&eight, 123).payload
        );
        assert_ne!(
            Task::new(&seven, 123).payload,
            Task::new(&seven, 124).payload
        );
        assert_ne!(Task::new(&seven, 123).cost, Task::new(&seven, 124).cost);
    }

    #[test]
    fn payloads_and_costs_are_pass_04s() {
        // The fate is drawn after them, so a seed's payloads (and its result sum) stay
        // those of the earlier passes whatever the failure flags.
        let plain = config(&["--fail-rate", "0"]);
        let failing = config(&["--fail-rate", "0.9", "--retries", "3"]);
        for id in 0..100 {
            let (a, b) = (Task::new(&plain, id), Task::new(&failing, id));
            assert_eq!((a.payload, a.cost), (b.payload, b.cost));
        }
    }

    /// The cost and the fate are drawn after the payload, so the payloads (and the
    /// result sum) are pass 01's, whose test checks their spread.
    #[test]
    fn payloads_are_pass_01s() {
        let config = config(&["--fail-rate", "0.5", "--work-ms", "10..20"]);
        for id in 0..1_000 {
            let payload = basic::task::Task::new(config.seed, id).payload;
            assert_eq!(Task::new(&config, id).payload, payload, "task {id}");
        }
    }

    fn task(payload: u64) -> Task {
        Task {
            id: 0,
            payload,
            cost: Duration::ZERO,
            failing: 0,
            panics: false,
        }
    }

    #[test]
    fn processing_counts_collatz_steps() {
        assert_eq!(task(1).process(1), Ok(0));
        assert_eq!(task(6).process(1), Ok(8));
        assert_eq!(task(27).process(1), Ok(111));
    }

    #[test]
    fn the_first_failing_attempts_fail() {
        let flaky = Task {
            failing: 2,
            ..task(6)
        };
        assert_eq!(flaky.process(1), Err(TaskError::Simulated));
        assert_eq!(flaky.process(2), Err(TaskError::Simulated));
        assert_eq!(flaky.process(3), Ok(8));
    }

    #[test]
    fn a_panicking_task_panics_on_its_first_attempt_only() {
        let doomed = Task {
            panics: true,
            ..task(6)
        };
        assert!(std::panic::catch_unwind(|| doomed.process(1)).is_err());
        assert_eq!(doomed.process(2), Ok(8));
    }
}
