//! The first stage: a producer that draws items and sends each on (the data source
//! drawing ticks; in the quote aggregator, each exchange drawing quotes).
//!
//! It is the only kind of thread that watches for a shutdown *before* it acts: once
//! the run stops, it draws no more and ends, and its outlet, dropped with it, closes
//! its share of the next stage's channels. Every stage after it ends when its input
//! closes (see [`stage`](crate::stage)).

use std::fmt::Display;
use std::io::Write;

use crate::market::Tick;
use crate::outlet::{Item, Label, Outlet};
use crate::pace::Pace;
use crate::rules::Said;
use crate::stage::Worker;
use crate::stats::StageStats;

/// Sends `count` items of `items` into `outlet` at `pace`, or fewer if the run is
/// stopped; `said` gives each item's transcript line: how the producer names it and
/// what it says of it. Returns the producer's counts.
pub fn produce<T: Item + Copy, W: Write, L: Display, D: Display>(
    worker: &Worker<'_, W>,
    items: impl Iterator<Item = T>,
    count: u64,
    pace: Pace,
    outlet: Outlet<T>,
    said: impl Fn(&T) -> (L, D),
) -> StageStats {
    let mut stats = StageStats::default();
    let next = worker.gauges.stage(worker.stage + 1);
    for (i, item) in (0..count).zip(items) {
        // Sleeps until the item is due; `false` once the run is stopping.
        if !pace.wait_for(i, worker.shutdown) {
            break;
        }
        stats.received += 1;
        let (label, line) = said(&item);
        // Said before it is sent: the next stage's line for this item comes later.
        worker.say(&label, format_args!("{line}"));
        match outlet.send(item, &mut stats.waited_to_send) {
            Ok(()) => {
                stats.passed += 1;
                // Counted in once sent: see the monitor's bound.
                next.inspect(|g| g.enter());
            }
            // The next stage's worker is gone (it panicked): the item cannot go on.
            Err(_) => {
                stats.not_processed += 1;
                worker.say(
                    &label,
                    format_args!("not passed on: the next stage is gone"),
                );
            }
        }
    }
    stats
}

/// The data source's line for a tick: `tick 7`, `BTC @ 42000.00 (volume 1.5)`.
pub fn drawn(tick: &Tick) -> (Label, Said) {
    (tick.label(), Said::Drawn(*tick))
}

#[cfg(test)]
mod tests {
    use plumbing::Log;

    use super::*;
    use crate::market::Market;
    use crate::monitor::Gauges;
    use crate::outlet::channels;
    use crate::shutdown::Shutdown;

    /// The data source of a test run: stage 0 of `gauges`, its lines discarded.
    fn source<'a>(
        log: &'a Log<Vec<u8>>,
        shutdown: &'a Shutdown,
        gauges: &'a Gauges,
    ) -> Worker<'a, Vec<u8>> {
        Worker {
            name: "DataSource".into(),
            log,
            shutdown,
            gauges,
            stage: 0,
        }
    }

    #[test]
    fn every_tick_goes_to_its_symbols_enricher_in_order() {
        let (log, shutdown) = (Log::new(Vec::new(), true), Shutdown::default());
        let gauges = Gauges::default();
        let me = source(&log, &shutdown, &gauges);
        let (outlet, inlets) = channels(2, 100);
        let stats = produce(&me, Market::new(9, 4), 50, Pace::new(0), outlet, drawn);
        assert_eq!(
            (stats.received, stats.passed, stats.not_processed),
            (50, 50, 0)
        );
        let got: Vec<Vec<u64>> = inlets
            .iter()
            .map(|i| i.iter().map(|t| t.seq).collect())
            .collect();
        assert_eq!(got.iter().map(Vec::len).sum::<usize>(), 50);
        assert!(got.iter().all(|seqs| seqs.is_sorted()));
    }

    #[test]
    fn each_tick_sent_is_counted_into_the_next_stages_gauge() {
        let (log, shutdown, gauges) = (
            Log::new(Vec::new(), true),
            Shutdown::default(),
            Gauges::new(2, false),
        );
        let me = source(&log, &shutdown, &gauges);
        let (outlet, _inlets) = channels(1, 100);
        produce(&me, Market::new(9, 4), 30, Pace::new(0), outlet, drawn);
        let enrich = gauges.stage(1).expect("two stages").read();
        assert_eq!(
            (enrich.queued, enrich.taken),
            (30, 0),
            "sent, none taken yet"
        );
        assert_eq!(gauges.stage(0).expect("two stages").read().queued, 0);
    }

    #[test]
    fn ticks_no_enricher_can_take_are_not_processed() {
        let (log, shutdown) = (Log::new(Vec::new(), true), Shutdown::default());
        let gauges = Gauges::default();
        let me = source(&log, &shutdown, &gauges);
        let (outlet, inlets) = channels::<Tick>(1, 4);
        drop(inlets);
        let stats = produce(&me, Market::new(9, 2), 7, Pace::new(0), outlet, drawn);
        assert_eq!(
            (stats.received, stats.passed, stats.not_processed),
            (7, 0, 7)
        );
        assert!(stats.conserves());
    }

    #[test]
    fn a_stopped_run_draws_no_more() {
        let (log, shutdown) = (Log::new(Vec::new(), true), Shutdown::default());
        shutdown.advance(crate::shutdown::Phase::Draining);
        let gauges = Gauges::default();
        let me = source(&log, &shutdown, &gauges);
        let (outlet, _inlets) = channels::<Tick>(1, 4);
        assert_eq!(
            produce(&me, Market::new(9, 2), 7, Pace::new(0), outlet, drawn).received,
            0
        );
    }
}
