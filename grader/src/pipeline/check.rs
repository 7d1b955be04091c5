//! The contract of pass 08's transcript, checked in one pass over the lines.
//!
//! The rules (`docs/transcripts.md`, "The pipeline"), each a [`Rule`]:
//! - **Sequence**: the source draws ticks 1, 2, 3… in order, each once.
//! - **Flow**: a stage speaks of a tick only after the stage before passed it on,
//!   and at most once; once the run is over, every item passed on was spoken of by
//!   the next stage (processed, filtered, or reported not processed).
//! - **Order**: each stage speaks of each symbol's ticks in increasing order.
//! - **Value**: every indicator, signal and trade is what the grader's sequential
//!   [`model`] says of that tick.
//! - **Accounting**: each stage's counts conserve (`in = out + filtered + not
//!   processed`), each stage takes in what the one before passed on, and, unless the
//!   run is quiet, the counts are the lines'.
//! - **Book**: the positions, orders and P&L are what the executed trades add up to.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::line::{Counts, Event, PipeLine, Said, Stage, cents};
use super::model;

/// A rule of the pipeline's transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Ticks drawn 1, 2, 3… in order, each once.
    Sequence,
    /// Each stage after the one before, once; nothing passed on is lost.
    Flow,
    /// Each symbol in order at every stage.
    Order,
    /// The model's numbers.
    Value,
    /// Counts conserve and agree with the lines.
    Accounting,
    /// The book adds up.
    Book,
}

/// A broken rule of the pipeline's contract.
pub type Fault = crate::fault::Fault<Rule>;

/// What a transcript that keeps the contract showed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Items the producers drew: ticks, or quotes (from the first count line).
    pub ticks: u64,
    /// Each stage's counts, in order ([`Stage::ALL`] for the pipeline; the exchanges
    /// and the aggregator for the quote aggregator).
    pub counts: Vec<Counts>,
    /// Items reported not processed, over every stage.
    pub not_processed: u64,
    /// Orders executed (the quote aggregator: arbitrages seen).
    pub orders: u64,
    /// The final P&L in cents (0 for the quote aggregator).
    pub pnl: i64,
}

impl Report {
    /// The exit status the run's accounting calls for, `signalled` if a signal
    /// stopped it: 3 if anything was left unprocessed, else 130 or 0.
    pub fn exit_status(&self, signalled: bool) -> i32 {
        match (self.not_processed, signalled) {
            (0, true) => 130,
            (0, false) => 0,
            _ => 3,
        }
    }
}

/// Checks a whole transcript of pass 08, the pipeline's or (from its first line) the
/// quote aggregator's: every rule, every line.
///
/// # Errors
/// Every broken rule, in line order.
pub fn check(stdout: &str) -> Result<Report, Vec<Fault>> {
    if stdout.starts_with("Quote aggregator:") {
        return super::quotes::check(stdout);
    }
    let mut faults = Vec::new();
    let mut fault = |line: usize, rule: Rule, detail: String| {
        faults.push(Fault { line, rule, detail });
    };
    let mut events: Vec<(usize, Event)> = Vec::new();
    let mut counts: BTreeMap<Stage, Counts> = BTreeMap::new();
    let mut positions = Vec::new();
    let (mut orders, mut pnl) = (None, None);
    let (stages, limits) = shape(stdout);
    for (i, text) in stdout.lines().enumerate() {
        match PipeLine::parse(text) {
            Some(PipeLine::Event(e)) => events.push((i + 1, e)),
            Some(PipeLine::Counts(stage, c)) => _ = counts.insert(stage, c),
            Some(PipeLine::Position(p)) => positions.push(p),
            Some(PipeLine::Orders(n)) => orders = Some(n),
            Some(PipeLine::Pnl(n)) => pnl = Some(n),
            // The monitor's lines have rules of their own (below).
            None if text.starts_with("[Monitor]") => {}
            None if text.starts_with('[') => {
                fault(i + 1, Rule::Value, format!("unreadable: {text:?}"));
            }
            None => {}
        }
    }
    let ticks: Vec<model::Drawn> = events
        .iter()
        .filter_map(|(_, e)| match &e.said {
            Said::Tick {
                symbol,
                price,
                volume,
            } => Some((e.seq, symbol.clone(), *price, *volume)),
            _ => None,
        })
        .collect();
    for (k, (seq, ..)) in ticks.iter().enumerate() {
        if *seq != k as u64 + 1 {
            let line = events
                .iter()
                .find(|(_, e)| e.stage == Stage::Source && e.seq == *seq);
            fault(
                line.map_or(0, |l| l.0),
                Rule::Sequence,
                format!("tick {seq} drawn {}th", k + 1),
            );
        }
    }
    let symbol_of: HashMap<u64, &str> = ticks
        .iter()
        .map(|(s, sym, ..)| (*s, sym.as_str()))
        .collect();
    let expected = model::expected(&ticks, limits);
    flow_and_order(&events, &stages, &symbol_of, &mut fault);
    values(&events, &expected, &mut fault);
    let quiet = events.is_empty();
    let listed: Vec<Stage> = counts.keys().copied().collect();
    if listed == stages {
        passed_on_is_spoken_of(&events, &stages, &mut fault);
        accounting(&events, &stages, &counts, quiet, &mut fault);
    } else {
        fault(
            0,
            Rule::Accounting,
            format!("stage lines for {listed:?}; the header's stages are {stages:?}"),
        );
    }
    if !quiet {
        let book = model::book(
            events
                .iter()
                .filter(|(_, e)| e.stage == Stage::Execute)
                .map(|(_, e)| &e.said),
        );
        book_adds_up(&book, &positions, orders, pnl, &mut fault);
    }
    faults.extend(super::monitor::faults(stdout));
    if !faults.is_empty() {
        return Err(faults);
    }
    let counts: Vec<Counts> = stages.iter().map(|s| counts[s]).collect();
    Ok(Report {
        ticks: counts[0].received,
        not_processed: counts.iter().map(|c| c.not_processed).sum(),
        counts,
        orders: orders.unwrap_or_default(),
        pnl: pnl.unwrap_or_default(),
    })
}

