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
