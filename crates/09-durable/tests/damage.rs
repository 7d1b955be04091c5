//! Property tests of recovery: a queue's segment files cut at random lengths, or with
//! random bytes changed, never make opening it panic, and never make it deliver a
//! message that was not enqueued, or one with other contents. Every change is found
//! and reported, and the repair holds: a second open finds nothing more to repair.
//!
//! The cases are drawn from a fixed seed, so a failure replays; the case number is in
//! the message.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use durable::fsync::Fsync;
use durable::segment::DamageKind;
use durable::{Options, Queue};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use tempfile::TempDir;

const OPTIONS: Options = Options {
    fsync: Fsync::Never,
    segment_bytes: 300,
};

/// A queue that has seen some of everything: messages acked, out, waiting, over
/// several segments. Returns its files' contents and every payload by id.
/// Segment files by name, and their contents.
type Files = Vec<(PathBuf, Vec<u8>)>;

fn original() -> (Files, BTreeMap<u64, Vec<u8>>) {
    let dir = TempDir::new().unwrap();
    let mut payloads = BTreeMap::new();
    {
        let (queue, _) = Queue::open(dir.path(), OPTIONS).unwrap();
        for i in 0..30u64 {
            let payload = format!("message {i} {}", "x".repeat(i as usize % 7)).into_bytes();
            let id = queue.enqueue(&payload).unwrap();
            payloads.insert(id, payload);
            if i % 3 == 2 {
                let delivery = queue.try_dequeue().unwrap().unwrap();
                if i % 2 == 0 {
                    queue.ack(delivery.id).unwrap();
                }
            }
        }
    }
    let mut files: Files = durable::segment::list(dir.path())
        .unwrap()
        .into_iter()
        .map(|(_, path)| {
            let name = PathBuf::from(path.file_name().unwrap());
            (name, fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the test wants several segments");
    (files, payloads)
}

/// Opens a queue written from `files` and drains it: what it delivers, by id.
fn reopen(dir: &TempDir) -> (durable::recover::Recovery, BTreeMap<u64, Vec<u8>>) {
    let (queue, recovered) = Queue::open(dir.path(), OPTIONS).expect("recovery never fails");
    let mut delivered = BTreeMap::new();
    while let Some(d) = queue.try_dequeue().unwrap() {
        assert!(
            delivered.insert(d.id, d.payload).is_none(),
            "delivered twice"
        );
    }
    (recovered, delivered)
}

#[test]
fn cuts_and_flipped_bytes_never_panic_nor_invent_messages() {
    let (files, payloads) = original();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    for case in 0..400 {
        let dir = TempDir::new().unwrap();
        let victim = rng.random_range(0..files.len());
        let flip = rng.random_bool(0.5);
        let mut changed = false;
        let mut cut_at = None;
        for (i, (name, bytes)) in files.iter().enumerate() {
            let mut bytes = bytes.clone();
            if i == victim {
                if flip {
                    let at = rng.random_range(0..bytes.len());
                    bytes[at] ^= rng.random_range(1..=255u8);
                    changed = true;
                } else {
                    let cut = rng.random_range(0..bytes.len());
                    cut_at = Some(cut);
                    changed = durable::segment::split(&bytes[..cut]).1 != cut;
                    bytes.truncate(cut);
                }
            }
            fs::write(dir.path().join(name), bytes).unwrap();
        }
        let (recovered, delivered) = reopen(&dir);
        for (id, payload) in &delivered {
            assert_eq!(payloads.get(id), Some(payload), "case {case}: message {id}");
        }
        // A changed byte is always caught (CRC32C catches every burst of up to 32
        // bits); a cut is caught unless it falls between two records.
        assert_eq!(
            !recovered.damage.is_empty(),
            changed,
            "case {case}: {recovered:?}"
        );
        if let Some(cut) = cut_at.filter(|_| changed) {
            // A cut of the last segment is a torn tail; of an older one, damage. Either
            // way the segment ends at its last whole record, and the rest is counted
            // (and, if quarantined, kept).
            let last = victim == files.len() - 1;
            let torn_only = recovered.damage.iter().all(|d| d.kind == DamageKind::Torn);
            assert_eq!(torn_only, last, "case {case}: {recovered:?}");
            let at = durable::segment::split(&files[victim].1[..cut]).1 as u64;
            let damage = &recovered.damage[0];
            assert_eq!(
                (damage.at, damage.cut),
                (at, cut as u64 - at),
                "case {case}"
            );
            if let DamageKind::Corrupt { quarantine, .. } = &damage.kind {
                assert_eq!(fs::metadata(quarantine).unwrap().len(), damage.cut);
            }
        }
        let (again, delivered_again) = reopen(&dir);
        assert!(
            again.damage.is_empty(),
            "case {case}: repaired twice: {again:?}"
        );
        // The first reopen delivered (not acked) everything: all of it comes back.
        assert_eq!(delivered_again, delivered, "case {case}");
    }
}

#[test]
fn a_torn_tail_keeps_every_whole_record_before_it() {
    let (files, payloads) = original();
    let (last_name, last) = files.last().unwrap().clone();
    // Every cut of the last segment: the messages before the cut are all there.
    let full = {
        let dir = TempDir::new().unwrap();
        for (name, bytes) in &files {
            fs::write(dir.path().join(name), bytes).unwrap();
        }
        reopen(&dir).1
    };
    for cut in 0..last.len() {
        let dir = TempDir::new().unwrap();
        for (name, bytes) in &files[..files.len() - 1] {
            fs::write(dir.path().join(name), bytes).unwrap();
        }
        fs::write(dir.path().join(&last_name), &last[..cut]).unwrap();
        let (_, delivered) = reopen(&dir);
        let kept = durable::segment::split(&last[..cut]).0;
        for record in kept {
            if let durable::record::Record::Enqueue { id, .. } = record
                && full.contains_key(&id)
            {
                assert_eq!(
                    delivered.get(&id),
                    payloads.get(&id),
                    "cut {cut}: message {id}"
                );
            }
        }
    }
}

#[test]
fn each_quarantine_gets_a_file_of_its_own() {
    let dir = TempDir::new().unwrap();
    {
        let (queue, _) = Queue::open(dir.path(), OPTIONS).unwrap();
        queue.enqueue(b"kept").unwrap();
    }
    let segment = durable::segment::list(dir.path()).unwrap().pop().unwrap().1;
    // A whole frame with a wrong checksum, appended three times, a reopen after each.
    let mut bogus = durable::record::Record::Ack { id: 1 }.frame();
    bogus[4] ^= 0xFF;
    let mut names = Vec::new();
    for _ in 0..3 {
        let mut bytes = fs::read(&segment).unwrap();
        bytes.extend_from_slice(&bogus);
        fs::write(&segment, bytes).unwrap();
        let (recovered, _) = reopen(&dir);
        let [damage] = &recovered.damage[..] else {
            panic!("{recovered:?}");
        };
        let DamageKind::Corrupt { why, quarantine } = &damage.kind else {
            panic!("{damage:?}");
        };
        assert_eq!(
            (*why, damage.cut),
            ("checksum mismatch", bogus.len() as u64)
        );
        assert_eq!(fs::read(quarantine).unwrap(), bogus);
        names.push(quarantine.clone());
    }
    let names: Vec<&str> = names
        .iter()
        .filter_map(|n| n.file_name()?.to_str())
        .collect();
    assert_eq!(
        names,
        [
            "00000001.corrupt",
            "00000001.corrupt.1",
            "00000001.corrupt.2"
        ]
    );
}
