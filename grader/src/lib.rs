//! # grader — the grading harness shared by every pass's tests
//!
//! A pass is graded on what it prints. This crate holds, once, everything the
//! passes' tests need to judge a transcript:
//!
//! - [`line`](mod@line): the grammar of `docs/transcripts.md` as a [`Line`] enum, parsed and
//!   printed (the two round-trip);
//! - [`transcript`]: a whole run's stdout as numbered [`Line`]s;
//! - [`check`](mod@check): the invariants that hold under any schedule: every task
//!   created is processed exactly once and never before its creation (classified as
//!   Jepsen's total-queue checker does: ok, lost, duplicated, unexpected, early), the
//!   header first, the footer in order, the summary agreeing with the task lines;
//! - [`canon`]: the canonical form that snapshots compare (body sorted, consumer
//!   redacted);
//! - [`run`]: run a pass's binary through `assert_cmd` and grade it in one call;
//! - [`passes`]: the passes' binaries and which passes each builds on;
//! - [`flags`]: bad flag values refused with status 2, every flag documented;
//! - [`child`]: drive a running pass: wait for its lines, send real signals, collect
//!   its exit.
//! - [`fault`]: a broken rule at a line, as the pipeline's and the broker's checkers
//!   report it;
//! - [`tether`]: every process a test starts dies with the test, even one a
//!   harness's time limit ended;
//! - [`threads`]: thread hygiene, no thread left behind by a run (Linux).
//! - [`suite`]: the test suites every pass from 03 on runs (signals, invariants,
//!   thread hygiene, failures), written once and parameterised by a [`suite::Pass`];
//! - [`pipeline`]: pass 08's own grammar and checker (a pipeline's story is ticks
//!   through stages, not tasks through one queue);
//! - [`durable`]: pass 09's, over a history of runs on one queue, some killed with
//!   SIGKILL, and the crash chains that make such histories;
//! - [`broker`]: pass 10's, one transcript written by many processes, some killed,
//!   each duplicate delivery judged by whether it was announced;
//! - [`stress`]: the campaign behind `cargo xtask stress` (binary `stress`): every pass
//!   run many times with seeded configurations, signals and faults (pass 09: chains of
//!   killed runs), each run graded.
//!
//! The grader's own tests (`grader/tests/catches_*.rs`) feed it broken transcripts
//! and check that each fault is caught and named.

pub mod broker;
pub mod canon;
pub mod check;
pub mod child;
pub mod durable;
pub mod fault;
pub mod flags;
pub mod line;
pub mod passes;
pub mod pipeline;
pub mod run;
pub mod stress;
pub mod suite;
pub mod tether;
pub mod threads;
pub mod transcript;

pub use canon::canonical;
pub use check::{Bound, Expect, Report, Rule, TaskClass, Violation, check};
pub use child::{Child, Finished, Hung, Stuck};
pub use line::{Line, OutcomeCount, Reason, Stat, StopMode, Trigger};
pub use nix::sys::signal::Signal;
pub use run::{Graded, graded, graded_exit, graded_run};
pub use transcript::{ParseError, Transcript};
