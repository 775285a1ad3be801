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

use jsonc_parser::ast::{Object, ObjectProp, Value};
use jsonc_parser::{CollectOptions, parse_to_ast};

use super::{Manifest, ManifestError, Position};
use crate::catalog::Catalog;
use crate::json::{Reader, STRICT_JSON, did_you_mean, invalid_json, key, string};
use crate::limits::{self, MAX_MANIFEST_BYTES, MAX_RESOURCES};
use crate::names;

/// `$schema` lets an editor find the JSON Schema (`sst-resources schema`).
const ROOT_KEYS: &[&str] = &["app", "resources", "kinds", "functions", "$schema"];

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
    if text.len() > MAX_MANIFEST_BYTES {
        reader
            .error(Position { line: 1, column: 1 }, limits::too_large("the manifest", text.len(), MAX_MANIFEST_BYTES));
        return reader.finish(manifest);
    }
    match parse_to_ast(text, &CollectOptions::default(), &STRICT_JSON) {
        Err(e) => {
            let at = reader.position(e.range().start);
            reader.error(at, invalid_json(e.kind(), "the manifest"));
        }
        Ok(parsed) => match parsed.value {
            Some(Value::Object(root)) => reader.manifest(&root, &mut manifest),
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

fn too_many_resources(value: &Value<'_>) -> bool {
    matches!(value, Value::Array(resources) if resources.elements.len() > MAX_RESOURCES)
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

impl Reader<'_> {
    /// The known keys of `object`; every unknown key (with a suggestion) and repeated key is reported.
    /// `place` names the object in messages: `the manifest`, `a resource`, `function `api``.
    fn fields<'o, 'a>(&mut self, object: &'o Object<'a>, allowed: &[&str], place: &str) -> Fields<'o, 'a> {
        let mut found: Vec<&'o ObjectProp<'a>> = Vec::new();
        for prop in &object.properties {
            let name = key(prop);
            if !allowed.contains(&name) {
                let at = self.at(&prop.name);
                let message = match did_you_mean(name, allowed) {
                    Some(hint) => format!("unknown key `{name}` in {place}{hint}"),
                    None => format!("unknown key `{name}` in {place}: its keys are {}", list(allowed)),
                };
                self.error(at, message);
            } else if let Some(first) = found.iter().find(|p| key(p) == name) {
                let at = self.at(&prop.name);
                let line = self.line_of(&first.name);
                self.error(at, format!("key `{name}` is given twice in {place} (first on line {line}); remove one"));
            } else {
                found.push(prop);
            }
        }
        Fields { found }
    }

    /// Checks the root object and fills `manifest` with what is valid.
    fn manifest(&mut self, root: &Object<'_>, manifest: &mut Manifest) {
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
            Some(prop) if too_many_resources(&prop.value) => {
                let message = format!("the manifest declares more than {MAX_RESOURCES} resources, the limit");
                self.error(self.at(&prop.value), message);
                // Every binding would be to an unknown resource: one error is enough.
                return;
            }
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
            Err(ManifestError { diagnostics: self.sorted_diagnostics(), partial: manifest })
        }
    }
}
