//! One transcript line, parsed: the grammar of `docs/transcripts.md`, in code.

use std::fmt;

mod buffer;

pub use buffer::{BufferSpec, DropKind, Overflow, Strategy, Taken};

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

    // Pass 02: the bound and backpressure.
    /// `Queue capacity: 10 items` (`1 item`, `0 items (rendezvous)`), or
    /// `Queue capacity: unbounded` (`None`).
    QueueCapacity(Option<u64>),
    /// `Producer 2: blocked (queue full, waiting...)`
    Blocked {
        /// The producer.
        producer: u32,
    },
    /// `Producer 2: resuming (queue has space)`
    Resuming {
        /// The producer.
        producer: u32,
    },
    /// `Producer 0: finished (created 50 tasks, blocked 3 times)`
    ProducerFinished {
        /// The producer.
        producer: u32,
        /// Tasks it says it created.
        created: u64,
        /// Times it says it blocked.
        blocked: u64,
    },
    /// `Queue: [██████░░░░] 6/10`, `Queue: [██████████] 10/10 FULL`, or
    /// `Queue: 140 waiting (unbounded)` (`capacity: None`).
    Gauge {
        /// Tasks the gauge says are waiting.
        depth: u64,
        /// The bound it draws against.
        capacity: Option<u64>,
    },
    /// `Elapsed: 0.250 s`, in milliseconds.
    Elapsed(u64),
    /// `Throughput: 600 tasks/s`
    Throughput(u64),

    // Pass 03: shutdown.
    /// `Shutdown mode: graceful`, `… immediate`, `… timeout (drain 2000 ms)`.
    ShutdownMode(StopMode),
    /// `Running... Press Ctrl+C to stop`: the ready line.
    Ready,
    /// What started the shutdown: `Shutdown signal received`,
    /// `Shutdown requested: ran for 2000 ms`, `Shutdown requested: 100 tasks processed`.
    Trigger(Trigger),
    /// What cut a graceful drain short: `Second signal: stopping immediately`, or
    /// `Drain timeout (2000 ms) expired: stopping immediately` (`Some(ms)`).
    Escalation(Option<u64>),
    /// `Producer 0 shutting down gracefully` (`graceful: true`) or `… immediately`.
    ProducerStopping {
        /// The producer.
        producer: u32,
        /// Gracefully or immediately.
        graceful: bool,
    },
    /// `Finishing pending work...`
    FinishingPending,
    /// `Task 12 not processed (shutdown)`: received after an immediate shutdown began.
    NotProcessed {
        /// The task's id.
        task: u64,
    },
    /// `Task 12 interrupted (shutdown)`: an immediate shutdown cut its processing
    /// short, after its `processing` line.
    Interrupted {
        /// The task's id.
        task: u64,
    },
    /// `Consumer 0 finished`
    ConsumerFinished {
        /// The consumer.
        consumer: u32,
    },
    /// `Final stats: 147 tasks completed`
    FinalStats(u64),
    /// `Produced: 150 tasks` (`1 task`)
    Produced(u64),
    /// `Not processed: 3 tasks` (`1 task`)
    NotProcessedCount(u64),

    // Pass 04: monitoring.
    /// `Statistics (updated every second):` (`Some(1000)`), `… every 250 ms:`, or
    /// `Statistics (final):` (`None`): the first line of a statistics block.
    StatsTitle(Option<u64>),
    /// `  Produced: 45` and the other counts of a block.
    StatCount {
        /// Which count.
        stat: Stat,
        /// Its value.
        n: u64,
    },
    /// `  Queue depth: 7/10`, or `  Queue depth: 7 (unbounded)`.
    StatDepth {
        /// Tasks waiting.
        depth: u64,
        /// The bound (`None`: unbounded).
        capacity: Option<u64>,
    },
    /// `  Consumer 0: 16 tasks, 93% busy, avg 61.2 ms`
    StatConsumer {
        /// The consumer.
        consumer: u32,
        /// Tasks it consumed.
        tasks: u64,
        /// Busy time over wall time, in percent.
        busy: u64,
        /// Average processing time, in tenths of a millisecond.
        avg_tenths_ms: u64,
    },
    /// `Warning: queue depth above 8 for 1000 ms (now 10/10)`
    DepthWarning {
        /// The `--depth-warn` threshold.
        threshold: u64,
        /// How long it stayed above, in ms.
        ms: u64,
        /// The depth now.
        depth: u64,
        /// The bound (`None`: unbounded).
        capacity: Option<u64>,
    },

    // Pass 05: failures.
    /// `Task 11 completed successfully`: the task's outcome, success.
    Completed {
        /// The task.
        task: u64,
    },
    /// `Task 10 failed: simulated error`: one attempt failed.
    TaskFailed {
        /// The task.
        task: u64,
        /// Why.
        reason: Reason,
    },
    /// `Task 10 will be retried in 20 ms (attempt 2 of 3)`
    RetryScheduled {
        /// The task.
        task: u64,
        /// The backoff, in ms.
        ms: u64,
        /// The attempt to come.
        attempt: u32,
        /// Attempts allowed in all.
        of: u32,
    },
    /// `Consumer 0 retrying task 10 (attempt 2 of 3)`
    Retrying {
        /// The consumer.
        consumer: u32,
        /// The task.
        task: u64,
        /// This attempt.
        attempt: u32,
        /// Attempts allowed in all.
        of: u32,
    },
    /// `Task 10 dead-lettered after 3 attempts: simulated error`: the task's outcome,
    /// given up on.
    DeadLettered {
        /// The task.
        task: u64,
        /// Attempts it was given.
        attempts: u32,
        /// Why.
        reason: Reason,
    },
    /// `Consumer 0 continuing...`: after it dead-lettered a task.
    Continuing {
        /// The consumer.
        consumer: u32,
    },
    /// `Task 105 undelivered (channel closed)`: the task's outcome, never delivered.
    Undelivered {
        /// The task.
        task: u64,
    },
    /// `Producer 1 stopping: channel closed`
    ProducerOrphaned {
        /// The producer.
        producer: u32,
    },
    /// `Producer 1 failed after 20 tasks: simulated error` (or `: panicked`).
    ProducerFailed {
        /// The producer.
        producer: u32,
        /// Tasks it had created.
        created: u64,
        /// `true` for `panicked`, `false` for `simulated error`.
        panicked: bool,
    },
    /// `Consumer 0 panicked on task 10`, or `Consumer 0 panicked` (`task: None`).
    ConsumerPanicked {
        /// The consumer.
        consumer: u32,
        /// The task it had in hand.
        task: Option<u64>,
    },
    /// `Consumer 0 replaced (restart 1 of 3)`
    ConsumerReplaced {
        /// The consumer.
        consumer: u32,
        /// Which restart, from 1.
        restart: u32,
        /// The restart limit.
        of: u32,
    },
    /// `Consumer 0 not replaced (restart limit 3 reached)`, or another reason.
    ConsumerNotReplaced {
        /// The consumer.
        consumer: u32,
        /// Why, as printed.
        why: String,
    },
    /// A count of the pass-05 summary: `Success: 147`, `Failed: 3`, `Retries: 0`,
    /// `Producer failures: 0`, `Consumer panics: 0`, `Undelivered: 0 tasks`,
    /// `Dead letters: 3 tasks`.
    Outcome {
        /// Which count.
        count: OutcomeCount,
        /// Its value.
        n: u64,
    },
    // Pass 06: work stealing.
    /// `Consumer 1 stole 4 tasks from Consumer 0`
    Stole {
        /// The thief.
        thief: u32,
        /// Tasks taken.
        tasks: u64,
        /// The victim.
        victim: u32,
    },
    /// `Steals: 5 (33 tasks)`, or `Steals: off (--no-steal)` (`None`).
    Steals(Option<(u64, u64)>),
    // Pass 07: the buffer.
    /// `Buffer: fifo, overflow block, batch 1`: the fourth header line.
    Buffer(BufferSpec),
    /// `Consumer 0 took 2 tasks at #7: 5 (put #3), 104 (put #4)`: one take, in the
    /// order the strategy gave the tasks.
    Took {
        /// The consumer.
        consumer: u32,
        /// The take's stamp.
        stamp: u64,
        /// What it took, in order.
        tasks: Vec<Taken>,
    },
    /// `Task 5 dropped at #9: buffer full (rejected)`: a put left it out.
    Dropped {
        /// The task.
        task: u64,
        /// The stamp of the put that left it out.
        stamp: u64,
        /// Refused, or shed.
        kind: DropKind,
    },
    /// `Dropped: 3 tasks`, after `Not processed`.
    DroppedCount(u64),
    /// `Consumer 1: 108 tasks done, stole 33 tasks in 5 steals`
    ConsumerShare {
        /// The consumer.
        consumer: u32,
        /// Tasks it brought to an outcome (succeeded or dead-lettered).
        done: u64,
        /// Tasks it stole.
        stolen: u64,
        /// Steals it made.
        steals: u64,
    },
    /// `  Task 10: simulated error (1 attempt)`: one entry of the dead-letter record.
    DeadLetter {
        /// The task.
        task: u64,
        /// Why.
        reason: Reason,
        /// Attempts it was given.
        attempts: u32,
    },
    /// `  ...and 4210 more (the record lists the first 1000 by id)`: the end of a
    /// dead-letter record too long to list whole.
    DeadLettersOmitted {
        /// Letters not listed.
        more: u64,
        /// How many the record lists.
        kept: u64,
    },
}

