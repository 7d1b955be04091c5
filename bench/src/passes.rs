//! Each pass's own `run`, on a [`Shape`], with its output going nowhere (`--quiet` and
//! `io::sink()`), no pacing, no simulated work, no live statistics, no injected
//! failures and no skew: only the pass's machinery differs from its baseline.

use std::io;

use clap::Parser;

use crate::Shape;
use crate::baseline::SEED;

/// The flags of a run of `shape` on pass `pass` (1 to 6), after a program name (which
/// clap reads only to name the program in an error).
pub fn flags(pass: u8, shape: &Shape) -> Vec<String> {
    let mut flags: Vec<String> = [
        format!("pass-{pass:02}"),
        "--quiet".into(),
        "--seed".into(),
        SEED.to_string(),
        "--producers".into(),
        shape.producers.to_string(),
        "--consumers".into(),
        shape.consumers.to_string(),
        "--tasks".into(),
        shape.tasks.to_string(),
    ]
    .into();
    if pass >= 2 {
        flags.extend(["--rate", "0", "--work-ms", "0"].map(String::from));
        match shape.capacity {
            Some(capacity) => flags.extend(["--capacity".into(), capacity.to_string()]),
            None => flags.push("--unbounded".into()),
        }
    }
    if pass >= 4 {
        flags.extend(["--stats-interval-ms", "0"].map(String::from));
    }
    if pass >= 5 {
        flags.extend(["--fail-rate", "0"].map(String::from));
    }
    if pass >= 6 {
        flags.extend(["--heavy-ms", "0"].map(String::from));
    }
    flags
}

/// A prepared run of one pass: parse once, run many times.
#[derive(Debug, Clone)]
pub enum Pass {
    /// Pass 01.
    Basic(basic::Config),
    /// Pass 02.
    Bounded(bounded::Config),
    /// Pass 03.
    Shutdown(shutdown::Config),
    /// Pass 04.
    Monitoring(monitoring::Config),
    /// Pass 05.
    Errors(errors::Config),
    /// Pass 06.
    Stealing(work_stealing::Config),
}

impl Pass {
    /// Pass `pass` (1 to 6) configured for `shape`. Pass 01 has no bound: its channel
    /// is always unbounded, whatever `shape` says.
    ///
    /// # Panics
    /// If `pass` is not 1 to 6, or `shape` is out of the passes' ranges.
    pub fn new(pass: u8, shape: &Shape) -> Self {
        let flags = flags(pass, shape);
        match pass {
            1 => Self::Basic(basic::Config::parse_from(flags)),
            2 => Self::Bounded(bounded::Config::parse_from(flags)),
            3 => Self::Shutdown(shutdown::Config::parse_from(flags)),
            4 => Self::Monitoring(monitoring::Config::parse_from(flags)),
            5 => Self::Errors(errors::Config::parse_from(flags)),
            6 => Self::Stealing(work_stealing::Config::parse_from(flags)),
            _ => panic!("no pass {pass}"),
        }
    }

    /// Runs it; returns how many tasks it processed.
    ///
    /// # Panics
    /// If the run fails: a benchmark of a broken run would mean nothing.
    pub fn run(&self) -> u64 {
        let sink = io::sink();
        let processed = match self {
            Self::Basic(c) => basic::run(c, sink)
                .map(|s| s.processed())
                .map_err(|e| e.to_string()),
            Self::Bounded(c) => bounded::run(c, sink)
                .map(|s| s.processed())
                .map_err(|e| e.to_string()),
            Self::Shutdown(c) => shutdown::run(c, sink, &shutdown::Control::default())
                .map(|s| s.processed())
                .map_err(|e| e.to_string()),
            Self::Monitoring(c) => monitoring::run(c, sink, &monitoring::Control::default())
                .map(|s| s.processed())
                .map_err(|e| e.to_string()),
            Self::Errors(c) => errors::run(c, sink, &errors::Control::default())
                .map(|s| s.processed())
                .map_err(|e| e.to_string()),
            Self::Stealing(c) => work_stealing::run(c, sink, &work_stealing::Control::default())
                .map(|s| s.processed())
                .map_err(|e| e.to_string()),
        };
        processed.unwrap_or_else(|e| panic!("the run failed: {e}"))
    }
}
