//! `04-monitoring`: parses the flags, installs the signal handler and runs pass 04, with
//! pass 03's `cli::main`. See the library docs (`lib.rs`), which also list the exit
//! statuses.

use std::process::ExitCode;

use monitoring::{Config, Control};

fn main() -> ExitCode {
    monitoring::cli::main(
        "04-monitoring",
        Config::check,
        |config: &Config, out, control: &Control| {
            monitoring::run(config, out, control).map(|summary| summary.exit_code())
        },
    )
}
