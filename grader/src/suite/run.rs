//! One run of a suite: its flags, from which both the command line and what the
//! transcript must show are derived, so the two cannot disagree.

use std::time::Duration;

use crate::check::{Bound, Expect};
use crate::line::{Line, OutcomeCount, Reason, StopMode, Trigger};
use crate::run::{Graded, graded};
use crate::suite::{Pass, Signal};
use crate::transcript::Transcript;

/// The drain `--shutdown timeout` allows when `--drain-ms` is not given.
const DEFAULT_DRAIN_MS: u64 = 2000;

/// A run's flags, by name. Flags the run does not set keep the pass's defaults.
#[derive(Debug, Clone)]
pub struct Run {
    flags: Vec<(&'static str, Option<String>)>,
}

impl Run {
    /// A fast run that goes on until it is stopped: 3 producers, 2 consumers, a queue
    /// of 10, no pacing, 0–1 ms of work.
    pub fn fast() -> Self {
        Self { flags: Vec::new() }
            .set("--producers", 3)
            .set("--consumers", 2)
            .set("--capacity", 10)
            .set("--rate", 0)
            .set("--work-ms", "0..1")
    }

    /// The same run with `flag` set to `value` (replacing any earlier value).
    #[must_use]
    pub fn set(mut self, flag: &'static str, value: impl ToString) -> Self {
        self.flags.retain(|(f, _)| *f != flag);
        self.flags.push((flag, Some(value.to_string())));
        self
    }

    /// The same run with one more value of a flag that may repeat (`--panic-on-task`).
    #[must_use]
    pub fn add(mut self, flag: &'static str, value: impl ToString) -> Self {
        self.flags.push((flag, Some(value.to_string())));
        self
    }

    /// The same run with the switch `flag` (`--quiet`) on.
    #[must_use]
    pub fn switch(mut self, flag: &'static str) -> Self {
        self.flags.retain(|(f, _)| *f != flag);
        self.flags.push((flag, None));
        self
    }

    /// The same run stopped in `mode` (`graceful`, `immediate`, `timeout`).
    #[must_use]
    pub fn shutdown(self, mode: &str) -> Self {
        self.set("--shutdown", mode)
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(f, _)| *f == flag)
            .and_then(|(_, v)| v.as_deref())
    }

    fn number(&self, flag: &str) -> Option<u64> {
        self.value(flag).map(|v| v.parse().expect("a number"))
    }

    fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|(f, _)| *f == flag)
    }

    /// The command line for `pass` (without a program name): the pass's lesson
    /// flags, its endless flag unless the run sets `--tasks`, then the run's flags.
    pub fn args(&self, pass: &Pass) -> Vec<String> {
        let mut args: Vec<String> = pass.lesson.iter().map(|s| (*s).to_owned()).collect();
        if !self.has("--tasks") {
            args.extend(pass.endless.iter().map(|s| (*s).to_owned()));
        }
        for (flag, value) in &self.flags {
            args.push((*flag).to_owned());
            args.extend(value.clone());
        }
        args
    }

    /// The stop mode the run was given.
    pub fn stop_mode(&self) -> StopMode {
        let drain = self.number("--drain-ms").unwrap_or(DEFAULT_DRAIN_MS);
        Pass::stop_mode(self.value("--shutdown").unwrap_or("graceful"), drain)
    }

    /// The bound the run was given.
    pub fn bound(&self) -> Bound {
        if self.has("--unbounded") {
            Bound::Unbounded
        } else {
            Bound::Capacity(self.number("--capacity").expect("the run sets --capacity"))
        }
    }

    /// What `transcript`, printed by this run of `pass`, must show: every task the
    /// run was to create when nothing stopped it early, else the tasks it reports.
    pub fn expect(&self, pass: &Pass, transcript: &Transcript) -> Expect {
        // A trigger, or a producer that failed or lost its channel, ends production
        // early: then the tasks the run reports are what it must account for.
        let stopped = transcript.iter().any(|l| {
            matches!(
                l,
                Line::Trigger(_) | Line::ProducerFailed { .. } | Line::ProducerOrphaned { .. }
            )
        });
        let total = self
            .number("--tasks")
            .filter(|_| !stopped)
            .map(|tasks| tasks * self.number("--producers").unwrap_or(3));
        let expect = match (self.has("--quiet"), total) {
            (false, Some(n)) => Expect::tasks(n),
            (true, Some(n)) => Expect::quiet(n),
            (false, None) => Expect::tasks_unknown(),
            (true, None) => Expect::quiet_unknown(),
        };
        let expect = (pass.rules)(expect.bounded(self.bound()).stoppable(self.stop_mode()));
        if self.has("--panic-on-task") {
            expect
        } else {
            expect.without_injected_panics()
        }
    }

    /// Runs `pass` in-process with these flags, sent `signal`; grades the transcript
    /// against the contract, and the status the run asks for against its accounting.
    ///
    /// # Panics
    /// If the transcript breaks the contract or the status disagrees with it.
    #[track_caller]
    pub fn graded(&self, pass: &Pass, signal: Signal) -> Outcome {
        let args = self.args(pass);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ran = (pass.in_process)(&args, signal);
        let transcript = Transcript::parse(&ran.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", ran.stdout));
        let graded = graded(ran.stdout, &self.expect(pass, &transcript));
        assert_eq!(
            ran.status,
            graded.transcript.exit_status(),
            "{args:?}: the status disagrees with the accounting\n{}",
            graded.stdout
        );
        Outcome { graded }
    }
}

