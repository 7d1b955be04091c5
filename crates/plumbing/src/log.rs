//! The transcript: every line a run prints goes through one [`Log`].
//!
//! Threads print concurrently, so two guarantees matter (`docs/transcripts.md`):
//! a line is never torn by another thread's line, and a line written before some
//! event (a task being sent) appears in the output before any line written after it.
//! Both follow from writing each whole line while holding one lock.

use std::fmt;
use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// A shared, line-at-a-time writer for the transcript of a run.
pub struct Log<W> {
    /// Why a `Mutex`: every thread writes here, and each line must be written whole,
    /// in one critical section, so lines never interleave mid-line.
    out: Mutex<Sink<W>>,
    /// `--quiet`: per-task lines are dropped; header and summary are kept.
    quiet: bool,
    /// Called once, at the first write error: how a run that would go on forever
    /// hears that nobody can read it any more (from pass 03, it stops).
    on_failure: Option<Box<dyn Fn() + Send + Sync>>,
}

struct Sink<W> {
    writer: W,
    /// The first write error (a closed pipe, say). Once set, nothing more is written,
    /// and the run still completes: output failing must not lose tasks.
    error: Option<io::Error>,
}

impl<W: Write> Log<W> {
    /// A log writing to `writer`; with `quiet`, [`Log::task`] lines are dropped.
    pub fn new(writer: W, quiet: bool) -> Self {
        Self {
            out: Mutex::new(Sink {
                writer,
                error: None,
            }),
            quiet,
            on_failure: None,
        }
    }

    /// The same log, calling `hook` once when a write first fails. The hook runs on
    /// the writing thread, under the log's lock: it must not block or write here.
    #[must_use]
    pub fn on_failure(mut self, hook: impl Fn() + Send + Sync + 'static) -> Self {
        self.on_failure = Some(Box::new(hook));
        self
    }

    /// Writes one line that is always shown (header, milestones, summary).
    pub fn line(&self, line: fmt::Arguments<'_>) {
        self.block(&[line]);
    }

    /// Writes `line`, then runs `then` before any other thread can write: whatever
    /// `then` changes, every other thread's line comes before both or after both.
    /// `then` must not write to this log (its lock is held, and is not reentrant).
    pub fn line_then<T>(&self, line: fmt::Arguments<'_>, then: impl FnOnce() -> T) -> T {
        let mut sink = self.out.lock().unwrap_or_else(PoisonError::into_inner);
        self.write(&mut sink, &line);
        then()
    }

    /// Writes `lines` in one piece: no other thread's line can land among them.
    pub fn block<L: fmt::Display>(&self, lines: &[L]) {
        // A thread that panicked while holding this lock left whole lines behind (each
        // write is one `writeln!`), so the data is still good: take it back.
        let mut sink = self.out.lock().unwrap_or_else(PoisonError::into_inner);
        for line in lines {
            self.write(&mut sink, line);
        }
    }

    /// Writes one line, unless an earlier write failed; calls the hook on a first
    /// failure.
    fn write(&self, sink: &mut Sink<W>, line: &impl fmt::Display) {
        if sink.error.is_some() {
            return;
        }
        if let Err(error) = writeln!(sink.writer, "{line}") {
            sink.error = Some(error);
            if let Some(hook) = &self.on_failure {
                hook();
            }
        }
    }

    /// Writes one per-task line, unless the run is quiet.
    pub fn task(&self, line: fmt::Arguments<'_>) {
        if !self.quiet {
            self.line(line);
        }
    }

