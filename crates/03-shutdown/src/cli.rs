//! The binary around [`run`](crate::run()): what every pass's `main` does from this
//! pass on, written once.
//!
//! 1. Parse the flags. A bad value, or flags that contradict each other, never reach
//!    the library: clap prints the problem, naming the flag, and exits with 2.
//! 2. Install the signal handler. ctrlc starts a thread that waits for SIGINT,
//!    SIGTERM and SIGHUP for the rest of the process's life, the one thread that
//!    outlives `run`; all it does is tell the run's control channel.
//! 3. Run, and exit with the status the summary calls for (1 on an error).

use std::fmt::Display;
use std::io;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use clap::error::ErrorKind;

/// What the signal handler may call: a run's control channel.
pub trait Interrupt: Default + Send + Sync + 'static {
    /// Reports a signal to the run. Called on the handler's thread: it must not
    /// block.
    fn signal(&self);
}

impl Interrupt for crate::Control {
    fn signal(&self) {
        crate::Control::signal(self);
    }
}

/// Runs the binary `name`: parses the flags into `C` and `check`s them, installs
/// the signal handler on a new control `K`, calls `run` with the transcript going
/// to stdout, and returns the exit status `run` asks for.
pub fn main<C, K, E>(
    name: &str,
    check: impl FnOnce(&C) -> Result<(), String>,
    run: impl FnOnce(&C, io::Stdout, &K) -> Result<u8, E>,
) -> ExitCode
where
    C: Parser,
    K: Interrupt,
    E: Display,
{
    let config = C::parse();
    if let Err(conflict) = check(&config) {
        C::command()
            .error(ErrorKind::ArgumentConflict, conflict)
            .exit();
    }
    let control = Arc::new(K::default());
    let handler = Arc::clone(&control);
    if let Err(error) = ctrlc::set_handler(move || handler.signal()) {
        eprintln!("{name}: cannot install the signal handler: {error}");
        return ExitCode::FAILURE;
    }
    match run(&config, io::stdout(), &control) {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            eprintln!("{name}: {error}");
            ExitCode::FAILURE
        }
    }
}
