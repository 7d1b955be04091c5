//! What every worker of a run shares, borrowed from `run` (the threads are scoped).

use std::sync::atomic::{AtomicU64, Ordering};

use plumbing::Log;

use crate::Config;
use crate::control::Control;
use crate::gauge::Gauge;
use crate::shutdown::Shutdown;

/// The run's shared state, as seen by a producer or a consumer.
pub struct Shared<'a, W> {
    /// The run's flags.
    pub config: &'a Config,
    /// Counts tasks in and out of the queue.
    pub gauge: &'a Gauge,
    /// The transcript.
    pub log: &'a Log<W>,
    /// The phase: workers check it between tasks.
    pub shutdown: &'a Shutdown,
    /// Where a consumer reports that `--stop-after` was reached.
    pub control: &'a Control,
    /// Tasks processed so far, for `--stop-after` (counted by [`reached_limit`]).
    pub processed: &'a AtomicU64,
}

/// Counts one processed task toward `--stop-after` (nothing is counted without it);
/// `true` for exactly the call whose task is the `stop_after`-th, so that one caller
/// reports the limit: no call before it, and none after.
///
/// `Relaxed` is enough: the only question asked of `processed` is "was *my* increment
/// the N-th?", and `fetch_add` hands each increment a distinct previous value whatever
/// the ordering.
pub fn reached_limit(stop_after: Option<u64>, processed: &AtomicU64) -> bool {
    stop_after.is_some_and(|limit| processed.fetch_add(1, Ordering::Relaxed) + 1 == limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exactly the N-th call reports the limit: not one earlier, not one later, and no
    /// other after it. (A run's transcript cannot tell: other consumers may finish a
    /// task between the N-th one and the announcement.)
    #[test]
    fn only_the_nth_task_reaches_the_limit() {
        let processed = AtomicU64::new(0);
        let reached: Vec<bool> = (0..5).map(|_| reached_limit(Some(3), &processed)).collect();
        assert_eq!(reached, [false, false, true, false, false]);
    }

    /// Without `--stop-after` no call reports a limit.
    #[test]
    fn no_limit_is_never_reached() {
        let processed = AtomicU64::new(0);
        assert!((0..5).all(|_| !reached_limit(None, &processed)));
    }
}
