//! Bad flag values are refused with a clear message and exit status 2; the library
//! never sees them, so no input can make the pass panic. The bad inputs are the
//! grader's one table (`grader::flags::BAD_INPUTS`), every entry up to this pass:
//! the earlier passes' flags are refused here exactly as there.

use assert_cmd::cargo::cargo_bin_cmd;
use grader::flags::{assert_help_documents, assert_refused, bad_inputs};

#[test]
fn bad_values_are_refused_with_status_2() {
    assert_refused(|| cargo_bin_cmd!("01-basic"), &bad_inputs(1));
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
