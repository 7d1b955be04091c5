//! `--rate`: a producer's pace, as a schedule rather than a sleep per task.

use crate::shutdown::Shutdown;

/// Pass 02's schedule (task `k` due at `start + k / rate`), whose wait a shutdown
/// cuts short.
#[derive(Debug, Clone, Copy)]
pub struct Pace(bounded::pace::Pace);

impl Pace {
    /// A schedule of `rate` tasks per second starting now (0: as fast as possible).
    pub fn new(rate: u64) -> Self {
        Self(bounded::pace::Pace::new(rate))
    }

    /// Waits until task `seq` is due, unless shutdown begins first; returns whether
    /// the run is still running. Without a rate it only checks the phase: one atomic
    /// load, no lock, so a fast producer pays almost nothing for being stoppable.
    pub fn wait_for(&self, seq: u64, shutdown: &Shutdown) -> bool {
        match self.0.due_at(seq) {
            Some(due) => shutdown.sleep_until(due),
            None => shutdown.is_running(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shutdown::Phase;
    use std::time::{Duration, Instant};

    #[test]
    fn a_paced_producer_waits_until_its_task_is_due() {
        // A lower bound only: a sleep never returns early, so this cannot flake, as
        // long as the clock starts before the schedule does (a thread descheduled
        // between the two would otherwise see less than the schedule waited).
        let started = Instant::now();
        let (pace, shutdown) = (Pace::new(100), Shutdown::default());
        assert!(pace.wait_for(5, &shutdown), "still running");
        assert!(started.elapsed() >= Duration::from_millis(50));
    }

    #[test]
    fn a_shutdown_ends_the_wait() {
        let shutdown = Shutdown::default();
        shutdown.advance(Phase::Draining);
        // Due in 100 s: only the shutdown can end this wait before the test's limit.
        assert!(!Pace::new(1).wait_for(100, &shutdown));
        assert!(!Pace::new(0).wait_for(100, &shutdown));
    }
}
