//! Thread hygiene: after `run` returns, the process has no more threads than before,
//! for every shutdown mode and every way a run ends. Linux only (it counts `/proc/self/status`'s threads);
//! one test in this binary, so no other test's threads come and go meanwhile.
#![cfg(target_os = "linux")]

use std::io;

use clap::Parser;
use grader::threads::assert_no_thread_left;
use monitoring::{Config, Control, run};

#[test]
fn every_thread_is_joined_before_run_returns() {
    // (flags, signalled): finite, stopped by a task count, by a duration, by a signal.
    let endings: Vec<(&[&str], bool)> = vec![
        (&["--tasks", "20"], false),
        (&["--endless", "--stop-after", "10"], false),
        (&["--endless", "--duration-ms", "20"], false),
        (&["--endless"], true),
    ];
    let modes: [&[&str]; 3] = [
        &["--shutdown", "graceful"],
        &["--shutdown", "immediate"],
        &["--shutdown", "timeout", "--drain-ms", "5"],
    ];
    for mode in modes {
        for (ending, signalled) in &endings {
            let flags = [
                &[
                    "04-monitoring",
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
