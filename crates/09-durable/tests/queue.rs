//! The queue's promises, each on a real folder: order, acks, redelivery after a
//! reopen, the lock, segments removed, ids never reused, close waking consumers, and
//! many producers and consumers at once.

use std::collections::BTreeSet;
use std::fs;
use std::thread;
use std::time::Duration;

use durable::fsync::Fsync;
use durable::{OpenError, Options, Queue, QueueError};
use tempfile::TempDir;

fn open(dir: &TempDir, options: Options) -> (Queue, durable::recover::Recovery) {
    Queue::open(dir.path(), options).expect("open")
}

fn small(fsync: Fsync) -> Options {
    Options {
        fsync,
        segment_bytes: 256,
    }
}

#[test]
fn messages_come_out_in_order_once_each() {
    let dir = TempDir::new().unwrap();
    let (queue, recovered) = open(&dir, Options::default());
    assert_eq!(recovered.pending, 0);
    assert_eq!(queue.enqueue(b"a").unwrap(), 1);
    assert_eq!(queue.enqueue_batch(&["b", "c"]).unwrap(), 2..4);
    for (id, payload) in [(1, "a"), (2, "b"), (3, "c")] {
        let delivery = queue.try_dequeue().unwrap().unwrap();
        assert_eq!(
            (delivery.id, delivery.payload.as_slice()),
            (id, payload.as_bytes())
        );
        assert!(!delivery.is_redelivery());
        queue.ack(id).unwrap();
    }
    assert_eq!(queue.try_dequeue().unwrap(), None);
    let stats = queue.stats();
    assert_eq!((stats.pending, stats.unacked, stats.segments), (0, 0, 1));
}

#[test]
fn a_reopen_redelivers_what_was_not_acked_and_never_what_was() {
    for fsync in [
        Fsync::Always,
        Fsync::Every(Duration::from_millis(5)),
        Fsync::Never,
    ] {
        let dir = TempDir::new().unwrap();
        {
            let (queue, _) = open(
                &dir,
                Options {
                    fsync,
                    ..Options::default()
                },
            );
            queue
                .enqueue_batch(&["acked", "out", "out too", "waiting"])
                .unwrap();
            let first = queue.dequeue().unwrap().unwrap();
            queue.ack(first.id).unwrap();
            queue.dequeue().unwrap().unwrap();
            queue.dequeue().unwrap().unwrap();
        }
        let (queue, recovered) = open(
            &dir,
            Options {
                fsync,
                ..Options::default()
            },
        );
        assert_eq!(
            (recovered.pending, recovered.redeliveries),
            (3, 2),
            "{fsync}"
        );
        for id in [2, 3] {
            let again = queue.try_dequeue().unwrap().unwrap();
            assert_eq!((again.id, again.attempt), (id, 2), "{fsync}");
            assert!(again.is_redelivery());
        }
        let waiting = queue.try_dequeue().unwrap().unwrap();
        assert_eq!((waiting.id, waiting.attempt), (4, 1), "{fsync}");
        assert_eq!(queue.try_dequeue().unwrap(), None);
        // The next id follows the last one ever given.
        assert_eq!(queue.enqueue(b"new").unwrap(), 5);
    }
}

#[test]
fn a_second_open_of_one_folder_is_refused() {
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, Options::default());
    match Queue::open(dir.path(), Options::default()) {
        Err(OpenError::Locked(path)) => assert_eq!(path, dir.path()),
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(queue);
    open(&dir, Options::default());
}

#[test]
fn acks_are_checked() {
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, Options::default());
    queue.enqueue(b"x").unwrap();
    assert!(matches!(queue.ack(1), Err(QueueError::NotDelivered(1))));
    queue.dequeue().unwrap().unwrap();
    queue.ack(1).unwrap();
    assert!(matches!(queue.ack(1), Err(QueueError::NotDelivered(1))));
    queue.close();
    assert!(matches!(queue.enqueue(b"y"), Err(QueueError::Closed)));
    let too_large = vec![0; durable::record::MAX_PAYLOAD + 1];
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, Options::default());
    assert!(matches!(
        queue.enqueue(&too_large),
        Err(QueueError::TooLarge(_))
    ));
}

