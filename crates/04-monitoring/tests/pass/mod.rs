//! How the grader's suites run pass 04: its binary, and its library in-process.

use grader::Expect;
use grader::suite::Pass;

/// Pass 04 for the grader's suites.
pub const PASS: Pass = Pass {
    bin: env!("CARGO_BIN_EXE_04-monitoring"),
    endless: &["--endless"],
    monitored: true,
    lesson: &[],
    rules: |expect: Expect| expect.monitored(),
    in_process,
};

grader::in_process!(monitoring, "04-monitoring");
