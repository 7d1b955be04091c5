//! The lines of pass 10's transcript that the checker reads (`docs/transcripts.md`,
//! "The broker"). Pass 02's, 03's and 05's lines keep their words; pass 10 adds the
//! processes' lines and the redelivery's.

/// A line of pass 10's transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokerLine {
    /// `Queue capacity: 100 items`.
    Capacity(u64),
    /// `Started producer 0 (pid 123)` / `Started consumer 1 (pid 124)`.
    Started(Who),
    /// `Producer 0 died (killed by signal 9)` / `Consumer 1 died (…)`.
    Died(Who),
    /// `Producer 0 created task 3`.
    Created {
        /// The producer.
        producer: u64,
        /// The task.
        task: u64,
    },
    /// `Producer 0: task 3 not sent (shutdown)`.
    NotSent {
        /// The producer.
        producer: u64,
        /// The task.
        task: u64,
    },
    /// `Producer 0: blocked (queue full, waiting...)`.
    Blocked(u64),
    /// `Producer 0: finished (created 4 tasks, blocked 1 time)`: what this life of the
    /// producer's process says it did.
    ProducerFinished {
        /// The producer.
        producer: u64,
        /// Adds that found the stream full.
        blocked: u64,
    },
    /// `Producer 0: restarted, 12 of its tasks already in the stream`.
    Restarted {
        /// The producer.
        producer: u64,
        /// Tasks it had added before.
        made: u64,
    },
    /// A gauge: `Queue: [███░░░░░░░] 30/100`, with its depth and capacity.
    Gauge {
        /// Tasks in the stream.
        depth: u64,
        /// The bound.
        capacity: u64,
    },
    /// `Consumer 1 processing task 3`, or `… (delivery 2, reclaimed from consumer 0)`.
    Processing {
        /// The consumer.
        consumer: u64,
        /// The task.
        task: u64,
        /// Which delivery.
        delivery: u64,
        /// The consumer it was reclaimed from.
        from: Option<u64>,
    },
    /// `Task 3 completed successfully`.
    Completed(u64),
    /// `Task 3 failed: simulated error`.
    Failed(u64),
    /// `Task 3 left pending: delivered again after 100 ms idle (delivery 1 of 2)`.
    LeftPending {
        /// The task.
        task: u64,
        /// The delivery that failed.
        delivery: u64,
        /// Deliveries a task may have (`--max-deliveries`).
        of: u64,
    },
    /// `Task 3 dead-lettered after 2 attempts: REASON`.
    Dead {
        /// The task.
        task: u64,
        /// Deliveries it had.
        attempts: u64,
        /// The reason is `never acknowledged`: a consumer found it delivered too
        /// often (its last consumer may still be at work on it), rather than the
        /// outcome of a failed delivery.
        never_acked: bool,
    },
    /// `Task 3 already settled by another consumer (a duplicate delivery)`.
    Duplicate(u64),
    /// `Consumer 1 finished`.
    ConsumerFinished(u64),
    /// `Shutdown signal received`.
    Signal,
    /// `Shutdown requested: …`, `Second signal: …`, `Drain timeout (…) expired: …`.
    Stop,
    /// `All producers finished`.
    AllProducers,
    /// `All consumers finished`.
    AllConsumers,
    /// A summary count.
    Count(Tally, u64),
    /// `  Task 3: simulated error (2 attempts)`: a dead letter's record.
    Record {
        /// The task.
        task: u64,
        /// Deliveries it had.
        attempts: u64,
    },
}

/// A producer or consumer process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    /// `producer N`.
    Producer(u64),
    /// `consumer N`.
    Consumer(u64),
}

/// Which count of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tally {
    /// `Final stats: N tasks completed`.
    Completed,
    /// `Produced: N tasks`.
    Produced,
    /// `Not processed: N tasks`.
    NotProcessed,
    /// `Dead letters: N tasks`.
    Dead,
}

fn num(text: &str) -> Option<u64> {
    text.parse().ok()
}

/// The first word of `text` as a number: `10` of `10 tasks`.
fn lead(text: &str) -> Option<u64> {
    num(text.split(' ').next()?)
}

