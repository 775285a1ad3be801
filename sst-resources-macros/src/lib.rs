//! The `sst_resources!` macro; the work is done by `sst-resources-codegen`. Use it through the
//! `sst-resources` crate, which documents it.

use std::path::PathBuf;

/// Generates typed accessors for the resources of an SST app that are bound to this function.
/// See the `sst-resources` crate.
#[proc_macro]
pub fn sst_resources(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let package = std::env::var("CARGO_PKG_NAME").ok();
    // Set by cargo while it compiles a binary target: with the package, it picks the function.
    let bin = std::env::var("CARGO_BIN_NAME").ok();
    let target = sst_resources_codegen::CrateTarget { package: package.as_deref(), bin: bin.as_deref() };
    let context = sst_resources_codegen::CrateContext { manifest_dir: &manifest_dir, target };
    sst_resources_codegen::expand(input.into(), context).into()
}
