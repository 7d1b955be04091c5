//! The run: build the channels, start every stage's workers (the pipeline's here,
//! the quote aggregator's in [`fan_in`]), supervise them until the
//! last one has ended, and print what each stage did.
//!
//! ```text
//!  source ─┬─ sync_channel ─> enrich 0 ─┬─ sync_channel ─> signal 0 ─┐
//!          └─ sync_channel ─> enrich 1 ─┴─ sync_channel ─> signal 1 ─┴─ sync_channel ─> execute 0
//!                  (by symbol)                  (by symbol)                  (by symbol)
//! ```

use std::io::Write;
use std::sync::mpsc::Receiver;
use std::thread::{self, Scope, ScopedJoinHandle};
use std::time::Instant;

use plumbing::{Log, SpawnError, join_all, spawn};

use crate::aggregate::Aggregator;
use crate::config::System;
use crate::control::{Control, DoneGuard, Event};
use crate::enrich::Enricher;
use crate::error::RunError;
use crate::execute::Book;
use crate::market::Market;
use crate::monitor::{Finish, Gauges, monitor};
use crate::outlet::{Item, Outlet, channels};
use crate::pace::Pace;
use crate::rules::Said;
use crate::shutdown::Shutdown;
use crate::signal::Signal;
use crate::source::{drawn, produce};
use crate::stage::{Worker, work};
use crate::stats::{Outcome, StageStats, Summary};
use crate::supervisor::Supervisor;
use crate::{Config, fan_in, report, rules};

/// Runs the system described by `config` (the pipeline, or the quote aggregator),
/// writing its transcript to `out`, until its producers have drawn their items and
/// every stage has drained, or until it is stopped: by a signal reported on
/// `control`, or by `--duration-ms`.
///
/// Returns once every thread has been joined: the threads are scoped
/// (`std::thread::scope`), so none can outlive this call.
///
/// # Errors
/// See [`RunError`]; none of them is expected in a healthy run.
pub fn run<W: Write + Send>(
    config: &Config,
    out: W,
    control: &Control,
) -> Result<Summary, RunError> {
    let log = control.transcript(out, config.quiet);
    report::header(config, &log);
    let outcome = run_threads(config, &log, control);
    if let Ok(summary) = &outcome {
        report::footer(summary, &log);
    }
    log.close(outcome, RunError::Output)
}

/// What one worker returns: its stage (an index of the system's stage names), its
/// counts, and, from the last stage, what it computed.
pub type Done = (usize, StageStats, Option<Outcome>);

fn run_threads<W: Write + Send>(
    config: &Config,
    log: &Log<W>,
    control: &Control,
) -> Result<Summary, RunError> {
    let shutdown = Shutdown::default();
    let inbox = control.inbox();
    let started = Instant::now();
    let names = config.stage_names();
    let watch = config.watch();
    let gauges = Gauges::new(names.len(), watch.is_some());
    let finish = Finish::default();
    let (spawned, joined, trigger) = thread::scope(|s| {
        let mut handles = Vec::new();
        let crew = Crew {
            config,
            log,
            shutdown: &shutdown,
            control,
            gauges: &gauges,
        };
        // The monitor, if asked for, first: it reads the gauges until `finish`.
        let monitor = match &watch {
            Some(watch) => {
                let (gauges, finish) = (&gauges, &finish);
                spawn(s, "monitor".into(), move || {
                    monitor(log, gauges, watch, finish)
                })
                .map(Some)
            }
            None => Ok(None),
        };
        let (monitor, spawned) = match monitor {
            Ok(monitor) => (
                monitor,
                match config.system {
                    System::Pipeline | System::Risk => start(s, crew, &mut handles),
                    System::Aggregator => fan_in::start(s, crew, &mut handles),
                },
            ),
            Err(error) => (None, Err(error)),
        };
        // Every channel's ends are now in the workers' hands, or, after a failed start,
        // dropped: either way each stage ends once the one before it has.
        let mut trigger = None;
        if spawned.is_ok() {
            let mut supervisor = Supervisor::new(config.rules(), log, &shutdown, &inbox, started);
            supervisor.until_producers_done();
            supervisor.until_consumers_done();
            trigger = supervisor.trigger();
        }
        let joined = join_all(handles);
        finish.now();
        let monitored = monitor.map_or(Ok(()), |handle| join_all(vec![handle]).map(|_| ()));
        (
            spawned,
            joined.and_then(|done| monitored.map(|()| done)),
            trigger,
        )
    });
    spawned?;
    let mut outcome = match config.system {
        System::Pipeline | System::Risk => Outcome::Book(Book::default()),
        System::Aggregator => Outcome::Quotes(Aggregator::default()),
    };
    let mut stages: Vec<(&str, StageStats)> = names
        .iter()
        .map(|&name| (name, StageStats::default()))
        .collect();
    for (stage, stats, computed) in joined? {
        stages[stage].1 += stats;
        match (computed, &mut outcome) {
            // Each executor's book holds its own symbols: together they are the whole.
            (Some(Outcome::Book(book)), Outcome::Book(all)) => all.ledgers.extend(book.ledgers),
            (Some(quotes @ Outcome::Quotes(_)), _) => outcome = quotes,
            _ => {}
        }
    }
    Ok(Summary {
        stages,
        outcome,
        trigger,
        elapsed: started.elapsed(),
    })
}

