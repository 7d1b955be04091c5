//! Pass 07's rules: the buffer, replayed.
//!
//! Every put and take on the buffer takes the next stamp under its lock, and the
//! transcript prints them: a take line lists each task with the stamp of the put that
//! stored it, a drop line gives the stamp of the put that left a task out. From these
//! the checker rebuilds the order in which the lock saw every operation and replays
//! the buffer, whatever order the lines were printed in (they are printed after the
//! lock is released):
//!
//! - the stamps are exactly 0, 1, 2, … with no gap and none used twice (checked when
//!   every task line is printed and the run was not cut short before its takes);
//! - the buffer never holds more than its capacity;
//! - each take gets exactly what the strategy says, in its order: the oldest (fifo),
//!   the newest (lifo), or the highest priority, oldest among equals (priority); and
//!   as many as there are, up to `--batch`;
//! - a put into a full buffer drops only under a dropping policy, and drops the right
//!   task: the new one (`reject`), the oldest (`drop-oldest`), or the lowest priority,
//!   newest among equals, the new one included (`drop-lowest`); under `block` a put
//!   never finds the buffer full;
//! - `Dropped` in the summary equals the drop lines, and `Produced` = `Final stats` +
//!   `Not processed` + `Dropped`.

use std::collections::BTreeMap;

use super::{Expect, Violation};
use crate::line::{BufferSpec, DropKind, Line, Overflow, Strategy, Taken};
use crate::transcript::Transcript;

/// One operation on the buffer, by stamp.
#[derive(Debug)]
enum Op<'a> {
    /// A put that stored `task` (perhaps shedding another: see `shed`).
    Put { task: u64, priority: Option<u32> },
    /// A put that left `task` out without storing it.
    Refused {
        task: u64,
        priority: Option<u32>,
        line_no: usize,
    },
    /// A take, at `line_no`.
    Take { line_no: usize, tasks: &'a [Taken] },
}

/// An item in the replayed buffer.
#[derive(Debug, Clone, Copy)]
struct Item {
    task: u64,
    put: u64,
    priority: u32,
}

/// Checks the pass-07 lines of `transcript`, if it has a `Buffer` line; requires one
/// when the run was expected to have a buffer.
pub(super) fn check(transcript: &Transcript, expect: &Expect, v: &mut Vec<Violation>) {
    let spec = transcript.iter().find_map(|l| match l {
        Line::Buffer(spec) => Some(*spec),
        _ => None,
    });
    let Some(spec) = spec else {
        if expect.buffer {
            v.push(Violation::Missing("Buffer"));
        }
        return;
    };
    let mut rule = |line_no: usize, rule: String| v.push(Violation::Buffer { line_no, rule });
    let capacity = transcript.iter().find_map(|l| match l {
        Line::QueueCapacity(c) => Some(*c),
        _ => None,
    });
    let Some(capacity) = capacity else { return };
    let ops = operations(transcript, spec, &mut rule);
    if expect.task_lines {
        let complete = !transcript.iter().any(|l| matches!(l, Line::Trigger(_)));
        if let Some((&last, _)) = ops.last_key_value()
            && complete
            && last + 1 != ops.len() as u64
        {
            let missing: Vec<u64> = (0..last).filter(|s| !ops.contains_key(s)).take(5).collect();
            rule(
                0,
                format!("stamps {missing:?}… never appear: an operation is missing"),
            );
        }
        replay(&ops, spec, capacity, &mut rule);
    }
    accounting(transcript, expect, &mut rule);
}

/// Every operation the lines show, by stamp; reports a stamp used twice.
fn operations<'a>(
    transcript: &'a Transcript,
    spec: BufferSpec,
    rule: &mut impl FnMut(usize, String),
) -> BTreeMap<u64, (Op<'a>, Option<u64>)> {
    // By stamp: the operation, and (for a put that shed) the task it shed.
    let mut ops: BTreeMap<u64, (Op<'a>, Option<u64>)> = BTreeMap::new();
    let mut shed_puts: BTreeMap<u64, (u64, usize)> = BTreeMap::new();
    let mut add = |stamp: u64, op: Op<'a>, line_no: usize, rule: &mut dyn FnMut(usize, String)| {
        if ops.insert(stamp, (op, None)).is_some() {
            rule(line_no, format!("stamp #{stamp} is used twice"));
        }
    };
    for (n, line) in &transcript.lines {
        match line {
            Line::Took {
                stamp,
                tasks,
                consumer: _,
            } => {
                if tasks.is_empty() || tasks.len() as u64 > spec.batch {
                    rule(
                        *n,
                        format!(
                            "a take of {} tasks with --batch {}",
                            tasks.len(),
                            spec.batch
                        ),
                    );
                }
                add(*stamp, Op::Take { line_no: *n, tasks }, *n, rule);
                for t in tasks {
                    add(
                        t.put,
                        Op::Put {
                            task: t.task,
                            priority: t.priority,
                        },
                        *n,
                        rule,
                    );
                }
            }
            Line::Dropped { task, stamp, kind } => match *kind {
                DropKind::Rejected => {
                    if spec.overflow != Overflow::Reject {
                        rule(
                            *n,
                            format!("task {task} rejected under --overflow {}", spec.overflow),
                        );
                    }
                    add(
                        *stamp,
                        Op::Refused {
                            task: *task,
                            priority: None,
                            line_no: *n,
                        },
                        *n,
                        rule,
                    );
                }
                DropKind::Shed {
                    lowest,
                    put,
                    priority,
                } => {
                    let policy = if lowest {
                        Overflow::DropLowest
                    } else {
                        Overflow::DropOldest
                    };
                    if spec.overflow != policy {
                        rule(
                            *n,
                            format!(
                                "task {task} shed as under --overflow {policy}, the run has {}",
                                spec.overflow
                            ),
                        );
                    }
                    if put == *stamp {
                        add(
                            *stamp,
                            Op::Refused {
                                task: *task,
                                priority,
                                line_no: *n,
                            },
                            *n,
                            rule,
                        );
                    } else {
                        add(
                            put,
                            Op::Put {
                                task: *task,
                                priority,
                            },
                            *n,
                            rule,
                        );
                        shed_puts.insert(*stamp, (*task, *n));
                    }
                }
            },
            _ => {}
        }
    }
    for (stamp, (task, n)) in shed_puts {
        match ops.get_mut(&stamp) {
            Some((Op::Put { .. }, shed)) => *shed = Some(task),
            _ => rule(
                n,
                format!("task {task} was shed at #{stamp}, which stored nothing"),
            ),
        }
    }
    ops
}

