//! How the grader's suites run pass 05: its binary, and its library in-process.

use grader::Expect;
use grader::suite::Pass;

/// Pass 05 for the grader's suites.
pub const PASS: Pass = Pass {
    bin: env!("CARGO_BIN_EXE_05-errors"),
    endless: &["--endless"],
    monitored: true,
    lesson: &[],
    rules: |expect: Expect| expect.monitored().failing(),
    in_process,
};

grader::in_process!(errors, "05-errors");
