//! The invariant checker: what must hold for a transcript under *any* schedule.
//!
//! Tasks are classified as Jepsen's total-queue checker does: every task the run
//! created must come out exactly once, after it went in. Besides the per-task classes,
//! the checker verifies the transcript's shape (header first, milestones and summary
//! in order) and that the summary's counts agree with the task lines.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::line::Line;
use crate::transcript::Transcript;

/// What the test knows about the run it graded, beyond what the transcript says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expect {
    /// Total tasks the run must create (producers × tasks), if known.
    pub created: Option<u64>,
    /// `false` for `--quiet` runs, which print no per-task lines; the per-task
    /// classification is then skipped and the summary is checked against `created`.
    pub task_lines: bool,
}

impl Expect {
    /// A run with per-task lines that creates exactly `n` tasks.
    pub fn tasks(n: u64) -> Self {
        Self {
            created: Some(n),
            task_lines: true,
        }
    }

    /// A `--quiet` run that creates exactly `n` tasks.
    pub fn quiet(n: u64) -> Self {
        Self {
            created: Some(n),
            task_lines: false,
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

/// The milestone and summary lines every transcript ends with, in this order, once each.
const FOOTER: [&str; 4] = [
    "All producers finished",
    "All consumers finished",
    "Total tasks",
    "Sum of results",
];

fn footer_slot(line: &Line) -> Option<usize> {
    match line {
        Line::ProducersFinished => Some(0),
        Line::ConsumersFinished => Some(1),
        Line::TotalTasks(_) => Some(2),
        Line::ResultSum(_) => Some(3),
        _ => None,
    }
}

/// One way a transcript breaks the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// Tasks in a non-ok class, with their ids (sorted).
    Tasks {
        /// The class.
        class: TaskClass,
        /// The ids in it.
        ids: Vec<u64>,
    },
    /// Ids that were created more than once.
    CreatedTwice(Vec<u64>),
    /// No `Starting system` line.
    MissingHeader,
    /// Something other than blank lines came before the header.
    HeaderNotFirst {
        /// Where the header is.
        line_no: usize,
    },
    /// A second `Starting system` line.
    ExtraHeader {
        /// Where it is.
        line_no: usize,
    },
    /// A producer or consumer index not below the header's count.
    OutOfRange {
        /// Where.
        line_no: usize,
        /// `producer` or `consumer`.
        role: &'static str,
        /// The index printed.
        index: u32,
        /// The count in the header.
        count: u32,
    },
    /// A producer's tasks must appear in the order it made them (ids increasing).
    ProducerOutOfOrder {
        /// Where.
        line_no: usize,
        /// The producer.
        producer: u32,
        /// The id printed.
        task: u64,
        /// The id it printed before, not smaller.
        previous: u64,
    },
    /// A footer line is missing.
    Missing(&'static str),
    /// A footer line appears more than once.
    Repeated {
        /// Which one.
        what: &'static str,
        /// Where the second one is.
        line_no: usize,
    },
    /// A line is where the grammar says it cannot be.
    OutOfOrder {
        /// Where.
        line_no: usize,
        /// The rule it breaks.
        rule: &'static str,
    },
    /// The summary's `Total tasks` disagrees with the task lines (or, for a quiet
    /// run, with the expected count).
    WrongTotal {
        /// What the summary says.
        reported: u64,
        /// What was counted.
        counted: u64,
    },
    /// The run created a different number of tasks than its flags ask for.
    WrongCreated {
        /// From the flags.
        expected: u64,
        /// `created` lines found.
        created: u64,
    },
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
                line_no: *n,
                rule: "footer lines come in the order: producers finished, consumers finished, total, sum",
            });
        }
        footer_at[slot] = Some(*n);
    }
    for (slot, at) in footer_at.iter().enumerate() {
        if at.is_none() {
            v.push(Violation::Missing(FOOTER[slot]));
        }
    }
    let [producers_done, consumers_done, ..] = footer_at.map(|at| at.unwrap_or(usize::MAX));

    // Per-task lines: ranges, order, and where each task went.
    let mut created: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut processed: HashMap<u64, Vec<usize>> = HashMap::new();
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
                        line_no: *n,
                        rule: "every task is processed before `All consumers finished`",
                    });
                }
                processed.entry(task).or_default().push(*n);
            }
            _ => {}
        }
    }

    let created_lines: u64 = created.values().map(|at| at.len() as u64).sum();
    let processed_lines: u64 = processed.values().map(|at| at.len() as u64).sum();
    if expect.task_lines {
        classify(&created, &processed, &mut report.classes);
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
    let counted = if expect.task_lines {
        Some(processed_lines)
    } else {
        expect.created
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
    report
}

/// Puts every id that appears in a task line into exactly one class.
fn classify(
    created: &HashMap<u64, Vec<usize>>,
    processed: &HashMap<u64, Vec<usize>>,
    classes: &mut BTreeMap<TaskClass, Vec<u64>>,
) {
    let mut ids: Vec<u64> = created.keys().chain(processed.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let made = created.get(&id).map_or(&[][..], Vec::as_slice);
        let done = processed.get(&id).map_or(&[][..], Vec::as_slice);
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

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tasks { class, ids } => {
                let what = match class {
                    TaskClass::Ok => "ok",
                    TaskClass::Lost => "lost (created, never processed)",
                    TaskClass::Duplicated => "duplicated (processed more than once)",
                    TaskClass::Unexpected => "unexpected (processed, never created)",
                    TaskClass::Early => "early (processed before it was created)",
                };
                write!(f, "{} task(s) {what}: {}", ids.len(), list(ids))
            }
            Self::CreatedTwice(ids) => {
                write!(f, "{} task id(s) created twice: {}", ids.len(), list(ids))
            }
            Self::MissingHeader => f.write_str("no `Starting system` header"),
            Self::HeaderNotFirst { line_no } => {
                write!(f, "line {line_no}: the header is not the first line")
            }
            Self::ExtraHeader { line_no } => write!(f, "line {line_no}: a second header"),
            Self::OutOfRange {
                line_no,
                role,
                index,
                count,
            } => {
                write!(
                    f,
                    "line {line_no}: {role} {index} does not exist (the header says {count})"
                )
            }
            Self::ProducerOutOfOrder {
                line_no,
                producer,
                task,
                previous,
            } => write!(
                f,
                "line {line_no}: producer {producer} created task {task} after task {previous}"
            ),
            Self::Missing(what) => write!(f, "no `{what}` line"),
            Self::Repeated { what, line_no } => write!(f, "line {line_no}: `{what}` a second time"),
            Self::OutOfOrder { line_no, rule } => write!(f, "line {line_no}: out of order: {rule}"),
            Self::WrongTotal { reported, counted } => {
                write!(
                    f,
                    "wrong total: the summary says {reported} tasks, counted {counted}"
                )
            }
            Self::WrongCreated { expected, created } => {
                write!(
                    f,
                    "wrong number of tasks created: expected {expected}, found {created}"
                )
            }
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for violation in &self.violations {
            writeln!(f, "  - {violation}")?;
        }
        Ok(())
    }
}

/// At most 20 ids, then how many more.
fn list(ids: &[u64]) -> String {
    let shown: Vec<String> = ids.iter().take(20).map(u64::to_string).collect();
    match ids.len().saturating_sub(20) {
        0 => shown.join(", "),
        more => format!("{}, … and {more} more", shown.join(", ")),
    }
}
