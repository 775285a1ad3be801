//! What SST v3 or v4 itself computes of an app's links, read into the links form of the manifest
//! (`sst-resources import` in an app whose `sst.config.ts` calls `$config`): the report that
//! `v4-links.mjs` prints after running the app's own SST platform under Pulumi's mocks, every function
//! with exactly the links SST gives it, and the Cargo package and binary of each Rust function.

use std::collections::BTreeMap;

use serde_json::Value;

use super::RustTarget;
use super::error::{CrateNotFound, ImportError, ReportList, ReportPart, Unbuildable};
use super::release::{self, Release, RustHandlerRule};
use crate::manifest::ToJson;
use sst_binding_protocol::manifest::{self, LinkFunction, LinkUse, LinksManifest};
use sst_binding_protocol::names;

/// An SST v3 or v4 app as its `run()` links it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedApp {
    pub app: String,
    pub stage: String,
    /// The SST release whose platform ran it (`4.17.1`).
    pub release: Release,
    /// Every function SST builds, by the name a reader of `sst.config.ts` knows it by, in name order.
    pub functions: Vec<LinkedFunction>,
    /// Every component a function can link, by name, with its type (`sst.aws.Bucket`).
    pub linkables: BTreeMap<String, String>,
    /// What the report says of what it could not run or stood in for.
    pub notes: Vec<String>,
}

/// One function SST builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedFunction {
    /// `Checkout`, `Api/POST /checkout`, `Jobs/subscriber functions/shop.worker`.
    pub name: String,
    /// SST's `runtime` (`rust`, `nodejs`, `python3.12`, ...).
    pub runtime: String,
    /// The handler as `sst.config.ts` gives it, relative to the app's root; none for an SSR site's server.
    pub handler: Option<String>,
    /// A prebuilt bundle's folder (`bundle`), relative to the app's root: SST deploys it as it is.
    pub bundle: Option<String>,
    /// A container's Dockerfile, relative to its build context (`handler`).
    pub dockerfile: Option<String>,
    /// The names of the components it links.
    pub links: Vec<String>,
}

/// Where a Rust function's crate and binary are to be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustShape<'a> {
    /// `runtime: "rust"`: SST builds the crate whose `Cargo.toml` (of the names `manifests`, in that order)
    /// it finds from the folder `dir` up to the app's root, and the binary `bin` (the package's name where
    /// none).
    Handler { dir: &'a str, bin: Option<&'a str>, manifests: &'static [&'static str] },
    /// `runtime: "provided.al2023"` (or `provided.al2`) with `bundle: "{workspace}/target/lambda/{bin}"`,
    /// what `cargo lambda build` writes: the crate with the binary `bin` in the cargo workspace at
    /// `workspace` (empty: the app's root), whose `target/` it is.
    Bundle { workspace: &'a str, bin: &'a str },
    /// A container of a Service or Task (`runtime: "container"`) whose image is built from `folder` (relative
    /// to the app's root) with `dockerfile` (relative to it): Rust where the folder holds a crate, its binary
    /// the one the Dockerfile builds.
    Container { folder: &'a str, dockerfile: Option<&'a str> },
    /// A Rust handler SST cannot build (`why`); the crate's folder where the handler means one (`./` is the
    /// app's root), to say which handler to write instead.
    Unbuildable { why: Unbuildable, folder: Option<&'a str> },
}

/// The file names SST looks a crate's manifest up by.
const LOWERCASE_ONLY: &[&str] = &["cargo.toml"];
const BOTH_CASES: &[&str] = &["cargo.toml", "Cargo.toml"];

