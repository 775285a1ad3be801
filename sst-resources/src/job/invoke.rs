//! The Lambda `Invoke` calls of a Job's `run` and `cancel`, with the AWS configuration `load()` uses
//! (`crate::aws`) and a client made once per layer (the process's, or a test scope's).

use std::fmt;
use std::future::Future;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::operation::invoke::InvokeError;
use aws_sdk_lambda::primitives::Blob;
use serde::Serialize;
use sst_binding_protocol_core::names;

use super::JobId;
use crate::error::JobAction;
use crate::store::{self, Layer};
use crate::{Error, aws};

/// How long one attempt of an `Invoke` may take: the job manager starts the job and answers at once, but
/// a cold start of it takes seconds.
pub const INVOKE_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// How many times one `Invoke` is tried, as the AWS SDKs do by default (SST's Node helper included):
/// throttled and transient errors are retried; a function error is not.
pub const INVOKE_MAX_ATTEMPTS: u32 = 3;

/// `Job.{job}.run({ payload })`: the job id the job manager answers with.
pub(crate) fn run<P: Serialize + ?Sized>(
    job: &'static str,
    function_name: &'static str,
    payload: &P,
) -> impl Future<Output = Result<JobId, Error>> + Send {
    // Taken before the first await: inside a test scope, the scope is current while this is called.
    let layer = store::current_layer();
    let event = serde_json::to_vec(&RunEvent { action: "run", payload });
    async move {
        let fail = |detail: String| Error::Job { job: names::normalize_id(job), action: JobAction::Run, detail };
        let event = event.map_err(|e| fail(format!("the payload cannot be written as JSON ({e})")))?;
        let answer = invoke(layer, function_name, event).await.map_err(|failure| fail(failure.to_string()))?;
        // SST's job manager answers `{"jobId": "…"}`.
        match serde_json::from_slice::<RunAnswer>(&answer) {
            Ok(RunAnswer { job_id }) => Ok(JobId::from(job_id)),
            Err(_) => Err(fail(format!(
                "the job manager `{function_name}` answered {}, not {{\"jobId\": \"…\"}}",
                shown(&answer)
            ))),
        }
    }
}

/// `Job.{job}.cancel(jobId)`.
pub(crate) fn cancel(
    job: &'static str,
    function_name: &'static str,
    job_id: &str,
) -> impl Future<Output = Result<(), Error>> + Send {
    let layer = store::current_layer();
    let job_id = job_id.to_owned();
    async move {
        let event = serde_json::json!({ "action": "cancel", "jobId": job_id }).to_string().into_bytes();
        match invoke(layer, function_name, event).await {
            Ok(_) => Ok(()),
            Err(failure) => Err(Error::Job {
                job: names::normalize_id(job),
                action: JobAction::Cancel { job_id },
                detail: failure.to_string(),
            }),
        }
    }
}

#[derive(Serialize)]
struct RunEvent<'a, P: ?Sized> {
    action: &'static str,
    payload: &'a P,
}

#[derive(serde::Deserialize)]
struct RunAnswer {
    #[serde(rename = "jobId")]
    job_id: String,
}

/// Why an `Invoke` gave no answer; its text is the public error's `detail`, made where that error is.
enum InvokeFailure {
    /// The function error (`Unhandled`, as SST shows it), with the function's own message where it gave one.
    Function { error: String, message: Option<String> },
    /// The Lambda API's error.
    Api(Box<SdkError<InvokeError>>),
}

impl fmt::Display for InvokeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeFailure::Function { error, message: Some(message) } => write!(f, "{error} ({message})"),
            InvokeFailure::Function { error, message: None } => f.write_str(error),
            InvokeFailure::Api(error) => f.write_str(&api_error(error)),
        }
    }
}

/// Invokes `function_name` with `event` and waits for its answer.
async fn invoke(layer: &'static Layer, function_name: &str, event: Vec<u8>) -> Result<Vec<u8>, InvokeFailure> {
    let client = layer.lambda.get_or_init(|| client(layer)).await;
    let output = client
        .invoke()
        .function_name(function_name)
        .payload(Blob::new(event))
        .send()
        .await
        .map_err(|error| InvokeFailure::Api(Box::new(error)))?;
    let answer = output.payload.map(Blob::into_inner).unwrap_or_default();
    match output.function_error {
        Some(error) => Err(InvokeFailure::Function { error, message: function_message(&answer) }),
        None => Ok(answer),
    }
}

/// The client of a layer: the runtime's AWS configuration, with the limits of an `Invoke`.
async fn client(layer: &'static Layer) -> aws_sdk_lambda::Client {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(aws::CONNECT_TIMEOUT)
        .operation_attempt_timeout(INVOKE_ATTEMPT_TIMEOUT)
        .build();
    let retries = RetryConfig::standard().with_max_attempts(INVOKE_MAX_ATTEMPTS);
    aws_sdk_lambda::Client::new(&aws::sdk_config(&layer.env, timeouts, retries).await)
}

/// The Lambda API's error as a line: its code and message, else the answer's status and body, else what
/// failed on the way (connecting, a timeout), cause by cause.
fn api_error(error: &SdkError<InvokeError>) -> String {
    match (error.code(), error.message(), error.raw_response()) {
        (Some(code), Some(message), _) => format!("{code}: {message}"),
        (Some(code), None, _) => code.to_owned(),
        (None, Some(message), _) => message.to_owned(),
        (None, None, Some(raw)) => {
            // A function error as a local Lambda emulator answers it (`{"errorType", "errorMessage"}`):
            // its message; any other answer as it is.
            let body = raw.body().bytes().unwrap_or_default();
            let message = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("errorMessage").and_then(|m| m.as_str()).map(str::to_owned));
            format!("HTTP {}: {}", raw.status().as_u16(), message.unwrap_or_else(|| shown(body)))
        }
        (None, None, None) => sst_resources_aws::error_chain(error),
    }
}

/// `{errorType}: {errorMessage}` of a function error's answer, where it has them.
fn function_message(answer: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(answer).ok()?;
    let message = value.get("errorMessage")?.as_str()?;
    Some(match value.get("errorType").and_then(|t| t.as_str()) {
        Some(kind) => format!("{kind}: {message}"),
        None => message.to_owned(),
    })
}

/// An answer as it may be shown in an error: its text, cut at 200 characters.
fn shown(answer: &[u8]) -> String {
    let text = String::from_utf8_lossy(answer);
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_error_shows_the_function_s_message() {
        let answer = br#"{"errorType":"StopBuildError","errorMessage":"no build abc"}"#;
        assert_eq!(function_message(answer).as_deref(), Some("StopBuildError: no build abc"));
        assert_eq!(function_message(b"null"), None);
        assert_eq!(shown(&[b'x'; 300]).chars().count(), 201);
    }
}
