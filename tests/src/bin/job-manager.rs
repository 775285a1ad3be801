//! A job manager for the tests of a Job's `run` and `cancel`: answers as SST's (`support/job-manager`)
//! does, `{"jobId": …}` to `{"action":"run","payload":…}` and nothing to `{"action":"cancel","jobId":…}`.
//! Its job ids tell what it was given: `job-{n}:{payload}`, `n` counting the runs of this process. A
//! payload `{"fail": true}` and the cancel of an id it never gave fail, as a failed `StartBuild` or
//! `StopBuild` would.

use std::sync::atomic::{AtomicUsize, Ordering};

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

static RUNS: AtomicUsize = AtomicUsize::new(0);

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handle)).await
}

async fn handle(event: LambdaEvent<Value>) -> Result<Value, Error> {
    let event = event.payload;
    match event["action"].as_str() {
        Some("run") => {
            let payload = &event["payload"];
            if payload["fail"] == json!(true) {
                return Err("StartBuild refused the payload".into());
            }
            let n = RUNS.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(json!({ "jobId": format!("job-{n}:{payload}") }))
        }
        Some("cancel") => match event["jobId"].as_str() {
            Some(id) if id.starts_with("job-") => Ok(Value::Null),
            other => Err(format!("StopBuild: no build {}", other.unwrap_or("(none)")).into()),
        },
        _ => Err(format!("unknown action in {event}").into()),
    }
}
