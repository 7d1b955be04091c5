//! A consumer's local queue: a bounded deque its owner works through from the front,
//! that idle consumers steal from at the back.
//!
//! Standard library only, as the exercise asks: one `Mutex<VecDeque>` per consumer and
//! two condition variables. Each consumer locks only its own queue to take a task, and
//! a thief locks one victim's queue at a time (never two at once, so no lock order can
//! deadlock). Owner and thief work at opposite ends: the owner takes the oldest task
//! (first in, first out, so tasks run in about the order they were dealt), a thief the
//! newest half. A Chase–Lev deque does the reverse (the owner pops the newest, for
//! cache warmth, and thieves take the oldest); with one lock per queue either choice
//! is correct, and FIFO keeps the owner's latency fair.
//!
//! Every operation moves whole tasks under the one lock, so a task is in exactly one
//! queue, or in exactly one thread's hands, at every moment: that is the exactly-once
//! argument, which the tests below check under real threads.

use std::collections::VecDeque;
use std::sync::PoisonError;
use std::time::Duration;

// The model checker's stand-ins when built with `RUSTFLAGS="--cfg loom"`: loom runs
// `tests/model.rs` under every interleaving of these locks and waits (see the chapter).
#[cfg(loom)]
use loom::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
use std::sync::{Condvar, Mutex, MutexGuard};

use crate::task::Task;

