//! The grader's own tests for pass 02's rules: the declared bound, the gauge's bound,
//! and each producer's backpressure lines. Each test breaks a valid transcript in one
//! way and asserts the fault is caught and named.

use grader::{Bound, Expect, Report, Transcript, Violation, canonical, check};

/// A valid pass-02 transcript: 2 producers × 2 tasks, 1 consumer, capacity 1.
const VALID: &str = "\
Starting system: 2 producers, 1 consumer
Queue capacity: 1 item

Producer 0 created task 0
Producer 1 created task 100
Producer 1: blocked (queue full, waiting...)
Queue: [█] 1/1 FULL
Consumer 0 processing task 0
Producer 1: resuming (queue has space)
Producer 0 created task 1
Producer 0: blocked (queue full, waiting...)
Queue: [█] 2/1 FULL
Consumer 0 processing task 100
Producer 0: resuming (queue has space)
Producer 0: finished (created 2 tasks, blocked 1 time)
Queue: [█] 1/1 FULL
Producer 1 created task 101
Consumer 0 processing task 1
Producer 1: finished (created 2 tasks, blocked 1 time)
Queue: [░] 0/1

All producers finished
Consumer 0 processing task 101
All consumers finished
Total tasks: 4
Sum of results: 99
Elapsed: 0.012 s
Throughput: 333 tasks/s
";

fn expect() -> Expect {
    Expect::tasks(4).bounded(Bound::Capacity(1))
}

fn grade(text: &str) -> Report {
    check(&Transcript::parse(text).expect("parses"), &expect())
}

/// `VALID` with `from` replaced by `to` (which must occur).
fn broken(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from:?} is not in the transcript");
    VALID.replacen(from, to, 1)
}

#[test]
fn a_valid_transcript_passes() {
    grade(VALID).assert_ok();
}

#[test]
fn a_gauge_beyond_capacity_plus_one_is_caught() {
    let report = grade(&broken("Queue: [█] 2/1 FULL", "Queue: [█] 3/1 FULL"));
    report.assert_reports(&Violation::GaugeOutOfBound {
        line_no: 12,
        depth: 3,
        capacity: Some(1),
    });
    assert!(report.to_string().contains("3/1"), "{report}");
}

#[test]
fn a_gauge_drawn_against_another_capacity_is_caught() {
    let report = grade(&broken("Queue: [░] 0/1", "Queue: [░░] 0/2"));
    report.assert_reports(&Violation::GaugeOutOfBound {
        line_no: 20,
        depth: 0,
        capacity: Some(2),
    });
}

#[test]
fn blocking_twice_without_resuming_is_caught() {
    let text = broken(
        "Producer 1: resuming (queue has space)\n",
        "Producer 1: blocked (queue full, waiting...)\nProducer 1: resuming (queue has space)\n",
    );
    let report = grade(&text.replace(
        "Producer 1: finished (created 2 tasks, blocked 1 time)",
        "Producer 1: finished (created 2 tasks, blocked 2 times)",
    ));
    report.assert_reports(&Violation::Backpressure {
        line_no: 9,
        producer: 1,
        rule: "blocked twice without resuming",
    });
    assert_eq!(report.violations.len(), 1, "{report}");
}

#[test]
fn resuming_without_blocking_is_caught() {
    let report = grade(&broken(
        "Producer 1 created task 101\n",
        "Producer 1: resuming (queue has space)\nProducer 1 created task 101\n",
    ));
    report.assert_reports(&Violation::Backpressure {
        line_no: 17,
        producer: 1,
        rule: "resumed without having blocked",
    });
}

