//! The contract on a spread of runs: every run graded by the grader's history checker
//! (nothing lost, nothing received twice or before its enqueue, counts, exit status),
//! two runs in a row on one queue, and a reader that leaves early.

use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use grader::durable::{Ending, History};
use tempfile::TempDir;

fn graded(history: &mut History, dir: &TempDir, args: &str) -> i32 {
    let output = Command::cargo_bin("09-durable")
        .expect("the binary is built")
        .arg("--dir")
        .arg(dir.path())
        .args(args.split_whitespace())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("it runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let code = output.status.code().expect("it exited");
    history.run(&stdout, Ending::Exited(Some(code)));
    assert!(
        history.faults.is_empty(),
        "{args}: {:#?}\n{stdout}",
        history.faults
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    code
}

#[test]
fn a_spread_of_runs_keeps_the_contract() {
    for args in [
        "",
        "--producers 6 --consumers 6 --messages 100 --fsync never",
        "--producers 1 --consumers 4 --messages 200 --batch 7 --segment-bytes 512",
        "--producers 4 --consumers 1 --messages 50 --fsync 2ms --segment-bytes 64",
        "--producers 3 --consumers 3 --messages 40 --work-ms 0..2 --seed 7",
        "--producers 2 --messages 30 --quiet",
        "--producers 0",
    ] {
        let (dir, mut history) = (TempDir::new().unwrap(), History::new());
        assert_eq!(graded(&mut history, &dir, args), 0, "{args}");
        history.finish();
        assert!(history.faults.is_empty(), "{args}: {:#?}", history.faults);
    }
}

#[test]
fn a_second_run_finds_what_the_first_stopped_on_leaves() {
    // Stopped by the clock, immediately, with a slow consumer: a backlog is left.
    let (dir, mut history) = (TempDir::new().unwrap(), History::new());
    let first = "--producers 2 --messages 1000000 --rate 2000 --consumers 1 --work-ms 1..3 \
                 --fsync never --shutdown immediate --duration-ms 100";
    assert_eq!(graded(&mut history, &dir, first), 3);
    assert_eq!(graded(&mut history, &dir, "--producers 1 --messages 5"), 0);
    history.finish();
    assert!(history.faults.is_empty(), "{:#?}", history.faults);
}

#[test]
fn a_reader_that_leaves_ends_the_run_quietly() {
    let dir = TempDir::new().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("09-durable"))
        .arg("--dir")
        .arg(dir.path())
        .args(["--messages", "100000", "--rate", "1000", "--fsync", "never"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while std::io::Read::read(&mut stdout, &mut byte).unwrap() == 1 && byte[0] != b'\n' {}
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    // The run stops (gracefully: what it enqueued is processed) and says nothing.
    assert!(
        [0, 3].contains(&output.status.code().unwrap()),
        "{output:?}"
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
