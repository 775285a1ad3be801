//! What a command that fails tells the user: one `error: ...` line saying what to do (after the located
//! lines of a file with problems), and the exit code that says what kind of failure it was.

use std::fmt;

/// The exit codes of `sst-resources` (also in `--help`).
pub mod exit {
    /// A problem with the input or the app: a manifest or values file with problems, a missing stage,
    /// a secret that is not set, a file that cannot be read.
    pub const FAILURE: u8 = 1;
    /// The command line itself is wrong (clap's code).
    pub const USAGE: u8 = 2;
    /// AWS could not be used: no credentials or region, an unknown profile, access denied, throttling,
    /// no connection.
    pub const AWS: u8 = 3;
    /// `bind`: the command could not be run (found but not executable).
    pub const CANNOT_EXECUTE: u8 = 126;
    /// `bind`: the command was not found.
    pub const NOT_FOUND: u8 = 127;
    /// `bind`: the command was killed by signal N: 128 + N.
    pub const SIGNAL_BASE: u8 = 128;
}

/// A failed command.
#[derive(Debug)]
pub struct Error {
    /// Lines printed as they are before the error line (a file's located problems).
    pub details: Vec<String>,
    /// The error line, without `error: `.
    pub message: String,
    pub code: u8,
}

impl Error {
    /// A problem with the input or the app (exit 1).
    pub fn new(message: impl Into<String>) -> Error {
        Error { details: Vec::new(), message: message.into(), code: exit::FAILURE }
    }

    /// AWS could not be used (exit 3).
    pub fn aws(message: impl Into<String>) -> Error {
        Error { details: Vec::new(), message: message.into(), code: exit::AWS }
    }

    /// A file with problems: each located line, then `message`.
    pub fn located(details: Vec<String>, message: impl Into<String>) -> Error {
        Error { details, message: message.into(), code: exit::FAILURE }
    }

    pub fn with_code(mut self, code: u8) -> Error {
        self.code = code;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.details {
            writeln!(f, "{line}")?;
        }
        write!(f, "error: {}", self.message)
    }
}

impl std::error::Error for Error {}

/// `1 problem`, `2 problems`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}