#[test]
fn creating_a_task_while_blocked_is_caught() {
    let text = broken(
        "Consumer 0 processing task 0\nProducer 1: resuming (queue has space)\n",
        "Consumer 0 processing task 0\n",
    )
    .replace(
        "Producer 1 created task 101\n",
        "Producer 1 created task 101\nProducer 1: resuming (queue has space)\n",
    );
    let report = grade(&text);
    assert!(
        report.violations.iter().any(|v| matches!(
            v,
            Violation::Backpressure {
                producer: 1,
                rule: "created a task while blocked",
                ..
            }
        )),
        "{report}"
    );
}

#[test]
fn a_finished_line_that_miscounts_is_caught() {
    let report = grade(&broken(
        "Producer 0: finished (created 2 tasks, blocked 1 time)",
        "Producer 0: finished (created 2 tasks, blocked 0 times)",
    ));
    assert_eq!(
        report.violations,
        vec![Violation::ProducerCount {
            producer: 0,
            what: "blocked",
            reported: 0,
            counted: 1
        }]
    );
}

#[test]
fn a_producer_that_never_says_it_finished_is_caught() {
    let report = grade(&broken(
        "Producer 1: finished (created 2 tasks, blocked 1 time)\n",
        "",
    ));
    report.assert_reports(&Violation::ProducersNotFinished(vec![1]));
}

#[test]
fn a_missing_or_wrong_capacity_line_is_caught() {
    let report = grade(&broken("Queue capacity: 1 item\n", ""));
    report.assert_reports(&Violation::Missing("Queue capacity"));

    let report = grade(&broken(
        "Queue capacity: 1 item",
        "Queue capacity: 10 items",
    ));
    report.assert_reports(&Violation::WrongCapacity {
        expected: Some(1),
        printed: Some(10),
    });
}

#[test]
fn missing_timings_are_caught() {
    let report = grade(&broken("Elapsed: 0.012 s\n", ""));
    report.assert_reports(&Violation::Missing("Elapsed"));
}

#[test]
fn blocking_on_an_unbounded_queue_is_caught() {
    let text = VALID
        .replace("Queue capacity: 1 item", "Queue capacity: unbounded")
        .replace("Queue: [█] 1/1 FULL", "Queue: 1 waiting (unbounded)")
        .replace("Queue: [█] 2/1 FULL", "Queue: 2 waiting (unbounded)")
        .replace("Queue: [░] 0/1", "Queue: 0 waiting (unbounded)");
    let report = check(
        &Transcript::parse(&text).expect("parses"),
        &Expect::tasks(4).bounded(Bound::Unbounded),
    );
    report.assert_reports(&Violation::Backpressure {
        line_no: 6,
        producer: 1,
        rule: "blocked on an unbounded queue",
    });
}

#[test]
fn canonical_form_drops_backpressure_and_redacts_timings() {
    // The same run with no blocking at all and other timings: the same canonical text.
    let calm = "\
Starting system: 2 producers, 1 consumer
Queue capacity: 1 item

Producer 0 created task 0
Consumer 0 processing task 0
Producer 0 created task 1
Consumer 0 processing task 1
Producer 0: finished (created 2 tasks, blocked 0 times)
Queue: [░] 0/1
Producer 1 created task 100
Consumer 0 processing task 100
Producer 1 created task 101
Producer 1: finished (created 2 tasks, blocked 0 times)
Queue: [█] 1/1 FULL

All producers finished
Consumer 0 processing task 101
All consumers finished
Total tasks: 4
Sum of results: 99
Elapsed: 3.500 s
Throughput: 1 tasks/s
";
    grade(calm).assert_ok();
    let canon = |text: &str| canonical(&Transcript::parse(text).expect("parses"));
    assert_eq!(canon(VALID), canon(calm));
    let text = canon(VALID);
    assert!(
        text.contains("Producer 0: finished (created 2 tasks, blocked * times)"),
        "{text}"
    );
    assert!(
        text.contains("Elapsed: * s\nThroughput: * tasks/s"),
        "{text}"
    );
    assert!(
        !text.contains("blocked (queue full") && !text.contains("Queue: ["),
        "{text}"
    );
}
