//! What `sst build` left in `.sst/dist` that deploying it touches: the CDK cloud assembly's `manifest.json`
//! (each stack's environment, roles and bootstrap version parameter), its `*.assets.json` (where assets are
//! published, by which role) and the templates' resources (their types, the custom resources' service
//! tokens, the SSM parameters CloudFormation resolves).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use sst_resources_import::sst_app;

use crate::context;
use crate::error::Error;

/// The output of one `sst build`.
#[derive(Clone, Debug, Default)]
pub struct Assembly {
    /// The folder, as the user would type it.
    pub dir: String,
    pub app: String,
    pub stage: String,
    pub stacks: Vec<Stack>,
    /// The destinations of every asset of every stack, deduplicated.
    pub asset_roles: Vec<String>,
    pub asset_buckets: Vec<String>,
    pub asset_repositories: Vec<String>,
}

/// One stack of `manifest.json` (`aws:cloudformation:stack`), with its template.
#[derive(Clone, Debug, Default)]
pub struct Stack {
    pub name: String,
    /// `aws://{account}/{region}`: `unknown-account`/`unknown-region` where the build did not fix them.
    pub account: Option<String>,
    pub region: Option<String>,
    pub deploy_role: Option<String>,
    pub execution_role: Option<String>,
    pub resources: Vec<Resource>,
    /// The template's parameters of an SSM type (`AWS::SSM::Parameter::Value<String>`), by their name.
    pub ssm_parameters: Vec<String>,
}

/// One resource of a template.
#[derive(Clone, Debug)]
pub struct Resource {
    pub logical_id: String,
    pub type_name: String,
    /// A custom resource's `ServiceToken`.
    pub service_token: Option<Value>,
    /// Its `FunctionName`, where it is an `AWS::Lambda::Function` that names itself.
    pub function_name: Option<String>,
}

impl Resource {
    /// Whether CloudFormation runs it by invoking its service token.
    pub fn is_custom(&self) -> bool {
        self.type_name.starts_with("Custom::") || self.type_name == "AWS::CloudFormation::CustomResource"
    }
}

/// Reads `dir`: every problem is one line that says what to do (most often: build again).
pub fn read(dir: &Path) -> Result<Assembly, Error> {
    let shown = context::shown(dir);
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::new(format!("cannot read {shown}: {e}; run `npx sst build` first (or give its folder with --from DIR)"))
    })?;
    let mut files = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::new(format!("cannot read {shown}: {e}")))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if name.ends_with(".template.json") || name.ends_with(".assets.json") || name == "manifest.json" {
            files.insert(name, context::read_text(&path, "the build output")?);
        }
    }
    let templates: Vec<(String, String)> =
        files.iter().filter(|(n, _)| n.ends_with(".template.json")).map(|(n, t)| (n.clone(), t.clone())).collect();
    let app = sst_app::read_dist(&templates, &shown).map_err(|e| Error::new(e.to_string()))?;
    let Some(manifest) = files.get("manifest.json") else {
        return Err(half_written(&shown, "has no manifest.json"));
    };
    let manifest = json(&shown, "manifest.json", manifest)?;
    let mut assembly = Assembly { dir: shown.clone(), app: app.app, stage: app.stage, ..Assembly::default() };
    let artifacts = manifest.get("artifacts").and_then(Value::as_object).cloned().unwrap_or_default();
    for (name, artifact) in &artifacts {
        let properties = artifact.get("properties").cloned().unwrap_or_default();
        let text = |key: &str| properties.get(key).and_then(Value::as_str).map(str::to_owned);
        match artifact.get("type").and_then(Value::as_str) {
            Some("aws:cloudformation:stack") => {
                let file = text("templateFile").unwrap_or_else(|| format!("{name}.template.json"));
                let Some(template) = files.get(&file) else {
                    return Err(half_written(&shown, &format!("names the template {file}, which is missing")));
                };
                let (account, region) = environment(artifact.get("environment").and_then(Value::as_str));
                let mut stack = Stack {
                    name: text("stackName").unwrap_or_else(|| name.clone()),
                    account,
                    region,
                    deploy_role: text("assumeRoleArn"),
                    execution_role: text("cloudFormationExecutionRoleArn"),
                    ..Stack::default()
                };
                read_template(&mut stack, &json(&shown, &file, template)?);
                assembly.stacks.push(stack);
            }
            Some("cdk:asset-manifest") => {
                let file = text("file").unwrap_or_else(|| format!("{name}.json"));
                let Some(assets) = files.get(&file) else {
                    return Err(half_written(&shown, &format!("names the asset manifest {file}, which is missing")));
                };
                read_assets(&mut assembly, &json(&shown, &file, assets)?);
            }
            _ => {}
        }
    }
    if assembly.stacks.is_empty() {
        return Err(half_written(&shown, "has a manifest.json that names no stack"));
    }
    for list in [&mut assembly.asset_roles, &mut assembly.asset_buckets, &mut assembly.asset_repositories] {
        list.sort();
        list.dedup();
    }
    Ok(assembly)
}