#[test]
fn acked_segments_are_removed_and_ids_never_reused() {
    let dir = TempDir::new().unwrap();
    let segments = || {
        fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "seg")
            })
            .count()
    };
    {
        let (queue, _) = open(&dir, small(Fsync::Always));
        for i in 0..40 {
            queue.enqueue(format!("message {i}").as_bytes()).unwrap();
        }
        assert!(queue.stats().segments > 3, "{:?}", queue.stats());
        while let Some(delivery) = queue.try_dequeue().unwrap() {
            queue.ack(delivery.id).unwrap();
        }
        // Only the segment being written is left (and the file count agrees).
        assert!(queue.stats().segments <= 2, "{:?}", queue.stats());
        assert_eq!(segments() as u64, queue.stats().segments);
    }
    let (queue, recovered) = open(&dir, small(Fsync::Always));
    assert_eq!(recovered.pending, 0);
    assert_eq!(queue.stats().segments, 1);
    assert_eq!(queue.enqueue(b"after").unwrap(), 41);
}

#[test]
fn close_wakes_a_blocked_consumer() {
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, Options::default());
    thread::scope(|s| {
        let consumer = s.spawn(|| queue.dequeue());
        // Whether the consumer is already waiting or not, close must end its wait.
        thread::sleep(Duration::from_millis(20));
        queue.close();
        assert_eq!(consumer.join().unwrap().unwrap(), None);
    });
}

#[test]
fn many_producers_and_consumers_lose_nothing() {
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, small(Fsync::Never));
    let (producers, each) = (4u64, 250u64);
    let consumed = thread::scope(|s| {
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut ids = Vec::new();
                    while let Some(delivery) = queue.dequeue().unwrap() {
                        queue.ack(delivery.id).unwrap();
                        ids.push(delivery.id);
                    }
                    ids
                })
            })
            .collect();
        let sent: Vec<_> = (0..producers)
            .map(|p| {
                let queue = &queue;
                s.spawn(move || {
                    for j in (0..each).step_by(5) {
                        let batch: Vec<String> = (j..j + 5).map(|k| format!("{p}:{k}")).collect();
                        queue.enqueue_batch(&batch).unwrap();
                    }
                })
            })
            .collect();
        for producer in sent {
            producer.join().unwrap();
        }
        queue.close();
        consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect::<Vec<u64>>()
    });
    let unique: BTreeSet<u64> = consumed.iter().copied().collect();
    assert_eq!(consumed.len(), unique.len(), "a message delivered twice");
    assert_eq!(unique, (1..=producers * each).collect());
    drop(queue);
    let (_, recovered) = open(&dir, small(Fsync::Never));
    assert_eq!(recovered.pending, 0);
}

#[test]
fn the_largest_payload_goes_through_a_reopen() {
    let dir = TempDir::new().unwrap();
    let largest: Vec<u8> = (0..durable::record::MAX_PAYLOAD)
        .map(|i| (i % 251) as u8)
        .collect();
    {
        let (queue, _) = open(&dir, Options::default());
        assert_eq!(queue.enqueue(&largest).unwrap(), 1);
    }
    let (queue, recovered) = open(&dir, Options::default());
    assert_eq!(recovered.pending, 1);
    assert_eq!(queue.try_dequeue().unwrap().unwrap().payload, largest);
}

#[test]
fn each_policy_fsyncs_when_it_says() {
    let fsyncs = |queue: &Queue| queue.stats().fsyncs;
    // `always`: one fsync per call, whatever the call writes.
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, Options::default());
    let before = fsyncs(&queue);
    queue.enqueue(b"a").unwrap();
    queue.enqueue_batch(&["b", "c", "d"]).unwrap();
    let delivery = queue.dequeue().unwrap().unwrap();
    queue.ack(delivery.id).unwrap();
    assert_eq!(fsyncs(&queue) - before, 4);
    // `never`: none, segments sealed included.
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, small(Fsync::Never));
    for i in 0..20 {
        queue.enqueue(format!("message {i}").as_bytes()).unwrap();
    }
    assert!(queue.stats().segments > 2);
    assert_eq!(fsyncs(&queue), 0);
    // A period longer than the test: the only fsyncs are of each segment sealed.
    let dir = TempDir::new().unwrap();
    let (queue, _) = open(&dir, small(Fsync::Every(Duration::from_secs(60))));
    for i in 0..20 {
        queue.enqueue(format!("message {i}").as_bytes()).unwrap();
    }
    let stats = queue.stats();
    assert!(stats.segments > 2);
    assert_eq!(stats.fsyncs, stats.segments - 1);
}
