//! Real SIGINT and SIGTERM sent to the `08-pipeline` process mid-run, in each
//! shutdown mode; and a reader that leaves (`| head`). Every run is graded by the
//! pipeline checker, and its exit status must be the one its accounting calls for.

use std::path::PathBuf;
use std::time::Duration;

use grader::pipeline::{Report, check};
use grader::{Child, Signal};

/// How long anything may take: a line to appear, a stopped run to exit.
const LIMIT: Duration = Duration::from_secs(20);

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("08-pipeline")
}

/// A paced, long run in `mode`, sent `signals` once its source has drawn `after`
/// ticks; returns its graded report and exit status.
fn stopped(mode: &[&str], after: usize, signals: &[Signal]) -> (Report, i32, String) {
    let pace: &[&str] = if mode.contains(&"--rate") {
        &[]
    } else {
        &["--rate", "2000"]
    };
    let args = [&["--ticks", "1000000", "--symbols", "4"], pace, mode].concat();
    let mut child = Child::spawn(&binary(), &args);
    child.wait_for_nth(after, |l| l.starts_with("[DataSource]"), LIMIT);
    for &signal in signals {
        child.signal(signal);
    }
    let done = child.finish(LIMIT);
    let report = check(&done.stdout).unwrap_or_else(|f| panic!("{f:#?}\n{}", done.stdout));
    let code = done.status.code().expect("exited, not killed");
    assert_eq!(code, report.exit_status(true), "{}", done.stdout);
    assert!(done.stdout.contains("Shutdown signal received\n"));
    assert!(done.stderr.is_empty(), "{}", done.stderr);
    (report, code, done.stdout)
}

#[test]
fn sigint_drains_every_stage() {
    let (report, code, _) = stopped(&[], 50, &[Signal::SIGINT]);
    assert_eq!((code, report.not_processed), (130, 0));
    assert!(report.ticks >= 50 && report.ticks < 1_000_000);
}

#[test]
fn sigterm_stops_as_sigint_does() {
    let (report, code, _) = stopped(&["--shutdown", "graceful"], 10, &[Signal::SIGTERM]);
    assert_eq!((code, report.not_processed), (130, 0));
}

#[test]
fn an_immediate_stop_reports_what_each_stage_had_left() {
    // Flat out, so the channels are full when the signal lands: whatever is in them
    // is reported, stage by stage, as not processed (and the checker accounts for it).
    let mode = [
        "--shutdown",
        "immediate",
        "--capacity",
        "100",
        "--rate",
        "0",
    ];
    let (report, code, stdout) = stopped(&mode, 200, &[Signal::SIGINT]);
    assert_eq!(
        code,
        if report.not_processed > 0 { 3 } else { 130 },
        "{stdout}"
    );
    assert!(stdout.contains("\nShutdown mode: immediate\n"), "{stdout}");
}

#[test]
fn a_second_signal_cuts_the_drain_short() {
    let (_, code, stdout) = stopped(&[], 20, &[Signal::SIGINT, Signal::SIGINT]);
    assert!([3, 130].contains(&code));
    assert!(stdout.contains("Second signal: stopping immediately\n") || code == 130);
}

#[test]
fn a_timeout_drain_ends() {
    let (_, code, stdout) = stopped(
        &["--shutdown", "timeout", "--drain-ms", "5"],
        30,
        &[Signal::SIGINT],
    );
    assert!([3, 130].contains(&code));
    assert!(
        stdout.contains("\nShutdown mode: timeout (drain 5 ms)\n"),
        "{stdout}"
    );
}

#[test]
fn the_quote_aggregator_stops_on_a_signal_too() {
    let mut child = Child::spawn(
        &binary(),
        &[
            "--system",
            "aggregator",
            "--ticks",
            "1000000",
            "--rate",
            "1000",
        ],
    );
    child.wait_for_nth(30, |l| l.starts_with("[Aggregator]"), LIMIT);
    child.signal(Signal::SIGTERM);
    let done = child.finish(LIMIT);
    let report = check(&done.stdout).unwrap_or_else(|f| panic!("{f:#?}\n{}", done.stdout));
    assert_eq!(done.status.code(), Some(report.exit_status(true)));
    assert_eq!((done.status.code(), report.not_processed), (Some(130), 0));
}

#[test]
fn a_reader_that_leaves_stops_the_run_quietly() {
    let mut child = Child::spawn_reading(&binary(), &["--ticks", "1000000", "--rate", "0"], 5);
    let _ = child.try_wait_for_nth(5, |_| true, LIMIT);
    let done = child.finish(LIMIT);
    assert!(
        [Some(0), Some(3)].contains(&done.status.code()),
        "{:?}",
        done.status
    );
    assert!(done.stderr.is_empty(), "{}", done.stderr);
}
