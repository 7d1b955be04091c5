//! The run: start the threads, wire them to one bounded queue, wait for all of them.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::SendError;
use std::thread::{self};
use std::time::{Duration, Instant};

use plumbing::{Log, count, per_second};

use basic::run::{join_consumers, join_producers};
use plumbing::spawn;

use crate::Config;
use crate::consumer::consume;
use crate::error::RunError;
use crate::gauge::Gauge;
use crate::producer::{Shared, produce};
use crate::queue::queue;
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
    let log = Log::new(out, config.base.quiet);
    threads_and_bound(
        &log,
        (config.base.producers, config.base.consumers),
        config.bound(),
    );
    log.line(format_args!(""));
    let outcome = run_threads(config, &log);
    if let Ok(summary) = &outcome {
        totals(
            &log,
            summary.processed(),
            summary.result_sum(),
            summary.elapsed,
        );
    }
    log.close(outcome, RunError::Output)
}

/// The header's first lines, pass 01's `Starting system: 3 producers, 2 consumers`
/// and `Queue capacity: 10 items`, for every pass that has producers, consumers and
/// one queue.
pub fn threads_and_bound<W: Write>(
    log: &Log<W>,
    (producers, consumers): (u32, u32),
    bound: Option<usize>,
) {
    basic::run::starting(log, producers, consumers);
    match bound {
        Some(0) => log.line(format_args!("Queue capacity: 0 items (rendezvous)")),
        Some(n) => log.line(format_args!("Queue capacity: {}", count(n as u64, "item"))),
        None => log.line(format_args!("Queue capacity: unbounded")),
    }
}

/// The summary's last lines: pass 01's totals, then the run's elapsed time and its
/// speed (tasks processed per second of the run).
pub fn totals<W: Write>(log: &Log<W>, processed: u64, result_sum: u64, elapsed: Duration) {
    basic::run::totals(log, processed, result_sum);
    log.line(format_args!("Elapsed: {:.3} s", elapsed.as_secs_f64()));
    log.line(format_args!(
        "Throughput: {:.0} tasks/s",
        per_second(processed, elapsed)
    ));
}

/// What each producer made, in producer order; or, for the first producer that found
/// the channel closed, the task it could not send (a run whose receiver outlives its
/// producers never sees it).
///
/// # Errors
/// [`RunError::ChannelClosed`], naming that producer and task.
pub fn sent_by_each<T>(produced: Vec<Result<T, SendError<Task>>>) -> Result<Vec<T>, RunError> {
    (0..)
        .zip(produced)
        .map(|(producer, sent)| {
            sent.map_err(|SendError(task)| RunError::ChannelClosed {
                producer,
                task: task.id,
            })
        })
        .collect()
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
        let consumers = (0..config.base.consumers)
            .map(|i| {
                spawn(scope, format!("consumer-{i}"), move || {
                    consume(i, receiver, gauge, log)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let producers = (0..config.base.producers)
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

        let produced = join_producers(producers, log);
        let consumed = join_consumers(consumers, log);

        Ok(Summary {
            per_producer: sent_by_each(produced?)?,
            per_consumer: consumed?,
            elapsed: started.elapsed(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary's totals, worded as the exercise's validation transcripts word them,
    /// with the speed worked out from the count and the time.
    #[test]
    fn the_totals_say_how_many_and_how_fast() {
        let mut out = Vec::new();
        let log = Log::new(&mut out, false);
        totals(&log, 100, 4950, Duration::from_secs(4));
        log.finish().expect("a Vec takes every write");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "Total tasks: 100\nSum of results: 4950\nElapsed: 4.000 s\nThroughput: 25 tasks/s\n"
        );
    }

    /// Every producer's count comes back in order; the first closed channel names
    /// its producer and the task it gave back.
    #[test]
    fn a_closed_channel_names_the_first_producer_it_stopped() {
        let gave_back = |id| SendError(Task::new(1, id, plumbing::WorkRange::NONE));
        assert_eq!(
            sent_by_each::<u8>(vec![Ok(4), Ok(5)]).ok(),
            Some(vec![4, 5])
        );
        let closed = sent_by_each(vec![Ok(4), Err(gave_back(7)), Err(gave_back(9))]);
        assert!(
            matches!(
                closed,
                Err(RunError::ChannelClosed {
                    producer: 1,
                    task: 7
                })
            ),
            "{closed:?}"
        );
    }
}
