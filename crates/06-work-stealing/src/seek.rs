//! Where a consumer's next task comes from, in this order:
//!
//! 1. **its own queue**, oldest first;
//! 2. **a batch from the channel**, up to a fair share of what waits, if tasks seem to
//!    be waiting there (the gauge says so);
//! 3. **a steal**: half of another consumer's queue, trying every other queue once from
//!    a random one on;
//! 4. **a wait**: a batch from the channel, blocking in its receive until there is a
//!    task or the channel is closed.
//!
//! Stealing comes after the channel: a steal moves tasks that were already taken, and
//! costs the victim a contended lock, so it is worth it only when the channel has
//! nothing to give (with zero-work tasks, stealing first halves the throughput).
//!
//! **The wake protocol.** An idle consumer sleeps in one place only: the channel's
//! `recv` (or the lock in front of it, where a consumer already sleeps in `recv`). What
//! wakes it is a task sent or the last sender gone, both the channel's own wake-ups; no
//! thread polls. It is safe to sleep there while other queues hold tasks, because
//! every queue has an owner that is not asleep: an owner sleeps only with its own queue
//! empty, so a task in a queue is always on its way to being run. Stealing only
//! shortens the wait. (A queue whose owner died unreplaced has no owner: its tasks are
//! stolen by the others, and what is left when every consumer has ended is reported
//! by the run.)
//!
//! **The way out.** A consumer ends when its queue is empty, the channel is closed and
//! empty, and one look at every other queue found nothing to steal. Nothing can reach
//! its queue after that. `tests/model.rs` runs this module's [`Seeker`] and the local
//! queue under loom, with two consumers and a producer, and checks that every task is
//! taken exactly once and that both consumers end.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::local::LocalQueue;

/// Where batches come from: the run's channel (see `intake`), or the model's.
pub trait Intake<T> {
    /// Between 1 and `max` tasks, blocking until there is one or the channel is
    /// closed.
    ///
    /// # Errors
    /// [`Closed`] once the channel is closed and empty: no task will come again.
    fn take(&self, max: usize) -> Result<Vec<T>, Closed>;

    /// Whether tasks seem to wait in the channel: a hint, read without its lock.
    fn waiting(&self) -> bool;
}

/// The channel is closed and empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

/// A steal: how many tasks, from whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stole {
    /// The consumer robbed.
    pub victim: usize,
    /// Tasks taken.
    pub tasks: usize,
}

/// One consumer's search for work; see the module docs.
#[derive(Debug)]
pub struct Seeker<'q, T> {
    index: usize,
    queues: &'q [LocalQueue<T>],
    /// Whether to steal (`--no-steal` turns it off).
    steal: bool,
    /// Whom to rob first is random, as the exercise asks, and seeded, so a run
    /// replays; a thief that always tried its neighbour would pile onto one victim.
    rng: Xoshiro256PlusPlus,
    /// The channel has not said `Closed` yet.
    open: bool,
}

impl<'q, T> Seeker<'q, T> {
    /// The search of consumer `index`, whose queue is `queues[index]`.
    pub fn new(index: usize, queues: &'q [LocalQueue<T>], steal: bool, seed: u64) -> Self {
        let stream = (index as u64).wrapping_mul(0xA076_1D64_78BD_642F);
        Self {
            index,
            queues,
            steal: steal && queues.len() > 1,
            rng: Xoshiro256PlusPlus::seed_from_u64(seed ^ stream),
            open: true,
        }
    }

    /// The next task, or `None` when there is none left to find. `stole` hears of each
    /// steal, before its tasks are run.
    pub fn next(&mut self, intake: &impl Intake<T>, mut stole: impl FnMut(Stole)) -> Option<T> {
        // exercise 1: find the next task: your queue, a batch, a steal, or wait
        // hint: first your own queue (`pop`); only you refill it, and only when it is empty.
        // hint: if the channel is open and tasks wait there (`intake.waiting()`), take a batch rather than steal.
        // hint: else try one steal (`steal_once`, report it with `stole`); if none and the channel is closed, you are done (`None`); else wait for a batch.
        let own = &self.queues[self.index];
        loop {
            if let Some(task) = own.pop() {
                return Some(task);
            }
            // Our queue is empty, and only we refill it.
            if self.open && intake.waiting() {
                self.take(intake);
                continue;
            }
            if let Some(steal) = self.steal_once() {
                stole(steal);
                continue;
            }
            if !self.open {
                return None;
            }
            self.take(intake);
        }
        // end of exercise 1
    }

