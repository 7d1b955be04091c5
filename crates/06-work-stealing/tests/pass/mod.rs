//! How the grader's suites run pass 06: its binary, and its library in-process.

use grader::Expect;
use grader::suite::Pass;

/// Pass 06 for the grader's suites.
pub const PASS: Pass = Pass {
    bin: env!("CARGO_BIN_EXE_06-work-stealing"),
    endless: &["--endless"],
    monitored: true,
    // A skew of 3 ms tasks, so that consumers steal in every run without slowing it.
    lesson: &["--heavy-ms", "3"],
    rules: |expect: Expect| expect.monitored().failing().stealing(),
    in_process,
};

grader::in_process!(work_stealing, "06-work-stealing");
