//! Driving a pass's process from a test: watch its output as it runs, send it real
//! signals at chosen moments, and collect how it ended.
//!
//! Synchronisation is on what the process prints, never on sleeps: a test waits for
//! the ready line (`Running... Press Ctrl+C to stop`), or for the tenth `processing`
//! line, and only then sends a signal.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use nix::sys::signal::{self, Signal};
use nix::unistd::Pid;

use crate::check::Expect;
use crate::line::Line;
use crate::run::{Graded, graded};

/// A running pass, its stdout read line by line on a helper thread.
pub struct Child {
    process: std::process::Child,
    lines: Receiver<String>,
    reader: Option<JoinHandle<()>>,
    /// Drains stderr as it comes: a pass that writes more than a pipe holds (many
    /// panic messages) would otherwise block on it and look hung.
    errors: Option<JoinHandle<String>>,
    /// Every line read so far.
    seen: Vec<String>,
    last_signal: Option<Instant>,
}

/// Why a [`Child::try_wait_for_nth`] gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stuck {
    /// The line did not come within the timeout.
    Timeout,
    /// The process closed its output (it exited) first.
    Ended,
}

/// A run still going when [`Child::try_finish`]'s time ran out: it was killed.
#[derive(Debug)]
pub struct Hung {
    /// What it printed before it was killed.
    pub stdout: String,
}

/// How a [`Child`] ended.
#[derive(Debug)]
pub struct Finished {
    /// Its process id (for what it may leave behind, named after it).
    pub pid: u32,
    /// Its exit status.
    pub status: ExitStatus,
    /// Everything it printed on stdout.
    pub stdout: String,
    /// Everything it printed on stderr.
    pub stderr: String,
    /// From the last signal sent to the process's exit (zero if none was sent).
    pub exit_latency: Duration,
}

impl Child {
    /// Starts the binary at `program` with `args`, stdout and stderr piped.
    ///
    /// # Panics
    /// If it cannot be started.
    pub fn spawn(program: &Path, args: &[&str]) -> Self {
        Self::start(program, args, Close::Never, &[])
    }

    /// As [`Child::spawn`], but stdout is closed after its first `keep` lines, as
    /// `| head -n KEEP` does: the pass's next write finds a broken pipe.
    ///
    /// # Panics
    /// If it cannot be started.
    pub fn spawn_reading(program: &Path, args: &[&str], keep: usize) -> Self {
        Self::start(program, args, Close::After(keep), &[])
    }

    /// As [`Child::spawn`], but stdout is closed right after the first line for which
    /// `last` returns true (it sees every line, in order): a test picks the moment
    /// the pass loses its reader, e.g. once every producer is waiting for room.
    ///
    /// # Panics
    /// If it cannot be started.
    pub fn spawn_reading_until(
        program: &Path,
        args: &[&str],
        last: impl FnMut(&str) -> bool + Send + 'static,
    ) -> Self {
        Self::start(program, args, Close::When(Box::new(last)), &[])
    }

    /// As [`Child::spawn`], but the process starts with `ignored` set to "ignore", as
    /// `nohup` starts it with SIGHUP ignored.
    ///
    /// # Panics
    /// If it cannot be started.
    pub fn spawn_ignoring(program: &Path, args: &[&str], ignored: &[Signal]) -> Self {
        Self::start(program, args, Close::Never, ignored)
    }

    fn start(program: &Path, args: &[&str], close: Close, ignored: &[Signal]) -> Self {
        let mut command = crate::tether::std_command(program);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        dispositions::set(&mut command, ignored);
        let mut process = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let stdout = process.stdout.take().expect("stdout is piped");
        let mut stderr = process.stderr.take().expect("stderr is piped");
        let errors = thread::spawn(move || {
            // Lossy: whatever the pass wrote, the test wants to see it.
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        });
        let (tx, lines) = mpsc::channel();
        let reader = thread::spawn(move || close.read(stdout, &tx));
        Self {
            process,
            lines,
            reader: Some(reader),
            errors: Some(errors),
            seen: Vec::new(),
            last_signal: None,
        }
    }

    /// The lines read so far.
    pub fn seen(&self) -> &[String] {
        &self.seen
    }

