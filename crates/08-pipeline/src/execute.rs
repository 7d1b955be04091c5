//! The last stage, the executor: acts on confident signals and keeps the book.
//!
//! In the pipeline a signal more confident than 0.15 % is executed: one unit bought
//! or sold at the signal's price; a less confident one is skipped (the stage filters
//! it). Behind the risk manager, every order the sizer gave a quantity is executed
//! ([`Book::fill`]). The book holds, per symbol, the position, the cash the trades
//! cost or brought (rounded toward zero to the cent, trade by trade), and the last
//! price traded; its profit and loss is the cash plus the position at that price.
//! Everything is per symbol and in cents, so the totals are the same whatever order
//! the symbols' signals arrive in: only each symbol's own order matters, and the
//! pipeline keeps that.

use std::collections::BTreeMap;

use crate::enrich::Pcm;
use crate::market::{Cents, Milli, Symbol};
use crate::risk::Order;
use crate::signal::{Action, Signal};

/// A signal must be more confident than this (0.15 %) to be executed.
pub const MIN_CONFIDENCE: Pcm = Pcm(150);

/// One symbol's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Quantity held; negative when short.
    pub position: Milli,
    /// What the trades brought in, less what they cost.
    pub cash: Cents,
    /// The price of the last trade.
    pub last_price: Cents,
    /// Orders executed.
    pub orders: u64,
}

impl Ledger {
    /// Profit and loss: the cash, plus the position valued at the last price.
    pub fn pnl(&self) -> Cents {
        Cents(self.cash.0 + self.position.at(self.last_price).0)
    }
}

/// The executor's book: a ledger per symbol traded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Book {
    /// By symbol, in symbol order.
    pub ledgers: BTreeMap<Symbol, Ledger>,
}

impl Book {
    /// Executes `signal`, one unit, if it is confident enough; returns whether it
    /// did.
    pub fn execute(&mut self, signal: &Signal) -> bool {
        signal.confidence > MIN_CONFIDENCE
            && self.fill(&Order {
                signal: *signal,
                quantity: Milli::UNIT,
            })
    }

    /// Executes `order` if it has a quantity; returns whether it did.
    pub fn fill(&mut self, order: &Order) -> bool {
        if order.quantity.0 <= 0 {
            return false;
        }
        let tick = order.signal.from.tick;
        let ledger = self.ledgers.entry(tick.symbol).or_default();
        let value = order.quantity.at(tick.price).0;
        let (quantity, cash) = match order.signal.action {
            Action::Buy => (order.quantity.0, -value),
            Action::Sell => (-order.quantity.0, value),
        };
        ledger.position.0 += quantity;
        ledger.cash.0 += cash;
        ledger.last_price = tick.price;
        ledger.orders += 1;
        true
    }

    /// Orders executed, over every symbol.
    pub fn orders(&self) -> u64 {
        self.ledgers.values().map(|l| l.orders).sum()
    }

    /// Profit and loss, over every symbol.
    pub fn pnl(&self) -> Cents {
        Cents(self.ledgers.values().map(|l| l.pnl().0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::Enriched;
    use crate::market::Tick;

    fn signal(symbol: usize, action: Action, price: i64, confidence: i64) -> Signal {
        let tick = Tick {
            seq: 1,
            symbol: Symbol(symbol),
            price: Cents(price),
            volume: 1,
        };
        Signal {
            from: Enriched {
                tick,
                sma: Cents(price),
                change: Pcm(confidence),
            },
            action,
            confidence: Pcm(confidence),
        }
    }

    #[test]
    fn only_confident_signals_trade() {
        let mut book = Book::default();
        assert!(
            !book.execute(&signal(0, Action::Buy, 100, 150)),
            "0.15 % is not more"
        );
        assert!(book.execute(&signal(0, Action::Buy, 100, 151)));
        assert_eq!(book.orders(), 1);
    }

    #[test]
    fn profit_is_cash_plus_the_position_at_the_last_price() {
        let mut book = Book::default();
        book.execute(&signal(0, Action::Buy, 10_000, 500));
        book.execute(&signal(0, Action::Buy, 10_100, 500));
        book.execute(&signal(0, Action::Sell, 10_300, 500));
        book.execute(&signal(1, Action::Sell, 500, 500));
        let btc = book.ledgers[&Symbol(0)];
        assert_eq!((btc.position, btc.cash), (Milli::UNIT, Cents(-9_800)));
        // Long one unit, last traded at 103.00: -98.00 + 103.00.
        assert_eq!(btc.pnl(), Cents(500));
        assert_eq!(book.ledgers[&Symbol(1)].pnl(), Cents(0));
        assert_eq!((book.orders(), book.pnl()), (4, Cents(500)));
    }

    #[test]
    fn an_order_fills_its_quantity_and_an_empty_one_nothing() {
        let mut book = Book::default();
        let buy = signal(0, Action::Buy, 4_200_000, 300);
        assert!(!book.fill(&Order {
            signal: buy,
            quantity: Milli(0)
        }));
        assert!(book.fill(&Order {
            signal: buy,
            quantity: Milli(35)
        }));
        let btc = book.ledgers[&Symbol(0)];
        // 0.035 at 42000.00 costs 1470.00.
        assert_eq!(
            (btc.position, btc.cash, btc.pnl()),
            (Milli(35), Cents(-147_000), Cents(0))
        );
    }
}
