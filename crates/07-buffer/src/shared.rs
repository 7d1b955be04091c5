//! What every worker of a run shares, borrowed from `run` (the threads are scoped).

use std::sync::atomic::AtomicU64;

use plumbing::Log;

use crate::Config;
use crate::buffer::Buffer;
use crate::control::Control;
use crate::shutdown::Shutdown;
use crate::task::Task;

/// The run's shared state, as seen by a producer or a consumer.
pub struct Shared<'a, W> {
    /// The run's flags.
    pub config: &'a Config,
    /// The buffer between producers and consumers, in place of pass 03's channel.
    pub buffer: &'a Buffer<Task>,
    /// The transcript.
    pub log: &'a Log<W>,
    /// The phase: workers check it between tasks.
    pub shutdown: &'a Shutdown,
    /// Where a consumer reports that `--stop-after` was reached.
    pub control: &'a Control,
    /// Tasks processed so far, for `--stop-after` (counted by pass 03's
    /// [`reached_limit`](shutdown::shared::reached_limit)).
    pub processed: &'a AtomicU64,
}