/// Why a task's attempt failed or it was given up on (pass 05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// `simulated error`
    Simulated,
    /// `consumer panicked`
    ConsumerPanicked,
    /// `retry cancelled (shutdown)`
    RetryCancelled,
}

impl Reason {
    const ALL: [Self; 3] = [
        Self::Simulated,
        Self::ConsumerPanicked,
        Self::RetryCancelled,
    ];

    /// As printed.
    pub fn text(self) -> &'static str {
        match self {
            Self::Simulated => "simulated error",
            Self::ConsumerPanicked => "consumer panicked",
            Self::RetryCancelled => "retry cancelled (shutdown)",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.text() == text)
    }
}

/// The counts of pass 05's summary, in the order it prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomeCount {
    /// `Undelivered: N tasks`
    Undelivered,
    /// `Success: N`
    Success,
    /// `Failed: N` (dead-lettered)
    Failed,
    /// `Retries: N`
    Retries,
    /// `Producer failures: N`
    ProducerFailures,
    /// `Consumer panics: N`
    ConsumerPanics,
    /// `Dead letters: N tasks`, followed by the record.
    DeadLetters,
}

impl OutcomeCount {
    /// In the order the summary prints them.
    pub const ALL: [Self; 7] = [
        Self::Undelivered,
        Self::Success,
        Self::Failed,
        Self::Retries,
        Self::ProducerFailures,
        Self::ConsumerPanics,
        Self::DeadLetters,
    ];

