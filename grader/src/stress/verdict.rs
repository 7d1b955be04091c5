//! What a stress run amounted to, and the table the campaign ends with.

use std::fmt;
use std::process::ExitStatus;

use crate::check::{Rule, TaskClass, Violation, check};
use crate::durable::{History, Rule as DurableRule};
use crate::stress::plan::Plan;
use crate::transcript::Transcript;

/// Everything wrong with one run (nothing: it is ok).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Tasks created and never processed nor reported.
    pub lost: Vec<u64>,
    /// Tasks processed more than once.
    pub duplicated: Vec<u64>,
    /// Tasks processed that were never created, or before they were.
    pub unexpected: Vec<u64>,
    /// Killed at its deadline.
    pub hang: bool,
    /// A panic nobody injected, or the process killed by a signal (a crash).
    pub panic: bool,
    /// The exit status is not the one the transcript's accounting calls for.
    pub wrong_status: Option<String>,
    /// Any other broken rule of the transcript contract, or output outside it.
    pub contract: Vec<String>,
    /// Processes killed with SIGKILL on purpose (pass 09's chains, pass 10's
    /// consumers): not a fault.
    pub kills: u32,
}

impl Verdict {
    /// Nothing wrong.
    pub fn is_ok(&self) -> bool {
        *self
            == Self {
                kills: self.kills,
                ..Self::default()
            }
    }

    /// A run killed at its deadline.
    pub fn hang() -> Self {
        Self {
            hang: true,
            ..Self::default()
        }
    }

    /// A run judged by one broken rule.
    pub fn contract(what: String) -> Self {
        Self {
            contract: vec![what],
            ..Self::default()
        }
    }

    /// Judges a chain of pass 09 by its history: a run that did not end is a hang,
    /// every other fault a broken rule of the contract (the first, and how many more).
    pub fn of_history(history: &History) -> Self {
        let mut verdict = Self {
            kills: history.kills,
            ..Self::default()
        };
        let Some(first) = history.faults.first() else {
            return verdict;
        };
        if history
            .faults
            .iter()
            .any(|f| f.rule == DurableRule::Process && f.detail.contains("did not end"))
        {
            verdict.hang = true;
        }
        let more = history.faults.len() - 1;
        verdict.contract.push(match more {
            0 => format!("[durable] {first}"),
            more => format!("[durable] {first} (and {more} more)"),
        });
        verdict
    }

    /// Judges a finished run of `plan`.
    pub fn of(plan: &Plan, status: ExitStatus, stdout: &str, stderr: &str) -> Self {
        let mut verdict = Self::default();
        let panics = stderr.matches("panicked at").count();
        let injected = stderr.matches("simulated panic").count();
        // Only injected panics say `simulated panic`: any other is one too many.
        verdict.panic = status.code().is_none() || panics > injected;
        if plan.closes_stdout.is_some() {
            // The transcript is cut short on purpose: only how the pass ended counts.
            let code = status.code();
            let allowed: &[i32] = if !crate::passes::carries(plan.pass, 3) {
                &[0]
            } else {
                &[0, 3]
            };
            if !code.is_some_and(|c| allowed.contains(&c)) {
                verdict.wrong_status = Some(format!(
                    "with stdout closed: exit status {code:?}, expected one of {allowed:?}"
                ));
            }
            if !stderr.trim().is_empty() && !plan.injects_panics {
                let first = stderr.lines().next().unwrap_or_default();
                verdict
                    .contract
                    .push(format!("with stdout closed, it said on stderr: {first}"));
            }
            return verdict;
        }
        if status.code() == Some(2) {
            let why = stderr.lines().next().unwrap_or_default();
            verdict
                .contract
                .push(format!("the pass refused its flags: {why}"));
            return verdict;
        }
        if plan.pass == 8 {
            verdict.pipeline(stdout, status.code());
            return verdict;
        }
        if plan.pass == 10 {
            verdict.broker(stdout, status.code());
            return verdict;
        }
        let transcript = match Transcript::parse(stdout) {
            Ok(t) => t,
            Err(e) => {
                verdict.contract.push(e.to_string());
                return verdict;
            }
        };
        let report = check(&transcript, &plan.expect);
        let ids = |class| report.classes.get(&class).cloned().unwrap_or_default();
        verdict.lost = ids(TaskClass::Lost);
        verdict.duplicated = ids(TaskClass::Duplicated);
        verdict.unexpected = [ids(TaskClass::Unexpected), ids(TaskClass::Early)].concat();
        // The rest of the contract (the task classes have their own columns): one
        // line per rule broken, its first violation and how many more there are.
        let mut by_rule: Vec<(Rule, &Violation, usize)> = Vec::new();
        for v in report
            .violations
            .iter()
            .filter(|v| !matches!(v, Violation::Tasks { .. }))
        {
            match by_rule.iter_mut().find(|(rule, ..)| *rule == v.rule()) {
                Some((_, _, more)) => *more += 1,
                None => by_rule.push((v.rule(), v, 0)),
            }
        }
        verdict.contract = by_rule
            .into_iter()
            .map(|(rule, first, more)| match more {
                0 => format!("[{rule}] {first}"),
                more => format!("[{rule}] {first} (and {more} more)"),
            })
            .collect();
        // Passes 01–02 always exit 0; from 03 the accounting decides (3, 130 or 0).
        let expected = if !crate::passes::carries(plan.pass, 3) {
            0
        } else {
            transcript.exit_status()
        };
        if let Some(code) = status.code()
            && code != expected
        {
            verdict.wrong_status = Some(format!("exit status {code}, expected {expected}"));
        }
        verdict
    }
}

