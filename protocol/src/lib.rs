//! The one definition of SST v2's resource binding protocol: which constructs exist and what they bind
//! (`catalog`), how a bound value is named in the environment and in SSM (`names`), the texts users read
//! (`messages`), the IAM a binding grants (`iam`), the `bindings.json` manifest (`manifest`), the
//! values file of `sst-resources bind --values` (`values`), and the limits of what they accept (`limits`).
//!
//! The macro, the runtime and the command line all go through this crate; none of them spells an
//! environment variable name or an SSM path on its own.

pub mod catalog;
pub mod iam;
#[cfg(feature = "manifest")]
mod json;
pub mod limits;
#[cfg(feature = "manifest")]
pub mod manifest;
pub mod messages;
pub mod names;
#[cfg(feature = "manifest")]
pub mod sst_app;
#[cfg(feature = "manifest")]
pub mod values;

pub use catalog::{Catalog, Construct, Origin, Prop, PropKind};
pub use names::{EnvVar, SsmPath, SsmPrefix};
