//! The grader's own tests for pass 04's rules: statistics blocks whole and consistent,
//! counts that never go down, a final block that agrees with the summary. Each test
//! breaks a valid transcript in one way and asserts the fault is caught and named.

use grader::{Bound, Expect, Report, StopMode, Transcript, Violation, check};

/// A valid monitored run: 1 producer × 4 tasks, 2 consumers, two live blocks.
const VALID: &str = "\
Starting system: 1 producer, 2 consumers
Queue capacity: 2 items
Shutdown mode: graceful

Running... Press Ctrl+C to stop
Producer 0 created task 0
Producer 0 created task 1
Consumer 0 processing task 0

Statistics (updated every 20 ms):
  Produced: 2
  Consumed: 1
  Pending: 1
  Failed: 0
  Queue depth: 1/2
  Consumer 0: 1 task, 40% busy, avg 8.0 ms
  Consumer 1: 0 tasks, 0% busy, avg 0.0 ms
Warning: queue depth above 0 for 20 ms (now 1/2)
Consumer 1 processing task 1
Producer 0 created task 2
Producer 0 created task 3
Producer 0: finished (created 4 tasks, blocked 0 times)
Queue: [█░] 1/2

Statistics (updated every 20 ms):
  Produced: 4
  Consumed: 2
  Pending: 2
  Failed: 0
  Queue depth: 2/2
  Consumer 0: 1 task, 20% busy, avg 8.0 ms
  Consumer 1: 1 task, 21% busy, avg 8.5 ms

All producers finished
Consumer 0 processing task 2
Consumer 1 processing task 3
Consumer 0 finished
Consumer 1 finished
All consumers finished

Statistics (final):
  Produced: 4
  Consumed: 4
  Pending: 0
  Failed: 0
  Queue depth: 0/2
  Consumer 0: 2 tasks, 30% busy, avg 8.0 ms
  Consumer 1: 2 tasks, 31% busy, avg 8.2 ms

Final stats: 4 tasks completed
Produced: 4 tasks
Not processed: 0 tasks
Total tasks: 4
Sum of results: 300
Elapsed: 0.053 s
Throughput: 75 tasks/s
";

fn grade(text: &str) -> Report {
    let expect = Expect::tasks(4)
        .bounded(Bound::Capacity(2))
        .stoppable(StopMode::Graceful)
        .monitored();
    check(&Transcript::parse(text).expect("parses"), &expect)
}

/// `VALID` with the `nth` (from 1) occurrence of `from` replaced by `to`.
fn broken(nth: usize, from: &str, to: &str) -> String {
    let at = VALID
        .match_indices(from)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("no {nth}th {from:?}"))
        .0;
    format!("{}{to}{}", &VALID[..at], &VALID[at + from.len()..])
}

#[track_caller]
fn assert_statistics(report: &Report, fragment: &str) {
    assert!(
        report
            .violations
            .iter()
            .any(|v| matches!(v, Violation::Statistics { rule, .. } if rule.contains(fragment))),
        "expected a statistics violation with {fragment:?}; got:\n{report}"
    );
}

#[test]
fn a_valid_transcript_passes() {
    grade(VALID).assert_ok();
}

#[test]
fn pending_that_is_not_produced_minus_consumed_is_caught() {
    assert_statistics(
        &grade(&broken(1, "  Pending: 1\n", "  Pending: 2\n")),
        "pending 2 ≠ produced 2 − consumed 1",
    );
}

#[test]
fn a_count_that_goes_down_is_caught() {
    let text = broken(
        1,
        "  Produced: 4\n  Consumed: 2\n  Pending: 2\n",
        "  Produced: 1\n  Consumed: 1\n  Pending: 0\n",
    )
    .replacen(
        "  Consumer 1: 1 task, 21% busy",
        "  Consumer 1: 0 tasks, 21% busy",
        1,
    );
    let report = grade(&text);
    assert_statistics(&report, "Produced went down, from 2 to 1");
}

#[test]
fn more_failed_than_consumed_is_caught() {
    assert_statistics(
        &grade(&broken(1, "  Failed: 0\n", "  Failed: 2\n")),
        "failed 2 > consumed 1",
    );
}

#[test]
fn consumers_that_do_not_add_up_are_caught() {
    let report = grade(&broken(1, "  Consumer 1: 0 tasks", "  Consumer 1: 3 tasks"));
    assert_statistics(&report, "the consumers' tasks add up to 4, not 1");
}

#[test]
fn more_than_100_percent_busy_is_caught() {
    assert_statistics(
        &grade(&broken(1, "40% busy", "140% busy")),
        "consumer 0 is 140% busy",
    );
}

#[test]
fn a_depth_beyond_the_bound_is_caught() {
    assert_statistics(
        &grade(&broken(1, "  Queue depth: 2/2\n", "  Queue depth: 4/2\n")),
        "queue depth 4",
    );
}

#[test]
fn a_line_inside_a_block_is_caught() {
    let report = grade(&broken(
        1,
        "  Failed: 0\n",
        "Consumer 1 processing task 1\n  Failed: 0\n",
    ));
    assert_statistics(&report, "is broken here");
}

#[test]
fn a_block_missing_a_line_is_caught() {
    assert_statistics(&grade(&broken(3, "  Failed: 0\n", "")), "is broken here");
}

#[test]
fn a_final_block_that_disagrees_with_the_summary_is_caught() {
    let text = broken(
        1,
        "  Produced: 4\n  Consumed: 4\n",
        "  Produced: 5\n  Consumed: 4\n",
    )
    .replacen(
        "  Pending: 0\n  Failed: 0\n  Queue depth: 0/2",
        "  Pending: 1\n  Failed: 0\n  Queue depth: 0/2",
        1,
    );
    let report = grade(&text);
    assert_statistics(
        &report,
        "the final Produced is 5, the summary's `Produced` 4",
    );
}

#[test]
fn a_missing_final_block_is_caught() {
    let at = VALID.find("\nStatistics (final):").expect("final block");
    let end = VALID[at..].find("\n\nFinal stats").expect("summary") + at;
    let text = format!("{}{}", &VALID[..at], &VALID[end..]);
    assert_statistics(&grade(&text), "no `Statistics (final):` block");
}

#[test]
fn a_final_block_before_the_consumers_finished_is_caught() {
    let text = VALID.replacen("All consumers finished\n", "", 1).replacen(
        "\nFinal stats",
        "All consumers finished\n\nFinal stats",
        1,
    );
    assert_statistics(
        &grade(&text),
        "the final block comes before `All consumers finished`",
    );
}

#[test]
fn a_warning_for_a_depth_not_above_the_threshold_is_caught() {
    let report = grade(&broken(
        1,
        "above 0 for 20 ms (now 1/2)",
        "above 1 for 20 ms (now 1/2)",
    ));
    assert_statistics(&report, "a warning for depth 1, which is not above 1");
}
