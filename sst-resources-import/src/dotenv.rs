//! `.env` files read as SST's `secrets load` reads them, with `parse` of the `dotenv` npm package (16.6.1,
//! what SST 2.49.6 depends on), and written so that dotenv (and a shell, where any quoting allows) reads
//! them back. SST's behaviour, so the protocol's; it uses no other module (only `regex-lite`).
//!
//! dotenv scans the text with one regular expression and silently skips what it does not match. Here the
//! same expression runs (`scan`); [`parse`] returns its result where the file holds nothing dotenv would
//! drop or misread, and every such line otherwise.

/// One `NAME=VALUE` of a file, with the line of its name.
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

/// What is wrong with a line (1-based), which dotenv would have skipped or misread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// Reads a dotenv file exactly as dotenv does — `NAME=VALUE` and `NAME: VALUE`, `export ` before a name,
/// `#` comments (a bare value ends at `#`), values in '…', "…" (where `\n` and `\r` are a line break) or
/// `…` quotes, which may span lines — in dotenv's order (a name given twice keeps its last value). A line
/// that dotenv would drop without a word, a quote it would keep as part of the value, and a value it would
/// take from the line after its name are errors, each with its line.
pub fn parse(text: &str) -> Result<Vec<Entry>, Vec<LineError>> {
    let chars = normalize(text);
    let matches = scan(&chars);
    let mut errors = Vec::new();
    let mut covered = vec![false; chars.len()];
    for m in &matches {
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
        if let Some(message) = misread(&chars, m) {
            errors.push(LineError { line: line_of(&chars, m.key.start), message });
        }
    }
    let mut start = 0;
    for (number, line) in chars.split(|c| *c == '\n').enumerate() {
        let range = start..start + line.len();
        start = range.end + 1;
        let first = range.clone().find(|i| !covered[*i] && !is_space(chars[*i]));
        if first.is_some_and(|i| chars[i] != '#') {
            errors.push(LineError { line: number + 1, message: skipped(line) });
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let mut entries: Vec<Entry> = Vec::new();
    for m in &matches {
        let name: String = chars[m.key.clone()].iter().collect();
        let value = value(&chars, m);
        match entries.iter_mut().find(|e| e.name == name) {
            Some(e) => e.value = value,
            None => entries.push(Entry { name, value, line: line_of(&chars, m.key.start) }),
        }
    }
    Ok(entries)
}

/// dotenv's result for any text, errors and all: the pairs it would set, in the order of their names'
/// first appearance, a name given twice with its last value.
pub fn parse_as_dotenv(text: &str) -> Vec<(String, String)> {
    let chars = normalize(text);
    let mut out: Vec<(String, String)> = Vec::new();
    for m in scan(&chars) {
        let name: String = chars[m.key.clone()].iter().collect();
        let value = value(&chars, &m);
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(pair) => pair.1 = value,
            None => out.push((name, value)),
        }
    }
    out
}

/// dotenv first turns `\r\n` and `\r` into `\n`.
fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// JavaScript's `\s` (and what `trim()` removes).
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

/// [`is_space`] as a class of the expression. Written out because no regex crate's `\s` is JavaScript's:
/// regex-lite's is ASCII, and Unicode's White_Space (the regex crate's) has U+0085 and lacks U+FEFF.
const JS_SPACE: &str =
    r"[\t\n\x0B\x0C\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]";

/// What ends a line for JavaScript's `^`, `$` and `.` in a multi-line expression.
fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// A character of a name: JavaScript's `[\w.-]`.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

const QUOTES: [char; 3] = ['\'', '"', '`'];

/// How a value was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// In quotes that close, followed by nothing but a comment.
    Quoted,
    /// As it is, up to `#` or the end of the line.
    Bare,
    /// No value: `NAME=` then the end of the line or a comment.
    Missing,
}

/// One match of dotenv's expression.
#[derive(Clone, Debug)]
struct Match {
    /// From the line start where the match begins (blank lines and spaces before the name included).
    start: usize,
    key: std::ops::Range<usize>,
    /// The text dotenv captures as the value (before trimming and unquoting).
    raw: std::ops::Range<usize>,
    form: Form,
    end: usize,
}

