//! The fetch of docs/sst-v2-binding-protocol.md §3: `GetParameters` with decryption, at most 10 names a call, all calls
//! at the same time; then the fallback of the secrets the stage lacks, the same way; the stage's value wins
//! (`names::stage_or_fallback`).

use std::collections::HashMap;

use sst_binding_protocol_core::catalog;
use sst_binding_protocol_core::names::{self, SsmPath};
use sst_resources_aws::in_get_parameters_batches;

use super::fault;
use crate::store::SsmValue;
use crate::{Error, SecretValue};

/// What one `load()` fetches.
pub(crate) struct Request<'a> {
    pub(crate) app: &'a str,
    pub(crate) stage: &'a str,
    pub(crate) wanted: &'a [SsmValue],
    /// The endpoint URL of the client, where known (for errors).
    pub(crate) endpoint: Option<&'a str>,
}

impl Request<'_> {
    /// The values found, by variable name. Values that are not secrets and are not in SSM are left out
    /// (their accessor says so); secrets set neither at the stage nor at the fallback are an error.
    pub(crate) async fn fetch(&self, client: &aws_sdk_ssm::Client) -> Result<HashMap<String, SecretValue>, Error> {
        if client.config().region().is_none() {
            return Err(Error::NoRegion);
        }
        let mut stage = get_all(client, self.endpoint, self.wanted.iter().map(|v| v.path.clone()).collect()).await?;
        // The fallback is read only for the secrets the stage lacks: one more round trip where there are any.
        let is_secret = |v: &&SsmValue| v.construct == catalog::SECRET;
        let fallback_paths: Vec<SsmPath> = (self.wanted.iter().filter(is_secret))
            .filter(|v| !stage.contains_key(v.path.as_str()))
            .map(|v| SsmPath::secret_fallback(self.app, &v.id))
            .collect();
        let mut fallback = if fallback_paths.is_empty() {
            HashMap::new()
        } else {
            get_all(client, self.endpoint, fallback_paths).await?
        };
        let mut values = HashMap::with_capacity(self.wanted.len());
        let mut not_set = Vec::new();
        for value in self.wanted {
            let secret = is_secret(&value);
            let from_fallback =
                secret.then(|| fallback.remove(SsmPath::secret_fallback(self.app, &value.id).as_str())).flatten();
            match names::stage_or_fallback(stage.remove(value.path.as_str()), from_fallback) {
                Some((fetched, _)) => {
                    values.insert(value.var.clone(), fetched);
                }
                None if secret => not_set.push(value.id.clone()),
                None => {}
            }
        }
        if not_set.is_empty() {
            Ok(values)
        } else {
            Err(Error::SecretsNotSet { stage: self.stage.to_owned(), names: not_set })
        }
    }
}

/// Reads `paths`, 10 a call, all calls at once; the values found by path (a path SSM does not have is
/// absent). Every call runs to its end, so that an access-denied error can name all the refused paths.
async fn get_all(
    client: &aws_sdk_ssm::Client,
    endpoint: Option<&str>,
    paths: Vec<SsmPath>,
) -> Result<HashMap<String, SecretValue>, Error> {
    let results = in_get_parameters_batches(&paths, |names| get(client, endpoint, names)).await;
    let mut found = HashMap::with_capacity(paths.len());
    let mut first_error: Option<Error> = None;
    for result in results {
        match (result, &mut first_error) {
            (Ok(values), _) => found.extend(values),
            (Err(error), None) => first_error = Some(error),
            (Err(Error::SsmAccessDenied { ssm_paths: more, .. }), Some(Error::SsmAccessDenied { ssm_paths, .. })) => {
                ssm_paths.extend(more)
            }
            (Err(_), Some(_)) => {}
        }
    }
    match first_error {
        Some(error) => Err(error),
        None => Ok(found),
    }
}

/// One `GetParameters` call.
async fn get(
    client: &aws_sdk_ssm::Client,
    endpoint: Option<&str>,
    names: &[SsmPath],
) -> Result<HashMap<String, SecretValue>, Error> {
    let output = client
        .get_parameters()
        .set_names(Some(names.iter().map(|n| n.to_string()).collect()))
        .with_decryption(true)
        .send()
        .await
        .map_err(|error| fault::classify(error, names, client.config(), endpoint))?;
    let mut found = HashMap::with_capacity(names.len());
    for parameter in output.parameters.unwrap_or_default() {
        let Some(name) = parameter.name else {
            return Err(Error::SsmMalformedResponse { detail: "a parameter without a name".to_owned() });
        };
        // Names the call did not ask for are not ours to keep, nor to show in an error: such a name may be
        // anything, a value included.
        if !names.iter().any(|n| n.as_str() == name) {
            continue;
        }
        let Some(value) = parameter.value else {
            return Err(Error::SsmMalformedResponse { detail: format!("the parameter {name} without a value") });
        };
        found.insert(name, SecretValue::from(value));
    }
    Ok(found)
}
