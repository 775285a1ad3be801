//! The SSM Parameter Store calls of the command line: read a prefix to the end, read names, and write and
//! remove secrets (docs/sst-v2-binding-protocol.md §6, §7).

use std::fmt;

use aws_sdk_ssm::Client;
use aws_sdk_ssm::error::ProvideErrorMetadata;
use aws_sdk_ssm::types::{ParameterTier, ParameterType};
use sst_resources_aws::in_get_parameters_batches;

use crate::aws::service_error;
use crate::error::Error;

/// Standard parameters hold up to 4096 bytes (SST compares the length to 4096 too); above, Advanced.
pub const STANDARD_TIER_MAX: usize = 4096;

/// One parameter and its (decrypted) value.
#[derive(Clone)]
pub struct Parameter {
    pub name: String,
    pub value: String,
}

impl fmt::Debug for Parameter {
    /// Never shows the value: it may be a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parameter").field("name", &self.name).finish_non_exhaustive()
    }
}

/// Every parameter under `path`, recursively and decrypted, every page (the SDK's paginator follows
/// `NextToken` to the end: a page may hold fewer than the most and still have a token).
pub async fn by_path(client: &Client, path: &str) -> Result<Vec<Parameter>, Error> {
    let pages = client
        .get_parameters_by_path()
        .path(path)
        .recursive(true)
        .with_decryption(true)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| service_error("SSM GetParametersByPath", path, e))?;
    let parameters = pages.into_iter().flat_map(|page| page.parameters.unwrap_or_default());
    Ok(parameters.filter_map(|p| Some(Parameter { name: p.name?, value: p.value? })).collect())
}

/// Every parameter under each of `paths`, each walked as [`by_path`] does, all walks at the same time: one
/// list a path, in the order of `paths`. The error is the first path's that failed, in that order.
pub async fn by_paths(client: &Client, paths: &[String]) -> Result<Vec<Vec<Parameter>>, Error> {
    futures_util::future::join_all(paths.iter().map(|path| by_path(client, path))).await.into_iter().collect()
}

/// The parameters of these names that exist, decrypted, in calls of at most ten names, all calls at the
/// same time. The error is the first call's that failed, in the order of `names`.
pub async fn by_names(client: &Client, names: &[String]) -> Result<Vec<Parameter>, Error> {
    let calls = in_get_parameters_batches(names, |chunk| async move {
        let target = match chunk {
            [one] => one.clone(),
            _ => format!("{} parameters ({}, ...)", chunk.len(), chunk[0]),
        };
        let page = client
            .get_parameters()
            .set_names(Some(chunk.to_vec()))
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| service_error("SSM GetParameters", &target, e))?;
        Ok(page.parameters.unwrap_or_default())
    });
    let mut out = Vec::new();
    for parameters in calls.await {
        out.extend(parameters?.into_iter().filter_map(|p| Some(Parameter { name: p.name?, value: p.value? })));
    }
    Ok(out)
}

/// The decrypted value of one parameter; `None` where it does not exist.
pub async fn get(client: &Client, name: &str) -> Result<Option<String>, Error> {
    match client.get_parameter().name(name).with_decryption(true).send().await {
        Ok(out) => Ok(out.parameter.and_then(|p| p.value)),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_parameter_not_found()) => Ok(None),
        Err(e) => Err(service_error("SSM GetParameter", name, e)),
    }
}

/// The tier a value needs.
pub fn tier_for(value: &str) -> ParameterTier {
    if value.len() > STANDARD_TIER_MAX { ParameterTier::Advanced } else { ParameterTier::Standard }
}

/// Writes a secret: a SecureString, overwritten, in the tier its size needs. SSM refuses to move an
/// Advanced parameter back to Standard: then the parameter is deleted and written again.
pub async fn put_secret(client: &Client, name: &str, value: &str) -> Result<ParameterTier, Error> {
    let tier = tier_for(value);
    let put = || {
        client
            .put_parameter()
            .name(name)
            .value(value)
            .r#type(ParameterType::SecureString)
            .overwrite(true)
            .tier(tier.clone())
            .send()
    };
    match put().await {
        Ok(_) => Ok(tier),
        Err(e) if tier == ParameterTier::Standard && is_tier_downgrade(e.code(), e.message()) => {
            delete(client, name).await?;
            put().await.map_err(|e| service_error("SSM PutParameter", name, e))?;
            Ok(tier)
        }
        Err(e) => Err(service_error("SSM PutParameter", name, e)),
    }
}