/// dotenv's `LINE` expression, with what JavaScript reads differently from Rust written out: `\s` as
/// JavaScript's white space and line terminators (the class of [`is_space`]; Rust's `\s` differs), `\w`
/// as ASCII, and `.` as anything but a line terminator. The multi-line `^` is `\A`, tried by [`scan`] at
/// each line start; `$` is a line terminator or the end, which the match ends before (`tail` ends there).
/// A value is in quotes where `quoted` matched. The regex crates' leftmost-first matching picks the match
/// JavaScript's backtracking does, the lazy separator and the backtracking over `\'` included.
fn line() -> &'static regex_lite::Regex {
    const LINE_END: &str = r"\n\r\x{2028}\x{2029}";
    static LINE: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
        let pattern = [
            r"\A\s*(?:export\s+)?(?P<key>[A-Za-z0-9_.-]+)(?P<separator>\s*=\s*?|:\s+?)",
            r#"(?P<value>(?P<quoted>\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`)|[^#\r\n]+)?"#,
            r"(?P<tail>\s*(?:#[^LINE_END]*)?)(?:[LINE_END]|\z)",
        ]
        .concat()
        .replace(r"\s", JS_SPACE)
        .replace("LINE_END", LINE_END);
        regex_lite::Regex::new(&pattern).expect("dotenv's LINE expression is a valid regex")
    });
    &LINE
}

/// Every match of dotenv's expression, as its global `exec` loop finds them:
/// `^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$`
/// with `m`: each match is tried at each line start from where the last one ended ([`line()`]).
fn scan(s: &[char]) -> Vec<Match> {
    let text: String = s.iter().collect();
    // The byte offset of each character (and of the end): the expression's offsets are bytes.
    let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let char_at = |byte: usize| offsets.partition_point(|&b| b < byte);
    let match_at = |p: usize| {
        let base = offsets[p];
        let caps = line().captures(&text[base..])?;
        let range = |name: &str| caps.name(name).map(|m| char_at(base + m.start())..char_at(base + m.end()));
        let (key, separator, tail) = (range("key")?, range("separator")?, range("tail")?);
        let (raw, form) = match (range("value"), range("quoted")) {
            (Some(value), Some(_)) => (value, Form::Quoted),
            (Some(value), None) => (value, Form::Bare),
            (None, _) => (separator.end..separator.end, Form::Missing),
        };
        Some(Match { start: p, key, raw, form, end: tail.end })
    };
    let mut out = Vec::new();
    let mut from = 0;
    while from <= s.len() {
        let found = (from..=s.len()).filter(|&p| p == 0 || is_line_end(s[p - 1])).find_map(match_at);
        let Some(m) = found else { break };
        from = m.end;
        out.push(m);
    }
    out
}

fn skip_spaces(s: &[char], mut i: usize) -> usize {
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    i
}

/// The value dotenv makes of a match: trimmed; surrounding quotes removed (by a multi-line, global
/// replace of `^(['"`])([\s\S]*)\1$`); in a value that began with `"`, `\n` and `\r` made line breaks.
fn value(s: &[char], m: &Match) -> String {
    let raw = &s[m.raw.clone()];
    let start = raw.iter().position(|c| !is_space(*c)).unwrap_or(raw.len());
    let end = raw.iter().rposition(|c| !is_space(*c)).map_or(start, |e| e + 1);
    let trimmed = &raw[start..end];
    let double = trimmed.first() == Some(&'"');
    let mut out = String::with_capacity(trimmed.len());
    let mut p = 0;
    while p < trimmed.len() {
        let at_line_start = p == 0 || is_line_end(trimmed[p - 1]);
        let c = trimmed[p];
        if at_line_start && QUOTES.contains(&c) {
            let close = (p + 1..trimmed.len())
                .rev()
                .find(|&e| trimmed[e] == c && trimmed.get(e + 1).is_none_or(|n| is_line_end(*n)));
            if let Some(close) = close {
                out.extend(&trimmed[p + 1..close]);
                p = close + 1;
                continue;
            }
        }
        out.push(c);
        p += 1;
    }
    if double { out.replace("\\n", "\n").replace("\\r", "\r") } else { out }
}

