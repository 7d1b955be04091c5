//! What the durable queue costs against the disk's own limit: for each fsync policy
//! and batch size, messages enqueued per second beside a bare loop that writes the
//! same bytes to a file and fsyncs them the same way (no queue, no lock, no index),
//! run in turn in the same rounds; then dequeue + ack, beside two bare write + fsync
//! of the same records; SQLite as a queue table in WAL mode with the same
//! durability ([`sqlite`]), doing the same; and one thread moving the same payloads
//! through a `VecDeque` in memory, for scale.
//!
//! `cargo bench -p durable --bench log` (add `-- --quick` for a smoke run). The
//! table shows medians over the rounds (messages per second) and each queue design's
//! cost over its bare loop in the same rounds (`× bare`: 1.0 is the disk's limit).
//! The folder is in the system's temporary folder (`TMPDIR` picks the disk).

use std::collections::VecDeque;
use std::fs::File;
use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use durable::fsync::Fsync;
use durable::record::Record;
use durable::{Options, Queue};
use tempfile::TempDir;

mod sqlite;

/// A payload the size of the source document's messages.
const PAYLOAD: &[u8] = b"Message from Producer 2: #1234";

/// One measured design: its name, and a run of it returning seconds.
struct Design {
    name: String,
    messages: u64,
    /// The bare loop it is compared with, if any (an index into the list).
    bare: Option<usize>,
    run: Box<dyn Fn() -> f64>,
}

