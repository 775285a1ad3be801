//! Reading JSON with places, shared by the manifest and the values file: strict parsing, byte offsets
//! made `line:column`, diagnostics collected and sorted, and "did you mean" suggestions.

use std::fmt;

use jsonc_parser::ParseOptions;
use jsonc_parser::ast::{ObjectProp, ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::ParseErrorKind;

use crate::limits::MAX_NESTING;
use crate::manifest::{Diagnostic, Position};

/// Plain JSON: the files are read by other JSON tools too, so none of JSONC's or JSON5's extensions.
pub(crate) const STRICT_JSON: ParseOptions = ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// How close a name must be to a known one to be suggested (`strsim::normalized_damerau_levenshtein`,
/// case-insensitive): one typo in a short word (`apps`, `typ`), two in a longer one (`S3Bucket`).
const SUGGESTION_THRESHOLD: f64 = 0.65;

/// How many bytes of text a column is counted over at most: the characters before every `BLOCK`-th byte
/// are counted once, in [`Reader::new`].
const BLOCK: usize = 64;

/// Walks a syntax tree: turns byte offsets into places and collects the diagnostics.
pub(crate) struct Reader<'t> {
    text: &'t str,
    file: &'t str,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// The number of characters before byte `i * BLOCK` (of a text that is not all ASCII), so that a
    /// place costs the same on any line, however long (a manifest written on one line has one line).
    chars_before_block: Vec<usize>,
    /// Whether every character is one byte (the usual manifest): then a column is a subtraction.
    ascii: bool,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    pub(crate) fn new(text: &'t str, file: &'t str) -> Reader<'t> {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            // A lone `\r` ends a line too, as the parser counts it.
            if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        let ascii = text.is_ascii();
        let mut chars_before_block = vec![0];
        if !ascii {
            chars_before_block.reserve(bytes.len() / BLOCK);
            let mut chars = 0;
            for block in bytes.chunks(BLOCK) {
                chars += char_starts(block);
                chars_before_block.push(chars);
            }
        }
        Reader { text, file, line_starts, chars_before_block, ascii, diagnostics: Vec::new() }
    }

    /// The 1-based line and column (in characters) of a byte offset: a binary search in the line table,
    /// then at most `BLOCK` bytes counted.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        // Counts the characters that start before `offset`, also where it is not on a character boundary
        // (the parser never gives one).
        let column = if self.ascii { offset - start } else { self.chars_before(offset) - self.chars_before(start) };
        Position { line: to_u32(line), column: to_u32(column + 1) }
    }

    /// The number of characters that start before byte `offset` (at most the text's length).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let counted = self.chars_before_block.get(block).copied().unwrap_or_default();
        counted + char_starts(self.text.as_bytes().get(block * BLOCK..offset).unwrap_or_default())
    }

    pub(crate) fn at(&self, node: &impl Ranged) -> Position {
        self.position(node.range().start)
    }

    pub(crate) fn line_of(&self, node: &impl Ranged) -> u32 {
        self.at(node).line
    }

    pub(crate) fn error(&mut self, at: Position, message: impl Into<String>) {
        let message = one_line(message.into());
        self.diagnostics.push(Diagnostic { file: self.file.to_owned(), at, message });
    }

    /// The diagnostics in the order of their places (two at one place keep the order they were found in).
    pub(crate) fn sorted_diagnostics(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        diagnostics.sort_by_key(|d| d.at);
        diagnostics
    }
}

/// A message with every control character escaped (`\r`, `\u{1b}`): a key or a name echoed from the
/// input may hold one, and a diagnostic is one line (the parser lets them through in strings).
fn one_line(message: String) -> String {
    if !message.contains(char::is_control) {
        return message;
    }
    message.chars().fold(String::with_capacity(message.len()), |mut out, c| {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        out
    })
}

