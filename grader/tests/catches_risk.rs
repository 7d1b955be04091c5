//! The grader's own tests for the risk manager's pipeline (pass 08, `--system
//! risk`): the risk filter's and the Kelly sizer's lines against the grader's model,
//! and the six stages' flow and accounting.

use grader::pipeline::{Rule, assert_caught, check, edited};

/// A real run of pass 08 (`--system risk --rate 0 --ticks 16 --seed 3 --symbols 2
/// --enrich-workers 1 --signal-workers 1 --capacity 1 --max-order 20000`).
const VALID: &str = "\
Pipeline: 16 ticks of 2 symbols (BTC, ETH), seed 3
Stages: source -> enrich (1 worker) -> signal (1 worker) -> risk (max order 20000.00) -> size (Kelly, bankroll 10000.00) -> execute (1 worker), channels of 1
Shutdown mode: graceful
Running... Press Ctrl+C to stop

[DataSource] tick 1: ETH @ 2201.10 (volume 4.7)
[Enricher 0] tick 1: ETH SMA 2201.10, change +0.000%
[SignalGen 0] tick 1: no signal for ETH
[DataSource] tick 2: BTC @ 42054.60 (volume 1.7)
[Enricher 0] tick 2: BTC SMA 42054.60, change +0.000%
[SignalGen 0] tick 2: no signal for BTC
[DataSource] tick 3: ETH @ 2198.46 (volume 1.1)
[DataSource] tick 4: ETH @ 2197.37 (volume 2.7)
[Enricher 0] tick 3: ETH SMA 2199.78, change -0.119%
[DataSource] tick 5: BTC @ 42096.65 (volume 3.1)
[DataSource] tick 6: ETH @ 2191.00 (volume 0.3)
[Enricher 0] tick 4: ETH SMA 2198.97, change -0.049%
[Enricher 0] tick 5: BTC SMA 42075.62, change +0.099%
[SignalGen 0] tick 3: SELL ETH (confidence 0.119)
[SignalGen 0] tick 4: no signal for ETH
[RiskFilter 0] tick 3: passed SELL 1.100 ETH (notional 2418.30)
[DataSource] tick 7: BTC @ 42222.93 (volume 4.5)
[Sizer 0] tick 3: SELL 0.268 ETH (Kelly 5.9%)
[Enricher 0] tick 6: ETH SMA 2196.98, change -0.289%
[Enricher 0] tick 7: BTC SMA 42124.72, change +0.299%
[DataSource] tick 8: ETH @ 2196.69 (volume 0.1)
[Executor 0] tick 3: EXECUTING SELL 0.268 ETH @ 2198.46
[DataSource] tick 9: ETH @ 2200.20 (volume 2.8)
[SignalGen 0] tick 5: no signal for BTC
[SignalGen 0] tick 6: SELL ETH (confidence 0.289)
[SignalGen 0] tick 7: BUY BTC (confidence 0.299)
[Enricher 0] tick 8: ETH SMA 2196.92, change +0.259%
[Enricher 0] tick 9: ETH SMA 2196.74, change +0.159%
[DataSource] tick 10: ETH @ 2203.06 (volume 4.2)
[DataSource] tick 11: BTC @ 42121.60 (volume 4.0)
[RiskFilter 0] tick 6: passed SELL 0.300 ETH (notional 657.30)
[SignalGen 0] tick 8: no signal for ETH
[RiskFilter 0] tick 7: rejected BUY 4.500 BTC: notional 190003.18 over 20000.00
[Sizer 0] tick 6: SELL 0.657 ETH (Kelly 14.4%)
[Enricher 0] tick 10: ETH SMA 2197.66, change +0.129%
[DataSource] tick 12: BTC @ 42054.21 (volume 0.7)
[Executor 0] tick 6: EXECUTING SELL 0.657 ETH @ 2191.00
[SignalGen 0] tick 9: BUY ETH (confidence 0.159)
[Enricher 0] tick 11: BTC SMA 42123.94, change -0.239%
[DataSource] tick 13: ETH @ 2201.74 (volume 1.0)
[RiskFilter 0] tick 9: passed BUY 2.800 ETH (notional 6160.56)
[SignalGen 0] tick 10: BUY ETH (confidence 0.129)
[Sizer 0] tick 9: BUY 0.359 ETH (Kelly 7.9%)
[Enricher 0] tick 12: BTC SMA 42109.99, change -0.159%
[DataSource] tick 14: ETH @ 2204.60 (volume 3.5)
[RiskFilter 0] tick 10: passed BUY 4.200 ETH (notional 9252.85)
[Executor 0] tick 9: EXECUTING BUY 0.359 ETH @ 2200.20
[SignalGen 0] tick 11: SELL BTC (confidence 0.239)
[RiskFilter 0] tick 11: rejected SELL 4.000 BTC: notional 168486.40 over 20000.00
[DataSource] tick 15: ETH @ 2205.48 (volume 2.5)
[Enricher 0] tick 13: ETH SMA 2198.53, change -0.059%
[SignalGen 0] tick 12: SELL BTC (confidence 0.159)
[Enricher 0] tick 14: ETH SMA 2201.25, change +0.129%
[SignalGen 0] tick 13: no signal for ETH
[SignalGen 0] tick 14: BUY ETH (confidence 0.129)
[RiskFilter 0] tick 12: rejected SELL 0.700 BTC: notional 29437.94 over 20000.00
[RiskFilter 0] tick 14: passed BUY 3.500 ETH (notional 7716.10)
[Sizer 0] tick 10: BUY 0.290 ETH (Kelly 6.4%)
[Sizer 0] tick 14: BUY 0.290 ETH (Kelly 6.4%)
[Executor 0] tick 10: EXECUTING BUY 0.290 ETH @ 2203.06
[Executor 0] tick 14: EXECUTING BUY 0.290 ETH @ 2204.60
[DataSource] tick 16: BTC @ 42096.26 (volume 3.3)
[Enricher 0] tick 15: ETH SMA 2203.01, change +0.039%
[Enricher 0] tick 16: BTC SMA 42118.33, change +0.099%
[SignalGen 0] tick 15: no signal for ETH
[SignalGen 0] tick 16: no signal for BTC

