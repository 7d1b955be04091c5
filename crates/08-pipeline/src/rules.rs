//! Each stage's rule as a worker runs it: the item passed on, and what the
//! transcript says of it.
//!
//! The rules themselves ([`enrich`](crate::enrich), [`signal`](crate::signal),
//! [`execute`](crate::execute)) know nothing of threads or lines; these adapters
//! return the rule's result with a [`Said`], the one place the words are written.
//! A `Said` is formatted only when the transcript prints it, so a `--quiet` run
//! builds no strings.

use std::fmt;

use crate::enrich::{Enriched, Enricher, Pcm};
use crate::execute::Book;
use crate::market::Tick;
use crate::signal::{Signal, signal};

/// What a stage says of one tick (after `[Enricher 0] tick 7: `).
#[derive(Debug, Clone, Copy)]
pub enum Said {
    /// `BTC @ 42000.00 (volume 1.5)`: the data source's tick.
    Drawn(Tick),
    /// `BTC SMA 42025.00, change +0.119%`.
    Enriched(Enriched),
    /// `BUY BTC (confidence 0.119)`.
    Signal(Signal),
    /// `no signal for BTC`.
    NoSignal(Enriched),
    /// `EXECUTING BUY BTC @ 42050.00`.
    Executed(Signal),
    /// `skipping SELL ETH (low confidence)`.
    Skipped(Signal),
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Drawn(t) => write!(
                f,
                "{} @ {} (volume {}.{})",
                t.symbol,
                t.price,
                t.volume / 10,
                t.volume % 10
            ),
            Self::Enriched(e) => write!(f, "{} SMA {}, change {}", e.tick.symbol, e.sma, e.change),
            Self::Signal(s) => write!(
                f,
                "{} {} (confidence {})",
                s.action,
                s.from.tick.symbol,
                Unsigned(s.confidence)
            ),
            Self::NoSignal(e) => write!(f, "no signal for {}", e.tick.symbol),
            Self::Executed(s) => {
                let tick = s.from.tick;
                write!(f, "EXECUTING {} {} @ {}", s.action, tick.symbol, tick.price)
            }
            Self::Skipped(s) => write!(
                f,
                "skipping {} {} (low confidence)",
                s.action, s.from.tick.symbol
            ),
        }
    }
}

/// Stage 2: the tick enriched.
pub fn enrich(enricher: &mut Enricher, tick: Tick) -> (Option<Enriched>, Said) {
    let e = enricher.enrich(tick);
    (Some(e), Said::Enriched(e))
}

/// Stage 3: a signal, or none (the tick is filtered out).
pub fn generate(tick: Enriched) -> (Option<Signal>, Said) {
    match signal(&tick) {
        Some(s) => (Some(s), Said::Signal(s)),
        None => (None, Said::NoSignal(tick)),
    }
}

/// Stage 4: the signal traded, or skipped (filtered out).
pub fn execute(book: &mut Book, s: Signal) -> (Option<Signal>, Said) {
    if book.execute(&s) {
        (Some(s), Said::Executed(s))
    } else {
        (None, Said::Skipped(s))
    }
}

/// A confidence as the source document prints it: a percentage without its sign.
struct Unsigned(Pcm);

impl fmt::Display for Unsigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.0.unsigned_abs();
        write!(f, "{}.{:03}", abs / 1000, abs % 1000)
    }
}
