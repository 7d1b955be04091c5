//! The grader's own tests for pass 07's rules (rule 12 of docs/transcripts.md): the
//! buffer replayed from the stamps, each take what the strategy says and as large as
//! it can be, the right task dropped under each policy, and the drops in the
//! accounting. Each broken transcript differs from a valid one in one place, and must
//! be reported under rule 12 at that line (or as the accounting it breaks).

use grader::check::Rule;
use grader::{Bound, Expect, Report, StopMode, Violation};

/// A real run of pass 07 (`--producers 2 --consumers 1 --tasks 4 --capacity 3 --rate 0
/// --work-ms 5 --strategy priority --overflow drop-lowest --batch 2 --seed 7`).
const VALID: &str = "\
Starting system: 2 producers, 1 consumer
Queue capacity: 3 items
Shutdown mode: graceful
Buffer: priority, overflow drop-lowest, batch 2

Running... Press Ctrl+C to stop
Producer 1 created task 100
Producer 0 created task 0
Producer 1 created task 101
Producer 1 created task 102
Consumer 0 took 2 tasks at #2: 100 (put #0, priority 6), 101 (put #1, priority 5)
Producer 1 created task 103
Consumer 0 processing task 100
Producer 1: finished (created 4 tasks, blocked 0 times)
Queue: [██░] 2/3
Producer 0 created task 1
Task 1 dropped at #6: buffer full (shed lowest, put #6, priority 2)
Producer 0 created task 2
Task 102 dropped at #7: buffer full (shed lowest, put #3, priority 2)
Producer 0 created task 3
Task 3 dropped at #8: buffer full (shed lowest, put #8, priority 7)
Producer 0: finished (created 4 tasks, blocked 0 times)
Queue: [███] 3/3 FULL

All producers finished
Consumer 0 processing task 101
Consumer 0 took 2 tasks at #9: 103 (put #4, priority 9), 0 (put #5, priority 9)
Consumer 0 processing task 103
Consumer 0 processing task 0
Consumer 0 took 1 task at #10: 2 (put #7, priority 8)
Consumer 0 processing task 2
Consumer 0 finished
All consumers finished

Final stats: 5 tasks completed
Produced: 8 tasks
Not processed: 0 tasks
Dropped: 3 tasks
Total tasks: 5
Sum of results: 733
Elapsed: 0.026 s
Throughput: 194 tasks/s
";

mod fixture;

fn expect() -> Expect {
    Expect::tasks(8)
        .bounded(Bound::Capacity(3))
        .stoppable(StopMode::Graceful)
        .buffered()
}

fn checked(text: &str) -> Report {
    fixture::checked(text, &expect())
}

fn broken(from: &str, to: &str) -> Report {
    fixture::broken(VALID, &expect(), from, to)
}

/// The report has a rule-12 violation at `line_no` (0: the transcript as a whole).
fn assert_buffer_rule(report: &Report, line_no: usize) {
    assert!(
        report.violations.iter().any(|v| v.rule() == Rule::Order(12)
            && matches!(v, Violation::Buffer { line_no: at, .. } if *at == line_no)),
        "no rule-12 violation at line {line_no}: {report}"
    );
}

/// The report has a rule-12 violation, wherever it is reported.
fn assert_rule_12(report: &Report) {
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.rule() == Rule::Order(12)),
        "no rule-12 violation: {report}"
    );
}

#[test]
fn the_valid_transcript_passes() {
    checked(VALID).assert_ok();
}

#[test]
fn a_take_out_of_priority_order_is_caught() {
    // Equal priorities: the older (put #4) first.
    let report = broken(
        "103 (put #4, priority 9), 0 (put #5, priority 9)",
        "0 (put #5, priority 9), 103 (put #4, priority 9)",
    );
    assert_buffer_rule(&report, 27);
}

#[test]
fn a_take_larger_than_the_batch_is_caught() {
    let report = broken("batch 2\n", "batch 1\n");
    assert_buffer_rule(&report, 11);
}

#[test]
fn a_take_smaller_than_what_waited_is_caught() {
    // With batches of 3, the take at #9 should have got all three waiting tasks.
    let report = broken("batch 2\n", "batch 3\n");
    assert_buffer_rule(&report, 27);
}

#[test]
fn a_stamp_used_twice_is_caught() {
    let report = broken("took 1 task at #10", "took 1 task at #9");
    assert_buffer_rule(&report, 30);
}

#[test]
fn a_drop_under_block_is_caught() {
    let report = broken("overflow drop-lowest", "overflow block");
    assert_rule_12(&report);
}

#[test]
fn shedding_the_wrong_task_is_caught() {
    // At #7 the lowest was task 102 (priority 2); shedding 103 (priority 9) is wrong.
    let report = broken(
        "Task 102 dropped at #7: buffer full (shed lowest, put #3, priority 2)",
        "Task 102 dropped at #7: buffer full (shed lowest, put #3, priority 9)",
    );
    assert_buffer_rule(&report, 0);
}

#[test]
fn a_buffer_over_its_capacity_is_caught() {
    let report = broken("Queue capacity: 3 items", "Queue capacity: 2 items");
    assert_rule_12(&report);
}

#[test]
fn the_dropped_count_must_agree_with_the_drop_lines() {
    let report = broken("Dropped: 3 tasks", "Dropped: 2 tasks");
    assert!(!report.violations.is_empty(), "{report}");
}

#[test]
fn a_silent_drop_is_a_lost_task() {
    let report = broken(
        "Task 3 dropped at #8: buffer full (shed lowest, put #8, priority 7)\n",
        "",
    );
    assert!(!report.violations.is_empty(), "{report}");
}

#[test]
fn a_missing_buffer_line_is_caught() {
    broken("Buffer: priority, overflow drop-lowest, batch 2\n", "")
        .assert_reports(&Violation::Missing("Buffer"));
}
