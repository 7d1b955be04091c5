//! Project tasks, run as `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! In the style of rust-analyzer's xtask: plain Rust instead of shell scripts, one
//! module per command, few dependencies.
//!
//! - `cargo xtask check [PASS…]`: grade passes (default: every pass, plus the grader
//!   and xtask themselves), then a quick stress campaign. See [`check`].
//! - `cargo xtask stress [--runs N] [--seed S] [--only INDEX] [PASS…]`: the
//!   reliability campaign. See [`stress`].
//! - `cargo xtask exercise …`: do a pass yourself, graded by the same checks. See
//!   [`exercise`](mod@exercise).
//! - `cargo xtask diff A B`: what pass B changed since pass A, module by module.
//!   See [`diff`](mod@diff).
//! - `cargo xtask bench [--quick] [--reuse-criterion]`: every benchmark, and `docs/performance.md`. See
//!   [`bench`](mod@bench).

mod bench;
mod cargo;
mod check;
mod diff;
mod exercise;
mod layout;
mod report;
mod stress;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  check [PASS…]   grade the named passes (01, 01-basic or basic); with none, every
                  pass plus the grader and xtask: build, clippy, fmt, docs, tests,
                  and a quick stress campaign
  stress [--runs N] [--seed S] [--only INDEX] [PASS…]
                  run each pass N times (default 50) with configurations, signals
                  and faults drawn from the seed; grade every run; print a table
                  (`cargo xtask stress --help` for every flag)
  bench [--quick] [--reuse-criterion]
                  run every benchmark (criterion, Python, makespan) and write
                  docs/performance.md; --quick for a smoke run
  exercise [COMMAND PASS]
                  do a pass yourself: start, check, watch, hint, solution, reset
                  (`cargo xtask exercise help` for each)
  diff A B        what pass B changed since pass A, module by module: new,
                  unchanged, or the unified diff of the two versions
  help            this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check::run(&args[1..]),
        Some("stress") => stress::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("diff") => diff::run(&args[1..]),
        Some("exercise") => exercise::run(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("xtask: unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: the parent of this crate's folder.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
