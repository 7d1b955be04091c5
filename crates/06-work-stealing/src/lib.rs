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
//! - A lock-free (Chase–Lev) deque: the seed asks for the standard library, and a
//!   `Mutex` per queue is uncontended except during a steal.
//! - Stealing on arrival (a thief is told when a backlog forms): thieves poll every
//!   millisecond while idle instead.
//! - Priority queues (the seed's other challenge).
//!
//! ## Layout
//! - [`distributor`], [`local`]: what this pass adds; [`consumer`]: now stealing.
//! - [`pool`], [`supervisor`], [`stats`], [`config`], [`task`], [`run`](mod@run): as in
//!   pass 05, adapted to local queues.
//! - [`fault`], [`retry`], [`guard`], [`parcel`], [`error`], [`control`], [`producer`],
//!   [`shutdown`], [`shared`], [`queue`], [`gauge`], [`pace`], [`metrics`], [`monitor`],
//!   [`log`]: as in pass 05.
//!
//! The chapter that goes with this code is `docs/06-work-stealing.md`.

pub mod config;
pub mod consumer;
pub mod control;
pub mod distributor;
pub mod error;
pub mod fault;
pub mod gauge;
pub mod guard;
pub mod local;
pub mod log;
pub mod metrics;
pub mod monitor;
pub mod pace;
pub mod parcel;
pub mod pool;
pub mod producer;
pub mod queue;
pub mod retry;
pub mod run;
pub mod shared;
pub mod shutdown;
pub mod stats;
pub mod supervisor;
pub mod task;

pub use config::{Config, Mode, WorkRange};
pub use control::Control;
pub use error::{ProducerFailure, RunError, TaskError};
pub use run::run;
pub use shutdown::{Phase, Shutdown};
pub use stats::{ConsumerStats, DeadLetter, ProducerStats, Summary};
pub use supervisor::Trigger;
pub use task::Task;
