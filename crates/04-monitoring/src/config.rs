//! The flags of this pass, parsed and validated by clap.
//!
//! Passes 01–03's flags keep their names and meanings. The default run is the exercise's
//! finite workload again (3 producers × 50 tasks, 2 consumers), paced so the
//! statistics have something to show (`--rate 10`, `--work-ms 50..100`); `--endless`
//! asks for pass 03's run-until-stopped. This pass adds the monitor's interval
//! (`--stats-interval-ms`) and the queue-depth warning (`--depth-warn`). A value out of
//! range, or flags that contradict each other, are refused before the library runs:
//! the process says what is wrong and exits with 2.

use std::time::Duration;

use bounded::config::QueueFlags;
use clap::Parser;
use plumbing::WorkRange;
use plumbing::flags::{MAX_CAPACITY, MAX_INTERVAL_MS, MAX_RATE, MAX_TASKS, MAX_THREADS};
pub use shutdown::config::{DEFAULT_DRAIN_MS, Mode, StopFlags};
use shutdown::supervisor::Rules;

/// How a run of pass 04 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "04-monitoring",
    version,
    about = "Pass 04: live statistics: atomic counters, utilization, queue depth, a monitor thread.",
    after_help = "Exit status: 0 all work done; 130 interrupted by a signal, all work done; \
                  3 tasks left unprocessed (each reported); 1 error; 2 bad flags."
)]
pub struct Config {
    /// Number of producer threads.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub producers: u32,

    /// Number of consumer threads.
    #[arg(long, value_name = "M", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub consumers: u32,

    /// Tasks each producer creates.
    #[arg(long, value_name = "N", default_value_t = 50, conflicts_with = "endless",
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub tasks: u64,

    /// No task limit: producers go on until the run is stopped (pass 03's default).
    #[arg(long)]
    pub endless: bool,

    /// Seed for everything random in a run; the same seed replays the same run.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,

    /// Print no per-task lines, only the header and the summary.
    #[arg(long)]
    pub quiet: bool,

    /// Pass 02's bound: `--capacity`, `--unbounded`.
    #[command(flatten)]
    pub queue: QueueFlags,

    /// Tasks per second, per producer; 0 means as fast as possible.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=MAX_RATE))]
    pub rate: u64,

    /// Simulated work per task in milliseconds: `A..B` draws each task's cost from
    /// that range (seeded by `--seed` and the task id), `A` is a fixed cost, `0` none.
    #[arg(long, value_name = "A..B", default_value = "50..100")]
    pub work_ms: WorkRange,

    /// How and when to stop: pass 03's `--shutdown`, `--drain-ms`, `--duration-ms`.
    #[command(flatten)]
    pub stop: StopFlags,

    /// Stop (in the `--shutdown` mode) once this many tasks have been processed.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub stop_after: Option<u64>,

    /// How often the monitor prints a statistics block, in milliseconds; 0 prints only
    /// the final block.
    #[arg(long, value_name = "MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(0..=MAX_INTERVAL_MS))]
    pub stats_interval_ms: u64,

    /// Warn when the queue depth stays above N for a whole statistics interval.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=MAX_CAPACITY))]
    pub depth_warn: Option<u64>,
}

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["04-monitoring"])
    }
}

impl Config {
    /// Tasks per producer: `--tasks`, or with `--endless` the most a producer may make.
    pub fn tasks_per_producer(&self) -> u64 {
        if self.endless { MAX_TASKS } else { self.tasks }
    }

    /// Total number of tasks a run that is not stopped creates.
    pub fn total_tasks(&self) -> u64 {
        u64::from(self.producers) * self.tasks_per_producer()
    }

    /// What the supervisor needs of these flags.
    pub fn rules(&self) -> Rules {
        Rules {
            stop_after: self.stop_after,
            ..self.stop.rules(self.producers, self.consumers)
        }
    }

    /// Flags that contradict each other, which clap's attributes cannot express.
    ///
    /// # Errors
    /// A sentence saying what conflicts; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        self.stop.check()?;
        let total = self.total_tasks();
        if let Some(limit) = self.stop_after
            && !self.endless
            && limit > total
        {
            return Err(format!(
                "--stop-after {limit} can never be reached: the run makes only {total} tasks"
            ));
        }
        if self.depth_warn.is_some() && self.stats_interval_ms == 0 {
            return Err(
                "--depth-warn needs a statistics interval (--stats-interval-ms above 0)".into(),
            );
        }
        Ok(())
    }

    /// The monitor's interval, `None` if live statistics are off.
    pub fn stats_interval(&self) -> Option<Duration> {
        (self.stats_interval_ms > 0).then(|| Duration::from_millis(self.stats_interval_ms))
    }

    /// The queue's bound, `None` if unbounded.
    pub fn bound(&self) -> Option<usize> {
        self.queue.bound()
    }
}
