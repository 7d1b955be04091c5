//! `10-broker`: parses the flags, installs the signal handler and runs pass 10's
//! launcher (or, started by it, a producer or consumer), with pass 03's `cli::main`.
//! See the library docs (`lib.rs`), which also list the exit statuses.

use std::process::ExitCode;

fn main() -> ExitCode {
    broker::cli::main("10-broker", broker::Config::check, broker::run)
}