/// The 1-based line of a position.
fn line_of(s: &[char], i: usize) -> usize {
    s[..i].iter().filter(|c| **c == '\n').count() + 1
}

/// Why a match is not what its line says: a quote dotenv keeps, or a value it takes from a later line.
fn misread(s: &[char], m: &Match) -> Option<String> {
    let name: String = s[m.key.clone()].iter().collect();
    let value_start = skip_spaces(s, m.raw.start).min(m.raw.end);
    if s[m.key.end..value_start].contains(&'\n') {
        return Some(format!(
            "{name} has no value on its line, and dotenv would take the next line as its value: put the value \
             after `=` on the same line (quote a value of several lines)"
        ));
    }
    if m.form != Form::Bare {
        return None;
    }
    let raw = &s[value_start..m.raw.end];
    let quote = *raw.first().filter(|c| QUOTES.contains(c))?;
    let last = raw.iter().rposition(|c| !is_space(*c)).unwrap_or(0);
    if last > 0 && raw[last] == quote {
        return None;
    }
    Some(if raw[1..].contains(&quote) {
        format!(
            "unexpected text after the closing {quote} of {name}: only a # comment may follow it (dotenv would \
             keep the quotes in the value)"
        )
    } else {
        format!(
            "the {quote} that opens the value of {name} is not closed (dotenv would keep it in the value): close it, \
             or quote the value with another kind of quote"
        )
    })
}

/// Why dotenv skips a line: what it lacks.
fn skipped(line: &[char]) -> String {
    let text: String = line.iter().collect();
    let text = text.trim_matches(is_space);
    let body = text.strip_prefix("export").filter(|r| r.starts_with(is_space)).map_or(text, |r| r.trim_start());
    let Some(separator) = body.find(['=', ':']) else {
        return "expected NAME=VALUE, and dotenv skips this line".to_owned();
    };
    let name = body[..separator].trim_end_matches(is_space);
    if name.is_empty() {
        return format!("no name before `{}`, and dotenv skips this line", &body[separator..=separator]);
    }
    if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
        return format!(
            "the name `{name}` holds `{bad}`, and dotenv skips this line: a name holds only letters, digits, `_`, `.` \
             and `-`"
        );
    }
    if body[separator..].starts_with(':') {
        return "expected NAME=VALUE (or `NAME: VALUE`, with no space before the colon and one after it), and \
                dotenv skips this line"
            .to_owned();
    }
    "expected NAME=VALUE, and dotenv skips this line".to_owned()
}

/// How [`write()`] puts values that need no quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Bare where the value needs no quotes (`env`).
    Bare,
    /// Always quoted, `NAME='value'` where it can be, as SST's `secrets list` prints.
    Quoted,
}

/// A file written by [`write()`], and the names whose lines a shell would not read back.
#[derive(Debug)]
pub struct Written {
    pub text: String,
    pub not_for_shell: Vec<String>,
}

/// A value that no form of a `.env` line gives back as it is (it holds quotes of all three kinds and more).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unwritable {
    /// The variable whose value it is.
    pub name: String,
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the value of {} cannot be written as a .env line that reads back", self.name)
    }
}

impl std::error::Error for Unwritable {}

