//! How the grader's suites run pass 07: its binary, and its library in-process.

use grader::Expect;
use grader::suite::Pass;

/// Pass 07 for the grader's suites.
pub const PASS: Pass = Pass {
    bin: env!("CARGO_BIN_EXE_07-buffer"),
    // Without `--tasks`, producers go on until the run is stopped (pass 03's flags).
    endless: &[],
    monitored: false,
    // Priorities and batches in every run, so that every graded run replays a
    // strategy that is not the channel's, takes of more than one task that linger,
    // and puts of two.
    lesson: &[
        "--strategy",
        "priority",
        "--batch",
        "3",
        "--batch-wait-ms",
        "1",
        "--put-batch",
        "2",
    ],
    rules: |expect: Expect| expect.buffered(),
    in_process,
};

grader::in_process!(buffer, "07-buffer");
