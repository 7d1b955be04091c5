//! A producer: creates its share of the tasks and sends each one into the channel.

use std::io::Write;
use std::sync::mpsc::{SendError, Sender};

use plumbing::{Log, task_id};

use crate::Config;
use crate::task::Task;

/// Runs producer `index` to completion and returns how many tasks it sent.
///
/// The producer owns its `Sender` (a clone of the run's): when this function returns
/// the clone is dropped, and once every producer's clone is gone the channel is
/// closed, which is how consumers learn there is no more work.
///
/// # Errors
/// `SendError` gives the unsent task back if every `Receiver` is gone. That cannot
/// happen in this pass (the receiver outlives every consumer, see `run`), but a send
/// can fail in general, and pass 05 turns it into a reported, undelivered task.
pub fn produce<W: Write>(
    index: u32,
    config: &Config,
    tasks: Sender<Task>,
    log: &Log<W>,
) -> Result<u64, SendError<Task>> {
    // exercise 1: create this producer's tasks and send each one into the channel
    // hint: task `seq` of producer `index` has the id `task_id(index, seq, config.tasks)`; `Task::new(config.seed, id)` makes it.
    // hint: print `Producer {index} created task {id}` *before* the send: once sent, a consumer may print its line at once.
    // hint: `send` fails only if every receiver is gone: pass the error up with `?`.
    for seq in 0..config.tasks {
        let task = Task::new(config.seed, task_id(index, seq, config.tasks));
        // Printed *before* the send: once sent, a consumer may take the task and print
        // its "processing" line at once, and that line must come after this one.
        log.task(format_args!("Producer {index} created task {}", task.id));
        tasks.send(task)?;
    }
    Ok(config.tasks)
    // end of exercise 1
}
