//! What the log says, in memory: which messages wait, which are out with a consumer,
//! and which segments still hold a message nobody has acked.
//!
//! The index changes only by [`Index::apply`], one record at a time, the same way
//! whether the record was just written or is being read back after a crash: so the
//! index after a restart is, by construction, the index before it, less what was
//! delivered and not acked (delivered again, as a redelivery).

use std::collections::{BTreeMap, VecDeque};

use crate::record::Record;

/// A message in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Its id.
    pub id: u64,
    /// What the producer gave.
    pub payload: Vec<u8>,
    /// How many times it has been delivered, before now and across restarts.
    pub delivered: u32,
}

/// A segment, as the index sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Its sequence number (its file's name).
    pub seq: u64,
    /// The id of the first message it may hold: its `Start` record's.
    pub first_id: u64,
    /// Messages enqueued in it that are not acked yet. At 0 (and not the newest),
    /// nothing in the segment is needed any more.
    pub live: u64,
    /// Its length.
    pub bytes: u64,
}

/// The queue's state; see the module docs.
#[derive(Debug, Default)]
pub struct Index {
    /// Messages enqueued and not delivered (or delivered before a restart, and not
    /// acked), oldest first.
    pub ready: VecDeque<Message>,
    /// Messages delivered and not acked, by id; each counts its deliveries so far.
    pub out: BTreeMap<u64, Message>,
    /// The segments, oldest first; the last is the one being written.
    pub segments: VecDeque<Segment>,
    /// The id the next message gets.
    pub next_id: u64,
}

impl Index {
    /// Applies one record, written to the segment at the back of `segments`.
    pub fn apply(&mut self, record: Record) {
        // exercise 1: apply one record to the index, the same way live and in a replay
        // hint: `Start` and `Enqueue` move `next_id` forward (never back); `Start` also sets the newest segment's `first_id`, `Enqueue` counts a live message in it and queues the message in `ready`.
        // hint: `Deliver` moves the message from `ready` to `out`, counting the delivery; in a replay it may be in `out` already (a process died holding it): count it again there.
        // hint: `Ack` removes the message from `out` (only if it is there: an ack of an unknown id is ignored) and takes one from its segment's `live`: the last segment whose `first_id` is at most the id (`partition_point`).
        match record {
            Record::Start { next_id } => {
                self.next_id = self.next_id.max(next_id);
                if let Some(last) = self.segments.back_mut() {
                    last.first_id = next_id;
                }
            }
            Record::Enqueue { id, payload } => {
                self.next_id = self.next_id.max(id + 1);
                if let Some(last) = self.segments.back_mut() {
                    last.live += 1;
                }
                self.ready.push_back(Message {
                    id,
                    payload,
                    delivered: 0,
                });
            }
            Record::Deliver { id } => {
                // Replaying, a message can be out already: a process that died
                // holding it, whose successor delivered it again. It counts both.
                if let Some(message) = self.out.get_mut(&id) {
                    message.delivered += 1;
                    return;
                }
                // Live, it is the oldest ready message (in a replay, nearly so).
                let at = self.ready.iter().position(|m| m.id == id);
                if let Some(mut message) = at.and_then(|i| self.ready.remove(i)) {
                    message.delivered += 1;
                    self.out.insert(id, message);
                }
            }
            Record::Ack { id } => {
                if self.out.remove(&id).is_some() {
                    let at = self.segments.partition_point(|s| s.first_id <= id);
                    if let Some(segment) = at.checked_sub(1).and_then(|i| self.segments.get_mut(i))
                    {
                        segment.live -= 1;
                    }
                }
            }
        }
        // end of exercise 1
    }

    /// After a restart: every message that was out with a consumer is ready again,
    /// in id order, and will be a redelivery.
    pub fn requeue_out(&mut self) {
        let mut back: Vec<Message> = std::mem::take(&mut self.out).into_values().collect();
        back.extend(self.ready.drain(..));
        back.sort_unstable_by_key(|m| m.id);
        self.ready = back.into();
    }

    /// The oldest segment, if nothing in it is needed any more and it is not the one
    /// being written: the next to remove.
    pub fn removable(&self) -> Option<Segment> {
        let front = *self.segments.front()?;
        (front.live == 0 && self.segments.len() > 1).then_some(front)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replay(records: Vec<Record>) -> Index {
        let mut index = Index::default();
        index.segments.push_back(Segment {
            seq: 1,
            first_id: 1,
            live: 0,
            bytes: 0,
        });
        for record in records {
            index.apply(record);
        }
        index.requeue_out();
        index
    }

    #[test]
    fn every_delivery_counts_across_lives() {
        // Delivered by one process, which died; again by the next, which died too.
        let index = replay(vec![
            Record::Start { next_id: 1 },
            Record::Enqueue {
                id: 1,
                payload: b"a".to_vec(),
            },
            Record::Deliver { id: 1 },
            Record::Deliver { id: 1 },
        ]);
        assert_eq!(index.ready[0].delivered, 2);
    }

    #[test]
    fn an_ack_frees_its_segment_once() {
        let mut index = replay(vec![
            Record::Start { next_id: 1 },
            Record::Enqueue {
                id: 1,
                payload: b"a".to_vec(),
            },
            Record::Deliver { id: 1 },
            Record::Ack { id: 1 },
            Record::Ack { id: 1 },
        ]);
        assert!(index.ready.is_empty() && index.out.is_empty());
        assert_eq!(index.segments[0].live, 0);
        index.segments.push_back(Segment {
            seq: 2,
            first_id: 2,
            live: 0,
            bytes: 0,
        });
        assert_eq!(index.removable().map(|s| s.seq), Some(1));
    }
}
