//! What a full buffer does with one more item: `--overflow`.
//!
//! Blocking the producer is backpressure: the producer slows to the consumers' pace
//! and nothing is lost. The other three keep producers running at the cost of work:
//! every item refused or shed is handed back to the producer, which reports it by id,
//! and counted in the summary. Nothing leaves silently.

use std::fmt;

use clap::ValueEnum;

use crate::store::{Slot, Store};

/// The overflow policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Overflow {
    /// The producer waits for room (backpressure, as `sync_channel`).
    Block,
    /// The new item is refused.
    Reject,
    /// The oldest waiting item is shed to make room.
    DropOldest,
    /// The lowest priority item, the new one included, is shed; among equals the
    /// newest, so what waited longest is kept.
    DropLowest,
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Block => "block",
            Self::Reject => "reject",
            Self::DropOldest => "drop-oldest",
            Self::DropLowest => "drop-lowest",
        })
    }
}

impl Overflow {
    /// Puts `incoming` into the full `store` by this policy; returns what was left
    /// out (`incoming` itself when it is refused), or `None` under [`Overflow::Block`],
    /// which never stores into a full buffer.
    pub fn apply<T>(self, store: &mut Store<T>, incoming: Slot<T>) -> Option<Slot<T>> {
        match self {
            Self::Block => None,
            Self::Reject => Some(incoming),
            Self::DropOldest => {
                store.push(incoming);
                store.remove_oldest()
            }
            Self::DropLowest => {
                if store
                    .lowest_priority()
                    .is_none_or(|lowest| incoming.priority <= lowest)
                {
                    return Some(incoming);
                }
                let shed = store.remove_lowest();
                store.push(incoming);
                shed
            }
        }
    }

    /// Whether priorities matter to this policy.
    pub fn uses_priority(self) -> bool {
        self == Self::DropLowest
    }
}