impl LinkedFunction {
    /// Whether it is a Rust function, and where its crate is found: by its release's handler rule (`rule`),
    /// or as a prebuilt bundle of cargo lambda. `None`: not a Rust function.
    pub fn rust_shape(&self, rule: RustHandlerRule) -> Option<RustShape<'_>> {
        if self.runtime == "rust" {
            return Some(self.rust_handler(rule));
        }
        if self.runtime == super::CONTAINER {
            let folder = self.handler.as_deref()?;
            return Some(RustShape::Container { folder, dockerfile: self.dockerfile.as_deref() });
        }
        if !self.runtime.starts_with("provided.") {
            return None;
        }
        let bundle = self.bundle.as_deref()?.trim_end_matches('/');
        let (rest, bin) = bundle.rsplit_once('/').unwrap_or(("", bundle));
        let workspace = rest.strip_suffix("target/lambda")?;
        let workspace = workspace.strip_suffix('/').unwrap_or(workspace);
        (is_binary_name(bin)).then_some(RustShape::Bundle { workspace, bin })
    }

    /// A Rust handler read as SST's `pkg/runtime/rust` reads it at its release (`rule`).
    fn rust_handler(&self, rule: RustHandlerRule) -> RustShape<'_> {
        let Some(handler) = self.handler.as_deref() else {
            return RustShape::Unbuildable { why: Unbuildable::NoHandler, folder: None };
        };
        let manifests = if rule == RustHandlerRule::FolderLowercase { LOWERCASE_ONLY } else { BOTH_CASES };
        if rule != RustHandlerRule::LastDot {
            return RustShape::Handler { dir: handler, bin: None, manifests };
        }
        let Some((dir, bin)) = handler.rsplit_once('.') else {
            return RustShape::Handler { dir: "", bin: None, manifests };
        };
        if !is_binary_name(bin) {
            let why = Unbuildable::LastDot { handler: handler.to_owned(), dir: dir.to_owned(), bin: bin.to_owned() };
            let folder = handler.trim_end_matches('/');
            return RustShape::Unbuildable { why, folder: Some(if folder == "." { "" } else { folder }) };
        }
        RustShape::Handler { dir, bin: Some(bin), manifests }
    }
}

/// Whether cargo could name a binary so (`checkout`, `aws-rust-lambda`, `push_2`).
fn is_binary_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads the report of `v4-links.mjs` (`what` names it in errors).
pub fn read_links_report(text: &str, what: &str) -> Result<LinkedApp, ImportError> {
    let file = || what.to_owned();
    let root: Value = serde_json::from_str(text).map_err(|error| ImportError::ReportNotJson { file: file(), error })?;
    let lacks = |part| ImportError::ReportLacks { file: file(), part };
    let field = |value: &Value, key: &'static str| -> Result<String, ImportError> {
        value.get(key).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| lacks(ReportPart::String(key)))
    };
    let strings = |value: Option<&Value>, list: ReportList| -> Result<Vec<String>, ImportError> {
        value
            .and_then(Value::as_array)
            .and_then(|items| items.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
            .ok_or_else(|| ImportError::ReportNotStrings { file: file(), list })
    };
    let app = root.get("app").ok_or_else(|| lacks(ReportPart::App))?;
    let mut linked = LinkedApp {
        app: field(app, "name")?,
        stage: field(app, "stage")?,
        release: release::NEWEST_CHECKED,
        notes: strings(root.get("notes"), ReportList::Notes)?,
        functions: Vec::new(),
        linkables: BTreeMap::new(),
    };
    let (release, note) = release::support(&field(&root, "version")?)
        .map_err(|refused| ImportError::Release { file: file(), refused })?;
    linked.release = release;
    linked.notes.splice(0..0, note);
    let functions = root.get("functions").and_then(Value::as_array).ok_or_else(|| lacks(ReportPart::Functions))?;
    for function in functions {
        let name = field(function, "name")?;
        let optional = |field: &'static str| match function.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(ImportError::ReportFunctionField { file: file(), function: name.clone(), field }),
        };
        let handler = optional("handler")?;
        let bundle = optional("bundle")?;
        let dockerfile = optional("dockerfile")?;
        let runtime = field(function, "runtime")?;
        let links = strings(function.get("links"), ReportList::Links { function: name.clone() })?;
        linked.functions.push(LinkedFunction { name, runtime, handler, bundle, dockerfile, links });
    }
    let linkables = root.get("links").and_then(Value::as_object).ok_or_else(|| lacks(ReportPart::Links))?;
    for (name, link) in linkables {
        linked.linkables.insert(name.clone(), field(link, "type")?);
    }
    Ok(linked)
}

