//! Snapshot tests: run the `01-basic` binary with fixed flags and compare its
//! canonical transcript (`grader::canonical`) with the reviewed one in `snapshots/`.
//!
//! A changed snapshot fails the test and leaves a `.snap.new` beside the old one:
//! review it with `cargo insta review` (`cargo install cargo-insta`).

use assert_cmd::cargo::cargo_bin;
use grader::tether;
use grader::{Expect, graded_run};

#[test]
fn default_run_matches_the_exercise_s_transcript() {
    let run = graded_run(
        &mut tether::command(cargo_bin!("01-basic")),
        &Expect::tasks(150),
    );
    insta::assert_snapshot!("default", run.canonical());
}

#[test]
fn one_producer_many_consumers() {
    let mut cmd = tether::command(cargo_bin!("01-basic"));
    cmd.args([
        "--producers",
        "1",
        "--consumers",
        "4",
        "--tasks",
        "8",
        "--seed",
        "7",
    ]);
    let run = graded_run(&mut cmd, &Expect::tasks(8));
    insta::assert_snapshot!("one_producer_many_consumers", run.canonical());
}

#[test]
fn quiet_run_prints_only_header_and_summary() {
    let mut cmd = tether::command(cargo_bin!("01-basic"));
    cmd.args(["--quiet", "--producers", "4", "--tasks", "1000"]);
    let run = graded_run(&mut cmd, &Expect::quiet(4000));
    insta::assert_snapshot!("quiet", run.stdout);
}
