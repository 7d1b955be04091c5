//! The flags of this pass, parsed and validated by clap.
//!
//! The system (`--producers` × `--tasks`, `--consumers`, `--capacity`), the broker
//! (`--redis`, `--name`), the work and its failures (`--work-ms`, `--seed`,
//! `--fail-rate`), what the broker does with work nobody acknowledges
//! (`--claim-idle-ms`, `--max-deliveries`), statistics (`--stats-interval-ms`) and pass
//! 03's way of stopping. The launcher starts every producer and consumer with its own
//! command line plus `--role` and `--index` (hidden), so all processes of a run read
//! the same flags.

use std::time::Duration;

use clap::{Parser, ValueEnum};
use plumbing::flags::{MAX_CAPACITY, MAX_INTERVAL_MS, MAX_TASKS, MAX_THREADS};
use plumbing::{Probability, WorkRange};

pub use ::shutdown::config::{Mode, StopFlags};

/// How a run of pass 10 is shaped.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "10-broker",
    version,
    about = "Pass 10: producers and consumers as separate processes on Redis Streams: a consumer group, acks, a killed consumer's work reclaimed, dead letters.",
    after_help = "Exit status: 0 every task acknowledged or dead-lettered; 130 interrupted by a signal, \
                  every task settled; 3 tasks left in the stream; 1 error (no broker, a process \
                  could not start or failed); 2 bad flags.",
    // The launcher appends `--redis URL` to the flags it passes on: the last wins.
    args_override_self = true,
    mut_arg("shutdown", |a| a.help(
        "How to stop when asked to: producers stop and consumers drain the stream \
         (graceful), or every process stops after the task in hand and the rest stays \
         in the stream (immediate), or graceful for `--drain-ms` then immediate \
         (timeout). A second Ctrl+C stops immediately"
    )),
)]
pub struct Config {
    /// The broker, as a URL (`redis://127.0.0.1:6379`). Without it the launcher starts
    /// a private `redis-server` on a free loopback port for the run and stops it at
    /// the end (`redis-server` must be on the PATH).
    #[arg(long, value_name = "URL")]
    pub redis: Option<String>,
    /// The system's name: every key it uses is `{NAME}:…`, one hash tag, so that on
    /// Redis Cluster all of them live on one shard. A run starts by deleting them.
    #[arg(long, value_name = "NAME", default_value = "pc", value_parser = name)]
    pub name: String,
    /// Producer processes.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_THREADS)))]
    pub producers: u32,
    /// Tasks each producer adds to the stream.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=MAX_TASKS))]
    pub tasks: u64,
    /// Consumer processes, all in one consumer group.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS)))]
    pub consumers: u32,
    /// Tasks in flight (added and neither acknowledged nor dead-lettered) at most:
    /// producers wait while the stream holds this many.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u64).range(1..=MAX_CAPACITY))]
    pub capacity: u64,
    /// Milliseconds of simulated work per task, `N` or `MIN..MAX` (drawn from the seed
    /// and the task's id).
    #[arg(long, value_name = "MS", default_value = "1..3")]
    pub work_ms: WorkRange,
    /// Seed of the tasks' draws: payloads, costs, failures.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Probability that one delivery of a task fails (drawn from the seed and the id,
    /// as pass 05 draws attempts).
    #[arg(long, value_name = "P", default_value = "0")]
    pub fail_rate: Probability,
    /// Deliveries of a task at most: one that fails on its last delivery, or is found
    /// delivered this many times and never acknowledged, goes to the dead-letter
    /// stream.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_deliveries: u32,
    /// A task delivered and not acknowledged for this long is reclaimed by another
    /// consumer (its consumer died, or its delivery failed). Longer than any task.
    #[arg(long, value_name = "MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(10..=MAX_INTERVAL_MS))]
    pub claim_idle_ms: u64,
    /// Print the group's statistics (lag, pending, each consumer's) this often.
    #[arg(long, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(1..=MAX_INTERVAL_MS))]
    pub stats_interval_ms: Option<u64>,
    /// Print no per-task lines, only the header, the processes and the summary.
    #[arg(long)]
    pub quiet: bool,
    /// Start each producer under this command, which must run the program it is given
    /// in place of itself (exec), so that the launcher supervises the producer's own
    /// process: `ip netns exec NS` (another network namespace), `taskset -c 2`,
    /// `nice -n 5`. Split at spaces.
    #[arg(long, value_name = "CMD", value_parser = wrapper)]
    pub wrap_producers: Option<Wrapper>,
    /// Start each consumer under this command (as `--wrap-producers`).
    #[arg(long, value_name = "CMD", value_parser = wrapper)]
    pub wrap_consumers: Option<Wrapper>,
    /// How and when to stop: pass 03's `--shutdown`, `--drain-ms`, `--duration-ms`.
    #[command(flatten)]
    pub stop: StopFlags,
    /// Which process this is: the launcher (by default), or a producer or consumer it
    /// started.
    #[arg(long, value_enum, default_value_t = Role::Launcher, hide = true,
          requires_if("producer", "redis"),
          requires_if("consumer", "redis"))]
    pub role: Role,
    /// The producer's or consumer's number, given by the launcher.
    #[arg(long, default_value_t = 0, hide = true)]
    pub index: u32,
}

