//! The queue's sending side: bounded (`sync_channel`) or not (`channel`).
//!
//! This is the one type that changes the most between pass 01 and pass 02. With a
//! bound, a producer that finds the queue full must wait: that wait is
//! *backpressure*, the consumers' pace pushing back on the producers', and it is what
//! keeps memory flat however many tasks a run makes.

use std::sync::mpsc::{self, Receiver, SendError, Sender, SyncSender, TrySendError};

use crate::task::Task;

/// A producer's handle on the queue, carrying `T`s: this pass's [`Task`]s (pass 05
/// sends parcels). `Clone`: each producer owns one.
#[derive(Debug)]
pub enum Queue<T = Task> {
    /// `sync_channel(n)`: at most `n` tasks wait in the queue; `send` blocks when it is
    /// full. With `n == 0` every send is a rendezvous with a receiving consumer.
    Bounded(SyncSender<T>),
    /// `channel()`: `send` never blocks; the backlog, and memory, can grow without
    /// limit.
    Unbounded(Sender<T>),
}

// By hand: `derive(Clone)` would ask `T: Clone`, but a sender clones without cloning
// anything it carries.
impl<T> Clone for Queue<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Bounded(sender) => Self::Bounded(sender.clone()),
            Self::Unbounded(sender) => Self::Unbounded(sender.clone()),
        }
    }
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
pub fn queue<T>(bound: Option<usize>) -> (Queue<T>, Receiver<T>) {
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

impl<T> Queue<T> {
    /// Sends `task`, blocking while a bounded queue is full. `on_block` runs once,
    /// just before blocking, so the caller can say so (it is never called for an
    /// unbounded queue, or when there is room).
    ///
    /// # Errors
    /// `SendError` gives the task back if every receiver is gone.
    pub fn send(&self, task: T, on_block: impl FnOnce()) -> Result<Sent, SendError<T>> {
        // exercise 1: send, and say when a full queue makes you wait
        // hint: an unbounded queue never waits: `sender.send(task)`.
        // hint: a bounded one: `try_send` first. `Full(task)` gives the task back: call `on_block()`, then the blocking `send`.
        // hint: `Disconnected(task)` means every receiver is gone: return it as `SendError(task)`.
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
        // end of exercise 1
    }
}

#[cfg(test)]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;

    fn task(id: u64) -> Task {
        Task {
            id,
            payload: 1,
            cost: Duration::ZERO,
        }
    }

    #[test]
    fn a_full_bounded_queue_blocks_the_sender_until_there_is_room() {
        let (queue, receiver) = queue(Some(1));
        assert_eq!(
            queue.send(task(0), || panic!("there was room")),
            Ok(Sent::Immediately)
        );
        // No one is receiving and the one slot is taken: the next send must block.
        // It runs on another thread; this one makes room only after it has blocked.
        let (blocked_tx, blocked_rx) = mpsc::channel();
        thread::scope(|s| {
            let sender =
                s.spawn(|| queue.send(task(1), move || blocked_tx.send(()).expect("test alive")));
            blocked_rx
                .recv()
                .expect("the sender reports that it blocks");
            assert_eq!(receiver.recv().map(|t| t.id), Ok(0));
            assert_eq!(sender.join().expect("no panic"), Ok(Sent::AfterBlocking));
        });
        assert_eq!(receiver.recv().map(|t| t.id), Ok(1));
    }

    #[test]
    fn an_unbounded_queue_never_blocks() {
        let (queue, receiver) = queue(None);
        for id in 0..10_000 {
            assert_eq!(
                queue.send(task(id), || panic!("unbounded")),
                Ok(Sent::Immediately)
            );
        }
        drop(queue);
        assert_eq!(receiver.iter().count(), 10_000);
    }

    #[test]
    fn a_closed_queue_gives_the_task_back() {
        for bound in [Some(0), Some(4), None] {
            let (queue, receiver) = queue(bound);
            drop(receiver);
            assert_eq!(
                queue.send(task(7), || {}),
                Err(SendError(task(7))),
                "{bound:?}"
            );
        }
    }
}
