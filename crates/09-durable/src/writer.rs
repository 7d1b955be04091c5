//! The segment being written: appends whole frames and fsyncs them by the policy.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::fsync::Fsync;
use crate::record::Record;
use crate::segment;

/// The newest segment, open for appending.
#[derive(Debug)]
pub struct Writer {
    dir: PathBuf,
    file: File,
    /// Its sequence number.
    pub seq: u64,
    /// Its length: every frame appended so far, all whole.
    pub bytes: u64,
    policy: Fsync,
    /// When the last fsync ran, for `Fsync::Every`.
    synced: Instant,
    /// Fsyncs of this segment so far: what the policy costs, in the queue's stats.
    pub syncs: u64,
    /// A write failed and its partial frame could not be cut off: appending after it
    /// would bury good records behind a bad one, so nothing more is appended.
    broken: bool,
}

impl Writer {
    /// Opens segment `seq` of `dir`, `bytes` long, to append to it.
    ///
    /// # Errors
    /// The file cannot be opened.
    pub fn open(dir: &Path, seq: u64, bytes: u64, policy: Fsync) -> io::Result<Self> {
        let file = OpenOptions::new()
            .append(true)
            .open(dir.join(segment::name(seq)))?;
        Ok(Self {
            dir: dir.to_owned(),
            file,
            seq,
            bytes,
            policy,
            synced: Instant::now(),
            syncs: 0,
            broken: false,
        })
    }

    /// Creates segment `seq` in `dir`, its `Start` record saying `next_id`, and opens
    /// it. The folder is fsynced too (unless the policy is `never`): a segment whose
    /// name the disk lost would take its records with it.
    ///
    /// # Errors
    /// The file cannot be created or written.
    pub fn create(dir: &Path, seq: u64, next_id: u64, policy: Fsync) -> io::Result<Self> {
        File::create_new(dir.join(segment::name(seq)))?;
        let mut writer = Self::open(dir, seq, 0, policy)?;
        writer.append(&Record::Start { next_id }.frame())?;
        if policy != Fsync::Never {
            sync_dir(dir)?;
        }
        Ok(writer)
    }

    /// Appends `frames` (whole frames, one `write`) and fsyncs them if the policy
    /// says so now. After a failed write nothing of them stays in the segment; after
    /// a failed fsync nothing more is appended.
    ///
    /// # Errors
    /// The write or the fsync failed.
    pub fn append(&mut self, frames: &[u8]) -> io::Result<()> {
        if self.broken {
            return Err(io::Error::other(
                "an earlier write failed; the log is closed",
            ));
        }
        if let Err(error) = self.file.write_all(frames) {
            // Cut the partial frame off, so the next append starts on a boundary.
            self.broken = self.file.set_len(self.bytes).is_err();
            return Err(error);
        }
        if let Err(error) = self.sync_by_policy() {
            // After a failed fsync the kernel may have dropped the pages it could not
            // write: what is on the disk is unknown, and a later fsync that succeeds
            // would not say so (PostgreSQL's "fsyncgate"). Stop appending.
            self.broken = true;
            return Err(error);
        }
        self.bytes += frames.len() as u64;
        Ok(())
    }

    fn sync_by_policy(&mut self) -> io::Result<()> {
        let due = match self.policy {
            Fsync::Always => true,
            Fsync::Every(period) => self.synced.elapsed() >= period,
            Fsync::Never => false,
        };
        if due {
            self.sync()?;
        }
        Ok(())
    }

    /// Fsyncs what was written (`fdatasync`: the data and the length, not the
    /// timestamps).
    ///
    /// # Errors
    /// The fsync failed.
    pub fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()?;
        self.synced = Instant::now();
        self.syncs += 1;
        Ok(())
    }

    /// The folder the segments are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Fsyncs a folder: makes its entries (files created, removed) durable.
///
/// # Errors
/// The folder cannot be opened or synced.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}
