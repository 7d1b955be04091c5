//! # Pass 09 — a durable queue: the work survives kill -9
//!
//! Passes 01–08 lose their queue when the process dies: every task in a channel is
//! gone. This pass keeps the queue on disk, as the source document's LedgerQ does,
//! and builds the producer-consumer system of its guide on it: producers enqueue,
//! consumers dequeue, process and **ack**; kill the process at any moment, run it
//! again, and every message whose enqueue returned is delivered, every message
//! acked is gone, and every message delivered and not acked comes back, marked as a
//! redelivery.
//!
//! ```text
//!  producers ──enqueue──> ┌────────────── the log (segment files) ──────────────┐
//!                         │ Start │ Enqueue 1 │ Enqueue 2 │ Deliver 1 │ Ack 1 │ … │
//!  consumers <──dequeue── └──────────────────────────────────────────────────────┘
//!            ───ack────>     replayed in order when the queue is opened again
//! ```
//!
//! ## What this pass adds over pass 03
//! - [`record`] and [`crc`]: every operation is a record appended to a log, framed
//!   with its length and a CRC32C, so a reader can tell a whole record from a torn
//!   or damaged one.
//! - [`segment`] and [`writer`]: the log in files of about `--segment-bytes`, each
//!   record written before its call returns and fsynced by the [`fsync`] policy
//!   (`always`, every N ms, `never`: each says exactly what a crash can lose); a
//!   segment every message of which is acked is removed.
//! - [`index`] and [`recover`]: the queue's state is what replaying the records
//!   gives, the same code after a clean close and after a crash; a torn tail is cut,
//!   damage is quarantined, and both are reported.
//! - [`queue`]: enqueue (and enqueue a batch with one fsync), dequeue a delivery,
//!   ack it; a lock file so that two processes cannot open one queue; stats.
//! - The source document's system on it ([`producer`], [`consumer`], [`report`]):
//!   3 producers × 10 messages, 2 consumers, `Expected: 30 / Consumed: 30`, and what
//!   a run leaves in the queue for the next one.
//! - The document's patterns as flags: its batch producer (`--batch`), its priority
//!   consumer groups ([`lane`]: `--priority 10,2`, two queues), its monitoring loop
//!   with a depth warning, and its consumers scaled by depth ([`monitor`], [`gate`]:
//!   `--monitor-ms`, `--depth-warning`, `--scale-per 100`).
//!
//! ## Exit status
//! | status | meaning |
//! |---|---|
//! | 0 | every message found or enqueued was processed and acked |
//! | 130 | stopped by a signal, and every message was processed (graceful) |
//! | 3 | messages were left in the queue (immediate, second signal, drain timeout): on disk, for the next run |
//! | 1 | error: the queue is open in another process, the disk failed, a thread could not start or panicked, the transcript could not be written |
//! | 2 | bad flags (from clap) |
//!
//! ## Threads
//! The producers, the consumers, the monitor (with `--monitor-ms`) and the
//! supervisor (the thread that calls [`run()`]); all scoped and joined before it
//! returns. ctrlc's handler thread is the
//! one process-wide exception (see pass 03). The queue starts no thread of its own.
//!
//! ## What it leaves out, on purpose
//! - Messages larger than memory: the index keeps every waiting message's payload
//!   in memory as well as on disk. A queue that reads payloads back from its
//!   segments would keep only offsets.
//! - Group commit: the fsync runs under the queue's lock, so threads wait for each
//!   other's fsyncs; batches are how a producer shares one.
//! - Several machines: see pass 10, the broker.
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`crc`] | new | CRC32C, the records' checksum |
//! | [`fsync`] | new | the fsync policies, and what a crash can lose under each |
//! | [`gate`] | new | how many of a lane's consumers are at work |
//! | [`index`] | new | the queue's state in memory: what replaying the records gives |
//! | [`lane`] | new | a queue and its consumers: the run's, or a priority group's |
//! | [`monitor`] | new | the stats printed, the depth warned of, the consumers scaled |
//! | [`record`] | new | a record and its frame: length, checksum, body |
//! | [`recover`] | new | opening a folder: segments read, repaired, replayed |
//! | [`report`] | new | the header (what recovery found) and the results |
//! | [`segment`] | new | segment files: listing, reading, cutting damage off |
//! | [`writer`] | new | the segment being written, fsynced by the policy |
//! | [`config`] | changed since pass 03 | the flags: the system, the queue's folder and policy, the document's patterns, how to stop |
//! | [`consumer`] | changed since pass 03 | dequeue, process, ack |
//! | [`producer`] | changed since pass 03 | enqueue a batch at a time |
//! | [`run`](mod@run) | changed since pass 03 | the lanes' queues opened, the threads and the monitor supervised, the queues closed |
//! | [`stats`] | changed since pass 03 | the summary, lane by lane: found, enqueued, consumed, left; the exit status |
//! | [`queue`] | changed since pass 02 | the queue, now on disk: enqueue, dequeue, ack |
//! | [`error`] | changed since pass 01 | why the queue could not open, an operation failed, a run stopped |
//! | [`cli`] | from pass 03 | the binary around `run`: flags checked, the signal handler, the exit status |
//! | [`control`] | from pass 03 | how workers and the signal handler reach the supervisor |
//! | [`pace`] | from pass 03 | `--rate` as an interruptible schedule |
//! | [`shutdown`] | from pass 03 | the phase every worker watches |
//! | [`supervisor`] | from pass 03 | decides when and how to stop, and escalates |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there.
//! Plumbing no pass teaches (the transcript writer, threads, seeded draws, flag
//! limits) is in the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/09-durable.md`; the lines it prints
//! are specified in `docs/transcripts.md`.

pub mod config;
pub mod consumer;
pub mod crc;
pub mod error;
pub mod fsync;
pub mod gate;
pub mod index;
pub mod lane;
pub mod monitor;
pub mod producer;
pub mod queue;
pub mod record;
pub mod recover;
pub mod report;
pub mod run;
pub mod segment;
pub mod stats;
pub mod writer;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use ::shutdown::cli;
pub use ::shutdown::control;
pub use ::shutdown::pace;
pub use ::shutdown::shutdown;
pub use ::shutdown::supervisor;

pub use config::Config;
pub use control::Control;
pub use error::{OpenError, QueueError, RunError};
pub use queue::{Delivery, Options, Queue, Stats};
pub use run::run;
pub use stats::{LaneSummary, Summary};
