//! A consumer: works through its own local queue, steals half of a busy consumer's
//! queue when its own is empty, and brings each task to exactly one outcome:
//! succeeded, dead-lettered, or (once an immediate shutdown has begun) not processed.

use std::io::Write;
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use plumbing::count;

use crate::control::{Event, InHand};
use crate::error::TaskError;
use crate::guard::ConsumerGuard;
use crate::local::LocalQueue;
use crate::metrics::TaskTimer;
use crate::retry::RetryPolicy;
use crate::shared::Shared;
use crate::shutdown::Phase;
use crate::stats::DeadLetter;
use crate::task::Task;

/// How long an idle consumer waits on its own queue before it looks for a victim
/// again. Stealing is polling: a thief cannot wait on every other queue's condition
/// variable at once, so it checks, sleeps this long unless its own queue wakes it, and
/// checks again. An idle consumer thus notices a backlog elsewhere within a
/// millisecond, at the price of a few lock probes per millisecond while idle.
pub const STEAL_RETRY: Duration = Duration::from_millis(1);

/// Runs consumer `index` on its local queue `queues[index]` until that queue's input
/// has ended, it is empty, and (with stealing) no other queue has anything to steal.
///
/// A replacement consumer starts with its predecessor's task `in_hand` (pass 05), and
/// works on the same local queue: the queue belongs to the slot, not the thread.
pub fn consume<W: Write>(
    index: u32,
    queues: &[LocalQueue],
    in_hand: Option<InHand>,
    shared: &Shared<'_, W>,
) {
    let config = shared.config;
    let mut consumer = Consumer {
        index,
        shared,
        guard: ConsumerGuard::new(shared.control, index),
        timer: TaskTimer::default(),
        policy: RetryPolicy::new(config),
    };
    if let Some(InHand { task, attempt }) = in_hand {
        consumer.failed(task, attempt, TaskError::ConsumerPanicked);
    }
    let own = &queues[index as usize];
    // Whom to rob is random, as the exercise asks, and seeded, so a run replays.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(
        config.seed ^ u64::from(index).wrapping_mul(0xA076_1D64_78BD_642F),
    );
    let steal = !config.no_steal && queues.len() > 1;
    loop {
        if shared.shutdown.phase() == Phase::Stopping {
            // Immediate: report what is queued here, until the input ends.
            while let Some(task) = own.pop() {
                consumer.not_processed(task);
            }
            if own.is_drained() {
                break;
            }
            own.wait_for_work(None);
            continue;
        }
        if let Some(task) = own.pop() {
            consumer.run(task);
            continue;
        }
        if steal && consumer.steal(queues, own, &mut rng) {
            continue;
        }
        if own.is_drained() {
            break;
        }
        own.wait_for_work(steal.then_some(STEAL_RETRY));
    }
    // Closed behind us: a task re-homed here from a dead consumer's queue after the
    // last look is handed back now, and none can arrive later.
    for task in own.kill() {
        if shared.shutdown.phase() == Phase::Stopping {
            consumer.not_processed(task);
        } else {
            consumer.run(task);
        }
    }
    shared.log.task(format_args!("Consumer {index} finished"));
}

/// One consumer's state while it works.
struct Consumer<'s, 'a, W> {
    index: u32,
    shared: &'s Shared<'a, W>,
    /// Holds the counts and the task in hand; reports them when dropped.
    guard: ConsumerGuard,
    timer: TaskTimer,
    policy: RetryPolicy,
}

impl<W: Write> Consumer<'_, '_, W> {
    /// Runs `task` from its first attempt.
    fn run(&mut self, task: Task) {
        self.shared.log.task(format_args!(
            "Consumer {} processing task {}",
            self.index, task.id
        ));
        self.attempt(task, 1);
    }

    /// Reports `task` as not processed (immediate shutdown).
    fn not_processed(&mut self, task: Task) {
        let log = self.shared.log;
        log.task(format_args!("Task {} not processed (shutdown)", task.id));
        self.guard.stats.not_processed.push(task.id);
    }

    /// Tries the other queues, from a random one on, and moves the first non-empty
    /// one's newer half into `own`. Returns whether anything was stolen.
    fn steal(
        &mut self,
        queues: &[LocalQueue],
        own: &LocalQueue,
        rng: &mut Xoshiro256PlusPlus,
    ) -> bool {
        let n = queues.len();
        let start = rng.random_range(0..n);
        for k in 0..n {
            let victim = (start + k) % n;
            if victim == self.index as usize {
                continue;
            }
            let stolen = queues[victim].steal_half();
            if stolen.is_empty() {
                continue;
            }
            let taken = stolen.len() as u64;
            self.shared.log.task(format_args!(
                "Consumer {} stole {} from Consumer {victim}",
                self.index,
                count(taken, "task")
            ));
            self.guard.stats.steals += 1;
            self.guard.stats.stolen += taken;
            // Our own queue cannot be dead while we run: only the supervisor kills a
            // queue, after its owner died unreplaced, and we are alive.
            if let Err(back) = own.push_all(stolen) {
                for task in back {
                    self.run(task);
                }
            }
            return true;
        }
        false
    }

    /// Runs attempt `attempt` at `task`, and whatever follows from it: its success, or
    /// its failure and any retries.
    fn attempt(&mut self, task: Task, attempt: u32) {
        // In hand for exactly the length of the attempt: a panic inside `process`
        // leaves it here for the guard to report.
        self.guard.in_hand = Some(InHand { task, attempt });
        // Timed only when it is cheap enough to be worth it (see `metrics`).
        let (result, took) = self.timer.run(|| task.process(attempt));
        self.guard.in_hand = None;
        match result {
            Ok(value) => {
                let log = self.shared.log;
                log.task(format_args!("Task {} completed successfully", task.id));
                self.guard.stats.record(value);
                self.shared.metrics.consumed(self.index, took, false);
                self.count_towards_limit();
            }
            Err(error) => self.failed(task, attempt, error),
        }
    }

    /// Attempt `attempt` at `task` failed with `error`: retry after a backoff if the
    /// policy allows, else dead-letter the task.
    fn failed(&mut self, task: Task, attempt: u32, error: TaskError) {
        let Shared { log, shutdown, .. } = *self.shared;
        log.task(format_args!("Task {} failed: {error}", task.id));
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
        log.task(format_args!(
            "Task {} dead-lettered after {}: {reason}",
            task.id,
            count(attempts, "attempt")
        ));
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
            self.shared.control.notify(Event::TaskLimit);
        }
    }
}
