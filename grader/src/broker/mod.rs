//! Pass 10's transcript: its lines ([`line`](mod@line)) and its contract
//! ([`check`](mod@check)).
//!
//! Many processes write one transcript, each line whole (one `write` each), so the
//! lines' order is the order of the processes' writes: a producer's `created` comes
//! before the add, a consumer's `processing` after its read, and the checker can hold
//! the run to "processed after created" as it does for threads. What is new is that a
//! process can be killed at any line: the checker accepts a duplicate delivery only
//! when the transcript announced it as one.

pub mod check;
pub mod line;

pub use check::{Fault, Report, Rule, check};
pub use line::BrokerLine;

/// Asserts that the checker refuses `text` (ended with `status`) with a fault under
/// `rule`: how the grader's own tests (`grader/tests/catches_broker.rs`) show each
/// fault is caught.
///
/// # Panics
/// If `text` passes, or fails only under other rules.
#[track_caller]
pub fn assert_caught(text: &str, status: Option<i32>, rule: Rule) {
    let found = check(text, status).expect_err("the checker should refuse it");
    assert!(
        found.iter().any(|f| f.rule == rule),
        "expected a {rule:?} fault, got {found:?}"
    );
}

/// The canonical form snapshots compare: the header as printed, with the broker's
/// address and every process id redacted; the body's lines sorted, with the consumer
/// in a `processing` line and the depth of a gauge redacted (which consumer took a
/// task, how full the stream was when a producer looked, are scheduling); the summary
/// as printed, with the elapsed time and the throughput redacted.
pub fn canonical(stdout: &str) -> String {
    let mut head = Vec::new();
    let mut body = Vec::new();
    let mut tail = Vec::new();
    let mut part = 0;
    for line in stdout.lines() {
        if part == 0 && line.starts_with("Started ") {
            part = 1;
        }
        if part == 1 && line == "All consumers finished" {
            part = 2;
        }
        let line = redact(line);
        match part {
            0 => head.push(line),
            1 => body.push(line),
            _ => tail.push(line),
        }
    }
    body.sort();
    [head, body, tail].concat().join("\n") + "\n"
}

fn redact(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("Broker: ")
        && let Some((_, after)) = rest.split_once(", stream ")
    {
        return format!("Broker: [url], stream {after}");
    }
    if let Some((who, _)) = line.split_once(" (pid ") {
        return format!("{who} (pid [pid])");
    }
    if let Some(rest) = line.strip_prefix("Consumer ")
        && let Some((_, task)) = rest.split_once(" processing ")
    {
        return format!("Consumer * processing {task}");
    }
    if let Some(rest) = line.strip_prefix("Queue: [")
        && let Some((_, depth)) = rest.split_once("] ")
        && let Some((_, capacity)) = depth.split_once('/')
    {
        // How full the stream was when a producer looked is scheduling.
        let capacity = capacity.trim_end_matches(" FULL");
        return format!("Queue: [gauge] */{capacity}");
    }
    if line.starts_with("Elapsed: ") {
        return "Elapsed: [elapsed]".into();
    }
    if line.starts_with("Throughput: ") {
        return "Throughput: [rate]".into();
    }
    line.to_owned()
}