    /// The label, as printed before `: `.
    pub fn name(self) -> &'static str {
        match self {
            Self::Undelivered => "Undelivered",
            Self::Success => "Success",
            Self::Failed => "Failed",
            Self::Retries => "Retries",
            Self::ProducerFailures => "Producer failures",
            Self::ConsumerPanics => "Consumer panics",
            Self::DeadLetters => "Dead letters",
        }
    }

    /// Whether the number is followed by `task`/`tasks`.
    pub fn in_tasks(self) -> bool {
        matches!(self, Self::Undelivered | Self::DeadLetters)
    }
}

/// A count in a statistics block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    /// `  Produced: N`: tasks generated.
    Produced,
    /// `  Consumed: N`: tasks finished, succeeded or failed.
    Consumed,
    /// `  Pending: N`: produced − consumed.
    Pending,
    /// `  Failed: N`: consumed tasks that failed.
    Failed,
}

impl Stat {
    /// In the order a block prints them.
    pub const ALL: [Self; 4] = [Self::Produced, Self::Consumed, Self::Pending, Self::Failed];

    /// As printed: `Produced`, `Consumed`, `Pending`, `Failed`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Produced => "Produced",
            Self::Consumed => "Consumed",
            Self::Pending => "Pending",
            Self::Failed => "Failed",
        }
    }
}

/// How a run stops (`--shutdown`), as its header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopMode {
    /// Finish every queued task.
    Graceful,
    /// Finish only the tasks in hand.
    Immediate,
    /// Graceful for this many milliseconds, then immediate.
    Timeout(u64),
}

/// What started a shutdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// SIGINT, SIGTERM or SIGHUP.
    Signal,
    /// `--duration-ms` of this many milliseconds elapsed.
    Duration(u64),
    /// `--stop-after` this many tasks.
    TaskLimit(u64),
}

