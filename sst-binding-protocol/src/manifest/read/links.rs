//! The v3 form of `bindings.json`: `links` (the types file) and `functions`, each with its `link` list.

use std::collections::HashMap;

use crate::json::syntax::{Object, Value};

use super::heads::{each_function, head};
use crate::json::{Reader, string};
use crate::limits::MAX_MANIFEST_BYTES;
use crate::manifest::{LinkFunction, LinkUse, LinksManifest, LinksManifestError};
use crate::releases::{Release, ReleaseError};

const ROOT_KEYS: &[&str] = &["links", "sst", "functions", "$schema"];
const FUNCTION_KEYS: &[&str] = &["package", "bin", "link"];

/// Reads and checks the v3 form of a manifest. `file` is the name used in diagnostics.
pub fn parse_links(text: &str, file: &str) -> Result<LinksManifest, LinksManifestError> {
    let mut reader = Reader::new(text, file);
    let mut manifest = LinksManifest { file: file.to_owned(), ..LinksManifest::default() };
    let shape = "an object with `links` and `functions`";
    reader.read_root(MAX_MANIFEST_BYTES, "the manifest", shape, |reader, root| read_root(reader, root, &mut manifest));
    if reader.diagnostics.is_empty() {
        Ok(manifest)
    } else {
        Err(LinksManifestError { diagnostics: reader.sorted_diagnostics(), partial: Box::new(manifest) })
    }
}

/// Whether `text` is the v3 form: a JSON object with a `links` key. Anything else is read as the v2 form,
/// whose reader reports what is wrong with it.
pub fn is_links_form(text: &str) -> bool {
    matches!(crate::json::syntax::parse(text), Ok(Some(Value::Object(root))) if root.get("links").is_some())
}

fn read_root(reader: &mut Reader<'_>, root: &Object<'_>, manifest: &mut LinksManifest) {
    let fields = reader.root_fields(root, ROOT_KEYS, "the manifest");
    let add_links = "name the types file SST writes, e.g. `\"links\": \"sst-env.d.ts\"`";
    if let Some(prop) = fields.require(reader, "links", add_links) {
        let message = "`links` must be a string, the path of the `sst-env.d.ts` SST writes, relative to this file";
        match reader.string(&prop.value, message) {
            Some("") => reader.error(reader.at(&prop.value), format!("`links` is empty: {add_links}")),
            Some(path) => {
                manifest.links = path.to_owned();
                manifest.links_at = reader.at(&prop.value);
            }
            None => {}
        }
    }
    if let Some(prop) = fields.get("sst") {
        manifest.sst = read_release(reader, &prop.value);
        manifest.sst_at = reader.at(&prop.value);
    }
    if let Some(prop) = fields.get("$schema") {
        reader.string(&prop.value, "`$schema` must be a string, the path or URL of the manifest's JSON Schema");
    }
    let add_functions =
        "add each function's links, e.g. `\"functions\": { \"checkout\": { \"link\": [\"MyBucket\"] } }`";
    let Some(prop) = fields.require(reader, "functions", add_functions) else { return };
    let Value::Object(functions) = &prop.value else {
        reader.error(reader.at(&prop.value), format!("`functions` must be an object: {add_functions}"));
        return;
    };
    each_function(reader, functions, "{ \"link\": [\"MyBucket\"] }", |reader, name, at, body| {
        let fields = reader.fields(body, FUNCTION_KEYS, &format!("function `{name}`"));
        let head = head(reader, &fields, name, at);
        let mut link = Vec::new();
        let add_link = "add its links, e.g. `\"link\": [\"MyBucket\"]` (`[]` for none)";
        if let Some(prop) = fields.require(reader, "link", add_link) {
            read_links(reader, name, &prop.value, &mut link);
        }
        manifest.functions.push(LinkFunction { head, link });
    });
}

/// `sst`: the release the app is on, as its `package.json` pins `sst` (`"4.5.12"`).
fn read_release(reader: &mut Reader<'_>, value: &Value<'_>) -> Option<Release> {
    let write = "write the version of `sst` the app's package.json pins, e.g. `\"sst\": \"4.17.1\"`, or leave \
                 `sst` out to read links as the newest release does";
    let text = reader.string(value, &format!("`sst` must be a string, the SST release the app is on: {write}"))?;
    let message = match Release::parse(text) {
        Ok(release) => return Some(release),
        Err(ReleaseError::NotARelease) => {
            format!("`sst` is {text:?}, not a release MAJOR.MINOR.PATCH (no range, no `v`): {write}")
        }
        Err(ReleaseError::NotLinks { major }) => format!(
            "`sst` is {text:?}, a release of SST v{major}: links are SST v3's and v4's; for an SST v2 app write \
             the manifest with `app`, `resources` and `functions` instead, else {write}"
        ),
    };
    reader.error(reader.at(value), message);
    None
}

/// A function's `link`: the names of the components it links, each once.
fn read_links(reader: &mut Reader<'_>, function: &str, value: &Value<'_>, out: &mut Vec<LinkUse>) {
    let Value::Array(links) = value else {
        reader.error(reader.at(value), "`link` must be an array of link names like \"MyBucket\"");
        return;
    };
    let mut first_lines: HashMap<&str, u32> = HashMap::new();
    for element in &links.elements {
        let at = reader.at(element);
        match string(element) {
            Some("") | None => reader.error(at, "a link is the non-empty name of a component, like \"MyBucket\""),
            Some(name) => match first_lines.get(name) {
                Some(line) => reader.error(
                    at,
                    format!("function `{function}` links `{name}` twice (first on line {line}); remove one"),
                ),
                None => {
                    first_lines.insert(name, at.line);
                    out.push(LinkUse { name: name.to_owned(), at });
                }
            },
        }
    }
}
