//! The source document's monitoring loop, and its consumers scaled by depth, on the
//! queue's [`Stats`](crate::queue::Stats): every `--monitor-ms` a thread reads each
//! lane's stats, prints them, warns when more than `--depth-warning` messages wait,
//! and, with `--scale-per N`, puts one consumer at work per N waiting messages.
//!
//! The document's scaler wants `pending / 100` consumers, rounded down: below 100
//! waiting messages it wants none, and the last 99 messages wait forever. Here the
//! count is rounded up and never below one.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use plumbing::Log;

use crate::lane::Lane;

/// What the monitor thread needs.
pub struct Monitor<'a, W> {
    /// The lanes it watches.
    pub lanes: &'a [Lane],
    /// The transcript.
    pub log: &'a Log<W>,
    /// How often it looks.
    pub every: Duration,
    /// More messages waiting than this is a warning.
    pub warn_above: u64,
    /// One consumer at work per this many waiting messages, if scaling.
    pub scale_per: Option<u64>,
}

/// Consumers at work for `pending` waiting messages: one per `per`, rounded up, from
/// one to `most`.
pub fn wanted(pending: u64, per: u64, most: u32) -> u32 {
    let want = pending.div_ceil(per.max(1));
    u32::try_from(want)
        .unwrap_or(u32::MAX)
        .clamp(1, most.max(1))
}

impl<W: Write> Monitor<'_, W> {
    /// Looks every `every` until `stop` says to end (a message, or its sender
    /// dropped): a channel used as a timer that can be cut short.
    pub fn run(self, stop: &Receiver<()>) {
        while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(self.every) {
            for lane in self.lanes {
                self.look(lane);
            }
        }
    }

    /// One look at one lane: its stats, a warning, a scaling.
    fn look(&self, lane: &Lane) {
        let (stats, tag, log) = (lane.queue.stats(), lane.tag(), self.log);
        log.line(format_args!(
            "{tag}Queue Stats: Pending={}, Unacked={}, Segments={}",
            stats.pending, stats.unacked, stats.segments
        ));
        if stats.pending > self.warn_above {
            log.line(format_args!(
                "{tag}WARNING: Queue depth high ({} messages)",
                stats.pending
            ));
        }
        if let Some(per) = self.scale_per {
            let want = wanted(stats.pending, per, lane.consumers);
            if lane.gate.set(want) {
                log.line(format_args!(
                    "{tag}Scaled to {want} of {} consumers ({} pending)",
                    lane.consumers, stats.pending
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_consumer_per_hundred_rounded_up_within_bounds() {
        assert_eq!(wanted(0, 100, 10), 1);
        assert_eq!(wanted(1, 100, 10), 1);
        assert_eq!(wanted(100, 100, 10), 1);
        assert_eq!(wanted(101, 100, 10), 2);
        assert_eq!(wanted(250, 100, 10), 3);
        assert_eq!(wanted(5_000, 100, 10), 10);
        assert_eq!(wanted(u64::MAX, 1, 4), 4);
    }
}
