//! The three writes that must be atomic, as Lua scripts: the server runs a script
//! whole, with no other client's command in between, so a check and the write it
//! guards cannot be split by another process (or by a kill).
//!
//! - **add**: the bound. `XADD … MAXLEN` would *trim* old entries to keep a stream
//!   short, losing tasks; a bound must refuse instead. The script checks the stream's
//!   length (the tasks in flight: settled entries are deleted) and adds only below
//!   `--capacity`. It also checks that the producer adds its tasks in order, once
//!   each: the count it keeps per producer is where a restarted producer resumes.
//! - **ack**: `XACK`, and only if that removed the entry from the group's pending
//!   list, delete it and count it with its result. Two consumers can both finish a
//!   task (one was slow past `--claim-idle-ms` and the other reclaimed it); exactly
//!   one ack takes effect, and the other learns it finished a duplicate.
//! - **dead**: the same, moving the task to the dead-letter stream with why.

use redis::{Connection, RedisResult, Script};

use crate::keys::{GROUP, Keys};

const ADD: &str = r"
local made = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if tonumber(ARGV[2]) ~= made then
  return redis.error_reply('producer ' .. ARGV[1] .. ' adds its task ' .. ARGV[2] ..
    ' but has added ' .. made)
end
local len = redis.call('XLEN', KEYS[1])
if len >= tonumber(ARGV[5]) then return {0, len} end
redis.call('XADD', KEYS[1], '*', 'task', ARGV[3], 'payload', ARGV[4])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return {1, len + 1}
";

const ACK: &str = r"
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('INCR', KEYS[2])
redis.call('INCRBY', KEYS[3], ARGV[3])
return 1
";

const DEAD: &str = r"
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'task', ARGV[3], 'deliveries', ARGV[4], 'reason', ARGV[5])
return 1
";

/// What an add did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The task is in the stream, which now holds this many.
    Yes(u64),
    /// The stream holds `--capacity` tasks already: this many. Nothing was added.
    Full(u64),
}

/// A task to add: whose, which of its tasks, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewTask {
    /// The producer's number.
    pub producer: u32,
    /// Which of the producer's tasks (from 0).
    pub seq: u64,
    /// The task's id.
    pub id: u64,
    /// Its payload.
    pub payload: u64,
}

/// The scripts, loaded once per process (the client sends each by its SHA-1 and
/// sends the text only if the server does not know it yet).
pub struct Scripts {
    add: Script,
    ack: Script,
    dead: Script,
}

impl Default for Scripts {
    fn default() -> Self {
        Self {
            add: Script::new(ADD),
            ack: Script::new(ACK),
            dead: Script::new(DEAD),
        }
    }
}

impl Scripts {
    /// Adds `task` unless the stream holds `capacity` tasks.
    ///
    /// # Errors
    /// The broker's error, or the script's when the producer's count is not `seq`.
    pub fn add(
        &self,
        con: &mut Connection,
        keys: &Keys,
        task: NewTask,
        capacity: u64,
    ) -> RedisResult<Added> {
        let (added, len): (u8, u64) = self
            .add
            .key(&keys.stream)
            .key(&keys.made)
            .arg(task.producer)
            .arg(task.seq)
            .arg(task.id)
            .arg(task.payload)
            .arg(capacity)
            .invoke(con)?;
        Ok(if added == 1 {
            Added::Yes(len)
        } else {
            Added::Full(len)
        })
    }

    /// Acknowledges entry `entry` with the task's `result`: `false` if another
    /// consumer settled it first.
    ///
    /// # Errors
    /// The broker's.
    pub fn ack(
        &self,
        con: &mut Connection,
        keys: &Keys,
        entry: &str,
        result: u64,
    ) -> RedisResult<bool> {
        self.ack
            .key(&keys.stream)
            .key(&keys.acked)
            .key(&keys.sum)
            .arg(GROUP)
            .arg(entry)
            .arg(result)
            .invoke(con)
    }

    /// Moves entry `entry` (task `id`, after `deliveries`) to the dead-letter stream
    /// with `reason`: `false` if another consumer settled it first.
    ///
    /// # Errors
    /// The broker's.
    pub fn dead_letter(
        &self,
        con: &mut Connection,
        keys: &Keys,
        entry: &str,
        (id, deliveries): (u64, u64),
        reason: &str,
    ) -> RedisResult<bool> {
        self.dead
            .key(&keys.stream)
            .key(&keys.dead)
            .arg(GROUP)
            .arg(entry)
            .arg(id)
            .arg(deliveries)
            .arg(reason)
            .invoke(con)
    }
}