impl Verdict {
    /// Judges a whole transcript of pass 08 and its exit status (already known to be
    /// neither 2 nor a cut-short run's).
    fn pipeline(&mut self, stdout: &str, code: Option<i32>) {
        match crate::pipeline::check(stdout) {
            Err(faults) => {
                let more = faults.len() - 1;
                self.contract.push(match more {
                    0 => format!("[pipeline] {}", faults[0]),
                    more => format!("[pipeline] {} (and {more} more)", faults[0]),
                });
            }
            Ok(report) => {
                let signalled = stdout.lines().any(|l| l == "Shutdown signal received");
                let expected = report.exit_status(signalled);
                if code != Some(expected) {
                    self.wrong_status = Some(format!("exit status {code:?}, expected {expected}"));
                }
            }
        }
    }
}

impl Verdict {
    /// Judges a whole transcript of pass 10 with its exit status; its kills are the
    /// deaths the launcher reported (a kill drawn after the run ended kills nothing).
    fn broker(&mut self, stdout: &str, code: Option<i32>) {
        match crate::broker::check(stdout, code) {
            Ok(report) => self.kills = u32::try_from(report.deaths).unwrap_or(u32::MAX),
            Err(faults) => {
                let more = faults.len() - 1;
                self.contract.push(match more {
                    0 => format!("[broker] {}", faults[0]),
                    more => format!("[broker] {} (and {more} more)", faults[0]),
                });
            }
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.hang {
            parts.push("hang: killed at its deadline".into());
        }
        for (ids, what) in [
            (&self.lost, "lost"),
            (&self.duplicated, "duplicated"),
            (&self.unexpected, "unexpected or early"),
        ] {
            if !ids.is_empty() {
                parts.push(format!("tasks {what}: {ids:?}"));
            }
        }
        if self.panic {
            parts.push("a panic nobody injected, or a crash".into());
        }
        parts.extend(self.wrong_status.clone());
        parts.extend(self.contract.iter().cloned());
        f.write_str(&parts.join("; "))
    }
}

/// One pass's row of the campaign's table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Runs made.
    pub runs: u32,
    /// Runs with nothing wrong.
    pub ok: u32,
    /// Runs that lost at least one task.
    pub lost: u32,
    /// Runs that processed a task twice.
    pub duplicated: u32,
    /// Runs that processed a task never (or not yet) created.
    pub unexpected: u32,
    /// Runs killed at their deadline.
    pub hangs: u32,
    /// Runs with a panic nobody injected, or a crash.
    pub panics: u32,
    /// Runs that exited with a status their accounting does not call for.
    pub wrong_status: u32,
    /// Runs that broke another rule of the transcript contract.
    pub contract: u32,
    /// Processes killed with SIGKILL on purpose (pass 09's chains).
    pub kills: u32,
}

