//! Does stealing help? The makespan of a skewed workload with and without stealing,
//! against the ideal: total work divided by the consumers.
//!
//! `cargo bench -p work-stealing --bench makespan` (add `-- --quick` for a smoke run).
//! Each round runs the library three times in this process, alternately, output
//! discarded: stealing and `--no-steal` on the same seeded skewed workload (heavy
//! bursts of `--heavy-ms` tasks, the others `--work-ms`; see `src/skew.rs`), and
//! stealing without skew as a control (what start-up and sleeps that overshoot cost,
//! with nothing to balance). The channel is large enough to hold the whole backlog,
//! so consumers take full batches: the setting where batching pays and skew hurts.
//! Each ideal is computed from the tasks' own costs (the same seeded draws the run
//! makes), so each ratio is taken within one run; beside them, what an offline
//! scheduler that knows every cost reaches (longest task first), to tell the tasks'
//! indivisibility from the online policy's cost.

use std::io;
use std::time::Duration;

use clap::Parser;
use plumbing::task_id;
use work_stealing::skew::Skew;
use work_stealing::{Config, Control, Task, run};

/// The benchmark's run; `heavy_ms` 0 is the control without skew.
fn config(consumers: u32, steal: bool, heavy_ms: u64) -> Config {
    let consumers = consumers.to_string();
    let heavy_ms = heavy_ms.to_string();
    let mut args = vec![
        "06-work-stealing",
        "--quiet",
        "--stats-interval-ms",
        "0",
        "--producers",
        "2",
        "--tasks",
        "256",
        "--capacity",
        "1000",
        "--consumers",
        &consumers,
        "--work-ms",
        "1..3",
        "--heavy-ms",
        &heavy_ms,
    ];
    if !steal {
        args.push("--no-steal");
    }
    Config::parse_from(args)
}

/// The simulated cost of every task of the run.
fn costs(config: &Config) -> Vec<Duration> {
    let per = config.tasks_per_producer();
    let skew = Skew::new(config.stealing.heavy_ms, per);
    (0..config.producers)
        .flat_map(|p| (0..per).map(move |s| task_id(p, s, per)))
        .map(|id| skew.apply(Task::new(config, id)).cost)
        .collect()
}

/// Total simulated work of the run's tasks, over the consumers.
fn ideal(config: &Config) -> Duration {
    costs(config).iter().sum::<Duration>() / config.consumers
}

/// What an offline scheduler that knows every cost in advance achieves: longest task
/// first, each to the least-loaded consumer (LPT, within 4/3 of the optimum). The
/// ideal assumes work can be split finely; a 20 ms task cannot, so this is the
/// yardstick for how much of the gap to the ideal is the tasks' size, not the
/// stealing.
fn offline(config: &Config) -> Duration {
    let mut costs = costs(config);
    costs.sort_unstable_by(|a, b| b.cmp(a));
    let mut loads = vec![Duration::ZERO; config.consumers as usize];
    for cost in costs {
        let least = loads.iter_mut().min().expect("at least one consumer");
        *least += cost;
    }
    loads.into_iter().max().unwrap_or_default()
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
    println!("makespan / ideal (median of {rounds} rounds), 2 producers x 256 tasks, skewed:");
    println!("consumers  ideal ms  stealing  static  offline LPT  no skew");
    for consumers in [2, 4, 8] {
        let (on, off) = (config(consumers, true, 20), config(consumers, false, 20));
        // The same run without skew: what start-up and sleeps overshooting cost.
        let even = config(consumers, true, 0);
        let even_ms = ideal(&even).as_secs_f64() * 1000.0;
        let ideal_ms = ideal(&on).as_secs_f64() * 1000.0;
        let lpt = offline(&on).as_secs_f64() * 1000.0 / ideal_ms;
        let (mut with, mut without, mut control) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            control.push(makespan(&even).as_secs_f64() * 1000.0 / even_ms);
            with.push(makespan(&on).as_secs_f64() * 1000.0 / ideal_ms);
            without.push(makespan(&off).as_secs_f64() * 1000.0 / ideal_ms);
        }
        println!(
            "{consumers:>9}  {ideal_ms:>8.0}  {:>7.2}x  {:>5.2}x  {lpt:>10.2}x  {:>6.2}x",
            median(with),
            median(without),
            median(control)
        );
    }
}
