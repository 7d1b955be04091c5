//! `02-bounded`: parses the flags and runs pass 02. See the library docs (`lib.rs`).

use std::io;
use std::process::ExitCode;

use bounded::Config;
use clap::Parser;

fn main() -> ExitCode {
    // Invalid flags never reach the library: clap prints the problem and exits with 2.
    let config = Config::parse();
    match bounded::run(&config, io::stdout()) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("02-bounded: {error}");
            ExitCode::FAILURE
        }
    }
}
