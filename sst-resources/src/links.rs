//! SST v3/v4 links (docs/sst-v3-links.md §1-2): read from `SST_RESOURCE_{Name}`, `SST_RESOURCES_JSON` and the
//! encrypted key file, merged as SST's own Node reader (`sst/resource`) of the release the app is on merges
//! them: the generated accessors pass that release's [`LinkReading`] (`releases` in the protocol crate).
//! 4.17.1's: the variables, then the JSON over them, then the file over both; before 4.7.5 the variables
//! are over the JSON; before 3.17.21 the JSON is not read.
//!
//! Where this reader and Node's differ, on purpose (Node's `dist/resource/node.js` and `shared.js`):
//! - Node reads the sources on the first access of `Resource` and throws there (from 4.12.3; before it, at
//!   import, which then fails), again at every access while they stay bad. This reader reads them once, on the first link asked for, and
//!   keeps the result, error included: a running function's environment and bundle do not change.
//! - Node's errors for bad sources are the platform's (`Invalid key length`, `Unsupported state or unable
//!   to authenticate data`, `ENOENT: no such file or directory, open 'resource.enc'`, and a `SyntaxError`
//!   that quotes the JSON, secrets included); these name the variable or file and what to do, never a
//!   value.
//! - `SST_RESOURCES_JSON` that is not JSON: Node logs `Failed to parse SST_RESOURCES_JSON` and goes on
//!   without it; here it is an error, for the releases that read it (a link that silently vanishes fails
//!   later, further from the cause).
//!   JSON that is not an object: Node's `Object.assign` merges an array's indexes (`"0"`, `"1"`) or a
//!   string's characters, or nothing; here it is an error. Likewise for the key file's JSON.
//! - An `SST_RESOURCE_{Name}` variable may hold any JSON value, as in Node (`null` too: the link exists).
//! - JSON: `serde_json` refuses what `JSON.parse` takes in two rare cases: nesting 128 levels deep or more,
//!   and a `\u` escape of a lone UTF-16 surrogate. A number beyond `f64` is an error here, `Infinity` there.
//! - A name of `Object.prototype` (`toString`, `constructor`, `__proto__`) is "in" Node's map of links;
//!   here only the links SST set are.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use secrecy::ExposeSecret;
use serde_json::Value;
use sst_binding_protocol_core::messages;
use sst_binding_protocol_core::names;
use sst_binding_protocol_core::releases::{LinkReading, same_type};

use crate::{Error, SecretValue};

/// The variables the links are read from, as a process's environment holds them. A value that is empty
/// counts as unset, as it does in JavaScript.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// `SST_RESOURCE_{Name}` by `Name`, each name once, the empty ones left out; kept as secrets (links
    /// hold secrets). A `Vec`, not a `HashMap`: a process has a handful of them, and the map's code was a
    /// fifth of this crate's in a user's build (docs/performance.md).
    pub(crate) vars: Vec<(String, SecretValue)>,
    /// `SST_RESOURCES_JSON`.
    pub(crate) json: Option<SecretValue>,
    /// `SST_KEY`.
    pub(crate) key: Option<SecretValue>,
    /// `SST_KEY_FILE`.
    pub(crate) key_file: Option<String>,
    /// `AWS_LAMBDA_FUNCTION_NAME`: named in the error for a link that is missing.
    pub(crate) lambda_function: Option<String>,
}

impl Sources {
    /// Keeps `name = value` if it is one of the variables of links; gives it back otherwise.
    pub(crate) fn take(&mut self, name: String, value: String) -> Option<(String, String)> {
        let set = |value: String| (!value.is_empty()).then_some(value);
        match name.as_str() {
            names::SST_RESOURCES_JSON => self.json = set(value).map(SecretValue::from),
            names::SST_KEY => self.key = set(value).map(SecretValue::from),
            names::SST_KEY_FILE => self.key_file = set(value),
            _ => match name.strip_prefix(names::SST_RESOURCE_PREFIX) {
                Some(link) if !value.is_empty() => self.set_var(link, value),
                Some(_) => {}
                None => return Some((name, value)),
            },
        }
        None
    }

