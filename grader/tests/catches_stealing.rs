//! The grader's own tests for pass 06's rules: steals between two different
//! consumers, and steal counts that agree with the steal lines.

use grader::{Bound, Expect, Report, StopMode, Transcript, Violation, check};

/// Pass 05's valid transcript, with one steal and the steal summary.
const VALID: &str = "\
Starting system: 1 producer, 2 consumers
Queue capacity: 2 items
Shutdown mode: graceful

Running... Press Ctrl+C to stop
Producer 0 created task 0
Consumer 0 processing task 0
Task 0 completed successfully
Producer 0 created task 1
Consumer 0 processing task 1
Task 1 failed: simulated error
Task 1 will be retried in 10 ms (attempt 2 of 2)
Producer 0 created task 2
Consumer 1 processing task 2
Consumer 0 retrying task 1 (attempt 2 of 2)
Task 1 completed successfully
Consumer 1 panicked on task 2
Consumer 1 replaced (restart 1 of 3)
Task 2 failed: consumer panicked
Task 2 will be retried in 10 ms (attempt 2 of 2)
Producer 0 created task 3
Consumer 0 stole 1 task from Consumer 1
Consumer 0 processing task 3
Task 3 completed successfully
Producer 0: finished (created 4 tasks, blocked 0 times)
Queue: [░░] 0/2

All producers finished
Consumer 1 retrying task 2 (attempt 2 of 2)
Task 2 failed: simulated error
Task 2 dead-lettered after 2 attempts: simulated error
Consumer 1 continuing...
Consumer 0 finished
Consumer 1 finished
All consumers finished

Final stats: 4 tasks completed
Produced: 4 tasks
Not processed: 0 tasks
Undelivered: 0 tasks
Success: 3
Failed: 1
Retries: 2
Producer failures: 0
Consumer panics: 1
Dead letters: 1 task
  Task 2: simulated error (2 attempts)
Steals: 1 (1 task)
Consumer 0: 3 tasks done, stole 1 task in 1 steal
Consumer 1: 1 task done, stole 0 tasks in 0 steals
Total tasks: 4
Sum of results: 42
Elapsed: 0.050 s
Throughput: 80 tasks/s
";

fn checked(text: &str) -> Report {
    let expect = Expect::tasks(4)
        .bounded(Bound::Capacity(2))
        .stoppable(StopMode::Graceful)
        .failing()
        .stealing();
    check(&Transcript::parse(text).expect("parses"), &expect)
}

fn broken(from: &str, to: &str) -> Report {
    assert!(
        VALID.contains(from),
        "{from:?} is not in the valid transcript"
    );
    checked(&VALID.replacen(from, to, 1))
}

#[test]
fn the_valid_transcript_passes() {
    checked(VALID).assert_ok();
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
