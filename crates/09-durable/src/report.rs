//! The transcript's header and results, after the source document's example.

use std::io::Write;

use clap::ValueEnum;
use plumbing::{Log, count};

use crate::Config;
use crate::lane::Lane;
use crate::segment::DamageKind;
use crate::stats::Summary;

/// The title, where each lane's queue is and what opening it found, the settings,
/// and who starts.
pub fn header<W: Write>(config: &Config, lanes: &[Lane], log: &Log<W>) {
    log.line(format_args!("Durable Queue Producer-Consumer (pass 09)"));
    log.line(format_args!("========================================="));
    log.line(format_args!(""));
    for lane in lanes {
        opened(lane, log);
    }
    log.line(format_args!(
        "fsync {}, batches of {}, shutdown {}",
        config.fsync,
        count(config.batch, "message"),
        mode_name(config)
    ));
    if let Some(ms) = config.monitor_ms {
        log.line(format_args!(
            "Monitoring every {ms} ms: a warning above {} waiting",
            count(config.depth_warning(), "message")
        ));
    }
    log.line(format_args!(""));
    for lane in lanes {
        let tag = lane.tag();
        log.line(format_args!(
            "{tag}Starting {} (each will produce {})...",
            count(config.producers, "producer"),
            count(config.messages, "message")
        ));
        log.line(format_args!(
            "{tag}Starting {}...",
            count(lane.consumers, "consumer")
        ));
        if let Some(per) = config.scale_per {
            log.line(format_args!(
                "{tag}Scaling: {} of {} at work, one per {per} pending",
                lane.gate.active(),
                count(lane.consumers, "consumer")
            ));
        }
    }
    ::shutdown::run::ready(log);
}

/// Where a lane's queue is, and what opening it found.
fn opened<W: Write>(lane: &Lane, log: &Log<W>) {
    let (tag, recovered) = (lane.tag(), &lane.recovered);
    log.line(format_args!(
        "{tag}✓ Queue opened at: {}",
        lane.queue.dir().display()
    ));
    for damage in &recovered.damage {
        let (segment, at, cut) = (damage.segment.display(), damage.at, damage.cut);
        match &damage.kind {
            DamageKind::Torn => log.line(format_args!(
                "{tag}Recovery: cut a torn record of {} at byte {at} of {segment}",
                count(cut, "byte")
            )),
            DamageKind::Corrupt { why, quarantine } => log.line(format_args!(
                "{tag}Recovery: {why} at byte {at} of {segment}: {} moved to {}",
                count(cut, "byte"),
                quarantine.display()
            )),
        }
    }
    log.line(format_args!(
        "{tag}Recovered {} from {} ({} delivered before, not acked)",
        count(recovered.pending, "message"),
        count(recovered.segments as u64, "segment"),
        recovered.redeliveries
    ));
}

/// `--shutdown`'s value, as the flag spells it.
fn mode_name(config: &Config) -> String {
    config
        .stop
        .shutdown
        .to_possible_value()
        .map_or_else(String::new, |value| value.get_name().to_owned())
}

/// The source document's results, and what is left for the next run, lane by lane.
pub fn results<W: Write>(summary: &Summary, log: &Log<W>) {
    log.line(format_args!(""));
    log.line(format_args!("=== Results ==="));
    for lane in &summary.lanes {
        let tag = crate::lane::tag(lane.name);
        let (expected, consumed) = (lane.expected(), lane.total_consumed());
        log.line(format_args!(
            "{tag}Expected:  {}",
            count(expected, "message")
        ));
        log.line(format_args!(
            "{tag}Consumed:  {}",
            count(consumed, "message")
        ));
        log.line(format_args!(
            "{tag}Left:      {}",
            count(lane.left_over(), "message")
        ));
    }
    log.line(format_args!(""));
    for lane in &summary.lanes {
        let tag = crate::lane::tag(lane.name);
        // Every message expected is consumed or left: none left is all consumed.
        match lane.left_over() {
            0 => log.line(format_args!("{tag}✓ All messages successfully processed!")),
            left => log.line(format_args!(
                "{tag}… {} left in the queue for the next run",
                count(left, "message")
            )),
        }
    }
}
