//! The monitor: a thread that prints a statistics block every interval, and warns
//! when the queue stays too full for too long.
//!
//! It reads the counters ([`Metrics::snapshot`]) and the queue gauge; it writes
//! nothing any other thread reads, so it can never slow the pipeline down except by
//! the lines it prints. Each block is written in one piece ([`Log::block`]), so no
//! other thread's line can land inside it.

use std::io::Write;
use std::thread::{Scope, ScopedJoinHandle};
use std::time::{Duration, Instant};

use plumbing::{Log, Panicked, SpawnError, count, join_all, spawn};

use crate::Config;
use crate::gauge::Gauge;
use crate::metrics::{Metrics, Snapshot};
use crate::shutdown::{Phase, Shutdown};

/// What the monitor reads.
pub struct Monitor<'a, W> {
    /// The counters.
    pub metrics: &'a Metrics,
    /// The queue depth.
    pub gauge: &'a Gauge,
    /// Where blocks go.
    pub log: &'a Log<W>,
    /// When the run started: utilization is busy time over time since then.
    pub started: Instant,
}

/// The monitor's thread, when the run has one.
pub type MonitorThread<'scope> = Option<ScopedJoinHandle<'scope, ()>>;

impl<W: Write + Send> Monitor<'_, W> {
    /// Starts the monitor's thread in `scope` when `config` asks for live statistics
    /// (`--stats-interval-ms` above 0); it prints until `stop` moves on.
    ///
    /// # Errors
    /// The thread could not start.
    pub fn start<'scope>(
        &'scope self,
        scope: &'scope Scope<'scope, '_>,
        config: &'scope Config,
        stop: &'scope Shutdown,
    ) -> Result<MonitorThread<'scope>, SpawnError> {
        let Some(interval) = config.stats_interval() else {
            return Ok(None);
        };
        let body = move || self.run(interval, config.depth_warn, stop);
        spawn(scope, "monitor".into(), body).map(Some)
    }
}

/// Ends the monitor's `thread`, if the run has one: moves its `stop` on, then joins it.
///
/// # Errors
/// [`Panicked`], if the monitor did.
pub fn stop(thread: MonitorThread<'_>, stop: &Shutdown) -> Result<(), Panicked> {
    stop.advance(Phase::Stopping);
    join_all(thread.into_iter().collect()).map(drop)
}

impl<W: Write> Monitor<'_, W> {
    /// Prints a block every `interval` (and, with `depth_warn`, warns when the depth
    /// stays above it for a whole interval) until `stop` leaves `Running`.
    ///
    /// `stop` is the monitor's own token, not the run's: the run's shutdown begins at a
    /// signal, but the monitor must keep reporting through the drain, until the last
    /// consumer is done.
    pub fn run(&self, interval: Duration, depth_warn: Option<u64>, stop: &Shutdown) {
        let sample = sample_period(interval);
        let title = if interval == Duration::from_secs(1) {
            "Statistics (updated every second):".to_owned()
        } else {
            format!("Statistics (updated every {} ms):", interval.as_millis())
        };
        let mut next_block = self.started + interval;
        let mut above_since: Option<Instant> = None;
        let mut warned = false;
        loop {
            if !stop.sleep_until(next_wake(Instant::now(), sample, next_block)) {
                return;
            }
            let now = Instant::now();
            if let Some(threshold) = depth_warn {
                let depth = self.gauge.depth();
                if depth > threshold {
                    let since = *above_since.get_or_insert(now);
                    if !warned && stayed_above(since, now, interval) {
                        warned = true;
                        self.log.line(format_args!(
                            "Warning: queue depth above {threshold} for {} ms (now {})",
                            interval.as_millis(),
                            self.depth_text(depth)
                        ));
                    }
                } else {
                    // Back under: the next stretch above the threshold warns again.
                    (above_since, warned) = (None, false);
                }
            }
            if now >= next_block {
                self.print_block(&title);
                next_block += interval;
            }
        }
    }

    /// Prints a block titled `title` for the counters as they are now.
    pub fn print_block(&self, title: &str) {
        let snapshot = self.metrics.snapshot();
        let lines = block(
            title,
            &snapshot,
            &self.depth_text(self.gauge.depth()),
            self.started.elapsed(),
        );
        self.log.block(&lines);
    }

    fn depth_text(&self, depth: u64) -> String {
        match self.gauge.capacity() {
            Some(capacity) => format!("{depth}/{capacity}"),
            None => format!("{depth} (unbounded)"),
        }
    }
}

