//! A producer: creates its share of the tasks and sends each one into the queue,
//! waiting when the queue is full.

use std::fmt::Display;
use std::io::Write;
use std::sync::mpsc::SendError;

use plumbing::{Log, count};

use plumbing::task_id;

use crate::Config;
use crate::gauge::Gauge;
use crate::pace::Pace;
use crate::queue::{Queue, Sent};
use crate::stats::ProducerStats;
use crate::task::Task;

/// What a producer shares with the rest of the run.
pub struct Shared<'a, W> {
    /// The run's flags.
    pub config: &'a Config,
    /// Counts tasks in and out of the queue.
    pub gauge: &'a Gauge,
    /// The transcript.
    pub log: &'a Log<W>,
}

/// Runs producer `index` to completion, returning what it sent and how often it
/// had to wait for room.
///
/// The producer owns its `Queue` handle (a clone of the run's): when this function
/// returns the handle is dropped, and once every producer's handle is gone the channel
/// is closed, which is how consumers learn there is no more work.
///
/// # Errors
/// `SendError` gives the unsent task back if every receiver is gone. That cannot
/// happen in this pass (the receiver outlives every consumer), but a send can fail in
/// general, and pass 05 turns it into a reported, undelivered task.
pub fn produce<W: Write>(
    index: u32,
    queue: Queue,
    shared: &Shared<'_, W>,
) -> Result<ProducerStats, SendError<Task>> {
    let Shared { config, gauge, log } = *shared;
    let pace = Pace::new(config.rate);
    let mut stats = ProducerStats::default();
    for seq in 0..config.base.tasks {
        pace.wait_for(seq);
        let task = Task::new(
            config.base.seed,
            task_id(index, seq, config.base.tasks),
            config.work_ms,
        );
        send(index, task, &queue, (gauge, log), &mut stats)?;
    }
    finished(log, index, (stats.created, stats.blocked), gauge.line());
    Ok(stats)
}

/// Producer `index` sends `task`, waiting while the queue is full: it says so
/// (`created`; `blocked`, then `resuming`, if it had to wait) and counts it in
/// `stats` and on the `gauge`. Every later pass whose producers send into this queue
/// sends with this.
///
/// # Errors
/// The unsent task, if every receiver is gone (see [`produce`]).
pub fn send<W: Write>(
    index: u32,
    task: Task,
    queue: &Queue,
    (gauge, log): (&Gauge, &Log<W>),
    stats: &mut ProducerStats,
) -> Result<(), SendError<Task>> {
    created(log, index, task.id);
    let sent = queue.send(task, || blocked(log, index, gauge.line()))?;
    gauge.count_sent();
    stats.created += 1;
    if sent == Sent::AfterBlocking {
        stats.blocked += 1;
        resumed(log, index);
    }
    Ok(())
}

// The producer's lines, written once: every later pass whose producers block on a
// full queue prints them with these.

/// `Producer 0 created task 3`. Printed *before* the send: once sent, a consumer may
/// take the task and print its "processing" line at once, and that line must come
/// after this one.
pub fn created<W: Write>(log: &Log<W>, index: u32, id: u64) {
    log.task(format_args!("Producer {index} created task {id}"));
}

/// `Producer 0: blocked (queue full, waiting...)`, then the queue's `gauge` line.
pub fn blocked<W: Write>(log: &Log<W>, index: u32, gauge: impl Display) {
    log.task(format_args!(
        "Producer {index}: blocked (queue full, waiting...)"
    ));
    log.task(format_args!("{gauge}"));
}

/// `Producer 0: resuming (queue has space)`, once a blocked send has gone through.
pub fn resumed<W: Write>(log: &Log<W>, index: u32) {
    log.task(format_args!("Producer {index}: resuming (queue has space)"));
}

/// `Producer 0: finished (created 50 tasks, blocked 3 times)`, then the `gauge` line.
pub fn finished<W: Write>(
    log: &Log<W>,
    index: u32,
    (made, waits): (u64, u64),
    gauge: impl Display,
) {
    log.task(format_args!(
        "Producer {index}: finished (created {}, blocked {})",
        count(made, "task"),
        count(waits, "time")
    ));
    log.task(format_args!("{gauge}"));
}
