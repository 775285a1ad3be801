//! How text taken from the input is shown in a message: on one line, whatever it holds.

use std::borrow::Cow;

/// `text` with every control character escaped (`\r` as `\r`, ESC as `\u{1b}`): a key, a name or a variable
/// echoed from the input may hold one, and a message is one line that cannot rewrite the terminal.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert!(matches!(one_line("plain"), Cow::Borrowed("plain")));
        assert_eq!(one_line("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
        assert_eq!(one_line("fn\r\0x"), "fn\\r\\u{0}x");
    }
}
