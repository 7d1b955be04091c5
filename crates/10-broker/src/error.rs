//! Why a run stopped with an error (exit status 1).

use std::fmt;
use std::io;

use crate::server::ServerError;

/// What went wrong, in whichever process it went wrong.
#[derive(Debug)]
pub enum RunError {
    /// No private broker could be started.
    Server(ServerError),
    /// The broker refused a command or the connection broke: every process needs it,
    /// so there is nothing to go on with.
    Broker(redis::RedisError),
    /// A producer or consumer process could not be started (or waited for).
    Spawn(io::Error),
    /// A producer or consumer exited with an error of its own (it said which on
    /// stderr), so the run cannot be trusted to finish.
    Child {
        /// `producer 1`, `consumer 2`.
        who: String,
        /// Its exit status.
        status: std::process::ExitStatus,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Server(e) => write!(f, "{e}"),
            Self::Broker(e) => write!(f, "the broker: {e}"),
            Self::Spawn(e) => write!(f, "cannot start a process: {e}"),
            Self::Child { who, status } => write!(f, "{who} failed: {status}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<redis::RedisError> for RunError {
    fn from(e: redis::RedisError) -> Self {
        Self::Broker(e)
    }
}

impl From<ServerError> for RunError {
    fn from(e: ServerError) -> Self {
        Self::Server(e)
    }
}
