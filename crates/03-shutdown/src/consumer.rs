//! A consumer: takes tasks from the shared receiver until the channel is closed,
//! processing them, or, once an immediate shutdown has begun, reporting them: the
//! task in hand as interrupted, every later one as not processed.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::Receiver;

use plumbing::Log;

use crate::control::{Control, Event};
use crate::shared::{Shared, reached_limit};
use crate::shutdown::{Phase, Shutdown};
use crate::stats::ConsumerStats;
use crate::task::Task;
use bounded::consumer::{processing, receive};

/// Runs consumer `index` until every sender is gone and the queue is empty.
///
/// `tasks` is the one `Receiver` of the run, shared by every consumer. Why a `Mutex`:
/// `Receiver` is `Send` but not `Sync` (mpsc means *single* consumer), so several
/// threads may only reach it through a lock, and the lock is what makes sure each
/// task is received by exactly one consumer.
///
/// A consumer never needs to be woken for shutdown: it waits only in `recv`, which
/// returns as soon as a task arrives or the last producer, having seen the shutdown,
/// drops its sender. Whatever the phase, it keeps receiving until the queue is closed
/// and empty, so every task ever sent is either processed or reported: none is left
/// behind in the channel, and no producer stays blocked on a full queue.
pub fn consume<W: Write>(
    index: u32,
    tasks: &Mutex<Receiver<Task>>,
    shared: &Shared<'_, W>,
) -> ConsumerStats {
    let Shared {
        config,
        gauge,
        log,
        shutdown,
        control,
        processed,
    } = *shared;
    let hands = Hands {
        stop_after: config.stop_after,
        log,
        shutdown,
        control,
        processed,
    };
    let mut stats = ConsumerStats::default();
    while let Some(task) = receive(tasks, gauge) {
        handle(index, task, &hands, &mut stats);
    }
    finished(log, index);
    stats
}

/// `Consumer 1 finished`: its last line, once there is nothing left to take.
pub fn finished<W: Write>(log: &Log<W>, index: u32) {
    log.task(format_args!("Consumer {index} finished"));
}

/// When an immediate stop reached a task a consumer had received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Before its work began: `Task 3 not processed (shutdown)`.
    Before,
    /// In the middle of its work: `Task 3 interrupted (shutdown)`.
    During,
}

/// Reports task `id`, which an immediate stop reached at `cut`: every later pass's
/// consumers report such a task with this line.
pub fn cut_short<W: Write>(log: &Log<W>, id: u64, cut: Cut) {
    let how = match cut {
        Cut::Before => "not processed",
        Cut::During => "interrupted",
    };
    log.task(format_args!("Task {id} {how} (shutdown)"));
}

/// What a task's outcome touches, borrowed from the run: the parts of [`Shared`] a
/// consumer needs between receiving a task and counting it. Pass 07, whose consumers
/// take from a buffer instead of a channel, builds one from its own shared state.
pub struct Hands<'a, W> {
    /// `--stop-after`.
    pub stop_after: Option<u64>,
    /// The transcript.
    pub log: &'a Log<W>,
    /// The phase, read per task; a task's cost is spent on it.
    pub shutdown: &'a Shutdown,
    /// Where the consumer that processed the `--stop-after`-th task says so.
    pub control: &'a Control,
    /// Tasks processed so far (see [`Shared::processed`]).
    pub processed: &'a AtomicU64,
}

/// Consumer `index`'s handling of one task it received: processes it, or, once an
/// immediate shutdown has begun, reports it: not processed if the stop came before it
/// started, interrupted if the stop cut it short in its hands.
pub fn handle<W: Write>(index: u32, task: Task, hands: &Hands<'_, W>, stats: &mut ConsumerStats) {
    let Hands {
        stop_after,
        log,
        shutdown,
        control,
        processed,
    } = *hands;
    if shutdown.phase() == Phase::Stopping {
        cut_short(log, task.id, Cut::Before);
        stats.not_processed.push(task.id);
        return;
    }
    processing(log, index, task.id);
    // The cost is spent on the shutdown token, where an immediate stop reaches it.
    if !shutdown.spend(task.cost) {
        cut_short(log, task.id, Cut::During);
        stats.not_processed.push(task.id);
        return;
    }
    stats.record(task.compute());
    if reached_limit(stop_after, processed) {
        control.notify(Event::TaskLimit);
    }
}
