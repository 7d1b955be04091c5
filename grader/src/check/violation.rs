//! Every way a transcript can break the contract, each naming where and what.

use std::fmt;

use super::TaskClass;

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
        /// The numbered rule of docs/transcripts.md's "Order" it breaks.
        number: u8,
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
    /// The `Queue capacity` line says another bound than the run was given.
    WrongCapacity {
        /// From the flags (`None`: unbounded).
        expected: Option<u64>,
        /// As printed.
        printed: Option<u64>,
    },
    /// The `Queue capacity` line is not right after the header.
    CapacityNotSecond {
        /// Where it is.
        line_no: usize,
    },
    /// A gauge shows more than the bound the docs prove (capacity + 1), or draws
    /// against another capacity than the queue's.
    GaugeOutOfBound {
        /// Where.
        line_no: usize,
        /// The depth shown.
        depth: u64,
        /// The capacity the gauge draws against (`None`: unbounded).
        capacity: Option<u64>,
    },
    /// A producer's backpressure lines break their order.
    Backpressure {
        /// Where.
        line_no: usize,
        /// The producer.
        producer: u32,
        /// The rule broken.
        rule: &'static str,
    },
    /// A producer's `finished` line disagrees with its own lines.
    ProducerCount {
        /// The producer.
        producer: u32,
        /// `created` or `blocked`.
        what: &'static str,
        /// What its `finished` line says.
        reported: u64,
        /// What its lines show.
        counted: u64,
    },
    /// A shutdown line breaks the rules of `docs/transcripts.md`.
    Shutdown {
        /// Where (0: the transcript as a whole).
        line_no: usize,
        /// The rule broken.
        rule: String,
    },
    /// The buffer's replay breaks a rule of `docs/transcripts.md` (pass 07).
    Buffer {
        /// Where (0: the transcript as a whole).
        line_no: usize,
        /// The rule broken.
        rule: String,
    },
    /// A statistics block breaks the rules of `docs/transcripts.md`.
    Statistics {
        /// Where (the block's title; 0: the transcript as a whole).
        line_no: usize,
        /// The rule broken.
        rule: String,
    },
    /// A task's failure lines, a worker's failure lines, or the failure summary break
    /// the rules of `docs/transcripts.md` (pass 05).
    Failure {
        /// Where (0: the transcript as a whole).
        line_no: usize,
        /// The rule broken.
        rule: String,
    },
    /// Two summary counts that must agree do not.
    Accounting {
        /// The equation that fails, with its numbers.
        equation: String,
    },
    /// Producers without a `finished` line.
    ProducersNotFinished(Vec<u32>),
    /// The run created a different number of tasks than its flags ask for.
    WrongCreated {
        /// From the flags.
        expected: u64,
        /// `created` lines found.
        created: u64,
    },
}

/// Where docs/transcripts.md states what a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A numbered rule of its "Order" section.
    Order(u8),
    /// Its "Invariants the grader checks": every task once, the accounting, the bounds.
    Invariants,
    /// Pass 05's failure rules (a task's attempts follow docs/05-errors.md's diagram).
    Failures,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Order(n) => write!(f, "docs/transcripts.md, rule {n}"),
            Self::Invariants => f.write_str("docs/transcripts.md, invariants"),
            Self::Failures => f.write_str("docs/transcripts.md, pass 05; docs/05-errors.md"),
        }
    }
}

