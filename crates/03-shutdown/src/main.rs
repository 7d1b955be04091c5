//! `03-shutdown`: parses the flags, installs the signal handler and runs pass 03, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

use shutdown::{Config, Control};

fn main() -> ExitCode {
    shutdown::cli::main(
        "03-shutdown",
        Config::check,
        |config: &Config, out, control: &Control| {
            shutdown::run(config, out, control).map(|summary| summary.exit_code())
        },
    )
}
