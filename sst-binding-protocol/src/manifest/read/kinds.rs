//! `kinds`: the app's own construct kinds, `{ "Redis": { "props": { "host": "plain", "password": "secret" } } }`.

use crate::json::syntax::{Object, Value};

use crate::catalog::{BUILTIN, CONFIG, Catalog, PropKind};
use crate::json::{Reader, did_you_mean, key, string};
use crate::names;

/// The prop kinds a custom kind may use, by their manifest name.
const PROP_KINDS: &[PropKind] = PropKind::CUSTOM;

/// `"plain", "secret", ... or "secretReference"`: what a prop's kind may be, for the messages.
fn prop_kinds_text() -> String {
    let quoted: Vec<String> = PROP_KINDS.iter().map(|k| format!("\"{}\"", k.manifest_name())).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Checks `kinds` and adds every valid kind to `catalog`. Returns the name of every kind declared, valid or
/// not, so that a resource of a kind that has a problem is not reported as well.
pub(super) fn read(reader: &mut Reader<'_>, value: &Value<'_>, catalog: &mut Catalog) -> Vec<String> {
    let Value::Object(kinds) = value else {
        reader.error(
            reader.at(value),
            "`kinds` must be an object mapping kind names to their props, \
             e.g. { \"Redis\": { \"props\": { \"host\": \"plain\" } } }",
        );
        return Vec::new();
    };
    let mut declared: Vec<String> = Vec::new();
    let unique = reader.unique(&kinds.properties, |name, line| {
        format!("kind `{name}` is declared twice (first on line {line}); remove one")
    });
    for prop in unique {
        let name = key(prop);
        let at = reader.at(&prop.name);
        declared.push(name.to_owned());

        let name_ok = match names::check_kind_name(name) {
            Err(e) => {
                reader.error(at, e.to_string());
                false
            }
            Ok(()) if BUILTIN.iter().any(|c| c.name == name) => {
                reader.error(
                    at,
                    format!(
                        "`{name}` is one of SST's constructs: use it as a resource `type` directly, \
                         or give your kind another name"
                    ),
                );
                false
            }
            Ok(()) if name == CONFIG => {
                reader.error(
                    at,
                    "the kind name `Config` is reserved for secrets and parameters: give your kind another name",
                );
                false
            }
            Ok(()) => true,
        };
        let props = read_kind(reader, name, &prop.value);
        if let (true, Some(props)) = (name_ok, props) {
            catalog.add_custom(name.to_owned(), props);
        }
    }
    declared
}

/// Checks one kind's body, `{ "props": { ... } }`; its props where all of them are valid.
fn read_kind(reader: &mut Reader<'_>, name: &str, value: &Value<'_>) -> Option<Vec<(String, PropKind)>> {
    let Value::Object(body) = value else {
        reader.error(
            reader.at(value),
            format!("kind `{name}` must be an object like {{ \"props\": {{ \"host\": \"plain\" }} }}"),
        );
        return None;
    };
    let fields = reader.fields(body, &["props"], &format!("kind `{name}`"));
    let props = fields.require(reader, "props", "add its props, e.g. `\"props\": { \"host\": \"plain\" }`")?;
    let Value::Object(props) = &props.value else {
        reader.error(
            reader.at(&props.value),
            format!("`props` of kind `{name}` must be an object mapping prop names to {}", prop_kinds_text()),
        );
        return None;
    };
    read_props(reader, name, props)
}

fn read_props(reader: &mut Reader<'_>, kind: &str, props: &Object<'_>) -> Option<Vec<(String, PropKind)>> {
    if props.properties.is_empty() {
        reader.error(
            reader.at(props),
            format!("kind `{kind}` has no props: give it at least one, e.g. {{ \"host\": \"plain\" }}"),
        );
        return None;
    }
    let kind_names: Vec<&str> = PROP_KINDS.iter().map(|k| k.manifest_name()).collect();
    let mut valid = Vec::new();
    let mut all_valid = true;
    // Every prop name that is valid, with its Rust field name and line, to find repeats and collisions.
    let mut seen: Vec<(&str, String, u32)> = Vec::new();
    for prop in &props.properties {
        let name = key(prop);
        let at = reader.at(&prop.name);
        let mut ok = true;
        if let Err(e) = names::check_prop_name(name) {
            reader.error(at, e.to_string());
            ok = false;
        } else {
            let field = names::rust_ident(name);
            if let Some((_, _, line)) = seen.iter().find(|(seen, _, _)| *seen == name) {
                reader.error(
                    at,
                    format!("prop `{name}` of kind `{kind}` is declared twice (first on line {line}); remove one"),
                );
                ok = false;
            } else if let Some((first, _, line)) = seen.iter().find(|(_, seen, _)| *seen == field) {
                reader.error(
                    at,
                    format!(
                        "props `{name}` and `{first}` (line {line}) of kind `{kind}` would both be the field \
                         `{field}`; rename one"
                    ),
                );
                ok = false;
            } else {
                seen.push((name, field, at.line));
            }
        }
        let prop_kind = match string(&prop.value) {
            Some(text) => PROP_KINDS.iter().copied().find(|k| k.manifest_name() == text).or_else(|| {
                let hint = did_you_mean(text, &kind_names).unwrap_or_default();
                reader.error(
                    reader.at(&prop.value),
                    format!("the kind of prop `{name}` must be {}, not \"{text}\"{hint}", prop_kinds_text()),
                );
                None
            }),
            None => {
                reader
                    .error(reader.at(&prop.value), format!("the kind of prop `{name}` must be {}", prop_kinds_text()));
                None
            }
        };
        match (ok, prop_kind) {
            (true, Some(prop_kind)) => valid.push((name.to_owned(), prop_kind)),
            _ => all_valid = false,
        }
    }
    all_valid.then_some(valid)
}
