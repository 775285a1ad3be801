//! `check`: every problem of the manifest, in the macro's words.

use crate::args::Common;
use crate::context;
use crate::error::{Error, count};
use crate::print;

pub fn run(common: &Common) -> Result<u8, Error> {
    let manifest = context::required_manifest(common)?;
    let resources = count(manifest.resources.len(), "resource");
    let functions = count(manifest.functions.len(), "function");
    print(&format!("{}: OK (app \"{}\": {resources}, {functions})", manifest.file, manifest.app))?;
    Ok(0)
}
