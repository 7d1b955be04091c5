//! Taking a batch from the run's channel: one blocking receive under the receiver's
//! lock, then non-blocking receives, up to a fair share of what is waiting.
//!
//! **How big a batch.** Tokio's rule, which its scheduler uses to take from its inject
//! queue: the tasks waiting divided by the consumers, plus one, at most the local
//! queue's capacity. A consumer takes its share and leaves the rest to the others,
//! so early on every consumer gets work, and when the channel is nearly empty batches
//! shrink to one task. The lock is taken once per batch, not once per task: that is
//! the saving over pass 05, where every task costs a trip through the receiver's lock.

use std::sync::PoisonError;

use errors::consumer::SharedReceiver;
use errors::gauge::Gauge;
use errors::task::Task;

use crate::seek::{Closed, Intake};
use crate::skew::Skew;

/// The run's channel, as one consumer's [`Intake`].
pub struct Channel<'s, 'a> {
    /// The shared receiver (pass 05's): a `Mutex`, since mpsc has one receiver.
    pub receiver: &'s SharedReceiver<'a>,
    /// The channel's depth, counted in and out (pass 04's).
    pub gauge: &'s Gauge,
    /// Consumers that share the channel, for the fair share.
    pub consumers: u64,
    /// Which tasks are heavy.
    pub skew: Skew,
}

impl Intake<Task> for Channel<'_, '_> {
    fn take(&self, max: usize) -> Result<Vec<Task>, Closed> {
        let share = self.gauge.depth() / self.consumers.max(1) + 1;
        let share = usize::try_from(share).unwrap_or(usize::MAX).clamp(1, max);
        let receiver = self.receiver.lock().unwrap_or_else(PoisonError::into_inner);
        // The one place an idle consumer sleeps (see `seek`). `Err` means every sender
        // is gone and the queue is empty: the normal way out.
        let first = receiver.recv().map_err(|_| Closed)?;
        // Each receive is counted at once, under the lock, as pass 05 counts: the
        // gauge's bound relies on at most one task being received-but-not-yet-counted
        // at a time (see `gauge`).
        self.gauge.count_received();
        let mut batch = Vec::with_capacity(share);
        batch.push(first);
        let more = std::iter::from_fn(|| receiver.try_recv().ok());
        batch.extend(
            more.inspect(|_| self.gauge.count_received())
                .take(share - 1),
        );
        drop(receiver);
        // Opened: from here on the consumer accounts for each task (see `parcel`).
        Ok(batch
            .into_iter()
            .map(|parcel| self.skew.apply(parcel.open()))
            .collect())
    }

    fn waiting(&self) -> bool {
        self.gauge.depth() > 0
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};

    use errors::parcel::Parcel;

    use super::*;

    #[test]
    fn a_batch_is_a_fair_share_of_what_waits_and_at_most_max() {
        let config = errors::Config::default();
        let lost = |task: Task| panic!("task {} lost", task.id);
        let gauge = Gauge::new(Some(16));
        let (tx, rx) = sync_channel(16);
        for id in 0..10 {
            tx.send(Parcel::new(Task::new(&config, id), &lost)).unwrap();
            gauge.count_sent();
        }
        let receiver = Arc::new(Mutex::new(rx));
        let channel = Channel {
            receiver: &receiver,
            gauge: &gauge,
            consumers: 2,
            skew: Skew::new(0, 10),
        };
        let take = |max| channel.take(max).map(|batch| batch.len());
        assert!(channel.waiting());
        // 10 waiting, 2 consumers: 10 / 2 + 1 = 6; then 4 / 2 + 1 = 3, capped at 2.
        assert_eq!(take(100), Ok(6));
        assert_eq!(take(2), Ok(2));
        // 2 / 2 + 1 = 2: the last two.
        assert_eq!(take(100), Ok(2));
        assert!(!channel.waiting());
        drop(tx);
        assert_eq!(take(100), Err(Closed));
    }
}
