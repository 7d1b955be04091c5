//! Real SIGINT and SIGTERM sent to a pass's process (03 on) at many moments: right
//! after it is ready, mid-run, during a graceful drain, twice. Each run is graded for
//! the contract (every task produced is processed or reported, exactly once), its
//! exit status against its accounting, and how fast it exits.
//!
//! No sleeps: every signal waits for a line of the transcript that says the moment
//! has come (the ready line, the k-th `processing` line, `Finishing pending work...`).
//!
//! The bound: with these flags every run exits within [`EXIT_BOUND`] of its last
//! signal (the slowest, a full queue of 100 tasks × 10–20 ms drained by 2 consumers,
//! needs about 1.5 s; the rest, milliseconds).
//!
//! `grader::signal_suite!(PASS)` runs the checks of every pass from 03 on;
//! `grader::retry_signal_suite!(PASS)` adds those of retries (pass 05 on).

use std::path::Path;
use std::time::Duration;

use nix::sys::signal::Signal;

use crate::child::{Child, Finished};
use crate::line::Line;
use crate::suite::{Pass, Run};

/// How long after its last signal a run may take to exit.
pub const EXIT_BOUND: Duration = Duration::from_secs(5);
/// How long to wait for a line before calling the run stuck.
const LINE_TIMEOUT: Duration = Duration::from_secs(20);

/// A fast run: 3 producers at 500 tasks/s each, 1–3 ms of work, a queue of 10, and
/// (pass 04 on) a statistics block every 20 ms, so blocks interleave with the rest.
pub(crate) fn fast(pass: &Pass) -> Run {
    let run = Run::fast().set("--rate", 500).set("--work-ms", "1..3");
    if pass.monitored {
        run.set("--stats-interval-ms", 20)
    } else {
        run
    }
}

/// A run that fills a queue of 100 as fast as it can: draining it takes about 1.5 s.
fn slow_drain() -> Run {
    Run::fast()
        .set("--capacity", 100)
        .set("--work-ms", "10..20")
}

/// Starts `run` of `pass` and waits for its ready line.
pub(crate) fn start(pass: &Pass, run: &Run) -> Child {
    let args = run.args(pass);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = Child::spawn(Path::new(pass.bin), &args);
    child.wait_for_line(&Line::Ready.to_string(), LINE_TIMEOUT);
    child
}

/// Waits for the end, then grades it: the contract, the exit bound, a status among
/// `statuses` and agreeing with the accounting.
#[track_caller]
pub(crate) fn finished(pass: &Pass, child: Child, run: &Run, statuses: &[i32]) -> Finished {
    let done = child.finish(EXIT_BOUND + LINE_TIMEOUT);
    let transcript =
        crate::Transcript::parse(&done.stdout).unwrap_or_else(|e| panic!("{e}\n{}", done.stdout));
    done.graded(&run.expect(pass, &transcript), EXIT_BOUND, statuses);
    done.assert_status_matches_accounting();
    done
}

fn said(done: &Finished, line: &Line) -> bool {
    done.stdout
        .lines()
        .any(|l| Line::parse(l).as_ref() == Some(line))
}

