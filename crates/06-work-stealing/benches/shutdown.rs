//! How long does a stop take? Time from SIGINT to exit, for each shutdown mode, with
//! a full queue behind it.
//!
//! `cargo bench -p work-stealing --bench shutdown` (add `-- --quick` for a smoke run).
//! Each round starts the pass's binary per mode, in turn: 10 producers as fast as they
//! go, 5 consumers, 2 ms tasks, no skew, endless. It waits for the 200th `processing`
//! line (by then the channel is full), sends SIGINT, and times until the process has
//! exited, through the grader's `Child`, whose exit poll makes the figure good to about
//! 2 ms. Every run is graded as the signal tests grade it, so a figure never comes from
//! a run that lost a task.
//!
//! What to expect: graceful drains the backlog (the channel, the local queues and the
//! tasks in hand: about `(capacity + 5 × 16) × 2 ms / 5`); immediate waits only for the
//! tasks in hand (≤ 2 ms); timeout drains for at most `--drain-ms`, then stops as
//! immediate does.

use std::path::Path;
use std::time::Duration;

use grader::{Bound, Child, Expect, Signal, StopMode};

const BINARY: &str = env!("CARGO_BIN_EXE_06-work-stealing");
const READY: &str = "Running... Press Ctrl+C to stop";
const LINE_TIMEOUT: Duration = Duration::from_secs(20);
/// The most a stop may take before the run counts as hung (graceful at capacity
/// 1000 needs about half a second).
const EXIT_BOUND: Duration = Duration::from_secs(10);
const WORK_MS: u64 = 2;
const DRAIN_MS: u64 = 100;
const MODES: [StopMode; 3] = [
    StopMode::Graceful,
    StopMode::Immediate,
    StopMode::Timeout(DRAIN_MS),
];

/// One run: start, let the queue fill, SIGINT, time the exit.
fn stop_latency(capacity: u64, mode: StopMode) -> Duration {
    let (capacity_flag, work, drain) = (
        capacity.to_string(),
        WORK_MS.to_string(),
        DRAIN_MS.to_string(),
    );
    let mut args = vec![
        "--endless",
        "--producers",
        "10",
        "--consumers",
        "5",
        "--rate",
        "0",
        "--work-ms",
        &work,
        "--heavy-ms",
        "0",
        "--fail-rate",
        "0",
        "--stats-interval-ms",
        "0",
        "--capacity",
        &capacity_flag,
    ];
    match mode {
        StopMode::Graceful => args.extend(["--shutdown", "graceful"]),
        StopMode::Immediate => args.extend(["--shutdown", "immediate"]),
        StopMode::Timeout(_) => args.extend(["--shutdown", "timeout", "--drain-ms", &drain]),
    }
    let mut child = Child::spawn(Path::new(BINARY), &args);
    child.wait_for_line(READY, LINE_TIMEOUT);
    child.wait_for_processing(200, LINE_TIMEOUT);
    child.signal(Signal::SIGINT);
    let done = child.finish(EXIT_BOUND + LINE_TIMEOUT);
    let expect = Expect::tasks_unknown()
        .bounded(Bound::Capacity(capacity))
        .stoppable(mode)
        .monitored()
        .failing()
        .stealing();
    done.graded(&expect, EXIT_BOUND, &[3, 130]);
    done.assert_status_matches_accounting();
    done.exit_latency
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 1 } else { 5 };
    println!(
        "SIGINT to exit, ms: median (max) of {rounds} rounds; 10 producers, 5 consumers, \
         {WORK_MS} ms tasks:"
    );
    println!("capacity     graceful    immediate  timeout {DRAIN_MS} ms");
    for capacity in [10, 1000] {
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); MODES.len()];
        for _ in 0..rounds {
            for (mode, times) in MODES.iter().zip(&mut times) {
                times.push(ms(stop_latency(capacity, *mode)));
            }
        }
        let cells: Vec<String> = times
            .iter_mut()
            .map(|xs| {
                xs.sort_by(f64::total_cmp);
                format!("{:>6.0} ({:>4.0})", xs[xs.len() / 2], xs[xs.len() - 1])
            })
            .collect();
        println!("{capacity:>8}  {}", cells.join("  "));
    }
}
