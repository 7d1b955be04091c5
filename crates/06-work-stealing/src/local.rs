//! A consumer's local queue: a bounded deque its owner works through from the front,
//! that idle consumers steal from at the back.
//!
//! Standard library only, as the seed asks: one `Mutex<VecDeque>` per consumer and two
//! condition variables. Each consumer locks only its own queue to take a task, and a
//! thief locks one victim's queue at a time (never two at once, so no lock order can
//! deadlock). Owner and thief work at opposite ends: the owner takes the oldest task,
//! a thief the newest half, the Chase–Lev discipline without its lock-free machinery.
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
}

/// Why a push did not happen: the task is given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dead(pub Task);

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

    /// Adds `task` at the back, waiting while the queue is full; `on_wait` runs once
    /// if it has to wait.
    ///
    /// # Errors
    /// [`Dead`] with the task if the owner died (before or during the wait).
    pub fn push(&self, task: Task, on_wait: impl FnOnce()) -> Result<(), Dead> {
        let mut inner = self.lock();
        let mut on_wait = Some(on_wait);
        while !inner.dead && inner.tasks.len() >= self.capacity {
            if let Some(say) = on_wait.take() {
                say();
            }
            inner = self
                .room
                .wait(inner)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if inner.dead {
            return Err(Dead(task));
        }
        inner.tasks.push_back(task);
        self.ready.notify_one();
        Ok(())
    }

    /// Adds `tasks` at the back whatever the capacity: for the tasks of a dead queue,
    /// re-homed by the supervisor, which must never wait on a consumer.
    ///
    /// # Errors
    /// [`Dead`]-style: gives every task back if this queue's owner died too.
    pub fn push_all(&self, tasks: Vec<Task>) -> Result<(), Vec<Task>> {
        let mut inner = self.lock();
        if inner.dead {
            return Err(tasks);
        }
        inner.tasks.extend(tasks);
        self.ready.notify_one();
        Ok(())
    }

    /// The owner's next task, from the front.
    pub fn pop(&self) -> Option<Task> {
        let mut inner = self.lock();
        let task = inner.tasks.pop_front();
        if task.is_some() {
            self.room.notify_one();
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
            self.room.notify_all();
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
        let inner = self.lock();
        if !inner.tasks.is_empty() || inner.input_done {
            return;
        }
        match timeout {
            Some(timeout) => drop(self.ready.wait_timeout(inner, timeout)),
            None => drop(self.ready.wait(inner)),
        }
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

    #[test]
    fn the_owner_takes_the_oldest_a_thief_the_newest_half() {
        let queue = LocalQueue::new(8);
        for id in 0..5 {
            queue.push(task(id), || panic!("room")).expect("alive");
        }
        let stolen: Vec<u64> = queue.steal_half().iter().map(|t| t.id).collect();
        assert_eq!(stolen, [2, 3, 4]);
        assert_eq!(queue.pop().map(|t| t.id), Some(0));
        assert_eq!(queue.steal_half().len(), 1);
        assert!(queue.is_empty() && queue.steal_half().is_empty());
    }

    #[test]
    fn a_dead_queue_gives_tasks_back_and_frees_a_waiting_pusher() {
        let queue = LocalQueue::new(1);
        queue.push(task(0), || {}).expect("alive");
        thread::scope(|s| {
            let (waiting_tx, waiting_rx) = std::sync::mpsc::channel();
            let pusher =
                s.spawn(|| queue.push(task(1), move || waiting_tx.send(()).expect("test alive")));
            waiting_rx.recv().expect("the pusher waits for room");
            assert_eq!(queue.kill().iter().map(|t| t.id).collect::<Vec<_>>(), [0]);
            assert_eq!(pusher.join().expect("no panic"), Err(Dead(task(1))));
        });
        assert_eq!(queue.push_all(vec![task(2)]), Err(vec![task(2)]));
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
                for id in 0..N {
                    queue.push(task(id), || {}).expect("alive");
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