/// A command a child is started under: the program, then its arguments.
pub type Wrapper = Vec<String>;

/// Parses `--wrap-producers` and `--wrap-consumers`: words split at spaces.
fn wrapper(text: &str) -> Result<Wrapper, String> {
    let words: Wrapper = text.split_whitespace().map(str::to_owned).collect();
    if words.is_empty() {
        return Err("expected a command, e.g. `ip netns exec NS`".into());
    }
    Ok(words)
}

/// The three kinds of process of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Starts the broker if need be, the producers and the consumers; supervises them;
    /// prints the header and the summary.
    Launcher,
    /// Adds its tasks to the stream.
    Producer,
    /// Reads, processes and acknowledges tasks.
    Consumer,
}

impl Config {
    /// Flags that parse but contradict each other: pass 03's, and a claim time no
    /// longer than the longest task (every task would be reclaimed while still in
    /// hand).
    pub fn check(&self) -> Result<(), String> {
        self.stop.check()?;
        if self.claim_idle_ms <= self.work_ms.max_ms {
            return Err(format!(
                "--claim-idle-ms ({}) must be longer than the longest task (--work-ms up to {} ms)",
                self.claim_idle_ms, self.work_ms.max_ms
            ));
        }
        Ok(())
    }

    /// The idle time after which a delivered task is reclaimed.
    pub fn claim_idle(&self) -> Duration {
        Duration::from_millis(self.claim_idle_ms)
    }

    /// How often a consumer looks for tasks to reclaim: twice per idle time, so a
    /// task whose consumer died waits at most one and a half idle times.
    pub fn claim_every(&self) -> Duration {
        self.claim_idle() / 2
    }
}

/// `--name`: letters, digits, `-` and `_`, so that it cannot break the hash tag.
fn name(text: &str) -> Result<String, String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if text.is_empty() || text.len() > 64 || !text.chars().all(ok) {
        return Err("a name is 1 to 64 letters, digits, '-' or '_'".into());
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Config::try_parse_from(["10-broker"].iter().chain(args))
    }

    #[test]
    fn the_last_redis_flag_wins() {
        let config = parse(&["--redis", "redis://a", "--redis", "redis://b"]).unwrap();
        assert_eq!(config.redis.as_deref(), Some("redis://b"));
    }

    #[test]
    fn a_claim_time_shorter_than_a_task_is_refused() {
        let config = parse(&["--work-ms", "50..200", "--claim-idle-ms", "200"]).unwrap();
        let error = config.check().unwrap_err();
        assert!(error.contains("--claim-idle-ms"), "{error}");
        let config = parse(&["--work-ms", "50..200", "--claim-idle-ms", "201"]).unwrap();
        assert_eq!(config.check(), Ok(()));
    }

    #[test]
    fn consumers_look_for_abandoned_tasks_twice_per_idle_time() {
        let config = parse(&["--claim-idle-ms", "300"]).unwrap();
        assert_eq!(config.claim_every(), Duration::from_millis(150));
    }

    #[test]
    fn a_name_cannot_break_the_hash_tag() {
        assert!(parse(&["--name", "a}b"]).is_err());
        assert!(parse(&["--name", ""]).is_err());
        assert_eq!(parse(&["--name", "run-1_a"]).unwrap().name, "run-1_a");
    }
}
