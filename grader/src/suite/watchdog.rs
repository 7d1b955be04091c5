//! A time limit for work that cannot be killed: an in-process run.
//!
//! A binary that hangs is killed at [`BINARY_LIMIT`](super::BINARY_LIMIT). A pass run
//! in-process shares the test's process, and a thread cannot be killed from outside,
//! so a run that never ends (a `--stop-after` that never fires, a consumer that never
//! returns) would hold its test, and `cargo test`, until someone pressed Ctrl+C. The
//! watchdog ends the test binary instead, saying which run hung: a failure that names
//! its cause within a minute rather than a silence.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// How long an in-process run may take: as long as a binary's run.
pub const IN_PROCESS_LIMIT: Duration = super::BINARY_LIMIT;

/// Runs `work` on this thread; if it is still running after `limit`, calls `on_hang`
/// (which, for a real run, does not return) from the watchdog's thread.
pub fn limited<T>(limit: Duration, on_hang: impl FnOnce() + Send, work: impl FnOnce() -> T) -> T {
    // Dropping the sender, when `work` returns or unwinds, is what frees the watchdog.
    let (done, finished) = mpsc::channel::<()>();
    thread::scope(|s| {
        s.spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(limit) {
                on_hang();
            }
        });
        let _done = done;
        work()
    })
}

/// What a hung in-process run does: says so on stderr, bypassing the test harness's
/// capture (which would keep the words from anyone), and ends the test binary with
/// the status of a failed test.
pub fn hung(what: &str) -> ! {
    let _ = writeln!(
        std::io::stderr(),
        "hung: {what} still running after {IN_PROCESS_LIMIT:?}; the test binary stops here"
    );
    std::process::exit(101)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    #[test]
    fn work_that_ends_in_time_is_left_alone() {
        let fired = AtomicBool::new(false);
        let got = limited(
            Duration::from_secs(60),
            || fired.store(true, Ordering::SeqCst),
            || 7,
        );
        assert_eq!(got, 7);
        assert!(!fired.load(Ordering::SeqCst));
    }

    /// The work outlasts the limit by construction (it waits until the watchdog has
    /// fired), so this cannot flake either way.
    #[test]
    fn work_past_its_limit_is_reported() {
        let (fired, heard) = mpsc::channel();
        limited(
            Duration::from_millis(10),
            move || fired.send(()).expect("the work waits for this"),
            || heard.recv().expect("the watchdog fires"),
        );
    }

    #[test]
    fn a_panic_in_the_work_frees_the_watchdog() {
        let fired = AtomicBool::new(false);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            limited(
                Duration::from_secs(60),
                || fired.store(true, Ordering::SeqCst),
                || panic!("the work fails"),
            )
        }));
        assert!(caught.is_err());
        assert!(!fired.load(Ordering::SeqCst));
    }
}
