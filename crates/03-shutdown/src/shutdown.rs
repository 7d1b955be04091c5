//! The shutdown token every worker watches: which phase the run is in.
//!
//! In the manner of mini-redis's `Shutdown`: one small named type instead of flags
//! scattered through loops. Workers only *read* it; the supervisor alone moves it
//! forward, Running → Draining → Stopping, and never back.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Where a run is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Producing and consuming.
    Running = 0,
    /// Graceful shutdown: producers stop; consumers finish every queued task.
    Draining = 1,
    /// Immediate shutdown: producers stop; consumers cut short the task in hand
    /// (reported as interrupted) and report every task they receive after that as
    /// not processed.
    Stopping = 2,
}

/// The phase, shared by every thread of a run.
#[derive(Debug)]
pub struct Shutdown {
    /// Read on every task by every worker, so it is an atomic: a load is a plain
    /// read on x86. `Acquire`/`Release` pair the supervisor's lines printed before a
    /// change with the workers' lines printed after they see it.
    phase: AtomicU8,
    /// Only for sleeping: a producer waiting for its next task's due time sleeps on
    /// `changed`, so a phase change wakes it at once instead of after the sleep.
    lock: Mutex<()>,
    changed: Condvar,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            phase: AtomicU8::new(Phase::Running as u8),
            lock: Mutex::new(()),
            changed: Condvar::new(),
        }
    }
}

impl Shutdown {
    /// The current phase.
    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Acquire) {
            0 => Phase::Running,
            1 => Phase::Draining,
            _ => Phase::Stopping,
        }
    }

    /// `true` until shutdown has begun.
    pub fn is_running(&self) -> bool {
        self.phase() == Phase::Running
    }

    /// Moves the run to `phase` (never back) and wakes every sleeper.
    pub fn advance(&self, phase: Phase) {
        // exercise 1: move the phase forward, never back, and wake every sleeper
        // hint: `fetch_max` on the atomic moves it forward only: Running < Draining < Stopping.
        // hint: change it while holding `lock`, the lock sleepers wait under, then `notify_all`: a sleeper between its check and its wait cannot miss the change.
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.phase.fetch_max(phase as u8, Ordering::AcqRel);
        self.changed.notify_all();
        // end of exercise 1
    }

    /// Sleeps until `deadline` unless shutdown begins first; returns whether the run
    /// is still running.
    pub fn sleep_until(&self, deadline: Instant) -> bool {
        self.sleep_until_before(deadline, Phase::Draining)
    }

    /// Sleeps until `deadline` unless the run reaches `phase` first; returns whether
    /// it is still short of `phase`. A wait that should outlast a graceful drain (a
    /// retry's backoff, say) sleeps until `Stopping`.
    pub fn sleep_until_before(&self, deadline: Instant, phase: Phase) -> bool {
        // exercise 2: sleep until `deadline`, or until the phase reaches `phase`
        // hint: take `lock`, then loop: while the phase is before `phase` and the deadline is ahead, `changed.wait_timeout` for what is left.
        // hint: `wait_timeout` can wake early (spuriously): the loop checks again. Return whether the phase is still before `phase`.
        let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        // The phase is checked under the lock that `advance` notifies under, so a
        // change cannot slip in between the check and the wait and be missed.
        while self.phase() < phase {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            guard = self
                .changed
                .wait_timeout(guard, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        self.phase() < phase
        // end of exercise 2
    }

    /// Spends a task's simulated `cost`, unless an immediate stop cuts it short;
    /// returns whether it was spent in full. Cancellation is cooperative: only the
    /// waiting can be cut short, so the work a task stands for must wait here (on
    /// `changed`), never in `thread::sleep`, for a stop to reach it within
    /// milliseconds whatever `--work-ms` says.
    pub fn spend(&self, cost: Duration) -> bool {
        // A free task takes no lock: the throughput runs have thousands per second.
        cost.is_zero() || self.sleep_until_before(Instant::now() + cost, Phase::Stopping)
    }
}

/// Moves every token it holds to `Stopping` when dropped: held by a run's thread scope,
/// so that when a thread fails to start and the scope is left early, the threads
/// already running (a producer with no task limit would never end) stop, and the
/// scope, which waits for all of them, can return.
pub struct StopOnExit<'a, const N: usize>(pub [&'a Shutdown; N]);

impl<const N: usize> Drop for StopOnExit<'_, N> {
    fn drop(&mut self) {
        for token in self.0 {
            token.advance(Phase::Stopping);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_phase_only_moves_forward() {
        let shutdown = Shutdown::default();
        assert_eq!(shutdown.phase(), Phase::Running);
        shutdown.advance(Phase::Stopping);
        shutdown.advance(Phase::Draining);
        assert_eq!(shutdown.phase(), Phase::Stopping);
    }

    #[test]
    fn a_sleeper_wakes_when_shutdown_begins() {
        let shutdown = Shutdown::default();
        let far = Instant::now() + Duration::from_secs(3600);
        thread::scope(|s| {
            let sleeper = s.spawn(|| shutdown.sleep_until(far));
            shutdown.advance(Phase::Draining);
            assert!(
                !sleeper.join().expect("no panic"),
                "woken, and told the run is over"
            );
        });
    }

    #[test]
    fn a_sleep_that_is_due_returns_running() {
        let shutdown = Shutdown::default();
        assert!(shutdown.sleep_until(Instant::now()));
    }

    #[test]
    fn an_immediate_stop_cuts_the_spending_of_a_cost_short() {
        let shutdown = Shutdown::default();
        assert!(shutdown.spend(Duration::ZERO));
        assert!(shutdown.spend(Duration::from_millis(1)));
        shutdown.advance(Phase::Draining);
        assert!(
            shutdown.spend(Duration::from_millis(1)),
            "a drain lets it finish"
        );
        thread::scope(|s| {
            let worker = s.spawn(|| shutdown.spend(Duration::from_secs(3600)));
            shutdown.advance(Phase::Stopping);
            assert!(!worker.join().expect("no panic"), "cut short");
        });
    }

    #[test]
    fn a_wait_until_stopping_outlasts_a_drain_but_not_a_stop() {
        let shutdown = Shutdown::default();
        shutdown.advance(Phase::Draining);
        assert!(shutdown.sleep_until_before(Instant::now(), Phase::Stopping));
        let far = Instant::now() + Duration::from_secs(3600);
        thread::scope(|s| {
            let sleeper = s.spawn(|| shutdown.sleep_until_before(far, Phase::Stopping));
            shutdown.advance(Phase::Stopping);
            assert!(!sleeper.join().expect("no panic"));
        });
    }
}
