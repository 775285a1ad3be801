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
    /// The workspace of the crate whose manifest is `cargo_toml`: one asked before where it holds that crate,
    /// else cargo's answer for it. Asked with the real path, as a build in that folder would be: a crate
    /// reached through a linked folder belongs to the workspace of its real place.
    fn metadata(&mut self, cargo_toml: &Path) -> Result<&Metadata, CrateNotFound> {
        let key = std::fs::canonicalize(cargo_toml).unwrap_or_else(|_| cargo_toml.to_path_buf());
        // Its root's manifest (a root may be no package), or one of its packages'.
        let holds = |metadata: &Metadata| {
            metadata.workspace_root.join("Cargo.toml") == key
                || metadata.workspace_packages().iter().any(|p| p.manifest_path == key)
        };
        let known = self.read.iter().find(|(_, read)| read.as_ref().is_ok_and(holds)).map(|(asked, _)| asked.clone());
        self.read
            .entry(known.unwrap_or_else(|| key.clone()))
            .or_insert_with(|| {
                MetadataCommand::new().manifest_path(&key).no_deps().exec().map_err(|error| match error {
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

// Unix: the test links a folder.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A workspace of two crates, one reached through a linked folder: cargo is asked once, for its crates
    /// and its root alike, and the linked crate is its real place's.
    #[test]
    fn each_workspace_is_asked_once_and_a_linked_crate_is_its_real_places() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("ws/Cargo.toml", "[workspace]\nmembers = [\"a\", \"b\"]\n");
        for name in ["a", "b"] {
            write(&format!("ws/{name}/Cargo.toml"), &format!("[package]\nname = \"{name}\"\nedition = \"2024\"\n"));
            write(&format!("ws/{name}/src/main.rs"), "fn main() {}\n");
        }
        std::os::unix::fs::symlink(dir.path().join("ws"), dir.path().join("linked")).unwrap();
        let mut workspaces = Workspaces::default();
        let a = workspaces.package(&dir.path().join("ws/a/Cargo.toml")).unwrap().map(|p| p.name.to_string());
        let b = workspaces.package(&dir.path().join("linked/b/Cargo.toml")).unwrap().map(|p| p.name.to_string());
        assert_eq!((a.as_deref(), b.as_deref()), (Some("a"), Some("b")));
        assert_eq!(workspaces.read.len(), 1, "cargo metadata was asked once per crate, not once per workspace");
        let with_b = workspaces.with_binary(&dir.path().join("ws/Cargo.toml"), "b").unwrap();
        assert_eq!(with_b.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["b"]);
        assert_eq!(workspaces.read.len(), 1, "the workspace's root was asked again");
    }
}
