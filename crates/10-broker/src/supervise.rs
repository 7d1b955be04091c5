//! The launcher's loop: replaces children that die, stops the run when it is done or
//! asked to, in pass 03's modes, across processes.
//!
//! | what happens | what the launcher does |
//! |---|---|
//! | a consumer is killed | says so, starts a new consumer; the dead one's tasks are reclaimed by the others after `--claim-idle-ms` |
//! | a consumer ends unasked (its stdout closed) | starts a new consumer, whose `Started` line finds the closed stdout |
//! | a producer is killed | says so, starts it again: it resumes after its last added task |
//! | every producer finished and the stream is empty | SIGTERM to every consumer |
//! | first signal, graceful or timeout | SIGTERM to every producer; the consumers drain the stream (timeout: for `--drain-ms` at most) |
//! | first signal, immediate; a second signal; the drain's time is up; stdout closed | SIGTERM to everyone: each consumer finishes the task in hand, the rest stays in the stream |
//! | a child exits with an error | the run ends with that error (status 1), the rest killed |

use std::io::Write;
use std::thread;
use std::time::{Duration, Instant};

use basic::run::producers_finished;
use plumbing::Log;
use redis::{Commands, Connection};

use crate::config::{Config, Mode, Role};
use crate::error::RunError;
use crate::fleet::{Ended, Fleet, role_name};
use crate::keys::Keys;
use crate::monitor;
use crate::signals::Signals;

/// How often the launcher looks at its children, its signals and the stream. Its
/// children do the work; it only has to notice within a few milliseconds.
const TICK: Duration = Duration::from_millis(5);

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Producers adding, consumers consuming.
    Running,
    /// Producers told to stop; consumers drain, until `deadline` if there is one.
    Draining { deadline: Option<Instant> },
    /// Every child told to stop; waiting for them to exit.
    Stopping,
}

/// The launcher's view of a run.
pub struct Supervisor<'a, W: Write> {
    config: &'a Config,
    log: &'a Log<W>,
    signals: &'a Signals,
    keys: Keys,
    started: Instant,
    phase: Phase,
    /// Signals acted on so far.
    seen: u32,
    /// Whether a signal started the shutdown (the exit status is then 130).
    signaled: bool,
    /// Whether `All producers finished` was printed.
    producers_done: bool,
    /// When statistics are next due.
    next_stats: Option<Instant>,
}

impl<'a, W: Write> Supervisor<'a, W> {
    /// A supervisor for a run that started at `started`.
    pub fn new(
        config: &'a Config,
        log: &'a Log<W>,
        signals: &'a Signals,
        started: Instant,
    ) -> Self {
        let interval = config.stats_interval_ms.map(Duration::from_millis);
        Self {
            config,
            log,
            signals,
            keys: Keys::new(&config.name),
            started,
            phase: Phase::Running,
            seen: 0,
            signaled: false,
            producers_done: false,
            next_stats: interval.map(|every| started + every),
        }
    }

    /// Runs until every child has exited; returns whether a signal stopped the run (a
    /// signal that comes once the run is already stopping changes nothing).
    ///
    /// # Errors
    /// The broker's, a child's failure, or a child that cannot be started.
    pub fn run(mut self, fleet: &mut Fleet, con: &mut Connection) -> Result<bool, RunError> {
        loop {
            for ended in fleet.reap()? {
                self.ended(fleet, ended)?;
            }
            self.stops(fleet);
            if !self.producers_done && fleet.running(Role::Producer) == 0 {
                self.producers_done = true;
                producers_finished(self.log);
                if matches!(self.phase, Phase::Draining { .. }) {
                    self.log.line(format_args!("Finishing pending work..."));
                }
            }
            if self.producers_done && self.phase != Phase::Stopping {
                let in_flight: u64 = con.xlen(&self.keys.stream)?;
                if in_flight == 0 {
                    fleet.terminate(Role::Consumer);
                    self.phase = Phase::Stopping;
                }
            }
            let running = fleet.running(Role::Consumer) + fleet.running(Role::Producer);
            if self.phase == Phase::Stopping && running == 0 {
                return Ok(self.signaled);
            }
            self.statistics(con)?;
            thread::sleep(TICK);
        }
    }

