//! A consumer process: reads tasks as one of the group, processes each, and settles
//! it: acknowledged, left pending for another delivery, or dead-lettered. Between
//! reads it reclaims tasks other consumers were given and never acknowledged.
//!
//! Delivery is **at least once**: a consumer killed after its work and before its ack
//! has done the task, and the task is delivered again. The transcript says so: every
//! delivery after the first names itself (`delivery 2, reclaimed from consumer 1`),
//! and the ack script tells the one consumer whose ack counted from any other.

use std::io::Write;
use std::thread;
use std::time::{Duration, Instant};

use errors::consumer::{completed, dead_lettered, failed};
use errors::task::Task;
use plumbing::Log;
use redis::Connection;
use shutdown::consumer::finished;

use crate::config::Config;
use crate::delivery::{self, Delivery};
use crate::error::RunError;
use crate::keys::Keys;
use crate::scripts::Scripts;
use crate::signals::Signals;

/// The longest a read waits for a new task: how soon a consumer sees a stop, a dead
/// launcher, or that it is time to look for tasks to reclaim.
const READ_BLOCK: Duration = Duration::from_millis(100);

/// Why a task delivered `--max-deliveries` times and never settled is dead-lettered.
const NEVER_ACKED: &str = "never acknowledged";

/// One consumer: what it reads with and what it prints to.
struct Consumer<'a, W: Write> {
    config: &'a Config,
    keys: Keys,
    scripts: Scripts,
    log: &'a Log<W>,
    /// Its name in the group: `consumer-N`.
    name: String,
}

/// Runs consumer `config.index` until it is stopped (the launcher stops it once the
/// stream is empty and no producer is left), or until its launcher is gone.
///
/// # Errors
/// The broker's.
pub fn consume<W: Write>(
    config: &Config,
    con: &mut Connection,
    log: &Log<W>,
    signals: &Signals,
) -> Result<(), RunError> {
    let consumer = Consumer {
        config,
        keys: Keys::new(&config.name),
        scripts: Scripts::default(),
        log,
        name: Keys::consumer(config.index),
    };
    let claim_every = config.claim_every();
    let mut last_claim: Option<Instant> = None;
    while !signals.stopping() {
        if last_claim.is_none_or(|at| at.elapsed() >= claim_every) {
            last_claim = Some(Instant::now());
            for task in delivery::reclaim(con, &consumer.keys, &consumer.name, config.claim_idle())?
            {
                consumer.handle(con, &task)?;
            }
            continue;
        }
        let block = READ_BLOCK.min(claim_every);
        if let Some(task) = delivery::read(con, &consumer.keys, &consumer.name, block)? {
            consumer.handle(con, &task)?;
        }
    }
    finished(log, config.index);
    Ok(())
}

impl<W: Write> Consumer<'_, W> {
    /// Processes one delivery and settles it.
    fn handle(&self, con: &mut Connection, got: &Delivery) -> Result<(), RunError> {
        let config = self.config;
        let fate = (config.fail_rate, config.max_deliveries);
        let task = Task::draw(config.seed, got.task, &config.work_ms, fate);
        let max = u64::from(config.max_deliveries);
        if got.delivery > max {
            // Delivered `max` times and never settled: its consumers died in it.
            let (id, attempts) = (got.task, got.delivery - 1);
            let moved = self.scripts.dead_letter(
                con,
                &self.keys,
                &got.entry,
                (id, attempts),
                NEVER_ACKED,
            )?;
            self.settled(id, moved, |log| {
                dead_lettered(log, id, attempts, NEVER_ACKED)
            });
            return Ok(());
        }
        // exercise 2: process a delivery and settle it: acknowledge it, leave it pending for another delivery, or dead-letter it
        // hint: say `processing` first, spend the task's cost, then `task.process(delivery)`: its result, or the simulated failure.
        // hint: a success is settled by `scripts.ack`, which returns `false` when another consumer settled the task first: say so (`settled` does).
        // hint: a failure before the last delivery is left pending (no ack: another consumer reclaims it after `--claim-idle-ms`); on the last, `scripts.dead_letter` with the failure as the reason.
        self.processing(got);
        thread::sleep(task.cost);
        let attempt = u32::try_from(got.delivery).unwrap_or(u32::MAX);
        match task.process(attempt) {
            Ok(result) => {
                let acked = self.scripts.ack(con, &self.keys, &got.entry, result)?;
                self.settled(got.task, acked, |log| completed(log, got.task));
            }
            Err(error) => {
                failed(self.log, got.task, error);
                if got.delivery < max {
                    self.log.task(format_args!(
                        "Task {} left pending: delivered again after {} ms idle (delivery {} of {max})",
                        got.task, config.claim_idle_ms, got.delivery
                    ));
                    return Ok(());
                }
                let (id, attempts) = (got.task, got.delivery);
                let reason = error.to_string();
                let moved = self.scripts.dead_letter(
                    con,
                    &self.keys,
                    &got.entry,
                    (id, attempts),
                    &reason,
                )?;
                self.settled(id, moved, |log| dead_lettered(log, id, attempts, &reason));
            }
        }
        Ok(())
        // end of exercise 2
    }

    /// `Consumer 1 processing task 7`, or for a task delivered before
    /// `Consumer 1 processing task 7 (delivery 2, reclaimed from consumer 0)`.
    fn processing(&self, got: &Delivery) {
        let (index, task) = (self.config.index, got.task);
        if got.delivery == 1 {
            self.log
                .task(format_args!("Consumer {index} processing task {task}"));
            return;
        }
        // `?`: reclaimed from a consumer outside this run (not named `consumer-N`).
        let from = got.from.map_or_else(|| "?".to_owned(), |c| c.to_string());
        self.log.task(format_args!(
            "Consumer {index} processing task {task} (delivery {}, reclaimed from consumer {from})",
            got.delivery,
        ));
    }

    /// The task's outcome (`say`), if this consumer's settling took effect; else that
    /// another consumer settled it first (this was a duplicate delivery).
    fn settled(&self, task: u64, took_effect: bool, say: impl FnOnce(&Log<W>)) {
        if took_effect {
            say(self.log);
        } else {
            self.log.task(format_args!(
                "Task {task} already settled by another consumer (a duplicate delivery)"
            ));
        }
    }
}
