//! What the fuzz targets of `fuzz/` check, one function a target, each panicking with what is wrong when
//! its property does not hold for an input. They live here, on stable, so that an input the fuzzer found
//! is replayed by a plain `#[test]` (`tests/fuzz_regressions.rs`) reading the committed file; in a crate
//! of their own, so that the fuzzer's build compiles only what they need.
//!
//! The properties: no panic; every error located (`file:line:column` inside the input, or the resource
//! or variable it is about); a manifest that is accepted expands to items that parse as Rust; a value
//! from SSM or from an SST v3/v4 link never shows in an error. No hang is libFuzzer's `-timeout`.

use std::path::PathBuf;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use sst_binding_protocol::manifest::{self, Diagnostic, Position};
use sst_binding_protocol::names::{self, EnvVar};
use sst_binding_protocol::{Catalog, PropKind};
use sst_resources::testing::Values;
use sst_resources::{Error, ExposeSecret};
use sst_resources_import::manifest::ToJson;
use sst_resources_import::{dotenv, values};

// The manifest of the integration tests: every kind of resource, bound to the function `tests`.
sst_resources::sst_resources!("../tests/bindings.json", function = "tests");

#[cfg(feature = "ssm")]
mod ssm;
#[cfg(feature = "ssm")]
pub use ssm::{Reads, ssm_answer, ssm_answer_random};

/// Every value a property hides in its input starts with it (a value from SSM, a link's secret).
const MARKER: &str = "SECRET-MARKER-";

/// A target's property: panics, saying what is wrong, where it does not hold for the input.
pub type Property = fn(&[u8]);

/// Every target: its name in `fuzz/Cargo.toml` and the property it checks.
pub const TARGETS: &[(&str, Property)] = &[
    ("manifest", manifest),
    ("codegen", codegen),
    ("values", values_file),
    ("env_vars", env_vars),
    #[cfg(feature = "ssm")]
    ("ssm_answer", ssm_answer),
    ("dotenv", dotenv),
    ("sst_app", sst_app),
    ("links", links),
];

/// The name the inputs are read under.
const FILE: &str = "bindings.json";

/// `protocol::manifest::parse`: accepted, or every problem located inside the text.
pub fn manifest(data: &[u8]) {
    // The manifest is read as UTF-8 text (`read_to_string`); other bytes never reach the reader.
    let Ok(text) = std::str::from_utf8(data) else { return };
    match manifest::parse(text, FILE) {
        Ok(m) => {
            assert!(names::check_app_name(&m.app).is_ok(), "accepted app name {:?}", m.app);
            for r in &m.resources {
                assert!(names::check_id(&r.id).is_ok(), "accepted id {:?}", r.id);
                assert!(m.catalog.get(&r.construct).is_some(), "accepted type {:?}", r.construct);
                within(text, r.at);
            }
            for f in &m.functions {
                within(text, f.head.at);
                for b in &f.bind {
                    assert!(m.resource(&b.construct, &b.id).is_some(), "accepted binding {}.{}", b.construct, b.id);
                }
            }
        }
        Err(e) => located(text, &e.diagnostics),
    }
}

