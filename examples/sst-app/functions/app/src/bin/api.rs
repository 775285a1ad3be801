//! The example app's `api` function (`functions/app/src/bin/api.rs` in `stacks/Storage.ts`): bound to the
//! bucket `my-uploads` and the table `notes`, and, as every function of the app, to the secret `STRIPE_KEY`.
//! The macro picks this function by itself: `bindings.json` maps package `sst-app-functions`, binary `api`, to it.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};
use sst_resources::ExposeSecret;

sst_resources::sst_resources!("../../bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Once, at cold start: the secret is kept in SSM.
    sst_resources::load().await?;
    lambda_runtime::run(service_fn(describe)).await
}

/// Answers with what the function is bound to (never the secret itself).
async fn describe(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    Ok(json!({
        "app": Config::app()?,
        "stage": Config::stage()?,
        "bucket": Bucket::my_uploads()?.bucket_name,
        "table": Table::notes()?.table_name,
        "stripeTestMode": Config::stripe_key()?.expose_secret().starts_with("sk_test_"),
    }))
}
