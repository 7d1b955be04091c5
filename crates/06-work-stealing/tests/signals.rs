//! Real SIGINT and SIGTERM sent to the `06-work-stealing` process (with `--endless`, as in
//! pass 03) at many moments: right
//! after it is ready, mid-run, during a graceful drain, twice. Each run is checked for
//! the contract (every task produced is processed or reported, exactly once), its exit
//! status, and how fast it exits.
//!
//! No sleeps: every signal waits for a line of the transcript that says the moment
//! has come (the ready line, the k-th `processing` line, `Finishing pending work...`).
//!
//! The bound: with these flags every run exits within [`EXIT_BOUND`] of its last
//! signal (the slowest, a full queue of 100 tasks × 10–20 ms drained by 2 consumers,
//! needs about 1.5 s; the rest, milliseconds).

use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use grader::{Bound, Child, Expect, Finished, Signal, StopMode, graded};

/// How long after its last signal a run may take to exit.
const EXIT_BOUND: Duration = Duration::from_secs(5);
/// How long to wait for a line before calling the run stuck.
const LINE_TIMEOUT: Duration = Duration::from_secs(20);
const READY: &str = "Running... Press Ctrl+C to stop";

/// A fast run: 3 producers at 500 tasks/s each, 1–3 ms of work, a queue of 10, and a
/// statistics block every 20 ms, so blocks interleave with everything else.
const FAST: &[&str] = &[
    "--rate",
    "500",
    "--work-ms",
    "1..3",
    "--capacity",
    "10",
    "--stats-interval-ms",
    "20",
];

fn start(args: &[&str]) -> Child {
    // `--endless`: producers go on until the signal, as in pass 03.
    let mut child = Child::spawn(
        cargo_bin!("06-work-stealing"),
        &[&["--endless"], args].concat(),
    );
    child.wait_for_line(READY, LINE_TIMEOUT);
    child
}

/// Waits for the end, then grades it: the contract, the exit bound, the status.
#[track_caller]
fn finished(child: Child, mode: StopMode, capacity: u64, statuses: &[i32]) -> Finished {
    let done = child.finish(EXIT_BOUND + LINE_TIMEOUT);
    let expect = Expect::tasks_unknown()
        .bounded(Bound::Capacity(capacity))
        .stoppable(mode)
        .monitored()
        .failing()
        .stealing();
    done.graded(&expect, EXIT_BOUND, statuses);
    done
}

#[test]
fn sigint_right_after_ready_shuts_down_gracefully() {
    let mut child = start(FAST);
    child.signal(Signal::SIGINT);
    let done = finished(child, StopMode::Graceful, 10, &[130]);
    assert!(done.stdout.contains("Shutdown signal received\n"));
    insta::assert_snapshot!(
        "sigint_graceful",
        grader::canonical(&grader::Transcript::parse(&done.stdout).expect("parses"))
    );
}

