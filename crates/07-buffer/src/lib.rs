//! # Pass 07 — the buffer: a Mutex, two Condvars, and a choice of order
//!
//! Passes 02–06 hand tasks over through `sync_channel`, a black box. This pass opens
//! it: the queue between producers and consumers is a [`Buffer`](buffer::Buffer) built
//! from one `Mutex` and two `Condvar`s (`not_full`, `not_empty`), as the bounded-buffer
//! source document builds it, and so it can do what a channel cannot: take the newest
//! or the most urgent task first, hand a consumer a batch in one step of the lock, and
//! drop work on purpose when full instead of blocking the producer.
//!
//! ```text
//!  producers ── put ──> [ Mutex<Store> ] ── take_batch ──> consumers
//!        ^  wait on not_full    │    wait on not_empty  ^
//!        └──── notify_one ──────┴────── notify_one ─────┘   close(): notify_all
//! ```
//!
//! ## What this pass adds over pass 03
//! - [`buffer`]: the buffer, every operation one step of the lock, stamped by one
//!   counter so the transcript orders every put and take; a waiter is notified only
//!   when one waits.
//! - [`store`]: `--strategy fifo|lifo|priority` (priorities 0–9, from `--seed` and the
//!   task id; among equals the oldest first).
//! - [`overflow`]: `--overflow block|reject|drop-oldest|drop-lowest`; every task
//!   refused or shed is reported by id and counted (`Dropped: N tasks`).
//! - Batches: `--batch N` tasks per take, waiting up to `--batch-wait-ms` for a batch
//!   to fill; each take is one line, `Consumer 0 took 3 tasks at #12: …`. And
//!   `--put-batch N` tasks per put: a producer holds what it makes until it has N.
//!
//! ## Exit status
//! As pass 03: 0 all work done; 130 stopped by a signal, all work done; 3 tasks left
//! unprocessed (each reported); 1 error; 2 bad flags. Dropped tasks do not change it:
//! the policy dropped them as asked.
//!
//! ## What it leaves out, on purpose
//! - Statistics (pass 04) and failures (pass 05): this pass is about the queue, and
//!   builds on pass 03's run, whose flags it keeps whole.
//! - A lock-free queue: one lock is the design the source document teaches, and the
//!   benchmark measures what it costs against `sync_channel`.
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`buffer`] | new | the buffer: a Mutex, two Condvars, stamps |
//! | [`store`] | new | the strategies: which waiting task goes next |
//! | [`overflow`] | new | what a full buffer does with one more task |
//! | [`config`] | changed since pass 03 | pass 03's flags and `--strategy`, `--overflow`, `--batch`, `--batch-wait-ms`, `--put-batch` |
//! | [`consumer`] | changed since pass 03 | takes batches from the buffer |
//! | [`producer`] | changed since pass 03 | puts into the buffer, a hand at a time; reports what overflow drops |
//! | [`run`](mod@run) | changed since pass 03 | the buffer in place of the channel; closes it |
//! | [`shared`] | changed since pass 03 | the buffer in place of the gauge |
//! | [`stats`] | changed since pass 03 | counts the dropped tasks |
//! | [`cli`] | from pass 03 | the binary around `run` |
//! | [`control`] | from pass 03 | how workers reach the supervisor |
//! | [`pace`] | from pass 03 | `--rate` as an interruptible schedule |
//! | [`shutdown`] | from pass 03 | the phase every worker watches |
//! | [`supervisor`] | from pass 03 | decides when and how to stop, and escalates |
//! | [`task`] | from pass 02 | a task and its simulated cost |
//! | [`error`] | from pass 01 | why a run could not complete |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there.
//! Plumbing no pass teaches is in the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/07-buffer.md`; the lines it prints
//! are specified in `docs/transcripts.md`.

pub mod buffer;
pub mod config;
pub mod consumer;
pub mod overflow;
pub mod producer;
pub mod run;
pub mod shared;
pub mod stats;
pub mod store;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use ::shutdown::cli;
pub use ::shutdown::control;
pub use ::shutdown::pace;
pub use ::shutdown::shutdown;
pub use ::shutdown::supervisor;
pub use basic::error;
pub use bounded::task;

pub use config::{Config, Mode};
pub use control::Control;
pub use error::RunError;
pub use run::run;
pub use shutdown::{Phase, Shutdown};
pub use stats::Summary;
pub use supervisor::Trigger;
pub use task::Task;
