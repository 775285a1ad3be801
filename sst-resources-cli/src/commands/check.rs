//! `check`: every problem of the manifest (and, for a v3 or v4 app, of the types file it names and of the
//! links its functions list), in the macro's words.

use crate::args::Common;
use crate::context;
use crate::error::{Error, count};
use crate::output::print;

pub fn run(common: &Common) -> Result<u8, Error> {
    if let Some((manifest, types)) = context::links_manifest(common)? {
        let links = count(types.links.len(), "link");
        let functions = count(manifest.functions.len(), "function");
        print(&format!("{}: OK ({} declares {links}; {functions})", manifest.file, types.file))?;
        return Ok(0);
    }
    let manifest = context::required_manifest(common)?;
    let resources = count(manifest.resources.len(), "resource");
    let functions = count(manifest.functions.len(), "function");
    print(&format!("{}: OK (app \"{}\": {resources}, {functions})", manifest.file, manifest.app))?;
    Ok(0)
}
