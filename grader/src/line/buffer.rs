//! The lines pass 07 adds: the buffer's header line, takes, drops, and the drop
//! count. Parsed and printed here, in one place, as the rest of [`Line`].

use std::fmt;

use super::{Line, counted, number};

/// `--strategy`: which waiting task a take gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// The oldest.
    Fifo,
    /// The newest.
    Lifo,
    /// The highest priority, the oldest among equals.
    Priority,
}

/// `--overflow`: what a full buffer does with one more task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Overflow {
    /// The producer waits.
    Block,
    /// The new task is refused.
    Reject,
    /// The oldest waiting task is shed.
    DropOldest,
    /// The lowest priority task, the new one included, is shed; the newest among
    /// equals.
    DropLowest,
}

/// `Buffer: priority, overflow drop-lowest, batch 4 within 5 ms, puts of 8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferSpec {
    /// The strategy.
    pub strategy: Strategy,
    /// The overflow policy.
    pub overflow: Overflow,
    /// The most tasks one take gets.
    pub batch: u64,
    /// How long a take waits for its batch to fill (`None`: it does not).
    pub wait_ms: Option<u64>,
    /// The most tasks a producer puts at once (`--put-batch`; 1 is not printed).
    pub puts: u64,
}

/// One task of a take line: `5 (put #3, priority 7)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    /// The task.
    pub task: u64,
    /// The stamp of the put that stored it.
    pub put: u64,
    /// Its priority, when the run shows priorities.
    pub priority: Option<u32>,
}

/// Why a task was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropKind {
    /// `(rejected)`: refused, never stored.
    Rejected,
    /// `(shed oldest, put #2)` or `(shed lowest, put #2, priority 1)`: removed to make
    /// room, or (when `put` is the drop's own stamp) refused as the lowest.
    Shed {
        /// `drop-lowest` (else `drop-oldest`).
        lowest: bool,
        /// The stamp of the put that stored it.
        put: u64,
        /// Its priority, when the run shows priorities.
        priority: Option<u32>,
    },
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Fifo => "fifo",
            Self::Lifo => "lifo",
            Self::Priority => "priority",
        })
    }
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Block => "block",
            Self::Reject => "reject",
            Self::DropOldest => "drop-oldest",
            Self::DropLowest => "drop-lowest",
        })
    }
}

fn strategy(text: &str) -> Option<Strategy> {
    [Strategy::Fifo, Strategy::Lifo, Strategy::Priority]
        .into_iter()
        .find(|s| s.to_string() == text)
}

fn overflow(text: &str) -> Option<Overflow> {
    [
        Overflow::Block,
        Overflow::Reject,
        Overflow::DropOldest,
        Overflow::DropLowest,
    ]
    .into_iter()
    .find(|o| o.to_string() == text)
}

/// `#12` as 12.
fn stamp(text: &str) -> Option<u64> {
    number(text.strip_prefix('#')?)
}

/// `put #3` or `put #3, priority 7`.
fn put_and_priority(text: &str) -> Option<(u64, Option<u32>)> {
    let rest = text.strip_prefix("put ")?;
    match rest.split_once(", priority ") {
        Some((put, priority)) => Some((stamp(put)?, Some(number(priority)?))),
        None => Some((stamp(rest)?, None)),
    }
}

/// Parses a line pass 07 adds; `None` for any other line.
pub(super) fn parse(text: &str) -> Option<Line> {
    if let Some(rest) = text.strip_prefix("Buffer: ") {
        let (s, rest) = rest.split_once(", overflow ")?;
        let (o, rest) = rest.split_once(", batch ")?;
        let (rest, puts) = match rest.split_once(", puts of ") {
            Some((rest, puts)) => (rest, number(puts).filter(|&n| n > 1)?),
            None => (rest, 1),
        };
        let (batch, wait_ms) = match rest.split_once(" within ") {
            Some((batch, wait)) => (batch, Some(number(wait.strip_suffix(" ms")?)?)),
            None => (rest, None),
        };
        return Some(Line::Buffer(BufferSpec {
            strategy: strategy(s)?,
            overflow: overflow(o)?,
            batch: number(batch)?,
            wait_ms: wait_ms.filter(|&ms| ms > 0),
            puts,
        }));
    }
    if let Some(n) = text.strip_prefix("Dropped: ") {
        return counted(n, "task").map(Line::DroppedCount);
    }
    if let Some(rest) = text.strip_prefix("Task ")
        && let Some((task, rest)) = rest.split_once(" dropped at ")
    {
        let (at, rest) = rest.split_once(": buffer full (")?;
        let kind = rest.strip_suffix(')')?;
        let kind = if kind == "rejected" {
            DropKind::Rejected
        } else {
            let (lowest, rest) = if let Some(rest) = kind.strip_prefix("shed oldest, ") {
                (false, rest)
            } else {
                (true, kind.strip_prefix("shed lowest, ")?)
            };
            let (put, priority) = put_and_priority(rest)?;
            DropKind::Shed {
                lowest,
                put,
                priority,
            }
        };
        return Some(Line::Dropped {
            task: number(task)?,
            stamp: stamp(at)?,
            kind,
        });
    }
    let rest = text.strip_prefix("Consumer ")?;
    let (consumer, rest) = rest.split_once(" took ")?;
    let (n, rest) = rest.split_once(" at ")?;
    let (at, list) = rest.split_once(": ")?;
    let tasks = list
        .split("), ")
        .map(|item| {
            let (task, rest) = item.trim_end_matches(')').split_once(" (")?;
            let (put, priority) = put_and_priority(rest)?;
            Some(Taken {
                task: number(task)?,
                put,
                priority,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    if counted::<u64>(n, "task")? != tasks.len() as u64 {
        return None;
    }
    Some(Line::Took {
        consumer: number(consumer)?,
        stamp: stamp(at)?,
        tasks,
    })
}

fn priority(p: Option<u32>) -> String {
    p.map_or_else(String::new, |p| format!(", priority {p}"))
}

/// Prints a line pass 07 adds; `None` for any other line.
pub(super) fn display(line: &Line, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
    Some(match line {
        Line::Buffer(spec) => {
            let wait = spec
                .wait_ms
                .map_or_else(String::new, |ms| format!(" within {ms} ms"));
            let puts = match spec.puts {
                1 => String::new(),
                n => format!(", puts of {n}"),
            };
            write!(
                f,
                "Buffer: {}, overflow {}, batch {}{wait}{puts}",
                spec.strategy, spec.overflow, spec.batch
            )
        }
        Line::DroppedCount(n) => write!(f, "Dropped: {}", super::plural(*n, "task")),
        Line::Dropped { task, stamp, kind } => match kind {
            DropKind::Rejected => {
                write!(f, "Task {task} dropped at #{stamp}: buffer full (rejected)")
            }
            DropKind::Shed {
                lowest,
                put,
                priority: p,
            } => {
                let which = if *lowest { "lowest" } else { "oldest" };
                write!(
                    f,
                    "Task {task} dropped at #{stamp}: buffer full (shed {which}, put #{put}{})",
                    priority(*p)
                )
            }
        },
        Line::Took {
            consumer,
            stamp,
            tasks,
        } => {
            let list: Vec<String> = tasks
                .iter()
                .map(|t| format!("{} (put #{}{})", t.task, t.put, priority(t.priority)))
                .collect();
            write!(
                f,
                "Consumer {consumer} took {} at #{stamp}: {}",
                super::plural(tasks.len() as u64, "task"),
                list.join(", ")
            )
        }
        _ => return None,
    })
}
