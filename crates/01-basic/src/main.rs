//! `01-basic`: parses the flags and runs pass 01. See the library docs (`lib.rs`).

use std::io;
use std::process::ExitCode;

use basic::Config;
use clap::Parser;

fn main() -> ExitCode {
    // Invalid flags never reach the library: clap prints the problem and exits with 2.
    let config = Config::parse();
    match basic::run(&config, io::stdout()) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("01-basic: {error}");
            ExitCode::FAILURE
        }
    }
}
