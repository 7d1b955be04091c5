//! # Pass 04 — monitoring: live statistics, utilization, queue depth
//!
//! A system you cannot see into is one you cannot run. This pass keeps everything
//! pass 03 had and lets you watch it work: how many tasks were generated, consumed and
//! are pending, how busy each consumer is, how full the queue is, printed every second
//! by a monitor thread, plus a final block that must agree with the summary.
//!
//! ```text
//!  producers ── generated++ (own slot) ──> [ queue ] ──> consumers ── consumed++, busy (own slot)
//!                                              │                          │
//!                                           gauge                         │
//!                                              └──────> monitor <─────────┘  every --stats-interval-ms:
//!                                                  (reads only)              Statistics (updated every second):
//! ```
//!
//! ## What this pass adds over pass 03
//! - [`metrics`]: one counter slot per thread, each on its own cache line, so counting
//!   costs an uncontended atomic add; the memory ordering of each counter, and why
//!   `pending = generated − consumed` can never be negative, are on the fields.
//! - Timing without paying for the clock: [`metrics::TaskTimer`] times every task
//!   while tasks are long, and a 1-in-16 sample while they are short; the clock reads
//!   were the whole measurable cost of monitoring.
//! - [`monitor`]: the monitor thread, printing a block every interval (in one piece,
//!   so no other line lands inside it) and warning when the queue depth stays above
//!   `--depth-warn` for a whole interval. It has its own stop token: it keeps
//!   reporting through a graceful drain and stops when the last consumer is done.
//! - The default run is the exercise's finite workload again (3 producers × 50 tasks, 2
//!   consumers), paced so the statistics have something to show; `--endless` gives
//!   pass 03's run-until-stopped.
//!
//! ## Exit status
//! As pass 03: 0 all work done; 130 stopped by a signal, all work done; 3 tasks left
//! unprocessed (each reported); 1 error; 2 bad flags.
//!
//! ## Threads
//! Every thread of a run, the monitor included, is scoped and joined before [`run()`]
//! returns. The one exception in the process is ctrlc's signal-handling thread (see
//! pass 03).
//!
//! ## What it leaves out, on purpose
//! - Failures (pass 05): the `Failed` count is wired through but nothing fails yet.
//! - Redrawing the block in place on a terminal: blocks are plain lines, so they read
//!   the same in a terminal, a pipe or a test.
//! - Work stealing (pass 06).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`metrics`] | new | live counters, padded per thread, read without stopping anyone |
//! | [`monitor`] | new | the thread that prints statistics blocks and the depth warning |
//! | [`config`] | changed since pass 03 | the flags, now with `--endless`, `--stats-interval-ms`, `--depth-warn` |
//! | [`consumer`] | changed since pass 03 | times each task |
//! | [`producer`] | changed since pass 03 | counts as it goes |
//! | [`run`](mod@run) | changed since pass 03 | starts and stops the monitor around pass 03's crew; the final statistics |
//! | [`shared`] | changed since pass 03 | now with the metrics |
//! | [`stats`] | from pass 03 | what was not processed, and why the run stopped |
//! | [`supervisor`] | from pass 03 | decides when and how to stop, and escalates |
//! | [`cli`] | from pass 03 | the binary around `run`: flags checked, the signal handler, the exit status |
//! | [`control`] | from pass 03 | how workers reach the supervisor |
//! | [`crew`] | from pass 03 | the workers from start to end: started, supervised, joined, summed up |
//! | [`error`] | from pass 01 | why a run could not complete |
//! | [`pace`] | from pass 03 | `--rate` as an interruptible schedule |
//! | [`gauge`] | from pass 02 | the queue depth, also read by the monitor |
//! | [`queue`] | from pass 02 | bounded or unbounded |
//! | [`shutdown`] | from pass 03 | the phase every worker watches |
//! | [`task`] | from pass 02 | a task and its simulated cost |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there.
//! Plumbing no pass teaches (the transcript writer, threads, task ids, flag
//! parsers) is in the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/04-monitoring.md`; the lines it prints
//! are specified in `docs/transcripts.md`. `benches/overhead.rs` measures what
//! monitoring costs against pass 03.

pub mod config;
pub mod consumer;
pub mod metrics;
pub mod monitor;
pub mod producer;
pub mod run;
pub mod shared;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use ::shutdown::cli;
pub use ::shutdown::control;
pub use ::shutdown::crew;
pub use ::shutdown::pace;
pub use ::shutdown::shutdown;
pub use ::shutdown::stats;
pub use ::shutdown::supervisor;
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
