//! Thread hygiene: after `run` returns, the process has no more threads than before,
//! whatever the thread counts. Linux only (it counts `/proc/self/status`'s threads);
//! one test in this binary, so no other test's threads come and go meanwhile.
#![cfg(target_os = "linux")]

use std::io;

use basic::{Config, run};
use clap::Parser;
use grader::threads::assert_no_thread_left;

#[test]
fn every_thread_is_joined_before_run_returns() {
    let runs: [&[&str]; 2] = [&[], &["--producers", "8", "--consumers", "8"]];
    for flags in runs {
        let config =
            Config::parse_from([&["01-basic", "--quiet", "--tasks", "20"][..], flags].concat());
        let what = format!("01-basic {flags:?}");
        assert_no_thread_left(&what, || {
            run(&config, io::sink()).expect("the run completes")
        });
    }
}