/// One consumer's local queue.
#[derive(Debug)]
pub struct LocalQueue {
    inner: Mutex<Inner>,
    /// Signalled when a task arrives or the queue's input ends: the owner waits here.
    ready: Condvar,
    /// Signalled when a task leaves or the owner dies: the distributor waits here.
    room: Condvar,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Inner {
    tasks: VecDeque<Task>,
    /// The distributor will deal no more tasks (its channel is closed and empty).
    input_done: bool,
    /// The owner died and was not replaced: nothing more may be pushed.
    dead: bool,
    /// The owner is waiting on `ready`. Kept so that a push to a busy owner costs no
    /// system call: std's `notify_one` always makes one, waiter or not, and the
    /// distributor pushes once per batch, thieves once per steal.
    owner_waiting: bool,
    /// Pushers waiting on `room` (the distributor; at most one today), for the same
    /// reason: the owner pops once per task.
    room_waiters: usize,
}

/// Why a push stopped short: the owner died. The tasks not pushed are still in the
/// caller's batch, given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dead;

impl LocalQueue {
    /// An empty queue holding at most `capacity` tasks (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            ready: Condvar::new(),
            room: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking consumer never holds this lock while it runs a task (it pops,
        // then unlocks, then works), so the data behind a poisoned lock is whole.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves every task of `batch`, oldest first, to the back of the queue, as many at
    /// a time as there is room for, waiting for room while the queue is full; `on_wait`
    /// runs once if it has to wait. One lock and at most one wake-up per stretch of
    /// room, not per task: that is what a batch is for.
    ///
    /// # Errors
    /// [`Dead`] if the owner died (before or during a wait): the tasks not pushed are
    /// left in `batch`.
    pub fn push(&self, batch: &mut VecDeque<Task>, on_wait: impl FnOnce()) -> Result<(), Dead> {
        let mut inner = self.lock();
        let mut on_wait = Some(on_wait);
        loop {
            if inner.dead {
                return Err(Dead);
            }
            let room = self.capacity.saturating_sub(inner.tasks.len());
            if room > 0 && !batch.is_empty() {
                let n = room.min(batch.len());
                inner.tasks.extend(batch.drain(..n));
                self.wake_owner(&inner);
            }
            if batch.is_empty() {
                return Ok(());
            }
            if let Some(say) = on_wait.take() {
                say();
            }
            inner.room_waiters += 1;
            inner = self
                .room
                .wait(inner)
                .unwrap_or_else(PoisonError::into_inner);
            inner.room_waiters -= 1;
        }
    }

    /// Adds `tasks` at the back whatever the capacity. Two callers must never wait on a
    /// consumer: the supervisor re-homing a dead queue's tasks, and a thief putting
    /// what it stole into its own queue. So a local queue can hold more than
    /// `--local-capacity` for a while (at most its capacity plus one steal, half a
    /// victim's queue, or a dead queue's tasks).
    ///
    /// # Errors
    /// [`Dead`]-style: gives every task back if this queue's owner died too.
    pub fn push_all(&self, tasks: Vec<Task>) -> Result<(), Vec<Task>> {
        let mut inner = self.lock();
        if inner.dead {
            return Err(tasks);
        }
        inner.tasks.extend(tasks);
        self.wake_owner(&inner);
        Ok(())
    }

    /// Wakes the owner if it waits for work; called with the lock held, after a push.
    fn wake_owner(&self, inner: &Inner) {
        if inner.owner_waiting {
            self.ready.notify_one();
        }
    }

    /// Wakes every pusher waiting for room; called with the lock held, after a take.
    fn wake_pushers(&self, inner: &Inner) {
        if inner.room_waiters > 0 {
            self.room.notify_all();
        }
    }

    /// The owner's next task, from the front.
    pub fn pop(&self) -> Option<Task> {
        let mut inner = self.lock();
        let task = inner.tasks.pop_front();
        if task.is_some() {
            self.wake_pushers(&inner);
        }
        task
    }

    /// A thief's take: the newer half of the queue (rounded up), from the back, oldest
    /// first. Empty if there is nothing to steal.
    pub fn steal_half(&self) -> Vec<Task> {
        let mut inner = self.lock();
        let n = inner.tasks.len().div_ceil(2);
        let at = inner.tasks.len() - n;
        let stolen: Vec<Task> = inner.tasks.drain(at..).collect();
        if !stolen.is_empty() {
            self.wake_pushers(&inner);
        }
        stolen
    }

    /// Tasks waiting.
    pub fn len(&self) -> usize {
        self.lock().tasks.len()
    }

    /// Whether no task is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The distributor is done: no more tasks will be pushed.
    pub fn end_input(&self) {
        self.lock().input_done = true;
        self.ready.notify_all();
    }

    /// Whether the queue is empty and will stay so (the input ended).
    pub fn is_drained(&self) -> bool {
        let inner = self.lock();
        inner.input_done && inner.tasks.is_empty()
    }

    /// The owner waits until a task arrives, the input ends, or `timeout` (if any)
    /// passes, whichever is first.
    pub fn wait_for_work(&self, timeout: Option<Duration>) {
        let mut inner = self.lock();
        if !inner.tasks.is_empty() || inner.input_done {
            return;
        }
        inner.owner_waiting = true;
        let mut inner = match timeout {
            Some(timeout) => self
                .ready
                .wait_timeout(inner, timeout)
                .map_or_else(|e| e.into_inner().0, |(inner, _)| inner),
            None => self
                .ready
                .wait(inner)
                .unwrap_or_else(PoisonError::into_inner),
        };
        inner.owner_waiting = false;
    }

    /// The owner died and no replacement will come: refuse further pushes, wake a
    /// distributor waiting for room, and hand back what was queued.
    pub fn kill(&self) -> Vec<Task> {
        let mut inner = self.lock();
        inner.dead = true;
        self.room.notify_all();
        inner.tasks.drain(..).collect()
    }
}

// Real threads on std's locks; under `--cfg loom` the model in `tests/model.rs` runs instead.
#[cfg(all(test, not(loom)))]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::thread;

    use super::*;

    fn task(id: u64) -> Task {
        Task {
            id,
            payload: 1,
            cost: Duration::ZERO,
            failing: 0,
            panics: false,
        }
    }

    fn batch(ids: impl IntoIterator<Item = u64>) -> VecDeque<Task> {
        ids.into_iter().map(task).collect()
    }

