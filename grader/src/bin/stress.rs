//! `stress`: the campaign runner behind `cargo xtask stress` (which builds the passes
//! first). Runs each named pass (default: all seven) `--runs` times with configurations
//! drawn from `--seed`, prints every failure with the command that replays it, and
//! ends with one table row per pass. Exit status 1 if any run failed, 2 on bad flags.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use grader::stress::{BINARIES, Campaign, Tally};

/// Stress every pass with seeded configurations, signals and faults; grade each run.
#[derive(Debug, Parser)]
#[command(name = "stress", version)]
struct Args {
    /// Runs per pass.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    runs: u32,
    /// Seed every configuration is drawn from; the same seed draws the same runs.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Replay only this run (by index) of each pass named.
    #[arg(long, value_name = "INDEX")]
    only: Option<u32>,
    /// Seconds a run may take before it is killed and counted as a hang.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    deadline_s: u64,
    /// Where the passes' binaries are (default: next to this one).
    #[arg(long, value_name = "DIR")]
    bin_dir: Option<PathBuf>,
    /// Passes to stress: `05`, `5`, `05-errors` or `errors`; default all.
    #[arg(value_name = "PASS", value_parser = pass_number)]
    passes: Vec<u8>,
}

/// `05`, `5`, `05-errors` or `errors` → 5.
fn pass_number(name: &str) -> Result<u8, String> {
    BINARIES
        .iter()
        .position(|b| {
            let (number, rest) = b.split_once('-').expect("NN-name");
            name == *b
                || name == rest
                || name.trim_start_matches('0') == number.trim_start_matches('0')
                || (rest == "work-stealing" && name == "stealing")
        })
        .map(|i| i as u8 + 1)
        .ok_or_else(|| format!("no such pass; the passes are {}", BINARIES.join(", ")))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let bin_dir = args.bin_dir.unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("the running binary has a path");
        exe.parent()
            .expect("a binary lives in a folder")
            .to_path_buf()
    });
    let passes = if args.passes.is_empty() {
        (1..=8).collect()
    } else {
        args.passes
    };
    for &pass in &passes {
        let binary = bin_dir.join(grader::passes::binary(pass));
        if !binary.is_file() {
            eprintln!(
                "stress: {} not found; build the passes first (`cargo xtask stress` does)",
                binary.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let campaign = Campaign {
        bin_dir,
        runs: args.runs,
        seed: args.seed,
        passes,
        only: args.only,
        deadline: Duration::from_secs(args.deadline_s),
    };
    let started = Instant::now();
    let tallies = campaign.run();
    println!("\n{}", Tally::heading());
    for (pass, tally) in &tallies {
        println!("{}", tally.row(grader::passes::binary(*pass)));
    }
    let failed: u32 = tallies.iter().map(|(_, t)| t.runs - t.ok).sum();
    let runs: u32 = tallies.iter().map(|(_, t)| t.runs).sum();
    let kills: u32 = tallies.iter().map(|(_, t)| t.kills).sum();
    let killed = match kills {
        0 => String::new(),
        n => format!(", {n} processes killed with SIGKILL"),
    };
    println!(
        "\nstress: {runs} runs, {failed} failed{killed}, seed {}, in {:.1}s",
        campaign.seed,
        started.elapsed().as_secs_f64()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
