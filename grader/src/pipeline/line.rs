//! The lines of pass 08's transcript (`docs/transcripts.md`, "The pipeline"), parsed.

/// A stage of the pipeline, in the order items pass them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// `[DataSource]`: draws ticks.
    Source,
    /// `[Enricher N]`: the moving average and the change.
    Enrich,
    /// `[SignalGen N]`: the strategy.
    Signal,
    /// `[RiskFilter N]`: the risk manager's filter (`--system risk`).
    Risk,
    /// `[Sizer N]`: the risk manager's Kelly sizer (`--system risk`).
    Size,
    /// `[Executor N]`: trades.
    Execute,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 6] = [
        Self::Source,
        Self::Enrich,
        Self::Signal,
        Self::Risk,
        Self::Size,
        Self::Execute,
    ];
    /// The pipeline's stages.
    pub const PIPELINE: [Stage; 4] = [Self::Source, Self::Enrich, Self::Signal, Self::Execute];

    /// Its name in the summary's `Stage NAME:` lines.
    pub fn name(self) -> &'static str {
        ["source", "enrich", "signal", "risk", "size", "execute"][self as usize]
    }
}

/// Buy or sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `BUY`.
    Buy,
    /// `SELL`.
    Sell,
}

/// What a stage said of one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// `BTC @ 42000.00 (volume 1.5)`.
    Tick {
        /// The symbol.
        symbol: String,
        /// The price in cents.
        price: i64,
        /// The volume in tenths of a unit.
        volume: i64,
    },
    /// `BTC SMA 42025.00, change +0.119%`.
    Enriched {
        /// The symbol.
        symbol: String,
        /// The moving average in cents.
        sma: i64,
        /// The change in thousandths of a percent.
        change: i64,
    },
    /// `BUY BTC (confidence 0.119)`.
    Signal {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
        /// In thousandths of a percent.
        confidence: i64,
    },
    /// `no signal for BTC`.
    NoSignal {
        /// The symbol.
        symbol: String,
    },
    /// `EXECUTING BUY BTC @ 42050.00` (one unit), or behind the risk manager
    /// `EXECUTING BUY 0.035 BTC @ 42050.00`.
    Executed {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
        /// The price in cents.
        price: i64,
        /// The quantity in thousandths of a unit.
        quantity: i64,
    },
    /// `passed BUY 1.100 BTC (notional 46200.00)`.
    Passed {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
        /// The proposed quantity in thousandths.
        quantity: i64,
        /// Its value in cents.
        notional: i64,
    },
    /// `rejected BUY 1.500 BTC: notional 63000.00 over 50000.00`.
    Rejected {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
        /// The proposed quantity in thousandths.
        quantity: i64,
        /// Its value in cents.
        notional: i64,
        /// The limit in cents.
        limit: i64,
    },
    /// `BUY 0.035 BTC (Kelly 15.0%)`.
    Sized {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
        /// The Kelly quantity in thousandths.
        quantity: i64,
        /// The Kelly fraction in thousandths.
        kelly: i64,
    },
    /// `skipping BUY BTC (size 0.000)`.
    TooSmall {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
    },
    /// `skipping SELL ETH (low confidence)`.
    Skipped {
        /// Buy or sell.
        action: Action,
        /// The symbol.
        symbol: String,
    },
    /// `not processed`: received during an immediate stop.
    NotProcessed,
    /// `not passed on: the next stage is gone`.
    NotPassedOn,
}

impl Said {
    /// Whether the item went on to the next stage (or, for the executor, was traded).
    pub fn passes(&self) -> bool {
        matches!(
            self,
            Self::Tick { .. }
                | Self::Enriched { .. }
                | Self::Signal { .. }
                | Self::Passed { .. }
                | Self::Sized { .. }
                | Self::Executed { .. }
        )
    }
}

/// `[Enricher 1] tick 7: …`: one stage's word on one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Which stage.
    pub stage: Stage,
    /// Which of its workers, for the stages that have several.
    pub worker: Option<u32>,
    /// The tick's sequence number.
    pub seq: u64,
    /// What it said.
    pub said: Said,
}

