//! The ways things fail in this pass, each a precise type.
//!
//! Failures of the work ([`TaskError`]) and of the workers ([`ProducerFailure`]) are
//! part of a run: each is reported, accounted for, and the run goes on. [`RunError`]
//! is what stops [`run()`](crate::run()) itself.

use std::{fmt, io};

use plumbing::{Panicked, SpawnError};

/// Why an attempt at a task failed, or why a task was given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskError {
    /// The work itself failed (`--fail-rate`): `simulated error`, as in the exercise's validation transcripts.
    Simulated,
    /// The consumer running it panicked in the middle (`--panic-on-task`).
    ConsumerPanicked,
    /// A retry was due, but an immediate shutdown began first.
    RetryCancelled,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Simulated => "simulated error",
            Self::ConsumerPanicked => "consumer panicked",
            Self::RetryCancelled => "retry cancelled (shutdown)",
        })
    }
}

impl std::error::Error for TaskError {}

/// Why a producer stopped before making its share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProducerFailure {
    /// It returned an error (`--fail-producer`).
    Simulated,
    /// It panicked (`--panic-producer`, or a bug): observed by its guard as it unwound.
    Panicked,
}

impl fmt::Display for ProducerFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Simulated => "simulated error",
            Self::Panicked => "panicked",
        })
    }
}

impl std::error::Error for ProducerFailure {}

/// Why [`run()`](crate::run()) could not complete.
#[derive(Debug)]
pub enum RunError {
    /// The operating system refused to start a thread.
    Spawn(SpawnError),
    /// The monitor thread panicked. (A producer or consumer that panics is a failure
    /// the run handles, not an error of the run.)
    Panicked(Panicked),
    /// Writing the transcript failed (e.g. stdout closed); every task was still run.
    Output(io::Error),
}

impl From<SpawnError> for RunError {
    fn from(error: SpawnError) -> Self {
        Self::Spawn(error)
    }
}

impl From<Panicked> for RunError {
    fn from(error: Panicked) -> Self {
        Self::Panicked(error)
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spawn(error) => error.fmt(f),
            Self::Panicked(error) => error.fmt(f),
            Self::Output(source) => write!(f, "could not write the transcript: {source}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn(error) => Some(&error.source),
            Self::Output(source) => Some(source),
            Self::Panicked(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::*;

    /// A run's error keeps what the system said as its cause (`Error::source`), for a
    /// caller that walks the chain.
    #[test]
    fn a_run_error_keeps_its_cause() {
        let spawn = RunError::from(SpawnError {
            thread: "consumer-1".into(),
            source: io::Error::new(io::ErrorKind::WouldBlock, "no more threads"),
        });
        let output = RunError::Output(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        for (error, cause) in [(spawn, "no more threads"), (output, "disk full")] {
            let source = error.source().expect("the io error is the cause");
            assert_eq!(source.to_string(), cause);
        }
    }
}
