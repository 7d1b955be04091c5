//! The record decoder never panics, and what it accepts it read exactly: every
//! record it finds re-encodes to the very bytes it was read from.
//!
//! The first byte picks how the rest is used: as a segment's bytes, raw (a checksum
//! guards every frame, so random bytes are almost all `Corrupt`), or as bodies given
//! their length and a valid checksum, so the fuzzer reaches the kinds, ids and
//! lengths behind the checksum.

#![no_main]

use durable::crc::crc32c;
use durable::record::{Decoded, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        framed(rest)
    };
    walk(&bytes);
});

/// Splits `rest` at each 0xFF into bodies, each framed with its length and CRC32C.
fn framed(rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for body in rest.split(|&b| b == 0xFF) {
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&crc32c(body).to_le_bytes());
        out.extend_from_slice(body);
    }
    out
}

/// Decodes record after record, as recovery does, checking each.
fn walk(mut bytes: &[u8]) {
    loop {
        match decode(bytes) {
            Decoded::Record(record, len) => {
                assert!(len > 0 && len <= bytes.len(), "a frame inside the bytes");
                assert_eq!(record.frame(), &bytes[..len], "it re-encodes exactly");
                bytes = &bytes[len..];
            }
            Decoded::End => return,
            Decoded::Torn => {
                assert!(!bytes.is_empty());
                return;
            }
            Decoded::Corrupt(why) => {
                assert!(!why.is_empty());
                return;
            }
        }
    }
}
