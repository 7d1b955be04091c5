//! Stage 2, the enricher: each tick with its symbol's 5-tick moving average and its
//! change since the symbol's previous tick.
//!
//! The state is per symbol, which is what lets the stage run on several workers: as
//! long as every tick of a symbol goes to the same worker, in order (see
//! [`outlet`](crate::outlet)), each worker's state is exactly what one enricher
//! would have had for those symbols.

use std::collections::{HashMap, VecDeque};
use std::fmt;

use crate::market::{Cents, Symbol, Tick};

/// How many of a symbol's last prices the moving average spans.
pub const SMA_TICKS: usize = 5;

/// A tick with its indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enriched {
    /// The raw tick.
    pub tick: Tick,
    /// The mean of the symbol's last [`SMA_TICKS`] prices, this one included (of all
    /// of them while there are fewer), rounded down to the cent.
    pub sma: Cents,
    /// The change since the symbol's previous price in thousandths of a percent
    /// (`119` is +0.119 %); 0 for a symbol's first tick.
    pub change: Pcm,
}

/// A ratio in thousandths of a percent (per cent mille): `119` reads `+0.119%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pcm(pub i64);

impl fmt::Display for Pcm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "+" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:03}%", abs / 1000, abs % 1000)
    }
}

/// One enricher's state: the last prices of the symbols it has seen.
#[derive(Debug, Default)]
pub struct Enricher {
    history: HashMap<Symbol, VecDeque<i64>>,
}

impl Enricher {
    /// Adds `tick` to its symbol's history and returns it enriched.
    pub fn enrich(&mut self, tick: Tick) -> Enriched {
        let history = self.history.entry(tick.symbol).or_default();
        let previous = history.back().copied().unwrap_or(tick.price.0);
        if history.len() == SMA_TICKS {
            history.pop_front();
        }
        history.push_back(tick.price.0);
        let sum: i64 = history.iter().sum();
        Enriched {
            tick,
            sma: Cents(sum / history.len() as i64),
            change: Pcm((tick.price.0 - previous) * 100_000 / previous),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tick(seq: u64, price: i64) -> Tick {
        Tick {
            seq,
            symbol: Symbol(0),
            price: Cents(price),
            volume: 10,
        }
    }

    #[test]
    fn the_average_spans_the_last_five_prices() {
        let mut enricher = Enricher::default();
        let prices = [
            4_200_000, 4_205_000, 4_210_000, 4_208_000, 4_215_000, 4_220_000,
        ];
        let enriched: Vec<Enriched> = prices
            .iter()
            .enumerate()
            .map(|(i, &p)| enricher.enrich(tick(i as u64 + 1, p)))
            .collect();
        assert_eq!(enriched[0].sma, Cents(4_200_000));
        assert_eq!(enriched[0].change, Pcm(0));
        assert_eq!(enriched[1].sma, Cents(4_202_500));
        // 42000 -> 42050 is +0.119 % (0.11904…, rounded toward zero).
        assert_eq!(enriched[1].change, Pcm(119));
        assert_eq!(enriched[1].change.to_string(), "+0.119%");
        // The sixth average leaves the first price out.
        assert_eq!(
            enriched[5].sma,
            Cents((4_205_000 + 4_210_000 + 4_208_000 + 4_215_000 + 4_220_000) / 5)
        );
        assert_eq!(Pcm(-47).to_string(), "-0.047%");
    }

    #[test]
    fn each_symbol_has_its_own_history() {
        let mut enricher = Enricher::default();
        enricher.enrich(tick(1, 100));
        let other = enricher.enrich(Tick {
            symbol: Symbol(1),
            ..tick(2, 900)
        });
        assert_eq!((other.sma, other.change), (Cents(900), Pcm(0)));
    }
}
