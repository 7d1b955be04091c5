//! Project tasks, run as `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! In the style of rust-analyzer's xtask: plain Rust instead of shell scripts, one
//! module per command, few dependencies.
//!
//! - `cargo xtask check [PASS…]`: grade passes (default: every pass, plus the grader
//!   and xtask themselves). See [`check`].

mod cargo;
mod check;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  check [PASS…]   grade the named passes (01, 01-basic or basic); with none, every
                  pass plus the grader and xtask: build, clippy, fmt, docs, tests
  help            this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check::run(&args[1..]),
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
