//! `05-errors`: parses the flags, installs the signal handler and runs pass 05, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    errors::cli::main("05-errors", errors::Config::check, errors::run)
}
