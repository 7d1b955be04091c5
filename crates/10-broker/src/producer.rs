//! A producer process: adds its tasks to the stream in order, waiting while the
//! stream is full, and resumes where it left off when restarted after a kill.
//!
//! The lines are pass 02's (`created` before the add, `blocked` with the gauge,
//! `resuming`, `finished`). The gauge's depth is the stream's length, the tasks in
//! flight, as the add script read it.

use std::io::Write;
use std::thread;
use std::time::Duration;

use bounded::producer::{blocked, created, finished, resumed};
use errors::task::Task;
use plumbing::{Log, gauge, task_id};
use redis::{Commands, Connection};

use crate::config::Config;
use crate::error::RunError;
use crate::keys::Keys;
use crate::scripts::{Added, NewTask, Scripts};
use crate::signals::Signals;

/// How long a producer waits before it asks again whether the stream has room. The
/// broker cannot hold an add until there is room (a script must not block), so a
/// blocked producer asks: at most 200 times a second, and only while it is blocked.
const FULL_WAIT: Duration = Duration::from_millis(5);

/// Runs producer `config.index` to its last task, or until it is stopped.
///
/// # Errors
/// The broker's.
pub fn produce<W: Write>(
    config: &Config,
    con: &mut Connection,
    log: &Log<W>,
    signals: &Signals,
) -> Result<(), RunError> {
    let keys = Keys::new(&config.name);
    let index = config.index;
    // Where to start: 0, or after the tasks this producer added before it was killed.
    let first: Option<u64> = con.hget(&keys.made, index)?;
    let first = first.unwrap_or(0);
    if first > 0 {
        log.task(format_args!(
            "Producer {index}: restarted, {first} of its tasks already in the stream"
        ));
    }
    let mut adder = Adder {
        config,
        keys: &keys,
        scripts: Scripts::default(),
        log,
        signals,
        waits: 0,
        depth: 0,
    };
    let mut added = 0;
    for seq in first..config.tasks {
        if signals.stopping() {
            log.task(format_args!("Producer {index} shutting down gracefully"));
            break;
        }
        if !adder.add(con, seq)? {
            break;
        }
        added += 1;
    }
    let depth = gauge::render(adder.depth, Some(config.capacity));
    finished(log, index, (added, adder.waits), depth);
    Ok(())
}

/// One producer's adds, and what they saw of the stream.
struct Adder<'a, W: Write> {
    config: &'a Config,
    keys: &'a Keys,
    scripts: Scripts,
    log: &'a Log<W>,
    signals: &'a Signals,
    /// Adds that found the stream full.
    waits: u64,
    /// The stream's length after the last add.
    depth: u64,
}

impl<W: Write> Adder<'_, W> {
    /// Makes task `seq` and adds it, waiting while the stream is full: `false` if a
    /// stop came while it waited, and the task was never added.
    fn add(&mut self, con: &mut Connection, seq: u64) -> Result<bool, RunError> {
        let (config, index) = (self.config, self.config.index);
        let id = task_id(index, seq, config.tasks);
        let fate = (config.fail_rate, config.max_deliveries);
        let task = Task::draw(config.seed, id, &config.work_ms, fate);
        created(self.log, index, id);
        let new = NewTask {
            producer: index,
            seq,
            id,
            payload: task.payload,
        };
        // exercise 3: add the task, waiting while the stream is full, giving up if a stop comes while it waits
        // hint: `self.scripts.add` returns `Added::Yes(depth)` or `Added::Full(depth)`: the script checked the bound and added in one step on the server.
        // hint: on the first `Full`, say `blocked` with the gauge (`gauge::render(depth, Some(capacity))`) and count a wait; after a wait, `resumed` once the add goes through.
        // hint: while blocked, look at `self.signals.stopping()` before each pause of `FULL_WAIT`: a task not added is `not sent (shutdown)`, and the producer stops.
        let mut waiting = false;
        loop {
            match self.scripts.add(con, self.keys, new, config.capacity)? {
                Added::Yes(depth) => {
                    self.depth = depth;
                    if waiting {
                        resumed(self.log, index);
                    }
                    return Ok(true);
                }
                Added::Full(depth) => {
                    if !waiting {
                        waiting = true;
                        self.waits += 1;
                        blocked(self.log, index, gauge::render(depth, Some(config.capacity)));
                    }
                    if self.signals.stopping() {
                        self.depth = depth;
                        self.log.task(format_args!(
                            "Producer {index}: task {id} not sent (shutdown)"
                        ));
                        self.log
                            .task(format_args!("Producer {index} shutting down gracefully"));
                        return Ok(false);
                    }
                    thread::sleep(FULL_WAIT);
                }
            }
        }
        // end of exercise 3
    }
}