impl Line {
    /// Whether this summary line reports tasks left over: not processed (pass 03 on)
    /// or undelivered (pass 05 on). A run with any exits with status 3.
    pub fn reports_left_over(&self) -> bool {
        matches!(
            self,
            Self::NotProcessedCount(n)
                | Self::Outcome {
                    count: OutcomeCount::Undelivered,
                    n
                } if *n > 0
        )
    }

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
        if let Some(line) = buffer::parse(text) {
            return Some(line);
        }
        if let Some(line) = failure_line(text) {
            return Some(line);
        }
        if let Some(rest) = text.strip_prefix("Producer ") {
            if let Some((producer, task)) = rest.split_once(" created task ") {
                return Some(Self::Created {
                    producer: number(producer)?,
                    task: number(task)?,
                });
            }
            if let Some((producer, how)) = rest.split_once(" shutting down ") {
                let graceful = match how {
                    "gracefully" => true,
                    "immediately" => false,
                    _ => return None,
                };
                return Some(Self::ProducerStopping {
                    producer: number(producer)?,
                    graceful,
                });
            }
            let (producer, state) = rest.split_once(": ")?;
            let producer = number(producer)?;
            return match state {
                "blocked (queue full, waiting...)" => Some(Self::Blocked { producer }),
                "resuming (queue has space)" => Some(Self::Resuming { producer }),
                _ => {
                    let counts = state
                        .strip_prefix("finished (created ")?
                        .strip_suffix(')')?;
                    let (created, blocked) = counts.split_once(", blocked ")?;
                    Some(Self::ProducerFinished {
                        producer,
                        created: counted::<u64>(created, "task")?,
                        blocked: counted::<u64>(blocked, "time")?,
                    })
                }
            };
        }
        if let Some(rest) = text.strip_prefix("  ") {
            return stat(rest);
        }
        if let Some(rest) = text.strip_prefix("Statistics (") {
            let rest = rest.strip_suffix("):")?;
            return match rest {
                "final" => Some(Self::StatsTitle(None)),
                "updated every second" => Some(Self::StatsTitle(Some(1000))),
                _ => {
                    let ms = rest.strip_prefix("updated every ")?.strip_suffix(" ms")?;
                    number(ms)
                        .filter(|&ms| ms != 1000)
                        .map(|ms| Self::StatsTitle(Some(ms)))
                }
            };
        }
        if let Some(rest) = text.strip_prefix("Warning: queue depth above ") {
            let (threshold, rest) = rest.split_once(" for ")?;
            let (ms, rest) = rest.split_once(" ms (now ")?;
            let (depth, capacity) = depth(rest.strip_suffix(')')?)?;
            return Some(Self::DepthWarning {
                threshold: number(threshold)?,
                ms: number(ms)?,
                depth,
                capacity,
            });
        }
        if let Some(consumer) = text
            .strip_prefix("Consumer ")
            .and_then(|r| r.strip_suffix(" finished"))
        {
            return number(consumer).map(|consumer| Self::ConsumerFinished { consumer });
        }
        if let Some(task) = text
            .strip_prefix("Task ")
            .and_then(|r| r.strip_suffix(" not processed (shutdown)"))
        {
            return number(task).map(|task| Self::NotProcessed { task });
        }
        if let Some(task) = text
            .strip_prefix("Task ")
            .and_then(|r| r.strip_suffix(" interrupted (shutdown)"))
        {
            return number(task).map(|task| Self::Interrupted { task });
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
            "Running... Press Ctrl+C to stop" => return Some(Self::Ready),
            "Shutdown signal received" => return Some(Self::Trigger(Trigger::Signal)),
            "Second signal: stopping immediately" => return Some(Self::Escalation(None)),
            "Finishing pending work..." => return Some(Self::FinishingPending),
            "Shutdown mode: graceful" => return Some(Self::ShutdownMode(StopMode::Graceful)),
            "Shutdown mode: immediate" => return Some(Self::ShutdownMode(StopMode::Immediate)),
            _ => {}
        }
        if let Some(rest) = text.strip_prefix("Shutdown mode: timeout (drain ") {
            let ms = rest.strip_suffix(" ms)")?;
            return number(ms).map(|ms| Self::ShutdownMode(StopMode::Timeout(ms)));
        }
        if let Some(rest) = text.strip_prefix("Shutdown requested: ") {
            if let Some(ms) = rest
                .strip_prefix("ran for ")
                .and_then(|r| r.strip_suffix(" ms"))
            {
                return number(ms).map(|ms| Self::Trigger(Trigger::Duration(ms)));
            }
            let n = rest.strip_suffix(" tasks processed")?;
            return number(n).map(|n| Self::Trigger(Trigger::TaskLimit(n)));
        }
        if let Some(rest) = text.strip_prefix("Drain timeout (") {
            let ms = rest.strip_suffix(" ms) expired: stopping immediately")?;
            return number(ms).map(|ms| Self::Escalation(Some(ms)));
        }
        if let Some(n) = text
            .strip_prefix("Final stats: ")
            .and_then(|r| r.strip_suffix(" tasks completed"))
        {
            return number(n).map(Self::FinalStats);
        }
        if let Some(rest) = text.strip_prefix("Produced: ") {
            return counted::<u64>(rest, "task").map(Self::Produced);
        }
        if let Some(rest) = text.strip_prefix("Not processed: ") {
            return counted::<u64>(rest, "task").map(Self::NotProcessedCount);
        }
        if let Some(n) = text.strip_prefix("Total tasks: ") {
            return number(n).map(Self::TotalTasks);
        }
        if let Some(n) = text.strip_prefix("Sum of results: ") {
            return number(n).map(Self::ResultSum);
        }
        if let Some(rest) = text.strip_prefix("Queue capacity: ") {
            return match rest {
                "unbounded" => Some(Self::QueueCapacity(None)),
                "0 items (rendezvous)" => Some(Self::QueueCapacity(Some(0))),
                _ => counted::<u64>(rest, "item")
                    .filter(|&n| n > 0)
                    .map(|n| Self::QueueCapacity(Some(n))),
            };
        }
        if let Some(rest) = text.strip_prefix("Queue: ") {
            return gauge(rest);
        }
        if let Some(seconds) = text
            .strip_prefix("Elapsed: ")
            .and_then(|t| t.strip_suffix(" s"))
        {
            let (whole, millis) = seconds.split_once('.')?;
            let (whole, millis): (u64, u64) = (
                number(whole)?,
                number(millis).filter(|_| millis.len() == 3)?,
            );
            return Some(Self::Elapsed(whole.checked_mul(1000)?.checked_add(millis)?));
        }
        if let Some(n) = text
            .strip_prefix("Throughput: ")
            .and_then(|t| t.strip_suffix(" tasks/s"))
        {
            return number(n).map(Self::Throughput);
        }
        None
    }
}

