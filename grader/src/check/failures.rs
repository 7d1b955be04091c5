//! Pass 05's rules: each task's attempts, retries and outcome; each worker's failure;
//! and a failure summary that agrees with the lines.
//!
//! Per task, the lines form a small state machine:
//!
//! ```text
//!  created ──processing──> trying ──completed──> done
//!                            │ ▲
//!                    failed  │ │ retrying (attempt k+1, as scheduled)
//!                            ▼ │
//!                          failed ──will be retried (attempt k+1 ≤ of)──> waiting
//!                            │                                            │
//!                            └──dead-lettered after k──> done <──────────┘ (retry cancelled)
//! ```
//!
//! A consumer's panic (`Consumer C panicked on task N`) is followed, for that
//! consumer, by `replaced` or `not replaced`; its task in hand then fails with
//! `consumer panicked` like any failed attempt.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Expect, Violation};
use crate::line::{Line, OutcomeCount, Reason};
use crate::transcript::Transcript;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// An attempt is under way.
    Trying,
    /// The attempt failed; a retry or a dead letter must follow.
    Failed(Reason),
    /// A retry is scheduled for this attempt.
    Waiting(u32),
    /// The task has its outcome.
    Done,
}

#[derive(Debug, Clone, Copy)]
struct Task {
    state: State,
    /// Attempts started.
    attempts: u32,
}

/// Checks the pass-05 lines of `transcript`, if the run could fail.
pub(super) fn check(transcript: &Transcript, expect: &Expect, v: &mut Vec<Violation>) {
    if !expect.failures {
        return;
    }
    let mut rule = |line_no: usize, rule: String| v.push(Violation::Failure { line_no, rule });
    let mut tasks: HashMap<u64, Task> = HashMap::new();
    let mut lines: BTreeMap<&str, u64> = BTreeMap::new();
    let mut dead_lettered: BTreeSet<(u64, Reason, u32)> = BTreeSet::new();
    let mut record: BTreeSet<(u64, Reason, u32)> = BTreeSet::new();
    // A record too long to list whole: (letters not listed, letters listed).
    let mut omitted: Option<(u64, u64)> = None;
    // Consumers whose panic awaits `replaced` or `not replaced`.
    let mut panicked: BTreeSet<u32> = BTreeSet::new();
    let mut restarts: Vec<u32> = Vec::new();
    for (n, line) in &transcript.lines {
        let n = *n;
        let mut count = |name| *lines.entry(name).or_default() += 1;
        match line {
            Line::Processing { task, .. } => {
                if tasks.contains_key(task) {
                    rule(n, format!("task {task} has a second first attempt"));
                }
                tasks.insert(
                    *task,
                    Task {
                        state: State::Trying,
                        attempts: 1,
                    },
                );
            }
            Line::Completed { task } => {
                count("completed");
                match tasks.get_mut(task) {
                    Some(t) if t.state == State::Trying => t.state = State::Done,
                    _ => rule(
                        n,
                        format!("task {task} completes with no attempt under way"),
                    ),
                }
            }
            Line::TaskFailed { task, reason } => match tasks.get_mut(task) {
                Some(t) if t.state == State::Trying => t.state = State::Failed(*reason),
                _ => rule(n, format!("task {task} fails with no attempt under way")),
            },
            Line::RetryScheduled {
                task, attempt, of, ..
            } => match tasks.get_mut(task) {
                Some(t) if matches!(t.state, State::Failed(_)) => {
                    if *attempt != t.attempts + 1 || attempt > of {
                        rule(
                            n,
                            format!(
                                "task {task}: attempt {attempt} of {of} scheduled after {} attempts",
                                t.attempts
                            ),
                        );
                    }
                    t.state = State::Waiting(*attempt);
                }
                _ => rule(n, format!("task {task} is retried without having failed")),
            },
            Line::Retrying { task, attempt, .. } => {
                count("retries");
                match tasks.get_mut(task) {
                    Some(t) if t.state == State::Waiting(*attempt) => {
                        t.state = State::Trying;
                        t.attempts = *attempt;
                    }
                    _ => rule(
                        n,
                        format!("task {task}: attempt {attempt} was not scheduled"),
                    ),
                }
            }
            Line::DeadLettered {
                task,
                attempts,
                reason,
            } => {
                count("dead-lettered");
                dead_lettered.insert((*task, *reason, *attempts));
                match tasks.get_mut(task) {
                    Some(t) => {
                        let fits = match t.state {
                            State::Failed(failed) => failed == *reason,
                            State::Waiting(_) => *reason == Reason::RetryCancelled,
                            State::Trying | State::Done => false,
                        };
                        if !fits || *attempts != t.attempts {
                            rule(
                                n,
                                format!(
                                    "task {task} is dead-lettered ({}, {attempts} attempts) after {} attempts, in state {:?}",
                                    reason.text(),
                                    t.attempts,
                                    t.state
                                ),
                            );
                        }
                        t.state = State::Done;
                    }
                    None => rule(n, format!("task {task} is dead-lettered unattempted")),
                }
            }
            // An immediate stop cut the attempt under way short.
            Line::Interrupted { task } => match tasks.get_mut(task) {
                Some(t) if t.state == State::Trying => t.state = State::Done,
                _ => rule(
                    n,
                    format!("task {task} is interrupted with no attempt under way"),
                ),
            },
            Line::Undelivered { task } | Line::NotProcessed { task }
                if tasks.contains_key(task) =>
            {
                rule(
                    n,
                    format!("task {task} was attempted, then reported `{line}`"),
                );
            }
            Line::DeadLetter {
                task,
                reason,
                attempts,
            } => {
                record.insert((*task, *reason, *attempts));
            }
            Line::DeadLettersOmitted { more, kept } => omitted = Some((*more, *kept)),
            Line::ProducerFailed { .. } => count("producer failures"),
            Line::ConsumerPanicked { consumer, task } => {
                count("consumer panics");
                if !panicked.insert(*consumer) {
                    rule(n, format!("consumer {consumer} panics twice at once"));
                }
                // The one panic a consumer is asked for happens in a task's attempt
                // (`--panic-on-task`); any other is the pass's own bug.
                if expect.no_injected_panics {
                    rule(
                        n,
                        format!("consumer {consumer} panics, but the run injected no panic"),
                    );
                } else if task.is_none() {
                    rule(
                        n,
                        format!(
                            "consumer {consumer} panics outside any task: only a task's attempt is made to panic"
                        ),
                    );
                }
                // A quiet run prints the panic but not the task's attempts.
                if let Some(task) = task
                    && expect.task_lines
                    && !tasks.get(task).is_some_and(|t| t.state == State::Trying)
                {
                    rule(
                        n,
                        format!(
                            "consumer {consumer} panics on task {task}, which it was not running"
                        ),
                    );
                }
            }
            Line::ConsumerReplaced {
                consumer,
                restart,
                of,
            } => {
                if !panicked.remove(consumer) {
                    rule(
                        n,
                        format!("consumer {consumer} is replaced without having panicked"),
                    );
                }
                if restart > of {
                    rule(n, format!("restart {restart} of {of}"));
                }
                restarts.push(*restart);
            }
            Line::ConsumerNotReplaced { consumer, .. } if !panicked.remove(consumer) => {
                rule(
                    n,
                    format!("consumer {consumer} is not replaced without having panicked"),
                );
            }
            _ => {}
        }
    }
    if !panicked.is_empty() {
        rule(
            0,
            format!(
                "consumer(s) {panicked:?} panicked, and nothing says whether they were replaced"
            ),
        );
    }
    if restarts
        .iter()
        .enumerate()
        .any(|(i, &r)| r as usize != i + 1)
    {
        rule(
            0,
            format!("restarts are numbered {restarts:?}, not 1, 2, 3…"),
        );
    }
    if expect.task_lines {
        let open: Vec<u64> = tasks
            .iter()
            .filter(|(_, t)| t.state != State::Done)
            .map(|(id, _)| *id)
            .collect();
        if !open.is_empty() {
            rule(
                0,
                format!("task(s) {open:?} were attempted and never reached an outcome"),
            );
        }
        // The record lists every letter, or exactly the first `kept` by id.
        let listed: BTreeSet<_> = match omitted {
            None => dead_lettered.clone(),
            Some((_, kept)) => dead_lettered.iter().copied().take(kept as usize).collect(),
        };
        let whole = omitted.is_none_or(|(_, kept)| record.len() as u64 == kept);
        if record != listed || !whole {
            rule(
                0,
                format!(
                    "the dead-letter record {record:?} is not the tasks dead-lettered {dead_lettered:?}"
                ),
            );
        }
    }
    let entries = record.len() as u64 + omitted.map_or(0, |(more, _)| more);
    summary(transcript, expect, &lines, entries, v);
}

