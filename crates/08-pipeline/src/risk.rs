//! The risk manager's two processors (the source document's second homework), each
//! a stage between the signal generator and the executor (`--system risk`):
//!
//! 1. **The risk filter** rejects oversized orders: a signal proposes to trade the
//!    tick's volume, and an order whose notional (volume × price) is above
//!    `--max-order` is rejected.
//! 2. **The sizer** replaces the proposed volume with the Kelly criterion's: bet the
//!    fraction f* = (b·p − q) / b of the bankroll, with even odds (b = 1) and a
//!    chance of winning that grows with the signal's confidence, p = 1/2 +
//!    confidence / 4 (a confidence of 1 % gives p = 3/4). So f* = 2p − 1 =
//!    confidence / 2: a 0.300 % signal bets 15 % of `--bankroll`.
//!
//! Both read one order and nothing else: no state, so any worker may run them and
//! the results are the same however many there are. The bankroll is the same for
//! every order (not the profit so far, which would depend on the order the symbols'
//! trades happen in).

use std::fmt;

use crate::market::{Cents, Milli};
use crate::signal::Signal;

/// An order: a signal and how much of it to trade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// The signal it comes from (its action, symbol, price and confidence).
    pub signal: Signal,
    /// How much: the tick's volume as proposed, the Kelly size once sized.
    pub quantity: Milli,
}

impl Order {
    /// What the order is worth at its price.
    pub fn notional(&self) -> Cents {
        self.quantity.at(self.signal.from.tick.price)
    }
}

/// The risk manager's limits, from the flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest notional an order may have (`--max-order`).
    pub max_order: Cents,
    /// What the sizer bets a fraction of (`--bankroll`).
    pub bankroll: Cents,
}

/// The order a signal proposes: its tick's volume.
pub fn propose(signal: Signal) -> Order {
    Order {
        signal,
        // Volume is in tenths of a unit; a quantity in thousandths.
        quantity: Milli(i64::from(signal.from.tick.volume) * 100),
    }
}

/// Processor 1: the proposed order, or its notional if that is above the limit.
pub fn screen(order: Order, limits: &Limits) -> Result<Order, Cents> {
    let notional = order.notional();
    if notional > limits.max_order {
        Err(notional)
    } else {
        Ok(order)
    }
}

/// The Kelly fraction of a signal, in thousandths: f* = 2p − 1 with p = 1/2 +
/// confidence / 4 is half the confidence, so a 0.300 % signal (300 in thousandths of
/// a percent) bets 150 ‰, 15 %.
pub fn kelly(signal: &Signal) -> Permille {
    Permille(signal.confidence.0 / 2)
}

/// Processor 2: the order sized by the Kelly criterion, rounded down to a
/// thousandth of a unit (0 when even that is more than the bet).
pub fn size(order: Order, limits: &Limits) -> Order {
    let fraction = kelly(&order.signal);
    let price = order.signal.from.tick.price.0;
    Order {
        quantity: Milli(fraction.0 * limits.bankroll.0 / price),
        ..order
    }
}

/// A fraction in thousandths: `150` reads `15.0%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Permille(pub i64);

impl fmt::Display for Permille {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}%", self.0 / 10, self.0 % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::{Enriched, Pcm};
    use crate::market::{Symbol, Tick};
    use crate::signal::Action;

    fn signal(price: i64, volume: u32, confidence: i64) -> Signal {
        let tick = Tick {
            seq: 1,
            symbol: Symbol(0),
            price: Cents(price),
            volume,
        };
        Signal {
            from: Enriched {
                tick,
                sma: Cents(price),
                change: Pcm(confidence),
            },
            action: Action::Buy,
            confidence: Pcm(confidence),
        }
    }

    const LIMITS: Limits = Limits {
        max_order: Cents(5_000_000),
        bankroll: Cents(1_000_000),
    };

    #[test]
    fn an_order_above_the_limit_is_rejected() {
        // 1.5 BTC at 42000.00 is 63000.00, over 50000.00.
        let big = propose(signal(4_200_000, 15, 300));
        assert_eq!(big.quantity, Milli(1500));
        assert_eq!(screen(big, &LIMITS), Err(Cents(6_300_000)));
        let small = propose(signal(4_200_000, 11, 300));
        assert_eq!(screen(small, &LIMITS), Ok(small), "46200.00 passes");
        // 1.0 at 50000.00 is exactly the limit: not above it.
        let edge = propose(signal(5_000_000, 10, 300));
        assert_eq!(screen(edge, &LIMITS), Ok(edge));
    }

    #[test]
    fn kelly_bets_half_the_confidence_of_the_bankroll() {
        let order = propose(signal(4_200_000, 10, 300));
        assert_eq!(kelly(&order.signal), Permille(150));
        assert_eq!(Permille(150).to_string(), "15.0%");
        // 15 % of 10000.00 at 42000.00: 0.035 BTC.
        assert_eq!(size(order, &LIMITS).quantity, Milli(35));
        // A bet smaller than a thousandth of a unit rounds down to nothing.
        let tiny = Limits {
            bankroll: Cents(1_000),
            ..LIMITS
        };
        assert_eq!(size(order, &tiny).quantity, Milli(0));
    }
}
