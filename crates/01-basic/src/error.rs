//! The ways a run can fail. None is expected in this pass; each is still a real
//! state of the primitives it uses, so it is reported, never unwrapped.

use std::{fmt, io};

use plumbing::{Panicked, SpawnError};

/// Why [`run()`](crate::run()) could not complete.
#[derive(Debug)]
pub enum RunError {
    /// The operating system refused to start a thread.
    Spawn(SpawnError),
    /// A thread panicked; its work is not accounted for.
    Panicked(Panicked),
    /// A producer found the channel closed, with the task it could not send.
    ChannelClosed {
        /// The producer's index.
        producer: u32,
        /// The id of the task that was given back unsent.
        task: u64,
    },
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
            Self::ChannelClosed { producer, task } => {
                write!(
                    f,
                    "producer {producer} could not send task {task}: channel closed"
                )
            }
            Self::Output(source) => write!(f, "could not write the transcript: {source}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn(error) => Some(&error.source),
            Self::Output(source) => Some(source),
            Self::Panicked(_) | Self::ChannelClosed { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;
    use std::io;

    use super::*;

    #[test]
    fn an_output_error_keeps_its_cause() {
        let error = RunError::Output(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        let source = error.source().expect("the io error is the cause");
        assert_eq!(source.to_string(), "disk full");
        assert!(
            RunError::ChannelClosed {
                producer: 0,
                task: 1
            }
            .source()
            .is_none()
        );
    }
}
