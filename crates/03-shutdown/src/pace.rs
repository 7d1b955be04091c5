//! `--rate`: a producer's pace, as a schedule rather than a sleep per task.

use std::time::{Duration, Instant};

use crate::shutdown::Shutdown;

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
        if self.rate == 0 {
            return Duration::ZERO;
        }
        // seq ≤ 10^8 and 10^9 ns per second: the product fits in a u64.
        Duration::from_nanos(seq.saturating_mul(1_000_000_000) / self.rate)
    }

    /// Waits until task `seq` is due, unless shutdown begins first; returns whether
    /// the run is still running. Without a rate it only checks the phase: one atomic
    /// load, no lock, so a fast producer pays almost nothing for being stoppable.
    pub fn wait_for(&self, seq: u64, shutdown: &Shutdown) -> bool {
        if self.rate == 0 {
            return shutdown.is_running();
        }
        shutdown.sleep_until(self.start + self.due(seq))
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
    fn a_paced_producer_waits_until_its_task_is_due() {
        // A lower bound only: a sleep never returns early, so this cannot flake.
        let (pace, shutdown) = (Pace::new(100), Shutdown::default());
        let started = Instant::now();
        assert!(pace.wait_for(5, &shutdown), "still running");
        assert!(started.elapsed() >= Duration::from_millis(50));
    }
}
