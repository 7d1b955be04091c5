//! A task: what travels through the channel, and the work a consumer does with it.
//!
//! Everything about a task is a pure function of the run's seed and the task's id, never
//! of which thread made it or ran it. That is what lets one `--seed` replay a run, and
//! what makes the run's result (the sum of every task's result) the same under every
//! interleaving.

use plumbing::{collatz_steps, task_rng};
use rand::RngExt;

/// One unit of work. Small and `Copy`: sending it moves 16 bytes, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// Unique in the run; see [`plumbing::task_id`] for how ids are laid out.
    pub id: u64,
    /// The input the work is done on, drawn from the seed and the id.
    pub payload: u64,
}

impl Task {
    /// The task with this id in a run seeded with `seed`.
    pub fn new(seed: u64, id: u64) -> Self {
        Self {
            id,
            payload: task_rng(seed, id).random_range(1..=1_000_000),
        }
    }

    /// Does the task's work and returns its result.
    ///
    /// The work stands in for anything a real consumer does: here, counting the steps
    /// of the Collatz sequence from the payload down to 1.
    pub fn process(&self) -> u64 {
        collatz_steps(self.payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_depends_only_on_seed_and_id() {
        assert_eq!(Task::new(7, 123), Task::new(7, 123));
        assert_ne!(Task::new(7, 123).payload, Task::new(8, 123).payload);
        assert_ne!(Task::new(7, 123).payload, Task::new(7, 124).payload);
    }

    #[test]
    fn payloads_spread_over_their_range() {
        let payloads: Vec<u64> = (0..1_000).map(|id| Task::new(42, id).payload).collect();
        assert!(payloads.iter().all(|p| (1..=1_000_000).contains(p)));
        let low = payloads.iter().filter(|&&p| p <= 500_000).count();
        assert!(
            (400..=600).contains(&low),
            "{low} of 1000 payloads in the lower half"
        );
    }

    #[test]
    fn processing_counts_collatz_steps() {
        assert_eq!(Task { id: 0, payload: 1 }.process(), 0);
        assert_eq!(Task { id: 0, payload: 6 }.process(), 8);
        assert_eq!(Task { id: 0, payload: 27 }.process(), 111);
    }
}
