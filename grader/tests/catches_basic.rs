//! The grader's own tests: a checker that cannot fail is worth nothing, so each test
//! breaks a valid transcript in one way and asserts the fault is caught and named.

use grader::{Expect, Report, TaskClass, Transcript, Violation, canonical, check};

/// A valid transcript: 2 producers × 3 tasks, 2 consumers, interleaved.
const VALID: &str = "\
Starting system: 2 producers, 2 consumers

Producer 0 created task 0
Producer 1 created task 100
Consumer 0 processing task 0
Producer 0 created task 1
Consumer 1 processing task 100
Producer 1 created task 101
Producer 0 created task 2
Consumer 0 processing task 1
Producer 1 created task 102
Consumer 1 processing task 101

All producers finished
Consumer 0 processing task 2
Consumer 1 processing task 102
All consumers finished
Total tasks: 6
Sum of results: 42
";

fn grade(text: &str) -> Report {
    check(&Transcript::parse(text).expect("parses"), &Expect::tasks(6))
}

/// `VALID` with `from` replaced by `to` (which must occur).
fn broken(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from:?} is not in the transcript");
    VALID.replacen(from, to, 1)
}

#[test]
fn a_valid_transcript_passes() {
    let report = grade(VALID);
    report.assert_ok();
    assert_eq!(report.count(TaskClass::Ok), 6);
}

#[test]
fn a_lost_task_is_caught_and_named() {
    let report = grade(&broken("Consumer 0 processing task 1\n", ""));
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Lost,
        ids: vec![1],
    });
    assert!(
        report
            .to_string()
            .contains("lost (created, never processed): 1"),
        "{report}"
    );
    // The total now disagrees with the 5 processing lines as well.
    report.assert_reports(&Violation::WrongTotal {
        reported: 6,
        counted: 5,
    });
}

#[test]
fn a_duplicated_task_is_caught_and_named() {
    let text = broken(
        "Consumer 1 processing task 102\n",
        "Consumer 1 processing task 102\nConsumer 0 processing task 102\n",
    );
    let report = grade(&text.replace("Total tasks: 6", "Total tasks: 7"));
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Duplicated,
        ids: vec![102],
    });
    assert_eq!(report.violations.len(), 1, "{report}");
}

#[test]
fn an_unexpected_task_is_caught_and_named() {
    let text = broken(
        "Consumer 0 processing task 2\n",
        "Consumer 0 processing task 2\nConsumer 0 processing task 999\n",
    );
    let report = grade(&text.replace("Total tasks: 6", "Total tasks: 7"));
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Unexpected,
        ids: vec![999],
    });
    assert_eq!(report.violations.len(), 1, "{report}");
}

#[test]
fn a_task_processed_before_its_creation_is_early() {
    let text = broken(
        "Producer 0 created task 0\nProducer 1 created task 100\nConsumer 0 processing task 0\n",
        "Consumer 0 processing task 0\nProducer 0 created task 0\nProducer 1 created task 100\n",
    );
    let report = grade(&text);
    report.assert_reports(&Violation::Tasks {
        class: TaskClass::Early,
        ids: vec![0],
    });
    assert_eq!(report.violations.len(), 1, "{report}");
}

#[test]
fn a_missing_footer_line_is_caught() {
    let report = grade(&broken("All consumers finished\n", ""));
    report.assert_reports(&Violation::Missing("All consumers finished"));
    let report = grade(&broken("Sum of results: 42\n", ""));
    report.assert_reports(&Violation::Missing("Sum of results"));
}

#[test]
fn footer_lines_out_of_order_are_caught() {
    let text = broken(
        "All consumers finished\nTotal tasks: 6\n",
        "Total tasks: 6\nAll consumers finished\n",
    );
    let report = grade(&text);
    assert!(
        matches!(
            report.violations[..],
            [Violation::OutOfOrder { line_no: 18, .. }]
        ),
        "{report}"
    );
}

#[test]
fn a_repeated_footer_line_is_caught() {
    let report = grade(&broken(
        "Total tasks: 6\n",
        "Total tasks: 6\nTotal tasks: 6\n",
    ));
    report.assert_reports(&Violation::Repeated {
        what: "Total tasks",
        line_no: 19,
    });
}

#[test]
fn a_wrong_total_is_caught() {
    let report = grade(&broken("Total tasks: 6", "Total tasks: 7"));
    assert_eq!(
        report.violations,
        vec![Violation::WrongTotal {
            reported: 7,
            counted: 6
        }]
    );
}

#[test]
fn a_missing_or_misplaced_header_is_caught() {
    let report = grade(&broken("Starting system: 2 producers, 2 consumers\n", ""));
    report.assert_reports(&Violation::MissingHeader);

    let text = broken(
        "Starting system: 2 producers, 2 consumers\n\nProducer 0 created task 0\n",
        "Producer 0 created task 0\nStarting system: 2 producers, 2 consumers\n\n",
    );
    grade(&text).assert_reports(&Violation::HeaderNotFirst { line_no: 2 });
}

