//! How a bound value is named: its environment variable (docs/sst-v2-binding-protocol.md §1), its SSM path (§2), the
//! rules for ids, kind and prop names, and the Rust identifiers the macro makes of them.

use std::fmt;

use crate::case::snake_case;
use crate::limits::{self, MAX_ID_CHARS, MAX_NAME_CHARS};

/// `SST_APP`: the app's name; required to use any binding.
pub const SST_APP: &str = "SST_APP";
/// `SST_STAGE`: the stage the function is deployed to.
pub const SST_STAGE: &str = "SST_STAGE";
/// `SST_SSM_PREFIX`: the stage's SSM prefix, used exactly as written (SST never adds a `/`).
pub const SST_SSM_PREFIX: &str = "SST_SSM_PREFIX";
/// `SST_REGION`: the region of the SSM client, where set.
pub const SST_REGION: &str = "SST_REGION";
/// Set by Lambda; only chooses the wording of an error.
pub const AWS_LAMBDA_FUNCTION_NAME: &str = "AWS_LAMBDA_FUNCTION_NAME";
/// Set by CodeBuild, where SST runs a Job; only chooses the wording of an error.
pub const CODEBUILD_BUILD_ARN: &str = "CODEBUILD_BUILD_ARN";
/// Set by SST on the processes it runs at build time; only chooses the wording of an error.
pub const SST: &str = "SST";
/// Set by SST's newer `Auth` to its id on the functions bound to it (and on its authenticator).
pub const AUTH_ID: &str = "AUTH_ID";
/// Set by `sst secrets set|load` (`Config.restart`) on the functions bound to a changed secret, to the time
/// in milliseconds: changing a function's configuration replaces its warm instances.
pub const SST_ADMIN_SECRET_UPDATED_AT: &str = "SST_ADMIN_SECRET_UPDATED_AT";
/// The value of a variable whose real value is stored in SSM.
pub const FETCH_FROM_SSM: &str = "__FETCH_FROM_SSM__";
/// The start of a variable that takes its value from `Secret` `{name}`: `__FETCH_FROM_SECRET__:{name}`.
pub const FETCH_FROM_SECRET: &str = "__FETCH_FROM_SECRET__:";
/// The construct of `Config.Secret`, the one whose values also have a fallback path (`catalog::SECRET`).
pub const SECRET: &str = "Secret";
/// SST v3/v4 links (docs/sst-v3-links.md §1): `SST_RESOURCE_{Name}` holds one link's JSON (`sst shell`,
/// `sst dev`, Fargate).
pub const SST_RESOURCE_PREFIX: &str = "SST_RESOURCE_";
/// SST v3/v4: `SST_RESOURCES_JSON` holds `{"Name": {...}, ...}` (the multiplexer on Windows).
pub const SST_RESOURCES_JSON: &str = "SST_RESOURCES_JSON";
/// SST v3/v4: `SST_KEY`, the base64 of the 32-byte key of the key file.
pub const SST_KEY: &str = "SST_KEY";
/// SST v3/v4: `SST_KEY_FILE`, the path of the encrypted key file (`resource.enc`, relative to the working
/// directory).
pub const SST_KEY_FILE: &str = "SST_KEY_FILE";
/// SST v3/v4: the link every deployed function gets, `{"name": app, "stage": stage}`; where neither it nor
/// `SST_RESOURCE_App` exists, links are not active at all.
pub const APP_LINK: &str = "App";
/// What every binding variable starts with.
const ENV_PREFIX: &str = "SST_";

/// An id as it appears in names: every `-` replaced by `_` (the only replacement SST makes).
pub fn normalize_id(id: &str) -> String {
    id.replace('-', "_")
}

