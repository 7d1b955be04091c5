//! Properties that must hold under every interleaving and every moment of shutdown,
//! checked on many in-process runs of a pass (03 on), each graded: every task
//! produced has exactly one outcome; the phases and their lines are in order; the
//! exit status agrees with the accounting.
//!
//! `grader::invariant_suite!(PASS)` runs the checks every pass from 03 on must pass;
//! `grader::statistics_suite!(PASS)` adds those of live statistics (pass 04 on).

use std::time::Duration;

use crate::line::{Line, Trigger};
use crate::suite::{Pass, Run, Signal};

/// A fast run; with live statistics (pass 04 on), a block every millisecond, so that
/// blocks land between every kind of line and read counters mid-update.
fn fast(pass: &Pass) -> Run {
    if pass.monitored {
        Run::fast().set("--stats-interval-ms", 1)
    } else {
        Run::fast()
    }
}

/// The three shutdown modes, the timeout's drain short enough to matter.
fn modes(pass: &Pass) -> [Run; 3] {
    [
        fast(pass).shutdown("graceful"),
        fast(pass).shutdown("immediate"),
        fast(pass).shutdown("timeout").set("--drain-ms", 20),
    ]
}

/// `--stop-after` stops a run in every mode, at every bound, early and late.
pub fn stop_after_n_tasks_in_every_mode_and_bound(pass: &Pass) {
    for run in modes(pass) {
        for capacity in pass.capacities() {
            for stop_after in [1, 7, 40] {
                let run = run
                    .clone()
                    .set("--capacity", capacity)
                    .set("--stop-after", stop_after);
                let out = run.graded(pass, Signal::Never);
                assert_eq!(out.trigger(), Some(Trigger::TaskLimit(stop_after)));
                assert!(out.processed() >= stop_after, "{:?}", run.args(pass));
            }
        }
    }
}

/// A signal at many moments, in both modes: graceful loses nothing.
pub fn a_signal_at_many_moments(pass: &Pass) {
    for delay_ms in [0, 1, 2, 5, 10, 20] {
        for mode in ["graceful", "immediate"] {
            let signal = Signal::After(Duration::from_millis(delay_ms));
            let out = fast(pass).shutdown(mode).graded(pass, signal);
            assert_eq!(out.trigger(), Some(Trigger::Signal));
            if mode == "graceful" {
                assert_eq!(out.not_processed(), 0, "graceful loses nothing");
            }
        }
    }
}

/// A signal before the run even starts: it starts, stops at once, and says so.
pub fn a_signal_before_the_start(pass: &Pass) {
    for run in modes(pass) {
        let out = run.graded(pass, Signal::Before);
        assert_eq!(out.trigger(), Some(Trigger::Signal));
    }
}

/// `--duration-ms` stops a run that would go on.
pub fn duration_stops_a_run_that_would_go_on(pass: &Pass) {
    for run in modes(pass) {
        let out = run.set("--duration-ms", 30).graded(pass, Signal::Never);
        assert_eq!(out.trigger(), Some(Trigger::Duration(30)));
    }
}

/// A drain longer than `--drain-ms` escalates, and leaves tasks reported.
pub fn a_drain_timeout_escalates(pass: &Pass) {
    // 10 ms per task, a queue of 50, 2 consumers: the drain needs ~250 ms, more than 20.
    let out = fast(pass)
        .shutdown("timeout")
        .set("--drain-ms", 20)
        .set("--capacity", 50)
        .set("--work-ms", 10)
        .set("--stop-after", 4)
        .graded(pass, Signal::Never);
    assert!(out.escalated());
    assert_eq!(out.status(), 3);
}

/// A finite run completes with status 0, at every bound.
pub fn a_run_with_a_task_limit_completes_with_status_0(pass: &Pass) {
    for capacity in pass.capacities() {
        let run = fast(pass).set("--capacity", capacity).set("--tasks", 20);
        let out = run.graded(pass, Signal::Never);
        assert_eq!(out.trigger(), None);
        assert_eq!(out.processed(), 60);
        assert_eq!(out.status(), 0);
    }
}

/// A signal after the producers have finished still drains every task.
pub fn a_signal_after_the_producers_finished_still_drains_gracefully(pass: &Pass) {
    // Producers are done in microseconds; consumers need ~60 × 2 ms / 2.
    let run = fast(pass)
        .set("--capacity", 100)
        .set("--tasks", 20)
        .set("--work-ms", 2);
    for delay_ms in [5, 30] {
        let out = run.graded(pass, Signal::After(Duration::from_millis(delay_ms)));
        assert_eq!(out.not_processed(), 0, "nothing lost");
    }
}

/// `--quiet` runs keep the accounting, in both modes.
pub fn quiet_runs_keep_the_accounting(pass: &Pass) {
    for mode in ["graceful", "immediate"] {
        let run = fast(pass)
            .shutdown(mode)
            .switch("--quiet")
            .set("--stop-after", 500);
        run.graded(pass, Signal::Never);
    }
}

