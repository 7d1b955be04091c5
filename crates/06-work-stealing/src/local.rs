//! A consumer's local queue: the batch it took, which it works through from the front
//! and idle consumers steal from at the back.
//!
//! Standard library only, as the exercise asks: one `Mutex<VecDeque>` per consumer. Its
//! owner locks it once per task, uncontended unless a thief is there at the same
//! moment; a thief locks one victim's queue at a time, and never holds two locks at
//! once, so no lock order can deadlock. Nobody ever waits on a local queue: an idle
//! consumer sleeps in the channel's `recv` (see `seek`), so the queue needs no
//! condition variable.
//!
//! Owner and thief work at opposite ends. The owner takes the oldest task (first in,
//! first out, so tasks run in about the order they arrived); a thief takes the newer
//! half, the tasks the owner would reach last. (Chase–Lev deques, as in crossbeam and
//! tokio, do the reverse for the owner, which pops the newest for cache warmth; that
//! matters for a lock-free deque, not for this one.)
//!
//! **The bound.** A queue is refilled only by its owner and only when it is empty: with
//! a batch of at most its capacity, or with half of a victim's queue, which holds at
//! most the capacity. So no queue ever holds more than its capacity, and the tasks in a
//! run never exceed the channel's bound plus consumers × local capacity (a task in
//! hand was popped from a local queue that is then one shorter).
//!
//! Every operation moves whole tasks under one lock, so a task is in exactly one queue,
//! or in exactly one thread's hands, at every moment: the exactly-once argument, which
//! the tests below check under real threads, Miri checks for undefined behaviour, and
//! loom checks under every interleaving (`tests/model.rs`).

use std::collections::VecDeque;
use std::sync::PoisonError;

// The model checker's stand-ins when built with `RUSTFLAGS="--cfg loom"`.
#[cfg(loom)]
use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(loom)]
use loom::sync::{Mutex, MutexGuard};
#[cfg(not(loom))]
use std::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(loom))]
use std::sync::{Mutex, MutexGuard};

/// One consumer's local queue of `T`s (tasks; plain ids in the model).
#[derive(Debug)]
pub struct LocalQueue<T> {
    inner: Mutex<Inner<T>>,
    /// The length as of the last change, readable without the lock: a thief looks here
    /// first and locks only a queue that seemed to hold something. A hint, so `Relaxed`:
    /// a stale zero skips a victim (its owner runs those tasks anyway), a stale
    /// non-zero costs one lock of an empty queue; the lock decides what is taken.
    len: AtomicUsize,
    capacity: usize,
}

#[derive(Debug)]
struct Inner<T> {
    tasks: VecDeque<T>,
    /// What the owner stole into this queue: steals, and tasks taken in them. Kept
    /// with the queue, not the thread, so a replacement's steals add to its
    /// predecessor's.
    steals: Steals,
}

/// Steals made by a queue's owners, and the tasks they took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steals {
    /// Times the owner stole.
    pub steals: u64,
    /// Tasks it took in those steals.
    pub tasks: u64,
}

