//! Runs of a pass's binary (03 on) whose canonical transcript (`grader::canonical`)
//! is compared with a reviewed snapshot in the pass's `tests/snapshots/`. Each run is
//! graded first: the contract, and the exit status against the accounting.
//!
//! In a run that was stopped, which tasks exist depends on when: the canonical form
//! keeps the shape of the shutdown (announcements, each thread's last words, the
//! summary's lines) and redacts the counts, which the checker verifies instead. Live
//! statistics blocks depend on timing and are left out; the final block stays, with
//! each consumer's share redacted.
//!
//! `grader::snapshot_suite!(PASS; completed, duration_graceful, …)` writes one test
//! per run named, each compared with the snapshot of the same name.

use crate::canon::canonical;
use crate::line::{Line, OutcomeCount, Reason};
use crate::suite::{Pass, Run, signals};
use crate::transcript::Transcript;

/// A run with no pacing and no work, that stops after `--tasks`.
fn quick() -> Run {
    Run::fast().set("--work-ms", 0)
}

/// Five tasks per producer: the run completes (pass 03, whose runs are endless by
/// default).
pub fn completed(pass: &Pass) -> String {
    quick()
        .set("--tasks", 5)
        .graded_binary(pass)
        .graded
        .canonical()
}

/// The exercise's workload (3 × 50 tasks, 2 consumers), paced fast enough for a
/// test, with live statistics (pass 04 on).
pub fn exercise_workload(pass: &Pass) -> String {
    let run = Run::fast()
        .set("--tasks", 50)
        .set("--work-ms", "0..2")
        .set("--stats-interval-ms", 5);
    run.graded_binary(pass).graded.canonical()
}

/// Stopped by `--duration-ms`, then a graceful drain.
pub fn duration_graceful(pass: &Pass) -> String {
    let run = Run::fast()
        .set("--duration-ms", 200)
        .set("--rate", 100)
        .set("--work-ms", "1..3");
    let run = if pass.monitored {
        run.set("--stats-interval-ms", 50)
    } else {
        run
    };
    run.graded_binary(pass).graded.canonical()
}

/// Stopped by `--stop-after`, then an immediate stop. The status is 3 when tasks
/// were still queued at the stop, 0 if the queue happened to be empty: which one is
/// the schedule's doing, and that it agrees with the accounting is checked.
pub fn stop_after_immediate(pass: &Pass) -> String {
    let run = Run::fast()
        .set("--stop-after", 20)
        .shutdown("immediate")
        .set("--work-ms", 1);
    run.graded_binary(pass).graded.canonical()
}

/// Task failures, retried once, some dead-lettered (pass 05 on): the same seed fails
/// the same tasks every run, so the dead-letter record is fixed.
pub fn retries_dead_letters(pass: &Pass) -> String {
    let run = quick()
        .set("--tasks", 50)
        .set("--stats-interval-ms", 0)
        .set("--fail-rate", 0.4)
        .set("--retries", 1)
        .set("--backoff-ms", 1);
    run.graded_binary(pass).graded.canonical()
}

/// Every failure kind at once (pass 05 on): a producer error, a producer panic, two
/// consumer panics (each replaced, its task retried), task failures with retries,
/// all fixed by the seed.
pub fn every_failure(pass: &Pass) -> String {
    let run = quick()
        .set("--tasks", 20)
        .set("--stats-interval-ms", 0)
        .set("--fail-rate", 0.3)
        .set("--retries", 1)
        .set("--fail-producer", "1@5")
        .set("--panic-producer", "2@12")
        .add("--panic-on-task", 3)
        .add("--panic-on-task", 14);
    run.graded_binary(pass).graded.canonical()
}

/// One consumer on a rendezvous, which panics on task 4 and is not replaced (pass 05
/// on): tasks 0–3 succeed, task 4 is dead-lettered, and every task made after it
/// finds no consumer left, each reported undelivered; the status is 3. How many tasks
/// the producer made by then is the schedule's doing (redacted in the snapshot).
pub fn channel_closed(pass: &Pass) -> String {
    let out = quick()
        .set("--producers", 1)
        .set("--consumers", 1)
        .set("--capacity", 0)
        .set("--stats-interval-ms", 0)
        .set("--fail-rate", 0)
        .add("--panic-on-task", 4)
        .set("--max-restarts", 0)
        .graded_binary(pass);
    let stdout = &out.graded.stdout;
    assert_eq!(out.count(OutcomeCount::Success), 4, "{stdout}");
    assert_eq!(
        out.dead_letters(),
        [(4, Reason::ConsumerPanicked, 1)],
        "{stdout}"
    );
    let mut undelivered: Vec<u64> = out
        .lines()
        .filter_map(|l| match l {
            Line::Undelivered { task } => Some(*task),
            _ => None,
        })
        .collect();
    undelivered.sort_unstable();
    assert!(
        !undelivered.is_empty(),
        "the channel never closed:\n{stdout}"
    );
    assert_eq!(
        undelivered,
        (5..out.produced()).collect::<Vec<_>>(),
        "{stdout}"
    );
    assert_eq!(out.status(), 3);
    out.graded.canonical()
}

/// SIGINT to the binary as soon as it is ready: a graceful stop (pass 03 on).
pub fn sigint_graceful(pass: &Pass) -> String {
    let run = signals::fast(pass);
    let mut child = signals::start(pass, &run);
    child.signal(nix::sys::signal::Signal::SIGINT);
    let done = signals::finished(pass, child, &run, &[130]);
    canonical(&Transcript::parse(&done.stdout).expect("graded, so it parses"))
}

/// One snapshot test per run named, each compared with the snapshot of its name in
/// the calling pass's `tests/snapshots/` (the caller depends on `insta`).
#[macro_export]
macro_rules! snapshot_suite {
    ($pass:expr; $($run:ident),+ $(,)?) => {
        $(
            #[test]
            fn $run() {
                ::insta::assert_snapshot!(
                    stringify!($run),
                    $crate::suite::snapshots::$run(&$pass)
                );
            }
        )+
    };
}