    #[test]
    fn the_owner_takes_the_oldest_a_thief_the_newest_half() {
        let queue = LocalQueue::new(8);
        let mut five = batch(0..5);
        queue.push(&mut five, || panic!("room")).expect("alive");
        assert!(five.is_empty());
        let stolen: Vec<u64> = queue.steal_half().iter().map(|t| t.id).collect();
        assert_eq!(stolen, [2, 3, 4]);
        assert_eq!(queue.pop().map(|t| t.id), Some(0));
        assert_eq!(queue.steal_half().len(), 1);
        assert!(queue.is_empty() && queue.steal_half().is_empty());
    }

    #[test]
    fn a_dead_queue_gives_tasks_back_and_frees_a_waiting_pusher() {
        let queue = LocalQueue::new(1);
        thread::scope(|s| {
            let (waiting_tx, waiting_rx) = std::sync::mpsc::channel();
            let pusher = s.spawn(|| {
                // Task 0 fits, task 1 waits for room.
                let mut two = batch(0..2);
                let pushed = queue.push(&mut two, move || waiting_tx.send(()).expect("test"));
                (pushed, two)
            });
            waiting_rx.recv().expect("the pusher waits for room");
            assert_eq!(queue.kill().iter().map(|t| t.id).collect::<Vec<_>>(), [0]);
            assert_eq!(pusher.join().expect("no panic"), (Err(Dead), batch([1])));
        });
        assert_eq!(queue.push_all(vec![task(2)]), Err(vec![task(2)]));
    }

    #[test]
    fn a_batch_larger_than_the_room_arrives_whole_and_in_order() {
        let queue = LocalQueue::new(2);
        let popped = thread::scope(|s| {
            s.spawn(|| {
                let mut seven = batch(0..7);
                queue.push(&mut seven, || {}).expect("alive");
                queue.end_input();
            });
            let mut popped = Vec::new();
            while !queue.is_drained() {
                assert!(queue.len() <= 2, "never above capacity");
                match queue.pop() {
                    Some(task) => popped.push(task.id),
                    None => queue.wait_for_work(None),
                }
            }
            popped
        });
        assert_eq!(popped, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn owner_and_thieves_take_every_task_exactly_once() {
        // One pusher, the owner popping, two thieves stealing: every id comes out once.
        // Fewer under Miri, which interprets every step (and checks each for UB).
        const N: u64 = if cfg!(miri) { 500 } else { 20_000 };
        let queue = LocalQueue::new(16);
        let done = AtomicBool::new(false);
        let taken: Vec<Vec<u64>> = thread::scope(|s| {
            let pusher = s.spawn(|| {
                // Batches of 1 to 40 against a capacity of 16: whole, split, and waited for.
                let mut next = 0;
                for size in (1..=40).cycle() {
                    let mut chunk = batch(next..N.min(next + size));
                    next += chunk.len() as u64;
                    queue.push(&mut chunk, || {}).expect("alive");
                    if next == N {
                        break;
                    }
                }
                queue.end_input();
            });
            let workers: Vec<_> = (0..3)
                .map(|w| {
                    let (queue, done) = (&queue, &done);
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        loop {
                            let got: Vec<Task> = if w == 0 {
                                queue.pop().into_iter().collect()
                            } else {
                                queue.steal_half()
                            };
                            if got.is_empty() && done.load(Ordering::Acquire) && queue.is_drained()
                            {
                                return mine;
                            }
                            mine.extend(got.iter().map(|t| t.id));
                            thread::yield_now();
                        }
                    })
                })
                .collect();
            pusher.join().expect("no panic");
            done.store(true, Ordering::Release);
            workers
                .into_iter()
                .map(|w| w.join().expect("no panic"))
                .collect()
        });
        let all: Vec<u64> = taken.concat();
        let unique: BTreeSet<u64> = all.iter().copied().collect();
        assert_eq!((all.len() as u64, unique.len() as u64), (N, N));
    }
}