#[test]
fn sigint_mid_run_at_many_moments() {
    for k in [1, 2, 5, 10, 25, 50, 100] {
        let mut child = start(FAST);
        child.wait_for_processing(k, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        let done = finished(child, StopMode::Graceful, 10, &[130]);
        assert!(
            done.stdout.contains("Not processed: 0 tasks"),
            "graceful loses nothing (k = {k})"
        );
    }
}

#[test]
fn sigterm_is_a_shutdown_signal_too() {
    let mut child = start(FAST);
    child.wait_for_processing(10, LINE_TIMEOUT);
    child.signal(Signal::SIGTERM);
    let done = finished(child, StopMode::Graceful, 10, &[130]);
    assert!(done.stdout.contains("Shutdown signal received\n"));
}

#[test]
fn a_second_sigint_during_the_drain_stops_immediately() {
    // Producers with no pace fill a queue of 100; draining it takes about 1.5 s, so
    // the second signal lands well inside the drain.
    let args = ["--rate", "0", "--work-ms", "10..20", "--capacity", "100"];
    let mut child = start(&args);
    child.wait_for_processing(5, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    child.wait_for_line("Finishing pending work...", LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(child, StopMode::Graceful, 100, &[3, 130]);
    assert!(
        done.stdout
            .contains("Second signal: stopping immediately\n"),
        "{}",
        done.stdout
    );
    done.assert_status_matches_accounting();
}

#[test]
fn two_signals_in_a_row() {
    // Back to back, the kernel may merge them into one: either way the run must stop
    // cleanly, account for everything, and say so in its status.
    for k in [1, 20] {
        let mut child = start(FAST);
        child.wait_for_processing(k, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        child.signal(Signal::SIGINT);
        let done = finished(child, StopMode::Graceful, 10, &[3, 130]);
        done.assert_status_matches_accounting();
    }
}

#[test]
fn immediate_mode_reports_what_it_leaves() {
    let args = [
        "--rate",
        "0",
        "--work-ms",
        "2..4",
        "--capacity",
        "20",
        "--shutdown",
        "immediate",
    ];
    for k in [1, 30] {
        let mut child = start(&args);
        child.wait_for_processing(k, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        let done = finished(child, StopMode::Immediate, 20, &[3, 130]);
        done.assert_status_matches_accounting();
    }
}

#[test]
fn timeout_mode_cuts_a_long_drain_short() {
    let args = [
        "--rate",
        "0",
        "--work-ms",
        "10..20",
        "--capacity",
        "100",
        "--shutdown",
        "timeout",
        "--drain-ms",
        "100",
    ];
    let mut child = start(&args);
    child.wait_for_processing(5, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(child, StopMode::Timeout(100), 100, &[3]);
    assert!(
        done.stdout
            .contains("Drain timeout (100 ms) expired: stopping immediately\n")
    );
}

#[test]
fn a_quiet_run_stops_the_same_way() {
    let mut child = start(&[FAST, &["--quiet"]].concat());
    child.signal(Signal::SIGINT);
    let done = child.finish(EXIT_BOUND + LINE_TIMEOUT);
    let expect = Expect::quiet_unknown()
        .bounded(Bound::Capacity(10))
        .stoppable(StopMode::Graceful)
        .monitored()
        .failing()
        .stealing();
    graded(done.stdout.clone(), &expect);
    assert_eq!(done.status.code(), Some(130));
}

/// Every attempt fails, and the retries wait long enough for a signal to land among
/// them.
const RETRYING: &[&str] = &[
    "--rate",
    "0",
    "--work-ms",
    "0",
    "--fail-rate",
    "1",
    "--retries",
    "2",
    "--backoff-ms",
    "100",
    "--stats-interval-ms",
    "0",
    // Short local queues keep the graceful drain (every queued task, three attempts
    // each) within the exit bound.
    "--local-capacity",
    "1",
];

fn is_retry_wait(line: &str) -> bool {
    line.contains(" will be retried in ")
}

#[test]
fn a_graceful_drain_lets_waiting_retries_run() {
    let mut child = start(RETRYING);
    child.wait_for_nth(1, is_retry_wait, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(child, StopMode::Graceful, 10, &[130]);
    // Every task got all three attempts: none was cut short by the drain.
    assert!(
        done.stdout
            .contains("dead-lettered after 3 attempts: simulated error")
    );
    assert!(!done.stdout.contains("retry cancelled"));
}

#[test]
fn an_immediate_stop_cancels_waiting_retries() {
    let mut child = start(&[RETRYING, &["--shutdown", "immediate"]].concat());
    child.wait_for_nth(1, is_retry_wait, LINE_TIMEOUT);
    child.signal(Signal::SIGTERM);
    let done = finished(child, StopMode::Immediate, 10, &[3, 130]);
    assert!(
        done.stdout
            .contains("dead-lettered after 1 attempt: retry cancelled (shutdown)")
    );
    done.assert_status_matches_accounting();
}
