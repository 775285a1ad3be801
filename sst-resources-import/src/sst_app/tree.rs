//! The construct tree that `sst-resources import` takes from the app's stacks (its Node program writes it:
//! `sst-resources-cli/src/node/construct-tree.mjs`), format `sst-resources/construct-tree@1`.

use serde_json::Value;

use super::error::{FieldProblem, ImportError};
use super::{AppConstruct, AppFunction, ConstructMetadata, SstApp, is_v2, prop_kind};

/// The format this reader knows.
pub const TREE_FORMAT: &str = "sst-resources/construct-tree@2";

/// Reads the construct tree. `file` names it in errors.
pub fn read_tree(text: &str, file: &str) -> Result<SstApp, ImportError> {
    let root: Value =
        serde_json::from_str(text).map_err(|error| ImportError::TreeNotJson { file: file.to_owned(), error })?;
    let at = |path: &str, problem| ImportError::TreeField { file: file.to_owned(), path: path.to_owned(), problem };
    let format = root.get("format").and_then(Value::as_str).ok_or_else(|| at("format", FieldProblem::Missing))?;
    if format != TREE_FORMAT {
        return Err(ImportError::TreeFormat { file: file.to_owned(), found: format.to_owned() });
    }
    let string = |value: &Value, path: &str| -> Result<String, ImportError> {
        value.as_str().map(str::to_owned).ok_or_else(|| at(path, FieldProblem::NotString))
    };
    let field = |value: &Value, key: &str, path: &str| -> Result<String, ImportError> {
        string(value.get(key).unwrap_or(&Value::Null), &format!("{path}{key}"))
    };
    let sst_version = field(&root, "sstVersion", "")?;
    if !is_v2(&sst_version) {
        return Err(ImportError::TreeNotV2 { file: file.to_owned(), version: sst_version });
    }
    let array = |key: &str| root.get(key).and_then(Value::as_array).ok_or_else(|| at(key, FieldProblem::NotArray));

    let mut constructs = Vec::new();
    for (i, c) in array("constructs")?.iter().enumerate() {
        let path = format!("constructs[{i}].");
        let mut props = Vec::new();
        let listed = c
            .get("props")
            .and_then(Value::as_object)
            .ok_or_else(|| at(&format!("{path}props"), FieldProblem::NotObject))?;
        for (prop, kind) in listed {
            let kind = string(kind, &format!("{path}props.{prop}"))?;
            if let Some(kind) = prop_kind(&kind) {
                props.push((prop.clone(), kind));
            }
        }
        constructs.push(AppConstruct { construct: field(c, "type", &path)?, id: field(c, "id", &path)?, props });
    }

    let mut functions = Vec::new();
    for (i, f) in array("functions")?.iter().enumerate() {
        let path = format!("functions[{i}].");
        let optional = |key: &str| -> Result<Option<String>, ImportError> {
            match f.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => string(value, &format!("{path}{key}")).map(Some),
            }
        };
        let environment = f
            .get("environment")
            .and_then(Value::as_array)
            .ok_or_else(|| at(&format!("{path}environment"), FieldProblem::NotVariableNames))?;
        let variables = environment
            .iter()
            .enumerate()
            .map(|(j, name)| string(name, &format!("{path}environment[{j}]")).map(|name| (name, None)))
            .collect::<Result<_, _>>()?;
        functions.push(AppFunction {
            id: field(f, "id", &path)?,
            address: optional("addr")?,
            stack: optional("stack")?.unwrap_or_default(),
            runtime: optional("runtime")?,
            handler: optional("handler")?,
            dockerfile: optional("dockerfile")?,
            variables,
        });
    }
    let mut metadata = Vec::new();
    for (i, item) in array("metadata")?.iter().enumerate() {
        let path = format!("metadata[{i}].");
        metadata.push(ConstructMetadata {
            construct: field(item, "type", &path)?,
            id: field(item, "id", &path)?,
            data: item.get("data").cloned().unwrap_or_default(),
        });
    }
    Ok(SstApp {
        sst_version,
        app: field(&root, "app", "")?,
        stage: field(&root, "stage", "")?,
        constructs,
        functions,
        metadata,
    })
}
