//! A broken rule, as the checkers that read one run's transcript line by line report
//! it: at which line, which of the checker's rules, what was seen. The pipeline's and
//! the broker's checkers share it, each with its own `Rule`; the grader's own tests
//! break a real transcript in one place with [`edited`].

use std::fmt;

/// A broken rule `R`: where, which, and what was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault<R> {
    /// The line (from 1), or 0 for the transcript as a whole.
    pub line: usize,
    /// The rule.
    pub rule: R,
    /// What is wrong.
    pub detail: String,
}

impl<R: fmt::Debug> fmt::Display for Fault<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {:?}: {}", self.line, self.rule, self.detail)
    }
}

/// `valid` with `from` (which must be in it) replaced by `to`, once: a transcript
/// broken in one place.
///
/// # Panics
/// If `from` is not in `valid`.
#[track_caller]
pub fn edited(valid: &str, from: &str, to: &str) -> String {
    assert!(valid.contains(from), "{from:?} is not in the transcript");
    valid.replacen(from, to, 1)
}
