//! What `sst build` wrote to `.sst/dist`: one CloudFormation template a stack
//! (`{stage}-{app}-{Stack}.template.json`), whose output `SSTMetadata` lists the stack's constructs (their
//! original ids and types; for a function its ARN, runtime and handler), whose functions carry their binding
//! variables, and whose `AWS::SSM::Parameter`s are the values SST stores for each bindable construct.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::{ImportError, MetadataPart};
use super::{AppConstruct, AppFunction, CONTAINER, ConstructMetadata, SstApp, is_v2};
use sst_binding_protocol::catalog::{Catalog, PropKind};
use sst_binding_protocol::names::{EnvVar, FETCH_FROM_SECRET, FETCH_FROM_SSM, normalize_id};

pub(super) const TEMPLATE_SUFFIX: &str = ".template.json";

/// Reads the templates of `.sst/dist`, given as `(file name, text)`; other files are passed over. `dir`
/// names the folder in errors.
pub fn read_dist(files: &[(String, String)], dir: &str) -> Result<SstApp, ImportError> {
    let mut templates: Vec<&(String, String)> =
        files.iter().filter(|(name, _)| name.ends_with(TEMPLATE_SUFFIX)).collect();
    templates.sort_by(|a, b| a.0.cmp(&b.0));
    if templates.is_empty() {
        return Err(ImportError::NoTemplates { dir: dir.to_owned() });
    }
    let catalog = Catalog::builtin();
    let mut app = SstApp::default();
    let mut seen_metadata = false;
    for (name, text) in templates {
        let file = format!("{dir}/{name}");
        let template: Value =
            serde_json::from_str(text).map_err(|error| ImportError::TemplateNotJson { file: file.clone(), error })?;
        let Some(metadata) = template.pointer("/Outputs/SSTMetadata/Value") else { continue };
        seen_metadata = true;
        let (text, tokens) = join(metadata).ok_or_else(|| ImportError::MetadataNotText { file: file.clone() })?;
        let metadata: Value =
            serde_json::from_str(&text).map_err(|error| ImportError::MetadataNotJson { file: file.clone(), error })?;
        let lacks = |part| ImportError::MetadataLacks { file: file.clone(), part };
        let string = |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let version = string(&metadata, "version").unwrap_or_default();
        if !is_v2(&version) {
            return Err(ImportError::TemplateNotV2 { file, version });
        }
        app.sst_version = version;
        app.app = string(&metadata, "app").ok_or_else(|| lacks(MetadataPart::App))?;
        app.stage = string(&metadata, "stage").ok_or_else(|| lacks(MetadataPart::Stage))?;
        let resources = template.get("Resources").and_then(Value::as_object).cloned().unwrap_or_default();
        let parameters = parameters(&resources);
        let items = metadata.get("metadata").and_then(Value::as_array).ok_or_else(|| lacks(MetadataPart::List))?;
        for (i, item) in items.iter().enumerate() {
            let (Some(construct), Some(id)) = (string(item, "type"), string(item, "id")) else {
                return Err(ImportError::MetadataItem { file, index: i });
            };
            let props = parameters.get(&(construct.clone(), normalize_id(&id)));
            let data = item.get("data").cloned().unwrap_or_default();
            app.metadata.push(ConstructMetadata { construct: construct.clone(), id: id.clone(), data: data.clone() });
            // What SST says of a function; its bindings are found where it runs.
            let function = |runtime: Option<String>, handler: Option<String>, variables| AppFunction {
                id: id.clone(),
                address: string(item, "addr"),
                stack: string(item, "stack").unwrap_or_default(),
                runtime,
                handler,
                dockerfile: None,
                variables,
            };
            if construct == "Job" {
                // A Job's handler runs in CodeBuild: its bindings are the environment of the project SST
                // names `{stage}-{app}-{id}`.
                let project = format!("{}-{}-{id}", app.stage, app.app);
                let (container, variables) = project_variables(&resources, &project);
                let runtime = container.then(|| CONTAINER.to_owned());
                app.functions.push(function(runtime, string(&data, "handler"), variables));
            }
            if construct == "Service" {
                // A Service runs in ECS: its bindings are the environment of its task's container.
                let variables = container_variables(&data, &tokens, &resources)
                    .ok_or_else(|| ImportError::ServiceWithoutTask { file: file.clone(), id: id.clone() })?;
                app.functions.push(function(Some(CONTAINER.to_owned()), string(&data, "path"), variables));
            }
            if construct == "Function" {
                let variables = function_variables(&data, &tokens, &resources)
                    .ok_or_else(|| ImportError::FunctionWithoutArn { file: file.clone(), id: id.clone() })?;
                app.functions.push(function(string(&data, "runtime"), string(&data, "handler"), variables));
                // Only a function others may bind has its `functionName` stored (SST leaves out API routes').
                if props.is_none() {
                    continue;
                }
            }
            let props: Vec<(String, PropKind)> = match (catalog.get(&construct), props) {
                (Some(_), _) => Vec::new(),
                // One of the app's own: the values SST stores show its plain props, its site URLs (told apart
                // below) and its references to secrets, stored as they are set (its secrets show in the
                // variables of the functions bound to it).
                (None, Some(props)) => props
                    .iter()
                    .map(|(p, value)| {
                        let reference = value.as_deref().is_some_and(|v| v.starts_with(FETCH_FROM_SECRET));
                        (p.clone(), if reference { PropKind::SecretReference } else { PropKind::Plain })
                    })
                    .collect(),
                (None, None) => continue,
            };
            app.constructs.push(AppConstruct { construct, id, props });
        }
    }
    // A stored value that the functions get as `__FETCH_FROM_SSM__` is a site's URL (SST stores no secret).
    for c in &mut app.constructs {
        for (prop, kind) in &mut c.props {
            let var = EnvVar::new(&c.construct, prop, &c.id);
            let fetched = app
                .functions
                .iter()
                .flat_map(|f| &f.variables)
                .any(|(v, ssm)| *v == var.as_str() && *ssm == Some(true));
            if *kind == PropKind::Plain && fetched {
                *kind = PropKind::SiteUrl;
            }
        }
    }
    if !seen_metadata {
        return Err(ImportError::NotV2Build { dir: dir.to_owned() });
    }
    Ok(app)
}

