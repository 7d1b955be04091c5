//! One transcript line, parsed: the grammar of `docs/transcripts.md`, in code.

use std::fmt;

/// Every kind of line a pass may print. A line that is none of these is a grammar
/// error, so a typo in a pass's output is caught rather than silently ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// `Starting system: 3 producers, 2 consumers` (singular for 1).
    Header {
        /// Number of producer threads.
        producers: u32,
        /// Number of consumer threads.
        consumers: u32,
    },
    /// An empty line; layout only, ignored by the checks.
    Blank,
    /// `Producer 1 created task 100`
    Created {
        /// The producer's index.
        producer: u32,
        /// The task's id.
        task: u64,
    },
    /// `Consumer 0 processing task 100`
    Processing {
        /// The consumer's index.
        consumer: u32,
        /// The task's id.
        task: u64,
    },
    /// `All producers finished`
    ProducersFinished,
    /// `All consumers finished`
    ConsumersFinished,
    /// `Total tasks: 150` — tasks processed in the run.
    TotalTasks(u64),
    /// `Sum of results: 19565` — the sum of every task's result.
    ResultSum(u64),
}

impl Line {
    /// Parses one line (without its newline); `None` if it fits no rule of the grammar.
    pub fn parse(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(Self::Blank);
        }
        if let Some(rest) = text.strip_prefix("Starting system: ") {
            let (producers, consumers) = rest.split_once(", ")?;
            return Some(Self::Header {
                producers: counted(producers, "producer")?,
                consumers: counted(consumers, "consumer")?,
            });
        }
        if let Some(rest) = text.strip_prefix("Producer ") {
            let (producer, task) = rest.split_once(" created task ")?;
            return Some(Self::Created {
                producer: number(producer)?,
                task: number(task)?,
            });
        }
        if let Some(rest) = text.strip_prefix("Consumer ") {
            let (consumer, task) = rest.split_once(" processing task ")?;
            return Some(Self::Processing {
                consumer: number(consumer)?,
                task: number(task)?,
            });
        }
        match text {
            "All producers finished" => return Some(Self::ProducersFinished),
            "All consumers finished" => return Some(Self::ConsumersFinished),
            _ => {}
        }
        if let Some(n) = text.strip_prefix("Total tasks: ") {
            return number(n).map(Self::TotalTasks);
        }
        if let Some(n) = text.strip_prefix("Sum of results: ") {
            return number(n).map(Self::ResultSum);
        }
        None
    }

    /// The task this line is about, if it is a per-task line.
    pub fn task(&self) -> Option<u64> {
        match self {
            Self::Created { task, .. } | Self::Processing { task, .. } => Some(*task),
            _ => None,
        }
    }
}

impl fmt::Display for Line {
    /// Prints the line exactly as a pass prints it: `parse` and `to_string` round-trip.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Header {
                producers,
                consumers,
            } => write!(
                f,
                "Starting system: {}, {}",
                plural(*producers, "producer"),
                plural(*consumers, "consumer")
            ),
            Self::Blank => Ok(()),
            Self::Created { producer, task } => {
                write!(f, "Producer {producer} created task {task}")
            }
            Self::Processing { consumer, task } => {
                write!(f, "Consumer {consumer} processing task {task}")
            }
            Self::ProducersFinished => f.write_str("All producers finished"),
            Self::ConsumersFinished => f.write_str("All consumers finished"),
            Self::TotalTasks(n) => write!(f, "Total tasks: {n}"),
            Self::ResultSum(n) => write!(f, "Sum of results: {n}"),
        }
    }
}

/// A decimal number with nothing around it: no sign, no spaces, no leading `+`.
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `"1 producer"` or `"3 producers"`, strictly: `"1 producers"` is refused.
fn counted(text: &str, noun: &str) -> Option<u32> {
    let (n, word) = text.split_once(' ')?;
    let n = number(n)?;
    (word == plural(n, noun).split_once(' ')?.1).then_some(n)
}

fn plural(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_round_trips() {
        for text in [
            "Starting system: 3 producers, 2 consumers",
            "Starting system: 1 producer, 1 consumer",
            "",
            "Producer 1 created task 100",
            "Consumer 0 processing task 100",
            "All producers finished",
            "All consumers finished",
            "Total tasks: 150",
            "Sum of results: 19565",
        ] {
            let line = Line::parse(text).unwrap_or_else(|| panic!("{text:?} did not parse"));
            assert_eq!(line.to_string(), text);
        }
    }

    #[test]
    fn near_misses_are_refused() {
        for text in [
            "Starting system: 1 producers, 2 consumers",
            "Starting system: 3 producers",
            "Producer one created task 1",
            "Producer 1 created task -1",
            "Producer 1 created task 1 ",
            "Consumer 0 processing task",
            "Total tasks: many",
            "all producers finished",
            "Something else entirely",
        ] {
            assert_eq!(Line::parse(text), None, "{text:?} should not parse");
        }
    }
}
