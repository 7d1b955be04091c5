//! `cargo xtask exercise watch PASS`: grade the learner's copy again on every save.
//!
//! Polls the copy's `src/` and `tests/` for a newer modification time (no watcher
//! crate: a poll every 300 ms costs nothing next to a build), then grades, stopping
//! at the first failing row, and says how long the verdict took. Ctrl+C ends it.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::check::Stop;
use crate::workspace::Package;

/// How often the copy is looked at.
const POLL: Duration = Duration::from_millis(300);

/// Watches `package`'s copy; returns only on an error.
///
/// # Errors
/// If the copy does not exist, or grading cannot run.
pub fn run(root: &Path, package: &Package) -> Result<(), String> {
    let dir = super::copy_dir(root, package);
    let mut seen = None;
    loop {
        let latest = newest(&dir.join("src")).max(newest(&dir.join("tests")));
        if seen != Some(latest) {
            seen = Some(latest);
            // Clear the screen, as rustlings does: the last verdict is the news.
            print!("\x1b[2J\x1b[H");
            println!("watching exercises/{} (Ctrl+C to stop)\n", package.label);
            let started = Instant::now();
            let graded = super::check(root, package, Stop::AtFirstFailure)?;
            let verdict = if graded.failed == 0 {
                "green"
            } else {
                "failing"
            };
            println!(
                "\nverdict: {verdict}, in {:.1} s. Save a file to grade again.",
                started.elapsed().as_secs_f64()
            );
            println!("{}", super::progress(root)?);
        }
        std::thread::sleep(POLL);
    }
}

/// The newest modification time of a file under `dir`.
fn newest(dir: &Path) -> SystemTime {
    let mut latest = SystemTime::UNIX_EPOCH;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return latest;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest(&path)
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH)
        };
        latest = latest.max(time);
    }
    latest
}
