//! The bare designs: what a producer-consumer system is with nothing around it.
//!
//! Each returns the sum of the results, which the caller checks against the pass's, so
//! the compiler cannot skip the work and a wrong baseline cannot look fast.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;

use bounded::{Task, WorkRange};

use crate::Shape;

/// The seed every benchmark draws its tasks with.
pub const SEED: u64 = 42;

/// Producer `p`'s `k`-th task, as pass 02 makes it (ids as the passes lay them out).
pub fn task(shape: &Shape, p: u32, k: u64) -> Task {
    let id = plumbing::task_id(p, k, shape.tasks);
    Task::new(SEED, id, WorkRange::NONE)
}

/// One thread makes every task and does its work at once: no channel, no other thread.
/// What one core does alone, the yardstick every concurrent design is read against.
pub fn single_thread(shape: &Shape) -> u64 {
    (0..shape.producers)
        .flat_map(|p| (0..shape.tasks).map(move |k| (p, k)))
        .map(|(p, k)| task(shape, p, k).process())
        .sum()
}

/// One channel (`sync_channel(capacity)`, or `channel()` if unbounded), the consumers
/// sharing its receiver behind a `Mutex`: passes 01–05's design.
pub fn shared(shape: &Shape) -> u64 {
    match shape.capacity {
        Some(capacity) => {
            let (tx, rx) = mpsc::sync_channel(capacity);
            shared_with(shape, tx, rx, |tx, task| tx.send(task).is_ok())
        }
        None => {
            let (tx, rx) = mpsc::channel();
            shared_with(shape, tx, rx, |tx, task| tx.send(task).is_ok())
        }
    }
}

fn shared_with<S: Clone + Send>(
    shape: &Shape,
    tx: S,
    rx: Receiver<Task>,
    send: fn(&S, Task) -> bool,
) -> u64 {
    let rx = Mutex::new(rx);
    thread::scope(|s| {
        for p in 0..shape.producers {
            let tx = tx.clone();
            s.spawn(move || {
                for k in 0..shape.tasks {
                    if !send(&tx, task(shape, p, k)) {
                        return;
                    }
                }
            });
        }
        // The producers hold the only senders left: when they finish, `recv` ends.
        drop(tx);
        let consumers: Vec<_> = (0..shape.consumers)
            .map(|_| {
                let rx = &rx;
                s.spawn(move || {
                    let mut sum = 0;
                    loop {
                        // The lock is held for the `recv` only, as in the passes.
                        let next = rx.lock().map(|r| r.recv());
                        match next {
                            Ok(Ok(task)) => sum += task.process(),
                            _ => return sum,
                        }
                    }
                })
            })
            .collect();
        consumers
            .into_iter()
            .map(|c| c.join().unwrap_or(0))
            .sum::<u64>()
    })
}

/// One `sync_channel(capacity / consumers)` per consumer, producers dealing task `k`
/// to consumer `k % consumers`: pass 06's shape without the stealing.
pub fn per_consumer(shape: &Shape) -> u64 {
    let each = shape.capacity.unwrap_or(1000) / shape.consumers as usize;
    let (senders, receivers): (Vec<SyncSender<Task>>, Vec<Receiver<Task>>) = (0..shape.consumers)
        .map(|_| mpsc::sync_channel(each))
        .unzip();
    let senders = Arc::new(senders);
    thread::scope(|s| {
        for p in 0..shape.producers {
            let senders = Arc::clone(&senders);
            s.spawn(move || {
                for k in 0..shape.tasks {
                    let to = (u64::from(p) + k) as usize % senders.len();
                    if senders[to].send(task(shape, p, k)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(senders);
        let consumers: Vec<_> = receivers
            .into_iter()
            .map(|rx| s.spawn(move || rx.iter().map(|t| t.process()).sum::<u64>()))
            .collect();
        consumers.into_iter().map(|c| c.join().unwrap_or(0)).sum()
    })
}