impl LinkedApp {
    /// The manifest of this app, as it will be written to `file` (each part at its place in that text), and
    /// what to tell its user. `links` is the types file as the manifest names it (relative to the
    /// manifest's folder); `rust_target` gives the package and binary of a Rust function of the shape
    /// given (found as SST finds them; none for a container that is no crate), or says why it could not and
    /// what to write instead: that function is kept by name, without them, in a note, and the rest of the
    /// app imports. A name the manifest
    /// cannot hold fails the import; every such problem is returned, each naming its function.
    pub fn to_manifest(
        &self,
        file: &str,
        links: &str,
        mut rust_target: impl FnMut(&LinkedFunction, RustShape<'_>) -> Result<Option<RustTarget>, CrateNotFound>,
    ) -> Result<(LinksManifest, Vec<String>), Vec<ImportError>> {
        let rules = release::GoRules::of(self.release);
        let mut errors = Vec::new();
        let mut notes = Vec::new();
        let mut functions = Vec::new();
        for function in &self.functions {
            if let Err(error) = names::check_function_name(&function.name) {
                errors.push(ImportError::FunctionName { function: function.name.clone(), error });
                continue;
            }
            let target = function.rust_shape(rules.rust_handler).map(|shape| rust_target(function, shape));
            let target = match target {
                Some(Ok(target)) => target,
                Some(Err(problem)) => {
                    notes.push(format!(
                        "function `{}` is imported without its crate (the macro cannot choose it by package; name \
                         it with `function = \"{}\"`): {problem}",
                        function.name, function.name
                    ));
                    None
                }
                None => None,
            };
            let mut link: Vec<&String> = function.links.iter().collect();
            link.sort_unstable();
            link.dedup();
            let link = link.into_iter().map(|name| LinkUse { name: name.clone(), at: Default::default() }).collect();
            functions.push(LinkFunction { head: super::head(function.name.clone(), target), link });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let made = LinksManifest {
            file: file.to_owned(),
            links: links.to_owned(),
            links_at: Default::default(),
            sst: Some(self.release),
            sst_at: Default::default(),
            functions,
        };
        // What is written must read back: the manifest reader is the judge of every rule.
        let read = manifest::parse_links(&made.to_json(), file).map_err(|error| {
            error
                .diagnostics
                .into_iter()
                .map(|diagnostic| ImportError::ManifestInvalid { diagnostic })
                .collect::<Vec<_>>()
        })?;
        Ok((read, notes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report of the example SST v4 app (examples/sst-v4), as `v4-links.mjs` prints it: the fixture that
    /// sst-resources-cli/tests/import_links.rs compares the program's output with.
    const REPORT: &str = include_str!("../../../sst-resources-cli/tests/fixtures/sst-v4/links.json");

    fn shop(_: &LinkedFunction, shape: RustShape<'_>) -> Result<Option<RustTarget>, CrateNotFound> {
        let RustShape::Handler { dir, bin, .. } = shape else { panic!("{shape:?}") };
        assert_eq!(dir, "functions/shop");
        Ok(Some(RustTarget { package: "shop".into(), bin: bin.unwrap_or("shop").into() }))
    }

    #[test]
    fn the_example_report_gives_each_function_its_links_package_and_binary() {
        let app = read_links_report(REPORT, "the report").unwrap();
        assert_eq!((app.app.as_str(), app.stage.as_str(), app.release), ("shop", "dev", Release::new(4, 17, 1)));
        assert_eq!(app.linkables["MyBucket"], "sst.aws.Bucket");
        assert_eq!(app.notes, ["placeholders stood in for the secrets StripeKey (no value is read)"]);
        let (manifest, notes) = app.to_manifest("bindings.json", "sst-env.d.ts", shop).unwrap();
        assert_eq!(notes, Vec::<String>::new());
        // What the example app commits, as `sst-resources import` writes it.
        assert_eq!(manifest.to_json(), include_str!("../../../examples/sst-v4/bindings.json"));
        // Read back from its text: every part at its place there.
        assert_eq!(manifest.functions[2].link[0].at, sst_binding_protocol::json::Position { line: 27, column: 9 });
    }

    fn function(runtime: &str, handler: Option<&str>, bundle: Option<&str>) -> LinkedFunction {
        LinkedFunction {
            name: "f".into(),
            runtime: runtime.into(),
            handler: handler.map(Into::into),
            bundle: bundle.map(Into::into),
            dockerfile: None,
            links: vec![],
        }
    }

    #[test]
    fn a_rust_handler_is_read_by_its_releases_rule() {
        // Shapes borrow their function: compared as they print.
        let shape =
            |handler: &str, rule| format!("{:?}", function("rust", Some(handler), None).rust_shape(rule).unwrap());
        let handler = |dir, bin, manifests| format!("{:?}", RustShape::Handler { dir, bin, manifests });
        let unbuildable = |why: Unbuildable, folder| format!("{:?}", RustShape::Unbuildable { why, folder });
        // From 3.13.17: split at the last `.`.
        let last_dot = |h: &'static str| shape(h, RustHandlerRule::LastDot);
        assert_eq!(last_dot("functions/shop.checkout"), handler("functions/shop", Some("checkout"), BOTH_CASES));
        assert_eq!(last_dot("./functions/shop.worker"), handler("./functions/shop", Some("worker"), BOTH_CASES));
        assert_eq!(last_dot("crates/my.api.main"), handler("crates/my.api", Some("main"), BOTH_CASES));
        assert_eq!(last_dot("./.push"), handler("./", Some("push"), BOTH_CASES));
        // No `.`: SST looks for the Cargo.toml from its working folder only, and builds the package's name.
        assert_eq!(last_dot("crates/api"), handler("", None, BOTH_CASES));
        // SST's own example `aws-rust-api` (`handler: "./"`): the binary `/`.
        assert_eq!(
            last_dot("./"),
            unbuildable(Unbuildable::LastDot { handler: "./".into(), dir: "".into(), bin: "/".into() }, Some(""))
        );
        assert!(
            last_dot("./crates/api/").ends_with("folder: Some(\"./crates/api\") }"),
            "{}",
            last_dot("./crates/api/")
        );
        // Before 3.13.17 the handler is the crate's folder; before 3.11.6 only `cargo.toml` is looked for.
        assert_eq!(shape("crates/api", RustHandlerRule::Folder), handler("crates/api", None, BOTH_CASES));
        assert_eq!(shape("crates/api", RustHandlerRule::FolderLowercase), handler("crates/api", None, LOWERCASE_ONLY));
        let no_handler = function("rust", None, None);
        assert!(matches!(
            no_handler.rust_shape(RustHandlerRule::LastDot),
            Some(RustShape::Unbuildable { folder: None, .. })
        ));
    }

    #[test]
    fn a_prebuilt_bundle_of_cargo_lambda_is_rust_and_other_functions_are_not() {
        let shape = |runtime, bundle| {
            format!("{:?}", function(runtime, Some("bootstrap"), bundle).rust_shape(RustHandlerRule::LastDot))
        };
        let bundle = |workspace, bin| format!("{:?}", Some(RustShape::Bundle { workspace, bin }));
        assert_eq!(shape("provided.al2023", Some("target/lambda/api")), bundle("", "api"));
        assert_eq!(shape("provided.al2", Some("./backend/target/lambda/api/")), bundle("./backend", "api"));
        assert_eq!(shape("provided.al2023", Some("dist/api")), "None");
        assert_eq!(shape("provided.al2023", None), "None");
        assert_eq!(shape("nodejs20.x", Some("target/lambda/api")), "None");
        assert_eq!(function("python3.12", Some("src/a.handler"), None).rust_shape(RustHandlerRule::LastDot), None);
    }

    #[test]
    fn a_report_of_another_release_or_shape_is_read_or_refused_in_one_line() {
        let newer = REPORT.replace("\"version\": \"4.17.1\"", "\"version\": \"4.18.0\"");
        let app = read_links_report(&newer, "the report").unwrap();
        assert!(app.notes[0].starts_with("SST 4.18.0 is newer than"), "{:?}", app.notes);
        let older = REPORT.replace("\"version\": \"4.17.1\"", "\"version\": \"3.9.12\"");
        assert!(
            read_links_report(&older, "the report")
                .unwrap_err()
                .to_string()
                .starts_with("the report: SST 3.9.12 builds no Rust")
        );
        let bad = REPORT.replace("\"version\": \"4.17.1\"", "\"version\": \"latest\"");
        assert_eq!(
            read_links_report(&bad, "the report").unwrap_err().to_string(),
            "the report: SST `latest` is no release (MAJOR.MINOR.PATCH)"
        );
        assert_eq!(read_links_report("[]", "the report").unwrap_err().to_string(), "the report has no `app`");
    }

    #[test]
    fn a_function_whose_crate_is_not_found_is_kept_by_name_and_the_rest_imports() {
        let app = read_links_report(REPORT, "the report").unwrap();
        let (manifest, notes) = app
            .to_manifest("bindings.json", "sst-env.d.ts", |f, shape| match f.name.as_str() {
                "Checkout" => Err(CrateNotFound::NoCargoTomlFrom { dir: "functions/shop".into() }),
                _ => shop(f, shape),
            })
            .unwrap();
        assert_eq!(
            notes,
            ["function `Checkout` is imported without its crate (the macro cannot choose it by package; name it \
              with `function = \"Checkout\"`): no Cargo.toml in functions/shop or a folder above it up to the app's \
              root (SST builds the function from the first one there)"]
        );
        let checkout = manifest.function("Checkout").unwrap();
        assert_eq!((checkout.head.package.as_deref(), checkout.link.len()), (None, 3));
        assert_eq!(manifest.functions.iter().filter(|f| f.head.package.is_some()).count(), 2);
    }
}
