//! Opening a queue's folder: every segment read back in order, damage repaired, the
//! index rebuilt, and what was found reported.
//!
//! Recovery is the same code whether the last process closed the queue or was
//! killed: there is no "clean shutdown" marker to trust. What the last process had
//! handed out and not acked is ready again, marked as delivered before.

use std::fs;
use std::io;
use std::path::Path;

use crate::fsync::Fsync;
use crate::index::{Index, Segment};
use crate::segment::{self, Damage};
use crate::writer::{Writer, sync_dir};

/// What opening the queue found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recovery {
    /// Segments read.
    pub segments: usize,
    /// Messages waiting: enqueued and never acked.
    pub pending: u64,
    /// Of those, the ones delivered before and not acked: each will be a redelivery.
    pub redeliveries: u64,
    /// Segments whose end was cut (torn or quarantined); see [`segment`].
    pub damage: Vec<Damage>,
}

/// Reads `dir`'s segments into an index, repairs them, removes those nobody needs,
/// and opens the newest for appending (creating the first if there is none).
///
/// # Errors
/// A segment cannot be read, repaired, removed or created.
pub fn recover(dir: &Path, policy: Fsync) -> io::Result<(Index, Writer, Recovery)> {
    let files = segment::list(dir)?;
    let mut index = Index {
        next_id: 1,
        ..Index::default()
    };
    let mut report = Recovery {
        segments: files.len(),
        ..Recovery::default()
    };
    for (i, (seq, path)) in files.iter().enumerate() {
        let scan = segment::scan(path, i + 1 == files.len())?;
        index.segments.push_back(Segment {
            seq: *seq,
            first_id: index.next_id,
            live: 0,
            bytes: scan.bytes,
        });
        for record in scan.records {
            index.apply(record);
        }
        report.damage.extend(scan.damage);
    }
    index.requeue_out();
    report.pending = index.ready.len() as u64;
    report.redeliveries = index.ready.iter().filter(|m| m.delivered > 0).count() as u64;
    remove_unneeded(&mut index, dir, policy)?;
    let writer = match index.segments.back() {
        Some(last) => {
            let mut writer = Writer::open(dir, last.seq, last.bytes, policy)?;
            // A crash between creating a segment and writing its `Start`: write it
            // now, or the next id could be forgotten once the older ones are removed.
            if writer.bytes == 0 {
                writer.append(
                    &crate::record::Record::Start {
                        next_id: index.next_id,
                    }
                    .frame(),
                )?;
            }
            writer
        }
        None => {
            let writer = Writer::create(dir, 1, index.next_id, policy)?;
            index.segments.push_back(Segment {
                seq: 1,
                first_id: index.next_id,
                live: 0,
                bytes: writer.bytes,
            });
            writer
        }
    };
    Ok((index, writer, report))
}

/// Removes the oldest segments while nothing in them is needed, one at a time, the
/// folder fsynced after each: a crash may undo the newest removal, never leave a
/// newer segment removed and an older one back (whose messages' acks the newer one
/// held).
///
/// # Errors
/// A file cannot be removed, or the folder synced.
pub fn remove_unneeded(index: &mut Index, dir: &Path, policy: Fsync) -> io::Result<()> {
    while let Some(segment) = index.removable() {
        fs::remove_file(dir.join(segment::name(segment.seq)))?;
        if policy != Fsync::Never {
            sync_dir(dir)?;
        }
        index.segments.pop_front();
    }
    Ok(())
}
