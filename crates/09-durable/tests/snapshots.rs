//! Snapshot tests: the canonical transcript (`grader::durable::canonical`: the folder
//! redacted, worker lines sorted, ids and consumers redacted where threads race for
//! them) of runs graded first, then compared with their reviewed snapshots in
//! `snapshots/`.

use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use durable::{Options, Queue};
use grader::durable::{Ending, History, canonical};
use grader::tether;
use tempfile::TempDir;

/// Runs the binary on `dir` as the next run of `history`; its canonical transcript.
fn snapshot_of(history: &mut History, dir: &TempDir, args: &[&str]) -> String {
    let output = tether::command(cargo_bin!("09-durable"))
        .arg("--dir")
        .arg(dir.path())
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("it runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let report = history.run(&stdout, Ending::Exited(output.status.code()));
    assert!(history.faults.is_empty(), "{:#?}\n{stdout}", history.faults);
    assert_eq!(report.map(|r| r.exit_status()), Some(0));
    canonical(&stdout)
}

/// The source document's system: 3 producers × 10 messages, 2 consumers.
#[test]
fn lesson() {
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    insta::assert_snapshot!(snapshot_of(&mut history, &dir, &[]));
}

/// The source document's priority consumer groups: 10 consumers on the high
/// queue, 2 on the low, each fed by 3 producers.
#[test]
fn priority_groups() {
    let dir = TempDir::new().unwrap();
    let output = tether::command(cargo_bin!("09-durable"))
        .arg("--dir")
        .arg(dir.path())
        .args(["--priority", "10,2"])
        .timeout(Duration::from_secs(30))
        .output()
        .expect("it runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let report = grader::durable::check(&stdout).expect("it keeps the contract");
    assert_eq!((report.consumed, output.status.code()), (60, Some(0)));
    insta::assert_snapshot!(canonical(&stdout));
}

/// One producer, one consumer, batches of 4: every id and line is a function of the
/// flags.
#[test]
fn one_of_each_in_batches() {
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let args = [
        "--producers",
        "1",
        "--consumers",
        "1",
        "--messages",
        "6",
        "--batch",
        "4",
    ];
    insta::assert_snapshot!(snapshot_of(&mut history, &dir, &args));
}

/// A queue left by a process that died holding a message: the next run delivers it
/// again, announced, and the one never delivered for the first time.
#[test]
fn a_restart_redelivers() {
    let dir = TempDir::new().unwrap();
    {
        let (queue, _) = Queue::open(dir.path(), Options::default()).unwrap();
        queue
            .enqueue_batch(&["Message from Producer 0: #0", "Message from Producer 0: #1"])
            .unwrap();
        queue.dequeue().unwrap().expect("a message");
        // Dropped without its ack: as if the process had been killed here.
    }
    let mut history = History::unknown_start();
    let args = ["--producers", "1", "--consumers", "1", "--messages", "2"];
    insta::assert_snapshot!(snapshot_of(&mut history, &dir, &args));
}
