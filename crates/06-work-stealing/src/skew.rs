//! The skew: some tasks are heavy, and which ones is a property of the task.
//!
//! A task is heavy when it falls in a heavy stretch of its producer's tasks: the second
//! 32 of every 128 (its tasks 32–63, 160–191, …). So heavy tasks arrive in bursts, as
//! a run of large orders would, and a consumer that takes a batch during a burst takes
//! many of them at once: the imbalance that batching invites and stealing repairs.
//! Which tasks are heavy depends only on the task's id (and the run's `--tasks`, which
//! lays the ids out), never on who took it or when, so a run replays.
//!
//! A heavy task costs `--heavy-ms` in place of the cost pass 05 drew for it; nothing
//! else about it changes (its payload, its fate), so the result sum is pass 05's.

use std::time::Duration;

use errors::task::Task;
use plumbing::id_block;

/// Tasks in a stretch: a burst is this many consecutive tasks of one producer.
pub const STRETCH: u64 = 32;

/// Which tasks are heavy, and what they cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skew {
    /// A heavy task's cost; zero turns the skew off.
    pub heavy: Duration,
    /// The size of a producer's block of ids, to find a task's place in its producer's
    /// sequence.
    block: u64,
}

impl Skew {
    /// The skew of a run whose producers make `tasks_per_producer` tasks each.
    pub fn new(heavy_ms: u64, tasks_per_producer: u64) -> Self {
        Self {
            heavy: Duration::from_millis(heavy_ms),
            block: id_block(tasks_per_producer),
        }
    }

    /// Whether task `id` is in a heavy stretch (whatever `heavy` is).
    pub fn is_heavy(&self, id: u64) -> bool {
        let seq = id % self.block;
        (seq / STRETCH) % 4 == 1
    }

    /// `task` as this run has it: with the heavy cost if it is heavy.
    pub fn apply(&self, task: Task) -> Task {
        if self.heavy.is_zero() || !self.is_heavy(task.id) {
            return task;
        }
        Task {
            cost: self.heavy,
            ..task
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_stretch_of_every_four_is_heavy() {
        let skew = Skew::new(20, 50);
        let heavy: Vec<u64> = (0..128).filter(|&id| skew.is_heavy(id)).collect();
        assert_eq!(heavy, (32..64).collect::<Vec<_>>());
        // Producer 1's tasks start at 100 (blocks of 100 for 50 tasks each).
        assert!(!skew.is_heavy(131) && skew.is_heavy(132) && skew.is_heavy(149));
    }

    #[test]
    fn only_the_cost_changes() {
        let task = Task {
            id: 40,
            payload: 7,
            cost: Duration::from_millis(2),
            failing: 1,
            panics: false,
        };
        let heavy = Skew::new(20, 50).apply(task);
        assert_eq!(heavy.cost, Duration::from_millis(20));
        assert_eq!((heavy.payload, heavy.failing), (7, 1));
        assert_eq!(Skew::new(0, 50).apply(task), task);
        assert_eq!(
            Skew::new(20, 50).apply(Task { id: 3, ..task }).cost,
            task.cost
        );
    }
}
