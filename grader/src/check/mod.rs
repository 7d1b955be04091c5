//! The invariant checker: what must hold for a transcript under *any* schedule.
//!
//! Tasks are classified as Jepsen's total-queue checker does: every task the run
//! created must come out exactly once, after it went in. Besides the per-task classes,
//! the checker verifies the transcript's shape (header first, milestones and summary
//! in order) and that the summary's counts agree with the task lines.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::line::{Line, OutcomeCount, StopMode};
use crate::transcript::Transcript;

mod bounded;
mod buffer;
mod failures;
mod monitoring;
mod shutdown;
mod stealing;
mod violation;

pub use violation::{Rule, Violation};

/// What the test knows about the run it graded, beyond what the transcript says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expect {
    /// Total tasks the run must create (producers × tasks), if known.
    pub created: Option<u64>,
    /// `false` for `--quiet` runs, which print no per-task lines; the per-task
    /// classification is then skipped and the summary is checked against `created`.
    pub task_lines: bool,
    /// From pass 02: the queue's bound the run was given. `Some` requires the
    /// `Queue capacity` line, the timing lines of the footer, and the backpressure
    /// rules (see `check/bounded.rs`).
    pub bound: Option<Bound>,
    /// From pass 03: the shutdown mode the run was given. `Some` requires the header
    /// block's `Shutdown mode` and ready lines, the shutdown summary lines, and the
    /// shutdown rules (see `check/shutdown.rs`).
    pub mode: Option<StopMode>,
    /// From pass 04: the run prints statistics blocks, and must end with a final one
    /// that agrees with the summary (see `check/monitoring.rs`).
    pub monitored: bool,
    /// From pass 05: tasks can fail. A task's outcome is then its `completed`,
    /// `dead-lettered`, `not processed` or `undelivered` line, and the failure rules
    /// and the failure summary apply (see `check/failures.rs`).
    pub failures: bool,
    /// From pass 05: the run was given no `--panic-on-task`, so no consumer may
    /// panic at all (a panic there is a bug of the pass, not a fault it was asked to
    /// survive). `false` when unknown: then only a panic outside a task is a fault.
    pub no_injected_panics: bool,
    /// From pass 06: the summary gives the steals (checked with the failure rules).
    pub stealing: bool,
    /// From pass 07: the run has a hand-built buffer, whose `Buffer` line and stamps
    /// the checker replays (see `check/buffer.rs`).
    pub buffer: bool,
}

/// The bound a pass-02-or-later run was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `--capacity N` (0: rendezvous).
    Capacity(u64),
    /// `--unbounded`.
    Unbounded,
}

impl Bound {
    /// The capacity, `None` if unbounded: as `Line::QueueCapacity` carries it.
    pub fn capacity(self) -> Option<u64> {
        match self {
            Self::Capacity(n) => Some(n),
            Self::Unbounded => None,
        }
    }
}

impl Expect {
    /// A run with per-task lines that creates exactly `n` tasks.
    pub fn tasks(n: u64) -> Self {
        Self {
            created: Some(n),
            task_lines: true,
            bound: None,
            mode: None,
            monitored: false,
            failures: false,
            no_injected_panics: false,
            stealing: false,
            buffer: false,
        }
    }

    /// A run with per-task lines whose number of tasks is not known in advance (it
    /// was stopped, pass 03 on).
    pub fn tasks_unknown() -> Self {
        Self {
            created: None,
            ..Self::tasks(0)
        }
    }

    /// A `--quiet` run whose number of tasks is not known in advance.
    pub fn quiet_unknown() -> Self {
        Self {
            created: None,
            ..Self::quiet(0)
        }
    }

    /// A `--quiet` run that creates exactly `n` tasks.
    pub fn quiet(n: u64) -> Self {
        Self {
            task_lines: false,
            ..Self::tasks(n)
        }
    }

    /// The same, for a run with a bounded (or explicitly unbounded) queue: pass 02 on.
    pub fn bounded(self, bound: Bound) -> Self {
        Self {
            bound: Some(bound),
            ..self
        }
    }

    /// The same, for a run with statistics: pass 04 on.
    pub fn monitored(self) -> Self {
        Self {
            monitored: true,
            ..self
        }
    }

