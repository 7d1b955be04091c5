//! Thread hygiene: after `run` returns, the process has no more threads than before,
//! for every shutdown mode and every way a run ends, and every kind of failure. Linux only (it counts `/proc/self/status`'s threads);
//! one test in this binary, so no other test's threads come and go meanwhile.
#![cfg(target_os = "linux")]

use std::io;

use clap::Parser;
use errors::{Config, Control, run};
use grader::threads::assert_no_thread_left;

#[test]
fn every_thread_is_joined_before_run_returns() {
    // (flags, signalled): finite, stopped by a task count, by a duration, by a signal.
    let mut endings: Vec<(&[&str], bool)> = vec![
        (&["--tasks", "20"], false),
        (&["--endless", "--stop-after", "10"], false),
        (&["--endless", "--duration-ms", "20"], false),
        (&["--endless"], true),
    ];
    // Pass 05's failures: a replaced consumer, one not replaced, a producer's panic.
    let faults: [&[&str]; 4] = [
        &[
            "--tasks",
            "20",
            "--panic-on-task",
            "3",
            "--max-restarts",
            "1",
        ],
        &[
            "--tasks",
            "20",
            "--panic-on-task",
            "3",
            "--max-restarts",
            "0",
        ],
        &["--tasks", "20", "--panic-producer", "1@5"],
        &[
            "--tasks",
            "20",
            "--fail-rate",
            "0.3",
            "--retries",
            "2",
            "--backoff-ms",
            "1",
        ],
    ];
    endings.extend(faults.iter().map(|f| (*f, false)));
    let modes: [&[&str]; 3] = [
        &["--shutdown", "graceful"],
        &["--shutdown", "immediate"],
        &["--shutdown", "timeout", "--drain-ms", "5"],
    ];
    for mode in modes {
        for (ending, signalled) in &endings {
            let flags = [
                &[
                    "05-errors",
                    "--quiet",
                    "--rate",
                    "0",
                    "--work-ms",
                    "0..1",
                    "--stats-interval-ms",
                    "5",
                ][..],
                mode,
                ending,
            ]
            .concat();
            let config = Config::parse_from(&flags);
            let control = Control::default();
            if *signalled {
                // As the signal handler does, before the run even starts: the run
                // must still start and join every thread it spawns.
                control.signal();
            }
            assert_no_thread_left(&format!("{flags:?}"), || {
                run(&config, io::sink(), &control).expect("the run completes")
            });
        }
    }
}
