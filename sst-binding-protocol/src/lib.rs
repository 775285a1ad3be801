//! The one definition of SST v2's resource binding protocol: which constructs exist and what they bind
//! (`catalog`), how a bound value is named in the environment and in SSM (`names`), the texts users read
//! (`messages`), the link types SST v3 and v4 write (`sst_env`), how each SST release reads links
//! (`releases`), the `bindings.json` manifest and its reader (`manifest`), and the limits of what they
//! accept (`limits`).
//!
//! Nothing here reads an SST app's files or writes a file: the importer (`sst-resources-import`) and the
//! command line (`sst-resources-cli`) do, on top of this crate. The layers a running function needs
//! (`limits`, `text`, `names`, `catalog`, `releases`, `messages`) are the crate `sst-binding-protocol-core`,
//! re-exported here: the runtime depends on that crate alone, so that a user's `cargo build` compiles it
//! once for the macro and the runtime, and the manifest's reader (this crate) only for the macro.
//!
//! The macro, the runtime and the command line all go through this crate (the runtime through its core);
//! none of them spells an environment variable name or an SSM path on its own.
//!
//! The modules are layers, listed here from the bottom up; each uses only the layers below it (never
//! one beside it), so that a reader can take them in this order. `tests/layers.rs` checks it.
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | 0 | `case`, `limits`, `text` (core) | Rust names of SST's names; how much any input may hold; how input is shown in a message |
//! | 1 | `json` | the JSON kit: plain JSON parsed with places (`json::syntax`), diagnostics, fields, suggestions |
//! | 2 | `names` (core) | ids, environment variables, SSM paths |
//! | 3 | `catalog`, `releases` (core) | constructs, props, grant templates; SST releases whose links differ (plain data) |
//! | 4 | `messages` (core) | the texts users read |
//! | 5 | `sst_env` | the types SST v3 and v4 write for an app's links (`sst-env.d.ts`) |
//! | 6 | `manifest` | the manifest users write, and its reader |

pub use sst_binding_protocol_core::{case, limits, text};

pub mod json;

pub use sst_binding_protocol_core::names;

#[cfg(feature = "v2")]
pub use sst_binding_protocol_core::catalog;
pub use sst_binding_protocol_core::releases;

pub use sst_binding_protocol_core::messages;

pub mod sst_env;

pub mod manifest;

#[cfg(feature = "v2")]
pub use catalog::{Catalog, Construct, Origin, Prop, PropKind};
#[cfg(feature = "v2")]
pub use names::{EnvVar, SsmPath, SsmPrefix};
