//! A producer: enqueues its messages, a batch at a time, each batch durable (by the
//! fsync policy) before it says so.

use std::io::Write;

use plumbing::Log;

use crate::error::QueueError;
use crate::pace::Pace;
use crate::queue::Queue;
use crate::shutdown::Shutdown;

/// What a producer needs.
pub struct Producer<'a, W> {
    /// Its index.
    pub index: u32,
    /// Messages to enqueue.
    pub messages: u64,
    /// Messages per `enqueue_batch`.
    pub batch: u64,
    /// When each message is due.
    pub pace: Pace,
    /// The queue.
    pub queue: &'a Queue,
    /// What its lines begin with: its priority group's `[high] `, or nothing.
    pub tag: &'a str,
    /// The transcript.
    pub log: &'a Log<W>,
    /// Stops it between batches.
    pub shutdown: &'a Shutdown,
}

/// The source document's message: `Message from Producer 2: #0`.
pub fn payload(producer: u32, seq: u64) -> String {
    format!("Message from Producer {producer}: #{seq}")
}

impl<W: Write> Producer<'_, W> {
    /// Enqueues the messages until done or shutdown; returns how many it enqueued.
    ///
    /// # Errors
    /// An enqueue failed: that batch is not in the queue.
    pub fn run(self) -> Result<u64, QueueError> {
        let Self {
            index: p, log, tag, ..
        } = self;
        log.task(format_args!("{tag}  [Producer {p}] Starting..."));
        let mut sent = 0;
        while sent < self.messages && self.pace.wait_for(sent, self.shutdown) {
            let n = self.batch.min(self.messages - sent);
            let payloads: Vec<String> = (sent..sent + n).map(|j| payload(p, j)).collect();
            let ids = self.queue.enqueue_batch(&payloads)?;
            // Said once the batch is in the log: a consumer may have it already.
            for (id, text) in ids.zip(&payloads) {
                log.task(format_args!(
                    "{tag}  [Producer {p}] Enqueued [ID:{id}]: {text}"
                ));
            }
            sent += n;
        }
        if sent == self.messages {
            log.task(format_args!(
                "{tag}  [Producer {p}] Completed {sent} messages"
            ));
        } else {
            log.task(format_args!(
                "{tag}  [Producer {p}] Stopped after {sent} messages"
            ));
        }
        Ok(sent)
    }
}
