//! Each failure kind on its own, then all of them together: nothing lost, nothing run
//! twice, every thread joined, and the same seed failing the same tasks whatever the
//! thread counts.
//!
//! Runs the library in-process and grades each transcript (with the failure rules of
//! `grader::check`), and checks the summary's own accounting. The runs that panic on
//! purpose print the usual panic message on stderr; that is expected.

use std::time::Duration;

use clap::Parser;
use grader::{Bound, Expect, StopMode, graded};
use work_stealing::{Config, Control, DeadLetter, Summary, TaskError, run};

/// A fast run: no pacing, no work, no live statistics, and the given flags.
fn config(flags: &[&str]) -> Config {
    let base = [
        "06-work-stealing",
        "--rate",
        "0",
        "--work-ms",
        "0",
        "--heavy-ms",
        "0",
        "--stats-interval-ms",
        "0",
    ];
    Config::parse_from(base.iter().chain(flags))
}

/// Runs `config` in-process, grades the transcript, checks the accounting.
fn graded_run(config: &Config) -> (Summary, String) {
    let control = Control::default();
    let mut out = Vec::new();
    let summary = run(config, &mut out, &control).expect("the run completes");
    let text = String::from_utf8(out).expect("UTF-8 transcript");
    let bound = config
        .bound()
        .map_or(Bound::Unbounded, |c| Bound::Capacity(c as u64));
    let expect = if summary.trigger.is_some() || !summary.undelivered().is_empty() {
        Expect::tasks_unknown()
    } else {
        Expect::tasks(summary.created())
    };
    let expect = expect
        .bounded(bound)
        .stoppable(StopMode::Graceful)
        .monitored()
        .failing()
        .stealing();
    let graded = graded(text, &expect);
    assert!(summary.accounting_holds(), "{summary:?}");
    (summary, graded.stdout)
}

fn reasons(summary: &Summary) -> Vec<TaskError> {
    summary.dead_letters().iter().map(|d| d.reason).collect()
}

#[test]
fn the_same_seed_fails_the_same_tasks_whatever_the_consumers() {
    let runs: Vec<(Vec<DeadLetter>, u64, u64)> = ["1", "2", "5", "16"]
        .into_iter()
        .map(|consumers| {
            let config = config(&[
                "--consumers",
                consumers,
                "--fail-rate",
                "0.3",
                "--retries",
                "2",
                "--backoff-ms",
                "0",
            ]);
            let (summary, _) = graded_run(&config);
            (
                summary.dead_letters(),
                summary.retries(),
                summary.result_sum(),
            )
        })
        .collect();
    assert!(!runs[0].0.is_empty() && runs[0].1 > 0, "{:?}", runs[0]);
    assert!(runs.windows(2).all(|w| w[0] == w[1]), "{runs:?}");
}

#[test]
fn failed_tasks_are_retried_then_dead_lettered() {
    // Every attempt fails: each task gets 1 + 2 attempts, then a dead letter.
    let config = config(&[
        "--tasks",
        "5",
        "--fail-rate",
        "1",
        "--retries",
        "2",
        "--backoff-ms",
        "1",
    ]);
    let (summary, _) = graded_run(&config);
    assert_eq!(summary.succeeded(), 0);
    assert_eq!(summary.retries(), 15 * 2);
    assert!(
        summary
            .dead_letters()
            .iter()
            .all(|d| d.attempts == 3 && d.reason == TaskError::Simulated)
    );
    assert_eq!(summary.exit_code(), 0, "dead letters are handled failures");
}

#[test]
fn a_failing_producer_stops_alone() {
    let config = config(&["--fail-producer", "1@20", "--fail-rate", "0"]);
    let (summary, text) = graded_run(&config);
    assert_eq!(summary.created(), 50 + 20 + 50);
    assert_eq!(summary.producer_failures.len(), 1);
    assert!(text.contains("Producer 1 failed after 20 tasks: simulated error"));
}

#[test]
fn a_panicking_producer_is_reported_and_the_others_go_on() {
    let config = config(&["--panic-producer", "0@3", "--fail-rate", "0"]);
    let (summary, text) = graded_run(&config);
    assert_eq!(summary.created(), 3 + 50 + 50);
    assert_eq!(summary.processed(), 103);
    assert!(text.contains("Producer 0 failed after 3 tasks: panicked"));
}

