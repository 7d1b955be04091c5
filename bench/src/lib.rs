//! # bench — what each design costs, measured side by side
//!
//! The benchmarks (`benches/throughput.rs`, run by `cargo xtask bench`, which also
//! writes `docs/performance.md`) put every pass next to the bare channel of its design,
//! in the same run, on the same zero-work tasks:
//!
//! - [`baseline`]: the bare designs, as little code as each takes: producers, consumers
//!   sharing one receiver behind a `Mutex` (bounded or not), or one bounded channel per
//!   consumer with producers dealing round robin;
//! - [`passes`]: each pass's own `run`, with its output silenced;
//! - [`Shape`]: the one description of a run (threads, capacity, tasks) both take.
//!
//! Every item, in a baseline or a pass, is pass 02's [`Task`](bounded::Task): drawn
//! from the seed and its id by the producer, processed (its Collatz steps; no sleep)
//! by a consumer. So a pass's overhead over its baseline is the pass's machinery
//! (logging, counters, shutdown checks, supervision), not a difference in the work.

pub mod baseline;
pub mod passes;

/// The run a benchmark makes: the same for a baseline and for a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Producer threads.
    pub producers: u32,
    /// Consumer threads.
    pub consumers: u32,
    /// The queue's bound; `None` for unbounded.
    pub capacity: Option<usize>,
    /// Tasks each producer makes.
    pub tasks: u64,
}

impl Shape {
    /// The reference run: 10 producers, 5 consumers, a queue of 1000.
    pub const fn reference(tasks: u64) -> Self {
        Self {
            producers: 10,
            consumers: 5,
            capacity: Some(1000),
            tasks,
        }
    }

    /// Every task of the run.
    pub fn total(&self) -> u64 {
        u64::from(self.producers) * self.tasks
    }
}
