//! The part of SST's binding protocol that a running function needs: which constructs exist and what they
//! bind (`catalog`), how a bound value is named in the environment and in SSM (`names`), how each SST
//! release reads links (`releases`), the texts users read (`messages`), and the limits of what the readers
//! accept (`limits`).
//!
//! Use it through `sst-binding-protocol`, which re-exports every module as its own lower layers and adds the
//! manifest's reader. It is a crate of its own for what a user's build compiles: the runtime depends on
//! this crate alone, the macro on `sst-binding-protocol`, and a `cargo build` (no `--target`) compiles this
//! crate once for both (docs/performance.md).
//!
//! The modules are layers, listed here from the bottom up; each uses only the layers below it (never
//! one beside it). `sst-binding-protocol/tests/layers.rs` checks it, with the layers of `sst-binding-protocol` above.
//!
//! | layer | modules | what |
//! | --- | --- | --- |
//! | 0 | `case`, `limits`, `text` | Rust names of SST's names; how much any input may hold; how input is shown in a message |
//! | 2 | `names` | ids, environment variables, SSM paths |
//! | 3 | `catalog`, `releases` | constructs, props, grant templates; SST releases whose links differ (plain data) |
//! | 4 | `messages` | the texts users read |
//!
//! (Layer 1, the JSON kit, is in `sst-binding-protocol`: nothing here uses it.)

pub mod case;
pub mod limits;
pub mod text;

pub mod names;

#[cfg(feature = "v2")]
pub mod catalog;
pub mod releases;

pub mod messages;

#[cfg(feature = "v2")]
pub use catalog::{Catalog, Construct, Origin, Prop, PropKind};
#[cfg(feature = "v2")]
pub use names::{EnvVar, SsmPath, SsmPrefix};
