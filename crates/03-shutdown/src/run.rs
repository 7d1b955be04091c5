//! The run: the queue and what the workers share, the [`crew`](crate::crew) started in a
//! thread scope that stops it on every way out, and the summary.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::thread;

use plumbing::{Log, count};

use crate::Config;
use crate::consumer::consume;
use crate::control::Control;
use crate::crew::Crew;
use crate::error::RunError;
use crate::gauge::Gauge;
use crate::producer::produce;
use crate::queue::queue;
use crate::shared::Shared;
use crate::shutdown::{Shutdown, StopOnExit};
use crate::stats::Summary;
use bounded::run::{threads_and_bound, totals};

/// Runs the system described by `config`, writing its transcript to `out`, until its
/// producers run out of tasks or it is stopped: by a signal reported on `control`, by
/// `--duration-ms`, or by `--stop-after`.
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
    header(config, &log);
    log.line(format_args!(""));
    let outcome = run_threads(config, &log, control);
    if let Ok(summary) = &outcome {
        report(summary, &log);
    }
    log.close(outcome, RunError::Output)
}

/// The header: the threads, the queue's bound and the shutdown mode.
pub fn header<W: Write>(config: &Config, log: &Log<W>) {
    threads_and_bound(log, (config.producers, config.consumers), config.bound());
    config.stop.announce(log);
}

/// The summary of a run whose statistics are this pass's [`Summary`]: its counts,
/// then its totals.
pub fn report<W: Write>(summary: &Summary, log: &Log<W>) {
    let processed = summary.processed();
    counts(
        log,
        processed,
        summary.created(),
        summary.not_processed().len(),
    );
    totals(log, processed, summary.result_sum(), summary.elapsed);
}

/// The summary's first lines, after a blank one: what became of the tasks.
pub fn counts<W: Write>(log: &Log<W>, processed: u64, created: u64, not_processed: usize) {
    log.line(format_args!(""));
    log.line(format_args!("Final stats: {processed} tasks completed"));
    log.line(format_args!("Produced: {}", count(created, "task")));
    log.line(format_args!(
        "Not processed: {}",
        count(not_processed as u64, "task")
    ));
}

/// The line after which the run is live: the signal handler is installed (`main` did
/// it before `run`), so from here on a Ctrl+C is heard; tests wait for this line
/// before they send one.
pub fn ready<W: Write>(log: &Log<W>) {
    log.line(format_args!("Running... Press Ctrl+C to stop"));
}

fn run_threads<W: Write + Send>(
    config: &Config,
    log: &Log<W>,
    control: &Control,
) -> Result<Summary, RunError> {
    // Bounded by default: when `capacity` tasks are waiting, producers block until a
    // consumer makes room (pass 02).
    let (sender, receiver) = queue(config.bound());
    // The receiver lives here, outside the threads, until all of them are joined: so
    // no producer can find the channel closed while there is still work to send.
    let receiver = &Mutex::new(receiver);
    let gauge = &Gauge::new(config.bound());
    let shutdown = &Shutdown::default();
    let processed = &AtomicU64::new(0);
    let shared = &Shared {
        config,
        gauge,
        log,
        shutdown,
        control,
        processed,
    };
    let crew = Crew::new(config.rules(), log, shutdown, control);

    // Before any thread can print.
    ready(log);

    // `_stop` stops the run on every way out, a thread that failed to start included.
    thread::scope(move |scope| {
        let _stop = StopOnExit([shutdown]);
        crew.run(
            scope,
            sender,
            move |i| consume(i, receiver, shared),
            move |i, sender| produce(i, sender, shared),
        )
    })
}
