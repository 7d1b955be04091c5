//! Thread hygiene: after a pass's `run` returns, the process has no more threads than
//! before it started. Linux only (`/proc/self/status`).
//!
//! The one thread a pass's process keeps for its whole life, ctrlc's signal-handler
//! thread, is started by `main.rs` (passes 03 on), never by `run`, so an in-process
//! run leaves none behind.

use std::thread;
use std::time::{Duration, Instant};

/// The number of threads in this process now.
///
/// # Panics
/// If `/proc/self/status` cannot be read or has no `Threads:` line.
pub fn count() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}

/// Runs `f` and asserts that, once it has returned, the process has no more threads
/// than before. Call it from a test binary with a single test, so that no other
/// test's threads come and go meanwhile.
///
/// # Panics
/// If a thread is left: `what` names the run.
#[track_caller]
pub fn assert_no_thread_left<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let before = count();
    let result = f();
    // A joined thread has finished, but the kernel may count it a moment longer:
    // `join` returns when the thread clears its id, slightly before it is reaped. A
    // thread that was never joined stays for good, so waiting a little cannot hide
    // one.
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut after = count();
    while after > before && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
        after = count();
    }
    assert!(
        after <= before,
        "{what}: {before} threads before the run, {after} after it"
    );
    result
}
