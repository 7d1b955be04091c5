//! # Pass 06 — work stealing: local queues, stealing, and proof that it helps
//!
//! The complete system. Everything pass 05 had (bounds, shutdown modes, monitoring,
//! failures and their accounting) holds; what changes is how tasks reach consumers.
//! One shared queue balances load by itself but makes every consumer contend for one
//! lock; one queue per consumer removes the contention and, with a static assignment,
//! lets one consumer drown while the others idle. Work stealing keeps the local queues
//! and fixes the imbalance: an idle consumer takes half of a busy one's queue.
//!
//! ```text
//!  producers ──mpsc──> distributor ──deals by id──> [local 0] [local 1] … [local M-1]
//!                      (owns the Receiver)              │ ▲        │
//!                                                       │ └─steal half (back)
//!                                                       ▼          ▼
//!                                                   consumer 0  consumer 1   (pop front)
//! ```
//!
//! ## What this pass adds over pass 05
//! - [`distributor`]: one thread owns the `Receiver` (no `Mutex`: it is mpsc's single
//!   consumer) and deals each task to the local queue of consumer `id % consumers`,
//!   waiting when that queue is full: backpressure reaches the producers through the
//!   bounded channel behind it. It deals in batches (what the channel already holds,
//!   up to 64), one lock and at most one wake-up per queue per batch.
//! - [`local`]: a consumer's queue, `Mutex<VecDeque>` + condition variables, notified
//!   only when someone waits on them; the owner
//!   pops the oldest task, a thief takes the newer half; each operation moves whole
//!   tasks under one lock, so every task is in one place at a time. Proved by more
//!   than tests: Miri runs its unit tests, and the loom model checker runs
//!   `tests/model.rs` (the steal protocol) under every interleaving of its locks.
//! - [`consumer`]: own queue first, then a steal from a random victim (seeded), then a
//!   short wait on its own queue ([`consumer::STEAL_RETRY`]) before looking again.
//!   `--no-steal` gives static assignment, the baseline.
//! - The skew (`--heavy-ms`): the tasks dealt to consumer 0 are heavy, so static
//!   assignment leaves the others idle; `benches/makespan.rs` measures both against
//!   the ideal (total work / consumers).
//! - Failures keep pass 05's meaning: a replacement works on its predecessor's queue;
//!   a consumer not replaced has its queue closed and its tasks re-homed to the next
//!   live queue; with no consumer left the distributor drops the receiver, closing the
//!   channel under the producers.
//!
//! ## Exit status
//! As pass 05: 0 every task succeeded or was dead-lettered; 130 the same, stopped by a
//! signal; 3 tasks left unprocessed or undelivered; 1 error; 2 bad flags.
//!
//! ## Threads
//! Producers, the distributor, consumers (replacements included), the monitor: all
//! scoped and joined before [`run()`] returns. ctrlc's handler thread is the one
//! process-wide exception (see pass 03).
//!
//! ## What it leaves out, on purpose
//! - A lock-free (Chase–Lev) deque: the exercise asks for the standard library, and a
//!   `Mutex` per queue is uncontended except during a steal.
//! - Stealing on arrival (a thief is told when a backlog forms): thieves poll every
//!   millisecond while idle instead.
//! - Priority queues (the exercise's other challenge).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`distributor`] | new | owns the receiver and deals tasks to the local queues |
//! | [`local`] | new | a consumer's own queue: pop the oldest, a thief takes the newer half |
//! | [`config`] | changed since pass 05 | the flags, now with `--no-steal`, `--local-capacity`, `--heavy-ms` |
//! | [`consumer`] | changed since pass 05 | own queue first, then steal, then wait |
//! | [`pool`] | changed since pass 05 | a replacement works on its predecessor's local queue |
//! | [`run`](mod@run) | changed since pass 05 | the distributor and local queues wired in |
//! | [`stats`] | changed since pass 05 | steals per consumer, and what the distributor accounted for |
//! | [`supervisor`] | changed since pass 05 | re-homes a dead consumer's queue |
//! | [`task`] | changed since pass 05 | the skew: heavy tasks for consumer 0 |
//! | [`control`] | copy of pass 05 | events to the supervisor |
//! | [`guard`] | copy of pass 05 | counts reported by `Drop` |
//! | [`parcel`] | copy of pass 05 | a dropped task is still reported |
//! | [`producer`] | copy of pass 05 | creates, paces and sends |
//! | [`queue`] | copy of pass 05 | the bounded intake |
//! | [`retry`] | copy of pass 05 | backoff in place |
//! | [`shared`] | copy of pass 05 | what workers borrow |
//! | [`error`] | from pass 05 | precise failures |
//! | [`fault`] | from pass 05 | injected failures |
//! | [`gauge`] | from pass 04 | the queue depth |
//! | [`metrics`] | from pass 04 | live counters |
//! | [`monitor`] | from pass 04 | the statistics thread |
//! | [`pace`] | from pass 03 | `--rate` as an interruptible schedule |
//! | [`shutdown`] | from pass 03 | the phase every worker watches |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there.
//! A *copy of pass N* is byte for byte that pass's file, compiled against this
//! pass's own types; it is due to be imported instead.
//! Plumbing no pass teaches (the transcript writer, threads, task ids, flag
//! parsers) is in the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/06-work-stealing.md`.

pub mod config;
pub mod consumer;
pub mod control;
pub mod distributor;
pub mod guard;
pub mod local;
pub mod parcel;
pub mod pool;
pub mod producer;
pub mod queue;
pub mod retry;
pub mod run;
pub mod shared;
pub mod stats;
pub mod supervisor;
pub mod task;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use ::shutdown::pace;
pub use ::shutdown::shutdown;
pub use errors::error;
pub use errors::fault;
pub use monitoring::gauge;
pub use monitoring::metrics;
pub use monitoring::monitor;

pub use config::{Config, Mode};
pub use control::Control;
pub use error::{ProducerFailure, RunError, TaskError};
pub use plumbing::WorkRange;
pub use run::run;
pub use shutdown::{Phase, Shutdown};
pub use stats::{ConsumerStats, DeadLetter, ProducerStats, Summary};
pub use supervisor::Trigger;
pub use task::Task;
