//! The grader's own tests for the quote aggregator's rules (docs/transcripts.md, "The
//! quote aggregator"): each broken transcript differs from a real one in one place
//! and must be caught under the rule it breaks.

use grader::pipeline::{Rule, assert_caught, canonical, check, edited};

/// A real run of pass 08 (`--system aggregator --rate 0 --ticks 3 --capacity 1
/// --seed 3`).
const VALID: &str = "\
Quote aggregator: 3 exchanges (Binance, Coinbase, Kraken), 3 quotes each, seed 3
Stages: exchanges (3 producers) -> aggregate (1 consumer), channel of 1
Shutdown mode: graceful
Running... Press Ctrl+C to stop

[Binance] quote 1: BTC/USDT bid 42000.59, ask 42001.59
[Binance] quote 2: BTC/USDT bid 42000.76, ask 42001.76
[Coinbase] quote 1: BTC/USD bid 42001.97, ask 42004.97
[Kraken] quote 1: XBTUSD bid 41999.45, ask 42003.45
[Aggregator] Binance quote 1: best bid 42000.59 on Binance, best ask 42001.59 on Binance
[Binance] quote 3: BTC/USDT bid 42001.00, ask 42002.00
[Aggregator] Binance quote 2: best bid 42000.76 on Binance, best ask 42001.76 on Binance
[Coinbase] quote 2: BTC/USD bid 42001.11, ask 42004.11
[Aggregator] Coinbase quote 1: best bid 42001.97 on Coinbase, best ask 42001.76 on Binance; ARBITRAGE! Buy on Binance @ 42001.76, sell on Coinbase @ 42001.97
[Kraken] quote 2: XBTUSD bid 41998.87, ask 42002.87
[Aggregator] Kraken quote 1: best bid 42001.97 on Coinbase, best ask 42001.76 on Binance; ARBITRAGE! Buy on Binance @ 42001.76, sell on Coinbase @ 42001.97
[Aggregator] Binance quote 3: best bid 42001.97 on Coinbase, best ask 42002.00 on Binance
[Coinbase] quote 3: BTC/USD bid 42001.42, ask 42004.42
[Aggregator] Coinbase quote 2: best bid 42001.11 on Coinbase, best ask 42002.00 on Binance
[Kraken] quote 3: XBTUSD bid 41999.71, ask 42003.71
[Aggregator] Kraken quote 2: best bid 42001.11 on Coinbase, best ask 42002.00 on Binance
[Aggregator] Coinbase quote 3: best bid 42001.42 on Coinbase, best ask 42002.00 on Binance
[Aggregator] Kraken quote 3: best bid 42001.42 on Coinbase, best ask 42002.00 on Binance

Stage exchanges: in 9, out 9, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Stage aggregate: in 9, out 9, filtered 0, not processed 0, waited 0 ms to receive, 0 ms to send
Quotes seen: Binance 3, Coinbase 3, Kraken 3
Arbitrage opportunities: 2
Best bid: 42001.42 on Coinbase
Best ask: 42002.00 on Binance
Elapsed: 0.001 s
Throughput: 15527 quotes/s
";

/// `VALID` broken in one place.
fn edit(from: &str, to: &str) -> String {
    edited(VALID, from, to)
}

#[test]
fn a_real_run_keeps_every_rule() {
    let report = check(VALID).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(
        (report.ticks, report.orders, report.not_processed),
        (9, 2, 0)
    );
    assert_eq!(report.exit_status(false), 0);
}

#[test]
fn a_wrong_best_price_or_a_missed_arbitrage_is_caught() {
    assert_caught(
        &edit(
            "[Aggregator] Binance quote 3: best bid 42001.97 on Coinbase",
            "[Aggregator] Binance quote 3: best bid 42001.00 on Binance",
        ),
        Rule::Value,
    );
    // Coinbase's bid above Binance's ask, said without the arbitrage.
    assert_caught(
        &edit(
            "best ask 42001.76 on Binance; ARBITRAGE! Buy on Binance @ 42001.76, sell on Coinbase @ 42001.97\n[Kraken] quote 2",
            "best ask 42001.76 on Binance\n[Kraken] quote 2",
        ),
        Rule::Value,
    );
    // The best bid kept from Coinbase's first quote after its second replaced it.
    assert_caught(
        &edit(
            "[Aggregator] Coinbase quote 2: best bid 42001.11 on Coinbase",
            "[Aggregator] Coinbase quote 2: best bid 42001.97 on Coinbase",
        ),
        Rule::Value,
    );
}

#[test]
fn a_quote_seen_twice_early_or_never_is_caught() {
    let line = "[Aggregator] Kraken quote 3: best bid 42001.42 on Coinbase, best ask 42002.00 on Binance\n";
    assert_caught(&edit(line, &format!("{line}{line}")), Rule::Flow);
    assert_caught(&edit(line, ""), Rule::Flow);
    let early = VALID.replacen(
        "[Aggregator] Binance quote 1:",
        "[Aggregator] Coinbase quote 9: best bid 1.00 on Binance, best ask 2.00 on Binance\n[Aggregator] Binance quote 1:",
        1,
    );
    assert_caught(&early, Rule::Flow);
}

#[test]
fn an_exchange_out_of_order_is_caught() {
    assert_caught(
        &edit("[Binance] quote 2:", "[Binance] quote 5:"),
        Rule::Sequence,
    );
    let swapped = edit(
        "[Aggregator] Binance quote 2: best bid 42000.76 on Binance, best ask 42001.76 on Binance\n",
        "",
    )
    .replacen(
        "[Aggregator] Binance quote 3:",
        "[Aggregator] Binance quote 2: best bid 42000.76 on Binance, best ask 42001.76 on Binance\n[Aggregator] Binance quote 3:",
        1,
    );
    let swapped = swapped.replacen(
        "[Aggregator] Binance quote 2: best bid 42000.76 on Binance, best ask 42001.76 on Binance\n[Aggregator] Binance quote 3: best bid 42001.97 on Coinbase, best ask 42002.00 on Binance\n",
        "[Aggregator] Binance quote 3: best bid 42001.97 on Coinbase, best ask 42002.00 on Binance\n[Aggregator] Binance quote 2: best bid 42000.76 on Binance, best ask 42001.76 on Binance\n",
        1,
    );
    assert_caught(&swapped, Rule::Order);
}

#[test]
fn totals_that_do_not_add_up_are_caught() {
    assert_caught(
        &edit("Arbitrage opportunities: 2", "Arbitrage opportunities: 3"),
        Rule::Book,
    );
    assert_caught(
        &edit("Quotes seen: Binance 3,", "Quotes seen: Binance 2,"),
        Rule::Book,
    );
    assert_caught(
        &edit(
            "Best bid: 42001.42 on Coinbase",
            "Best bid: 42001.97 on Coinbase",
        ),
        Rule::Book,
    );
    assert_caught(
        &edit(
            "Stage aggregate: in 9, out 9",
            "Stage aggregate: in 9, out 8",
        ),
        Rule::Accounting,
    );
}

#[test]
fn the_canonical_form_keeps_the_quotes_and_hides_the_arrival_order() {
    let canon = canonical(VALID);
    assert!(canon.contains("[Aggregator] Kraken quote 3: [seen]\n"));
    assert!(
        canon
            .contains("[Binance] quote 1: BTC/USDT bid 42000.59, ask 42001.59\n[Binance] quote 2:")
    );
    assert!(canon.contains("Arbitrage opportunities: [redacted]") && !canon.contains("ARBITRAGE"));
    assert_eq!(canonical(&canon), canon);
}
