//! `schema`: prints the JSON Schema of `bindings.json` (`manifest::schema`, beside the rules it mirrors).

use sst_resources_import::manifest;

use crate::error::Error;
use crate::output::print;

pub fn run() -> Result<u8, Error> {
    let text = serde_json::to_string_pretty(&manifest::schema()).map_err(|e| Error::new(e.to_string()))?;
    print(&text)?;
    Ok(0)
}
