//! The quote aggregator's market: three exchanges, each quoting its own bid and ask.
//!
//! As in the source document: Binance quotes BTC/USDT with a spread of 1.00,
//! Coinbase BTC/USD with 3.00, Kraken XBTUSD with 4.00, all around 42000.00. One
//! market price walks under all three (up to 1.00 either way between quote numbers,
//! drawn from `--seed` and the quote's number, so every exchange's k-th quote sees
//! the same price); each exchange quotes it with noise of its own (up to 1.00
//! either way, drawn from the seed, the exchange and the quote's number), Kraken
//! 1.00 lower. Quotes of the same number rarely cross (Coinbase's bid above
//! Binance's ask, about one in eight); the aggregator sees more arbitrage when one
//! exchange runs ahead of the others and it compares a fresh quote with a stale
//! one, which is the lesson of a run flat out.

use std::fmt;

use plumbing::task_rng;
use rand::RngExt;

use crate::market::Cents;

/// The largest move of the market price between two quote numbers.
pub const MAX_STEP: Cents = Cents(100);
/// The largest distance of a quote's bid from the market price plus its offset.
pub const MAX_NOISE: Cents = Cents(100);
/// The market price before the first quote.
const OPENING: i64 = 4_200_000;

/// An exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exchange {
    /// Quotes BTC/USDT.
    Binance,
    /// Quotes BTC/USD.
    Coinbase,
    /// Quotes XBTUSD.
    Kraken,
}

impl Exchange {
    /// The three, in the order the aggregator prefers among equal prices.
    pub const ALL: [Exchange; 3] = [Self::Binance, Self::Coinbase, Self::Kraken];

    /// The pair it quotes.
    pub fn pair(self) -> &'static str {
        ["BTC/USDT", "BTC/USD", "XBTUSD"][self as usize]
    }

    /// Its bid's offset from the market price, and its spread, in cents.
    fn quoting(self) -> (i64, i64) {
        [(0, 100), (0, 300), (-100, 400)][self as usize]
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(["Binance", "Coinbase", "Kraken"][*self as usize])
    }
}

/// One quote: an exchange's best bid and ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Who quotes.
    pub exchange: Exchange,
    /// Its place in the exchange's stream, from 1.
    pub seq: u64,
    /// The highest price a buyer there pays.
    pub bid: Cents,
    /// The lowest price a seller there takes.
    pub ask: Cents,
}

impl Quote {
    /// What the exchange says of it: `quote 3`, `BTC/USDT bid 42000.00, ask 42001.00`.
    pub fn said(&self) -> (QuoteNo, Quoted) {
        (QuoteNo(self.seq), Quoted(*self))
    }
}

/// `quote 3`: how an exchange names its own quote.
#[derive(Debug, Clone, Copy)]
pub struct QuoteNo(u64);

impl fmt::Display for QuoteNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "quote {}", self.0)
    }
}

/// `BTC/USDT bid 42000.00, ask 42001.00`.
#[derive(Debug, Clone, Copy)]
pub struct Quoted(Quote);

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.0;
        write!(f, "{} bid {}, ask {}", q.exchange.pair(), q.bid, q.ask)
    }
}

/// One exchange's endless stream of quotes, the same for the same seed.
#[derive(Debug, Clone)]
pub struct Quotes {
    exchange: Exchange,
    seed: u64,
    /// The market price at the last quote number.
    price: i64,
    next: u64,
}

impl Quotes {
    /// `exchange`'s quotes under `seed`.
    pub fn new(seed: u64, exchange: Exchange) -> Self {
        Self {
            exchange,
            seed,
            price: OPENING,
            next: 1,
        }
    }
}

/// Keeps the market's draws apart from each exchange's (`task_rng` ids).
const EXCHANGE_IDS: u64 = 1 << 48;

impl Iterator for Quotes {
    type Item = Quote;

    fn next(&mut self) -> Option<Quote> {
        let seq = self.next;
        self.next += 1;
        // Every exchange replays the same walk: the price is a function of the seed
        // and the quote number only, never of which thread draws it.
        self.price += task_rng(self.seed, seq).random_range(-MAX_STEP.0..=MAX_STEP.0);
        let id = EXCHANGE_IDS * (self.exchange as u64 + 1) + seq;
        let noise = task_rng(self.seed, id).random_range(-MAX_NOISE.0..=MAX_NOISE.0);
        let (offset, spread) = self.exchange.quoting();
        let bid = self.price + offset + noise;
        Some(Quote {
            exchange: self.exchange,
            seq,
            bid: Cents(bid),
            ask: Cents(bid + spread),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_exchange_quotes_the_common_price_its_own_way() {
        let first = |e| Quotes::new(1, e).take(200).collect::<Vec<Quote>>();
        let (binance, kraken) = (first(Exchange::Binance), first(Exchange::Kraken));
        for (b, k) in binance.iter().zip(&kraken) {
            // Both within their noise of the same price, Kraken 1.00 lower.
            assert!(
                (b.bid.0 - (k.bid.0 + 100)).abs() <= 2 * MAX_NOISE.0,
                "{b:?} {k:?}"
            );
            assert_eq!((b.ask.0 - b.bid.0, k.ask.0 - k.bid.0), (100, 400));
        }
        assert_eq!(
            kraken[0].said().1.to_string().split(' ').next(),
            Some("XBTUSD")
        );
        assert_eq!(binance[2].said().0.to_string(), "quote 3");
    }

    #[test]
    fn streams_are_seeded() {
        let a: Vec<Quote> = Quotes::new(5, Exchange::Coinbase).take(50).collect();
        assert_eq!(
            a,
            Quotes::new(5, Exchange::Coinbase)
                .take(50)
                .collect::<Vec<_>>()
        );
        assert_ne!(
            a,
            Quotes::new(6, Exchange::Coinbase)
                .take(50)
                .collect::<Vec<_>>()
        );
        assert!(
            a.windows(2).any(|w| w[1].bid != w[0].bid),
            "the price walks"
        );
    }
}
