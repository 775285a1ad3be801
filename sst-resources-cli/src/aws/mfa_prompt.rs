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

#[cfg(test)]
mod tests {
    use std::io::{Cursor, ErrorKind};

    use super::*;

    /// The code typed as `input`, and what of the input is left unread.
    fn typed(input: &[u8]) -> (Option<String>, Vec<u8>) {
        let mut input = Cursor::new(input);
        let line = read_line(&mut input).unwrap_or_else(|e| panic!("{e}"));
        let rest = input.get_ref()[input.position() as usize..].to_vec();
        (code_of(line), rest)
    }

    #[test]
    fn the_code_is_its_line_and_what_follows_is_left_unread() {
        assert_eq!(typed(b"123456\nrest\n"), (Some("123456".to_owned()), b"rest\n".to_vec()));
        // The last line of an input without its newline.
        assert_eq!(typed(b"123456"), (Some("123456".to_owned()), Vec::new()));
    }

    #[test]
    fn the_code_is_trimmed_of_white_space_and_a_carriage_return() {
        assert_eq!(typed(b"123456\r\n").0.as_deref(), Some("123456"));
        assert_eq!(typed(b" \t123456  \r\nrest").0.as_deref(), Some("123456"));
    }

    #[test]
    fn no_code_where_the_input_ends_or_the_line_is_blank() {
        assert_eq!(read_line(&mut Cursor::new(b"")).ok(), Some(None));
        assert_eq!(typed(b""), (None, Vec::new()));
        assert_eq!(typed(b"\n123456\n"), (None, b"123456\n".to_vec()));
        assert_eq!(typed(b" \t\r\n").0, None);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_replaced_not_refused() {
        assert_eq!(typed(b"12\xff56\n").0.as_deref(), Some("12\u{fffd}56"));
    }

    /// An input that fails once with `kind`, then gives `then`.
    struct Failing {
        kind: Option<ErrorKind>,
        then: Cursor<&'static [u8]>,
    }

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.kind.take() {
                Some(kind) => Err(kind.into()),
                None => self.then.read(buf),
            }
        }
    }

    #[test]
    fn an_interrupted_read_is_retried_and_another_failure_returned() {
        let mut interrupted = Failing { kind: Some(ErrorKind::Interrupted), then: Cursor::new(b"123456\n") };
        assert_eq!(read_line(&mut interrupted).ok(), Some(Some("123456".to_owned())));
        let mut broken = Failing { kind: Some(ErrorKind::BrokenPipe), then: Cursor::new(b"123456\n") };
        assert_eq!(read_line(&mut broken).map_err(|e| e.kind()), Err(ErrorKind::BrokenPipe));
    }
}
