//! The grader's own tests for pass 03's rules: the header block, the announcements
//! and the phases they start, each thread's last lines, and the accounting
//! produced = completed + not processed. Each test breaks a valid transcript in one
//! way and asserts the fault is caught and named.

use grader::{Bound, Expect, Report, StopMode, TaskClass, Transcript, Violation, canonical, check};

/// A valid immediate shutdown: 2 producers, 2 consumers, capacity 2; a signal comes
/// while tasks 1 and 101 are queued, so they are reported, not processed.
const IMMEDIATE: &str = "\
Starting system: 2 producers, 2 consumers
Queue capacity: 2 items
Shutdown mode: immediate

Running... Press Ctrl+C to stop
Producer 0 created task 0
Producer 1 created task 100
Consumer 0 processing task 0
Consumer 1 processing task 100
Producer 0 created task 1
Producer 1 created task 101
Shutdown signal received
Producer 0 shutting down immediately
Producer 0: finished (created 2 tasks, blocked 0 times)
Queue: [██] 2/2 FULL
Producer 1 shutting down immediately
Producer 1: finished (created 2 tasks, blocked 0 times)
Queue: [██] 2/2 FULL

All producers finished
Task 1 not processed (shutdown)
Task 101 not processed (shutdown)
Consumer 0 finished
Consumer 1 finished
All consumers finished

Final stats: 2 tasks completed
Produced: 4 tasks
Not processed: 2 tasks
Total tasks: 2
Sum of results: 240
Elapsed: 0.010 s
Throughput: 200 tasks/s
";

/// The same run, graceful: the queued tasks are finished.
fn graceful() -> String {
    IMMEDIATE
        .replace("Shutdown mode: immediate", "Shutdown mode: graceful")
        .replace("shutting down immediately", "shutting down gracefully")
        .replace(
            "All producers finished\nTask 1 not processed (shutdown)\nTask 101 not processed (shutdown)\n",
            "All producers finished\nFinishing pending work...\nConsumer 0 processing task 1\nConsumer 1 processing task 101\n",
        )
        .replace("Final stats: 2 tasks completed", "Final stats: 4 tasks completed")
        .replace("Not processed: 2 tasks", "Not processed: 0 tasks")
        .replace("Total tasks: 2", "Total tasks: 4")
}

fn expect(mode: StopMode) -> Expect {
    Expect::tasks_unknown()
        .bounded(Bound::Capacity(2))
        .stoppable(mode)
}

fn grade(text: &str, mode: StopMode) -> Report {
    check(&Transcript::parse(text).expect("parses"), &expect(mode))
}

/// `text` with `from` replaced by `to` (which must occur).
fn broken(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the transcript");
    text.replacen(from, to, 1)
}

fn shutdown_rule(report: &Report, fragment: &str) -> bool {
    report
        .violations
        .iter()
        .any(|v| matches!(v, Violation::Shutdown { rule, .. } if rule.contains(fragment)))
}

#[test]
fn valid_transcripts_pass() {
    grade(IMMEDIATE, StopMode::Immediate).assert_ok();
    grade(&graceful(), StopMode::Graceful).assert_ok();
}

#[test]
fn a_task_neither_processed_nor_reported_is_lost() {
    let text = broken(IMMEDIATE, "Task 101 not processed (shutdown)\n", "")
        .replace("Not processed: 2 tasks", "Not processed: 1 task")
        .replace("Produced: 4 tasks", "Produced: 3 tasks");
    let report = grade(&text, StopMode::Immediate);
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Lost,
        ids: vec![101],
    });
}

#[test]
fn a_task_both_processed_and_reported_is_duplicated() {
    let text = broken(
        IMMEDIATE,
        "Task 1 not processed (shutdown)\n",
        "Task 1 not processed (shutdown)\nTask 0 not processed (shutdown)\n",
    );
    let report = grade(&text, StopMode::Immediate);
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Duplicated,
        ids: vec![0],
    });
}

#[test]
fn reporting_a_task_during_a_graceful_drain_is_caught() {
    let text = broken(
        &graceful(),
        "Consumer 1 processing task 101\n",
        "Task 101 not processed (shutdown)\n",
    );
    let report = grade(&text, StopMode::Graceful);
    assert!(
        shutdown_rule(
            &report,
            "task 101 reported not processed before an immediate shutdown"
        ),
        "{report}"
    );
}

#[test]
fn produced_must_equal_completed_plus_not_processed() {
    let report = grade(
        &broken(IMMEDIATE, "Produced: 4 tasks", "Produced: 5 tasks"),
        StopMode::Immediate,
    );
    assert!(
        report.violations.contains(&Violation::Accounting {
            equation: "produced (5) ≠ completed + not processed (4)".into()
        }),
        "{report}"
    );
}

