//! The run: pass 03's, with the monitor started before the crew and stopped after it,
//! and its final block.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::thread;

use bounded::run::threads_and_bound;
use plumbing::Log;
use shutdown::run::{ready, report};

use crate::Config;
use crate::consumer::consume;
use crate::control::Control;
use crate::crew::Crew;
use crate::error::RunError;
use crate::gauge::Gauge;
use crate::metrics::Metrics;
use crate::monitor::{self, Monitor};
use crate::producer::produce;
use crate::queue::queue;
use crate::shared::Shared;
use crate::shutdown::{Shutdown, StopOnExit};
use crate::stats::Summary;

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
    threads_and_bound(&log, (config.producers, config.consumers), config.bound());
    config.stop.announce(&log);
    log.line(format_args!(""));
    let outcome = run_threads(config, &log, control);
    if let Ok(summary) = &outcome {
        report(summary, &log);
    }
    log.close(outcome, RunError::Output)
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
    let metrics = &Metrics::new(config.producers, config.consumers);
    let shared = &Shared {
        config,
        gauge,
        log,
        shutdown,
        control,
        metrics,
        processed,
    };
    let crew = Crew::new(config.rules(), log, shutdown, control);
    let monitor = &Monitor {
        metrics,
        gauge,
        log,
        started: crew.started,
    };
    // The monitor's own stop: it reports through the drain, until the consumers end.
    let monitor_stop = &Shutdown::default();

    // Before any thread can print.
    ready(log);

    // `_stop` stops the run and the monitor on every way out, a thread that failed to
    // start included.
    thread::scope(move |scope| {
        let _stop = StopOnExit([shutdown, monitor_stop]);
        let monitor_thread = monitor.start(scope, config, monitor_stop)?;
        let summary = crew.run(
            scope,
            sender,
            move |i| consume(i, receiver, shared),
            move |i, sender| produce(i, sender, shared),
        );
        monitor::stop(monitor_thread, monitor_stop)?;
        if summary.is_ok() {
            monitor.print_block("Statistics (final):");
        }
        summary
    })
}