    /// Waits until the `n`-th line (counting every line seen so far) matching `pred`
    /// has been printed, and returns it.
    ///
    /// # Panics
    /// If it does not come within `timeout`, or the process closes its output first;
    /// the message shows the lines seen.
    #[track_caller]
    pub fn wait_for_nth(
        &mut self,
        n: usize,
        pred: impl Fn(&str) -> bool,
        timeout: Duration,
    ) -> String {
        match self.try_wait_for_nth(n, pred, timeout) {
            Ok(line) => line,
            Err(Stuck::Timeout) => panic!(
                "no such line within {timeout:?}; seen:\n{}",
                self.seen.join("\n")
            ),
            Err(Stuck::Ended) => {
                panic!("the output ended first; seen:\n{}", self.seen.join("\n"))
            }
        }
    }

    /// As [`Child::wait_for_nth`], saying why instead of panicking when the line does
    /// not come.
    ///
    /// # Errors
    /// [`Stuck`]: the timeout passed, or the output ended first.
    pub fn try_wait_for_nth(
        &mut self,
        n: usize,
        pred: impl Fn(&str) -> bool,
        timeout: Duration,
    ) -> Result<String, Stuck> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(line) = self.seen.iter().filter(|l| pred(l)).nth(n - 1) {
                return Ok(line.clone());
            }
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Timeout) => return Err(Stuck::Timeout),
                Err(RecvTimeoutError::Disconnected) => return Err(Stuck::Ended),
            }
        }
    }

    /// Waits until the `n`-th `Consumer C processing task T` line has been printed.
    ///
    /// # Panics
    /// As [`Child::wait_for_nth`].
    #[track_caller]
    pub fn wait_for_processing(&mut self, n: usize, timeout: Duration) {
        self.wait_for_nth(
            n,
            |l| matches!(Line::parse(l), Some(Line::Processing { .. })),
            timeout,
        );
    }

    /// Waits for the first line equal to `text`.
    ///
    /// # Panics
    /// As [`Child::wait_for_nth`].
    #[track_caller]
    pub fn wait_for_line(&mut self, text: &str, timeout: Duration) {
        self.wait_for_nth(1, |l| l == text, timeout);
    }

    /// Sends `signal` (SIGINT, SIGTERM, …) to the process.
    ///
    /// # Panics
    /// If the signal cannot be sent.
    pub fn signal(&mut self, signal: Signal) {
        let pid = i32::try_from(self.process.id()).expect("pids fit in i32");
        signal::kill(Pid::from_raw(pid), signal).unwrap_or_else(|e| panic!("kill -{signal}: {e}"));
        self.last_signal = Some(Instant::now());
    }

    /// Waits for the process to exit and returns how it ended.
    ///
    /// # Panics
    /// If it has not exited `timeout` after this call: it is killed and reported as a
    /// hang, with its output so far.
    #[track_caller]
    pub fn finish(self, timeout: Duration) -> Finished {
        self.try_finish(timeout).unwrap_or_else(|hung| {
            panic!(
                "hang: still running {timeout:?} after finish(); output:\n{}",
                hung.stdout
            )
        })
    }

    /// As [`Child::finish`], returning a hang instead of panicking.
    ///
    /// # Errors
    /// [`Hung`] if the process had not exited `timeout` after this call; it is killed.
    pub fn try_finish(mut self, timeout: Duration) -> Result<Finished, Hung> {
        let deadline = Instant::now() + timeout;
        // The reader ends when the process closes its stdout, i.e. when it exits (or
        // when the reader has read all it was told to).
        let exited = loop {
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Disconnected) => break self.exit_by(deadline),
                Err(RecvTimeoutError::Timeout) => break None,
            }
        };
        let Some(status) = exited else {
            let _ = self.process.kill();
            let _ = self.process.wait();
            return Err(Hung {
                stdout: self.seen.join("\n"),
            });
        };
        let exit_latency = self.last_signal.map_or(Duration::ZERO, |at| at.elapsed());
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread does not panic");
        }
        let stderr = self
            .errors
            .take()
            .map(|errors| errors.join().expect("the stderr thread does not panic"))
            .unwrap_or_default();
        let mut stdout = self.seen.join("\n");
        stdout.push('\n');
        Ok(Finished {
            pid: self.process.id(),
            status,
            stdout,
            stderr,
            exit_latency,
        })
    }
}

