//! One worker of a stage: receive, apply the stage's rule, send on; end when the
//! input closes.
//!
//! A worker's loop is `while let Some(item) = receive(…)`: it ends when every sender
//! of its input is gone, which happens when every worker of the stage before has
//! ended. Its own outlet is dropped when it returns, so the next stage ends after it:
//! **dropping the source's outlet shuts the whole pipeline down, in order, with
//! every item in the channels processed**. That is the graceful shutdown, and it
//! needs no flag. The shutdown phase matters only for an immediate stop: a worker
//! that finds the phase `Stopping` keeps receiving (so the stage before it is never
//! stuck on a full channel) but reports each item as not processed.

use std::fmt::{Arguments, Display};
use std::io::Write;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use plumbing::Log;

use crate::monitor::Gauges;
use crate::outlet::{Item, Outlet};
use crate::shutdown::{Phase, Shutdown};
use crate::stats::StageStats;

/// What a worker needs besides its channels.
pub struct Worker<'a, W> {
    /// How its transcript lines begin: `Enricher 0`.
    pub name: String,
    /// The transcript.
    pub log: &'a Log<W>,
    /// The phase an immediate stop is read from.
    pub shutdown: &'a Shutdown,
    /// The live counts the monitor reads.
    pub gauges: &'a Gauges,
    /// Its stage's index among the gauges.
    pub stage: usize,
}

/// Runs one worker until its input closes: each item received goes through `rule`,
/// which returns what to pass on (`None` filters the item out) and the rest of the
/// item's transcript line (formatted only if the transcript prints it). What passes goes to `outlet`; the last stage has none.
pub fn work<I: Item, O: Item, W: Write, D: Display>(
    worker: &Worker<'_, W>,
    inlet: Receiver<I>,
    outlet: Option<&Outlet<O>>,
    mut rule: impl FnMut(I) -> (Option<O>, D),
) -> StageStats {
    // exercise 2: run one worker until its input closes
    // hint: `while let Some(item) = receive(&inlet, &mut stats.waited_to_receive)`: the loop ends when every sender of the input is gone, i.e. when the stage before has ended.
    // hint: in the `Stopping` phase keep receiving (the stage before must not block on a full channel) but say `not processed` and count it.
    // hint: otherwise apply `rule`, say its line *before* sending on (the next stage's line must come later), and count the item as passed, filtered (`None`), or not processed if the next stage is gone.
    let mut stats = StageStats::default();
    let (mine, next) = (
        worker.gauges.stage(worker.stage),
        worker.gauges.stage(worker.stage + 1),
    );
    while let Some(item) = receive(&inlet, &mut stats.waited_to_receive) {
        stats.received += 1;
        mine.inspect(|g| g.take());
        let label = item.label();
        if worker.shutdown.phase() == Phase::Stopping {
            stats.not_processed += 1;
            worker.say(label, format_args!("not processed"));
            continue;
        }
        let started = worker.gauges.timed.then(Instant::now);
        let (out, line) = rule(item);
        if let (Some(started), Some(gauge)) = (started, mine) {
            gauge.record(started.elapsed());
        }
        // Said before it is sent on: the next stage's line for this tick comes later.
        worker.say(label, format_args!("{line}"));
        match (out, outlet) {
            (None, _) => stats.filtered += 1,
            (Some(_), None) => stats.passed += 1,
            (Some(out), Some(outlet)) => match outlet.send(out, &mut stats.waited_to_send) {
                Ok(()) => {
                    stats.passed += 1;
                    next.inspect(|g| g.enter());
                }
                Err(_) => {
                    stats.not_processed += 1;
                    worker.say(label, format_args!("not passed on: the next stage is gone"));
                }
            },
        }
    }
    stats
    // end of exercise 2
}

impl<W: Write> Worker<'_, W> {
    /// `[Enricher 0] tick 7: …`, a line of the transcript's body.
    pub fn say(&self, label: impl Display, rest: Arguments<'_>) {
        self.log
            .task(format_args!("[{}] {label}: {rest}", self.name));
    }
}

