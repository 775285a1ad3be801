//! What cargo itself says of the crates of an app (`cargo metadata --no-deps`, through `cargo_metadata`):
//! a package's name and binaries, the packages of a workspace. Each workspace is asked once an import.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cargo_metadata::{Metadata, MetadataCommand, Package, TargetKind};

use crate::context::shown;

/// The workspaces asked so far, by the manifest they were asked with.
#[derive(Default)]
pub struct Workspaces {
    read: HashMap<PathBuf, Result<Metadata, String>>,
}

impl Workspaces {
    /// The workspace of the crate whose manifest is `cargo_toml`.
    fn metadata(&mut self, cargo_toml: &Path) -> Result<&Metadata, String> {
        let key = std::fs::canonicalize(cargo_toml).unwrap_or_else(|_| cargo_toml.to_path_buf());
        self.read
            .entry(key)
            .or_insert_with(|| {
                MetadataCommand::new().manifest_path(cargo_toml).no_deps().exec().map_err(|e| {
                    let said = e.to_string();
                    let said = said.lines().find(|l| l.starts_with("error") || l.contains("error:")).unwrap_or(&said);
                    format!("`cargo metadata` cannot read {}: {}", shown(cargo_toml), said.trim())
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The package whose manifest is `cargo_toml` (not a workspace's root without one).
    pub fn package(&mut self, cargo_toml: &Path) -> Result<&Package, String> {
        let real = std::fs::canonicalize(cargo_toml).unwrap_or_else(|_| cargo_toml.to_path_buf());
        let metadata = self.metadata(cargo_toml)?;
        metadata.workspace_packages().into_iter().find(|p| p.manifest_path.as_std_path() == real).ok_or_else(|| {
            format!(
                "{} has no [package] (a workspace's root?): point the handler at the crate's own folder \
                 (`path/to/crate.binary`)",
                shown(cargo_toml)
            )
        })
    }

    /// The packages of the workspace at `cargo_toml` with a binary `bin`.
    pub fn with_binary(&mut self, cargo_toml: &Path, bin: &str) -> Result<Vec<&Package>, String> {
        let metadata = self.metadata(cargo_toml)?;
        Ok(metadata.workspace_packages().into_iter().filter(|p| binaries(p).contains(&bin)).collect())
    }
}

/// The binaries of a package, as cargo names them.
pub fn binaries(package: &Package) -> Vec<&str> {
    package.targets.iter().filter(|t| t.is_kind(TargetKind::Bin)).map(|t| t.name.as_str()).collect()
}