/// `Stage enrich: in 20, out 20, filtered 0, not processed 0, waited …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Items in.
    pub received: u64,
    /// Items passed on.
    pub passed: u64,
    /// Items filtered out.
    pub filtered: u64,
    /// Items not processed.
    pub not_processed: u64,
}

/// `Position BTC: +1, cash -2212.09, last 2207.24, P&L -4.85`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The symbol.
    pub symbol: String,
    /// Quantity held, in thousandths of a unit.
    pub units: i64,
    /// Cash in cents.
    pub cash: i64,
    /// Last price traded, in cents.
    pub last: i64,
    /// Profit and loss in cents.
    pub pnl: i64,
}

/// One line of pass 08's transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipeLine {
    /// A stage's word on a tick.
    Event(Event),
    /// A stage's counts.
    Counts(Stage, Counts),
    /// A symbol's position.
    Position(Position),
    /// `Orders executed: 9`.
    Orders(u64),
    /// `P&L: -126.32`.
    Pnl(i64),
}

impl PipeLine {
    /// Parses one line; `None` for anything else (the header, the supervisor's
    /// announcements, blank lines, the timing lines).
    pub fn parse(line: &str) -> Option<Self> {
        if let Some(rest) = line.strip_prefix('[') {
            return event(rest).map(Self::Event);
        }
        if let Some(rest) = line.strip_prefix("Stage ") {
            let (name, rest) = rest.split_once(": ")?;
            let stage = Stage::ALL.into_iter().find(|s| s.name() == name)?;
            return counts(rest).map(|c| Self::Counts(stage, c));
        }
        if let Some(rest) = line.strip_prefix("Position ") {
            return position(rest).map(Self::Position);
        }
        if let Some(n) = line.strip_prefix("Orders executed: ") {
            return n.parse().ok().map(Self::Orders);
        }
        line.strip_prefix("P&L: ").and_then(cents).map(Self::Pnl)
    }
}

fn event(rest: &str) -> Option<Event> {
    let (who, rest) = rest.split_once("] tick ")?;
    let (seq, said) = rest.split_once(": ")?;
    let (stage, worker) = match who.split_once(' ') {
        Some(("Enricher", n)) => (Stage::Enrich, Some(n.parse().ok()?)),
        Some(("SignalGen", n)) => (Stage::Signal, Some(n.parse().ok()?)),
        Some(("Executor", n)) => (Stage::Execute, Some(n.parse().ok()?)),
        Some(("RiskFilter", n)) => (Stage::Risk, Some(n.parse().ok()?)),
        Some(("Sizer", n)) => (Stage::Size, Some(n.parse().ok()?)),
        None if who == "DataSource" => (Stage::Source, None),
        _ => return None,
    };
    Some(Event {
        stage,
        worker,
        seq: seq.parse().ok()?,
        said: what(stage, said)?,
    })
}

