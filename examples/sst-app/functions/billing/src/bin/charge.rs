//! The example app's routes `POST /charge` and `GET /receipts` (`stacks/Api.ts`): one binary that SST builds
//! once per route, imported as the functions `http/POST /charge` (bound to the table `notes` and the secret
//! `STRIPE_KEY`) and `http/GET /receipts` (those and the bucket `my-uploads`). The macro finds both by package
//! and binary, and the code compiles against what both are bound to.

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
    // With `--features unbound-demo` this line does not compile: `http/POST /charge` lacks the bucket.
    #[cfg(feature = "unbound-demo")]
    let _ = Bucket::my_uploads()?;
    let live = !Config::stripe_key()?.expose_secret().starts_with("sk_test_");
    Ok(json!({ "table": Table::notes()?.table_name, "live": live }))
}
