//! The quote aggregator's transcript (pass 08, `--system aggregator`): its lines, and
//! its contract, checked by replaying the aggregator's own order of arrival.
//!
//! What the aggregator says depends on the order the three exchanges' quotes reach
//! it, so there is no one right transcript; but given the order it printed, every
//! line is a function of the quotes seen so far. The rules:
//! - **Sequence**: each exchange numbers its quotes 1, 2, 3…, in order.
//! - **Flow**: the aggregator speaks of a quote only after its exchange sent it, at
//!   most once, and (once the run is over) of every quote sent.
//! - **Order**: it sees each exchange's quotes in the order sent.
//! - **Value**: each best bid and ask, and each arbitrage, is what the latest quotes
//!   seen so far make (the first exchange wins among equal prices).
//! - **Accounting**: the two stages' counts conserve, chain and match the lines.
//! - **Book**: the quotes seen, the arbitrages and the last best prices add up.

use std::collections::{HashMap, HashSet};

use super::check::{Fault, Report, Rule};
use super::line::{Counts, cents};

/// The exchanges, in the order the aggregator prefers among equal prices.
const EXCHANGES: [&str; 3] = ["Binance", "Coinbase", "Kraken"];

/// A quote's key: its exchange (an index of [`EXCHANGES`]) and number.
type Key = (usize, u64);

/// One line of the aggregator's transcript that the rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum QuoteLine {
    /// `[Binance] quote 3: BTC/USDT bid 42000.00, ask 42001.00`.
    Sent(Key, i64, i64),
    /// `[Binance] quote 3: not passed on: …`.
    NotPassedOn(Key),
    /// `[Aggregator] Binance quote 3: best bid X on E, best ask Y on F[; ARBITRAGE! …]`.
    Seen(Key, View),
    /// `[Aggregator] Binance quote 3: not processed`.
    NotProcessed(Key),
    /// `Stage NAME: in …`.
    Counts(String, Counts),
    /// `Quotes seen: Binance 20, Coinbase 20, Kraken 20`.
    QuotesSeen([u64; 3]),
    /// `Arbitrage opportunities: N`.
    Arbitrages(u64),
    /// `Best bid: X on E`.
    BestBid(i64, usize),
    /// `Best ask: Y on F`.
    BestAsk(i64, usize),
}

/// The market across exchanges, as a line states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct View {
    bid: (i64, usize),
    ask: (i64, usize),
    arbitrage: bool,
}

fn exchange(name: &str) -> Option<usize> {
    EXCHANGES.iter().position(|e| *e == name)
}

fn parse(line: &str) -> Option<QuoteLine> {
    if let Some(rest) = line.strip_prefix("[Aggregator] ") {
        let (name, rest) = rest.split_once(" quote ")?;
        let (seq, said) = rest.split_once(": ")?;
        let key = (exchange(name)?, seq.parse().ok()?);
        if said == "not processed" {
            return Some(QuoteLine::NotProcessed(key));
        }
        return view(said).map(|v| QuoteLine::Seen(key, v));
    }
    if let Some(rest) = line.strip_prefix('[') {
        let (name, rest) = rest.split_once("] quote ")?;
        let (seq, said) = rest.split_once(": ")?;
        let key = (exchange(name)?, seq.parse().ok()?);
        if said == "not passed on: the next stage is gone" {
            return Some(QuoteLine::NotPassedOn(key));
        }
        let (_pair, prices) = said.split_once(" bid ")?;
        let (bid, ask) = prices.split_once(", ask ")?;
        return Some(QuoteLine::Sent(key, cents(bid)?, cents(ask)?));
    }
    if let Some(rest) = line.strip_prefix("Stage ") {
        let (name, rest) = rest.split_once(": ")?;
        let c = super::line::PipeLine::parse(&format!("Stage source: {rest}"))?;
        let super::line::PipeLine::Counts(_, counts) = c else {
            return None;
        };
        return Some(QuoteLine::Counts(name.to_owned(), counts));
    }
    if let Some(rest) = line.strip_prefix("Quotes seen: ") {
        let mut seen = [0; 3];
        for part in rest.split(", ") {
            let (name, n) = part.split_once(' ')?;
            seen[exchange(name)?] = n.parse().ok()?;
        }
        return Some(QuoteLine::QuotesSeen(seen));
    }
    if let Some(n) = line.strip_prefix("Arbitrage opportunities: ") {
        return n.parse().ok().map(QuoteLine::Arbitrages);
    }
    for (prefix, make) in [
        (
            "Best bid: ",
            QuoteLine::BestBid as fn(i64, usize) -> QuoteLine,
        ),
        ("Best ask: ", QuoteLine::BestAsk),
    ] {
        if let Some(rest) = line.strip_prefix(prefix) {
            let (price, name) = rest.split_once(" on ")?;
            return Some(make(cents(price)?, exchange(name)?));
        }
    }
    None
}

