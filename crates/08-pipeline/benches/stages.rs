//! What the pipeline's threads and channels buy: end-to-end ticks per second against
//! each stage's rule run alone, against one thread applying every rule with no
//! channel, and with more workers per stage.
//!
//! `cargo bench -p pipeline --bench stages` (add `-- --quick` for a smoke run). Each
//! round runs every design once, in turn, in this process, on the same seeded ticks;
//! the table shows medians over the rounds and each design's ratio to one thread in
//! the same rounds. The rules are cheap (a few integer operations a tick), so this
//! measures what the pattern costs per item: a stage alone is the limit a pipeline
//! of it could reach if channels were free.

use std::hint::black_box;
use std::io;
use std::time::Instant;

use clap::Parser;
use pipeline::enrich::{Enriched, Enricher};
use pipeline::execute::Book;
use pipeline::market::{Market, Tick};
use pipeline::signal::{Signal, signal};
use pipeline::{Config, Control, run};

const SYMBOLS: usize = 8;

fn ticks(n: u64) -> Vec<Tick> {
    Market::new(7, SYMBOLS).take(n as usize).collect()
}

/// Seconds to run `f`, which must touch `n` ticks.
fn timed(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

/// The designs, each a function from the tick count to seconds.
fn designs(n: u64) -> Vec<(String, Box<dyn Fn() -> f64>)> {
    let raw = ticks(n);
    let mut enricher = Enricher::default();
    let enriched: Vec<Enriched> = raw.iter().map(|&t| enricher.enrich(t)).collect();
    let signals: Vec<Signal> = enriched.iter().filter_map(signal).collect();
    let mut list: Vec<(String, Box<dyn Fn() -> f64>)> = vec![
        (
            "one thread, no channel".into(),
            Box::new(move || {
                timed(|| {
                    let (mut enricher, mut book) = (Enricher::default(), Book::default());
                    for tick in Market::new(7, SYMBOLS).take(n as usize) {
                        if let Some(s) = signal(&enricher.enrich(tick)) {
                            book.execute(&s);
                        }
                    }
                    black_box(book);
                })
            }),
        ),
        (
            "source alone (draw ticks)".into(),
            Box::new(move || {
                timed(|| {
                    black_box(Market::new(7, SYMBOLS).take(n as usize).last());
                })
            }),
        ),
        (
            "enrich alone".into(),
            Box::new(move || {
                timed(|| {
                    let mut enricher = Enricher::default();
                    for &tick in &raw {
                        black_box(enricher.enrich(tick));
                    }
                })
            }),
        ),
        (
            "signal alone".into(),
            Box::new(move || {
                timed(|| {
                    for e in &enriched {
                        black_box(signal(e));
                    }
                })
            }),
        ),
        (
            "execute alone".into(),
            Box::new(move || {
                timed(|| {
                    let mut book = Book::default();
                    for s in &signals {
                        black_box(book.execute(s));
                    }
                })
            }),
        ),
    ];
    for (workers, capacity) in [(1, 4), (1, 256), (2, 256), (4, 256)] {
        let args = format!(
            "08-pipeline --quiet --rate 0 --symbols {SYMBOLS} --seed 7 --ticks {n} \
             --enrich-workers {workers} --signal-workers {workers} --capacity {capacity}"
        );
        let config = Config::parse_from(args.split(' '));
        list.push((
            format!("pipeline, {workers}+{workers} workers, channels of {capacity}"),
            Box::new(move || {
                timed(|| {
                    let summary =
                        run(&config, io::sink(), &Control::default()).expect("a healthy run");
                    assert!(summary.accounting_holds());
                })
            }),
        ));
    }
    list
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n, rounds) = if quick { (20_000, 2) } else { (400_000, 9) };
    let designs = designs(n);
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); designs.len()];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); designs.len()];
    for _ in 0..rounds {
        let seconds: Vec<f64> = designs.iter().map(|(_, f)| f()).collect();
        for (i, s) in seconds.iter().enumerate() {
            rates[i].push(n as f64 / s / 1e6);
            ratios[i].push(seconds[0] / s);
        }
    }
    println!(
        "{n} ticks of {SYMBOLS} symbols, {rounds} rounds; medians (M ticks/s, and × one thread in the same round)"
    );
    println!(
        "{:<44} {:>10} {:>12} {:>10}",
        "design", "M ticks/s", "q1–q3", "× one thr."
    );
    for (i, (name, _)) in designs.iter().enumerate() {
        let (q1, m, q3) = plumbing::measure::quartiles(&mut rates[i]);
        let (_, r, _) = plumbing::measure::quartiles(&mut ratios[i]);
        println!(
            "{name:<44} {m:>10.2} {:>12} {r:>10.2}",
            format!("{q1:.2}–{q3:.2}")
        );
        plumbing::measure::record("pipeline", name, q1, m, q3);
    }
}
