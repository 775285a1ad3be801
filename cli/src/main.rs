//! `sst-resources`: runs, configures and checks the Rust functions of an SST v2 app — `import` (the manifest
//! from the app), `bind` (run with the bound values), `secrets`, `env` and `policy` (for other deployment
//! tools), `check` and `schema` (the manifest).
//!
//! Every name of the binding protocol (environment variables, SSM paths, IAM templates) comes from
//! `sst-binding-protocol`; this crate only reads the command line, calls AWS and prints.

mod args;
mod aws;
mod commands;
mod context;
mod error;
mod lambda;
mod ssm;

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One runtime for the whole command, on this thread: the commands await AWS one call after another,
    // or join their calls (`bind`), and need no threads of their own.
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the async runtime: {e}")))
        .and_then(|runtime| runtime.block_on(run(&cli)));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.code)
        }
    }
}

/// Runs the command the command line names.
async fn run(cli: &Cli) -> Result<u8, Error> {
    match &cli.command {
        Command::Import(args) => commands::import::run(&cli.common, args),
        Command::Bind(args) => commands::bind::run(&cli.common, args).await,
        Command::Secrets(args) => commands::secrets::run(&cli.common, args).await,
        Command::Env(args) => commands::env::run(&cli.common, args).await,
        Command::Policy(args) => commands::policy::run(&cli.common, args).await,
        Command::Check(_) => commands::check::run(&cli.common),
        Command::Schema(_) => commands::schema::run(),
    }
}

/// Prints a line on stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Error::new(format!("cannot write to stdout: {e}"))),
        _ => Ok(()),
    }
}

/// Prints `warning: ...` on stderr.
pub fn warn(text: &str) {
    eprintln!("warning: {text}");
}
