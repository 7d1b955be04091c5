//! The contract on a spread of runs: every run graded by the grader's history checker
//! (nothing lost, nothing received twice or before its enqueue, counts, exit status),
//! two runs in a row on one queue, and a reader that leaves early.

use std::process::Stdio;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use grader::durable::{Ending, Histories};
use grader::tether;
use tempfile::TempDir;

/// Runs the binary on `dir` as the next run of `history`; asserts it kept the
/// contract; returns its exit status.
fn graded(history: &mut Histories, dir: &TempDir, args: &str) -> (i32, String) {
    let output = tether::command(cargo_bin!("09-durable"))
        .arg("--dir")
        .arg(dir.path())
        .args(args.split_whitespace())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("it runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let code = output.status.code().expect("it exited");
    history.run(&stdout, Ending::Exited(Some(code)));
    let faults = history.merged().faults;
    assert!(faults.is_empty(), "{args}: {faults:#?}\n{stdout}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (code, stdout)
}

#[track_caller]
fn finished(mut history: Histories, args: &str) {
    history.finish();
    let faults = history.merged().faults;
    assert!(faults.is_empty(), "{args}: {faults:#?}");
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
        "--priority 10,2",
        "--priority 1,3 --producers 2 --messages 50 --batch 3 --fsync never",
        "--producers 4 --consumers 4 --messages 100 --fsync never --rate 5000 \
         --monitor-ms 1 --depth-warning 3 --scale-per 5",
        "--priority 4,1 --messages 60 --fsync never --rate 3000 --monitor-ms 2 --scale-per 2",
    ] {
        let (dir, mut history) = (TempDir::new().unwrap(), Histories::new());
        assert_eq!(graded(&mut history, &dir, args).0, 0, "{args}");
        finished(history, args);
    }
}

#[test]
fn a_backlog_scales_the_consumers_up() {
    // Messages arrive at 2,000/s, one consumer takes 2 ms each: a backlog grows while
    // the producers run, and the monitor puts more consumers at work.
    let (dir, mut history) = (TempDir::new().unwrap(), Histories::new());
    let args = "--producers 2 --messages 200 --rate 1000 --consumers 8 --work-ms 2 \
                --fsync never --monitor-ms 5 --scale-per 10";
    let (code, stdout) = graded(&mut history, &dir, args);
    assert_eq!(code, 0);
    assert!(
        stdout.lines().any(|l| l.starts_with("Scaled to ")),
        "{stdout}"
    );
    // Consumers never at work received nothing: 8 started, at most the scaled count
    // took messages.
    let most = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Scaled to "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .max()
        .unwrap_or(1);
    let takers: std::collections::HashSet<&str> = stdout
        .lines()
        .filter(|l| l.contains("] Received "))
        .filter_map(|l| l.split(']').next())
        .collect();
    assert!(
        takers.len() <= most,
        "{takers:?} took messages, {most} at work at most"
    );
    finished(history, args);
}

#[test]
fn each_priority_group_keeps_its_backlog_for_the_next_run() {
    let (dir, mut history) = (TempDir::new().unwrap(), Histories::new());
    let first = "--priority 1,1 --producers 2 --messages 1000000 --rate 2000 --work-ms 1..3 \
                 --fsync never --shutdown immediate --duration-ms 100";
    let (code, stdout) = graded(&mut history, &dir, first);
    assert_eq!(code, 3);
    for group in ["[high] …", "[low] …"] {
        assert!(stdout.contains(group), "{stdout}");
    }
    let (code, stdout) = graded(&mut history, &dir, "--priority 3,2 --producers 0");
    assert_eq!(code, 0, "{stdout}");
    finished(history, first);
}

#[test]
fn a_second_run_finds_what_the_first_stopped_on_leaves() {
    // Stopped by the clock, immediately, with a slow consumer: a backlog is left.
    let (dir, mut history) = (TempDir::new().unwrap(), Histories::new());
    let first = "--producers 2 --messages 1000000 --rate 2000 --consumers 1 --work-ms 1..3 \
                 --fsync never --shutdown immediate --duration-ms 100";
    assert_eq!(graded(&mut history, &dir, first).0, 3);
    assert_eq!(
        graded(&mut history, &dir, "--producers 1 --messages 5").0,
        0
    );
    finished(history, first);
}

#[test]
fn a_reader_that_leaves_ends_the_run_quietly() {
    let dir = TempDir::new().unwrap();
    let mut child = tether::std_command(cargo_bin!("09-durable"))
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
