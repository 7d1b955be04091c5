//! Real SIGINT and SIGTERM sent to the `09-durable` process mid-run, in each shutdown
//! mode; what a stop leaves in the queue is there for the next run, which drains it.
//! Every run is judged by the grader's history checker (exit status included).

use std::path::PathBuf;
use std::time::Duration;

use grader::durable::{Ending, History, Report};
use grader::{Child, Signal};
use tempfile::TempDir;

/// How long anything may take: a line to appear, a stopped run to exit.
const LIMIT: Duration = Duration::from_secs(20);

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("09-durable")
}

/// Runs `args` on `dir`, sends `signals` after the `after`-th ack, and judges the run
/// as the next of `history`.
fn stopped(
    history: &mut History,
    dir: &TempDir,
    args: &[&str],
    after: usize,
    signals: &[Signal],
) -> (Report, String) {
    let dir_arg = dir.path().display().to_string();
    let base = [
        "--producers",
        "2",
        "--messages",
        "1000000",
        "--dir",
        &dir_arg,
    ];
    let mut child = Child::spawn(&binary(), &[&base[..], args].concat());
    child.wait_for_nth(after, |l| l.contains("] Acked [ID:"), LIMIT);
    for &signal in signals {
        child.signal(signal);
    }
    let done = child.finish(LIMIT);
    let code = done.status.code().expect("exited, not killed");
    let report = history.run(&done.stdout, Ending::Exited(Some(code)));
    assert!(
        history.faults.is_empty(),
        "{:#?}\n{}",
        history.faults,
        done.stdout
    );
    assert!(done.stderr.is_empty(), "{}", done.stderr);
    assert!(
        done.stdout.contains("Shutdown signal received\n"),
        "{}",
        done.stdout
    );
    (report.expect("a clean run"), done.stdout)
}

/// Drains `dir` with no producers, judged as the next run of `history`.
fn drain(history: &mut History, dir: &TempDir) -> Report {
    let dir_arg = dir.path().display().to_string();
    let done = Child::spawn(&binary(), &["--producers", "0", "--dir", &dir_arg]).finish(LIMIT);
    let report = history.run(&done.stdout, Ending::Exited(done.status.code()));
    history.finish();
    assert!(
        history.faults.is_empty(),
        "{:#?}\n{}",
        history.faults,
        done.stdout
    );
    report.expect("a clean run")
}

#[test]
fn sigint_drains_the_queue() {
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let (report, _) = stopped(
        &mut history,
        &dir,
        &["--rate", "500"],
        20,
        &[Signal::SIGINT],
    );
    assert_eq!((report.exit_status(), report.left), (130, 0));
    assert_eq!(drain(&mut history, &dir).recovered, 0);
}

#[test]
fn sigterm_stops_as_sigint_does() {
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let (report, _) = stopped(
        &mut history,
        &dir,
        &["--rate", "500"],
        5,
        &[Signal::SIGTERM],
    );
    assert_eq!(report.exit_status(), 130);
}

#[test]
fn an_immediate_stop_leaves_the_backlog_for_the_next_run() {
    // Consumers slower than the producers: a backlog waits when the signal lands.
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let args = [
        "--shutdown",
        "immediate",
        "--rate",
        "1000",
        "--work-ms",
        "2..4",
        "--fsync",
        "never",
    ];
    let (report, _) = stopped(&mut history, &dir, &args, 30, &[Signal::SIGINT]);
    assert!(report.left > 0, "{report:?}");
    assert_eq!(report.exit_status(), 3);
    let next = drain(&mut history, &dir);
    assert_eq!(
        (next.recovered, next.left, next.exit_status()),
        (report.left, 0, 0)
    );
}

#[test]
fn a_second_signal_cuts_the_drain_short() {
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let args = ["--rate", "1000", "--work-ms", "2..4", "--fsync", "never"];
    let (report, _) = stopped(
        &mut history,
        &dir,
        &args,
        30,
        &[Signal::SIGINT, Signal::SIGINT],
    );
    assert!([3, 130].contains(&report.exit_status()));
    drain(&mut history, &dir);
}

#[test]
fn a_drain_timeout_stops_the_drain() {
    // Consumers slower than the producers: the backlog takes longer than 20 ms.
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let args = [
        "--shutdown",
        "timeout",
        "--drain-ms",
        "20",
        "--rate",
        "1000",
        "--work-ms",
        "3..5",
        "--fsync",
        "never",
    ];
    let (report, stdout) = stopped(&mut history, &dir, &args, 30, &[Signal::SIGINT]);
    assert!(
        stdout.contains("Drain timeout (20 ms) expired: stopping immediately\n"),
        "{stdout}"
    );
    assert_eq!(report.exit_status(), 3);
    drain(&mut history, &dir);
}
