//! `worker`: subscribed to the queue `Jobs` and linked to MyBucket alone. `Resource::stripe()` here fails
//! to compile with SST's words: `"Stripe" is not linked in your sst.config.ts to Jobs/subscriber ...`.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

sst_resources::sst_resources!("../../bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(work)).await
}

async fn work(event: LambdaEvent<Value>) -> Result<Value, Error> {
    let records = event.payload["Records"].as_array().map_or(0, Vec::len);
    Ok(json!({ "bucket": Resource::my_bucket()?.name, "records": records }))
}
