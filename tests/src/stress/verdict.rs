//! What a stress run amounted to, and the table the campaign ends with.

use std::fmt;
use std::process::ExitStatus;

use crate::check::{TaskClass, check};
use crate::line::{Line, OutcomeCount, Trigger};
use crate::stress::plan::Plan;
use crate::transcript::Transcript;

/// Everything wrong with one run (nothing: it is ok).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Tasks created and never processed nor reported.
    pub lost: usize,
    /// Tasks processed more than once.
    pub duplicated: usize,
    /// Tasks processed that were never created, or before they were.
    pub unexpected: usize,
    /// Killed at its deadline.
    pub hang: bool,
    /// A panic nobody injected, or the process killed by a signal (a crash).
    pub panic: bool,
    /// The exit status is not the one the transcript's accounting calls for.
    pub wrong_status: Option<String>,
    /// Any other broken rule of the transcript contract, or output outside it.
    pub contract: Vec<String>,
}

impl Verdict {
    /// Nothing wrong.
    pub fn is_ok(&self) -> bool {
        *self == Self::default()
    }

    /// A run killed at its deadline.
    pub fn hang() -> Self {
        Self {
            hang: true,
            ..Self::default()
        }
    }

    /// Judges a finished run of `plan`.
    pub fn of(plan: &Plan, status: ExitStatus, stdout: &str, stderr: &str) -> Self {
        let mut verdict = Self::default();
        let panics = stderr.matches("panicked at").count();
        let injected = stderr.matches("simulated panic").count();
        verdict.panic = status.code().is_none() || panics > injected;
        if panics > 0 && !plan.injects_panics {
            verdict.panic = true;
        }
        if status.code() == Some(2) {
            let why = stderr.lines().next().unwrap_or_default();
            verdict.contract.push(format!("the pass refused its flags: {why}"));
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
        verdict.lost = report.count(TaskClass::Lost);
        verdict.duplicated = report.count(TaskClass::Duplicated);
        verdict.unexpected = report.count(TaskClass::Unexpected) + report.count(TaskClass::Early);
        verdict.contract = report.violations.iter().map(ToString::to_string).collect();
        let expected = expected_status(plan.pass, &transcript);
        if let Some(code) = status.code()
            && code != expected
        {
            verdict.wrong_status = Some(format!("exit status {code}, expected {expected}"));
        }
        verdict
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.hang {
            parts.push("hang: killed at its deadline".into());
        }
        for (n, what) in [
            (self.lost, "lost"),
            (self.duplicated, "duplicated"),
            (self.unexpected, "unexpected or early"),
        ] {
            if n > 0 {
                parts.push(format!("{n} tasks {what}"));
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

/// The status the passes' exit table calls for, read from the transcript: 0 for
/// passes 01 and 02; from pass 03, 3 if any task was left (not processed,
/// undelivered), else 130 if a signal stopped the run, else 0.
fn expected_status(pass: u8, transcript: &Transcript) -> i32 {
    if pass < 3 {
        return 0;
    }
    let left = transcript.lines.iter().any(|(_, l)| {
        matches!(
            l,
            Line::NotProcessedCount(n)
                | Line::Outcome {
                    count: OutcomeCount::Undelivered,
                    n
                } if *n > 0
        )
    });
    let first_trigger = transcript.lines.iter().find_map(|(_, l)| match l {
        Line::Trigger(t) => Some(*t),
        _ => None,
    });
    if left {
        3
    } else if first_trigger == Some(Trigger::Signal) {
        130
    } else {
        0
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
}

impl Tally {
    /// Counts `verdict` in.
    pub fn add(&mut self, verdict: &Verdict) {
        self.runs += 1;
        self.ok += u32::from(verdict.is_ok());
        self.lost += u32::from(verdict.lost > 0);
        self.duplicated += u32::from(verdict.duplicated > 0);
        self.unexpected += u32::from(verdict.unexpected > 0);
        self.hangs += u32::from(verdict.hang);
        self.panics += u32::from(verdict.panic);
        self.wrong_status += u32::from(verdict.wrong_status.is_some());
        self.contract += u32::from(!verdict.contract.is_empty());
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
