//! `.env` files: `NAME=VALUE` lines, as `secrets load` reads them and `secrets list --format env` and
//! `env --format dotenv` write them. No `$VAR` expansion: a secret is taken as written.

use crate::error::{Error, count};

/// One line of a dotenv file: a `NAME=VALUE` line, quoted so that any dotenv reader takes the value as it is.
pub fn line(name: &str, value: &str) -> String {
    format!("{name}={}", quote(value))
}

/// The value as is where it needs no quotes, else in single quotes (literal everywhere), else in double
/// quotes with `\\`, `\"`, `\n`, `\r` escaped.
fn quote(value: &str) -> String {
    let plain = value.chars().all(|c| c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c));
    if plain {
        return value.to_owned();
    }
    if !value.contains(['\'', '\n', '\r']) {
        return format!("'{value}'");
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One `NAME=VALUE` of a file, with its line.
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub value: String,
    pub line: usize,
}

impl std::fmt::Debug for Entry {
    /// Never shows the value: it is a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).field("line", &self.line).finish_non_exhaustive()
    }
}

/// Reads a dotenv file: blank lines and `#` comments are skipped, `export ` before a name is allowed, a value
/// is bare (trimmed, up to ` #`), 'single-quoted' (as written) or "double-quoted" (with `\n`, `\r`, `\t`,
/// `\"`, `\\`); quoted values may span lines. Every problem is reported as `file:line: ...`.
pub fn parse(text: &str, file: &str) -> Result<Vec<Entry>, Error> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let number = i + 1;
        let line = lines[i].trim();
        i += 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let Some((name, rest)) = line.split_once('=') else {
            problems.push(format!("{file}:{number}: expected NAME=VALUE"));
            continue;
        };
        let name = name.trim();
        if name.is_empty() {
            problems.push(format!("{file}:{number}: the line has no name before `=`"));
            continue;
        }
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(quote @ ('\'' | '"')) => {
                // The value may go on over the next lines until its closing quote.
                let mut body = rest[1..].to_owned();
                let closed = loop {
                    if let Some(end) = closing_quote(&body, quote) {
                        let after = body[end + 1..].trim();
                        if !(after.is_empty() || after.starts_with('#')) {
                            problems.push(format!("{file}:{number}: unexpected text after the closing {quote}"));
                        }
                        body.truncate(end);
                        break true;
                    }
                    match lines.get(i) {
                        Some(next) => {
                            body.push('\n');
                            body.push_str(next);
                            i += 1;
                        }
                        None => break false,
                    }
                };
                if !closed {
                    problems.push(format!("{file}:{number}: the value of {name} has no closing {quote}"));
                    continue;
                }
                if quote == '"' { unescape(&body) } else { body }
            }
            _ => match rest.find(" #") {
                Some(comment) => rest[..comment].trim_end().to_owned(),
                None => rest.trim_end().to_owned(),
            },
        };
        entries.push(Entry { name: name.to_owned(), value, line: number });
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        let n = problems.len();
        Err(Error::located(problems, format!("{file} has {}", count(n, "problem"))))
    }
}

/// The byte offset of the quote that closes a value (a `\"` inside double quotes does not).
fn closing_quote(body: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        if quote == '"' && c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        if c == quote && !escaped {
            return Some(i);
        }
        escaped = false;
    }
    None
}

fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text, ".env").unwrap().into_iter().map(|e| (e.name, e.value)).collect()
    }

    #[test]
    fn values_round_trip() {
        for value in ["plain", "sk_test_1=2", "with space", "it's", "multi\nline \"quoted\" \\", "", "#hash", "$HOME"] {
            let text = line("K", value);
            assert_eq!(pairs(&text), vec![("K".to_owned(), value.to_owned())], "{text}");
        }
    }

    #[test]
    fn the_usual_dotenv_forms() {
        let text = "# comment\n\nexport A=1\nB = two words # note\nC='x # y'\nD=\"a\\tb\"\nE=\"line1\nline2\"\n";
        assert_eq!(
            pairs(text),
            vec![
                ("A".into(), "1".into()),
                ("B".into(), "two words".into()),
                ("C".into(), "x # y".into()),
                ("D".into(), "a\tb".into()),
                ("E".into(), "line1\nline2".into()),
            ]
        );
    }

    #[test]
    fn problems_are_located() {
        let e = parse("A=1\nnot a pair\n=x\nB='open\n", "s.env").unwrap_err();
        assert_eq!(
            e.details,
            vec![
                "s.env:2: expected NAME=VALUE",
                "s.env:3: the line has no name before `=`",
                "s.env:4: the value of B has no closing '",
            ]
        );
        assert_eq!(e.message, "s.env has 3 problems");
    }
}
