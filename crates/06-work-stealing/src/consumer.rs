//! This pass's consumers: each works through its own local queue, refilled with
//! batches from the channel and, when the channel has nothing, by stealing.
//!
//! They plug into pass 05's run through its `Consumers` seam: pass 05's pool starts
//! and replaces them, its supervisor accounts for them, and pass 05's `Consumer` brings
//! each task they find to its outcome (retries, dead letters, not processed). What is
//! new here is only where the next task comes from (`seek`).

use std::io::Write;

use errors::consumer::{Consumer, Consumers, SharedReceiver};
use errors::control::InHand;
use errors::producer::undelivered;
use errors::shared::Shared;
use errors::task::Task;
use plumbing::{Log, count};

use crate::intake::Channel;
use crate::local::LocalQueue;
use crate::seek::{Seeker, Stole};
use crate::skew::Skew;
use crate::{Config, Summary};

/// The consumers of a run, with their local queues.
#[derive(Debug)]
pub struct Stealers {
    /// One queue per consumer, by index. It belongs to the slot, not the thread: a
    /// replacement (pass 05) carries on with its predecessor's queue.
    queues: Vec<LocalQueue<Task>>,
    /// Whether idle consumers steal (`--no-steal` turns it off).
    steal: bool,
    /// Seeds each consumer's choice of victims.
    seed: u64,
    /// Which tasks are heavy.
    skew: Skew,
}

impl Stealers {
    /// The consumers of a run configured by `config`, with empty queues.
    pub fn new(config: &Config) -> Self {
        let base = &config.base;
        Self {
            queues: (0..base.consumers)
                .map(|_| LocalQueue::new(config.local_capacity()))
                .collect(),
            steal: !config.stealing.no_steal,
            seed: base.seed,
            skew: Skew::new(config.stealing.heavy_ms, base.tasks_per_producer()),
        }
    }

    /// The run's summary: pass 05's, with the steals each consumer's queue saw.
    pub fn summary(&self, base: errors::Summary) -> Summary {
        Summary {
            base,
            steals: self.queues.iter().map(LocalQueue::steals).collect(),
            stealing: self.steal,
        }
    }
}

impl<W: Write> Consumers<W> for Stealers {
    fn run<'a>(
        &self,
        index: u32,
        tasks: SharedReceiver<'a>,
        in_hand: Option<InHand>,
        shared: &Shared<'a, W>,
    ) {
        let channel = Channel {
            receiver: &tasks,
            gauge: shared.gauge,
            consumers: u64::from(shared.config.consumers),
            skew: self.skew,
        };
        // Declared after `tasks`, so dropped first, as in pass 05: the supervisor
        // hears of this consumer's end while it still holds its share of the receiver.
        let mut consumer = Consumer::new(index, in_hand, shared);
        let mut seeker = Seeker::new(index as usize, &self.queues, self.steal, self.seed);
        let log = shared.log;
        let stole = |Stole { victim, tasks }| {
            log.task(format_args!(
                "Consumer {index} stole {} from Consumer {victim}",
                count(tasks as u64, "task")
            ));
        };
        while let Some(task) = seeker.next(&channel, stole) {
            consumer.take(task);
        }
        consumer.finish();
    }

    fn leftovers(&self, shared: &Shared<'_, W>) -> Vec<u64> {
        // Only a queue whose owner died unreplaced can hold tasks now, when no consumer
        // was left to steal them.
        let mut ids = Vec::new();
        for task in self.queues.iter().flat_map(LocalQueue::drain) {
            undelivered(shared.log, task.id);
            ids.push(task.id);
        }
        ids
    }

    fn report(&self, log: &Log<W>, summary: &errors::Summary) {
        self.summary(summary.clone()).report(log);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use clap::Parser;
    use errors::gauge::Gauge;
    use errors::metrics::Metrics;
    use errors::{Control, Shutdown};

    use super::*;

    /// When every consumer died unreplaced, the tasks still in their queues are the
    /// run's to report: each one line, each one id, and the queues left empty. (In a
    /// graded run this happens only on some schedules: a consumer must die with a
    /// batch in hand and nobody left to steal it.)
    #[test]
    fn leftovers_reports_every_task_still_queued_once() {
        let config = Config::parse_from(["06", "--consumers", "3", "--local-capacity", "4"]);
        let base = &config.base;
        let stealers = Stealers::new(&config);
        stealers.queues[0].refill([Task::new(base, 7), Task::new(base, 8)]);
        stealers.queues[2].refill([Task::new(base, 104)]);
        let mut out = Vec::new();
        let log = Log::new(&mut out, false);
        let (gauge, metrics) = (Gauge::new(base.bound()), Metrics::new(3, 3));
        let (shutdown, control, processed) =
            (Shutdown::default(), Control::default(), AtomicU64::new(0));
        let shared = Shared {
            config: base,
            gauge: &gauge,
            log: &log,
            shutdown: &shutdown,
            control: &control,
            metrics: &metrics,
            processed: &processed,
            lost: &|task| panic!("the channel lost task {}", task.id),
        };
        assert_eq!(stealers.leftovers(&shared), [7, 8, 104]);
        assert!(stealers.queues.iter().all(LocalQueue::is_empty));
        assert_eq!(
            stealers.leftovers(&shared),
            Vec::<u64>::new(),
            "reported once"
        );
        log.finish().expect("a Vec takes every write");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "Task 7 undelivered (channel closed)\nTask 8 undelivered (channel closed)\n\
             Task 104 undelivered (channel closed)\n"
        );
    }
}
