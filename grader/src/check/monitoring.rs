//! Pass 04's rules: statistics blocks, each whole and consistent, counts that never
//! go down, and a final block that agrees with the summary.
//!
//! A block is its title and, right after it, `Produced`, `Consumed`, `Pending`,
//! `Failed`, `Queue depth` and one line per consumer, in that order (a pass writes a
//! block in one piece, so nothing can come between its lines).

use super::{Expect, Violation};
use crate::line::{Line, OutcomeCount, Stat};
use crate::transcript::Transcript;

/// One statistics block, parsed.
#[derive(Debug, Clone, Default)]
struct Block {
    line_no: usize,
    final_block: bool,
    counts: [u64; 4],
    depth: Option<(u64, Option<u64>)>,
    /// `(tasks, busy %)` per consumer, in order.
    consumers: Vec<(u64, u64)>,
}

const PRODUCED: usize = 0;
const CONSUMED: usize = 1;
const PENDING: usize = 2;
const FAILED: usize = 3;

/// Checks the pass-04 lines of `transcript`, if the run was monitored.
pub(super) fn check(transcript: &Transcript, expect: &Expect, v: &mut Vec<Violation>) {
    if !expect.monitored {
        return;
    }
    let mut rule = |line_no: usize, rule: String| v.push(Violation::Statistics { line_no, rule });
    let consumers = transcript
        .iter()
        .find_map(|l| match l {
            Line::Header { consumers, .. } => Some(*consumers),
            _ => None,
        })
        .unwrap_or(0);
    let capacity = expect.bound.and_then(|b| b.capacity());

    // Parse the blocks: a title, then exactly the lines of a block.
    let lines = &transcript.lines;
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (n, line) = &lines[i];
        i += 1;
        match line {
            Line::StatsTitle(interval) => {
                let mut block = Block {
                    line_no: *n,
                    final_block: interval.is_none(),
                    ..Block::default()
                };
                let expected = 5 + consumers as usize;
                for k in 0..expected {
                    let Some((at, line)) = lines.get(i + k) else {
                        break;
                    };
                    let fits = match (k, line) {
                        (0..=3, Line::StatCount { stat, n }) if *stat == Stat::ALL[k] => {
                            block.counts[k] = *n;
                            true
                        }
                        (4, Line::StatDepth { depth, capacity }) => {
                            block.depth = Some((*depth, *capacity));
                            true
                        }
                        (
                            _,
                            Line::StatConsumer {
                                consumer,
                                tasks,
                                busy,
                                ..
                            },
                        ) if k >= 5 && *consumer as usize == k - 5 => {
                            block.consumers.push((*tasks, *busy));
                            true
                        }
                        _ => false,
                    };
                    if !fits {
                        rule(*at, format!("the block of line {n} is broken here"));
                        break;
                    }
                }
                i += expected;
                blocks.push(block);
            }
            Line::StatCount { .. } | Line::StatDepth { .. } | Line::StatConsumer { .. } => {
                rule(*n, "a statistics line outside a block".into());
            }
            Line::DepthWarning {
                threshold, depth, ..
            } if depth <= threshold => {
                rule(
                    *n,
                    format!("a warning for depth {depth}, which is not above {threshold}"),
                );
            }
            _ => {}
        }
    }

    // Each block on its own.
    for b in &blocks {
        let [produced, consumed, pending, failed] = b.counts;
        if produced.checked_sub(consumed) != Some(pending) {
            rule(
                b.line_no,
                format!("pending {pending} ≠ produced {produced} − consumed {consumed}"),
            );
        }
        if failed > consumed {
            rule(b.line_no, format!("failed {failed} > consumed {consumed}"));
        }
        let per_consumer: u64 = b.consumers.iter().map(|(tasks, _)| tasks).sum();
        if per_consumer != consumed {
            rule(
                b.line_no,
                format!("the consumers' tasks add up to {per_consumer}, not {consumed}"),
            );
        }
        if let Some((c, busy)) = b
            .consumers
            .iter()
            .enumerate()
            .find(|(_, (_, busy))| *busy > 100)
        {
            rule(
                b.line_no,
                format!("consumer {c} is {busy}% busy", busy = busy.1),
            );
        }
        match b.depth {
            Some((depth, shown))
                if shown != capacity || capacity.is_some_and(|c| depth > c + 1) =>
            {
                rule(
                    b.line_no,
                    format!("queue depth {depth} against {shown:?}: not within the queue's bound"),
                );
            }
            _ => {}
        }
    }

    // Live blocks never go down, and never exceed the final block.
    let (finals, live): (Vec<&Block>, Vec<&Block>) = blocks.iter().partition(|b| b.final_block);
    for pair in live.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        for k in [PRODUCED, CONSUMED, FAILED] {
            if after.counts[k] < before.counts[k] {
                rule(
                    after.line_no,
                    format!(
                        "{} went down, from {} to {}",
                        Stat::ALL[k].name(),
                        before.counts[k],
                        after.counts[k]
                    ),
                );
            }
        }
        for (c, (a, b)) in before.consumers.iter().zip(&after.consumers).enumerate() {
            if b.0 < a.0 {
                rule(
                    after.line_no,
                    format!("consumer {c}'s tasks went down, from {} to {}", a.0, b.0),
                );
            }
        }
    }
    let Some(last) = finals.first() else {
        rule(0, "no `Statistics (final):` block".into());
        return;
    };
    if finals.len() > 1 {
        rule(finals[1].line_no, "a second final block".into());
    }
    for b in &live {
        if b.line_no > last.line_no {
            rule(b.line_no, "a live block after the final one".into());
        }
        for k in [PRODUCED, CONSUMED, FAILED] {
            if b.counts[k] > last.counts[k] {
                rule(
                    b.line_no,
                    format!(
                        "{} is {}, more than the final {}",
                        Stat::ALL[k].name(),
                        b.counts[k],
                        last.counts[k]
                    ),
                );
            }
        }
    }

    // The final block, after the consumers, agrees with the summary.
    let at = |pred: fn(&Line) -> bool| transcript.position(pred);
    if at(|l| *l == Line::ConsumersFinished).is_some_and(|n| n > last.line_no) {
        rule(
            last.line_no,
            "the final block comes before `All consumers finished`".into(),
        );
    }
    if at(|l| matches!(l, Line::FinalStats(_))).is_some_and(|n| n < last.line_no) {
        rule(
            last.line_no,
            "the final block comes after `Final stats`".into(),
        );
    }
    if last.depth.is_some_and(|(depth, _)| depth != 0) {
        rule(last.line_no, "the queue is not empty at the end".into());
    }
    // Pass 05: undelivered tasks were produced and never consumed, so they are
    // pending at the end, with the unprocessed ones.
    let undelivered = transcript
        .iter()
        .find_map(|l| match l {
            Line::Outcome {
                count: OutcomeCount::Undelivered,
                n,
            } => Some(*n),
            _ => None,
        })
        .unwrap_or(0);
    for line in transcript.iter() {
        let (name, summary, k) = match *line {
            Line::Produced(n) => ("Produced", n, PRODUCED),
            Line::FinalStats(n) => ("Final stats", n, CONSUMED),
            Line::NotProcessedCount(n) => ("Not processed + Undelivered", n + undelivered, PENDING),
            Line::Outcome {
                count: OutcomeCount::Failed,
                n,
            } => ("Failed", n, FAILED),
            _ => continue,
        };
        if last.counts[k] != summary {
            let stat = Stat::ALL[k].name();
            rule(
                last.line_no,
                format!(
                    "the final {stat} is {}, the summary's `{name}` {summary}",
                    last.counts[k]
                ),
            );
        }
    }
}