/// SIGINT after the k-th task started, for many k: graceful loses nothing.
pub fn sigint_mid_run_at_many_moments(pass: &Pass) {
    for k in [1, 2, 5, 10, 25, 50, 100] {
        let run = fast(pass);
        let mut child = start(pass, &run);
        child.wait_for_processing(k, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        finished(pass, child, &run, &[130]);
    }
}

/// SIGTERM stops a run as SIGINT does.
pub fn sigterm_is_a_shutdown_signal_too(pass: &Pass) {
    let run = fast(pass);
    let mut child = start(pass, &run);
    child.wait_for_processing(10, LINE_TIMEOUT);
    child.signal(Signal::SIGTERM);
    let done = finished(pass, child, &run, &[130]);
    assert!(said(&done, &Line::Trigger(crate::Trigger::Signal)));
}

/// A second SIGINT during a graceful drain stops immediately.
pub fn a_second_sigint_during_the_drain_stops_immediately(pass: &Pass) {
    let run = slow_drain();
    let mut child = start(pass, &run);
    child.wait_for_processing(5, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    child.wait_for_line(&Line::FinishingPending.to_string(), LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(pass, child, &run, &[3, 130]);
    assert!(said(&done, &Line::Escalation(None)), "{}", done.stdout);
}

/// A second signal in timeout mode, during its drain, stops immediately too.
pub fn a_second_sigint_in_timeout_mode_stops_immediately(pass: &Pass) {
    let run = slow_drain().shutdown("timeout").set("--drain-ms", 60_000);
    let mut child = start(pass, &run);
    child.wait_for_processing(5, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    child.wait_for_line(&Line::FinishingPending.to_string(), LINE_TIMEOUT);
    child.signal(Signal::SIGTERM);
    let done = finished(pass, child, &run, &[3, 130]);
    assert!(said(&done, &Line::Escalation(None)), "{}", done.stdout);
}

/// Started with SIGHUP ignored (as `nohup` starts it), the run keeps ignoring it:
/// after a SIGHUP it goes on past what any drain could print, then SIGTERM stops it.
pub fn a_sighup_ignored_at_start_stays_ignored(pass: &Pass) {
    let run = fast(pass);
    let args = run.args(pass);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut child = Child::spawn_ignoring(Path::new(pass.bin), &args, &[Signal::SIGHUP]);
    child.wait_for_processing(5, LINE_TIMEOUT);
    child.signal(Signal::SIGHUP);
    // A drain prints at most a queue of 10 and 2 tasks in hand: 40 more is a run.
    child.wait_for_processing(45, LINE_TIMEOUT);
    child.signal(Signal::SIGTERM);
    finished(pass, child, &run, &[130]);
}

/// Tasks of a minute each: only a stop that cuts the tasks in hand short exits
/// within the bound.
fn minute_tasks() -> Run {
    Run::fast().set("--work-ms", 60_000)
}

/// Whatever the mode, a person stops a run of minute-long tasks within the bound: the
/// first signal in immediate mode, the second in graceful and timeout modes, or the
/// drain timeout, each interrupting the tasks in hand and accounting for them.
pub fn a_stop_cuts_the_tasks_in_hand_short(pass: &Pass) {
    for (mode, signals) in [
        ("immediate", 1),
        ("graceful", 2),
        ("timeout", 2),
        ("timeout", 1),
    ] {
        let mut run = minute_tasks().shutdown(mode);
        if mode == "timeout" {
            run = run.set("--drain-ms", if signals == 1 { 100 } else { 60_000 });
        }
        let mut child = start(pass, &run);
        child.wait_for_processing(2, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        if signals == 2 {
            let trigger = Line::Trigger(crate::Trigger::Signal).to_string();
            child.wait_for_line(&trigger, LINE_TIMEOUT);
            child.signal(Signal::SIGINT);
        }
        let done = finished(pass, child, &run, &[3]);
        let interrupted = done
            .stdout
            .lines()
            .filter(|l| matches!(Line::parse(l), Some(Line::Interrupted { .. })))
            .count();
        assert_eq!(
            interrupted, 2,
            "{mode}: both tasks in hand cut short\n{}",
            done.stdout
        );
    }
}

/// A second signal during an immediate stop changes nothing: there is no drain to
/// cut short, so no escalation may be announced (rule 9). The second signal follows
/// the announcement at once, while the run is still stopping (or just after it).
pub fn a_second_signal_in_an_immediate_stop_changes_nothing(pass: &Pass) {
    let run = Run::fast().set("--work-ms", 300).shutdown("immediate");
    let mut child = start(pass, &run);
    child.wait_for_processing(2, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let trigger = Line::Trigger(crate::Trigger::Signal).to_string();
    child.wait_for_line(&trigger, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(pass, child, &run, &[3, 130]);
    assert!(!said(&done, &Line::Escalation(None)), "{}", done.stdout);
}

/// Two signals back to back (the kernel may merge them): a clean stop either way.
pub fn two_signals_in_a_row(pass: &Pass) {
    for k in [1, 20] {
        let run = fast(pass);
        let mut child = start(pass, &run);
        child.wait_for_processing(k, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        child.signal(Signal::SIGINT);
        finished(pass, child, &run, &[3, 130]);
    }
}

/// Immediate mode reports what it leaves, early and late.
pub fn immediate_mode_reports_what_it_leaves(pass: &Pass) {
    let run = Run::fast()
        .set("--work-ms", "2..4")
        .set("--capacity", 20)
        .shutdown("immediate");
    for k in [1, 30] {
        let mut child = start(pass, &run);
        child.wait_for_processing(k, LINE_TIMEOUT);
        child.signal(Signal::SIGINT);
        finished(pass, child, &run, &[3, 130]);
    }
}

/// Timeout mode cuts a long drain short, and says so.
pub fn timeout_mode_cuts_a_long_drain_short(pass: &Pass) {
    let run = slow_drain().shutdown("timeout").set("--drain-ms", 100);
    let mut child = start(pass, &run);
    child.wait_for_processing(5, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(pass, child, &run, &[3]);
    assert!(said(&done, &Line::Escalation(Some(100))), "{}", done.stdout);
}

/// A `--quiet` run stops the same way.
pub fn a_quiet_run_stops_the_same_way(pass: &Pass) {
    let run = fast(pass).switch("--quiet");
    let mut child = start(pass, &run);
    child.signal(Signal::SIGINT);
    finished(pass, child, &run, &[130]);
}

/// Every attempt fails, and retries wait long enough for a signal to land among
/// them. The queue is short, so that a graceful drain (every queued task, three
/// attempts each) stays within the exit bound.
fn retrying() -> Run {
    Run::fast()
        .set("--capacity", 4)
        .set("--work-ms", 0)
        .set("--fail-rate", 1)
        .set("--retries", 2)
        .set("--backoff-ms", 100)
        .set("--stats-interval-ms", 0)
}

fn is_retry_wait(line: &str) -> bool {
    matches!(Line::parse(line), Some(Line::RetryScheduled { .. }))
}

/// A graceful drain lets waiting retries run: every task gets all its attempts.
pub fn a_graceful_drain_lets_waiting_retries_run(pass: &Pass) {
    let run = retrying();
    let mut child = start(pass, &run);
    child.wait_for_nth(1, is_retry_wait, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = finished(pass, child, &run, &[130]);
    let attempts: Vec<u32> = done
        .stdout
        .lines()
        .filter_map(|l| match Line::parse(l) {
            Some(Line::DeadLettered { attempts, .. }) => Some(attempts),
            _ => None,
        })
        .collect();
    assert!(
        !attempts.is_empty() && attempts.iter().all(|&a| a == 3),
        "every task gets its three attempts: {attempts:?}\n{}",
        done.stdout
    );
}

/// An immediate stop cancels waiting retries, and dead-letters their tasks.
pub fn an_immediate_stop_cancels_waiting_retries(pass: &Pass) {
    let run = retrying().shutdown("immediate");
    let mut child = start(pass, &run);
    child.wait_for_nth(1, is_retry_wait, LINE_TIMEOUT);
    child.signal(Signal::SIGTERM);
    let done = finished(pass, child, &run, &[3, 130]);
    let cancelled = done.stdout.lines().any(|l| {
        matches!(
            Line::parse(l),
            Some(Line::DeadLettered {
                reason: crate::Reason::RetryCancelled,
                ..
            })
        )
    });
    assert!(cancelled, "no retry was cancelled\n{}", done.stdout);
}

/// The signal checks every pass from 03 on must pass, one `#[test]` each. (The
/// signal-driven snapshot, [`sigint_graceful`](crate::suite::snapshots::sigint_graceful),
/// is a snapshot run.)
#[macro_export]
macro_rules! signal_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, signals:
            sigint_mid_run_at_many_moments,
            sigterm_is_a_shutdown_signal_too,
            a_second_sigint_during_the_drain_stops_immediately,
            a_second_sigint_in_timeout_mode_stops_immediately,
            two_signals_in_a_row,
            a_second_signal_in_an_immediate_stop_changes_nothing,
            a_stop_cuts_the_tasks_in_hand_short,
            a_sighup_ignored_at_start_stays_ignored,
            immediate_mode_reports_what_it_leaves,
            timeout_mode_cuts_a_long_drain_short,
            a_quiet_run_stops_the_same_way,
        );
    };
}

/// The signal checks of retries (pass 05 on).
#[macro_export]
macro_rules! retry_signal_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, signals:
            a_graceful_drain_lets_waiting_retries_run,
            an_immediate_stop_cancels_waiting_retries,
        );
    };
}