#[test]
fn threads_the_header_does_not_announce_are_caught() {
    let report = grade(&broken(
        "Consumer 1 processing task 100",
        "Consumer 2 processing task 100",
    ));
    report.assert_reports(&Violation::OutOfRange {
        line_no: 7,
        role: "consumer",
        index: 2,
        count: 2,
    });
}

#[test]
fn a_producer_printing_its_tasks_out_of_order_is_caught() {
    let text = broken(
        "Producer 0 created task 1\nConsumer 1 processing task 100\nProducer 1 created task 101\nProducer 0 created task 2\n",
        "Producer 0 created task 2\nConsumer 1 processing task 100\nProducer 1 created task 101\nProducer 0 created task 1\n",
    );
    let report = grade(&text);
    report.assert_reports(&Violation::ProducerOutOfOrder {
        line_no: 9,
        producer: 0,
        task: 1,
        previous: 2,
    });
}

#[test]
fn a_task_created_after_all_producers_finished_is_caught() {
    let text = broken("Producer 1 created task 102\n", "").replace(
        "All producers finished\n",
        "All producers finished\nProducer 1 created task 102\n",
    );
    let report = grade(&text);
    assert!(
        report
            .violations
            .iter()
            .any(|v| matches!(v, Violation::OutOfOrder { line_no: 14, .. })),
        "{report}"
    );
}

#[test]
fn a_task_created_twice_is_caught() {
    let report = grade(&broken(
        "Producer 1 created task 101",
        "Producer 1 created task 100",
    ));
    report.assert_reports(&Violation::CreatedTwice(vec![100]));
}

#[test]
fn the_wrong_number_of_tasks_is_caught() {
    let report = check(
        &Transcript::parse(VALID).expect("parses"),
        &Expect::tasks(150),
    );
    assert_eq!(
        report.violations,
        vec![Violation::WrongCreated {
            expected: 150,
            created: 6
        }]
    );
}

#[test]
fn a_quiet_transcript_is_checked_against_the_expected_count() {
    let quiet = "Starting system: 2 producers, 2 consumers\n\nAll producers finished\nAll consumers finished\nTotal tasks: 6\nSum of results: 42\n";
    let transcript = Transcript::parse(quiet).expect("parses");
    check(&transcript, &Expect::quiet(6)).assert_ok();
    let report = check(&transcript, &Expect::quiet(7));
    assert_eq!(
        report.violations,
        vec![Violation::WrongTotal {
            reported: 6,
            counted: 7
        }]
    );
}

#[test]
fn a_line_outside_the_grammar_is_refused_with_its_number() {
    let error = Transcript::parse(&broken(
        "Consumer 0 processing task 1",
        "Consumer 0 procesing task 1",
    ))
    .expect_err("a typo must not parse");
    assert_eq!(error.line_no, 10);
    assert!(error.to_string().contains("procesing"), "{error}");
}

#[test]
#[should_panic(expected = "lost (created, never processed): 1")]
fn assert_ok_fails_a_test_and_names_the_task() {
    grade(&broken("Consumer 0 processing task 1\n", "")).assert_ok();
}

#[test]
fn canonical_form_ignores_interleaving_and_consumer_identity() {
    // The same run as VALID, scheduled differently: other interleaving, other consumers.
    let other = "\
Starting system: 2 producers, 2 consumers

Producer 1 created task 100
Producer 1 created task 101
Producer 1 created task 102
Consumer 0 processing task 101
Producer 0 created task 0
Producer 0 created task 1
Consumer 0 processing task 100
Producer 0 created task 2

All producers finished
Consumer 1 processing task 0
Consumer 1 processing task 1
Consumer 0 processing task 2
Consumer 1 processing task 102
All consumers finished
Total tasks: 6
Sum of results: 42
";
    grade(other).assert_ok();
    let canon = |text: &str| canonical(&Transcript::parse(text).expect("parses"));
    assert_eq!(canon(VALID), canon(other));
    assert!(canon(VALID).contains("Producer 0 created task 0\nConsumer * processing task 0\n"));
    // ...but not to a different run: another result, or another set of tasks.
    assert_ne!(
        canon(VALID),
        canon(&VALID.replace("Sum of results: 42", "Sum of results: 43"))
    );
    assert_ne!(
        canon(VALID),
        canon(&broken("Consumer 0 processing task 1\n", ""))
    );
}

#[test]
fn each_violation_names_its_rule() {
    use grader::Rule;
    assert_eq!(Violation::MissingHeader.rule(), Rule::Order(1));
    let early = Violation::Tasks {
        class: TaskClass::Early,
        ids: vec![3],
    };
    assert_eq!(early.rule(), Rule::Order(2));
    let lost = Violation::Tasks {
        class: TaskClass::Lost,
        ids: vec![3],
    };
    assert_eq!(lost.rule(), Rule::Invariants);
    assert_eq!(Rule::Order(11).to_string(), "docs/transcripts.md, rule 11");
}