/// Replays the operations in stamp order against the rules of the strategy and the
/// overflow policy.
fn replay(
    ops: &BTreeMap<u64, (Op<'_>, Option<u64>)>,
    spec: BufferSpec,
    capacity: Option<u64>,
    rule: &mut impl FnMut(usize, String),
) {
    let mut items: Vec<Item> = Vec::new();
    let full = |items: &Vec<Item>| capacity.is_some_and(|c| items.len() as u64 >= c);
    for (&stamp, (op, shed)) in ops {
        match *op {
            Op::Put { task, priority } => {
                let incoming = Item {
                    task,
                    put: stamp,
                    priority: priority.unwrap_or(0),
                };
                match shed {
                    Some(victim) => {
                        if !full(&items) {
                            rule(
                                0,
                                format!(
                                    "#{stamp} shed task {victim} from a buffer that was not full"
                                ),
                            );
                        }
                        let expected = match spec.overflow {
                            Overflow::DropLowest => lowest(&items),
                            _ => items.iter().min_by_key(|i| i.put).copied(),
                        };
                        if expected.map(|i| i.task) != Some(*victim) {
                            rule(
                                0,
                                format!(
                                    "#{stamp} shed task {victim}; --overflow {} sheds {expected:?}",
                                    spec.overflow
                                ),
                            );
                        }
                        items.retain(|i| i.task != *victim);
                        if spec.overflow == Overflow::DropLowest
                            && expected.is_some_and(|e| incoming.priority <= e.priority)
                        {
                            rule(
                                0,
                                format!(
                                    "#{stamp} stored task {task}, the lowest priority: it should have been shed"
                                ),
                            );
                        }
                    }
                    None if full(&items) => {
                        rule(
                            0,
                            format!(
                                "#{stamp} put task {task} into a full buffer (capacity {capacity:?})"
                            ),
                        );
                    }
                    None => {}
                }
                items.push(incoming);
            }
            Op::Refused {
                task,
                priority,
                line_no,
            } => {
                if !full(&items) {
                    rule(
                        line_no,
                        format!("#{stamp} left task {task} out of a buffer that was not full"),
                    );
                }
                if spec.overflow == Overflow::DropLowest
                    && let Some(low) = lowest(&items)
                    && priority.unwrap_or(0) > low.priority
                {
                    rule(
                        line_no,
                        format!(
                            "#{stamp} shed the new task {task}, while task {} had a lower priority",
                            low.task
                        ),
                    );
                }
            }
            Op::Take { line_no, tasks } => take(&mut items, spec, stamp, line_no, tasks, rule),
        }
    }
}

/// The item `drop-lowest` sheds: the lowest priority, the newest among equals.
fn lowest(items: &[Item]) -> Option<Item> {
    items
        .iter()
        .min_by_key(|i| (i.priority, std::cmp::Reverse(i.put)))
        .copied()
}

/// Checks one take against the replayed buffer, and removes what it took.
fn take(
    items: &mut Vec<Item>,
    spec: BufferSpec,
    stamp: u64,
    line_no: usize,
    tasks: &[Taken],
    rule: &mut impl FnMut(usize, String),
) {
    // The strategy's order: what a take must get first.
    match spec.strategy {
        Strategy::Fifo => items.sort_by_key(|i| i.put),
        Strategy::Lifo => items.sort_by_key(|i| std::cmp::Reverse(i.put)),
        Strategy::Priority => items.sort_by_key(|i| (std::cmp::Reverse(i.priority), i.put)),
    }
    let expected = items
        .len()
        .min(usize::try_from(spec.batch).unwrap_or(usize::MAX));
    let due: Vec<u64> = items.iter().take(expected).map(|i| i.task).collect();
    let got: Vec<u64> = tasks.iter().map(|t| t.task).collect();
    if got != due {
        rule(
            line_no,
            format!(
                "take #{stamp} got tasks {got:?}; --strategy {} gives {due:?}",
                spec.strategy
            ),
        );
    }
    items.retain(|i| !got.contains(&i.task));
}

/// `Dropped` agrees with the drop lines (the equation produced = completed + not
/// processed + dropped is checked with the shutdown rules).
fn accounting(transcript: &Transcript, expect: &Expect, rule: &mut impl FnMut(usize, String)) {
    let lines = transcript
        .iter()
        .filter(|l| matches!(l, Line::Dropped { .. }))
        .count() as u64;
    let count = transcript.iter().find_map(|l| match l {
        Line::DroppedCount(n) => Some(*n),
        _ => None,
    });
    match count {
        None => rule(0, "the summary has no `Dropped` line".into()),
        Some(count) if expect.task_lines && count != lines => {
            rule(0, format!("`Dropped: {count}` but {lines} drop lines"));
        }
        Some(_) => {}
    }
}
