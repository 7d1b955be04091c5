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
pub mod lanes;
pub mod line;

pub use check::{Ending, Fault, History, Report, Rule, check};
pub use lanes::Histories;
pub use line::DurableLine;

/// The canonical form snapshots compare: the queue's folder redacted; the monitor's
/// lines (when it looks is a matter of timing) left out; the lines of producers and
/// consumers sorted (the order threads ran in is not part of the contract), and,
/// where several threads share the work, which id a message got and which consumer
/// took it redacted too; the header and the results as printed. Each priority
/// group's lines keep their tag.
pub fn canonical(stdout: &str) -> String {
    use std::collections::HashMap;
    // Per group: whether several producers race for the ids, several consumers for
    // the messages.
    let mut shared: HashMap<Option<&str>, (bool, bool)> = HashMap::new();
    for line in stdout.lines() {
        let (lane, rest) = lanes::lane_of(line);
        let entry = shared.entry(lane).or_default();
        match DurableLine::parse(rest) {
            Some(DurableLine::Producers { producers: n, .. }) => entry.0 = n > 1,
            Some(DurableLine::Consumers(n)) => entry.1 = n > 1,
            _ => {}
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut body: Vec<String> = Vec::new();
    for line in stdout.lines() {
        let (lane, rest) = lanes::lane_of(line);
        let tag = lane.map_or_else(String::new, |name| format!("[{name}] "));
        let (producers, consumers) = shared.get(&lane).copied().unwrap_or_default();
        if matches!(
            DurableLine::parse(rest),
            Some(DurableLine::Stats { .. } | DurableLine::Warning(_) | DurableLine::Scaled { .. })
        ) {
            continue;
        }
        if rest.starts_with("✓ Queue opened at: ") {
            out.push(format!("{tag}✓ Queue opened at: [dir]"));
        } else if rest.starts_with("  [") {
            let mut rest = rest.to_owned();
            if producers {
                rest = redact_ids(&rest);
            }
            if consumers && rest.starts_with("  [Consumer ") {
                rest = redact_consumer(&rest);
            }
            body.push(format!("{tag}{rest}"));
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
