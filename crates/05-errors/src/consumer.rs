//! A consumer: takes tasks from the shared receiver until the channel is closed, and
//! brings each one to exactly one outcome: succeeded, dead-lettered, or (once an
//! immediate shutdown has begun) not processed or interrupted.

use std::fmt::Display;
use std::io::Write;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use plumbing::{Log, count};

use crate::control::{InHand, Request};
use crate::error::TaskError;
use crate::guard::ConsumerGuard;
use crate::metrics::TaskTimer;
use crate::parcel::Parcel;
use crate::retry::RetryPolicy;
use crate::shared::Shared;
use crate::shutdown::Phase;
use crate::stats::DeadLetter;
use crate::task::Task;
use bounded::consumer::processing;
use shutdown::consumer::{Cut, cut_short, finished};

/// The run's one receiver, shared by the consumers.
///
/// Why a `Mutex`: `Receiver` is `Send` but not `Sync` (mpsc means *single* consumer),
/// so several threads may only reach it through a lock, and the lock is what makes
/// sure each task is received by exactly one consumer. Why an `Arc`, new in this
/// pass: the consumers own it together, so when the last of them is gone (and no
/// replacement may start) the receiver is dropped and the channel closes: producers
/// then get `SendError` instead of blocking forever on a queue no one drains.
pub type SharedReceiver<'a> = Arc<Mutex<Receiver<Parcel<'a>>>>;

/// What a run's consumer threads do, and what is left to account for once they have
/// all ended: the seam between the run and its consumers.
///
/// Pass 05's consumers take each task straight from the shared receiver ([`Direct`]).
/// Pass 06 plugs in consumers that keep local queues and steal from each other; the
/// rest of the run (pool, supervisor, summary) is this pass's, unchanged.
pub trait Consumers<W>: Sync {
    /// The body of consumer thread `index` (a replacement has its predecessor's task
    /// `in_hand`): runs until its work is done, bringing each task it takes to one
    /// outcome through a [`Consumer`].
    fn run<'a>(
        &self,
        index: u32,
        tasks: SharedReceiver<'a>,
        in_hand: Option<InHand>,
        shared: &Shared<'a, W>,
    );

    /// Called once every consumer has ended, before `All consumers finished`: reports
    /// each task the consumers still held outside the channel as undelivered, and
    /// returns their ids. Pass 05's consumers hold nothing between tasks.
    fn leftovers(&self, _shared: &Shared<'_, W>) -> Vec<u64> {
        Vec::new()
    }

    /// Adds this kind of consumer's own lines to the summary, after the dead letters.
    fn report(&self, _log: &Log<W>, _summary: &crate::Summary) {}
}

/// Pass 05's consumers: each task straight from the shared receiver ([`consume`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Direct;

impl<W: Write> Consumers<W> for Direct {
    fn run<'a>(
        &self,
        index: u32,
        tasks: SharedReceiver<'a>,
        in_hand: Option<InHand>,
        shared: &Shared<'a, W>,
    ) {
        consume(index, tasks, in_hand, shared);
    }
}

/// Runs consumer `index` until every sender is gone and the queue is empty.
///
/// A replacement consumer starts with its predecessor's task `in_hand`, whose attempt
/// failed when the predecessor panicked: it carries on from there (retry or
/// dead-letter) before taking new tasks.
///
/// As in pass 03, a consumer waits only in `recv`, and keeps receiving whatever the
/// phase until the queue is closed and empty, so every task sent is accounted for.
pub fn consume<W: Write>(
    index: u32,
    tasks: SharedReceiver<'_>,
    in_hand: Option<InHand>,
    shared: &Shared<'_, W>,
) {
    // Declared after `tasks` (a parameter), so dropped first: the report reaches the
    // supervisor while this consumer still holds its share of the receiver, and the
    // channel cannot close before the supervisor has decided on a replacement.
    let mut consumer = Consumer::new(index, in_hand, shared);
    loop {
        let next = {
            // The lock is held while `recv` blocks (see pass 01 for what that costs).
            let receiver = tasks.lock().unwrap_or_else(PoisonError::into_inner);
            let next = receiver.recv();
            if next.is_ok() {
                // Counted under the lock: the gauge's bound relies on at most one task
                // being received-but-not-yet-counted at a time (see `gauge`).
                shared.gauge.count_received();
            }
            next
        }; // The guard is dropped here, before the work: others can receive meanwhile.

        // `Err(RecvError)` means every sender is dropped *and* the queue is empty:
        // all work is done. It is the normal way out, not a failure.
        let Ok(parcel) = next else { break };
        consumer.take(parcel.open());
    }
    consumer.finish();
}

/// One consumer's state while it works: whatever way tasks reach it, this is what
/// brings each one to exactly one outcome.
pub struct Consumer<'s, 'a, W> {
    index: u32,
    shared: &'s Shared<'a, W>,
    /// Holds the counts and the task in hand; reports them when dropped.
    guard: ConsumerGuard,
    timer: TaskTimer,
    policy: RetryPolicy,
}

