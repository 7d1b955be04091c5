//! Snapshot tests: the grader's snapshot runs (`grader::suite::snapshots`, which says
//! what each run is), of the `06-work-stealing` binary, each compared with the reviewed
//! canonical transcript of the same name in `snapshots/`. The signal-driven snapshot
//! is in `signals.rs`.

mod pass;

grader::snapshot_suite!(pass::PASS;
    exercise_workload,
    retries_dead_letters,
    every_failure,
    duration_graceful,
    stop_after_immediate,
    channel_closed,
);
