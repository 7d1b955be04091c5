//! The run: open the lanes' queues (recovering what the last run left), start the
//! consumers, the producers and the monitor, supervise them with pass 03's
//! supervisor, close the queues once the producers are done so the consumers drain
//! them and end, and print the results.

use std::io::Write;
use std::sync::mpsc;
use std::thread::{self, Scope, ScopedJoinHandle};
use std::time::{Duration, Instant};

use plumbing::{Log, Panicked, SpawnError, join_all, spawn};

use crate::Config;
use crate::consumer::Consumer;
use crate::control::{Control, DoneGuard, Event};
use crate::error::{QueueError, RunError};
use crate::lane::Lane;
use crate::monitor::Monitor;
use crate::pace::Pace;
use crate::producer::Producer;
use crate::report;
use crate::shutdown::{Phase, Shutdown};
use crate::stats::{LaneSummary, Summary};
use crate::supervisor::{Supervisor, Trigger};

/// Runs the system described by `config` on the queue in `config.dir` (or its two
/// priority groups' queues), writing its transcript to `out`, until the producers are
/// done and the consumers have emptied the queues, or until it is stopped: by a
/// signal reported on `control`, or by `--duration-ms`. What is not processed stays
/// in the queues, for the next run.
///
/// Returns once every thread has been joined (they are scoped) and the queues closed.
///
/// # Errors
/// See [`RunError`]: a queue is open elsewhere or the disk failed; a thread could
/// not start or panicked; the transcript could not be written.
pub fn run<W: Write + Send>(
    config: &Config,
    out: W,
    control: &Control,
) -> Result<Summary, RunError> {
    let log = control.transcript(out, config.quiet);
    let lanes = Lane::open_all(config).map_err(RunError::Open)?;
    report::header(config, &lanes, &log);
    let started = Instant::now();
    let outcome = run_threads(config, &lanes, &log, control).map(|(counts, trigger)| Summary {
        lanes: lanes
            .iter()
            .zip(counts)
            .map(|(lane, (enqueued, consumed))| LaneSummary {
                name: lane.name,
                recovered: lane.recovered.clone(),
                enqueued,
                consumed,
                left: lane.queue.stats(),
            })
            .collect(),
        trigger,
        elapsed: started.elapsed(),
    });
    if let Ok(summary) = &outcome {
        report::results(summary, &log);
    }
    log.close(outcome, RunError::Output)
}

/// What each producer or consumer returns: how many messages it enqueued or acked.
type Handles<'scope> = Vec<ScopedJoinHandle<'scope, Result<u64, QueueError>>>;

/// Per lane, what its producers enqueued and its consumers acked.
type Counts = (Vec<(Vec<u64>, Vec<u64>)>, Option<Trigger>);

/// A lane's threads.
#[derive(Default)]
struct Crews<'scope> {
    producers: Handles<'scope>,
    consumers: Handles<'scope>,
}

