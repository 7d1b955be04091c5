//! Put / put_batch / take / close under a model checker: loom runs each scenario below under
//! every interleaving of the threads' steps on the buffer's lock and condition
//! variables (up to its preemption bound), and each must end with every item taken
//! exactly once or handed back by a put after the close, the buffer never over its
//! capacity, and every thread ended: loom reports a thread asleep forever (a lost
//! wakeup) as a deadlock.
//!
//! Built only with the model's locks swapped in (`src/buffer.rs` imports loom's
//! `Mutex` and `Condvar` under `cfg(loom)`):
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p buffer --release --test model
//! ```
//!
//! What loom cannot check: timed waits. Its `wait_timeout` never times out, so the
//! linger of a batch take (`--batch-wait-ms`) and the `_timeout` forms are left to the
//! real-thread tests in `tests/buffer.rs` and to the stress campaign.
#![cfg(loom)]

use std::time::Duration;

use buffer::buffer::{Buffer, Closed, Put, TakeError};
use buffer::overflow::Overflow;
use buffer::store::Strategy;
use loom::model::Builder;
use loom::sync::Arc;
use loom::thread;

/// Runs `scenario` under loom with at most three preemptions per execution: the bound
/// that keeps the exploration to seconds; a lost wakeup needs one or two.
fn model(scenario: impl Fn() + Sync + Send + 'static) {
    let mut builder = Builder::new();
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(3);
    }
    builder.check(scenario);
}

/// Takes until the buffer is closed and empty; returns the items, checking each
/// take's size against `max` and the buffer's bound.
fn drain(buffer: &Buffer<u64>, max: usize) -> Vec<u64> {
    let mut got = Vec::new();
    loop {
        match buffer.take_batch(max, Duration::ZERO) {
            Ok(batch) => {
                assert!(!batch.slots.is_empty() && batch.slots.len() <= max);
                got.extend(batch.slots.into_iter().map(|s| s.item));
            }
            Err(TakeError::Closed) => return got,
            Err(TakeError::Empty) => unreachable!("an untimed take never comes back empty"),
        }
    }
}

/// Two producers put into a buffer of one slot; a consumer drains it; the main thread
/// closes it once both producers are done. Every item arrives once, in each
/// producer's order, and no put is lost to a missed `not_full` wakeup.
#[test]
fn two_producers_one_consumer_one_slot() {
    model(|| {
        let buffer = Arc::new(Buffer::new(Some(1), Strategy::Fifo, Overflow::Block));
        let producers: Vec<_> = [&[1, 2][..], &[11]]
            .into_iter()
            .map(|items: &'static [u64]| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || {
                    for &item in items {
                        assert!(matches!(buffer.put(item, 0), Ok(Put::Stored { .. })));
                        assert!(buffer.len() <= 1, "over capacity");
                    }
                })
            })
            .collect();
        let consumer = {
            let buffer = Arc::clone(&buffer);
            thread::spawn(move || drain(&buffer, 1))
        };
        for producer in producers {
            producer.join().unwrap();
        }
        buffer.close();
        let got = consumer.join().unwrap();
        let mut sorted = got.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [1, 2, 11]);
        let pos = |x| got.iter().position(|&g| g == x).unwrap();
        assert!(pos(1) < pos(2), "a producer's order: {got:?}");
    });
}

/// Two consumers, one taking batches of 2, on a buffer of two slots: whichever takes
/// what, every item is taken once and neither sleeps beside work.
#[test]
fn two_consumers_of_different_batch_sizes() {
    model(|| {
        let buffer = Arc::new(Buffer::new(Some(2), Strategy::Lifo, Overflow::Block));
        let consumers: Vec<_> = [2, 1]
            .into_iter()
            .map(|max| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || drain(&buffer, max))
            })
            .collect();
        for item in 0..3 {
            assert!(matches!(buffer.put(item, 0), Ok(Put::Stored { .. })));
        }
        buffer.close();
        let mut got: Vec<u64> = consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2]);
    });
}

/// A close that races a blocked put and a blocked take: the put either stored its
/// item (then the take gets it) or got it back; nothing is lost, nobody sleeps on.
#[test]
fn close_races_a_blocked_put_and_take() {
    model(|| {
        let buffer = Arc::new(Buffer::new(Some(1), Strategy::Fifo, Overflow::Block));
        buffer.put(1, 0).unwrap();
        let putter = {
            let buffer = Arc::clone(&buffer);
            thread::spawn(move || buffer.put(2, 0))
        };
        let taker = {
            let buffer = Arc::clone(&buffer);
            thread::spawn(move || drain(&buffer, 1))
        };
        buffer.close();
        let put = putter.join().unwrap();
        let mut got = taker.join().unwrap();
        match put {
            Ok(Put::Stored { .. }) => {}
            Err(Closed(2)) => got.push(2),
            other => panic!("unexpected put: {other:?}"),
        }
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
    });
}

/// A producer putting a batch larger than the buffer, and two consumers: the putter
/// must wake a taker for what it stored before it sleeps for room, or all sleep.
#[test]
fn a_put_batch_larger_than_the_buffer() {
    model(|| {
        let buffer = Arc::new(Buffer::new(Some(1), Strategy::Fifo, Overflow::Block));
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let buffer = Arc::clone(&buffer);
                thread::spawn(move || drain(&buffer, 1))
            })
            .collect();
        let outcomes = buffer.put_batch([(1, 0), (2, 0), (3, 0)]);
        assert!(outcomes.iter().all(Result::is_ok));
        buffer.close();
        let mut got: Vec<u64> = consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        got.sort_unstable();
        assert_eq!(got, [1, 2, 3]);
    });
}
