//! `09-durable`: parses the flags, installs the signal handler and runs pass 09, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    durable::cli::main("09-durable", durable::Config::check, durable::run)
}
