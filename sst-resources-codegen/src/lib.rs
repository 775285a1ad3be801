//! The work of the `sst_resources!` macro, as a plain library: read the arguments (`ast`), read and
//! check the manifest and choose the function (`model`), then generate the items (`expand`), or, when
//! anything is wrong, the errors with stand-in items so that the user sees one error a problem
//! (`fallback`). SST v3 and v4 apps (`sst-env.d.ts`, or a manifest with `links`) go through `links`,
//! which has the same stages; both start from the file read (`file`).
//!
//! SST v2's manifest (`model`, `expand`) is the feature `v2`: a function of an SST v3/v4 app compiles
//! none of it, nor the protocol's reader of it (docs/performance.md, "What the macro adds to a Lambda
//! function's clean build").

mod ast;
#[cfg(feature = "v2")]
mod expand;
mod fallback;
mod file;
mod links;
#[cfg(feature = "v2")]
mod model;
mod runs_in;

use std::path::Path;

use ast::MacroInput;
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
    let file = match file::read_file(&input.path.value(), context, "manifest") {
        Ok(file) => file,
        Err(message) => return fallback::errors(&input, &[message]),
    };
    if links::applies(&file) {
        return links::items(&input, context, file);
    }
    v2(&input, context, file)
}

/// An SST v2 manifest: its items, or its errors beside the items of what was valid.
#[cfg(feature = "v2")]
fn v2(input: &MacroInput, context: CrateContext<'_>, file: file::ManifestFile) -> TokenStream {
    match model::Model::read(input, context, file) {
        Ok(model) => expand::items(&model),
        Err(failure) => fallback::items(input, &failure),
    }
}

/// Without the feature `v2`, a manifest of SST v2's form is an error that says how to read it.
#[cfg(not(feature = "v2"))]
fn v2(input: &MacroInput, context: CrateContext<'_>, file: file::ManifestFile) -> TokenStream {
    // Not JSON at all (a links manifest with a comment, say): the links' reader says what is wrong, where.
    if sst_binding_protocol::json::syntax::parse(&file.text).is_err() {
        return links::items(input, context, file);
    }
    let message = format!(
        "`{}` is neither SST v3/v4's `sst-env.d.ts` nor a manifest with `links`: SST v2's manifest (`app`, \
         `resources`, `functions`) is read with the feature `v2` of sst-resources, on by default (with \
         `ssm`); add `features = [\"v2\"]` to its line in Cargo.toml",
        file.relative
    );
    fallback::errors(input, &[message])
}
