//! Snapshot tests: the grader's snapshot runs (`grader::suite::snapshots`, which says
//! what each run is), of the `07-buffer` binary, each compared with the reviewed
//! canonical transcript of the same name in `snapshots/`. The signal-driven snapshot
//! is in `signals.rs`.

mod pass;

grader::snapshot_suite!(pass::PASS; completed, duration_graceful, stop_after_immediate);
