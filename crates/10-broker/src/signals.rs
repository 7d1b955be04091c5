//! What a process of the run has been told: how many signals it received (SIGINT,
//! SIGTERM, SIGHUP, through pass 03's handler) and whether its stdout is gone.
//!
//! The launcher counts: the first signal starts the shutdown in `--shutdown`'s mode,
//! a second escalates. A producer or consumer stops at the first: the launcher sends
//! it SIGTERM when its part of the shutdown comes.

use std::os::unix::process::parent_id;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Signals received and output lost, set by other threads (the signal handler's, a
/// failed write) and read by the process's loop between steps.
#[derive(Debug)]
pub struct Signals {
    /// Why atomics and not a channel: nobody waits on these; each loop reads them
    /// between two steps of its own, which are never longer than a broker round
    /// trip or one task. Relaxed is enough: no other data is published with them.
    received: AtomicU32,
    /// Set once stdout fails (a closed pipe): a run nobody can read stops.
    closed: Arc<AtomicBool>,
    /// The parent this process started with. A launcher killed with SIGKILL cannot
    /// stop its children; they notice that their parent changed (they were handed to
    /// init or a subreaper) and stop by themselves.
    parent: u32,
}

impl Default for Signals {
    fn default() -> Self {
        Self {
            received: AtomicU32::new(0),
            closed: Arc::default(),
            parent: parent_id(),
        }
    }
}

impl ::shutdown::cli::Interrupt for Signals {
    fn signal(&self) {
        self.received.fetch_add(1, Ordering::Relaxed);
    }
}

impl Signals {
    /// Signals received so far.
    pub fn received(&self) -> u32 {
        self.received.load(Ordering::Relaxed)
    }

    /// Whether a producer or consumer should stop: a signal, no one reading, or no
    /// launcher any more.
    pub fn stopping(&self) -> bool {
        self.received() > 0 || self.output_closed() || parent_id() != self.parent
    }

    /// Whether stdout failed.
    pub fn output_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// What the transcript's writer calls when a write fails.
    pub fn on_output_closed(&self) -> impl Fn() + Send + Sync + 'static {
        let closed = Arc::clone(&self.closed);
        move || closed.store(true, Ordering::Relaxed)
    }
}
