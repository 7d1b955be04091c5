//! The flags of this pass, parsed and validated by clap.
//!
//! Which system runs (`--system`: the pipeline, the quote aggregator, the risk
//! manager), the market's shape (`--ticks`, `--symbols`, `--seed`, `--rate`), the
//! stages' (`--capacity` of every channel, `--enrich-workers`, `--signal-workers`,
//! `--execute-workers`), the risk manager's limits (`--max-order`, `--bankroll`) and
//! pass 03's way of stopping (`--shutdown`, `--drain-ms`, `--duration-ms`). A value
//! out of range, flags that contradict each other, or a flag of another system, are
//! refused before the library runs: the process says what is wrong, naming the flag,
//! and exits with 2.

use std::time::Duration;

use clap::{Parser, ValueEnum};
use plumbing::flags::{MAX_CAPACITY, MAX_INTERVAL_MS, MAX_RATE, MAX_TASKS, MAX_THREADS};

use crate::market::{Cents, SYMBOLS};
use crate::monitor::Watch;
use crate::risk::Limits;
use crate::stats::{AGGREGATOR_STAGES, RISK_STAGES, STAGES};
use crate::supervisor::Rules;
pub use ::shutdown::config::{DEFAULT_DRAIN_MS, Mode, StopFlags};

/// How a run of pass 08 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "08-pipeline",
    version,
    about = "Pass 08: stages joined by bounded channels: a trading pipeline, a quote aggregator, a risk manager, queue monitoring.",
    after_help = "Exit status: 0 every tick went through; 130 interrupted by a signal, every tick \
                  drawn went through; 3 items left unprocessed (each reported); 1 error; 2 bad flags.",
    // `--shutdown` as this pass's system stops.
    mut_arg("shutdown", |a| a.help(
        "How to stop when asked to: let every stage drain (graceful), have \
         every stage report what it still receives as not processed \
         (immediate), or graceful for `--drain-ms` then immediate (timeout). A \
         second Ctrl+C during a graceful drain stops immediately"
    )),
)]
pub struct Config {
    /// Which of the source document's systems to run: the trading pipeline, or the
    /// quote aggregator (three exchanges, one consumer, best bid and ask, arbitrage).
    #[arg(long, value_name = "SYSTEM", value_enum, default_value_t = System::Pipeline)]
    pub system: System,

    /// Ticks the data source draws from the market (for the aggregator: quotes each
    /// exchange sends).
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub ticks: u64,

    /// Symbols the market trades, 1 to 8 (BTC, ETH, SOL, BNB, LTC, AVAX, LINK, DOT).
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u8).range(1..=SYMBOLS.len() as i64))]
    pub symbols: u8,

    /// Seed of the market: the same seed draws the same ticks, so it replays the run.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,

    /// Ticks per second from the data source; 0 means as fast as possible.
    #[arg(long, value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(0..=MAX_RATE))]
    pub rate: u64,

    /// Slots in each channel between two stages (per worker): a stage that runs ahead
    /// blocks until the next one takes something. 0 is a rendezvous.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u64).range(0..=MAX_CAPACITY))]
    pub capacity: u64,

    /// Workers of the enrich stage; each symbol always goes to the same one.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub enrich_workers: u32,

    /// Workers of the signal stage; each symbol always goes to the same one.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub signal_workers: u32,

    /// Workers of the execute stage, each with the book of its own group of symbols
    /// (the source document's load balancer: one channel per group).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub execute_workers: u32,

    /// With `--system risk`: the risk filter rejects an order worth more than this
    /// (in whole units of the quote currency).
    #[arg(long, value_name = "AMOUNT", default_value_t = 50_000,
          value_parser = clap::value_parser!(u64).range(1..=MAX_AMOUNT))]
    pub max_order: u64,

    /// With `--system risk`: what the Kelly sizer bets a fraction of (in whole units
    /// of the quote currency).
    #[arg(long, value_name = "AMOUNT", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..=MAX_AMOUNT))]
    pub bankroll: u64,

    /// Print each stage's queue (items waiting), items taken and the average time of
    /// its rule every this many milliseconds (the source document's queue
    /// monitoring).
    #[arg(long, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=MAX_INTERVAL_MS))]
    pub stats_interval_ms: Option<u64>,

    /// With `--stats-interval-ms`: warn when a stage has more than this many items
    /// queued.
    #[arg(long, value_name = "N", requires = "stats_interval_ms",
          value_parser = clap::value_parser!(u64).range(0..=MAX_CAPACITY))]
    pub warn_above: Option<u64>,

    /// Print no per-tick lines, only the header and the summary.
    #[arg(long)]
    pub quiet: bool,

    /// How and when to stop: pass 03's `--shutdown`, `--drain-ms`, `--duration-ms`.
    #[command(flatten)]
    pub stop: StopFlags,
}

/// The systems this pass runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum System {
    /// Source, enrich, signal, execute: stages joined by bounded channels.
    Pipeline,
    /// Three exchanges feeding one aggregator through one channel.
    Aggregator,
    /// The pipeline with the risk manager between signals and execution: a risk
    /// filter, then a Kelly sizer.
    Risk,
}

/// The largest `--max-order` or `--bankroll`: a billion, whose cents still multiply
/// by any price and quantity here without overflow.
pub const MAX_AMOUNT: u64 = 1_000_000_000;

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["08-pipeline"])
    }
}

