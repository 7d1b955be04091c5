//! A whole transcript: every line of a run's standard output, parsed, in order.

use std::fmt;

use crate::line::{Line, Trigger};

/// The parsed stdout of one run. Line numbers start at 1, as an editor shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// `(line number, line)` for every line, blanks included.
    pub lines: Vec<(usize, Line)>,
}

/// A line that fits no rule of the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Its line number, from 1.
    pub line_no: usize,
    /// The line as printed.
    pub text: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {:?} is not a transcript line (see docs/transcripts.md)",
            self.line_no, self.text
        )
    }
}

impl std::error::Error for ParseError {}

impl Transcript {
    /// Parses a run's stdout; the first line outside the grammar is an error.
    ///
    /// # Errors
    /// [`ParseError`] names the first line that fits no rule.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let lines = text
            .lines()
            .enumerate()
            .map(|(i, text)| {
                Line::parse(text)
                    .map(|line| (i + 1, line))
                    .ok_or_else(|| ParseError {
                        line_no: i + 1,
                        text: text.to_owned(),
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { lines })
    }

    /// The lines without their numbers, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().map(|(_, line)| line)
    }

    /// The line number of the first line that satisfies `pred`.
    pub fn position(&self, pred: impl Fn(&Line) -> bool) -> Option<usize> {
        self.lines.iter().find(|(_, l)| pred(l)).map(|(n, _)| *n)
    }

    /// The exit status this transcript's accounting calls for (pass 03 on; "Exit
    /// status" in docs/transcripts.md): 3 when it reports tasks left over (not processed or
    /// undelivered), else 130 when a signal stopped the run, else 0.
    pub fn exit_status(&self) -> i32 {
        if self.iter().any(Line::reports_left_over) {
            3
        } else if self.iter().any(|l| *l == Line::Trigger(Trigger::Signal)) {
            130
        } else {
            0
        }
    }
}
