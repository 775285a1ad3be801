//! The SSM client `load()` makes: the AWS chains for region and credentials (with `SST_REGION` first),
//! rustls with the `ring` provider, and timeouts and retries that bound every fault.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

use crate::store::{self, Environment};

/// How long connecting to SSM may take, per attempt.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long one attempt of one `GetParameters` call may take, connecting included.
pub const OPERATION_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(4);
/// How long one `GetParameters` call may take, all its attempts and backoff included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times one call is tried (the first attempt and the retries): throttling, 5xx and network
/// errors are retried.
pub const MAX_ATTEMPTS: u32 = 5;
/// The longest backoff before the first retry; it doubles each retry (with jitter) up to [`MAX_BACKOFF`].
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(200);
/// The longest backoff before a retry.
pub const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// The configuration of the SSM client [`load`](crate::load) makes, for the current layer (the process's,
/// or a test scope's):
///
/// - region: `SST_REGION` where set, else the AWS region chain (`AWS_REGION`, the profile, ...);
/// - credentials: the AWS credential chain (environment, shared files and profiles with SSO, roles and
///   `credential_process`, the container and instance roles); in Lambda, the function's role;
/// - endpoint: the AWS one, or `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_SSM` where set;
/// - HTTPS through rustls with the `ring` provider;
/// - timeouts [`CONNECT_TIMEOUT`], [`OPERATION_ATTEMPT_TIMEOUT`], [`OPERATION_TIMEOUT`], and the standard
///   retry mode with [`MAX_ATTEMPTS`] attempts and exponential backoff from [`INITIAL_BACKOFF`] to
///   [`MAX_BACKOFF`].
///
/// Change it with `to_builder()` (to add an interceptor, say) and pass the client to
/// [`load_with`](crate::load_with).
pub async fn config() -> aws_sdk_ssm::Config {
    config_for(&store::current_layer().env).await.0
}

/// [`config`] for the layer whose environment is `env`, with the endpoint URL it was given (the SSM
/// configuration does not tell it, and an error about a wrong `AWS_ENDPOINT_URL` should).
pub(crate) async fn config_for(env: &Environment) -> (aws_sdk_ssm::Config, Option<String>) {
    let http_client =
        aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::Ring)).build_https();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(OPERATION_ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let retries = RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(INITIAL_BACKOFF)
        .with_max_backoff(MAX_BACKOFF);
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client)
        .timeout_config(timeouts)
        .retry_config(retries);
    if let Some(region) = env.region.as_deref().filter(|r| !r.is_empty()) {
        loader = loader.region(Region::new(region.to_owned()));
    }
    let sdk_config = loader.load().await;
    let endpoint = sdk_config.endpoint_url().map(str::to_owned);
    (aws_sdk_ssm::Config::from(&sdk_config), endpoint)
}
