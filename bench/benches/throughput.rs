//! Throughput of every pass against the bare designs and crossbeam-channel, in one run:
//!
//! - `designs`: the reference run (10 producers, 5 consumers, capacity 1000, zero-work
//!   tasks): the bare `sync_channel` and `channel()` with a shared receiver, one
//!   `sync_channel` per consumer, crossbeam-channel's `bounded(1000)`, and passes 01–06;
//! - `capacity`: the bare `sync_channel` and pass 02 at capacity 0, 1, 10, 100, 1000,
//!   10 000;
//! - `consumers`: the bare `sync_channel`, pass 02 and pass 06 with 1, 2, 5, 10
//!   consumers.
//!
//! `cargo bench -p bench --bench throughput`; `cargo xtask bench` runs it and turns
//! criterion's estimates into `docs/performance.md`.

use std::hint::black_box;
use std::time::Duration;

use bench::Shape;
use bench::baseline;
use bench::passes::Pass;
use common::crossbeam;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod common;

/// Tasks per producer in the reference run: 50 000 tasks in all.
const TASKS: u64 = 5_000;

fn designs(c: &mut Criterion) {
    let shape = Shape::reference(TASKS);
    let unbounded = Shape {
        capacity: None,
        ..shape
    };
    // Every design computes the same sum: a baseline that skipped work would show.
    let sum = baseline::shared(&shape);
    assert_eq!(baseline::shared(&unbounded), sum);
    assert_eq!(baseline::per_consumer(&shape), sum);
    assert_eq!(crossbeam(&shape), sum);

    let mut group = c.benchmark_group("designs");
    group.throughput(Throughput::Elements(shape.total()));
    group.bench_function("bare sync_channel", |b| {
        b.iter(|| baseline::shared(black_box(&shape)))
    });
    group.bench_function("bare channel", |b| {
        b.iter(|| baseline::shared(black_box(&unbounded)))
    });
    group.bench_function("bare per-consumer", |b| {
        b.iter(|| baseline::per_consumer(black_box(&shape)))
    });
    group.bench_function("crossbeam bounded", |b| {
        b.iter(|| crossbeam(black_box(&shape)))
    });
    for pass in 1..=6 {
        let run = Pass::new(pass, &shape);
        assert_eq!(run.run(), shape.total(), "pass {pass} processes every task");
        group.bench_function(format!("pass 0{pass}"), |b| b.iter(|| run.run()));
    }
    group.finish();
}

fn capacity(c: &mut Criterion) {
    let mut group = c.benchmark_group("capacity");
    for capacity in [0, 1, 10, 100, 1000, 10_000] {
        // Capacity 0 and 1 are tens of times slower: fewer tasks keep the time sane.
        let tasks = if capacity <= 1 { 500 } else { TASKS };
        let shape = Shape {
            capacity: Some(capacity),
            ..Shape::reference(tasks)
        };
        group.throughput(Throughput::Elements(shape.total()));
        group.bench_with_input(
            BenchmarkId::new("bare sync_channel", capacity),
            &shape,
            |b, s| b.iter(|| baseline::shared(s)),
        );
        let run = Pass::new(2, &shape);
        group.bench_with_input(BenchmarkId::new("pass 02", capacity), &shape, |b, _| {
            b.iter(|| run.run())
        });
    }
    group.finish();
}

fn consumers(c: &mut Criterion) {
    let mut group = c.benchmark_group("consumers");
    for consumers in [1, 2, 5, 10] {
        let shape = Shape {
            consumers,
            ..Shape::reference(TASKS)
        };
        group.throughput(Throughput::Elements(shape.total()));
        group.bench_with_input(
            BenchmarkId::new("bare sync_channel", consumers),
            &shape,
            |b, s| b.iter(|| baseline::shared(s)),
        );
        for pass in [2, 6] {
            let run = Pass::new(pass, &shape);
            group.bench_with_input(
                BenchmarkId::new(format!("pass 0{pass}"), consumers),
                &shape,
                |b, _| b.iter(|| run.run()),
            );
        }
    }
    group.finish();
}

fn config() -> Criterion {
    // Each sample is a whole run of 50 000 tasks (tens of milliseconds): ten samples
    // over a few seconds give a median with a usable spread on a 2-core machine.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = designs, capacity, consumers
}
criterion_main!(benches);