/// The macro's expansion (`codegen::expand`) of any manifest parses as Rust, and each of its
/// `compile_error!`s names the manifest; that of an accepted one, for any of its functions, holds none.
pub fn codegen(data: &[u8]) {
    let dir = scratch_dir();
    let path = dir.join(FILE);
    std::fs::write(&path, data).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    let context = sst_resources_codegen::CrateContext {
        manifest_dir: dir,
        target: sst_resources_codegen::CrateTarget { package: Some("fuzz"), bin: None },
    };
    let tokens = sst_resources_codegen::expand(quote::quote!(#FILE), context);
    for error in compile_errors(&parse_items(tokens)) {
        assert!(error.contains(FILE), "an error that does not name {FILE}: {error}");
    }
    let accepted = std::str::from_utf8(data).ok().and_then(|text| manifest::parse(text, FILE).ok());
    if let Some(function) = accepted.as_ref().and_then(|m| m.functions.first()) {
        let name = &function.head.name;
        let tokens = sst_resources_codegen::expand(quote::quote!(#FILE, function = #name), context);
        let errors = compile_errors(&parse_items(tokens));
        assert!(errors.is_empty(), "an accepted manifest expands to errors: {errors:?}");
    }
}

/// The messages of the `compile_error!`s among `file`'s items.
fn compile_errors(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "compile_error") => {
                Some(m.mac.parse_body::<syn::LitStr>().map_or_else(|_| m.mac.tokens.to_string(), |s| s.value()))
            }
            _ => None,
        })
        .collect()
}

/// The `.env` reader of `secrets load` (`sst_resources_import::dotenv`): every entry has a name and a line of
/// the text, every error a line of the text.
pub fn dotenv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // dotenv counts `\r\n` and a lone `\r` as one line break each, as `str::lines` does not for a lone `\r`.
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count().max(1);
    match dotenv::parse(text) {
        Ok(entries) => {
            for entry in entries {
                assert!(!entry.name.is_empty(), "an entry without a name");
                assert!((1..=lines).contains(&entry.line), "entry `{}` on line {} of {lines}", entry.name, entry.line);
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason");
            for e in errors {
                assert!((1..=lines).contains(&e.line), "error on line {} of {lines}: {}", e.line, e.message);
                assert!(!e.message.contains('\n'), "a message of more than one line: {:?}", e.message);
            }
        }
    }
}

/// The readers of `sst-resources import` (`sst_app::read_tree`, and `sst_app::read_dist` given the input as
/// one template): an error names the file it is about; what they accept becomes a manifest that reads back
/// (checked inside `to_manifest`), or a list of reasons.
pub fn sst_app(data: &[u8]) {
    use sst_resources_import::sst_app::{self, AppFunction, CrateNotFound, RustTarget};
    let Ok(text) = std::str::from_utf8(data) else { return };
    let target = |f: &AppFunction| match f.bin() {
        Some(bin) => Ok(RustTarget { package: "fns".into(), bin: bin.into() }),
        None => Err(CrateNotFound::HandlerNotRs { handler: f.handler.clone().unwrap_or_default() }),
    };
    match sst_app::read_tree(text, "tree.json") {
        Ok(app) => check_import(app.to_manifest(FILE, target)),
        Err(e) => {
            let e = e.to_string();
            assert!(e.starts_with("tree.json") && !e.contains('\n'), "an error not about tree.json: {e}")
        }
    }
    match sst_app::read_dist(&[("dev-a-S.template.json".into(), text.into())], "dist") {
        Ok(app) => check_import(app.to_manifest(FILE, target)),
        Err(e) => {
            let e = e.to_string();
            assert!(e.contains("dist") && !e.contains('\n'), "an error not about dist: {e}")
        }
    }
}

fn check_import(
    imported: Result<sst_resources_import::sst_app::Imported, Vec<sst_resources_import::sst_app::ImportError>>,
) {
    match imported {
        Ok(imported) => {
            let text = imported.manifest.to_json();
            assert!(manifest::parse(&text, FILE).is_ok(), "an import that does not read back:\n{text}");
        }
        Err(reasons) => assert!(!reasons.is_empty(), "an import refused without a reason"),
    }
}

/// `sst_resources_import::values::parse`: accepted values go to the variable their place names, or every problem is
/// located inside the text.
pub fn values_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut catalog = Catalog::builtin();
    catalog.add_custom("Redis".into(), vec![("host".into(), PropKind::Plain), ("password".into(), PropKind::Secret)]);
    match values::parse(text, FILE, &catalog) {
        Ok(values) => {
            for e in &values.entries {
                within(text, e.at);
                let var = e.env_var();
                let parts = EnvVar::parse(var.as_str()).unwrap_or_else(|| panic!("{var} is not a binding variable"));
                let normalized = names::normalize_id(&e.id);
                assert_eq!(
                    (parts.construct, parts.prop, parts.id),
                    (e.construct.as_str(), e.prop.as_str(), &*normalized)
                );
                if e.kind.is_secret() {
                    // The secret is not shown: its entry prints the same whatever the value. (A search of
                    // the output for the value failed where the id holds the value's text.)
                    let other = values::Entry { value: format!("{}-other", e.value), ..e.clone() };
                    assert_eq!(format!("{e:?}"), format!("{other:?}"), "{e:?} shows the secret");
                }
            }
        }
        Err(e) => located(text, &e.diagnostics),
    }
}

