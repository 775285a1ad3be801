//! The example app's `worker` function: bound to the queue `jobs`, the parameter `MY_CLUSTER_NAME` and the
//! secret `STRIPE_KEY`; not to the bucket, which `api` has.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

sst_resources::sst_resources!("../../bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    sst_resources::load().await?;
    lambda_runtime::run(service_fn(work)).await
}

async fn work(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    // With `--features unbound-demo` this line does not compile: `worker` is not bound to the bucket.
    #[cfg(feature = "unbound-demo")]
    let _ = Bucket::my_uploads()?;
    Ok(json!({ "queue": Queue::jobs()?.queue_url, "cluster": Config::my_cluster_name()? }))
}
