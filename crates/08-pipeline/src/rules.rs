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
use crate::market::{Cents, Tick};
use crate::risk::{self, Limits, Order};
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
    /// `passed BUY 1.100 BTC (notional 46200.00)`: the risk filter's.
    Passed(Order),
    /// `rejected BUY 1.500 BTC: notional 63000.00 over 50000.00`.
    Rejected(Order, Cents),
    /// `BUY 0.035 BTC (Kelly 15.0%)`: the sizer's.
    Sized(Order),
    /// `EXECUTING BUY 0.035 BTC @ 42050.00`: behind the risk manager.
    Filled(Order),
    /// `skipping BUY BTC (size 0.000)`.
    TooSmall(Order),
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
            Self::Passed(o) => write!(f, "passed {} (notional {})", Traded(o), o.notional()),
            Self::Rejected(o, limit) => write!(
                f,
                "rejected {}: notional {} over {limit}",
                Traded(o),
                o.notional()
            ),
            Self::Sized(o) => write!(f, "{} (Kelly {})", Traded(o), risk::kelly(&o.signal)),
            Self::Filled(o) => write!(f, "EXECUTING {} @ {}", Traded(o), o.signal.from.tick.price),
            Self::TooSmall(o) => write!(
                f,
                "skipping {} {} (size {})",
                o.signal.action, o.signal.from.tick.symbol, o.quantity
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

/// The risk filter: the order the signal proposes, passed or rejected.
pub fn screen(limits: &Limits, signal: Signal) -> (Option<Order>, Said) {
    let order = risk::propose(signal);
    match risk::screen(order, limits) {
        Ok(order) => (Some(order), Said::Passed(order)),
        Err(_) => (None, Said::Rejected(order, limits.max_order)),
    }
}

/// The sizer: the order at its Kelly size (which may be 0).
pub fn size(limits: &Limits, order: Order) -> (Option<Order>, Said) {
    let order = risk::size(order, limits);
    (Some(order), Said::Sized(order))
}

/// The executor behind the risk manager: the order filled, or skipped if empty.
pub fn fill(book: &mut Book, order: Order) -> (Option<Order>, Said) {
    if book.fill(&order) {
        (Some(order), Said::Filled(order))
    } else {
        (None, Said::TooSmall(order))
    }
}

/// `BUY 0.035 BTC`: an order's action, quantity and symbol.
struct Traded<'a>(&'a Order);

impl fmt::Display for Traded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = self.0;
        write!(
            f,
            "{} {} {}",
            o.signal.action, o.quantity, o.signal.from.tick.symbol
        )
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