fn what(stage: Stage, said: &str) -> Option<Said> {
    match said {
        "not processed" => return Some(Said::NotProcessed),
        "not passed on: the next stage is gone" => return Some(Said::NotPassedOn),
        _ => {}
    }
    let words: Vec<&str> = said.split(' ').collect();
    let symbol = |i: usize| words.get(i).map(|s| s.trim_end_matches(',').to_owned());
    Some(match (stage, words.as_slice()) {
        (Stage::Source, [_, "@", price, "(volume", volume]) => Said::Tick {
            symbol: symbol(0)?,
            price: cents(price)?,
            volume: fixed(volume.strip_suffix(')')?, 1)?,
        },
        (Stage::Enrich, [_, "SMA", sma, "change", change]) => Said::Enriched {
            symbol: symbol(0)?,
            sma: cents(sma.strip_suffix(',')?)?,
            change: pcm(change.strip_suffix('%')?)?,
        },
        (Stage::Signal, ["no", "signal", "for", _]) => Said::NoSignal { symbol: symbol(3)? },
        (Stage::Signal, [action, _, "(confidence", c]) => Said::Signal {
            action: action_of(action)?,
            symbol: symbol(1)?,
            confidence: pcm(c.strip_suffix(')')?)?,
        },
        (Stage::Execute, ["EXECUTING", action, _, "@", price]) => Said::Executed {
            action: action_of(action)?,
            symbol: symbol(2)?,
            price: cents(price)?,
            quantity: 1000,
        },
        (Stage::Execute, ["EXECUTING", action, quantity, _, "@", price]) => Said::Executed {
            action: action_of(action)?,
            symbol: symbol(3)?,
            price: cents(price)?,
            quantity: milli(quantity)?,
        },
        (Stage::Execute, ["skipping", action, _, "(size", _]) => Said::TooSmall {
            action: action_of(action)?,
            symbol: symbol(2)?,
        },
        (Stage::Risk, ["passed", action, quantity, _, "(notional", notional]) => Said::Passed {
            action: action_of(action)?,
            quantity: milli(quantity)?,
            symbol: symbol(3)?,
            notional: cents(notional.strip_suffix(')')?)?,
        },
        (
            Stage::Risk,
            [
                "rejected",
                action,
                quantity,
                sym,
                "notional",
                notional,
                "over",
                limit,
            ],
        ) => Said::Rejected {
            action: action_of(action)?,
            quantity: milli(quantity)?,
            symbol: sym.strip_suffix(':')?.to_owned(),
            notional: cents(notional)?,
            limit: cents(limit)?,
        },
        (Stage::Size, [action, quantity, _, "(Kelly", kelly]) => Said::Sized {
            action: action_of(action)?,
            quantity: milli(quantity)?,
            symbol: symbol(2)?,
            kelly: fixed(kelly.strip_suffix("%)")?, 1)?,
        },
        (Stage::Execute, ["skipping", action, _, "(low", "confidence)"]) => Said::Skipped {
            action: action_of(action)?,
            symbol: symbol(2)?,
        },
        _ => return None,
    })
}

fn action_of(word: &str) -> Option<Action> {
    match word {
        "BUY" => Some(Action::Buy),
        "SELL" => Some(Action::Sell),
        _ => None,
    }
}

fn counts(rest: &str) -> Option<Counts> {
    let field = |name: &str| -> Option<u64> {
        let at = rest.find(&format!("{name} "))? + name.len() + 1;
        rest[at..].split(',').next()?.parse().ok()
    };
    Some(Counts {
        received: field("in")?,
        passed: field("out")?,
        filtered: field("filtered")?,
        not_processed: field("not processed")?,
    })
}

fn position(rest: &str) -> Option<Position> {
    let (symbol, rest) = rest.split_once(": ")?;
    let parts: Vec<&str> = rest.split(", ").collect();
    let [units, cash, last, pnl] = parts.as_slice() else {
        return None;
    };
    Some(Position {
        symbol: symbol.to_owned(),
        units: milli(units)?,
        cash: cents(cash.strip_prefix("cash ")?)?,
        last: cents(last.strip_prefix("last ")?)?,
        pnl: cents(pnl.strip_prefix("P&L ")?)?,
    })
}

/// `-121.38` → -12138; `42000.00` → 4200000.
pub fn cents(text: &str) -> Option<i64> {
    fixed(text, 2)
}

/// `+1.500` → 1500 (thousandths of a unit).
pub fn milli(text: &str) -> Option<i64> {
    fixed(text, 3)
}

/// `+0.119` → 119 (thousandths of a percent, the `%` already cut).
pub fn pcm(text: &str) -> Option<i64> {
    fixed(text, 3)
}

