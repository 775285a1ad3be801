//! `functions`: what each function is bound to,
//! `{ "api": { "package": "...", "bin": "...", "bind": ["Bucket.myFiles", ...] } }`.

use std::collections::{HashMap, HashSet};

use crate::json::syntax::{Array, Object, Value};

use super::heads::{each_function, head};
use super::resources::Declared;
use crate::catalog::{CONFIG, PARAMETER, SECRET};
use crate::json::{Position, Reader, string, unknown};
use crate::manifest::{Binding, Function, Permission, Resource, ResourceKey};

const FUNCTION_KEYS: &[&str] = &["package", "bin", "bind"];
const BINDING_KEYS: &[&str] = &["resource", "permissions"];
const PERMISSION_KEYS: &[&str] = &["actions", "resources"];

const PERMISSION_EXAMPLE: &str = "{ \"actions\": [\"s3:GetObject\"], \"resources\": [\"*\"] }";

/// Checks `functions` and adds every function to `out` with its valid bindings, in file order.
/// `resources` are the valid resources; `declared` the others, whose bindings are left out unreported.
pub(super) fn read(
    reader: &mut Reader<'_>,
    value: &Value<'_>,
    resources: &[Resource],
    declared: &[Declared],
    out: &mut Vec<Function>,
) {
    let Value::Object(functions) = value else {
        reader.error(
            reader.at(value),
            "`functions` must be an object mapping function names to their bindings, \
             e.g. { \"api\": { \"bind\": [\"Bucket.myFiles\"] } }",
        );
        return;
    };
    let known = Known::new(resources, declared);
    each_function(reader, functions, "{ \"bind\": [\"Bucket.myFiles\"] }", |reader, name, at, body| {
        out.push(read_function(reader, &known, name, at, body));
    });
}

/// The app's resources, indexed to resolve each binding at constant cost.
struct Known<'m> {
    resources: &'m [Resource],
    valid: HashSet<ResourceKey<'m>>,
    /// The constructs of the resources with a problem, by normalized id (`None`: the type is unknown).
    declared: HashMap<&'m str, Vec<Option<&'m str>>>,
}

impl<'m> Known<'m> {
    fn new(resources: &'m [Resource], declared: &'m [Declared]) -> Known<'m> {
        let mut by_id: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
        for d in declared {
            by_id.entry(d.id.as_str()).or_default().push(d.construct.as_deref());
        }
        Known { resources, valid: resources.iter().map(Resource::key).collect(), declared: by_id }
    }
}

fn read_function(reader: &mut Reader<'_>, known: &Known<'_>, name: &str, at: Position, body: &Object<'_>) -> Function {
    let fields = reader.fields(body, FUNCTION_KEYS, &format!("function `{name}`"));
    let head = head(reader, &fields, name, at);
    let mut bind = Vec::new();
    // The line of each resource's first binding, by construct and normalized id.
    let mut first_lines = HashMap::new();
    if let Some(prop) = fields.require(reader, "bind", "add its bindings, e.g. `\"bind\": [\"Bucket.myFiles\"]`") {
        match &prop.value {
            Value::Array(bindings) => {
                for element in &bindings.elements {
                    if let Some(binding) = read_binding(reader, known, element) {
                        add_binding(reader, name, &mut bind, &mut first_lines, binding);
                    }
                }
            }
            other => {
                reader.error(reader.at(other), "`bind` must be an array of bindings like \"Bucket.myFiles\"");
            }
        }
    }
    Function { head, bind }
}

/// Adds a binding unless the function has it already (`first_lines` holds the line of each one it has).
fn add_binding(
    reader: &mut Reader<'_>,
    function: &str,
    bind: &mut Vec<Binding>,
    first_lines: &mut HashMap<(String, String), u32>,
    binding: Binding,
) {
    let ResourceKey { construct, id } = binding.key();
    let key = (construct.to_owned(), id.into_owned());
    match first_lines.get(&key) {
        Some(first) => reader.error(
            binding.at,
            format!(
                "function `{function}` binds `{}.{}` twice (first on line {first}); remove one",
                binding.construct, binding.id
            ),
        ),
        None => {
            first_lines.insert(key, binding.at.line);
            bind.push(binding);
        }
    }
}

