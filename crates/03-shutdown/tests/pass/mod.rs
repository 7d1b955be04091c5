//! How the grader's suites run pass 03: its binary, and its library in-process.

use grader::Expect;
use grader::suite::Pass;

/// Pass 03 for the grader's suites.
pub const PASS: Pass = Pass {
    bin: env!("CARGO_BIN_EXE_03-shutdown"),
    // Without `--tasks`, producers go on until the run is stopped.
    endless: &[],
    monitored: false,
    lesson: &[],
    rules: |expect: Expect| expect,
    in_process,
};

grader::in_process!(shutdown, "03-shutdown");
