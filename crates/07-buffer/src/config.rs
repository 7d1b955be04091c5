//! The flags of this pass: pass 03's, whole, plus the five that shape the buffer.
//!
//! Pass 03's flags keep their names and meanings; they are its own
//! [`shutdown::Config`], flattened in, so `--help` lists them all. This pass adds
//! which item goes next (`--strategy`), what a full buffer does (`--overflow`), how
//! many items a consumer takes at once (`--batch`, `--batch-wait-ms`), and how many a
//! producer puts at once (`--put-batch`).

use std::time::Duration;

use clap::{Args, Parser};

use plumbing::flags::MAX_WORK_MS;

pub use shutdown::config::{DEFAULT_DRAIN_MS, Mode};

use crate::overflow::Overflow;
use crate::store::Strategy;

/// `--capacity`, as this pass means it.
const CAPACITY_HELP: &str = "Slots in the buffer (at least 1): when it is full, `--overflow` \
                             decides what happens to one more task";

/// `--unbounded`, as this pass means it.
const UNBOUNDED_HELP: &str = "No bound at all: the buffer is never full, so producers never \
                              wait and `--overflow` must stay `block`";

/// Upper bound on `--batch`.
pub const MAX_BATCH: u64 = 100_000;

/// How a run of pass 07 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "07-buffer",
    version,
    about = "Pass 07: the queue built by hand: a Mutex and two Condvars; FIFO, LIFO or priority; batches; overflow policies.",
    after_help = "Exit status: 0 all work done (dropped tasks included: the overflow policy \
                  dropped them as asked); 130 interrupted by a signal, all work done; \
                  3 tasks left unprocessed (each reported); 1 error; 2 bad flags.",
    // Pass 03's words for these two describe a channel; here they bound the buffer.
    mut_arg("capacity", |a| a.help(CAPACITY_HELP).long_help(CAPACITY_HELP)),
    mut_arg("unbounded", |a| a.help(UNBOUNDED_HELP).long_help(UNBOUNDED_HELP))
)]
// Its own group name: pass 03's `Config`, flattened in, already has the name `Config`.
#[group(id = "buffer")]
pub struct Config {
    /// Everything pass 03 has.
    #[command(flatten)]
    pub base: shutdown::Config,

    /// What this pass adds.
    #[command(flatten)]
    pub buffer: BufferFlags,
}

/// The flags this pass adds.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct BufferFlags {
    /// Which waiting task a consumer takes: the oldest (fifo), the newest (lifo), or
    /// the highest priority, oldest first among equals (priority). Priorities (0–9)
    /// are drawn from `--seed` and the task id.
    #[arg(long, value_name = "S", value_enum, default_value_t = Strategy::Fifo)]
    pub strategy: Strategy,

    /// What a full buffer does with one more task: the producer waits (block), the
    /// task is refused (reject), the oldest waiting task is shed (drop-oldest), or the
    /// lowest priority one, the new task included (drop-lowest). Every refused or
    /// shed task is reported by id.
    #[arg(long, value_name = "POLICY", value_enum, default_value_t = Overflow::Block)]
    pub overflow: Overflow,

    /// The most tasks a consumer takes in one step of the buffer's lock.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=MAX_BATCH))]
    pub batch: u64,

    /// The most tasks a producer puts in one step of the buffer's lock. It holds the
    /// tasks it makes until it has this many (or stops), so a task may wait in its
    /// producer's hands for the rest of its batch: throughput bought with latency.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=MAX_BATCH))]
    pub put_batch: u64,

    /// With `--batch`: once a task is there, how long a consumer may wait for its
    /// batch to fill before taking what there is.
    #[arg(long, value_name = "MS", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(0..=MAX_WORK_MS))]
    pub batch_wait_ms: u64,
}

impl Default for Config {
    /// The defaults are the ones `--help` shows, kept in one place: the `#[arg]`s.
    fn default() -> Self {
        Self::parse_from(["07-buffer"])
    }
}

/// A pass 07 config is a pass 03 config and more: `config.seed` reads pass 03's flag.
impl std::ops::Deref for Config {
    type Target = shutdown::Config;

    fn deref(&self) -> &shutdown::Config {
        &self.base
    }
}

impl Config {
    /// Flags that contradict each other, which clap's attributes cannot express.
    ///
    /// # Errors
    /// A sentence naming the flags; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        self.base.check()?;
        if !self.base.queue.unbounded && self.base.queue.capacity == 0 {
            return Err(
                "--capacity 0: a buffer needs at least one slot (a rendezvous is pass 02's)".into(),
            );
        }
        if self.base.queue.unbounded && self.buffer.overflow != Overflow::Block {
            return Err(format!(
                "--overflow {} needs a bound: an --unbounded buffer is never full",
                self.buffer.overflow
            ));
        }
        Ok(())
    }

    /// The most tasks a consumer takes at once.
    pub fn batch(&self) -> usize {
        usize::try_from(self.buffer.batch).unwrap_or(usize::MAX)
    }

    /// How many tasks a producer puts at once.
    pub fn put_batch(&self) -> usize {
        usize::try_from(self.buffer.put_batch).unwrap_or(usize::MAX)
    }

    /// How long a consumer waits for its batch to fill.
    pub fn batch_wait(&self) -> Duration {
        Duration::from_millis(self.buffer.batch_wait_ms)
    }

    /// Whether the transcript shows priorities: when the strategy or the overflow
    /// policy uses them.
    pub fn shows_priority(&self) -> bool {
        self.buffer.strategy == Strategy::Priority || self.buffer.overflow.uses_priority()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(args: &[&str]) -> String {
        let config = Config::parse_from(std::iter::once("07").chain(args.iter().copied()));
        config.check().expect_err("refused")
    }

    #[test]
    fn pass_03s_flags_and_the_buffer_s() {
        let config = Config::parse_from(["07", "--strategy", "lifo", "--capacity", "4"]);
        assert_eq!(config.buffer.strategy, Strategy::Lifo);
        assert_eq!(config.base.queue.capacity, 4);
        assert_eq!(config.buffer.overflow, Overflow::Block);
        assert_eq!(config.batch(), 1);
        config.check().expect("fine");
    }

    #[test]
    fn contradictions_name_their_flags() {
        assert!(refused(&["--capacity", "0"]).contains("--capacity 0"));
        assert!(refused(&["--unbounded", "--overflow", "reject"]).contains("--overflow reject"));
        assert!(refused(&["--drain-ms", "5"]).contains("--drain-ms"));
    }
}
