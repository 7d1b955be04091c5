//! `07-buffer`: parses the flags, installs the signal handler and runs pass 07, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    buffer::cli::main("07-buffer", buffer::Config::check, buffer::run)
}
