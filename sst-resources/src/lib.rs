//! Typed, compile-time-checked access to an SST app's bound resources from Rust functions.
//!
//! ```ignore
//! sst_resources::sst_resources!("bindings.json", function = "api");
//!
//! let bucket = Bucket::my_files()?.bucket_name;
//! ```
//!
//! The macro reads the app's `bindings.json` at compile time and generates one type per construct, with
//! one accessor per resource. A resource that is not bound to this function does not compile. At run
//! time, values are read exactly as SST v2 deploys them: from `SST_{Construct}_{prop}_{id}` environment
//! variables, and from SSM Parameter Store for secrets and site URLs: call [`load()`] once at cold start.
//!
//! ```ignore
//! #[tokio::main]
//! async fn main() -> Result<(), lambda_runtime::Error> {
//!     sst_resources::load().await?;
//!     lambda_runtime::run(lambda_runtime::service_fn(handler)).await
//! }
//! ```
//!
//! SST v3/v4 links (`SST_RESOURCE_{Name}`, `SST_RESOURCES_JSON`, and the key file that `SST_KEY` decrypts)
//! are read as SST's own Node reader (`sst/resource`) of the app's release reads them (the manifest's
//! `"sst"`; 4.17.1's where none is recorded), with its errors, on the first link asked for; no AWS SDK is
//! needed for them.
//!
//! Cargo features: `v2` (on by default) lets the macro read SST v2's manifest; a function of an SST v3/v4
//! app leaves it out (`default-features = false`), and its build compiles only the links' reader and
//! generator. `ssm` (on by default, with `v2`) fetches values from SSM with the AWS SDK; without it, `load()`
//! fails when a value is kept in SSM, with an error that says to enable it. `job` lets a function run and
//! cancel the Jobs bound to it (`Job::nightly()?.run(&payload).await`), with the AWS SDK for Lambda.
//! `testing` (for `[dev-dependencies]`) adds `testing::Values`: a test's own bound values, in-process;
//! without it, an accessor's read after the first is a bare load of its cached value.

#[cfg(any(feature = "ssm", feature = "job"))]
mod aws;
mod error;
#[cfg(feature = "v2")]
pub mod job;
mod links;
#[cfg(feature = "v2")]
mod load;
mod secret;
#[cfg(feature = "ssm")]
pub mod ssm;
mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::Error;
#[cfg(feature = "v2")]
pub use error::JobAction;
#[cfg(feature = "v2")]
pub use job::JobId;
pub use links::LinkSourceError;
#[cfg(feature = "v2")]
pub use load::load;
#[cfg(feature = "ssm")]
pub use load::load_with;
pub use secrecy::ExposeSecret;
pub use secret::SecretValue;
/// The JSON values of SST v3/v4 links: the type of a link's prop typed `any` in `sst-env.d.ts`.
pub use serde_json;
/// Where the code runs, as SST tells it apart to word [`Error::NoApp`].
#[cfg(feature = "v2")]
pub use sst_binding_protocol_core::messages::Place;
pub use sst_resources_macros::sst_resources;

/// What generated code uses; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::links::Link;
    #[cfg(feature = "v2")]
    pub use crate::store::Resource;
    pub use crate::store::{Cache, Source};
    /// How the release an app is on reads its links: generated accessors pass it to [`Source::link`].
    pub use sst_binding_protocol_core::releases::{LinkReading, Release};

    /// A bound Job's `run` and `cancel`.
    #[cfg(feature = "v2")]
    pub mod job {
        pub use crate::job::private::{Enabled, Payload};
    }
}