    /// A child ended: a clean exit is the end of its part; a kill is reported and the
    /// child replaced while the run goes on; an error ends the run.
    fn ended(&mut self, fleet: &mut Fleet, ended: Ended) -> Result<(), RunError> {
        let name = role_name(ended.role);
        if ended.status.success() {
            // A consumer ends unasked only when it could no longer write (a closed
            // stdout) or someone else stopped it. While the run goes on, another takes
            // its place; the launcher's `Started` line then finds the closed stdout, if
            // that was why, and the run stops. (Left alone, a producer blocked on a
            // full stream, which writes nothing, would wait for consumers forever.)
            if ended.role == Role::Consumer && self.phase != Phase::Stopping {
                fleet.start_consumer(self.log)?;
            }
            return Ok(());
        }
        let Some(signal) = ended.killed_by() else {
            return Err(RunError::Child {
                who: format!("{name} {}", ended.index),
                status: ended.status,
            });
        };
        let title = if ended.role == Role::Producer {
            "Producer"
        } else {
            "Consumer"
        };
        self.log.line(format_args!(
            "{title} {} died (killed by signal {signal})",
            ended.index
        ));
        match (ended.role, self.phase) {
            (Role::Producer, Phase::Running) => fleet.start_producer(ended.index, self.log),
            (Role::Consumer, Phase::Running | Phase::Draining { .. }) => {
                fleet.start_consumer(self.log).map(|_| ())
            }
            _ => Ok(()),
        }
    }

    /// Signals, `--duration-ms`, the drain's deadline and a closed stdout.
    fn stops(&mut self, fleet: &Fleet) {
        let received = self.signals.received();
        if received > self.seen {
            if self.seen == 0 && self.phase == Phase::Running {
                self.log.line(format_args!("Shutdown signal received"));
                self.signaled = true;
                self.begin(fleet);
            } else if self.phase != Phase::Stopping {
                self.log
                    .line(format_args!("Second signal: stopping immediately"));
                self.stop_everyone(fleet);
            }
            self.seen = received;
        }
        let duration = self.config.stop.duration_ms.map(Duration::from_millis);
        if self.phase == Phase::Running && duration.is_some_and(|d| self.started.elapsed() >= d) {
            let ms = duration.unwrap_or_default().as_millis();
            self.log
                .line(format_args!("Shutdown requested: ran for {ms} ms"));
            self.begin(fleet);
        }
        if let Phase::Draining { deadline: Some(at) } = self.phase
            && Instant::now() >= at
        {
            let ms = self.config.stop.drain().unwrap_or_default().as_millis();
            self.log.line(format_args!(
                "Drain timeout ({ms} ms) expired: stopping immediately"
            ));
            self.stop_everyone(fleet);
        }
        if self.signals.output_closed() && self.phase != Phase::Stopping {
            self.stop_everyone(fleet);
        }
    }

    /// The shutdown, in `--shutdown`'s mode.
    fn begin(&mut self, fleet: &Fleet) {
        if self.config.stop.shutdown == Mode::Immediate {
            self.stop_everyone(fleet);
            return;
        }
        let deadline = self.config.stop.drain().map(|d| Instant::now() + d);
        self.phase = Phase::Draining { deadline };
        fleet.terminate(Role::Producer);
    }

    fn stop_everyone(&mut self, fleet: &Fleet) {
        self.phase = Phase::Stopping;
        fleet.terminate(Role::Producer);
        fleet.terminate(Role::Consumer);
    }

    fn statistics(&mut self, con: &mut Connection) -> Result<(), RunError> {
        let (Some(due), Some(every)) = (self.next_stats, self.config.stats_interval_ms) else {
            return Ok(());
        };
        if Instant::now() < due {
            return Ok(());
        }
        self.next_stats = Some(due + Duration::from_millis(every));
        monitor::print(con, &self.keys, self.config, self.log)?;
        Ok(())
    }
}