#[test]
fn a_quiet_graceful_run_that_leaves_tasks_is_caught() {
    let quiet = "\
Starting system: 2 producers, 2 consumers
Queue capacity: 2 items
Shutdown mode: graceful

Running... Press Ctrl+C to stop
Shutdown signal received
All producers finished
Finishing pending work...
All consumers finished

Final stats: 3 tasks completed
Produced: 4 tasks
Not processed: 1 task
Total tasks: 3
Sum of results: 240
Elapsed: 0.010 s
Throughput: 300 tasks/s
";
    let transcript = Transcript::parse(quiet).expect("parses");
    let expect = Expect::quiet_unknown()
        .bounded(Bound::Capacity(2))
        .stoppable(StopMode::Graceful);
    let report = check(&transcript, &expect);
    assert_eq!(
        report.violations,
        vec![Violation::Accounting {
            equation: "not processed (1) ≠ 0 (no immediate shutdown) (0)".into()
        }]
    );
}

#[test]
fn a_producer_creating_after_it_shut_down_is_caught() {
    let text = broken(
        IMMEDIATE,
        "Producer 0: finished (created 2 tasks, blocked 0 times)\n",
        "Producer 0 created task 2\nProducer 0: finished (created 2 tasks, blocked 0 times)\n",
    );
    let report = grade(&text, StopMode::Immediate);
    assert!(
        shutdown_rule(&report, "producer 0 created task 2 after shutting down"),
        "{report}"
    );
}

#[test]
fn shutting_down_before_the_announcement_is_caught() {
    let text = broken(
        IMMEDIATE,
        "Shutdown signal received\nProducer 0 shutting down immediately\n",
        "Producer 0 shutting down immediately\nShutdown signal received\n",
    );
    let report = grade(&text, StopMode::Immediate);
    assert!(
        shutdown_rule(&report, "shuts down before any shutdown was announced"),
        "{report}"
    );
}

#[test]
fn shutting_down_immediately_during_a_graceful_drain_is_caught() {
    let text = broken(
        &graceful(),
        "Producer 1 shutting down gracefully",
        "Producer 1 shutting down immediately",
    );
    let report = grade(&text, StopMode::Graceful);
    assert!(
        shutdown_rule(
            &report,
            "producer 1 shuts down immediately during a graceful drain"
        ),
        "{report}"
    );
}

#[test]
fn a_missing_ready_line_is_caught() {
    let report = grade(
        &broken(IMMEDIATE, "Running... Press Ctrl+C to stop\n", ""),
        StopMode::Immediate,
    );
    assert!(shutdown_rule(&report, "the ready line"), "{report}");
}

#[test]
fn the_wrong_mode_in_the_header_is_caught() {
    let report = grade(IMMEDIATE, StopMode::Graceful);
    assert!(
        shutdown_rule(&report, "the mode is Graceful, the header says Immediate"),
        "{report}"
    );
}

#[test]
fn a_second_trigger_is_caught() {
    let text = broken(
        IMMEDIATE,
        "All producers finished\n",
        "All producers finished\nShutdown requested: ran for 5 ms\n",
    );
    let report = grade(&text, StopMode::Immediate);
    assert!(
        shutdown_rule(&report, "a second shutdown trigger"),
        "{report}"
    );
}

#[test]
fn an_escalation_without_a_graceful_drain_is_caught() {
    let text = broken(
        IMMEDIATE,
        "All producers finished\n",
        "All producers finished\nSecond signal: stopping immediately\n",
    );
    let report = grade(&text, StopMode::Immediate);
    assert!(
        shutdown_rule(&report, "an escalation needs a graceful drain in progress"),
        "{report}"
    );
}

#[test]
fn finishing_pending_work_before_the_producers_finished_is_caught() {
    let text = broken(
        &graceful(),
        "All producers finished\nFinishing pending work...\n",
        "Finishing pending work...\nAll producers finished\n",
    );
    let report = grade(&text, StopMode::Graceful);
    assert!(
        shutdown_rule(&report, "`Finishing pending work...` comes once"),
        "{report}"
    );
}

#[test]
fn a_consumer_working_after_it_finished_is_caught() {
    let text = broken(&graceful(), "Consumer 1 processing task 101\n", "").replace(
        "Consumer 1 finished\n",
        "Consumer 1 finished\nConsumer 1 processing task 101\n",
    );
    let report = grade(&text, StopMode::Graceful);
    assert!(
        shutdown_rule(&report, "consumer 1 processes task 101 after it finished"),
        "{report}"
    );
}

#[test]
fn a_consumer_that_never_says_it_finished_is_caught() {
    let report = grade(
        &broken(IMMEDIATE, "Consumer 1 finished\n", ""),
        StopMode::Immediate,
    );
    assert!(
        shutdown_rule(&report, "consumer(s) [1] never say they finished"),
        "{report}"
    );
}