    /// Flushes the output and reports the first write error, if any. A closed pipe
    /// (`| head -1`) is not one: the reader left, nobody is there to tell, and the run
    /// itself went fine, so the pass ends quietly with its usual status, as Unix tools
    /// do.
    ///
    /// # Errors
    /// The first error any write met, or the flush's.
    pub fn finish(self) -> io::Result<()> {
        let sink = self
            .out
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let Sink { mut writer, error } = sink;
        match error {
            Some(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Some(error) => Err(error),
            None => match writer.flush() {
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                flushed => flushed,
            },
        }
    }

    /// Flushes the output ([`finish`](Self::finish)) and returns the run's
    /// `outcome`: its own error first, which says more than the transcript's; else
    /// the transcript's write error, made the run's by `error`; else its result.
    ///
    /// # Errors
    /// The run's error, or the transcript's.
    pub fn close<T, E>(
        self,
        outcome: Result<T, E>,
        error: impl FnOnce(io::Error) -> E,
    ) -> Result<T, E> {
        let written = self.finish();
        let result = outcome?;
        written.map_err(error)?;
        Ok(result)
    }
}

/// `"1 task"`, `"3 tasks"`: the transcript's counts agree in number.
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    match n.into() {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// How many of `n` things happened per second of `elapsed`, the rate every summary
/// prints (`Throughput: 25 tasks/s`); a run too short to time counts as the shortest
/// time an `f64` holds, so nothing divides by zero.
pub fn per_second(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_blocks_arrive_whole_and_quiet_drops_task_lines() {
        let mut out = Vec::new();
        let log = Log::new(&mut out, true);
        log.line(format_args!("header"));
        log.task(format_args!("per-task"));
        log.block(&["a", "b"]);
        log.finish().expect("a Vec never fails");
        assert_eq!(String::from_utf8(out).expect("utf-8"), "header\na\nb\n");
    }

    #[test]
    fn a_thread_that_read_the_change_before_the_line_writes_after_it_once_at_most() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let mut out = Vec::new();
        let log = Log::new(&mut out, false);
        let changed = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                loop {
                    // Read, then write: as a consumer checks the phase, then logs.
                    let seen = changed.load(Ordering::Acquire);
                    log.line(format_args!("worker saw {seen}"));
                    if seen {
                        break;
                    }
                }
            });
            log.line_then(format_args!("announcement"), || {
                changed.store(true, Ordering::Release);
            });
        });
        log.finish().expect("a Vec never fails");
        let text = String::from_utf8(out).expect("utf-8");
        let after = text.split_once("announcement\n").expect("announced").1;
        let stale = after.matches("worker saw false").count();
        assert!(
            stale <= 1,
            "{stale} stale lines after the announcement:\n{text}"
        );
        assert!(after.ends_with("worker saw true\n"), "{text}");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1u32, "task"), "1 task");
        assert_eq!(count(0u64, "task"), "0 tasks");
        assert_eq!(count(3u32, "producer"), "3 producers");
    }

    #[test]
    fn the_first_failure_calls_the_hook_once() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicU32, Ordering};
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let log = Log::new(Refuses(io::ErrorKind::BrokenPipe), false).on_failure(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        log.line(format_args!("one"));
        log.line(format_args!("two"));
        assert_eq!(calls.load(Ordering::Relaxed), 1);
    }

    /// The run's own error comes first; a failed transcript is an error of a run that
    /// went well; a closed pipe is none.
    #[test]
    fn close_reports_the_run_s_error_before_the_transcript_s() {
        let full = || Log::new(Refuses(io::ErrorKind::StorageFull), false);
        let written = |log: Log<Refuses>| {
            log.line(format_args!("a line"));
            log
        };
        let failed: Result<u8, String> = Err("the run's".into());
        let output = |e: io::Error| format!("output: {:?}", e.kind());
        assert_eq!(written(full()).close(failed.clone(), output), failed);
        assert_eq!(
            written(full()).close(Ok(7), output),
            Err("output: StorageFull".into())
        );
        let closed = Log::new(Refuses(io::ErrorKind::BrokenPipe), false);
        assert_eq!(written(closed).close(Ok(7), output), Ok(7));
    }

    #[test]
    fn task_lines_are_shown_unless_quiet() {
        let mut out = Vec::new();
        let log = Log::new(&mut out, false);
        log.task(format_args!("per-task"));
        log.finish().expect("a Vec never fails");
        assert_eq!(String::from_utf8(out).expect("utf-8"), "per-task\n");
    }

    /// A flush that fails is a write that fails: quiet for a closed pipe, reported
    /// otherwise.
    #[test]
    fn a_failed_flush_is_a_failed_write() {
        let flushed = |kind| Log::new(FailsToFlush(kind), false).finish();
        assert!(flushed(io::ErrorKind::BrokenPipe).is_ok());
        let full = flushed(io::ErrorKind::StorageFull).map_err(|e| e.kind());
        assert_eq!(full, Err(io::ErrorKind::StorageFull));
    }

    #[test]
    fn rates_are_per_second_and_a_run_too_short_to_time_is_no_nan() {
        assert_eq!(per_second(50, Duration::from_secs(2)), 25.0);
        assert_eq!(per_second(0, Duration::ZERO), 0.0);
    }

    /// A writer that takes every write and fails its flush with `kind`.
    struct FailsToFlush(io::ErrorKind);

    impl Write for FailsToFlush {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(self.0.into())
        }
    }

    /// A writer that refuses every write with `kind`.
    struct Refuses(io::ErrorKind);

    impl Write for Refuses {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_ends_quietly_and_other_errors_are_reported() {
        let log = Log::new(Refuses(io::ErrorKind::BrokenPipe), false);
        log.line(format_args!("lost"));
        assert!(log.finish().is_ok());
        let log = Log::new(Refuses(io::ErrorKind::StorageFull), false);
        log.line(format_args!("lost"));
        assert!(log.finish().is_err());
    }
}
