//! The releases of SST v3 and v4 whose links differ at run time (docs/sst-v3-links.md §5), as one table of
//! boundaries: the macro picks the reading of the release an app is on, the runtime follows it, and the
//! manifest's reader checks the release the manifest records.
//!
//! Each boundary was read in SST's own code, the `sst` npm package of the releases either side
//! (`dist/resource.js` before 4.7.5, `dist/resource/node.js` and `shared.js` from it) and, where the
//! registry lacks the release, SST's repository at its tag (`sdk/js/src/resource/shared.ts`,
//! `platform/src/components/link.ts`).

use std::fmt;

/// A release of SST: `4.5.12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

/// The first release whose Node reader reads `SST_RESOURCES_JSON` (3.17.19 does not; 3.17.21's
/// `dist/resource.js` merges it first, the variables over it).
pub const READS_RESOURCES_JSON: Release = Release::new(3, 17, 21);

/// The first release that deploys a link's `type` with dots, `sst.aws.Bucket`; before it, the type the
/// URN holds, `sst:aws:Bucket` (PR #6682, `normalizeType` in `platform/src/components/link.ts`).
/// `sst-env.d.ts` has the dots in every release.
pub const DOTTED_TYPES: Release = Release::new(4, 6, 11);

/// The first release whose reader merges `SST_RESOURCES_JSON` over the `SST_RESOURCE_*` variables
/// (`dist/resource/node.js`); before it (`dist/resource.js`) the variables are merged over the JSON.
pub const JSON_OVER_VARIABLES: Release = Release::new(4, 7, 5);

/// The first release whose reader takes links as active where the merged links hold a true `App`, not only
/// where `SST_RESOURCE_App` is set (`!environment.SST_RESOURCE_App && !raw.App`; not on npm: 4.12.2 lacks
/// it, 4.12.4 has it, the tag v4.12.3 has it).
pub const ACTIVE_BY_APP_LINK: Release = Release::new(4, 12, 3);

/// The newest release the reader was checked against (tests/tests/sst_v4_node.rs): what an app that
/// records no release is read as.
pub const NEWEST_CHECKED: Release = Release::new(4, 17, 1);

impl Release {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Release {
        Release { major, minor, patch }
    }

    /// Whether this release is `other` or later (`>=` usable in a `const`).
    pub const fn at_least(self, other: Release) -> bool {
        if self.major != other.major {
            return self.major > other.major;
        }
        if self.minor != other.minor {
            return self.minor > other.minor;
        }
        self.patch >= other.patch
    }

    /// Reads `MAJOR.MINOR.PATCH` of SST v3 or v4 (`4.5.12`), as an app's `package.json` pins `sst`.
    pub fn parse(text: &str) -> Result<Release, ReleaseError> {
        let mut parts = text.split('.');
        let mut number = || {
            parts
                .next()
                .filter(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u32>().ok())
        };
        let (Some(major), Some(minor), Some(patch)) = (number(), number(), number()) else {
            return Err(ReleaseError::NotARelease);
        };
        if parts.next().is_some() {
            return Err(ReleaseError::NotARelease);
        }
        if !(3..=4).contains(&major) {
            return Err(ReleaseError::NotLinks { major });
        }
        Ok(Release::new(major, minor, patch))
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Why a text is not a release of SST v3 or v4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseError {
    /// Not `MAJOR.MINOR.PATCH` in digits (`4.5`, `^4.5.12`, `v4.5.12`, `4.5.12-beta.1`).
    NotARelease,
    /// A release of another major version than 3 and 4, the ones with links.
    NotLinks { major: u32 },
}

/// How the Node reader of a release reads links (docs/sst-v3-links.md §2, §5): what the runtime needs to read them
/// as that release does. Made from a [`Release`] at compile time ([`LinkReading::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkReading {
    /// `SST_RESOURCES_JSON` is read ([`READS_RESOURCES_JSON`]).
    pub resources_json: bool,
    /// A name in `SST_RESOURCES_JSON` and in `SST_RESOURCE_{Name}` takes the JSON's value
    /// ([`JSON_OVER_VARIABLES`]); else the variable's. The key file is over both in every release.
    pub json_over_variables: bool,
    /// Links are active where the merged links hold a true `App`, besides where `SST_RESOURCE_App` is set
    /// ([`ACTIVE_BY_APP_LINK`]).
    pub active_by_app_link: bool,
}

impl LinkReading {
    /// The reading of the newest release checked, [`NEWEST_CHECKED`].
    pub const NEWEST: LinkReading = LinkReading::of(NEWEST_CHECKED);

