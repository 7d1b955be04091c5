//! Do idle consumers sleep? The CPU time pass 06's consumer threads use while the
//! producers pause between tasks (`--rate 1`), read from `/proc` (Linux only).
//!
//! `cargo bench -p work-stealing --bench idle` (add `-- --quick` for a smoke run).
//! Starts the binary with 3 producers at one task a second each and 4 consumers, lets
//! it settle, then reads the consumer threads' user + system time (`/proc/PID/task/
//! TID/stat`, fields 14 and 15) at the start and the end of a window, and prints it as
//! a share of one core. A consumer that polled would show here; one asleep in `recv`
//! does not.

use std::fs;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The binary Cargo built for this bench.
const BINARY: &str = env!("CARGO_BIN_EXE_06-work-stealing");

/// Clock ticks a second, as `/proc` counts them (`getconf CLK_TCK`; 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// User + system ticks of every thread of `pid` whose name starts with `consumer`.
fn consumer_ticks(pid: u32) -> u64 {
    let tasks = fs::read_dir(format!("/proc/{pid}/task")).expect("a Linux /proc");
    tasks
        .flatten()
        .filter(|t| {
            fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.starts_with("consumer"))
        })
        .filter_map(|t| fs::read_to_string(t.path().join("stat")).ok())
        .map(|stat| {
            // Fields after the `(comm)`, which may hold spaces: state is field 3.
            let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
            let fields: Vec<&str> = rest.split(' ').collect();
            let field = |n: usize| fields[n - 3].parse::<u64>().unwrap_or(0);
            field(14) + field(15)
        })
        .sum()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let window = Duration::from_secs(if quick { 2 } else { 10 });
    let mut child = Command::new(BINARY)
        .args(["--quiet", "--endless", "--rate", "1", "--producers", "3"])
        .args(["--consumers", "4", "--stats-interval-ms", "0"])
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary starts");
    thread::sleep(Duration::from_millis(500));
    let (start, before) = (Instant::now(), consumer_ticks(child.id()));
    thread::sleep(window);
    let used = (consumer_ticks(child.id()) - before) as f64 / TICKS_PER_SECOND;
    let share = used / start.elapsed().as_secs_f64() * 100.0;
    child.kill().expect("the run stops");
    let _ = child.wait();
    println!(
        "idle consumers (--rate 1, 4 consumers): {used:.2} s of CPU in {:.0} s, {share:.2} % of one core",
        window.as_secs_f64()
    );
}
