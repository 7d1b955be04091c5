//! Pass 06's rules: a steal names two different consumers of the run, and the
//! summary's steal counts agree with the steal lines, with each other, and with
//! `Final stats`. Checked with the failure rules (pass 06 keeps pass 05's), whenever a
//! `Steals` line is present; required when the run was expected to steal.

use std::collections::BTreeMap;

use super::{Expect, Violation};
use crate::line::Line;
use crate::transcript::Transcript;

/// Checks the pass-06 lines: steals name two different consumers of the run, and the summary's steal
/// counts agree with the steal lines and with each other.
pub(super) fn check(transcript: &Transcript, expect: &Expect, v: &mut Vec<Violation>) {
    let consumers = transcript
        .iter()
        .find_map(|l| match l {
            Line::Header { consumers, .. } => Some(*consumers),
            _ => None,
        })
        .unwrap_or(0);
    let mut per_thief: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    let mut total = None;
    let mut shares: BTreeMap<u32, (u64, u64, u64)> = BTreeMap::new();
    let mut completed = None;
    for (n, line) in &transcript.lines {
        match *line {
            Line::Stole {
                thief,
                tasks,
                victim,
            } => {
                if thief == victim || thief >= consumers || victim >= consumers || tasks == 0 {
                    v.push(Violation::Failure {
                        line_no: *n,
                        rule: format!(
                            "consumer {thief} cannot steal {tasks} tasks from consumer {victim}"
                        ),
                    });
                }
                let entry = per_thief.entry(thief).or_default();
                *entry = (entry.0 + 1, entry.1 + tasks);
            }
            Line::Steals(counts) => total = Some(counts),
            Line::ConsumerShare {
                consumer,
                done,
                stolen,
                steals,
            } => _ = shares.insert(consumer, (done, steals, stolen)),
            Line::FinalStats(n) => completed = Some(n),
            _ => {}
        }
    }
    let Some(total) = total else {
        if expect.stealing {
            v.push(Violation::Missing("Steals"));
        }
        return;
    };
    let stole_lines = per_thief
        .values()
        .fold((0, 0), |(k, n), (a, b)| (k + a, n + b));
    let summed = shares
        .values()
        .fold((0, 0, 0), |(d, k, n), (a, b, c)| (d + a, k + b, n + c));
    let mut equal = |equation: &str, x: u64, y: u64| {
        if x != y {
            v.push(Violation::Accounting {
                equation: format!("{equation} ({x} ≠ {y})"),
            });
        }
    };
    match total {
        None => equal("steals with stealing off", stole_lines.0, 0),
        Some((steals, tasks)) => {
            equal("Steals = the consumers' steals", steals, summed.1);
            equal(
                "stolen tasks = the consumers' stolen tasks",
                tasks,
                summed.2,
            );
            let quiet = !transcript.iter().any(|l| matches!(l, Line::Created { .. }));
            if !quiet {
                equal("Steals = `stole` lines", steals, stole_lines.0);
                equal(
                    "stolen tasks = the tasks of the `stole` lines",
                    tasks,
                    stole_lines.1,
                );
            }
        }
    }
    if let Some(completed) = completed {
        equal(
            "Final stats = the consumers' tasks done",
            completed,
            summed.0,
        );
    }
    order(transcript, v);
    if shares.len() != consumers as usize {
        v.push(Violation::Failure {
            line_no: 0,
            rule: format!(
                "{} consumer lines in the summary for {consumers} consumers",
                shares.len()
            ),
        });
    }
}

/// Rule 11: `Steals` after the last dead-letter record line, then one share line per
/// consumer, in order, right after it.
fn order(transcript: &Transcript, v: &mut Vec<Violation>) {
    let lines = &transcript.lines;
    let Some(at) = lines.iter().position(|(_, l)| matches!(l, Line::Steals(_))) else {
        return;
    };
    let last_record = lines
        .iter()
        .rposition(|(_, l)| matches!(l, Line::DeadLetter { .. } | Line::FinalStats(_)));
    if last_record.is_some_and(|r| r > at) {
        v.push(Violation::OutOfOrder {
            number: 11,
            line_no: lines[at].0,
            rule: "`Steals` comes after the dead-letter record (rule 11)",
        });
    }
    let shares = lines[at + 1..]
        .iter()
        .take_while(|(_, l)| matches!(l, Line::ConsumerShare { .. }));
    for (expected, (n, line)) in shares.enumerate() {
        // A share line out of place shows up as a consumer other than the next.
        if let Line::ConsumerShare { consumer, .. } = line
            && *consumer as usize != expected
        {
            v.push(Violation::OutOfOrder {
                number: 11,
                line_no: *n,
                rule: "the share lines follow `Steals`, one per consumer in order (rule 11)",
            });
            return;
        }
    }
}
