//! A record of the log, and its frame on disk.
//!
//! ```text
//!  ┌──────────────┬──────────────┬──────┬─────────────┬───────────────────┐
//!  │ length: u32  │ crc32c: u32  │ kind │ id: u64     │ payload (enqueue) │
//!  └──────────────┴──────────────┴──────┴─────────────┴───────────────────┘
//!    little-endian; the length and the checksum cover the body (kind, id, payload)
//! ```
//!
//! Everything the queue does is a record appended to the log: a segment's start, a
//! message enqueued, a delivery, an ack. The queue's state is what replaying them in
//! order gives, so the state after a crash is the state after the last whole record.
//!
//! [`decode`] never panics, whatever the bytes: a frame that runs past the end of the
//! file is [`Decoded::Torn`] (a write the crash cut short), and one whose checksum or
//! contents are wrong is [`Decoded::Corrupt`].

use crate::crc::crc32c;

/// Bytes before the body: the length and the checksum.
pub const HEADER: usize = 8;

/// The largest body a frame may claim. A length above it is damage, not a record:
/// without this bound one flipped bit in a length could make the reader wait for
/// gigabytes that will never come.
pub const MAX_BODY: usize = 1 << 20;

/// The largest payload a message may carry: the body less its kind and id.
pub const MAX_PAYLOAD: usize = MAX_BODY - 9;

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// The first record of every segment: the id the next message will get. It keeps
    /// ids growing after every older segment has been removed, so an id is never
    /// given twice.
    Start {
        /// The next message's id when the segment was created.
        next_id: u64,
    },
    /// A message was enqueued.
    Enqueue {
        /// Its id: one more than the message before it.
        id: u64,
        /// What the producer gave.
        payload: Vec<u8>,
    },
    /// A message was handed to a consumer. Counted on recovery, so that a message
    /// delivered before a crash is marked a redelivery after it.
    Deliver {
        /// The message's id.
        id: u64,
    },
    /// A consumer has processed a message: it is never delivered again.
    Ack {
        /// The message's id.
        id: u64,
    },
}

/// What [`decode`] found at the start of some bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A whole record, and the length of its frame.
    Record(Record, usize),
    /// No bytes at all: the clean end of a segment.
    End,
    /// A frame that runs past the end of the bytes: a write cut short.
    Torn,
    /// A whole frame that is not a record: a wrong checksum, an impossible length or
    /// kind. What follows it cannot be trusted to start on a frame boundary.
    Corrupt(&'static str),
}

const START: u8 = 0;
const ENQUEUE: u8 = 1;
const DELIVER: u8 = 2;
const ACK: u8 = 3;

impl Record {
    /// Appends this record's frame to `out`.
    ///
    /// # Panics
    /// If an enqueue's payload is larger than [`MAX_PAYLOAD`]; the queue refuses such
    /// payloads before they get here.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let (kind, id, payload): (u8, u64, &[u8]) = match self {
            Self::Start { next_id } => (START, *next_id, &[]),
            Self::Enqueue { id, payload } => (ENQUEUE, *id, payload),
            Self::Deliver { id } => (DELIVER, *id, &[]),
            Self::Ack { id } => (ACK, *id, &[]),
        };
        assert!(payload.len() <= MAX_PAYLOAD, "payload too large");
        let at = out.len();
        out.extend_from_slice(&[0; HEADER]);
        out.push(kind);
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(payload);
        let body = &out[at + HEADER..];
        let (len, crc) = (body.len() as u32, crc32c(body));
        out[at..at + 4].copy_from_slice(&len.to_le_bytes());
        out[at + 4..at + 8].copy_from_slice(&crc.to_le_bytes());
    }

    /// This record's frame.
    pub fn frame(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

/// Reads the record at the start of `bytes`.
pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return Decoded::End;
    }
    let Some((header, rest)) = bytes.split_first_chunk::<HEADER>() else {
        return Decoded::Torn;
    };
    let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]) as usize;
    let crc = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
    if !(9..=MAX_BODY).contains(&len) {
        return Decoded::Corrupt("impossible length");
    }
    let Some(body) = rest.get(..len) else {
        return Decoded::Torn;
    };
    if crc32c(body) != crc {
        return Decoded::Corrupt("checksum mismatch");
    }
    let (kind, id, payload) = (body[0], &body[1..9], &body[9..]);
    let id = u64::from_le_bytes(id.try_into().unwrap_or_default());
    let record = match (kind, payload.is_empty()) {
        (START, true) => Record::Start { next_id: id },
        (ENQUEUE, _) => Record::Enqueue {
            id,
            payload: payload.to_vec(),
        },
        (DELIVER, true) => Record::Deliver { id },
        (ACK, true) => Record::Ack { id },
        _ => return Decoded::Corrupt("unknown kind"),
    };
    Decoded::Record(record, HEADER + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Vec<Record> {
        vec![
            Record::Start { next_id: 1 },
            Record::Enqueue {
                id: 1,
                payload: b"Message from Producer 0: #0".to_vec(),
            },
            Record::Enqueue {
                id: 2,
                payload: Vec::new(),
            },
            Record::Deliver { id: 1 },
            Record::Ack { id: u64::MAX },
        ]
    }

    #[test]
    fn every_record_round_trips() {
        for record in records() {
            let frame = record.frame();
            assert_eq!(decode(&frame), Decoded::Record(record, frame.len()));
        }
    }

    #[test]
    fn the_largest_payload_fills_the_largest_body() {
        let record = Record::Enqueue {
            id: 1,
            payload: vec![7; MAX_PAYLOAD],
        };
        let frame = record.frame();
        assert_eq!(frame.len(), HEADER + MAX_BODY);
        assert_eq!(decode(&frame), Decoded::Record(record, HEADER + MAX_BODY));
    }

    #[test]
    fn a_frame_cut_anywhere_is_torn() {
        let frame = records()[1].frame();
        assert_eq!(decode(&frame[..0]), Decoded::End);
        for cut in 1..frame.len() {
            assert_eq!(decode(&frame[..cut]), Decoded::Torn, "cut at {cut}");
        }
    }

    #[test]
    fn any_flipped_bit_is_caught() {
        let frame = records()[1].frame();
        for bit in 0..frame.len() * 8 {
            let mut bytes = frame.clone();
            bytes[bit / 8] ^= 1 << (bit % 8);
            // A flip in the length may also make the frame look longer than the
            // bytes (torn): never a record.
            assert!(
                !matches!(decode(&bytes), Decoded::Record(..)),
                "bit {bit} went unnoticed"
            );
        }
    }

    #[test]
    fn impossible_lengths_and_kinds_are_corrupt() {
        let mut frame = records()[0].frame();
        frame[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&frame), Decoded::Corrupt("impossible length"));
        let mut body = vec![9u8];
        body.extend_from_slice(&7u64.to_le_bytes());
        let mut frame = (body.len() as u32).to_le_bytes().to_vec();
        frame.extend_from_slice(&crc32c(&body).to_le_bytes());
        frame.extend_from_slice(&body);
        assert_eq!(decode(&frame), Decoded::Corrupt("unknown kind"));
    }
}
