//! The test suites that every pass from 03 on must pass, written once and run by each
//! pass's `tests/` through a [`Pass`] that says how to run that pass.
//!
//! - [`flags`]: bad values refused, every flag documented, boundaries accepted
//!   (every pass);
//! - [`output`]: a closed or failing stdout stops an endless run (03 on);
//! - [`signals`]: real SIGINT and SIGTERM sent to the binary at chosen moments (03 on);
//! - [`invariants`]: many in-process runs stopped every way, every run graded (03 on);
//! - [`snapshots`]: runs compared with each pass's reviewed snapshots (03 on);
//! - [`threads`]: no thread left behind after any ending (03 on);
//! - [`failures`]: each failure kind alone and all together (05 on).
//!
//! A pass's test file names its [`Pass`] and calls one macro per suite, e.g.
//! `grader::signal_suite!(PASS);`, which writes one `#[test]` per check, so that
//! `cargo test` lists each check by name and a failure names the check that failed.
//! Every run in a suite is described once, by a [`Run`]: its flags and what its
//! transcript must show both come from it.

pub mod failures;
pub mod flags;
pub mod invariants;
pub mod output;
pub mod signals;
pub mod snapshots;
pub mod threads;

mod run;
mod watchdog;

pub use run::{BINARY_LIMIT, Run};
pub use watchdog::{IN_PROCESS_LIMIT, hung, limited};

use std::thread;
use std::time::Duration;

use crate::check::Expect;
use crate::line::StopMode;

/// How a suite runs one pass.
#[derive(Clone, Copy)]
pub struct Pass {
    /// The binary: `env!("CARGO_BIN_EXE_05-errors")` in the pass's tests.
    pub bin: &'static str,
    /// The flag that makes producers go on until the run is stopped (`--endless`
    /// from pass 04; none in pass 03, whose producers go on without `--tasks`).
    pub endless: &'static [&'static str],
    /// Whether the pass has live statistics (`--stats-interval-ms`, pass 04 on).
    pub monitored: bool,
    /// Flags given to every run so that it shows this pass's lesson too (pass 06:
    /// a skew that makes consumers steal).
    pub lesson: &'static [&'static str],
    /// The rules beyond pass 03's that this pass's transcripts follow.
    pub rules: fn(Expect) -> Expect,
    /// Runs the pass's library in-process: parses `flags` (without a program name)
    /// as the binary would, runs, and returns what it printed and the status it
    /// asks for. The pass's own accounting is asserted there, where its types are.
    pub in_process: fn(flags: &[&str], signal: Signal) -> Ran,
}

/// When an in-process run is sent the shutdown signal (what Ctrl+C's handler does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Never.
    Never,
    /// Before the run starts: it must still start and stop cleanly.
    Before,
    /// From another thread, this long after the run starts. The delay only picks
    /// *when* the signal comes; no check waits on it.
    After(Duration),
}

/// What an in-process run left.
#[derive(Debug)]
pub struct Ran {
    /// Everything it printed.
    pub stdout: String,
    /// The exit status its summary asks for.
    pub status: i32,
}

impl Ran {
    /// What a run printed (`out`) and the status its summary asks for.
    ///
    /// # Panics
    /// If `out` is not UTF-8.
    pub fn new(out: Vec<u8>, status: impl Into<i32>) -> Self {
        Self {
            stdout: String::from_utf8(out).expect("a UTF-8 transcript"),
            status: status.into(),
        }
    }
}

/// Runs `run` on this thread while `send` (what Ctrl+C's handler calls) is called
/// as `signal` says: before, never, or from another thread after a delay.
pub fn signalled<T>(signal: Signal, send: impl Fn() + Sync, run: impl FnOnce() -> T) -> T {
    thread::scope(|s| {
        match signal {
            Signal::Never => {}
            Signal::Before => send(),
            Signal::After(delay) => {
                let send = &send;
                s.spawn(move || {
                    thread::sleep(delay);
                    send();
                });
            }
        }
        run()
    })
}

impl Pass {
    /// The pass's number, from its binary's name (`07-buffer` is 7).
    ///
    /// # Panics
    /// If the binary's name does not start with the pass's number.
    pub fn number(&self) -> u8 {
        let name = std::path::Path::new(self.bin)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        name.split('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{name}: a pass's binary starts with its number"))
    }

    /// The capacities the suites try: the rendezvous (0), one slot, ten; pass 07's
    /// buffer, which needs a slot, gets 1, 2 and 10.
    pub fn capacities(&self) -> [u64; 3] {
        if crate::passes::carries(self.number(), 7) {
            [1, 2, 10]
        } else {
            [0, 1, 10]
        }
    }

    /// The stop mode a `--shutdown` value means in the transcript's grammar.
    fn stop_mode(shutdown: &str, drain_ms: u64) -> StopMode {
        match shutdown {
            "immediate" => StopMode::Immediate,
            "timeout" => StopMode::Timeout(drain_ms),
            _ => StopMode::Graceful,
        }
    }
}

/// Writes one `#[test]` per check of `grader::suite::$suite`, each calling it with
/// `$pass`. Used by the per-suite macros below.
#[doc(hidden)]
#[macro_export]
macro_rules! suite_tests {
    ($pass:expr, $suite:ident: $($check:ident),+ $(,)?) => {
        $(
            #[test]
            fn $check() {
                $crate::suite::$suite::$check(&$pass);
            }
        )+
    };
}

/// Writes `fn in_process`, the [`Pass::in_process`] of the pass whose library is
/// `$krate` and whose binary is `$bin`: it parses the flags as the binary would,
/// checks them as the binary would (`Config::check`), runs the library with
/// [`signalled`] for at most [`IN_PROCESS_LIMIT`] (a run still going then ends the
/// test binary as [`hung`]), asserts the summary's own accounting
/// (`accounting_holds`), and returns what the run printed and the status it asks for.
#[macro_export]
macro_rules! in_process {
    ($krate:ident, $bin:literal) => {
        fn in_process(flags: &[&str], signal: $crate::suite::Signal) -> $crate::suite::Ran {
            let argv = ::std::iter::once($bin).chain(flags.iter().copied());
            let config = <$krate::Config as ::clap::Parser>::parse_from(argv);
            // What the binary refuses with status 2 is the suite's mistake here.
            if let Err(refused) = config.check() {
                panic!("{flags:?}: the pass refuses these flags: {refused}");
            }
            let control = $krate::Control::default();
            let mut out = ::std::vec::Vec::new();
            let summary = $crate::suite::limited(
                $crate::suite::IN_PROCESS_LIMIT,
                || $crate::suite::hung(&format!("the in-process run of {flags:?}")),
                || {
                    $crate::suite::signalled(
                        signal,
                        || control.signal(),
                        || $krate::run(&config, &mut out, &control).expect("the run completes"),
                    )
                },
            );
            assert!(summary.accounting_holds(), "{flags:?}: {summary:?}");
            $crate::suite::Ran::new(out, summary.exit_code())
        }
    };
}
