//! A bound `Job`'s `run` and `cancel`, as SST's `sst/node/job` does them: the job manager function
//! (`functionName`) is invoked with `{"action":"run","payload":…}` and answers `{"jobId":…}`, or with
//! `{"action":"cancel","jobId":…}`. The Lambda calls need the `job` feature (`invoke.rs`); without it,
//! calling `run` or `cancel` does not compile, and the error says which feature to enable.

use std::fmt;
use std::ops::Deref;

#[cfg(feature = "job")]
mod invoke;

/// The limits of the Lambda calls of `run` and `cancel`.
#[cfg(feature = "job")]
pub use invoke::{INVOKE_ATTEMPT_TIMEOUT, INVOKE_MAX_ATTEMPTS};

/// The id of a job run, as the job manager answered it (a CodeBuild build id, or the request id of the
/// Lambda function that runs the job). Give it to `cancel`; it reads as a `&str`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JobId(String);

impl JobId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<String> for JobId {
    fn from(id: String) -> JobId {
        JobId(id)
    }
}

impl Deref for JobId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for JobId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the generated `run` and `cancel` call.
pub(crate) mod private {
    use std::future::Future;

    use super::JobId;
    use crate::Error;

    /// What a payload must be: `serde::Serialize` (with the `job` feature).
    #[cfg(feature = "job")]
    pub use serde::Serialize as Payload;

    /// What a payload must be: anything (without the `job` feature, `run` does not compile anyway).
    #[cfg(not(feature = "job"))]
    pub trait Payload {}

    #[cfg(not(feature = "job"))]
    impl<T: ?Sized> Payload for T {}

    /// Implemented (by `&()`) with the `job` feature only, so that `run` and `cancel` compile only with it.
    #[diagnostic::on_unimplemented(
        message = "running or cancelling a Job needs the `job` feature of sst-resources",
        label = "needs the `job` feature",
        note = "enable it in Cargo.toml: `sst-resources = {{ version = \"0.1\", features = [\"job\"] }}`"
    )]
    pub trait Enabled {
        /// Invokes the job manager `function_name` of Job `job` (its id as written) with
        /// `{"action":"run","payload":…}`.
        fn run<P: Payload + ?Sized>(
            job: &'static str,
            function_name: &'static str,
            payload: &P,
        ) -> impl Future<Output = Result<JobId, Error>> + Send;

        /// Invokes the job manager with `{"action":"cancel","jobId":…}`.
        fn cancel(
            job: &'static str,
            function_name: &'static str,
            job_id: &str,
        ) -> impl Future<Output = Result<(), Error>> + Send;
    }

    #[cfg(feature = "job")]
    impl Enabled for &() {
        fn run<P: Payload + ?Sized>(
            job: &'static str,
            function_name: &'static str,
            payload: &P,
        ) -> impl Future<Output = Result<JobId, Error>> + Send {
            super::invoke::run(job, function_name, payload)
        }

        fn cancel(
            job: &'static str,
            function_name: &'static str,
            job_id: &str,
        ) -> impl Future<Output = Result<(), Error>> + Send {
            super::invoke::cancel(job, function_name, job_id)
        }
    }
}
