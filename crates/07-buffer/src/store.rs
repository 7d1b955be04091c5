//! Where the buffer keeps its items, in the order its strategy takes them out.
//!
//! No locking here: the [`Buffer`](crate::buffer::Buffer) holds its lock around every
//! call. What this module decides is only *which* item goes next, and which one a full
//! buffer sheds.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;

use clap::ValueEnum;

/// Which waiting item a take gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Strategy {
    /// First in, first out: the oldest item.
    Fifo,
    /// Last in, first out: the newest item.
    Lifo,
    /// The highest priority; among equals, the oldest.
    Priority,
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Fifo => "fifo",
            Self::Lifo => "lifo",
            Self::Priority => "priority",
        })
    }
}

/// One item in the buffer, with what the strategies order it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot<T> {
    /// What was put.
    pub item: T,
    /// The buffer's event number of the put that stored it: puts and takes share one
    /// counter, so stamps order every event on the buffer (see `buffer`).
    pub stamp: u64,
    /// Higher goes first under [`Strategy::Priority`]; lower is shed first under
    /// `drop-lowest`.
    pub priority: u32,
}

impl<T> Slot<T> {
    /// How the priority strategy ranks it: higher priority first, then older first.
    fn rank(&self) -> (u32, Reverse<u64>) {
        (self.priority, Reverse(self.stamp))
    }
}

/// A slot ordered by its rank (higher priority, then older, first), for the max-heap.
#[derive(Debug)]
pub struct Ranked<T>(Slot<T>);

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.rank() == other.0.rank()
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.rank().cmp(&other.0.rank())
    }
}

/// The items, kept the way the strategy takes them: a deque in put order for FIFO
/// and LIFO (take at the front or the back, O(1)), a binary heap for priority
/// (O(log n)). Shedding is the rare path and may scan (O(n)).
#[derive(Debug)]
pub enum Store<T> {
    /// FIFO or LIFO, in put order.
    Deque(VecDeque<Slot<T>>, Strategy),
    /// Priority.
    Heap(BinaryHeap<Ranked<T>>),
}

impl<T> Store<T> {
    /// An empty store for `strategy`.
    pub fn new(strategy: Strategy) -> Self {
        match strategy {
            Strategy::Priority => Self::Heap(BinaryHeap::new()),
            fifo_or_lifo => Self::Deque(VecDeque::new(), fifo_or_lifo),
        }
    }

    /// How many items wait.
    pub fn len(&self) -> usize {
        match self {
            Self::Deque(deque, _) => deque.len(),
            Self::Heap(heap) => heap.len(),
        }
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stores `slot`.
    pub fn push(&mut self, slot: Slot<T>) {
        match self {
            Self::Deque(deque, _) => deque.push_back(slot),
            Self::Heap(heap) => heap.push(Ranked(slot)),
        }
    }

    /// Takes the item the strategy says goes next.
    pub fn pop(&mut self) -> Option<Slot<T>> {
        match self {
            Self::Deque(deque, Strategy::Lifo) => deque.pop_back(),
            Self::Deque(deque, _) => deque.pop_front(),
            Self::Heap(heap) => heap.pop().map(|r| r.0),
        }
    }

    /// Removes and returns the oldest item (the lowest stamp).
    pub fn remove_oldest(&mut self) -> Option<Slot<T>> {
        match self {
            // Put order: the oldest is at the front whatever end takes.
            Self::Deque(deque, _) => deque.pop_front(),
            Self::Heap(heap) => remove_min_by_key(heap, |s| s.stamp),
        }
    }

    /// Removes and returns the lowest priority item; among equals, the newest (so
    /// that what waited longest is kept).
    pub fn remove_lowest(&mut self) -> Option<Slot<T>> {
        let key = |s: &Slot<T>| (s.priority, Reverse(s.stamp));
        match self {
            Self::Deque(deque, _) => {
                let at = (0..deque.len()).min_by_key(|&i| key(&deque[i]))?;
                deque.remove(at)
            }
            Self::Heap(heap) => remove_min_by_key(heap, key),
        }
    }

    /// The lowest priority waiting, if any (ties do not matter here).
    pub fn lowest_priority(&self) -> Option<u32> {
        match self {
            Self::Deque(deque, _) => deque.iter().map(|s| s.priority).min(),
            Self::Heap(heap) => heap.iter().map(|r| r.0.priority).min(),
        }
    }
}

/// Removes the heap's item with the smallest `key`: O(n), the heap is rebuilt.
fn remove_min_by_key<T, K: Ord>(
    heap: &mut BinaryHeap<Ranked<T>>,
    key: impl Fn(&Slot<T>) -> K,
) -> Option<Slot<T>> {
    let mut items = std::mem::take(heap).into_vec();
    let at = (0..items.len()).min_by_key(|&i| key(&items[i].0))?;
    let removed = items.swap_remove(at).0;
    *heap = BinaryHeap::from(items);
    Some(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(strategy: Strategy, priorities: &[u32]) -> Store<usize> {
        let mut store = Store::new(strategy);
        for (i, &priority) in priorities.iter().enumerate() {
            store.push(Slot {
                item: i,
                stamp: i as u64,
                priority,
            });
        }
        store
    }

    fn drain(mut store: Store<usize>) -> Vec<usize> {
        std::iter::from_fn(|| store.pop().map(|s| s.item)).collect()
    }

    #[test]
    fn each_strategy_takes_in_its_order() {
        let priorities = [1, 5, 3, 5, 0];
        assert_eq!(drain(filled(Strategy::Fifo, &priorities)), [0, 1, 2, 3, 4]);
        assert_eq!(drain(filled(Strategy::Lifo, &priorities)), [4, 3, 2, 1, 0]);
        // Highest first; the two 5s in arrival order.
        assert_eq!(
            drain(filled(Strategy::Priority, &priorities)),
            [1, 3, 2, 0, 4]
        );
    }

    #[test]
    fn shedding_takes_the_oldest_or_the_newest_of_the_lowest() {
        for strategy in [Strategy::Fifo, Strategy::Lifo, Strategy::Priority] {
            let mut store = filled(strategy, &[2, 0, 3, 0]);
            assert_eq!(store.remove_oldest().map(|s| s.item), Some(0), "{strategy}");
            assert_eq!(store.lowest_priority(), Some(0));
            assert_eq!(store.remove_lowest().map(|s| s.item), Some(3), "{strategy}");
            assert_eq!(store.remove_lowest().map(|s| s.item), Some(1), "{strategy}");
            assert_eq!(store.len(), 1);
        }
    }
}
