//! The example app's Cron `nightly` (`stacks/Storage.ts`): its job, bound to the table `notes` and the
//! bucket `my-uploads`. The shared code is the lib's; this binary calls the macro too, and so may use the
//! bucket the consumer lacks.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

sst_resources::sst_resources!("../../bindings.json");

#[tokio::main]
async fn main() -> Result<(), Error> {
    sst_resources::load().await?;
    lambda_runtime::run(service_fn(run)).await
}

async fn run(_event: LambdaEvent<Value>) -> Result<Value, Error> {
    let mut answer = sst_app_fleet::describe("nightly/job")?;
    answer["bucket"] = Bucket::my_uploads()?.bucket_name.into();
    Ok(answer)
}
