//! # plumbing — what every pass uses and no pass teaches
//!
//! The passes teach the producer-consumer pattern; around it each needs the same
//! plumbing, written here once so that a pass's crate holds its lesson and nothing
//! else:
//!
//! - [`log`]: the transcript, written one whole line at a time by many threads
//!   ([`Log`]), the plurals of its counts ([`count`]) and its rates ([`per_second`]).
//! - [`threads`]: start a named scoped thread ([`spawn`]) and join many, observing
//!   every panic ([`join_all`]).
//! - [`work`]: task ids by producer ([`task_id`]), each task's own seeded generator
//!   ([`task_rng`]), and the work a task stands for ([`collatz_steps`]).
//! - [`flags`]: the limits on flag values and the parsers of the values clap cannot
//!   parse alone ([`WorkRange`], [`Probability`], [`ProducerFault`]).
//! - [`gauge`]: drawing the queue's depth, `Queue: [██████░░░░] 6/10`.
//! - [`measure`]: a benchmark's results as JSON lines, for `cargo xtask bench`, and
//!   their quartiles.
//!
//! Nothing here is shared between threads but the [`Log`], whose lock is the one
//! primitive of this crate; the passes own every other one.

pub mod flags;
pub mod gauge;
pub mod log;
pub mod measure;
pub mod threads;
pub mod work;

pub use flags::{Probability, ProducerFault, ThreadPair, WorkRange};
pub use log::{Log, count, per_second};
pub use threads::{Panicked, SpawnError, join_all, spawn};
pub use work::{collatz_steps, id_block, task_id, task_rng};
