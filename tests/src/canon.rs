//! The canonical form of a transcript: what snapshots compare.
//!
//! A run's raw output differs from run to run in a few legitimate ways: the order in
//! which concurrent lines interleave, which consumer took which task, timings, and
//! (from pass 02) when producers met a full queue. The canonical form removes exactly
//! those and nothing else:
//! - ordered lines (the header, the milestones, the summary) stay where the grammar
//!   puts them, in the order they were printed;
//! - the unordered body (per-task lines) is sorted by task id, then by the task's
//!   lifecycle (created before processing);
//! - the consumer that processed a task is redacted to `*`;
//! - timings (`Elapsed`, `Throughput`) and how often a producer blocked are redacted
//!   to `*`, and the backpressure lines themselves (`blocked`, `resuming`, the queue
//!   gauge) are left out: how often a producer meets a full queue depends on the
//!   schedule. Their rules (alternation, the gauge's bound) are checked by
//!   [`check`](crate::check()) on every run instead.
//!
//! Blank lines are layout only: the canonical form puts one after the header and one
//! before the footer. Two runs with the same flags must give the same canonical text.

use crate::line::Line;
use crate::transcript::Transcript;

/// Renders `transcript` canonically (see the module docs).
pub fn canonical(transcript: &Transcript) -> String {
    let mut head = Vec::new();
    let mut body = Vec::new();
    let mut producers = Vec::new();
    let mut foot = Vec::new();
    for line in transcript.iter() {
        match line {
            Line::Blank | Line::Blocked { .. } | Line::Resuming { .. } | Line::Gauge { .. } => {}
            Line::Header { .. } | Line::QueueCapacity(_) => head.push(line.to_string()),
            Line::ProducerFinished {
                producer, created, ..
            } => {
                let created = if *created == 1 {
                    "1 task".to_owned()
                } else {
                    format!("{created} tasks")
                };
                producers.push((
                    *producer,
                    format!("Producer {producer}: finished (created {created}, blocked * times)"),
                ));
            }
            Line::Elapsed(_) => foot.push("Elapsed: * s".to_owned()),
            Line::Throughput(_) => foot.push("Throughput: * tasks/s".to_owned()),
            Line::Created { task, .. } => body.push((*task, 0, line.to_string())),
            Line::Processing { task, .. } => {
                body.push((*task, 1, format!("Consumer * processing task {task}")));
            }
            Line::ProducersFinished
            | Line::ConsumersFinished
            | Line::TotalTasks(_)
            | Line::ResultSum(_) => foot.push(line.to_string()),
        }
    }
    body.sort();
    producers.sort();
    let mut out = head;
    if !body.is_empty() {
        out.push(String::new());
        out.extend(body.into_iter().map(|(.., text)| text));
    }
    if !producers.is_empty() {
        out.push(String::new());
        out.extend(producers.into_iter().map(|(_, text)| text));
    }
    out.push(String::new());
    out.extend(foot);
    let mut text = out.join("\n");
    text.push('\n');
    text
}