impl Tally {
    /// Counts `verdict` in.
    pub fn add(&mut self, verdict: &Verdict) {
        self.runs += 1;
        self.ok += u32::from(verdict.is_ok());
        self.lost += u32::from(!verdict.lost.is_empty());
        self.duplicated += u32::from(!verdict.duplicated.is_empty());
        self.unexpected += u32::from(!verdict.unexpected.is_empty());
        self.hangs += u32::from(verdict.hang);
        self.panics += u32::from(verdict.panic);
        self.wrong_status += u32::from(verdict.wrong_status.is_some());
        self.contract += u32::from(!verdict.contract.is_empty());
        self.kills += verdict.kills;
    }

    /// The table's heading, aligned with [`Tally::row`].
    pub fn heading() -> String {
        format!(
            "{:<18} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6} {:>8}",
            "pass", "runs", "ok", "lost", "dup", "unexp", "hangs", "panics", "status", "contract"
        )
    }

    /// This pass's row.
    pub fn row(&self, pass: &str) -> String {
        format!(
            "{pass:<18} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6} {:>8}",
            self.runs,
            self.ok,
            self.lost,
            self.duplicated,
            self.unexpected,
            self.hangs,
            self.panics,
            self.wrong_status,
            self.contract
        )
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;

    use super::*;

    const GOOD: &str = "Starting system: 1 producer, 1 consumer

Producer 0 created task 0
Producer 0 created task 1
Consumer 0 processing task 0
Consumer 0 processing task 1

All producers finished
All consumers finished
Total tasks: 2
Sum of results: 177
";

    fn plan() -> Plan {
        let mut plan = Plan::draw(1, 1, 0);
        plan.expect.created = Some(2);
        plan.closes_stdout = None;
        plan
    }

    fn exit(code: i32) -> ExitStatus {
        ExitStatus::from_raw(code << 8)
    }

    #[test]
    fn a_good_run_is_ok() {
        assert!(Verdict::of(&plan(), exit(0), GOOD, "").is_ok());
    }

    #[test]
    fn each_fault_lands_in_its_column() {
        let twice = GOOD.replace(
            "Consumer 0 processing task 1\n",
            "Consumer 0 processing task 1\nConsumer 0 processing task 1\n",
        );
        let lost = GOOD.replace("Consumer 0 processing task 1\n", "");
        let mut tally = Tally::default();
        for verdict in [
            Verdict::of(&plan(), exit(0), &twice, ""),
            Verdict::of(&plan(), exit(0), &lost, ""),
            Verdict::of(&plan(), exit(1), GOOD, ""),
            Verdict::of(
                &plan(),
                exit(0),
                GOOD,
                "thread 'main' panicked at src/x.rs:1:1:",
            ),
            Verdict::of(&plan(), ExitStatus::from_raw(6), GOOD, ""),
            Verdict::hang(),
        ] {
            assert!(!verdict.is_ok(), "{verdict}");
            tally.add(&verdict);
        }
        let expected = Tally {
            runs: 6,
            ok: 0,
            lost: 1,
            duplicated: 1,
            unexpected: 0,
            hangs: 1,
            panics: 2,
            wrong_status: 1,
            // The doubled and the missing line also break the summary's total.
            contract: 2,
            kills: 0,
        };
        assert_eq!(tally, expected);
    }

    #[test]
    fn a_chain_is_judged_by_its_history_and_its_kills_are_counted() {
        let mut history = History::new();
        history.run(
            "  [Consumer 0] Starting...\n",
            crate::durable::Ending::Killed,
        );
        let verdict = Verdict::of_history(&history);
        assert!(verdict.is_ok() && verdict.kills == 1, "{verdict}");
        history.process_fault("a run did not end within 1s".into());
        let verdict = Verdict::of_history(&history);
        assert!(verdict.hang && !verdict.is_ok());
        let mut tally = Tally::default();
        tally.add(&verdict);
        assert_eq!((tally.kills, tally.hangs, tally.ok), (1, 1, 0));
    }

    #[test]
    fn with_stdout_closed_only_a_quiet_clean_exit_passes() {
        let mut plan = plan();
        plan.closes_stdout = Some(1);
        let head = "Starting system: 1 producer, 1 consumer\n";
        assert!(Verdict::of(&plan, exit(0), head, "").is_ok());
        assert!(!Verdict::of(&plan, exit(1), head, "").is_ok());
        let said = "01-basic: could not write the transcript: Broken pipe";
        assert!(!Verdict::of(&plan, exit(0), head, said).is_ok());
    }
}
