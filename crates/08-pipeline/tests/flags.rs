//! Bad command lines are refused with status 2 and a message naming the flag; every
//! flag is documented in `--help`.

use assert_cmd::cargo::cargo_bin;
use grader::flags::{assert_help_documents, assert_refused};
use grader::tether;

fn cmd() -> assert_cmd::Command {
    tether::command(cargo_bin!("08-pipeline"))
}

#[test]
fn bad_values_are_refused_naming_the_flag() {
    assert_refused(
        cmd,
        &[
            (&["--ticks", "0"], "--ticks"),
            (&["--ticks", "-1"], "-1"),
            (&["--ticks", "many"], "--ticks"),
            (&["--ticks", "18446744073709551616"], "--ticks"),
            (&["--symbols", "0"], "--symbols"),
            (&["--symbols", "9"], "9 is not in 1..=8"),
            (&["--capacity", "1000001"], "--capacity"),
            (&["--enrich-workers", "0"], "--enrich-workers"),
            (&["--signal-workers", "257"], "--signal-workers"),
            (&["--execute-workers", "0"], "--execute-workers"),
            (&["--rate", "1000001"], "--rate"),
            (&["--seed", "x"], "--seed"),
            (&["--shutdown", "later"], "--shutdown"),
            (
                &["--drain-ms", "5"],
                "--drain-ms applies only to `--shutdown timeout`",
            ),
            (&["--shutdown", "timeout", "--drain-ms", "0"], "--drain-ms"),
            (&["--duration-ms", "0"], "--duration-ms"),
            (&["--ticks"], "--ticks"),
            (&["--producers", "2"], "--producers"),
            (&["stray"], "stray"),
            (&["--system", "exchange"], "--system"),
            (&["--warn-above", "3"], "--stats-interval-ms"),
            (&["--stats-interval-ms", "0"], "--stats-interval-ms"),
            (&["--system", "risk", "--max-order", "0"], "--max-order"),
            (
                &["--system", "risk", "--bankroll", "1000000001"],
                "--bankroll",
            ),
            (
                &["--bankroll", "500"],
                "--bankroll applies only to `--system risk`",
            ),
            (
                &["--system", "aggregator", "--max-order", "5"],
                "--max-order applies only",
            ),
            (
                &["--system", "aggregator", "--symbols", "5"],
                "--symbols applies only to `--system pipeline`",
            ),
            (
                &["--system", "aggregator", "--execute-workers", "3"],
                "--execute-workers applies only",
            ),
        ],
    );
}

#[test]
fn every_flag_is_documented() {
    assert_help_documents(
        cmd,
        &[
            "--system",
            "--ticks",
            "--symbols",
            "--seed",
            "--rate",
            "--capacity",
            "--enrich-workers",
            "--signal-workers",
            "--execute-workers",
            "--max-order",
            "--bankroll",
            "--stats-interval-ms",
            "--warn-above",
            "--quiet",
            "--shutdown",
            "--drain-ms",
            "--duration-ms",
        ],
    );
}
