//! The flags of this pass, parsed and validated by clap.
//!
//! Passes 01–04's flags keep their names and meanings; the default run is pass 04's
//! (3 producers × 50 tasks, 2 consumers, paced), now with a small failure rate
//! (`--fail-rate 0.02`) so a few tasks fail, as in the exercise's validation transcripts. This pass adds the
//! failures, each on demand and each replayed by `--seed`: task failures
//! (`--fail-rate`) with `--retries` and `--backoff-ms`, producer failures
//! (`--fail-producer`, `--panic-producer`), consumer panics (`--panic-on-task`) and how
//! many replacements a run may start (`--max-restarts`). A value out of range, or flags
//! that contradict each other, are refused before the library runs: the process says
//! what is wrong and exits with 2.

use std::time::Duration;

use clap::Parser;

use plumbing::WorkRange;
use plumbing::flags::{
    MAX_BACKOFF_MS, MAX_CAPACITY, MAX_INTERVAL_MS, MAX_MS, MAX_RATE, MAX_RESTARTS, MAX_RETRIES,
    MAX_TASKS, MAX_THREADS,
};
pub use shutdown::config::{DEFAULT_DRAIN_MS, Mode};

use crate::fault::{FaultKind, Probability, ProducerFault};

/// How a run of pass 05 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "05-errors",
    version,
    about = "Pass 05: task, producer and consumer failures, retries, dead letters, undelivered tasks.",
    after_help = "Exit status: 0 all work done; 130 interrupted by a signal, all work done; \
                  3 tasks left unprocessed or undelivered (each reported); 1 error; 2 bad flags. \
                  Failed tasks that were dead-lettered, and failed producers or consumers, are \
                  reported, and do not change the status."
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

    /// Slots in the queue: producers block when it is full. 0 is a rendezvous: every
    /// send waits for a consumer to take the task.
    #[arg(long, value_name = "N", default_value_t = 10, conflicts_with = "unbounded",
          value_parser = clap::value_parser!(u64).range(0..=MAX_CAPACITY))]
    pub capacity: u64,

    /// No bound at all (`mpsc::channel`): producers never block, memory grows with
    /// the backlog.
    #[arg(long)]
    pub unbounded: bool,

    /// Tasks per second, per producer; 0 means as fast as possible.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=MAX_RATE))]
    pub rate: u64,

    /// Simulated work per task in milliseconds: `A..B` draws each task's cost from
    /// that range (seeded by `--seed` and the task id), `A` is a fixed cost, `0` none.
    #[arg(long, value_name = "A..B", default_value = "50..100")]
    pub work_ms: WorkRange,

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

    /// Probability that one attempt at a task fails (`Task 10 failed: simulated
    /// error`), from 0 to 1; which attempts fail is drawn from `--seed` and the task id.
    #[arg(long, value_name = "P", default_value = "0.02")]
    pub fail_rate: Probability,

    /// How many times a failed task is tried again before it is dead-lettered.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_RETRIES)))]
    pub retries: u32,

    /// Wait before the first retry, in milliseconds; each further retry waits twice as
    /// long as the one before (exponential backoff).
    #[arg(long, value_name = "MS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=MAX_BACKOFF_MS))]
    pub backoff_ms: u64,

    /// Make producer P fail (return an error) after creating N tasks: `P@N`. Repeatable.
    #[arg(long, value_name = "P@N")]
    pub fail_producer: Vec<ProducerFault>,

    /// Make producer P panic after creating N tasks: `P@N`. Repeatable.
    #[arg(long, value_name = "P@N")]
    pub panic_producer: Vec<ProducerFault>,

    /// Make the consumer that processes task ID panic in the middle of it (on its first
    /// attempt). Repeatable.
    #[arg(long, value_name = "ID")]
    pub panic_on_task: Vec<u64>,

    /// How many replacement consumers a run may start after consumer panics; once they
    /// are used up, the pool shrinks, and when no consumer is left the queue closes.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_RESTARTS)))]
    pub max_restarts: u32,
}

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["05-errors"])
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

    /// How long a `timeout` drain may last; `None` in the other modes.
    pub fn drain(&self) -> Option<Duration> {
        (self.shutdown == Mode::Timeout)
            .then(|| Duration::from_millis(self.drain_ms.unwrap_or(DEFAULT_DRAIN_MS)))
    }

    /// Flags that contradict each other, which clap's attributes cannot express.
    ///
    /// # Errors
    /// A sentence saying what conflicts; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        if self.drain_ms.is_some() && self.shutdown != Mode::Timeout {
            return Err("--drain-ms applies only to `--shutdown timeout`".into());
        }
        let total = self.total_tasks();
        if let Some(limit) = self.stop_after
            && !self.endless
            && limit > total
        {
            return Err(format!(
                "--stop-after {limit} can never be reached: the run makes only {total} tasks"
            ));
        }
        // Each fault with the flag that gave it, so that a refusal names the flag.
        let faults = (self.fail_producer.iter().map(|f| ("--fail-producer", f)))
            .chain(self.panic_producer.iter().map(|f| ("--panic-producer", f)));
        if let Some((flag, fault)) = faults.clone().find(|(_, f)| f.producer >= self.producers) {
            return Err(format!(
                "{flag} {}@{}: producer {} does not exist: the run has {} (numbered from 0)",
                fault.producer,
                fault.after,
                fault.producer,
                plumbing::count(self.producers, "producer")
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some((flag, fault)) = faults.clone().find(|(_, f)| !seen.insert(f.producer)) {
            return Err(format!(
                "{flag} {}@{}: producer {} is given more than one fault; it can fail only once",
                fault.producer, fault.after, fault.producer
            ));
        }
        if !self.endless
            && let Some((flag, fault)) = faults.clone().find(|(_, f)| f.after >= self.tasks)
        {
            return Err(format!(
                "{flag} {}@{}: producer {} makes only {} and so never reaches task {}",
                fault.producer,
                fault.after,
                fault.producer,
                plumbing::count(self.tasks, "task"),
                fault.after
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

    /// The fault planned for producer `index`, if any.
    pub fn producer_fault(&self, index: u32) -> Option<(ProducerFault, FaultKind)> {
        let find = |faults: &[ProducerFault]| faults.iter().copied().find(|f| f.producer == index);
        find(&self.fail_producer)
            .map(|f| (f, FaultKind::Error))
            .or_else(|| find(&self.panic_producer).map(|f| (f, FaultKind::Panic)))
    }

    /// Attempts a task gets in all: the first and `--retries` more.
    pub fn max_attempts(&self) -> u32 {
        self.retries + 1
    }

    /// The queue's bound, `None` if unbounded.
    pub fn bound(&self) -> Option<usize> {
        // Lossless: MAX_CAPACITY fits in usize on every platform Rust supports.
        (!self.unbounded).then(|| usize::try_from(self.capacity).unwrap_or(usize::MAX))
    }
}
