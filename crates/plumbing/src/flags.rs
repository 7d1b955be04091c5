//! The limits on flag values, and parsers for the values clap cannot parse alone.
//!
//! Every pass refuses a value out of its range before the library runs: clap prints
//! what is wrong, naming the flag, and the process exits with status 2. The limits
//! are here so that every pass that has a flag gives it the same range.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Upper bound on `--producers` and `--consumers`: far more threads than this teaches
/// nothing and only tests the operating system's limits.
pub const MAX_THREADS: u32 = 256;

/// Upper bound on `--tasks` (per producer): large enough for a 10-million-task run
/// with 10 producers, small enough that every task id fits comfortably in a `u64`.
pub const MAX_TASKS: u64 = 100_000_000;

/// Upper bound on `--capacity`: a bounded queue of more than a million slots is
/// better asked for as `--unbounded`.
pub const MAX_CAPACITY: u64 = 1_000_000;

/// Upper bound on `--rate` (tasks per second per producer).
pub const MAX_RATE: u64 = 1_000_000;

/// Upper bound on a task's simulated work, in milliseconds.
pub const MAX_WORK_MS: u64 = 60_000;

/// Upper bound on `--drain-ms` and `--duration-ms`: a day.
pub const MAX_MS: u64 = 86_400_000;

/// Upper bound on `--stats-interval-ms`: a minute.
pub const MAX_INTERVAL_MS: u64 = 60_000;

/// Upper bound on `--retries`: with `--backoff-ms` at most [`MAX_BACKOFF_MS`], a task's
/// backoffs add up to at most `(2^MAX_RETRIES − 1) × MAX_BACKOFF_MS` = 31 s.
pub const MAX_RETRIES: u32 = 5;

/// Upper bound on `--backoff-ms`.
pub const MAX_BACKOFF_MS: u64 = 1000;

/// Upper bound on `--max-restarts`.
pub const MAX_RESTARTS: u32 = 1000;

/// An inclusive range of milliseconds of simulated work per task (`--work-ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkRange {
    /// Fewest milliseconds a task costs.
    pub min_ms: u64,
    /// Most milliseconds a task costs.
    pub max_ms: u64,
}

impl WorkRange {
    /// No simulated work.
    pub const NONE: Self = Self {
        min_ms: 0,
        max_ms: 0,
    };

    /// The cost of a task, given a uniform draw in `0..=u64::MAX`: pure, so a seed
    /// replays the same costs.
    pub fn pick(&self, draw: u64) -> Duration {
        let span = self.max_ms - self.min_ms + 1;
        Duration::from_millis(self.min_ms + draw % span)
    }
}

impl FromStr for WorkRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let ms = |part: &str| -> Result<u64, String> {
            let n: u64 = part
                .trim()
                .parse()
                .map_err(|e| format!("{part:?} is not a number of milliseconds ({e})"))?;
            if n > MAX_WORK_MS {
                return Err(format!("{n} ms is more than the {MAX_WORK_MS} ms allowed"));
            }
            Ok(n)
        };
        let (min_ms, max_ms) = match text.split_once("..") {
            Some((a, b)) => (ms(a)?, ms(b)?),
            None => (ms(text)?, ms(text)?),
        };
        if min_ms > max_ms {
            return Err(format!(
                "the range {min_ms}..{max_ms} is empty (write A..B with A <= B)"
            ));
        }
        Ok(Self { min_ms, max_ms })
    }
}

impl fmt::Display for WorkRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min_ms == self.max_ms {
            write!(f, "{}", self.min_ms)
        } else {
            write!(f, "{}..{}", self.min_ms, self.max_ms)
        }
    }
}

/// A probability, from 0 to 1 inclusive (`--fail-rate`).
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

/// `P@N`: producer `P` fails after creating `N` tasks (`--fail-producer`,
/// `--panic-producer`).
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

/// `A,B`: two thread counts, each from 1 to [`MAX_THREADS`] (`--priority 10,2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadPair(pub u32, pub u32);

impl FromStr for ThreadPair {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (a, b) = text
            .split_once(',')
            .ok_or_else(|| format!("{text:?} is not A,B (two thread counts)"))?;
        let count = |part: &str| -> Result<u32, String> {
            match part.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
                _ => Err(format!(
                    "{part:?} is not a thread count from 1 to {MAX_THREADS}"
                )),
            }
        };
        Ok(Self(count(a)?, count(b)?))
    }
}

impl fmt::Display for ThreadPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.0, self.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_pairs_parse_and_refuse() {
        assert_eq!("10,2".parse(), Ok(ThreadPair(10, 2)));
        assert_eq!(ThreadPair(1, 256).to_string(), "1,256");
        for text in ["", "10", "0,2", "2,0", "1,257", "a,b", "1,2,3"] {
            assert!(text.parse::<ThreadPair>().is_err(), "{text}");
        }
    }

    #[test]
    fn work_ranges_parse_and_print() {
        for (text, min_ms, max_ms) in [("0", 0, 0), ("3", 3, 3), ("1..5", 1, 5), ("2..2", 2, 2)] {
            let range: WorkRange = text.parse().expect(text);
            assert_eq!(range, WorkRange { min_ms, max_ms });
        }
        assert_eq!(
            "1..5".parse::<WorkRange>().map(|r| r.to_string()),
            Ok("1..5".into())
        );
    }

    #[test]
    fn bad_work_ranges_are_refused() {
        let most = format!("{MAX_WORK_MS}..{MAX_WORK_MS}");
        assert_eq!(most.parse::<WorkRange>().map(|r| r.max_ms), Ok(MAX_WORK_MS));
        for text in ["", "5..1", "a..b", "1..", "-1", "1..60001", "1.5"] {
            assert!(
                text.parse::<WorkRange>().is_err(),
                "{text:?} should be refused"
            );
        }
    }

    #[test]
    fn picks_stay_in_range() {
        let range = WorkRange {
            min_ms: 2,
            max_ms: 4,
        };
        for draw in [0, 1, 2, 3, u64::MAX] {
            let ms = range.pick(draw).as_millis();
            assert!((2..=4).contains(&ms), "{ms}");
        }
        assert_eq!(WorkRange::NONE.pick(12345), Duration::ZERO);
    }

    #[test]
    fn probabilities_are_checked() {
        for text in ["0", "1", "0.02", "1.0", " 0.5"] {
            assert!(text.parse::<Probability>().is_ok(), "{text}");
        }
        for text in ["", "-0.1", "1.01", "NaN", "inf", "one", "50%"] {
            assert!(text.parse::<Probability>().is_err(), "{text}");
        }
        let quarter: Probability = "0.25".parse().expect("a probability");
        assert_eq!((quarter.get(), quarter.to_string()), (0.25, "0.25".into()));
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
        assert_eq!(
            ProducerFault {
                producer: 3,
                after: 7
            }
            .to_string(),
            "3@7"
        );
        for text in ["1", "@3", "1@", "a@1", "1@-2", "4294967296@1", "1@2@3"] {
            assert!(text.parse::<ProducerFault>().is_err(), "{text}");
        }
    }
}