/// The next item, or `None` once the input is closed and empty; adds the time spent
/// waiting for it to `waited`.
fn receive<I>(inlet: &Receiver<I>, waited: &mut Duration) -> Option<I> {
    // The clock is read only when nothing is waiting: a busy stage never reads it.
    match inlet.try_recv() {
        Ok(item) => Some(item),
        Err(TryRecvError::Disconnected) => None,
        Err(TryRecvError::Empty) => {
            let started = Instant::now();
            let item = inlet.recv().ok();
            *waited += started.elapsed();
            item
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::sync_channel;

    use super::*;
    use crate::market::{Market, Tick};
    use crate::monitor::Gauges;
    use crate::outlet::channels;

    fn ticks(n: usize) -> Vec<Tick> {
        Market::new(5, 3).take(n).collect()
    }

    #[test]
    fn a_worker_passes_what_its_rule_keeps_and_ends_when_its_input_closes() {
        let mut transcript = Vec::new();
        let (log, shutdown) = (Log::new(&mut transcript, false), Shutdown::default());
        let worker = Worker {
            name: "Even".into(),
            log: &log,
            shutdown: &shutdown,
            gauges: &Gauges::default(),
            stage: 1,
        };
        let (sender, inlet) = sync_channel(16);
        for tick in ticks(10) {
            sender.send(tick).expect("the inlet is here");
        }
        drop(sender);
        let (outlet, outputs) = channels::<Tick>(1, 16);
        let stats = work(&worker, inlet, Some(&outlet), |t| {
            (
                t.seq.is_multiple_of(2).then_some(t),
                format!("{}", t.symbol),
            )
        });
        assert_eq!((stats.received, stats.passed, stats.filtered), (10, 5, 5));
        drop(outlet);
        let passed: Vec<u64> = outputs[0].iter().map(|t| t.seq).collect();
        assert_eq!(passed, [2, 4, 6, 8, 10]);
        log.finish().expect("a Vec takes every line");
        let text = String::from_utf8(transcript).expect("UTF-8");
        assert_eq!(text.lines().count(), 10, "one line a tick, kept or not");
        assert!(text.starts_with("[Even] tick 1: "), "{text}");
    }

    #[test]
    fn an_immediate_stop_reports_what_is_left_as_not_processed() {
        let (log, shutdown) = (Log::new(Vec::new(), false), Shutdown::default());
        shutdown.advance(Phase::Stopping);
        let worker = Worker {
            name: "Last".into(),
            log: &log,
            shutdown: &shutdown,
            gauges: &Gauges::default(),
            stage: 1,
        };
        let (sender, inlet) = sync_channel(4);
        for tick in ticks(3) {
            sender.send(tick).expect("the inlet is here");
        }
        drop(sender);
        let stats = work(&worker, inlet, None::<&Outlet<Tick>>, |t| {
            (Some(t), String::new())
        });
        assert_eq!(
            (stats.received, stats.passed, stats.not_processed),
            (3, 0, 3)
        );
        assert!(stats.conserves());
    }

    #[test]
    fn an_item_the_next_stage_cannot_take_is_not_processed() {
        let (log, shutdown) = (Log::new(Vec::new(), false), Shutdown::default());
        let worker = Worker {
            name: "Orphan".into(),
            log: &log,
            shutdown: &shutdown,
            gauges: &Gauges::default(),
            stage: 1,
        };
        let (sender, inlet) = sync_channel(4);
        sender.send(ticks(1)[0]).expect("the inlet is here");
        drop(sender);
        let (outlet, outputs) = channels::<Tick>(1, 1);
        drop(outputs);
        let stats = work(&worker, inlet, Some(&outlet), |t| (Some(t), String::new()));
        assert_eq!(
            (stats.received, stats.passed, stats.not_processed),
            (1, 0, 1)
        );
    }
}
