//! Running a pass's binary and grading what it printed.

use assert_cmd::Command;

use crate::canon::canonical;
use crate::check::{Expect, Report, check};
use crate::transcript::Transcript;

/// A finished, graded run of a pass's binary.
#[derive(Debug)]
pub struct Graded {
    /// The raw stdout.
    pub stdout: String,
    /// The stdout, parsed.
    pub transcript: Transcript,
    /// What the checker found.
    pub report: Report,
}

impl Graded {
    /// The canonical transcript, for a snapshot.
    pub fn canonical(&self) -> String {
        canonical(&self.transcript)
    }
}

/// Runs `cmd` (a pass's binary with its flags, from `assert_cmd::cargo::cargo_bin_cmd!`),
/// requires a successful exit and a transcript that keeps the contract, and returns
/// the graded run.
///
/// # Panics
/// If the run fails, prints something outside the grammar, or breaks an invariant:
/// the panic message says what, with the task ids, and the raw output.
#[track_caller]
pub fn graded_run(cmd: &mut Command, expect: &Expect) -> Graded {
    graded_exit(cmd, expect, &[0])
}

/// As [`graded_run`], for a run whose exit status must be one of `statuses` (from
/// pass 03, a shutdown that leaves tasks unprocessed exits with 3).
///
/// # Panics
/// As [`graded_run`].
#[track_caller]
pub fn graded_exit(cmd: &mut Command, expect: &Expect, statuses: &[i32]) -> Graded {
    // Every run a test grades ends within a minute, or the check fails as hung.
    let output = cmd
        .timeout(crate::suite::BINARY_LIMIT)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{cmd:?}: {e} (hung? the limit is {:?})",
                crate::suite::BINARY_LIMIT
            )
        });
    let stdout = String::from_utf8(output.stdout).expect("the transcript is not UTF-8");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    assert!(
        code.is_some_and(|c| statuses.contains(&c)),
        "{cmd:?} exited with {}, expected one of {statuses:?}\nstderr:\n{stderr}\nstdout:\n{stdout}",
        output.status
    );
    graded(stdout, expect)
}

/// Grades a transcript that was produced in-process (a pass's `run` writing to a
/// buffer): parses it and checks it.
///
/// # Panics
/// As [`graded_run`], when the transcript does not parse or breaks an invariant.
#[track_caller]
pub fn graded(stdout: String, expect: &Expect) -> Graded {
    let transcript = Transcript::parse(&stdout).unwrap_or_else(|e| panic!("{e}\n{stdout}"));
    let report = check(&transcript, expect);
    assert!(
        report.is_ok(),
        "the transcript breaks the contract:\n{report}\n--- transcript:\n{stdout}"
    );
    Graded {
        stdout,
        transcript,
        report,
    }
}
