//! The flags of this pass, parsed and validated by clap.
//!
//! Passes 01 and 02's flags keep their names and meanings, with two new defaults: with
//! no `--tasks` the producers go on until the run is stopped, and the default pace
//! (`--rate 2`, `--work-ms 200..600`) is one a person can follow. This pass adds how to
//! stop (`--shutdown`, `--drain-ms`) and when, besides a signal (`--duration-ms`,
//! `--stop-after`). A value out of range, or flags that contradict each other, are
//! refused before the library runs: the process says what is wrong and exits with 2.

use std::io::Write;
use std::time::Duration;

use bounded::config::QueueFlags;
use clap::{Args, Parser, ValueEnum};
use plumbing::Log;
use plumbing::WorkRange;
use plumbing::flags::{MAX_MS, MAX_RATE, MAX_TASKS, MAX_THREADS};

use crate::supervisor::Rules;

/// How a run of pass 03 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "03-shutdown",
    version,
    about = "Pass 03: graceful, immediate and timed shutdown; Ctrl+C and SIGTERM.",
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

    /// Tasks each producer creates; without it, producers go on until the run is
    /// stopped (up to 100 000 000 each).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub tasks: Option<u64>,

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
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u64).range(0..=MAX_RATE))]
    pub rate: u64,

    /// Simulated work per task in milliseconds: `A..B` draws each task's cost from
    /// that range (seeded by `--seed` and the task id), `A` is a fixed cost, `0` none.
    #[arg(long, value_name = "A..B", default_value = "200..600")]
    pub work_ms: WorkRange,

    /// How and when to stop: `--shutdown`, `--drain-ms`, `--duration-ms`.
    #[command(flatten)]
    pub stop: StopFlags,

    /// Stop (in the `--shutdown` mode) once this many tasks have been processed.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub stop_after: Option<u64>,
}

/// How a run stops, and when, besides a signal: the flags every later pass that stops
/// keeps, so each flattens this group in and reads the same words in `--help`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct StopFlags {
    /// How to stop when asked to: finish every queued task (graceful), cut the tasks
    /// in hand short and report the rest (immediate), or graceful for `--drain-ms`
    /// then immediate (timeout). A second Ctrl+C during a graceful drain stops
    /// immediately.
    #[arg(long, value_name = "MODE", value_enum, default_value_t = Mode::Graceful)]
    pub shutdown: Mode,

    /// With `--shutdown timeout`: how long the graceful drain may take.
    #[arg(long, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=MAX_MS))]
    pub drain_ms: Option<u64>,

    /// Stop (in the `--shutdown` mode) after running this many milliseconds.
    #[arg(long, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=MAX_MS))]
    pub duration_ms: Option<u64>,
}

impl StopFlags {
    /// How long a `timeout` drain may last; `None` in the other modes.
    pub fn drain(&self) -> Option<Duration> {
        (self.shutdown == Mode::Timeout)
            .then(|| Duration::from_millis(self.drain_ms.unwrap_or(DEFAULT_DRAIN_MS)))
    }

    /// What the supervisor needs to stop a run of `producers` and `consumers`, with no
    /// `--stop-after` (a pass that has it sets it).
    pub fn rules(&self, producers: u32, consumers: u32) -> Rules {
        Rules {
            mode: self.shutdown,
            drain: self.drain(),
            duration_ms: self.duration_ms,
            stop_after: None,
            producers,
            consumers,
        }
    }

    /// `--drain-ms` without `--shutdown timeout`, which clap's attributes cannot refuse.
    ///
    /// # Errors
    /// The sentence the binary prints before it exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        if self.drain_ms.is_some() && self.shutdown != Mode::Timeout {
            return Err("--drain-ms applies only to `--shutdown timeout`".into());
        }
        Ok(())
    }

    /// The header's line that says how the run stops: `Shutdown mode: graceful`.
    pub fn announce<W: Write>(&self, log: &Log<W>) {
        match (self.shutdown, self.drain()) {
            (Mode::Timeout, Some(drain)) => log.line(format_args!(
                "Shutdown mode: timeout (drain {} ms)",
                drain.as_millis()
            )),
            (Mode::Immediate, _) => log.line(format_args!("Shutdown mode: immediate")),
            _ => log.line(format_args!("Shutdown mode: graceful")),
        }
    }
}

/// How a run stops once it is asked to (by a signal, `--duration-ms` or `--stop-after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Stop producing; finish every task already queued.
    Graceful,
    /// Stop producing; consumers cut the task in hand short (reported as
    /// interrupted), and every task still queued is reported as not processed.
    Immediate,
    /// Graceful for at most `--drain-ms` (default 2000), then immediate.
    Timeout,
}

/// The drain time of `--shutdown timeout` when `--drain-ms` is not given.
pub const DEFAULT_DRAIN_MS: u64 = 2000;

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["03-shutdown"])
    }
}

impl Config {
    /// Tasks per producer: `--tasks`, or the most a producer may make.
    pub fn tasks_per_producer(&self) -> u64 {
        self.tasks.unwrap_or(MAX_TASKS)
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
        if let (Some(limit), Some(total)) =
            (self.stop_after, self.tasks.map(|_| self.total_tasks()))
            && limit > total
        {
            return Err(format!(
                "--stop-after {limit} can never be reached: the run makes only {total} tasks"
            ));
        }
        Ok(())
    }

    /// The queue's bound, `None` if unbounded.
    pub fn bound(&self) -> Option<usize> {
        self.queue.bound()
    }
}
