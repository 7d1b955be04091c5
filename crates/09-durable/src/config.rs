//! The flags of this pass, parsed and validated by clap.
//!
//! The source document's system (`--producers` × `--messages`, `--consumers`), the
//! queue's folder and how it writes (`--dir`, `--fsync`, `--batch`,
//! `--segment-bytes`), the pace and the work (`--rate`, `--work-ms`, `--seed`), the
//! source document's patterns (`--priority`, `--monitor-ms`, `--depth-warning`,
//! `--scale-per`), and pass 03's way of stopping (`--shutdown`, `--drain-ms`,
//! `--duration-ms`). A value
//! out of range, or flags that contradict each other, are refused before the library
//! runs: the process says what is wrong, naming the flag, and exits with 2.

use std::path::PathBuf;

use clap::Parser;
use plumbing::flags::{MAX_INTERVAL_MS, MAX_RATE, MAX_TASKS, MAX_THREADS};
use plumbing::{ThreadPair, WorkRange};

use crate::fsync::Fsync;
use crate::queue::Options;
use crate::supervisor::Rules;

pub use ::shutdown::config::{DEFAULT_DRAIN_MS, Mode, StopFlags};

/// How a run of pass 09 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "09-durable",
    version,
    about = "Pass 09: a queue that survives kill -9: producers and consumers on an append-only log on disk, at-least-once delivery with acks.",
    after_help = "Exit status: 0 every message processed; 130 interrupted by a signal, every message \
                  processed; 3 messages left in the queue for the next run (each on disk); 1 error; \
                  2 bad flags.",
    // `--shutdown` as this pass's system stops.
    mut_arg("shutdown", |a| a.help(
        "How to stop when asked to: consumers drain the queue (graceful), or \
         finish the message in hand and leave the rest on disk (immediate), or \
         graceful for `--drain-ms` then immediate (timeout). A second Ctrl+C \
         stops immediately"
    )),
)]
pub struct Config {
    /// The queue's folder. What a run leaves there, the next run finds: run twice to
    /// see it.
    #[arg(long, value_name = "DIR", default_value_os_t = default_dir())]
    pub dir: PathBuf,
    /// Producer threads.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_THREADS)))]
    pub producers: u32,
    /// Messages each producer enqueues.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=MAX_TASKS))]
    pub messages: u64,
    /// Consumer threads (with `--priority`, each group says its own).
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub consumers: u32,
    /// When the log fsyncs: `always` (before each call returns), `never` (the kernel
    /// decides), or a period such as `100ms`.
    #[arg(long, value_name = "POLICY", default_value_t = Fsync::Always)]
    pub fsync: Fsync,
    /// Messages a producer enqueues at once: one write and one fsync for all of them
    /// (the source document's batch producer).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=MAX_BATCH))]
    pub batch: u64,
    /// A segment file longer than this is sealed and a new one begun; a sealed
    /// segment whose messages are all acked is removed.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
          value_parser = clap::value_parser!(u64).range(64..=1 << 30))]
    pub segment_bytes: u64,
    /// Messages per second from each producer; 0 means as fast as possible.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=MAX_RATE))]
    pub rate: u64,
    /// Milliseconds of simulated work per message, `N` or `MIN..MAX` (drawn from the
    /// seed and the message's id).
    #[arg(long, value_name = "MS", default_value = "0")]
    pub work_ms: WorkRange,
    /// Seed of the work's draws.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// The source document's priority consumer groups: two queues (`DIR/high` and
    /// `DIR/low`), each with `--producers` producers of its own and HIGH or LOW
    /// consumers; the document's are `10,2`.
    #[arg(long, value_name = "HIGH,LOW", conflicts_with = "consumers")]
    pub priority: Option<ThreadPair>,
    /// Print the queue's stats every this many milliseconds (the source document's
    /// monitoring loop).
    #[arg(long, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=MAX_INTERVAL_MS))]
    pub monitor_ms: Option<u64>,
    /// With `--monitor-ms`: warn when more than this many messages wait [default:
    /// 10000].
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=MAX_TASKS))]
    pub depth_warning: Option<u64>,
    /// With `--monitor-ms`: scale the consumers at work with the queue's depth, one
    /// per N waiting messages (at least one, at most `--consumers`).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub scale_per: Option<u64>,
    /// Print no per-message lines, only the header and the summary.
    #[arg(long)]
    pub quiet: bool,
    /// How and when to stop: pass 03's `--shutdown`, `--drain-ms`, `--duration-ms`.
    #[command(flatten)]
    pub stop: StopFlags,
}

