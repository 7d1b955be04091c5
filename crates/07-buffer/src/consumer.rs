//! A consumer: takes batches from the buffer until it is closed and empty, and
//! processes each task, or, once an immediate shutdown has begun, reports it.

use std::fmt;
use std::io::Write;

use ::shutdown::consumer::{Hands, handle};
use plumbing::count;

use crate::buffer::{Batch, TakeError};
use crate::shared::Shared;
use crate::stats::ConsumerStats;
use crate::task::Task;

/// Runs consumer `index` until the buffer is closed and empty.
///
/// As pass 03's consumers do with the channel, it keeps taking whatever the phase, so
/// every task put is processed or reported, and no producer stays blocked on a full
/// buffer.
pub fn consume<W: Write>(index: u32, shared: &Shared<'_, W>) -> ConsumerStats {
    let Shared {
        config,
        buffer,
        log,
        shutdown,
        control,
        processed,
    } = *shared;
    // Each task of a batch is handled as pass 03's consumers handle a received one.
    let hands = Hands {
        stop_after: config.stop_after,
        log,
        shutdown,
        control,
        processed,
    };
    let mut stats = ConsumerStats::default();
    loop {
        let batch = match buffer.take_batch(config.batch(), config.batch_wait()) {
            Ok(batch) => batch,
            // Closed and empty: the producers are done and every task was taken.
            Err(TakeError::Closed) => break,
            // Only a take with a deadline comes back empty; this one has none.
            Err(TakeError::Empty) => continue,
        };
        let priorities = config.shows_priority();
        log.task(format_args!(
            "{}",
            Took {
                index,
                batch: &batch,
                priorities
            }
        ));
        for slot in batch.slots {
            handle(index, slot.item, &hands, &mut stats);
        }
    }
    shutdown::consumer::finished(log, index);
    stats
}

/// `Consumer 0 took 2 tasks at #7: 5 (put #3), 104 (put #4)`: what one take got, in
/// the order the strategy gave it, with the stamps the grader replays the buffer by.
///
/// A `Display` rather than a `String`, so that a quiet run, whose log drops per-task
/// lines, never formats one: with batches of a thousand, building lines only to
/// throw them away held the quiet run at 0.87 × one thread (1.08 × without).
struct Took<'a> {
    /// The consumer that took the batch.
    index: u32,
    /// What it took.
    batch: &'a Batch<Task>,
    /// Whether each task's priority is shown (see `Config::shows_priority`).
    priorities: bool,
}

impl fmt::Display for Took<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Took {
            index,
            batch,
            priorities,
        } = *self;
        let n = count(batch.slots.len() as u64, "task");
        write!(f, "Consumer {index} took {n} at #{}:", batch.stamp)?;
        for (i, slot) in batch.slots.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{} (put #{}", slot.item.id, slot.stamp)?;
            if priorities {
                write!(f, ", priority {}", slot.priority)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}
