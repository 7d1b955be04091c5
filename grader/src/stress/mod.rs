//! The stress campaign behind `cargo xtask stress`: each pass run many times with
//! configurations drawn from a seed, signals at drawn moments, every transcript
//! graded, hangs killed, and a table of what was found.
//!
//! A run is judged by [`Verdict::of`]: the grader's invariant checker (lost,
//! duplicated, unexpected tasks and every other rule of the contract), panics nobody
//! injected, and the exit status the pass's own exit table calls for. Each run's
//! configuration is a function of the seed, the pass and the run's index only
//! ([`Plan::draw`]), so a failure is replayed by `--only INDEX` with the same seed.

pub mod draw;
pub mod plan;
pub mod verdict;

use std::path::PathBuf;
use std::time::Duration;

use crate::child::{Child, Stuck};
use crate::durable::crash::run_chain;
use crate::line::Line;
pub use crate::passes::BINARIES;
pub use plan::{Kill, Moment, Plan, Signals};
pub use verdict::{Tally, Verdict};

/// What a campaign runs.
#[derive(Debug, Clone)]
pub struct Campaign {
    /// The folder holding the passes' binaries (`target/debug`).
    pub bin_dir: PathBuf,
    /// Runs per pass.
    pub runs: u32,
    /// The seed every configuration is drawn from.
    pub seed: u64,
    /// Passes to run, 1 to 10.
    pub passes: Vec<u8>,
    /// Only this run index of each pass (to replay a failure).
    pub only: Option<u32>,
    /// How long a run may take before it is killed and counted as a hang.
    pub deadline: Duration,
}

/// The ready line of passes 03 on, where signals may first be sent.
const READY: &str = "Running... Press Ctrl+C to stop";

impl Campaign {
    /// Runs the campaign, printing each failure (with the command that reproduces
    /// it) as it happens; returns one tally per pass, in order.
    pub fn run(&self) -> Vec<(u8, Tally)> {
        let mut tallies = Vec::new();
        for &pass in &self.passes {
            let mut tally = Tally::default();
            let indices = match self.only {
                Some(k) => k..k + 1,
                None => 0..self.runs,
            };
            for index in indices {
                let plan = Plan::draw(self.seed, pass, index);
                let verdict = self.one(&plan);
                if !verdict.is_ok() {
                    println!("FAIL {} run {index}: {verdict}", plan.binary());
                    println!("  command: {}", plan.command());
                    if let Some(signals) = plan.signals_in_words() {
                        println!("  signals: {signals}");
                    }
                    if let Some(fault) = plan.fault_in_words() {
                        println!("  fault:   {fault}");
                    }
                    println!(
                        "  replay:  cargo xtask stress {} --seed {} --only {index}",
                        plan.binary(),
                        self.seed
                    );
                }
                tally.add(&verdict);
            }
            tallies.push((pass, tally));
        }
        tallies
    }

    /// Runs `plan` once and judges it.
    pub fn one(&self, plan: &Plan) -> Verdict {
        let program = self.bin_dir.join(plan.binary());
        if let Some(chain) = &plan.chain {
            let dir = match tempfile::TempDir::new() {
                Ok(dir) => dir,
                Err(e) => return Verdict::contract(format!("no folder for the queue: {e}")),
            };
            return Verdict::of_history(&run_chain(&program, dir.path(), chain, self.deadline));
        }
        let args: Vec<&str> = plan.args.iter().map(String::as_str).collect();
        let mut child = match plan.closes_stdout {
            Some(keep) => Child::spawn_reading(&program, &args, keep),
            None => Child::spawn(&program, &args),
        };
        if let Some(signals) = &plan.signals {
            let moment = match signals.at {
                Moment::Ready => child.try_wait_for_nth(1, |l| l == READY, self.deadline),
                Moment::Processing(k) => child.try_wait_for_nth(
                    k,
                    |l| matches!(Line::parse(l), Some(Line::Processing { .. })),
                    self.deadline,
                ),
                // The data source's k-th tick, or the aggregator's k-th quote.
                Moment::Ticks(k) => child.try_wait_for_nth(
                    k,
                    |l| l.starts_with("[DataSource]") || l.starts_with("[Aggregator]"),
                    self.deadline,
                ),
            };
            match moment {
                Ok(_) => {
                    for &signal in &signals.send {
                        child.signal(signal);
                    }
                }
                // The run ended before the moment came (a short finite run): nothing
                // to send; it is judged as it is.
                Err(Stuck::Ended) => {}
                Err(Stuck::Timeout) => return Verdict::hang(),
            }
        }
        for &kill in &plan.kills {
            match kill_at(&mut child, kill, self.deadline) {
                Ok(()) => {}
                // The run ended (or got no further) before the k-th line: judged as it is.
                Err(Stuck::Ended) => break,
                Err(Stuck::Timeout) => return Verdict::hang(),
            }
        }
        match child.try_finish(self.deadline) {
            Ok(done) => Verdict::of(plan, done.status, &done.stdout, &done.stderr),
            Err(_) => Verdict::hang(),
        }
    }
}

/// Pass 10: SIGKILL to the process that printed the line `kill` names, its pid from
/// the launcher's `Started consumer C (pid N)` line; a producer's replacement keeps
/// its number, so a producer's pid is from its latest start (one more than its deaths
/// said so far: the launcher says a death before it starts the replacement).
fn kill_at(child: &mut Child, kill: Kill, deadline: Duration) -> Result<(), Stuck> {
    use crate::broker::BrokerLine as B;
    use crate::broker::line::Who;
    let who = match kill {
        Kill::Consumer(k) => {
            let line = child.try_wait_for_nth(
                k,
                |l| matches!(B::parse(l), Some(B::Processing { .. })),
                deadline,
            )?;
            let Some(B::Processing { consumer, .. }) = B::parse(&line) else {
                return Ok(());
            };
            Who::Consumer(consumer)
        }
        Kill::Producer(k) => {
            let line = child.try_wait_for_nth(
                k,
                |l| matches!(B::parse(l), Some(B::Created { .. })),
                deadline,
            )?;
            let Some(B::Created { producer, .. }) = B::parse(&line) else {
                return Ok(());
            };
            Who::Producer(producer)
        }
    };
    let deaths = child
        .seen()
        .iter()
        .filter(|l| B::parse(l) == Some(B::Died(who)))
        .count();
    let line = child.try_wait_for_nth(
        deaths + 1,
        |l| B::parse(l) == Some(B::Started(who)),
        deadline,
    )?;
    let pid = line
        .rsplit_once("pid ")
        .and_then(|(_, p)| p.strip_suffix(')')?.parse().ok());
    if let Some(pid) = pid {
        // It may have exited already (stopped at the end): nothing to kill.
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
    Ok(())
}