/// The default workload (the exercise's 3 × 50 tasks), paced fast enough for a
/// test, ends by itself with a final statistics block.
pub fn the_default_workload_ends_by_itself_with_a_final_block(pass: &Pass) {
    let run = Run::fast()
        .set("--tasks", 50)
        .set("--work-ms", "0..2")
        .set("--stats-interval-ms", 5);
    let out = run.graded(pass, Signal::Never);
    assert_eq!((out.trigger(), out.processed()), (None, 150));
}

/// With live statistics off, the final block is still printed, and no other.
pub fn statistics_off_still_prints_the_final_block(pass: &Pass) {
    // Tasks of 2 ms: the run lasts tens of milliseconds, time enough for a monitor
    // started by mistake to print a block.
    let run = Run::fast()
        .set("--stats-interval-ms", 0)
        .set("--tasks", 30)
        .set("--work-ms", 2);
    let out = run.graded(pass, Signal::Never);
    let titles: Vec<_> = out
        .lines()
        .filter_map(|l| match l {
            Line::StatsTitle(interval) => Some(*interval),
            _ => None,
        })
        .collect();
    assert_eq!(
        titles,
        [None],
        "`--stats-interval-ms 0`: the final block only"
    );
}

/// The monitor's interval in the full-queue runs.
const FULL_INTERVAL_MS: u64 = 20;

/// A 200 ms run whose queue of 4 stays full (producers at full speed, consumers at
/// 5 ms a task), a block every [`FULL_INTERVAL_MS`], warning above `depth_warn`.
fn full_queue(pass: &Pass, depth_warn: u64) -> crate::suite::run::Outcome {
    let run = Run::fast()
        .shutdown("immediate")
        .set("--capacity", 4)
        .set("--depth-warn", depth_warn)
        .set("--stats-interval-ms", FULL_INTERVAL_MS)
        .set("--work-ms", 5)
        .set("--duration-ms", 200);
    let out = run.graded(pass, Signal::Never);
    blocks_keep_their_interval(&out, FULL_INTERVAL_MS);
    out
}

/// A queue that stays full raises the depth warning in the statistics.
pub fn a_full_queue_warns(pass: &Pass) {
    let out = full_queue(pass, 2);
    let warned = out
        .graded
        .transcript
        .iter()
        .any(|l| matches!(l, Line::DepthWarning { threshold: 2, .. }));
    assert!(warned, "no depth warning\n{}", out.graded.stdout);
}

/// A warning at a depth of exactly `--depth-warn` is one too soon: with the queue full
/// at 4 and `--depth-warn 4`, every warning must read a depth above 4 (the checker's
/// rule; the gauge shows 5 now and then, see pass 02).
pub fn a_full_queue_at_the_threshold_does_not_warn(pass: &Pass) {
    full_queue(pass, 4);
}

/// What the clock allows a monitor of `interval_ms`: every periodic block says that
/// interval; and since a sleep never ends early, the run lasted at least `interval_ms`
/// per periodic block, and per warning (each needs a whole interval above the
/// threshold since the last one). Upper bounds only: a slow machine prints fewer.
fn blocks_keep_their_interval(out: &crate::suite::run::Outcome, interval_ms: u64) {
    let (mut blocks, mut warnings, mut elapsed) = (0, 0, 0);
    for line in out.lines() {
        match line {
            Line::StatsTitle(Some(ms)) => {
                assert_eq!(*ms, interval_ms, "a block says another interval");
                blocks += 1;
            }
            Line::DepthWarning { .. } => warnings += 1,
            Line::Elapsed(ms) => elapsed = *ms,
            _ => {}
        }
    }
    // `Elapsed` is rounded to the millisecond: one more for the rounding.
    let most = (elapsed + 1) / interval_ms;
    assert!(blocks <= most, "{blocks} blocks in {elapsed} ms");
    assert!(warnings <= most, "{warnings} warnings in {elapsed} ms");
}

/// The checks of [`invariants`](self) that every pass from 03 on must pass, one
/// `#[test]` each.
#[macro_export]
macro_rules! invariant_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, invariants:
            stop_after_n_tasks_in_every_mode_and_bound,
            a_signal_at_many_moments,
            a_signal_before_the_start,
            duration_stops_a_run_that_would_go_on,
            a_drain_timeout_escalates,
            a_run_with_a_task_limit_completes_with_status_0,
            a_signal_after_the_producers_finished_still_drains_gracefully,
            quiet_runs_keep_the_accounting,
        );
    };
}

/// The checks of [`invariants`](self) for passes with live statistics (04 on).
#[macro_export]
macro_rules! statistics_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, invariants:
            the_default_workload_ends_by_itself_with_a_final_block,
            statistics_off_still_prints_the_final_block,
            a_full_queue_warns,
            a_full_queue_at_the_threshold_does_not_warn,
        );
    };
}
