//! The quote aggregator's wiring: many producers, one consumer, one channel.
//!
//! ```text
//!  Binance  ─┐
//!  Coinbase ─┼─ sync_channel ─> Aggregator
//!  Kraken   ─┘
//! ```
//!
//! The source document's "multiple producers, single consumer": each exchange is a
//! producer thread with a clone of the one sender (the `mpsc` in the channel's
//! name), the aggregator the one receiver. The same [`stage`](crate::stage) and
//! [`source`](crate::source) code as the pipeline's, in another shape: the channel
//! closes when the last exchange ends, and the aggregator with it.

use std::io::Write;
use std::thread::{Scope, ScopedJoinHandle};

use plumbing::{SpawnError, spawn};

use crate::aggregate::Aggregator;
use crate::control::Event;
use crate::outlet::{Outlet, channels};
use crate::pace::Pace;
use crate::quote::{Exchange, Quote, Quotes};
use crate::run::{Crew, Done};
use crate::source::produce;
use crate::stage::work;
use crate::stats::Outcome;

/// Starts the aggregator, then one producer per exchange (see `run`'s `start` for
/// why the consumer goes first).
pub fn start<'scope, 'env: 'scope, W: Write + Send>(
    s: &'scope Scope<'scope, 'env>,
    crew: Crew<'env, W>,
    handles: &mut Vec<ScopedJoinHandle<'scope, Done>>,
) -> Result<(), SpawnError> {
    let config = crew.config;
    let (quotes, inlets) = channels::<Quote>(1, config.capacity());
    for inlet in inlets {
        handles.push(spawn(s, "aggregate".into(), move || {
            let (_done, me) = crew.hand("Aggregator".into(), Event::ConsumerDone, 1);
            let mut aggregator = Aggregator::default();
            let stats = work(&me, inlet, None::<&Outlet<Quote>>, |quote| {
                (Some(quote), aggregator.see(quote))
            });
            (1, stats, Some(Outcome::Quotes(aggregator)))
        })?);
    }
    for exchange in Exchange::ALL {
        let outlet = quotes.clone();
        let (seed, n, rate) = (config.seed, config.ticks, config.rate);
        handles.push(spawn(s, exchange.to_string().to_lowercase(), move || {
            let (_done, me) = crew.hand(exchange.to_string(), Event::ProducerDone, 0);
            let stream = Quotes::new(seed, exchange);
            (
                0,
                produce(&me, stream, n, Pace::new(rate), outlet, Quote::said),
                None,
            )
        })?);
    }
    Ok(())
}
