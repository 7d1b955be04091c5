//! Pass 02's rules: the declared bound, the gauge's bound, and each producer's
//! backpressure lines.
//!
//! Per producer, the lines form a small state machine:
//!
//! ```text
//!   running ──blocked──> blocked ──resuming──> running ──finished──> done
//! ```
//!
//! A `created` line is allowed only while running; `blocked` only on a bounded queue;
//! after `finished`, nothing more from that producer. The `finished` line's counts
//! must agree with the producer's own `created` and `blocked` lines.

use std::collections::{BTreeMap, BTreeSet};

use super::{Expect, Violation};
use crate::line::Line;
use crate::transcript::Transcript;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Running,
    Blocked,
    Done,
}

#[derive(Debug, Default)]
struct Producer {
    state: Option<State>,
    created: u64,
    blocked: u64,
}

/// Checks the pass-02 lines of `transcript`, if the run had a bound.
pub(super) fn check(transcript: &Transcript, expect: &Expect, v: &mut Vec<Violation>) {
    let Some(bound) = expect.bound else { return };
    let capacity = bound.capacity();

    // `Queue capacity` once, right after the header, saying the bound the run was given.
    let capacities: Vec<(usize, Option<u64>)> = transcript
        .lines
        .iter()
        .filter_map(|(n, l)| match l {
            Line::QueueCapacity(c) => Some((*n, *c)),
            _ => None,
        })
        .collect();
    match capacities.first() {
        None => v.push(Violation::Missing("Queue capacity")),
        Some(&(line_no, printed)) => {
            let mut non_blank = transcript.lines.iter().filter(|(_, l)| *l != Line::Blank);
            if !matches!(non_blank.nth(1), Some((n, _)) if *n == line_no) {
                v.push(Violation::CapacityNotSecond { line_no });
            }
            if printed != capacity {
                v.push(Violation::WrongCapacity {
                    expected: capacity,
                    printed,
                });
            }
        }
    }
    if let Some(&(line_no, _)) = capacities.get(1) {
        v.push(Violation::Repeated {
            what: "Queue capacity",
            line_no,
        });
    }

    let mut producers: BTreeMap<u32, Producer> = BTreeMap::new();
    for (n, line) in &transcript.lines {
        let line_no = *n;
        let mut broken = |producer, rule| {
            v.push(Violation::Backpressure {
                line_no,
                producer,
                rule,
            })
        };
        match *line {
            Line::Gauge {
                depth,
                capacity: shown,
            } => {
                let within = match (shown, capacity) {
                    (Some(shown), Some(capacity)) => shown == capacity && depth <= capacity + 1,
                    (None, None) => true,
                    _ => false,
                };
                if !within {
                    v.push(Violation::GaugeOutOfBound {
                        line_no,
                        depth,
                        capacity: shown,
                    });
                }
            }
            Line::Created { producer, .. } => {
                let p = producers.entry(producer).or_default();
                match p.state {
                    Some(State::Blocked) => broken(producer, "created a task while blocked"),
                    Some(State::Done) => broken(producer, "created a task after it finished"),
                    _ => {}
                }
                p.created += 1;
                p.state.get_or_insert(State::Running);
            }
            Line::Blocked { producer } => {
                let p = producers.entry(producer).or_default();
                match p.state {
                    _ if capacity.is_none() => broken(producer, "blocked on an unbounded queue"),
                    Some(State::Blocked) => broken(producer, "blocked twice without resuming"),
                    Some(State::Done) => broken(producer, "blocked after it finished"),
                    None if expect.task_lines => broken(producer, "blocked before creating a task"),
                    _ => {}
                }
                p.blocked += 1;
                p.state = Some(State::Blocked);
            }
            Line::Resuming { producer } => {
                let p = producers.entry(producer).or_default();
                if p.state != Some(State::Blocked) {
                    broken(producer, "resumed without having blocked");
                }
                p.state = Some(State::Running);
            }
            // Pass 05: a closed channel releases a blocked producer without `resuming`.
            Line::ProducerOrphaned { producer } => {
                let p = producers.entry(producer).or_default();
                if p.state == Some(State::Done) {
                    broken(producer, "stopped after it finished");
                }
                p.state = Some(State::Running);
            }
            // Pass 05: a producer that failed ends with this line instead of `finished`.
            Line::ProducerFailed {
                producer, created, ..
            } => {
                let p = producers.entry(producer).or_default();
                if p.state == Some(State::Done) {
                    broken(producer, "failed after it finished");
                }
                p.state = Some(State::Done);
                if expect.task_lines && created != p.created {
                    v.push(Violation::ProducerCount {
                        producer,
                        what: "created",
                        reported: created,
                        counted: p.created,
                    });
                }
            }
            Line::ProducerFinished {
                producer,
                created,
                blocked,
            } => {
                let p = producers.entry(producer).or_default();
                match p.state {
                    Some(State::Blocked) => broken(producer, "finished while blocked"),
                    Some(State::Done) => broken(producer, "finished twice"),
                    _ => {}
                }
                p.state = Some(State::Done);
                if expect.task_lines {
                    for (what, reported, counted) in [
                        ("created", created, p.created),
                        ("blocked", blocked, p.blocked),
                    ] {
                        if reported != counted {
                            v.push(Violation::ProducerCount {
                                producer,
                                what,
                                reported,
                                counted,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }

    // With per-task lines, every producer in the header says when it is finished.
    let header = transcript.iter().find_map(|l| match l {
        Line::Header { producers, .. } => Some(*producers),
        _ => None,
    });
    if let Some(count) = header.filter(|_| expect.task_lines) {
        let done: BTreeSet<u32> = producers
            .iter()
            .filter(|(_, p)| p.state == Some(State::Done))
            .map(|(&i, _)| i)
            .collect();
        let missing: Vec<u32> = (0..count).filter(|i| !done.contains(i)).collect();
        if !missing.is_empty() {
            v.push(Violation::ProducersNotFinished(missing));
        }
    }
}
