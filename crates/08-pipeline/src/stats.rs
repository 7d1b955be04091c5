//! What each stage did, and what the run's end calls for.

use std::fmt;
use std::ops::AddAssign;
use std::time::Duration;

use crate::aggregate::Aggregator;
use crate::execute::Book;
use crate::supervisor::Trigger;

/// The pipeline's stages, in the order items pass them.
pub const STAGES: [&str; 4] = ["source", "enrich", "signal", "execute"];
/// The pipeline's with the risk manager's two stages before the executor.
pub const RISK_STAGES: [&str; 6] = ["source", "enrich", "signal", "risk", "size", "execute"];
/// The quote aggregator's: the three exchanges, then the aggregator.
pub const AGGREGATOR_STAGES: [&str; 2] = ["exchanges", "aggregate"];

/// One stage's counts, summed over its workers. For every stage
/// `received = passed + filtered + not_processed`: each item that came in went on,
/// was filtered out by the stage's rule, or was left when an immediate stop came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StageStats {
    /// Items that came in (for the source: ticks it drew from the market).
    pub received: u64,
    /// Items passed on (for the executor: orders executed).
    pub passed: u64,
    /// Items the stage's rule filtered out: ticks with no signal, signals not
    /// confident enough.
    pub filtered: u64,
    /// Items received but not processed: the run was stopped immediately, or the next
    /// stage was gone.
    pub not_processed: u64,
    /// Time spent waiting for an item to arrive.
    pub waited_to_receive: Duration,
    /// Time spent waiting for room in the next stage's channel: where this is large,
    /// the next stage is the bottleneck.
    pub waited_to_send: Duration,
}

impl StageStats {
    /// Whether every item that came in is accounted for.
    pub fn conserves(&self) -> bool {
        self.received == self.passed + self.filtered + self.not_processed
    }
}

impl AddAssign for StageStats {
    fn add_assign(&mut self, other: Self) {
        self.received += other.received;
        self.passed += other.passed;
        self.filtered += other.filtered;
        self.not_processed += other.not_processed;
        self.waited_to_receive += other.waited_to_receive;
        self.waited_to_send += other.waited_to_send;
    }
}

/// `Stage enrich: in 20, out 20, filtered 0, not processed 0, waited 3 ms to receive, 1 ms to send`.
pub struct StageLine<'a>(pub &'a str, pub &'a StageStats);

impl fmt::Display for StageLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let StageLine(name, s) = self;
        write!(
            f,
            "Stage {name}: in {}, out {}, filtered {}, not processed {}, waited {} ms to receive, {} ms to send",
            s.received,
            s.passed,
            s.filtered,
            s.not_processed,
            s.waited_to_receive.as_millis(),
            s.waited_to_send.as_millis()
        )
    }
}

/// What a run computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The pipeline's: the executors' book, positions, orders, profit and loss.
    Book(Book),
    /// The quote aggregator's: what it saw, the arbitrages, the last best prices.
    Quotes(Aggregator),
}

/// A finished run: each stage's counts, what it computed, and why it stopped.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Per stage, in the order items pass them ([`STAGES`], [`RISK_STAGES`] or
    /// [`AGGREGATOR_STAGES`]).
    pub stages: Vec<(&'static str, StageStats)>,
    /// What the run computed.
    pub outcome: Outcome,
    /// What stopped the run before the source ran out of ticks, if anything did.
    pub trigger: Option<Trigger>,
    /// From the first item the source drew to the last stage's end.
    pub elapsed: Duration,
}

impl Summary {
    /// The pipeline's book (empty for the quote aggregator).
    pub fn book(&self) -> Book {
        match &self.outcome {
            Outcome::Book(book) => book.clone(),
            Outcome::Quotes(_) => Book::default(),
        }
    }

    /// Items left unprocessed, over every stage.
    pub fn not_processed(&self) -> u64 {
        self.stages.iter().map(|(_, s)| s.not_processed).sum()
    }

    /// Whether every stage conserves its items and each stage received exactly what
    /// the one before passed on.
    pub fn accounting_holds(&self) -> bool {
        self.stages.iter().all(|(_, s)| s.conserves())
            && self
                .stages
                .windows(2)
                .all(|w| w[0].1.passed == w[1].1.received)
    }

    /// The exit status (see the crate docs' table): 3 if any item was left
    /// unprocessed, else 130 if a signal stopped the run, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.not_processed() > 0 {
            3
        } else if self.trigger == Some(Trigger::Signal) {
            130
        } else {
            0
        }
    }

    /// Ticks through the whole pipeline per second.
    pub fn throughput(&self) -> f64 {
        let drawn = self.stages.first().map_or(0, |(_, s)| s.passed);
        plumbing::per_second(drawn, self.elapsed)
    }
}

impl crate::cli::ExitStatus for Summary {
    fn exit_status(&self) -> u8 {
        self.exit_code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(received: u64, passed: u64, filtered: u64, not_processed: u64) -> StageStats {
        StageStats {
            received,
            passed,
            filtered,
            not_processed,
            ..StageStats::default()
        }
    }

    fn summary(stages: [StageStats; 4], trigger: Option<Trigger>) -> Summary {
        Summary {
            stages: STAGES.into_iter().zip(stages).collect(),
            outcome: Outcome::Book(Book::default()),
            trigger,
            elapsed: Duration::from_secs(1),
        }
    }

    #[test]
    fn accounting_follows_items_from_stage_to_stage() {
        let ok = [
            stage(9, 9, 0, 0),
            stage(9, 9, 0, 0),
            stage(9, 4, 5, 0),
            stage(4, 2, 2, 0),
        ];
        assert!(summary(ok, None).accounting_holds());
        let mut lost = ok;
        lost[2].passed = 3;
        assert!(
            !summary(lost, None).accounting_holds(),
            "a signal lost between stages"
        );
        lost[3] = stage(3, 1, 1, 0);
        assert!(
            !summary(lost, None).accounting_holds(),
            "the executor misses one"
        );
    }

    #[test]
    fn the_exit_status_says_whether_anything_was_left() {
        let done = [
            stage(2, 2, 0, 0),
            stage(2, 2, 0, 0),
            stage(2, 1, 1, 0),
            stage(1, 1, 0, 0),
        ];
        assert_eq!(summary(done, None).exit_code(), 0);
        assert_eq!(summary(done, Some(Trigger::Signal)).exit_code(), 130);
        let mut left = done;
        left[1] = stage(2, 1, 0, 1);
        assert_eq!(summary(left, Some(Trigger::Signal)).exit_code(), 3);
    }

    #[test]
    fn throughput_is_ticks_drawn_per_second() {
        let mut s = summary([stage(500, 500, 0, 0); 4], None);
        s.elapsed = Duration::from_millis(250);
        assert_eq!(s.throughput(), 2000.0);
    }

    #[test]
    fn the_stage_line_reads_in_whole_milliseconds() {
        let s = StageStats {
            waited_to_send: Duration::from_micros(3_900),
            ..stage(5, 4, 1, 0)
        };
        assert_eq!(
            StageLine("signal", &s).to_string(),
            "Stage signal: in 5, out 4, filtered 1, not processed 0, waited 0 ms to receive, 3 ms to send"
        );
    }
}
