//! Queue monitoring, the source document's fourth homework: how many items wait in
//! each stage's channels, how many it has taken, how long its rule takes on average,
//! and a warning when a stage's backlog is above `--warn-above`.
//!
//! `std::sync::mpsc` cannot tell how many items a channel holds, so each stage has a
//! [`Gauge`]: the stage before counts an item in (`entered`) once its `send` has
//! returned, the stage's worker counts it out (`taken`) once its `recv` has. An item
//! counted in and not yet out is in a channel, or in a worker's hand just received:
//! so `entered − taken` is at most the stage's workers × (capacity + 1), its
//! **bound**, which the monitor prints beside every reading and the grader checks.
//!
//! The counters are `SeqCst`: the monitor reads `entered` before `taken`, and in the
//! one total order of `SeqCst` operations the `taken` it reads is at least the one
//! of the moment it read `entered`, so a reading never exceeds what was queued at
//! that moment. (With `Relaxed` loads it could see a fresh `entered` and a stale
//! `taken`, and report more than the channels can hold.) On the hardware this runs
//! on, an atomic increment costs the same under every ordering.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use plumbing::Log;

/// One stage's live counts.
#[derive(Debug, Default)]
pub struct Gauge {
    entered: AtomicU64,
    taken: AtomicU64,
    /// Nanoseconds spent in the stage's rule, when timed.
    busy_ns: AtomicU64,
    /// Items whose rule was timed.
    timed: AtomicU64,
}

/// What the monitor reads of a gauge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Items in the stage's channels or just received.
    pub queued: u64,
    /// Items its workers have received.
    pub taken: u64,
    /// The mean time of its rule, if any was timed.
    pub average: Option<Duration>,
}

impl Gauge {
    /// An item went into this stage's channels.
    pub fn enter(&self) {
        self.entered.fetch_add(1, SeqCst);
    }

    /// A worker of this stage received an item.
    pub fn take(&self) {
        self.taken.fetch_add(1, SeqCst);
    }

    /// A worker spent `busy` on one item's rule.
    pub fn record(&self, busy: Duration) {
        let ns = u64::try_from(busy.as_nanos()).unwrap_or(u64::MAX);
        self.busy_ns.fetch_add(ns, SeqCst);
        self.timed.fetch_add(1, SeqCst);
    }

    /// The counts now (see the module docs for why `entered` is read first).
    pub fn read(&self) -> Reading {
        let entered = self.entered.load(SeqCst);
        let taken = self.taken.load(SeqCst);
        let timed = self.timed.load(SeqCst);
        Reading {
            queued: entered.saturating_sub(taken),
            taken,
            average: (timed > 0).then(|| Duration::from_nanos(self.busy_ns.load(SeqCst) / timed)),
        }
    }
}

/// Every stage's gauge, by the stage's index, and whether rules are timed.
#[derive(Debug, Default)]
pub struct Gauges {
    stages: Vec<Gauge>,
    /// Whether workers time their rule (only when someone reads the average: two
    /// clock reads an item are not free).
    pub timed: bool,
}

impl Gauges {
    /// Gauges for `stages` stages, timing the rules if `timed`.
    pub fn new(stages: usize, timed: bool) -> Self {
        Self {
            stages: (0..stages).map(|_| Gauge::default()).collect(),
            timed,
        }
    }

    /// Stage `index`'s gauge, if there is such a stage.
    pub fn stage(&self, index: usize) -> Option<&Gauge> {
        self.stages.get(index)
    }
}

/// What the monitor watches: each stage after the first, its name and its bound.
#[derive(Debug, Clone)]
pub struct Watch {
    /// `(index, name, bound)` of every stage with an input channel.
    pub stages: Vec<(usize, &'static str, u64)>,
    /// How often to print.
    pub every: Duration,
    /// Warn when a stage has more queued than this.
    pub warn_above: Option<u64>,
}

/// Tells the monitor the run is over.
#[derive(Debug, Default)]
pub struct Finish {
    done: Mutex<bool>,
    woken: Condvar,
}

impl Finish {
    /// Ends the monitor's wait at once.
    pub fn now(&self) {
        *self.done.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.woken.notify_all();
    }