/// `best bid X on E, best ask Y on F[; ARBITRAGE! Buy on F @ Y, sell on E @ X]`.
fn view(said: &str) -> Option<View> {
    let (prices, arbitrage) = match said.split_once("; ") {
        Some((prices, arb)) => (prices, Some(arb)),
        None => (said, None),
    };
    let (bid, ask) = prices
        .strip_prefix("best bid ")?
        .split_once(", best ask ")?;
    let side = |s: &str| -> Option<(i64, usize)> {
        let (price, name) = s.split_once(" on ")?;
        Some((cents(price)?, exchange(name)?))
    };
    let v = View {
        bid: side(bid)?,
        ask: side(ask)?,
        arbitrage: arbitrage.is_some(),
    };
    if let Some(arb) = arbitrage {
        let expected = format!(
            "ARBITRAGE! Buy on {} @ {ask_price}, sell on {} @ {bid_price}",
            EXCHANGES[v.ask.1],
            EXCHANGES[v.bid.1],
            ask_price = ask.split_once(" on ")?.0,
            bid_price = bid.split_once(" on ")?.0,
        );
        if arb != expected {
            return None;
        }
    }
    Some(v)
}

/// The aggregator's model: the latest quote of each exchange.
#[derive(Debug, Default)]
struct Model {
    latest: [Option<(i64, i64)>; 3],
}

impl Model {
    fn see(&mut self, exchange: usize, bid: i64, ask: i64) -> View {
        self.latest[exchange] = Some((bid, ask));
        self.view().expect("one quote seen")
    }

    fn view(&self) -> Option<View> {
        let quoted: Vec<(usize, (i64, i64))> = (0..3)
            .filter_map(|e| self.latest[e].map(|q| (e, q)))
            .collect();
        // Highest bid, lowest ask; the first exchange among equals.
        let (on_bid, (bid, _)) = *quoted.iter().rev().max_by_key(|(_, (b, _))| *b)?;
        let (on_ask, (_, ask)) = *quoted.iter().min_by_key(|(_, (_, a))| *a)?;
        Some(View {
            bid: (bid, on_bid),
            ask: (ask, on_ask),
            arbitrage: bid > ask,
        })
    }
}

