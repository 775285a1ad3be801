//! The one kit for reading JSON with places, shared by the manifest and the values file: strict parsing
//! (`syntax`, a parser of plain JSON that keeps every node's bytes) of a root object within a size limit,
//! byte offsets made `line:column`, an object's fields read with their allowed keys (unknown and repeated
//! keys reported), typed values ("must be a string"), diagnostics collected and sorted, and "did you mean"
//! suggestions. A reader of one file adds only its own rules.

use std::collections::HashMap;
use std::fmt;

pub mod syntax;

use syntax::{ErrorKind, Object, ObjectProp, Ranged, Value};

use crate::limits::MAX_NESTING;

/// A place in a file read (the manifest, a values file), 1-based; the column counts characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One problem in a file read, at its place: `bindings.json:3:14: unknown type `Buckett`; did you mean `Bucket`?`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (e.g. `bindings.json`).
    pub file: String,
    pub at: Position,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.at.line, self.at.column, self.message)
    }
}

/// How close a name must be to a known one to be suggested ([`similarity`], case-insensitive): one typo in
/// a short word (`apps`, `typ`), two in a longer one (`S3Bucket`).
const SUGGESTION_THRESHOLD: f64 = 0.65;

/// How many bytes of text a column is counted over at most: the characters before every `BLOCK`-th byte
/// are counted once, in [`Reader::new`].
const BLOCK: usize = 64;

/// Walks a syntax tree: turns byte offsets into places and collects the diagnostics.
pub struct Reader<'t> {
    text: &'t str,
    file: &'t str,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// The number of characters before byte `i * BLOCK` (of a text that is not all ASCII), so that a
    /// place costs the same on any line, however long (a manifest written on one line has one line).
    chars_before_block: Vec<usize>,
    /// Whether every character is one byte (the usual manifest): then a column is a subtraction.
    ascii: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    pub fn new(text: &'t str, file: &'t str) -> Reader<'t> {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            // A lone `\r` ends a line too.
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
    pub fn position(&self, offset: usize) -> Position {
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

    pub fn at(&self, node: &impl Ranged) -> Position {
        self.position(node.range().start)
    }

    pub fn error(&mut self, at: Position, message: impl Into<String>) {
        let message = message.into();
        let message = crate::text::one_line(&message).into_owned();
        self.diagnostics.push(Diagnostic { file: self.file.to_owned(), at, message });
    }

    /// The diagnostics in the order of their places (two at one place keep the order they were found in).
    pub fn sorted_diagnostics(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        sort(&mut diagnostics);
        diagnostics
    }

    /// Parses the text as plain JSON and hands its root object to `read`. Every other outcome is one
    /// diagnostic: a text over `max_bytes`, invalid JSON, a root that is not an object, no value at all.
    /// `what` names the file in messages (`the manifest`), `shape` what it must be (`an object like ...`).
    pub fn read_root(
        &mut self,
        max_bytes: usize,
        what: &str,
        shape: &str,
        read: impl FnOnce(&mut Reader<'t>, &Object<'_>),
    ) {
        let start = Position { line: 1, column: 1 };
        if self.text.len() > max_bytes {
            self.error(start, crate::limits::too_large(what, self.text.len(), max_bytes));
            return;
        }
        match syntax::parse(self.text) {
            Err(e) => {
                let at = self.position(e.at);
                self.error(at, invalid_json(e.kind, what));
            }
            Ok(Some(Value::Object(root))) => read(self, &root),
            Ok(Some(other)) => {
                let at = self.at(&other);
                self.error(at, format!("{what} must be {shape}"));
            }
            Ok(None) => self.error(start, format!("{what} is empty: write {shape}")),
        }
    }

    /// The properties of `object`, each key once, in order: a key given again is reported with the
    /// message `repeated` makes of it and of its first line, and left out. Linear in the number of keys.
    pub fn unique<'o, 'a>(
        &mut self,
        props: impl IntoIterator<Item = &'o ObjectProp<'a>>,
        repeated: impl Fn(&str, u32) -> String,
    ) -> Vec<&'o ObjectProp<'a>>
    where
        'a: 'o,
    {
        let mut out = Vec::new();
        let mut first_lines: HashMap<&'o str, u32> = HashMap::new();
        for prop in props {
            let name = key(prop);
            let at = self.at(&prop.name);
            match first_lines.get(name) {
                Some(line) => self.error(at, repeated(name, *line)),
                None => {
                    first_lines.insert(name, at.line);
                    out.push(prop);
                }
            }
        }
        out
    }

    /// The known keys of `object`, each once: every unknown key (with a suggestion) and every repeated key
    /// is reported. `place` names the object in messages: `a resource`, `function `api``.
    pub fn fields<'o, 'a>(&mut self, object: &'o Object<'a>, allowed: &[&str], place: &str) -> Fields<'o, 'a> {
        let at = self.at(object);
        Fields { found: self.known_keys(object, allowed, place), place: format!(" in {place}"), at }
    }

    /// [`Reader::fields`] of a file's root object, whose missing keys are said without a place.
    pub fn root_fields<'o, 'a>(&mut self, root: &'o Object<'a>, allowed: &[&str], what: &str) -> Fields<'o, 'a> {
        let at = self.at(root);
        Fields { found: self.known_keys(root, allowed, what), place: String::new(), at }
    }

    fn known_keys<'o, 'a>(&mut self, object: &'o Object<'a>, allowed: &[&str], place: &str) -> Vec<&'o ObjectProp<'a>> {
        let known = object.properties.iter().filter(|prop| {
            let name = key(prop);
            if allowed.contains(&name) {
                return true;
            }
            let kind = format!("key `{name}` in {place}");
            let message =
                unknown(&kind, name, allowed, || format!("its keys are {}", crate::text::in_backticks(allowed)));
            self.error(self.at(&prop.name), message);
            false
        });
        let known: Vec<&'o ObjectProp<'a>> = known.collect();
        self.unique(known, |name, line| {
            format!("key `{name}` is given twice in {place} (first on line {line}); remove one")
        })
    }

    /// The string of `value`; where it is not one, `message` is reported at it.
    pub fn string<'o>(&mut self, value: &'o Value<'_>, message: &str) -> Option<&'o str> {
        let text = string(value);
        if text.is_none() {
            self.error(self.at(value), message);
        }
        text
    }
}

