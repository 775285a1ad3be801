//! SST v2's names of a bound value (the feature `v2`): its environment variable and its SSM path
//! (docs/sst-v2-binding-protocol.md §1-2).

use std::fmt;

use super::*;

/// What every binding variable starts with.
const ENV_PREFIX: &str = "SST_";

/// The environment variable of one bound value: `SST_{Construct}_{prop}_{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvVar(String);

impl EnvVar {
    /// The variable of `prop` of resource `id` of `construct`; `id` is normalized here.
    pub fn new(construct: &str, prop: &str, id: &str) -> EnvVar {
        EnvVar(format!("{ENV_PREFIX}{construct}_{prop}_{}", normalize_id(id)))
    }

    /// Splits a variable name as the Node helpers do: `SST`, construct, prop, then the rest is the id.
    /// `None` for a name that is not a binding (`SST_APP`, `PATH`, a part empty).
    pub fn parse(name: &str) -> Option<EnvVarParts<'_>> {
        let rest = name.strip_prefix(ENV_PREFIX)?;
        let (construct, rest) = rest.split_once('_')?;
        let (prop, id) = rest.split_once('_')?;
        if construct.is_empty() || prop.is_empty() || id.is_empty() {
            return None;
        }
        Some(EnvVarParts { construct, prop, id })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EnvVar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EnvVar {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The parts of a binding variable's name; `id` is the normalized id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvVarParts<'a> {
    pub construct: &'a str,
    pub prop: &'a str,
    pub id: &'a str,
}

/// An SSM prefix: `/sst/{app}/{stage}/`, or `SST_SSM_PREFIX` exactly as written. SST builds a path as
/// `{prefix}{Construct}/{id}/{prop}` and never adds a `/`: an app with `ssmPrefix: "/org/app"` keeps its
/// values at `/org/appSecret/X/value`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SsmPrefix(String);

impl SsmPrefix {
    /// The stage's prefix: `SST_SSM_PREFIX` as written where set and not empty (SST's deploy never sets
    /// it empty), else SST's default `/sst/{app}/{stage}/`.
    pub fn for_stage(ssm_prefix_var: Option<&str>, app: &str, stage: &str) -> SsmPrefix {
        match ssm_prefix_var.filter(|p| !p.is_empty()) {
            Some(p) => SsmPrefix(p.to_owned()),
            None => SsmPrefix(format!("/sst/{app}/{stage}/")),
        }
    }

    /// The fallback prefix, shared by every stage: `/sst/{app}/.fallback/` (whatever the stage's prefix).
    pub fn fallback(app: &str) -> SsmPrefix {
        SsmPrefix(format!("/sst/{app}/.fallback/"))
    }

    /// The path of one value under this prefix.
    pub fn path(&self, construct: &str, id: &str, prop: &str) -> SsmPath {
        SsmPath(format!("{}{construct}/{}/{prop}", self.0, normalize_id(id)))
    }

    /// The paths to read with `GetParametersByPath` to find every value under this prefix, given the
    /// constructs that may have values. `GetParametersByPath` reads whole levels of the hierarchy only
    /// (`/org/app` finds `/org/app/x`, not `/org/appSecret/x`): a prefix that ends with `/` is one level,
    /// read once; any other prefix is read a construct at a time ([`SsmPrefix::construct_path`]).
    pub fn search_paths<'c>(&self, constructs: impl IntoIterator<Item = &'c str>) -> Vec<String> {
        if self.0.ends_with('/') {
            return vec![self.0.clone()];
        }
        constructs.into_iter().map(|construct| self.construct_path(construct)).collect()
    }

    /// The parts of a parameter name under this prefix, `{Construct}/{id}/{prop}`; `None` for any other name.
    pub fn parse<'a>(&self, name: &'a str) -> Option<SsmPathParts<'a>> {
        let rest = name.strip_prefix(self.0.as_str())?;
        let mut parts = rest.split('/');
        let (construct, id, prop) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || construct.is_empty() || id.is_empty() || prop.is_empty() {
            return None;
        }
        Some(SsmPathParts { construct, id, prop })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path that holds every value of one construct under this prefix, `{prefix}{Construct}/`: the
    /// parameters of different constructs can be read by path independently, at the same time.
    pub fn construct_path(&self, construct: &str) -> String {
        format!("{}{construct}/", self.0)
    }
}

impl fmt::Display for SsmPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of an SSM parameter name under a prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SsmPathParts<'a> {
    pub construct: &'a str,
    pub id: &'a str,
    pub prop: &'a str,
}

/// The SSM parameter name of one value: `{prefix}{Construct}/{id}/{prop}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SsmPath(String);

