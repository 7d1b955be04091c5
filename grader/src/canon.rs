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
//! - (pass 05) a task's failure lines (failed, retry, dead-lettered, panicked on) stay
//!   in the body with the task, in the order they came; which consumer is redacted, and
//!   so are the lines that say only what a consumer did (`continuing...`, `replaced`,
//!   `not replaced`), which are sorted after the body; a producer's failure stays
//!   with the producer; the dead-letter record stays, sorted by id as printed;
//! - (pass 07) take lines are left out (which consumer took which tasks together is
//!   the schedule's doing); a run whose overflow policy may drop tasks is treated as
//!   a stopped run, since which tasks are dropped is the schedule's doing too;
//! - in a run that was stopped (a `Shutdown signal received` or `Shutdown requested`
//!   line), or whose channel closed under its producers (pass 05), which tasks were
//!   made depends on when: the per-task lines, and the failure lines of workers
//!   (which depend on which tasks ran), are left out and every count is redacted.
//!
//! Their rules are checked on every run by [`check`](crate::check()) instead.
//! Blank lines are layout only: the canonical form puts one between sections.

use crate::line::{Line, Overflow};
use crate::transcript::Transcript;

/// Renders `transcript` canonically (see the module docs).
pub fn canonical(transcript: &Transcript) -> String {
    let stopped = transcript.iter().any(|l| {
        matches!(
            l,
            Line::Trigger(_) | Line::Undelivered { .. } | Line::ProducerOrphaned { .. }
        ) || matches!(l, Line::Buffer(spec) if spec.overflow != Overflow::Block)
    });
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
            Line::Header { .. }
            | Line::QueueCapacity(_)
            | Line::ShutdownMode(_)
            | Line::Buffer(_)
            | Line::Ready => {
                head.push(line.to_string());
            }
            // A task's own lines are causally ordered (created, then processing, then
            // what became of it), so their order of appearance is the same every run.
            Line::Created { task, .. }
            | Line::NotProcessed { task }
            | Line::Interrupted { task }
            | Line::Completed { task }
            | Line::TaskFailed { task, .. }
            | Line::RetryScheduled { task, .. }
            | Line::DeadLettered { task, .. }
                if !stopped =>
            {
                body.push((*task, body.len(), line.to_string()));
            }
            Line::Processing { task, .. } if !stopped => {
                let text = format!("Consumer * processing task {task}");
                body.push((*task, body.len(), text));
            }
            Line::Retrying {
                task, attempt, of, ..
            } if !stopped => {
                let text = format!("Consumer * retrying task {task} (attempt {attempt} of {of})");
                body.push((*task, body.len(), text));
            }
            Line::ConsumerPanicked {
                task: Some(task), ..
            } if !stopped => {
                let text = format!("Consumer * panicked on task {task}");
                body.push((*task, body.len(), text));
            }
            Line::DeadLetter { .. } if !stopped => ordered.push(line.to_string()),
            Line::DeadLettersOmitted { kept, .. } if !stopped => ordered.push(format!(
                "  ...and * more (the record lists the first {kept} by id)"
            )),
            Line::Created { .. }
            | Line::Processing { .. }
            | Line::NotProcessed { .. }
            | Line::Interrupted { .. }
            | Line::Completed { .. }
            | Line::TaskFailed { .. }
            | Line::RetryScheduled { .. }
            | Line::Retrying { .. }
            | Line::DeadLettered { .. }
            | Line::ConsumerPanicked { .. }
            | Line::DeadLetter { .. }
            | Line::DeadLettersOmitted { .. }
            | Line::Undelivered { .. } => {}
            // Pass 06: who steals what, and how often, is the schedule's doing.
            Line::Stole { .. } => {}
            // Pass 07: which consumer took which tasks together, and (under a policy
            // that drops) which tasks were dropped, is the schedule's doing.
            Line::Took { .. } | Line::Dropped { .. } => {}
            Line::DroppedCount(n) => ordered.push(format!("Dropped: {}", tasks(n))),
            Line::Steals(None) => ordered.push(line.to_string()),
            Line::Steals(Some(_)) => ordered.push("Steals: * (* tasks)".to_owned()),
            Line::ConsumerShare { consumer, .. } => ordered.push(format!(
                "Consumer {consumer}: * tasks done, stole * tasks in * steals"
            )),
            // In a stopped run, which tasks ran (and so failed, or killed a consumer)
            // and how far each producer got depends on when the stop came.
            Line::Continuing { .. }
            | Line::ConsumerReplaced { .. }
            | Line::ConsumerNotReplaced { .. }
            | Line::ProducerFailed { .. }
                if stopped => {}
            Line::Continuing { .. } => {
                threads.push((2, 0, 0, "Consumer * continuing...".to_owned()));
            }
            Line::ConsumerReplaced { restart, of, .. } => threads.push((
                2,
                0,
                1,
                format!("Consumer * replaced (restart {restart} of {of})"),
            )),
            Line::ConsumerNotReplaced { why, .. } => {
                threads.push((2, 0, 2, format!("Consumer * not replaced ({why})")));
            }
            Line::ProducerOrphaned { producer } => {
                threads.push((0, *producer, 0, line.to_string()));
            }
            Line::ProducerFailed { producer, .. } => {
                threads.push((0, *producer, 1, line.to_string()));
            }
            Line::Outcome { count: c, n } => ordered.push(if c.in_tasks() {
                format!("{}: {}", c.name(), tasks(n))
            } else {
                format!("{}: {}", c.name(), count(n))
            }),
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
