//! The ways the queue and a run can fail. Each says what a caller can do about it:
//! another process holds the queue (wait, or use another folder), the disk failed
//! (nothing returned was lost; what failed did not happen), or a caller broke the
//! protocol (acked what it was not given).

use std::path::PathBuf;
use std::{error, fmt, io};

use plumbing::{Panicked, SpawnError};

/// Why [`Queue::open`](crate::Queue::open) failed.
#[derive(Debug)]
pub enum OpenError {
    /// Another process (or another `Queue` in this one) has the folder open.
    Locked(PathBuf),
    /// The folder, a segment or the lock file could not be read or written.
    Io(io::Error),
}

/// Why an operation on an open queue failed.
#[derive(Debug)]
pub enum QueueError {
    /// The record could not be written or fsynced: the operation did not happen.
    Io(io::Error),
    /// `enqueue` after `close`.
    Closed,
    /// A payload larger than [`MAX_PAYLOAD`](crate::record::MAX_PAYLOAD) bytes.
    TooLarge(usize),
    /// `ack` of a message that is not out with a consumer: never delivered, or
    /// already acked.
    NotDelivered(u64),
}

/// Why [`run()`](crate::run()) could not complete.
#[derive(Debug)]
pub enum RunError {
    /// The queue could not be opened.
    Open(OpenError),
    /// A producer's or consumer's operation failed.
    Queue {
        /// The thread's name.
        thread: String,
        /// What failed.
        error: QueueError,
    },
    /// The operating system refused to start a thread.
    Spawn(SpawnError),
    /// A thread panicked. Its message, if it held one, is delivered again on the
    /// next run: it was not acked.
    Panicked(Panicked),
    /// Writing the transcript failed.
    Output(io::Error),
}

impl From<io::Error> for OpenError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

impl From<io::Error> for QueueError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
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

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Locked(dir) => write!(f, "{} is in use by another process", dir.display()),
            Self::Io(error) => write!(f, "cannot open the queue: {error}"),
        }
    }
}

impl fmt::Display for QueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(error) => write!(f, "the log could not be written: {error}"),
            Self::Closed => f.write_str("the queue is closed to enqueues"),
            Self::TooLarge(len) => write!(f, "a payload of {len} bytes is too large"),
            Self::NotDelivered(id) => write!(f, "message {id} is not out with a consumer"),
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Open(error) => error.fmt(f),
            Self::Queue { thread, error } => write!(f, "{thread}: {error}"),
            Self::Spawn(error) => error.fmt(f),
            Self::Panicked(error) => error.fmt(f),
            Self::Output(error) => write!(f, "could not write the transcript: {error}"),
        }
    }
}

impl error::Error for OpenError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        match self {
            Self::Io(error) => Some(error),
            Self::Locked(_) => None,
        }
    }
}

impl error::Error for QueueError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        match self {
            Self::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl error::Error for RunError {}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn each_error_says_what_failed_and_keeps_its_cause() {
        let io = || io::Error::other("disk on fire");
        let locked = OpenError::Locked(PathBuf::from("/q"));
        assert_eq!(locked.to_string(), "/q is in use by another process");
        assert!(locked.source().is_none());
        let open = OpenError::from(io());
        assert_eq!(open.to_string(), "cannot open the queue: disk on fire");
        assert_eq!(
            open.source().map(ToString::to_string).as_deref(),
            Some("disk on fire")
        );
        let write = QueueError::from(io());
        assert_eq!(
            write.to_string(),
            "the log could not be written: disk on fire"
        );
        assert_eq!(
            write.source().map(ToString::to_string).as_deref(),
            Some("disk on fire")
        );
        for (error, said) in [
            (QueueError::Closed, "the queue is closed to enqueues"),
            (QueueError::TooLarge(9), "a payload of 9 bytes is too large"),
            (
                QueueError::NotDelivered(4),
                "message 4 is not out with a consumer",
            ),
        ] {
            assert_eq!(error.to_string(), said);
            assert!(error.source().is_none());
        }
        let run = RunError::Queue {
            thread: "consumer-1".into(),
            error: QueueError::Closed,
        };
        assert_eq!(
            run.to_string(),
            "consumer-1: the queue is closed to enqueues"
        );
        assert_eq!(
            RunError::Open(locked).to_string(),
            "/q is in use by another process"
        );
        assert!(RunError::Output(io()).to_string().ends_with("disk on fire"));
    }
}
