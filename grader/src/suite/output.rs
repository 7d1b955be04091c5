//! A transcript nobody can read (03 on): a run that would go on forever must notice
//! and stop. A closed pipe (`| head -1`) stops it quietly, with the status its
//! accounting calls for; any other write error (a full disk) stops it with status 1
//! and a message on stderr. Either way, promptly.
//!
//! `grader::output_suite!(PASS)` writes one `#[test]` per check.

use std::fs::File;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::child::Child;
use crate::suite::{Pass, Run};

/// How long a run may take to stop once its output is gone: the drain of a queue
/// of 10 one-millisecond tasks, with room to spare.
const STOP_BOUND: Duration = Duration::from_secs(5);

/// An endless run at full speed.
fn endless() -> Run {
    Run::fast().set("--work-ms", "0..1")
}

/// `| head -n K`, for several K, in every mode: the run stops by itself, with a
/// status its mode allows (0 when it drained, 3 when it left tasks).
pub fn a_closed_pipe_stops_an_endless_run(pass: &Pass) {
    let modes = [
        endless().shutdown("graceful"),
        endless().shutdown("immediate"),
        endless().shutdown("timeout").set("--drain-ms", 50),
    ];
    for run in modes {
        for keep in [1, 10, 200] {
            let args = run.args(pass);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let started = Instant::now();
            let child = Child::spawn_reading(Path::new(pass.bin), &args, keep);
            let done = child
                .try_finish(STOP_BOUND)
                .unwrap_or_else(|_| panic!("{args:?} | head -{keep}: still running"));
            let code = done.status.code();
            assert!(
                matches!(code, Some(0 | 3)),
                "{args:?} | head -{keep}: status {:?}\n{}",
                done.status,
                done.stderr
            );
            assert!(!done.stderr.contains("panicked"), "{}", done.stderr);
            assert!(started.elapsed() < STOP_BOUND);
        }
    }
}

/// `> /dev/full`: the run stops with status 1 and says why on stderr.
pub fn a_failing_output_stops_an_endless_run_with_status_1(pass: &Pass) {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let args = endless().args(pass);
    let started = Instant::now();
    let mut child = crate::tether::std_command(pass.bin)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(File::create(full).expect("open /dev/full"))
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pass's binary starts");
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > STOP_BOUND {
            let _ = child.kill();
            panic!("{args:?} > /dev/full: still running after {STOP_BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
}

/// The output checks (pass 03 on), one `#[test]` each.
#[macro_export]
macro_rules! output_suite {
    ($pass:expr) => {
        $crate::suite_tests!($pass, output:
            a_closed_pipe_stops_an_endless_run,
            a_failing_output_stops_an_endless_run_with_status_1,
        );
    };
}
