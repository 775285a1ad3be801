//! SST v2's rules for ids, custom kinds' names and props, app and stage names (the feature `v2`): a
//! function of an SST v3/v4 app checks none of them.

use super::*;
use crate::limits::MAX_ID_CHARS;

/// An id as it appears in names: every `-` replaced by `_` (the only replacement SST makes).
pub fn normalize_id(id: &str) -> String {
    id.replace('-', "_")
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_NAME_CHARS;

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
        for (check, what) in
            [(check_app_name as fn(&str) -> Result<(), NameError>, "the app name"), (check_prop_name, "the prop name")]
        {
            assert!(check(&name).unwrap_err().to_string().starts_with(&format!("{what} `xxx")), "{what}");
            assert!(check(&name[1..]).is_ok(), "{what}");
        }
        let kind = format!("X{}", "x".repeat(MAX_NAME_CHARS));
        assert!(check_kind_name(&kind).unwrap_err().to_string().ends_with("is 257 characters long; the limit is 256"));
    }
}
