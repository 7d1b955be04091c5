//! What a bound buys: peak resident memory of a bounded and an unbounded run as the
//! task count grows.
//!
//! `cargo bench -p bench --bench memory` (add `-- --quick` for a smoke run: 10 000 and
//! 100 000 tasks instead of 1 M and 10 M).
//!
//! Each run is a process of its own (this benchmark starts itself again with
//! `--child`), so each peak is that run's alone: the child runs the pass's library
//! (10 producers, 5 consumers, zero work, output silenced), then reports its high-water
//! mark, `VmHWM` from `/proc/self/status`. With zero work the producers outrun the
//! consumers, so an unbounded queue holds a backlog that grows with the run while a
//! bounded one never holds more than its capacity. One run per figure: memory, unlike
//! time, barely moves from run to run (the 02 chapter's repeats agree to a few %).

use std::process::Command;

use bench::Shape;
use bench::passes::Pass;

const PASSES: [u8; 2] = [2, 6];

/// The child: one run, then its peak resident size in kB on stdout.
fn child(pass: u8, tasks: u64, capacity: Option<usize>) {
    let shape = Shape {
        capacity,
        ..Shape::reference(tasks)
    };
    let processed = Pass::new(pass, &shape).run();
    assert_eq!(processed, shape.total(), "every task processed");
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux's /proc");
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("a VmHWM line");
    println!("{peak}");
}

/// Runs one configuration in a child process; its peak in MB.
fn peak_mb(pass: u8, tasks: u64, capacity: Option<usize>) -> f64 {
    let exe = std::env::current_exe().expect("this benchmark's path");
    let bound = capacity.map_or_else(|| "unbounded".to_owned(), |c| c.to_string());
    let out = Command::new(exe)
        .args(["--child", &pass.to_string(), &tasks.to_string(), &bound])
        .output()
        .expect("starts itself");
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kb: f64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("the child prints its peak");
    kb / 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let arg = |k: usize| args.get(at + k).map(String::as_str).unwrap_or_default();
        let pass = arg(1).parse().expect("pass");
        let tasks = arg(2).parse().expect("tasks per producer");
        let capacity = arg(3).parse().ok();
        return child(pass, tasks, capacity);
    }
    let quick = args.iter().any(|a| a == "--quick");
    let totals: [u64; 2] = if quick {
        [10_000, 100_000]
    } else {
        [1_000_000, 10_000_000]
    };
    println!(
        "peak resident MB (VmHWM), 10 producers, 5 consumers, zero work, one process per run:"
    );
    println!("pass      tasks  capacity 1000   unbounded");
    for pass in PASSES {
        for total in totals {
            let per = total / u64::from(Shape::reference(0).producers);
            let bounded = peak_mb(pass, per, Some(1000));
            let unbounded = peak_mb(pass, per, None);
            println!("  0{pass} {total:>10}  {bounded:>10.1}  {unbounded:>10.1}");
        }
    }
}
