//! The durable queue: producers enqueue, consumers dequeue a delivery and ack it once
//! processed; every step is a record in the log before the call returns.
//!
//! ```text
//!  enqueue ──> [Enqueue 7] ──> ready ──dequeue──> [Deliver 7] ──> out ──ack──> [Ack 7]
//!                                 ^                                 │
//!                                 └──── after a crash, redelivered ─┘
//! ```
//!
//! Delivery is **at least once**: a message is gone only once its ack is in the log.
//! A consumer killed between processing a message and acking it gets it again after
//! the restart (as a redelivery: the `Deliver` record says it went out before), so a
//! consumer's work must be safe to repeat, or it must remember what it did.
//!
//! One lock covers the log and the index, so the order of the records is the order
//! in which the operations took effect, and replaying them rebuilds the same state.
//! The price: the fsync is inside the lock, so operations wait for each other's
//! fsyncs. `enqueue_batch` pays one fsync for many messages; group commit (one fsync
//! for whatever several threads wrote meanwhile) is left out, on purpose.

use std::fs::{self, File, TryLockError};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::error::{OpenError, QueueError};
use crate::fsync::Fsync;
use crate::index::{Index, Segment};
use crate::record::{MAX_PAYLOAD, Record};
use crate::recover::{Recovery, recover, remove_unneeded};
use crate::writer::Writer;

/// How a queue writes: its fsync policy and the size at which a segment is sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// When to fsync; see [`Fsync`].
    pub fsync: Fsync,
    /// A segment longer than this is sealed and a new one begun with the next write.
    pub segment_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            fsync: Fsync::Always,
            segment_bytes: 1 << 20,
        }
    }
}

/// A message handed to a consumer: process it, then [`Queue::ack`] its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The message's id, given by the queue at enqueue: 1, 2, 3, … across restarts.
    pub id: u64,
    /// What the producer enqueued.
    pub payload: Vec<u8>,
    /// Which delivery this is: 1 the first, more after a restart that found it
    /// delivered and not acked.
    pub attempt: u32,
}

impl Delivery {
    /// Whether the message was delivered before (and not acked).
    pub fn is_redelivery(&self) -> bool {
        self.attempt > 1
    }
}

/// What the queue holds now (the source document's `Stats()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Messages waiting for a consumer.
    pub pending: u64,
    /// Messages out with a consumer, not acked yet.
    pub unacked: u64,
    /// Segment files.
    pub segments: u64,
    /// Their length, in bytes.
    pub bytes: u64,
    /// Fsyncs of segments since the queue was opened: what the policy costs.
    pub fsyncs: u64,
}

/// A durable queue in a folder; see the module docs.
#[derive(Debug)]
pub struct Queue {
    dir: PathBuf,
    options: Options,
    /// The log's writer and the index, changed together: see the module docs.
    state: Mutex<State>,
    /// Consumers blocked in `dequeue` wait here; an enqueue wakes one per message,
    /// `close` wakes them all.
    ready: Condvar,
    /// Locked (`flock`) while the queue is open, so a second process that opens the
    /// folder gets [`OpenError::Locked`] instead of interleaving its records with
    /// ours. The kernel drops the lock when the process dies, even by kill -9: a
    /// crash never leaves the queue locked.
    _lock: File,
}

#[derive(Debug)]
struct State {
    writer: Writer,
    index: Index,
    /// No more enqueues: consumers drain what is left, then `dequeue` returns `None`.
    closed: bool,
    /// Fsyncs of the segments sealed since the queue was opened.
    sealed_syncs: u64,
}

