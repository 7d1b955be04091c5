//! Bad flag values are refused by clap with a clear message and exit status 2; the
//! library never sees them, so no input can make the pass panic. Pass 01's flags are
//! refused exactly as there.

use assert_cmd::cargo::cargo_bin_cmd;
use grader::flags::{assert_help_documents, assert_refused};

/// `(flags, what stderr must say)`.
const REFUSED: &[(&[&str], &str)] = &[
    // Pass 01's flags.
    (&["--consumers", "0"], "0 is not in 1..=256"),
    (&["--producers", "257"], "257 is not in 1..=256"),
    (&["--consumers", "two"], "invalid digit found in string"),
    (&["--tasks", "0"], "0 is not in 1..=100000000"),
    (&["--tasks", "99999999999999999999999"], "number too large"),
    (&["--seed", "-3"], "unexpected argument '-3'"),
    (&["--bogus"], "unexpected argument '--bogus'"),
    // This pass's flags.
    (&["--capacity", "-1"], "unexpected argument '-1'"),
    (&["--capacity", "1000001"], "1000001 is not in 0..=1000000"),
    (&["--capacity", "ten"], "invalid digit found in string"),
    (&["--capacity", "5", "--unbounded"], "cannot be used with"),
    (
        &["--unbounded=no"],
        "unexpected value 'no' for '--unbounded'",
    ),
    (&["--rate", "1000001"], "1000001 is not in 0..=1000000"),
    (&["--rate", "1.5"], "invalid digit found in string"),
    (&["--work-ms", "5..1"], "the range 5..1 is empty"),
    (
        &["--work-ms", "abc"],
        "\"abc\" is not a number of milliseconds",
    ),
    (
        &["--work-ms", "1..60001"],
        "60001 ms is more than the 60000 ms allowed",
    ),
    (
        &["--work-ms", "..3"],
        "\"\" is not a number of milliseconds",
    ),
    (&["--work-ms", "-2"], "unexpected argument '-2'"),
];

#[test]
fn bad_values_are_refused_with_status_2() {
    assert_refused(|| cargo_bin_cmd!("02-bounded"), REFUSED);
}

#[test]
fn help_documents_every_flag() {
    let flags = [
        "--producers",
        "--consumers",
        "--tasks",
        "--seed",
        "--quiet",
        "--capacity",
        "--unbounded",
        "--rate",
        "--work-ms",
    ];
    assert_help_documents(|| cargo_bin_cmd!("02-bounded"), &flags);
}

#[test]
fn the_boundaries_themselves_are_accepted() {
    for args in [
        &["--capacity", "0", "--tasks", "1", "--work-ms", "0"][..],
        &["--capacity", "1000000", "--tasks", "1", "--work-ms", "0"],
        &["--rate", "1000000", "--tasks", "2", "--work-ms", "0..0"],
        &["--unbounded", "--tasks", "1", "--work-ms", "0"],
    ] {
        cargo_bin_cmd!("02-bounded").args(args).assert().success();
    }
}
