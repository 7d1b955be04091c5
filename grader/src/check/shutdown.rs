//! Pass 03's rules: the header block, the shutdown announcements and the phases
//! they start, each thread's shutdown lines, and the accounting
//! produced = processed + not processed.
//!
//! The checker walks the transcript in order, tracking the phase the announcements
//! put the run in:
//!
//! ```text
//!   Running ──trigger──> Draining (graceful, timeout) ──escalation──> Stopping
//!      └────trigger────> Stopping (immediate)
//! ```
//!
//! A pass prints each announcement and changes the phase in one step, so a line a
//! worker prints in reaction to a phase always comes after the line that announced
//! it, and a worker that read the phase just before starts at most one task after.

use std::collections::{BTreeMap, BTreeSet};

use super::{Expect, Violation};
use crate::line::{Line, OutcomeCount, StopMode};
use crate::transcript::Transcript;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Running,
    Draining,
    Stopping,
}

/// Checks the pass-03 lines of `transcript`, if the run had a shutdown mode.
pub(super) fn check(transcript: &Transcript, expect: &Expect, v: &mut Vec<Violation>) {
    let Some(mode) = expect.mode else { return };
    let mut rule = |line_no: usize, rule: String| v.push(Violation::Shutdown { line_no, rule });

    // The header block: header, capacity, mode, ready; the first four lines (pass
    // 07's `Buffer` line, between mode and ready, is checked with the buffer's rules).
    let head: Vec<&(usize, Line)> = transcript
        .lines
        .iter()
        .filter(|(_, l)| *l != Line::Blank && !matches!(l, Line::Buffer(_)))
        .take(4)
        .collect();
    match head.get(2) {
        Some((_, Line::ShutdownMode(printed))) if *printed == mode => {}
        Some((n, Line::ShutdownMode(printed))) => rule(
            *n,
            format!("the mode is {mode:?}, the header says {printed:?}"),
        ),
        _ => rule(
            0,
            "`Shutdown mode` must be the third line, after `Queue capacity`".into(),
        ),
    }
    if !matches!(head.get(3), Some((_, Line::Ready))) {
        rule(
            0,
            "the ready line `Running... Press Ctrl+C to stop` must follow `Shutdown mode`".into(),
        );
    }

    let mut phase = Phase::Running;
    let (mut triggered, mut escalated, mut finishing, mut ready_seen) =
        (false, false, false, false);
    let mut producers_done = false;
    let mut stopping_producers: BTreeSet<u32> = BTreeSet::new();
    let mut finished_consumers: BTreeSet<u32> = BTreeSet::new();
    let mut late_starts: BTreeMap<u32, u32> = BTreeMap::new();
    for (n, line) in &transcript.lines {
        let n = *n;
        match *line {
            Line::Ready if ready_seen => rule(n, "a second ready line".into()),
            Line::Ready => ready_seen = true,
            Line::Trigger(_) if triggered => rule(n, "a second shutdown trigger".into()),
            Line::Trigger(_) => {
                triggered = true;
                phase = if mode == StopMode::Immediate {
                    Phase::Stopping
                } else {
                    Phase::Draining
                };
            }
            Line::Escalation(drain) => {
                if phase != Phase::Draining || escalated {
                    rule(n, "an escalation needs a graceful drain in progress".into());
                }
                if let Some(ms) = drain
                    && mode != StopMode::Timeout(ms)
                {
                    rule(n, format!("a drain timeout of {ms} ms in mode {mode:?}"));
                }
                escalated = true;
                phase = Phase::Stopping;
            }
            Line::Interrupted { task } if phase != Phase::Stopping => {
                rule(
                    n,
                    format!("task {task} interrupted before an immediate shutdown began"),
                );
            }
            // A consumer may have checked the phase just before the stop, so it may
            // start one more task (or retry) after the announcement, never two.
            Line::Processing { consumer, .. } | Line::Retrying { consumer, .. }
                if phase == Phase::Stopping =>
            {
                let started = late_starts.entry(consumer).or_insert(0);
                *started += 1;
                if *started == 2 {
                    rule(
                        n,
                        format!(
                            "consumer {consumer} starts a second task after the immediate stop"
                        ),
                    );
                }
                if finished_consumers.contains(&consumer) {
                    rule(n, format!("consumer {consumer} works after it finished"));
                }
            }
            Line::NotProcessed { task } if phase != Phase::Stopping => {
                rule(
                    n,
                    format!(
                        "task {task} reported not processed before an immediate shutdown began"
                    ),
                );
            }
            Line::ProducerStopping { producer, graceful } => {
                if !triggered {
                    rule(
                        n,
                        format!("producer {producer} shuts down before any shutdown was announced"),
                    );
                } else if graceful && mode == StopMode::Immediate {
                    rule(
                        n,
                        format!("producer {producer} shuts down gracefully in immediate mode"),
                    );
                } else if !graceful && phase != Phase::Stopping {
                    rule(
                        n,
                        format!(
                            "producer {producer} shuts down immediately during a graceful drain"
                        ),
                    );
                }
                if !stopping_producers.insert(producer) {
                    rule(n, format!("producer {producer} shuts down twice"));
                }
            }
            Line::Created { producer, task } if stopping_producers.contains(&producer) => {
                rule(
                    n,
                    format!("producer {producer} created task {task} after shutting down"),
                );
            }
            Line::ProducersFinished => producers_done = true,
            Line::FinishingPending => {
                if finishing || !triggered || !producers_done || mode == StopMode::Immediate {
                    rule(n, "`Finishing pending work...` comes once, after a graceful shutdown began and the producers finished".into());
                }
                finishing = true;
            }
            Line::ConsumerFinished { consumer } if !finished_consumers.insert(consumer) => {
                rule(n, format!("consumer {consumer} finishes twice"));
            }
            // Pass 05: a consumer that panicked and was not replaced ends here.
            Line::ConsumerNotReplaced { consumer, .. } => {
                finished_consumers.insert(consumer);
            }
            Line::Processing { consumer, task } if finished_consumers.contains(&consumer) => {
                rule(
                    n,
                    format!("consumer {consumer} processes task {task} after it finished"),
                );
            }
            _ => {}
        }
    }

    let header = transcript.iter().find_map(|l| match l {
        Line::Header { consumers, .. } => Some(*consumers),
        _ => None,
    });
    if let Some(consumers) = header.filter(|_| expect.task_lines) {
        let missing: Vec<u32> = (0..consumers)
            .filter(|c| !finished_consumers.contains(c))
            .collect();
        if !missing.is_empty() {
            rule(
                0,
                format!("consumer(s) {missing:?} never say they finished"),
            );
        }
    }
    accounting(transcript, expect, phase, v);
}

