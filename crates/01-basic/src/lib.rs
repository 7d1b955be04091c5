//! # Pass 01 — basic: N producers, M consumers, one channel
//!
//! The producer-consumer pattern in its smallest honest form. Producer threads create
//! tasks and send them into one [`std::sync::mpsc`] channel; consumer threads take
//! tasks out and process them. The channel decouples the two sides: a producer never
//! knows which consumer will run its task, and the first free consumer takes the next
//! task in the queue.
//!
//! ```text
//!  producer 0 ─┐                                  ┌─> consumer 0
//!  producer 1 ─┼─ Sender ──> [ channel ] ──> Mutex<Receiver> ─┤
//!  producer 2 ─┘   (clones)    unbounded                      └─> consumer 1
//! ```
//!
//! ## What this pass teaches
//! - **One channel, many senders.** Each producer owns a clone of the `Sender`.
//! - **Many consumers, one receiver.** `mpsc` is *single*-consumer: the `Receiver` is
//!   not `Sync`, so consumers share it behind a `Mutex` (see [`consumer`] for what
//!   that lock costs).
//! - **Shutdown by disconnection.** When every `Sender` is dropped, `recv` returns
//!   `Err` once the queue is empty: that is how consumers know all work is done. No
//!   flag, no sentinel task.
//! - **Every thread joined.** Threads are scoped ([`std::thread::scope`]), so none can
//!   outlive [`run()`], and a panicking thread is reported as a [`RunError`].
//! - **Determinism where it can be.** A task's payload comes from `--seed` and its id
//!   ([`task`]), so the sum of all results is the same whatever the interleaving.
//!
//! ## What it leaves out, on purpose
//! - A bound on the queue: producers never wait, and memory grows with the backlog
//!   (pass 02, `sync_channel`).
//! - Stopping early: the run ends only when every task is done (pass 03).
//! - Live statistics (pass 04), failures and retries (pass 05), work stealing (pass 06).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`config`] | new | the flags (clap), with their ranges |
//! | [`consumer`] | new | receive from the shared receiver, print, process |
//! | [`error`] | new | why a run could not complete |
//! | [`producer`] | new | create tasks, print, send |
//! | [`run`](mod@run) | new | start the threads, join them, print the summary |
//! | [`stats`] | new | what each consumer counts, and the run's summary |
//! | [`task`] | new | a task: its seeded payload and its work |
//!
//! Plumbing no pass teaches (the transcript writer, threads, task ids, flag
//! parsers) is in the `plumbing` crate.
//!
//! The transcript this pass prints is specified in `docs/transcripts.md`, and the
//! chapter that goes with this code is `docs/01-basic.md`.

pub mod config;
pub mod consumer;
pub mod error;
pub mod producer;
pub mod run;
pub mod stats;
pub mod task;

pub use config::Config;
pub use error::RunError;
pub use run::run;
pub use stats::{ConsumerStats, Summary};
pub use task::Task;
