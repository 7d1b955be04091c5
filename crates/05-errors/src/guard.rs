//! The guards that carry a worker's report to the supervisor, however it ends.
//!
//! A worker keeps its counts *in* its guard. When the worker returns, or unwinds from
//! a panic, the guard is dropped and its `Drop` sends the report on the control
//! channel. `std::thread::panicking()` tells the two apart: this is how a panic is
//! *observed* without being caught. The thread still dies, as a thread that hit a bug
//! should, but its counts survive it and its task in hand is handed on.

use std::mem;
use std::sync::mpsc::Sender;
use std::thread;

use crate::control::{ConsumerEnd, Control, Event, InHand, ProducerEnd};
use crate::error::ProducerFailure;
use crate::stats::{ConsumerStats, ProducerStats};

/// A producer's guard: its counts, and its failure if it returns one.
pub struct ProducerGuard {
    sender: Sender<Event>,
    index: u32,
    /// The producer's counts, updated as it goes.
    pub stats: ProducerStats,
    /// Set by a producer that stops with an error.
    pub failure: Option<ProducerFailure>,
}

impl ProducerGuard {
    /// The guard of producer `index`.
    pub fn new(control: &Control, index: u32) -> Self {
        Self {
            sender: control.sender(),
            index,
            stats: ProducerStats::default(),
            failure: None,
        }
    }
}

impl Drop for ProducerGuard {
    fn drop(&mut self) {
        // exercise 2: report the producer's end from its guard, even when it panics
        // hint: `Drop` runs when the producer returns *and* when it unwinds from a panic: `thread::panicking()` tells which.
        // hint: send `Event::ProducerEnded` with the counts (`mem::take` them out of `self`) and the failure, if any; ignore a send error (the run is gone).
        let failure = if thread::panicking() {
            Some(ProducerFailure::Panicked)
        } else {
            self.failure
        };
        let _ = self.sender.send(Event::ProducerEnded(ProducerEnd {
            index: self.index,
            stats: mem::take(&mut self.stats),
            failure,
        }));
        // end of exercise 2
    }
}

/// A consumer's guard: its counts, and the task it is working on.
pub struct ConsumerGuard {
    sender: Sender<Event>,
    index: u32,
    /// The consumer's counts, updated as it goes.
    pub stats: ConsumerStats,
    /// The task under way, set for the length of each attempt: if the consumer
    /// panics, this is the task that must not be lost.
    pub in_hand: Option<InHand>,
}

impl ConsumerGuard {
    /// The guard of consumer `index`.
    pub fn new(control: &Control, index: u32) -> Self {
        Self {
            sender: control.sender(),
            index,
            stats: ConsumerStats::default(),
            in_hand: None,
        }
    }
}

impl Drop for ConsumerGuard {
    fn drop(&mut self) {
        let _ = self.sender.send(Event::ConsumerEnded(ConsumerEnd {
            index: self.index,
            stats: mem::take(&mut self.stats),
            panicked: thread::panicking(),
            in_hand: self.in_hand.take(),
        }));
    }
}
