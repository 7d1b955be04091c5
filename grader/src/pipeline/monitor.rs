//! The queue monitor's lines (pass 08, `--stats-interval-ms`), checked in every run
//! that prints them, whichever system it is:
//!
//! - each reading names a stage the header lists, with the bound the header implies
//!   (the stage's workers × (capacity + 1): its channels, and one item just received
//!   per worker), and never more queued than that bound;
//! - with `--warn-above N`, a reading above N is followed by its warning, and a
//!   warning only follows such a reading.

use std::collections::HashMap;

use super::check::{Fault, Rule};

/// `[Monitor] enrich: 3 queued (bound 10), 120 taken, avg 1.2 µs`, or a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MonitorLine {
    Reading {
        stage: String,
        queued: u64,
        bound: u64,
    },
    Warning {
        stage: String,
        queued: u64,
        above: u64,
    },
}

fn parse(line: &str) -> Option<MonitorLine> {
    let rest = line.strip_prefix("[Monitor] ")?;
    if let Some(rest) = rest.strip_prefix("WARNING: ") {
        let (stage, rest) = rest.split_once(" has ")?;
        let (queued, above) = rest.split_once(" queued, above ")?;
        return Some(MonitorLine::Warning {
            stage: stage.to_owned(),
            queued: queued.parse().ok()?,
            above: above.parse().ok()?,
        });
    }
    let (stage, rest) = rest.split_once(": ")?;
    let (queued, rest) = rest.split_once(" queued (bound ")?;
    let (bound, rest) = rest.split_once("), ")?;
    let (_taken, avg) = rest.split_once(" taken, avg ")?;
    if avg != "-" && !avg.ends_with(" µs") {
        return None;
    }
    Some(MonitorLine::Reading {
        stage: stage.to_owned(),
        queued: queued.parse().ok()?,
        bound: bound.parse().ok()?,
    })
}

/// Each stage's bound from the header's `Stages:` line: `NAME (K workers)` (the
/// risk manager's two stages, and the aggregator, have one worker), and `channels
/// of C` or `channel of C`.
fn bounds(stdout: &str) -> HashMap<String, u64> {
    let Some(header) = stdout.lines().find_map(|l| l.strip_prefix("Stages: ")) else {
        return HashMap::new();
    };
    let capacity: u64 = header
        .rsplit_once(" of ")
        .and_then(|(_, c)| c.parse().ok())
        .unwrap_or(0);
    header
        .split(" -> ")
        .filter_map(|stage| {
            let (name, rest) = stage.split_once(" (")?;
            let workers = match rest.split_once(' ') {
                Some((n, w)) if w.starts_with("worker") => n.parse().ok()?,
                Some(("1", "consumer),")) | Some(("1", "consumer)")) => 1,
                _ if name == "risk" || name == "size" || name == "aggregate" => 1,
                _ => return None,
            };
            Some((name.to_owned(), workers * (capacity + 1)))
        })
        .collect()
}

/// The `warning above N` of the header's `Monitor:` line.
fn threshold(stdout: &str) -> Option<u64> {
    let line = stdout.lines().find(|l| l.starts_with("Monitor: "))?;
    let (_, rest) = line.split_once(", warning above ")?;
    rest.strip_suffix(" queued")?.parse().ok()
}

/// Every broken rule of the monitor's lines in `stdout`.
pub fn faults(stdout: &str) -> Vec<Fault> {
    let (bounds, threshold) = (bounds(stdout), threshold(stdout));
    let mut faults = Vec::new();
    let mut fault = |line: usize, detail: String| {
        faults.push(Fault {
            line,
            rule: Rule::Accounting,
            detail,
        });
    };
    // A reading above the threshold, still waiting for its warning.
    let mut owed: Option<(String, u64)> = None;
    for (i, text) in stdout
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("[Monitor]"))
    {
        let n = i + 1;
        let Some(line) = parse(text) else {
            fault(n, format!("unreadable: {text:?}"));
            continue;
        };
        match line {
            MonitorLine::Reading {
                stage,
                queued,
                bound,
            } => {
                if let Some((stage, queued)) = owed.take() {
                    fault(n, format!("{stage} had {queued} queued and no warning"));
                }
                match bounds.get(&stage) {
                    Some(&b) if b == bound => {}
                    b => fault(n, format!("{stage}: bound {bound}, the header makes {b:?}")),
                }
                if queued > bound {
                    fault(
                        n,
                        format!("{stage}: {queued} queued, over its bound {bound}"),
                    );
                }
                if threshold.is_some_and(|t| queued > t) {
                    owed = Some((stage, queued));
                }
            }
            MonitorLine::Warning {
                stage,
                queued,
                above,
            } => {
                if owed.take() != Some((stage.clone(), queued)) || threshold != Some(above) {
                    fault(
                        n,
                        format!(
                            "a warning for {stage} ({queued} above {above}) no reading called for"
                        ),
                    );
                }
            }
        }
    }
    if let Some((stage, queued)) = owed {
        fault(0, format!("{stage} had {queued} queued and no warning"));
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Pipeline: 20 ticks of 3 symbols (BTC, ETH, SOL), seed 42
Stages: source -> enrich (2 workers) -> signal (2 workers) -> risk (max order 50000.00) -> size (Kelly, bankroll 10000.00) -> execute (1 worker), channels of 4
Shutdown mode: graceful
Monitor: every 50 ms, warning above 3 queued
";

    #[test]
    fn readings_within_their_bounds_and_warned_as_asked_pass() {
        let ok = format!(
            "{HEADER}[Monitor] enrich: 4 queued (bound 10), 9 taken, avg 1.2 µs\n\
             [Monitor] WARNING: enrich has 4 queued, above 3\n\
             [Monitor] risk: 0 queued (bound 5), 0 taken, avg -\n"
        );
        assert_eq!(faults(&ok), vec![]);
    }

    #[test]
    fn a_reading_over_its_bound_a_wrong_bound_or_a_missing_warning_is_caught() {
        for bad in [
            "[Monitor] enrich: 11 queued (bound 10), 9 taken, avg -\n[Monitor] WARNING: enrich has 11 queued, above 3\n",
            "[Monitor] execute: 0 queued (bound 10), 9 taken, avg -\n",
            "[Monitor] signal: 4 queued (bound 10), 9 taken, avg -\n",
            "[Monitor] WARNING: signal has 2 queued, above 3\n",
            "[Monitor] signal: lots\n",
        ] {
            assert!(!faults(&format!("{HEADER}{bad}")).is_empty(), "{bad}");
        }
    }

    #[test]
    fn the_aggregators_stage_has_one_consumer() {
        let text = "Stages: exchanges (3 producers) -> aggregate (1 consumer), channel of 2\n\
                    [Monitor] aggregate: 3 queued (bound 3), 5 taken, avg -\n";
        assert_eq!(faults(text), vec![]);
    }
}
