//! `notify` (a prebuilt bundle: `cargo lambda build --release --bin notify`, deployed from
//! `target/lambda/notify`): linked to the bucket `MyBucket` alone. The import finds its crate as the one
//! with the binary `notify` in the cargo workspace whose `target/` that is.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

sst_resources::sst_resources!("bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(notify)).await
}

async fn notify(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    Ok(json!({ "bucket": Resource::my_bucket()?.name }))
}
