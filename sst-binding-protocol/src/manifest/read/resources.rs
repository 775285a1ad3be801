//! `resources`: every resource of the app, `[{ "type": "Bucket", "id": "myFiles" }, ...]`.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::json::syntax::Value;

use crate::catalog::{self, CONFIG, Catalog, PARAMETER, SECRET};
use crate::json::{Position, Reader, unknown};
use crate::manifest::Resource;
use crate::names;

const RESOURCE_KEYS: &[&str] = &["type", "id"];

/// A resource as written, valid or not: a binding to it is not reported when the resource itself was.
pub(super) struct Declared {
    /// `None` where the type is unknown.
    pub construct: Option<String>,
    /// Normalized (`-` -> `_`).
    pub id: String,
}

/// A resource whose type is known and id valid, to find repeated ids and colliding accessors.
#[derive(Clone, Copy)]
struct Seen<'v> {
    construct: &'v str,
    id: &'v str,
    line: u32,
}

/// The first resource of each id and of each accessor, by Rust type (which is also the id namespace:
/// `Config` for secrets and parameters).
struct SeenResources<'v> {
    /// By Rust type and normalized id.
    ids: HashMap<(&'v str, String), Seen<'v>>,
    /// By Rust type and accessor name.
    accessors: HashMap<(&'v str, String), Seen<'v>>,
}

impl SeenResources<'_> {
    fn with_capacity(resources: usize) -> Self {
        SeenResources { ids: HashMap::with_capacity(resources), accessors: HashMap::with_capacity(resources) }
    }
}

/// Checks `resources` and adds every valid resource to `out`, in file order. Returns the others that have a
/// string id, so that bindings to them are not reported on top of their own problem.
pub(super) fn read(
    reader: &mut Reader<'_>,
    value: &Value<'_>,
    catalog: &Catalog,
    declared_kinds: &[String],
    out: &mut Vec<Resource>,
) -> Vec<Declared> {
    let Value::Array(resources) = value else {
        reader.error(
            reader.at(value),
            "`resources` must be an array of resources like { \"type\": \"Bucket\", \"id\": \"myFiles\" }",
        );
        return Vec::new();
    };
    let mut type_names: Vec<&str> = catalog.iter().map(|c| c.name.as_ref()).collect();
    type_names.extend(declared_kinds.iter().map(String::as_str).filter(|k| catalog.get(k).is_none()));
    let known_types: HashSet<&str> = type_names.iter().copied().collect();

    let mut declared = Vec::new();
    let mut seen = SeenResources::with_capacity(resources.elements.len());
    for element in &resources.elements {
        let Value::Object(resource) = element else {
            reader.error(
                reader.at(element),
                "a resource must be an object like { \"type\": \"Bucket\", \"id\": \"myFiles\" }",
            );
            continue;
        };
        let at = reader.at(resource);
        let fields = reader.fields(resource, RESOURCE_KEYS, "a resource");

        let construct =
            fields.require(reader, "type", "add its construct, e.g. `\"type\": \"Bucket\"`").and_then(|prop| {
                let name =
                    reader.string(&prop.value, "`type` must be a string, the name of a construct, e.g. \"Bucket\"")?;
                let known = known_types.contains(name);
                if !known {
                    reader.error(reader.at(&prop.value), unknown_type(name, &type_names));
                }
                Some((name, known))
            });

        let id = fields.require(reader, "id", "add its id, e.g. `\"id\": \"myFiles\"`").and_then(|prop| {
            let id = reader.string(&prop.value, "`id` must be a string, e.g. \"myFiles\"")?;
            let id_at = reader.at(&prop.value);
            let valid = names::check_id(id).map_err(|e| reader.error(id_at, e.to_string())).is_ok();
            Some((id, id_at, valid))
        });

        let Some((id, id_at, id_valid)) = id else { continue };
        // A resource without a usable type still silences bindings to its id.
        let (construct, known) = construct.unwrap_or(("", false));
        let valid = known && id_valid && is_unique(reader, &mut seen, construct, id, id_at);
        if valid && catalog.get(construct).is_some() {
            out.push(Resource { construct: construct.to_owned(), id: id.to_owned(), at });
        } else {
            declared.push(Declared { construct: known.then(|| construct.to_owned()), id: names::normalize_id(id) });
        }
    }
    declared
}

fn unknown_type(name: &str, type_names: &[&str]) -> String {
    if name == CONFIG {
        return format!("unknown type `{CONFIG}`: a secret is of type `{SECRET}`, a parameter of type `{PARAMETER}`");
    }
    unknown(&format!("type `{name}`"), name, type_names, || {
        "use one of SST's constructs (e.g. `Bucket`, `Table`, `Secret`) or declare it under `kinds`".to_owned()
    })
}

/// Whether the resource is the first of its id in its namespace and its accessor is free; reports it if not.
fn is_unique<'v>(
    reader: &mut Reader<'_>,
    seen: &mut SeenResources<'v>,
    construct: &'v str,
    id: &'v str,
    at: Position,
) -> bool {
    let is_config = catalog::is_config(construct);
    let rust_type = catalog::display_name(construct);
    let accessor = names::rust_ident(id);
    let this = format!("{construct}.{id}");

    let id_entry = match seen.ids.entry((rust_type, names::normalize_id(id))) {
        Entry::Occupied(first) => {
            let first = *first.get();
            let message = if first.id == id && first.construct == construct {
                format!("duplicate resource `{this}` (first on line {}); remove one", first.line)
            } else {
                let dash = if first.id == id { "" } else { " once `-` becomes `_`" };
                let config =
                    if first.construct == construct { "" } else { ", and secrets and parameters share one namespace" };
                format!(
                    "duplicate resource `{this}`: `{}.{}` on line {} has the same id{dash}{config}; rename one",
                    first.construct, first.id, first.line
                )
            };
            reader.error(at, message);
            return false;
        }
        Entry::Vacant(entry) => entry,
    };
    if is_config && let Some(variable) = reserved_config_accessor(&accessor) {
        reader.error(
            at,
            format!("`{this}` would be the accessor `{CONFIG}::{accessor}()`, which gives `{variable}`; rename it"),
        );
        return false;
    }
    let this_seen = Seen { construct, id, line: at.line };
    match seen.accessors.entry((rust_type, accessor)) {
        Entry::Occupied(first) => {
            let (first, (_, accessor)) = (first.get(), first.key());
            reader.error(
                at,
                format!(
                    "`{this}` and `{}.{}` on line {} would both be the accessor `{rust_type}::{accessor}()`; rename one",
                    first.construct, first.id, first.line
                ),
            );
            false
        }
        Entry::Vacant(entry) => {
            entry.insert(this_seen);
            id_entry.insert(this_seen);
            true
        }
    }
}

/// `Config::app()` and `Config::stage()` give `SST_APP` and `SST_STAGE` (as `Config.APP` and `Config.STAGE` do).
fn reserved_config_accessor(accessor: &str) -> Option<&'static str> {
    match accessor {
        "app" => Some(names::SST_APP),
        "stage" => Some(names::SST_STAGE),
        _ => None,
    }
}
