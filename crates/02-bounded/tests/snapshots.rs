//! Snapshot tests: run the `02-bounded` binary with fixed flags and compare its
//! canonical transcript (`grader::canonical`) with the reviewed one in `snapshots/`.
//!
//! The canonical form leaves out the backpressure lines and redacts timings (their
//! rules are checked on every run by `grader::check`); see `docs/transcripts.md`.
//! A changed snapshot fails the test and leaves a `.snap.new` beside the old one:
//! review it with `cargo insta review` (`cargo install cargo-insta`).

use assert_cmd::cargo::cargo_bin;
use grader::tether;
use grader::{Bound, Expect, graded_run};

#[test]
fn default_run_is_the_backpressure_scenario() {
    let run = graded_run(
        &mut tether::command(cargo_bin!("02-bounded")),
        &Expect::tasks(150).bounded(Bound::Capacity(10)),
    );
    insta::assert_snapshot!("default", run.canonical());
}

#[test]
fn rendezvous_channel() {
    let mut cmd = tether::command(cargo_bin!("02-bounded"));
    cmd.args(["--capacity", "0", "--producers", "2", "--consumers", "2"]);
    cmd.args(["--tasks", "5", "--work-ms", "0", "--seed", "7"]);
    let run = graded_run(&mut cmd, &Expect::tasks(10).bounded(Bound::Capacity(0)));
    insta::assert_snapshot!("rendezvous", run.canonical());
}

#[test]
fn unbounded_queue() {
    let mut cmd = tether::command(cargo_bin!("02-bounded"));
    cmd.args([
        "--unbounded",
        "--producers",
        "2",
        "--tasks",
        "5",
        "--work-ms",
        "0",
    ]);
    let run = graded_run(&mut cmd, &Expect::tasks(10).bounded(Bound::Unbounded));
    insta::assert_snapshot!("unbounded", run.canonical());
}

#[test]
fn the_python_queue_s_system_quiet() {
    // The system of the Python bounded queue with a throughput target: 10 producers,
    // 5 consumers, a queue of 1000; here with no sleeps.
    let mut cmd = tether::command(cargo_bin!("02-bounded"));
    cmd.args([
        "--producers",
        "10",
        "--consumers",
        "5",
        "--capacity",
        "1000",
    ]);
    cmd.args(["--tasks", "10000", "--work-ms", "0", "--quiet"]);
    let run = graded_run(
        &mut cmd,
        &Expect::quiet(100_000).bounded(Bound::Capacity(1000)),
    );
    insta::assert_snapshot!("python_queue_quiet", run.canonical());
}
