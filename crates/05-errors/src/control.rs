//! The control channel: how the supervisor hears what happens to a run.
//!
//! The channel is pass 03's [`Control`], carrying this pass's [`Event`]s: pass 03's
//! requests to stop ([`Request`]: a signal, the task limit, a deadline, a failed
//! write), and each worker's end. Since pass 05, a worker's end carries its report
//! ([`ProducerEnd`], [`ConsumerEnd`]): its counts, and whether it failed or panicked,
//! with the task it had in hand. The report is sent by a guard's `Drop` (see
//! `guard`), so it arrives however the worker ends.

pub use ::shutdown::control::{Request, next_event};

use crate::error::ProducerFailure;
use crate::stats::{ConsumerStats, ProducerStats};
use crate::task::Task;

/// Something the supervisor must react to.
#[derive(Debug)]
pub enum Event {
    /// A request to stop, as in pass 03: a signal, the task limit, a deadline, a
    /// failed write.
    Request(Request),
    /// A producer thread ended: normally, on shutdown, with an error, or by panicking.
    ProducerEnded(ProducerEnd),
    /// A consumer thread ended: normally, or by panicking.
    ConsumerEnded(ConsumerEnd),
}

/// A producer's last report.
#[derive(Debug)]
pub struct ProducerEnd {
    /// The producer.
    pub index: u32,
    /// What it did.
    pub stats: ProducerStats,
    /// How it failed, if it did.
    pub failure: Option<ProducerFailure>,
}

/// A consumer's last report.
#[derive(Debug)]
pub struct ConsumerEnd {
    /// The consumer.
    pub index: u32,
    /// What it did.
    pub stats: ConsumerStats,
    /// Whether it panicked.
    pub panicked: bool,
    /// The task it was working on when it panicked, if any.
    pub in_hand: Option<InHand>,
}

/// A task a consumer holds while it works on it: the task and which attempt this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InHand {
    /// The task.
    pub task: Task,
    /// The attempt under way, from 1.
    pub attempt: u32,
}

impl From<Request> for Event {
    fn from(request: Request) -> Self {
        Self::Request(request)
    }
}

/// The run's control channel: pass 03's, carrying this pass's [`Event`]s. Create it
/// before installing the signal handler, give the handler an `Arc` of it, and pass it
/// to [`run`](crate::run()).
pub type Control = ::shutdown::control::Control<Event>;