    /// Refills our queue with a batch from the channel, waiting for one.
    fn take(&mut self, intake: &impl Intake<T>) {
        let own = &self.queues[self.index];
        match intake.take(own.capacity()) {
            Ok(batch) => own.refill(batch),
            Err(Closed) => self.open = false,
        }
    }

    /// Tries every other queue once, from a random one on, and moves the first
    /// non-empty one's newer half into ours.
    fn steal_once(&mut self) -> Option<Stole> {
        if !self.steal {
            return None;
        }
        let n = self.queues.len();
        let start = self.rng.random_range(0..n);
        (0..n)
            .map(|k| (start + k) % n)
            .filter(|&victim| victim != self.index)
            .find_map(|victim| {
                let stolen = self.queues[victim].steal_half();
                let tasks = stolen.len();
                (tasks > 0).then(|| {
                    self.queues[self.index].refill_stolen(stolen);
                    Stole { victim, tasks }
                })
            })
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use super::*;

    /// A channel as a list of what each `take` finds; `Closed` once it runs out.
    struct Script(RefCell<VecDeque<Vec<u32>>>);

    impl Intake<u32> for Script {
        fn take(&self, max: usize) -> Result<Vec<u32>, Closed> {
            let mut script = self.0.borrow_mut();
            let mut batch = script.pop_front().ok_or(Closed)?;
            if batch.len() > max {
                script.push_front(batch.split_off(max));
            }
            Ok(batch)
        }

        fn waiting(&self) -> bool {
            !self.0.borrow().is_empty()
        }
    }

    fn script(batches: &[&[u32]]) -> Script {
        Script(RefCell::new(batches.iter().map(|b| b.to_vec()).collect()))
    }

    #[test]
    fn own_queue_then_the_channel_in_batches_up_to_capacity() {
        let queues = [LocalQueue::new(2), LocalQueue::new(2)];
        let mut seeker = Seeker::new(0, &queues, true, 1);
        let intake = script(&[&[1, 2, 3], &[4]]);
        let mut got = Vec::new();
        while let Some(task) = seeker.next(&intake, |s| panic!("nothing to steal: {s:?}")) {
            got.push(task);
            assert!(queues[0].len() <= 2);
        }
        assert_eq!(got, [1, 2, 3, 4]);
    }

    #[test]
    fn an_idle_consumer_steals_the_newer_half_before_it_ends() {
        let queues = [LocalQueue::new(8), LocalQueue::new(8)];
        queues[1].refill([10, 11, 12, 13, 14]);
        let mut seeker = Seeker::new(0, &queues, true, 1);
        let mut steals = Vec::new();
        let mut got = Vec::new();
        while let Some(task) = seeker.next(&script(&[]), |s| steals.push(s)) {
            got.push(task);
        }
        assert_eq!(got, [12, 13, 14, 11, 10]);
        let victims: Vec<usize> = steals.iter().map(|s| s.victim).collect();
        assert_eq!(victims, [1, 1, 1]);
        assert_eq!(queues[0].steals().tasks, 5);
    }

    /// An open channel with nothing waiting: a consumer must steal before it blocks
    /// on the channel, else it sleeps while others' queues hold work.
    struct Quiet;

    impl Intake<u32> for Quiet {
        fn take(&self, _: usize) -> Result<Vec<u32>, Closed> {
            panic!("waited on the channel while there was work to steal")
        }

        fn waiting(&self) -> bool {
            false
        }
    }

    #[test]
    fn an_idle_consumer_steals_rather_than_wait_on_an_open_channel() {
        let queues = [LocalQueue::new(8), LocalQueue::new(8)];
        queues[1].refill([10, 11]);
        let mut seeker = Seeker::new(0, &queues, true, 1);
        assert_eq!(seeker.next(&Quiet, |_| {}), Some(11));
    }

    #[test]
    fn a_thief_finds_the_one_queue_with_work_whatever_it_draws_first() {
        for seed in 0..32 {
            let queues: Vec<LocalQueue<u32>> = (0..4).map(|_| LocalQueue::new(8)).collect();
            queues[3].refill([30, 31]);
            let mut seeker = Seeker::new(1, &queues, true, seed);
            let mut victims = Vec::new();
            assert_eq!(seeker.next(&Quiet, |s| victims.push(s.victim)), Some(31));
            assert_eq!(victims, [3], "seed {seed}");
        }
    }

    #[test]
    fn without_stealing_other_queues_are_left_to_their_owners() {
        let queues = [LocalQueue::new(8), LocalQueue::new(8)];
        queues[1].refill([10, 11]);
        let mut seeker = Seeker::new(0, &queues, false, 1);
        assert_eq!(seeker.next(&script(&[]), |_| panic!("no stealing")), None);
        assert_eq!(queues[1].len(), 2);
    }
}
