//! The MFA code of a role, asked as botocore asks it (getpass): on the terminal where there is one, else on
//! stderr, reading standard input a byte at a time so that what follows the code's line is left to the
//! command `bind` runs.

use std::io::{Read, Write};

/// Asks `Enter MFA code for SERIAL: ` and reads the answer; `None` where the input ended or the line was
/// empty. An error is one of the terminal or of standard input.
pub fn ask_code(serial: &str) -> std::io::Result<Option<String>> {
    let prompt = format!("Enter MFA code for {serial}: ");
    #[cfg(unix)]
    let terminal = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").ok();
    #[cfg(not(unix))]
    let terminal: Option<std::fs::File> = None;
    let line = match terminal {
        Some(mut tty) => {
            tty.write_all(prompt.as_bytes()).and_then(|()| tty.flush())?;
            let line = read_line(&mut tty)?;
            if line.is_none() {
                let _ = tty.write_all(b"\n");
            }
            line
        }
        None => {
            let mut stderr = std::io::stderr();
            let _ = stderr.write_all(prompt.as_bytes()).and_then(|()| stderr.flush());
            let line = read_stdin_line()?;
            // What was typed is not echoed: end the prompt's line.
            let _ = stderr.write_all(b"\n");
            line
        }
    };
    Ok(code_of(line))
}

/// The code of a line as typed: trimmed; `None` for no line or a blank one.
fn code_of(line: Option<String>) -> Option<String> {
    line.map(|l| l.trim().to_owned()).filter(|code| !code.is_empty())
}

/// One line of standard input, read without a buffer that would keep what follows it.
fn read_stdin_line() -> std::io::Result<Option<String>> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let mut stdin = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
        read_line(&mut stdin)
    }
    #[cfg(not(unix))]
    {
        let mut line = String::new();
        let n = std::io::stdin().read_line(&mut line)?;
        Ok((n > 0).then_some(line))
    }
}

/// A line, a byte at a time; `None` at the end of input before any byte.
fn read_line(input: &mut impl Read) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match input.read(&mut byte) {
            Ok(0) if bytes.is_empty() => return Ok(None),
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => bytes.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}
