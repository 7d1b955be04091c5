//! Grading a pass's command line: bad values refused, every flag documented.

use assert_cmd::Command;

/// Asserts that each `(args, message)` of `refused` makes the pass's binary (a fresh
/// command from `cmd`) exit with status 2, say `message` on stderr, print nothing on
/// stdout (nothing ran), and not panic.
///
/// # Panics
/// On the first entry that is not refused that way, naming it.
#[track_caller]
pub fn assert_refused(mut cmd: impl FnMut() -> Command, refused: &[(&[&str], &str)]) {
    for (args, message) in refused {
        let output = cmd()
            .args(*args)
            .output()
            .expect("the pass's binary starts");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?} should exit with 2; stderr:\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{args:?}: stderr should say {message:?}:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing may run");
    }
}

/// Asserts that `--help` succeeds and names every flag in `flags`, and that
/// `--version` succeeds.
///
/// # Panics
/// If either fails or a flag is missing from the help.
#[track_caller]
pub fn assert_help_documents(mut cmd: impl FnMut() -> Command, flags: &[&str]) {
    let help = cmd()
        .arg("--help")
        .output()
        .expect("the pass's binary starts");
    assert!(help.status.success(), "--help failed");
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in flags {
        assert!(
            help.contains(flag),
            "--help should document {flag}:\n{help}"
        );
    }
    assert!(
        cmd()
            .arg("--version")
            .output()
            .expect("starts")
            .status
            .success(),
        "--version failed"
    );
}