impl fmt::Display for Line {
    /// Prints the line exactly as a pass prints it: `parse` and `to_string` round-trip.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(written) = buffer::display(self, f) {
            return written;
        }
        match self {
            Self::Buffer(_) | Self::Took { .. } | Self::Dropped { .. } | Self::DroppedCount(_) => {
                unreachable!("written by `buffer::display` above")
            }
            Self::Header {
                producers,
                consumers,
            } => write!(
                f,
                "Starting system: {}, {}",
                plural((*producers).into(), "producer"),
                plural((*consumers).into(), "consumer")
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
            Self::QueueCapacity(None) => f.write_str("Queue capacity: unbounded"),
            Self::QueueCapacity(Some(0)) => f.write_str("Queue capacity: 0 items (rendezvous)"),
            Self::QueueCapacity(Some(n)) => write!(f, "Queue capacity: {}", plural(*n, "item")),
            Self::Blocked { producer } => {
                write!(f, "Producer {producer}: blocked (queue full, waiting...)")
            }
            Self::Resuming { producer } => {
                write!(f, "Producer {producer}: resuming (queue has space)")
            }
            Self::ProducerFinished {
                producer,
                created,
                blocked,
            } => write!(
                f,
                "Producer {producer}: finished (created {}, blocked {})",
                plural(*created, "task"),
                plural(*blocked, "time")
            ),
            Self::Gauge {
                depth,
                capacity: None,
            } => write!(f, "Queue: {depth} waiting (unbounded)"),
            Self::Gauge {
                depth,
                capacity: Some(capacity),
            } => {
                let cells = (*capacity).min(GAUGE_CELLS);
                let filled = if *capacity == 0 {
                    0
                } else {
                    (depth * cells).div_ceil(*capacity).min(cells)
                };
                let bar: String = (0..cells)
                    .map(|i| if i < filled { '█' } else { '░' })
                    .collect();
                let full = if depth >= capacity { " FULL" } else { "" };
                write!(f, "Queue: [{bar}] {depth}/{capacity}{full}")
            }
            Self::Elapsed(ms) => write!(f, "Elapsed: {}.{:03} s", ms / 1000, ms % 1000),
            Self::Throughput(n) => write!(f, "Throughput: {n} tasks/s"),
            Self::ShutdownMode(StopMode::Graceful) => f.write_str("Shutdown mode: graceful"),
            Self::ShutdownMode(StopMode::Immediate) => f.write_str("Shutdown mode: immediate"),
            Self::ShutdownMode(StopMode::Timeout(ms)) => {
                write!(f, "Shutdown mode: timeout (drain {ms} ms)")
            }
            Self::Ready => f.write_str("Running... Press Ctrl+C to stop"),
            Self::Trigger(Trigger::Signal) => f.write_str("Shutdown signal received"),
            Self::Trigger(Trigger::Duration(ms)) => {
                write!(f, "Shutdown requested: ran for {ms} ms")
            }
            Self::Trigger(Trigger::TaskLimit(n)) => {
                write!(f, "Shutdown requested: {n} tasks processed")
            }
            Self::Escalation(None) => f.write_str("Second signal: stopping immediately"),
            Self::Escalation(Some(ms)) => {
                write!(f, "Drain timeout ({ms} ms) expired: stopping immediately")
            }
            Self::ProducerStopping { producer, graceful } => {
                let how = if *graceful {
                    "gracefully"
                } else {
                    "immediately"
                };
                write!(f, "Producer {producer} shutting down {how}")
            }
            Self::FinishingPending => f.write_str("Finishing pending work..."),
            Self::NotProcessed { task } => write!(f, "Task {task} not processed (shutdown)"),
            Self::Interrupted { task } => write!(f, "Task {task} interrupted (shutdown)"),
            Self::ConsumerFinished { consumer } => write!(f, "Consumer {consumer} finished"),
            Self::FinalStats(n) => write!(f, "Final stats: {n} tasks completed"),
            Self::Produced(n) => write!(f, "Produced: {}", plural(*n, "task")),
            Self::NotProcessedCount(n) => write!(f, "Not processed: {}", plural(*n, "task")),
            Self::StatsTitle(None) => f.write_str("Statistics (final):"),
            Self::StatsTitle(Some(1000)) => f.write_str("Statistics (updated every second):"),
            Self::StatsTitle(Some(ms)) => write!(f, "Statistics (updated every {ms} ms):"),
            Self::StatCount { stat, n } => write!(f, "  {}: {n}", stat.name()),
            Self::StatDepth { depth, capacity } => {
                write!(f, "  Queue depth: {}", depth_text(*depth, *capacity))
            }
            Self::StatConsumer {
                consumer,
                tasks,
                busy,
                avg_tenths_ms,
            } => write!(
                f,
                "  Consumer {consumer}: {}, {busy}% busy, avg {}.{} ms",
                plural(*tasks, "task"),
                avg_tenths_ms / 10,
                avg_tenths_ms % 10
            ),
            Self::DepthWarning {
                threshold,
                ms,
                depth,
                capacity,
            } => write!(
                f,
                "Warning: queue depth above {threshold} for {ms} ms (now {})",
                depth_text(*depth, *capacity)
            ),
            Self::Completed { task } => write!(f, "Task {task} completed successfully"),
            Self::TaskFailed { task, reason } => {
                write!(f, "Task {task} failed: {}", reason.text())
            }
            Self::RetryScheduled {
                task,
                ms,
                attempt,
                of,
            } => write!(
                f,
                "Task {task} will be retried in {ms} ms (attempt {attempt} of {of})"
            ),
            Self::Retrying {
                consumer,
                task,
                attempt,
                of,
            } => write!(
                f,
                "Consumer {consumer} retrying task {task} (attempt {attempt} of {of})"
            ),
            Self::DeadLettered {
                task,
                attempts,
                reason,
            } => write!(
                f,
                "Task {task} dead-lettered after {}: {}",
                plural((*attempts).into(), "attempt"),
                reason.text()
            ),
            Self::Continuing { consumer } => write!(f, "Consumer {consumer} continuing..."),
            Self::Undelivered { task } => write!(f, "Task {task} undelivered (channel closed)"),
            Self::ProducerOrphaned { producer } => {
                write!(f, "Producer {producer} stopping: channel closed")
            }
            Self::ProducerFailed {
                producer,
                created,
                panicked,
            } => write!(
                f,
                "Producer {producer} failed after {}: {}",
                plural(*created, "task"),
                if *panicked {
                    "panicked"
                } else {
                    "simulated error"
                }
            ),
            Self::ConsumerPanicked {
                consumer,
                task: None,
            } => write!(f, "Consumer {consumer} panicked"),
            Self::ConsumerPanicked {
                consumer,
                task: Some(task),
            } => write!(f, "Consumer {consumer} panicked on task {task}"),
            Self::ConsumerReplaced {
                consumer,
                restart,
                of,
            } => write!(
                f,
                "Consumer {consumer} replaced (restart {restart} of {of})"
            ),
            Self::ConsumerNotReplaced { consumer, why } => {
                write!(f, "Consumer {consumer} not replaced ({why})")
            }
            Self::Outcome { count, n } if count.in_tasks() => {
                write!(f, "{}: {}", count.name(), plural(*n, "task"))
            }
            Self::Outcome { count, n } => write!(f, "{}: {n}", count.name()),
            Self::Stole {
                thief,
                tasks,
                victim,
            } => write!(
                f,
                "Consumer {thief} stole {} from Consumer {victim}",
                plural(*tasks, "task")
            ),
            Self::Steals(None) => f.write_str("Steals: off (--no-steal)"),
            Self::Steals(Some((steals, tasks))) => {
                write!(f, "Steals: {steals} ({})", plural(*tasks, "task"))
            }
            Self::ConsumerShare {
                consumer,
                done,
                stolen,
                steals,
            } => write!(
                f,
                "Consumer {consumer}: {} done, stole {} in {}",
                plural(*done, "task"),
                plural(*stolen, "task"),
                plural(*steals, "steal")
            ),
            Self::DeadLetter {
                task,
                reason,
                attempts,
            } => write!(
                f,
                "  Task {task}: {} ({})",
                reason.text(),
                plural((*attempts).into(), "attempt")
            ),
            Self::DeadLettersOmitted { more, kept } => write!(
                f,
                "  ...and {more} more (the record lists the first {kept} by id)"
            ),
        }
    }
}