/// An environment, one `NAME=VALUE` a line: `EnvVar::parse` splits each name as the Node helpers do and
/// gives it back whole; the runtime's scan of it leaves every accessor the value its variable was last
/// set to (or the one a `__FETCH_FROM_SECRET__` reference names), or a one-line error naming the resource.
pub fn env_vars(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let vars: Vec<(String, String)> = text
        .split('\n')
        .map(|line| line.split_once('=').unwrap_or((line, "")))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    for (name, _) in &vars {
        if let Some(parts) = EnvVar::parse(name) {
            assert!(!parts.construct.contains('_') && !parts.prop.contains('_'), "{name}: {parts:?}");
            assert!(!parts.construct.is_empty() && !parts.prop.is_empty() && !parts.id.is_empty(), "{name}");
            assert_eq!(format!("SST_{}_{}_{}", parts.construct, parts.prop, parts.id), *name);
        }
    }
    // The scan keeps the last value a name is given.
    let last_set = |var: &str| vars.iter().rev().find(|(name, _)| name == var).map(|(_, value)| value.clone());
    let expected: Vec<Option<String>> = ACCESSORS.iter().map(|(_, var, _)| last_set(var)).collect();
    Values::from_env(vars).run(|| {
        for ((id, var, read), set) in ACCESSORS.iter().zip(&expected) {
            match read() {
                Ok(value) => {
                    let referenced = set.as_deref().is_some_and(|v| v.starts_with(names::FETCH_FROM_SECRET));
                    assert!(
                        set.as_deref() == Some(value.as_str()) || referenced,
                        "{id} reads {value:?}, but {var} was last set to {set:?}"
                    );
                }
                Err(error) => {
                    let text = error.to_string();
                    let about = [*id, &names::normalize_id(id), names::SST_APP];
                    assert!(
                        about.iter().any(|a| text.contains(a)),
                        "the error of {id} names neither it nor SST_APP: {text}"
                    );
                    assert!(!text.contains(['\n', '\r']), "the error of {id} is not one line: {text:?}");
                }
            }
        }
    });
}

/// Reads a value through an accessor of `tests/bindings.json`: the value of one of its variables.
type Accessor = fn() -> Result<String, Error>;

/// Each accessor by the resource's id, with the variable whose value it gives.
const ACCESSORS: &[(&str, &str, Accessor)] = &[
    ("STRIPE_KEY", "SST_Secret_value_STRIPE_KEY", || Config::stripe_key().map(|v| v.expose_secret().to_owned())),
    ("my-token", "SST_Secret_value_my_token", || Config::my_token().map(|v| v.expose_secret().to_owned())),
    ("MY_CLUSTER_NAME", "SST_Parameter_value_MY_CLUSTER_NAME", || Config::my_cluster_name().map(str::to_owned)),
    ("myFiles", "SST_Bucket_bucketName_myFiles", || Bucket::my_files().map(|b| b.bucket_name.to_owned())),
    ("site", "SST_StaticSite_url_site", || StaticSite::site().map(|s| s.url.to_owned())),
    ("cache", "SST_Redis_host_cache", || Redis::cache().map(|r| r.host.to_owned())),
    ("STAGE", "SST_STAGE", || Config::stage().map(str::to_owned)),
    ("APP", "SST_APP", || Config::app().map(str::to_owned)),
];

/// A directory of this process for the manifest the macro reads.
fn scratch_dir() -> &'static std::path::Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sst-resources-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot make {}: {e}", dir.display()));
        dir
    })
}

fn parse_items(tokens: proc_macro2::TokenStream) -> syn::File {
    let text = tokens.to_string();
    syn::parse2::<syn::File>(tokens).unwrap_or_else(|e| panic!("the expansion is not Rust ({e}):\n{text}"))
}

/// Every diagnostic is at a place inside `text`, names the file, and is one line.
fn located(text: &str, diagnostics: &[Diagnostic]) {
    assert!(!diagnostics.is_empty(), "an error without a diagnostic");
    for d in diagnostics {
        assert_eq!(d.file, FILE);
        within(text, d.at);
        let shown = d.to_string();
        assert!(shown.starts_with(&format!("{FILE}:{}:{}: ", d.at.line, d.at.column)), "{shown}");
        assert!(!d.message.is_empty() && !d.message.contains(['\n', '\r']), "not one line: {shown:?}");
    }
}

