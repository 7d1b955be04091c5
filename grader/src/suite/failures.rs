//! Each failure kind of pass 05 on its own, then all of them together: nothing lost,
//! nothing run twice, and the same seed failing the same tasks whatever the thread
//! counts. Every run is in-process and graded with the failure rules; the figures
//! asserted here are read from the graded transcript.
//!
//! The runs that panic on purpose print the usual panic message on stderr; that is
//! expected. `grader::failure_suite!(PASS)` writes one `#[test]` per check.

use crate::line::{Line, OutcomeCount, Reason};
use crate::suite::{Pass, Run, Signal};

/// A fast run with no pacing, no work and no live statistics, going on until it is
/// stopped.
fn endless() -> Run {
    Run::fast()
        .set("--work-ms", 0)
        .set("--stats-interval-ms", 0)
}

/// As [`endless`], with 50 tasks per producer.
fn fast() -> Run {
    endless().set("--tasks", 50)
}

fn panics(out: &super::run::Outcome) -> usize {
    out.lines()
        .filter(|l| matches!(l, Line::ConsumerPanicked { .. }))
        .count()
}

fn producer_failures(out: &super::run::Outcome) -> Vec<(u32, u64, bool)> {
    out.lines()
        .filter_map(|l| match l {
            Line::ProducerFailed {
                producer,
                created,
                panicked,
            } => Some((*producer, *created, *panicked)),
            _ => None,
        })
        .collect()
}

/// The same seed fails the same tasks, retries as often and sums to the same
/// result, whatever the number of consumers.
pub fn the_same_seed_fails_the_same_tasks_whatever_the_consumers(pass: &Pass) {
    let runs: Vec<_> = [1, 2, 5, 16]
        .into_iter()
        .map(|consumers| {
            let out = fast()
                .set("--consumers", consumers)
                .set("--fail-rate", 0.3)
                .set("--retries", 2)
                .set("--backoff-ms", 0)
                .graded(pass, Signal::Never);
            let mut dead = out.dead_letters();
            dead.sort_unstable();
            let retries = out.count(OutcomeCount::Retries);
            (dead, retries, out.result_sum())
        })
        .collect();
    assert!(!runs[0].0.is_empty() && runs[0].1 > 0, "{:?}", runs[0]);
    assert!(runs.windows(2).all(|w| w[0] == w[1]), "{runs:?}");
}

/// Every attempt fails: each task gets 1 + 2 attempts, then a dead letter, and the
/// run still exits 0 (dead letters are handled failures).
pub fn failed_tasks_are_retried_then_dead_lettered(pass: &Pass) {
    let out = fast()
        .set("--tasks", 5)
        .set("--fail-rate", 1)
        .set("--retries", 2)
        .set("--backoff-ms", 1)
        .graded(pass, Signal::Never);
    assert_eq!(out.count(OutcomeCount::Success), 0);
    assert_eq!(out.count(OutcomeCount::Retries), 15 * 2);
    let dead = out.dead_letters();
    assert_eq!(dead.len(), 15);
    assert!(dead.iter().all(|d| d.1 == Reason::Simulated && d.2 == 3));
    assert_eq!(out.status(), 0);
}

/// A producer that fails stops alone; the others make all their tasks.
pub fn a_failing_producer_stops_alone(pass: &Pass) {
    let out = fast()
        .set("--fail-producer", "1@20")
        .set("--fail-rate", 0)
        .graded(pass, Signal::Never);
    assert_eq!(out.produced(), 50 + 20 + 50);
    assert_eq!(producer_failures(&out), [(1, 20, false)]);
}

/// A producer that panics is reported; the others go on, and all it made is
/// processed.
pub fn a_panicking_producer_is_reported_and_the_others_go_on(pass: &Pass) {
    let out = fast()
        .set("--panic-producer", "0@3")
        .set("--fail-rate", 0)
        .graded(pass, Signal::Never);
    assert_eq!(out.produced(), 3 + 50 + 50);
    assert_eq!(out.processed(), 103);
    assert_eq!(producer_failures(&out), [(0, 3, true)]);
}

/// A consumer that panics is replaced, and its task retried to success.
pub fn a_panicked_consumer_is_replaced_and_its_task_is_retried(pass: &Pass) {
    let out = fast()
        .add("--panic-on-task", 10)
        .add("--panic-on-task", 110)
        .set("--retries", 1)
        .set("--fail-rate", 0)
        .graded(pass, Signal::Never);
    let replaced = out
        .lines()
        .filter(|l| matches!(l, Line::ConsumerReplaced { .. }))
        .count();
    assert_eq!((panics(&out), replaced), (2, 2));
    let retries = out.count(OutcomeCount::Retries);
    assert_eq!((out.count(OutcomeCount::Success), retries), (150, 2));
    assert!(out.lines().any(|l| *l
        == Line::TaskFailed {
            task: 10,
            reason: Reason::ConsumerPanicked
        }));
    assert_eq!(out.result_sum(), 19565, "every task ran, once, to success");
}

