//! The flags of this pass, parsed and validated by clap.
//!
//! Pass 04's flags keep their names, meanings and defaults; they are its own
//! [`monitoring::Config`], flattened in, so `--help` lists them all. The default run is
//! pass 04's (3 producers × 50 tasks, 2 consumers, paced), now with a small failure
//! rate (`--fail-rate 0.02`) so a few tasks fail, as in the exercise's validation
//! transcripts. This pass adds the failures, each on demand and each replayed by `--seed`: task failures
//! (`--fail-rate`) with `--retries` and `--backoff-ms`, producer failures
//! (`--fail-producer`, `--panic-producer`), consumer panics (`--panic-on-task`) and how
//! many replacements a run may start (`--max-restarts`). A value out of range, or flags
//! that contradict each other, are refused before the library runs: the process says
//! what is wrong and exits with 2.

use clap::{Args, Parser};

use plumbing::flags::{MAX_BACKOFF_MS, MAX_RESTARTS, MAX_RETRIES};
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
// Its own group name: pass 04's `Config`, flattened in, already has the name `Config`.
#[group(id = "errors")]
pub struct Config {
    /// Everything pass 04 has.
    #[command(flatten)]
    pub base: monitoring::Config,

    /// What this pass adds.
    #[command(flatten)]
    pub failures: Failures,
}

/// The flags this pass adds: the failures, and how the run handles them.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Failures {
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

/// A pass 05 config is a pass 04 config and more: `config.seed` reads pass 04's flag.
impl std::ops::Deref for Config {
    type Target = monitoring::Config;

    fn deref(&self) -> &monitoring::Config {
        &self.base
    }
}

impl Config {
    /// Flags that contradict each other, which clap's attributes cannot express:
    /// pass 04's, then a fault planned for a producer that does not exist, that fails
    /// twice, or after its last task.
    ///
    /// # Errors
    /// A sentence saying what conflicts; the binary prints it and exits with status 2.
    pub fn check(&self) -> Result<(), String> {
        self.base.check()?;
        // Each fault with the flag that gave it, so that a refusal names the flag.
        let faults = (self
            .failures
            .fail_producer
            .iter()
            .map(|f| ("--fail-producer", f)))
        .chain(
            self.failures
                .panic_producer
                .iter()
                .map(|f| ("--panic-producer", f)),
        );
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
        Ok(())
    }

    /// The fault planned for producer `index`, if any.
    pub fn producer_fault(&self, index: u32) -> Option<(ProducerFault, FaultKind)> {
        let find = |faults: &[ProducerFault]| faults.iter().copied().find(|f| f.producer == index);
        find(&self.failures.fail_producer)
            .map(|f| (f, FaultKind::Error))
            .or_else(|| find(&self.failures.panic_producer).map(|f| (f, FaultKind::Panic)))
    }

    /// Attempts a task gets in all: the first and `--retries` more.
    pub fn max_attempts(&self) -> u32 {
        self.failures.retries + 1
    }
}