/// What is wrong with a name from the manifest; `what` names it in the message (`the app name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Longer than `limit` characters.
    TooLong {
        what: &'static str,
        name: String,
        chars: usize,
        limit: usize,
    },
    /// Against its rule, which it `must` follow (`be camelCase: ...`).
    Rule {
        what: &'static str,
        name: String,
        must: &'static str,
    },
    EmptyId,
    /// An id whose first character is not a letter.
    IdStart {
        id: String,
    },
    /// An id holding a character ids may not hold.
    IdChar {
        id: String,
        bad: char,
    },
    EmptyFunctionName,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::TooLong { what, name, chars, limit } => {
                f.write_str(&limits::too_long(what, name, *chars, *limit))
            }
            NameError::Rule { what, name, must } => write!(f, "{what} `{name}` must {must}"),
            NameError::EmptyId => f.write_str("the id is empty"),
            NameError::IdStart { id } => write!(f, "the id `{id}` must start with a letter (a-z, A-Z)"),
            NameError::IdChar { id, bad } => {
                write!(f, "the id `{id}` holds `{bad}`: ids may hold only letters, digits, `_` and `-`")
            }
            NameError::EmptyFunctionName => f.write_str("a function name must not be empty"),
        }
    }
}

impl std::error::Error for NameError {}

/// A class of characters, as a naming rule allows them: ASCII letters (small, capital), digits, and a
/// few others.
#[derive(Clone, Copy, Debug)]
struct Class {
    lower: bool,
    upper: bool,
    digits: bool,
    others: &'static str,
}

impl Class {
    fn contains(&self, c: char) -> bool {
        (self.lower && c.is_ascii_lowercase())
            || (self.upper && c.is_ascii_uppercase())
            || (self.digits && c.is_ascii_digit())
            || self.others.contains(c)
    }

    /// The class as a regular expression: `[a-zA-Z0-9_-]` (a `-` last, where it means itself).
    fn pattern(&self) -> String {
        let mut out = String::from("[");
        for (on, range) in [(self.lower, "a-z"), (self.upper, "A-Z"), (self.digits, "0-9")] {
            if on {
                out.push_str(range);
            }
        }
        out.extend(self.others.chars().filter(|c| *c != '-'));
        if self.others.contains('-') {
            out.push('-');
        }
        out.push(']');
        out
    }
}

/// A naming rule: what the first character may be, and what the rest may be. Each rule is written once:
/// the checks below and the JSON Schema of the manifest (`sst-resources schema`, through
/// [`NameRule::pattern`]) both read it.
#[derive(Clone, Copy, Debug)]
pub struct NameRule {
    first: Class,
    rest: Class,
}

impl NameRule {
    /// Whether `name` follows the rule (its length aside).
    pub fn accepts(&self, name: &str) -> bool {
        let mut chars = name.chars();
        chars.next().is_some_and(|c| self.first.contains(c)) && chars.all(|c| self.rest.contains(c))
    }

    /// The rule as a regular expression without anchors: `[a-zA-Z][a-zA-Z0-9_-]*`.
    pub fn body(&self) -> String {
        format!("{}{}*", self.first.pattern(), self.rest.pattern())
    }

    /// Checks `name` (`what` it is, for the message: `the app name`) against the rule and
    /// [`MAX_NAME_CHARS`]; the message says it must `{asks}`.
    fn check(&self, what: &'static str, name: &str, must: &'static str) -> Result<(), NameError> {
        check_length(what, name, MAX_NAME_CHARS)?;
        if self.accepts(name) { Ok(()) } else { Err(NameError::Rule { what, name: name.to_owned(), must }) }
    }

    /// The rule as an anchored regular expression, for a JSON Schema `pattern`: `^[a-zA-Z][a-zA-Z0-9_-]*$`.
    pub fn pattern(&self) -> String {
        format!("^{}$", self.body())
    }
}

const LETTERS: Class = Class { lower: true, upper: true, digits: false, others: "" };
const ALPHANUMERIC: Class = Class { lower: true, upper: true, digits: true, others: "" };

/// SST's rule for construct ids: `^[a-zA-Z][a-zA-Z0-9_-]*$`.
pub const ID_RULE: NameRule = NameRule { first: LETTERS, rest: Class { others: "_-", ..ALPHANUMERIC } };
/// A custom kind's name, UpperCamelCase: it becomes a Rust type and the construct part of the variable
/// name, so `^[A-Z][A-Za-z0-9]*$`.
pub const KIND_RULE: NameRule =
    NameRule { first: Class { lower: false, upper: true, digits: false, others: "" }, rest: ALPHANUMERIC };
