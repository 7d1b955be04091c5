//! Kill -9, for real: the binary run on one queue again and again, each run killed
//! with SIGKILL after a drawn number of lines, then a last run draining the queue;
//! the grader's history checker judges every run and the whole (nothing enqueued is
//! lost, nothing acked comes back, every duplicate is an announced redelivery).
//!
//! Under every fsync policy: a process crash loses nothing that was written, and
//! every policy writes before it returns (see `fsync.rs`). The stress campaign
//! (`cargo xtask stress 09-durable`) runs many more chains with drawn flags.

use std::path::Path;
use std::time::Duration;

use grader::durable::crash::{Chain, run_chain};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use tempfile::TempDir;

const BINARY: &str = env!("CARGO_BIN_EXE_09-durable");

fn chain(fsync: &str, batch: u64, kills: Vec<usize>) -> Chain {
    let args = format!(
        "--producers 3 --messages 150 --consumers 2 --fsync {fsync} --batch {batch} --segment-bytes 2048"
    );
    Chain {
        args: args.split(' ').map(str::to_owned).collect(),
        kills,
    }
}

fn assert_survives(chain: &Chain) {
    let dir = TempDir::new().unwrap();
    let history = run_chain(
        Path::new(BINARY),
        dir.path(),
        chain,
        Duration::from_secs(30),
    );
    assert!(
        history.faults.is_empty(),
        "{chain:?}:\n{:#?}",
        history.faults
    );
}

#[test]
fn every_policy_survives_kills_at_drawn_moments() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    for (fsync, batch) in [("always", 1), ("always", 4), ("5ms", 2), ("never", 1)] {
        let kills = (0..4).map(|_| rng.random_range(15..600)).collect();
        assert_survives(&chain(fsync, batch, kills));
    }
}

#[test]
fn a_kill_at_the_first_lines_loses_nothing() {
    // Before any message, during the header, just after the first enqueues.
    assert_survives(&chain("always", 1, vec![1, 3, 12, 13, 14]));
}
