//! `--rate`: a producer's pace, as a schedule rather than a sleep per task.

use std::thread;
use std::time::{Duration, Instant};

/// When each of a producer's tasks is due: task `k` at `start + k / rate`.
///
/// Sleeping until a deadline rather than sleeping a fixed interval after each task
/// keeps the rate right on average: time spent creating, printing or blocked on a
/// full queue is not added on top, and a producer that fell behind catches up.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    start: Instant,
    /// Tasks per second; 0 means no pacing at all.
    rate: u64,
}

impl Pace {
    /// A schedule of `rate` tasks per second starting now (0: as fast as possible).
    pub fn new(rate: u64) -> Self {
        Self {
            start: Instant::now(),
            rate,
        }
    }

    /// How long after the start task `seq` is due.
    pub fn due(&self, seq: u64) -> Duration {
        // exercise 2: when task `seq` is due, at `rate` tasks per second
        // hint: task `k` is due `k / rate` seconds after the start; a rate of 0 means every task is due at once.
        // hint: compute in nanoseconds, multiplying before dividing, so no precision is lost.
        if self.rate == 0 {
            return Duration::ZERO;
        }
        // seq ≤ 10^8 and 10^9 ns per second: the product fits in a u64.
        Duration::from_nanos(seq.saturating_mul(1_000_000_000) / self.rate)
        // end of exercise 2
    }

    /// When task `seq` is due; `None` without a rate (no task waits).
    pub fn due_at(&self, seq: u64) -> Option<Instant> {
        (self.rate != 0).then(|| self.start + self.due(seq))
    }

    /// Sleeps until task `seq` is due (returns at once if it already is).
    pub fn wait_for(&self, seq: u64) {
        let Some(due) = self.due_at(seq) else { return };
        let now = Instant::now();
        if due > now {
            thread::sleep(due - now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_are_due_evenly() {
        let pace = Pace::new(4);
        assert_eq!(pace.due(0), Duration::ZERO);
        assert_eq!(pace.due(1), Duration::from_millis(250));
        assert_eq!(pace.due(8), Duration::from_secs(2));
        assert_eq!(Pace::new(0).due(1_000_000), Duration::ZERO);
    }

    #[test]
    fn without_a_rate_no_task_is_due_later() {
        let pace = Pace::new(4);
        assert_eq!(
            pace.due_at(2),
            Some(pace.start + Duration::from_millis(500))
        );
        assert_eq!(Pace::new(0).due_at(2), None);
    }
}