impl<'s, 'a, W: Write> Consumer<'s, 'a, W> {
    /// Consumer `index`, reporting to the supervisor through its guard. A
    /// replacement's task `in_hand` is carried on with (retried or dead-lettered) first.
    pub fn new(index: u32, in_hand: Option<InHand>, shared: &'s Shared<'a, W>) -> Self {
        let mut consumer = Self {
            index,
            shared,
            guard: ConsumerGuard::new(shared.control, index),
            timer: TaskTimer::default(),
            policy: RetryPolicy::new(shared.config),
        };
        if let Some(InHand { task, attempt }) = in_hand {
            consumer.failed(task, attempt, TaskError::ConsumerPanicked);
        }
        consumer
    }

    /// Brings `task`, just taken, to its outcome: processed (with any retries), or,
    /// once an immediate shutdown has begun, reported as not processed.
    pub fn take(&mut self, task: Task) {
        let Shared { log, shutdown, .. } = *self.shared;
        if shutdown.phase() == Phase::Stopping {
            return self.not_processed(task, Cut::Before);
        }
        processing(log, self.index, task.id);
        self.attempt(task, 1);
    }

    /// An immediate shutdown reached `task` before its outcome: `cut` says whether
    /// it came between attempts (`not processed`) or cut one short (`interrupted`).
    fn not_processed(&mut self, task: Task, cut: Cut) {
        cut_short(self.shared.log, task.id, cut);
        self.guard.stats.not_processed.push(task.id);
    }

    /// Says this consumer is done; its guard then reports its counts.
    pub fn finish(self) {
        finished(self.shared.log, self.index);
    }

    /// Runs attempt `attempt` at `task`, and whatever follows from it: its success, or
    /// its failure and any retries.
    fn attempt(&mut self, task: Task, attempt: u32) {
        // In hand for exactly the length of the attempt: a panic inside `process`
        // leaves it here for the guard to report.
        self.guard.in_hand = Some(InHand { task, attempt });
        // Timed only when it is cheap enough to be worth it (see `metrics`). The cost
        // is spent on the shutdown token (pass 03), where an immediate stop reaches it.
        let shutdown = self.shared.shutdown;
        let (result, took) = self
            .timer
            .run(|| shutdown.spend(task.cost).then(|| task.process(attempt)));
        self.guard.in_hand = None;
        match result {
            None => self.not_processed(task, Cut::During),
            Some(Ok(value)) => {
                let log = self.shared.log;
                completed(log, task.id);
                self.guard.stats.record(value);
                self.shared.metrics.consumed(self.index, took, false);
                self.count_towards_limit();
            }
            Some(Err(error)) => self.failed(task, attempt, error),
        }
    }

    /// Attempt `attempt` at `task` failed with `error`: retry after a backoff if the
    /// policy allows, else dead-letter the task.
    fn failed(&mut self, task: Task, attempt: u32, error: TaskError) {
        let Shared { log, shutdown, .. } = *self.shared;
        failed(log, task.id, error);
        let Some(wait) = self.policy.next_wait(attempt) else {
            return self.dead_letter(task, attempt, error);
        };
        let next = attempt + 1;
        log.task(format_args!(
            "Task {} will be retried in {} ms (attempt {next} of {})",
            task.id,
            wait.as_millis(),
            self.policy.max_attempts
        ));
        // A graceful drain lets the retry happen; an immediate shutdown cancels it.
        if !shutdown.sleep_until_before(Instant::now() + wait, Phase::Stopping) {
            return self.dead_letter(task, attempt, TaskError::RetryCancelled);
        }
        log.task(format_args!(
            "Consumer {} retrying task {} (attempt {next} of {})",
            self.index, task.id, self.policy.max_attempts
        ));
        self.guard.stats.retries += 1;
        self.attempt(task, next);
    }

    /// Gives up on `task` after `attempts` attempts, recording why.
    fn dead_letter(&mut self, task: Task, attempts: u32, reason: TaskError) {
        let log = self.shared.log;
        dead_lettered(log, task.id, u64::from(attempts), reason);
        self.guard.stats.dead_letters.push(DeadLetter {
            task: task.id,
            attempts,
            reason,
        });
        self.shared.metrics.consumed(self.index, None, true);
        log.task(format_args!("Consumer {} continuing...", self.index));
        self.count_towards_limit();
    }

    /// A task reached its outcome here: report `--stop-after` if it was the last one.
    fn count_towards_limit(&self) {
        if self.shared.reached_limit() {
            self.shared.control.notify(Request::TaskLimit.into());
        }
    }
}

/// `Task 7 completed successfully`: the task's outcome, it succeeded.
pub fn completed<W: Write>(log: &Log<W>, id: u64) {
    log.task(format_args!("Task {id} completed successfully"));
}

/// `Task 7 failed: simulated error`: one attempt at the task failed.
pub fn failed<W: Write>(log: &Log<W>, id: u64, reason: impl Display) {
    log.task(format_args!("Task {id} failed: {reason}"));
}

/// `Task 7 dead-lettered after 3 attempts: simulated error`: the task's outcome, given
/// up on.
pub fn dead_lettered<W: Write>(log: &Log<W>, id: u64, attempts: u64, reason: impl Display) {
    log.task(format_args!(
        "Task {id} dead-lettered after {}: {reason}",
        count(attempts, "attempt")
    ));
}