/// The known keys of an object, each once (unknown and repeated keys have been reported).
pub struct Fields<'o, 'a> {
    found: Vec<&'o ObjectProp<'a>>,
    /// ` in a resource`, or nothing for a file's root.
    place: String,
    /// The place of the object, where a missing key is reported.
    at: Position,
}

impl<'o, 'a> Fields<'o, 'a> {
    pub fn get(&self, name: &str) -> Option<&'o ObjectProp<'a>> {
        self.found.iter().copied().find(|p| key(p) == name)
    }

    /// The field `name`; where it is missing, `missing key `{name}` in {place}: {add}` is reported at the
    /// object (`add`: what to write, e.g. `add its id, e.g. ...`).
    pub fn require(&self, reader: &mut Reader<'_>, name: &str, add: &str) -> Option<&'o ObjectProp<'a>> {
        let field = self.get(name);
        if field.is_none() {
            reader.error(self.at, format!("missing key `{name}`{}: {add}", self.place));
        }
        field
    }
}

/// `unknown {kind}; did you mean `X`?` where a known name is close to `name`, else
/// `unknown {kind}: {otherwise}`. `kind` is what is unknown, as a message says it: `type `Buckett``.
pub fn unknown<S: AsRef<str>>(kind: &str, name: &str, known: &[S], otherwise: impl FnOnce() -> String) -> String {
    match did_you_mean(name, known) {
        Some(hint) => format!("unknown {kind}{hint}"),
        None => format!("unknown {kind}: {}", otherwise()),
    }
}

/// The parser's complaint about `what` (`the manifest`), starting lower-case, with a reminder where the
/// text used a JSONC/JSON5 extension.
fn invalid_json(kind: ErrorKind, what: &str) -> String {
    if kind == ErrorKind::TooDeep {
        return format!("{what} nests objects and arrays more than {MAX_NESTING} levels deep here, the limit");
    }
    let text = kind.message();
    if kind.is_extension() {
        format!("invalid JSON: {text} ({what} is plain JSON)")
    } else {
        format!("invalid JSON: {text}")
    }
}

/// Puts `diagnostics` in the order of their places; two at one place keep their order. Every reader sorts
/// with this one function: each sort of another closure is the sort's code again in users' builds.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.at);
}

/// The text of an object key.
pub fn key<'o>(prop: &'o ObjectProp<'_>) -> &'o str {
    &prop.name.value
}

/// The string of a string value.
pub fn string<'o>(value: &'o Value<'_>) -> Option<&'o str> {
    match value {
        Value::StringLit(lit) => Some(&lit.value),
        _ => None,
    }
}

/// The known name closest to `name`, if one is close enough to be a typo of it.
pub fn suggestion<S: AsRef<str>>(name: &str, known: &[S]) -> Option<String> {
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
        let score = similarity(&name_lower, &candidate_lower);
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// How alike `a` and `b` are, from 0 to 1: 1 less their Damerau-Levenshtein distance over the length of
/// the longer, in characters (1 for two empty names). This is `strsim` 0.11's
/// `normalized_damerau_levenshtein`, and the tests compare the two; it is written here for what a user's
/// build compiles, since the macro is the only user of it there: `strsim` was a crate of its own, 0.2 s of
/// CPU in every build of a function that uses the macro, for this one function (docs/performance.md).
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    1.0 - damerau_levenshtein(&a, &b) as f64 / a.len().max(b.len()) as f64
}

