//! The flags of this pass, parsed and validated by clap.
//!
//! Pass 01's flags keep their names and meanings; this pass adds the queue's bound
//! (`--capacity`, `--unbounded`), the producers' pace (`--rate`) and the consumers'
//! simulated work (`--work-ms`). A value out of range is refused by clap before the
//! library runs: the process prints what is wrong and exits with status 2.

use clap::{Args, Parser};
use plumbing::WorkRange;
use plumbing::flags::{MAX_CAPACITY, MAX_RATE};

/// How a run of pass 02 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "02-bounded",
    version,
    about = "Pass 02: a bounded queue (sync_channel): backpressure, rate and simulated work."
)]
// Its own group name: pass 01's `Config`, flattened in, already has the name `Config`.
#[group(id = "bounded")]
pub struct Config {
    /// Pass 01's flags, unchanged: `--producers`, `--consumers`, `--tasks`, `--seed`
    /// and `--quiet`, with pass 01's defaults.
    #[command(flatten)]
    pub base: basic::Config,

    /// The queue's bound: `--capacity`, `--unbounded`.
    #[command(flatten)]
    pub queue: QueueFlags,

    /// Tasks per second, per producer; 0 means as fast as possible.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=MAX_RATE))]
    pub rate: u64,

    /// Simulated work per task in milliseconds: `A..B` draws each task's cost from
    /// that range (seeded by `--seed` and the task id), `A` is a fixed cost, `0` none.
    #[arg(long, value_name = "A..B", default_value = "1..5")]
    pub work_ms: WorkRange,
}

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["02-bounded"])
    }
}

impl Config {
    /// The queue's bound, `None` if unbounded.
    pub fn bound(&self) -> Option<usize> {
        self.queue.bound()
    }
}

/// The queue's bound: every later pass with one queue keeps these two flags, so each
/// flattens this group in and reads the same words in `--help`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct QueueFlags {
    /// Slots in the queue: producers block when it is full. 0 is a rendezvous: every
    /// send waits for a consumer to take the task.
    #[arg(long, value_name = "N", default_value_t = 10, conflicts_with = "unbounded",
          value_parser = clap::value_parser!(u64).range(0..=MAX_CAPACITY))]
    pub capacity: u64,

    /// No bound at all (`mpsc::channel`): producers never block, memory grows with
    /// the backlog.
    #[arg(long)]
    pub unbounded: bool,
}

impl QueueFlags {
    /// The queue's bound, `None` if unbounded.
    pub fn bound(&self) -> Option<usize> {
        // Lossless: MAX_CAPACITY fits in usize on every platform Rust supports.
        (!self.unbounded).then(|| usize::try_from(self.capacity).unwrap_or(usize::MAX))
    }
}