impl Queue {
    /// Opens (creating if needed) the queue in `dir`, recovering whatever a previous
    /// process left there, closed or killed.
    ///
    /// # Errors
    /// [`OpenError::Locked`] if the folder is open elsewhere; [`OpenError::Io`] if it
    /// cannot be read or repaired.
    pub fn open(dir: impl AsRef<Path>, options: Options) -> Result<(Self, Recovery), OpenError> {
        let dir = dir.as_ref();
        fs::create_dir_all(dir)?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("queue.lock"))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(OpenError::Locked(dir.to_owned())),
            Err(TryLockError::Error(error)) => return Err(error.into()),
        }
        let (index, writer, recovery) = recover(dir, options.fsync)?;
        let state = State {
            writer,
            index,
            closed: false,
            sealed_syncs: 0,
        };
        let queue = Self {
            dir: dir.to_owned(),
            options,
            state: Mutex::new(state),
            ready: Condvar::new(),
            _lock: lock,
        };
        Ok((queue, recovery))
    }

    /// Appends one message; returns its id once its record is written (and fsynced,
    /// by the policy).
    ///
    /// # Errors
    /// [`QueueError::Closed`], [`QueueError::TooLarge`], or the write failed (and
    /// the message is not in the queue).
    pub fn enqueue(&self, payload: &[u8]) -> Result<u64, QueueError> {
        self.enqueue_batch(&[payload]).map(|ids| ids.start)
    }

    /// Appends several messages with one write and one fsync; returns their ids.
    /// All of them are in the queue, or (on an error) none.
    ///
    /// # Errors
    /// As [`Queue::enqueue`].
    pub fn enqueue_batch<P: AsRef<[u8]>>(&self, payloads: &[P]) -> Result<Range<u64>, QueueError> {
        if let Some(p) = payloads.iter().find(|p| p.as_ref().len() > MAX_PAYLOAD) {
            return Err(QueueError::TooLarge(p.as_ref().len()));
        }
        let mut state = self.lock();
        if state.closed {
            return Err(QueueError::Closed);
        }
        let first = state.index.next_id;
        let records: Vec<Record> = (first..)
            .zip(payloads)
            .map(|(id, p)| Record::Enqueue {
                id,
                payload: p.as_ref().to_vec(),
            })
            .collect();
        self.write(&mut state, records)?;
        drop(state);
        for _ in payloads {
            self.ready.notify_one();
        }
        Ok(first..first + payloads.len() as u64)
    }

    /// Takes the oldest waiting message, blocking while there is none; `None` once
    /// the queue is closed and empty.
    ///
    /// # Errors
    /// The `Deliver` record could not be written (the message stays ready).
    pub fn dequeue(&self) -> Result<Option<Delivery>, QueueError> {
        let mut state = self.lock();
        loop {
            if let Some(delivery) = self.deliver(&mut state)? {
                return Ok(Some(delivery));
            }
            if state.closed {
                return Ok(None);
            }
            state = self
                .ready
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Takes the oldest waiting message, if there is one, without blocking.
    ///
    /// # Errors
    /// As [`Queue::dequeue`].
    pub fn try_dequeue(&self) -> Result<Option<Delivery>, QueueError> {
        self.deliver(&mut self.lock())
    }

    fn deliver(&self, state: &mut State) -> Result<Option<Delivery>, QueueError> {
        let Some(message) = state.index.ready.front() else {
            return Ok(None);
        };
        let id = message.id;
        self.write(state, vec![Record::Deliver { id }])?;
        let message = &state.index.out[&id];
        Ok(Some(Delivery {
            id,
            payload: message.payload.clone(),
            attempt: message.delivered,
        }))
    }

    /// Says message `id` is processed: once this returns, it is never delivered
    /// again. A segment left with nothing to deliver is removed (or, if the file
    /// system refuses now, at a later ack).
    ///
    /// # Errors
    /// [`QueueError::NotDelivered`] if `id` is not out with a consumer; or the write
    /// failed (and the message is still out: a restart delivers it again).
    pub fn ack(&self, id: u64) -> Result<(), QueueError> {
        let mut state = self.lock();
        if !state.index.out.contains_key(&id) {
            return Err(QueueError::NotDelivered(id));
        }
        self.write(&mut state, vec![Record::Ack { id }])?;
        // The ack is in the log: done, whatever follows. A segment that cannot be
        // removed now stays, correct and merely unneeded, and the next ack tries again.
        let _ = remove_unneeded(&mut state.index, &self.dir, self.options.fsync);
        Ok(())
    }

    /// Refuses further enqueues and wakes every consumer: they take what is left,
    /// then `dequeue` returns `None`. What is left stays on disk for the next open.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// Counts, now.
    pub fn stats(&self) -> Stats {
        let state = self.lock();
        let index = &state.index;
        Stats {
            pending: index.ready.len() as u64,
            unacked: index.out.len() as u64,
            segments: index.segments.len() as u64,
            bytes: index.segments.iter().map(|s| s.bytes).sum(),
            fsyncs: state.sealed_syncs + state.writer.syncs,
        }
    }

    /// The folder the queue is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `records` (one write, one fsync by the policy) and only then applies
    /// them to the index: the index never shows what the log does not hold. Seals
    /// the segment first if it is full.
    fn write(&self, state: &mut State, records: Vec<Record>) -> Result<(), QueueError> {
        if state.writer.bytes >= self.options.segment_bytes {
            self.roll(state)?;
        }
        let mut frames = Vec::new();
        for record in &records {
            record.encode(&mut frames);
        }
        state.writer.append(&frames)?;
        let last = state.index.segments.back_mut().expect("the newest segment");
        last.bytes = state.writer.bytes;
        for record in records {
            state.index.apply(record);
        }
        Ok(())
    }

    /// Seals the segment being written and begins the next.
    fn roll(&self, state: &mut State) -> Result<(), QueueError> {
        if self.options.fsync != Fsync::Never {
            state.writer.sync()?;
        }
        let (seq, next_id) = (state.writer.seq + 1, state.index.next_id);
        let sealed = state.writer.syncs;
        state.writer = Writer::create(&self.dir, seq, next_id, self.options.fsync)?;
        state.sealed_syncs += sealed;
        state.index.segments.push_back(Segment {
            seq,
            first_id: next_id,
            live: 0,
            bytes: state.writer.bytes,
        });
        // As in `ack`: the new segment is in place; removal can wait for the next try.
        let _ = remove_unneeded(&mut state.index, &self.dir, self.options.fsync);
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing in this module panics while holding the lock with the log and the
        // index out of step: each record is applied only after it is written.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Queue {
    /// Fsyncs what the `<N>ms` policy had not yet (`always` has nothing left;
    /// `never` leaves it to the kernel). An error here has nowhere to go: the next
    /// open finds whatever the disk kept, as after a crash.
    fn drop(&mut self) {
        if let Fsync::Every(_) = self.options.fsync {
            let _ = self.lock().writer.sync();
        }
    }
}