/// `at` is a place of `text`: a line it has, a column of that line or just past its end.
fn within(text: &str, at: Position) {
    let lines = line_texts(text);
    let line = usize::try_from(at.line).unwrap_or(usize::MAX);
    assert!(line >= 1 && line <= lines.len(), "line {} of {} lines", at.line, lines.len());
    let columns = lines[line - 1].chars().count() + 1;
    let column = usize::try_from(at.column).unwrap_or(usize::MAX);
    assert!(column >= 1 && column <= columns, "column {} of line {} ({columns} columns)", at.column, at.line);
}

/// The lines of `text` as the readers count them: `\n`, `\r\n` and a lone `\r` end one.
fn line_texts(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                i += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push(&text[start..]);
    lines
}

/// The sources of SST v3/v4 links, as the fuzzer makes them: variables holding JSON whose every string is
/// a marker (so that a value showing in an error is found), maybe cut short, or any text; a key file
/// sealed with the right key or another, maybe cut short, or any bytes, or none.
#[derive(Arbitrary, Debug)]
struct LinkSources {
    vars: Vec<(LinkVar, LinkText)>,
    key: Option<LinkKey>,
    file: Option<LinkFile>,
}

#[derive(Arbitrary, Debug)]
enum LinkVar {
    /// `SST_RESOURCE_{name}`, a name the accessors read or any other.
    Resource(u8),
    ResourceNamed(String),
    ResourcesJson,
    /// `AWS_LAMBDA_FUNCTION_NAME` (not a secret: its value is shown).
    LambdaFunction,
}

