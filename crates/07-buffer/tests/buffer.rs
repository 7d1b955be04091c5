//! The buffer on its own, after the bounded-buffer document's test plan (basic
//! functionality per strategy, capacity limits, many producers and consumers, close
//! while blocked) and std's own tests of its bounded channel, ported: capacity 1, a
//! close with a blocked sender, many senders. Every wait here is on the buffer's own
//! state (`waiters`), never on a sleep; every test has a time limit.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use buffer::buffer::{Batch, Buffer, Closed, Put, TakeError, TryPutError, Waiters};
use buffer::overflow::Overflow;
use buffer::store::Strategy;

/// Nobody waiting in the buffer.
const NO_WAITERS: Waiters = Waiters {
    puts: 0,
    takes: 0,
    lingering: 0,
};

/// A test that has not ended within this long has hung.
const LIMIT: Duration = Duration::from_secs(20);

/// Runs `test` on its own thread and fails if it does not end within [`LIMIT`].
fn within_limit(test: impl FnOnce() + Send + 'static) {
    let (done, ended) = mpsc::channel();
    let runner = thread::spawn(move || {
        test();
        let _ = done.send(());
    });
    match ended.recv_timeout(LIMIT) {
        Ok(()) => runner.join().expect("the test passed"),
        // The test's thread panicked: join it to report why.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = runner.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("hung: not done within {LIMIT:?}"),
    }
}

fn fifo(capacity: usize) -> Buffer<u64> {
    Buffer::new(Some(capacity), Strategy::Fifo, Overflow::Block)
}

fn items(batch: Batch<u64>) -> Vec<u64> {
    batch.slots.into_iter().map(|s| s.item).collect()
}

/// Spins (yielding) until `ready` holds of the buffer's waiters.
fn until(buffer: &Buffer<u64>, ready: impl Fn(Waiters) -> bool) {
    while !ready(buffer.waiters()) {
        thread::yield_now();
    }
}

#[test]
fn each_strategy_takes_in_its_order() {
    for (strategy, expected) in [
        (Strategy::Fifo, [1, 2, 3, 4]),
        (Strategy::Lifo, [4, 3, 2, 1]),
        // Priorities 1, 5, 5, 0: the highest first, the oldest among equals.
        (Strategy::Priority, [2, 3, 1, 4]),
    ] {
        let buffer = Buffer::new(Some(4), strategy, Overflow::Block);
        for (item, priority) in [(1, 1), (2, 5), (3, 5), (4, 0)] {
            buffer.put(item, priority).expect("open");
        }
        let taken: Vec<u64> = (0..4)
            .flat_map(|_| items(buffer.take().expect("items wait")))
            .collect();
        assert_eq!(taken, expected, "{strategy:?}");
    }
}

#[test]
fn a_batch_takes_as_many_as_wait_up_to_its_size_in_one_stamp() {
    let buffer = fifo(10);
    for item in 0..5 {
        buffer.put(item, 0).expect("open");
    }
    let batch = buffer.take_batch(3, Duration::ZERO).expect("items wait");
    assert_eq!(batch.stamp, 5, "stamps 0-4 were the puts");
    assert_eq!(items(batch), [0, 1, 2]);
    assert_eq!(items(buffer.take_batch(3, Duration::ZERO).unwrap()), [3, 4]);
    assert_eq!(buffer.try_take(), Err(TakeError::Empty));
}

#[test]
fn capacity_1_holds_one_item() {
    // std: `sync_channel(1)`: one send fits, the next would block.
    let buffer = fifo(1);
    assert!(matches!(buffer.try_put(1, 0), Ok(Put::Stored { .. })));
    assert!(matches!(buffer.try_put(2, 0), Err(TryPutError::Full(2))));
    let short = Duration::from_millis(5);
    assert!(matches!(
        buffer.put_timeout(2, 0, short),
        Err(TryPutError::Full(2))
    ));
    assert_eq!(items(buffer.take().unwrap()), [1]);
    assert!(matches!(buffer.try_put(2, 0), Ok(Put::Stored { .. })));
    assert_eq!(buffer.len(), 1);
}

#[test]
fn a_take_waits_for_a_put() {
    within_limit(|| {
        let buffer = fifo(1);
        thread::scope(|s| {
            let taker = s.spawn(|| buffer.take());
            until(&buffer, |w| w.takes == 1);
            buffer.put(7, 0).expect("open");
            assert_eq!(items(taker.join().unwrap().unwrap()), [7]);
        });
    });
}