/// The fewest insertions, deletions, substitutions and swaps of two adjacent characters that make `a` into
/// `b`, where a swapped pair may still be edited further (the unrestricted distance, as `strsim`'s; the
/// algorithm of Lowrance and Wagner, 1975).
fn damerau_levenshtein(a: &[char], b: &[char]) -> usize {
    // Each character as a small number (its index among the distinct characters, found by a scan: the
    // scan costs no more than the table below, and a sort's code is large in users' builds), so that the
    // last row of `a` holding it is an index, not a map.
    let mut alphabet: Vec<char> = Vec::new();
    let mut symbol = |c: &char| match alphabet.iter().position(|known| known == c) {
        Some(index) => index,
        None => {
            alphabet.push(*c);
            alphabet.len() - 1
        }
    };
    let a: Vec<usize> = a.iter().map(&mut symbol).collect();
    let b: Vec<usize> = b.iter().map(&mut symbol).collect();
    // `d[(i + 1) * width + j + 1]` is the distance between the first `i` characters of `a` and the first
    // `j` of `b`; row and column 0 are a bound no edit reaches.
    let (width, far) = (b.len() + 2, a.len() + b.len());
    let mut d = vec![0; (a.len() + 2) * width];
    d[0] = far;
    for i in 0..=a.len() {
        d[(i + 1) * width] = far;
        d[(i + 1) * width + 1] = i;
    }
    for j in 0..=b.len() {
        d[j + 1] = far;
        d[width + j + 1] = j;
    }
    // For each character, the last row (1-based) of `a` it was seen on; 0 for none yet.
    let mut last_row = vec![0; alphabet.len()];
    for i in 1..=a.len() {
        // The last column (1-based) of this row where `a`'s and `b`'s characters matched.
        let mut last_match = 0;
        for j in 1..=b.len() {
            let (k, l) = (last_row[b[j - 1]], last_match);
            let cost = if a[i - 1] == b[j - 1] {
                last_match = j;
                0
            } else {
                1
            };
            d[(i + 1) * width + j + 1] = (d[i * width + j] + cost)
                .min(d[(i + 1) * width + j] + 1)
                .min(d[i * width + j + 1] + 1)
                .min(d[k * width + l] + (i - k - 1) + 1 + (j - l - 1));
        }
        last_row[a[i - 1]] = i;
    }
    d[(a.len() + 1) * width + b.len() + 1]
}

/// `; did you mean `X`?` where a known name is close to `name`.
pub fn did_you_mean<S: AsRef<str>>(name: &str, known: &[S]) -> Option<String> {
    suggestion(name, known).map(|s| format!("; did you mean `{s}`?"))
}

/// One diagnostic a line.
pub fn write_lines(f: &mut fmt::Formatter<'_>, diagnostics: &[Diagnostic]) -> fmt::Result {
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

pub fn to_u32(n: usize) -> u32 {
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

    /// Every pair of strings of up to 4 characters over 4 (one of two bytes), and some of SST's names:
    /// the same similarity as `strsim` 0.11, which `similarity` replaces in users' builds.
    #[test]
    fn similarity_is_strsim_s() {
        let alphabet = ['a', 'b', 'c', 'é'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            strings.extend(last.iter().cloned());
        }
        let names = ["bucket", "s3bucket", "bukcet", "mybucket", "function", "fucntion", "types", "apps", "stripekey"];
        strings.extend(names.iter().map(|n| n.to_string()));
        for a in &strings {
            for b in &strings {
                let ours = similarity(a, b);
                assert!(ours == strsim::normalized_damerau_levenshtein(a, b), "{a:?} and {b:?}: {ours}");
            }
        }
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
    #[cfg(feature = "v2")]
    fn a_diagnostic_is_one_line_whatever_the_input_holds() {
        // A raw line break inside a key (found by the fuzzer): the message shows it escaped.
        let error = crate::manifest::parse("{\"app\": \"a\rb\"}", "bindings.json").unwrap_err();
        let messages: Vec<&str> = error.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages[2],
            "the app name `a\\rb` must start with a letter or digit and hold only letters, digits, `_`, `.` and `-`"
        );
        // A right-to-left override would show the rest of the line reversed (Trojan Source): it is escaped.
        let text =
            "{\"app\": \"a\", \"functions\": {}, \"resources\": [{\"type\": \"Bucket\", \"id\": \"\u{202e}evil\"}]}";
        let error = crate::manifest::parse(text, "bindings.json").unwrap_err();
        let messages: Vec<&str> = error.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["the id `\\u{202e}evil` must start with a letter (a-z, A-Z)"]);
    }
}