#[derive(Arbitrary, Debug)]
enum LinkText {
    Json(LinkJson),
    /// The JSON, cut after this many bytes (at a character boundary): not JSON, and holding markers.
    Cut(LinkJson, u16),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum LinkJson {
    Null,
    Bool(bool),
    Number(i32),
    Float(u16),
    /// A marker.
    Secret,
    Array(Vec<LinkJson>),
    Object(Vec<(LinkKeyName, LinkJson)>),
}

/// A key of an object: one the accessors read or any other.
#[derive(Arbitrary, Debug)]
enum LinkKeyName {
    Known(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum LinkKey {
    /// The key the file is sealed with, in a base64 Node reads: standard, URL-safe, padded or not.
    Right {
        url_safe: bool,
        padded: bool,
    },
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum LinkFile {
    Sealed { links: LinkJson, wrong_key: bool, cut: Option<u16> },
    Raw(Vec<u8>),
    Missing,
}

/// The links the accessors of [`links`] read, and the keys inside them.
const LINK_NAMES: &[&str] = &["App", "MyBucket", "Stripe", "Jobs"];
const LINK_KEYS: &[&str] = &["name", "stage", "key", "limits", "retries", "live", "regions", "extra"];
const LINK_KEY: [u8; 32] = [0x5a; 32];

impl LinkJson {
    /// The JSON, each string a new marker (recorded in `markers`).
    fn render(&self, markers: &mut Vec<String>) -> String {
        match self {
            LinkJson::Null => "null".to_owned(),
            LinkJson::Bool(b) => b.to_string(),
            LinkJson::Number(n) => n.to_string(),
            LinkJson::Float(n) => format!("{}.5", n),
            LinkJson::Secret => {
                let marker = format!("{MARKER}{}", markers.len());
                let json = format!("\"{marker}\"");
                markers.push(marker);
                json
            }
            LinkJson::Array(items) => {
                let items: Vec<String> = items.iter().map(|i| i.render(markers)).collect();
                format!("[{}]", items.join(","))
            }
            LinkJson::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(key, value)| {
                        let key = match key {
                            LinkKeyName::Known(i) => LINK_KEYS[usize::from(*i) % LINK_KEYS.len()].to_owned(),
                            LinkKeyName::Other(key) => key.clone(),
                        };
                        format!("{}:{}", serde_json::Value::String(key), value.render(markers))
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }
}

/// `text` cut after at most `at` bytes, at a character boundary.
fn cut(text: &str, at: u16) -> String {
    let mut at = usize::from(at).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].to_owned()
}

/// SST v3/v4 links from any variables and any key file (`Values::from_env`, the process's own scan): every
/// accessor gives a value or an error on one line, and no error shows a value of a link.
pub fn links(data: &[u8]) {
    use aes_gcm::aead::{Aead, KeyInit};
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

    let Ok(sources) = LinkSources::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let mut markers = Vec::new();
    let mut vars = Vec::new();
    for (var, text) in &sources.vars {
        let name = match var {
            LinkVar::Resource(i) => format!("SST_RESOURCE_{}", LINK_NAMES[usize::from(*i) % LINK_NAMES.len()]),
            LinkVar::ResourceNamed(name) => format!("SST_RESOURCE_{name}"),
            LinkVar::ResourcesJson => names::SST_RESOURCES_JSON.to_owned(),
            LinkVar::LambdaFunction => {
                // A function's name, shown in an error as SST shows it: never a marker.
                let name =
                    if let LinkText::Raw(name) = text { name.replace(MARKER, "") } else { "shop-api".to_owned() };
                vars.push((names::AWS_LAMBDA_FUNCTION_NAME.to_owned(), name));
                continue;
            }
        };
        let value = match text {
            LinkText::Json(json) => json.render(&mut markers),
            LinkText::Cut(json, at) => cut(&json.render(&mut markers), *at),
            LinkText::Raw(text) => text.clone(),
        };
        vars.push((name, value));
    }
    match &sources.key {
        Some(LinkKey::Right { url_safe, padded }) => {
            let engine = match (url_safe, padded) {
                (false, true) => &STANDARD,
                (false, false) => &STANDARD_NO_PAD,
                (true, true) => &URL_SAFE,
                (true, false) => &URL_SAFE_NO_PAD,
            };
            vars.push((names::SST_KEY.to_owned(), engine.encode(LINK_KEY)));
        }
        Some(LinkKey::Raw(key)) => vars.push((names::SST_KEY.to_owned(), key.clone())),
        None => {}
    }
    static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let path = scratch_dir().join(format!("resource-{}.enc", FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
    let data = match &sources.file {
        Some(LinkFile::Sealed { links, wrong_key, cut: at }) => {
            let mut key = LINK_KEY;
            key[0] ^= u8::from(*wrong_key);
            let plain = links.render(&mut markers);
            let plain = at.map_or(plain.clone(), |at| cut(&plain, at));
            let cipher = aes_gcm::Aes256Gcm::new_from_slice(&key).expect("32 bytes");
            Some(cipher.encrypt(&aes_gcm::Nonce::default(), plain.as_bytes()).expect("sealed"))
        }
        Some(LinkFile::Raw(bytes)) => Some(bytes.clone()),
        Some(LinkFile::Missing) | None => None,
    };
    if let Some(data) = &data {
        std::fs::write(&path, data).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    if sources.file.is_some() {
        vars.push((names::SST_KEY_FILE.to_owned(), path.to_string_lossy().into_owned()));
    }

    Values::from_env(vars).run(|| {
        for result in read_links() {
            if let Err(error) = result {
                let text = error.to_string();
                assert!(!text.contains(['\n', '\r']), "a link's error is not one line: {text:?}");
                for shown in [text, format!("{error:?}")] {
                    for marker in &markers {
                        let at = shown.match_indices(marker.as_str());
                        let found = at
                            .into_iter()
                            .any(|(at, m)| !shown[at + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
                        assert!(!found, "an error shows the value {marker} of a link: {shown}");
                    }
                }
            }
        }
    });
    if data.is_some() {
        let _ = std::fs::remove_file(&path);
    }
}

/// Every kind of read a generated accessor makes, of each link of [`LINK_NAMES`]: each result, the
/// values dropped (their text is checked by the differential test against SST's reader).
fn read_links() -> Vec<Result<(), Error>> {
    use sst_resources::__private::{Cache, LinkReading};
    let mut results = Vec::new();
    for name in LINK_NAMES {
        // A cache of its own each time: a value read in one input is not the next input's.
        let cache: &'static Cache<()> = Box::leak(Box::new(Cache::new()));
        results.push(
            cache
                .get(|source| {
                    let link = source.link(name, LinkReading::NEWEST)?;
                    let _ = link.json();
                    let _ = link.get("name").and_then(|n| n.str());
                    let _ = link.get("key").and_then(|k| k.secret());
                    let _ = link.get("limits").and_then(|l| l.get("retries")?.f64());
                    let _ = link.get("live").and_then(|l| l.bool());
                    let _ = link.get("regions").and_then(|r| r.slice(|region| region.str()));
                    let _ = link.get("extra").map(|e| e.json());
                    link.get("name")?.str()?;
                    link.get("key")?.secret()?;
                    link.get("limits")?.get("retries")?.f64()?;
                    link.get("regions")?.slice(|region| Ok(region.json()))?;
                    Ok(())
                })
                .map(|_| ()),
        );
    }
    results
}