    /// The same, for a run whose tasks and workers can fail: pass 05 on.
    pub fn failing(self) -> Self {
        Self {
            failures: true,
            ..self
        }
    }

    /// The same, for a run given no `--panic-on-task`: no consumer may panic.
    pub fn without_injected_panics(self) -> Self {
        Self {
            no_injected_panics: true,
            ..self
        }
    }

    /// The same, for a run with local queues and stealing: pass 06.
    pub fn stealing(self) -> Self {
        Self {
            stealing: true,
            ..self
        }
    }

    /// The same, for a run through pass 07's buffer.
    pub fn buffered(self) -> Self {
        Self {
            buffer: true,
            ..self
        }
    }

    /// The same, for a run that can be stopped in `mode`: pass 03 on.
    pub fn stoppable(self, mode: StopMode) -> Self {
        Self {
            mode: Some(mode),
            ..self
        }
    }
}

/// The class of one task id, after Jepsen's total-queue checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskClass {
    /// Created once, processed once, after its creation.
    Ok,
    /// Created, never processed.
    Lost,
    /// Processed more than once.
    Duplicated,
    /// Processed, never created.
    Unexpected,
    /// Processed before its "created" line.
    Early,
}

/// The milestone and summary lines every transcript ends with, in this order, once
/// each: the milestones and the totals from pass 01, the shutdown accounting from
/// pass 03, the failure accounting from pass 05, the timings from pass 02.
const FOOTER: [&str; 16] = [
    "All producers finished",
    "All consumers finished",
    "Final stats",
    "Produced",
    "Not processed",
    "Undelivered",
    "Success",
    "Failed",
    "Retries",
    "Producer failures",
    "Consumer panics",
    "Dead letters",
    "Total tasks",
    "Sum of results",
    "Elapsed",
    "Throughput",
];

/// Whether a run is required to print footer line `slot`.
fn footer_required(slot: usize, expect: &Expect) -> bool {
    match slot {
        2..=4 => expect.mode.is_some(),
        5..=11 => expect.failures,
        14 | 15 => expect.bound.is_some(),
        _ => true,
    }
}

fn footer_slot(line: &Line) -> Option<usize> {
    match line {
        Line::ProducersFinished => Some(0),
        Line::ConsumersFinished => Some(1),
        Line::FinalStats(_) => Some(2),
        Line::Produced(_) => Some(3),
        Line::NotProcessedCount(_) => Some(4),
        Line::Outcome { count, .. } => OutcomeCount::ALL
            .iter()
            .position(|c| c == count)
            .map(|k| 5 + k),
        Line::TotalTasks(_) => Some(12),
        Line::ResultSum(_) => Some(13),
        Line::Elapsed(_) => Some(14),
        Line::Throughput(_) => Some(15),
        _ => None,
    }
}

/// Everything the checker found; [`Report::is_ok`] if nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every task id by class (empty for a quiet run).
    pub classes: BTreeMap<TaskClass, Vec<u64>>,
    /// Every broken rule, in the order checked.
    pub violations: Vec<Violation>,
}

impl Report {
    /// `true` if the transcript keeps every rule.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// How many tasks fell into `class`.
    pub fn count(&self, class: TaskClass) -> usize {
        self.classes.get(&class).map_or(0, Vec::len)
    }

    /// Panics unless `expected` is among the violations: for tests that break a
    /// transcript on purpose and check that the fault is caught.
    ///
    /// # Panics
    /// If `expected` was not reported; the message lists what was.
    #[track_caller]
    pub fn assert_reports(&self, expected: &Violation) {
        assert!(
            self.violations.contains(expected),
            "expected {expected:?} to be reported; got:\n{self}"
        );
    }

    /// Panics with every violation, named, if there is any.
    ///
    /// # Panics
    /// If the transcript breaks a rule: that is how a test fails.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert!(self.is_ok(), "the transcript breaks the contract:\n{self}");
    }
}