/// produced = completed + not processed, each count agreeing with the task lines.
fn accounting(transcript: &Transcript, expect: &Expect, phase: Phase, v: &mut Vec<Violation>) {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for line in transcript.iter() {
        match *line {
            Line::FinalStats(n) => _ = counts.insert("completed", n),
            Line::Produced(n) => _ = counts.insert("produced", n),
            Line::NotProcessedCount(n) => _ = counts.insert("not processed", n),
            Line::Outcome {
                count: OutcomeCount::Undelivered,
                n,
            } => _ = counts.insert("undelivered", n),
            Line::TotalTasks(n) => _ = counts.insert("total", n),
            Line::DroppedCount(n) => _ = counts.insert("dropped", n),
            Line::Created { .. } => *counts.entry("created lines").or_default() += 1,
            Line::Processing { .. } => *counts.entry("processing lines").or_default() += 1,
            Line::NotProcessed { .. } => *counts.entry("not processed lines").or_default() += 1,
            Line::Interrupted { .. } => *counts.entry("interrupted lines").or_default() += 1,
            _ => {}
        }
    }
    let get = |name| counts.get(name).copied();
    let mut equal = |a: &str, b: &str, x: Option<u64>, y: Option<u64>| {
        if let (Some(x), Some(y)) = (x, y)
            && x != y
        {
            v.push(Violation::Accounting {
                equation: format!("{a} ({x}) ≠ {b} ({y})"),
            });
        }
    };
    let completed = get("completed");
    let not_processed = get("not processed");
    // Pass 05: tasks a closed channel never delivered are the fourth outcome.
    // Pass 07: tasks the overflow policy dropped.
    let (undelivered, outcomes) = match (get("undelivered"), get("dropped")) {
        (Some(n), _) => (n, "completed + not processed + undelivered"),
        (None, Some(n)) => (n, "completed + not processed + dropped"),
        (None, None) => (0, "completed + not processed"),
    };
    let sum = completed
        .zip(not_processed)
        .map(|(c, n)| c + n + undelivered);
    equal("produced", outcomes, get("produced"), sum);
    equal("completed", "total tasks", completed, get("total"));
    if expect.task_lines {
        let lines = |name| Some(get(name).unwrap_or(0));
        equal(
            "produced",
            "`created` lines",
            get("produced"),
            lines("created lines"),
        );
        let interrupted = get("interrupted lines").unwrap_or(0);
        equal(
            "completed",
            "`processing` − `interrupted` lines",
            completed,
            lines("processing lines").map(|p| p.saturating_sub(interrupted)),
        );
        equal(
            "not processed",
            "`not processed` + `interrupted` lines",
            not_processed,
            lines("not processed lines").map(|n| n + interrupted),
        );
    }
    if phase != Phase::Stopping {
        // No immediate shutdown: nothing may be left unprocessed.
        equal(
            "not processed",
            "0 (no immediate shutdown)",
            not_processed,
            Some(0),
        );
    }
}
