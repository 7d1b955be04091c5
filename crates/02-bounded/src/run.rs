//! The run: start the threads, wire them to one bounded queue, wait for all of them.

use std::io::Write;
use std::sync::Mutex;
use std::thread::{self};
use std::time::Instant;

use plumbing::{Log, count};

use plumbing::{join_all, spawn};

use crate::Config;
use crate::consumer::consume;
use crate::error::RunError;
use crate::gauge::Gauge;
use crate::producer::{Shared, produce};
use crate::queue::queue;
use crate::stats::Summary;

/// Runs the system described by `config`, writing its transcript to `out`.
///
/// Returns once every task has been processed and every thread has been joined: the
/// threads are scoped (`std::thread::scope`), so none can outlive this call.
///
/// # Errors
/// See [`RunError`]; none of them is expected in a healthy run.
pub fn run<W: Write + Send>(config: &Config, out: W) -> Result<Summary, RunError> {
    let log = Log::new(out, config.quiet);
    log.line(format_args!(
        "Starting system: {}, {}",
        count(config.producers, "producer"),
        count(config.consumers, "consumer")
    ));
    match config.bound() {
        Some(0) => log.line(format_args!("Queue capacity: 0 items (rendezvous)")),
        Some(n) => log.line(format_args!("Queue capacity: {}", count(n as u64, "item"))),
        None => log.line(format_args!("Queue capacity: unbounded")),
    }
    log.line(format_args!(""));
    let outcome = run_threads(config, &log);
    if let Ok(summary) = &outcome {
        log.line(format_args!("Total tasks: {}", summary.processed()));
        log.line(format_args!("Sum of results: {}", summary.result_sum()));
        log.line(format_args!(
            "Elapsed: {:.3} s",
            summary.elapsed.as_secs_f64()
        ));
        log.line(format_args!(
            "Throughput: {:.0} tasks/s",
            summary.throughput()
        ));
    }
    let output = log.finish();
    let summary = outcome?;
    output.map_err(RunError::Output)?;
    Ok(summary)
}

fn run_threads<W: Write + Send>(config: &Config, log: &Log<W>) -> Result<Summary, RunError> {
    // Bounded by default: when `capacity` tasks are waiting, producers block until a
    // consumer makes room. That wait is backpressure: it slows producers to the
    // consumers' pace and keeps memory flat however many tasks the run makes.
    let (sender, receiver) = queue(config.bound());
    // The receiver lives here, outside the threads, until all of them are joined: so
    // no producer can find the channel closed while there is still work to send.
    let receiver = &Mutex::new(receiver);
    let gauge = &Gauge::new(config.bound());
    let shared = &Shared { config, gauge, log };
    let started = Instant::now();

    // `move`: the closure owns `sender` and drops it on every way out, early error
    // returns included. If it did not, consumers would wait for more tasks forever
    // and the scope, which joins every thread before it returns, would never end.
    thread::scope(move |scope| {
        let consumers = (0..config.consumers)
            .map(|i| {
                spawn(scope, format!("consumer-{i}"), move || {
                    consume(i, receiver, gauge, log)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let producers = (0..config.producers)
            .map(|i| {
                let sender = sender.clone();
                spawn(scope, format!("producer-{i}"), move || {
                    produce(i, sender, shared)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Now only the producers hold senders: when the last one finishes, the channel
        // closes and each consumer's `recv` fails once the queue is empty.
        drop(sender);

        let produced = join_all(producers);
        if produced.is_ok() {
            basic::run::producers_finished(log);
        }
        let consumed = join_all(consumers);
        if consumed.is_ok() {
            basic::run::consumers_finished(log);
        }

        let mut per_producer = Vec::new();
        for (producer, sent) in (0..).zip(produced?) {
            per_producer.push(sent.map_err(|error| RunError::ChannelClosed {
                producer,
                task: error.0.id,
            })?);
        }
        Ok(Summary {
            per_producer,
            per_consumer: consumed?,
            elapsed: started.elapsed(),
        })
    })
}