/// Pass 05's lines, or `None` if `text` is none of them.
fn failure_line(text: &str) -> Option<Line> {
    if let Some(rest) = text.strip_prefix("Steals: ") {
        if rest == "off (--no-steal)" {
            return Some(Line::Steals(None));
        }
        let (steals, tasks) = rest.strip_suffix(')')?.split_once(" (")?;
        return Some(Line::Steals(Some((
            number(steals)?,
            counted(tasks, "task")?,
        ))));
    }
    for count in OutcomeCount::ALL {
        if let Some(n) = text
            .strip_prefix(count.name())
            .and_then(|r| r.strip_prefix(": "))
        {
            let n = if count.in_tasks() {
                counted(n, "task")?
            } else {
                number(n)?
            };
            return Some(Line::Outcome { count, n });
        }
    }
    if let Some(rest) = text.strip_prefix("Task ") {
        let (task, rest) = rest.split_once(' ')?;
        let task = number(task)?;
        if rest == "completed successfully" {
            return Some(Line::Completed { task });
        }
        if rest == "undelivered (channel closed)" {
            return Some(Line::Undelivered { task });
        }
        if let Some(reason) = rest.strip_prefix("failed: ") {
            return Some(Line::TaskFailed {
                task,
                reason: Reason::parse(reason)?,
            });
        }
        if let Some(rest) = rest.strip_prefix("will be retried in ") {
            let (ms, rest) = rest.split_once(" ms (attempt ")?;
            let (attempt, of) = attempt_of(rest.strip_suffix(')')?)?;
            return Some(Line::RetryScheduled {
                task,
                ms: number(ms)?,
                attempt,
                of,
            });
        }
        if let Some(rest) = rest.strip_prefix("dead-lettered after ") {
            let (attempts, reason) = rest.split_once(": ")?;
            return Some(Line::DeadLettered {
                task,
                attempts: counted(attempts, "attempt")?,
                reason: Reason::parse(reason)?,
            });
        }
        return None;
    }
    if let Some(rest) = text.strip_prefix("  ...and ") {
        let (more, rest) = rest.split_once(" more (the record lists the first ")?;
        return Some(Line::DeadLettersOmitted {
            more: number(more)?,
            kept: number(rest.strip_suffix(" by id)")?)?,
        });
    }
    if let Some(rest) = text.strip_prefix("  Task ") {
        let (task, rest) = rest.split_once(": ")?;
        let (reason, attempts) = rest.strip_suffix(')')?.rsplit_once(" (")?;
        return Some(Line::DeadLetter {
            task: number(task)?,
            reason: Reason::parse(reason)?,
            attempts: counted(attempts, "attempt")?,
        });
    }
    if let Some(rest) = text.strip_prefix("Consumer ") {
        if let Some((consumer, rest)) = rest.split_once(": ") {
            let (done, rest) = rest.split_once(" done, stole ")?;
            let (stolen, steals) = rest.split_once(" in ")?;
            return Some(Line::ConsumerShare {
                consumer: number(consumer)?,
                done: counted(done, "task")?,
                stolen: counted(stolen, "task")?,
                steals: counted(steals, "steal")?,
            });
        }
        let (consumer, rest) = rest.split_once(' ')?;
        let consumer = number(consumer)?;
        if rest == "continuing..." {
            return Some(Line::Continuing { consumer });
        }
        if let Some(rest) = rest.strip_prefix("stole ") {
            let (tasks, victim) = rest.split_once(" from Consumer ")?;
            return Some(Line::Stole {
                thief: consumer,
                tasks: counted(tasks, "task")?,
                victim: number(victim)?,
            });
        }
        if rest == "panicked" {
            return Some(Line::ConsumerPanicked {
                consumer,
                task: None,
            });
        }
        if let Some(task) = rest.strip_prefix("panicked on task ") {
            return Some(Line::ConsumerPanicked {
                consumer,
                task: Some(number(task)?),
            });
        }
        if let Some(rest) = rest.strip_prefix("retrying task ") {
            let (task, rest) = rest.split_once(" (attempt ")?;
            let (attempt, of) = attempt_of(rest.strip_suffix(')')?)?;
            return Some(Line::Retrying {
                consumer,
                task: number(task)?,
                attempt,
                of,
            });
        }
        if let Some(rest) = rest.strip_prefix("replaced (restart ") {
            let (restart, of) = attempt_of(rest.strip_suffix(')')?)?;
            return Some(Line::ConsumerReplaced {
                consumer,
                restart,
                of,
            });
        }
        if let Some(why) = rest
            .strip_prefix("not replaced (")
            .and_then(|r| r.strip_suffix(')'))
            .filter(|why| !why.is_empty())
        {
            return Some(Line::ConsumerNotReplaced {
                consumer,
                why: why.to_owned(),
            });
        }
        return None;
    }
    if let Some(rest) = text.strip_prefix("Producer ") {
        let (producer, rest) = rest.split_once(' ')?;
        let producer = number(producer)?;
        if rest == "stopping: channel closed" {
            return Some(Line::ProducerOrphaned { producer });
        }
        let (created, reason) = rest.strip_prefix("failed after ")?.split_once(": ")?;
        let panicked = match reason {
            "panicked" => true,
            "simulated error" => false,
            _ => return None,
        };
        return Some(Line::ProducerFailed {
            producer,
            created: counted(created, "task")?,
            panicked,
        });
    }
    None
}

