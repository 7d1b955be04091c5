//! How items travel between stages: bounded channels, routed by symbol.
//!
//! A stage with several workers gives each its own `sync_channel`, and whoever feeds
//! the stage sends each item to the channel of worker `symbol % workers`. So every
//! item of a symbol passes through the same worker at every stage, and a channel
//! keeps each sender's items in order: **each symbol's items stay in order** from the
//! source to the executor, however the workers interleave. The workers of a stage all
//! send into the next stage's channels, which merges their outputs back.
//!
//! The channels are `sync_channel(capacity)`: a stage that runs ahead blocks in
//! `send` until the next one takes something, so no channel ever holds more than its
//! capacity, and a slow stage slows everything before it rather than letting its
//! input grow.

use std::fmt;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

use crate::enrich::Enriched;
use crate::market::Tick;
use crate::quote::{Exchange, Quote};
use crate::risk::Order;
use crate::signal::Signal;

/// An item that travels between stages.
pub trait Item: Send {
    /// What decides the worker it goes to: its symbol, for the pipeline's items.
    fn key(&self) -> usize;
    /// What the transcript calls it: `tick 7`.
    fn label(&self) -> Label;
}

/// An item's name in the transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// `tick 7`: a tick, or what a stage made of it.
    Tick(u64),
    /// `Binance quote 3`: an exchange's quote (the quote aggregator).
    Quote(Exchange, u64),
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tick(seq) => write!(f, "tick {seq}"),
            Self::Quote(exchange, seq) => write!(f, "{exchange} quote {seq}"),
        }
    }
}

// A tick, and what each stage makes of it, is keyed by its symbol and named by the tick.
impl Item for Tick {
    fn key(&self) -> usize {
        self.symbol.0
    }
    fn label(&self) -> Label {
        Label::Tick(self.seq)
    }
}

impl Item for Enriched {
    fn key(&self) -> usize {
        self.tick.key()
    }
    fn label(&self) -> Label {
        self.tick.label()
    }
}

impl Item for Signal {
    fn key(&self) -> usize {
        self.from.tick.key()
    }
    fn label(&self) -> Label {
        self.from.tick.label()
    }
}

impl Item for Order {
    fn key(&self) -> usize {
        self.signal.key()
    }
    fn label(&self) -> Label {
        self.signal.label()
    }
}

impl Item for Quote {
    fn key(&self) -> usize {
        self.exchange as usize
    }
    fn label(&self) -> Label {
        Label::Quote(self.exchange, self.seq)
    }
}

/// The sending side of a stage's input: one bounded channel per worker.
#[derive(Debug)]
pub struct Outlet<T> {
    senders: Vec<SyncSender<T>>,
}

// Derived `Clone` would ask for `T: Clone`; a sender clones whatever it carries.
impl<T> Clone for Outlet<T> {
    fn clone(&self) -> Self {
        Self {
            senders: self.senders.clone(),
        }
    }
}

/// The channels into a stage of `workers` workers, each holding at most `capacity`
/// items: the outlet that feeds them, and each worker's receiver.
pub fn channels<T>(workers: usize, capacity: usize) -> (Outlet<T>, Vec<Receiver<T>>) {
    let (senders, receivers) = (0..workers).map(|_| sync_channel(capacity)).unzip();
    (Outlet { senders }, receivers)
}

impl<T: Item> Outlet<T> {
    /// Which worker `item` goes to.
    pub fn worker_of(&self, item: &T) -> usize {
        item.key() % self.senders.len()
    }

    /// Sends `item` to its worker, waiting while that worker's channel is full; adds
    /// the time spent waiting to `waited`. Gives the item back if the worker is gone
    /// (it panicked, or it stopped).
    pub fn send(&self, item: T, waited: &mut Duration) -> Result<(), T> {
        // exercise 1: send an item to the worker that owns its symbol
        // hint: the worker is `self.worker_of(&item)`: the same one for every item of a symbol, which is what keeps each symbol in order.
        // hint: `try_send` first: most sends find room and need no clock; on `Full`, time a blocking `send` and add it to `waited`.
        // hint: a disconnected channel (on `try_send` or `send`) gives the item back: `Err(item)`.
        let sender = &self.senders[self.worker_of(&item)];
        // The clock is read only when the channel is full: most sends never wait.
        match sender.try_send(item) {
            Ok(()) => Ok(()),
            Err(TrySendError::Disconnected(item)) => Err(item),
            Err(TrySendError::Full(item)) => {
                let started = Instant::now();
                let sent = sender.send(item).map_err(|e| e.0);
                *waited += started.elapsed();
                sent
            }
        }
        // end of exercise 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::Market;

    #[test]
    fn a_symbol_always_goes_to_the_same_worker_in_order() {
        let (outlet, inlets) = channels::<Tick>(2, 100);
        let mut waited = Duration::ZERO;
        let ticks: Vec<Tick> = Market::new(3, 5).take(60).collect();
        for &tick in &ticks {
            outlet
                .send(tick, &mut waited)
                .expect("both workers are there");
        }
        drop(outlet);
        for (worker, inlet) in inlets.iter().enumerate() {
            let got: Vec<Tick> = inlet.iter().collect();
            let expected: Vec<Tick> = ticks
                .iter()
                .filter(|t| t.symbol.0 % 2 == worker)
                .copied()
                .collect();
            assert_eq!(got, expected, "worker {worker}");
        }
        assert_eq!(waited, Duration::ZERO, "never full");
    }

    #[test]
    fn a_send_to_a_worker_that_is_gone_gives_the_item_back() {
        let (outlet, inlets) = channels::<Tick>(1, 1);
        drop(inlets);
        let tick = Market::new(1, 1).next().expect("endless");
        let mut waited = Duration::ZERO;
        assert_eq!(outlet.send(tick, &mut waited), Err(tick));
    }
}
