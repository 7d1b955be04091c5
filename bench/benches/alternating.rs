//! Every design of the reference run, side by side in one process: many short rounds,
//! each running every design once, in an order that rotates from round to round.
//!
//! `cargo bench -p bench --bench alternating` (add `-- --quick` for a smoke run).
//! criterion (`throughput.rs`) measures one design after the other, each for seconds;
//! on a machine with fewer cores than threads, a stretch of bad scheduling then lands
//! on one design and not on the next, and ratios between designs move by 2–3× from
//! run to run. Here every design sees the same machine state in every round, so the
//! medians' ratios are the figures the targets in `docs/performance.md` are read from.
//!
//! The run: 10 producers, 5 consumers, capacity 1000, 50 000 zero-work tasks (pass 02's
//! tasks), output silenced; every run checked to process every task. `-- --consumers N`
//! runs the same with N consumers (the scaling table of `docs/performance.md`, read on
//! a machine with more cores than threads).

use std::time::Instant;

use bench::Shape;
use bench::baseline;
use bench::passes::Pass;
use common::crossbeam;

mod common;

/// Tasks per producer: 50 000 tasks in all, as in criterion's reference run.
const TASKS: u64 = 5_000;

/// One design: its name on the page, and a run of it that says whether every task was
/// done (a baseline's checksum is the sum of the results, a pass's the count it
/// processed).
type Design<'a> = (&'static str, Box<dyn Fn() -> bool + 'a>);

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 3 } else { 31 };
    let shape = Shape {
        consumers: consumers_flag().unwrap_or(5),
        ..Shape::reference(TASKS)
    };
    let unbounded = Shape {
        capacity: None,
        ..shape
    };
    let passes: Vec<Pass> = (1..=6).map(|pass| Pass::new(pass, &shape)).collect();
    let sum = baseline::shared(&shape);
    let mut designs: Vec<Design<'_>> = vec![
        (
            "one thread",
            Box::new(|| baseline::single_thread(&shape) == sum),
        ),
        (
            "bare channel",
            Box::new(|| baseline::shared(&unbounded) == sum),
        ),
        (
            "bare sync_channel",
            Box::new(|| baseline::shared(&shape) == sum),
        ),
        (
            "bare per-consumer",
            Box::new(|| baseline::per_consumer(&shape) == sum),
        ),
        ("crossbeam bounded", Box::new(|| crossbeam(&shape) == sum)),
    ];
    let names = [
        "pass 01", "pass 02", "pass 03", "pass 04", "pass 05", "pass 06",
    ];
    for (name, pass) in names.into_iter().zip(&passes) {
        designs.push((name, Box::new(move || pass.run() == shape.total())));
    }

    let mut samples = vec![Vec::new(); designs.len()];
    for round in 0..rounds {
        for k in 0..designs.len() {
            let i = (round + k) % designs.len();
            let (name, run) = &designs[i];
            let start = Instant::now();
            let done = run();
            let took = start.elapsed().as_secs_f64();
            assert!(done, "{name} did every task's work");
            samples[i].push(shape.total() as f64 / took / 1e6);
        }
    }

    println!(
        "reference run, 10 producers / {} consumers / capacity 1000, {} tasks; \
         {rounds} rounds, every design once a round, rotating order",
        shape.consumers,
        shape.total()
    );
    println!(
        "{:<20} {:>10} {:>20}",
        "", "median M/s", "interquartile range"
    );
    for ((name, _), xs) in designs.iter().zip(&mut samples) {
        xs.sort_by(f64::total_cmp);
        let at = |q: usize| xs[(xs.len() - 1) * q / 4];
        println!("{name:<20} {:>10.2} {:>9.2} – {:>8.2}", at(2), at(1), at(3));
        plumbing::measure::record("alternating", name, at(1), at(2), at(3));
    }
}

/// The value of `--consumers N`, if given.
fn consumers_flag() -> Option<u32> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--consumers")?;
    let value = args.get(at + 1).expect("--consumers takes a number");
    Some(value.parse().expect("--consumers takes a number"))
}
