//! `sst-resources`: the command line of `sst_resources_cli` (see its `lib.rs`), run on one async runtime.

use std::process::ExitCode;

use clap::Parser;
use sst_resources_cli::args::Cli;
use sst_resources_cli::commands;
use sst_resources_cli::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One runtime for the whole command, on this thread: the commands await AWS one call after another,
    // or join their calls (`bind`), and need no threads of their own.
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the async runtime: {e}")))
        .and_then(|runtime| runtime.block_on(commands::run(&cli)));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.code)
        }
    }
}