impl BrokerLine {
    /// Parses one line; `None` for lines the checker does not read.
    pub fn parse(line: &str) -> Option<Self> {
        if let Some(record) = line.strip_prefix("  Task ") {
            let (task, rest) = record.split_once(": ")?;
            let (_, attempts) = rest.rsplit_once(" (")?;
            return Some(Self::Record {
                task: num(task)?,
                attempts: lead(attempts)?,
            });
        }
        if let Some(rest) = line.strip_prefix("Task ") {
            return Self::task(rest);
        }
        if let Some(rest) = line.strip_prefix("Producer ") {
            return Self::producer(rest);
        }
        if let Some(rest) = line.strip_prefix("Consumer ") {
            return Self::consumer(rest);
        }
        if let Some(rest) = line.strip_prefix("Started ") {
            let (who, rest) = rest.split_once(" (pid ")?;
            rest.strip_suffix(')')?;
            return Some(Self::Started(who_of(who)?));
        }
        if let Some(rest) = line.strip_prefix("Queue: [") {
            let (_, rest) = rest.split_once("] ")?;
            let rest = rest.strip_suffix(" FULL").unwrap_or(rest);
            let (depth, capacity) = rest.split_once('/')?;
            return Some(Self::Gauge {
                depth: num(depth)?,
                capacity: num(capacity)?,
            });
        }
        Self::fixed(line)
    }

    fn fixed(line: &str) -> Option<Self> {
        for (prefix, tally) in [
            ("Final stats: ", Tally::Completed),
            ("Produced: ", Tally::Produced),
            ("Not processed: ", Tally::NotProcessed),
            ("Dead letters: ", Tally::Dead),
        ] {
            if let Some(rest) = line.strip_prefix(prefix) {
                return Some(Self::Count(tally, lead(rest)?));
            }
        }
        if let Some(rest) = line.strip_prefix("Queue capacity: ") {
            return Some(Self::Capacity(lead(rest)?));
        }
        match line {
            "Shutdown signal received" => Some(Self::Signal),
            "All producers finished" => Some(Self::AllProducers),
            "All consumers finished" => Some(Self::AllConsumers),
            _ if line.starts_with("Shutdown requested: ")
                || line.starts_with("Second signal: ")
                || line.starts_with("Drain timeout (") =>
            {
                Some(Self::Stop)
            }
            _ => None,
        }
    }

    /// After `Task `.
    fn task(rest: &str) -> Option<Self> {
        let (task, rest) = rest.split_once(' ')?;
        let task = num(task)?;
        if rest == "completed successfully" {
            return Some(Self::Completed(task));
        }
        if rest == "already settled by another consumer (a duplicate delivery)" {
            return Some(Self::Duplicate(task));
        }
        if rest.starts_with("failed: ") {
            return Some(Self::Failed(task));
        }
        if let Some(left) = rest.strip_prefix("left pending: ") {
            let (_, numbers) = left.rsplit_once("(delivery ")?;
            let (delivery, of) = numbers.strip_suffix(')')?.split_once(" of ")?;
            return Some(Self::LeftPending {
                task,
                delivery: num(delivery)?,
                of: num(of)?,
            });
        }
        let attempts = rest.strip_prefix("dead-lettered after ")?;
        let (_, reason) = attempts.split_once(": ")?;
        Some(Self::Dead {
            task,
            attempts: lead(attempts)?,
            never_acked: reason == "never acknowledged",
        })
    }

    /// After `Producer `.
    fn producer(rest: &str) -> Option<Self> {
        let (index, rest) = rest.split_once(' ')?;
        if let Some(index) = index.strip_suffix(':') {
            let producer = num(index)?;
            if rest.starts_with("blocked (") {
                return Some(Self::Blocked(producer));
            }
            if let Some(counts) = rest.strip_prefix("finished (") {
                let (_, blocked) = counts.split_once(", blocked ")?;
                return Some(Self::ProducerFinished {
                    producer,
                    blocked: lead(blocked)?,
                });
            }
            if let Some(made) = rest.strip_prefix("restarted, ") {
                return Some(Self::Restarted {
                    producer,
                    made: lead(made)?,
                });
            }
            let task = rest
                .strip_prefix("task ")?
                .strip_suffix(" not sent (shutdown)")?;
            return Some(Self::NotSent {
                producer,
                task: num(task)?,
            });
        }
        let producer = num(index)?;
        if rest.starts_with("died (") {
            return Some(Self::Died(Who::Producer(producer)));
        }
        let task = rest.strip_prefix("created task ")?;
        Some(Self::Created {
            producer,
            task: num(task)?,
        })
    }

