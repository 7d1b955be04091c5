//! What the transcript says before the body and after it: the header (what runs,
//! how it stops) and the summary (each stage's counts, then what the run computed).

use std::io::Write;

use plumbing::{Log, count};

use crate::Config;
use crate::aggregate::Aggregator;
use crate::config::System;
use crate::execute::Book;
use crate::market::SYMBOLS;
use crate::quote::Exchange;
use crate::stats::{Outcome, StageLine, Summary};

/// What runs, and how it stops.
pub fn header<W: Write>(config: &Config, log: &Log<W>) {
    match config.system {
        System::Pipeline | System::Risk => pipeline(config, log),
        System::Aggregator => aggregator(config, log),
    }
    config.stop.announce(log);
    if let (Some(every), warn) = (config.stats_interval_ms, config.warn_above) {
        let warn = warn
            .map(|n| format!(", warning above {n} queued"))
            .unwrap_or_default();
        log.line(format_args!("Monitor: every {every} ms{warn}"));
    }
    ::shutdown::run::ready(log);
    log.line(format_args!(""));
}

/// `Pipeline: 20 ticks of 3 symbols (BTC, ETH, SOL), seed 42` and its stages.
fn pipeline<W: Write>(config: &Config, log: &Log<W>) {
    let symbols: Vec<&str> = SYMBOLS[..usize::from(config.symbols)]
        .iter()
        .map(|&(name, _)| name)
        .collect();
    log.line(format_args!(
        "Pipeline: {} of {} ({}), seed {}",
        count(config.ticks, "tick"),
        count(u64::from(config.symbols), "symbol"),
        symbols.join(", "),
        config.seed
    ));
    let limits = config.limits();
    let risk = match config.system {
        System::Risk => format!(
            " -> risk (max order {}) -> size (Kelly, bankroll {})",
            limits.max_order, limits.bankroll
        ),
        _ => String::new(),
    };
    log.line(format_args!(
        "Stages: source -> enrich ({}) -> signal ({}){risk} -> execute ({}), channels of {}",
        count(config.enrich_workers, "worker"),
        count(config.signal_workers, "worker"),
        count(config.execute_workers, "worker"),
        config.capacity
    ));
}

/// `Quote aggregator: 3 exchanges (Binance, Coinbase, Kraken), 20 quotes each, seed 42`.
fn aggregator<W: Write>(config: &Config, log: &Log<W>) {
    let names: Vec<String> = Exchange::ALL.iter().map(ToString::to_string).collect();
    log.line(format_args!(
        "Quote aggregator: 3 exchanges ({}), {} each, seed {}",
        names.join(", "),
        count(config.ticks, "quote"),
        config.seed
    ));
    log.line(format_args!(
        "Stages: exchanges (3 producers) -> aggregate (1 consumer), channel of {}",
        config.capacity
    ));
}

/// Each stage's counts, what the run computed, the time it took.
pub fn footer<W: Write>(summary: &Summary, log: &Log<W>) {
    log.line(format_args!(""));
    for (name, stats) in &summary.stages {
        log.line(format_args!("{}", StageLine(name, stats)));
    }
    match &summary.outcome {
        Outcome::Book(book) => book_lines(book, log),
        Outcome::Quotes(aggregator) => quote_lines(aggregator, log),
    }
    log.line(format_args!(
        "Elapsed: {:.3} s",
        summary.elapsed.as_secs_f64()
    ));
    let unit = match summary.outcome {
        Outcome::Book(_) => "ticks",
        Outcome::Quotes(_) => "quotes",
    };
    log.line(format_args!(
        "Throughput: {:.0} {unit}/s",
        summary.throughput()
    ));
}

/// `Position BTC: +1, cash …`, per symbol traded; the orders and the P&L.
fn book_lines<W: Write>(book: &Book, log: &Log<W>) {
    for (symbol, ledger) in &book.ledgers {
        log.line(format_args!(
            "Position {symbol}: {:+}, cash {:+}, last {}, P&L {:+}",
            ledger.position,
            ledger.cash,
            ledger.last_price,
            ledger.pnl()
        ));
    }
    log.line(format_args!("Orders executed: {}", book.orders()));
    log.line(format_args!("P&L: {:+}", book.pnl()));
}

/// `Quotes seen: Binance 20, …`, the arbitrages, the last best bid and ask.
fn quote_lines<W: Write>(aggregator: &Aggregator, log: &Log<W>) {
    let seen: Vec<String> = Exchange::ALL
        .iter()
        .map(|e| format!("{e} {}", aggregator.seen[*e as usize]))
        .collect();
    log.line(format_args!("Quotes seen: {}", seen.join(", ")));
    log.line(format_args!(
        "Arbitrage opportunities: {}",
        aggregator.arbitrages
    ));
    if let Some(view) = aggregator.view() {
        let ((bid, on_bid), (ask, on_ask)) = (view.best_bid, view.best_ask);
        log.line(format_args!("Best bid: {bid} on {on_bid}"));
        log.line(format_args!("Best ask: {ask} on {on_ask}"));
    }
}
