//! The Lambda calls of the command line: find the functions of an app bound to secrets, and restart them
//! the way SST's `Config.restart` does, so that warm instances stop serving the old value.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_lambda::Client;
use aws_sdk_lambda::types::Environment;
use sst_binding_protocol::names::{self, EnvVar};

use crate::aws::service_error;
use crate::error::Error;

/// A function of the app whose environment binds one of the secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundFunction {
    pub name: String,
    /// The secret's value is in the environment itself (SST's `prefetchSecrets`), not fetched at cold
    /// start: a restart does not change it, only a deploy does.
    pub prefetched: bool,
}

/// The functions of `app` — of `stage`, or of every stage — whose environment binds one of `secrets`
/// (`SST_Secret_value_{NAME}`), in the order Lambda lists them, every page (the SDK's paginator follows
/// `NextMarker`).
pub async fn bound_to(
    client: &Client,
    app: &str,
    stage: Option<&str>,
    secrets: &[EnvVar],
) -> Result<Vec<BoundFunction>, Error> {
    let functions = client
        .list_functions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| service_error("Lambda ListFunctions", "the functions of the region", e))?;
    let mut out = Vec::new();
    for function in &functions {
        let (Some(name), Some(vars)) = (function.function_name(), function.environment().and_then(|e| e.variables()))
        else {
            continue;
        };
        let of_app = vars.get(names::SST_APP).is_some_and(|a| a == app)
            && stage.is_none_or(|stage| vars.get(names::SST_STAGE).is_some_and(|s| s == stage));
        let values: Vec<&String> = secrets.iter().filter_map(|var| vars.get(var.as_str())).collect();
        if of_app && !values.is_empty() {
            let prefetched = values.iter().all(|v| *v != names::FETCH_FROM_SSM);
            out.push(BoundFunction { name: name.to_owned(), prefetched });
        }
    }
    Ok(out)
}

/// Restarts a function as SST does: its environment, read again, with `SST_ADMIN_SECRET_UPDATED_AT` set to
/// the time in milliseconds. `false` where the function is gone (SST skips those too).
pub async fn restart(client: &Client, name: &str) -> Result<bool, Error> {
    let config = match client.get_function_configuration().function_name(name).send().await {
        Ok(config) => config,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => return Ok(false),
        Err(e) => return Err(service_error("Lambda GetFunctionConfiguration", name, e)),
    };
    let mut vars: HashMap<String, String> =
        config.environment().and_then(|e| e.variables()).cloned().unwrap_or_default();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    vars.insert(names::SST_ADMIN_SECRET_UPDATED_AT.to_owned(), now.to_string());
    let update = client
        .update_function_configuration()
        .function_name(name)
        .environment(Environment::builder().set_variables(Some(vars)).build())
        // A deploy in between is not overwritten: Lambda refuses the update instead.
        .set_revision_id(config.revision_id().map(str::to_owned))
        .send()
        .await;
    match update {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(false),
        Err(e) => Err(service_error("Lambda UpdateFunctionConfiguration", name, e)),
    }
}
