//! Snapshot tests: the grader's snapshot runs (`grader::suite::snapshots`, which says
//! what each run is), of the `06-work-stealing` binary, each compared with the reviewed
//! canonical transcript of the same name in `snapshots/`. The signal-driven snapshot
//! is in `signals.rs`.

mod pass;

use assert_cmd::cargo::cargo_bin;
use grader::tether;
use grader::{Bound, Expect, StopMode, graded_exit};

grader::snapshot_suite!(pass::PASS;
    seed_workload,
    retries_dead_letters,
    every_failure,
    duration_graceful,
    stop_after_immediate,
);

#[test]
fn the_channel_closes_when_no_consumer_is_left() {
    // One consumer, no replacement: after its panic, the producer's next send fails.
    let mut cmd = tether::command(cargo_bin!("06-work-stealing"));
    cmd.args(["--rate", "0", "--work-ms", "0", "--stats-interval-ms", "0"]);
    cmd.args(["--producers", "1", "--consumers", "1", "--capacity", "0"]);
    cmd.args([
        "--panic-on-task",
        "4",
        "--max-restarts",
        "0",
        "--fail-rate",
        "0",
    ]);
    let expect = Expect::tasks_unknown()
        .bounded(Bound::Capacity(0))
        .stoppable(StopMode::Graceful)
        .monitored()
        .failing()
        .stealing();
    let run = graded_exit(&mut cmd, &expect, &[3]);
    // Tasks 0–3 succeed and the consumer dies on 4 (one consumer takes them in
    // order); how many tasks the local queues, the channel and the producers held
    // then, all undelivered, is the schedule's doing.
    for line in ["Success: 4", "  Task 4: consumer panicked (1 attempt)"] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line:?} missing:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains(" undelivered (channel closed)\n"));
    insta::assert_snapshot!("channel_closed", run.canonical());
}