Stage source: in 16, out 16, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Stage enrich: in 16, out 16, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Stage signal: in 16, out 8, filtered 8, not processed 0, waited 0 ms to receive, 0 ms to send
Stage risk: in 8, out 5, filtered 3, not processed 0, waited 0 ms to receive, 0 ms to send
Stage size: in 5, out 5, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Stage execute: in 5, out 5, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Position ETH: +0.014, cash -39.42, last 2204.60, P&L -8.56
Orders executed: 5
P&L: -8.56
Elapsed: 0.001 s
Throughput: 16758 ticks/s
";

/// `VALID` broken in one place.
fn edit(from: &str, to: &str) -> String {
    edited(VALID, from, to)
}

#[test]
fn a_real_run_keeps_every_rule() {
    let report = check(VALID).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(report.counts.len(), 6, "six stages");
    assert_eq!((report.orders, report.pnl), (5, -856));
}

#[test]
fn a_wrong_kelly_size_is_caught() {
    assert_caught(
        &edit(
            "SELL 0.657 ETH (Kelly 14.4%)",
            "SELL 0.700 ETH (Kelly 14.4%)",
        ),
        Rule::Value,
    );
    assert_caught(
        &edit(
            "SELL 0.657 ETH (Kelly 14.4%)",
            "SELL 0.657 ETH (Kelly 28.9%)",
        ),
        Rule::Value,
    );
}

#[test]
fn an_oversized_order_let_through_is_caught() {
    assert_caught(
        &edit(
            "rejected SELL 0.700 BTC: notional 29437.94 over 20000.00",
            "passed SELL 0.700 BTC (notional 29437.94)",
        ),
        Rule::Value,
    );
}

#[test]
fn an_order_that_skips_the_risk_filter_is_caught() {
    let skipped = edit(
        "[Executor 0] tick 9: EXECUTING BUY 0.359 ETH @ 2200.20\n",
        "[Executor 0] tick 9: EXECUTING BUY 0.359 ETH @ 2200.20\n[Executor 0] tick 7: EXECUTING BUY 0.071 BTC @ 42222.92\n",
    );
    assert_caught(&skipped, Rule::Flow);
}

#[test]
fn a_book_that_does_not_add_up_is_caught() {
    assert_caught(
        &edit("Position ETH: +0.014,", "Position ETH: +0.015,"),
        Rule::Book,
    );
}

#[test]
fn a_missing_stage_line_is_caught() {
    let without: String = VALID
        .lines()
        .filter(|l| !l.starts_with("Stage size"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_caught(&without, Rule::Accounting);
}