/// The stages the header's `Stages:` line names, and the risk manager's limits if
/// it names its stages (`-> risk (max order 50000.00) -> size (Kelly, bankroll
/// 10000.00)`).
fn shape(stdout: &str) -> (Vec<Stage>, Option<model::Limits>) {
    let header = stdout
        .lines()
        .find(|l| l.starts_with("Stages: "))
        .unwrap_or_default();
    let amount = |after: &str| -> Option<i64> {
        let at = header.find(after)? + after.len();
        cents(header[at..].split(')').next()?)
    };
    match (amount("-> risk (max order "), amount("bankroll ")) {
        (Some(max_order), Some(bankroll)) => (
            Stage::ALL.to_vec(),
            Some(model::Limits {
                max_order,
                bankroll,
            }),
        ),
        _ => (Stage::PIPELINE.to_vec(), None),
    }
}

/// The stage before `stage` among `stages`.
fn before(stages: &[Stage], stage: Stage) -> Option<Stage> {
    let at = stages.iter().position(|s| *s == stage)?;
    at.checked_sub(1).map(|i| stages[i])
}

/// The stage after `stage` among `stages`.
fn after(stages: &[Stage], stage: Stage) -> Option<Stage> {
    let at = stages.iter().position(|s| *s == stage)?;
    stages.get(at + 1).copied()
}

/// Flow (each stage after the one before passed it on, once) and Order.
fn flow_and_order(
    events: &[(usize, Event)],
    stages: &[Stage],
    symbol_of: &HashMap<u64, &str>,
    fault: &mut impl FnMut(usize, Rule, String),
) {
    let mut passed: HashMap<(Stage, u64), bool> = HashMap::new();
    let mut last: HashMap<(Stage, &str), u64> = HashMap::new();
    for (line, e) in events {
        // The one second word on a tick: it could not be passed on.
        if e.said == Said::NotPassedOn {
            passed.insert((e.stage, e.seq), false);
            continue;
        }
        if passed.insert((e.stage, e.seq), e.said.passes()).is_some() {
            fault(
                *line,
                Rule::Flow,
                format!("{} spoke of tick {} twice", e.stage.name(), e.seq),
            );
        }
        if !stages.contains(&e.stage) {
            let name = e.stage.name();
            fault(
                *line,
                Rule::Flow,
                format!("a {name} line; the header names no such stage"),
            );
            continue;
        }
        if let Some(before) = before(stages, e.stage)
            && passed.get(&(before, e.seq)) != Some(&true)
        {
            fault(
                *line,
                Rule::Flow,
                format!(
                    "{} got tick {} before {} passed it on",
                    e.stage.name(),
                    e.seq,
                    before.name()
                ),
            );
        }
        let Some(&symbol) = symbol_of.get(&e.seq) else {
            continue;
        };
        if let Some(prev) = last.insert((e.stage, symbol), e.seq)
            && prev > e.seq
        {
            fault(
                *line,
                Rule::Order,
                format!(
                    "{} took {symbol}'s tick {} after its tick {prev}",
                    e.stage.name(),
                    e.seq
                ),
            );
        }
    }
}

