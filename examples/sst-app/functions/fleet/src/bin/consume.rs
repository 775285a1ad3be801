//! The example app's consumer of the queue `jobs` (`stacks/Storage.ts`), bound to the table `notes`: all of
//! its code is the lib's.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    sst_resources::load().await?;
    lambda_runtime::run(service_fn(run)).await
}

async fn run(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    Ok(sst_app_fleet::describe("jobs/consumer")?)
}