    /// Sets `SST_RESOURCE_{name}` to `value`, in place of any value it had.
    pub(crate) fn set_var(&mut self, name: &str, value: String) {
        let value = SecretValue::from(value);
        match self.vars.iter_mut().find(|(var, _)| var == name) {
            Some((_, old)) => *old = value,
            None => self.vars.push((name.to_owned(), value)),
        }
    }
}

/// Why the links could not be read from where SST puts them. Never holds a value: links hold secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkSourceError {
    /// `SST_RESOURCE_{Name}` or `SST_RESOURCES_JSON` is not JSON.
    VariableNotJson {
        /// The variable.
        var: String,
        /// Where the JSON breaks: `line 1 column 5`.
        at: String,
    },
    /// `SST_RESOURCES_JSON` is JSON, and not an object.
    VariableNotObject {
        /// The variable.
        var: String,
        /// The JSON type it holds: `an array`.
        found: &'static str,
    },
    /// `SST_KEY` does not decode to 32 bytes.
    KeyLength {
        /// How many it decodes to.
        bytes: usize,
    },
    /// The key file cannot be read.
    FileUnreadable {
        /// The path, as `SST_KEY_FILE` gives it.
        path: String,
        /// The system's reason.
        detail: String,
    },
    /// The key file is shorter than its 16-byte tag.
    FileTruncated { path: String, bytes: usize },
    /// The key file does not decrypt with the key.
    FileUndecryptable { path: String },
    /// The key file decrypts to something else than a JSON object.
    FileNotLinks {
        path: String,
        /// `not JSON (line 1 column 5)`, or the JSON type: `an array`.
        found: String,
    },
}

impl fmt::Display for LinkSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, key) = (names::SST_KEY_FILE, names::SST_KEY);
        f.write_str(&match self {
            LinkSourceError::VariableNotJson { var, at } => messages::link_variable_not_json(var, at),
            LinkSourceError::VariableNotObject { var, found } => messages::link_variable_not_object(var, found),
            LinkSourceError::KeyLength { bytes } => messages::link_key_length(key, *bytes),
            LinkSourceError::FileUnreadable { path, detail } => messages::link_file_unreadable(file, path, detail),
            LinkSourceError::FileTruncated { path, bytes } => messages::link_file_truncated(file, path, *bytes),
            LinkSourceError::FileUndecryptable { path } => messages::link_file_undecryptable(file, path, key),
            LinkSourceError::FileNotLinks { path, found } => messages::link_file_not_links(file, path, found),
        })
    }
}

/// Every link of one layer, each source kept apart, so that each release's reading merges them as it does
/// (a name in two sources: the value of the one merged later, whole). Not `Debug`: it holds secrets.
pub(crate) struct Links {
    /// `SST_RESOURCE_{Name}`, parsed (a JSON object's map: its code is serde_json's, already compiled).
    vars: serde_json::Map<String, Value>,
    /// `SST_RESOURCES_JSON`, where set; an error only for the releases that read it.
    json: Result<serde_json::Map<String, Value>, LinkSourceError>,
    /// The key file, decrypted (empty where `SST_KEY` or `SST_KEY_FILE` is not set).
    file: serde_json::Map<String, Value>,
    /// `SST_RESOURCE_App` is set: links are active, whatever the merged `App` holds (Node checks the
    /// variable, then, from 4.12.3, the merged value).
    app_variable: bool,
    lambda_function: Option<String>,
}

impl Links {
    /// Reads every source once; what breaks every release's reading (a variable or the key file) is the
    /// error, a bad `SST_RESOURCES_JSON` only where a link is read as a release that reads it.
    pub(crate) fn read(sources: &Sources) -> Result<Links, LinkSourceError> {
        let mut vars = serde_json::Map::new();
        for (name, value) in &sources.vars {
            let var = || format!("{}{name}", names::SST_RESOURCE_PREFIX);
            let value = parse(value.expose_secret())
                .map_err(|at| LinkSourceError::VariableNotJson { var: var(), at: at.to_string() })?;
            vars.insert(name.clone(), value);
        }
        let json = match &sources.json {
            None => Ok(serde_json::Map::new()),
            Some(json) => {
                let var = || names::SST_RESOURCES_JSON.to_owned();
                match parse(json.expose_secret())
                    .map_err(|at| LinkSourceError::VariableNotJson { var: var(), at: at.to_string() })
                {
                    Ok(Value::Object(links)) => Ok(links),
                    Ok(other) => Err(LinkSourceError::VariableNotObject { var: var(), found: kind(Some(&other)) }),
                    Err(error) => Err(error),
                }
            }
        };
        let file = match (&sources.key_file, &sources.key) {
            (Some(path), Some(key)) => key_file(path, key)?,
            _ => serde_json::Map::new(),
        };
        Ok(Links {
            vars,
            json,
            file,
            app_variable: sources.vars.iter().any(|(name, _)| name == names::APP_LINK),
            lambda_function: sources.lambda_function.clone(),
        })
    }

