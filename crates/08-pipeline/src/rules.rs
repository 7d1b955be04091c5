//! Each stage's rule as a worker runs it: the item passed on, and the words the
//! transcript says of it.
//!
//! The rules themselves ([`enrich`](crate::enrich), [`signal`](crate::signal),
//! [`execute`](crate::execute)) know nothing of threads; these adapters are the one
//! place their results become transcript lines.

use crate::enrich::{Enriched, Enricher, Pcm};
use crate::execute::Book;
use crate::market::Tick;
use crate::signal::{Signal, signal};

/// `BTC SMA 42025.00, change +0.119%`.
pub fn enrich(enricher: &mut Enricher, tick: Tick) -> (Option<Enriched>, String) {
    let e = enricher.enrich(tick);
    let line = format!("{} SMA {}, change {}", tick.symbol, e.sma, e.change);
    (Some(e), line)
}

/// `BUY BTC (confidence 0.119)`, or `no signal for BTC`.
pub fn generate(tick: Enriched) -> (Option<Signal>, String) {
    match signal(&tick) {
        Some(s) => {
            let line = format!(
                "{} {} (confidence {})",
                s.action,
                tick.tick.symbol,
                unsigned(s.confidence)
            );
            (Some(s), line)
        }
        None => (None, format!("no signal for {}", tick.tick.symbol)),
    }
}

/// `EXECUTING BUY BTC @ 42050.00`, or `skipping SELL ETH (low confidence)`.
pub fn execute(book: &mut Book, s: Signal) -> (Option<Signal>, String) {
    let tick = s.from.tick;
    if book.execute(&s) {
        let line = format!("EXECUTING {} {} @ {}", s.action, tick.symbol, tick.price);
        (Some(s), line)
    } else {
        let line = format!("skipping {} {} (low confidence)", s.action, tick.symbol);
        (None, line)
    }
}

/// A confidence as the source document prints it: a percentage without its sign.
fn unsigned(p: Pcm) -> String {
    let abs = p.0.unsigned_abs();
    format!("{}.{:03}", abs / 1000, abs % 1000)
}
