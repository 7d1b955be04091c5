//! Pass 07's buffer against the channel it replaces and against one thread: what one
//! lock and two condition variables cost per task, and what taking tasks in batches
//! buys back.
//!
//! `cargo bench -p bench --bench buffer` (add `-- --quick` for a smoke run).
//!
//! The run: 10 producers, 5 consumers, capacity 1000, 50 000 zero-work tasks (pass
//! 02's tasks), as in `alternating.rs`, and with its method: many short rounds, each
//! running every design once, in an order that rotates from round to round, so every
//! design sees the same machine state; the figures are medians and their ratios.
//! Every run is checked to do every task's work (the sum of the results).

use std::io;
use std::thread;
use std::time::{Duration, Instant};

use bench::Shape;
use bench::baseline::{self, SEED, task};
use buffer::buffer::{Buffer, TakeError};
use buffer::overflow::Overflow;
use buffer::store::Strategy;
use clap::Parser;

/// Tasks per producer: 50 000 in all.
const TASKS: u64 = 5_000;

/// One design: its name, and a run of it returning the sum of the results.
type Design<'a> = (String, Box<dyn Fn() -> u64 + 'a>);

/// The bare buffer in the shape of `baseline::shared`: producers put (`put_batch` of
/// up to `puts` tasks at a time when it is above 1), consumers take up to `batch` at a
/// time and process.
fn bare_buffer(shape: &Shape, strategy: Strategy, puts: usize, batch: usize) -> u64 {
    let buffer = &Buffer::new(shape.capacity, strategy, Overflow::Block);
    thread::scope(|s| {
        let producers: Vec<_> = (0..shape.producers)
            .map(|p| {
                s.spawn(move || {
                    // Every priority equal: the heap's cost, not its order, is measured.
                    if puts == 1 {
                        for k in 0..shape.tasks {
                            if buffer.put(task(shape, p, k), 0).is_err() {
                                return;
                            }
                        }
                        return;
                    }
                    let mut hand = Vec::with_capacity(puts);
                    for k in 0..shape.tasks {
                        hand.push((task(shape, p, k), 0));
                        if hand.len() == puts || k + 1 == shape.tasks {
                            let outcomes = buffer.put_batch(hand.drain(..));
                            if outcomes.iter().any(Result::is_err) {
                                return;
                            }
                        }
                    }
                })
            })
            .collect();
        let consumers: Vec<_> = (0..shape.consumers)
            .map(|_| {
                s.spawn(move || {
                    let mut sum = 0;
                    loop {
                        match buffer.take_batch(batch, Duration::ZERO) {
                            Ok(b) => sum += b.slots.iter().map(|s| s.item.process()).sum::<u64>(),
                            Err(TakeError::Closed) => return sum,
                            Err(TakeError::Empty) => unreachable!("no deadline"),
                        }
                    }
                })
            })
            .collect();
        for producer in producers {
            producer.join().expect("a producer ran");
        }
        buffer.close();
        consumers
            .into_iter()
            .map(|c| c.join().expect("a consumer ran"))
            .sum()
    })
}

/// Pass 07's own `run`, quiet, into a sink, with `strategy`, `--put-batch puts` and
/// `--batch batch`; returns the sum of the results.
fn pass_07(shape: &Shape, strategy: &str, puts: usize, batch: usize) -> impl Fn() -> u64 {
    let capacity = shape.capacity.expect("bounded").to_string();
    let flags = [
        "07-buffer",
        "--quiet",
        "--seed",
        &SEED.to_string(),
        "--producers",
        &shape.producers.to_string(),
        "--consumers",
        &shape.consumers.to_string(),
        "--tasks",
        &shape.tasks.to_string(),
        "--rate",
        "0",
        "--work-ms",
        "0",
        "--capacity",
        &capacity,
        "--strategy",
        strategy,
        "--batch",
        &batch.to_string(),
        "--put-batch",
        &puts.to_string(),
    ]
    .map(str::to_owned);
    let config = buffer::Config::parse_from(flags);
    move || {
        buffer::run(&config, io::sink(), &buffer::Control::default())
            .map(|s| s.result_sum())
            .unwrap_or_else(|e| panic!("the run failed: {e}"))
    }
}

/// Pass 03's `run`, quiet, into a sink: the same machinery on `sync_channel`.
fn pass_03(shape: &Shape) -> impl Fn() -> u64 {
    let config = shutdown::Config::parse_from(bench::passes::flags(3, shape));
    move || {
        shutdown::run(&config, io::sink(), &shutdown::Control::default())
            .map(|s| s.result_sum())
            .unwrap_or_else(|e| panic!("the run failed: {e}"))
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 3 } else { 31 };
    let shape = Shape::reference(TASKS);
    let sum = baseline::single_thread(&shape);
    let mut designs: Vec<Design<'_>> = vec![
        (
            "one thread".into(),
            Box::new(|| baseline::single_thread(&shape)),
        ),
        (
            "bare sync_channel".into(),
            Box::new(|| baseline::shared(&shape)),
        ),
    ];
    for (strategy, name) in [(Strategy::Fifo, "fifo"), (Strategy::Priority, "priority")] {
        for batch in [1, 64] {
            designs.push((
                format!("bare buffer {name} b{batch}"),
                Box::new(move || bare_buffer(&shape, strategy, 1, batch)),
            ));
        }
    }
    // Batches on both sides, up to the buffer's whole capacity.
    for n in [64, 256, 1000] {
        designs.push((
            format!("bare buffer fifo p{n} b{n}"),
            Box::new(move || bare_buffer(&shape, Strategy::Fifo, n, n)),
        ));
    }
    designs.push(("pass 03".into(), Box::new(pass_03(&shape))));
    for (puts, batch) in [(1, 1), (1, 64), (64, 64), (1000, 1000)] {
        designs.push((
            format!("pass 07 fifo p{puts} b{batch}"),
            Box::new(pass_07(&shape, "fifo", puts, batch)),
        ));
    }

    let mut samples = vec![Vec::new(); designs.len()];
    for round in 0..rounds {
        for k in 0..designs.len() {
            let i = (round + k) % designs.len();
            let (name, run) = &designs[i];
            let start = Instant::now();
            let got = run();
            let took = start.elapsed().as_secs_f64();
            assert_eq!(got, sum, "{name} did every task's work");
            samples[i].push(shape.total() as f64 / took / 1e6);
        }
    }

    println!(
        "buffer run, 10 producers / 5 consumers / capacity 1000, {} tasks; {rounds} rounds, \
         rotating order; {} cores",
        shape.total(),
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<28} {:>10} {:>20} {:>12}",
        "", "median M/s", "interquartile range", "× one thread"
    );
    let medians: Vec<f64> = samples
        .iter_mut()
        .map(|xs| {
            xs.sort_by(f64::total_cmp);
            xs[(xs.len() - 1) / 2]
        })
        .collect();
    for ((name, _), xs) in designs.iter().zip(&samples) {
        let at = |q: usize| xs[(xs.len() - 1) * q / 4];
        println!(
            "{name:<28} {:>10.2} {:>9.2} – {:>8.2} {:>12.2}",
            at(2),
            at(1),
            at(3),
            at(2) / medians[0]
        );
        plumbing::measure::record("buffer", name, at(1), at(2), at(3));
    }
}