impl Run {
    /// Runs `pass`'s binary with these flags (for at most a minute); grades
    /// the transcript against the contract, and the exit status against its
    /// accounting.
    ///
    /// # Panics
    /// If the run fails either check, or does not end in time.
    #[track_caller]
    pub fn graded_binary(&self, pass: &Pass) -> Outcome {
        let args = self.args(pass);
        let output = crate::tether::command(pass.bin)
            .args(&args)
            .timeout(BINARY_LIMIT)
            .output()
            .unwrap_or_else(|e| panic!("{args:?}: {e} (the limit is {BINARY_LIMIT:?})"));
        let stdout = String::from_utf8(output.stdout).expect("a UTF-8 transcript");
        let transcript =
            Transcript::parse(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{stdout}"));
        let graded = graded(stdout, &self.expect(pass, &transcript));
        let status = graded.transcript.exit_status();
        assert_eq!(
            output.status.code(),
            Some(status),
            "{args:?}: exit status {}, the accounting calls for {status}\nstderr:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        Outcome { graded }
    }
}

/// How long a suite lets a pass's binary run before calling it hung.
pub const BINARY_LIMIT: Duration = Duration::from_secs(60);

/// A graded run, with what the suites ask of its summary.
#[derive(Debug)]
pub struct Outcome {
    /// The graded transcript.
    pub graded: Graded,
}

impl Outcome {
    /// What stopped the run early, if anything did.
    pub fn trigger(&self) -> Option<Trigger> {
        self.graded.transcript.iter().find_map(|l| match l {
            Line::Trigger(t) => Some(*t),
            _ => None,
        })
    }

    /// The lines, in order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.graded.transcript.iter()
    }

    /// Tasks processed (the final statistics' count).
    pub fn processed(&self) -> u64 {
        self.find(|l| match l {
            Line::FinalStats(n) => Some(*n),
            _ => None,
        })
    }

    /// Tasks produced (the summary's count).
    pub fn produced(&self) -> u64 {
        self.find(|l| match l {
            Line::Produced(n) => Some(*n),
            _ => None,
        })
    }

    /// One of pass 05's summary counts.
    pub fn count(&self, count: OutcomeCount) -> u64 {
        self.find(|l| match l {
            Line::Outcome { count: c, n } if *c == count => Some(*n),
            _ => None,
        })
    }

    /// The sum of the results (`Sum of results`).
    pub fn result_sum(&self) -> u64 {
        self.find(|l| match l {
            Line::ResultSum(n) => Some(*n),
            _ => None,
        })
    }

    /// The dead-letter record: (task, reason, attempts), in the order printed.
    pub fn dead_letters(&self) -> Vec<(u64, Reason, u32)> {
        self.lines()
            .filter_map(|l| match l {
                Line::DeadLetter {
                    task,
                    reason,
                    attempts,
                } => Some((*task, *reason, *attempts)),
                _ => None,
            })
            .collect()
    }

    /// Tasks reported not processed.
    pub fn not_processed(&self) -> u64 {
        self.find(|l| match l {
            Line::NotProcessedCount(n) => Some(*n),
            _ => None,
        })
    }

    /// Whether a drain was cut short (a second signal or the drain timeout).
    pub fn escalated(&self) -> bool {
        self.graded
            .transcript
            .iter()
            .any(|l| matches!(l, Line::Escalation(_)))
    }

    /// The run's exit status (it agrees with the accounting: checked when graded).
    pub fn status(&self) -> i32 {
        self.graded.transcript.exit_status()
    }

    fn find(&self, f: impl Fn(&Line) -> Option<u64>) -> u64 {
        self.lines()
            .find_map(f)
            .unwrap_or_else(|| panic!("a summary line is missing\n{}", self.graded.stdout))
    }
}