    /// The reading of `release`.
    pub const fn of(release: Release) -> LinkReading {
        LinkReading {
            resources_json: release.at_least(READS_RESOURCES_JSON),
            json_over_variables: release.at_least(JSON_OVER_VARIABLES),
            active_by_app_link: release.at_least(ACTIVE_BY_APP_LINK),
        }
    }
}

/// How a release spells a link's `type` at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeSpelling {
    /// `sst:aws:Bucket`, before [`DOTTED_TYPES`].
    Colons,
    /// `sst.aws.Bucket`, as `sst-env.d.ts` has it in every release.
    Dots,
}

impl TypeSpelling {
    pub const fn of(release: Release) -> TypeSpelling {
        if release.at_least(DOTTED_TYPES) { TypeSpelling::Dots } else { TypeSpelling::Colons }
    }
}

/// Whether two spellings of a link's type name the same type: `sst:aws:Bucket` and `sst.aws.Bucket` do
/// (SST made every `:` a `.` from [`DOTTED_TYPES`]). Allocates nothing.
pub fn same_type(a: &str, b: &str) -> bool {
    let dot = |c: u8| if c == b':' { b'.' } else { c };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| dot(x) == dot(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Release {
        Release::parse(text).unwrap()
    }

    #[test]
    fn each_boundary_is_the_first_release_with_its_change() {
        // (the release before, the boundary) for each change, with the reading either side.
        let before_json = LinkReading::of(r("3.17.20"));
        let json = LinkReading::of(READS_RESOURCES_JSON);
        assert!(!before_json.resources_json && json.resources_json);
        assert!(!json.json_over_variables && !json.active_by_app_link);

        let before_flip = LinkReading::of(r("4.7.4"));
        let flip = LinkReading::of(JSON_OVER_VARIABLES);
        assert!(!before_flip.json_over_variables && flip.json_over_variables);
        assert!(before_flip.resources_json && flip.resources_json);

        let before_app = LinkReading::of(r("4.12.2"));
        let app = LinkReading::of(ACTIVE_BY_APP_LINK);
        assert!(!before_app.active_by_app_link && app.active_by_app_link);
        assert!(before_app.json_over_variables);

        assert_eq!(TypeSpelling::of(r("4.6.10")), TypeSpelling::Colons);
        assert_eq!(TypeSpelling::of(DOTTED_TYPES), TypeSpelling::Dots);
        assert_eq!(TypeSpelling::of(r("3.9.39")), TypeSpelling::Colons);

        assert_eq!(
            LinkReading::NEWEST,
            LinkReading { resources_json: true, json_over_variables: true, active_by_app_link: true }
        );
        // Ordered as releases are, not as text: 4.10 is after 4.7.
        assert!(r("4.10.0").at_least(JSON_OVER_VARIABLES) && !r("3.99.99").at_least(r("4.0.0")));
        assert_eq!(r("4.10.0").cmp(&r("4.7.5")), std::cmp::Ordering::Greater);
    }

    #[test]
    fn a_release_is_major_minor_patch_of_v3_or_v4() {
        assert_eq!(r("4.5.12"), Release::new(4, 5, 12));
        assert_eq!(r("3.9.39").to_string(), "3.9.39");
        for text in ["4.5", "4.5.12.1", "^4.5.12", "v4.5.12", "4.5.12-beta.1", "", "4..1", "4.5.x", "4.5.99999999999"] {
            assert_eq!(Release::parse(text), Err(ReleaseError::NotARelease), "{text:?}");
        }
        assert_eq!(Release::parse("2.49.6"), Err(ReleaseError::NotLinks { major: 2 }));
        assert_eq!(Release::parse("5.0.0"), Err(ReleaseError::NotLinks { major: 5 }));
    }

    #[test]
    fn both_spellings_of_a_type_are_the_same_type() {
        assert!(same_type("sst:aws:Bucket", "sst.aws.Bucket"));
        assert!(same_type("sst.aws.Bucket", "sst:aws:Bucket"));
        assert!(same_type("sst.sst.Secret", "sst.sst.Secret"));
        assert!(!same_type("sst.aws.Bucket", "sst.aws.Queue"));
        assert!(!same_type("sst.aws.Bucket", "sst.aws.Bucket2"));
    }
}
