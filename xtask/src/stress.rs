//! `cargo xtask stress [--runs N] [--seed S] [--only INDEX] [PASS…]`: the reliability
//! campaign. Builds every binary, then runs the grader's `stress` binary, which runs
//! each pass many times with seeded configurations, signals and faults, grades every
//! run and prints a table (see `grader/src/stress/`). Its flags pass through.

use std::process::{Command, ExitCode};

use crate::project_root;

/// The quick form `cargo xtask check` runs: a fixed seed, so CI draws the same
/// configurations every time (interleavings still vary).
pub const QUICK: [&str; 4] = ["--runs", "25", "--seed", "2026"];

/// Runs the stress command with its arguments; returns its exit status.
pub fn run(args: &[String]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = project_root();
    let built = Command::new(&cargo)
        .args(["build", "--workspace", "--bins"])
        .current_dir(&root)
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("xtask stress: the build failed");
        return ExitCode::FAILURE;
    }
    let status = Command::new(&cargo)
        .args(["run", "--quiet", "-p", "grader", "--bin", "stress", "--"])
        .args(args)
        .current_dir(&root)
        // Injected panics print their message; a backtrace for each would only be noise.
        .env("RUST_BACKTRACE", "0")
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => ExitCode::from(s.code().map_or(1, |c| c.clamp(1, 255) as u8)),
        Err(e) => {
            eprintln!("xtask stress: cannot run the stress binary: {e}");
            ExitCode::FAILURE
        }
    }
}
