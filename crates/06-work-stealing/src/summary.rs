//! The outcome of a run: pass 05's summary, and the steals.

use std::io::Write;

use plumbing::{Log, count};

use crate::local::Steals;

/// The outcome of a whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Everything pass 05 counts: every task's outcome, the workers' failures, the
    /// accounting that must hold, the exit status.
    pub base: errors::Summary,
    /// The steals of each consumer (with its replacements), by index.
    pub steals: Vec<Steals>,
    /// Whether consumers stole (off with `--no-steal`).
    pub stealing: bool,
}

/// A pass 06 summary is a pass 05 summary and more: `summary.exit_code()` is pass 05's.
impl std::ops::Deref for Summary {
    type Target = errors::Summary;

    fn deref(&self) -> &errors::Summary {
        &self.base
    }
}

impl Summary {
    /// Steals, and tasks stolen, over all consumers.
    pub fn total_steals(&self) -> Steals {
        self.steals.iter().fold(Steals::default(), |sum, s| Steals {
            steals: sum.steals + s.steals,
            tasks: sum.tasks + s.tasks,
        })
    }

    /// This pass's lines at the end of the summary: the steals, and what each
    /// consumer did.
    pub fn report<W: Write>(&self, log: &Log<W>) {
        if self.stealing {
            let Steals { steals, tasks } = self.total_steals();
            log.line(format_args!("Steals: {steals} ({})", count(tasks, "task")));
        } else {
            log.line(format_args!("Steals: off (--no-steal)"));
        }
        let consumers = self.base.per_consumer.iter().zip(&self.steals);
        for (index, (stats, steals)) in consumers.enumerate() {
            let done = stats.succeeded + stats.dead_letters.count();
            log.line(format_args!(
                "Consumer {index}: {} done, stole {} in {}",
                count(done, "task"),
                count(steals.tasks, "task"),
                count(steals.steals, "steal")
            ));
        }
    }
}

impl ::shutdown::cli::ExitStatus for Summary {
    fn exit_status(&self) -> u8 {
        self.base.exit_code()
    }
}