/// Writes `NAME=VALUE` lines that dotenv (and so [`parse`]) reads back exactly, and that a POSIX shell
/// reads back too where one of the forms allows. A value that dotenv cannot read back as written is an
/// [`Unwritable`] (the whole text is read back before it is returned).
pub fn write<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, style: Style) -> Result<Written, Unwritable> {
    // A value that ends with `\` would let a quote of the line after it close it: such values go last.
    let mut pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    pairs.sort_by_key(|(_, value)| value.ends_with('\\'));
    let mut text = String::new();
    let mut not_for_shell = Vec::new();
    for &(name, value) in &pairs {
        let Some((written, shell)) = form(value, style) else { return Err(Unwritable { name: name.to_owned() }) };
        if !shell {
            not_for_shell.push(name.to_owned());
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(name);
        text.push('=');
        text.push_str(&written);
    }
    let read = parse_as_dotenv(&text);
    let wrong = pairs.iter().find(|(name, value)| !read.iter().any(|(n, v)| n == name && v == value));
    match wrong {
        Some((name, _)) => Err(Unwritable { name: (*name).to_owned() }),
        None => Ok(Written { text, not_for_shell }),
    }
}

/// The value as written, and whether a shell reads it back: the first form that dotenv reads back, among
/// those a shell reads too, else among the others.
fn form(value: &str, style: Style) -> Option<(String, bool)> {
    let shell_bare = value.chars().all(|c| c.is_ascii_alphanumeric() || "_./:@%+,=-".contains(c));
    // In quotes q, a value reads back where it holds no q and does not end with `\` (which would escape
    // the closing quote); in double quotes, dotenv also makes `\n` and `\r` line breaks. In single quotes
    // a final `\` is tried all the same (a shell reads it), and [`write`] reads the whole text back.
    let in_quotes = |q: char| !value.contains(q) && !value.ends_with('\\');
    let single = !value.contains('\'');
    let double = in_quotes('"') && !value.contains("\\n") && !value.contains("\\r");
    let shell_double = double && !value.contains(['$', '`', '\\']);
    let dotenv_bare = value.chars().next().is_some_and(|c| !is_space(c) && !QUOTES.contains(&c))
        && !value.ends_with(is_space)
        && !value.contains(|c| c == '#' || is_line_end(c));
    let quote = |q: char| format!("{q}{value}{q}");
    if style == Style::Bare && shell_bare {
        return Some((value.to_owned(), true));
    }
    if single {
        return Some((quote('\''), true));
    }
    if shell_double {
        return Some((quote('"'), true));
    }
    if double {
        return Some((quote('"'), false));
    }
    if in_quotes('`') {
        return Some((quote('`'), false));
    }
    if dotenv_bare {
        return Some((value.to_owned(), false));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        match parse(text) {
            Ok(entries) => entries.into_iter().map(|e| (e.name, e.value)).collect(),
            Err(errors) => panic!("{text:?}: {errors:?}"),
        }
    }

    fn one(text: &str) -> String {
        let p = pairs(text);
        assert_eq!(p.len(), 1, "{text:?}: {p:?}");
        p[0].1.clone()
    }

    fn errors(text: &str) -> Vec<(usize, String)> {
        match parse(text) {
            Ok(entries) => panic!("{text:?} parsed: {entries:?}"),
            Err(errors) => errors.into_iter().map(|e| (e.line, e.message)).collect(),
        }
    }

    #[test]
    fn the_expression_and_is_space_agree_on_white_space() {
        let one = regex_lite::Regex::new(&format!(r"\A{JS_SPACE}\z")).unwrap_or_else(|e| panic!("{e}"));
        for c in (0..=0x10000).filter_map(char::from_u32) {
            assert_eq!(one.is_match(c.encode_utf8(&mut [0; 4])), is_space(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let text = "# a comment\n\n   \n  # an indented one\nA=1\n\n#B=2\n";
        assert_eq!(pairs(text), [("A".to_owned(), "1".to_owned())]);
        assert_eq!(pairs(""), []);
    }

    #[test]
    fn a_bare_value_ends_at_hash_and_is_trimmed() {
        assert_eq!(one("A=x y # note"), "x y");
        assert_eq!(one("A=x#y"), "x");
        assert_eq!(one("A=   spaced   "), "spaced");
        assert_eq!(one("A = 1"), "1");
        assert_eq!(one("A="), "");
        assert_eq!(one("A=# only a comment"), "");
        assert_eq!(one("A=a=b"), "a=b");
    }

    #[test]
    fn single_quotes_keep_everything() {
        assert_eq!(one("A='x # y'"), "x # y");
        assert_eq!(one(r"A='a\nb'"), r"a\nb");
        assert_eq!(one("A=' padded '"), " padded ");
        assert_eq!(one("A='x' # note"), "x");
        assert_eq!(one("A=''"), "");
    }

    #[test]
    fn double_quotes_make_backslash_n_and_r_line_breaks_and_nothing_else() {
        assert_eq!(one(r#"A="a\nb\rc""#), "a\nb\rc");
        assert_eq!(one(r#"A="a\tb""#), r"a\tb");
        assert_eq!(one(r#"A="say \"hi\"""#), r#"say \"hi\""#);
        assert_eq!(one(r#"A="x # y""#), "x # y");
    }

    #[test]
    fn backticks_quote_too() {
        assert_eq!(one("A=`it's \"quoted\"`"), "it's \"quoted\"");
        assert_eq!(one(r"A=`a\nb`"), r"a\nb");
    }

    #[test]
    fn quoted_values_span_lines() {
        assert_eq!(one("A=\"line1\nline2\""), "line1\nline2");
        assert_eq!(one("A='line1\r\nline2'"), "line1\nline2");
        assert_eq!(pairs("A=`1\n2`\nB=3"), [("A".into(), "1\n2".into()), ("B".into(), "3".into())]);
    }

    #[test]
    fn export_and_colons() {
        assert_eq!(one("export A=1"), "1");
        assert_eq!(one("export   A = 1"), "1");
        assert_eq!(one("export=1"), "1");
        assert_eq!(pairs("export=1"), [("export".into(), "1".into())]);
        assert_eq!(one("A: 1"), "1");
        assert_eq!(pairs("a.b-c_1=x"), [("a.b-c_1".into(), "x".into())]);
    }

    #[test]
    fn crlf_and_a_byte_order_mark() {
        assert_eq!(
            pairs("\u{feff}A=1\r\nB=2\rC=3"),
            [("A".into(), "1".into()), ("B".into(), "2".into()), ("C".into(), "3".into())]
        );
    }

    #[test]
    fn the_last_value_of_a_name_wins_in_the_place_of_the_first() {
        let entries = parse("A=1\nB=2\nA=3").unwrap_or_default();
        let got: Vec<_> = entries.iter().map(|e| (e.name.as_str(), e.value.as_str(), e.line)).collect();
        assert_eq!(got, [("A", "3", 1), ("B", "2", 2)]);
    }

    #[test]
    fn lines_dotenv_skips_are_errors_with_their_line() {
        assert_eq!(
            errors("A=1\nnot a pair\n=x\nMY KEY=1\nexport B\nC : 1\nD=2"),
            [
                (2, "expected NAME=VALUE, and dotenv skips this line".to_owned()),
                (3, "no name before `=`, and dotenv skips this line".to_owned()),
                (
                    4,
                    "the name `MY KEY` holds ` `, and dotenv skips this line: a name holds only letters, digits, `_`, \
                     `.` and `-`"
                        .to_owned()
                ),
                (5, "expected NAME=VALUE, and dotenv skips this line".to_owned()),
                (
                    6,
                    "expected NAME=VALUE (or `NAME: VALUE`, with no space before the colon and one after it), and \
                     dotenv skips this line"
                        .to_owned()
                ),
            ]
        );
        // What dotenv makes of it all the same.
        assert_eq!(
            parse_as_dotenv("A=1\nnot a pair\n=x\nMY KEY=1\nexport B\nC : 1\nD=2"),
            [("A".to_owned(), "1".to_owned()), ("D".to_owned(), "2".to_owned())]
        );
    }

    #[test]
    fn quotes_dotenv_would_keep_are_errors() {
        assert_eq!(
            errors("A=\"open\nB='x' y\nC=ok"),
            [
                (
                    1,
                    "the \" that opens the value of A is not closed (dotenv would keep it in the value): close it, or \
                     quote the value with another kind of quote"
                        .to_owned()
                ),
                (
                    2,
                    "unexpected text after the closing ' of B: only a # comment may follow it (dotenv would keep the \
                     quotes in the value)"
                        .to_owned()
                ),
            ]
        );
        assert_eq!(
            parse_as_dotenv("A=\"open\nB='x' y\nC=ok"),
            [("A".into(), "\"open".into()), ("B".into(), "'x' y".into()), ("C".into(), "ok".into())]
        );
        // Quotes at both ends are removed even with more inside: dotenv reads it, and so does `parse`.
        assert_eq!(one("A='it's'"), "it's");
    }

    #[test]
    fn a_value_on_the_next_line_is_an_error() {
        let message = "A has no value on its line, and dotenv would take the next line as its value: put the value \
                       after `=` on the same line (quote a value of several lines)";
        assert_eq!(errors("A:\nB=1"), [(1, message.to_owned())]);
        assert_eq!(parse_as_dotenv("A:\nB=1"), [("A".to_owned(), "B=1".to_owned())]);
        assert_eq!(errors("A=\n'x'"), [(1, message.to_owned())]);
        assert_eq!(errors("A\n=x"), [(1, message.to_owned())]);
        // An empty value is not that: the next line is a line of its own.
        assert_eq!(pairs("A=\nB=1"), [("A".into(), "".into()), ("B".into(), "1".into())]);
    }

    #[test]
    fn an_escaped_quote_closes_a_value_where_nothing_else_can() {
        // dotenv backtracks: `\'` is part of the value unless the value can end nowhere else.
        assert_eq!(one(r"A='a\'b'"), r"a\'b");
        assert_eq!(pairs("A='x\\'\nB='y'"), [("A".into(), "x\\".into()), ("B".into(), "y".into())]);
    }

    #[test]
    fn written_lines_read_back() {
        let values = [
            "plain",
            "sk_test_1=2",
            "with space",
            "it's",
            "it's $HOME",
            "multi\nline \"quoted\" \\",
            "ends with \\",
            "#hash",
            " padded ",
            "'quoted'",
            "a'b\"c`d",
            "tab\there",
            r"back\nslash",
            "\u{2028}odd",
        ];
        for style in [Style::Bare, Style::Quoted] {
            // Each value, next to each other: a line reads back whatever the line after it.
            for a in values {
                for b in values {
                    let w = write([("A", a), ("B", b)], style).unwrap_or_else(|n| panic!("{n}: {a:?} {b:?}"));
                    let mut read = pairs(&w.text);
                    read.sort();
                    assert_eq!(read, [("A".to_owned(), a.to_owned()), ("B".to_owned(), b.to_owned())], "{}", w.text);
                }
            }
        }
        assert_eq!(write([("K", "sk_1")], Style::Quoted).map(|w| w.text), Ok("K='sk_1'".to_owned()));
        assert_eq!(write([("K", "sk_1")], Style::Bare).map(|w| w.text), Ok("K=sk_1".to_owned()));
        assert_eq!(write([("K", "it's")], Style::Quoted).map(|w| w.text), Ok("K=\"it's\"".to_owned()));
        let w = write([("K", "it's $5")], Style::Quoted).unwrap_or_else(|n| panic!("{n}"));
        assert_eq!((w.text.as_str(), w.not_for_shell), ("K=\"it's $5\"", vec!["K".to_owned()]));
        assert_eq!(write([("K", "'\"`\n")], Style::Quoted).map(|w| w.text), Err(Unwritable { name: "K".to_owned() }));
    }

    /// Texts that exercise every rule, and pseudo-random ones made of the pieces the rules are about.
    fn corpus() -> Vec<String> {
        let mut texts: Vec<String> = [
            "A=1",
            "A = 1 ",
            "export A=1",
            "export  A=1",
            "export=1",
            "export\nA=1",
            "exportA=1",
            "A: 1",
            "A:1",
            "A :1",
            "A=x # c",
            "A=x#c",
            "A='x # y'",
            "A=\"x # y\"",
            "A=`x # y`",
            "A='it's'",
            "A=\"a\\nb\"",
            "A='a\\nb'",
            "A=\"a\\rb\"",
            "A=\"a\\\\nb\"",
            "A=\"open",
            "A='open\nB=1",
            "A=\"l1\nl2\"",
            "A=\"l1\r\nl2\"",
            "A='a\\'b'",
            "A='x\\'\nB='y'",
            "A='x\\'\nB=' #'",
            "A='x' y",
            "A=\n'x'",
            "A:\nB=1",
            "A\n=1",
            "A=\nB=1",
            "A=\n#c\nB=1",
            "# c\nA=1\n\n  # d\n",
            "\u{feff}A=1",
            "A=\u{a0}x\u{a0}",
            "A=x\u{2028}y",
            "A='x'\u{2028}B=1",
            "A=\u{2028}'x'",
            "A=x\u{2028}'y'",
            "A='a\nb'c'",
            "A=\"\"",
            "A=''",
            "A=``",
            "A.b-c=1",
            "1=2",
            "A=1\nA=2",
            "A==",
            "=1",
            "A",
            "A=\\",
            "A=\"x\\\"\"",
            "A=\"x\\\" y\"",
            "A=\"x\\\"\" # c",
            "A=\t\"x\"\t",
            "A='x'\t#c\n\nB=2",
            "A='a\\'\nb\\'",
            "A=\"a\\\"\nb\\\"",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let pieces = [
            "A", "B", "=", ":", " ", "\t", "\n", "\r", "\r\n", "#", "'", "\"", "`", "\\", "export ", "n", "x",
            "\u{2028}", "\u{a0}", ".", "-", "\\'", "\\\"",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..4000 {
            let len = 1 + (next() % 24) as usize;
            texts.push((0..len).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect());
        }
        texts
    }

    /// Where the oracle lives: sst-resources-cli/tests/node, where `npm ci` installs the dotenv package SST depends on.
    fn oracle_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sst-resources-cli/tests/node")
    }

    /// Whether the oracle is installed. Where it is not, plain `cargo test` skips its test, saying what runs
    /// it, and `scripts/test` (`SST_RESOURCES_TESTS_STRICT`) fails; under `SST_RESOURCES_TESTS_NOTHING_INSTALLED`
    /// it counts as missing: the rules of the tests crate's `needs!`, which this crate, below it, cannot use.
    fn oracle_installed() -> bool {
        use std::io::Write;
        let dir = oracle_dir();
        let nothing_installed = std::env::var_os("SST_RESOURCES_TESTS_NOTHING_INSTALLED").is_some();
        if !nothing_installed && dir.join("node_modules/dotenv").exists() {
            return true;
        }
        let command = "npm ci --prefix sst-resources-cli/tests/node && cargo test -p sst-resources-import --lib dotenv";
        assert!(
            std::env::var_os("SST_RESOURCES_TESTS_STRICT").is_none(),
            "sst-resources-import/src/dotenv.rs needs the dotenv package in {}: run `{command}` (or scripts/test)",
            dir.display()
        );
        // Straight to the process's stderr: libtest captures `eprintln!` of a passing test.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: the tests of sst-resources-import/src/dotenv.rs that need npm's dotenv package; run them with `{command}`"
        );
        false
    }

    /// The oracle: dotenv's own `parse`, from the package SST depends on.
    fn dotenv_package(texts: &[String]) -> Vec<Vec<(String, String)>> {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let dir = oracle_dir();
        let mut node = Command::new("node")
            .arg("dotenv-parse.js")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run node (the oracle needs it): {e}"));
        let input = serde_json::to_string(texts).unwrap_or_default();
        node.stdin
            .take()
            .map(|mut stdin| stdin.write_all(input.as_bytes()))
            .transpose()
            .unwrap_or_else(|e| panic!("{e}"));
        let out = node.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "node failed");
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("node's answer: {e}"))
    }

    #[test]
    fn agrees_with_the_dotenv_package() {
        if !oracle_installed() {
            return;
        }
        let texts = corpus();
        let expected = dotenv_package(&texts);
        let mut accepted = 0;
        for (text, expected) in texts.iter().zip(expected) {
            // JavaScript puts names that are numbers first: compare without the order.
            let mut expected = expected;
            expected.sort();
            let mut got = parse_as_dotenv(text);
            got.sort();
            assert_eq!(got, expected, "{text:?}");
            if let Ok(entries) = parse(text) {
                accepted += 1;
                let mut got: Vec<(String, String)> = entries.into_iter().map(|e| (e.name, e.value)).collect();
                got.sort();
                assert_eq!(got, expected, "{text:?}");
            }
        }
        // Both kinds are in the corpus: texts `parse` accepts, and texts it refuses.
        assert!(accepted > 100 && accepted < texts.len() - 100, "{accepted} of {}", texts.len());
    }
}
