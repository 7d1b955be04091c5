//! The distributor: the one thread that receives from the `mpsc` channel and deals each
//! task to the local queue of the consumer it belongs to.
//!
//! Tasks still reach the consumers' side through `std::sync::mpsc`, as in every pass;
//! what changes is who receives. One thread owns the `Receiver` (no `Mutex` needed: it
//! is the single consumer mpsc is made for) and deals by task id (`id % consumers`):
//! a *static* assignment, fixed before anyone knows how long a task takes. That is
//! what makes skew possible, and stealing worth having.
//!
//! It deals in batches: whatever the channel already holds (up to [`BATCH`]) comes
//! along with the task it waited for, is sorted by home queue, and goes into each
//! queue under one lock with at most one wake-up. Dealt one at a time, every task cost
//! the distributor a lock and its consumer a wake-up, and the consumers, faster than one
//! dealer, slept and woke once per task (measured: about a context switch per task,
//! 0.2 M tasks/s; see `docs/performance.md`).
//!
//! When the home queue's owner died unreplaced, its tasks go to the next live queue;
//! when no consumer is left at all, the distributor reports the task undelivered and
//! drops the `Receiver`, which closes the channel under the producers (pass 05).

use std::collections::VecDeque;
use std::io::Write;
use std::iter;
use std::sync::mpsc::Receiver;

use crate::local::{Dead, LocalQueue};
use crate::parcel::Parcel;
use crate::shared::Shared;
use crate::shutdown::Phase;
use crate::task::Task;

/// The most tasks taken from the channel at once. Large enough that a full channel is
/// drained in few rounds, small enough that the distributor never holds much outside
/// the channel's bound and the local queues' capacities.
pub const BATCH: usize = 64;

/// What the distributor accounted for itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dealt {
    /// Tasks dealt to a local queue.
    pub dealt: u64,
    /// Tasks received after an immediate shutdown began: reported, not dealt.
    pub not_processed: Vec<u64>,
    /// Tasks received when no consumer was left.
    pub undelivered: Vec<u64>,
}

/// Receives every task and deals it, until the channel is closed and empty; then tells
/// every local queue its input has ended.
pub fn distribute<W: Write>(
    receiver: Receiver<Parcel<'_>>,
    queues: &[LocalQueue],
    shared: &Shared<'_, W>,
) -> Dealt {
    let Shared {
        config,
        gauge,
        log,
        shutdown,
        ..
    } = *shared;
    let mut dealt = Dealt::default();
    // One batch per home queue, reused round after round.
    let mut hands: Vec<VecDeque<Task>> = queues.iter().map(|_| VecDeque::new()).collect();
    // `Err` once every producer has dropped its sender and the queue is empty.
    'receive: while let Ok(first) = receiver.recv() {
        for parcel in iter::once(first).chain(receiver.try_iter().take(BATCH - 1)) {
            gauge.count_received();
            let task = parcel.open();
            if shutdown.phase() == Phase::Stopping {
                log.task(format_args!("Task {} not processed (shutdown)", task.id));
                dealt.not_processed.push(task.id);
                continue;
            }
            hands[config.home_of(task.id) as usize].push_back(task);
        }
        for home in 0..queues.len() {
            let batch = &mut hands[home];
            let before = batch.len();
            let placed = deal(queues, home, batch);
            // What left the batch was placed, even when an owner died part-way.
            dealt.dealt += (before - batch.len()) as u64;
            if placed.is_ok() {
                continue;
            }
            // No consumer is left: what is in hand is undelivered, and the channel
            // closes (tasks still in it are reported by their parcels) so producers
            // stop instead of waiting forever.
            for task in hands.iter_mut().flat_map(|batch| batch.drain(..)) {
                log.task(format_args!(
                    "Task {} undelivered (channel closed)",
                    task.id
                ));
                dealt.undelivered.push(task.id);
            }
            break 'receive;
        }
    }
    drop(receiver);
    for queue in queues {
        queue.end_input();
    }
    dealt
}

/// Pushes `batch` to queue `home`, or what is left of it on to the next live queue
/// whenever an owner turns out dead.
///
/// # Errors
/// [`Dead`] if every owner is dead; the tasks not placed are left in `batch`.
fn deal(queues: &[LocalQueue], home: usize, batch: &mut VecDeque<Task>) -> Result<(), Dead> {
    if batch.is_empty() {
        return Ok(());
    }
    let n = queues.len();
    (0..n)
        .find_map(|k| queues[(home + k) % n].push(batch, || {}).ok())
        .ok_or(Dead)
}
