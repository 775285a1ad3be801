//! The SSM client `load()` makes: the AWS configuration of `crate::aws` (the chains for region and
//! credentials, `SST_REGION` first, rustls with `ring`), with timeouts and retries that bound every fault.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;

use crate::aws;
use crate::store::{self, Environment};

/// How long connecting to SSM may take, per attempt.
pub use crate::aws::CONNECT_TIMEOUT;
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
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(OPERATION_ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let retries = RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(INITIAL_BACKOFF)
        .with_max_backoff(MAX_BACKOFF);
    let sdk_config = aws::sdk_config(env, timeouts, retries).await;
    let endpoint = sdk_config.endpoint_url().map(str::to_owned);
    (aws_sdk_ssm::Config::from(&sdk_config), endpoint)
}