impl<T> LocalQueue<T> {
    /// An empty queue holding at most `capacity` tasks (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                tasks: VecDeque::new(),
                steals: Steals::default(),
            }),
            len: AtomicUsize::new(0),
            capacity: capacity.max(1),
        }
    }

    /// The most tasks the queue holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn lock(&self) -> MutexGuard<'_, Inner<T>> {
        // A consumer never holds this lock while it runs a task (it pops, unlocks,
        // then works), so a panic cannot leave the queue half-changed.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The owner fills its empty queue with `batch`, oldest first.
    ///
    /// # Panics
    /// If the queue would go over its capacity: the owner refills only an empty queue,
    /// with at most a capacity's worth (see the module docs).
    pub fn refill(&self, batch: impl IntoIterator<Item = T>) {
        self.fill(&mut self.lock(), batch);
    }

    /// The owner fills its empty queue with tasks it stole, and counts the steal.
    ///
    /// # Panics
    /// As [`refill`](Self::refill).
    pub fn refill_stolen(&self, stolen: Vec<T>) {
        let mut inner = self.lock();
        inner.steals.steals += 1;
        inner.steals.tasks += stolen.len() as u64;
        self.fill(&mut inner, stolen);
    }

    fn fill(&self, inner: &mut Inner<T>, batch: impl IntoIterator<Item = T>) {
        inner.tasks.extend(batch);
        self.len.store(inner.tasks.len(), Ordering::Relaxed);
        assert!(
            inner.tasks.len() <= self.capacity,
            "a local queue holds {} tasks, over its capacity {}",
            inner.tasks.len(),
            self.capacity
        );
    }

    /// The owner's next task, from the front.
    pub fn pop(&self) -> Option<T> {
        let mut inner = self.lock();
        let task = inner.tasks.pop_front();
        self.len.store(inner.tasks.len(), Ordering::Relaxed);
        task
    }

    /// A thief's take: the newer half of the queue (rounded up), oldest first. Empty if
    /// there is nothing to steal.
    pub fn steal_half(&self) -> Vec<T> {
        // exercise 2: steal the newer half of this queue
        // hint: check the lock-free length hint first: a thief should not take the lock of an empty queue.
        // hint: under the lock, take the newer half, rounded up (`drain(at..)`), oldest first, and update the hint.
        if self.len.load(Ordering::Relaxed) == 0 {
            return Vec::new();
        }
        let mut inner = self.lock();
        let n = inner.tasks.len().div_ceil(2);
        let at = inner.tasks.len() - n;
        let stolen = inner.tasks.drain(at..).collect();
        self.len.store(at, Ordering::Relaxed);
        stolen
        // end of exercise 2
    }

    /// Everything left, once no consumer is: the run reports these tasks.
    pub fn drain(&self) -> Vec<T> {
        let mut inner = self.lock();
        self.len.store(0, Ordering::Relaxed);
        inner.tasks.drain(..).collect()
    }

    /// Tasks waiting.
    pub fn len(&self) -> usize {
        self.lock().tasks.len()
    }

    /// Whether no task is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The steals its owners made.
    pub fn steals(&self) -> Steals {
        self.lock().steals
    }
}

// Real threads on std's lock; under `--cfg loom` the model in `tests/model.rs` runs instead.
#[cfg(all(test, not(loom)))]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::thread;

    use super::*;

    #[test]
    fn the_owner_takes_the_oldest_a_thief_the_newest_half() {
        let queue = LocalQueue::new(8);
        assert_eq!(queue.capacity(), 8);
        queue.refill(0..5);
        assert!(!queue.is_empty());
        assert_eq!(queue.steal_half(), [2, 3, 4]);
        assert_eq!(queue.pop(), Some(0));
        assert_eq!(queue.steal_half(), [1]);
        assert!(queue.is_empty() && queue.steal_half().is_empty());
    }

    #[test]
    fn steals_are_counted_with_the_queue() {
        let queue = LocalQueue::new(8);
        queue.refill_stolen(vec![1, 2, 3]);
        queue.drain();
        queue.refill_stolen(vec![4]);
        assert_eq!(
            queue.steals(),
            Steals {
                steals: 2,
                tasks: 4
            }
        );
        assert_eq!(queue.drain(), [4]);
    }

    #[test]
    #[should_panic(expected = "over its capacity")]
    fn a_refill_over_capacity_is_a_bug() {
        let queue = LocalQueue::new(2);
        queue.refill(0..3);
    }

    #[test]
    fn owner_and_thieves_take_every_task_exactly_once() {
        // The owner refills when empty and pops; two thieves steal: every id comes out
        // once. Fewer under Miri, which interprets every step (and checks each for UB).
        const N: u64 = if cfg!(miri) { 500 } else { 20_000 };
        let queue = LocalQueue::new(16);
        let done = AtomicBool::new(false);
        let (mine, stolen): (Vec<u64>, Vec<Vec<u64>>) = thread::scope(|s| {
            let thieves: Vec<_> = (0..2)
                .map(|_| {
                    let (queue, done) = (&queue, &done);
                    s.spawn(move || {
                        let mut got = Vec::new();
                        while !done.load(Ordering::Acquire) || !queue.is_empty() {
                            got.extend(queue.steal_half());
                            thread::yield_now();
                        }
                        got
                    })
                })
                .collect();
            let mut mine = Vec::new();
            let mut next = 0;
            while next < N {
                match queue.pop() {
                    Some(id) => mine.push(id),
                    None => {
                        let end = N.min(next + 16);
                        queue.refill(next..end);
                        next = end;
                    }
                }
            }
            mine.extend(std::iter::from_fn(|| queue.pop()));
            done.store(true, Ordering::Release);
            let stolen = thieves
                .into_iter()
                .map(|t| t.join().expect("no panic"))
                .collect();
            (mine, stolen)
        });
        let all: Vec<u64> = mine.into_iter().chain(stolen.concat()).collect();
        let unique: BTreeSet<u64> = all.iter().copied().collect();
        assert_eq!((all.len() as u64, unique.len() as u64), (N, N));
    }
}