/// `2 of 3`.
fn attempt_of(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once(" of ")?;
    Some((number(a)?, number(b)?))
}

/// Cells in a gauge's bar; a smaller queue gets one cell per slot.
const GAUGE_CELLS: u64 = 10;

/// The part of a gauge line after `Queue: `. The bar must be exactly the one its
/// numbers call for: the line is parsed, printed again, and compared.
fn gauge(rest: &str) -> Option<Line> {
    let line = if let Some(depth) = rest.strip_suffix(" waiting (unbounded)") {
        Line::Gauge {
            depth: number(depth)?,
            capacity: None,
        }
    } else {
        let (_bar, numbers) = rest.rsplit_once("] ")?;
        let (depth, capacity) = numbers.trim_end_matches(" FULL").split_once('/')?;
        Line::Gauge {
            depth: number(depth)?,
            capacity: Some(number(capacity)?),
        }
    };
    (line.to_string() == format!("Queue: {rest}")).then_some(line)
}

/// A statistics line without its two-space indent.
fn stat(rest: &str) -> Option<Line> {
    for stat in Stat::ALL {
        if let Some(n) = rest
            .strip_prefix(stat.name())
            .and_then(|r| r.strip_prefix(": "))
        {
            return number(n).map(|n| Line::StatCount { stat, n });
        }
    }
    if let Some(text) = rest.strip_prefix("Queue depth: ") {
        let (depth, capacity) = depth(text)?;
        return Some(Line::StatDepth { depth, capacity });
    }
    let (consumer, rest) = rest.strip_prefix("Consumer ")?.split_once(": ")?;
    let (tasks, rest) = rest.split_once(", ")?;
    let (busy, avg) = rest.split_once("% busy, avg ")?;
    let (whole, tenth) = avg.strip_suffix(" ms")?.split_once('.')?;
    let tenth: u64 = number(tenth).filter(|_| tenth.len() == 1)?;
    Some(Line::StatConsumer {
        consumer: number(consumer)?,
        tasks: counted::<u64>(tasks, "task")?,
        busy: number(busy)?,
        avg_tenths_ms: number::<u64>(whole)?.checked_mul(10)?.checked_add(tenth)?,
    })
}

/// `7/10` or `7 (unbounded)`.
fn depth(text: &str) -> Option<(u64, Option<u64>)> {
    if let Some(depth) = text.strip_suffix(" (unbounded)") {
        return Some((number(depth)?, None));
    }
    let (depth, capacity) = text.split_once('/')?;
    Some((number(depth)?, Some(number(capacity)?)))
}

