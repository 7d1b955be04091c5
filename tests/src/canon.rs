//! The canonical form of a transcript: what snapshots compare.
//!
//! A run's raw output differs from run to run in a few legitimate ways: the order in
//! which concurrent lines interleave, which consumer took which task, timings, (from
//! pass 02) when producers met a full queue, and (from pass 03) how far a run got
//! before it was stopped. The canonical form removes exactly those and nothing else:
//!
//! - ordered lines (the header block, the shutdown announcements, the milestones, the
//!   summary) stay where the grammar puts them, in the order they were printed;
//! - the unordered body (per-task lines) is sorted by task id, then by the task's
//!   lifecycle (created before processing), and the consumer that processed a task is
//!   redacted to `*`;
//! - per-thread lines (a producer's `finished` or `shutting down`, a consumer's
//!   `finished`) come after the body, sorted by thread;
//! - timings (`Elapsed`, `Throughput`) and how often a producer blocked are redacted
//!   to `*`, and the backpressure lines themselves (`blocked`, `resuming`, the gauge)
//!   are left out: how often a producer meets a full queue is the schedule's doing;
//! - (pass 04) live statistics blocks and depth warnings are left out (when they come
//!   and what they show is the schedule's doing); the final block stays, with each
//!   consumer's share redacted (`  Consumer 0: * tasks, *% busy, avg * ms`);
//! - in a run that was stopped (a `Shutdown signal received` or `Shutdown requested`
//!   line), which tasks were made depends on when: the per-task lines are left out
//!   and every count is redacted.
//!
//! Their rules are checked on every run by [`check`](crate::check()) instead.
//! Blank lines are layout only: the canonical form puts one between sections.

use crate::line::Line;
use crate::transcript::Transcript;

/// Renders `transcript` canonically (see the module docs).
pub fn canonical(transcript: &Transcript) -> String {
    let stopped = transcript.iter().any(|l| matches!(l, Line::Trigger(_)));
    let count = |n: &u64| {
        if stopped {
            "*".to_owned()
        } else {
            n.to_string()
        }
    };
    let tasks = |n: &u64| match (stopped, n) {
        (true, _) => "* tasks".to_owned(),
        (false, 1) => "1 task".to_owned(),
        (false, n) => format!("{n} tasks"),
    };

    let (mut head, mut body, mut threads, mut ordered) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Which statistics block the current line belongs to: `Some(true)` live,
    // `Some(false)` final, `None` none.
    let mut block: Option<bool> = None;
    for line in transcript.iter() {
        block = match line {
            Line::StatsTitle(interval) => Some(interval.is_some()),
            Line::StatCount { .. } | Line::StatDepth { .. } | Line::StatConsumer { .. } => block,
            _ => None,
        };
        match line {
            Line::StatsTitle(_)
            | Line::StatCount { .. }
            | Line::StatDepth { .. }
            | Line::StatConsumer { .. }
                if block == Some(true) => {}
            Line::DepthWarning { .. } => {}
            Line::StatsTitle(_) | Line::StatDepth { .. } => ordered.push(line.to_string()),
            Line::StatCount { stat, n } => ordered.push(format!("  {}: {}", stat.name(), count(n))),
            Line::StatConsumer { consumer, .. } => {
                ordered.push(format!("  Consumer {consumer}: * tasks, *% busy, avg * ms"));
            }
            Line::Blank | Line::Blocked { .. } | Line::Resuming { .. } | Line::Gauge { .. } => {}
            Line::Header { .. } | Line::QueueCapacity(_) | Line::ShutdownMode(_) | Line::Ready => {
                head.push(line.to_string());
            }
            Line::Created { task, .. } | Line::NotProcessed { task } if !stopped => {
                body.push((*task, 0, line.to_string()));
            }
            Line::Processing { task, .. } if !stopped => {
                body.push((*task, 1, format!("Consumer * processing task {task}")));
            }
            Line::Created { .. } | Line::Processing { .. } | Line::NotProcessed { .. } => {}
            Line::ProducerStopping { producer, .. } => {
                threads.push((0, *producer, 0, line.to_string()))
            }
            Line::ProducerFinished {
                producer, created, ..
            } => threads.push((
                0,
                *producer,
                1,
                format!(
                    "Producer {producer}: finished (created {}, blocked * times)",
                    tasks(created)
                ),
            )),
            Line::ConsumerFinished { consumer } => {
                threads.push((1, *consumer, 0, line.to_string()))
            }
            Line::Trigger(_) | Line::Escalation(_) | Line::FinishingPending => {
                ordered.push(line.to_string())
            }
            Line::ProducersFinished | Line::ConsumersFinished => ordered.push(line.to_string()),
            Line::TotalTasks(n) => ordered.push(format!("Total tasks: {}", count(n))),
            Line::ResultSum(n) => ordered.push(format!("Sum of results: {}", count(n))),
            Line::FinalStats(n) => {
                ordered.push(format!("Final stats: {} tasks completed", count(n)))
            }
            Line::Produced(n) => ordered.push(format!("Produced: {}", tasks(n))),
            Line::NotProcessedCount(n) => ordered.push(format!("Not processed: {}", tasks(n))),
            Line::Elapsed(_) => ordered.push("Elapsed: * s".to_owned()),
            Line::Throughput(_) => ordered.push("Throughput: * tasks/s".to_owned()),
        }
    }
    body.sort();
    threads.sort();

    let sections = [
        head,
        body.into_iter().map(|(.., text)| text).collect(),
        threads.into_iter().map(|(.., text)| text).collect(),
        ordered,
    ];
    let mut text = sections
        .into_iter()
        .filter(|section| !section.is_empty())
        .map(|section| section.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push('\n');
    text
}
