//! The grader's own tests for pass 08's rules (docs/transcripts.md, "The pipeline"):
//! each broken transcript differs from a real one in one place and must be caught
//! under the rule it breaks.

use grader::pipeline::{Report, Rule, assert_caught, canonical, check, edited};

/// A real run of pass 08 (`--rate 0 --ticks 12 --seed 42 --symbols 2
/// --enrich-workers 2 --signal-workers 1 --capacity 1`).
const VALID: &str = "\
Pipeline: 12 ticks of 2 symbols (BTC, ETH), seed 42
Stages: source -> enrich (2 workers) -> signal (1 worker) -> execute (1 worker), channels of 1
Shutdown mode: graceful
Running... Press Ctrl+C to stop

[DataSource] tick 1: ETH @ 2199.34 (volume 4.5)
[Enricher 1] tick 1: ETH SMA 2199.34, change +0.000%
[DataSource] tick 2: BTC @ 41991.60 (volume 4.2)
[DataSource] tick 3: ETH @ 2199.99 (volume 1.3)
[SignalGen 0] tick 1: no signal for ETH
[Enricher 1] tick 3: ETH SMA 2199.66, change +0.029%
[DataSource] tick 4: BTC @ 41974.81 (volume 1.9)
[SignalGen 0] tick 3: no signal for ETH
[DataSource] tick 5: BTC @ 41848.89 (volume 0.7)
[Enricher 0] tick 2: BTC SMA 41991.60, change +0.000%
[Enricher 0] tick 4: BTC SMA 41983.20, change -0.039%
[DataSource] tick 6: BTC @ 41890.73 (volume 3.5)
[SignalGen 0] tick 2: no signal for BTC
[DataSource] tick 7: ETH @ 2205.26 (volume 1.2)
[SignalGen 0] tick 4: no signal for BTC
[DataSource] tick 8: BTC @ 42012.21 (volume 1.6)
[Enricher 0] tick 5: BTC SMA 41938.43, change -0.299%
[Enricher 0] tick 6: BTC SMA 41926.50, change +0.099%
[SignalGen 0] tick 5: SELL BTC (confidence 0.299)
[DataSource] tick 9: BTC @ 42008.01 (volume 4.3)
[SignalGen 0] tick 6: no signal for BTC
[Enricher 1] tick 7: ETH SMA 2201.53, change +0.239%
[SignalGen 0] tick 7: BUY ETH (confidence 0.239)
[Executor 0] tick 5: EXECUTING SELL BTC @ 41848.89
[Executor 0] tick 7: EXECUTING BUY ETH @ 2205.26
[Enricher 0] tick 8: BTC SMA 41943.64, change +0.289%
[SignalGen 0] tick 8: BUY BTC (confidence 0.289)
[DataSource] tick 10: BTC @ 42083.62 (volume 3.9)
[Executor 0] tick 8: EXECUTING BUY BTC @ 42012.21
[DataSource] tick 11: BTC @ 41991.04 (volume 3.1)
[Enricher 0] tick 9: BTC SMA 41946.93, change -0.009%
[Enricher 0] tick 10: BTC SMA 41968.69, change +0.179%
[DataSource] tick 12: BTC @ 42037.23 (volume 3.4)
[SignalGen 0] tick 9: no signal for BTC
[SignalGen 0] tick 10: BUY BTC (confidence 0.179)
[Enricher 0] tick 11: BTC SMA 41997.12, change -0.219%
[Enricher 0] tick 12: BTC SMA 42026.42, change +0.109%
[SignalGen 0] tick 11: SELL BTC (confidence 0.219)
[Executor 0] tick 10: EXECUTING BUY BTC @ 42083.62
[SignalGen 0] tick 12: BUY BTC (confidence 0.109)
[Executor 0] tick 11: EXECUTING SELL BTC @ 41991.04
[Executor 0] tick 12: skipping BUY BTC (low confidence)

Stage source: in 12, out 12, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Stage enrich: in 12, out 12, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Stage signal: in 12, out 6, filtered 6, not processed 0, waited 0 ms to receive, 0 ms to send
Stage execute: in 6, out 5, filtered 1, not processed 0, waited 0 ms to receive, 0 ms to send
Position BTC: +0.000, cash -255.90, last 41991.04, P&L -255.90
Position ETH: +1.000, cash -2205.26, last 2205.26, P&L +0.00
Orders executed: 5
P&L: -255.90
Elapsed: 0.001 s
Throughput: 15456 ticks/s
";

/// `VALID` broken in one place.
fn edit(from: &str, to: &str) -> String {
    edited(VALID, from, to)
}

#[test]
fn a_real_run_keeps_every_rule() {
    let report: Report = check(VALID).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!((report.ticks, report.orders, report.pnl), (12, 5, -25_590));
    assert_eq!(report.exit_status(false), 0);
    assert_eq!(report.exit_status(true), 130);
}

#[test]
fn a_symbol_out_of_order_is_caught() {
    let swapped = edit(
        "[Executor 0] tick 10: EXECUTING BUY BTC @ 42083.62\n[SignalGen 0] tick 12: BUY BTC (confidence 0.109)\n[Executor 0] tick 11: EXECUTING SELL BTC @ 41991.04\n",
        "[Executor 0] tick 11: EXECUTING SELL BTC @ 41991.04\n[SignalGen 0] tick 12: BUY BTC (confidence 0.109)\n[Executor 0] tick 10: EXECUTING BUY BTC @ 42083.62\n",
    );
    assert_caught(&swapped, Rule::Order);
}

#[test]
fn a_lost_item_is_caught() {
    assert_caught(
        &edit("[SignalGen 0] tick 9: no signal for BTC\n", ""),
        Rule::Flow,
    );
}

