//! What cargo itself says of the crates of an app (`cargo metadata --no-deps`, through `cargo_metadata`):
//! a package's name and binaries, the packages of a workspace. Each workspace is asked once an import.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cargo_metadata::{Metadata, MetadataCommand, Package, TargetKind};
use sst_resources_import::sst_app::CrateNotFound;

use crate::context::shown;

/// The workspaces asked so far, by the manifest they were asked with; a failure by cargo's error line.
#[derive(Default)]
pub struct Workspaces {
    read: HashMap<PathBuf, Result<Metadata, String>>,
}

impl Workspaces {
    /// The workspace of the crate whose manifest is `cargo_toml`.
    fn metadata(&mut self, cargo_toml: &Path) -> Result<&Metadata, CrateNotFound> {
        let key = std::fs::canonicalize(cargo_toml).unwrap_or_else(|_| cargo_toml.to_path_buf());
        self.read
            .entry(key)
            .or_insert_with(|| {
                MetadataCommand::new().manifest_path(cargo_toml).no_deps().exec().map_err(|error| match error {
                    // Cargo's own first error line (its notes and places follow it).
                    cargo_metadata::Error::CargoMetadata { stderr } => {
                        let said = stderr.lines().find_map(|l| l.strip_prefix("error: ")).unwrap_or(stderr.trim());
                        said.trim().to_owned()
                    }
                    other => other.to_string(),
                })
            })
            .as_ref()
            .map_err(|said| CrateNotFound::CargoMetadata { cargo_toml: shown(cargo_toml), said: said.clone() })
    }

    /// The package whose manifest is `cargo_toml`; none for a workspace's root without one.
    pub fn package(&mut self, cargo_toml: &Path) -> Result<Option<&Package>, CrateNotFound> {
        let real = std::fs::canonicalize(cargo_toml).unwrap_or_else(|_| cargo_toml.to_path_buf());
        let metadata = self.metadata(cargo_toml)?;
        Ok(metadata.workspace_packages().into_iter().find(|p| p.manifest_path.as_std_path() == real))
    }

    /// The packages of the workspace at `cargo_toml` with a binary `bin`.
    pub fn with_binary(&mut self, cargo_toml: &Path, bin: &str) -> Result<Vec<&Package>, CrateNotFound> {
        let metadata = self.metadata(cargo_toml)?;
        Ok(metadata.workspace_packages().into_iter().filter(|p| binaries(p).contains(&bin)).collect())
    }
}

/// The binaries of a package, as cargo names them, in its order.
pub fn binaries(package: &Package) -> Vec<&str> {
    package.targets.iter().filter(|t| t.is_kind(TargetKind::Bin)).map(|t| t.name.as_str()).collect()
}
