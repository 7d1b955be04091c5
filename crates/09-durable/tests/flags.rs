//! Bad command lines are refused with status 2 and a message naming the flag; every
//! flag is documented in `--help`; a queue open in another process is refused with
//! status 1, naming the folder.

use assert_cmd::cargo::cargo_bin;
use durable::{Options, Queue};
use grader::flags::{assert_help_documents, assert_refused};
use grader::tether;
use tempfile::TempDir;

fn cmd() -> assert_cmd::Command {
    tether::command(cargo_bin!("09-durable"))
}

#[test]
fn bad_values_are_refused_naming_the_flag() {
    assert_refused(
        cmd,
        &[
            (&["--producers", "-1"], "-1"),
            (&["--producers", "257"], "--producers"),
            (&["--consumers", "0"], "--consumers"),
            (&["--messages", "many"], "--messages"),
            (&["--fsync", "sometimes"], "--fsync"),
            (&["--fsync", "0ms"], "--fsync"),
            (&["--fsync", "60001ms"], "--fsync"),
            (&["--batch", "0"], "--batch"),
            (&["--batch", "10001"], "--batch"),
            (
                &["--messages", "4", "--batch", "5"],
                "--batch 5 is more than --messages 4",
            ),
            (&["--segment-bytes", "63"], "--segment-bytes"),
            (&["--rate", "1000001"], "--rate"),
            (&["--work-ms", "5..1"], "--work-ms"),
            (&["--seed", "x"], "--seed"),
            (&["--shutdown", "later"], "--shutdown"),
            (
                &["--drain-ms", "5"],
                "--drain-ms applies only to `--shutdown timeout`",
            ),
            (&["--duration-ms", "0"], "--duration-ms"),
            (&["--dir"], "--dir"),
            (&["--ticks", "2"], "--ticks"),
            (&["stray"], "stray"),
        ],
    );
}

#[test]
fn every_flag_is_documented() {
    assert_help_documents(
        cmd,
        &[
            "--dir",
            "--fsync",
            "--batch",
            "--segment-bytes",
            "--shutdown",
        ],
    );
}

#[test]
fn a_queue_open_elsewhere_is_refused() {
    let dir = TempDir::new().unwrap();
    let (_held, _) = Queue::open(dir.path(), Options::default()).unwrap();
    let output = cmd().arg("--dir").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is in use by another process"), "{stderr}");
    assert!(
        stderr.contains(&dir.path().display().to_string()),
        "{stderr}"
    );
}
