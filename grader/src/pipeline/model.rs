//! The grader's own sequential model of pass 08's rules: what one thread applying
//! them to the source's ticks, in order, would say of each tick.
//!
//! It is written apart from the pass on purpose: a pass graded against its own code
//! would pass with any rule. The rules are the source document's, in integers: a
//! 5-tick moving average (rounded down to the cent), the change in thousandths of a
//! percent (rounded toward zero), buy above the average and up more than 0.1 %, sell
//! below it and down more than 0.1 %, confidence the move capped at 1 %, trade one
//! unit when the confidence is over 0.15 %.

use std::collections::{BTreeMap, HashMap};

use super::line::{Action, Said};

/// A symbol's book as the model keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Units held.
    pub units: i64,
    /// Cash in cents.
    pub cash: i64,
    /// Last price traded.
    pub last: i64,
    /// Orders executed.
    pub orders: u64,
}

impl Ledger {
    /// Cash plus the position at the last price.
    pub fn pnl(&self) -> i64 {
        self.cash + self.units * self.last
    }

    /// Books one trade.
    pub fn trade(&mut self, action: Action, price: i64) {
        let units = if action == Action::Buy { 1 } else { -1 };
        self.units += units;
        self.cash -= units * price;
        self.last = price;
        self.orders += 1;
    }
}

/// What each later stage should say of one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The enricher's line.
    pub enriched: Said,
    /// The signal generator's line.
    pub signal: Said,
    /// The executor's line, if the tick made a signal.
    pub executed: Option<Said>,
}

/// The model's verdict on every tick, by sequence number, from the source's ticks
/// `(seq, symbol, price)` in the order drawn.
pub fn expected(ticks: &[(u64, String, i64)]) -> HashMap<u64, Expected> {
    let mut history: HashMap<&str, Vec<i64>> = HashMap::new();
    let mut out = HashMap::new();
    for (seq, symbol, price) in ticks {
        let prices = history.entry(symbol).or_default();
        let previous = prices.last().copied().unwrap_or(*price);
        prices.push(*price);
        let window = &prices[prices.len().saturating_sub(5)..];
        let sma = window.iter().sum::<i64>() / window.len() as i64;
        let change = (price - previous) * 100_000 / previous;
        let action = match () {
            () if *price > sma && change > 100 => Some(Action::Buy),
            () if *price < sma && change < -100 => Some(Action::Sell),
            () => None,
        };
        let confidence = change.abs().min(1000);
        let symbol = symbol.clone();
        out.insert(
            *seq,
            Expected {
                enriched: Said::Enriched {
                    symbol: symbol.clone(),
                    sma,
                    change,
                },
                signal: match action {
                    Some(action) => Said::Signal {
                        action,
                        symbol: symbol.clone(),
                        confidence,
                    },
                    None => Said::NoSignal {
                        symbol: symbol.clone(),
                    },
                },
                executed: action.map(|action| match confidence > 150 {
                    true => Said::Executed {
                        action,
                        symbol,
                        price: *price,
                    },
                    false => Said::Skipped { action, symbol },
                }),
            },
        );
    }
    out
}

/// The book the executor's trades add up to, by symbol.
pub fn book<'a>(trades: impl IntoIterator<Item = &'a Said>) -> BTreeMap<String, Ledger> {
    let mut book: BTreeMap<String, Ledger> = BTreeMap::new();
    for said in trades {
        if let Said::Executed {
            action,
            symbol,
            price,
        } = said
        {
            book.entry(symbol.clone())
                .or_default()
                .trade(*action, *price);
        }
    }
    book
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_follows_the_source_documents_rules() {
        let ticks: Vec<(u64, String, i64)> = [4_200_000, 4_205_000, 4_199_000, 4_190_000]
            .iter()
            .enumerate()
            .map(|(i, &p)| (i as u64 + 1, "BTC".to_owned(), p))
            .collect();
        let e = expected(&ticks);
        assert_eq!(
            e[&1].signal,
            Said::NoSignal {
                symbol: "BTC".into()
            }
        );
        // +0.119 % above an average of 42025.00: a buy, confident enough to trade.
        assert_eq!(
            e[&2].enriched,
            Said::Enriched {
                symbol: "BTC".into(),
                sma: 4_202_500,
                change: 119
            }
        );
        assert_eq!(
            e[&2].executed,
            Some(Said::Skipped {
                action: Action::Buy,
                symbol: "BTC".into()
            }),
            "0.119 % is not over 0.15 %"
        );
        assert_eq!(
            e[&3].signal,
            Said::Signal {
                action: Action::Sell,
                symbol: "BTC".into(),
                confidence: 142
            }
        );
        let book = book(&[
            Said::Executed {
                action: Action::Buy,
                symbol: "BTC".into(),
                price: 100,
            },
            Said::Executed {
                action: Action::Buy,
                symbol: "BTC".into(),
                price: 110,
            },
        ]);
        assert_eq!(book["BTC"].pnl(), 10);
    }
}
