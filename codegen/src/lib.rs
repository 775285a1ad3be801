//! The work of the `sst_resources!` macro, as a plain library: read the arguments (`ast`), read and
//! check the manifest and choose the function (`model`), then generate the items (`expand`), or, when
//! anything is wrong, the errors with stand-in items so that the user sees one error a problem
//! (`fallback`).

mod ast;
mod expand;
mod fallback;
mod model;

use std::path::Path;

use ast::MacroInput;
use model::Model;
use proc_macro2::TokenStream;
pub use sst_binding_protocol::manifest::CrateTarget;

/// What the macro knows of the crate it expands in.
#[derive(Clone, Copy, Debug)]
pub struct CrateContext<'a> {
    /// `CARGO_MANIFEST_DIR`: manifest paths are relative to it.
    pub manifest_dir: &'a Path,
    /// `CARGO_PKG_NAME` and `CARGO_BIN_NAME`: choose the function when `function = ...` is left out.
    pub target: CrateTarget<'a>,
}

/// Expands `sst_resources!(...)`. Never panics: every problem becomes a `compile_error!`.
pub fn expand(input: TokenStream, context: CrateContext<'_>) -> TokenStream {
    let input = match syn::parse2::<MacroInput>(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    match Model::read(&input, context) {
        Ok(model) => expand::items(&model),
        Err(failure) => fallback::items(&input, &failure),
    }
}
