//! A producer: creates tasks and sends each one into the queue, waiting when the
//! queue is full, until it has made its share or shutdown begins.

use std::io::Write;
use std::sync::mpsc::SendError;

use bounded::producer::{finished, send};
use plumbing::Log;

use plumbing::task_id;

use crate::pace::Pace;
use crate::queue::Queue;
use crate::shared::Shared;
use crate::shutdown::Phase;
use crate::stats::ProducerStats;
use crate::task::Task;

/// Runs producer `index` until it has made its share or shutdown begins.
///
/// The producer owns its `Queue` handle (a clone of the run's): when this function
/// returns the handle is dropped, and once every producer's handle is gone the channel
/// is closed, which is how consumers learn there is no more work.
///
/// Shutdown is noticed between tasks: a producer waiting for its next task's due time
/// is woken by it, and one blocked on a full queue is released when the consumers make
/// room (processing in a graceful shutdown, discarding in an immediate one). The task
/// it was sending then is in the queue and is accounted for like any other.
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
    let Shared {
        config,
        gauge,
        log,
        shutdown,
        ..
    } = *shared;
    let pace = Pace::new(config.rate);
    let per_producer = config.tasks_per_producer();
    let mut stats = ProducerStats::default();
    for seq in 0..per_producer {
        if !pace.wait_for(seq, shutdown) {
            shutting_down(index, shutdown.phase(), log);
            break;
        }
        let task = Task::new(
            config.seed,
            task_id(index, seq, per_producer),
            config.work_ms,
        );
        send(index, task, &queue, (gauge, log), &mut stats)?;
    }
    finished(log, index, (stats.created, stats.blocked), gauge.line());
    Ok(stats)
}

/// A producer's line when it stops at the shutdown: `Producer 0 shutting down
/// gracefully`, or `immediately` once the stop is immediate (`phase` is the one it
/// saw). The passes that build on this one print it with this function, so its
/// wording is written once.
pub fn shutting_down<W: Write>(index: u32, phase: Phase, log: &Log<W>) {
    let how = if phase == Phase::Draining {
        "gracefully"
    } else {
        "immediately"
    };
    log.task(format_args!("Producer {index} shutting down {how}"));
}
