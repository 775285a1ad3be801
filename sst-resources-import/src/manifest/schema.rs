//! The JSON Schema of `bindings.json` (docs/manifest.md §1), made from the catalog and the naming rules the
//! reader checks, so that an editor completes SST's constructs and their props and the two cannot differ.

use serde_json::{Value, json};

use sst_binding_protocol::catalog::{BUILTIN, PropKind};
use sst_binding_protocol::names::{APP_RULE, ID_RULE, KIND_RULE, PROP_RULE};

/// The schema (draft-07, which every editor reads).
pub fn schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://sst-resources.invalid/bindings.schema.json",
        "title": "bindings.json",
        "description": "An SST v2 app's resources, and what each Rust function is bound to (sst-resources).",
        "type": "object",
        "properties": {
            "$schema": { "type": "string", "description": "Where an editor finds this schema." },
            "app": { "type": "string", "pattern": APP_RULE.pattern(), "description": "The SST app name (it forms the SSM paths)." },
            "resources": resources(),
            "kinds": kinds(),
            "functions": functions()
        },
        "required": ["app", "resources", "functions"],
        "additionalProperties": false
    })
}

/// `resources`: each a construct of SST (named, with what it binds) or a custom kind, and an id.
fn resources() -> Value {
    let builtin: Vec<Value> = BUILTIN
        .iter()
        .map(|c| {
            let props: Vec<String> =
                c.props.iter().map(|p| format!("{} ({})", p.name, p.kind.manifest_name())).collect();
            json!({ "const": c.name, "description": format!("SST's {}: binds {}", c.name, props.join(", ")) })
        })
        .collect();
    let (id, kind) = (ID_RULE.pattern(), KIND_RULE.pattern());
    json!({
        "type": "array",
        "description": "Every resource of the app.",
        "items": {
            "type": "object",
            "properties": {
                "type": {
                    "description": "A construct of SST, or a kind declared under `kinds`.",
                    "anyOf": [{ "oneOf": builtin }, { "type": "string", "pattern": kind }]
                },
                "id": { "type": "string", "pattern": id, "description": "The construct id, as in the SST app." }
            },
            "required": ["type", "id"],
            "additionalProperties": false
        }
    })
}

/// `kinds`: the app's own construct kinds, each with its props and their kinds.
fn kinds() -> Value {
    let (kind, prop) = (KIND_RULE.pattern(), PROP_RULE.pattern());
    let prop_kinds: Vec<&str> = PropKind::CUSTOM.iter().map(|k| k.manifest_name()).collect();
    json!({
        "type": "object",
        "description": "Construct kinds beyond SST's own, with their props.",
        "propertyNames": { "pattern": kind },
        "additionalProperties": {
            "type": "object",
            "properties": {
                "props": {
                    "type": "object",
                    "propertyNames": { "pattern": prop },
                    "additionalProperties": {
                        "enum": prop_kinds,
                        "description": "plain: the value is in the environment; secret: a SecureString in SSM"
                    }
                }
            },
            "required": ["props"],
            "additionalProperties": false
        }
    })
}

/// `functions`: each function's crate, binary and bindings (`Type.id`, or an object with permissions).
fn functions() -> Value {
    // `Type.id`, `Config.id` included.
    let binding = format!("^{}\\.{}$", KIND_RULE.body(), ID_RULE.body());
    let permission = json!({
        "type": "object",
        "description": "One IAM statement: these actions on these resources.",
        "properties": {
            "actions": { "type": "array", "items": { "type": "string" }, "description": "IAM actions, e.g. s3:GetObject" },
            "resources": { "type": "array", "items": { "type": "string" }, "description": "ARNs, or \"*\"" }
        },
        "required": ["actions", "resources"],
        "additionalProperties": false
    });
    json!({
        "type": "object",
        "description": "Each function's bindings.",
        "additionalProperties": {
            "type": "object",
            "properties": {
                "package": { "type": "string", "description": "The Cargo package that builds the function." },
                "bin": {
                    "type": "string",
                    "minLength": 1,
                    "description": "The binary target of `package` that is this function (SST's handler crate/src/bin/api.rs is `api`)."
                },
                "bind": {
                    "type": "array",
                    "description": "The resources the function is bound to.",
                    "items": {
                        "anyOf": [
                            { "type": "string", "pattern": binding, "description": "Type.id, e.g. Bucket.myFiles" },
                            {
                                "type": "object",
                                "properties": {
                                    "resource": { "type": "string", "pattern": binding, "description": "Type.id" },
                                    "permissions": {
                                        "type": "array",
                                        "items": permission,
                                        "description": "These statements replace the construct's default IAM permissions."
                                    }
                                },
                                "required": ["resource"],
                                "additionalProperties": false
                            }
                        ]
                    }
                }
            },
            "required": ["bind"],
            "additionalProperties": false
        }
    })
}
