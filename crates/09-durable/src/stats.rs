//! What a run did, and the exit status it calls for.

use std::time::Duration;

use crate::queue::Stats;
use crate::recover::Recovery;
use crate::supervisor::Trigger;

/// The end of a run: what each lane found, did and left, and what stopped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Each lane's: one, or the two priority groups.
    pub lanes: Vec<LaneSummary>,
    /// What stopped the run early, if anything.
    pub trigger: Option<Trigger>,
    /// How long it ran.
    pub elapsed: Duration,
}

/// The end of a run in one lane: what opening its queue found, what each thread did,
/// what is left on disk for the next run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneSummary {
    /// `None` for a run's only lane; `high` or `low` for a priority group.
    pub name: Option<&'static str>,
    /// What opening the queue found.
    pub recovered: Recovery,
    /// Messages each producer enqueued.
    pub enqueued: Vec<u64>,
    /// Messages each consumer acked.
    pub consumed: Vec<u64>,
    /// The queue once every thread had ended.
    pub left: Stats,
}

impl LaneSummary {
    /// Messages this lane had to process: those it found, and those it enqueued.
    pub fn expected(&self) -> u64 {
        self.recovered.pending + self.enqueued.iter().sum::<u64>()
    }

    /// Messages acked in this run.
    pub fn total_consumed(&self) -> u64 {
        self.consumed.iter().sum()
    }

    /// Messages still in the queue: waiting, or delivered and not acked (both
    /// delivered on the next run).
    pub fn left_over(&self) -> u64 {
        self.left.pending + self.left.unacked
    }
}

impl Summary {
    /// Messages left in every lane's queue.
    pub fn left_over(&self) -> u64 {
        self.lanes.iter().map(LaneSummary::left_over).sum()
    }

    /// 3 if messages were left in the queue, else 130 after a signal, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.left_over() > 0 {
            3
        } else if self.trigger == Some(Trigger::Signal) {
            130
        } else {
            0
        }
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

    fn lane(left: u64) -> LaneSummary {
        LaneSummary {
            name: None,
            recovered: Recovery {
                pending: 2,
                ..Recovery::default()
            },
            enqueued: vec![10, 10],
            consumed: vec![15, 7 - left],
            left: Stats {
                pending: left,
                ..Stats::default()
            },
        }
    }

    fn summary(left: u64, trigger: Option<Trigger>) -> Summary {
        Summary {
            lanes: vec![lane(0), lane(left)],
            trigger,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn the_status_follows_what_is_left() {
        assert_eq!(summary(0, None).exit_code(), 0);
        assert_eq!(summary(0, Some(Trigger::Duration)).exit_code(), 0);
        assert_eq!(summary(0, Some(Trigger::Signal)).exit_code(), 130);
        assert_eq!(summary(1, Some(Trigger::Signal)).exit_code(), 3);
        assert_eq!(lane(0).expected(), 22);
        assert_eq!(summary(2, None).left_over(), 2);
    }
}