fn run_threads<W: Write + Send>(
    config: &Config,
    lanes: &[Lane],
    log: &Log<W>,
    control: &Control,
) -> Result<Counts, RunError> {
    let shutdown = Shutdown::default();
    let inbox = control.inbox();
    let started = Instant::now();
    let (spawned, joined, trigger) = thread::scope(|s| {
        let mut crews: Vec<Crews> = lanes.iter().map(|_| Crews::default()).collect();
        // The monitor's timer: dropping `stop` ends it at once.
        let (stop, ticks) = mpsc::channel::<()>();
        let crew = Crew {
            config,
            log,
            shutdown: &shutdown,
            control,
        };
        let mut spawned = lanes
            .iter()
            .zip(&mut crews)
            .try_for_each(|(lane, crew_of)| start(s, crew, lane, crew_of));
        let mut monitor = None;
        if let (Ok(()), Some(ms)) = (&spawned, config.monitor_ms) {
            let watch = Monitor {
                lanes,
                log,
                every: Duration::from_millis(ms),
                warn_above: config.depth_warning(),
                scale_per: config.scale_per,
            };
            match spawn(s, "monitor".into(), move || watch.run(&ticks)) {
                Ok(handle) => monitor = Some(handle),
                Err(error) => spawned = Err(error),
            }
        }
        let close = || {
            // No more enqueues: the consumers take what is left (or stop, if the
            // supervisor said so), then find the queue closed and end.
            for lane in lanes {
                lane.queue.close();
                lane.gate.close();
            }
        };
        let mut trigger = None;
        if spawned.is_ok() {
            let mut supervisor = Supervisor::new(config.rules(), log, &shutdown, &inbox, started);
            supervisor.until_producers_done();
            close();
            supervisor.until_consumers_done();
            trigger = supervisor.trigger();
        } else {
            // The threads already started end at once; the queues keep their work.
            shutdown.advance(Phase::Stopping);
            close();
        }
        drop(stop);
        let monitored = monitor.map_or(Ok(()), |handle| {
            handle.join().map_err(|_| Panicked {
                thread: "monitor".into(),
            })
        });
        let joined: Vec<_> = crews
            .into_iter()
            .map(|crew| (join_all(crew.producers), join_all(crew.consumers)))
            .collect();
        (spawned, monitored.map(|()| joined), trigger)
    });
    spawned?;
    let counts = |joined: Result<Vec<Result<u64, QueueError>>, _>, lane: &Lane, role: &str| {
        joined?
            .into_iter()
            .zip(0..)
            .map(|(done, i)| {
                done.map_err(|error| RunError::Queue {
                    thread: thread_name(lane.name.unwrap_or(""), role, i),
                    error,
                })
            })
            .collect::<Result<Vec<u64>, RunError>>()
    };
    let mut counted = Vec::new();
    for (lane, (producers, consumers)) in lanes.iter().zip(joined?) {
        let consumed = counts(consumers, lane, "consumer")?;
        counted.push((counts(producers, lane, "producer")?, consumed));
    }
    Ok((counted, trigger))
}

/// What every thread of a run is started with.
struct Crew<'env, W> {
    config: &'env Config,
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

/// Starts a lane's consumers, then its producers.
fn start<'scope, 'env: 'scope, W: Write + Send>(
    s: &'scope Scope<'scope, 'env>,
    crew: Crew<'env, W>,
    lane: &'env Lane,
    crews: &mut Crews<'scope>,
) -> Result<(), SpawnError> {
    let Crew {
        config,
        log,
        shutdown,
        control,
    } = crew;
    let (queue, gate, name) = (&lane.queue, &lane.gate, lane.name.unwrap_or(""));
    for index in 0..lane.consumers {
        crews
            .consumers
            .push(spawn(s, thread_name(name, "consumer", index), move || {
                let _done = DoneGuard::new(control, Event::ConsumerDone);
                let (work, seed, tag) = (config.work_ms, config.seed, lane.tag());
                Consumer {
                    index,
                    work,
                    seed,
                    queue,
                    gate,
                    tag: &tag,
                    log,
                    shutdown,
                }
                .run()
            })?);
    }
    for index in 0..config.producers {
        crews
            .producers
            .push(spawn(s, thread_name(name, "producer", index), move || {
                let _done = DoneGuard::new(control, Event::ProducerDone);
                let (messages, batch, pace) =
                    (config.messages, config.batch, Pace::new(config.rate));
                let tag = lane.tag();
                Producer {
                    index,
                    messages,
                    batch,
                    pace,
                    queue,
                    tag: &tag,
                    log,
                    shutdown,
                }
                .run()
            })?);
    }
    Ok(())
}

/// `consumer-3`, or `high-consumer-3` in a priority group.
fn thread_name(lane: &str, role: &str, index: u32) -> String {
    match lane {
        "" => format!("{role}-{index}"),
        lane => format!("{lane}-{role}-{index}"),
    }
}