/// A decimal with exactly `places` digits after the point, as an integer of units of
/// the last place.
fn fixed(text: &str, places: usize) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, part) = digits.split_once('.')?;
    if part.len() != places
        || !whole
            .bytes()
            .chain(part.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value: i64 = format!("{whole}{part}").parse().ok()?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_parses() {
        let event = |l: &str| match PipeLine::parse(l) {
            Some(PipeLine::Event(e)) => e,
            other => panic!("{l}: {other:?}"),
        };
        let e = event("[DataSource] tick 1: SOL @ 99.97 (volume 4.5)");
        assert_eq!((e.stage, e.worker, e.seq), (Stage::Source, None, 1));
        assert_eq!(
            e.said,
            Said::Tick {
                symbol: "SOL".into(),
                price: 9997,
                volume: 45
            }
        );
        let e = event("[Enricher 1] tick 6: ETH SMA 2200.65, change -0.099%");
        assert_eq!(
            e.said,
            Said::Enriched {
                symbol: "ETH".into(),
                sma: 220_065,
                change: -99
            }
        );
        assert_eq!(
            event("[SignalGen 0] tick 5: SELL BTC (confidence 0.299)").said,
            Said::Signal {
                action: Action::Sell,
                symbol: "BTC".into(),
                confidence: 299
            }
        );
        assert_eq!(
            event("[SignalGen 1] tick 2: no signal for ETH").said,
            Said::NoSignal {
                symbol: "ETH".into()
            }
        );
        assert_eq!(
            event("[Executor 0] tick 5: EXECUTING SELL BTC @ 41857.26").said,
            Said::Executed {
                action: Action::Sell,
                symbol: "BTC".into(),
                price: 4_185_726,
                quantity: 1000
            }
        );
        assert_eq!(
            event("[Executor 0] tick 5: EXECUTING SELL 0.035 BTC @ 41857.26").said,
            Said::Executed {
                action: Action::Sell,
                symbol: "BTC".into(),
                price: 4_185_726,
                quantity: 35
            }
        );
        assert_eq!(
            event("[RiskFilter 0] tick 8: rejected BUY 1.600 BTC: notional 67165.82 over 50000.00")
                .said,
            Said::Rejected {
                action: Action::Buy,
                symbol: "BTC".into(),
                quantity: 1600,
                notional: 6_716_582,
                limit: 5_000_000
            }
        );
        assert_eq!(
            event("[RiskFilter 0] tick 7: passed BUY 1.200 SOL (notional 120.26)").said,
            Said::Passed {
                action: Action::Buy,
                symbol: "SOL".into(),
                quantity: 1200,
                notional: 12_026
            }
        );
        assert_eq!(
            event("[Sizer 0] tick 7: BUY 11.474 SOL (Kelly 11.5%)").said,
            Said::Sized {
                action: Action::Buy,
                symbol: "SOL".into(),
                quantity: 11_474,
                kelly: 115
            }
        );
        assert_eq!(
            event("[Executor 0] tick 7: skipping BUY SOL (size 0.000)").said,
            Said::TooSmall {
                action: Action::Buy,
                symbol: "SOL".into()
            }
        );
        assert_eq!(
            event("[Executor 1] tick 12: skipping BUY BTC (low confidence)").said,
            Said::Skipped {
                action: Action::Buy,
                symbol: "BTC".into()
            }
        );
        assert_eq!(
            event("[Enricher 0] tick 9: not processed").said,
            Said::NotProcessed
        );
        assert_eq!(
            PipeLine::parse(
                "Stage signal: in 20, out 11, filtered 9, not processed 0, waited 3 ms to receive, 0 ms to send"
            ),
            Some(PipeLine::Counts(
                Stage::Signal,
                Counts {
                    received: 20,
                    passed: 11,
                    filtered: 9,
                    not_processed: 0
                }
            ))
        );
        assert_eq!(
            PipeLine::parse("Position ETH: +1.000, cash -2212.09, last 2207.24, P&L -4.85"),
            Some(PipeLine::Position(Position {
                symbol: "ETH".into(),
                units: 1000,
                cash: -221_209,
                last: 220_724,
                pnl: -485
            }))
        );
        assert_eq!(
            PipeLine::parse("Orders executed: 9"),
            Some(PipeLine::Orders(9))
        );
        assert_eq!(
            PipeLine::parse("P&L: -126.32"),
            Some(PipeLine::Pnl(-12_632))
        );
        assert_eq!(PipeLine::parse("Shutdown signal received"), None);
        assert_eq!(PipeLine::parse("[Enricher x] tick 1: not processed"), None);
        assert_eq!(cents("1.5"), None, "two places, no fewer");
    }
}