/// One binding, `"Type.id"` or `{ "resource": "Type.id", "permissions": [...] }`, if it is valid.
fn read_binding(reader: &mut Reader<'_>, known: &Known<'_>, element: &Value<'_>) -> Option<Binding> {
    let at = reader.at(element);
    let (resource, resource_at, permissions) = match element {
        Value::StringLit(lit) => (lit.value.as_ref(), at, None),
        Value::Object(object) => {
            let fields = reader.fields(object, BINDING_KEYS, "a binding");
            let permissions = fields.get("permissions").map(|prop| read_permissions(reader, &prop.value));
            let prop =
                fields.require(reader, "resource", "add the bound resource, e.g. `\"resource\": \"Table.notes\"`")?;
            let resource = reader.string(&prop.value, "`resource` must be a string like \"Table.notes\"")?;
            (resource, reader.at(&prop.value), permissions)
        }
        _ => {
            reader.error(
                at,
                "a binding must be a string like \"Bucket.myFiles\" \
                 or an object like { \"resource\": \"Table.notes\", \"permissions\": [...] }",
            );
            return None;
        }
    };
    let (construct, id) = match resource.split_once('.') {
        Some((construct, id)) if !construct.is_empty() && !id.is_empty() => (construct, id),
        _ => {
            reader.error(resource_at, format!("the binding `{resource}` must be `Type.id`, e.g. \"Bucket.myFiles\""));
            return None;
        }
    };
    if !known.valid.contains(&ResourceKey::new(construct, id)) {
        if !known.was_reported(construct, id) {
            reader.error(resource_at, unknown_resource(known.resources, construct, id));
        }
        return None;
    }
    Some(Binding { construct: construct.to_owned(), id: id.to_owned(), permissions, at })
}

impl Known<'_> {
    /// Whether `construct`.`id` is a resource with a problem of its own (or one whose type is unknown).
    fn was_reported(&self, construct: &str, id: &str) -> bool {
        let id = ResourceKey::new(construct, id).id;
        let constructs = self.declared.get(id.as_ref()).map(Vec::as_slice).unwrap_or_default();
        constructs.iter().any(|c| c.is_none_or(|c| c == construct))
    }
}

fn unknown_resource(resources: &[Resource], construct: &str, id: &str) -> String {
    let names: Vec<String> = resources.iter().map(|r| format!("{}.{}", r.construct, r.id)).collect();
    let name = format!("{construct}.{id}");
    if construct == CONFIG {
        let config = resources.iter().find(|r| r.is(SECRET, id) || r.is(PARAMETER, id));
        let hint = config.map(|r| format!("; did you mean `{}.{}`?", r.construct, r.id)).unwrap_or_default();
        return format!(
            "unknown resource `{name}`: bind a secret as `{SECRET}.{id}`, a parameter as `{PARAMETER}.{id}`{hint}"
        );
    }
    unknown(&format!("resource `{name}`"), &name, &names, || {
        "declare it under `resources` or remove this binding".to_owned()
    })
}

/// A binding's own IAM statements: the valid ones.
fn read_permissions(reader: &mut Reader<'_>, value: &Value<'_>) -> Vec<Permission> {
    let Value::Array(permissions) = value else {
        reader.error(
            reader.at(value),
            format!("`permissions` must be an array of IAM statements like {PERMISSION_EXAMPLE}"),
        );
        return Vec::new();
    };
    let mut valid = Vec::new();
    for element in &permissions.elements {
        let Value::Object(permission) = element else {
            reader.error(reader.at(element), format!("a permission must be an object like {PERMISSION_EXAMPLE}"));
            continue;
        };
        let fields = reader.fields(permission, PERMISSION_KEYS, "a permission");
        let mut list = |key: &str, what: &str, example: &str| -> Option<Vec<String>> {
            let prop = fields.require(reader, key, &format!("add the {what}, e.g. `\"{key}\": [\"{example}\"]`"))?;
            strings(reader, &prop.value, key, what, example)
        };
        let actions = list("actions", "IAM actions", "s3:GetObject");
        let resources = list("resources", "ARNs of the resources", "*");
        if let (Some(actions), Some(resources)) = (actions, resources) {
            valid.push(Permission { actions, resources });
        }
    }
    valid
}

/// A non-empty array of strings (`actions`, `resources` of a permission).
fn strings(reader: &mut Reader<'_>, value: &Value<'_>, key: &str, what: &str, example: &str) -> Option<Vec<String>> {
    let array: &Array<'_> = match value {
        Value::Array(array) if !array.elements.is_empty() => array,
        _ => {
            reader.error(
                reader.at(value),
                format!("`{key}` must be a non-empty array of the {what}, e.g. [\"{example}\"]"),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut all_valid = true;
    for element in &array.elements {
        match string(element) {
            Some(text) => out.push(text.to_owned()),
            None => {
                reader.error(reader.at(element), format!("each of `{key}` must be a string, e.g. \"{example}\""));
                all_valid = false;
            }
        }
    }
    all_valid.then_some(out)
}
