//! The transcript: every line a run prints goes through one [`Log`].
//!
//! Threads print concurrently, so two guarantees matter (`docs/transcripts.md`):
//! a line is never torn by another thread's line, and a line written before some
//! event (a task being sent) appears in the output before any line written after it.
//! Both follow from writing each whole line while holding one lock.

use std::fmt;
use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};

/// A shared, line-at-a-time writer for the transcript of a run.
pub struct Log<W> {
    /// Why a `Mutex`: every thread writes here, and each line must be written whole,
    /// in one critical section, so lines never interleave mid-line.
    out: Mutex<Sink<W>>,
    /// `--quiet`: per-task lines are dropped; header and summary are kept.
    quiet: bool,
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
        }
    }

    /// Writes one line that is always shown (header, milestones, summary).
    pub fn line(&self, line: fmt::Arguments<'_>) {
        // A thread that panicked while holding this lock left whole lines behind (each
        // write is one `writeln!`), so the data is still good: take it back.
        let mut sink = self.out.lock().unwrap_or_else(PoisonError::into_inner);
        if sink.error.is_none()
            && let Err(error) = writeln!(sink.writer, "{line}")
        {
            sink.error = Some(error);
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
}
