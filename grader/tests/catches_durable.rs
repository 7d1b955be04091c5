//! The durable queue's checker refuses each kind of broken history, naming the rule:
//! a valid pair of runs (the first killed), then the same with one thing broken.

use grader::durable::{Ending, History, Rule};
use grader::fault::edited;

const HEADER: &str = "\
✓ Queue opened at: /tmp/q
Recovered 0 messages from 0 segments (0 delivered before, not acked)
fsync always, batches of 1 message, shutdown immediate

Starting 1 producer (each will produce 3 messages)...
Starting 1 consumer...
Running... Press Ctrl+C to stop
";

/// A first run, killed after its consumer received message 2 (and before it acked).
const KILLED: &str = "\
  [Producer 0] Starting...
  [Consumer 0] Starting...
  [Producer 0] Enqueued [ID:1]: Message from Producer 0: #0
  [Consumer 0] Received [ID:1]: Message from Producer 0: #0
  [Producer 0] Enqueued [ID:2]: Message from Producer 0: #1
  [Consumer 0] Acked [ID:1]
  [Producer 0] Enqueued [ID:3]: Message from Producer 0: #2
  [Consumer 0] Received [ID:2]: Message from Producer 0: #1
";

/// The second run: it finds 2 and 3, and redelivers 2.
const SECOND: &str = "\
✓ Queue opened at: /tmp/q
Recovered 2 messages from 1 segment (1 delivered before, not acked)
fsync always, batches of 1 message, shutdown immediate

Starting 0 producers (each will produce 3 messages)...
Starting 1 consumer...
Running... Press Ctrl+C to stop
  [Consumer 0] Starting...
  [Consumer 0] Received [ID:2] again (delivery 2): Message from Producer 0: #1
  [Consumer 0] Acked [ID:2]
  [Consumer 0] Received [ID:3]: Message from Producer 0: #2
  [Consumer 0] Acked [ID:3]
  [Consumer 0] Completed. Consumed 2 messages

=== Results ===
Expected:  2 messages
Consumed:  2 messages
Left:      0 messages

✓ All messages successfully processed!
";

fn judged(first: &str, second: &str, code: i32) -> Vec<Rule> {
    let mut history = History::new();
    history.run(&format!("{HEADER}{first}"), Ending::Killed);
    history.run(second, Ending::Exited(Some(code)));
    history.finish();
    history.faults.iter().map(|f| f.rule).collect()
}

#[track_caller]
fn caught(first: &str, second: &str, code: i32, rule: Rule) {
    let rules = judged(first, second, code);
    assert!(rules.contains(&rule), "expected {rule:?}, got {rules:?}");
}

#[test]
fn the_valid_history_passes() {
    assert_eq!(judged(KILLED, SECOND, 0), Vec::new());
}

#[test]
fn an_acked_message_that_comes_back_is_caught() {
    let second = edited(
        SECOND,
        "[ID:3]: Message from Producer 0: #2\n  [Consumer 0] Acked [ID:3]",
        "[ID:3]: Message from Producer 0: #2\n  [Consumer 0] Acked [ID:3]\n  [Consumer 0] Received [ID:1] again (delivery 2): Message from Producer 0: #0\n  [Consumer 0] Acked [ID:1]",
    );
    caught(KILLED, &second, 0, Rule::Delivery);
}

#[test]
fn a_redelivery_not_announced_is_caught() {
    let second = edited(SECOND, "[ID:2] again (delivery 2):", "[ID:2]:");
    caught(KILLED, &second, 0, Rule::Delivery);
}

#[test]
fn a_lost_message_is_caught() {
    let second = edited(
        SECOND,
        "  [Consumer 0] Received [ID:3]: Message from Producer 0: #2\n  [Consumer 0] Acked [ID:3]\n",
        "",
    );
    caught(KILLED, &second, 0, Rule::Lost);
}

#[test]
fn a_changed_payload_is_caught() {
    let second = edited(
        SECOND,
        "[ID:3]: Message from Producer 0: #2",
        "[ID:3]: Message from Producer 0: #9",
    );
    caught(KILLED, &second, 0, Rule::Delivery);
}

#[test]
fn an_ack_of_what_was_not_received_is_caught() {
    let second = edited(
        SECOND,
        "  [Consumer 0] Acked [ID:3]",
        "  [Consumer 0] Acked [ID:4]",
    );
    caught(KILLED, &second, 0, Rule::Ack);
}

#[test]
fn wrong_counts_and_statuses_are_caught() {
    caught(
        KILLED,
        &edited(SECOND, "Consumed 2 messages", "Consumed 3 messages"),
        0,
        Rule::Accounting,
    );
    caught(
        KILLED,
        &edited(SECOND, "Recovered 2 messages", "Recovered 3 messages"),
        0,
        Rule::Accounting,
    );
    caught(KILLED, SECOND, 130, Rule::Accounting);
}

#[test]
fn ids_out_of_sequence_are_caught() {
    let first = edited(
        KILLED,
        "Message from Producer 0: #1\n  [Consumer 0] Acked",
        "Message from Producer 0: #2\n  [Consumer 0] Acked",
    );
    caught(&first, SECOND, 0, Rule::Sequence);
}

