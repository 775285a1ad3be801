//! The SST v3/v4 releases the import reads, and what the release alone decides. What the import needs of
//! an app's platform (`.sst/platform`: its RPC methods, files, `$transform`, `sst:sst:LinkRef`) is checked
//! in the platform itself by `v4-links.mjs`; what SST's Go binary decides cannot be seen there, so it is
//! read off the release, in one table (`GoRules::of`), each rule from `anomalyco/sst` at the tags named
//! (docs/sst-v3-links.md §5).

use std::fmt;

pub use sst_binding_protocol::releases::{NEWEST_CHECKED, Release, ReleaseError};

/// The first release that builds Rust functions (`pkg/runtime/rust` appears at v3.9.38; npm's oldest
/// with it is 3.9.39).
pub const FIRST_WITH_RUST: Release = Release::new(3, 9, 38);

/// The release `version` names (`4.17.1`, read off an app's platform or its `sst` package), where the import
/// reads apps on it, and what to tell its user: a note for a release newer than the newest tested
/// ([`NEWEST_CHECKED`]: `scripts/test` imports the example app under it and the others of
/// `sst-resources-cli/tests/sst-releases/`). Why not, for anything else.
pub fn support(version: &str) -> Result<(Release, Option<String>), ReleaseRefused> {
    let release = Release::parse(version).map_err(|e| match e {
        ReleaseError::NotARelease => ReleaseRefused::NotARelease { version: version.to_owned() },
        ReleaseError::NotLinks { major } => ReleaseRefused::OtherMajor { version: version.to_owned(), major },
    })?;
    if release < FIRST_WITH_RUST {
        return Err(ReleaseRefused::BeforeRust { release });
    }
    let note = (release > NEWEST_CHECKED).then(|| {
        format!(
            "SST {release} is newer than the newest release sst-resources import is tested with \
             ({NEWEST_CHECKED}); its platform has what the import needs, and its Rust handlers are read as \
             {NEWEST_CHECKED} reads them"
        )
    });
    Ok((release, note))
}

/// Why the import does not read an app on the SST release it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseRefused {
    /// Not `MAJOR.MINOR.PATCH`.
    NotARelease { version: String },
    /// A major version other than 3 and 4.
    OtherMajor { version: String, major: u32 },
    /// A release before SST built Rust functions.
    BeforeRust { release: Release },
}

impl fmt::Display for ReleaseRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleaseRefused::NotARelease { version } => write!(f, "SST `{version}` is no release (MAJOR.MINOR.PATCH)"),
            ReleaseRefused::OtherMajor { version, major } => write!(
                f,
                "SST {version} is not a release sst-resources import knows (it reads SST 3 and 4 apps, \
                 {FIRST_WITH_RUST} through {NEWEST_CHECKED}): use an sst-resources that knows SST {major}"
            ),
            ReleaseRefused::BeforeRust { release } => write!(
                f,
                "SST {release} builds no Rust functions (SST does from {FIRST_WITH_RUST}): upgrade the app's sst \
                 package, then run `sst install`"
            ),
        }
    }
}

impl std::error::Error for ReleaseRefused {}

/// How SST's Go binary finds a Rust function's crate and binary from its handler (`pkg/runtime/rust/rust.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RustHandlerRule {
    /// v3.9.38 to v3.11.5: the handler is the crate's folder; the `cargo.toml` found from it upward, in
    /// lowercase only (on a case-sensitive disk a `Cargo.toml` is not found); the binary is the package's name.
    FolderLowercase,
    /// v3.11.6 (commit 6113fffed) to v3.13.16: as above, `Cargo.toml` tried too.
    Folder,
    /// From v3.13.17 (PR #5713): split at the last `.`, the folder before it and the binary after it (the
    /// package's name where there is no `.`).
    LastDot,
}

/// What the release of SST's Go binary decides for the import, which the platform cannot show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoRules {
    pub rust_handler: RustHandlerRule,
    /// Top-level imports in `sst.config.ts`: refused by the CLI from v3.11.0 (commit e8dbd9cd2), bundled
    /// before.
    pub top_level_imports: bool,
    /// `providers: { aws: true }`: made `{}` by `pkg/project` up to v4.5.2; an error from v4.5.3.
    pub provider_true_is_empty: bool,
}

impl GoRules {
    /// The rules of `release`.
    pub fn of(release: Release) -> GoRules {
        let rust_handler = if release < Release::new(3, 11, 6) {
            RustHandlerRule::FolderLowercase
        } else if release < Release::new(3, 13, 17) {
            RustHandlerRule::Folder
        } else {
            RustHandlerRule::LastDot
        };
        GoRules {
            rust_handler,
            top_level_imports: release < Release::new(3, 11, 0),
            provider_true_is_empty: release < Release::new(4, 5, 3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(text: &str) -> Release {
        Release::parse(text).unwrap()
    }

    /// Each rule on both sides of its boundary, as SST's Go code reads at those tags.
    #[test]
    fn each_rule_changes_at_its_release() {
        use RustHandlerRule::*;
        let rule = |text: &str| GoRules::of(release(text)).rust_handler;
        assert_eq!([rule("3.9.39"), rule("3.11.5"), rule("3.11.6")], [FolderLowercase, FolderLowercase, Folder]);
        assert_eq!([rule("3.13.16"), rule("3.13.17"), rule("4.17.1")], [Folder, LastDot, LastDot]);
        let imports = |text: &str| GoRules::of(release(text)).top_level_imports;
        assert_eq!([imports("3.10.13"), imports("3.11.0"), imports("4.0.6")], [true, false, false]);
        let provider = |text: &str| GoRules::of(release(text)).provider_true_is_empty;
        assert_eq!([provider("3.9.39"), provider("4.5.2"), provider("4.5.3")], [true, true, false]);
    }

    #[test]
    fn the_range_is_read_a_newer_release_with_a_note_and_the_rest_refused_in_one_line() {
        for tested in ["3.9.38", "3.9.39", "4.17.1"] {
            assert_eq!(support(tested), Ok((release(tested), None)), "{tested}");
        }
        assert_eq!(
            support("3.9.37").unwrap_err().to_string(),
            "SST 3.9.37 builds no Rust functions (SST does from 3.9.38): upgrade the app's sst package, then run \
             `sst install`"
        );
        assert!(support("4.18.0").unwrap().1.unwrap().starts_with("SST 4.18.0 is newer than"));
        assert_eq!(
            support("5.0.0").unwrap_err().to_string(),
            "SST 5.0.0 is not a release sst-resources import knows (it reads SST 3 and 4 apps, 3.9.38 through \
             4.17.1): use an sst-resources that knows SST 5"
        );
        assert_eq!(support("latest").unwrap_err().to_string(), "SST `latest` is no release (MAJOR.MINOR.PATCH)");
        assert!(support("2.49.6").is_err());
    }
}
