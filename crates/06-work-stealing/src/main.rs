//! `06-work-stealing`: parses the flags, installs the signal handler and runs pass 06, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    work_stealing::cli::main(
        "06-work-stealing",
        work_stealing::Config::check,
        work_stealing::run,
    )
}
