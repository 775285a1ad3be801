//! What SST v3 or v4 itself computes of an app's links, read into the links form of the manifest
//! (`sst-resources import` in an app whose `sst.config.ts` calls `$config`): the report that
//! `v4-links.mjs` prints after running the app's own SST platform under Pulumi's mocks, every function
//! with exactly the links SST gives it, and the Cargo package and binary of each Rust function.

use std::collections::BTreeMap;

use serde_json::Value;

use super::RustTarget;
use crate::manifest::{self, LinkFunction, LinkUse, LinksManifest};
use crate::names;

/// The SST version whose platform the report was made with and checked against (spec sst-v3-links §4):
/// another one's components may link differently, so it is refused rather than guessed.
pub const TESTED_SST_VERSION: &str = "4.17.1";

/// An SST v3 or v4 app as its `run()` links it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkedApp {
    pub app: String,
    pub stage: String,
    /// The SST platform that ran it (`4.17.1`).
    pub sst_version: String,
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
    /// The names of the components it links.
    pub links: Vec<String>,
}

/// Where SST builds a Rust function from: the folder its `Cargo.toml` is found from, and the binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RustHandler<'a> {
    /// The handler before its last `.` (`functions/shop`); empty where it has none (the app's root).
    pub dir: &'a str,
    /// The handler after its last `.` (`checkout`); none where it has no `.` (then the package's name).
    pub bin: Option<&'a str>,
}

impl LinkedFunction {
    /// Whether SST builds it with cargo (`runtime: "rust"`).
    pub fn is_rust(&self) -> bool {
        self.runtime == "rust"
    }

    /// A Rust handler read as SST 4.17.1's `pkg/runtime/rust` reads it: split at its last `.` into the
    /// folder the `Cargo.toml` is looked for from and the binary. The error says why SST could not build it.
    pub fn rust_handler(&self) -> Result<RustHandler<'_>, String> {
        let handler = self.handler.as_deref().ok_or("a Rust function without a handler")?;
        let Some((dir, bin)) = handler.rsplit_once('.') else { return Ok(RustHandler { dir: "", bin: None }) };
        if bin.is_empty() || !bin.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(format!(
                "SST reads the Rust handler `{handler}` as the crate's folder `{dir}` and the binary `{bin}` (it \
                 splits at the last `.`), which is no binary name: write it `path/to/crate.binary`"
            ));
        }
        Ok(RustHandler { dir, bin: Some(bin) })
    }
}

/// Reads the report of `v4-links.mjs` (`what` names it in errors).
pub fn read_links_report(text: &str, what: &str) -> Result<LinkedApp, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("{what} is not JSON: {e}"))?;
    let field = |value: &Value, key: &str| -> Result<String, String> {
        value.get(key).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("{what} has no `{key}` string"))
    };
    let strings = |value: Option<&Value>, key: &str| -> Result<Vec<String>, String> {
        value
            .and_then(Value::as_array)
            .and_then(|items| items.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
            .ok_or_else(|| format!("{what}: `{key}` is not a list of strings"))
    };
    let app = root.get("app").ok_or_else(|| format!("{what} has no `app`"))?;
    let mut linked = LinkedApp {
        app: field(app, "name")?,
        stage: field(app, "stage")?,
        sst_version: field(&root, "version")?,
        notes: strings(root.get("notes"), "notes")?,
        ..LinkedApp::default()
    };
    if linked.sst_version != TESTED_SST_VERSION {
        return Err(format!(
            "{what} was made by SST {}; sst-resources import reads SST {TESTED_SST_VERSION} apps only",
            linked.sst_version
        ));
    }
    let functions =
        root.get("functions").and_then(Value::as_array).ok_or_else(|| format!("{what} has no `functions` list"))?;
    for function in functions {
        let name = field(function, "name")?;
        let handler = match function.get("handler") {
            None | Some(Value::Null) => None,
            Some(Value::String(handler)) => Some(handler.clone()),
            Some(_) => return Err(format!("{what}: the handler of function `{name}` is not a string")),
        };
        let runtime = field(function, "runtime")?;
        let links = strings(function.get("links"), &format!("links` of `{name}"))?;
        linked.functions.push(LinkedFunction { name, runtime, handler, links });
    }
    let linkables =
        root.get("links").and_then(Value::as_object).ok_or_else(|| format!("{what} has no `links` object"))?;
    for (name, link) in linkables {
        linked.linkables.insert(name.clone(), field(link, "type")?);
    }
    Ok(linked)
}