/// When the reader of a [`Child`]'s stdout stops reading and closes the pipe.
enum Close {
    /// Never: it reads to the end.
    Never,
    /// Before the line after the first N, as `| head -n N` does.
    After(usize),
    /// Right after the first line this returns true for.
    When(Box<dyn FnMut(&str) -> bool + Send>),
}

impl Close {
    /// Sends `stdout`'s lines to `tx` until it is time to close; dropping `stdout` at
    /// the end closes the pipe.
    fn read(mut self, stdout: impl Read, tx: &mpsc::Sender<String>) {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let mut read = 0;
        loop {
            if matches!(self, Self::After(keep) if read >= keep) {
                return;
            }
            let Some(line) = lines.next() else { return };
            read += 1;
            let last = match &mut self {
                Self::When(last) => last(&line),
                Self::Never | Self::After(_) => false,
            };
            if tx.send(line).is_err() || last {
                return;
            }
        }
    }
}

impl Child {
    /// The exit status, if the process exits by `deadline`. Polls: std offers no
    /// timed wait on a child, and this is only reached once stdout is closed, when
    /// the process is exiting or (`spawn_reading`) should be about to.
    fn exit_by(&mut self, deadline: Instant) -> Option<ExitStatus> {
        loop {
            match self.process.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(2)),
                Ok(None) | Err(_) => return None,
            }
        }
    }
}

impl Finished {
    /// Grades the run: its transcript keeps the contract (`expect`), it did not
    /// panic, it exited within `bound` of its last signal, and its exit status is one
    /// of `statuses`.
    ///
    /// # Panics
    /// If any of that fails, saying which.
    #[track_caller]
    pub fn graded(&self, expect: &Expect, bound: Duration, statuses: &[i32]) -> Graded {
        let graded = graded(self.stdout.clone(), expect);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(
            self.exit_latency <= bound,
            "took {:?} to exit after the last signal",
            self.exit_latency
        );
        let code = self.status.code().expect("exited, not killed by a signal");
        assert!(
            statuses.contains(&code),
            "exit status {code}, expected one of {statuses:?}\n{}",
            self.stderr
        );
        graded
    }

    /// Asserts that the exit status agrees with the accounting (pass 03 on): 3
    /// exactly when the transcript reports tasks not processed.
    ///
    /// # Panics
    /// If it does not.
    #[track_caller]
    pub fn assert_status_matches_accounting(&self) {
        // Pass 05: undelivered tasks are left over too.
        let left = self
            .stdout
            .lines()
            .any(|l| Line::parse(l).is_some_and(|l| l.reports_left_over()));
        assert_eq!(
            self.status.code() == Some(3),
            left,
            "status {:?}\n{}",
            self.status,
            self.stdout
        );
    }
}

impl Drop for Child {
    /// A test that panics midway must not leave the process running.
    fn drop(&mut self) {
        if self.reader.is_some() {
            let _ = self.process.kill();
            let _ = self.process.wait();
        }
    }
}

/// What the termination signals do in a child: a pass keeps ignoring a signal it
/// started ignoring (POSIX), so a test must not hand down whatever its own runner
/// ignores (a CI job started in the background ignores SIGINT). Each child starts
/// with SIGINT, SIGTERM and SIGHUP at their default, but for those a test asks to
/// be ignored.
#[allow(unsafe_code)]
mod dispositions {
    use std::io;
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, Signal, sigaction};

    pub fn set(command: &mut Command, ignored: &[Signal]) {
        let actions: Vec<(Signal, SigAction)> = [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP]
            .into_iter()
            .map(|signal| {
                let handler = if ignored.contains(&signal) {
                    SigHandler::SigIgn
                } else {
                    SigHandler::SigDfl
                };
                (
                    signal,
                    SigAction::new(handler, SaFlags::empty(), SigSet::empty()),
                )
            })
            .collect();
        // SAFETY: between fork and exec the closure only calls sigaction, which is
        // async-signal-safe, with actions built (and allocated) before the fork; and
        // SIG_DFL and SIG_IGN run no code in signal context.
        unsafe {
            command.pre_exec(move || {
                for (signal, action) in &actions {
                    sigaction(*signal, action).map_err(io::Error::from)?;
                }
                Ok(())
            });
        }
    }
}
