//! One transcript from many processes: every process of a run writes to the same
//! stdout (the children inherit the launcher's), and a line must reach it whole.
//!
//! A `write` of at most `PIPE_BUF` bytes (4096 on Linux) to a pipe is atomic: no other
//! process's bytes land inside it. [`WholeLines`] makes every line one such `write`
//! by passing on only complete lines, all of them at once. So the transcript's order
//! is the order of the processes' writes: a producer prints `created` before it adds
//! the task, a consumer `processing` after it read it, and the two lines come out in
//! that order, as they do within one process.

use std::io::{self, Write};

/// A writer that passes complete lines on in one `write_all`, keeping a partial line
/// back until its end arrives.
#[derive(Debug)]
pub struct WholeLines<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> WholeLines<W> {
    /// Lines to `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for WholeLines<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(data);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.inner.write_all(&self.pending[..=end])?;
            self.inner.flush()?;
            self.pending.drain(..=end);
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.inner.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each `write_all` it is given as one chunk.
    #[derive(Default)]
    struct Chunks(Vec<Vec<u8>>);

    impl Write for Chunks {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.0.push(data.to_vec());
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_written_in_pieces_goes_out_in_one_write() {
        let mut lines = WholeLines::new(Chunks::default());
        write!(lines, "Producer {} created ", 0).unwrap();
        write!(lines, "task {}", 3).unwrap();
        assert!(lines.inner.0.is_empty(), "nothing before the line ends");
        writeln!(lines).unwrap();
        write!(lines, "a\nb\nc").unwrap();
        assert_eq!(
            lines.inner.0,
            [b"Producer 0 created task 3\n".to_vec(), b"a\nb\n".to_vec()]
        );
        lines.flush().unwrap();
        assert_eq!(lines.inner.0[2], b"c");
    }
}
