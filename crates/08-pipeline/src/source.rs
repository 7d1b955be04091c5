//! Stage 1, the data source: draws ticks from the market and sends each to the
//! enricher that owns its symbol.
//!
//! It is the pipeline's one producer, and the only thread that watches for a
//! shutdown *before* it acts: once the run stops, it draws no more ticks and ends,
//! and its outlet, dropped with it, closes the first channel. Every stage after it
//! ends when its input closes (see [`stage`](crate::stage)).

use std::io::Write;

use crate::market::{Market, Tick};
use crate::outlet::Outlet;
use crate::pace::Pace;
use crate::stage::Worker;
use crate::stats::StageStats;

/// Sends `ticks` ticks of `market` into `outlet` at `pace`, or fewer if the run is
/// stopped; returns the source's counts.
pub fn source<W: Write>(
    worker: &Worker<'_, W>,
    market: Market,
    ticks: u64,
    pace: Pace,
    outlet: Outlet<Tick>,
) -> StageStats {
    let mut stats = StageStats::default();
    for (i, tick) in (0..ticks).zip(market) {
        // Sleeps until the tick is due; `false` once the run is stopping.
        if !pace.wait_for(i, worker.shutdown) {
            break;
        }
        stats.received += 1;
        worker.say(
            tick.seq,
            format_args!(
                "{} @ {} (volume {}.{})",
                tick.symbol,
                tick.price,
                tick.volume / 10,
                tick.volume % 10
            ),
        );
        match outlet.send(tick, &mut stats.waited_to_send) {
            Ok(()) => stats.passed += 1,
            // An enricher is gone (it panicked): the tick cannot go on.
            Err(_) => {
                stats.not_processed += 1;
                worker.say(
                    tick.seq,
                    format_args!("not passed on: the next stage is gone"),
                );
            }
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use plumbing::Log;

    use super::*;
    use crate::outlet::channels;
    use crate::shutdown::Shutdown;

    #[test]
    fn every_tick_goes_to_its_symbols_enricher_in_order() {
        let (log, shutdown) = (Log::new(Vec::new(), true), Shutdown::default());
        let me = Worker {
            name: "DataSource".into(),
            log: &log,
            shutdown: &shutdown,
        };
        let (outlet, inlets) = channels(2, 100);
        let stats = source(&me, Market::new(9, 4), 50, Pace::new(0), outlet);
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
    fn ticks_no_enricher_can_take_are_not_processed() {
        let (log, shutdown) = (Log::new(Vec::new(), true), Shutdown::default());
        let me = Worker {
            name: "DataSource".into(),
            log: &log,
            shutdown: &shutdown,
        };
        let (outlet, inlets) = channels::<Tick>(1, 4);
        drop(inlets);
        let stats = source(&me, Market::new(9, 2), 7, Pace::new(0), outlet);
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
        let me = Worker {
            name: "DataSource".into(),
            log: &log,
            shutdown: &shutdown,
        };
        let (outlet, _inlets) = channels::<Tick>(1, 4);
        assert_eq!(
            source(&me, Market::new(9, 2), 7, Pace::new(0), outlet).received,
            0
        );
    }
}
