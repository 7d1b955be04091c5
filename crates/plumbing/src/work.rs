//! Task ids, each task's seeded generator, and the work a task stands for.
//!
//! Everything about a task is a pure function of the run's seed and the task's id,
//! never of which thread made it or ran it. That is what lets one `--seed` replay a
//! run, and what makes a run's result (the sum of every task's result) the same under
//! every interleaving. The passes build their `Task` from these pieces.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The random generator of one task: seeded by the pair (run seed, task id).
///
/// The pair is folded into one `u64` (multiplying by an odd constant is a bijection,
/// so distinct ids give distinct seeds), which `seed_from_u64` spreads over the whole
/// state; seeding the state with the raw pair instead leaves it mostly zeros, and
/// xoshiro's first outputs from such a state are all tiny. A named algorithm rather
/// than `SmallRng`, whose algorithm may change between `rand` releases.
pub fn task_rng(seed: u64, id: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The id of the `seq`-th task (from 0) of producer `producer`.
///
/// Each producer owns a block of ids: producer 0 makes 0, 1, 2…, producer 1 starts at
/// the block size, and so on, as in the exercise's validation transcripts (`Producer 1
/// created task 100`). Ids are unique, and a task's producer can be read back from
/// its id.
pub fn task_id(producer: u32, seq: u64, tasks_per_producer: u64) -> u64 {
    u64::from(producer) * id_block(tasks_per_producer) + seq
}

/// Size of a producer's block of ids: the smallest power of ten that is at least 100
/// and at least `tasks_per_producer`, so ids stay readable in decimal.
pub fn id_block(tasks_per_producer: u64) -> u64 {
    let mut block = 100;
    while block < tasks_per_producer {
        block *= 10;
    }
    block
}

/// The work a task stands for: the number of steps of the Collatz sequence from
/// `payload` down to 1. A few hundred at most for payloads up to a million, whose
/// sequences stay far below `u64::MAX`; cheap, deterministic, and not something the
/// compiler can fold away.
pub fn collatz_steps(payload: u64) -> u64 {
    let (mut n, mut steps) = (payload, 0);
    while n > 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    use super::*;

    #[test]
    fn ids_follow_the_exercise_transcripts() {
        assert_eq!(task_id(0, 0, 50), 0);
        assert_eq!(task_id(1, 0, 50), 100);
        assert_eq!(task_id(2, 49, 50), 249);
    }

    #[test]
    fn id_blocks_never_overlap() {
        for tasks in [1, 99, 100, 101, 1_000, 1_001, 100_000_000] {
            let block = id_block(tasks);
            assert!(block >= tasks && block >= 100);
            assert!(task_id(0, tasks - 1, tasks) < task_id(1, 0, tasks));
        }
    }

    /// The smallest power of ten that holds the tasks, and at least 100.
    #[test]
    fn id_blocks_are_the_smallest_power_of_ten_that_fits() {
        let blocks = [1, 100, 101, 1_000, 1_001, 123_456].map(id_block);
        assert_eq!(blocks, [100, 100, 1_000, 1_000, 10_000, 1_000_000]);
    }

    /// Distinct (seed, id) pairs give distinct generators: no seed or id is folded
    /// away, whichever bits it has.
    #[test]
    fn every_seed_and_id_pair_draws_its_own_tasks() {
        let draws: std::collections::HashSet<u64> = (0..8)
            .flat_map(|seed| (0..8).map(move |id| task_rng(seed, id).random::<u64>()))
            .collect();
        assert_eq!(draws.len(), 64);
    }

    #[test]
    fn a_task_generator_depends_only_on_seed_and_id() {
        let draw = |seed, id| task_rng(seed, id).random_range(1..=1_000_000u64);
        assert_eq!(draw(7, 123), draw(7, 123));
        assert_ne!(draw(7, 123), draw(8, 123));
        assert_ne!(draw(7, 123), draw(7, 124));
    }

    #[test]
    fn collatz_steps_are_counted() {
        assert_eq!(collatz_steps(1), 0);
        assert_eq!(collatz_steps(6), 8);
        assert_eq!(collatz_steps(27), 111);
    }
}
