//! Bad flag values are refused by clap with a clear message and exit status 2; the
//! library never sees them, so no input can make the pass panic.

use assert_cmd::cargo::cargo_bin_cmd;
use grader::flags::{assert_help_documents, assert_refused};

/// `(flags, what stderr must say)`.
const REFUSED: &[(&[&str], &str)] = &[
    (&["--consumers", "0"], "0 is not in 1..=256"),
    (&["--producers", "0"], "0 is not in 1..=256"),
    (&["--producers", "257"], "257 is not in 1..=256"),
    (&["--producers", "-1"], "unexpected argument '-1'"),
    (&["--consumers", "two"], "invalid digit found in string"),
    (&["--tasks", "0"], "0 is not in 1..=100000000"),
    (
        &["--tasks", "100000001"],
        "100000001 is not in 1..=100000000",
    ),
    (&["--tasks", "99999999999999999999999"], "number too large"),
    (&["--tasks", "1.5"], "invalid digit found in string"),
    (&["--seed", "-3"], "unexpected argument '-3'"),
    (&["--seed", "18446744073709551616"], "number too large"),
    (&["--tasks"], "a value is required for '--tasks <N>'"),
    (&["--quiet=yes"], "unexpected value 'yes' for '--quiet'"),
    (&["--bogus"], "unexpected argument '--bogus'"),
    (&["extra"], "unexpected argument 'extra'"),
];

#[test]
fn bad_values_are_refused_with_status_2() {
    assert_refused(|| cargo_bin_cmd!("01-basic"), REFUSED);
}

#[test]
fn help_documents_every_flag() {
    let flags = ["--producers", "--consumers", "--tasks", "--seed", "--quiet"];
    assert_help_documents(|| cargo_bin_cmd!("01-basic"), &flags);
}

#[test]
fn the_boundaries_themselves_are_accepted() {
    cargo_bin_cmd!("01-basic")
        .args([
            "--producers",
            "256",
            "--consumers",
            "256",
            "--tasks",
            "1",
            "--quiet",
        ])
        .assert()
        .success();
}
