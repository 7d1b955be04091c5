//! The summary, read from the broker: across processes no one process saw every
//! task, but the broker counted every add, ack and dead letter inside the scripts
//! that made them.
//!
//! `Produced` = `Final stats` (acknowledged) + `Dead letters` + `Not processed` (left
//! in the stream): each task added is in exactly one of the three, because each
//! script that moves it out of the stream does so only if its `XACK` took effect.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use bounded::run::totals;
use errors::run::{dead_letter_count, dead_letter_record};
use plumbing::Log;
use redis::streams::StreamRangeReply;
use redis::{Commands, Connection, RedisResult};
use shutdown::run::counts;

use crate::keys::Keys;

/// A task given up on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// The task's id.
    pub task: u64,
    /// Deliveries it had.
    pub attempts: u64,
    /// Why: the last failure, or `never acknowledged`.
    pub reason: String,
}

/// What became of a run's tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Tasks added to the stream.
    pub produced: u64,
    /// Tasks acknowledged.
    pub acked: u64,
    /// Tasks dead-lettered, by id.
    pub dead: Vec<DeadLetter>,
    /// Tasks left in the stream.
    pub left: u64,
    /// The sum of the acknowledged tasks' results.
    pub result_sum: u64,
    /// From the launcher's start to the last child's exit.
    pub elapsed: Duration,
    /// Whether a signal stopped the run.
    pub signaled: bool,
}

impl Summary {
    /// The counts of the system `keys` names, as the broker holds them now.
    ///
    /// # Errors
    /// The broker's.
    pub fn read(
        con: &mut Connection,
        keys: &Keys,
        elapsed: Duration,
        signaled: bool,
    ) -> RedisResult<Self> {
        let made: HashMap<String, u64> = con.hgetall(&keys.made)?;
        let acked: Option<u64> = con.get(&keys.acked)?;
        let result_sum: Option<u64> = con.get(&keys.sum)?;
        let left: u64 = con.xlen(&keys.stream)?;
        let letters: StreamRangeReply = con.xrange_all(&keys.dead)?;
        let mut dead: Vec<DeadLetter> = letters
            .ids
            .iter()
            .map(|letter| DeadLetter {
                task: letter.get("task").unwrap_or_default(),
                attempts: letter.get("deliveries").unwrap_or_default(),
                reason: letter.get("reason").unwrap_or_default(),
            })
            .collect();
        dead.sort_by_key(|letter| letter.task);
        Ok(Self {
            produced: made.values().sum(),
            acked: acked.unwrap_or(0),
            dead,
            left,
            result_sum: result_sum.unwrap_or(0),
            elapsed,
            signaled,
        })
    }

    /// 3 if tasks were left in the stream, else 130 if a signal stopped the run, else
    /// 0; dead letters are handled failures (pass 05's rule).
    pub fn exit_code(&self) -> u8 {
        if self.left > 0 {
            3
        } else if self.signaled {
            130
        } else {
            0
        }
    }

    /// The summary's lines: pass 03's counts, the dead letters as pass 05 lists them,
    /// pass 03's totals.
    pub fn report<W: Write>(&self, log: &Log<W>) {
        counts(
            log,
            self.acked,
            self.produced,
            usize::try_from(self.left).unwrap_or(usize::MAX),
        );
        dead_letter_count(log, self.dead.len() as u64);
        for letter in &self.dead {
            dead_letter_record(log, letter.task, &letter.reason, letter.attempts);
        }
        totals(log, self.acked, self.result_sum, self.elapsed);
    }
}
