//! The run: open the queue (recovering what the last run left), start the consumers
//! and the producers, supervise them with pass 03's supervisor, close the queue once
//! the producers are done so the consumers drain it and end, and print the results.

use std::io::Write;
use std::thread::{self, Scope, ScopedJoinHandle};
use std::time::Instant;

use plumbing::{Log, SpawnError, join_all, spawn};

use crate::Config;
use crate::consumer::Consumer;
use crate::control::{Control, DoneGuard, Event};
use crate::error::{QueueError, RunError};
use crate::pace::Pace;
use crate::producer::Producer;
use crate::queue::Queue;
use crate::report;
use crate::shutdown::{Phase, Shutdown};
use crate::stats::Summary;
use crate::supervisor::Supervisor;

/// Runs the system described by `config` on the queue in `config.dir`, writing its
/// transcript to `out`, until the producers are done and the consumers have emptied
/// the queue, or until it is stopped: by a signal reported on `control`, or by
/// `--duration-ms`. What is not processed stays in the queue, for the next run.
///
/// Returns once every thread has been joined (they are scoped) and the queue closed.
///
/// # Errors
/// See [`RunError`]: the queue is open elsewhere or the disk failed; a thread could
/// not start or panicked; the transcript could not be written.
pub fn run<W: Write + Send>(
    config: &Config,
    out: W,
    control: &Control,
) -> Result<Summary, RunError> {
    // A transcript nobody can read stops the run: an endless one would go on forever.
    let log = Log::new(out, config.quiet).on_failure(control.on_output_failure());
    let (queue, recovered) = Queue::open(&config.dir, config.options()).map_err(RunError::Open)?;
    report::header(config, &recovered, &log);
    let started = Instant::now();
    let outcome =
        run_threads(config, &queue, &log, control).map(|(enqueued, consumed, trigger)| Summary {
            recovered,
            enqueued,
            consumed,
            left: queue.stats(),
            trigger,
            elapsed: started.elapsed(),
        });
    if let Ok(summary) = &outcome {
        report::results(summary, &log);
    }
    let output = log.finish();
    let summary = outcome?;
    output.map_err(RunError::Output)?;
    Ok(summary)
}

/// What each thread returns: how many messages it enqueued or acked.
type Handles<'scope> = Vec<ScopedJoinHandle<'scope, Result<u64, QueueError>>>;

type Counts = (Vec<u64>, Vec<u64>, Option<crate::supervisor::Trigger>);

fn run_threads<W: Write + Send>(
    config: &Config,
    queue: &Queue,
    log: &Log<W>,
    control: &Control,
) -> Result<Counts, RunError> {
    let shutdown = Shutdown::default();
    let inbox = control.inbox();
    let started = Instant::now();
    let (spawned, producers, consumers, trigger) = thread::scope(|s| {
        let (mut producers, mut consumers) = (Vec::new(), Vec::new());
        let crew = Crew {
            config,
            queue,
            log,
            shutdown: &shutdown,
            control,
        };
        let spawned = start(s, crew, &mut producers, &mut consumers);
        let mut trigger = None;
        if spawned.is_ok() {
            let mut supervisor = Supervisor::new(config.rules(), log, &shutdown, &inbox, started);
            supervisor.until_producers_done();
            // No more enqueues: the consumers take what is left (or stop, if the
            // supervisor said so), then find the queue closed and end.
            queue.close();
            supervisor.until_consumers_done();
            trigger = supervisor.trigger;
        } else {
            // The threads already started end at once; the queue keeps their work.
            shutdown.advance(Phase::Stopping);
            queue.close();
        }
        (spawned, join_all(producers), join_all(consumers), trigger)
    });
    spawned?;
    let counts = |joined: Result<Vec<Result<u64, QueueError>>, _>, who: &str| {
        joined?
            .into_iter()
            .enumerate()
            .map(|(i, done)| {
                done.map_err(|error| RunError::Queue {
                    thread: format!("{who}-{i}"),
                    error,
                })
            })
            .collect::<Result<Vec<u64>, RunError>>()
    };
    let consumed = counts(consumers, "consumer")?;
    Ok((counts(producers, "producer")?, consumed, trigger))
}

/// What every thread of a run is started with.
struct Crew<'env, W> {
    config: &'env Config,
    queue: &'env Queue,
    log: &'env Log<W>,
    shutdown: &'env Shutdown,
    control: &'env Control,
}

impl<W> Clone for Crew<'_, W> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<W> Copy for Crew<'_, W> {}

/// Starts the consumers, then the producers.
fn start<'scope, 'env: 'scope, W: Write + Send>(
    s: &'scope Scope<'scope, 'env>,
    crew: Crew<'env, W>,
    producers: &mut Handles<'scope>,
    consumers: &mut Handles<'scope>,
) -> Result<(), SpawnError> {
    let Crew {
        config,
        queue,
        log,
        shutdown,
        control,
    } = crew;
    for index in 0..config.consumers {
        consumers.push(spawn(s, format!("consumer-{index}"), move || {
            let _done = DoneGuard::new(control, Event::ConsumerDone);
            let (work, seed) = (config.work_ms, config.seed);
            Consumer {
                index,
                work,
                seed,
                queue,
                log,
                shutdown,
            }
            .run()
        })?);
    }
    for index in 0..config.producers {
        producers.push(spawn(s, format!("producer-{index}"), move || {
            let _done = DoneGuard::new(control, Event::ProducerDone);
            let (messages, batch, pace) = (config.messages, config.batch, Pace::new(config.rate));
            Producer {
                index,
                messages,
                batch,
                pace,
                queue,
                log,
                shutdown,
            }
            .run()
        })?);
    }
    Ok(())
}
