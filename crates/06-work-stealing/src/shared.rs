//! What every worker of a run shares, borrowed from `run` (the threads are scoped).

use std::sync::atomic::{AtomicU64, Ordering};

use plumbing::Log;

use crate::Config;
use crate::control::Control;
use crate::gauge::Gauge;
use crate::metrics::Metrics;
use crate::parcel::OnLost;
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
    /// Where workers report to the supervisor.
    pub control: &'a Control,
    /// The live counters the monitor reads.
    pub metrics: &'a Metrics,
    /// Tasks that reached an outcome in a consumer so far, for `--stop-after`.
    /// `Relaxed` is enough: the only question asked of it is "was *my* increment the
    /// N-th?", and `fetch_add` hands each increment a distinct previous value whatever
    /// the ordering.
    pub processed: &'a AtomicU64,
    /// Told about every task the channel drops unopened (see `parcel`).
    pub lost: OnLost<'a>,
}

impl<W> Shared<'_, W> {
    /// Counts a task that reached its outcome; `true` if it was the `--stop-after`-th,
    /// so the caller reports the limit (exactly one caller ever sees `true`).
    pub fn reached_limit(&self) -> bool {
        self.config
            .stop_after
            .is_some_and(|limit| self.processed.fetch_add(1, Ordering::Relaxed) + 1 == limit)
    }
}
