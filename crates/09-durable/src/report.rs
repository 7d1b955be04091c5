//! The transcript's header and results, after the source document's example.

use std::io::Write;

use clap::ValueEnum;
use plumbing::{Log, count};

use crate::Config;
use crate::recover::Recovery;
use crate::segment::DamageKind;
use crate::stats::Summary;

/// The title, where the queue is, and what opening it found.
pub fn header<W: Write>(config: &Config, recovered: &Recovery, log: &Log<W>) {
    log.line(format_args!("Durable Queue Producer-Consumer (pass 09)"));
    log.line(format_args!("========================================="));
    log.line(format_args!(""));
    log.line(format_args!("✓ Queue opened at: {}", config.dir.display()));
    for damage in &recovered.damage {
        let (segment, at, cut) = (damage.segment.display(), damage.at, damage.cut);
        match &damage.kind {
            DamageKind::Torn => log.line(format_args!(
                "Recovery: cut a torn record of {} at byte {at} of {segment}",
                count(cut, "byte")
            )),
            DamageKind::Corrupt { why, quarantine } => log.line(format_args!(
                "Recovery: {why} at byte {at} of {segment}: {} moved to {}",
                count(cut, "byte"),
                quarantine.display()
            )),
        }
    }
    log.line(format_args!(
        "Recovered {} from {} ({} delivered before, not acked)",
        count(recovered.pending, "message"),
        count(recovered.segments as u64, "segment"),
        recovered.redeliveries
    ));
    log.line(format_args!(
        "fsync {}, batches of {}, shutdown {}",
        config.fsync,
        count(config.batch, "message"),
        mode_name(config)
    ));
    log.line(format_args!(""));
    log.line(format_args!(
        "Starting {} (each will produce {})...",
        count(config.producers, "producer"),
        count(config.messages, "message")
    ));
    log.line(format_args!(
        "Starting {}...",
        count(config.consumers, "consumer")
    ));
    log.line(format_args!("Running... Press Ctrl+C to stop"));
}

/// `--shutdown`'s value, as the flag spells it.
fn mode_name(config: &Config) -> String {
    config
        .shutdown
        .to_possible_value()
        .map_or_else(String::new, |value| value.get_name().to_owned())
}

/// The source document's results, and what is left for the next run.
pub fn results<W: Write>(summary: &Summary, log: &Log<W>) {
    let (expected, consumed, left) = (
        summary.expected(),
        summary.total_consumed(),
        summary.left_over(),
    );
    log.line(format_args!(""));
    log.line(format_args!("=== Results ==="));
    log.line(format_args!("Expected:  {}", count(expected, "message")));
    log.line(format_args!("Consumed:  {}", count(consumed, "message")));
    log.line(format_args!("Left:      {}", count(left, "message")));
    log.line(format_args!(""));
    // Every message expected is consumed or left: none left is all consumed.
    if left == 0 {
        log.line(format_args!("✓ All messages successfully processed!"));
    } else {
        log.line(format_args!(
            "… {} left in the queue for the next run",
            count(left, "message")
        ));
    }
}
