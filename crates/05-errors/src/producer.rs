//! A producer: creates tasks and sends each one into the queue, waiting when the
//! queue is full, until it has made its share, shutdown begins, it fails, or the
//! channel closes under it.

use std::io::Write;
use std::sync::mpsc::SendError;

use bounded::producer::{blocked, created, finished, resumed};
use plumbing::{Log, task_id};

use crate::error::ProducerFailure;
use crate::fault::FaultKind;
use crate::guard::ProducerGuard;
use crate::pace::Pace;
use crate::parcel::Parcel;
use crate::queue::{Queue, Sent};
use crate::shared::Shared;
use crate::task::Task;

/// Runs producer `index` until it has made its share or something stops it.
///
/// The producer owns its `Queue` handle (a clone of the run's): when this function
/// returns, or unwinds, the handle is dropped, and once every producer's handle is
/// gone the channel is closed, which is how consumers learn there is no more work.
///
/// Since pass 05, three ways to stop early, each reported by the producer's guard
/// (see `guard`) so the supervisor can say which producer stopped and after how many
/// tasks: an injected error (`--fail-producer`), an injected panic
/// (`--panic-producer`), and a closed channel: `SendError` hands the unsent task back,
/// and the producer reports it as undelivered and stops.
pub fn produce<'a, W: Write>(index: u32, queue: Queue<Parcel<'a>>, shared: &Shared<'a, W>) {
    let Shared {
        config,
        gauge,
        log,
        shutdown,
        metrics,
        lost,
        ..
    } = *shared;
    let mut guard = ProducerGuard::new(shared.control, index);
    let fault = config.producer_fault(index);
    let pace = Pace::new(config.rate);
    let per_producer = config.tasks_per_producer();
    for seq in 0..per_producer {
        if let Some((fault, kind)) = fault
            && fault.after == seq
        {
            match kind {
                FaultKind::Error => {
                    guard.failure = Some(ProducerFailure::Simulated);
                    return;
                }
                FaultKind::Panic => panic!("simulated panic in producer {index}"),
            }
        }
        if !pace.wait_for(seq, shutdown) {
            ::shutdown::producer::shutting_down(index, shutdown.phase(), log);
            break;
        }
        let task = Task::new(config, task_id(index, seq, per_producer));
        created(log, index, task.id);
        // Counted before the send, so it happens-before the consumer's count of the
        // same task: the monitor never sees more consumed than generated.
        metrics.generated(index);
        guard.stats.created += 1;
        let mut waited = false;
        let sent = queue.send(Parcel::new(task, lost), || {
            // Counted here, not after the send: a send that blocks and then finds the
            // channel closed blocked all the same.
            waited = true;
            blocked(log, index, gauge.line());
        });
        guard.stats.blocked += u64::from(waited);
        match sent {
            Ok(sent) => {
                gauge.count_sent();
                if sent == Sent::AfterBlocking {
                    resumed(log, index);
                }
            }
            // Every consumer is gone: the task comes back unsent. Reported, kept, and
            // no point making more.
            Err(SendError(parcel)) => {
                let task = parcel.open();
                undelivered(log, task.id);
                guard.stats.undelivered.push(task.id);
                log.task(format_args!("Producer {index} stopping: channel closed"));
                break;
            }
        }
    }
    let made = (guard.stats.created, guard.stats.blocked);
    finished(log, index, made, gauge.line());
}

/// `Task 3 undelivered (channel closed)`: a task that never reached a consumer because
/// every consumer was gone. A producer reports the one it could not send, the run the
/// ones the closing channel dropped, and pass 06 the ones left in a dead consumer's
/// local queue.
pub fn undelivered<W: Write>(log: &Log<W>, id: u64) {
    log.task(format_args!("Task {id} undelivered (channel closed)"));
}
