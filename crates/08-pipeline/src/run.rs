//! The run: build the channels, start every stage's workers, supervise them until
//! the last one has ended, and print what each stage did.
//!
//! ```text
//!  source ─┬─ sync_channel ─> enrich 0 ─┬─ sync_channel ─> signal 0 ─┐
//!          └─ sync_channel ─> enrich 1 ─┴─ sync_channel ─> signal 1 ─┴─ sync_channel ─> execute 0
//!                  (by symbol)                  (by symbol)                  (by symbol)
//! ```

use std::io::Write;
use std::thread::{self, Scope, ScopedJoinHandle};
use std::time::Instant;

use plumbing::{Log, SpawnError, count, join_all, spawn};

use crate::Config;
use crate::control::{Control, DoneGuard, Event};
use crate::enrich::Enricher;
use crate::error::RunError;
use crate::execute::Book;
use crate::market::{Market, SYMBOLS};
use crate::outlet::{Outlet, channels};
use crate::pace::Pace;
use crate::rules;
use crate::shutdown::Shutdown;
use crate::signal::Signal;
use crate::source::source;
use crate::stage::{Worker, work};
use crate::stats::{STAGES, StageLine, StageStats, Summary};
use crate::supervisor::Supervisor;

/// Runs the pipeline described by `config`, writing its transcript to `out`, until
/// the source has drawn its ticks and every stage has drained, or until it is
/// stopped: by a signal reported on `control`, or by `--duration-ms`.
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
    // A transcript nobody can read stops the run: an endless one would go on forever.
    let log = Log::new(out, config.quiet).on_failure(control.on_output_failure());
    header(config, &log);
    let outcome = run_stages(config, &log, control);
    if let Ok(summary) = &outcome {
        footer(summary, &log);
    }
    let output = log.finish();
    let summary = outcome?;
    output.map_err(RunError::Output)?;
    Ok(summary)
}

/// What the pipeline is: the market, the stages, the mode of stopping.
fn header<W: Write>(config: &Config, log: &Log<W>) {
    let symbols: Vec<&str> = SYMBOLS[..usize::from(config.symbols)]
        .iter()
        .map(|&(name, _)| name)
        .collect();
    log.line(format_args!(
        "Pipeline: {} of {} ({}), seed {}",
        count(config.ticks, "tick"),
        count(u64::from(config.symbols), "symbol"),
        symbols.join(", "),
        config.seed
    ));
    log.line(format_args!(
        "Stages: source -> enrich ({}) -> signal ({}) -> execute ({}), channels of {}",
        count(config.enrich_workers, "worker"),
        count(config.signal_workers, "worker"),
        count(config.execute_workers, "worker"),
        config.capacity
    ));
    match config.drain() {
        Some(drain) => log.line(format_args!(
            "Shutdown mode: timeout (drain {} ms)",
            drain.as_millis()
        )),
        None => log.line(format_args!("Shutdown mode: {}", mode_name(config))),
    }
    log.line(format_args!("Running... Press Ctrl+C to stop"));
    log.line(format_args!(""));
}

fn mode_name(config: &Config) -> &'static str {
    match config.shutdown {
        crate::config::Mode::Immediate => "immediate",
        _ => "graceful",
    }
}

/// Each stage's counts, the book, the totals.
fn footer<W: Write>(summary: &Summary, log: &Log<W>) {
    log.line(format_args!(""));
    for (name, stats) in STAGES.iter().zip(&summary.stages) {
        log.line(format_args!("{}", StageLine(name, stats)));
    }
    for (symbol, ledger) in &summary.book.ledgers {
        log.line(format_args!(
            "Position {symbol}: {:+}, cash {:+}, last {}, P&L {:+}",
            ledger.position,
            ledger.cash,
            ledger.last_price,
            ledger.pnl()
        ));
    }
    log.line(format_args!("Orders executed: {}", summary.book.orders()));
    log.line(format_args!("P&L: {:+}", summary.book.pnl()));
    log.line(format_args!(
        "Elapsed: {:.3} s",
        summary.elapsed.as_secs_f64()
    ));
    log.line(format_args!(
        "Throughput: {:.0} ticks/s",
        summary.throughput()
    ));
}

