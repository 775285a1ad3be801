//! `push` (handler `./.push`): linked to the queue `Jobs` alone. `Resource::my_bucket()` here fails to
//! compile with SST's words: `"MyBucket" is not linked in your sst.config.ts to Push`.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

sst_resources::sst_resources!("bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(push)).await
}

async fn push(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    Ok(json!({ "queue": Resource::jobs()?.url }))
}
