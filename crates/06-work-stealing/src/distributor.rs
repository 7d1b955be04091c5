//! The distributor: the one thread that receives from the `mpsc` channel and deals each
//! task to the local queue of the consumer it belongs to.
//!
//! Tasks still reach the consumers' side through `std::sync::mpsc`, as in every pass;
//! what changes is who receives. One thread owns the `Receiver` (no `Mutex` needed: it
//! is the single consumer mpsc is made for) and deals by task id (`id % consumers`):
//! a *static* assignment, fixed before anyone knows how long a task takes. That is
//! what makes skew possible, and stealing worth having.
//!
//! When the home queue's owner died unreplaced, the task goes to the next live queue;
//! when no consumer is left at all, the distributor reports the task undelivered and
//! drops the `Receiver`, which closes the channel under the producers (pass 05).

use std::io::Write;
use std::sync::mpsc::Receiver;

use crate::local::{Dead, LocalQueue};
use crate::parcel::Parcel;
use crate::shared::Shared;
use crate::shutdown::Phase;

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
    let n = queues.len();
    // `Err` once every producer has dropped its sender and the queue is empty.
    while let Ok(parcel) = receiver.recv() {
        gauge.count_received();
        let mut task = parcel.open();
        if shutdown.phase() == Phase::Stopping {
            log.task(format_args!("Task {} not processed (shutdown)", task.id));
            dealt.not_processed.push(task.id);
            continue;
        }
        let home = config.home_of(task.id) as usize;
        let mut placed = false;
        for k in 0..n {
            match queues[(home + k) % n].push(task, || {}) {
                Ok(()) => {
                    placed = true;
                    break;
                }
                Err(Dead(back)) => task = back,
            }
        }
        if placed {
            dealt.dealt += 1;
        } else {
            log.task(format_args!(
                "Task {} undelivered (channel closed)",
                task.id
            ));
            dealt.undelivered.push(task.id);
            // No consumer is left: close the channel (tasks still in it are reported
            // by their parcels) so producers stop instead of waiting forever.
            break;
        }
    }
    drop(receiver);
    for queue in queues {
        queue.end_input();
    }
    dealt
}
