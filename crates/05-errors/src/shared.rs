//! What every worker of a run shares, borrowed from `run` (the threads are scoped).

use std::sync::atomic::AtomicU64;

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
    /// Tasks that reached an outcome in a consumer so far, for `--stop-after`
    /// (counted by [`Shared::reached_limit`]).
    pub processed: &'a AtomicU64,
    /// Told about every task the channel drops unopened (see `parcel`).
    pub lost: OnLost<'a>,
}

impl<W> Shared<'_, W> {
    /// Counts a task that reached its outcome; `true` if it was the `--stop-after`-th,
    /// so the caller reports the limit (exactly one caller ever sees `true`).
    pub fn reached_limit(&self) -> bool {
        shutdown::shared::reached_limit(self.config.stop_after, self.processed)
    }
}
