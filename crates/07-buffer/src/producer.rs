//! A producer: creates tasks and puts them into the buffer, one at a time or (with
//! `--put-batch`) several in one step of its lock, where the overflow policy decides
//! what a full buffer does, until it has made its share or shutdown begins.

use std::collections::VecDeque;
use std::io::Write;

use rand::RngExt;

use bounded::producer::{blocked, created, finished, resumed};
use plumbing::gauge::render;
use plumbing::{task_id, task_rng};

use crate::buffer::{Closed, Put};
use crate::pace::Pace;
use crate::shared::Shared;
use crate::stats::ProducerStats;
use crate::task::Task;

/// Priorities run from 0 to this, highest first.
pub const MAX_PRIORITY: u32 = 9;

/// The priority of task `id` in a run seeded with `seed`: drawn from the pair, as
/// everything random is, from a generator of its own (the salt keeps it apart from
/// the payload's and the cost's draws, so those stay pass 02's).
pub fn priority(seed: u64, id: u64) -> u32 {
    const SALT: u64 = 0x7072_696f_7269_7479; // "priority"
    task_rng(seed ^ SALT, id).random_range(0..=MAX_PRIORITY)
}

/// Runs producer `index` until it has made its share or shutdown begins.
///
/// A producer blocked on a full buffer (`--overflow block`) is released when the
/// consumers make room, processing in a graceful shutdown and reporting in an
/// immediate one, as pass 03's producers are released from a full channel.
///
/// # Errors
/// [`Closed`] gives the unput task back if the buffer was closed. That cannot happen
/// in this pass (it closes only once every producer has ended), but a put can fail in
/// general.
pub fn produce<W: Write>(
    index: u32,
    shared: &Shared<'_, W>,
) -> Result<ProducerStats, Closed<Task>> {
    let Shared {
        config,
        log,
        shutdown,
        ..
    } = *shared;
    let pace = Pace::new(config.rate);
    let per_producer = config.tasks_per_producer();
    let mut stats = ProducerStats::default();
    // Tasks made and not yet put: up to `--put-batch` of them.
    let mut hand = VecDeque::with_capacity(config.put_batch());
    for seq in 0..per_producer {
        if !pace.wait_for(seq, shutdown) {
            ::shutdown::producer::shutting_down(index, shutdown.phase(), log);
            break;
        }
        let id = task_id(index, seq, per_producer);
        let task = Task::new(config.seed, id, config.work_ms);
        created(log, index, id);
        stats.base.created += 1;
        // Drawn only where the strategy or the overflow policy reads it.
        let priority = if config.shows_priority() {
            priority(config.seed, id)
        } else {
            0
        };
        hand.push_back((task, priority));
        if hand.len() >= config.put_batch() {
            put(index, &mut hand, shared, &mut stats)?;
        }
    }
    // What is still in hand is put too, even after a stop: every task made is then
    // processed or reported by a consumer.
    put(index, &mut hand, shared, &mut stats)?;
    let made = (stats.base.created, stats.base.blocked);
    finished(log, index, made, gauge(shared));
    Ok(stats)
}

/// Puts every task in `hand` into the buffer, in one step of its lock if there is
/// room: first without waiting; if the buffer is full (`--overflow block`), says so,
/// waits for room for the rest, and says when it resumes. Reports every task the
/// policy drops.
fn put<W: Write>(
    index: u32,
    hand: &mut VecDeque<(Task, u32)>,
    shared: &Shared<'_, W>,
    stats: &mut ProducerStats,
) -> Result<(), Closed<Task>> {
    let (buffer, log) = (shared.buffer, shared.log);
    let mut outcomes = buffer.try_put_batch(hand);
    if !hand.is_empty() {
        blocked(log, index, gauge(shared));
        outcomes.extend(buffer.put_batch(hand.drain(..)));
        stats.base.blocked += 1;
        resumed(log, index);
    }
    for outcome in outcomes {
        if let Some(line) = dropped(&outcome?, shared) {
            stats.dropped += 1;
            log.task(format_args!("{line}"));
        }
    }
    Ok(())
}

/// The line that reports the task a put left out, if it left one out.
fn dropped<W>(put: &Put<Task>, shared: &Shared<'_, W>) -> Option<String> {
    let priority = |p: u32| {
        if shared.config.shows_priority() {
            format!(", priority {p}")
        } else {
            String::new()
        }
    };
    let line = match *put {
        Put::Stored { .. } => return None,
        Put::Refused { stamp, item } if shared.config.buffer.overflow.uses_priority() => {
            let p = crate::producer::priority(shared.config.seed, item.id);
            format!(
                "Task {} dropped at #{stamp}: buffer full (shed lowest, put #{stamp}{})",
                item.id,
                priority(p)
            )
        }
        Put::Refused { stamp, item } => {
            format!(
                "Task {} dropped at #{stamp}: buffer full (rejected)",
                item.id
            )
        }
        Put::Shed { stamp, shed } => {
            let which = if shared.config.buffer.overflow.uses_priority() {
                "lowest"
            } else {
                "oldest"
            };
            format!(
                "Task {} dropped at #{stamp}: buffer full (shed {which}, put #{}{})",
                shed.item.id,
                shed.stamp,
                priority(shed.priority)
            )
        }
    };
    Some(line)
}

/// The buffer's depth, drawn as pass 02's gauge (exact here: the buffer counts under
/// its own lock).
fn gauge<W>(shared: &Shared<'_, W>) -> String {
    let capacity = shared.buffer.capacity().map(|c| c as u64);
    render(shared.buffer.len() as u64, capacity)
}
