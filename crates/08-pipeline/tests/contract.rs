//! The pipeline's contract on many shapes: every run of the binary graded by the
//! grader's pipeline checker (sequence, flow, per-symbol order, the sequential
//! model's values, accounting, the book), and the results compared across worker
//! counts in-process: the same ticks give the same book however many workers each
//! stage has and however small its channels are. The quote aggregator's runs are
//! graded by its own checker, which replays the order the aggregator saw.

use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use clap::Parser;
use grader::pipeline::check;
use grader::tether;
use pipeline::{Config, Control, StageStats, run};

/// Every graded run ends well within this; a hang fails instead of blocking the suite.
const LIMIT: Duration = Duration::from_secs(30);

fn graded(args: &[&str]) -> grader::pipeline::Report {
    let output = tether::command(cargo_bin!("08-pipeline"))
        .args(["--rate", "0"])
        .args(args)
        .timeout(LIMIT)
        .output()
        .expect("it runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let report = check(&stdout).unwrap_or_else(|f| panic!("{args:?}: {f:#?}\n{stdout}"));
    assert_eq!(
        output.status.code(),
        Some(report.exit_status(false)),
        "{args:?}"
    );
    assert!(
        output.stderr.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    report
}

/// Workers of the enrich, signal and execute stages.
const SHAPES: [[&str; 3]; 4] = [
    ["1", "1", "1"],
    ["2", "2", "3"],
    ["3", "5", "2"],
    ["8", "1", "8"],
];

#[test]
fn every_shape_keeps_the_contract() {
    for seed in ["1", "42", "977"] {
        for [enrich, signal, execute] in SHAPES {
            for capacity in ["0", "1", "16"] {
                let market = ["--seed", seed, "--ticks", "400", "--symbols", "8"];
                let workers = ["--enrich-workers", enrich, "--signal-workers", signal];
                let rest = ["--execute-workers", execute, "--capacity", capacity];
                let report = graded(&[&market[..], &workers, &rest].concat());
                assert_eq!((report.ticks, report.not_processed), (400, 0));
            }
        }
    }
}

#[test]
fn the_risk_manager_keeps_the_contract_and_its_results_for_any_workers() {
    let limits = [
        "--system",
        "risk",
        "--max-order",
        "20000",
        "--bankroll",
        "50000",
    ];
    let mut books = Vec::new();
    for [enrich, signal, execute] in SHAPES {
        for capacity in ["0", "8"] {
            let market = ["--seed", "11", "--ticks", "500", "--symbols", "6"];
            let workers = ["--enrich-workers", enrich, "--signal-workers", signal];
            let rest = ["--execute-workers", execute, "--capacity", capacity];
            let args = [&limits[..], &market, &workers, &rest].concat();
            let report = graded(&args);
            assert_eq!((report.counts.len(), report.ticks), (6, 500));
            books.push(book(&args).0);
        }
    }
    assert!(books[0].orders() > 0, "the run trades");
    assert!(
        books.iter().all(|b| *b == books[0]),
        "one book for every shape"
    );
}

#[test]
fn the_quote_aggregator_keeps_its_contract() {
    for seed in ["1", "42", "977"] {
        for capacity in ["0", "1", "64"] {
            let args = [
                "--system",
                "aggregator",
                "--seed",
                seed,
                "--ticks",
                "300",
                "--capacity",
                capacity,
            ];
            let report = graded(&args);
            assert_eq!((report.ticks, report.counts[1].passed), (900, 900));
        }
    }
    let quiet = graded(&["--system", "aggregator", "--quiet", "--ticks", "2000"]);
    assert_eq!(quiet.counts[1].received, 6000);
}

#[test]
fn the_monitor_reads_every_stage_within_its_bound() {
    for system in ["pipeline", "risk", "aggregator"] {
        let args = [
            "--system",
            system,
            "--ticks",
            "300",
            "--rate",
            "3000",
            "--capacity",
            "2",
            "--stats-interval-ms",
            "2",
            "--warn-above",
            "0",
        ];
        let output = tether::command(cargo_bin!("08-pipeline"))
            .args(args)
            .timeout(LIMIT)
            .output()
            .expect("it runs");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        // The checker holds every reading to its bound, and every warning to its reading.
        check(&stdout).unwrap_or_else(|f| panic!("{system}: {f:#?}\n{stdout}"));
        assert!(stdout.contains("\nMonitor: every 2 ms, warning above 0 queued\n"));
        assert!(
            stdout
                .lines()
                .filter(|l| l.starts_with("[Monitor]"))
                .count()
                >= 2,
            "{stdout}"
        );
    }
}

#[test]
fn a_quiet_run_keeps_its_counts() {
    let report = graded(&["--quiet", "--ticks", "5000", "--symbols", "5"]);
    assert_eq!(report.counts[3].received, report.counts[2].passed);
}

/// An in-process run of `args`, flat out, its transcript discarded: its book and counts.
fn book(args: &[&str]) -> (pipeline::execute::Book, [StageStats; 4]) {
    let config = Config::parse_from([&["08-pipeline", "--rate", "0"], args].concat());
    let summary = run(&config, std::io::sink(), &Control::default()).expect("a healthy run");
    assert!(summary.accounting_holds(), "{args:?}: {:?}", summary.stages);
    let stages: Vec<StageStats> = summary.stages.iter().map(|(_, s)| *s).collect();
    // The pipeline's four stages; the risk manager's last three are compared by book.
    let four = [stages[0], stages[1], stages[2], stages[stages.len() - 1]];
    (summary.book(), four)
}

#[test]
fn the_results_do_not_depend_on_the_workers_or_the_channels() {
    for seed in ["3", "8", "2026"] {
        let base = ["--seed", seed, "--ticks", "3000", "--symbols", "8"];
        // The reference: one worker a stage, so nothing runs beside anything else.
        let one = ["--enrich-workers", "1", "--signal-workers", "1"];
        let (reference, stages) = book(&[&base[..], &one].concat());
        assert!(reference.orders() > 0, "the run trades");
        let counts = |s: &[StageStats; 4]| s.map(|s| (s.received, s.passed, s.filtered));
        for ([enrich, signal, execute], capacity) in
            SHAPES.into_iter().skip(1).zip(["0", "1", "100"])
        {
            let workers = ["--enrich-workers", enrich, "--signal-workers", signal];
            let rest = ["--execute-workers", execute, "--capacity", capacity];
            let (got, got_stages) = book(&[&base[..], &workers, &rest].concat());
            let shape =
                format!("seed {seed}, {enrich}/{signal}/{execute} workers, capacity {capacity}");
            assert_eq!(got, reference, "{shape}");
            assert_eq!(counts(&got_stages), counts(&stages), "{shape}");
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn no_thread_outlives_a_run() {
    grader::threads::assert_no_thread_left("a pipeline run", || {
        book(&[
            "--ticks",
            "2000",
            "--enrich-workers",
            "4",
            "--signal-workers",
            "4",
        ])
    });
}