/// Whether SSM refused a put because the parameter is Advanced and the put asked for Standard
/// ("You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier").
fn is_tier_downgrade(code: Option<&str>, message: Option<&str>) -> bool {
    code == Some("ValidationException") && message.is_some_and(|m| m.to_ascii_lowercase().contains("downgrade"))
}

/// Deletes one parameter; `false` where it did not exist.
pub async fn delete(client: &Client, name: &str) -> Result<bool, Error> {
    match client.delete_parameter().name(name).send().await {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_parameter_not_found()) => Ok(false),
        Err(e) => Err(service_error("SSM DeleteParameter", name, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_the_size() {
        assert_eq!(tier_for(&"x".repeat(4096)), ParameterTier::Standard);
        assert_eq!(tier_for(&"x".repeat(4097)), ParameterTier::Advanced);
        // Bytes, not characters: SSM's limit is 4 KB.
        assert_eq!(tier_for(&"é".repeat(2049)), ParameterTier::Advanced);
    }

    #[test]
    fn the_downgrade_refusal_is_recognized() {
        let message = "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the \
                       advanced-parameter tier to the standard-parameter tier.";
        assert!(is_tier_downgrade(Some("ValidationException"), Some(message)));
        assert!(!is_tier_downgrade(Some("ValidationException"), Some("Value too long")));
        assert!(!is_tier_downgrade(Some("AccessDeniedException"), Some(message)));
    }

    /// Against moto (`scripts/with-moto`), requests counted by an interceptor.
    mod moto {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        use aws_config::BehaviorVersion;
        use aws_sdk_ssm::config::interceptors::BeforeTransmitInterceptorContextRef;
        use aws_sdk_ssm::config::{ConfigBag, Intercept, RuntimeComponents};
        use sst_resources_tests::{CallLog, app_name, count_calls, moto_endpoint, put_strings};

        use super::super::*;

        /// A client of moto with the SDK's defaults (no timeouts: moto may be slow on a busy machine).
        async fn admin_client() -> Client {
            moto_endpoint();
            let loader = aws_config::defaults(BehaviorVersion::latest()).http_client(sst_resources_aws::https_client());
            Client::new(&loader.load().await)
        }

        /// Counts the attempts of a client.
        #[derive(Debug, Default)]
        struct Attempts(Arc<AtomicUsize>);

        impl Intercept for Attempts {
            fn name(&self) -> &'static str {
                "Attempts"
            }

            fn read_before_attempt(
                &self,
                _: &BeforeTransmitInterceptorContextRef<'_>,
                _: &RuntimeComponents,
                _: &mut ConfigBag,
            ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                self.0.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        }

        /// 25 parameters of a new app's `dev` stage, stored in moto, sorted; the stage's prefix; a client.
        async fn stored() -> (Vec<(String, String)>, String, Client) {
            let prefix = format!("/sst/{}/dev/", app_name("cli-ssm"));
            let admin = admin_client().await;
            let parameters: Vec<(String, String)> =
                (0..25).map(|i| (format!("{prefix}Secret/S{i:02}/value"), format!("secret-{i}"))).collect();
            put_strings(&admin, &parameters).await;
            (parameters, prefix, admin)
        }

        /// The names and values of `parameters`, sorted.
        fn sorted(parameters: Vec<Parameter>) -> Vec<(String, String)> {
            let mut pairs: Vec<(String, String)> = parameters.into_iter().map(|p| (p.name, p.value)).collect();
            pairs.sort();
            pairs
        }

        #[tokio::test]
        async fn a_listing_of_three_pages_follows_every_page() {
            sst_resources_tests::needs!(Moto);
            let (parameters, prefix, admin) = stored().await;
            let attempts = Arc::new(AtomicUsize::new(0));
            let client = Client::from_conf(admin.config().to_builder().interceptor(Attempts(attempts.clone())).build());

            assert_eq!(sorted(by_path(&client, &prefix).await.unwrap()), parameters);
            // Moto answers 10 parameters a page: 3 pages, 3 requests.
            assert_eq!(attempts.load(Ordering::SeqCst), 3);
        }

        #[tokio::test]
        async fn a_read_of_25_names_is_3_calls_at_the_same_time() {
            sst_resources_tests::needs!(Moto);
            let (parameters, _, admin) = stored().await;
            let log = CallLog::new();
            let client = count_calls(admin.config().to_builder(), &log);

            let names: Vec<String> = parameters.iter().map(|(name, _)| name.clone()).collect();
            assert_eq!(sorted(by_names(&client, &names).await.unwrap()), parameters);
            let mut sizes = log.names_per_call();
            sizes.sort();
            assert_eq!(sizes, [5, 10, 10]);
            // All three were sent before any was answered.
            assert_eq!(log.max_in_flight(), 3);
        }
    }
}