fn half_written(dir: &str, what: &str) -> Error {
    Error::new(format!("{dir} {what}: a half-written build? run `npx sst build` again"))
}

fn json(dir: &str, file: &str, text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        half_written(&format!("{dir}/{file}:{}:{}:", e.line(), e.column()), &format!("is not JSON ({e}),"))
    })
}

/// The account and region of `aws://{account}/{region}`, each `None` where CDK left it unknown.
fn environment(text: Option<&str>) -> (Option<String>, Option<String>) {
    let Some((account, region)) = text.and_then(|t| t.strip_prefix("aws://")).and_then(|t| t.split_once('/')) else {
        return (None, None);
    };
    let known = |v: &str| (!v.starts_with("unknown-")).then(|| v.to_owned());
    (known(account), known(region))
}

fn read_template(stack: &mut Stack, template: &Value) {
    for (logical_id, resource) in template.get("Resources").and_then(Value::as_object).into_iter().flatten() {
        let Some(type_name) = resource.get("Type").and_then(Value::as_str) else { continue };
        let properties = resource.get("Properties");
        stack.resources.push(Resource {
            logical_id: logical_id.clone(),
            type_name: type_name.to_owned(),
            service_token: properties.and_then(|p| p.get("ServiceToken")).cloned(),
            function_name: properties.and_then(|p| p.get("FunctionName")).and_then(Value::as_str).map(str::to_owned),
        });
    }
    for (_, parameter) in template.get("Parameters").and_then(Value::as_object).into_iter().flatten() {
        let is_ssm =
            parameter.get("Type").and_then(Value::as_str).is_some_and(|t| t.starts_with("AWS::SSM::Parameter::"));
        if let (true, Some(name)) = (is_ssm, parameter.get("Default").and_then(Value::as_str)) {
            stack.ssm_parameters.push(name.to_owned());
        }
    }
}

fn read_assets(assembly: &mut Assembly, assets: &Value) {
    for (kind, place) in [("files", "bucketName"), ("dockerImages", "repositoryName")] {
        for (_, asset) in assets.get(kind).and_then(Value::as_object).into_iter().flatten() {
            for (_, destination) in asset.get("destinations").and_then(Value::as_object).into_iter().flatten() {
                let text = |key: &str| destination.get(key).and_then(Value::as_str).map(str::to_owned);
                assembly.asset_roles.extend(text("assumeRoleArn"));
                match kind {
                    "files" => assembly.asset_buckets.extend(text(place)),
                    _ => assembly.asset_repositories.extend(text(place)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_environment_is_known_only_where_cdk_fixed_it() {
        assert_eq!(
            environment(Some("aws://123456789012/eu-west-1")),
            (Some("123456789012".to_owned()), Some("eu-west-1".to_owned()))
        );
        assert_eq!(environment(Some("aws://unknown-account/unknown-region")), (None, None));
        assert_eq!(environment(None), (None, None));
    }
}