/// Checks a parsed transcript against the contract and what the test expects.
pub fn check(transcript: &Transcript, expect: &Expect) -> Report {
    let mut report = Report::default();
    let v = &mut report.violations;

    // The header: the first non-blank line, exactly once.
    let mut headers = transcript.lines.iter().filter_map(|(n, l)| match l {
        Line::Header {
            producers,
            consumers,
        } => Some((*n, *producers, *consumers)),
        _ => None,
    });
    let (producers, consumers) = match headers.next() {
        None => {
            v.push(Violation::MissingHeader);
            (u32::MAX, u32::MAX)
        }
        Some((line_no, producers, consumers)) => {
            let first = transcript.position(|l| *l != Line::Blank);
            if first != Some(line_no) {
                v.push(Violation::HeaderNotFirst { line_no });
            }
            v.extend(headers.map(|(line_no, ..)| Violation::ExtraHeader { line_no }));
            (producers, consumers)
        }
    };

    // The footer: each line once, in order.
    let mut footer_at: [Option<usize>; FOOTER.len()] = [None; FOOTER.len()];
    for (n, line) in &transcript.lines {
        let Some(slot) = footer_slot(line) else {
            continue;
        };
        if footer_at[slot].is_some() {
            v.push(Violation::Repeated {
                what: FOOTER[slot],
                line_no: *n,
            });
            continue;
        }
        if footer_at[slot + 1..].iter().any(Option::is_some) {
            v.push(Violation::OutOfOrder {
                number: 5,
                line_no: *n,
                rule: "footer lines come in the order of docs/transcripts.md (producers finished, consumers finished, final stats, produced, not processed, the failure counts, total, sum, elapsed, throughput)",
            });
        }
        footer_at[slot] = Some(*n);
    }
    for (slot, at) in footer_at.iter().enumerate() {
        if at.is_none() && footer_required(slot, expect) {
            v.push(Violation::Missing(FOOTER[slot]));
        }
    }
    let [producers_done, consumers_done, ..] = footer_at.map(|at| at.unwrap_or(usize::MAX));

    // Per-task lines: ranges, order, and where each task went.
    let mut created: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut processed: HashMap<u64, Vec<usize>> = HashMap::new();
    // Pass 03: tasks reported as not processed, an outcome as final as processing.
    // Pass 05: a task's outcome is its own line (completed, dead-lettered,
    // undelivered), and a `processing` line is only its first attempt.
    let mut reported: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut last_by_producer: HashMap<u32, u64> = HashMap::new();
    for (n, line) in &transcript.lines {
        match *line {
            Line::Created { producer, task } => {
                if producer >= producers {
                    v.push(Violation::OutOfRange {
                        line_no: *n,
                        role: "producer",
                        index: producer,
                        count: producers,
                    });
                }
                if let Some(previous) = last_by_producer.insert(producer, task)
                    && previous >= task
                {
                    v.push(Violation::ProducerOutOfOrder {
                        line_no: *n,
                        producer,
                        task,
                        previous,
                    });
                }
                if *n > producers_done {
                    v.push(Violation::OutOfOrder {
                        number: 4,
                        line_no: *n,
                        rule: "every task is created before `All producers finished`",
                    });
                }
                created.entry(task).or_default().push(*n);
            }
            Line::Processing { consumer, task } => {
                if consumer >= consumers {
                    v.push(Violation::OutOfRange {
                        line_no: *n,
                        role: "consumer",
                        index: consumer,
                        count: consumers,
                    });
                }
                if *n > consumers_done {
                    v.push(Violation::OutOfOrder {
                        number: 4,
                        line_no: *n,
                        rule: "every task is processed before `All consumers finished`",
                    });
                }
                processed.entry(task).or_default().push(*n);
            }
            Line::Completed { task }
            | Line::DeadLettered { task, .. }
            | Line::Undelivered { task }
                if expect.failures =>
            {
                if *n > consumers_done {
                    v.push(Violation::OutOfOrder {
                        number: 4,
                        line_no: *n,
                        rule: "every task's outcome is reported before `All consumers finished`",
                    });
                }
                reported.entry(task).or_default().push(*n);
            }
            // From pass 03: an immediate stop cut the task's processing short. Its
            // `processing` line was a start, not an outcome; this line is the outcome.
            Line::Interrupted { task } => {
                if processed.get_mut(&task).and_then(Vec::pop).is_none() {
                    v.push(Violation::OutOfOrder {
                        number: 9,
                        line_no: *n,
                        rule: "a task is interrupted only after its `processing` line",
                    });
                }
                if *n > consumers_done {
                    v.push(Violation::OutOfOrder {
                        number: 4,
                        line_no: *n,
                        rule: "every task is reported before `All consumers finished`",
                    });
                }
                reported.entry(task).or_default().push(*n);
            }
            // Pass 07: a put left the task out; printed by a producer.
            Line::Dropped { task, .. } => {
                if *n > producers_done {
                    v.push(Violation::OutOfOrder {
                        number: 4,
                        line_no: *n,
                        rule: "every task is dropped before `All producers finished`",
                    });
                }
                reported.entry(task).or_default().push(*n);
            }
            Line::NotProcessed { task } => {
                if *n > consumers_done {
                    v.push(Violation::OutOfOrder {
                        number: 4,
                        line_no: *n,
                        rule: "every task is reported before `All consumers finished`",
                    });
                }
                reported.entry(task).or_default().push(*n);
            }
            _ => {}
        }
    }

    let created_lines: u64 = created.values().map(|at| at.len() as u64).sum();
    let processed_lines: u64 = processed.values().map(|at| at.len() as u64).sum();
    if expect.task_lines {
        let mut outcomes = if expect.failures {
            HashMap::new()
        } else {
            processed.clone()
        };
        for (&id, at) in &reported {
            outcomes.entry(id).or_default().extend(at);
        }
        classify(&created, &outcomes, &mut report.classes);
        let v = &mut report.violations;
        for (&class, ids) in &report.classes {
            if class != TaskClass::Ok && !ids.is_empty() {
                v.push(Violation::Tasks {
                    class,
                    ids: ids.clone(),
                });
            }
        }
        let mut twice: Vec<u64> = created
            .iter()
            .filter(|(_, at)| at.len() > 1)
            .map(|(id, _)| *id)
            .collect();
        if !twice.is_empty() {
            twice.sort_unstable();
            v.push(Violation::CreatedTwice(twice));
        }
        if let Some(expected) = expect.created
            && expected != created_lines
        {
            v.push(Violation::WrongCreated {
                expected,
                created: created_lines,
            });
        }
    }

    // The summary agrees with what was counted.
    // Without task lines: every task created, less those an overflow policy dropped
    // (pass 07; that count is cross-checked with the rest of the accounting).
    let dropped = transcript.iter().find_map(|l| match l {
        Line::DroppedCount(n) => Some(*n),
        _ => None,
    });
    let counted = if expect.task_lines {
        Some(processed_lines)
    } else {
        expect
            .created
            .map(|created| created.saturating_sub(dropped.unwrap_or(0)))
    };
    let reported = transcript.iter().find_map(|l| match l {
        Line::TotalTasks(n) => Some(*n),
        _ => None,
    });
    if let (Some(reported), Some(counted)) = (reported, counted)
        && reported != counted
    {
        report
            .violations
            .push(Violation::WrongTotal { reported, counted });
    }
    bounded::check(transcript, expect, &mut report.violations);
    shutdown::check(transcript, expect, &mut report.violations);
    monitoring::check(transcript, expect, &mut report.violations);
    failures::check(transcript, expect, &mut report.violations);
    if expect.failures {
        stealing::check(transcript, expect, &mut report.violations);
    }
    buffer::check(transcript, expect, &mut report.violations);
    report
}

/// Puts every id that appears in a task line into exactly one class. `outcomes` holds
/// where each task was processed (or, from pass 03, reported as not processed).
fn classify(
    created: &HashMap<u64, Vec<usize>>,
    outcomes: &HashMap<u64, Vec<usize>>,
    classes: &mut BTreeMap<TaskClass, Vec<u64>>,
) {
    let mut ids: Vec<u64> = created.keys().chain(outcomes.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let made = created.get(&id).map_or(&[][..], Vec::as_slice);
        let done = outcomes.get(&id).map_or(&[][..], Vec::as_slice);
        let class = match (made.first(), done) {
            (None, _) => TaskClass::Unexpected,
            (Some(_), []) => TaskClass::Lost,
            (Some(_), [_, _, ..]) => TaskClass::Duplicated,
            (Some(made), [done]) if done < made => TaskClass::Early,
            (Some(_), [_]) => TaskClass::Ok,
        };
        classes.entry(class).or_default().push(id);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for violation in &self.violations {
            writeln!(f, "  - {violation}  [{}]", violation.rule())?;
        }
        Ok(())
    }
}
