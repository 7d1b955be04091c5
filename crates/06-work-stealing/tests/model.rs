//! Take-batch / steal / close under a model checker: loom runs each scenario below
//! under every interleaving of the threads' locks and waits (up to its preemption
//! bound), and each must end with every task taken exactly once, no local queue over
//! its capacity (`LocalQueue::refill` asserts it), and every consumer ended (loom
//! reports a thread asleep forever as a deadlock).
//!
//! Built only with the model's locks swapped in (`src/local.rs` imports loom's `Mutex`
//! under `cfg(loom)`):
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p work-stealing --release --test model
//! ```
//!
//! The consumers run the pass's own search for work (`Seeker::next`, `src/seek.rs`)
//! on the pass's own local queues. The channel is a stand-in: loom has no model of an
//! mpsc channel's disconnection, so [`Channel`] is a `Mutex<VecDeque>` with a closed
//! flag and a condition variable, blocking in `take` exactly as the run's
//! `recv` does: until a task arrives or the last sender is gone.
#![cfg(loom)]

use std::collections::{BTreeMap, VecDeque};

use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;
use work_stealing::local::LocalQueue;
use work_stealing::seek::{Closed, Intake, Seeker};

/// The channel stand-in: tasks, and whether the sender is gone.
#[derive(Default)]
struct Channel {
    state: Mutex<(VecDeque<u64>, bool)>,
    /// Signalled on every send and on close, as mpsc wakes a blocked `recv`.
    ready: Condvar,
}

impl Channel {
    fn send(&self, id: u64) {
        self.state.lock().unwrap().0.push_back(id);
        self.ready.notify_all();
    }

    fn close(&self) {
        self.state.lock().unwrap().1 = true;
        self.ready.notify_all();
    }
}

impl Intake<u64> for Channel {
    fn take(&self, max: usize) -> Result<Vec<u64>, Closed> {
        let mut state = self.state.lock().unwrap();
        while state.0.is_empty() && !state.1 {
            state = self.ready.wait(state).unwrap();
        }
        if state.0.is_empty() {
            return Err(Closed);
        }
        let n = max.min(state.0.len());
        Ok(state.0.drain(..n).collect())
    }

    fn waiting(&self) -> bool {
        !self.state.lock().unwrap().0.is_empty()
    }
}

/// Every id in `0..n` appears exactly once across the consumers' records.
fn assert_exactly_once(n: u64, records: &[Vec<u64>]) {
    let mut seen = BTreeMap::new();
    for id in records.iter().flatten() {
        *seen.entry(*id).or_insert(0) += 1;
    }
    let expected: BTreeMap<u64, i32> = (0..n).map(|id| (id, 1)).collect();
    assert_eq!(seen, expected, "task id -> times taken, across {records:?}");
}

/// A producer sends `n` tasks and closes the channel; two consumers with local queues
/// of `capacity` search for work until there is none (stealing if `steal`).
fn scenario(n: u64, capacity: usize, steal: bool) {
    let mut builder = loom::model::Builder::new();
    // Bounded preemptions keep the search finite and quick; most concurrency bugs
    // need only two or three (loom's own advice). `LOOM_MAX_PREEMPTIONS` overrides.
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(2);
    }
    builder.check(move || {
        let channel = Arc::new(Channel::default());
        let queues = Arc::new([LocalQueue::new(capacity), LocalQueue::new(capacity)]);
        let producer = {
            let channel = Arc::clone(&channel);
            thread::spawn(move || {
                (0..n).for_each(|id| channel.send(id));
                channel.close();
            })
        };
        let consumer = |index: usize| {
            let (channel, queues) = (Arc::clone(&channel), Arc::clone(&queues));
            thread::spawn(move || {
                let mut seeker = Seeker::new(index, &queues[..], steal, 7);
                std::iter::from_fn(|| seeker.next(&*channel, |_| {})).collect::<Vec<u64>>()
            })
        };
        let consumers = [consumer(0), consumer(1)];
        producer.join().unwrap();
        let records: Vec<Vec<u64>> = consumers.map(|c| c.join().unwrap()).into();
        assert_exactly_once(n, &records);
        assert!(queues.iter().all(LocalQueue::is_empty));
    });
}

#[test]
fn batches_and_steals_take_every_task_once_and_every_consumer_ends() {
    scenario(3, 2, true);
}

#[test]
fn without_stealing_too() {
    scenario(3, 2, false);
}

#[test]
fn batches_of_one() {
    // Capacity 1: every refill is a single task, every steal takes the victim's one.
    scenario(2, 1, true);
}
