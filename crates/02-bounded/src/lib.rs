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
//! - [`config`]: the flags, with their ranges; [`config::WorkRange`] parses `A..B`.
//! - [`queue`]: bounded or unbounded, and a send that reports whether it blocked.
//! - [`gauge`]: the queue depth, what exactly it counts and its worst-case error.
//! - [`pace`]: `--rate` as a schedule.
//! - [`task`], [`producer`], [`consumer`], [`run`](mod@run), [`log`], [`stats`],
//!   [`error`]: as in pass 01, extended.
//!
//! The chapter that goes with this code is `docs/02-bounded.md`; the lines it prints
//! are specified in `docs/transcripts.md`.

pub mod config;
pub mod consumer;
pub mod error;
pub mod gauge;
pub mod log;
pub mod pace;
pub mod producer;
pub mod queue;
pub mod run;
pub mod stats;
pub mod task;

pub use config::{Config, WorkRange};
pub use error::RunError;
pub use run::run;
pub use stats::{ConsumerStats, ProducerStats, Summary};
pub use task::Task;