/// Without retries a task whose consumer panicked is dead-lettered.
pub fn without_retries_a_panicked_task_is_dead_lettered(pass: &Pass) {
    let out = fast()
        .add("--panic-on-task", 7)
        .set("--fail-rate", 0)
        .graded(pass, Signal::Never);
    assert_eq!(out.dead_letters(), [(7, Reason::ConsumerPanicked, 1)]);
}

/// Two consumers, no replacements, two poisoned tasks: both consumers die, the
/// channel closes under the producers, and what they still had is undelivered.
pub fn when_every_consumer_is_gone_the_channel_closes_and_nothing_is_lost(pass: &Pass) {
    for capacity in pass.capacities() {
        let out = endless()
            .set("--capacity", capacity)
            .add("--panic-on-task", 5)
            .add("--panic-on-task", 105)
            .set("--max-restarts", 0)
            .set("--fail-rate", 0)
            .graded(pass, Signal::Never);
        assert_eq!(panics(&out), 2, "capacity {capacity}");
        assert!(
            out.count(OutcomeCount::Undelivered) > 0,
            "capacity {capacity}"
        );
        assert_eq!(out.status(), 3);
    }
}

/// When replacements run out, the pool shrinks, and the rest still do every task.
pub fn the_pool_shrinks_when_replacements_run_out(pass: &Pass) {
    let out = fast()
        .add("--panic-on-task", 3)
        .add("--panic-on-task", 4)
        .set("--max-restarts", 1)
        .set("--consumers", 3)
        .set("--fail-rate", 0)
        .graded(pass, Signal::Never);
    let replaced: Vec<bool> = out
        .lines()
        .filter_map(|l| match l {
            Line::ConsumerReplaced { .. } => Some(true),
            Line::ConsumerNotReplaced { .. } => Some(false),
            _ => None,
        })
        .collect();
    assert_eq!(replaced, [true, false]);
    assert_eq!(
        out.count(OutcomeCount::Undelivered),
        0,
        "two consumers were left"
    );
    assert_eq!(out.processed(), 150);
}

/// An immediate shutdown cancels retries that are waiting, at once.
pub fn an_immediate_shutdown_cancels_pending_retries(pass: &Pass) {
    let out = endless()
        .set("--fail-rate", 1)
        .set("--retries", 3)
        .set("--backoff-ms", 1000)
        .shutdown("immediate")
        .set("--duration-ms", 100)
        .graded(pass, Signal::Never);
    let elapsed = out.lines().find_map(|l| match l {
        Line::Elapsed(ms) => Some(*ms),
        _ => None,
    });
    assert!(elapsed.is_some_and(|ms| ms < 900), "elapsed {elapsed:?} ms");
    let dead = out.dead_letters();
    assert!(!dead.is_empty());
    assert!(
        dead.iter().all(|d| d.1 == Reason::RetryCancelled),
        "{dead:?}"
    );
}

/// A record too long to list (an endless run dead-letters without end): the first
/// letters by id are listed, the rest counted, so memory stays flat.
pub fn a_long_record_lists_the_first_letters_and_counts_the_rest(pass: &Pass) {
    let out = endless()
        .set("--fail-rate", 1)
        .set("--retries", 0)
        .set("--stop-after", 2500)
        .switch("--quiet")
        .graded(pass, Signal::Never);
    let omitted = out.lines().find_map(|l| match l {
        Line::DeadLettersOmitted { more, kept } => Some((*more, *kept)),
        _ => None,
    });
    let listed = out.dead_letters().len() as u64;
    let total = out.count(OutcomeCount::DeadLetters);
    assert!(total >= 2500, "{total}");
    assert_eq!(omitted, Some((total - listed, listed)));
}

/// Every failure kind at once, for several seeds.
pub fn every_failure_at_once(pass: &Pass) {
    for seed in [1, 2, 3] {
        let out = fast()
            .set("--seed", seed)
            .set("--producers", 4)
            .set("--consumers", 3)
            .set("--capacity", 2)
            .set("--fail-rate", 0.2)
            .set("--retries", 2)
            .set("--backoff-ms", 0)
            .set("--fail-producer", "1@10")
            .set("--panic-producer", "2@30")
            .add("--panic-on-task", 5)
            .add("--panic-on-task", 305)
            .add("--panic-on-task", 40)
            .set("--max-restarts", 2)
            .graded(pass, Signal::Never);
        assert_eq!(producer_failures(&out).len(), 2);
        assert_eq!(panics(&out), 3);
    }
}

/// The failure checks (pass 05 on), one `#[test]` each.
#[macro_export]
macro_rules! failure_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, failures:
            the_same_seed_fails_the_same_tasks_whatever_the_consumers,
            failed_tasks_are_retried_then_dead_lettered,
            a_failing_producer_stops_alone,
            a_panicking_producer_is_reported_and_the_others_go_on,
            a_panicked_consumer_is_replaced_and_its_task_is_retried,
            without_retries_a_panicked_task_is_dead_lettered,
            when_every_consumer_is_gone_the_channel_closes_and_nothing_is_lost,
            the_pool_shrinks_when_replacements_run_out,
            an_immediate_shutdown_cancels_pending_retries,
            a_long_record_lists_the_first_letters_and_counts_the_rest,
            every_failure_at_once,
        );
    };
}
