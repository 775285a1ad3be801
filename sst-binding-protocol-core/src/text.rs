//! How text taken from the input is shown in a message: on one line, whatever it holds.

use std::borrow::Cow;

/// `text` with every control character escaped (`\r` as `\r`, ESC as `\u{1b}`), and every bidirectional
/// control (U+202E as `\u{202e}`): a key, a name or a variable echoed from the input may hold one, and a
/// message is one line that cannot rewrite the terminal nor show its text reordered (Trojan Source).
/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``: names for a message, each in backticks.
pub fn in_backticks(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A control character, or one of Unicode's bidirectional controls: the embeddings and overrides
/// (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks (U+200E, U+200F).
fn escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
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

    #[test]
    fn bidirectional_controls_are_escaped() {
        for c in ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}').chain(['\u{200e}', '\u{200f}']) {
            assert_eq!(one_line(&format!("a{c}b")), format!("a\\u{{{:x}}}b", u32::from(c)));
        }
        // Letters of right-to-left scripts are text, not controls.
        assert!(matches!(one_line("שלום"), Cow::Borrowed(_)));
    }
}