/// A custom kind's prop name, camelCase (it sits between `_` in the variable): `^[a-z][A-Za-z0-9]*$`.
pub const PROP_RULE: NameRule =
    NameRule { first: Class { lower: true, upper: false, digits: false, others: "" }, rest: ALPHANUMERIC };
/// An app name, and a stage name: both are levels of every SSM path, `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`.
pub const APP_RULE: NameRule = NameRule { first: ALPHANUMERIC, rest: Class { others: "_.-", ..ALPHANUMERIC } };

/// Checks an id against SST's rule [`ID_RULE`] and [`MAX_ID_CHARS`].
pub fn check_id(id: &str) -> Result<(), NameError> {
    check_length("the id", id, MAX_ID_CHARS)?;
    if ID_RULE.accepts(id) {
        return Ok(());
    }
    let mut chars = id.chars();
    match chars.next() {
        None => Err(NameError::EmptyId),
        Some(c) if !ID_RULE.first.contains(c) => Err(NameError::IdStart { id: id.to_owned() }),
        Some(_) => {
            let bad = chars.find(|c| !ID_RULE.rest.contains(*c)).unwrap_or_default();
            Err(NameError::IdChar { id: id.to_owned(), bad })
        }
    }
}

/// Checks a custom kind's name against [`KIND_RULE`], at most [`MAX_NAME_CHARS`].
pub fn check_kind_name(name: &str) -> Result<(), NameError> {
    KIND_RULE.check("the kind name", name, "be UpperCamelCase: a capital letter, then letters and digits (no `_`)")
}

/// Checks a custom kind's prop name against [`PROP_RULE`], at most [`MAX_NAME_CHARS`].
pub fn check_prop_name(name: &str) -> Result<(), NameError> {
    PROP_RULE.check("the prop name", name, "be camelCase: a small letter, then letters and digits (no `_`)")
}

/// What [`APP_RULE`] asks, for messages.
const APP_RULE_TEXT: &str = "start with a letter or digit and hold only letters, digits, `_`, `.` and `-`";

/// Checks an app name against [`APP_RULE`], at most [`MAX_NAME_CHARS`].
pub fn check_app_name(name: &str) -> Result<(), NameError> {
    APP_RULE.check("the app name", name, APP_RULE_TEXT)
}

/// Checks a stage name: a level of every SSM path, as the app name is ([`APP_RULE`]), at most
/// [`MAX_NAME_CHARS`].
pub fn check_stage(stage: &str) -> Result<(), NameError> {
    APP_RULE.check("the stage", stage, APP_RULE_TEXT)
}

/// Checks a function's name (a key of the manifest's `functions`): not empty, at most [`MAX_NAME_CHARS`].
pub fn check_function_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::EmptyFunctionName);
    }
    check_length("the function name", name, MAX_NAME_CHARS)
}

/// `what` (`the id`) holds at most `limit` characters.
fn check_length(what: &'static str, name: &str, limit: usize) -> Result<(), NameError> {
    // Bytes first: no character count of a long name unless it may be over.
    if name.len() <= limit {
        return Ok(());
    }
    let chars = name.chars().count();
    if chars <= limit { Ok(()) } else { Err(NameError::TooLong { what, name: name.to_owned(), chars, limit }) }
}

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

/// Words Rust reserves; an accessor or field of that name is written as a raw identifier.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];
/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "super", "_"];

