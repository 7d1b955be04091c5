//! `06-work-stealing`: parses the flags, installs the signal handler and runs pass 06.
//! See the library docs (`lib.rs`), which also list the exit statuses.

use std::io;
use std::process::ExitCode;
use std::sync::Arc;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use work_stealing::{Config, Control};

fn main() -> ExitCode {
    // Invalid flags never reach the library: clap prints the problem and exits with 2.
    let config = Config::parse();
    if let Err(conflict) = config.check() {
        Config::command()
            .error(ErrorKind::ArgumentConflict, conflict)
            .exit();
    }

    let control = Arc::new(Control::default());
    // The one thread that outlives `run`: ctrlc starts a handler thread here, which
    // waits for SIGINT, SIGTERM and SIGHUP for the rest of the process's life. All it
    // does is send an event on the run's control channel.
    let handler = Arc::clone(&control);
    if let Err(error) = ctrlc::set_handler(move || handler.signal()) {
        eprintln!("06-work-stealing: cannot install the signal handler: {error}");
        return ExitCode::FAILURE;
    }

    match work_stealing::run(&config, io::stdout(), &control) {
        Ok(summary) => ExitCode::from(summary.base.exit_code()),
        Err(error) => {
            eprintln!("06-work-stealing: {error}");
            ExitCode::FAILURE
        }
    }
}
