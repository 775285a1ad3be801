//! The file the macro names (a manifest of either form, or `sst-env.d.ts`), read.

use std::path::PathBuf;

use crate::CrateContext;

/// The file the macro names, read.
pub struct ManifestFile {
    /// As the user wrote it, relative to `CARGO_MANIFEST_DIR`.
    pub relative: String,
    /// Absolute (the expansion includes it so that cargo rebuilds on change).
    pub path: PathBuf,
    pub text: String,
}

/// Reads the file the macro names, relative to the crate's `Cargo.toml`; `what` names it in errors.
pub fn read_file(relative: &str, context: CrateContext<'_>, what: &str) -> Result<ManifestFile, String> {
    if relative.is_empty() {
        return Err(format!("the {what} path is empty; name the file, e.g. \"bindings.json\""));
    }
    if std::path::Path::new(relative).is_absolute() {
        return Err(format!(
            "`{relative}` is an absolute path; give the {what}'s path relative to this crate's Cargo.toml \
             (CARGO_MANIFEST_DIR), e.g. \"bindings.json\" or \"../bindings.json\""
        ));
    }
    let path = context.manifest_dir.join(relative);
    let text = std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "cannot read the {what} `{relative}` (looked for {}): {error}; the path is relative to this \
             crate's Cargo.toml",
            path.display()
        )
    })?;
    Ok(ManifestFile { relative: relative.to_owned(), path, text })
}