fn depth_text(depth: u64, capacity: Option<u64>) -> String {
    match capacity {
        Some(capacity) => format!("{depth}/{capacity}"),
        None => format!("{depth} (unbounded)"),
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
fn counted<T: std::str::FromStr + Into<u64> + Copy>(text: &str, noun: &str) -> Option<T> {
    let (n, word) = text.split_once(' ')?;
    let n: T = number(n)?;
    (word == plural(n.into(), noun).split_once(' ')?.1).then_some(n)
}

fn plural(n: u64, noun: &str) -> String {
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
            "Queue capacity: 10 items",
            "Queue capacity: 1 item",
            "Queue capacity: 0 items (rendezvous)",
            "Queue capacity: unbounded",
            "Producer 2: blocked (queue full, waiting...)",
            "Producer 2: resuming (queue has space)",
            "Producer 0: finished (created 50 tasks, blocked 3 times)",
            "Producer 0: finished (created 1 task, blocked 1 time)",
            "Queue: [██████████] 10/10 FULL",
            "Queue: [██████░░░░] 6/10",
            "Queue: [█░░░░░░░░░] 1/1000",
            "Queue: [] 0/0 FULL",
            "Queue: 140 waiting (unbounded)",
            "Elapsed: 0.250 s",
            "Elapsed: 12.005 s",
            "Throughput: 600 tasks/s",
            "Shutdown mode: graceful",
            "Shutdown mode: immediate",
            "Shutdown mode: timeout (drain 2000 ms)",
            "Running... Press Ctrl+C to stop",
            "Shutdown signal received",
            "Shutdown requested: ran for 1500 ms",
            "Shutdown requested: 100 tasks processed",
            "Second signal: stopping immediately",
            "Drain timeout (2000 ms) expired: stopping immediately",
            "Producer 0 shutting down gracefully",
            "Producer 2 shutting down immediately",
            "Finishing pending work...",
            "Task 12 not processed (shutdown)",
            "Task 12 interrupted (shutdown)",
            "Buffer: fifo, overflow block, batch 1",
            "Buffer: priority, overflow drop-lowest, batch 64 within 5 ms",
            "Buffer: fifo, overflow block, batch 1, puts of 64",
            "Consumer 0 took 1 task at #3: 5 (put #1)",
            "Consumer 2 took 2 tasks at #9: 5 (put #1, priority 9), 104 (put #4, priority 0)",
            "Task 5 dropped at #9: buffer full (rejected)",
            "Task 5 dropped at #9: buffer full (shed oldest, put #2)",
            "Task 5 dropped at #9: buffer full (shed lowest, put #9, priority 0)",
            "Dropped: 1 task",
            "Consumer 1 finished",
            "Final stats: 147 tasks completed",
            "Produced: 150 tasks",
            "Produced: 1 task",
            "Not processed: 3 tasks",
            "Not processed: 0 tasks",
            "Statistics (updated every second):",
            "Statistics (updated every 250 ms):",
            "Statistics (final):",
            "  Produced: 45",
            "  Consumed: 32",
            "  Pending: 13",
            "  Failed: 0",
            "  Queue depth: 7/10",
            "  Queue depth: 7 (unbounded)",
            "  Consumer 0: 16 tasks, 93% busy, avg 61.2 ms",
            "  Consumer 1: 1 task, 0% busy, avg 0.0 ms",
            "Warning: queue depth above 8 for 1000 ms (now 10/10)",
            "Task 11 completed successfully",
            "Task 10 failed: simulated error",
            "Task 10 failed: consumer panicked",
            "Task 10 will be retried in 20 ms (attempt 2 of 3)",
            "Consumer 0 retrying task 10 (attempt 2 of 3)",
            "Task 10 dead-lettered after 3 attempts: simulated error",
            "Task 10 dead-lettered after 1 attempt: retry cancelled (shutdown)",
            "Consumer 0 continuing...",
            "Task 105 undelivered (channel closed)",
            "Producer 1 stopping: channel closed",
            "Producer 1 failed after 20 tasks: simulated error",
            "Producer 2 failed after 1 task: panicked",
            "Consumer 0 panicked on task 10",
            "Consumer 1 panicked",
            "Consumer 0 replaced (restart 1 of 3)",
            "Consumer 0 not replaced (restart limit 3 reached)",
            "Undelivered: 0 tasks",
            "Success: 147",
            "Failed: 3",
            "Retries: 0",
            "Producer failures: 1",
            "Consumer panics: 2",
            "Dead letters: 1 task",
            "  Task 10: simulated error (1 attempt)",
            "  ...and 4210 more (the record lists the first 1000 by id)",
            "  Task 12: consumer panicked (2 attempts)",
            "Consumer 1 stole 4 tasks from Consumer 0",
            "Consumer 1 stole 1 task from Consumer 2",
            "Steals: 5 (33 tasks)",
            "Steals: off (--no-steal)",
            "Consumer 1: 108 tasks done, stole 33 tasks in 5 steals",
            "Consumer 0: 1 task done, stole 0 tasks in 1 steal",
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
            "Queue capacity: 1 items",
            "Queue capacity: 0 items",
            "Producer 0: finished (created 1 tasks, blocked 0 times)",
            "Producer 2: blocked",
            "Queue: [█████░░░░░] 6/10",
            "Queue: [██████████] 10/10",
            "Queue: [███] 3/3",
            "Elapsed: 0.25 s",
            "Throughput: fast",
            "Shutdown mode: graceful please",
            "Producer 0 shutting down",
            "Producer 0 shutting down slowly",
            "Task 12 not processed",
            "Consumer one finished",
            "Produced: 1 tasks",
            "Statistics (updated every 1000 ms):",
            "Statistics:",
            "  Produced: -1",
            " Produced: 4",
            "  Consumer 0: 16 tasks, 93% busy, avg 61 ms",
            "  Consumer 0: 1 tasks, 93% busy, avg 6.1 ms",
            "  Queue depth: 7",
            "Task 10 failed: it broke",
            "Task 10 completed",
            "Task 10 dead-lettered after 1 attempts: simulated error",
            "Task 10 will be retried in 20 ms (attempt 2)",
            "Consumer 0 continuing",
            "Consumer 0 not replaced ()",
            "Producer 1 failed after 20 tasks: bored",
            "Success: many",
            "Dead letters: 1 tasks",
            "  Task 10: simulated error",
            "Consumer 1 stole 1 tasks from Consumer 0",
            "Steals: 5",
            "Consumer 1: 3 tasks done",
        ] {
            assert_eq!(Line::parse(text), None, "{text:?} should not parse");
        }
    }
}