impl LinkedApp {
    /// The manifest of this app, as it will be written to `file` (each part at its place in that text).
    /// `links` is the types file as the manifest names it (relative to the manifest's folder);
    /// `rust_target` gives the package and binary of a Rust function (found as SST finds them); an error
    /// says why it could not. Every problem is returned, each naming its function.
    pub fn to_manifest(
        &self,
        file: &str,
        links: &str,
        mut rust_target: impl FnMut(&LinkedFunction) -> Result<RustTarget, String>,
    ) -> Result<LinksManifest, Vec<String>> {
        let mut errors = Vec::new();
        let mut functions = Vec::new();
        for function in &self.functions {
            if let Err(e) = names::check_function_name(&function.name) {
                errors.push(format!("function `{}`: {e}", function.name));
                continue;
            }
            let (package, bin) = if function.is_rust() {
                match rust_target(function) {
                    Ok(target) => (Some(target.package), Some(target.bin)),
                    Err(problem) => {
                        errors.push(format!("function `{}`: {problem}", function.name));
                        continue;
                    }
                }
            } else {
                (None, None)
            };
            let mut link: Vec<&String> = function.links.iter().collect();
            link.sort_unstable();
            link.dedup();
            let link = link.into_iter().map(|name| LinkUse { name: name.clone(), at: Default::default() }).collect();
            functions.push(LinkFunction { name: function.name.clone(), package, bin, link, at: Default::default() });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let made = LinksManifest {
            file: file.to_owned(),
            links: links.to_owned(),
            links_at: Default::default(),
            sst: None,
            functions,
        };
        // What is written must read back: the manifest reader is the judge of every rule.
        manifest::parse_links(&made.to_json(), file).map_err(|error| {
            error.diagnostics.iter().map(|d| format!("the imported manifest is not valid: {}", d.message)).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report of the example SST v4 app (examples/sst-v4), as `v4-links.mjs` prints it: the fixture that
    /// scripts/sst-v4-import-test compares the program's output with.
    const REPORT: &str = include_str!("../../../cli/tests/fixtures/sst-v4/links.json");

    fn shop(function: &LinkedFunction) -> Result<RustTarget, String> {
        let handler = function.rust_handler()?;
        assert_eq!(handler.dir, "functions/shop");
        Ok(RustTarget { package: "shop".into(), bin: handler.bin.unwrap_or("shop").into() })
    }

    #[test]
    fn the_example_report_gives_each_function_its_links_package_and_binary() {
        let app = read_links_report(REPORT, "the report").unwrap();
        assert_eq!((app.app.as_str(), app.stage.as_str(), app.sst_version.as_str()), ("shop", "dev", "4.17.1"));
        assert_eq!(app.linkables["MyBucket"], "sst.aws.Bucket");
        assert_eq!(app.notes, ["placeholders stood in for the secrets StripeKey (no value is read)"]);
        let manifest = app.to_manifest("bindings.json", "sst-env.d.ts", shop).unwrap();
        // What the example app commits, as `sst-resources import` writes it.
        assert_eq!(manifest.to_json(), include_str!("../../../examples/sst-v4/bindings.json"));
        // Read back from its text: every part at its place there.
        assert_eq!(manifest.functions[2].link[0].at, crate::json::Position { line: 26, column: 9 });
    }

    #[test]
    fn a_rust_handler_is_split_at_its_last_dot_as_sst_does() {
        let rust = |handler: &str| LinkedFunction {
            name: "f".into(),
            runtime: "rust".into(),
            handler: Some(handler.into()),
            links: vec![],
        };
        let split = |handler: &str| rust(handler).rust_handler().map(|h| (h.dir.to_owned(), h.bin.map(str::to_owned)));
        assert_eq!(split("functions/shop.checkout"), Ok(("functions/shop".into(), Some("checkout".into()))));
        assert_eq!(split("./functions/shop.worker"), Ok(("./functions/shop".into(), Some("worker".into()))));
        assert_eq!(split("crates/my.api.main"), Ok(("crates/my.api".into(), Some("main".into()))));
        // No `.`: SST looks for the Cargo.toml from its working folder only, and builds the package's name.
        assert_eq!(split("crates/api"), Ok((String::new(), None)));
        assert_eq!(
            split("./crates/api/").unwrap_err(),
            "SST reads the Rust handler `./crates/api/` as the crate's folder `` and the binary `/crates/api/` (it \
             splits at the last `.`), which is no binary name: write it `path/to/crate.binary`"
        );
        let no_handler = LinkedFunction { handler: None, ..rust("") };
        assert_eq!(no_handler.rust_handler().unwrap_err(), "a Rust function without a handler");
    }

    #[test]
    fn a_report_of_another_version_or_shape_is_refused_and_every_function_problem_named() {
        let other = REPORT.replace("\"version\": \"4.17.1\"", "\"version\": \"4.18.0\"");
        assert_eq!(
            read_links_report(&other, "the report").unwrap_err(),
            "the report was made by SST 4.18.0; sst-resources import reads SST 4.17.1 apps only"
        );
        assert_eq!(read_links_report("[]", "the report").unwrap_err(), "the report has no `app`");
        let app = read_links_report(REPORT, "the report").unwrap();
        let errors = app.to_manifest("bindings.json", "sst-env.d.ts", |f| Err(format!("no crate for {}", f.name)));
        assert_eq!(
            errors.unwrap_err(),
            [
                "function `Api/POST /checkout`: no crate for Api/POST /checkout",
                "function `Checkout`: no crate for Checkout",
                "function `Jobs/subscriber functions/shop.worker`: no crate for Jobs/subscriber functions/shop.worker",
            ]
        );
    }
}
