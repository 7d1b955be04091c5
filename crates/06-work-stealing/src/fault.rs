//! The failures this pass can inject, each chosen by a flag and replayed by `--seed`.
//!
//! - [`Probability`]: `--fail-rate`, the chance that one attempt at a task fails.
//!   Which attempts fail is part of the task's fate, drawn from the seed and the id
//!   when the task is made ([`failing_attempts`]), so it is the same whatever thread
//!   runs it, in whatever order.
//! - [`ProducerFault`]: `--fail-producer P@N` and `--panic-producer P@N`, a producer
//!   that stops after N tasks, with an error or a panic ([`FaultKind`]).
//! - `--panic-on-task ID`: the consumer running task ID panics in the middle of it
//!   (carried by the task itself, see [`Task`](crate::task::Task)).

use std::fmt;
use std::str::FromStr;

use rand::{Rng, RngExt};

/// A probability, from 0 to 1 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Probability(f64);

impl Probability {
    /// Never.
    pub const NEVER: Self = Self(0.0);

    /// The probability `p`, if it is a number from 0 to 1.
    pub fn new(p: f64) -> Option<Self> {
        (0.0..=1.0).contains(&p).then_some(Self(p))
    }

    /// The probability as a number from 0 to 1.
    pub fn get(self) -> f64 {
        self.0
    }
}

// `f64` is not `Eq` because of NaN; a `Probability` is never NaN (`new` refuses it).
impl Eq for Probability {}

impl FromStr for Probability {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let p: f64 = text
            .trim()
            .parse()
            .map_err(|e| format!("{text:?} is not a number ({e})"))?;
        Self::new(p).ok_or_else(|| format!("{text} is not a probability (from 0 to 1)"))
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How many of a task's first attempts fail: each attempt fails with probability
/// `rate`, independently, so the count is geometric; it is capped at `max_attempts`
/// (a task that fails every attempt it gets). Draws from `rng`, the task's own
/// generator, so the answer is a function of the seed and the task id.
pub fn failing_attempts(rng: &mut impl Rng, rate: Probability, max_attempts: u32) -> u32 {
    let mut failing = 0;
    while failing < max_attempts && rng.random_bool(rate.get()) {
        failing += 1;
    }
    failing
}

/// How a producer fault shows itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// The producer returns an error (`--fail-producer`).
    Error,
    /// The producer panics (`--panic-producer`).
    Panic,
}

/// `P@N`: producer `P` fails after creating `N` tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerFault {
    /// The producer's index.
    pub producer: u32,
    /// Tasks it creates before failing.
    pub after: u64,
}

impl FromStr for ProducerFault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (producer, after) = text
            .split_once('@')
            .ok_or_else(|| format!("{text:?} is not P@N (a producer, `@`, a task count)"))?;
        let number = |part: &str, what: &str| {
            part.trim()
                .parse()
                .map_err(|e| format!("{part:?} is not a {what} ({e})"))
        };
        Ok(Self {
            producer: u32::try_from(number(producer, "producer index")?)
                .map_err(|_| format!("{producer} is not a producer index"))?,
            after: number(after, "task count")?,
        })
    }
}

impl fmt::Display for ProducerFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.producer, self.after)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    use super::*;

    #[test]
    fn probabilities_are_checked() {
        for text in ["0", "1", "0.02", "1.0", " 0.5"] {
            assert!(text.parse::<Probability>().is_ok(), "{text}");
        }
        for text in ["", "-0.1", "1.01", "NaN", "inf", "one", "50%"] {
            assert!(text.parse::<Probability>().is_err(), "{text}");
        }
    }

    #[test]
    fn producer_faults_parse() {
        assert_eq!(
            "1@20".parse(),
            Ok(ProducerFault {
                producer: 1,
                after: 20
            })
        );
        for text in ["1", "@3", "1@", "a@1", "1@-2", "4294967296@1", "1@2@3"] {
            assert!(text.parse::<ProducerFault>().is_err(), "{text}");
        }
    }

    #[test]
    fn failing_attempts_follow_the_rate() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(failing_attempts(&mut rng, Probability::NEVER, 3), 0);
        let always = Probability::new(1.0).expect("valid");
        assert_eq!(failing_attempts(&mut rng, always, 3), 3);
        let half = Probability::new(0.5).expect("valid");
        let first_fails = (0..10_000)
            .filter(|_| failing_attempts(&mut rng, half, 1) == 1)
            .count();
        assert!((4_500..5_500).contains(&first_fails), "{first_fails}");
    }
}