/// Checks a whole transcript of the quote aggregator.
///
/// # Errors
/// Every broken rule, in line order.
pub fn check(stdout: &str) -> Result<Report, Vec<Fault>> {
    let mut faults = Vec::new();
    let mut fault =
        |line: usize, rule: Rule, detail: String| faults.push(Fault { line, rule, detail });
    let mut sent: HashMap<Key, (i64, i64)> = HashMap::new();
    let mut gone: HashSet<Key> = HashSet::new();
    let mut spoken: HashSet<Key> = HashSet::new();
    let mut last_sent = [0u64; 3];
    let mut last_seen = [0u64; 3];
    let (mut seen, mut arbitrages, mut not_processed) = ([0u64; 3], 0u64, 0u64);
    let mut model = Model::default();
    let mut counts: Vec<(String, Counts)> = Vec::new();
    let (mut shown_seen, mut shown_arbitrages, mut best_bid, mut best_ask) =
        (None, None, None, None);
    let mut body = 0;
    for (i, text) in stdout.lines().enumerate() {
        let n = i + 1;
        let parsed = parse(text);
        if parsed.is_none() && text.starts_with('[') && !text.starts_with("[Monitor]") {
            fault(n, Rule::Value, format!("unreadable: {text:?}"));
        }
        match parsed {
            Some(QuoteLine::Sent(key, bid, ask)) => {
                body += 1;
                if key.1 != last_sent[key.0] + 1 {
                    fault(
                        n,
                        Rule::Sequence,
                        format!(
                            "{} quote {} after quote {}",
                            EXCHANGES[key.0], key.1, last_sent[key.0]
                        ),
                    );
                }
                last_sent[key.0] = key.1;
                sent.insert(key, (bid, ask));
            }
            Some(QuoteLine::NotPassedOn(key)) => _ = gone.insert(key),
            Some(QuoteLine::Seen(key, _) | QuoteLine::NotProcessed(key)) => {
                body += 1;
                if !spoken.insert(key) {
                    fault(
                        n,
                        Rule::Flow,
                        format!("{} quote {} seen twice", EXCHANGES[key.0], key.1),
                    );
                }
                if key.1 <= last_seen[key.0] {
                    fault(
                        n,
                        Rule::Order,
                        format!(
                            "{} quote {} after its quote {}",
                            EXCHANGES[key.0], key.1, last_seen[key.0]
                        ),
                    );
                }
                last_seen[key.0] = last_seen[key.0].max(key.1);
                let Some(&(bid, ask)) = sent.get(&key) else {
                    fault(
                        n,
                        Rule::Flow,
                        format!(
                            "{} quote {} seen before it was sent",
                            EXCHANGES[key.0], key.1
                        ),
                    );
                    continue;
                };
                match parsed {
                    Some(QuoteLine::Seen(_, said)) => {
                        seen[key.0] += 1;
                        let want = model.see(key.0, bid, ask);
                        arbitrages += u64::from(want.arbitrage);
                        if said != want {
                            fault(
                                n,
                                Rule::Value,
                                format!("said {said:?}, the quotes seen make {want:?}"),
                            );
                        }
                    }
                    _ => not_processed += 1,
                }
            }
            Some(QuoteLine::Counts(name, c)) => counts.push((name, c)),
            Some(QuoteLine::QuotesSeen(s)) => shown_seen = Some(s),
            Some(QuoteLine::Arbitrages(a)) => shown_arbitrages = Some(a),
            Some(QuoteLine::BestBid(p, e)) => best_bid = Some((p, e)),
            Some(QuoteLine::BestAsk(p, e)) => best_ask = Some((p, e)),
            None => {}
        }
    }
    let quiet = body == 0;
    let names: Vec<&str> = counts.iter().map(|(n, _)| n.as_str()).collect();
    if names != ["exchanges", "aggregate"] {
        fault(
            0,
            Rule::Accounting,
            format!("stage lines {names:?}, expected exchanges and aggregate"),
        );
        return Err(faults);
    }
    let (ex, agg) = (counts[0].1, counts[1].1);
    for (name, c) in &counts {
        if c.received != c.passed + c.filtered + c.not_processed {
            fault(
                0,
                Rule::Accounting,
                format!("{name}: {c:?} does not add up"),
            );
        }
    }
    if ex.passed != agg.received {
        fault(
            0,
            Rule::Accounting,
            format!(
                "the exchanges passed on {}, the aggregator took in {}",
                ex.passed, agg.received
            ),
        );
    }
    if !quiet {
        for key in sent
            .keys()
            .filter(|k| !gone.contains(k) && !spoken.contains(k))
        {
            fault(
                0,
                Rule::Flow,
                format!("{} quote {} was never seen", EXCHANGES[key.0], key.1),
            );
        }
        let lines = (
            sent.len() as u64,
            (sent.len() - gone.len()) as u64,
            spoken.len() as u64,
            not_processed,
        );
        if lines != (ex.received, ex.passed, agg.received, agg.not_processed) {
            fault(
                0,
                Rule::Accounting,
                format!("the lines show {lines:?}, the counts {ex:?} and {agg:?}"),
            );
        }
        if shown_seen != Some(seen) || shown_arbitrages != Some(arbitrages) {
            fault(
                0,
                Rule::Book,
                format!(
                    "quotes seen {shown_seen:?} and arbitrages {shown_arbitrages:?}; the lines make {seen:?} and {arbitrages}"
                ),
            );
        }
        let last = model.view();
        if (best_bid, best_ask) != (last.map(|v| v.bid), last.map(|v| v.ask)) {
            fault(
                0,
                Rule::Book,
                format!(
                    "last best prices {best_bid:?} / {best_ask:?}; the quotes seen make {last:?}"
                ),
            );
        }
    } else if shown_seen.map(|s| s.iter().sum::<u64>()) != Some(agg.passed) {
        fault(
            0,
            Rule::Accounting,
            format!(
                "quotes seen {shown_seen:?}, the aggregator passed {}",
                agg.passed
            ),
        );
    }
    faults.extend(super::monitor::faults(stdout));
    if !faults.is_empty() {
        return Err(faults);
    }
    Ok(Report {
        ticks: ex.received,
        counts: vec![ex, agg],
        not_processed: ex.not_processed + agg.not_processed,
        orders: arbitrages,
        pnl: 0,
    })
}

/// The quote aggregator's canonical form: the exchanges' lines sorted by exchange and
/// number (each exchange's quotes are a function of the seed); the aggregator's
/// lines sorted the same way, what it said of each redacted (it depends on the order
/// the quotes arrived in, which the rules above check in every run), and so are the
/// arbitrage count, the last best prices and the timings.
pub fn canonical(stdout: &str) -> String {
    let mut body: Vec<(bool, Key, String)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let flush = |body: &mut Vec<(bool, Key, String)>, out: &mut Vec<String>| {
        body.sort();
        out.extend(body.drain(..).map(|(_, _, l)| l));
    };
    for line in stdout.lines() {
        match parse(line) {
            Some(QuoteLine::Sent(key, ..) | QuoteLine::NotPassedOn(key)) => {
                body.push((false, key, line.to_owned()));
            }
            Some(QuoteLine::Seen(key, _)) => {
                let (e, k) = key;
                body.push((
                    true,
                    key,
                    format!("[Aggregator] {} quote {k}: [seen]", EXCHANGES[e]),
                ));
            }
            Some(QuoteLine::NotProcessed(key)) => body.push((true, key, line.to_owned())),
            None if line.starts_with("[Monitor]") => {}
            parsed => {
                flush(&mut body, &mut out);
                out.push(match parsed {
                    Some(QuoteLine::Arbitrages(_)) => "Arbitrage opportunities: [redacted]".into(),
                    Some(QuoteLine::BestBid(..)) => "Best bid: [redacted]".into(),
                    Some(QuoteLine::BestAsk(..)) => "Best ask: [redacted]".into(),
                    _ => super::redacted(line),
                });
            }
        }
    }
    flush(&mut body, &mut out);
    out.join("\n") + "\n"
}
