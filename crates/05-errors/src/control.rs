//! The control channel: how the supervisor hears what happens to a run.
//!
//! Everything the supervisor must react to arrives as an [`Event`] on one
//! `std::sync::mpsc` channel: a signal (from the signal handler's thread), the task
//! limit being reached, a deadline, and each worker's end. Since pass 05, a
//! worker's end carries its report ([`ProducerEnd`], [`ConsumerEnd`]): its counts, and
//! whether it failed or panicked, with the task it had in hand. The report is sent by a
//! guard's `Drop` (see `guard`), so it arrives however the worker ends.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use crate::error::ProducerFailure;
use crate::stats::{ConsumerStats, ProducerStats};
use crate::task::Task;

/// Something the supervisor must react to.
#[derive(Debug)]
pub enum Event {
    /// SIGINT, SIGTERM or SIGHUP arrived (or a test asked for one).
    Signal,
    /// `--stop-after` tasks have been processed.
    TaskLimit,
    /// A deadline passed: `--duration-ms`, or the drain timeout.
    Deadline,
    /// The transcript could not be written: a closed pipe (`| head -1`), a full disk.
    OutputFailed,
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

/// The run's control channel. Create it before installing the signal handler, give
/// the handler an `Arc` of it, and pass it to [`run`](crate::run()).
#[derive(Debug)]
pub struct Control {
    /// Cloned into every worker's guard and the signal handler. `Sender` is `Sync`, so
    /// the handler's thread can send through a shared reference.
    sender: Sender<Event>,
    /// Read by one supervisor at a time: the lock keeps two runs on the same control
    /// (only possible in tests) from stealing each other's events.
    inbox: Mutex<Receiver<Event>>,
}

impl Default for Control {
    fn default() -> Self {
        let (sender, inbox) = mpsc::channel();
        Self {
            sender,
            inbox: Mutex::new(inbox),
        }
    }
}

impl Control {
    /// Reports a signal. Safe to call from the signal handler's thread: it only sends
    /// on a channel, which never blocks (the channel is unbounded).
    pub fn signal(&self) {
        self.notify(Event::Signal);
    }

    /// What the transcript's [`Log`](plumbing::Log) calls when a write first fails:
    /// it reports [`Event::OutputFailed`]. It owns a sender of its own, so the log can
    /// keep it for as long as it lives.
    pub fn on_output_failure(&self) -> impl Fn() + Send + Sync + 'static {
        let sender = self.sender.clone();
        // The receiver lives as long as the control; once it is gone, so is the run.
        move || _ = sender.send(Event::OutputFailed)
    }

    /// Reports `event` from a worker.
    pub(crate) fn notify(&self, event: Event) {
        // The receiver lives as long as `self`, so this cannot fail.
        let _ = self.sender.send(event);
    }

    /// A sender for a worker's guard.
    pub(crate) fn sender(&self) -> Sender<Event> {
        self.sender.clone()
    }

    /// The inbox, for the one supervisor of a run.
    pub(crate) fn inbox(&self) -> MutexGuard<'_, Receiver<Event>> {
        self.inbox.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Waits for the next event, or returns [`Event::Deadline`] once `deadline` passes.
pub(crate) fn next_event(inbox: &Receiver<Event>, deadline: Option<Instant>) -> Event {
    let Some(deadline) = deadline else {
        // The control owns a sender, so the channel never disconnects while we wait.
        return inbox.recv().unwrap_or(Event::Deadline);
    };
    match inbox.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(event) => event,
        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Event::Deadline,
    }
}

impl ::shutdown::cli::Interrupt for Control {
    fn signal(&self) {
        Control::signal(self);
    }
}