/// The Rust identifier of an id or prop: snake_case (`myFiles` -> `my_files`, `STRIPE_KEY` ->
/// `stripe_key`, `my-files` -> `my_files`), `r#type` for a keyword, `self_` for one that cannot be raw.
pub fn rust_ident(name: &str) -> String {
    let snake = snake_case(name);
    if NOT_RAW.contains(&snake.as_str()) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to `len` characters over `alphabet`.
    fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// Each rule's pattern (what the JSON Schema of `sst-resources schema` holds) accepts exactly what its
    /// check accepts, over every string of up to 3 characters from a set that has a character of each class
    /// and the characters around the ranges' edges.
    #[test]
    fn each_pattern_accepts_exactly_what_its_check_accepts() {
        let alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', '-', '.', ' ', '/', '`', '@', '[', '{', 'é', '\u{0}'];
        type Check = fn(&str) -> bool;
        let rules: [(&str, NameRule, Check); 5] = [
            ("id", ID_RULE, |s| check_id(s).is_ok()),
            ("kind", KIND_RULE, |s| check_kind_name(s).is_ok()),
            ("prop", PROP_RULE, |s| check_prop_name(s).is_ok()),
            ("app", APP_RULE, |s| check_app_name(s).is_ok()),
            ("stage", APP_RULE, |s| check_stage(s).is_ok()),
        ];
        let candidates = strings(&alphabet, 3);
        for (what, rule, check) in rules {
            let pattern = regex_lite::Regex::new(&rule.pattern()).unwrap();
            let mut accepted = 0;
            for s in &candidates {
                assert_eq!(
                    pattern.is_match(s),
                    check(s),
                    "{what}: pattern {} and check disagree on {s:?}",
                    rule.pattern()
                );
                accepted += usize::from(check(s));
            }
            // Neither accepts all nor nothing: the comparison means something.
            assert!(accepted > 0 && accepted < candidates.len(), "{what}: {accepted} of {}", candidates.len());
        }
        assert_eq!(ID_RULE.pattern(), "^[a-zA-Z][a-zA-Z0-9_-]*$");
        assert_eq!(APP_RULE.pattern(), "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    }

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

    #[test]
    fn ids_follow_the_rule() {
        assert!(check_id("myFiles").is_ok());
        assert!(check_id("my-files_2").is_ok());
        assert!(check_id("").is_err());
        assert!(check_id("2fast").is_err());
        assert!(check_id("_x").is_err());
        assert_eq!(
            check_id("my files").unwrap_err().to_string(),
            "the id `my files` holds ` `: ids may hold only letters, digits, `_` and `-`"
        );
    }

    #[test]
    fn kind_prop_and_app_names() {
        assert!(check_kind_name("Redis").is_ok());
        assert!(check_kind_name("redis").is_err());
        assert!(check_kind_name("My_Redis").is_err());
        assert!(check_prop_name("host").is_ok());
        assert!(check_prop_name("Host").is_err());
        assert!(check_prop_name("db_host").is_err());
        assert!(check_app_name("my-sst-app").is_ok());
        assert!(check_app_name("my app").is_err());
        assert!(check_app_name("").is_err());
        assert!(check_function_name("api").is_ok());
        assert_eq!(check_function_name("").unwrap_err().to_string(), "a function name must not be empty");
    }

    #[test]
    fn ids_and_names_have_a_length_limit() {
        let at_limit = format!("a{}", "b".repeat(MAX_ID_CHARS - 1));
        assert!(check_id(&at_limit).is_ok());
        let over = format!("{at_limit}c");
        assert_eq!(
            check_id(&over).unwrap_err().to_string(),
            format!("the id `a{}…` is 1025 characters long; the limit is 1024", "b".repeat(31))
        );
        let name = "x".repeat(MAX_NAME_CHARS + 1);
        for (check, what) in [
            (check_app_name as fn(&str) -> Result<(), NameError>, "the app name"),
            (check_prop_name, "the prop name"),
            (check_function_name, "the function name"),
        ] {
            assert!(check(&name).unwrap_err().to_string().starts_with(&format!("{what} `xxx")), "{what}");
            assert!(check(&name[1..]).is_ok(), "{what}");
        }
        let kind = format!("X{}", "x".repeat(MAX_NAME_CHARS));
        assert!(check_kind_name(&kind).unwrap_err().to_string().ends_with("is 257 characters long; the limit is 256"));
        // Counted in characters, not bytes: 256 two-byte characters are within the limit (and refused for
        // holding them, not for their length).
        let wide = "é".repeat(MAX_NAME_CHARS);
        assert!(check_function_name(&wide).is_ok());
    }

    #[test]
    fn rust_identifiers() {
        assert_eq!(rust_ident("myFiles"), "my_files");
        assert_eq!(rust_ident("STRIPE_KEY"), "stripe_key");
        assert_eq!(rust_ident("my-files"), "my_files");
        assert_eq!(rust_ident("RDS"), "rds");
        assert_eq!(rust_ident("bucketName"), "bucket_name");
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_ident("Self"), "self_");
        assert_eq!(rust_ident("crate"), "crate_");
    }
}