/// What one worker returns: its stage (an index of [`STAGES`]), its counts, and for
/// the executor its book.
type Done = (usize, StageStats, Option<Book>);

fn run_stages<W: Write + Send>(
    config: &Config,
    log: &Log<W>,
    control: &Control,
) -> Result<Summary, RunError> {
    let shutdown = Shutdown::default();
    let inbox = control.inbox();
    let started = Instant::now();
    let (spawned, joined, trigger) = thread::scope(|s| {
        let mut handles = Vec::new();
        let spawned = start(s, config, log, &shutdown, control, &mut handles);
        // Every channel's ends are now in the workers' hands, or, after a failed start,
        // dropped: either way each stage ends once the one before it has.
        let mut trigger = None;
        if spawned.is_ok() {
            let mut supervisor = Supervisor::new(config.rules(), log, &shutdown, &inbox, started);
            supervisor.until_producers_done();
            supervisor.until_consumers_done();
            trigger = supervisor.trigger;
        }
        (spawned, join_all(handles), trigger)
    });
    spawned?;
    let mut summary = Summary {
        stages: [StageStats::default(); 4],
        book: Book::default(),
        trigger,
        elapsed: started.elapsed(),
    };
    for (stage, stats, book) in joined? {
        summary.stages[stage] += stats;
        // Each executor's book holds its own symbols: together they are the whole.
        if let Some(book) = book {
            summary.book.ledgers.extend(book.ledgers);
        }
    }
    Ok(summary)
}

/// Builds the channels and starts the workers, the last stage first: a stage that
/// starts finds the one after it running, and if a start fails, the workers already
/// running end as soon as their inputs close (the ends not yet handed out are dropped
/// on return).
fn start<'scope, 'env: 'scope, W: Write + Send>(
    s: &'scope Scope<'scope, 'env>,
    config: &'env Config,
    log: &'env Log<W>,
    shutdown: &'env Shutdown,
    control: &'env Control,
    handles: &mut Vec<ScopedJoinHandle<'scope, Done>>,
) -> Result<(), SpawnError> {
    let capacity = config.capacity();
    let (ticks, tick_inlets) = channels(config.enrich_workers as usize, capacity);
    let (enriched, enriched_inlets) = channels(config.signal_workers as usize, capacity);
    let (signals, signal_inlets) = channels(config.execute_workers as usize, capacity);
    // One guard per worker: the supervisor hears of its end however it ends.
    let worker = move |name: String, event| {
        (
            DoneGuard::new(control, event),
            Worker {
                name,
                log,
                shutdown,
            },
        )
    };
    for (i, inlet) in signal_inlets.into_iter().enumerate() {
        handles.push(spawn(s, format!("execute-{i}"), move || {
            let (_done, me) = worker(format!("Executor {i}"), Event::ConsumerDone);
            let mut book = Book::default();
            let stats = work(&me, inlet, None::<&Outlet<Signal>>, |signal| {
                rules::execute(&mut book, signal)
            });
            (3, stats, Some(book))
        })?);
    }
    for (i, inlet) in enriched_inlets.into_iter().enumerate() {
        let outlet = signals.clone();
        handles.push(spawn(s, format!("signal-{i}"), move || {
            let (_done, me) = worker(format!("SignalGen {i}"), Event::ConsumerDone);
            (2, work(&me, inlet, Some(&outlet), rules::generate), None)
        })?);
    }
    for (i, inlet) in tick_inlets.into_iter().enumerate() {
        let outlet = enriched.clone();
        handles.push(spawn(s, format!("enrich-{i}"), move || {
            let (_done, me) = worker(format!("Enricher {i}"), Event::ConsumerDone);
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
        let (_done, me) = worker("DataSource".into(), Event::ProducerDone);
        (0, source(&me, market, n, Pace::new(rate), ticks), None)
    })?);
    Ok(())
}
