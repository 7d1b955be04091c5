//! `08-pipeline`: parses the flags, installs the signal handler and runs pass 08,
//! with pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the
//! exit statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    pipeline::cli::main("08-pipeline", pipeline::Config::check, pipeline::run)
}
