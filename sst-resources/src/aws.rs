//! The AWS configuration every client of the runtime is made from (SSM for `load()`, Lambda for a Job's
//! `run` and `cancel`): region from `SST_REGION` where set, else the AWS region chain; credentials from the
//! AWS credential chain; `AWS_ENDPOINT_URL` honoured; HTTPS through rustls with the `ring` provider.

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::store::Environment;

/// How long connecting to an AWS endpoint may take, per attempt.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The configuration for the layer whose environment is `env`, with a client's own timeouts and retries.
pub(crate) async fn sdk_config(env: &Environment, timeouts: TimeoutConfig, retries: RetryConfig) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(sst_resources_aws::https_client())
        .timeout_config(timeouts)
        .retry_config(retries);
    if let Some(region) = env.region.as_deref().filter(|r| !r.is_empty()) {
        loader = loader.region(Region::new(region.to_owned()));
    }
    loader.load().await
}
