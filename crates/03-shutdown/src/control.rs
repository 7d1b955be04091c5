//! The control channel: how the supervisor hears what happens to a run.
//!
//! Everything the supervisor must react to arrives as an [`Event`] on one
//! `std::sync::mpsc` channel: a signal (from the signal handler's thread), the task
//! limit being reached, and each worker finishing. One channel means one place to
//! wait, with `recv_timeout` for the deadlines (`--duration-ms`, the drain timeout).

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use plumbing::Log;

/// Something the supervisor must react to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// SIGINT, SIGTERM or SIGHUP arrived (or a test asked for one).
    Signal,
    /// `--stop-after` tasks have been processed.
    TaskLimit,
    /// A producer thread ended (normally, on shutdown, or by panicking).
    ProducerDone,
    /// A consumer thread ended.
    ConsumerDone,
    /// A deadline passed: `--duration-ms`, or the drain timeout.
    Deadline,
    /// The transcript could not be written: a closed pipe (`| head -1`), a full disk.
    OutputFailed,
}

/// A request to stop: what the supervisor hears besides the workers' ends. Every
/// pass's [`Event`]s include these, so one [`Control`] serves them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// SIGINT, SIGTERM or SIGHUP arrived (or a test asked for one).
    Signal,
    /// `--stop-after` tasks have been processed.
    TaskLimit,
    /// A deadline passed: `--duration-ms`, or the drain timeout.
    Deadline,
    /// The transcript could not be written: a closed pipe (`| head -1`), a full disk.
    OutputFailed,
}

impl From<Request> for Event {
    fn from(request: Request) -> Self {
        match request {
            Request::Signal => Self::Signal,
            Request::TaskLimit => Self::TaskLimit,
            Request::Deadline => Self::Deadline,
            Request::OutputFailed => Self::OutputFailed,
        }
    }
}

/// The run's control channel, carrying events of type `E` (this pass's [`Event`];
/// pass 05's, whose workers' ends carry reports). Create it before installing the
/// signal handler, give the handler an `Arc` of it, and pass it to
/// [`run`](crate::run()).
#[derive(Debug)]
pub struct Control<E = Event> {
    /// Cloned into every worker and the signal handler. `Sender` is `Sync`, so the
    /// handler's thread can send through a shared reference.
    sender: Sender<E>,
    /// Read by one supervisor at a time: the lock keeps two runs on the same control
    /// (only possible in tests) from stealing each other's events.
    inbox: Mutex<Receiver<E>>,
}

impl<E> Default for Control<E> {
    fn default() -> Self {
        let (sender, inbox) = mpsc::channel();
        Self {
            sender,
            inbox: Mutex::new(inbox),
        }
    }
}

impl<E: From<Request> + Send + 'static> Control<E> {
    /// Reports a signal. Safe to call from the signal handler's thread: it only sends
    /// on a channel, which never blocks (the channel is unbounded).
    pub fn signal(&self) {
        self.notify(Request::Signal.into());
    }

    /// The run's transcript on `out` (`quiet`: the summary only). A transcript nobody
    /// can read must stop the run, or an endless one would go on forever: when a
    /// write first fails, the log reports [`Request::OutputFailed`] here, through a
    /// sender of its own that it keeps for as long as it lives.
    pub fn transcript<W: Write>(&self, out: W, quiet: bool) -> Log<W> {
        let sender = self.sender.clone();
        // The receiver lives as long as the control; once it is gone, so is the run.
        Log::new(out, quiet).on_failure(move || _ = sender.send(Request::OutputFailed.into()))
    }

    /// Reports `event` from a worker.
    pub fn notify(&self, event: E) {
        // The receiver lives as long as `self`, so this cannot fail.
        let _ = self.sender.send(event);
    }

    /// A sender of its own, for a worker's guard.
    pub fn sender(&self) -> Sender<E> {
        self.sender.clone()
    }

    /// The inbox, for the one supervisor of a run.
    pub fn inbox(&self) -> MutexGuard<'_, Receiver<E>> {
        self.inbox.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Waits for the next event, or returns [`Request::Deadline`] once `deadline` passes.
pub fn next_event<E: From<Request>>(inbox: &Receiver<E>, deadline: Option<Instant>) -> E {
    let Some(deadline) = deadline else {
        // The control owns a sender, so the channel never disconnects while we wait.
        return inbox.recv().unwrap_or(Request::Deadline.into());
    };
    match inbox.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(event) => event,
        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Request::Deadline.into(),
    }
}

/// Sends [`Event::ProducerDone`] or [`Event::ConsumerDone`] when dropped, so the
/// supervisor hears of a worker's end however it ends, a panic included.
pub struct DoneGuard {
    sender: Sender<Event>,
    event: Event,
}

impl DoneGuard {
    /// A guard that reports `event` when the worker holding it ends.
    pub fn new(control: &Control, event: Event) -> Self {
        Self {
            sender: control.sender(),
            event,
        }
    }
}

impl Drop for DoneGuard {
    fn drop(&mut self) {
        let _ = self.sender.send(self.event);
    }
}
