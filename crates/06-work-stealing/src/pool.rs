//! The consumer pool: starts consumers, and replaces one that panicked, within a
//! budget (`--max-restarts`). A replacement works on its predecessor's local queue.
//!
//! In this pass consumers never touch the channel (the distributor does), so the pool
//! keeps no share of the receiver: when a consumer is not replaced, the supervisor
//! closes its queue and re-homes what was in it.

use std::fmt;
use std::io::Write;
use std::thread::{Scope, ScopedJoinHandle};

use crate::consumer::consume;
use crate::control::InHand;
use crate::error::RunError;
use crate::local::LocalQueue;
use crate::shared::Shared;
use plumbing::spawn;

/// The consumers of a run, as threads of its scope.
pub(crate) struct Pool<'scope, 'env, W> {
    scope: &'scope Scope<'scope, 'env>,
    shared: &'env Shared<'env, W>,
    /// One local queue per consumer slot.
    queues: &'env [LocalQueue],
    /// Replacements started so far; `--max-restarts` is the limit.
    restarts_used: u32,
    handles: Vec<ScopedJoinHandle<'scope, ()>>,
}

/// Why a panicked consumer was not replaced.
#[derive(Debug)]
pub(crate) enum NotReplaced {
    /// `--max-restarts` replacements have started already.
    Limit(u32),
    /// The thread could not be started.
    Spawn(RunError),
}

impl fmt::Display for NotReplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Limit(n) => write!(f, "restart limit {n} reached"),
            Self::Spawn(error) => write!(f, "{error}"),
        }
    }
}

impl<'scope, 'env, W: Write + Send> Pool<'scope, 'env, W> {
    /// Starts `shared.config.consumers` consumers, one per queue of `queues`.
    ///
    /// # Errors
    /// If a consumer thread cannot be started.
    pub(crate) fn start(
        scope: &'scope Scope<'scope, 'env>,
        shared: &'env Shared<'env, W>,
        queues: &'env [LocalQueue],
    ) -> Result<Self, RunError> {
        let mut pool = Self {
            scope,
            shared,
            queues,
            restarts_used: 0,
            handles: Vec::new(),
        };
        for index in 0..shared.config.consumers {
            pool.spawn(index, None)?;
        }
        Ok(pool)
    }

    /// Starts a replacement for consumer `index`, which panicked with `in_hand`;
    /// returns which restart this is (from 1).
    ///
    /// # Errors
    /// Why no replacement started; the caller then accounts for `in_hand` itself.
    pub(crate) fn replace(
        &mut self,
        index: u32,
        in_hand: Option<InHand>,
    ) -> Result<u32, NotReplaced> {
        if self.restarts_used == self.restart_limit() {
            return Err(NotReplaced::Limit(self.restarts_used));
        }
        self.restarts_used += 1;
        self.spawn(index, in_hand).map_err(NotReplaced::Spawn)?;
        Ok(self.restarts_used)
    }

    /// The most replacements the run may start.
    pub(crate) fn restart_limit(&self) -> u32 {
        self.shared.config.max_restarts
    }

    fn spawn(&mut self, index: u32, in_hand: Option<InHand>) -> Result<(), RunError> {
        let (queues, shared) = (self.queues, self.shared);
        let handle = spawn(self.scope, format!("consumer-{index}"), move || {
            consume(index, queues, in_hand, shared);
        })?;
        self.handles.push(handle);
        Ok(())
    }

    /// The local queues, by consumer.
    pub(crate) fn queues(&self) -> &'env [LocalQueue] {
        self.queues
    }

    /// Joins every consumer thread started.
    /// A consumer that panicked has already reported through its guard, so its join
    /// error carries nothing new; returns how many there were.
    pub(crate) fn join(self) -> usize {
        self.handles
            .into_iter()
            .map(ScopedJoinHandle::join)
            .filter(Result::is_err)
            .count()
    }
}