#[test]
fn an_item_twice_is_caught() {
    let line = "[Executor 0] tick 7: EXECUTING BUY ETH @ 2205.26\n";
    assert_caught(&edit(line, &format!("{line}{line}")), Rule::Flow);
}

#[test]
fn a_stage_ahead_of_the_one_before_is_caught() {
    let early = edit("[DataSource] tick 12: BTC @ 42037.23 (volume 3.4)\n", "").replacen(
        "[SignalGen 0] tick 11:",
        "[DataSource] tick 12: BTC @ 42037.23 (volume 3.4)\n[SignalGen 0] tick 11:",
        1,
    );
    let early = early.replacen(
        "[DataSource] tick 11: BTC @ 41991.04 (volume 3.1)\n",
        "[DataSource] tick 11: BTC @ 41991.04 (volume 3.1)\n[Enricher 0] tick 12: BTC SMA 42026.42, change +0.109%\n",
        1,
    );
    let early = early.replacen(
        "[Enricher 0] tick 12: BTC SMA 42026.42, change +0.109%\n[SignalGen 0] tick 11",
        "[SignalGen 0] tick 11",
        1,
    );
    assert_caught(&early, Rule::Flow);
}

#[test]
fn a_wrong_indicator_or_decision_is_caught() {
    assert_caught(&edit("BTC SMA 41926.50", "BTC SMA 41926.51"), Rule::Value);
    assert_caught(
        &edit(
            "tick 6: no signal for BTC",
            "tick 6: BUY BTC (confidence 0.099)",
        ),
        Rule::Flow,
    );
    assert_caught(
        &edit(
            "[SignalGen 0] tick 3: no signal for ETH",
            "[SignalGen 0] tick 3: BUY ETH (confidence 0.029)",
        ),
        Rule::Value,
    );
    assert_caught(
        &edit(
            "skipping BUY BTC (low confidence)",
            "EXECUTING BUY BTC @ 42037.23",
        ),
        Rule::Value,
    );
}

#[test]
fn a_book_that_does_not_add_up_is_caught() {
    assert_caught(&edit("P&L: -255.90", "P&L: -255.91"), Rule::Book);
    assert_caught(
        &edit("Orders executed: 5", "Orders executed: 6"),
        Rule::Book,
    );
    assert_caught(
        &edit("Position ETH: +1.000,", "Position ETH: +2.000,"),
        Rule::Book,
    );
}

#[test]
fn counts_that_do_not_conserve_or_match_the_lines_are_caught() {
    assert_caught(
        &edit("in 12, out 6, filtered 6", "in 12, out 7, filtered 5"),
        Rule::Accounting,
    );
    assert_caught(
        &edit("in 6, out 5, filtered 1", "in 6, out 5, filtered 2"),
        Rule::Accounting,
    );
    let no_stage = VALID
        .lines()
        .filter(|l| !l.starts_with("Stage execute"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_caught(&no_stage, Rule::Accounting);
}

#[test]
fn a_source_that_skips_a_tick_is_caught() {
    assert_caught(
        &edit("[DataSource] tick 3: ETH", "[DataSource] tick 30: ETH"),
        Rule::Sequence,
    );
}

#[test]
fn an_unreadable_body_line_is_caught() {
    assert_caught(
        &edit(
            "[SignalGen 0] tick 9: no signal for BTC",
            "[SignalGen 0] tick 9: maybe BTC",
        ),
        Rule::Value,
    );
}

#[test]
fn a_quiet_run_is_judged_by_its_counts() {
    let quiet: String = VALID
        .lines()
        .filter(|l| !l.starts_with('['))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(check(&quiet).map(|r| r.ticks), Ok(12));
    assert_caught(
        &quiet.replacen(
            "in 12, out 12, filtered 0, not processed 0",
            "in 12, out 11, filtered 0, not processed 0",
            1,
        ),
        Rule::Accounting,
    );
}

#[test]
fn an_immediate_stop_is_accounted_for() {
    // The executor stopped before tick 11 and 12's signals: each reported.
    let stopped = edit(
        "[Executor 0] tick 11: EXECUTING SELL BTC @ 41991.04\n",
        "[Executor 0] tick 11: not processed\n",
    )
    .replacen(
        "[Executor 0] tick 12: skipping BUY BTC (low confidence)",
        "[Executor 0] tick 12: not processed",
        1,
    )
    .replacen(
        "in 6, out 5, filtered 1, not processed 0",
        "in 6, out 4, filtered 0, not processed 2",
        1,
    )
    .replacen(
        "Position BTC: +0.000, cash -255.90, last 41991.04, P&L -255.90",
        "Position BTC: +1.000, cash -42246.94, last 42083.62, P&L -163.32",
        1,
    )
    .replacen("Orders executed: 5", "Orders executed: 4", 1)
    .replacen("P&L: -255.90", "P&L: -163.32", 1);
    let report = check(&stopped).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!((report.not_processed, report.exit_status(true)), (2, 3));
}

#[test]
fn the_canonical_form_sorts_the_body_and_hides_the_clock() {
    let canon = canonical(VALID);
    let body: Vec<&str> = canon.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(
        body.first(),
        Some(&"[DataSource] tick 1: ETH @ 2199.34 (volume 4.5)")
    );
    assert_eq!(
        body.last(),
        Some(&"[Executor 0] tick 12: skipping BUY BTC (low confidence)")
    );
    assert!(
        canon.contains("Stage source: in 12, out 12, filtered 0, not processed 0, waited [ms]")
    );
    assert!(canon.contains("Elapsed: [redacted]") && !canon.contains("ticks/s"));
    assert_eq!(
        canonical(&canon),
        canon,
        "canonical twice is canonical once"
    );
}
