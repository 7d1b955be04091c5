//! Thread hygiene: after `run` returns, the process has no more threads than before,
//! whatever the thread counts and the queue's bound. Linux only (it counts `/proc/self/status`'s threads);
//! one test in this binary, so no other test's threads come and go meanwhile.
#![cfg(target_os = "linux")]

use std::io;

use bounded::{Config, run};
use clap::Parser;
use grader::threads::assert_no_thread_left;

#[test]
fn every_thread_is_joined_before_run_returns() {
    let runs: [&[&str]; 4] = [
        &[],
        &["--producers", "8", "--consumers", "8"],
        &["--capacity", "0"],
        &["--unbounded"],
    ];
    for flags in runs {
        let config = Config::parse_from(
            [
                &[
                    "02-bounded",
                    "--quiet",
                    "--tasks",
                    "20",
                    "--rate",
                    "0",
                    "--work-ms",
                    "0..1",
                ][..],
                flags,
            ]
            .concat(),
        );
        let what = format!("02-bounded {flags:?}");
        assert_no_thread_left(&what, || {
            run(&config, io::sink()).expect("the run completes")
        });
    }
}
