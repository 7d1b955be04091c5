//! A lane: a queue, what opening it found, and the consumers that serve it. A run has
//! one, or, with `--priority HIGH,LOW`, the source document's two priority groups:
//! each its own queue (`DIR/high`, `DIR/low`), its own producers, and its own number
//! of consumers, so that a flood of low-priority work cannot slow the high.

use std::path::PathBuf;

use crate::error::OpenError;
use crate::gate::Gate;
use crate::queue::Queue;
use crate::recover::Recovery;
use crate::{Config, monitor};

/// A queue and its consumers; see the module docs.
#[derive(Debug)]
pub struct Lane {
    /// `None` for a run's only lane; `high` or `low` for a priority group.
    pub name: Option<&'static str>,
    /// The queue.
    pub queue: Queue,
    /// What opening it found.
    pub recovered: Recovery,
    /// Its consumer threads.
    pub consumers: u32,
    /// How many of them are at work: all, unless `--scale-per` moves it.
    pub gate: Gate,
}

impl Lane {
    /// Opens the lanes `config` asks for, recovering what earlier runs left.
    ///
    /// # Errors
    /// A queue could not be opened: see [`OpenError`].
    pub fn open_all(config: &Config) -> Result<Vec<Self>, OpenError> {
        let plan: Vec<(Option<&'static str>, PathBuf, u32)> = match config.priority {
            None => vec![(None, config.dir.clone(), config.consumers)],
            Some(pair) => vec![
                (Some("high"), config.dir.join("high"), pair.0),
                (Some("low"), config.dir.join("low"), pair.1),
            ],
        };
        plan.into_iter()
            .map(|(name, dir, consumers)| {
                let (queue, recovered) = Queue::open(&dir, config.options())?;
                // Scaled lanes start with the consumers what they found calls for.
                let active = config.scale_per.map_or(consumers, |per| {
                    monitor::wanted(recovered.pending, per, consumers)
                });
                Ok(Self {
                    name,
                    queue,
                    recovered,
                    consumers,
                    gate: Gate::new(active),
                })
            })
            .collect()
    }

    /// What its transcript lines begin with: nothing, or `[high] `.
    pub fn tag(&self) -> String {
        tag(self.name)
    }
}

/// What a lane named `name` begins its transcript lines with: nothing for a run's
/// only lane, `[high] ` for a priority group.
pub fn tag(name: Option<&str>) -> String {
    name.map_or_else(String::new, |name| format!("[{name}] "))
}
