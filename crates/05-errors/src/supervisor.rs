//! The supervisor: the run's own thread, deciding when and how the run stops, and,
//! since pass 05, where workers' ends are accounted for.
//!
//! When and how the run stops is pass 03's [`Stopper`] (its module docs draw the
//! phases): this supervisor hands it every request to stop. What is new is the rest.
//! Each end arrives with the worker's counts ([`ProducerEnd`], [`ConsumerEnd`]); the
//! supervisor says which producer failed, and when a consumer panicked it starts a
//! replacement that carries on with the task in hand, or, when none may start,
//! dead-letters that task itself.

use std::io::Write;
use std::sync::mpsc::Receiver;
use std::time::Instant;

use plumbing::count;

use crate::consumer::{dead_lettered, failed};

use crate::control::{ConsumerEnd, Event, InHand, ProducerEnd, Request, next_event};
use crate::error::TaskError;
use crate::pool::Pool;
use crate::shared::Shared;
use crate::stats::{ConsumerPanic, ConsumerStats, DeadLetter, ProducerFailed, ProducerStats};
use ::shutdown::supervisor::Stopper;
pub use ::shutdown::supervisor::Trigger;

/// What the supervisor learned from the workers' ends.
#[derive(Debug, Default)]
pub(crate) struct Reports {
    /// Each producer's counts, by index.
    pub(crate) per_producer: Vec<ProducerStats>,
    /// Each consumer's counts (with its replacements'), by index.
    pub(crate) per_consumer: Vec<ConsumerStats>,
    /// Producers that failed, in the order they did.
    pub(crate) producer_failures: Vec<ProducerFailed>,
    /// Consumers that panicked, in the order they did.
    pub(crate) consumer_panics: Vec<ConsumerPanic>,
}

/// The supervisor's state; see the module docs.
pub(crate) struct Supervisor<'a, 'p, 'scope, 'env, W> {
    shared: &'a Shared<'a, W>,
    inbox: &'a Receiver<Event>,
    pool: &'p mut Pool<'scope, 'env, W>,
    /// What the workers reported.
    pub(crate) reports: Reports,
    /// When and how the run stops: pass 03's.
    stopper: Stopper<'a, W>,
    producers_left: u32,
    consumers_left: u32,
}

impl<'a, 'p, 'scope, 'env, W: Write + Send> Supervisor<'a, 'p, 'scope, 'env, W> {
    /// A supervisor for a run that started at `started`, with its consumers in `pool`.
    pub(crate) fn new(
        shared: &'a Shared<'a, W>,
        inbox: &'a Receiver<Event>,
        pool: &'p mut Pool<'scope, 'env, W>,
        started: Instant,
    ) -> Self {
        let config = shared.config;
        Self {
            shared,
            inbox,
            pool,
            reports: Reports {
                per_producer: vec![ProducerStats::default(); config.producers as usize],
                per_consumer: vec![ConsumerStats::default(); config.consumers as usize],
                ..Reports::default()
            },
            stopper: Stopper::new(config.rules(), shared.log, shared.shutdown, started),
            producers_left: config.producers,
            consumers_left: config.consumers,
        }
    }

    /// What stopped the run, if anything did.
    pub(crate) fn trigger(&self) -> Option<Trigger> {
        self.stopper.trigger()
    }

    /// Handles events until every producer has ended.
    pub(crate) fn until_producers_done(&mut self) {
        while self.producers_left > 0 {
            self.handle(next_event(self.inbox, self.stopper.deadline()));
        }
    }

    /// Handles events until every consumer has ended (producers included, so no
    /// event of this run is left in the channel).
    pub(crate) fn until_consumers_done(&mut self) {
        self.stopper.producers_done();
        while self.consumers_left > 0 || self.producers_left > 0 {
            self.handle(next_event(self.inbox, self.stopper.deadline()));
        }
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::ProducerEnded(end) => self.producer_ended(end),
            Event::ConsumerEnded(end) => self.consumer_ended(end),
            Event::Request(request) => self.request(request),
        }
    }

    /// Hands `request` to the stopper, which must know whether the producers are done.
    fn request(&mut self, request: Request) {
        self.stopper.request(request, self.producers_left == 0);
    }

    /// A producer ended: keep its counts, and say so if it failed.
    fn producer_ended(&mut self, end: ProducerEnd) {
        self.producers_left -= 1;
        let ProducerEnd {
            index,
            stats,
            failure,
        } = end;
        if let Some(failure) = failure {
            self.shared.log.line(format_args!(
                "Producer {index} failed after {}: {failure}",
                count(stats.created, "task")
            ));
            self.reports.producer_failures.push(ProducerFailed {
                producer: index,
                created: stats.created,
                failure,
            });
        }
        self.reports.per_producer[index as usize] = stats;
    }

    /// A consumer ended: keep its counts; if it panicked, replace it or account for
    /// its task in hand.
    fn consumer_ended(&mut self, end: ConsumerEnd) {
        self.consumers_left -= 1;
        let ConsumerEnd {
            index,
            stats,
            panicked,
            in_hand,
        } = end;
        self.reports.per_consumer[index as usize].merge(stats);
        if !panicked {
            return;
        }
        let log = self.shared.log;
        match in_hand {
            Some(InHand { task, .. }) => {
                log.line(format_args!(
                    "Consumer {index} panicked on task {}",
                    task.id
                ));
            }
            None => log.line(format_args!("Consumer {index} panicked")),
        }
        let replaced = match self.pool.replace(index, in_hand) {
            Ok(restart) => {
                self.consumers_left += 1;
                log.line(format_args!(
                    "Consumer {index} replaced (restart {restart} of {})",
                    self.pool.restart_limit()
                ));
                true
            }
            Err(why) => {
                log.line(format_args!("Consumer {index} not replaced ({why})"));
                if let Some(in_hand) = in_hand {
                    self.dead_letter(index, in_hand);
                }
                false
            }
        };
        self.reports.consumer_panics.push(ConsumerPanic {
            consumer: index,
            task: in_hand.map(|h| h.task.id),
            replaced,
        });
    }

    /// Gives up on the task a consumer died with, when no replacement can carry on.
    fn dead_letter(&mut self, index: u32, InHand { task, attempt }: InHand) {
        let Shared { log, metrics, .. } = *self.shared;
        let reason = TaskError::ConsumerPanicked;
        // Per-task lines, as the consumer's own: `--quiet` leaves them out.
        failed(log, task.id, reason);
        dead_lettered(log, task.id, u64::from(attempt), reason);
        self.reports.per_consumer[index as usize]
            .dead_letters
            .push(DeadLetter {
                task: task.id,
                attempts: attempt,
                reason,
            });
        metrics.consumed(index, None, true);
        if self.shared.reached_limit() {
            self.request(Request::TaskLimit);
        }
    }
}