#[test]
fn a_panicked_consumer_is_replaced_and_its_task_is_retried() {
    let config = config(&[
        "--panic-on-task",
        "10",
        "--panic-on-task",
        "110",
        "--retries",
        "1",
        "--fail-rate",
        "0",
    ]);
    let (summary, text) = graded_run(&config);
    assert_eq!(summary.consumer_panics.len(), 2);
    assert!(summary.consumer_panics.iter().all(|p| p.replaced));
    assert_eq!((summary.succeeded(), summary.retries()), (150, 2));
    assert!(text.contains("Task 10 failed: consumer panicked"));
    assert_eq!(
        summary.result_sum(),
        19565,
        "every task ran, once, to success"
    );
}

#[test]
fn without_retries_a_panicked_task_is_dead_lettered() {
    let config = config(&["--panic-on-task", "7", "--fail-rate", "0"]);
    let (summary, _) = graded_run(&config);
    assert_eq!(reasons(&summary), [TaskError::ConsumerPanicked]);
    assert_eq!(summary.dead_letters()[0].task, 7);
}

#[test]
fn when_every_consumer_is_gone_the_channel_closes_and_nothing_is_lost() {
    // Two consumers, no replacements, two poisoned tasks: both consumers die, the
    // channel closes under the producers, and what they still had is undelivered.
    for capacity in ["0", "1", "10"] {
        let config = config(&[
            "--capacity",
            capacity,
            "--panic-on-task",
            "5",
            "--panic-on-task",
            "105",
            "--max-restarts",
            "0",
            "--fail-rate",
            "0",
            "--endless",
        ]);
        let (summary, _) = graded_run(&config);
        assert_eq!(summary.consumer_panics.len(), 2, "capacity {capacity}");
        assert!(!summary.undelivered().is_empty(), "capacity {capacity}");
        assert_eq!(summary.exit_code(), 3);
    }
}

#[test]
fn the_pool_shrinks_when_replacements_run_out() {
    let config = config(&[
        "--panic-on-task",
        "3",
        "--panic-on-task",
        "4",
        "--max-restarts",
        "1",
        "--consumers",
        "3",
        "--fail-rate",
        "0",
    ]);
    let (summary, _) = graded_run(&config);
    let replaced: Vec<bool> = summary.consumer_panics.iter().map(|p| p.replaced).collect();
    assert_eq!(replaced, [true, false]);
    assert!(summary.undelivered().is_empty(), "two consumers were left");
    assert_eq!(summary.processed(), 150);
}

#[test]
fn an_immediate_shutdown_cancels_pending_retries() {
    let config = config(&[
        "--endless",
        "--fail-rate",
        "1",
        "--retries",
        "3",
        "--backoff-ms",
        "1000",
        "--shutdown",
        "immediate",
        "--duration-ms",
        "100",
    ]);
    let control = Control::default();
    let mut out = Vec::new();
    let summary = run(&config, &mut out, &control).expect("completes");
    let text = String::from_utf8(out).expect("UTF-8");
    graded(
        text,
        &Expect::tasks_unknown()
            .bounded(Bound::Capacity(10))
            .stoppable(StopMode::Immediate)
            .monitored()
            .failing()
            .stealing(),
    );
    assert!(
        summary.elapsed < Duration::from_millis(900),
        "{:?}",
        summary.elapsed
    );
    assert!(!summary.dead_letters().is_empty());
    assert!(
        reasons(&summary)
            .iter()
            .all(|r| *r == TaskError::RetryCancelled)
    );
}

#[test]
fn every_failure_at_once() {
    for seed in ["1", "2", "3"] {
        let config = config(&[
            "--seed",
            seed,
            "--producers",
            "4",
            "--consumers",
            "3",
            "--capacity",
            "2",
            "--fail-rate",
            "0.2",
            "--retries",
            "2",
            "--backoff-ms",
            "0",
            "--fail-producer",
            "1@10",
            "--panic-producer",
            "2@30",
            "--panic-on-task",
            "5",
            "--panic-on-task",
            "305",
            "--panic-on-task",
            "40",
            "--max-restarts",
            "2",
        ]);
        let (summary, _) = graded_run(&config);
        assert_eq!(summary.producer_failures.len(), 2);
        assert_eq!(summary.consumer_panics.len(), 3);
    }
}
