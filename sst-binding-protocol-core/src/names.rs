//! How a bound value is named: its environment variable (docs/sst-v2-binding-protocol.md §1), its SSM path (§2), the
//! rules for ids, kind and prop names, and the Rust identifiers the macro makes of them.

use std::fmt;

use crate::case::snake_case;
use crate::limits::{self, MAX_NAME_CHARS};

#[cfg(feature = "v2")]
mod v2;
#[cfg(feature = "v2")]
pub use v2::{EnvVar, EnvVarParts, Source, SsmPath, SsmPathParts, SsmPrefix, stage_or_fallback};
#[cfg(feature = "v2")]
mod rules;
#[cfg(feature = "v2")]
pub use rules::{
    APP_RULE, ID_RULE, KIND_RULE, NameRule, PROP_RULE, check_app_name, check_id, check_kind_name, check_prop_name,
    check_stage, normalize_id,
};

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

    #[test]
    fn function_names() {
        assert!(check_function_name("api").is_ok());
        assert_eq!(check_function_name("").unwrap_err().to_string(), "a function name must not be empty");
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(check_function_name(&long).unwrap_err().to_string().starts_with("the function name `xxx"));
        assert!(check_function_name(&long[1..]).is_ok());
        // Counted in characters, not bytes: 256 two-byte characters are within the limit.
        assert!(check_function_name(&"é".repeat(MAX_NAME_CHARS)).is_ok());
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