    /// Link `name` as `reading` merges the sources, or the error SST's Node reader throws for it.
    pub(crate) fn link(&'static self, name: &'static str, reading: LinkReading) -> Result<Link, Error> {
        match self.merged(name, reading)? {
            Some(value) => Ok(Link { link: name, path: String::new(), value: Some(value) }),
            None if self.active(reading)? => {
                Err(Error::NotLinked { link: name, function: self.lambda_function.clone() })
            }
            None => Err(Error::LinksInactive),
        }
    }

    /// Whether links are active as `reading` decides: `SST_RESOURCE_App` is set, or (from 4.12.3) the merged
    /// `App` is a value JavaScript takes as true.
    fn active(&'static self, reading: LinkReading) -> Result<bool, Error> {
        Ok(self.app_variable
            || (reading.active_by_app_link && self.merged(names::APP_LINK, reading)?.is_some_and(truthy)))
    }

    /// The value of `name` in the sources merged as `reading` merges them: the key file over the rest in
    /// every release; the JSON over the variables or under them.
    fn merged(&'static self, name: &str, reading: LinkReading) -> Result<Option<&'static Value>, Error> {
        if let Some(value) = self.file.get(name) {
            return Ok(Some(value));
        }
        let json = match (&self.json, reading.resources_json) {
            (_, false) => None,
            (Ok(json), true) => json.get(name),
            (Err(error), true) => return Err(Error::LinkSource(error.clone())),
        };
        let var = self.vars.get(name);
        Ok(if reading.json_over_variables { json.or(var) } else { var.or(json) })
    }
}

/// The JSON of a variable or of the decrypted file; the error says where it breaks, never what is there.
fn parse(text: &str) -> Result<Value, NotJson> {
    serde_json::from_str(text).map_err(|e| NotJson { line: e.line(), column: e.column() })
}

/// Where a text stops being JSON: `line 1 column 5`. It holds no part of the text (links hold secrets).
struct NotJson {
    line: usize,
    column: usize,
}

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {}", self.line, self.column)
    }
}

/// Whether JavaScript takes `value` as true (`if (raw.App)`).
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The JSON type of a value, as an error names it (never the value).
fn kind(value: Option<&Value>) -> &'static str {
    match value {
        None => "missing",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "a boolean",
        Some(Value::Number(_)) => "a number",
        Some(Value::String(_)) => "a string",
        Some(Value::Array(_)) => "an array",
        Some(Value::Object(_)) => "an object",
    }
}

/// The links of the key file at `path`, decrypted with the base64 `key`: AES-256-GCM, a nonce of 12 zero
/// bytes, no associated data, the file the ciphertext followed by the 16-byte tag. In Node's order of
/// failures: the file is read before the key's length is checked.
fn key_file(path: &str, key: &SecretValue) -> Result<serde_json::Map<String, Value>, LinkSourceError> {
    let key = node_base64(key.expose_secret());
    let data = std::fs::read(path)
        .map_err(|e| LinkSourceError::FileUnreadable { path: path.to_owned(), detail: e.to_string() })?;
    let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| LinkSourceError::KeyLength { bytes: key.len() })?;
    if data.len() < 16 {
        return Err(LinkSourceError::FileTruncated { path: path.to_owned(), bytes: data.len() });
    }
    let plain = cipher
        .decrypt(&Nonce::default(), data.as_slice())
        .map_err(|_| LinkSourceError::FileUndecryptable { path: path.to_owned() })?;
    // Node reads the bytes as UTF-8, a bad sequence as U+FFFD.
    let not_links = |found: String| LinkSourceError::FileNotLinks { path: path.to_owned(), found };
    match parse(&String::from_utf8_lossy(&plain)).map_err(|at| not_links(format!("text that is not JSON ({at})")))? {
        Value::Object(links) => Ok(links),
        other => Err(not_links(kind(Some(&other)).to_owned())),
    }
}

