//! # Pass 02 — bounded: capacity, backpressure, rate, throughput
//!
//! Pass 01's channel was unbounded: producers never waited, and when they outran the
//! consumers every task piled up in memory. This pass gives the queue a bound. With
//! `sync_channel(capacity)`, a producer that finds `capacity` tasks waiting blocks until
//! a consumer makes room. That wait is **backpressure**: the slow side sets the pace of
//! the fast side, and memory stays flat however many tasks a run makes.
//!
//! ```text
//!  producer 0 ─┐  try_send ─ Full? ─> "blocked"  ─ send (waits) ─> "resuming"
//!  producer 1 ─┼─ SyncSender ──> [■■■■■■■■■■] ──> Mutex<Receiver> ─┬─> consumer 0
//!  producer 2 ─┘                  capacity 10                       └─> consumer 1
//! ```
//!
//! ## What this pass adds over pass 01
//! - **A bound** (`--capacity N`, default 10): [`queue::Queue`] is a `SyncSender`; or
//!   `--unbounded` for pass 01's `Sender`, to watch memory grow. `--capacity 0` is
//!   the rendezvous channel: no slot at all, every send waits for a receiver.
//! - **Seeing backpressure**: a producer tries `try_send` first; on `Full` it says
//!   `Producer 2: blocked (queue full, waiting...)`, shows the [`gauge`]
//!   (`Queue: [██████████] 10/10 FULL`), then blocks in `send` and says `resuming`.
//! - **Pace and work**: `--rate N` tasks per second per producer ([`pace`]), and
//!   `--work-ms A..B` of simulated work per task, drawn from `--seed` and the task id.
//! - **Throughput**: every run ends with its elapsed time and tasks per second.
//!
//! Everything pass 01 had is kept: its flags, its lines, its result sum (the payloads
//! are drawn exactly as in pass 01, so the same seed gives the same sum).
//!
//! ## What it leaves out, on purpose
//! - Stopping early, by signal or timeout (pass 03): a run still ends only when every
//!   task is done.
//! - Live statistics (pass 04); the gauge here is printed only at the moments a
//!   producer blocks or finishes.
//! - Failures (pass 05) and work stealing (pass 06).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`gauge`] | new | the queue depth: what exactly it counts and its worst-case error |
//! | [`pace`] | new | `--rate` as a schedule |
//! | [`queue`] | new | bounded or unbounded, and a send that reports whether it blocked |
//! | [`config`] | changed since pass 01 | pass 01's flags flattened in (`base`), and `--capacity`, `--unbounded`, `--rate`, `--work-ms` |
//! | [`consumer`] | changed since pass 01 | counts what it takes out of the queue for the gauge |
//! | [`producer`] | changed since pass 01 | paced, and saying when it blocks on a full queue |
//! | [`run`](mod@run) | changed since pass 01 | the bounded channel, and throughput in the summary |
//! | [`stats`] | changed since pass 01 | elapsed time and throughput |
//! | [`task`] | changed since pass 01 | a task now carries its simulated cost |
//! | [`error`] | from pass 01 | why a run could not complete |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there.
//! Plumbing no pass teaches (the transcript writer, threads, task ids, flag
//! parsers) is in the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/02-bounded.md`; the lines it prints
//! are specified in `docs/transcripts.md`.

pub mod config;
pub mod consumer;
pub mod gauge;
pub mod pace;
pub mod producer;
pub mod queue;
pub mod run;
pub mod stats;
pub mod task;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use basic::error;

pub use config::Config;
pub use error::RunError;
pub use plumbing::WorkRange;
pub use run::run;
pub use stats::{ConsumerStats, ProducerStats, Summary};
pub use task::Task;