#[test]
fn a_full_buffer_blocks_the_put_until_a_take() {
    within_limit(|| {
        let buffer = fifo(1);
        buffer.put(1, 0).expect("open");
        thread::scope(|s| {
            let putter = s.spawn(|| buffer.put(2, 0));
            until(&buffer, |w| w.puts == 1);
            assert_eq!(items(buffer.take().unwrap()), [1]);
            let put = putter.join().unwrap();
            assert!(
                matches!(put, Ok(Put::Stored { waited: true, .. })),
                "{put:?}"
            );
            assert_eq!(items(buffer.take().unwrap()), [2]);
        });
    });
}

#[test]
fn close_hands_a_blocked_sender_its_item_back() {
    // std: a sender blocked on a full channel returns an error when the receiver goes.
    within_limit(|| {
        let buffer = fifo(1);
        buffer.put(1, 0).expect("open");
        thread::scope(|s| {
            let putter = s.spawn(|| buffer.put(2, 0));
            until(&buffer, |w| w.puts == 1);
            buffer.close();
            assert_eq!(putter.join().unwrap(), Err(Closed(2)));
        });
        // What was stored before the close is still taken, then the end.
        assert_eq!(items(buffer.take().unwrap()), [1]);
        assert_eq!(buffer.take(), Err(TakeError::Closed));
    });
}

#[test]
fn close_wakes_every_blocked_taker() {
    within_limit(|| {
        let buffer = fifo(4);
        thread::scope(|s| {
            let takers: Vec<_> = (0..3).map(|_| s.spawn(|| buffer.take())).collect();
            until(&buffer, |w| w.takes == 3);
            buffer.close();
            for taker in takers {
                assert_eq!(taker.join().unwrap(), Err(TakeError::Closed));
            }
        });
        assert!(matches!(buffer.put(1, 0), Err(Closed(1))));
    });
}

#[test]
fn a_closed_buffer_drains_before_it_ends() {
    let buffer = fifo(4);
    for item in 0..3 {
        buffer.put(item, 0).expect("open");
    }
    buffer.close();
    assert_eq!(
        items(buffer.take_batch(10, Duration::ZERO).unwrap()),
        [0, 1, 2]
    );
    assert_eq!(buffer.try_take(), Err(TakeError::Closed));
}

#[test]
fn many_senders_one_receiver_each_sender_in_order() {
    // std: `stress_shared` / many senders on a `sync_channel(1)`.
    within_limit(|| {
        const SENDERS: u64 = 8;
        const EACH: u64 = 2_000;
        let buffer = fifo(1);
        thread::scope(|s| {
            for p in 0..SENDERS {
                let buffer = &buffer;
                s.spawn(move || {
                    for k in 0..EACH {
                        buffer.put(p * EACH + k, 0).expect("open until all sent");
                    }
                });
            }
            let mut last = vec![None; SENDERS as usize];
            for _ in 0..SENDERS * EACH {
                for item in items(buffer.take().unwrap()) {
                    let p = (item / EACH) as usize;
                    assert!(last[p] < Some(item), "sender {p}'s items out of order");
                    last[p] = Some(item);
                }
            }
            assert!(last.iter().all(|l| *l == Some(*l.as_ref().unwrap())));
        });
        assert_eq!(buffer.try_take(), Err(TakeError::Empty));
    });
}

#[test]
fn many_producers_and_consumers_with_lingering_batches_each_item_once() {
    // Takers that wait for their batch to fill race each other: while one lingers
    // (lock released) another may take everything; no take may come back empty.
    within_limit(|| {
        const PRODUCERS: u64 = 4;
        const EACH: u64 = 3_000;
        for strategy in [Strategy::Fifo, Strategy::Lifo, Strategy::Priority] {
            let buffer = &Buffer::new(Some(8), strategy, Overflow::Block);
            let taken: Vec<Vec<u64>> = thread::scope(|s| {
                let takers: Vec<_> = (0..4)
                    .map(|_| {
                        s.spawn(move || {
                            let mut got = Vec::new();
                            while let Ok(batch) = buffer.take_batch(5, Duration::from_micros(50)) {
                                assert!(!batch.slots.is_empty(), "an empty batch");
                                assert!(batch.slots.len() <= 5);
                                got.extend(items(batch));
                            }
                            got
                        })
                    })
                    .collect();
                let producers: Vec<_> = (0..PRODUCERS)
                    .map(|p| {
                        s.spawn(move || {
                            for k in 0..EACH {
                                let item = p * EACH + k;
                                buffer.put(item, (item % 10) as u32).expect("open");
                            }
                        })
                    })
                    .collect();
                for producer in producers {
                    producer.join().unwrap();
                }
                buffer.close();
                takers.into_iter().map(|t| t.join().unwrap()).collect()
            });
            let mut all: Vec<u64> = taken.into_iter().flatten().collect();
            all.sort_unstable();
            assert_eq!(
                all,
                (0..PRODUCERS * EACH).collect::<Vec<_>>(),
                "{strategy:?}"
            );
        }
    });
}