/// The lines of one statistics block (after a blank line), in the exercise's shape plus
/// the queue and each consumer:
///
/// ```text
/// Statistics (updated every second):
///   Produced: 45
///   Consumed: 32
///   Pending: 13
///   Failed: 0
///   Queue depth: 7/10
///   Consumer 0: 16 tasks, 93% busy, avg 61.2 ms
/// ```
pub fn block(title: &str, snapshot: &Snapshot, depth: &str, wall: Duration) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        title.to_owned(),
        format!("  Produced: {}", snapshot.generated),
        format!("  Consumed: {}", snapshot.consumed),
        format!("  Pending: {}", snapshot.pending()),
        format!("  Failed: {}", snapshot.failed),
        format!("  Queue depth: {depth}"),
    ];
    let wall = wall.as_secs_f64().max(f64::MIN_POSITIVE);
    for (index, share) in snapshot.per_consumer.iter().enumerate() {
        let busy = share.busy.as_secs_f64();
        // Busy time only accrues inside the run, so it cannot exceed the wall time;
        // `min` guards the display against clock rounding all the same.
        let utilization = (busy / wall * 100.0).min(100.0);
        let average_ms = share.average.as_secs_f64() * 1000.0;
        lines.push(format!(
            "  Consumer {index}: {}, {utilization:.0}% busy, avg {average_ms:.1} ms",
            count(share.consumed, "task")
        ));
    }
    lines
}

/// How often the monitor samples the depth: four times an interval, so that "stays
/// above for an interval" means something, and at most once a millisecond.
fn sample_period(interval: Duration) -> Duration {
    (interval / 4).max(Duration::from_millis(1))
}

/// When the monitor wakes next: at its next sample or its next block, whichever
/// comes first.
fn next_wake(now: Instant, sample: Duration, next_block: Instant) -> Instant {
    next_block.min(now + sample)
}

/// Whether a depth above the threshold since `since` has stayed there for a whole
/// `interval` by `now`.
fn stayed_above(since: Instant, now: Instant, interval: Duration) -> bool {
    now - since >= interval
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ConsumerShare;

    #[test]
    fn a_block_reads_like_the_exercise_s() {
        let snapshot = Snapshot {
            generated: 45,
            consumed: 32,
            failed: 0,
            per_consumer: vec![
                ConsumerShare {
                    consumed: 31,
                    busy: Duration::from_millis(1500),
                    average: Duration::from_micros(48_387),
                },
                ConsumerShare {
                    consumed: 1,
                    busy: Duration::from_millis(40),
                    average: Duration::from_millis(40),
                },
            ],
        };
        let lines = block(
            "Statistics (updated every second):",
            &snapshot,
            "7/10",
            Duration::from_secs(2),
        );
        assert_eq!(
            lines,
            [
                "",
                "Statistics (updated every second):",
                "  Produced: 45",
                "  Consumed: 32",
                "  Pending: 13",
                "  Failed: 0",
                "  Queue depth: 7/10",
                "  Consumer 0: 31 tasks, 75% busy, avg 48.4 ms",
                "  Consumer 1: 1 task, 2% busy, avg 40.0 ms",
            ]
        );
    }

    /// The monitor's schedule, which a run shows only through a clock: four samples
    /// an interval, woken by whichever of the sample and the block is first, and a
    /// warning only once the depth has stayed above for the whole interval.
    #[test]
    fn the_schedule_samples_four_times_an_interval() {
        let ms = Duration::from_millis;
        assert_eq!(sample_period(ms(100)), ms(25));
        assert_eq!(sample_period(ms(2)), ms(1));
        let t = Instant::now();
        assert_eq!(next_wake(t, ms(25), t + ms(100)), t + ms(25));
        assert_eq!(next_wake(t, ms(25), t + ms(10)), t + ms(10));
        assert!(!stayed_above(t, t + ms(99), ms(100)));
        assert!(stayed_above(t, t + ms(100), ms(100)));
    }
}
