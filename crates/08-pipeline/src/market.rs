//! The market the pipeline reads: a seeded stream of ticks.
//!
//! Prices are whole cents (`i64`), never `f64`: the pipeline's results (moving
//! averages, orders, profit and loss) must be the same numbers under every
//! interleaving and in the grader's sequential model, and integer arithmetic has no
//! rounding that depends on the order of a sum.

use std::fmt;

use plumbing::task_rng;
use rand::RngExt;

/// The symbols a market trades, with their opening prices in cents; `--symbols N`
/// trades the first N.
pub const SYMBOLS: [(&str, i64); 8] = [
    ("BTC", 4_200_000),
    ("ETH", 220_000),
    ("SOL", 10_000),
    ("BNB", 30_000),
    ("LTC", 7_000),
    ("AVAX", 3_500),
    ("LINK", 1_500),
    ("DOT", 700),
];

/// The largest move of one tick, in basis points (hundredths of a percent) either way.
pub const MAX_STEP_BP: i64 = 30;

/// A symbol, by its index in [`SYMBOLS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub usize);

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(SYMBOLS[self.0].0)
    }
}

/// An amount of money in cents; shown as `42050.00`, or with `{:+}` as `+12.34`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Cents(pub i64);

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fixed(f, self.0, 2)
    }
}

/// Writes `value`, a count of units of the `places`-th decimal place, as a decimal:
/// `-` when negative, `+` when positive or zero if the format asks for a sign (`{:+}`).
fn fixed(f: &mut fmt::Formatter<'_>, value: i64, places: u32) -> fmt::Result {
    let sign = match (value < 0, f.sign_plus()) {
        (true, _) => "-",
        (false, true) => "+",
        (false, false) => "",
    };
    let (abs, scale) = (value.unsigned_abs(), 10u64.pow(places));
    let width = places as usize;
    write!(f, "{sign}{}.{:0width$}", abs / scale, abs % scale)
}

/// A quantity in thousandths of a unit; shown as `1.500`, or with `{:+}` as `+1.500`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Milli(pub i64);

impl Milli {
    /// One whole unit.
    pub const UNIT: Milli = Milli(1000);

    /// What this quantity costs at `price`, rounded toward zero to the cent.
    pub fn at(self, price: Cents) -> Cents {
        Cents(self.0 * price.0 / 1000)
    }
}

impl fmt::Display for Milli {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fixed(f, self.0, 3)
    }
}

/// One raw tick: what the data source sends down the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    /// Its place in the market's stream, from 1.
    pub seq: u64,
    /// What traded.
    pub symbol: Symbol,
    /// At what price.
    pub price: Cents,
    /// How much, in tenths of a unit (`15` is 1.5).
    pub volume: u32,
}

/// The market: an endless iterator of ticks, the same for the same seed.
///
/// A tick's symbol, move and volume are drawn from its own generator, seeded by
/// `--seed` and its sequence number; the price it moves is the symbol's last one, so
/// the stream is a random walk per symbol.
#[derive(Debug, Clone)]
pub struct Market {
    seed: u64,
    /// The last price of each symbol traded.
    prices: Vec<i64>,
    next: u64,
}

impl Market {
    /// A market of the first `symbols` of [`SYMBOLS`] (1 to 8), seeded by `seed`.
    ///
    /// # Panics
    /// If `symbols` is 0 or more than [`SYMBOLS`] holds (the flag's parser refuses
    /// both).
    pub fn new(seed: u64, symbols: usize) -> Self {
        assert!((1..=SYMBOLS.len()).contains(&symbols), "1 to 8 symbols");
        Self {
            seed,
            prices: SYMBOLS[..symbols].iter().map(|&(_, p)| p).collect(),
            next: 1,
        }
    }
}

impl Iterator for Market {
    type Item = Tick;

    fn next(&mut self) -> Option<Tick> {
        let seq = self.next;
        self.next += 1;
        let mut rng = task_rng(self.seed, seq);
        let symbol = rng.random_range(0..self.prices.len());
        let step_bp = rng.random_range(-MAX_STEP_BP..=MAX_STEP_BP);
        let price = &mut self.prices[symbol];
        // Never below a cent: a walk down must not reach zero or go negative.
        *price = (*price + *price * step_bp / 10_000).max(1);
        Some(Tick {
            seq,
            symbol: Symbol(symbol),
            price: Cents(*price),
            volume: rng.random_range(1..=50),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_read_as_money() {
        assert_eq!(Cents(4_205_000).to_string(), "42050.00");
        assert_eq!(format!("{:+}", Cents(1234)), "+12.34");
        assert_eq!(format!("{:+}", Cents(-5)), "-0.05");
        assert_eq!(Cents(-200).to_string(), "-2.00");
        assert_eq!(
            (Cents(0).to_string(), format!("{:+}", Cents(0))),
            ("0.00".into(), "+0.00".into())
        );
        assert_eq!(Milli(1500).to_string(), "1.500");
        assert_eq!(format!("{:+}", Milli(-35)), "-0.035");
        assert_eq!(format!("{:+}", Milli(0)), "+0.000");
        assert_eq!(Milli(35).at(Cents(4_200_000)), Cents(147_000));
    }

    #[test]
    fn the_same_seed_gives_the_same_market() {
        let a: Vec<Tick> = Market::new(7, 3).take(100).collect();
        let b: Vec<Tick> = Market::new(7, 3).take(100).collect();
        assert_eq!(a, b);
        assert_ne!(a, Market::new(8, 3).take(100).collect::<Vec<_>>());
        assert!(
            a.iter()
                .all(|t| t.symbol.0 < 3 && (1..=50).contains(&t.volume))
        );
        assert_eq!(
            a.iter().map(|t| t.seq).collect::<Vec<_>>(),
            (1..=100).collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_symbol_walks_at_most_the_largest_step() {
        let mut last: Vec<i64> = SYMBOLS.iter().map(|&(_, p)| p).collect();
        for tick in Market::new(1, 8).take(10_000) {
            let before = last[tick.symbol.0];
            let moved = (tick.price.0 - before).abs();
            assert!(
                moved <= before * MAX_STEP_BP / 10_000 + 1,
                "{tick:?} from {before}"
            );
            assert!(tick.price.0 >= 1);
            last[tick.symbol.0] = tick.price.0;
        }
    }
}
