//! The example app's `POST /charge` route (`stacks/Api.ts`): bound to the table `notes` and the secret
//! `STRIPE_KEY`. Its function has no name of its own in the stacks; the macro finds it by package and binary.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};
use sst_resources::ExposeSecret;

sst_resources::sst_resources!("../../bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    sst_resources::load().await?;
    lambda_runtime::run(service_fn(charge)).await
}

async fn charge(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    let live = !Config::stripe_key()?.expose_secret().starts_with("sk_test_");
    Ok(json!({ "table": Table::notes()?.table_name, "live": live }))
}
