//! # Pass 06 — work stealing: batches into local queues, and stealing when idle
//!
//! Everything pass 05 has (bounds, shutdown modes, monitoring, failures and their
//! accounting) holds; what changes is how a consumer gets its next task. In pass 05
//! every task costs a trip through the receiver's lock, so the consumers queue up
//! behind one lock. Here a consumer takes a *batch*, its fair share of what is waiting,
//! into a local queue of its own, and works through it without touching the shared
//! lock. Batches bring back the problem one shared queue never had: a consumer that
//! took a batch of heavy tasks is busy long after the others have run out. So an idle
//! consumer *steals* half of a busy one's queue.
//!
//! ```text
//!  producers ──mpsc (bounded)──> [ channel ] ── batch: fair share ──> [local 0] ──> consumer 0
//!                                     │                                   │ steal half
//!                                     └────────── batch ──────────────> [local 1] ──> consumer 1
//! ```
//!
//! ## What this pass adds over pass 05
//! - [`seek`]: where a consumer's next task comes from: its own queue, a batch from the
//!   channel, a steal, and only then a wait in the channel's `recv`: the one place an
//!   idle consumer sleeps, woken by the channel itself, with no polling. The module
//!   writes down why that is safe, and loom checks it (`tests/model.rs`).
//! - [`intake`]: a batch is one receive under the receiver's lock and then
//!   non-blocking receives up to a fair share of what waits (tokio's rule: waiting /
//!   consumers + 1, at most the local queue's capacity).
//! - [`local`]: a consumer's queue, a `Mutex<VecDeque>`: the owner pops the oldest, a
//!   thief takes the newer half. Refilled only when empty, so tasks in a run never
//!   exceed `--capacity` + consumers × `--local-capacity`. Miri runs its unit tests.
//! - [`skew`]: heavy tasks in bursts (`--heavy-ms`), a property of the task's id, so
//!   batches are uneven and `--no-steal` shows what stealing repairs;
//!   `benches/makespan.rs` measures both against the ideal.
//! - [`consumer`]: this pass's consumers, plugged into pass 05's run through its
//!   `Consumers` seam: pass 05's pool replaces one that panics (the replacement keeps
//!   its predecessor's queue), pass 05's `Consumer` brings each task to its outcome.
//!
//! ## Exit status
//! As pass 05: 0 every task succeeded or was dead-lettered; 130 the same, stopped by a
//! signal; 3 tasks left unprocessed or undelivered; 1 error; 2 bad flags.
//!
//! ## Threads
//! Producers, consumers (replacements included), the monitor: all scoped and joined
//! before [`run()`] returns (pass 05's run). ctrlc's handler thread is the one
//! process-wide exception (see pass 03).
//!
//! ## What it leaves out, on purpose
//! - A lock-free (Chase–Lev) deque: the exercise asks for the standard library, and a
//!   `Mutex` per queue is uncontended except during a steal.
//! - Waking an idle consumer to steal: one asleep in `recv` wakes when a task arrives
//!   or the channel closes, not when another consumer's queue grows (tokio wakes a
//!   sleeper for that; it needs a wake-up path besides the channel's).
//! - Priority queues (the exercise's other challenge).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`intake`] | new | a batch from the channel: a fair share, one lock |
//! | [`local`] | new | a consumer's own queue: pop the oldest, a thief takes the newer half |
//! | [`seek`] | new | own queue, batch, steal, wait: where the next task comes from |
//! | [`skew`] | new | heavy tasks in bursts, by id |
//! | [`summary`] | new | pass 05's summary and the steals |
//! | [`config`] | changed since pass 05 | pass 05's flags and `--no-steal`, `--local-capacity`, `--heavy-ms` |
//! | [`consumer`] | changed since pass 05 | consumers with local queues, through pass 05's seam |
//! | [`run`](mod@run) | changed since pass 05 | pass 05's run with this pass's consumers |
//! | [`cli`] | from pass 03 | the binary around `run`: flags checked, the signal handler, the exit status |
//! | [`control`] | from pass 05 | events to the supervisor |
//! | [`error`] | from pass 05 | precise failures |
//! | [`fault`] | from pass 05 | injected failures |
//! | [`guard`] | from pass 05 | counts reported by `Drop` |
//! | [`parcel`] | from pass 05 | a dropped task is still reported |
//! | [`pool`] | from pass 05 | consumers replaced when they panic |
//! | [`producer`] | from pass 05 | creates, paces and sends |
//! | [`queue`] | from pass 02 | the bounded intake |
//! | [`retry`] | from pass 05 | backoff in place |
//! | [`shared`] | from pass 05 | what workers borrow |
//! | [`stats`] | from pass 05 | every task's outcome |
//! | [`supervisor`] | from pass 05 | stops the run, replaces consumers |
//! | [`task`] | from pass 05 | a task and its fate |
//! | [`gauge`] | from pass 02 | the queue depth |
//! | [`metrics`] | from pass 04 | live counters |
//! | [`monitor`] | from pass 04 | the statistics thread |
//! | [`pace`] | from pass 03 | `--rate` as an interruptible schedule |
//! | [`shutdown`] | from pass 03 | the phase every worker watches |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there. Plumbing no
//! pass teaches (the transcript writer, threads, task ids, flag parsers) is in the
//! `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/06-work-stealing.md`.

pub mod config;
pub mod consumer;
pub mod intake;
pub mod local;
pub mod run;
pub mod seek;
pub mod skew;
pub mod summary;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use ::shutdown::cli;
pub use ::shutdown::pace;
pub use ::shutdown::shutdown;
pub use bounded::gauge;
pub use bounded::queue;
pub use errors::control;
pub use errors::error;
pub use errors::fault;
pub use errors::guard;
pub use errors::parcel;
pub use errors::pool;
pub use errors::producer;
pub use errors::retry;
pub use errors::shared;
pub use errors::stats;
pub use errors::supervisor;
pub use errors::task;
pub use monitoring::metrics;
pub use monitoring::monitor;

pub use config::{Config, Mode};
pub use control::Control;
pub use error::{ProducerFailure, RunError, TaskError};
pub use plumbing::WorkRange;
pub use run::run;
pub use shutdown::{Phase, Shutdown};
pub use stats::{ConsumerStats, DeadLetter, ProducerStats};
pub use summary::Summary;
pub use supervisor::Trigger;
pub use task::Task;
