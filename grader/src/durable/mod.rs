//! Pass 09's transcript: its lines ([`line`](mod@line)) and its contract
//! ([`check`](mod@check)), for one run or for a history of runs on one queue with
//! kills between them; the crash campaign that makes such histories ([`crash`]).
//!
//! A durable queue's story spans processes: what one run enqueues, a later one may
//! deliver, and a killed run's last words are missing. So the checker keeps a
//! [`History`] across runs, and judges each duplicate by whether it was announced as
//! a redelivery.

pub mod check;
pub mod crash;
pub mod line;

pub use check::{Ending, Fault, History, Report, Rule, check};
pub use line::DurableLine;
