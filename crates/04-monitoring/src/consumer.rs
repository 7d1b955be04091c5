//! A consumer: takes tasks from the shared receiver until the channel is closed,
//! processing them, or, once an immediate shutdown has begun, reporting them: the
//! task in hand as interrupted, every later one as not processed.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::Receiver;

use crate::control::Event;
use crate::metrics::TaskTimer;
use crate::shared::Shared;
use crate::shutdown::Phase;
use crate::stats::ConsumerStats;
use crate::task::Task;
use bounded::consumer::{processing, receive};
use shutdown::consumer::{Cut, cut_short, finished};
use shutdown::shared::reached_limit;

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
        metrics,
        processed,
    } = *shared;
    let mut stats = ConsumerStats::default();
    let mut timer = TaskTimer::default();
    while let Some(task) = receive(tasks, gauge) {
        if shutdown.phase() == Phase::Stopping {
            cut_short(log, task.id, Cut::Before);
            stats.not_processed.push(task.id);
            continue;
        }
        processing(log, index, task.id);
        // Timed only when it is cheap enough to be worth it (see `metrics`). The cost
        // is spent on the shutdown token (pass 03), where an immediate stop reaches it.
        let (result, took) = timer.run(|| shutdown.spend(task.cost).then(|| task.compute()));
        let Some(result) = result else {
            cut_short(log, task.id, Cut::During);
            stats.not_processed.push(task.id);
            continue;
        };
        stats.record(result);
        metrics.consumed(index, took, false);
        if reached_limit(config.stop_after, processed) {
            control.notify(Event::TaskLimit);
        }
    }
    finished(log, index);
    stats
}
