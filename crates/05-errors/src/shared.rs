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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    /// Exactly the N-th outcome reports the limit: not one earlier, not one later,
    /// and no other after it. (A run's transcript cannot tell: other consumers may
    /// finish a task between the N-th outcome and the announcement.)
    #[test]
    fn only_the_nth_outcome_reaches_the_limit() {
        let config = Config::parse_from(["05", "--stop-after", "3"]);
        let log = Log::new(std::io::sink(), true);
        let (gauge, metrics) = (Gauge::new(config.bound()), Metrics::new(1, 1));
        let (shutdown, control, processed) =
            (Shutdown::default(), Control::default(), AtomicU64::new(0));
        let shared = Shared {
            config: &config,
            gauge: &gauge,
            log: &log,
            shutdown: &shutdown,
            control: &control,
            metrics: &metrics,
            processed: &processed,
            lost: &|task| panic!("the channel lost task {}", task.id),
        };
        let reached: Vec<bool> = (0..5).map(|_| shared.reached_limit()).collect();
        assert_eq!(reached, [false, false, true, false, false]);
    }
}