/// Starts the risk manager (the risk filter, the sizer, the executors behind them)
/// and returns the outlet the signal generators feed it by.
fn start_risk<'scope, 'env: 'scope, W: Write + Send>(
    s: &'scope Scope<'scope, 'env>,
    crew: Crew<'env, W>,
    handles: &mut Vec<ScopedJoinHandle<'scope, Done>>,
) -> Result<Outlet<Signal>, SpawnError> {
    let (config, limits) = (crew.config, crew.config.limits());
    let capacity = config.capacity();
    let (sized, sized_inlets) = channels(config.execute_workers as usize, capacity);
    executors(s, crew, handles, 5, sized_inlets, rules::fill)?;
    let (screened, mut screened_inlets) = channels(1, capacity);
    let inlet = screened_inlets.pop().expect("one sizer");
    handles.push(spawn(s, "size".into(), move || {
        let (_done, me) = crew.hand("Sizer 0".into(), Event::ConsumerDone, 4);
        (
            4,
            work(&me, inlet, Some(&sized), |o| rules::size(&limits, o)),
            None,
        )
    })?);
    let (signals, mut signal_inlets) = channels(1, capacity);
    let inlet = signal_inlets.pop().expect("one risk filter");
    handles.push(spawn(s, "risk".into(), move || {
        let (_done, me) = crew.hand("RiskFilter 0".into(), Event::ConsumerDone, 3);
        (
            3,
            work(&me, inlet, Some(&screened), |s| rules::screen(&limits, s)),
            None,
        )
    })?);
    Ok(signals)
}

/// Starts one executor per inlet, stage `index`, each with a book of its own, acting
/// on each item by `act`.
fn executors<'scope, 'env: 'scope, W: Write + Send, I: Item + 'scope>(
    s: &'scope Scope<'scope, 'env>,
    crew: Crew<'env, W>,
    handles: &mut Vec<ScopedJoinHandle<'scope, Done>>,
    index: usize,
    inlets: Vec<Receiver<I>>,
    act: fn(&mut Book, I) -> (Option<I>, Said),
) -> Result<(), SpawnError> {
    for (i, inlet) in inlets.into_iter().enumerate() {
        handles.push(spawn(s, format!("execute-{i}"), move || {
            let (_done, me) = crew.hand(format!("Executor {i}"), Event::ConsumerDone, index);
            let mut book = Book::default();
            let stats = work(&me, inlet, None::<&Outlet<I>>, |item| act(&mut book, item));
            (index, stats, Some(Outcome::Book(book)))
        })?);
    }
    Ok(())
}

/// What every worker of a run is started with.
pub struct Crew<'env, W> {
    /// The flags.
    pub config: &'env Config,
    /// The transcript.
    pub log: &'env Log<W>,
    /// The phase every worker watches.
    pub shutdown: &'env Shutdown,
    /// Where each worker's end is reported.
    pub control: &'env Control,
    /// The live counts the monitor reads.
    pub gauges: &'env Gauges,
}

// Derived `Clone` and `Copy` would ask the same of `W`; these are only references.
impl<W> Clone for Crew<'_, W> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<W> Copy for Crew<'_, W> {}

impl<'env, W: Write> Crew<'env, W> {
    /// A worker of stage `stage` called `name`, and the guard that reports `event`
    /// when it ends, however it ends: to be made first thing on the worker's thread.
    pub fn hand(&self, name: String, event: Event, stage: usize) -> (DoneGuard, Worker<'env, W>) {
        let worker = Worker {
            name,
            log: self.log,
            shutdown: self.shutdown,
            gauges: self.gauges,
            stage,
        };
        (DoneGuard::new(self.control, event), worker)
    }
}

/// Builds the channels and starts the workers, the last stage first: a stage that
/// starts finds the one after it running, and if a start fails, the workers already
/// running end as soon as their inputs close (the ends not yet handed out are dropped
/// on return).
fn start<'scope, 'env: 'scope, W: Write + Send>(
    s: &'scope Scope<'scope, 'env>,
    crew: Crew<'env, W>,
    handles: &mut Vec<ScopedJoinHandle<'scope, Done>>,
) -> Result<(), SpawnError> {
    let config = crew.config;
    let capacity = config.capacity();
    let (ticks, tick_inlets) = channels(config.enrich_workers as usize, capacity);
    let (enriched, enriched_inlets) = channels(config.signal_workers as usize, capacity);
    let signals = match config.system {
        System::Risk => start_risk(s, crew, handles)?,
        _ => {
            let (signals, inlets) = channels(config.execute_workers as usize, capacity);
            executors(s, crew, handles, 3, inlets, rules::execute)?;
            signals
        }
    };
    for (i, inlet) in enriched_inlets.into_iter().enumerate() {
        let outlet = signals.clone();
        handles.push(spawn(s, format!("signal-{i}"), move || {
            let (_done, me) = crew.hand(format!("SignalGen {i}"), Event::ConsumerDone, 2);
            (2, work(&me, inlet, Some(&outlet), rules::generate), None)
        })?);
    }
    for (i, inlet) in tick_inlets.into_iter().enumerate() {
        let outlet = enriched.clone();
        handles.push(spawn(s, format!("enrich-{i}"), move || {
            let (_done, me) = crew.hand(format!("Enricher {i}"), Event::ConsumerDone, 1);
            let mut enricher = Enricher::default();
            let stats = work(&me, inlet, Some(&outlet), |tick| {
                rules::enrich(&mut enricher, tick)
            });
            (1, stats, None)
        })?);
    }
    let market = Market::new(config.seed, usize::from(config.symbols));
    let (n, rate) = (config.ticks, config.rate);
    handles.push(spawn(s, "source".into(), move || {
        let (_done, me) = crew.hand("DataSource".into(), Event::ProducerDone, 0);
        (
            0,
            produce(&me, market, n, Pace::new(rate), ticks, drawn),
            None,
        )
    })?);
    Ok(())
}
