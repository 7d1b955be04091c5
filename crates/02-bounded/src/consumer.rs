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
    loop {
        let next = {
            // The lock is held while `recv` blocks (see pass 01 for what that costs).
            let receiver = tasks.lock().unwrap_or_else(PoisonError::into_inner);
            let next = receiver.recv();
            if next.is_ok() {
                // Counted under the lock: the gauge's bound relies on at most one task
                // being received-but-not-yet-counted at a time (see `gauge`).
                gauge.count_received();
            }
            next
        }; // The guard is dropped here, before the work: others can receive meanwhile.

        // `Err(RecvError)` means every sender is dropped *and* the queue is empty:
        // all work is done. It is the normal way out, not a failure.
        let Ok(task) = next else { break };
        log.task(format_args!("Consumer {index} processing task {}", task.id));
        stats.record(task.process());
    }
    stats
}
