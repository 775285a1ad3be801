//! What a command prints besides its error: its lines on stdout, and warnings on stderr.

use std::io::{ErrorKind, Write};

use crate::error::Error;

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