impl Config {
    /// What pass 03's supervisor needs of these flags: the producers (the data
    /// source, or the three exchanges) and every worker of every stage after them.
    pub fn rules(&self) -> Rules {
        let (producers, consumers) = match self.system {
            System::Pipeline => (
                1,
                self.enrich_workers + self.signal_workers + self.execute_workers,
            ),
            System::Aggregator => (3, 1),
            // The risk filter and the sizer: one worker each.
            System::Risk => (
                1,
                self.enrich_workers + self.signal_workers + 2 + self.execute_workers,
            ),
        };
        self.stop.rules(producers, consumers)
    }

    /// The stages of the system, in the order items pass them.
    pub fn stage_names(&self) -> &'static [&'static str] {
        match self.system {
            System::Pipeline => &STAGES,
            System::Risk => &RISK_STAGES,
            System::Aggregator => &AGGREGATOR_STAGES,
        }
    }

    /// Workers per stage, in [`Config::stage_names`] order.
    pub fn workers(&self) -> Vec<u64> {
        let (e, s, x) = (
            self.enrich_workers,
            self.signal_workers,
            self.execute_workers,
        );
        let workers = match self.system {
            System::Pipeline => vec![1, e, s, x],
            System::Risk => vec![1, e, s, 1, 1, x],
            System::Aggregator => vec![3, 1],
        };
        workers.into_iter().map(u64::from).collect()
    }

    /// What the monitor watches, if `--stats-interval-ms` asks for it: each stage
    /// with an input, and its bound, workers × (capacity + 1) (see `monitor`).
    pub fn watch(&self) -> Option<Watch> {
        let every = Duration::from_millis(self.stats_interval_ms?);
        let workers = self.workers();
        let stages = (1..workers.len())
            .map(|i| (i, self.stage_names()[i], workers[i] * (self.capacity + 1)))
            .collect();
        Some(Watch {
            stages,
            every,
            warn_above: self.warn_above,
        })
    }

    /// The risk manager's limits, in cents.
    pub fn limits(&self) -> Limits {
        // Lossless: MAX_AMOUNT × 100 fits in an i64.
        let cents = |amount: u64| Cents(i64::try_from(amount).unwrap_or(i64::MAX) * 100);
        Limits {
            max_order: cents(self.max_order),
            bankroll: cents(self.bankroll),
        }
    }

    /// The bound of each channel.
    pub fn capacity(&self) -> usize {
        // Lossless: MAX_CAPACITY fits in usize on every platform Rust supports.
        usize::try_from(self.capacity).unwrap_or(usize::MAX)
    }

    /// Flags that contradict each other, which clap's attributes cannot express.
    ///
    /// # Errors
    /// A sentence saying what conflicts; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        self.stop.check()?;
        // Each system refuses the flags of the others (set to other than their
        // defaults: a default given on the command line changes nothing).
        let default = Self::default();
        let pipelines = "applies only to `--system pipeline` and `--system risk`";
        let risk = "applies only to `--system risk`";
        let flags = [
            ("--symbols", self.symbols != default.symbols, pipelines),
            (
                "--enrich-workers",
                self.enrich_workers != default.enrich_workers,
                pipelines,
            ),
            (
                "--signal-workers",
                self.signal_workers != default.signal_workers,
                pipelines,
            ),
            (
                "--execute-workers",
                self.execute_workers != default.execute_workers,
                pipelines,
            ),
            ("--max-order", self.max_order != default.max_order, risk),
            ("--bankroll", self.bankroll != default.bankroll, risk),
        ];
        let refused = flags.iter().find(|(_, differs, scope)| {
            *differs
                && match self.system {
                    System::Aggregator => true,
                    System::Pipeline => *scope == risk,
                    System::Risk => false,
                }
        });
        match refused {
            Some((flag, _, scope)) => Err(format!("{flag} {scope}")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_follow_a_person_can_read() {
        let config = Config::default();
        assert_eq!((config.ticks, config.symbols, config.rate), (20, 3, 20));
        assert_eq!(config.rules().consumers, 5);
        assert_eq!(config.capacity(), 4, "every channel's bound");
        let config =
            Config::parse_from(["08-pipeline", "--capacity", "0", "--execute-workers", "3"]);
        assert_eq!((config.capacity(), config.rules().consumers), (0, 7));
        assert!(config.check().is_ok());
    }

    #[test]
    fn the_aggregator_has_three_producers_and_no_pipeline_flags() {
        let config = Config::parse_from(["08-pipeline", "--system", "aggregator"]);
        assert_eq!((config.rules().producers, config.rules().consumers), (3, 1));
        // The risk manager's two stages have a worker each, beside the pipeline's.
        let config =
            Config::parse_from(["08-pipeline", "--system", "risk", "--execute-workers", "3"]);
        assert_eq!((config.rules().producers, config.rules().consumers), (1, 9));
        assert!(config.check().is_ok());
        let config = Config::parse_from([
            "08-pipeline",
            "--system",
            "aggregator",
            "--signal-workers",
            "4",
        ]);
        assert!(
            config
                .check()
                .expect_err("refused")
                .contains("--signal-workers")
        );
    }

    #[test]
    fn a_drain_time_needs_the_timeout_mode() {
        let config = Config::parse_from(["08-pipeline", "--drain-ms", "5"]);
        assert!(config.check().expect_err("refused").contains("--drain-ms"));
        let config = Config::parse_from(["08-pipeline", "--shutdown", "timeout"]);
        assert_eq!(
            config.stop.drain(),
            Some(Duration::from_millis(DEFAULT_DRAIN_MS))
        );
    }
}
