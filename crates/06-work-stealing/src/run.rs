//! The run: pass 05's, with this pass's consumers.

use std::io::Write;

use errors::run::run_with;

use crate::consumer::Stealers;
use crate::{Config, Control, RunError, Summary};

/// Runs the system described by `config`, writing its transcript to `out`, until its
/// producers run out of tasks or it is stopped (a signal on `control`,
/// `--duration-ms`, `--stop-after`).
///
/// Pass 05's run (producers, pool, supervisor, monitor, summary) with [`Stealers`]
/// as its consumers. Returns once every thread has been joined.
///
/// # Errors
/// See [`RunError`]; none of them is expected in a healthy run.
pub fn run<W: Write + Send>(
    config: &Config,
    out: W,
    control: &Control,
) -> Result<Summary, RunError> {
    let stealers = Stealers::new(config);
    let base = run_with(&config.base, out, control, &stealers)?;
    Ok(stealers.summary(base))
}
