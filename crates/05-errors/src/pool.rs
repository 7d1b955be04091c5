//! The consumer pool: starts consumers, and replaces one that panicked, within a
//! budget (`--max-restarts`).
//!
//! The pool keeps a *spare* share of the receiver for as long as replacements may
//! still start, since a replacement needs one. Once the budget is spent it drops the
//! spare: from then on only the running consumers hold the receiver, so when the last
//! of them is gone the channel closes, and producers learn it from `SendError`
//! instead of waiting forever on a queue nobody drains.

use std::fmt;
use std::io::Write;
use std::sync::Arc;
use std::thread::{Scope, ScopedJoinHandle};

use crate::consumer::{Consumers, SharedReceiver};
use crate::control::InHand;
use crate::error::RunError;
use crate::shared::Shared;
use plumbing::spawn;

/// The consumers of a run, as threads of its scope.
pub(crate) struct Pool<'scope, 'env, W> {
    scope: &'scope Scope<'scope, 'env>,
    shared: &'env Shared<'env, W>,
    /// What each consumer thread runs.
    consumers: &'env dyn Consumers<W>,
    /// A share of the receiver to hand to the next replacement; `None` once no more
    /// may start (see the module docs).
    spare: Option<SharedReceiver<'env>>,
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
    /// Starts `shared.config.consumers` threads of `consumers` on `receiver`.
    ///
    /// # Errors
    /// If a consumer thread cannot be started.
    pub(crate) fn start(
        scope: &'scope Scope<'scope, 'env>,
        shared: &'env Shared<'env, W>,
        consumers: &'env dyn Consumers<W>,
        receiver: SharedReceiver<'env>,
    ) -> Result<Self, RunError> {
        let restarts = shared.config.failures.max_restarts;
        let mut pool = Self {
            scope,
            shared,
            consumers,
            spare: Some(receiver),
            restarts_used: 0,
            handles: Vec::new(),
        };
        for index in 0..shared.config.consumers {
            pool.spawn(index, None)?;
        }
        if restarts == 0 {
            pool.spare = None;
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
        let started = self.spawn(index, in_hand);
        if self.restarts_used == self.restart_limit() {
            // The last replacement has its share: let the channel close with the
            // consumers.
            self.spare = None;
        }
        started.map_err(NotReplaced::Spawn)?;
        Ok(self.restarts_used)
    }

    /// The most replacements the run may start.
    pub(crate) fn restart_limit(&self) -> u32 {
        self.shared.config.failures.max_restarts
    }

    fn spawn(&mut self, index: u32, in_hand: Option<InHand>) -> Result<(), RunError> {
        let Some(spare) = &self.spare else {
            return Err(RunError::Spawn(plumbing::SpawnError {
                thread: format!("consumer-{index}"),
                source: std::io::Error::other("the queue is closed"),
            }));
        };
        let receiver = Arc::clone(spare);
        let (shared, consumers) = (self.shared, self.consumers);
        let handle = spawn(self.scope, format!("consumer-{index}"), move || {
            consumers.run(index, receiver, in_hand, shared);
        })?;
        self.handles.push(handle);
        Ok(())
    }

    /// Drops the spare (no more replacements) and joins every consumer thread started.
    /// A consumer that panicked has already reported through its guard, so its join
    /// error carries nothing new; returns how many there were.
    pub(crate) fn join(mut self) -> usize {
        self.spare = None;
        self.handles
            .into_iter()
            .map(ScopedJoinHandle::join)
            .filter(Result::is_err)
            .count()
    }
}
