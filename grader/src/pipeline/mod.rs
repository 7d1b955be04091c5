//! Pass 08's transcript: the pipeline's lines ([`line`](mod@line)), the grader's own
//! sequential model of its rules ([`model`]), and the contract ([`check`](mod@check));
//! the quote aggregator's lines and contract ([`quotes`]).
//!
//! A pipeline prints a different story from passes 01–07 (ticks through stages, not
//! tasks through one queue), so it has its own grammar and checker; what it shares
//! with them (the supervisor's announcements, the exit statuses, signals, thread
//! hygiene) is graded with the same tools.

pub mod check;
pub mod line;
pub mod model;
pub mod quotes;

pub use check::{Fault, Report, Rule, check};
pub use line::{PipeLine, Said, Stage};

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
