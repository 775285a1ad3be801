//! One module per command.

pub mod bind;
pub mod check;
pub mod env;
pub mod import;
pub mod policy;
pub mod schema;
pub mod secrets;

use crate::args::{Cli, Command};
use crate::error::Error;

/// Runs the command the command line names; its exit code, or the error to print.
pub async fn run(cli: &Cli) -> Result<u8, Error> {
    match &cli.command {
        Command::Import(args) => import::run(&cli.common, args),
        Command::Bind(args) => bind::run(&cli.common, args).await,
        Command::Secrets(args) => secrets::run(&cli.common, args).await,
        Command::Env(args) => env::run(&cli.common, args).await,
        Command::Policy(args) => policy::run(&cli.common, args).await,
        Command::Check(_) => check::run(&cli.common),
        Command::Schema(_) => schema::run(),
    }
}
