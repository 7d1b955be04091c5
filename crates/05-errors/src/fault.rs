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

pub use plumbing::{Probability, ProducerFault};
use rand::{Rng, RngExt};

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

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    use super::*;

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
