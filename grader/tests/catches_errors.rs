//! The grader's own tests for pass 05's rules: each task's attempts, retries and one
//! outcome; each worker's failure; a failure summary that agrees with the lines. Each
//! test breaks a valid transcript in one way and asserts the fault is caught and named.

use grader::{Report, TaskClass, Transcript, Violation, check};

mod fixture;

use fixture::{ERRORS as VALID, errors_expect as expect};

fn checked(text: &str) -> Report {
    fixture::checked(text, &expect())
}

fn broken(from: &str, to: &str) -> Report {
    fixture::broken(VALID, &expect(), from, to)
}

fn failure_rule(report: &Report, needle: &str) {
    assert!(
        report
            .violations
            .iter()
            .any(|v| matches!(v, Violation::Failure { rule, .. } if rule.contains(needle))),
        "expected a failure rule mentioning {needle:?}; got:\n{report}"
    );
}

#[test]
fn the_valid_transcript_passes() {
    checked(VALID).assert_ok();
}

#[test]
fn a_task_with_two_outcomes_is_duplicated() {
    let report = broken(
        "Task 3 completed successfully\n",
        "Task 3 completed successfully\nTask 3 undelivered (channel closed)\n",
    );
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Duplicated,
        ids: vec![3],
    });
}

#[test]
fn a_task_attempted_but_never_finished_is_lost() {
    let report = broken("Task 3 completed successfully\n", "");
    assert_eq!(report.count(TaskClass::Lost), 1, "{report}");
    failure_rule(&report, "never reached an outcome");
}

/// Consumers panic only where the run asked: in a task's attempt, and only in a run
/// given `--panic-on-task`.
#[test]
fn a_panic_nobody_injected_is_caught() {
    // A panic between tasks (a bug in the consumer's own bookkeeping).
    failure_rule(
        &broken("Consumer 1 panicked on task 2\n", "Consumer 1 panicked\n"),
        "outside any task",
    );
    // Any panic, in a run that injected none.
    let report = check(
        &Transcript::parse(VALID).expect("parses"),
        &expect().without_injected_panics(),
    );
    failure_rule(&report, "injected no panic");
}

#[test]
fn a_retry_needs_a_failure_and_a_schedule() {
    failure_rule(
        &broken("Task 1 will be retried in 10 ms (attempt 2 of 2)\n", ""),
        "attempt 2 was not scheduled",
    );
    failure_rule(
        &broken(
            "Task 1 failed: simulated error\nTask 1 will be retried in 10 ms (attempt 2 of 2)\n",
            "Task 1 will be retried in 10 ms (attempt 2 of 2)\n",
        ),
        "retried without having failed",
    );
}

#[test]
fn a_dead_letter_counts_its_attempts() {
    failure_rule(
        &broken(
            "Task 2 dead-lettered after 2 attempts: simulated error",
            "Task 2 dead-lettered after 3 attempts: simulated error",
        ),
        "dead-lettered",
    );
}

#[test]
fn the_record_must_list_the_dead_letters() {
    failure_rule(
        &broken(
            "  Task 2: simulated error (2 attempts)",
            "  Task 3: simulated error (2 attempts)",
        ),
        "dead-letter record",
    );
}

#[test]
fn a_shortened_record_must_list_the_first_letters_and_count_the_rest() {
    // Listing none of the one letter, and saying so, is still a record of 1 kept.
    failure_rule(
        &broken(
            "  Task 2: simulated error (2 attempts)",
            "  ...and 1 more (the record lists the first 1 by id)",
        ),
        "dead-letter record",
    );
    // Listing the letter and counting a phantom one breaks the accounting.
    let report = broken(
        "  Task 2: simulated error (2 attempts)\n",
        "  Task 2: simulated error (2 attempts)\n  ...and 1 more (the record lists the first 1 by id)\n",
    );
    assert!(
        report
            .violations
            .iter()
            .any(|v| matches!(v, Violation::Accounting { equation } if equation.starts_with("dead letters = entries"))),
        "{report}"
    );
}

#[test]
fn a_panic_must_say_whether_the_consumer_was_replaced() {
    failure_rule(
        &broken("Consumer 1 replaced (restart 1 of 3)\n", ""),
        "nothing says whether they were replaced",
    );
}

#[test]
fn the_summary_must_agree_with_the_lines() {
    broken("Success: 3", "Success: 4").assert_reports(&Violation::Accounting {
        equation: "completed = success + failed (4 ≠ 5)".into(),
    });
    broken("Retries: 2", "Retries: 1").assert_reports(&Violation::Accounting {
        equation: "Retries = `retrying` lines (1 ≠ 2)".into(),
    });
}

#[test]
fn undelivered_tasks_count_in_the_accounting() {
    let report = broken("Undelivered: 0 tasks", "Undelivered: 1 task");
    report.assert_reports(&Violation::Accounting {
        equation: "produced (4) ≠ completed + not processed + undelivered (5)".into(),
    });
}

#[test]
fn the_failure_summary_is_required() {
    broken("Retries: 2\n", "").assert_reports(&Violation::Missing("Retries"));
}
