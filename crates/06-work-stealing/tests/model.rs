//! The steal protocol under a model checker: loom runs each scenario below under every
//! interleaving of the local queues' locks and condition-variable waits (up to its
//! preemption bound), and each must end with every task taken exactly once.
//!
//! Built only with the model's locks swapped in (`src/local.rs` imports loom's
//! `Mutex` and `Condvar` under `cfg(loom)`):
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p work-stealing --release --test model
//! ```
//!
//! The threads here mirror the pass's own loops, reduced to what touches the queues:
//! the distributor's dealing (`distributor.rs`), the consumer's pop / steal / wait /
//! close sequence (`consumer.rs`), and the supervisor's re-homing of a dead consumer's
//! queue (`supervisor.rs`). A task's work is recording its id.
#![cfg(loom)]

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use loom::sync::Arc;
use loom::thread;
use work_stealing::local::{Dead, LocalQueue};
use work_stealing::task::Task;

fn task(id: u64) -> Task {
    Task {
        id,
        payload: 1,
        cost: Duration::ZERO,
        failing: 0,
        panics: false,
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

/// Deals ids `0..n` as the distributor does when it finds them all in the channel:
/// one batch, sorted by home queue (`id % queues`), each home's share pushed whole, or
/// what is left of it on to the next live queue when an owner is dead; then ends every
/// queue's input. With capacity-1 queues a share of two is pushed in two stretches,
/// waiting for room between them. Returns the tasks no queue would take (all owners
/// dead).
fn distribute(queues: &[LocalQueue], n: u64) -> Vec<u64> {
    let k = queues.len();
    let mut undelivered = Vec::new();
    for home in 0..k {
        let mut share: VecDeque<Task> = (0..n)
            .filter(|id| (id % k as u64) as usize == home)
            .map(task)
            .collect();
        let placed = (0..k).any(|j| queues[(home + j) % k].push(&mut share, || {}) != Err(Dead));
        if !placed {
            undelivered.extend(share.iter().map(|t| t.id));
        }
    }
    for queue in queues {
        queue.end_input();
    }
    undelivered
}

/// Consumer `me`'s loop: its own queue first, else steal the newer half of another's
/// into its own, else stop if its input ended and it is empty, else wait for work.
/// Then it closes its queue and runs whatever was re-homed there meanwhile.
fn consume(me: usize, queues: &[LocalQueue], steal: bool) -> Vec<u64> {
    let own = &queues[me];
    let mut ran = Vec::new();
    loop {
        if let Some(task) = own.pop() {
            ran.push(task.id);
            continue;
        }
        if steal {
            let victims = (1..queues.len()).map(|k| &queues[(me + k) % queues.len()]);
            if let Some(stolen) = victims.map(LocalQueue::steal_half).find(|s| !s.is_empty()) {
                if let Err(back) = own.push_all(stolen) {
                    ran.extend(back.iter().map(|t| t.id));
                }
                continue;
            }
        }
        if own.is_drained() {
            break;
        }
        // loom does not model the timeout: this waits for a push or the input's end,
        // which the distributor always sends, so a missed steal delays, never hangs.
        own.wait_for_work(Some(Duration::from_millis(1)));
    }
    ran.extend(own.kill().iter().map(|t| t.id));
    ran
}

fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    // Bounded preemptions keep the search finite and quick; most concurrency bugs
    // need very few (loom's own advice). `LOOM_MAX_PREEMPTIONS` overrides it.
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(3);
    }
    builder.check(f);
}

#[test]
fn two_consumers_stealing_take_every_task_exactly_once() {
    model(|| {
        // Capacity 1: the distributor also waits for room, so `room` is exercised.
        let queues = Arc::new(vec![LocalQueue::new(1), LocalQueue::new(1)]);
        let consumers: Vec<_> = (0..2)
            .map(|me| {
                let queues = Arc::clone(&queues);
                thread::spawn(move || consume(me, &queues, true))
            })
            .collect();
        let undelivered = distribute(&queues, 3);
        assert!(undelivered.is_empty(), "both owners are alive");
        let records: Vec<Vec<u64>> = consumers
            .into_iter()
            .map(|c| c.join().expect("no panic"))
            .collect();
        assert_exactly_once(3, &records);
    });
}

#[test]
fn a_dead_consumers_queue_is_re_homed_exactly_once() {
    model(|| {
        // Consumer 0 died unreplaced: the supervisor closes its queue and moves what it
        // held to consumer 1's, while the distributor is still dealing to it.
        let queues = Arc::new(vec![LocalQueue::new(1), LocalQueue::new(1)]);
        let consumer = {
            let queues = Arc::clone(&queues);
            thread::spawn(move || consume(1, &queues, true))
        };
        let supervisor = {
            let queues = Arc::clone(&queues);
            thread::spawn(move || {
                let orphans = queues[0].kill();
                let ids: Vec<u64> = orphans.iter().map(|t| t.id).collect();
                match queues[1].push_all(orphans) {
                    Ok(()) => Vec::new(),
                    // Consumer 1 closed its queue already: these are undelivered.
                    Err(_) => ids,
                }
            })
        };
        let undelivered = distribute(&queues, 3);
        assert!(undelivered.is_empty(), "consumer 1 is alive while dealing");
        let orphaned = supervisor.join().expect("no panic");
        let ran = consumer.join().expect("no panic");
        assert_exactly_once(3, &[ran, orphaned]);
    });
}
