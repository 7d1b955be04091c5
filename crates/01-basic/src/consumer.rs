//! A consumer: takes tasks from the shared receiver until the channel is closed.

use std::io::Write;
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, PoisonError};

use plumbing::Log;

use crate::stats::ConsumerStats;
use crate::task::Task;

/// Runs consumer `index` until every `Sender` is gone and the queue is empty.
///
/// `tasks` is the one `Receiver` of the run, shared by every consumer. Why a `Mutex`:
/// `Receiver` is `Send` but not `Sync` (mpsc means *single* consumer), so several
/// threads may only reach it through a lock, and the lock is what makes sure each
/// task is received by exactly one consumer.
pub fn consume<W: Write>(index: u32, tasks: &Mutex<Receiver<Task>>, log: &Log<W>) -> ConsumerStats {
    // exercise 2: receive tasks until the channel is closed, and process each
    // hint: `Receiver` is not `Sync`: lock `tasks`, call `recv()`, and drop the guard before the work, so others can receive meanwhile.
    // hint: `recv()` returning `Err(RecvError)` is the normal way out: every `Sender` is gone and the queue is empty.
    // hint: print `Consumer {index} processing task {id}` with `log.task`, then `stats.record(task.process())`.
    let mut stats = ConsumerStats::default();
    loop {
        let next = {
            // The cost of sharing: the lock is held while `recv` blocks, so one
            // consumer waits on the channel and the others wait on the mutex, and every
            // hand-off goes through both. Correct, but serial; pass 06 gives each
            // consumer its own queue. (`recv` never panics, so a poisoned lock only
            // means another consumer died elsewhere: the receiver is still sound.)
            let receiver = tasks.lock().unwrap_or_else(PoisonError::into_inner);
            receiver.recv()
        }; // The guard is dropped here, before the work: others can receive meanwhile.

        // `Err(RecvError)` means every `Sender` is dropped *and* the queue is empty:
        // all work is done. It is the normal way out, not a failure.
        let Ok(task) = next else { break };
        log.task(format_args!("Consumer {index} processing task {}", task.id));
        stats.record(task.process());
    }
    stats
    // end of exercise 2
}
