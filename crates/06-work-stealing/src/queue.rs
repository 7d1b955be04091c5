//! The queue's sending side: bounded (`sync_channel`) or not (`channel`).
//!
//! This is the one type that changes the most between pass 01 and pass 02. With a
//! bound, a producer that finds the queue full must wait: that wait is
//! *backpressure*, the consumers' pace pushing back on the producers', and it is what
//! keeps memory flat however many tasks a run makes.

use std::sync::mpsc::{self, Receiver, SendError, Sender, SyncSender, TrySendError};

use crate::parcel::Parcel;

/// A producer's handle on the queue. `Clone`: each producer owns one. What travels
/// is a [`Parcel`], so a task the channel drops is still reported (see `parcel`).
#[derive(Debug, Clone)]
pub enum Queue<'a> {
    /// `sync_channel(n)`: at most `n` tasks wait in the queue; `send` blocks when it is
    /// full. With `n == 0` every send is a rendezvous with a receiving consumer.
    Bounded(SyncSender<Parcel<'a>>),
    /// `channel()`: `send` never blocks; the backlog, and memory, can grow without
    /// limit.
    Unbounded(Sender<Parcel<'a>>),
}

/// How a send went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// There was room (or a waiting consumer): the send did not block.
    Immediately,
    /// The queue was full: the producer blocked until a consumer made room.
    AfterBlocking,
}

/// The queue with room for `bound` tasks (`None`: unbounded) and its receiving end.
pub fn queue<'a>(bound: Option<usize>) -> (Queue<'a>, Receiver<Parcel<'a>>) {
    match bound {
        Some(capacity) => {
            let (sender, receiver) = mpsc::sync_channel(capacity);
            (Queue::Bounded(sender), receiver)
        }
        None => {
            let (sender, receiver) = mpsc::channel();
            (Queue::Unbounded(sender), receiver)
        }
    }
}

impl<'a> Queue<'a> {
    /// Sends `task`, blocking while a bounded queue is full. `on_block` runs once,
    /// just before blocking, so the caller can say so (it is never called for an
    /// unbounded queue, or when there is room).
    ///
    /// # Errors
    /// `SendError` gives the parcel back, unopened, if every receiver is gone.
    pub fn send(
        &self,
        task: Parcel<'a>,
        on_block: impl FnOnce(),
    ) -> Result<Sent, SendError<Parcel<'a>>> {
        match self {
            Self::Unbounded(sender) => sender.send(task).map(|()| Sent::Immediately),
            // Try first, so we can tell a send that waits from one that does not.
            Self::Bounded(sender) => match sender.try_send(task) {
                Ok(()) => Ok(Sent::Immediately),
                Err(TrySendError::Full(task)) => {
                    on_block();
                    sender.send(task).map(|()| Sent::AfterBlocking)
                }
                Err(TrySendError::Disconnected(task)) => Err(SendError(task)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;
    use crate::task::Task;

    fn task(id: u64) -> Task {
        Task {
            id,
            payload: 1,
            cost: Duration::ZERO,
            failing: 0,
            panics: false,
        }
    }

    /// Every parcel in these tests is opened; one dropped unopened fails the test.
    const NOT_LOST: &(dyn Fn(Task) + Sync) = &|task| panic!("task {} dropped", task.id);

    fn parcel(id: u64) -> Parcel<'static> {
        Parcel::new(task(id), NOT_LOST)
    }

    #[test]
    fn a_full_bounded_queue_blocks_the_sender_until_there_is_room() {
        let (queue, receiver) = queue(Some(1));
        assert_eq!(
            queue.send(parcel(0), || panic!("there was room")).ok(),
            Some(Sent::Immediately)
        );
        // No one is receiving and the one slot is taken: the next send must block.
        // It runs on another thread; this one makes room only after it has blocked.
        let (blocked_tx, blocked_rx) = mpsc::channel();
        thread::scope(|s| {
            let sender = s.spawn(|| {
                queue
                    .send(parcel(1), move || blocked_tx.send(()).expect("test alive"))
                    .ok()
            });
            blocked_rx
                .recv()
                .expect("the sender reports that it blocks");
            assert_eq!(receiver.recv().map(|p| p.open().id), Ok(0));
            assert_eq!(sender.join().expect("no panic"), Some(Sent::AfterBlocking));
        });
        assert_eq!(receiver.recv().map(|p| p.open().id), Ok(1));
    }

    #[test]
    fn an_unbounded_queue_never_blocks() {
        let (queue, receiver) = queue(None);
        for id in 0..10_000 {
            assert_eq!(
                queue.send(parcel(id), || panic!("unbounded")).ok(),
                Some(Sent::Immediately)
            );
        }
        drop(queue);
        assert_eq!(receiver.iter().map(Parcel::open).count(), 10_000);
    }

    #[test]
    fn a_closed_queue_gives_the_task_back() {
        for bound in [Some(0), Some(4), None] {
            let (queue, receiver) = queue(bound);
            drop(receiver);
            let returned = queue.send(parcel(7), || {}).expect_err("closed");
            assert_eq!(returned.0.open().id, 7, "{bound:?}");
        }
    }
}