    /// Waits until `deadline` or the end; `false` once the run is over.
    fn wait_until(&self, deadline: Instant) -> bool {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        while !*done {
            let now = Instant::now();
            if now >= deadline {
                return true;
            }
            done = self
                .woken
                .wait_timeout(done, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        false
    }
}

/// The monitor thread's body: every `watch.every`, a [`report`], until `finish`.
pub fn monitor<W: Write>(log: &Log<W>, gauges: &Gauges, watch: &Watch, finish: &Finish) {
    let start = Instant::now();
    // Reports are due on a fixed schedule from the start, so a slow report does not
    // push the next ones later.
    for deadline in (1..).map(|k| due(start, watch.every, k)) {
        if !finish.wait_until(deadline) {
            break;
        }
        report(log, gauges, watch);
    }
}

/// When the `k`-th report (from 1) is due.
fn due(start: Instant, every: Duration, k: u32) -> Instant {
    start + every * k
}

/// One line per watched stage, and a warning for each stage above the threshold.
pub fn report<W: Write>(log: &Log<W>, gauges: &Gauges, watch: &Watch) {
    for &(index, name, bound) in &watch.stages {
        let Some(reading) = gauges.stage(index).map(Gauge::read) else {
            continue;
        };
        let average = match reading.average {
            Some(avg) => format!("{:.1} µs", avg.as_secs_f64() * 1e6),
            None => "-".into(),
        };
        log.line(format_args!(
            "[Monitor] {name}: {} queued (bound {bound}), {} taken, avg {average}",
            reading.queued, reading.taken
        ));
        if let Some(limit) = watch.warn_above
            && reading.queued > limit
        {
            log.line(format_args!(
                "[Monitor] WARNING: {name} has {} queued, above {limit}",
                reading.queued
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::sync_channel;
    use std::thread;

    use super::*;

    #[test]
    fn a_reading_is_what_went_in_and_has_not_come_out() {
        let gauge = Gauge::default();
        (0..5).for_each(|_| gauge.enter());
        (0..2).for_each(|_| gauge.take());
        gauge.record(Duration::from_micros(3));
        gauge.record(Duration::from_micros(5));
        let r = gauge.read();
        assert_eq!((r.queued, r.taken), (3, 2));
        assert_eq!(r.average, Some(Duration::from_micros(4)));
        gauge.take();
        gauge.take();
        gauge.take();
        gauge.take();
        assert_eq!(gauge.read().queued, 0, "never below zero");
    }

    #[test]
    fn a_reading_never_exceeds_the_bound_while_items_flow() {
        // One worker, a channel of 2: at most 3 counted in and not out at any time.
        let gauge = Gauge::default();
        let (tx, rx) = sync_channel::<u32>(2);
        thread::scope(|s| {
            let gauge = &gauge;
            s.spawn(move || {
                for i in 0..20_000 {
                    tx.send(i).expect("the receiver is there");
                    gauge.enter();
                }
            });
            s.spawn(move || {
                while rx.recv().is_ok() {
                    gauge.take();
                }
            });
            for _ in 0..20_000 {
                assert!(gauge.read().queued <= 3);
            }
        });
        assert_eq!(gauge.read().taken, 20_000);
    }

    #[test]
    fn a_report_reads_every_stage_and_warns_above_the_threshold() {
        let mut out = Vec::new();
        let (log, gauges) = (Log::new(&mut out, false), Gauges::new(3, false));
        let watch = Watch {
            stages: vec![(1, "enrich", 4), (2, "execute", 4)],
            every: Duration::from_millis(1),
            warn_above: Some(0),
        };
        gauges.stage(1).expect("three stages").enter();
        report(&log, &gauges, &watch);
        log.finish().expect("a Vec takes every line");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(
            text,
            "[Monitor] enrich: 1 queued (bound 4), 0 taken, avg -\n\
             [Monitor] WARNING: enrich has 1 queued, above 0\n\
             [Monitor] execute: 0 queued (bound 4), 0 taken, avg -\n"
        );
    }

    #[test]
    fn reports_are_due_every_interval_from_the_start() {
        let start = Instant::now();
        let every = Duration::from_millis(50);
        assert_eq!(due(start, every, 1), start + every);
        assert_eq!(due(start, every, 3) - start, Duration::from_millis(150));
    }

    #[test]
    fn a_due_wait_returns_at_once_and_a_finished_one_says_so() {
        let finish = Finish::default();
        assert!(finish.wait_until(Instant::now()), "due: still running");
        let long_ago = Instant::now();
        assert!(finish.wait_until(long_ago), "past due: still running");
        finish.now();
        assert!(!finish.wait_until(Instant::now() + Duration::from_secs(3600)));
    }

    #[test]
    fn a_finished_monitor_prints_nothing_more() {
        let mut out = Vec::new();
        let (log, gauges, finish) = (
            Log::new(&mut out, false),
            Gauges::new(2, false),
            Finish::default(),
        );
        let watch = Watch {
            stages: vec![(1, "enrich", 4)],
            every: Duration::from_secs(3600),
            warn_above: None,
        };
        finish.now();
        monitor(&log, &gauges, &watch, &finish);
        log.finish().expect("a Vec takes every line");
        assert!(out.is_empty());
    }
}