/// `--depth-warning`'s default: the source document's.
pub const DEFAULT_DEPTH_WARNING: u64 = 10_000;

/// The largest `--batch`.
pub const MAX_BATCH: u64 = 10_000;

/// `--dir`'s default: `09-durable` in the system's temporary folder.
pub fn default_dir() -> PathBuf {
    std::env::temp_dir().join("09-durable")
}

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["09-durable"])
    }
}

impl Config {
    /// What pass 03's supervisor needs of these flags.
    pub fn rules(&self) -> Rules {
        let consumers = self.priority.map_or(self.consumers, |pair| pair.0 + pair.1);
        self.stop.rules(self.producers * self.lanes(), consumers)
    }

    /// Queues in the run: two with `--priority`, else one.
    pub fn lanes(&self) -> u32 {
        if self.priority.is_some() { 2 } else { 1 }
    }

    /// `--depth-warning`, or its default.
    pub fn depth_warning(&self) -> u64 {
        self.depth_warning.unwrap_or(DEFAULT_DEPTH_WARNING)
    }

    /// How the queue writes.
    pub fn options(&self) -> Options {
        Options {
            fsync: self.fsync,
            segment_bytes: self.segment_bytes,
        }
    }

    /// Flags that contradict each other, which clap's attributes cannot express.
    ///
    /// # Errors
    /// A sentence saying what conflicts; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        self.stop.check()?;
        if self.monitor_ms.is_none() {
            for (set, flag) in [
                (self.depth_warning.is_some(), "--depth-warning"),
                (self.scale_per.is_some(), "--scale-per"),
            ] {
                if set {
                    return Err(format!(
                        "{flag} needs --monitor-ms: the monitor is what reads the depth"
                    ));
                }
            }
        }
        if self.batch > self.messages.max(1) {
            return Err(format!(
                "--batch {} is more than --messages {}: a producer's batch is its messages",
                self.batch, self.messages
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_source_documents_system() {
        let config = Config::default();
        assert_eq!(
            (config.producers, config.messages, config.consumers),
            (3, 10, 2)
        );
        assert_eq!(config.fsync, Fsync::Always);
        assert_eq!(config.check(), Ok(()));
    }

    #[test]
    fn the_queue_and_the_supervisor_get_what_the_flags_say() {
        let parse = |args: &[&str]| Config::parse_from([&["09-durable"], args].concat());
        let config = parse(&["--fsync", "never", "--segment-bytes", "64"]);
        let options = Options {
            fsync: Fsync::Never,
            segment_bytes: 64,
        };
        assert_eq!(config.options(), options);
        assert_eq!(config.stop.drain(), None);
        let timeout = parse(&["--shutdown", "timeout", "--drain-ms", "7"]);
        assert_eq!(
            timeout.stop.drain(),
            Some(std::time::Duration::from_millis(7))
        );
        let rules = parse(&["--producers", "4", "--consumers", "5"]).rules();
        assert_eq!((rules.producers, rules.consumers), (4, 5));
        assert_eq!(parse(&[]).depth_warning(), 10_000);
        assert_eq!(parse(&["--depth-warning", "7"]).depth_warning(), 7);
        let groups = parse(&["--producers", "4", "--priority", "10,2"]).rules();
        assert_eq!((groups.producers, groups.consumers), (8, 12));
    }

    #[test]
    fn contradictions_are_refused_naming_the_flag() {
        let parse = |args: &[&str]| Config::parse_from([&["09-durable"], args].concat());
        let drain = parse(&["--drain-ms", "5"]).check().unwrap_err();
        assert!(drain.starts_with("--drain-ms"), "{drain}");
        let batch = parse(&["--messages", "4", "--batch", "5"])
            .check()
            .unwrap_err();
        assert!(batch.starts_with("--batch"), "{batch}");
        for flag in ["--scale-per", "--depth-warning"] {
            let alone = parse(&[flag, "5"]).check().unwrap_err();
            assert!(alone.starts_with(flag), "{alone}");
            assert_eq!(parse(&[flag, "5", "--monitor-ms", "9"]).check(), Ok(()));
        }
        assert_eq!(parse(&["--messages", "0"]).check(), Ok(()));
    }
}
