//! The SST v3/v4 releases the import reads, and what the release alone decides. What the import needs of
//! an app's platform (`.sst/platform`: its RPC methods, files, `$transform`, `sst:sst:LinkRef`) is checked
//! in the platform itself by `v4-links.mjs`; what SST's Go binary decides cannot be seen there, so it is
//! read off the release, in one table (`GoRules::of`), each rule from `anomalyco/sst` at the tags named
//! (docs/sst-v3-links.md §5).

use std::fmt;

/// A release of SST, `MAJOR.MINOR.PATCH` (a pre-release or build suffix is not read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Release {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Release {
        Release { major, minor, patch }
    }

    /// `4.17.1`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Release> {
        let mut parts = text.trim().splitn(3, '.');
        let mut number =
            || parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?.parse().ok();
        let release = Release { major: number()?, minor: number()?, patch: number()? };
        Some(release)
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The first release that builds Rust functions (`pkg/runtime/rust` appears at v3.9.38; npm's oldest
/// with it is 3.9.39).
pub const FIRST_WITH_RUST: Release = Release::new(3, 9, 38);

/// The newest release the import is tested with (`scripts/test` imports the example app under it and the
/// others of `cli/tests/fixtures/sst-releases.txt`). A newer one is read, with a note.
pub const NEWEST_TESTED: Release = Release::new(4, 17, 1);

/// Whether the import reads an app on `release`, and what to tell its user: `Ok(None)` for a release in
/// the tested range, `Ok(Some(note))` for a newer one, `Err` for one it cannot read.
pub fn support(release: Release) -> Result<Option<String>, String> {
    if !(3..=4).contains(&release.major) {
        return Err(format!(
            "SST {release} is not a release sst-resources import knows (it reads SST 3 and 4 apps, {FIRST_WITH_RUST} \
             through {NEWEST_TESTED}): use an sst-resources that knows SST {}",
            release.major
        ));
    }
    if release < FIRST_WITH_RUST {
        return Err(format!(
            "SST {release} builds no Rust functions (SST does from {FIRST_WITH_RUST}): upgrade the app's sst \
             package, then run `sst install`"
        ));
    }
    Ok((release > NEWEST_TESTED).then(|| {
        format!(
            "SST {release} is newer than the newest release sst-resources import is tested with ({NEWEST_TESTED}); \
             its platform has what the import needs, and its Rust handlers are read as {NEWEST_TESTED} reads them"
        )
    }))
}

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

    #[test]
    fn releases_read_and_order_by_their_numbers() {
        assert_eq!(release("4.17.1"), Release::new(4, 17, 1));
        assert!(release("3.9.39") < release("3.13.17") && release("3.13.17") < release("4.0.6"));
        assert_eq!(release("4.10.2").to_string(), "4.10.2");
        for bad in ["", "4", "4.17", "4.x.1", "v4.17.1", "4.17.1-beta", "-1.0.0", "4..1"] {
            assert_eq!(Release::parse(bad), None, "{bad}");
        }
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
            assert_eq!(support(release(tested)), Ok(None), "{tested}");
        }
        assert_eq!(
            support(release("3.9.37")).unwrap_err(),
            "SST 3.9.37 builds no Rust functions (SST does from 3.9.38): upgrade the app's sst package, then run \
             `sst install`"
        );
        assert!(support(release("4.18.0")).unwrap().unwrap().starts_with("SST 4.18.0 is newer than"));
        assert_eq!(
            support(release("5.0.0")).unwrap_err(),
            "SST 5.0.0 is not a release sst-resources import knows (it reads SST 3 and 4 apps, 3.9.38 through \
             4.17.1): use an sst-resources that knows SST 5"
        );
        assert!(support(release("2.49.6")).is_err());
    }
}
