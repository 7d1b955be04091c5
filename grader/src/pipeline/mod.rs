//! Pass 08's transcript: the pipeline's lines ([`line`](mod@line)), the grader's own
//! sequential model of its rules ([`model`]), and the contract ([`check`](mod@check));
//! the quote aggregator's lines and contract ([`quotes`]); the queue monitor's
//! ([`monitor`]).
//!
//! A pipeline prints a different story from passes 01–07 (ticks through stages, not
//! tasks through one queue), so it has its own grammar and checker; what it shares
//! with them (the supervisor's announcements, the exit statuses, signals, thread
//! hygiene) is graded with the same tools.

pub mod check;
pub mod line;
pub mod model;
pub mod monitor;
pub mod quotes;

pub use crate::fault::edited;
pub use check::{Fault, Report, Rule, check};
pub use line::{PipeLine, Said, Stage};

/// Asserts that the checker refuses `text` with a fault under `rule`: how the
/// grader's own tests (`grader/tests/catches_*.rs`) show each fault is caught.
///
/// # Panics
/// If `text` passes, or fails only under other rules.
#[track_caller]
pub fn assert_caught(text: &str, rule: Rule) {
    let found = check(text).expect_err("the checker should refuse it");
    assert!(
        found.iter().any(|f| f.rule == rule),
        "expected a {rule:?} fault, got {found:?}"
    );
}

/// The canonical form snapshots compare: the header and summary as printed, the
/// body sorted by stage and tick (the order the threads ran in is not part of the
/// contract), and the timing figures redacted.
///
/// The quote aggregator's transcript has a form of its own: see [`quotes::canonical`].
pub fn canonical(stdout: &str) -> String {
    if stdout.starts_with("Quote aggregator:") {
        return quotes::canonical(stdout);
    }
    let mut body: Vec<(Stage, u64, &str)> = Vec::new();
    let mut out = Vec::new();
    for line in stdout.lines() {
        match PipeLine::parse(line) {
            // When the monitor reads, and what, is the schedule's doing.
            None if line.starts_with("[Monitor]") => {}
            Some(PipeLine::Event(e)) => body.push((e.stage, e.seq, line)),
            _ if body.is_empty() => out.push(redacted(line)),
            _ => {
                body.sort();
                out.extend(body.drain(..).map(|(_, _, l)| l.to_owned()));
                out.push(redacted(line));
            }
        }
    }
    body.sort();
    out.extend(body.into_iter().map(|(_, _, l)| l.to_owned()));
    out.join("\n") + "\n"
}

/// A line with its timings (`waited 3 ms …`, `Elapsed`, `Throughput`) replaced.
pub(crate) fn redacted(line: &str) -> String {
    if let Some(at) = line.find(", waited ") {
        return format!("{}, waited [ms]", &line[..at]);
    }
    for prefix in ["Elapsed: ", "Throughput: "] {
        if line.starts_with(prefix) {
            return format!("{prefix}[redacted]");
        }
    }
    line.to_owned()
}
