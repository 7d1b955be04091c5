//! A producer: creates its share of the tasks and sends each one into the queue,
//! waiting when the queue is full.

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
    for seq in 0..config.tasks {
        pace.wait_for(seq);
        let task = Task::new(
            config.seed,
            task_id(index, seq, config.tasks),
            config.work_ms,
        );
        // Printed *before* the send: once sent, a consumer may take the task and print
        // its "processing" line at once, and that line must come after this one.
        log.task(format_args!("Producer {index} created task {}", task.id));
        let sent = queue.send(task, || {
            log.task(format_args!(
                "Producer {index}: blocked (queue full, waiting...)"
            ));
            log.task(format_args!("{}", gauge.line()));
        })?;
        gauge.count_sent();
        stats.created += 1;
        if sent == Sent::AfterBlocking {
            stats.blocked += 1;
            log.task(format_args!("Producer {index}: resuming (queue has space)"));
        }
    }
    log.task(format_args!(
        "Producer {index}: finished (created {}, blocked {})",
        count(stats.created, "task"),
        count(stats.blocked, "time")
    ));
    log.task(format_args!("{}", gauge.line()));
    Ok(stats)
}
