//! The work of the `sst_resources!` macro, as a plain library: read the arguments (`ast`), read and
//! check the manifest and choose the function (`model`), then generate the items (`expand`), or, when
//! anything is wrong, the errors with stand-in items so that the user sees one error a problem
//! (`fallback`). SST v3 and v4 apps (`sst-env.d.ts`, or a manifest with `links`) go through `links`,
//! which has the same stages.

mod ast;
mod expand;
mod fallback;
mod links;
mod model;
mod runs_in;

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
    let file = match model::read_file(&input.path.value(), context, "manifest") {
        Ok(file) => file,
        Err(message) => return fallback::items(&input, &model::Failure { messages: vec![message], partial: None }),
    };
    if links::applies(&file) {
        return links::items(&input, context, file);
    }
    match Model::read(&input, context, file) {
        Ok(model) => expand::items(&model),
        Err(failure) => fallback::items(&input, &failure),
    }
}
