//! Thread hygiene: after a pass's `run` returns, the process has no more threads
//! than before, for every shutdown mode and every way a run ends (and, from pass 05,
//! every kind of failure). Linux only: it counts `/proc/self/status`'s threads.
//!
//! `grader::thread_suite!(PASS)` writes the one test; keep it alone in its test
//! binary, so that no other test's threads come and go meanwhile.

use crate::suite::{Pass, Run, Signal};
use crate::threads::assert_no_thread_left;

/// Each ending: the run's flags, and whether it is signalled before it starts (as
/// the signal handler would: the run must still start and join every thread).
fn endings() -> Vec<(Run, Signal)> {
    let fast = Run::fast().switch("--quiet");
    vec![
        (fast.clone().set("--tasks", 20), Signal::Never),
        (fast.clone().set("--stop-after", 10), Signal::Never),
        (fast.clone().set("--duration-ms", 20), Signal::Never),
        (fast, Signal::Before),
    ]
}

/// The failures of pass 05: a replaced consumer, one not replaced, a producer's
/// panic, retried failures.
fn failures() -> Vec<(Run, Signal)> {
    let fast = Run::fast().switch("--quiet").set("--tasks", 20);
    [
        fast.clone()
            .set("--panic-on-task", 3)
            .set("--max-restarts", 1),
        fast.clone()
            .set("--panic-on-task", 3)
            .set("--max-restarts", 0),
        fast.clone().set("--panic-producer", "1@5"),
        fast.set("--fail-rate", 0.3)
            .set("--retries", 2)
            .set("--backoff-ms", 1),
    ]
    .into_iter()
    .map(|run| (run, Signal::Never))
    .collect()
}

fn assert_every_thread_joined(pass: &Pass, runs: Vec<(Run, Signal)>) {
    for (run, signal) in runs {
        let modes = [
            run.clone().shutdown("graceful"),
            run.clone().shutdown("immediate"),
            run.shutdown("timeout").set("--drain-ms", 5),
        ];
        for run in modes {
            let run = if pass.monitored {
                run.set("--stats-interval-ms", 5)
            } else {
                run
            };
            let args = run.args(pass);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert_no_thread_left(&format!("{args:?}"), || (pass.in_process)(&args, signal));
        }
    }
}

/// Every ending, in every mode: no thread outlives `run`.
pub fn every_thread_is_joined_before_run_returns(pass: &Pass) {
    assert_every_thread_joined(pass, endings());
}

/// Every failure, in every mode: no thread outlives `run` (pass 05 on).
pub fn every_thread_is_joined_after_failures(pass: &Pass) {
    assert_every_thread_joined(pass, failures());
}

/// The thread-hygiene test for a pass (03 on).
#[macro_export]
macro_rules! thread_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, threads: every_thread_is_joined_before_run_returns);
    };
}

/// The thread-hygiene test with pass 05's failures: one test, so that its runs do
/// not overlap.
#[macro_export]
macro_rules! failing_thread_suite {
    ($pass:expr) => {
        #[test]
        fn every_thread_is_joined_before_run_returns() {
            $crate::suite::threads::every_thread_is_joined_before_run_returns(&$pass);
            $crate::suite::threads::every_thread_is_joined_after_failures(&$pass);
        }
    };
}
