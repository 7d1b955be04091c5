//! The retry policy: how many attempts a task gets, and how long to wait between them.
//!
//! Retries happen *in place*: the consumer that saw a task fail waits and tries it
//! again itself. Sending the task back into the queue instead looks tidier but can
//! deadlock: with a bounded queue full of new work, every consumer could block sending
//! its retry into the queue that only consumers drain.

use std::time::Duration;

use crate::config::Config;

/// How a run retries failed tasks (`--retries`, `--backoff-ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Wait before the first retry; each later one waits twice as long.
    pub base: Duration,
}

impl RetryPolicy {
    /// The policy `config` asks for.
    pub fn new(config: &Config) -> Self {
        Self {
            max_attempts: config.max_attempts(),
            base: Duration::from_millis(config.failures.backoff_ms),
        }
    }

    /// After attempt `failed` (from 1) failed: the wait before the next attempt, or
    /// `None` if it was the last one allowed. Exponential: `base`, `2 × base`,
    /// `4 × base`…
    pub fn next_wait(&self, failed: u32) -> Option<Duration> {
        // exercise 1: the wait before the next attempt, doubling each time
        // hint: after attempt `failed` (from 1): `None` once `max_attempts` are used, else `base × 2^(failed − 1)`.
        // hint: cap the shift (at 30, say) so a large `failed` cannot overflow.
        (failed < self.max_attempts).then(|| self.base * (1 << (failed - 1).min(30)))
        // end of exercise 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_until_attempts_run_out() {
        let policy = RetryPolicy {
            max_attempts: 4,
            base: Duration::from_millis(10),
        };
        let waits: Vec<Option<u64>> = (1..=4)
            .map(|n| policy.next_wait(n).map(|d| d.as_millis() as u64))
            .collect();
        assert_eq!(waits, [Some(10), Some(20), Some(40), None]);
        let no_retries = RetryPolicy {
            max_attempts: 1,
            ..policy
        };
        assert_eq!(no_retries.next_wait(1), None);
    }
}
