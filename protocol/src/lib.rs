//! The one definition of SST v2's resource binding protocol: which constructs exist and what they bind
//! (`catalog`), how a bound value is named in the environment and in SSM (`names`), the texts users read
//! (`messages`), the IAM a binding grants (`iam`), the `bindings.json` manifest (`manifest`), the
//! values file of `sst-resources bind --values` (`values`), the SST app's own build output (`sst_app`),
//! the link types SST v3 and v4 write (`links`), how each SST release reads links (`releases`), the
//! `.env` files of `sst-resources secrets` (`dotenv`), and the limits of what they accept (`limits`).
//!
//! What only the command line uses — `sst_app`, `values`, `dotenv`, the manifest written back and its JSON
//! Schema — is behind the feature `cli`, which the macro does not enable: every user's build compiles the
//! macro, and with it only the manifest's reader.
//!
//! The macro, the runtime and the command line all go through this crate; none of them spells an
//! environment variable name or an SSM path on its own.
//!
//! The modules are layers, listed here from the bottom up; each uses only the layers below it (never
//! one beside it), so that a reader can take them in this order. `tests/layers.rs` checks it.
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | 0 | `limits`, `text` | how much any input may hold; how input is shown in a message |
//! | 1 | `json` | the JSON kit: places, diagnostics, fields, suggestions |
//! | 2 | `names` | ids, environment variables, SSM paths |
//! | 3 | `catalog`, `releases` | constructs, props, grant templates; SST releases whose links differ (plain data) |
//! | 4 | `messages`, `iam` | the texts users read; the grants rendered |
//! | 5 | `links` | the types SST v3 and v4 write for an app's links (`sst-env.d.ts`) |
//! | 6 | `manifest`, `values`, `dotenv` | the files users write |
//! | 7 | `sst_app` | the SST app's own files, made into a manifest |

pub mod limits;
pub mod text;

#[cfg(feature = "manifest")]
mod json;

pub mod names;

pub mod catalog;
pub mod releases;

pub mod iam;
pub mod messages;

#[cfg(feature = "manifest")]
pub mod links;

#[cfg(feature = "cli")]
pub mod dotenv;
#[cfg(feature = "manifest")]
pub mod manifest;
#[cfg(feature = "cli")]
pub mod values;

#[cfg(feature = "cli")]
pub mod sst_app;

pub use catalog::{Catalog, Construct, Origin, Prop, PropKind};
pub use names::{EnvVar, SsmPath, SsmPrefix};
