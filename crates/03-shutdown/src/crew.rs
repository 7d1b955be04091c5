//! The run's workers from start to end: started, supervised until every one has
//! ended, joined, summed up. A later pass that adds a thread of its own (pass 04's
//! monitor) starts it around this.

use std::io::Write;
use std::sync::mpsc::SendError;
use std::thread::Scope;
use std::time::Instant;

use basic::run::{join_consumers, join_producers};
use bounded::run::sent_by_each;
use plumbing::{Log, spawn};

use crate::control::{Control, DoneGuard, Event};
use crate::error::RunError;
use crate::queue::Queue;
use crate::shutdown::Shutdown;
use crate::stats::{ConsumerStats, ProducerStats, Summary};
use crate::supervisor::{Rules, Supervisor};
use crate::task::Task;

/// What the workers report to and stop by: all a run's threads share besides their
/// own work.
pub struct Crew<'a, W> {
    /// How many producers and consumers, and when and how to stop them.
    pub rules: Rules,
    /// The transcript.
    pub log: &'a Log<W>,
    /// The phase every worker watches; the supervisor moves it.
    pub shutdown: &'a Shutdown,
    /// Where each worker reports its end (its `DoneGuard`), and the supervisor listens.
    pub control: &'a Control,
    /// When the run started, for `--duration-ms` and the elapsed time.
    pub started: Instant,
}

impl<'a, W: Write> Crew<'a, W> {
    /// The crew of a run that starts now.
    pub fn new(
        rules: Rules,
        log: &'a Log<W>,
        shutdown: &'a Shutdown,
        control: &'a Control,
    ) -> Self {
        Self {
            rules,
            log,
            shutdown,
            control,
            started: Instant::now(),
        }
    }

    /// Starts the consumers, then the producers, each producer with a clone of
    /// `sender`; supervises them until every one has ended; joins them all.
    ///
    /// `consume(i)` and `produce(i, sender)` are consumer `i`'s and producer `i`'s
    /// work, run on threads of `scope`.
    ///
    /// # Errors
    /// A thread that could not start or panicked, or a producer that found the channel
    /// closed.
    pub fn run<'scope>(
        self,
        scope: &'scope Scope<'scope, '_>,
        sender: Queue,
        consume: impl Fn(u32) -> ConsumerStats + Copy + Send + 'scope,
        produce: impl Fn(u32, Queue) -> Result<ProducerStats, SendError<Task>> + Copy + Send + 'scope,
    ) -> Result<Summary, RunError>
    where
        Self: 'scope,
    {
        let Self {
            rules,
            log,
            shutdown,
            control,
            started,
        } = self;
        let inbox = control.inbox();
        let consumers = (0..rules.consumers)
            .map(|i| {
                spawn(scope, format!("consumer-{i}"), move || {
                    let _done = DoneGuard::new(control, Event::ConsumerDone);
                    consume(i)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let producers = (0..rules.producers)
            .map(|i| {
                let sender = sender.clone();
                spawn(scope, format!("producer-{i}"), move || {
                    let _done = DoneGuard::new(control, Event::ProducerDone);
                    produce(i, sender)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Now only the producers hold senders: when the last one ends, the channel
        // closes and each consumer's `recv` fails once the queue is empty. (On the
        // early returns above, `sender` is dropped too.)
        drop(sender);

        let mut supervisor = Supervisor::new(rules, log, shutdown, &inbox, started);
        supervisor.until_producers_done();
        let produced = join_producers(producers, log);
        supervisor.until_consumers_done();
        let consumed = join_consumers(consumers, log);

        Ok(Summary {
            per_producer: sent_by_each(produced?)?,
            per_consumer: consumed?,
            elapsed: started.elapsed(),
            trigger: supervisor.trigger(),
        })
    }
}