/// The text of an `Fn::Join` with "" (or of a plain string), each non-string part replaced by a marker
/// `__TOKEN_{n}__`, and the parts by number.
fn join(value: &Value) -> Option<(String, Vec<Value>)> {
    if let Some(text) = value.as_str() {
        return Some((text.to_owned(), Vec::new()));
    }
    let args = value.get("Fn::Join")?.as_array()?;
    let (Some(separator), Some(parts)) = (args.first()?.as_str(), args.get(1)?.as_array()) else { return None };
    let mut text = String::new();
    let mut tokens = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        match part.as_str() {
            Some(s) => text.push_str(s),
            None => {
                text.push_str(&format!("__TOKEN_{}__", tokens.len()));
                tokens.push(part.clone());
            }
        }
    }
    Some((text, tokens))
}

/// The binding variables of the function whose ARN `data.arn` is (`Fn::GetAtt` of its logical id), with
/// whether each holds the SSM placeholder.
fn function_variables(
    data: &Value,
    tokens: &[Value],
    resources: &Map<String, Value>,
) -> Option<Vec<(String, Option<bool>)>> {
    let function = resources.get(token(data, "arn", tokens)?.pointer("/Fn::GetAtt/0")?.as_str()?)?;
    let empty = Map::new();
    let variables = function.pointer("/Properties/Environment/Variables").and_then(Value::as_object).unwrap_or(&empty);
    let mut out: Vec<(String, Option<bool>)> =
        variables.iter().map(|(name, value)| (name.clone(), Some(value.as_str() == Some(FETCH_FROM_SSM)))).collect();
    out.sort();
    Some(out)
}

/// The part of the `SSTMetadata` text that `data.{key}` refers to (its `__TOKEN_{n}__`).
fn token<'a>(data: &Value, key: &str, tokens: &'a [Value]) -> Option<&'a Value> {
    let marker = data.get(key)?.as_str()?;
    let n: usize = marker.strip_prefix("__TOKEN_")?.strip_suffix("__")?.parse().ok()?;
    tokens.get(n)
}

/// Whether the CodeBuild project named `name` runs an image of the stacks' own (a Job of `runtime:
/// "container"`: SST gives it no source, the image holds the code), and its binding variables, with whether
/// each holds the SSM placeholder.
fn project_variables(resources: &Map<String, Value>, name: &str) -> (bool, Vec<(String, Option<bool>)>) {
    let project = resources.values().find(|r| {
        r.get("Type").and_then(Value::as_str) == Some("AWS::CodeBuild::Project")
            && r.pointer("/Properties/Name").and_then(Value::as_str) == Some(name)
    });
    let container =
        project.and_then(|p| p.pointer("/Properties/Source/Type")).and_then(Value::as_str) == Some("NO_SOURCE");
    (container, name_values(project.and_then(|p| p.pointer("/Properties/Environment/EnvironmentVariables"))))
}

/// The binding variables of the container that a Service's `data.task` (`Ref` of its task definition) and
/// `data.container` (its name) name, with whether each holds the SSM placeholder.
fn container_variables(
    data: &Value,
    tokens: &[Value],
    resources: &Map<String, Value>,
) -> Option<Vec<(String, Option<bool>)>> {
    let task = resources.get(token(data, "task", tokens)?.get("Ref")?.as_str()?)?;
    let name = data.get("container").and_then(Value::as_str);
    let containers = task.pointer("/Properties/ContainerDefinitions")?.as_array()?;
    let container = containers.iter().find(|c| name.is_none() || c.get("Name").and_then(Value::as_str) == name)?;
    Some(name_values(container.get("Environment")))
}

/// A CloudFormation list of `{ "Name", "Value" }` as variables, sorted, with whether each holds the SSM
/// placeholder.
fn name_values(list: Option<&Value>) -> Vec<(String, Option<bool>)> {
    let mut out: Vec<(String, Option<bool>)> = list
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| {
            let name = v.get("Name")?.as_str()?;
            Some((name.to_owned(), Some(v.get("Value").and_then(Value::as_str) == Some(FETCH_FROM_SSM))))
        })
        .collect();
    out.sort();
    out
}

/// The props SST stores in SSM for each construct, by `(type, normalized id)`: the last three parts of each
/// `AWS::SSM::Parameter`'s name, `{Construct}/{id}/{prop}`, with its value where it is a string.
fn parameters(resources: &Map<String, Value>) -> BTreeMap<(String, String), BTreeMap<String, Option<String>>> {
    let mut out: BTreeMap<(String, String), BTreeMap<String, Option<String>>> = BTreeMap::new();
    for resource in resources.values() {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::SSM::Parameter") {
            continue;
        }
        let Some(name) = resource.pointer("/Properties/Name").and_then(Value::as_str) else { continue };
        let mut parts = name.rsplit('/');
        if let (Some(prop), Some(id), Some(construct)) = (parts.next(), parts.next(), parts.next()) {
            let value = resource.pointer("/Properties/Value").and_then(Value::as_str).map(str::to_owned);
            out.entry((construct.to_owned(), id.to_owned())).or_default().insert(prop.to_owned(), value);
        }
    }
    out
}
