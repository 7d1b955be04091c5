//! Stage 3, the signal generator: the strategy of the source document's pipeline.
//!
//! A price above its moving average and up more than 0.1 % since the last tick is a
//! buy; below it and down more than 0.1 %, a sell; anything else no signal (the
//! stage *filters* the tick). The confidence is the size of the move, at most 1 %.
//! The rule reads one enriched tick and nothing else, so any worker may run it; the
//! stage is routed by symbol anyway, so that each symbol's signals leave it in order.

use std::fmt;

use crate::enrich::{Enriched, Pcm};

/// A move smaller than this (0.1 %) is no signal.
pub const THRESHOLD: Pcm = Pcm(100);
/// The most a signal's confidence can be (1 %).
pub const MAX_CONFIDENCE: Pcm = Pcm(1000);

/// Buy or sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Price above its average and rising.
    Buy,
    /// Price below its average and falling.
    Sell,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Buy => "BUY",
            Self::Sell => "SELL",
        })
    }
}

/// A trading signal: what the strategy would do with one tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// The tick it was drawn from (its symbol and price are the signal's).
    pub from: Enriched,
    /// What to do.
    pub action: Action,
    /// How sure: the size of the move, capped at [`MAX_CONFIDENCE`]; shown as a
    /// percentage without its sign (`0.119`).
    pub confidence: Pcm,
}

/// The strategy: a signal for `tick`, or `None`.
pub fn signal(tick: &Enriched) -> Option<Signal> {
    let (price, sma, change) = (tick.tick.price, tick.sma, tick.change);
    let action = if price > sma && change > THRESHOLD {
        Action::Buy
    } else if price < sma && change.0 < -THRESHOLD.0 {
        Action::Sell
    } else {
        return None;
    };
    Some(Signal {
        from: *tick,
        action,
        confidence: Pcm(change.0.abs().min(MAX_CONFIDENCE.0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{Cents, Symbol, Tick};

    fn enriched(price: i64, sma: i64, change: i64) -> Enriched {
        Enriched {
            tick: Tick {
                seq: 1,
                symbol: Symbol(0),
                price: Cents(price),
                volume: 1,
            },
            sma: Cents(sma),
            change: Pcm(change),
        }
    }

    #[test]
    fn above_the_average_and_rising_is_a_buy() {
        let s = signal(&enriched(105, 100, 119)).expect("a signal");
        assert_eq!((s.action, s.confidence), (Action::Buy, Pcm(119)));
    }

    #[test]
    fn below_the_average_and_falling_is_a_sell_with_capped_confidence() {
        let s = signal(&enriched(95, 100, -2500)).expect("a signal");
        assert_eq!((s.action, s.confidence), (Action::Sell, MAX_CONFIDENCE));
    }

    #[test]
    fn small_or_contrary_moves_are_no_signal() {
        assert_eq!(
            signal(&enriched(105, 100, 100)),
            None,
            "exactly 0.1 % is not more"
        );
        assert_eq!(
            signal(&enriched(95, 100, 500)),
            None,
            "rising below the average"
        );
        assert_eq!(signal(&enriched(105, 100, -500)), None, "falling above it");
        assert_eq!(signal(&enriched(100, 100, 500)), None, "at the average");
    }
}
