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
            let id = task.id;
            shared
                .log
                .task(format_args!("Task {id} undelivered (channel closed)"));
            ids.push(id);
        }
        ids
    }

    fn report(&self, log: &Log<W>, summary: &errors::Summary) {
        self.summary(summary.clone()).report(log);
    }
}
