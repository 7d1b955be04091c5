//! The flags of this pass, parsed and validated by clap.
//!
//! Every later pass keeps these flags with the same names and meanings and adds its
//! own. A value outside its range is refused by clap before the library runs: the
//! process prints what is wrong and exits with status 2, so no input reaches the
//! library that could make it panic.

use clap::Parser;
use plumbing::flags::{MAX_TASKS, MAX_THREADS};

/// How a run of pass 01 is shaped: who produces, who consumes, and how much.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "01-basic",
    version,
    about = "Pass 01: N producer threads, M consumer threads, one std::sync::mpsc channel."
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
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub tasks: u64,

    /// Seed for everything random in a run; the same seed replays the same run.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,

    /// Print no per-task lines, only the header and the summary.
    #[arg(long)]
    pub quiet: bool,
}

impl Default for Config {
    /// The defaults are the ones `--help` shows: parsing an empty command line keeps
    /// them in one place, the `#[arg]` attributes above.
    fn default() -> Self {
        Self::parse_from(["01-basic"])
    }
}

impl Config {
    /// Total number of tasks the run creates: producers × tasks per producer.
    pub fn total_tasks(&self) -> u64 {
        u64::from(self.producers) * self.tasks
    }
}
