//! A consumer: dequeues a delivery, processes it, acks it. The ack is the commit
//! point: a consumer stopped or killed before it leaves the message in the queue,
//! for a redelivery on the next run.

use std::io::Write;

use plumbing::{Log, WorkRange, task_rng};
use rand::Rng;

use crate::error::QueueError;
use crate::gate::Gate;
use crate::queue::Queue;
use crate::shutdown::{Phase, Shutdown};

/// What a consumer needs.
pub struct Consumer<'a, W> {
    /// Its index.
    pub index: u32,
    /// The cost of processing a message, drawn from the seed and its id.
    pub work: WorkRange,
    /// The seed of those draws.
    pub seed: u64,
    /// The queue.
    pub queue: &'a Queue,
    /// Whether it is at work: `--scale-per` may have it wait.
    pub gate: &'a Gate,
    /// What its lines begin with: its priority group's `[high] `, or nothing.
    pub tag: &'a str,
    /// The transcript.
    pub log: &'a Log<W>,
    /// An immediate stop ends it between messages, or cuts one short unacked.
    pub shutdown: &'a Shutdown,
}

impl<W: Write> Consumer<'_, W> {
    /// Consumes until the queue is closed and empty, the gate sends it away, or an
    /// immediate stop; returns
    /// how many messages it acked.
    ///
    /// # Errors
    /// A dequeue or an ack failed: the message is still in the queue.
    pub fn run(self) -> Result<u64, QueueError> {
        let Self {
            index: c, log, tag, ..
        } = self;
        log.task(format_args!("{tag}  [Consumer {c}] Starting..."));
        // exercise 2: dequeue, process, ack, until the queue is closed and empty or an immediate stop
        // hint: `dequeue()` blocks until there is a message; `Ok(None)` is the normal way out: closed, and nothing left. Before each one, check for `Phase::Stopping`, and wait at the gate: `gate.admit(index)` says whether to go on.
        // hint: spend the message's cost (`work.pick(task_rng(seed, id).next_u64())`) with `shutdown.spend`; if a stop cuts it short, say so and leave without acking: the message stays in the queue.
        // hint: ack only after the work is done: the ack is the commit point. A crash before it means the message is delivered again.
        let mut acked = 0;
        while self.gate.admit(c) && self.shutdown.phase() != Phase::Stopping {
            let Some(delivery) = self.queue.dequeue()? else {
                break;
            };
            let (id, text) = (delivery.id, String::from_utf8_lossy(&delivery.payload));
            match delivery.attempt {
                1 => log.task(format_args!(
                    "{tag}  [Consumer {c}] Received [ID:{id}]: {text}"
                )),
                n => log.task(format_args!(
                    "{tag}  [Consumer {c}] Received [ID:{id}] again (delivery {n}): {text}"
                )),
            }
            let cost = self.work.pick(task_rng(self.seed, id).next_u64());
            if !self.shutdown.spend(cost) {
                log.task(format_args!(
                    "{tag}  [Consumer {c}] Stopped before acking [ID:{id}]: it stays in the queue"
                ));
                break;
            }
            self.queue.ack(id)?;
            acked += 1;
            log.task(format_args!("{tag}  [Consumer {c}] Acked [ID:{id}]"));
        }
        log.task(format_args!(
            "{tag}  [Consumer {c}] Completed. Consumed {acked} messages"
        ));
        Ok(acked)
        // end of exercise 2
    }
}
