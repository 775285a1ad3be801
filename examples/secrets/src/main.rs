//! A Lambda function bound to `Config.Secret` `STRIPE_KEY` and `Config.Parameter` `MY_CLUSTER_NAME`.
//!
//! The secret's variable holds `__FETCH_FROM_SSM__`: `load()` reads it, once, from SSM at cold start
//! (`/sst/{app}/{stage}/Secret/STRIPE_KEY/value`, else the app's fallback). Set it with
//! `sst-resources secrets set STRIPE_KEY sk_test_...`.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};
use sst_resources::ExposeSecret;

sst_resources::sst_resources!("bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    sst_resources::load().await?;
    lambda_runtime::run(service_fn(handler)).await
}

/// Answers with the cluster's name and whether the key is a test key; never with the key itself.
async fn handler(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    let stripe_key = Config::stripe_key()?.expose_secret();
    let cluster = Config::my_cluster_name()?;
    Ok(json!({ "cluster": cluster, "stripeTestMode": stripe_key.starts_with("sk_test_") }))
}
