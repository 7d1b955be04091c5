//! Snapshot tests: the canonical transcript (`grader::pipeline::canonical`: body
//! sorted by stage and tick, timings redacted) of runs whose every line is a function
//! of the flags, each graded first and then compared with its reviewed snapshot in
//! `snapshots/`.

use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use grader::pipeline::{canonical, check};
use grader::tether;

fn snapshot_of(args: &[&str]) -> String {
    let output = tether::command(cargo_bin!("08-pipeline"))
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("it runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    check(&stdout).unwrap_or_else(|f| panic!("{f:#?}"));
    canonical(&stdout)
}

/// The lesson's run: the defaults, flat out.
#[test]
fn lesson() {
    insta::assert_snapshot!(snapshot_of(&["--rate", "0"]));
}

/// One worker a stage and rendezvous channels: the same results as the lesson's.
#[test]
fn one_worker_each_rendezvous() {
    insta::assert_snapshot!(snapshot_of(&[
        "--rate",
        "0",
        "--enrich-workers",
        "1",
        "--signal-workers",
        "1",
        "--capacity",
        "0"
    ]));
}

/// The quote aggregator: every exchange's quotes (a function of the seed), and which
/// quotes the aggregator saw; what it said of each depends on the order they arrived
/// in and is redacted (the checker has replayed it).
#[test]
fn aggregator() {
    insta::assert_snapshot!(snapshot_of(&[
        "--system",
        "aggregator",
        "--rate",
        "0",
        "--ticks",
        "5"
    ]));
}

/// The risk manager: the lesson's ticks through a risk filter and a Kelly sizer.
#[test]
fn risk() {
    insta::assert_snapshot!(snapshot_of(&["--system", "risk", "--rate", "0"]));
}
