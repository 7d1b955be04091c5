//! The crash campaign: pass 09 run again and again on one queue, killed with SIGKILL
//! at drawn moments, then run once more to drain what is left, and the whole history
//! judged ([`History`]).
//!
//! A kill comes after the run has printed a drawn number of lines: the moment is a
//! function of the draw and of how fast the run went, so each cycle lands somewhere
//! else in the life of a message (between an enqueue and its line, a delivery and its
//! ack, an ack and its line, a segment's creation and its first record).

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use super::check::{Ending, History};
use super::lanes::Histories;

/// One chain: the flags of every run, and after how many lines to kill each of the
/// killed runs; a last run (`--producers 0`) drains the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The pass's flags, `--dir` aside.
    pub args: Vec<String>,
    /// Per killed run, the lines it prints before its SIGKILL.
    pub kills: Vec<usize>,
}

/// What a run printed and how it ended.
struct Ran {
    stdout: String,
    stderr: String,
    ending: Ending,
}

/// Runs `chain` with the binary `program` on the queue folder `dir` (which should be
/// empty); every run must end within `deadline`. Returns the judged history (of
/// every priority group, merged): its `faults` are empty if the queues kept their
/// promises.
pub fn run_chain(program: &Path, dir: &Path, chain: &Chain, deadline: Duration) -> History {
    let mut history = Histories::new();
    let dir_arg = dir.display().to_string();
    let mut args: Vec<&str> = chain.args.iter().map(String::as_str).collect();
    args.extend(["--dir", &dir_arg]);
    for &lines in &chain.kills {
        match run_once(program, &args, Some(lines), deadline) {
            Ok(ran) => judge(&mut history, &ran),
            Err(hang) => return hung(history, hang),
        }
    }
    // The same flags, but no producers: it only drains.
    let mut drain: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        match arg {
            "--producers" => drop(rest.next()),
            _ => drain.push(arg),
        }
    }
    drain.extend(["--producers", "0"]);
    match run_once(program, &drain, None, deadline) {
        Ok(ran) => {
            judge(&mut history, &ran);
            if ran.ending != Ending::Exited(Some(0)) {
                history.process_fault(format!(
                    "the draining run ended {:?}, expected status 0",
                    ran.ending
                ));
            }
            history.finish();
        }
        Err(hang) => return hung(history, hang),
    }
    history.merged()
}

fn hung(mut history: Histories, what: String) -> History {
    history.process_fault(what);
    history.merged()
}

fn judge(history: &mut Histories, ran: &Ran) {
    history.run(&ran.stdout, ran.ending);
    if ran.ending != Ending::Killed && !ran.stderr.trim().is_empty() {
        let first = ran.stderr.lines().next().unwrap_or_default();
        history.process_fault(format!("it said on stderr: {first}"));
    }
}

/// Starts `program`; once it has printed `kill_after` lines (if given) kills it with
/// SIGKILL; collects what it printed.
fn run_once(
    program: &Path,
    args: &[&str],
    kill_after: Option<usize>,
    deadline: Duration,
) -> Result<Ran, String> {
    let mut child = crate::tether::std_command(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let pid = Pid::from_raw(i32::try_from(child.id()).map_err(|e| e.to_string())?);
    let out = Arc::new((Mutex::new((Vec::new(), false)), Condvar::new()));
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let reader = {
        let out = Arc::clone(&out);
        thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            loop {
                let n = stdout.read(&mut chunk).unwrap_or(0);
                let (lock, more) = &*out;
                let mut seen = lock.lock().unwrap_or_else(PoisonError::into_inner);
                seen.0.extend_from_slice(&chunk[..n]);
                seen.1 = n == 0;
                more.notify_all();
                if n == 0 {
                    break;
                }
            }
        })
    };
    let errors = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let end = Instant::now() + deadline;
    let mut killed = false;
    if let Some(lines) = kill_after {
        let (lock, more) = &*out;
        let mut seen = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while !seen.1 && bytecount(&seen.0) < lines && Instant::now() < end {
            seen = more
                .wait_timeout(seen, end.saturating_duration_since(Instant::now()))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        if !seen.1 {
            killed = kill(pid, Signal::SIGKILL).is_ok();
        }
    }
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < end => thread::sleep(Duration::from_millis(2)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let _ = reader.join();
    let stderr = errors.join().unwrap_or_default();
    let (lock, _) = &*out;
    let stdout = String::from_utf8_lossy(&lock.lock().unwrap_or_else(PoisonError::into_inner).0)
        .into_owned();
    let Some(status) = status else {
        return Err(format!("a run did not end within {deadline:?}: {args:?}"));
    };
    let ending = if killed && status.code().is_none() {
        Ending::Killed
    } else {
        Ending::Exited(status.code())
    };
    Ok(Ran {
        stdout,
        stderr,
        ending,
    })
}

/// Lines in `bytes`.
fn bytecount(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}
