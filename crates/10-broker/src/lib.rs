//! # Pass 10 — a broker: the same system across processes, on Redis Streams
//!
//! Every earlier pass runs in one process: a channel, a buffer or a log shared by
//! threads. When producers and consumers outgrow one machine, users put a broker
//! between them rather than write one. This pass runs pass 05's system (seeded tasks
//! that may fail, retries, dead letters) with every producer and every consumer a
//! process of its own, on a real `redis-server`, through a *stream* and a *consumer
//! group*:
//!
//! ```text
//!  producer 0 ─┐                       ┌─> consumer 0 ──XACK──┐
//!  producer 1 ─┼──XADD──> {pc}:tasks ──┼─> consumer 1 ──XACK──┼──> settled
//!  producer 2 ─┘  (≤ --capacity)       └─> consumer 2 ──XACK──┘
//!                group `workers`: each task to one consumer, pending until acked;
//!                idle too long: XCLAIMed by another; too many deliveries: {pc}:dead
//! ```
//!
//! ## What this pass adds over pass 05
//! - Processes, not threads: the launcher ([`launcher`], [`fleet`]) starts each
//!   producer and consumer as a copy of this binary and supervises them: one killed
//!   with SIGKILL is reported and replaced ([`supervise`]).
//! - Delivery is **at least once**: a delivered task stays pending in the group
//!   until acknowledged; a consumer that dies holding one loses nothing, because
//!   another reclaims it after `--claim-idle-ms` ([`delivery`]) and says it is a
//!   redelivery; a duplicate's ack does not count twice ([`scripts`]).
//! - The bound is built, not given: a stream trims (`MAXLEN`) rather than refuses, so
//!   the add is a script that refuses above `--capacity` ([`scripts`]); a producer
//!   waits, as in pass 02.
//! - Shutdown across processes: pass 03's modes, carried out with SIGTERM to each
//!   child in turn ([`supervise`], [`signals`]); one transcript written by many
//!   processes, whole lines at a time ([`lines`]).
//! - The summary and the statistics come from the broker, the one place that sees
//!   every process ([`summary`], [`monitor`]).
//!
//! ## Exit status
//! | status | meaning |
//! |---|---|
//! | 0 | every task acknowledged or dead-lettered |
//! | 130 | stopped by a signal, and every task settled |
//! | 3 | tasks were left in the stream (immediate, second signal, drain timeout) |
//! | 1 | error: no broker, a process could not start or failed, the broker failed |
//! | 2 | bad flags (from clap) |
//!
//! ## Processes and threads
//! The launcher, one process per producer and consumer, and the private
//! `redis-server` (with its warden, see [`server`]) when no `--redis` is given. Each
//! is single-threaded but for ctrlc's handler thread (see pass 03). The launcher
//! kills and reaps every child before it returns; a child whose launcher was killed
//! notices and stops, and the warden stops the private server.
//!
//! ## What it leaves out, on purpose
//! - Exactly-once processing: a consumer killed between its work and its ack has
//!   done the work, and the task is done again. Work that must not repeat needs an
//!   idempotent effect (the ack script's result sum counts each task once).
//! - Several hosts and Redis Cluster: the chapter says what changes; every key
//!   shares one hash tag ([`keys`]) so the scripts would run on one shard.
//! - Persistence of the broker: the private server saves nothing; a broker that
//!   must survive its own crash needs Redis's append-only file (pass 09's fsync
//!   policies, on the broker's side).
//!
//! ## Layout
//!
//! | module | in this pass | what it holds |
//! |---|---|---|
//! | [`delivery`] | new | a new task from the group, or an idle one reclaimed |
//! | [`fleet`] | new | the children: started in their own process group, stopped, reaped |
//! | [`keys`] | new | the system's keys, one hash tag, and the group |
//! | [`launcher`] | new | the broker found or started, the children started, the summary |
//! | [`lines`] | new | whole lines, one write each, so processes share one stdout |
//! | [`scripts`] | new | the atomic add (the bound), ack and dead letter, in Lua |
//! | [`server`] | new | a private `redis-server` on a free loopback port |
//! | [`signals`] | new | signals received, a closed stdout, a launcher gone, for each process |
//! | [`summary`] | new | the counts, read back from the broker; the exit status |
//! | [`supervise`] | new | children replaced, the run stopped in pass 03's modes |
//! | [`config`] | changed since pass 05 | the flags: the system, the broker, the failures, how to stop |
//! | [`consumer`] | changed since pass 05 | read, process, settle: ack, leave pending, dead-letter |
//! | [`error`] | changed since pass 05 | why a run failed |
//! | [`monitor`] | changed since pass 04 | the group's statistics from `XINFO` |
//! | [`producer`] | changed since pass 05 | add in order, wait while full, resume after a restart |
//! | [`run`](mod@run) | changed since pass 05 | each process's part, by its role |
//! | [`cli`] | from pass 03 | the binary around `run`: flags checked, the signal handler, the exit status |
//!
//! A module *from pass N* is that pass's own, re-exported: read it there. The
//! tasks and their failures are pass 05's ([`errors::task::Task`]), and so are the
//! lines that tell a task's outcome and the dead-letter record; the producer's and
//! consumer's other lines are pass 02's and 03's.
//! Plumbing no pass teaches (the transcript writer, seeded draws, flag limits) is in
//! the `plumbing` crate.
//!
//! The chapter that goes with this code is `docs/10-broker.md`; the lines it prints
//! are specified in `docs/transcripts.md`.

pub mod config;
pub mod consumer;
pub mod delivery;
pub mod error;
pub mod fleet;
pub mod keys;
pub mod launcher;
pub mod lines;
pub mod monitor;
pub mod producer;
pub mod run;
pub mod scripts;
pub mod server;
pub mod signals;
pub mod summary;
pub mod supervise;

// Unchanged lessons, re-exported from the pass that taught them (see Layout).
pub use ::shutdown::cli;

pub use config::Config;
pub use error::RunError;
pub use run::{Outcome, run};
pub use server::Server;
pub use signals::Signals;
pub use summary::Summary;

/// A connection to the broker at `url`.
///
/// # Errors
/// A bad URL, or no broker there.
pub fn connect(url: &str) -> redis::RedisResult<redis::Connection> {
    redis::Client::open(url)?.get_connection()
}