/// Where the value a stage uses comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The stage's own parameter.
    Stage,
    /// The app's fallback (`/sst/{app}/.fallback/`): a secret's, for every stage without a value of its own.
    Fallback,
}

/// The value a stage uses (docs/sst-v2-binding-protocol.md §3): its own where it has one, else the fallback's. Only a
/// secret has a fallback; give `None` for the rest.
pub fn stage_or_fallback<T>(stage: Option<T>, fallback: Option<T>) -> Option<(T, Source)> {
    match (stage, fallback) {
        (Some(value), _) => Some((value, Source::Stage)),
        (None, Some(value)) => Some((value, Source::Fallback)),
        (None, None) => None,
    }
}

impl SsmPath {
    /// The fallback of a secret: `/sst/{app}/.fallback/Secret/{id}/value`.
    pub fn secret_fallback(app: &str, id: &str) -> SsmPath {
        SsmPrefix::fallback(app).path(SECRET, id, "value")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SsmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for SsmPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_names_follow_sst() {
        assert_eq!(EnvVar::new("Bucket", "bucketName", "myFiles").as_str(), "SST_Bucket_bucketName_myFiles");
        assert_eq!(EnvVar::new("Secret", "value", "STRIPE_KEY").as_str(), "SST_Secret_value_STRIPE_KEY");
        assert_eq!(EnvVar::new("Bucket", "bucketName", "my-files").as_str(), "SST_Bucket_bucketName_my_files");
    }

    #[test]
    fn env_var_names_parse_with_underscores_in_the_id() {
        let p = EnvVar::parse("SST_Secret_value_STRIPE_KEY").unwrap();
        assert_eq!((p.construct, p.prop, p.id), ("Secret", "value", "STRIPE_KEY"));
        assert_eq!(EnvVar::parse("SST_APP"), None);
        assert_eq!(EnvVar::parse("SST_SSM_PREFIX"), None);
        assert_eq!(EnvVar::parse("SST__value_x"), None);
        assert_eq!(EnvVar::parse("SST_Bucket__x"), None);
        assert_eq!(EnvVar::parse("SST_Bucket_bucketName_"), None);
        assert_eq!(EnvVar::parse("PATH"), None);
    }

    #[test]
    fn ssm_paths_follow_sst() {
        let stage = SsmPrefix::for_stage(None, "my-app", "dev");
        assert_eq!(stage.path("Secret", "STRIPE_KEY", "value").as_str(), "/sst/my-app/dev/Secret/STRIPE_KEY/value");
        assert_eq!(stage.path("Secret", "a-b", "value").as_str(), "/sst/my-app/dev/Secret/a_b/value");
        assert_eq!(SsmPath::secret_fallback("my-app", "X").as_str(), "/sst/my-app/.fallback/Secret/X/value");
        assert_eq!(SsmPrefix::for_stage(Some(""), "a", "b").as_str(), "/sst/a/b/");
    }

    #[test]
    fn a_custom_prefix_is_used_exactly_as_written() {
        // SST: `${SST_SSM_PREFIX}${Construct}/${id}/${prop}`, no `/` added.
        let custom = SsmPrefix::for_stage(Some("/org/app"), "my-app", "dev");
        assert_eq!(custom.as_str(), "/org/app");
        assert_eq!(custom.path("Secret", "X", "value").as_str(), "/org/appSecret/X/value");
        let p = custom.parse("/org/appSecret/X/value").unwrap();
        assert_eq!((p.construct, p.id, p.prop), ("Secret", "X", "value"));
        assert_eq!(custom.parse("/org/app/Secret/X/value"), None);
        assert_eq!(custom.search_paths(["Secret", "Bucket"]), ["/org/appSecret/", "/org/appBucket/"]);
        let slashed = SsmPrefix::for_stage(Some("/org/app/"), "my-app", "dev");
        assert_eq!(slashed.path("Secret", "X", "value").as_str(), "/org/app/Secret/X/value");
        assert_eq!(slashed.search_paths(["Secret", "Bucket"]), ["/org/app/"]);
    }

    #[test]
    fn ssm_paths_parse_under_their_prefix_only() {
        let stage = SsmPrefix::for_stage(None, "app", "dev");
        let p = stage.parse("/sst/app/dev/Secret/STRIPE_KEY/value").unwrap();
        assert_eq!((p.construct, p.id, p.prop), ("Secret", "STRIPE_KEY", "value"));
        assert_eq!(stage.parse("/sst/app/prod/Secret/X/value"), None);
        assert_eq!(stage.parse("/sst/app/dev/Secret/X/value/extra"), None);
        assert_eq!(stage.parse("/sst/app/dev/Secret//value"), None);
    }
}
