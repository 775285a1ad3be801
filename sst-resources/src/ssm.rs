//! SSM Parameter Store for `load()`: the client it makes (`client.rs`), the batched, concurrent fetch with
//! the secret fallback (`fetch.rs`), and the error each fault becomes (`fault.rs`).

mod client;
mod fault;
mod fetch;

/// The AWS SDK for SSM that [`load_with`](crate::load_with) and [`config`] use, re-exported so that a
/// client built for them has the same version.
pub use aws_sdk_ssm;
pub use client::config;
pub(crate) use client::config_for;
pub use client::{
    CONNECT_TIMEOUT, INITIAL_BACKOFF, MAX_ATTEMPTS, MAX_BACKOFF, OPERATION_ATTEMPT_TIMEOUT, OPERATION_TIMEOUT,
};
pub(crate) use fetch::Request;
