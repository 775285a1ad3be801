//! Reads `bindings.json` with the place of every node and checks it against docs/manifest.md §1,
//! collecting every problem (not only the first) and what could be read in spite of them.
//!
//! One file a form, and one a section: `links.rs` is SST v3/v4's form, `v2.rs` SST v2's (the feature
//! `v2`), whose sections are `kinds.rs` (custom kinds, read first: resources may use them),
//! `resources.rs` and `functions.rs` (bindings and their permissions); `heads.rs` is what both read of
//! each function. The `Reader` they share (places, diagnostics, key checks and "did you mean"
//! suggestions) is the JSON kit's.

#[cfg(feature = "v2")]
mod functions;
mod heads;
#[cfg(feature = "v2")]
mod kinds;
mod links;
#[cfg(feature = "v2")]
mod resources;
#[cfg(all(test, feature = "v2"))]
mod tests;
#[cfg(feature = "v2")]
mod v2;

pub use links::{is_links_form, parse_links};
#[cfg(feature = "v2")]
pub use v2::parse;
