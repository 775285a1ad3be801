//! The one definition of SST v2's resource binding protocol: which constructs exist and what they bind
//! (`catalog`), how a bound value is named in the environment and in SSM (`names`), the texts users read
//! (`messages`), the link types SST v3 and v4 write (`links`), how each SST release reads links
//! (`releases`), the `bindings.json` manifest and its reader (`manifest`), and the limits of what they
//! accept (`limits`).
//!
//! Nothing here reads an SST app's files or writes a file: the importer (`sst-resources-import`) and the
//! command line (`sst-resources-cli`) do, on top of this crate. The manifest's reader, which only the macro
//! needs, is behind the feature `manifest`; the runtime builds without it.
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
//! | 4 | `messages` | the texts users read |
//! | 5 | `links` | the types SST v3 and v4 write for an app's links (`sst-env.d.ts`) |
//! | 6 | `manifest` | the manifest users write, and its reader |

pub mod limits;
pub mod text;

#[cfg(feature = "manifest")]
pub mod json;

pub mod names;

pub mod catalog;
pub mod releases;

pub mod messages;

#[cfg(feature = "manifest")]
pub mod links;

#[cfg(feature = "manifest")]
pub mod manifest;

pub use catalog::{Catalog, Construct, Origin, Prop, PropKind};
pub use names::{EnvVar, SsmPath, SsmPrefix};
