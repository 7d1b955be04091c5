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
    /// Quantity held, in thousandths of a unit.
    pub units: i64,
    /// Cash in cents.
    pub cash: i64,
    /// Last price traded.
    pub last: i64,
    /// Orders executed.
    pub orders: u64,
}

/// What `quantity` thousandths of a unit cost at `price`, toward zero to the cent.
fn value(quantity: i64, price: i64) -> i64 {
    quantity * price / 1000
}

impl Ledger {
    /// Cash plus the position at the last price.
    pub fn pnl(&self) -> i64 {
        self.cash + value(self.units, self.last)
    }

    /// Books one trade of `quantity` thousandths.
    pub fn trade(&mut self, action: Action, price: i64, quantity: i64) {
        let sign = if action == Action::Buy { 1 } else { -1 };
        self.units += sign * quantity;
        self.cash -= sign * value(quantity, price);
        self.last = price;
        self.orders += 1;
    }
}

/// The risk manager's limits, in cents, as the header states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest notional an order may have.
    pub max_order: i64,
    /// What the sizer bets a fraction of.
    pub bankroll: i64,
}

/// A tick as the source drew it: number, symbol, price in cents, volume in tenths.
pub type Drawn = (u64, String, i64, i64);

/// What each later stage should say of one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The enricher's line.
    pub enriched: Said,
    /// The signal generator's line.
    pub signal: Said,
    /// The risk filter's line, behind the risk manager, if the tick made a signal.
    pub risk: Option<Said>,
    /// The sizer's line, if the risk filter passed the order.
    pub sized: Option<Said>,
    /// The executor's line, if it gets the tick.
    pub executed: Option<Said>,
}

/// The model's verdict on every tick, by sequence number, from the source's ticks in
/// the order drawn; `limits` for the risk manager's pipeline.
pub fn expected(ticks: &[Drawn], limits: Option<Limits>) -> HashMap<u64, Expected> {
    let mut history: HashMap<&str, Vec<i64>> = HashMap::new();
    let mut out = HashMap::new();
    for (seq, symbol, price, volume) in ticks {
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
        let mut e = Expected {
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
            risk: None,
            sized: None,
            executed: None,
        };
        if let Some(action) = action {
            match limits {
                None => {
                    e.executed = Some(match confidence > 150 {
                        true => Said::Executed {
                            action,
                            symbol,
                            price: *price,
                            quantity: 1000,
                        },
                        false => Said::Skipped { action, symbol },
                    })
                }
                Some(limits) => risk(
                    &mut e,
                    action,
                    symbol,
                    *price,
                    volume * 100,
                    confidence,
                    limits,
                ),
            }
        }
        out.insert(*seq, e);
    }
    out
}

/// The risk manager's verdicts: reject an order over the limit; else bet the Kelly
/// fraction (half the confidence, in thousandths) of the bankroll; trade it if it is
/// at least a thousandth.
fn risk(
    e: &mut Expected,
    action: Action,
    symbol: String,
    price: i64,
    quantity: i64,
    confidence: i64,
    limits: Limits,
) {
    let notional = value(quantity, price);
    if notional > limits.max_order {
        let limit = limits.max_order;
        e.risk = Some(Said::Rejected {
            action,
            symbol,
            quantity,
            notional,
            limit,
        });
        return;
    }
    e.risk = Some(Said::Passed {
        action,
        symbol: symbol.clone(),
        quantity,
        notional,
    });
    let kelly = confidence / 2;
    let sized = kelly * limits.bankroll / price;
    e.sized = Some(Said::Sized {
        action,
        symbol: symbol.clone(),
        quantity: sized,
        kelly,
    });
    e.executed = Some(match sized > 0 {
        true => Said::Executed {
            action,
            symbol,
            price,
            quantity: sized,
        },
        false => Said::TooSmall { action, symbol },
    });
}

/// The book the executor's trades add up to, by symbol.
pub fn book<'a>(trades: impl IntoIterator<Item = &'a Said>) -> BTreeMap<String, Ledger> {
    let mut book: BTreeMap<String, Ledger> = BTreeMap::new();
    for said in trades {
        if let Said::Executed {
            action,
            symbol,
            price,
            quantity,
        } = said
        {
            book.entry(symbol.clone())
                .or_default()
                .trade(*action, *price, *quantity);
        }
    }
    book
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_follows_the_source_documents_rules() {
        let ticks: Vec<Drawn> = [4_200_000, 4_205_000, 4_199_000, 4_190_000]
            .iter()
            .enumerate()
            .map(|(i, &p)| (i as u64 + 1, "BTC".to_owned(), p, 15))
            .collect();
        let e = expected(&ticks, None);
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
                quantity: 1000,
            },
            Said::Executed {
                action: Action::Buy,
                symbol: "BTC".into(),
                price: 110,
                quantity: 1000,
            },
        ]);
        assert_eq!(book["BTC"].pnl(), 10);
    }

    #[test]
    fn the_risk_manager_rejects_big_orders_and_sizes_the_rest() {
        let limits = Limits {
            max_order: 5_000_000,
            bankroll: 1_000_000,
        };
        // A sell of 0.3 % at 41874.00: proposed 1.5 units (62811.00) is too big.
        let ticks: Vec<Drawn> = vec![
            (1, "BTC".into(), 4_200_000, 15),
            (2, "BTC".into(), 4_187_400, 15),
        ];
        let e = expected(&ticks, Some(limits));
        assert!(matches!(
            e[&2].risk,
            Some(Said::Rejected { quantity: 1500, .. })
        ));
        assert_eq!((&e[&2].sized, &e[&2].executed), (&None, &None));
        let ticks: Vec<Drawn> = vec![
            (1, "BTC".into(), 4_200_000, 15),
            (2, "BTC".into(), 4_187_400, 10),
        ];
        let e = expected(&ticks, Some(limits));
        // Kelly: half of 0.3 % is 150 ‰ of 10000.00 at 41874.00, 0.035 units.
        assert_eq!(
            e[&2].sized,
            Some(Said::Sized {
                action: Action::Sell,
                symbol: "BTC".into(),
                quantity: 35,
                kelly: 150
            })
        );
        assert!(matches!(
            e[&2].executed,
            Some(Said::Executed { quantity: 35, .. })
        ));
    }
}
