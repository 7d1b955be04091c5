//! A task: what travels through the channel, and the work a consumer does with it.
//!
//! New in this pass: a task also carries its simulated cost (`--work-ms`), drawn from
//! the same seeded generator *after* the payload, so the payloads, and so the result
//! sum, are the same as pass 01's for the same seed.
//!
//! Everything about a task is a pure function of the run's seed and the task's id, never
//! of which thread made it or ran it. That is what lets one `--seed` replay a run, and
//! what makes the run's result (the sum of every task's result) the same under every
//! interleaving.

use std::thread;
use std::time::Duration;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

use crate::config::WorkRange;

/// One unit of work. Small and `Copy`: sending it moves 32 bytes, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// Unique in the run; see [`task_id`] for how ids are laid out.
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
        let (mut n, mut steps) = (self.payload, 0);
        while n > 1 {
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
            steps += 1;
        }
        steps
    }
}

/// The random generator of one task: seeded by the pair (run seed, task id).
///
/// The pair is folded into one `u64` (multiplying by an odd constant is a bijection,
/// so distinct ids give distinct seeds), which `seed_from_u64` spreads over the whole
/// state; seeding the state with the raw pair instead leaves it mostly zeros, and
/// xoshiro's first outputs from such a state are all tiny. A named algorithm rather
/// than `SmallRng`, whose algorithm may change between `rand` releases.
pub fn task_rng(seed: u64, id: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The id of the `seq`-th task (from 0) of producer `producer`.
///
/// Each producer owns a block of ids: producer 0 makes 0, 1, 2…, producer 1 starts at
/// the block size, and so on, as in the seed transcript (`Producer 1 created task 100`).
/// Ids are unique, and a task's producer can be read back from its id.
pub fn task_id(producer: u32, seq: u64, tasks_per_producer: u64) -> u64 {
    u64::from(producer) * id_block(tasks_per_producer) + seq
}

/// Size of a producer's block of ids: the smallest power of ten that is at least 100
/// and at least `tasks_per_producer`, so ids stay readable in decimal.
pub fn id_block(tasks_per_producer: u64) -> u64 {
    let mut block = 100;
    while block < tasks_per_producer {
        block *= 10;
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_seed_transcript() {
        assert_eq!(task_id(0, 0, 50), 0);
        assert_eq!(task_id(1, 0, 50), 100);
        assert_eq!(task_id(2, 49, 50), 249);
    }

    #[test]
    fn id_blocks_never_overlap() {
        for tasks in [1, 99, 100, 101, 1_000, 1_001, 100_000_000] {
            let block = id_block(tasks);
            assert!(block >= tasks && block >= 100);
            assert!(task_id(0, tasks - 1, tasks) < task_id(1, 0, tasks));
        }
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

    #[test]
    fn payloads_spread_over_their_range() {
        let payloads: Vec<u64> = (0..1_000)
            .map(|id| Task::new(42, id, WorkRange::NONE).payload)
            .collect();
        assert!(payloads.iter().all(|p| (1..=1_000_000).contains(p)));
        let low = payloads.iter().filter(|&&p| p <= 500_000).count();
        assert!(
            (400..=600).contains(&low),
            "{low} of 1000 payloads in the lower half"
        );
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
