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

/// Walks a syntax tree: turns byte offsets into places and collects the diagnostics.
pub(crate) struct Reader<'t> {
    text: &'t str,
    file: &'t str,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
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
        Reader { text, file, line_starts, diagnostics: Vec::new() }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = match self.text.get(start..offset) {
            Some(before) => before.chars().count(),
            // Not on a character boundary (the parser never gives one): count the characters that start before it.
            None => self.text.char_indices().filter(|(i, _)| *i >= start && *i < offset).count(),
        };
        Position { line: to_u32(line), column: to_u32(column + 1) }
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

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
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
