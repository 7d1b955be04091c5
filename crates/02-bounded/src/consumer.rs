//! A consumer: takes tasks from the shared receiver until the channel is closed.

use std::io::Write;
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, PoisonError};

use plumbing::Log;

use crate::gauge::Gauge;
use crate::stats::ConsumerStats;
use crate::task::Task;

/// Runs consumer `index` until every sender is gone and the queue is empty.
///
/// `tasks` is the one `Receiver` of the run, shared by every consumer. Why a `Mutex`:
/// `Receiver` is `Send` but not `Sync` (mpsc means *single* consumer), so several
/// threads may only reach it through a lock, and the lock is what makes sure each
/// task is received by exactly one consumer.
pub fn consume<W: Write>(
    index: u32,
    tasks: &Mutex<Receiver<Task>>,
    gauge: &Gauge,
    log: &Log<W>,
) -> ConsumerStats {
    let mut stats = ConsumerStats::default();
    while let Some(task) = receive(tasks, gauge) {
        processing(log, index, task.id);
        stats.record(task.process());
    }
    stats
}

/// Receives the next task from the run's one receiver and counts it out of the queue
/// for the gauge; `None` once every sender is gone *and* the queue is empty: all work
/// is done, the normal way out, not a failure. Every later pass whose consumers share
/// the channel receives with this.
pub fn receive(tasks: &Mutex<Receiver<Task>>, gauge: &Gauge) -> Option<Task> {
    // The lock is held while `recv` blocks (see pass 01 for what that costs).
    let receiver = tasks.lock().unwrap_or_else(PoisonError::into_inner);
    let task = receiver.recv().ok()?;
    // Counted under the lock: the gauge's bound relies on at most one task being
    // received-but-not-yet-counted at a time (see `gauge`).
    gauge.count_received();
    Some(task)
} // The guard is dropped here, before the work: others can receive meanwhile.

/// `Consumer 1 processing task 3`, the line every pass prints as a task's work begins.
pub fn processing<W: Write>(log: &Log<W>, index: u32, id: u64) {
    log.task(format_args!("Consumer {index} processing task {id}"));
}
