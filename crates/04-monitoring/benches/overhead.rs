//! What monitoring costs: pass 04 against pass 03 on the same zero-work run, in the
//! same process, alternating, so both see the same machine state.
//!
//! The run: 10 producers, 5 consumers, a queue of 1000, no pacing, no simulated work,
//! output to `io::sink()`. Pass 04 runs with its monitor printing every second (the
//! default) and with the monitor off (`--stats-interval-ms 0`); both keep the
//! per-thread counters, which is where the cost would be.
//!
//! Prints the median throughput of each and the ratios. `cargo bench -p monitoring
//! --bench overhead`;
//! `cargo bench -p monitoring --bench overhead -- --quick` for a smoke run (fewer, smaller rounds).

use std::io;
use std::time::Instant;

use clap::Parser;

const ARGS: [&str; 10] = [
    "--producers",
    "10",
    "--consumers",
    "5",
    "--capacity",
    "1000",
    "--rate",
    "0",
    "--work-ms",
    "0",
];

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // Many short rounds, alternating: on a noisy machine the medians of many samples
    // taken side by side say more than a few long ones.
    let (rounds, tasks) = if quick { (3, "2000") } else { (41, "20000") };
    let tasks_args = ["--tasks", tasks, "--quiet"];

    let baseline = shutdown::Config::parse_from(["03"].into_iter().chain(ARGS).chain(tasks_args));
    let monitored =
        monitoring::Config::parse_from(["04"].into_iter().chain(ARGS).chain(tasks_args));
    let counters_only = monitoring::Config {
        stats_interval_ms: 0,
        ..monitored.clone()
    };

    let mut samples = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        samples[0].push(timed(|| {
            shutdown::run(&baseline, io::sink(), &shutdown::Control::default())
                .map(|s| s.processed())
        }));
        samples[1].push(timed(|| {
            monitoring::run(&monitored, io::sink(), &monitoring::Control::default())
                .map(|s| s.processed())
        }));
        samples[2].push(timed(|| {
            monitoring::run(&counters_only, io::sink(), &monitoring::Control::default())
                .map(|s| s.processed())
        }));
    }
    println!(
        "zero-work run, 10 producers / 5 consumers / capacity 1000, {tasks} tasks each, {rounds} rounds"
    );
    println!(
        "{:<36} {:>14} {:>24} {:>7}",
        "", "median tasks/s", "interquartile range", "ratio"
    );
    let [base, mon, counters] = samples.map(quartiles);
    for (name, q) in [
        ("03-shutdown (baseline)", base),
        ("04-monitoring, monitor every 1 s", mon),
        ("04-monitoring, counters only", counters),
    ] {
        println!(
            "{name:<36} {:>14.0} {:>11.0} – {:>10.0} {:>7.3}",
            q[1],
            q[0],
            q[2],
            q[1] / base[1]
        );
        plumbing::measure::record("overhead", name, q[0], q[1], q[2]);
    }
}

/// Runs `run` once and returns its throughput in tasks per second.
fn timed<E: std::fmt::Debug>(run: impl FnOnce() -> Result<u64, E>) -> f64 {
    let started = Instant::now();
    let processed = run().expect("the benchmark run completes");
    processed as f64 / started.elapsed().as_secs_f64()
}

/// First quartile, median, third quartile.
fn quartiles(mut samples: Vec<f64>) -> [f64; 3] {
    samples.sort_by(f64::total_cmp);
    let at = |q: usize| samples[(samples.len() - 1) * q / 4];
    [at(1), at(2), at(3)]
}
