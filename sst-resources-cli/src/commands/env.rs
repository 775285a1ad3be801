//! `env --function NAME`: the variables to configure on a function deployed by another tool.

use std::collections::HashMap;

use sst_binding_protocol::PropKind;
use sst_binding_protocol::names::{self, EnvVar, FETCH_FROM_SSM};
use sst_resources_import::dotenv;

use crate::args::{Common, EnvArgs, EnvFormat};
use crate::aws::Aws;
use crate::context::{self, Bound};
use crate::error::Error;
use crate::output::print;
use crate::ssm;

pub async fn run(common: &Common, args: &EnvArgs) -> Result<u8, Error> {
    let manifest = context::required_manifest(common)?;
    let app = context::app(common, Some(&manifest))?;
    let stage = context::stage(common)?;
    let prefix = context::prefix(common, &app, &stage);
    let function = context::function(&manifest, &args.function)?;
    let bound = context::bound(&manifest, function);
    // A reference to a secret is kept in SSM as it is set: `__FETCH_FROM_SECRET__:{name}`.
    let plain: Vec<&Bound<'_>> =
        bound.iter().filter(|b| matches!(b.prop.kind, PropKind::Plain | PropKind::SecretReference)).collect();

    // The real value of every plain prop, by variable, from the values file or from SSM.
    let values: HashMap<EnvVar, String> = match &args.values {
        Some(path) => {
            let values = context::values(path, Some(&manifest))?;
            plain
                .iter()
                .filter_map(|b| Some((b.env_var(), values.get(&b.construct.name, b.id, &b.prop.name)?.value.clone())))
                .collect()
        }
        None if plain.is_empty() => HashMap::new(),
        None => {
            let paths: Vec<String> = plain.iter().map(|b| b.ssm_path(&prefix).to_string()).collect();
            let aws = Aws::connect(common).await?;
            let found = ssm::by_names(&aws.ssm(), &paths).await?;
            let by_path: HashMap<String, String> = found.into_iter().map(|p| (p.name, p.value)).collect();
            plain
                .iter()
                .filter_map(|b| Some((b.env_var(), by_path.get(b.ssm_path(&prefix).as_str())?.clone())))
                .collect()
        }
    };
    // A prop that only some versions of SST bind (the newer Auth's `url`) may be missing.
    let missing: Vec<String> = plain
        .iter()
        .filter(|b| !values.contains_key(&b.env_var()) && !b.prop.optional)
        .map(|b| match &args.values {
            Some(_) => b.label(),
            None => format!("{} ({})", b.label(), b.ssm_path(&prefix)),
        })
        .collect();
    if !missing.is_empty() {
        let source = match &args.values {
            Some(path) => format!("{} has no value for", path.display()),
            None => format!("stage `{stage}` has no SSM parameter for"),
        };
        return Err(Error::new(format!(
            "{source} {}: deploy the app, or give the values with --values FILE",
            missing.join(", ")
        )));
    }

    let mut vars: Vec<(String, String)> = vec![(names::SST_APP.into(), app.clone()), (names::SST_STAGE.into(), stage)];
    if common.ssm_prefix.is_some() {
        vars.push((names::SST_SSM_PREFIX.into(), prefix.to_string()));
    }
    for b in &bound {
        let value = match b.prop.kind {
            PropKind::Plain | PropKind::SecretReference => values.get(&b.env_var()).cloned(),
            PropKind::Secret | PropKind::SiteUrl => Some(FETCH_FROM_SSM.to_owned()),
        };
        if let Some(value) = value {
            vars.push((b.env_var().to_string(), value));
        }
    }

    match args.format {
        EnvFormat::Dotenv => {
            let pairs = vars.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            let written = dotenv::write(pairs, dotenv::Style::Bare)
                .map_err(|unwritable| Error::new(format!("{unwritable}: use --format json")))?;
            print(&written.text)?;
        }
        EnvFormat::Json => {
            let object: serde_json::Map<String, serde_json::Value> =
                vars.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
            print(&serde_json::to_string_pretty(&object).map_err(|e| Error::new(e.to_string()))?)?;
        }
    }
    Ok(0)
}
