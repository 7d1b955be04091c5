//! `05-errors`: parses the flags, installs the signal handler and runs pass 05, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

use errors::{Config, Control};

fn main() -> ExitCode {
    errors::cli::main(
        "05-errors",
        Config::check,
        |config: &Config, out, control: &Control| {
            errors::run(config, out, control).map(|summary| summary.exit_code())
        },
    )
}
