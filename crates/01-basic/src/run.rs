//! The run: start the threads, wire them to one channel, wait for all of them.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{self, SendError};
use std::thread::{self, ScopedJoinHandle};

use plumbing::{Log, Panicked, count, join_all, spawn};

use crate::Config;
use crate::consumer::consume;
use crate::error::RunError;
use crate::producer::produce;
use crate::stats::Summary;
use crate::task::Task;

/// Runs the system described by `config`, writing its transcript to `out`.
///
/// Returns once every task has been processed and every thread has been joined: the
/// threads are scoped (`std::thread::scope`), so none can outlive this call.
///
/// # Errors
/// See [`RunError`]; none of them is expected in a healthy run.
pub fn run<W: Write + Send>(config: &Config, out: W) -> Result<Summary, RunError> {
    let log = Log::new(out, config.quiet);
    starting(&log, config.producers, config.consumers);
    log.line(format_args!(""));
    let outcome = run_threads(config, &log);
    if let Ok(summary) = &outcome {
        totals(&log, summary.processed(), summary.result_sum());
    }
    log.close(outcome, RunError::Output)
}

/// The header's first line: `Starting system: 3 producers, 2 consumers`.
pub fn starting<W: Write>(log: &Log<W>, producers: u32, consumers: u32) {
    log.line(format_args!(
        "Starting system: {}, {}",
        count(producers, "producer"),
        count(consumers, "consumer")
    ));
}

/// The summary's totals: `Total tasks: 50` and the sum of the results, which is the
/// same for a given seed whichever consumer ran which task.
pub fn totals<W: Write>(log: &Log<W>, processed: u64, result_sum: u64) {
    log.line(format_args!("Total tasks: {processed}"));
    log.line(format_args!("Sum of results: {result_sum}"));
}

fn run_threads<W: Write + Send>(config: &Config, log: &Log<W>) -> Result<Summary, RunError> {
    // Unbounded: `send` never blocks, so producers may run ahead of the consumers and
    // the queue may hold every task of the run at once. Pass 02 bounds it.
    let (sender, receiver) = mpsc::channel::<Task>();
    // The receiver lives here, outside the threads, until all of them are joined: so
    // no producer can find the channel closed while there is still work to send.
    let receiver = &Mutex::new(receiver);

    // `move`: the closure owns `sender` and drops it on every way out, early error
    // returns included. If it did not, consumers would wait for more tasks forever
    // and the scope, which joins every thread before it returns, would never end.
    thread::scope(move |scope| {
        let consumers = (0..config.consumers)
            .map(|i| {
                spawn(scope, format!("consumer-{i}"), move || {
                    consume(i, receiver, log)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let producers = (0..config.producers)
            .map(|i| {
                let sender = sender.clone();
                spawn(scope, format!("producer-{i}"), move || {
                    produce(i, config, sender, log)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Now only the producers hold senders: when the last one finishes, the channel
        // closes and each consumer's `recv` fails once the queue is empty.
        drop(sender);

        let produced = join_producers(producers, log);
        let consumed = join_consumers(consumers, log);

        let mut created = 0;
        for (producer, sent) in (0..).zip(produced?) {
            created += sent.map_err(|SendError(task)| RunError::ChannelClosed {
                producer,
                task: task.id,
            })?;
        }
        Ok(Summary {
            created,
            per_consumer: consumed?,
        })
    })
}

/// Joins every producer, and says `All producers finished` if none panicked (a
/// panic is the run's error, and the summary says nothing more). Every later pass
/// whose producers are threads joins them with this.
///
/// # Errors
/// The first producer that panicked.
pub fn join_producers<T, W: Write>(
    producers: Vec<ScopedJoinHandle<'_, T>>,
    log: &Log<W>,
) -> Result<Vec<T>, Panicked> {
    let produced = join_all(producers);
    if produced.is_ok() {
        producers_finished(log);
    }
    produced
}

/// Joins every consumer, and says `All consumers finished` if none panicked.
///
/// # Errors
/// The first consumer that panicked.
pub fn join_consumers<T, W: Write>(
    consumers: Vec<ScopedJoinHandle<'_, T>>,
    log: &Log<W>,
) -> Result<Vec<T>, Panicked> {
    let consumed = join_all(consumers);
    if consumed.is_ok() {
        consumers_finished(log);
    }
    consumed
}

/// `All producers finished`, after a blank line between the tasks and it: every
/// producer has been joined. Every later pass says it with this.
pub fn producers_finished<W: Write>(log: &Log<W>) {
    log.task(format_args!(""));
    log.line(format_args!("All producers finished"));
}

/// `All consumers finished`: every consumer has been joined.
pub fn consumers_finished<W: Write>(log: &Log<W>) {
    log.line(format_args!("All consumers finished"));
}
