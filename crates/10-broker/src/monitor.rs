//! Statistics as the broker keeps them (`--stats-interval-ms`): the group's lag (tasks
//! in the stream not yet delivered to anyone) and pending count (delivered, not yet
//! acknowledged), and each consumer's pending tasks and idle time, from `XINFO`.
//! Pass 04 counted these itself in shared memory; across processes the broker is the
//! one place that sees them all.

use std::collections::HashMap;
use std::io::Write;

use plumbing::Log;
use redis::{Commands, Connection, RedisResult, Value};

use crate::config::Config;
use crate::keys::{GROUP, Keys};

/// Prints one statistics block, in one piece.
///
/// # Errors
/// The broker's.
pub fn print<W: Write>(
    con: &mut Connection,
    keys: &Keys,
    config: &Config,
    log: &Log<W>,
) -> RedisResult<()> {
    let in_flight: u64 = con.xlen(&keys.stream)?;
    let groups: Vec<HashMap<String, Value>> = redis::cmd("XINFO")
        .arg("GROUPS")
        .arg(&keys.stream)
        .query(con)?;
    let group = groups.iter().find(|g| text(g.get("name")) == GROUP);
    let field = |name: &str| group.and_then(|g| number(g.get(name)));
    let consumers: Vec<HashMap<String, Value>> = redis::cmd("XINFO")
        .arg("CONSUMERS")
        .arg(&keys.stream)
        .arg(GROUP)
        .query(con)?;
    let mut lines = vec![
        String::new(),
        format!(
            "Statistics (every {} ms):",
            config.stats_interval_ms.unwrap_or(0)
        ),
        format!("  In flight: {in_flight}/{}", config.capacity),
        format!(
            "  Lag: {}",
            field("lag").map_or_else(|| "unknown".into(), |n| n.to_string())
        ),
        format!("  Pending: {}", field("pending").unwrap_or(0)),
    ];
    for consumer in &consumers {
        lines.push(format!(
            "  {}: {} pending, idle {} ms",
            text(consumer.get("name")),
            number(consumer.get("pending")).unwrap_or(0),
            number(consumer.get("idle")).unwrap_or(0)
        ));
    }
    log.block(&lines);
    Ok(())
}

fn text(value: Option<&Value>) -> String {
    value
        .and_then(|v| redis::from_redis_value::<String>(v).ok())
        .unwrap_or_default()
}

/// A number, or `None` where the broker says nil (`lag` when it cannot tell).
fn number(value: Option<&Value>) -> Option<u64> {
    value.and_then(|v| redis::from_redis_value::<u64>(v).ok())
}
