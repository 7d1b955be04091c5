//! `03-shutdown`: parses the flags, installs the signal handler and runs pass 03, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    shutdown::cli::main("03-shutdown", shutdown::Config::check, shutdown::run)
}
