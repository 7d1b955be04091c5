//! The run: start the threads, supervise them until they have all ended.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self};
use std::time::Instant;

use bounded::run::{threads_and_bound, totals};
use plumbing::{Log, count};
use shutdown::run::{counts, ready};

use plumbing::spawn;

use crate::Config;
use crate::consumer::{Consumers, Direct};
use crate::control::Control;
use crate::error::RunError;
use crate::gauge::Gauge;
use crate::metrics::Metrics;
use crate::monitor::{self, Monitor};
use crate::pool::Pool;
use crate::producer::{produce, undelivered};
use crate::queue::queue;
use crate::shared::Shared;
use crate::shutdown::{Shutdown, StopOnExit};
use crate::stats::{DeadLetters, Summary};
use crate::supervisor::Supervisor;
use crate::task::Task;

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
    run_with(config, out, control, &Direct)
}

/// [`run()`], with `consumers` as the consumer threads: pass 06 passes its own, which
/// keep local queues and steal.
///
/// # Errors
/// See [`RunError`].
pub fn run_with<W: Write + Send>(
    config: &Config,
    out: W,
    control: &Control,
    consumers: &dyn Consumers<W>,
) -> Result<Summary, RunError> {
    let log = control.transcript(out, config.quiet);
    threads_and_bound(&log, (config.producers, config.consumers), config.bound());
    config.stop.announce(&log);
    log.line(format_args!(""));
    let outcome = run_threads(config, &log, control, consumers);
    if let Ok(summary) = &outcome {
        report(&log, summary, consumers);
    }
    log.close(outcome, RunError::Output)
}

/// The summary at the end of a run: pass 03's counts, then the undelivered tasks, the
/// failures and their accounting, the dead-letter record, what `consumers` add, and
/// pass 03's totals.
fn report<W: Write>(log: &Log<W>, summary: &Summary, consumers: &dyn Consumers<W>) {
    let dead_letters = summary.dead_letters();
    counts(
        log,
        summary.processed(),
        summary.created(),
        summary.not_processed().len(),
    );
    log.line(format_args!(
        "Undelivered: {}",
        count(summary.undelivered().len() as u64, "task")
    ));
    log.line(format_args!("Success: {}", summary.succeeded()));
    log.line(format_args!("Failed: {}", dead_letters.count()));
    log.line(format_args!("Retries: {}", summary.retries()));
    log.line(format_args!(
        "Producer failures: {}",
        summary.producer_failures.len()
    ));
    log.line(format_args!(
        "Consumer panics: {}",
        summary.consumer_panics.len()
    ));
    dead_letter_count(log, dead_letters.count());
    for letter in dead_letters.listed() {
        dead_letter_record(log, letter.task, letter.reason, u64::from(letter.attempts));
    }
    if dead_letters.omitted() > 0 {
        log.line(format_args!(
            "  ...and {} more (the record lists the first {} by id)",
            dead_letters.omitted(),
            DeadLetters::KEPT
        ));
    }
    consumers.report(log, summary);
    totals(
        log,
        summary.processed(),
        summary.result_sum(),
        summary.elapsed,
    );
}

fn run_threads<W: Write + Send>(
    config: &Config,
    log: &Log<W>,
    control: &Control,
    consumers: &dyn Consumers<W>,
) -> Result<Summary, RunError> {
    // Tasks the channel drops unopened when it closes (see `parcel`): reported as they
    // are dropped, and listed in the summary.
    let gauge = &Gauge::new(config.bound());
    let lost_in_channel = &Mutex::new(Vec::new());
    let lost = &|task: Task| {
        // It has left the queue, as surely as a received task has.
        gauge.count_received();
        undelivered(log, task.id);
        lost_in_channel
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(task.id);
    };
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
        lost,
    };
    // Made after everything the tasks in it borrow (`lost`, through `shared`), so
    // dropped before them.
    // Bounded by default: when `capacity` tasks are waiting, producers block until a
    // consumer makes room (pass 02).
    let (sender, receiver) = queue(config.bound());
    // Shared by the consumers (see `consumer::SharedReceiver`): the channel closes
    // when the last consumer is gone and no replacement may start.
    let receiver = Arc::new(Mutex::new(receiver));
    let inbox = control.inbox();
    let started = Instant::now();
    let monitor = &Monitor {
        metrics,
        gauge,
        log,
        started,
    };
    // The monitor's own stop: it reports through the drain, until the consumers end.
    let monitor_stop = &Shutdown::default();

    // Before any thread can print.
    ready(log);

    // `move`: the closure owns `sender` and drops it on every way out; `_stop` stops
    // the run and the monitor on every way out, a thread that failed to start included.
    let reports = thread::scope(move |scope| {
        let _stop = StopOnExit([shutdown, monitor_stop]);
        let monitor_thread = monitor.start(scope, config, monitor_stop)?;
        let mut pool = Pool::start(scope, shared, consumers, receiver)?;
        let producers = (0..config.producers)
            .map(|i| {
                let sender = sender.clone();
                spawn(scope, format!("producer-{i}"), move || {
                    produce(i, sender, shared);
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Now only the producers hold senders: when the last one ends, the channel
        // closes and each consumer's `recv` fails once the queue is empty.
        drop(sender);

        let mut supervisor = Supervisor::new(shared, &inbox, &mut pool, started);
        supervisor.until_producers_done();
        // A producer that panicked has already reported through its guard.
        for producer in producers {
            let _ = producer.join();
        }
        basic::run::producers_finished(log);
        supervisor.until_consumers_done();
        let trigger = supervisor.trigger();
        let reports = supervisor.reports;
        pool.join();
        let held = consumers.leftovers(shared);
        basic::run::consumers_finished(log);
        monitor::stop(monitor_thread, monitor_stop)?;
        monitor.print_block("Statistics (final):");
        Ok::<_, RunError>((reports, trigger, held))
    });
    let (reports, trigger, held) = reports?;
    let mut lost_in_channel = lost_in_channel
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    lost_in_channel.extend(held);
    lost_in_channel.sort_unstable();
    Ok(Summary {
        per_producer: reports.per_producer,
        per_consumer: reports.per_consumer,
        lost_in_channel,
        producer_failures: reports.producer_failures,
        consumer_panics: reports.consumer_panics,
        elapsed: started.elapsed(),
        trigger,
    })
}

/// `Dead letters: 2 tasks`: the summary's count of tasks given up on.
pub fn dead_letter_count<W: Write>(log: &Log<W>, n: u64) {
    log.line(format_args!("Dead letters: {}", count(n, "task")));
}

/// `  Task 7: simulated error (3 attempts)`: one line of the dead-letter record.
pub fn dead_letter_record<W: Write>(log: &Log<W>, task: u64, reason: impl Display, attempts: u64) {
    log.line(format_args!(
        "  Task {task}: {reason} ({})",
        count(attempts, "attempt")
    ));
}