#[test]
fn the_rules_of_a_stop_are_checked() {
    // A run nobody stopped may not leave messages behind.
    let left = SECOND
        .replace("  [Consumer 0] Received [ID:3]: Message from Producer 0: #2\n  [Consumer 0] Acked [ID:3]\n", "")
        .replace("Consumed 2 messages\n", "Consumed 1 message\n")
        .replace("Consumed:  2 messages", "Consumed:  1 message")
        .replace("Left:      0 messages", "Left:      1 message")
        .replace("✓ All messages successfully processed!", "… 1 message left in the queue for the next run");
    let rules = judged(KILLED, &left, 3);
    assert!(rules.contains(&Rule::Stop), "{rules:?}");
    // After an immediate stop, a consumer starts at most one more message.
    let stopped = edited(
        SECOND,
        "  [Consumer 0] Received [ID:2]",
        "Shutdown signal received\n  [Consumer 0] Received [ID:2]",
    );
    caught(KILLED, &stopped, 130, Rule::Stop);
}

/// A run watched by the monitor, which scales its consumers.
const MONITORED: &str = "\
✓ Queue opened at: /tmp/q
Recovered 0 messages from 0 segments (0 delivered before, not acked)
fsync always, batches of 2 messages, shutdown graceful
Monitoring every 5 ms: a warning above 1 message waiting

Starting 1 producer (each will produce 2 messages)...
Starting 3 consumers...
Scaling: 1 of 3 consumers at work, one per 1 pending
Running... Press Ctrl+C to stop
  [Producer 0] Starting...
  [Consumer 0] Starting...
  [Consumer 1] Starting...
  [Consumer 2] Starting...
  [Producer 0] Enqueued [ID:1]: Message from Producer 0: #0
  [Producer 0] Enqueued [ID:2]: Message from Producer 0: #1
Queue Stats: Pending=2, Unacked=0, Segments=1
  [Producer 0] Completed 2 messages
WARNING: Queue depth high (2 messages)
Scaled to 2 of 3 consumers (2 pending)
  [Consumer 1] Received [ID:1]: Message from Producer 0: #0
  [Consumer 0] Received [ID:2]: Message from Producer 0: #1
Queue Stats: Pending=0, Unacked=2, Segments=1
  [Consumer 1] Acked [ID:1]
  [Consumer 0] Acked [ID:2]
  [Consumer 0] Completed. Consumed 1 messages
  [Consumer 1] Completed. Consumed 1 messages
  [Consumer 2] Completed. Consumed 0 messages

=== Results ===
Expected:  2 messages
Consumed:  2 messages
Left:      0 messages

✓ All messages successfully processed!
";

#[track_caller]
fn monitor_caught(from: &str, to: &str) {
    let faults = grader::durable::check(&edited(MONITORED, from, to)).unwrap_err();
    assert!(
        faults.iter().any(|f| f.rule == Rule::Monitor),
        "{faults:#?}"
    );
}

#[test]
fn the_monitors_lines_follow_from_its_stats() {
    assert!(grader::durable::check(MONITORED).is_ok());
    // A warning missing, or one under the bound.
    monitor_caught("WARNING: Queue depth high (2 messages)\n", "");
    monitor_caught(
        "Pending=0, Unacked=2",
        "Pending=1, Unacked=2\nWARNING: Queue depth high (1 message)",
    );
    // Scaled to a count the depth does not call for, or without a look at it.
    monitor_caught("Scaled to 2 of 3", "Scaled to 3 of 3");
    monitor_caught("consumers (2 pending)", "consumers (3 pending)");
    monitor_caught("Scaling: 1 of 3", "Scaling: 2 of 3");
}

#[test]
fn each_priority_group_is_judged_on_its_own() {
    let group = |tag: &str, text: &str| -> String {
        text.lines()
            .map(|line| match line {
                l if l.starts_with("fsync ") || l.starts_with("Monitoring") => format!("{l}\n"),
                l if l.is_empty() || l.starts_with("Running") || l.starts_with("===") => {
                    format!("{l}\n")
                }
                l => format!("{tag}{l}\n"),
            })
            .collect()
    };
    // Two groups, the lines of each interleaved line by line.
    let (high, low) = (group("[high] ", MONITORED), group("[low] ", MONITORED));
    let mut both = String::new();
    for (h, l) in high.lines().zip(low.lines()) {
        both.push_str(h);
        both.push('\n');
        if h != l {
            both.push_str(l);
            both.push('\n');
        }
    }
    let report = grader::durable::check(&both).expect("both groups are whole");
    assert_eq!((report.enqueued, report.consumed), (4, 4));
    // One group's loss is caught, and named by its tag.
    let broken = edited(&both, "[low] Consumed:  2", "[low] Consumed:  1");
    let faults = grader::durable::check(&broken).unwrap_err();
    assert!(
        faults.iter().any(|f| f.detail.starts_with("[low] ")),
        "{faults:#?}"
    );
}
