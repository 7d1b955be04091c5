//! The binary around [`run`](crate::run()): what every pass's `main` does from this
//! pass on, written once.
//!
//! 1. Parse the flags. A bad value, or flags that contradict each other, never reach
//!    the library: clap prints the problem, naming the flag, and exits with 2.
//! 2. Install the signal handler. ctrlc starts a thread that waits for SIGINT,
//!    SIGTERM and SIGHUP for the rest of the process's life, the one thread that
//!    outlives `run`; all it does is tell the run's control channel. A signal the
//!    process was *started* ignoring stays ignored, as POSIX asks of every program:
//!    `nohup` ignores SIGHUP so that a logout does not stop the run, and a script's
//!    background job ignores SIGINT so that Ctrl+C in the terminal does not reach it.
//! 3. Run, and exit with the status the summary calls for (1 on an error).

use std::fmt::Display;
use std::io;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use clap::error::ErrorKind;

use crate::control::{Control, Request};

/// What the signal handler may call: a run's control channel.
pub trait Interrupt: Default + Send + Sync + 'static {
    /// Reports a signal to the run. Called on the handler's thread: it must not
    /// block.
    fn signal(&self);
}

impl<E: From<Request> + Send + 'static> Interrupt for Control<E> {
    fn signal(&self) {
        Control::signal(self);
    }
}

/// What a run's summary tells the process: the exit status its accounting calls for.
pub trait ExitStatus {
    /// 0, 3 or 130: see the crate docs' table.
    fn exit_status(&self) -> u8;
}

impl ExitStatus for crate::Summary {
    fn exit_status(&self) -> u8 {
        self.exit_code()
    }
}

/// Runs the binary `name`: parses the flags into `C` and `check`s them, installs
/// the signal handler on a new control `K`, calls `run` with the transcript going
/// to stdout, and returns the exit status its summary asks for.
pub fn main<C, K, S, E>(
    name: &str,
    check: impl FnOnce(&C) -> Result<(), String>,
    run: impl FnOnce(&C, io::Stdout, &K) -> Result<S, E>,
) -> ExitCode
where
    C: Parser,
    K: Interrupt,
    S: ExitStatus,
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
    let ignored = inherited::ignored();
    if let Err(error) = ctrlc::set_handler(move || handler.signal()) {
        eprintln!("{name}: cannot install the signal handler: {error}");
        return ExitCode::FAILURE;
    }
    inherited::ignore_again(&ignored);
    match run(&config, io::stdout(), &control) {
        Ok(summary) => ExitCode::from(summary.exit_status()),
        Err(error) => {
            eprintln!("{name}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Signals the process was started ignoring, and ignoring them again once ctrlc has
/// installed its handler for all three.
#[cfg(unix)]
#[allow(unsafe_code)]
mod inherited {
    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};

    /// The signals ctrlc handles (with its `termination` feature).
    const HANDLED: [Signal; 3] = [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP];

    fn ignore() -> SigAction {
        SigAction::new(SigHandler::SigIgn, SaFlags::empty(), SigSet::empty())
    }

    /// Which of [`HANDLED`] are ignored now. Reading an action means setting one, so
    /// each is set to "ignore" and put back at once.
    pub fn ignored() -> Vec<Signal> {
        HANDLED
            .into_iter()
            .filter(|&signal| {
                // SAFETY: SIG_IGN runs no code in signal context, and the action read
                // back is the one this process started with, restored unchanged.
                let Ok(old) = (unsafe { sigaction(signal, &ignore()) }) else {
                    return false;
                };
                let _ = unsafe { sigaction(signal, &old) };
                matches!(old.handler(), SigHandler::SigIgn)
            })
            .collect()
    }

    /// Ignores `signals` again, after ctrlc took them over.
    pub fn ignore_again(signals: &[Signal]) {
        for &signal in signals {
            // SAFETY: as above, SIG_IGN runs no code in signal context.
            let _ = unsafe { sigaction(signal, &ignore()) };
        }
    }
}

/// Elsewhere, nothing to keep: no signal starts out ignored.
#[cfg(not(unix))]
mod inherited {
    pub fn ignored() -> Vec<()> {
        Vec::new()
    }

    pub fn ignore_again(_: &[()]) {}
}
