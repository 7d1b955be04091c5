//! Segment files: the log, cut into files of about `--segment-bytes` each, so that the
//! part every consumer is done with can be removed a file at a time.
//!
//! Segments are named by their sequence number (`00000007.seg`) and read in that
//! order. Reading one ([`scan`]) repairs it: a segment whose end is damaged is cut at
//! its last whole record, so the next append starts on a frame boundary.
//!
//! - A **torn** frame at the end of the last segment is a write the crash cut short:
//!   its call never returned, so nothing was promised. It is cut and reported.
//! - Anything else, a **corrupt** frame (wrong checksum, impossible length or kind),
//!   or a torn one inside an older segment, is damage the crash model does not
//!   explain. Everything from it to the segment's end is moved to a `.corrupt` file
//!   beside it (quarantined, not deleted: an operator can look at it) and reported.
//!   The reader does not try to find the next frame in it: once a length is wrong,
//!   the next frame boundary is a guess, and a payload is free to contain bytes that
//!   look like a whole frame with a valid checksum; resuming there would invent
//!   messages. The records after it in that segment are lost, and said to be.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::record::{Decoded, Record, decode};

/// The file name of segment `seq`.
pub fn name(seq: u64) -> String {
    format!("{seq:08}.seg")
}

/// The segments in `dir`, oldest first, with their sequence numbers.
///
/// # Errors
/// The folder cannot be read.
pub fn list(dir: &Path) -> io::Result<Vec<(u64, PathBuf)>> {
    let mut segments = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let seq = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".seg"))
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(seq) = seq {
            segments.push((seq, path));
        }
    }
    segments.sort_unstable();
    Ok(segments)
}

/// What was wrong with a segment's end, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// The segment.
    pub segment: PathBuf,
    /// Where its last whole record ends: it was cut there.
    pub at: u64,
    /// Bytes cut.
    pub cut: u64,
    /// Why.
    pub kind: DamageKind,
}

/// A torn write, or damage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DamageKind {
    /// The last frame of the last segment was cut short by the crash.
    Torn,
    /// A frame that is not a record; the bytes from it on were moved to `quarantine`.
    Corrupt {
        /// What was wrong with the frame.
        why: &'static str,
        /// Where the bytes went.
        quarantine: PathBuf,
    },
}

/// A segment's whole records, in order, and its damage, repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// The records up to the first that is not whole.
    pub records: Vec<Record>,
    /// The segment's length once repaired.
    pub bytes: u64,
    /// What was cut, if anything.
    pub damage: Option<Damage>,
}

/// Reads every whole record of the segment at `path` and repairs its end (see the
/// module docs); `last` says whether it is the newest segment.
///
/// # Errors
/// The file cannot be read, or the repair cannot be written.
pub fn scan(path: &Path, last: bool) -> io::Result<Scan> {
    let bytes = fs::read(path)?;
    let (records, at, found) = split(&bytes);
    let damage = match found {
        Decoded::End => None,
        Decoded::Torn if last => Some(DamageKind::Torn),
        Decoded::Torn => Some(quarantine(
            path,
            &bytes[at..],
            "torn frame inside an older segment",
        )?),
        Decoded::Corrupt(why) => Some(quarantine(path, &bytes[at..], why)?),
        Decoded::Record(..) => unreachable!("split reads every record"),
    };
    if damage.is_some() {
        let file = OpenOptions::new().write(true).open(path)?;
        file.set_len(at as u64)?;
        file.sync_all()?;
    }
    Ok(Scan {
        records,
        bytes: at as u64,
        damage: damage.map(|kind| Damage {
            segment: path.to_owned(),
            at: at as u64,
            cut: (bytes.len() - at) as u64,
            kind,
        }),
    })
}

/// The whole records at the start of `bytes`, where they end, and what follows them.
pub fn split(bytes: &[u8]) -> (Vec<Record>, usize, Decoded) {
    let (mut records, mut at) = (Vec::new(), 0);
    loop {
        match decode(&bytes[at..]) {
            Decoded::Record(record, len) => {
                records.push(record);
                at += len;
            }
            other => return (records, at, other),
        }
    }
}

/// Copies `rest` to a `.corrupt` file beside `segment` (made durable before the
/// segment is cut) and says so.
fn quarantine(segment: &Path, rest: &[u8], why: &'static str) -> io::Result<DamageKind> {
    let mut quarantine = segment.with_extension("corrupt");
    let mut n = 1;
    while quarantine.exists() {
        quarantine = segment.with_extension(format!("corrupt.{n}"));
        n += 1;
    }
    let mut file = File::create_new(&quarantine)?;
    file.write_all(rest)?;
    file.sync_all()?;
    Ok(DamageKind::Corrupt { why, quarantine })
}