/// Flow, at the end: whatever a stage passed on, the next stage spoke of.
fn passed_on_is_spoken_of(
    events: &[(usize, Event)],
    stages: &[Stage],
    fault: &mut impl FnMut(usize, Rule, String),
) {
    let spoken: HashSet<(Stage, u64)> = events.iter().map(|(_, e)| (e.stage, e.seq)).collect();
    let gone: HashSet<(Stage, u64)> = events
        .iter()
        .filter(|(_, e)| e.said == Said::NotPassedOn)
        .map(|(_, e)| (e.stage, e.seq))
        .collect();
    for (line, e) in events {
        if let Some(next) = after(stages, e.stage)
            && e.said.passes()
            && !gone.contains(&(e.stage, e.seq))
            && !spoken.contains(&(next, e.seq))
        {
            fault(
                *line,
                Rule::Flow,
                format!("tick {} never reached {}", e.seq, next.name()),
            );
        }
    }
}

/// Value: every line against the model.
fn values(
    events: &[(usize, Event)],
    expected: &HashMap<u64, model::Expected>,
    fault: &mut impl FnMut(usize, Rule, String),
) {
    for (line, e) in events {
        let Some(want) = expected.get(&e.seq) else {
            continue;
        };
        let want = match e.stage {
            Stage::Source => continue,
            Stage::Enrich => Some(&want.enriched),
            Stage::Signal => Some(&want.signal),
            Stage::Risk => want.risk.as_ref(),
            Stage::Size => want.sized.as_ref(),
            Stage::Execute => want.executed.as_ref(),
        };
        if matches!(e.said, Said::NotProcessed | Said::NotPassedOn) {
            continue;
        }
        if want != Some(&e.said) {
            fault(
                *line,
                Rule::Value,
                format!("tick {}: said {:?}, the model says {want:?}", e.seq, e.said),
            );
        }
    }
}

/// Accounting: counts conserve, chain, and (unless quiet) match the lines.
fn accounting(
    events: &[(usize, Event)],
    stages: &[Stage],
    counts: &BTreeMap<Stage, Counts>,
    quiet: bool,
    fault: &mut impl FnMut(usize, Rule, String),
) {
    let mut previous_out = None;
    for &stage in stages {
        let c = counts[&stage];
        if c.received != c.passed + c.filtered + c.not_processed {
            fault(
                0,
                Rule::Accounting,
                format!("{}: {c:?} does not add up", stage.name()),
            );
        }
        if previous_out.is_some_and(|out| out != c.received) {
            fault(
                0,
                Rule::Accounting,
                format!(
                    "{} took in {}, the stage before passed on {previous_out:?}",
                    stage.name(),
                    c.received
                ),
            );
        }
        previous_out = Some(c.passed);
        if quiet {
            continue;
        }
        let mine: Vec<&Event> = events
            .iter()
            .filter(|(_, e)| e.stage == stage)
            .map(|(_, e)| e)
            .collect();
        let count = |f: fn(&Said) -> bool| mine.iter().filter(|e| f(&e.said)).count() as u64;
        let gone = count(|s| matches!(s, Said::NotPassedOn));
        let received = mine.iter().map(|e| e.seq).collect::<HashSet<u64>>().len() as u64;
        let seen = (
            received,
            count(Said::passes) - gone,
            count(|s| matches!(s, Said::NotProcessed)) + gone,
        );
        if seen != (c.received, c.passed, c.not_processed) {
            fault(
                0,
                Rule::Accounting,
                format!(
                    "{}: the lines show (in, out, not processed) {seen:?}, the counts {c:?}",
                    stage.name()
                ),
            );
        }
    }
}

/// Book: the positions and totals are the trades'.
fn book_adds_up(
    book: &BTreeMap<String, model::Ledger>,
    positions: &[super::line::Position],
    orders: Option<u64>,
    pnl: Option<i64>,
    fault: &mut impl FnMut(usize, Rule, String),
) {
    let shown: BTreeMap<&str, (i64, i64, i64, i64)> = positions
        .iter()
        .map(|p| (p.symbol.as_str(), (p.units, p.cash, p.last, p.pnl)))
        .collect();
    let traded: BTreeMap<&str, (i64, i64, i64, i64)> = book
        .iter()
        .map(|(s, l)| (s.as_str(), (l.units, l.cash, l.last, l.pnl())))
        .collect();
    if shown != traded {
        fault(
            0,
            Rule::Book,
            format!("positions {shown:?}; the trades add up to {traded:?}"),
        );
    }
    let want_orders: u64 = book.values().map(|l| l.orders).sum();
    let want_pnl: i64 = book.values().map(model::Ledger::pnl).sum();
    if orders != Some(want_orders) || pnl != Some(want_pnl) {
        fault(
            0,
            Rule::Book,
            format!(
                "orders {orders:?} and P&L {pnl:?}; the trades add up to {want_orders} and {want_pnl}"
            ),
        );
    }
}
