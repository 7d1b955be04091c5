//! What the benchmarks share and the library may not hold: crossbeam-channel is a
//! dev-dependency only, the yardstick, never part of a pass.

use std::thread;

use bench::Shape;
use bench::baseline::task;

/// crossbeam-channel's bounded MPMC channel: every consumer holds its own receiver, no
/// `Mutex`: the yardstick for pass 06.
pub fn crossbeam(shape: &Shape) -> u64 {
    let (tx, rx) = crossbeam_channel::bounded(shape.capacity.unwrap_or(1000));
    thread::scope(|s| {
        for p in 0..shape.producers {
            let tx = tx.clone();
            s.spawn(move || {
                for k in 0..shape.tasks {
                    if tx.send(task(shape, p, k)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let consumers: Vec<_> = (0..shape.consumers)
            .map(|_| {
                let rx = rx.clone();
                s.spawn(move || rx.iter().map(|t| t.process()).sum::<u64>())
            })
            .collect();
        consumers.into_iter().map(|c| c.join().unwrap_or(0)).sum()
    })
}
