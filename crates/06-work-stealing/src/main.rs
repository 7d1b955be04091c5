//! `06-work-stealing`: parses the flags, installs the signal handler and runs pass 06, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

use work_stealing::{Config, Control};

fn main() -> ExitCode {
    work_stealing::cli::main(
        "06-work-stealing",
        Config::check,
        |config: &Config, out, control: &Control| {
            work_stealing::run(config, out, control).map(|summary| summary.base.exit_code())
        },
    )
}
