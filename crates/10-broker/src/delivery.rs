//! How a consumer gets work: a new task from the group (`XREADGROUP … >`), or a task
//! another consumer was given and never acknowledged (`XPENDING`, then `XCLAIM`).
//!
//! A task delivered to a consumer stays in the group's *pending entries list* (with
//! its owner, how long since it was delivered, how many times it was) until someone
//! acknowledges it. If its consumer died, or failed the task, nobody will: after
//! `--claim-idle-ms` another consumer claims it. `XCLAIM` with a minimum idle time is
//! the arbiter when two consumers see the same idle entry: the first claim resets its
//! idle time, so the second finds it no longer idle and gets nothing.

use std::time::Duration;

use redis::streams::{StreamClaimReply, StreamId, StreamReadOptions, StreamReadReply};
use redis::{Commands, Connection, RedisResult};

use crate::keys::{GROUP, Keys};

/// Entries looked at per reclaim: a consumer takes a few at a time and reads new work
/// in between, so it never hoards a dead consumer's whole list.
const CLAIM_BATCH: usize = 16;

/// A task in a consumer's hands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The stream entry's id (`1700000000000-0`), which the ack names.
    pub entry: String,
    /// The task's id.
    pub task: u64,
    /// Which delivery this is: 1 for a new task, then one more for each claim.
    pub delivery: u64,
    /// The consumer it was claimed from, for a reclaimed task.
    pub from: Option<u32>,
}

/// The next new task for consumer `me`, waiting up to `block` for one.
///
/// # Errors
/// The broker's, or an entry without a task id.
pub fn read(
    con: &mut Connection,
    keys: &Keys,
    me: &str,
    block: Duration,
) -> RedisResult<Option<Delivery>> {
    let options = StreamReadOptions::default()
        .group(GROUP, me)
        .count(1)
        .block(block.as_millis() as usize);
    let reply: Option<StreamReadReply> = con.xread_options(&[&keys.stream], &[">"], &options)?;
    let Some(entry) = reply.and_then(|r| r.keys.into_iter().next()?.ids.into_iter().next()) else {
        return Ok(None);
    };
    Ok(Some(Delivery {
        task: task_of(&entry)?,
        entry: entry.id,
        delivery: 1,
        from: None,
    }))
}

/// Tasks delivered at least `idle` ago and never acknowledged, claimed for `me`.
///
/// # Errors
/// The broker's, or an entry without a task id.
pub fn reclaim(
    con: &mut Connection,
    keys: &Keys,
    me: &str,
    idle: Duration,
) -> RedisResult<Vec<Delivery>> {
    // exercise 1: claim for `me` the tasks delivered at least `idle` ago and never acknowledged
    // hint: `XPENDING stream group IDLE ms - + COUNT` lists them as (entry, owner, idle ms, deliveries); `redis::cmd` builds any command, and `query` reads the reply into a tuple vector.
    // hint: `XCLAIM stream group me min-idle-ms entry` (`con.xclaim`) claims only if the entry is still idle: when two consumers race for one, the loser gets an empty reply. Skip it then.
    // hint: the claim is one more delivery: `deliveries + 1`, and `from` is the owner's number (`Keys::consumer_index`).
    let idle_ms = idle.as_millis() as u64;
    // (entry, owner, ms since its last delivery, deliveries so far)
    let stale: Vec<(String, String, u64, u64)> = redis::cmd("XPENDING")
        .arg(&keys.stream)
        .arg(GROUP)
        .arg("IDLE")
        .arg(idle_ms)
        .arg("-")
        .arg("+")
        .arg(CLAIM_BATCH)
        .query(con)?;
    let mut claimed = Vec::new();
    for (entry, owner, _, deliveries) in stale {
        let reply: StreamClaimReply = con.xclaim(&keys.stream, GROUP, me, idle_ms, &[&entry])?;
        // Empty when another consumer claimed it first (it is no longer idle).
        if let Some(got) = reply.ids.first() {
            claimed.push(Delivery {
                task: task_of(got)?,
                entry,
                delivery: deliveries + 1,
                from: Keys::consumer_index(&owner),
            });
        }
    }
    Ok(claimed)
    // end of exercise 1
}

fn task_of(entry: &StreamId) -> RedisResult<u64> {
    entry.get("task").ok_or_else(|| {
        redis::RedisError::from((
            redis::ErrorKind::TypeError,
            "a stream entry without a task id",
            entry.id.clone(),
        ))
    })
}
