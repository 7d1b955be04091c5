//! Pass 09's transcript: its lines ([`line`](mod@line)) and its contract
//! ([`check`](mod@check)), for one run or for a history of runs on one queue with
//! kills between them; the crash campaign that makes such histories ([`crash`]).
//!
//! A durable queue's story spans processes: what one run enqueues, a later one may
//! deliver, and a killed run's last words are missing. So the checker keeps a
//! [`History`] across runs, and judges each duplicate by whether it was announced as
//! a redelivery.

pub mod check;
pub mod crash;
pub mod line;

pub use check::{Ending, Fault, History, Report, Rule, check};
pub use line::DurableLine;

/// The canonical form snapshots compare: the queue's folder redacted; the lines of
/// producers and consumers sorted (the order threads ran in is not part of the
/// contract), and, where several threads share the work, which id a message got and
/// which consumer took it redacted too; the header and the results as printed.
pub fn canonical(stdout: &str) -> String {
    let (mut producers, mut consumers) = (0, 0);
    for line in stdout.lines() {
        match DurableLine::parse(line) {
            Some(DurableLine::Producers { producers: n, .. }) => producers = n,
            Some(DurableLine::Consumers(n)) => consumers = n,
            _ => {}
        }
    }
    // One producer numbers its messages in order; several race for the ids.
    let (producers, consumers) = (producers > 1, consumers > 1);
    let mut out: Vec<String> = Vec::new();
    let mut body: Vec<String> = Vec::new();
    for line in stdout.lines() {
        if line.starts_with("✓ Queue opened at: ") {
            out.push("✓ Queue opened at: [dir]".into());
        } else if line.starts_with("  [") {
            let mut line = line.to_owned();
            if producers {
                line = redact_ids(&line);
            }
            if consumers && line.starts_with("  [Consumer ") {
                line = redact_consumer(&line);
            }
            body.push(line);
        } else {
            body.sort();
            out.append(&mut body);
            out.push(line.to_owned());
        }
    }
    body.sort();
    out.append(&mut body);
    out.join("\n") + "\n"
}

/// `[ID:7]` → `[ID:_]`.
fn redact_ids(line: &str) -> String {
    match line.split_once("[ID:") {
        Some((head, tail)) => match tail.split_once(']') {
            Some((_, rest)) => format!("{head}[ID:_]{rest}"),
            None => line.to_owned(),
        },
        None => line.to_owned(),
    }
}

/// `[Consumer 1] … Consumed 15 messages` → `[Consumer _] … Consumed _ messages`.
fn redact_consumer(line: &str) -> String {
    let Some((_, rest)) = line.split_once("] ") else {
        return line.to_owned();
    };
    let rest = match rest.strip_prefix("Completed. Consumed ") {
        Some(n) => format!(
            "Completed. Consumed _ {}",
            n.split_once(' ').map_or("", |x| x.1)
        ),
        None => rest.to_owned(),
    };
    format!("  [Consumer _] {rest}")
}