#[test]
fn reject_refuses_and_drop_oldest_sheds_when_full() {
    let reject = Buffer::new(Some(2), Strategy::Fifo, Overflow::Reject);
    reject.put(1, 0).unwrap();
    reject.put(2, 0).unwrap();
    assert!(matches!(
        reject.put(3, 0),
        Ok(Put::Refused { item: 3, stamp: 2 })
    ));
    assert_eq!(items(reject.take_batch(5, Duration::ZERO).unwrap()), [1, 2]);

    let oldest = Buffer::new(Some(2), Strategy::Fifo, Overflow::DropOldest);
    oldest.put(1, 0).unwrap();
    oldest.put(2, 0).unwrap();
    let put = oldest.put(3, 0).unwrap();
    assert!(matches!(put, Put::Shed { stamp: 2, shed } if shed.item == 1 && shed.stamp == 0));
    assert_eq!(items(oldest.take_batch(5, Duration::ZERO).unwrap()), [2, 3]);
}

#[test]
fn drop_lowest_sheds_the_lowest_priority_the_new_item_included() {
    let buffer = Buffer::new(Some(2), Strategy::Priority, Overflow::DropLowest);
    buffer.put(1, 5).unwrap();
    buffer.put(2, 3).unwrap();
    // 9 beats 3: item 2 goes.
    let put = buffer.put(3, 9).unwrap();
    assert!(matches!(put, Put::Shed { shed, .. } if shed.item == 2));
    // 0 is the lowest: the new item itself is refused.
    assert!(matches!(buffer.put(4, 0), Ok(Put::Refused { item: 4, .. })));
    assert_eq!(items(buffer.take_batch(5, Duration::ZERO).unwrap()), [3, 1]);
}

#[test]
fn an_unbounded_buffer_never_blocks_a_put() {
    let buffer = Buffer::new(None, Strategy::Lifo, Overflow::Block);
    for item in 0..10_000 {
        assert!(matches!(
            buffer.try_put(item, 0),
            Ok(Put::Stored { waited: false, .. })
        ));
    }
    assert_eq!(buffer.len(), 10_000);
    assert_eq!(items(buffer.take().unwrap()), [9_999]);
}

#[test]
fn a_timed_put_waits_for_room_within_its_timeout() {
    within_limit(|| {
        let buffer = fifo(1);
        buffer.put(1, 0).expect("open");
        assert!(!buffer.is_empty());
        thread::scope(|s| {
            let taker = s.spawn(|| {
                until(&buffer, |w| w.puts == 1);
                buffer.take()
            });
            let put = buffer.put_timeout(2, 0, LIMIT);
            assert!(
                matches!(put, Ok(Put::Stored { waited: true, .. })),
                "{put:?}"
            );
            assert_eq!(items(taker.join().unwrap().unwrap()), [1]);
        });
        assert_eq!(items(buffer.take().unwrap()), [2]);
        assert!(buffer.is_empty());
    });
}

#[test]
fn a_timed_take_waits_for_a_put_within_its_timeout() {
    within_limit(|| {
        let buffer = fifo(1);
        thread::scope(|s| {
            let taker = s.spawn(|| buffer.take_timeout(LIMIT));
            until(&buffer, |w| w.takes == 1);
            buffer.put(7, 0).expect("open");
            assert_eq!(items(taker.join().unwrap().unwrap()), [7]);
        });
    });
}

/// Longer than any test may take: a take that lingers this long has hung.
const FOREVER: Duration = Duration::from_secs(3600);

