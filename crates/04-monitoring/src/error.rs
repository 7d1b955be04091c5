//! The ways a run can fail. None is expected in this pass; each is still a real
//! state of the primitives it uses, so it is reported, never unwrapped.

use std::{fmt, io};

/// Why [`run()`](crate::run()) could not complete.
#[derive(Debug)]
pub enum RunError {
    /// The operating system refused to start a thread.
    Spawn {
        /// The thread's name, e.g. `consumer-1`.
        thread: String,
        /// What the OS said.
        source: io::Error,
    },
    /// A thread panicked; its work is not accounted for.
    Panicked {
        /// The thread's name.
        thread: String,
    },
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

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spawn { thread, source } => {
                write!(f, "could not start thread {thread}: {source}")
            }
            Self::Panicked { thread } => write!(f, "thread {thread} panicked"),
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
            Self::Spawn { source, .. } | Self::Output(source) => Some(source),
            Self::Panicked { .. } | Self::ChannelClosed { .. } => None,
        }
    }
}
