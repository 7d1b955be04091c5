//! The grader's own tests for pass 06's rules: steals between two different
//! consumers, and steal counts that agree with the steal lines.

use grader::{Report, Violation};

mod fixture;

/// Pass 05's valid transcript, with one steal and the steal summary.
fn valid() -> String {
    fixture::ERRORS
        .replacen(
            "Producer 0 created task 3\n",
            "Producer 0 created task 3\nConsumer 0 stole 1 task from Consumer 1\n",
            1,
        )
        .replacen(
            "  Task 2: simulated error (2 attempts)\n",
            "  Task 2: simulated error (2 attempts)\nSteals: 1 (1 task)\n\
             Consumer 0: 3 tasks done, stole 1 task in 1 steal\n\
             Consumer 1: 1 task done, stole 0 tasks in 0 steals\n",
            1,
        )
}

fn checked(text: &str) -> Report {
    fixture::checked(text, &fixture::errors_expect().stealing())
}

fn broken(from: &str, to: &str) -> Report {
    fixture::broken(&valid(), &fixture::errors_expect().stealing(), from, to)
}

#[test]
fn the_valid_transcript_passes() {
    checked(&valid()).assert_ok();
}

#[test]
fn a_consumer_cannot_steal_from_itself() {
    let report = broken(
        "Consumer 0 stole 1 task from Consumer 1",
        "Consumer 0 stole 1 task from Consumer 0",
    );
    assert!(
        report
            .violations
            .iter()
            .any(|v| matches!(v, Violation::Failure { rule, .. } if rule.contains("cannot steal"))),
        "{report}"
    );
}

#[test]
fn steal_counts_must_agree_with_the_lines() {
    broken("Steals: 1 (1 task)", "Steals: 2 (1 task)").assert_reports(&Violation::Accounting {
        equation: "Steals = the consumers' steals (2 ≠ 1)".into(),
    });
    broken("Consumer 0 stole 1 task from Consumer 1\n", "").assert_reports(
        &Violation::Accounting {
            equation: "Steals = `stole` lines (1 ≠ 0)".into(),
        },
    );
}

#[test]
fn the_steal_summary_is_required() {
    broken("Steals: 1 (1 task)\n", "").assert_reports(&Violation::Missing("Steals"));
}

#[test]
fn the_steal_summary_comes_after_the_dead_letter_record() {
    broken(
        "  Task 2: simulated error (2 attempts)\nSteals: 1 (1 task)\n",
        "Steals: 1 (1 task)\n  Task 2: simulated error (2 attempts)\n",
    )
    .assert_reports(&Violation::OutOfOrder {
        number: 11,
        line_no: 47,
        rule: "`Steals` comes after the dead-letter record (rule 11)",
    });
}

#[test]
fn the_share_lines_follow_in_consumer_order() {
    broken(
        "Consumer 0: 3 tasks done, stole 1 task in 1 steal\nConsumer 1: 1 task done, stole 0 tasks in 0 steals\n",
        "Consumer 1: 1 task done, stole 0 tasks in 0 steals\nConsumer 0: 3 tasks done, stole 1 task in 1 steal\n",
    )
    .assert_reports(&Violation::OutOfOrder {
        number: 11,
        line_no: 49,
        rule: "the share lines follow `Steals`, one per consumer in order (rule 11)",
    });
}