    /// After `Consumer `.
    fn consumer(rest: &str) -> Option<Self> {
        let (index, rest) = rest.split_once(' ')?;
        let consumer = num(index)?;
        if rest == "finished" {
            return Some(Self::ConsumerFinished(consumer));
        }
        if rest.starts_with("died (") {
            return Some(Self::Died(Who::Consumer(consumer)));
        }
        let rest = rest.strip_prefix("processing task ")?;
        let Some((task, again)) = rest.split_once(" (delivery ") else {
            return Some(Self::Processing {
                consumer,
                task: num(rest)?,
                delivery: 1,
                from: None,
            });
        };
        let (delivery, from) = again
            .strip_suffix(')')?
            .split_once(", reclaimed from consumer ")?;
        Some(Self::Processing {
            consumer,
            task: num(task)?,
            delivery: num(delivery)?,
            from: Some(num(from)?),
        })
    }
}

fn who_of(text: &str) -> Option<Who> {
    let (role, index) = text.split_once(' ')?;
    match role {
        "producer" => Some(Who::Producer(num(index)?)),
        "consumer" => Some(Who::Consumer(num(index)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_parse() {
        let cases = [
            (
                "Started consumer 3 (pid 99)",
                BrokerLine::Started(Who::Consumer(3)),
            ),
            (
                "Consumer 1 died (killed by signal 9)",
                BrokerLine::Died(Who::Consumer(1)),
            ),
            (
                "Producer 2 created task 204",
                BrokerLine::Created {
                    producer: 2,
                    task: 204,
                },
            ),
            (
                "Producer 2: restarted, 7 of its tasks already in the stream",
                BrokerLine::Restarted {
                    producer: 2,
                    made: 7,
                },
            ),
            (
                "Producer 2: blocked (queue full, waiting...)",
                BrokerLine::Blocked(2),
            ),
            (
                "Producer 2: finished (created 4 tasks, blocked 1 time)",
                BrokerLine::ProducerFinished {
                    producer: 2,
                    blocked: 1,
                },
            ),
            (
                "Producer 2: task 9 not sent (shutdown)",
                BrokerLine::NotSent {
                    producer: 2,
                    task: 9,
                },
            ),
            (
                "Queue: [██████████] 100/100 FULL",
                BrokerLine::Gauge {
                    depth: 100,
                    capacity: 100,
                },
            ),
            (
                "Task 5 left pending: delivered again after 100 ms idle (delivery 1 of 3)",
                BrokerLine::LeftPending {
                    task: 5,
                    delivery: 1,
                    of: 3,
                },
            ),
            (
                "Consumer 0 processing task 5",
                BrokerLine::Processing {
                    consumer: 0,
                    task: 5,
                    delivery: 1,
                    from: None,
                },
            ),
            (
                "Consumer 3 processing task 182 (delivery 2, reclaimed from consumer 1)",
                BrokerLine::Processing {
                    consumer: 3,
                    task: 182,
                    delivery: 2,
                    from: Some(1),
                },
            ),
            (
                "Task 5 dead-lettered after 2 attempts: simulated error",
                BrokerLine::Dead {
                    task: 5,
                    attempts: 2,
                    never_acked: false,
                },
            ),
            (
                "Task 5 dead-lettered after 1 attempt: never acknowledged",
                BrokerLine::Dead {
                    task: 5,
                    attempts: 1,
                    never_acked: true,
                },
            ),
            (
                "  Task 5: never acknowledged (1 attempt)",
                BrokerLine::Record {
                    task: 5,
                    attempts: 1,
                },
            ),
            (
                "Final stats: 23 tasks completed",
                BrokerLine::Count(Tally::Completed, 23),
            ),
            ("Dead letters: 1 task", BrokerLine::Count(Tally::Dead, 1)),
        ];
        for (text, line) in cases {
            assert_eq!(BrokerLine::parse(text), Some(line), "{text}");
        }
    }
}
