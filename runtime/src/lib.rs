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
//! Cargo features: `ssm` (on by default) fetches values from SSM with the AWS SDK; without it, `load()`
//! fails when a value is kept in SSM, with an error that says to enable it.

mod error;
mod load;
mod secret;
#[cfg(feature = "ssm")]
pub mod ssm;
mod store;
pub mod testing;

pub use error::Error;
pub use load::load;
#[cfg(feature = "ssm")]
pub use load::load_with;
pub use secrecy::ExposeSecret;
pub use secret::SecretValue;
pub use sst_resources_macros::sst_resources;

/// What generated code uses; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::Error;
    pub use crate::store::{Cache, Resource, Source};
}
