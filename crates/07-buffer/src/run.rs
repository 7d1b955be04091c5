//! The run: start the threads, supervise them until they have all ended, as pass 03
//! does, with the buffer in place of the channel.

use std::io::Write;
use std::sync::atomic::AtomicU64;
use std::thread;
use std::time::Instant;

use basic::run::{join_consumers, join_producers};
use plumbing::{Log, count, spawn};

use crate::Config;
use crate::buffer::Buffer;
use crate::consumer::consume;
use crate::control::{Control, DoneGuard, Event};
use crate::error::RunError;
use crate::producer::produce;
use crate::shared::Shared;
use crate::shutdown::{Phase, Shutdown};
use crate::stats::Summary;
use crate::supervisor::Supervisor;

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
    shutdown::run::header(config, &log);
    let wait = match config.buffer.batch_wait_ms {
        0 => String::new(),
        ms => format!(" within {ms} ms"),
    };
    let puts = match config.buffer.put_batch {
        1 => String::new(),
        n => format!(", puts of {n}"),
    };
    log.line(format_args!(
        "Buffer: {}, overflow {}, batch {}{wait}{puts}",
        config.buffer.strategy, config.buffer.overflow, config.buffer.batch
    ));
    log.line(format_args!(""));
    let outcome = run_threads(config, &log, control);
    if let Ok(summary) = &outcome {
        let (processed, created) = (summary.processed(), summary.created());
        shutdown::run::counts(&log, processed, created, summary.not_processed().len());
        log.line(format_args!("Dropped: {}", count(summary.dropped, "task")));
        bounded::run::totals(&log, processed, summary.result_sum(), summary.elapsed);
    }
    log.close(outcome, RunError::Output)
}

fn run_threads<W: Write + Send>(
    config: &Config,
    log: &Log<W>,
    control: &Control,
) -> Result<Summary, RunError> {
    let buffer = &Buffer::new(
        config.bound(),
        config.buffer.strategy,
        config.buffer.overflow,
    );
    let shutdown = &Shutdown::default();
    let processed = &AtomicU64::new(0);
    let shared = &Shared {
        config,
        buffer,
        log,
        shutdown,
        control,
        processed,
    };
    let inbox = control.inbox();
    let started = Instant::now();

    // Before any thread can print.
    shutdown::run::ready(log);

    thread::scope(move |scope| {
        // Should a thread fail to start, the threads already running must still end
        // for the scope to return: `_stop` stops the run and closes the buffer.
        let _stop = StopOnExit(shutdown, buffer);
        let consumers = (0..config.consumers)
            .map(|i| {
                spawn(scope, format!("consumer-{i}"), move || {
                    let _done = DoneGuard::new(control, Event::ConsumerDone);
                    consume(i, shared)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let producers = (0..config.producers)
            .map(|i| {
                spawn(scope, format!("producer-{i}"), move || {
                    let _done = DoneGuard::new(control, Event::ProducerDone);
                    produce(i, shared)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut supervisor = Supervisor::new(config.rules(), log, shutdown, &inbox, started);
        supervisor.until_producers_done();
        let produced = join_producers(producers, log);
        // What dropping the last `Sender` does for a channel: no put can come any
        // more, so the consumers end once they have taken what is left.
        buffer.close();
        supervisor.until_consumers_done();
        let consumed = join_consumers(consumers, log);

        let mut per_producer = Vec::new();
        let mut dropped = 0;
        for (producer, put) in (0..).zip(produced?) {
            let stats = put.map_err(|closed| RunError::ChannelClosed {
                producer,
                task: closed.0.id,
            })?;
            per_producer.push(stats.base);
            dropped += stats.dropped;
        }
        let base = shutdown::Summary {
            per_producer,
            per_consumer: consumed?,
            elapsed: started.elapsed(),
            trigger: supervisor.trigger(),
        };
        Ok(Summary { base, dropped })
    })
}

/// Stops the run and closes the buffer when dropped; see `run_threads`.
struct StopOnExit<'a, T>(&'a Shutdown, &'a Buffer<T>);

impl<T> Drop for StopOnExit<'_, T> {
    fn drop(&mut self) {
        self.0.advance(Phase::Stopping);
        self.1.close();
    }
}
