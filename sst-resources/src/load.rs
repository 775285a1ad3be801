//! `load()`: fetches, once per process (or test scope), every value the environment marks as kept in SSM,
//! so that accessors can read it synchronously afterwards (docs/sst-v2-binding-protocol.md §3).

#[cfg(feature = "ssm")]
use std::collections::HashMap;

use crate::Error;
use crate::store;
#[cfg(feature = "ssm")]
use crate::store::Layer;

/// Fetches every bound value that is kept in SSM (secrets, site URLs), once, at cold start.
///
/// Call it once in `main`, before `lambda_runtime::run`; afterwards every accessor works synchronously:
///
/// ```no_run
/// # async fn main_() -> Result<(), sst_resources::Error> {
/// sst_resources::load().await?;
/// # Ok(()) }
/// ```
///
/// It scans the `SST_*` variables for `__FETCH_FROM_SSM__`, makes each an SSM path under `SST_SSM_PREFIX`
/// (default `/sst/{app}/{stage}/`), and reads them with `GetParameters` (decrypted), at most 10 names a
/// call, all calls at the same time. Secrets that the stage does not have are read from the app's fallback
/// (`/sst/{app}/.fallback/Secret/{id}/value`); secrets set nowhere are one
/// [`Error::SecretsNotSet`] naming all of them. `__FETCH_FROM_SECRET__:{name}` values read the loaded
/// Secret `{name}`.
///
/// - **Once**: concurrent calls wait for one fetch; calls after a successful one return at once. A failed
///   load keeps nothing and may be called again.
/// - **Nothing to fetch**: returns `Ok(())` without making an AWS client (also when `SST_APP` is not set).
/// - **Client**: the one [`ssm::config`](crate::ssm::config) describes: region from `SST_REGION`, else the
///   AWS region chain; credentials from the AWS credential chain; `AWS_ENDPOINT_URL` honoured; timeouts
///   and retries (with backoff) that end every fault in an error within seconds. Use [`load_with`] to
///   pass a client of your own.
/// - **Errors** name the fault and what to do: [`Error::SsmUnreachable`], [`Error::SsmAccessDenied`],
///   [`Error::SsmThrottled`], [`Error::SsmMalformedResponse`], [`Error::NoRegion`], [`Error::Ssm`]. They
///   never show a value.
/// - **Without the `ssm` feature**: returns `Ok(())` when no value is kept in SSM, else
///   [`Error::SsmFeatureDisabled`], which lists the paths and says which feature to enable.
///
/// Inside a `testing::Values` scope (the `testing` feature) it loads the scope's values, once per scope.
pub async fn load() -> Result<(), Error> {
    // Taken before the first await: inside a test scope, the scope is current while this future is polled.
    let layer = store::current_layer();
    #[cfg(feature = "ssm")]
    {
        load_layer(layer, None).await
    }
    #[cfg(not(feature = "ssm"))]
    {
        let wanted = layer.env.ssm_values();
        if wanted.is_empty() {
            return Ok(());
        }
        Err(Error::SsmFeatureDisabled { ssm_paths: wanted.iter().map(|v| v.path.to_string()).collect() })
    }
}

/// [`load`] with an SSM client of your own (its region, credentials, endpoint, timeouts, retries and
/// interceptors are used as they are).
///
/// ```no_run
/// # async fn main_() -> Result<(), sst_resources::Error> {
/// use sst_resources::ssm::aws_sdk_ssm::{self, config::retry::RetryConfig};
///
/// // More patience with throttling than the default.
/// let retries = RetryConfig::standard().with_max_attempts(10);
/// let config = sst_resources::ssm::config().await.to_builder().retry_config(retries).build();
/// sst_resources::load_with(&aws_sdk_ssm::Client::from_conf(config)).await?;
/// # Ok(()) }
/// ```
#[cfg(feature = "ssm")]
pub async fn load_with(client: &aws_sdk_ssm::Client) -> Result<(), Error> {
    let layer = store::current_layer();
    load_layer(layer, Some(client)).await
}

/// Loads `layer` unless it is loaded: single flight through the layer's `loading` lock.
#[cfg(feature = "ssm")]
async fn load_layer(layer: &'static Layer, client: Option<&aws_sdk_ssm::Client>) -> Result<(), Error> {
    if layer.loaded.get().is_some() {
        return Ok(());
    }
    let _fetching = layer.loading.lock().await;
    // Whoever held the lock before may have loaded everything.
    if layer.loaded.get().is_some() {
        return Ok(());
    }
    let wanted = layer.env.ssm_values();
    let values = if wanted.is_empty() {
        HashMap::new()
    } else {
        let stage = layer.stage()?;
        let app = layer.app()?;
        match client {
            Some(client) => crate::ssm::Request { app, stage, wanted: &wanted, endpoint: None }.fetch(client).await?,
            None => {
                let (config, endpoint) = crate::ssm::config_for(&layer.env).await;
                let request = crate::ssm::Request { app, stage, wanted: &wanted, endpoint: endpoint.as_deref() };
                request.fetch(&aws_sdk_ssm::Client::from_conf(config)).await?
            }
        }
    };
    // Only this call sets it (under the lock), so it cannot be set already.
    let _ = layer.loaded.set(values);
    Ok(())
}

#[cfg(all(test, not(feature = "ssm")))]
mod tests {
    use crate::testing::Values;

    #[test]
    fn without_the_feature_load_fails_only_when_ssm_is_needed() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let plain = Values::new("app", "dev").set("Bucket", "b", "bucketName", "x");
        assert!(runtime.block_on(plain.scope(crate::load())).is_ok());
        let secret = Values::new("app", "dev").set("Secret", "KEY", "value", "__FETCH_FROM_SSM__");
        let error = runtime.block_on(secret.scope(crate::load())).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Cannot load the values stored in SSM (/sst/app/dev/Secret/KEY/value): sst-resources was built \
             without its `ssm` feature. Enable it: `sst-resources = { version = \"0.1\", features = [\"ssm\"] }`."
        );
    }
}