/// The bytes of `text` as Node's `Buffer.from(text, "base64")` reads them: both alphabets (`+/` and
/// `-_`), padding optional, every other character skipped, the first `=` the end, a last lone character
/// dropped. Never fails: a bad key shows as a key of the wrong length, as in Node.
pub(crate) fn node_base64(text: &str) -> Vec<u8> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let mut clean: Vec<u8> = Vec::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'=' => break,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => clean.push(byte),
            b'-' => clean.push(b'+'),
            b'_' => clean.push(b'/'),
            _ => {}
        }
    }
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    LENIENT.decode(&clean).unwrap_or_default()
}

/// The value of a link that is missing or not of the right type: a `null` to return by reference.
static MISSING: Value = Value::Null;

/// One JSON value inside a link, with where it is (for errors): the link's name and the path to it
/// (`limits.retries`, `subnets[2]`; empty for the link itself). What generated accessors read a link
/// through, once: the value they build is cached.
#[derive(Clone)]
pub struct Link {
    link: &'static str,
    path: String,
    /// `None` where the key is missing.
    value: Option<&'static Value>,
}

impl Link {
    /// The value at `key` of this object; a key that is missing is an error only when read.
    pub fn get(&self, key: &'static str) -> Result<Link, Error> {
        let Some(Value::Object(object)) = self.value else { return Err(self.wrong("an object")) };
        let path = if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) };
        Ok(Link { link: self.link, path, value: object.get(key) })
    }

    /// A string (`string` in `sst-env.d.ts`).
    pub fn str(&self) -> Result<&'static str, Error> {
        match self.value {
            Some(Value::String(s)) => Ok(s),
            _ => Err(self.wrong("a string")),
        }
    }

    /// A number (`number`).
    pub fn f64(&self) -> Result<f64, Error> {
        match self.value {
            Some(Value::Number(n)) => n.as_f64().ok_or_else(|| self.wrong("a number")),
            _ => Err(self.wrong("a number")),
        }
    }

    /// A boolean (`boolean`).
    pub fn bool(&self) -> Result<bool, Error> {
        match self.value {
            Some(Value::Bool(b)) => Ok(*b),
            _ => Err(self.wrong("a boolean")),
        }
    }

    /// The string of a prop whose type is the literal `declared` in `sst-env.d.ts` (a link's `type`,
    /// `sst.aws.Bucket`): `declared` itself where the value is it in either spelling SST deploys
    /// (`sst:aws:Bucket` before 4.6.11), so that the value is what the types say in every release; any
    /// other string as it is.
    pub fn literal(&self, declared: &'static str) -> Result<&'static str, Error> {
        self.str().map(|value| if same_type(value, declared) { declared } else { value })
    }

    /// The value as it is (a prop typed `any`); `null` where the key is missing.
    pub fn json(&self) -> &'static Value {
        self.value.unwrap_or(&MISSING)
    }

    /// A string kept as a secret (a `Secret`'s `value`, a password): it never prints.
    pub fn secret(&self) -> Result<SecretValue, Error> {
        self.str().map(SecretValue::from)
    }

    /// An array, each element read by `item` as a `Link` at `path[i]`; leaked once (the accessor that calls
    /// this caches the slice).
    pub fn slice<T: Send + Sync + 'static>(
        &self,
        mut item: impl FnMut(Link) -> Result<T, Error>,
    ) -> Result<&'static [T], Error> {
        let Some(Value::Array(values)) = self.value else { return Err(self.wrong("an array")) };
        let items = values
            .iter()
            .enumerate()
            .map(|(i, value)| item(Link { link: self.link, path: format!("{}[{i}]", self.path), value: Some(value) }))
            .collect::<Result<Vec<T>, Error>>()?;
        Ok(Box::leak(items.into_boxed_slice()))
    }

    fn wrong(&self, expected: &'static str) -> Error {
        Error::LinkValue { link: self.link, path: self.path.clone(), expected, found: kind(self.value) }
    }
}

impl fmt::Debug for Link {
    /// The link and the path, never the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Link").field("link", &self.link).field("path", &self.path).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
