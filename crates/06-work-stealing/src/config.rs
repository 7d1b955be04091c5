//! The flags of this pass: pass 05's, whole, plus the three this pass adds.
//!
//! Pass 05's flags keep their names and meanings; they are its own [`errors::Config`],
//! flattened in, so `--help` lists them all. What changes is four defaults, so that the
//! default run shows this pass's lesson and nothing else: no pacing (`--rate 0`), short
//! light tasks (`--work-ms 1..3`), a statistics block every 250 ms (the run is short),
//! and no injected failures (`--fail-rate 0`; pass 05's 0.02 would dead-letter a task
//! in the middle of the stealing lesson). Every failure flag still works when asked
//! for. With pass 05's channel of 10, a fair-share batch is a few tasks and such small
//! batches nearly balance themselves: `--capacity 100` makes room for batches worth
//! stealing from (the chapter's run).

use clap::{Args, Parser};

use plumbing::flags::{MAX_CAPACITY, MAX_WORK_MS};

pub use errors::config::{DEFAULT_DRAIN_MS, Mode};

/// How a run of pass 06 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "06-work-stealing",
    version,
    about = "Pass 06: each consumer takes batches into a local queue; idle consumers steal half a busy one's.",
    after_help = "Exit status: 0 all work done; 130 interrupted by a signal, all work done; \
                  3 tasks left unprocessed or undelivered (each reported); 1 error; 2 bad flags.",
    mut_arg("rate", |a| a.default_value("0")),
    mut_arg("work_ms", |a| a.default_value("1..3")),
    mut_arg("stats_interval_ms", |a| a.default_value("250")),
    mut_arg("fail_rate", |a| a.default_value("0")),
)]
// Its own group name: pass 05's `Config`, flattened in, already has the name `Config`.
#[group(id = "work_stealing")]
pub struct Config {
    /// Everything pass 05 has.
    #[command(flatten)]
    pub base: errors::Config,

    /// What this pass adds.
    #[command(flatten)]
    pub stealing: Stealing,
}

/// The flags this pass adds.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Stealing {
    /// No stealing: each consumer runs only the batches it took itself (the baseline
    /// stealing is measured against).
    #[arg(long)]
    pub no_steal: bool,

    /// Slots in each consumer's local queue: the most tasks it takes from the channel
    /// at once. Tasks in the run never exceed `--capacity` + consumers × this.
    #[arg(long, value_name = "N", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(1..=MAX_CAPACITY))]
    pub local_capacity: u64,

    /// The skew: a task in a heavy stretch of its producer's tasks (the second 32 of
    /// every 128) costs this many milliseconds instead of `--work-ms`; 0 turns it off.
    #[arg(long, value_name = "MS", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(0..=MAX_WORK_MS))]
    pub heavy_ms: u64,
}

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["06-work-stealing"])
    }
}

/// A pass 06 config is a pass 05 config and more: `config.seed` reads pass 05's flag.
impl std::ops::Deref for Config {
    type Target = errors::Config;

    fn deref(&self) -> &errors::Config {
        &self.base
    }
}

impl Config {
    /// Flags that contradict each other: pass 05's checks (this pass adds no conflict).
    ///
    /// # Errors
    /// A sentence saying what conflicts; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        self.base.check()
    }

    /// The local queues' capacity.
    pub fn local_capacity(&self) -> usize {
        usize::try_from(self.stealing.local_capacity).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_05s_flags_with_this_pass_s_defaults() {
        let config = Config::default();
        assert_eq!(config.base.rate, 0);
        assert_eq!(config.base.work_ms.to_string(), "1..3");
        assert_eq!(config.base.stats_interval_ms, 250);
        assert_eq!(config.base.failures.fail_rate.get(), 0.0);
        // Untouched defaults stay pass 05's.
        assert_eq!(config.base.consumers, errors::Config::default().consumers);
        let asked = Config::parse_from([
            "06",
            "--fail-rate",
            "0.5",
            "--no-steal",
            "--seed",
            "7",
            "--local-capacity",
            "5",
        ]);
        assert_eq!(asked.base.failures.fail_rate.get(), 0.5);
        assert!(asked.stealing.no_steal);
        // Pass 05's flags read through `Deref`, this pass's through its own.
        assert_eq!(asked.seed, 7);
        assert_eq!(asked.local_capacity(), 5);
    }
}