/// The failure summary agrees with itself and, with per-task lines, with the lines.
fn summary(
    transcript: &Transcript,
    expect: &Expect,
    lines: &BTreeMap<&str, u64>,
    record: u64,
    v: &mut Vec<Violation>,
) {
    let mut counts: BTreeMap<OutcomeCount, u64> = BTreeMap::new();
    let mut completed = None;
    for line in transcript.iter() {
        match line {
            Line::Outcome { count, n } => _ = counts.insert(*count, *n),
            Line::FinalStats(n) => completed = Some(*n),
            _ => {}
        }
    }
    let get = |c| counts.get(&c).copied().unwrap_or(0);
    let mut equal = |a: String, x: u64, y: u64| {
        if x != y {
            v.push(Violation::Accounting {
                equation: format!("{a} ({x} ≠ {y})"),
            });
        }
    };
    if let Some(completed) = completed {
        equal(
            "completed = success + failed".into(),
            completed,
            get(OutcomeCount::Success) + get(OutcomeCount::Failed),
        );
    }
    equal(
        "failed = dead letters".into(),
        get(OutcomeCount::Failed),
        get(OutcomeCount::DeadLetters),
    );
    equal(
        "dead letters = entries in the record".into(),
        get(OutcomeCount::DeadLetters),
        record,
    );
    if expect.task_lines {
        let lines = |name| lines.get(name).copied().unwrap_or(0);
        let count_lines =
            |line: fn(&Line) -> bool| transcript.iter().filter(|l| line(l)).count() as u64;
        for (count, name, n) in [
            (
                OutcomeCount::Success,
                "`completed` lines",
                lines("completed"),
            ),
            (
                OutcomeCount::Failed,
                "`dead-lettered` lines",
                lines("dead-lettered"),
            ),
            (OutcomeCount::Retries, "`retrying` lines", lines("retries")),
            (
                OutcomeCount::Undelivered,
                "`undelivered` lines",
                count_lines(|l| matches!(l, Line::Undelivered { .. })),
            ),
            (
                OutcomeCount::ProducerFailures,
                "`producer failed` lines",
                lines("producer failures"),
            ),
            (
                OutcomeCount::ConsumerPanics,
                "`consumer panicked` lines",
                lines("consumer panics"),
            ),
        ] {
            equal(format!("{} = {name}", count.name()), get(count), n);
        }
    }
}