fn timed(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

/// Writes `batches` times `bytes` to a fresh file, fsyncing by `policy`.
fn bare(bytes: Vec<u8>, batches: u64, policy: Fsync) -> impl Fn() -> f64 {
    move || {
        let dir = TempDir::new().unwrap();
        let mut file = File::create(dir.path().join("bare")).unwrap();
        timed(|| {
            let mut synced = Instant::now();
            for _ in 0..batches {
                file.write_all(&bytes).unwrap();
                let due = match policy {
                    Fsync::Always => true,
                    Fsync::Every(period) => synced.elapsed() >= period,
                    Fsync::Never => false,
                };
                if due {
                    file.sync_data().unwrap();
                    synced = Instant::now();
                }
            }
        })
    }
}

fn enqueues(messages: u64, batch: u64, policy: Fsync) -> impl Fn() -> f64 {
    move || {
        let dir = TempDir::new().unwrap();
        let options = Options {
            fsync: policy,
            segment_bytes: 64 << 20,
        };
        let (queue, _) = Queue::open(dir.path(), options).unwrap();
        let payloads = vec![PAYLOAD; batch as usize];
        timed(|| {
            for _ in 0..messages / batch {
                queue.enqueue_batch(&payloads).unwrap();
            }
        })
    }
}

fn dequeue_acks(messages: u64, policy: Fsync) -> impl Fn() -> f64 {
    move || {
        let dir = TempDir::new().unwrap();
        let fill = Options {
            fsync: Fsync::Never,
            segment_bytes: 64 << 20,
        };
        {
            let (queue, _) = Queue::open(dir.path(), fill).unwrap();
            let payloads = vec![PAYLOAD; messages as usize];
            queue.enqueue_batch(&payloads).unwrap();
        }
        let options = Options {
            fsync: policy,
            ..fill
        };
        let (queue, _) = Queue::open(dir.path(), options).unwrap();
        timed(|| {
            while let Some(delivery) = queue.try_dequeue().unwrap() {
                queue.ack(delivery.id).unwrap();
            }
        })
    }
}

fn sqlite_enqueues(messages: u64, batch: u64, policy: Fsync) -> impl Fn() -> f64 {
    move || {
        let mut table = sqlite::Table::new(policy);
        let payloads = vec![PAYLOAD; batch as usize];
        timed(|| {
            for _ in 0..messages / batch {
                table.enqueue_batch(&payloads);
            }
        })
    }
}

fn sqlite_dequeue_acks(messages: u64, policy: Fsync) -> impl Fn() -> f64 {
    move || {
        let mut table = sqlite::Table::new(policy);
        table.enqueue_batch(&vec![PAYLOAD; messages as usize]);
        timed(|| {
            while let Some((id, payload)) = table.dequeue() {
                black_box(payload);
                table.ack(id);
            }
        })
    }
}

fn frames(records: impl IntoIterator<Item = Record>) -> Vec<u8> {
    let mut out = Vec::new();
    for record in records {
        record.encode(&mut out);
    }
    out
}

fn designs(scale: u64) -> Vec<Design> {
    let mut list: Vec<Design> = vec![Design {
        name: "one thread, VecDeque in memory".into(),
        messages: 100_000 * scale,
        bare: None,
        run: Box::new(move || {
            timed(|| {
                let mut queue = VecDeque::new();
                for _ in 0..100_000 * scale {
                    queue.push_back(PAYLOAD.to_vec());
                }
                while let Some(p) = queue.pop_front() {
                    black_box(p);
                }
            })
        }),
    }];
    let ms5 = Fsync::Every(Duration::from_millis(5));
    for (policy, batch, messages) in [
        (Fsync::Always, 1, 300),
        (Fsync::Always, 16, 4_000),
        (Fsync::Always, 256, 40_000),
        (ms5, 1, 20_000),
        (Fsync::Never, 1, 20_000),
        (Fsync::Never, 256, 100_000),
    ] {
        let messages = messages * scale;
        let batch_bytes = frames((0..batch).map(|id| Record::Enqueue {
            id,
            payload: PAYLOAD.to_vec(),
        }));
        let batches = messages / batch;
        list.push(Design {
            name: format!("bare write, fsync {policy}, {batch} a write"),
            messages,
            bare: None,
            run: Box::new(bare(batch_bytes, batches, policy)),
        });
        let bare = Some(list.len() - 1);
        list.push(Design {
            name: format!("queue enqueue, fsync {policy}, batches of {batch}"),
            messages,
            bare,
            run: Box::new(enqueues(messages, batch, policy)),
        });
        list.push(Design {
            name: format!("sqlite insert, {}, batches of {batch}", sync_name(policy)),
            messages,
            bare,
            run: Box::new(sqlite_enqueues(messages, batch, policy)),
        });
    }
    for (policy, messages) in [(Fsync::Always, 200), (Fsync::Never, 20_000)] {
        let messages = messages * scale;
        let two = frames([Record::Deliver { id: 1 }]);
        list.push(Design {
            name: format!("bare 2 × write, fsync {policy}"),
            messages,
            bare: None,
            run: Box::new(bare(two, 2 * messages, policy)),
        });
        let bare = Some(list.len() - 1);
        list.push(Design {
            name: format!("queue dequeue + ack, fsync {policy}"),
            messages,
            bare,
            run: Box::new(dequeue_acks(messages, policy)),
        });
        list.push(Design {
            name: format!("sqlite update + delete, {}", sync_name(policy)),
            messages,
            bare,
            run: Box::new(sqlite_dequeue_acks(messages, policy)),
        });
    }
    list
}

/// SQLite's `synchronous` setting beside a policy: see [`sqlite`].
fn sync_name(policy: Fsync) -> &'static str {
    match policy {
        Fsync::Always => "synchronous=FULL",
        Fsync::Every(_) => "synchronous=NORMAL",
        Fsync::Never => "synchronous=OFF",
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (scale, rounds) = if quick { (1, 2) } else { (5, 7) };
    let designs = designs(scale);
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); designs.len()];
    let mut costs: Vec<Vec<f64>> = vec![Vec::new(); designs.len()];
    for _ in 0..rounds {
        let seconds: Vec<f64> = designs.iter().map(|d| (d.run)()).collect();
        for (i, d) in designs.iter().enumerate() {
            rates[i].push(d.messages as f64 / seconds[i]);
            if let Some(b) = d.bare {
                costs[i].push(seconds[i] / seconds[b]);
            }
        }
    }
    println!(
        "{rounds} rounds; medians (messages/s, and each design's time over its bare loop's in the same round)"
    );
    println!(
        "{:<50} {:>12} {:>22} {:>8}",
        "design", "messages/s", "q1–q3", "× bare"
    );
    for (i, d) in designs.iter().enumerate() {
        let (q1, m, q3) = plumbing::measure::quartiles(&mut rates[i]);
        let cost = if costs[i].is_empty() {
            String::new()
        } else {
            format!("{:.2}", plumbing::measure::quartiles(&mut costs[i]).1)
        };
        println!(
            "{:<50} {m:>12.0} {:>22} {cost:>8}",
            d.name,
            format!("{q1:.0}–{q3:.0}")
        );
        plumbing::measure::record("durable", &d.name, q1, m, q3);
    }
}
