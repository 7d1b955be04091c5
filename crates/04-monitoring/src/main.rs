//! `04-monitoring`: parses the flags, installs the signal handler and runs pass 04, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    monitoring::cli::main("04-monitoring", monitoring::Config::check, monitoring::run)
}
