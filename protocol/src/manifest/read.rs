//! Reads `bindings.json` with the place of every node and checks it against manifest-and-api §1,
//! collecting every problem (not only the first) and what could be read in spite of them.
//!
//! One file a section: `kinds.rs` (custom kinds, read first: resources may use them), `resources.rs`,
//! `functions.rs` (bindings and their permissions). This file holds the entry point, the root object and
//! the `Reader` they share: places, diagnostics, key checks and "did you mean" suggestions.

mod functions;
mod kinds;
mod resources;
#[cfg(test)]
mod tests;

use jsonc_parser::ast::{Object, ObjectProp, ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::{Diagnostic, Manifest, ManifestError, Position};
use crate::catalog::Catalog;
use crate::names;

/// Plain JSON: the manifest is read by other JSON tools too, so none of JSONC's or JSON5's extensions.
const STRICT_JSON: ParseOptions = ParseOptions {
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

/// The keys of the root object.
/// `$schema` lets an editor find the JSON Schema (`sst-resources schema`).
const ROOT_KEYS: &[&str] = &["app", "resources", "kinds", "functions", "$schema"];

/// How close a name must be to a known one to be suggested (`strsim::normalized_damerau_levenshtein`,
/// case-insensitive): one typo in a short word (`apps`, `typ`), two in a longer one (`S3Bucket`).
const SUGGESTION_THRESHOLD: f64 = 0.65;

/// Reads and checks a manifest. `file` is the name used in diagnostics (`bindings.json`).
///
/// On any problem the error holds every diagnostic, in the order of their places, and the part of the
/// manifest that was valid (`partial`).
#[expect(clippy::result_large_err, reason = "the signature is the manifest module's contract; read once a build")]
pub fn parse(text: &str, file: &str) -> Result<Manifest, ManifestError> {
    let mut reader = Reader::new(text, file);
    let mut manifest = Manifest {
        file: file.to_owned(),
        app: String::new(),
        catalog: Catalog::builtin(),
        resources: Vec::new(),
        functions: Vec::new(),
    };
    match parse_to_ast(text, &CollectOptions::default(), &STRICT_JSON) {
        Err(e) => {
            let at = reader.position(e.range().start);
            reader.error(at, invalid_json(e.kind()));
        }
        Ok(parsed) => match parsed.value {
            Some(Value::Object(root)) => reader.root(&root, &mut manifest),
            Some(other) => {
                let at = reader.at(&other);
                reader.error(at, "the manifest must be an object with `app`, `resources` and `functions`");
            }
            None => reader.error(
                Position { line: 1, column: 1 },
                "the manifest is empty: write an object with `app`, `resources` and `functions`",
            ),
        },
    }
    reader.finish(manifest)
}

/// The parser's complaint, starting lower-case, with a reminder where the text used a JSONC/JSON5 extension.
fn invalid_json(kind: &ParseErrorKind) -> String {
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
    if extension {
        format!("invalid JSON: {text} (the manifest is plain JSON)")
    } else {
        format!("invalid JSON: {text}")
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of an object key.
fn key<'o>(prop: &'o ObjectProp<'_>) -> &'o str {
    match &prop.name {
        ObjectPropName::String(lit) => &lit.value,
        ObjectPropName::Word(word) => word.value,
    }
}

/// The string of a string value.
fn string<'o>(value: &'o Value<'_>) -> Option<&'o str> {
    match value {
        Value::StringLit(lit) => Some(&lit.value),
        _ => None,
    }
}

/// The known name closest to `name`, if one is close enough to be a typo of it.
fn suggestion<S: AsRef<str>>(name: &str, known: &[S]) -> Option<String> {
    let name_lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in known.iter().map(AsRef::as_ref).filter(|c| *c != name) {
        let score = strsim::normalized_damerau_levenshtein(&name_lower, &candidate.to_lowercase());
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// `; did you mean `X`?` where a known name is close to `name`, else nothing.
fn did_you_mean<S: AsRef<str>>(name: &str, known: &[S]) -> Option<String> {
    suggestion(name, known).map(|s| format!("; did you mean `{s}`?"))
}

/// `a`, `a` and `b`, `a`, `b` and `c`: the allowed keys of an object, for a message.
fn list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The known keys of an object, each once (unknown and repeated keys have been reported).
struct Fields<'o, 'a> {
    found: Vec<&'o ObjectProp<'a>>,
}

impl<'o, 'a> Fields<'o, 'a> {
    fn get(&self, name: &str) -> Option<&'o ObjectProp<'a>> {
        self.found.iter().copied().find(|p| key(p) == name)
    }
}

/// Walks the syntax tree: turns byte offsets into places and collects the diagnostics.
struct Reader<'t> {
    text: &'t str,
    file: &'t str,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, file: &'t str) -> Reader<'t> {
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
    fn position(&self, offset: usize) -> Position {
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = match self.text.get(start..offset) {
            Some(before) => before.chars().count(),
            // Not on a character boundary (the parser never gives one): count the characters that start before it.
            None => self.text.char_indices().filter(|(i, _)| *i >= start && *i < offset).count(),
        };
        Position { line: to_u32(line), column: to_u32(column + 1) }
    }

    fn at(&self, node: &impl Ranged) -> Position {
        self.position(node.range().start)
    }

    fn line_of(&self, node: &impl Ranged) -> u32 {
        self.at(node).line
    }

    fn error(&mut self, at: Position, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic { file: self.file.to_owned(), at, message: message.into() });
    }

    /// The known keys of `object`; every unknown key (with a suggestion) and repeated key is reported.
    /// `place` names the object in messages: `the manifest`, `a resource`, `function `api``.
    fn fields<'o, 'a>(&mut self, object: &'o Object<'a>, allowed: &[&str], place: &str) -> Fields<'o, 'a> {
        let mut found: Vec<&'o ObjectProp<'a>> = Vec::new();
        for prop in &object.properties {
            let name = key(prop);
            let at = self.at(&prop.name);
            if !allowed.contains(&name) {
                let message = match did_you_mean(name, allowed) {
                    Some(hint) => format!("unknown key `{name}` in {place}{hint}"),
                    None => format!("unknown key `{name}` in {place}: its keys are {}", list(allowed)),
                };
                self.error(at, message);
            } else if let Some(first) = found.iter().find(|p| key(p) == name) {
                let line = self.line_of(&first.name);
                self.error(at, format!("key `{name}` is given twice in {place} (first on line {line}); remove one"));
            } else {
                found.push(prop);
            }
        }
        Fields { found }
    }

    /// Checks the root object and fills `manifest` with what is valid.
    fn root(&mut self, root: &Object<'_>, manifest: &mut Manifest) {
        let fields = self.fields(root, ROOT_KEYS, "the manifest");
        let at = self.at(root);

        match fields.get("app") {
            None => self.error(at, "missing key `app`: add the SST app name, e.g. `\"app\": \"my-sst-app\"`"),
            Some(prop) => match string(&prop.value) {
                None => {
                    self.error(self.at(&prop.value), "`app` must be a string, the SST app name, e.g. \"my-sst-app\"")
                }
                Some("") => {
                    self.error(self.at(&prop.value), "`app` is empty: give the SST app name, e.g. \"my-sst-app\"")
                }
                Some(app) => match names::check_app_name(app) {
                    Ok(()) => manifest.app = app.to_owned(),
                    Err(e) => self.error(self.at(&prop.value), e.0),
                },
            },
        }

        if let Some(prop) = fields.get("$schema")
            && string(&prop.value).is_none()
        {
            self.error(
                self.at(&prop.value),
                "`$schema` must be a string, the path or URL of the manifest's JSON Schema",
            );
        }

        // Kinds first: a resource may use a kind declared further down.
        let declared_kinds = match fields.get("kinds") {
            Some(prop) => kinds::read(self, &prop.value, &mut manifest.catalog),
            None => Vec::new(),
        };

        let declared_resources = match fields.get("resources") {
            Some(prop) => {
                resources::read(self, &prop.value, &manifest.catalog, &declared_kinds, &mut manifest.resources)
            }
            None => {
                self.error(
                    at,
                    "missing key `resources`: add the app's resources, e.g. \
                     `\"resources\": [{ \"type\": \"Bucket\", \"id\": \"myFiles\" }]`",
                );
                Vec::new()
            }
        };

        match fields.get("functions") {
            Some(prop) => {
                functions::read(self, &prop.value, &manifest.resources, &declared_resources, &mut manifest.functions)
            }
            None => self.error(
                at,
                "missing key `functions`: add each function's bindings, e.g. \
                 `\"functions\": { \"api\": { \"bind\": [\"Bucket.myFiles\"] } }`",
            ),
        }
    }

    #[expect(clippy::result_large_err, reason = "what `parse` returns")]
    fn finish(mut self, manifest: Manifest) -> Result<Manifest, ManifestError> {
        if self.diagnostics.is_empty() {
            Ok(manifest)
        } else {
            // Stable: two problems at one place keep the order in which they were found.
            self.diagnostics.sort_by_key(|d| d.at);
            Err(ManifestError { diagnostics: self.diagnostics, partial: manifest })
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
