//! # Pass 03 — shutdown: graceful, immediate, timeout, and Ctrl+C
//!
//! Passes 01 and 02 stopped only when every task was done. A real service runs until
//! it is told to stop, and then the question is what happens to the work in flight.
//! This pass answers it three ways, picked with `--shutdown`:
//!
//! - **graceful** (default): stop producing, finish every task already queued;
//! - **immediate**: stop producing; consumers cut the task in hand short (its simulated
//!   cost is spent where the stop can wake it), and every task still queued is
//!   reported, by id, as not processed: accounted for, never silently lost;
//! - **timeout**: graceful for at most `--drain-ms`, then immediate for what remains.
//!
//! What asks a run to stop: SIGINT (Ctrl+C), SIGTERM or SIGHUP; `--duration-ms`;
//! `--stop-after N` processed tasks; or a transcript that can no longer be written. A second signal during a graceful drain escalates
//! to immediate.
//!
//! ```text
//!  signal handler ─┐                        ┌──────────────> Shutdown (phase)
//!  workers' ends  ─┼─> control channel ──> supervisor          ▲ read between tasks
//!  --stop-after   ─┘   (mpsc, Event)       (the run's thread)  │
//!                                                 producers ───┤ (wake from pacing)
//!                                                 consumers ───┘ (report, don't process)
//! ```
//!
//! ## What this pass adds over pass 02
//! - [`Shutdown`]: the phase (Running → Draining → Stopping), one small named type
//!   read by every worker, as mini-redis does it.
//! - [`Control`]: one channel for everything the run must react to. The signal
//!   handler, the workers' ends (through a drop guard, so even a panic is heard) and
//!   `--stop-after` all send [`control::Event`]s; the supervisor waits on it with
//!   `recv_timeout` for its deadlines.
//! - [`supervisor`]: the run's own thread decides when and how to stop, and says so
//!   *before* it changes the phase, so the transcript's order is right by
//!   construction.
//! - Producers sleep until their next task through [`Shutdown::sleep_until`], so a
//!   shutdown wakes them at once. Consumers never need waking: they wait only in
//!   `recv`, which returns as soon as the last producer drops its sender.
//! - Without `--tasks`, producers go on until the run is stopped, at a pace a person
//!   can follow (`--rate 2`, `--work-ms 200..600`).
//!
//! ## Exit status
//! | status | meaning |
//! |---|---|
//! | 0 | every task produced was processed; the run ended by itself, or by `--duration-ms` / `--stop-after`, or because its reader left (a closed pipe) |
//! | 130 | stopped by a signal, and every task produced was processed (graceful) |
//! | 3 | the shutdown left tasks unprocessed (immediate, second signal, drain timeout); each is reported |
//! | 1 | error: a thread could not start or panicked, or the transcript could not be written |
//! | 2 | bad flags (from clap) |
//!
//! ## Threads
//! Every thread of a run is scoped and joined before [`run()`] returns. The one
//! exception in the process is ctrlc's signal-handling thread, started by `main` and
//! alive until the process exits; it only sends an event.
//!
//! ## What it leaves out, on purpose
//! - Live statistics (pass 04): the counts come only at the end.
//! - Failures (pass 05): a panicking consumer is reported, not replaced.
//! - Work stealing (pass 06).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`cli`] | new | the binary around `run`: flags checked, the signal handler, the exit status |
//! | [`control`] | new | how workers, the signal handler and the transcript (a write that fails) reach the supervisor |
//! | [`crew`] | new | the workers from start to end: started, supervised, joined, summed up |
//! | [`shared`] | new | what workers borrow from the run, and the `--stop-after` count |
//! | [`shutdown`] | new | the phase every worker watches, and the waits (pacing, a task's cost) a phase change cuts short |
//! | [`supervisor`] | new | decides when and how to stop, and escalates (its `Stopper`); counts the workers' ends |
//! | [`config`] | changed since pass 02 | the flags, now with `--shutdown`, `--drain-ms`, `--duration-ms`, `--stop-after`, and the checks clap cannot express |
//! | [`consumer`] | changed since pass 02 | spends a task's cost on the shutdown token; in an immediate stop, reports the task in hand and the rest |
//! | [`pace`] | changed since pass 02 | `--rate`, now a sleep that a shutdown interrupts |
//! | [`producer`] | changed since pass 02 | stops when the phase says so |
//! | [`run`](mod@run) | changed since pass 02 | the crew in a scope that stops it on every way out; the shutdown mode in the header, the ready line, the not-processed count |
//! | [`stats`] | changed since pass 02 | what was not processed, and why the run stopped |
//! | [`error`] | from pass 01 | why a run could not complete |
//! | [`gauge`] | from pass 02 | the queue depth |
//! | [`queue`] | from pass 02 | bounded or unbounded |
//! | [`task`] | from pass 02 | a task and its simulated cost |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there.
//! Plumbing no pass teaches (the transcript writer, threads, task ids, flag
//! parsers) is in the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/03-shutdown.md`; the lines it prints
//! are specified in `docs/transcripts.md`.

pub mod cli;
pub mod config;
pub mod consumer;
pub mod control;
pub mod crew;
pub mod pace;
pub mod producer;
pub mod run;
pub mod shared;
pub mod shutdown;
pub mod stats;
pub mod supervisor;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use basic::error;
pub use bounded::gauge;
pub use bounded::queue;
pub use bounded::task;

pub use config::{Config, Mode};
pub use control::Control;
pub use error::RunError;
pub use plumbing::WorkRange;
pub use run::run;
pub use shutdown::{Phase, Shutdown};
pub use stats::{ConsumerStats, ProducerStats, Summary};
pub use supervisor::Trigger;
pub use task::Task;