impl Violation {
    /// The rule this violation breaks, as docs/transcripts.md numbers it.
    pub fn rule(&self) -> Rule {
        match self {
            Self::Tasks {
                class: TaskClass::Early,
                ..
            } => Rule::Order(2),
            Self::MissingHeader | Self::HeaderNotFirst { .. } | Self::ExtraHeader { .. } => {
                Rule::Order(1)
            }
            Self::ProducerOutOfOrder { .. } => Rule::Order(3),
            Self::Missing(_) | Self::Repeated { .. } => Rule::Order(5),
            Self::OutOfOrder { number, .. } => Rule::Order(*number),
            Self::WrongCapacity { .. } | Self::CapacityNotSecond { .. } => Rule::Order(6),
            Self::Backpressure { .. } => Rule::Order(7),
            Self::Shutdown { .. } => Rule::Order(9),
            Self::Statistics { .. } => Rule::Order(10),
            Self::Buffer { .. } => Rule::Order(12),
            Self::Failure { .. } => Rule::Failures,
            Self::Tasks { .. }
            | Self::CreatedTwice(_)
            | Self::OutOfRange { .. }
            | Self::WrongTotal { .. }
            | Self::GaugeOutOfBound { .. }
            | Self::ProducerCount { .. }
            | Self::Accounting { .. }
            | Self::ProducersNotFinished { .. }
            | Self::WrongCreated { .. } => Rule::Invariants,
        }
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
            Self::OutOfOrder { line_no, rule, .. } => {
                write!(f, "line {line_no}: out of order: {rule}")
            }
            Self::WrongTotal { reported, counted } => {
                write!(
                    f,
                    "wrong total: the summary says {reported} tasks, counted {counted}"
                )
            }
            Self::Shutdown { line_no: 0, rule } => write!(f, "shutdown: {rule}"),
            Self::Shutdown { line_no, rule } => write!(f, "line {line_no}: shutdown: {rule}"),
            Self::Buffer { line_no: 0, rule } => write!(f, "buffer: {rule}"),
            Self::Buffer { line_no, rule } => write!(f, "line {line_no}: buffer: {rule}"),
            Self::Statistics { line_no: 0, rule } => write!(f, "statistics: {rule}"),
            Self::Statistics { line_no, rule } => write!(f, "line {line_no}: statistics: {rule}"),
            Self::Failure { line_no: 0, rule } => write!(f, "failures: {rule}"),
            Self::Failure { line_no, rule } => write!(f, "line {line_no}: failures: {rule}"),
            Self::Accounting { equation } => write!(f, "accounting: {equation}"),
            Self::WrongCapacity { expected, printed } => {
                let show =
                    |c: &Option<u64>| c.map_or_else(|| "unbounded".to_owned(), |n| n.to_string());
                write!(
                    f,
                    "wrong capacity: the run was given {}, it says {}",
                    show(expected),
                    show(printed)
                )
            }
            Self::CapacityNotSecond { line_no } => {
                write!(
                    f,
                    "line {line_no}: `Queue capacity` must come right after the header"
                )
            }
            Self::GaugeOutOfBound {
                line_no,
                depth,
                capacity,
            } => match capacity {
                Some(capacity) => write!(
                    f,
                    "line {line_no}: the gauge shows {depth}/{capacity}: beyond the proven bound (capacity + 1), or not the queue's capacity"
                ),
                None => write!(
                    f,
                    "line {line_no}: an unbounded gauge ({depth} waiting) where the queue has a bound"
                ),
            },
            Self::Backpressure {
                line_no,
                producer,
                rule,
            } => {
                write!(f, "line {line_no}: producer {producer} {rule}")
            }
            Self::ProducerCount {
                producer,
                what,
                reported,
                counted,
            } => write!(
                f,
                "producer {producer} says it {what} {reported} times, its lines show {counted}"
            ),
            Self::ProducersNotFinished(producers) => {
                let ids: Vec<u64> = producers.iter().map(|&p| u64::from(p)).collect();
                write!(f, "producer(s) with no `finished` line: {}", list(&ids))
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

/// At most 20 ids, then how many more.
fn list(ids: &[u64]) -> String {
    let shown: Vec<String> = ids.iter().take(20).map(u64::to_string).collect();
    match ids.len().saturating_sub(20) {
        0 => shown.join(", "),
        more => format!("{}, … and {more} more", shown.join(", ")),
    }
}
