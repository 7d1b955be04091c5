//! The launcher: the broker found or started, the system's keys made fresh, the
//! header, every producer and consumer started as a process, supervised, and the
//! summary read back from the broker.

use std::io::Write;
use std::time::Instant;

use basic::run::consumers_finished;
use bounded::run::threads_and_bound;
use plumbing::Log;
use redis::Connection;
use shutdown::run::ready;

use crate::config::Config;
use crate::error::RunError;
use crate::fleet::Fleet;
use crate::keys::{GROUP, Keys};
use crate::server::Server;
use crate::signals::Signals;
use crate::summary::Summary;
use crate::supervise::Supervisor;

/// Runs the whole system and returns its summary.
///
/// # Errors
/// No broker, a broker error, a child that cannot start or that fails.
pub fn launch<W: Write>(
    config: &Config,
    log: &Log<W>,
    signals: &Signals,
) -> Result<Summary, RunError> {
    // Declared before the fleet, so dropped after it: the children stop first.
    let server = config.redis.is_none().then(Server::start).transpose()?;
    let url = server
        .as_ref()
        .map_or_else(|| config.redis.clone().unwrap_or_default(), Server::url);
    let mut con = crate::connect(&url)?;
    let keys = Keys::new(&config.name);
    reset(&mut con, &keys)?;
    threads_and_bound(
        log,
        (config.producers, config.consumers),
        usize::try_from(config.capacity).ok(),
    );
    let place = if server.is_some() {
        "a private redis-server at "
    } else {
        ""
    };
    log.line(format_args!(
        "Broker: {place}{url}, stream {}, group {GROUP}",
        keys.stream
    ));
    config.stop.announce(log);
    ready(log);
    let started = Instant::now();
    let mut fleet = Fleet::new(url, config)?;
    for _ in 0..config.consumers {
        fleet.start_consumer(log)?;
    }
    for index in 0..config.producers {
        fleet.start_producer(index, log)?;
    }
    let signaled = Supervisor::new(config, log, signals, started).run(&mut fleet, &mut con)?;
    consumers_finished(log);
    let summary = Summary::read(&mut con, &keys, started.elapsed(), signaled)?;
    summary.report(log);
    Ok(summary)
}

/// Deletes what an earlier run of the same name left, and makes the group.
fn reset(con: &mut Connection, keys: &Keys) -> redis::RedisResult<()> {
    redis::cmd("DEL").arg(&keys.all()[..]).exec(con)?;
    redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(&keys.stream)
        .arg(GROUP)
        .arg("0")
        .arg("MKSTREAM")
        .exec(con)
}
