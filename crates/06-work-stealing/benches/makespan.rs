//! Does stealing help? The makespan of a skewed workload with and without stealing,
//! against the ideal: total work divided by the consumers.
//!
//! `cargo bench -p work-stealing --bench makespan` (add `-- --quick` for a smoke run).
//! Each round runs the library twice in this process, stealing and static, alternately,
//! on the same seeded workload (the tasks dealt to consumer 0 cost `--heavy-ms`, the
//! others `--work-ms`), output discarded. The ideal is computed from the tasks' own
//! costs (the same seeded draws the run makes), so each ratio is taken within one run.

use std::io;
use std::time::Duration;

use clap::Parser;
use work_stealing::task::task_id;
use work_stealing::{Config, Control, Task, run};

fn config(consumers: u32, steal: bool) -> Config {
    let mut args = vec![
        "06-work-stealing".to_owned(),
        "--quiet".into(),
        "--stats-interval-ms".into(),
        "0".into(),
        "--fail-rate".into(),
        "0".into(),
        "--producers".into(),
        "3".into(),
        "--tasks".into(),
        "60".into(),
        "--consumers".into(),
        consumers.to_string(),
        "--work-ms".into(),
        "1..3".into(),
        "--heavy-ms".into(),
        "20".into(),
    ];
    if !steal {
        args.push("--no-steal".into());
    }
    Config::parse_from(args)
}

/// Total simulated work of the run's tasks, over the consumers.
fn ideal(config: &Config) -> Duration {
    let per = config.tasks_per_producer();
    let total: Duration = (0..config.producers)
        .flat_map(|p| (0..per).map(move |s| task_id(p, s, per)))
        .map(|id| Task::new(config, id).cost)
        .sum();
    total / config.consumers
}

fn makespan(config: &Config) -> Duration {
    let control = Control::default();
    run(config, io::sink(), &control)
        .expect("the run completes")
        .elapsed
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 1 } else { 5 };
    println!("makespan / ideal (median of {rounds} rounds), 3 producers x 60 tasks, skewed:");
    println!("consumers  ideal ms  stealing  static");
    for consumers in [2, 4, 8] {
        let (on, off) = (config(consumers, true), config(consumers, false));
        let ideal_ms = ideal(&on).as_secs_f64() * 1000.0;
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            with.push(makespan(&on).as_secs_f64() * 1000.0 / ideal_ms);
            without.push(makespan(&off).as_secs_f64() * 1000.0 / ideal_ms);
        }
        println!(
            "{consumers:>9}  {ideal_ms:>8.0}  {:>7.2}x  {:>5.2}x",
            median(with),
            median(without)
        );
    }
}
