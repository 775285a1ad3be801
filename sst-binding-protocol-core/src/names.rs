//! How a bound value is named: its environment variable (docs/sst-v2-binding-protocol.md §1), its SSM path (§2), the
//! rules for ids, kind and prop names, and the Rust identifiers the macro makes of them.

use std::fmt;

use crate::case::snake_case;
use crate::limits::{self, MAX_ID_CHARS, MAX_NAME_CHARS};

#[cfg(feature = "v2")]
mod v2;
#[cfg(feature = "v2")]
pub use v2::{EnvVar, EnvVarParts, Source, SsmPath, SsmPathParts, SsmPrefix, stage_or_fallback};

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
        let candidates = crate::case::tests::strings(&alphabet, 3);
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