#[test]
fn a_lingering_take_returns_as_soon_as_its_batch_is_full() {
    within_limit(|| {
        let buffer = fifo(4);
        buffer.put_batch([(1, 0), (2, 0)]);
        assert_eq!(items(buffer.take_batch(2, FOREVER).unwrap()), [1, 2]);
    });
}

#[test]
fn a_take_lingers_until_its_batch_fills() {
    within_limit(|| {
        let buffer = fifo(4);
        buffer.put(1, 0).expect("open");
        thread::scope(|s| {
            let taker = s.spawn(|| buffer.take_batch(2, FOREVER));
            // It has its first item, and waits for the second.
            until(&buffer, |w| w.lingering == 1);
            buffer.put(2, 0).expect("open");
            assert_eq!(items(taker.join().unwrap().unwrap()), [1, 2]);
        });
        assert_eq!(buffer.waiters(), NO_WAITERS);
    });
}

#[test]
fn a_close_ends_a_linger_with_what_there_is() {
    within_limit(|| {
        let buffer = fifo(4);
        buffer.put(1, 0).expect("open");
        thread::scope(|s| {
            let taker = s.spawn(|| buffer.take_batch(3, FOREVER));
            until(&buffer, |w| w.lingering == 1);
            buffer.close();
            assert_eq!(items(taker.join().unwrap().unwrap()), [1]);
        });
    });
}

#[test]
fn a_timed_take_gives_up_empty() {
    let buffer = fifo(1);
    assert_eq!(
        buffer.take_timeout(Duration::from_millis(5)),
        Err(TakeError::Empty)
    );
    assert_eq!(buffer.waiters(), NO_WAITERS);
}

#[test]
#[should_panic(expected = "at least one slot")]
fn a_buffer_of_no_slots_is_refused() {
    let _ = fifo(0);
}

#[test]
fn a_put_batch_stores_in_order_each_with_its_stamp() {
    let buffer = fifo(10);
    let outcomes = buffer.put_batch([(1, 0), (2, 0), (3, 0)]);
    let stamps: Vec<u64> = outcomes
        .iter()
        .map(|o| match o {
            Ok(Put::Stored { stamp, .. }) => *stamp,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(stamps, [0, 1, 2]);
    assert_eq!(
        items(buffer.take_batch(5, Duration::ZERO).unwrap()),
        [1, 2, 3]
    );
}

#[test]
fn a_try_put_batch_puts_what_fits_and_leaves_the_rest() {
    let buffer = fifo(2);
    let mut hand: std::collections::VecDeque<(u64, u32)> = (1..=4).map(|i| (i, 0)).collect();
    assert_eq!(buffer.try_put_batch(&mut hand).len(), 2);
    assert_eq!(hand, [(3, 0), (4, 0)]);
    assert_eq!(buffer.len(), 2);
}

#[test]
fn a_blocked_put_batch_resumes_as_room_is_made_and_wakes_takers_before_sleeping() {
    // A batch larger than the buffer: the putter must wake the taker for what it has
    // stored before it sleeps, or both sleep forever.
    within_limit(|| {
        let buffer = fifo(2);
        thread::scope(|s| {
            let taker = s.spawn(|| {
                let mut got = Vec::new();
                while let Ok(batch) = buffer.take() {
                    got.extend(items(batch));
                }
                got
            });
            let outcomes = buffer.put_batch((0..100).map(|i| (i, 0)));
            assert!(outcomes.iter().all(Result::is_ok));
            buffer.close();
            assert_eq!(taker.join().unwrap(), (0..100).collect::<Vec<_>>());
        });
    });
}

#[test]
fn a_put_batch_after_close_hands_every_item_back() {
    let buffer = fifo(2);
    buffer.close();
    let outcomes = buffer.put_batch([(1, 0), (2, 0)]);
    assert_eq!(outcomes, [Err(Closed(1)), Err(Closed(2))]);
}

#[test]
fn a_put_batch_under_reject_refuses_what_does_not_fit() {
    let buffer = Buffer::new(Some(2), Strategy::Fifo, Overflow::Reject);
    let outcomes = buffer.put_batch((1..=4).map(|i| (i, 0)));
    let refused: Vec<u64> = outcomes
        .into_iter()
        .filter_map(|o| match o {
            Ok(Put::Refused { item, .. }) => Some(item),
            _ => None,
        })
        .collect();
    assert_eq!(refused, [3, 4]);
}