/// The parser's complaint about `what` (`the manifest`), starting lower-case, with a reminder where the
/// text used a JSONC/JSON5 extension.
pub(crate) fn invalid_json(kind: &ParseErrorKind, what: &str) -> String {
    if matches!(kind, ParseErrorKind::NestingDepthExceeded) {
        return format!("{what} nests objects and arrays more than {MAX_NESTING} levels deep here, the limit");
    }
    let text = lower_first(&kind.to_string());
    let extension = matches!(
        kind,
        ParseErrorKind::CommentsNotAllowed
            | ParseErrorKind::TrailingCommasNotAllowed
            | ParseErrorKind::ExpectedStringObjectProperty
            | ParseErrorKind::SingleQuotedStringsNotAllowed
            | ParseErrorKind::HexadecimalNumbersNotAllowed
            | ParseErrorKind::UnaryPlusNumbersNotAllowed
            | ParseErrorKind::BareDecimalPointNumbersNotAllowed
            | ParseErrorKind::NonFiniteNumbersNotAllowed
    );
    if extension { format!("invalid JSON: {text} ({what} is plain JSON)") } else { format!("invalid JSON: {text}") }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of an object key.
pub(crate) fn key<'o>(prop: &'o ObjectProp<'_>) -> &'o str {
    match &prop.name {
        ObjectPropName::String(lit) => &lit.value,
        ObjectPropName::Word(word) => word.value,
    }
}

/// The string of a string value.
pub(crate) fn string<'o>(value: &'o Value<'_>) -> Option<&'o str> {
    match value {
        Value::StringLit(lit) => Some(&lit.value),
        _ => None,
    }
}

/// The known name closest to `name`, if one is close enough to be a typo of it.
pub(crate) fn suggestion<S: AsRef<str>>(name: &str, known: &[S]) -> Option<String> {
    let name_lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    let name_chars = name_lower.chars().count();
    for candidate in known.iter().map(AsRef::as_ref).filter(|c| *c != name) {
        let candidate_lower = candidate.to_lowercase();
        // The distance is at least the difference in length, so names whose lengths differ this much score
        // below the threshold whatever their letters: skipping them keeps a hostile, very long name from
        // costing its length times every known name's length.
        let candidate_chars = candidate_lower.chars().count();
        if (name_chars.min(candidate_chars) as f64) < SUGGESTION_THRESHOLD * name_chars.max(candidate_chars) as f64 {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(&name_lower, &candidate_lower);
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// `; did you mean `X`?` where a known name is close to `name`.
pub(crate) fn did_you_mean<S: AsRef<str>>(name: &str, known: &[S]) -> Option<String> {
    suggestion(name, known).map(|s| format!("; did you mean `{s}`?"))
}

/// One diagnostic a line.
pub(crate) fn write_lines(f: &mut fmt::Formatter<'_>, diagnostics: &[Diagnostic]) -> fmt::Result {
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{d}")?;
    }
    Ok(())
}

/// The number of characters that start in `bytes`: every byte but UTF-8's continuation bytes (`10xxxxxx`).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place of `offset` counted the slow way: lines end after `\n` or a lone `\r`, and the column
    /// counts the characters from the line's start.
    fn counted(text: &str, offset: usize) -> Position {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let (mut line, mut start) = (1, 0);
        for (k, (i, c)) in chars.iter().enumerate() {
            let lone_cr = *c == '\r' && chars.get(k + 1).is_none_or(|(_, next)| *next != '\n');
            if (*c == '\n' || lone_cr) && *i < offset {
                (line, start) = (line + 1, i + 1);
            }
        }
        let column = chars.iter().filter(|(i, _)| *i >= start && *i < offset).count() + 1;
        Position { line, column: to_u32(column) }
    }

    #[test]
    fn places_are_lines_and_characters_at_every_offset() {
        let long_line = format!("{{\"app\": \"é{}\", \"x\": \"日本\"}}", "a".repeat(300));
        for text in ["", "{}", "{\n  \"a\": \"é\"\r\n}\r\"b\"", "\u{1F600}\u{1F600}\n\u{1F600}", long_line.as_str()] {
            let reader = Reader::new(text, "bindings.json");
            for offset in 0..=text.len() {
                assert_eq!(reader.position(offset), counted(text, offset), "{text:?} at byte {offset}");
            }
        }
    }

    #[test]
    fn a_diagnostic_is_one_line_whatever_the_input_holds() {
        // A raw line break inside a key (found by the fuzzer): the message shows it escaped.
        let error = crate::manifest::parse("{\"app\": \"a\rb\"}", "bindings.json").unwrap_err();
        let messages: Vec<&str> = error.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages[2],
            "the app name `a\\rb` must start with a letter or digit and hold only letters, digits, `_`, `.` and `-`"
        );
        assert_eq!(super::one_line("plain".into()), "plain");
        assert_eq!(super::one_line("a\u{1b}[2Jb\n".into()), "a\\u{1b}[2Jb\\n");
    }
}