#[test]
fn stopped_runs_canonicalise_to_their_shape() {
    // The same kind of stop after more progress: the canonical form is the same.
    let further = broken(
        IMMEDIATE,
        "Shutdown signal received\n",
        "Consumer 0 processing task 1\nProducer 0 created task 2\nShutdown signal received\n",
    )
    .replace(
        "Task 1 not processed (shutdown)",
        "Task 2 not processed (shutdown)",
    )
    .replace(
        "Producer 0: finished (created 2 tasks",
        "Producer 0: finished (created 3 tasks",
    )
    .replace(
        "Final stats: 2 tasks completed",
        "Final stats: 3 tasks completed",
    )
    .replace("Produced: 4 tasks", "Produced: 5 tasks")
    .replace("Total tasks: 2", "Total tasks: 3");
    grade(&further, StopMode::Immediate).assert_ok();
    let canon = |text: &str| canonical(&Transcript::parse(text).expect("parses"));
    assert_eq!(canon(IMMEDIATE), canon(&further));
    assert!(canon(IMMEDIATE).contains("Produced: * tasks\nNot processed: * tasks\n"));
    assert_ne!(
        canon(IMMEDIATE),
        canon(&graceful()),
        "the mode and its lines still show"
    );
}

/// The immediate run, with task 0 cut short in hand: its `processing` line was a start,
/// and `interrupted` is its outcome.
fn interrupted() -> String {
    broken(
        IMMEDIATE,
        "Task 1 not processed (shutdown)\n",
        "Task 0 interrupted (shutdown)\nTask 1 not processed (shutdown)\n",
    )
    .replace(
        "Final stats: 2 tasks completed",
        "Final stats: 1 tasks completed",
    )
    .replace("Not processed: 2 tasks", "Not processed: 3 tasks")
    .replace("Total tasks: 2", "Total tasks: 1")
}

#[test]
fn a_task_cut_short_in_hand_is_accounted_as_not_processed() {
    grade(&interrupted(), StopMode::Immediate).assert_ok();
    let counted_as_done = interrupted()
        .replace(
            "Final stats: 1 tasks completed",
            "Final stats: 2 tasks completed",
        )
        .replace("Not processed: 3 tasks", "Not processed: 2 tasks")
        .replace("Total tasks: 1", "Total tasks: 2");
    let report = grade(&counted_as_done, StopMode::Immediate);
    assert!(
        report.violations.contains(&Violation::Accounting {
            equation: "completed (2) ≠ `processing` − `interrupted` lines (1)".into()
        }),
        "{report}"
    );
}

#[test]
fn interrupting_a_task_before_the_stop_is_caught() {
    let text = broken(&interrupted(), "Task 0 interrupted (shutdown)\n", "").replace(
        "Shutdown signal received\n",
        "Task 0 interrupted (shutdown)\nShutdown signal received\n",
    );
    let report = grade(&text, StopMode::Immediate);
    assert!(
        shutdown_rule(&report, "task 0 interrupted before an immediate shutdown"),
        "{report}"
    );
}

#[test]
fn interrupting_a_task_never_started_is_caught() {
    let text = broken(
        &interrupted(),
        "Task 1 not processed (shutdown)\n",
        "Task 1 interrupted (shutdown)\n",
    );
    let report = grade(&text, StopMode::Immediate);
    assert!(
        report.violations.iter().any(|v| matches!(
            v,
            Violation::OutOfOrder { number: 9, rule, .. } if rule.contains("after its `processing` line")
        )),
        "{report}"
    );
}

/// One start after the stop is the race every consumer may lose (it read the phase
/// just before the announcement); a second is a consumer that ignores the stop.
#[test]
fn a_consumer_starting_two_tasks_after_an_immediate_stop_is_caught() {
    let one = broken(
        IMMEDIATE,
        "Task 1 not processed (shutdown)\n",
        "Consumer 0 processing task 1\n",
    )
    .replace(
        "Final stats: 2 tasks completed",
        "Final stats: 3 tasks completed",
    )
    .replace("Not processed: 2 tasks", "Not processed: 1 task")
    .replace("Total tasks: 2", "Total tasks: 3");
    grade(&one, StopMode::Immediate).assert_ok();
    let two = broken(
        &one,
        "Task 101 not processed (shutdown)\n",
        "Consumer 0 processing task 101\n",
    )
    .replace(
        "Final stats: 3 tasks completed",
        "Final stats: 4 tasks completed",
    )
    .replace("Not processed: 1 task", "Not processed: 0 tasks")
    .replace("Total tasks: 3", "Total tasks: 4");
    let report = grade(&two, StopMode::Immediate);
    assert!(
        shutdown_rule(
            &report,
            "consumer 0 starts a second task after the immediate stop"
        ),
        "{report}"
    );
}
