//! What each process of a run does, by `--role`: the launcher runs the system; a
//! producer or consumer connects to the broker the launcher gave it and does its part.

use std::io::{self, Stdout};

use plumbing::Log;

use crate::config::{Config, Role};
use crate::error::RunError;
use crate::lines::WholeLines;
use crate::signals::Signals;
use crate::summary::Summary;
use crate::{consumer, launcher, producer};

/// How a process ended well.
#[derive(Debug)]
pub enum Outcome {
    /// The launcher, with the run's summary.
    Launched(Summary),
    /// A producer or consumer that did its part.
    Worked,
}

impl ::shutdown::cli::ExitStatus for Outcome {
    fn exit_status(&self) -> u8 {
        match self {
            Self::Launched(summary) => summary.exit_code(),
            Self::Worked => 0,
        }
    }
}

/// Runs this process's part, printing to `out`.
///
/// # Errors
/// See [`RunError`].
pub fn run(config: &Config, out: Stdout, signals: &Signals) -> Result<Outcome, RunError> {
    let log = Log::new(WholeLines::new(out), config.quiet).on_failure(signals.on_output_closed());
    let outcome = match config.role {
        Role::Launcher => Outcome::Launched(launcher::launch(config, &log, signals)?),
        Role::Producer => {
            producer::produce(config, &mut worker_connection(config)?, &log, signals)?;
            Outcome::Worked
        }
        Role::Consumer => {
            consumer::consume(config, &mut worker_connection(config)?, &log, signals)?;
            Outcome::Worked
        }
    };
    // A closed stdout is the reader's choice, not an error of the run.
    let _ = log.finish();
    Ok(outcome)
}

/// A worker's connection to the broker its launcher gave it. The flags require
/// `--redis` with a worker's `--role`; a `Config` built by hand may still lack it.
fn worker_connection(config: &Config) -> Result<redis::Connection, RunError> {
    let url = config.redis.as_deref().ok_or_else(|| {
        RunError::Spawn(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a producer or consumer is started by the launcher, with --redis",
        ))
    })?;
    Ok(crate::connect(url)?)
}
