//! The manifest of an SST v3 or v4 app (docs/manifest.md §5): the types file SST writes, the SST release
//! the app is on and each function's links,
//! `{ "links": "sst-env.d.ts", "sst": "4.5.12", "functions": { "checkout": { "link": ["MyBucket"] } } }`,
//! and its check against the types file.

use std::collections::HashSet;
use std::fmt;

use super::{Diagnostic, FunctionHead, Position};
use crate::json::did_you_mean;
use crate::releases::Release;
use crate::sst_env::LinkTypes;

/// A valid manifest of a v3 or v4 app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinksManifest {
    /// The file as the user named it.
    pub file: String,
    /// The types file, as written: a path relative to the manifest's folder (`sst-env.d.ts`).
    pub links: String,
    pub links_at: Position,
    /// `sst`: the SST release the app is on, where recorded; its links are read as that release's reader
    /// reads them (`releases`), the newest checked release's where it is not.
    pub sst: Option<Release>,
    pub sst_at: Position,
    /// Every function, in file order.
    pub functions: Vec<LinkFunction>,
}

/// One function and the links it gets: `"checkout": { "package": "shop", "bin": "checkout", "link": [...] }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkFunction {
    /// Which function it is and the crate that builds it (SST's handler `functions/shop.checkout` is the
    /// binary `checkout`).
    pub head: FunctionHead,
    /// Its links, each once, in file order.
    pub link: Vec<LinkUse>,
}

/// One link of a function, by the name the app gave the component (`"MyBucket"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkUse {
    pub name: String,
    pub at: Position,
}

/// Every problem of a v3 manifest, in the order of their places, and what could be read in spite of them.
#[derive(Clone, Debug)]
pub struct LinksManifestError {
    pub diagnostics: Vec<Diagnostic>,
    /// What could be read in spite of them (boxed: an error stays small).
    pub partial: Box<LinksManifest>,
}

impl fmt::Display for LinksManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::json::write_lines(f, &self.diagnostics)
    }
}

impl std::error::Error for LinksManifestError {}

impl AsRef<FunctionHead> for LinkFunction {
    fn as_ref(&self) -> &FunctionHead {
        &self.head
    }
}

impl LinkFunction {
    /// The names of its links, to test many links at constant cost each.
    pub fn linked(&self) -> HashSet<&str> {
        self.link.iter().map(|l| l.name.as_str()).collect()
    }
}

impl LinksManifest {
    /// The function of that name.
    pub fn function(&self, name: &str) -> Option<&LinkFunction> {
        self.functions.iter().find(|f| f.head.name == name)
    }

    /// Every link a function lists that the types file does not declare, located in this manifest, with
    /// the closest declared name.
    pub fn check(&self, types: &LinkTypes) -> Vec<Diagnostic> {
        let declared: Vec<&str> = types.links.iter().map(|l| l.name.as_str()).collect();
        let names: HashSet<&str> = declared.iter().copied().collect();
        let mut problems = Vec::new();
        for function in &self.functions {
            for link in function.link.iter().filter(|l| !names.contains(l.name.as_str())) {
                let message = format!(
                    "function `{}` links `{}`, which {} does not declare{}",
                    function.head.name,
                    link.name,
                    types.file,
                    did_you_mean(&link.name, &declared).unwrap_or_else(|| {
                        "; run `sst dev` or `sst deploy` to write it anew if the app has that link".into()
                    })
                );
                let message = crate::text::one_line(&message).into_owned();
                problems.push(Diagnostic { file: self.file.clone(), at: link.at, message });
            }
        }
        crate::json::sort(&mut problems);
        problems
    }
}

#[cfg(test)]
mod tests {
    use crate::manifest::{CrateTarget, is_links_form, parse_links, select};

    const MANIFEST: &str = r#"{
  "links": "sst-env.d.ts",
  "functions": {
    "checkout": { "package": "shop", "bin": "checkout", "link": ["MyBucket", "StripeKey"] },
    "worker": { "package": "shop", "bin": "worker", "link": ["MyBuckett"] }
  }
}"#;

    const TYPES: &str = "declare module \"sst\" { export interface Resource { \"MyBucket\": { \"name\": string } \
                         \"StripeKey\": { \"value\": string } } }";

    fn errors(text: &str) -> Vec<String> {
        parse_links(text, "bindings.json").unwrap_err().diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reads_the_links_form_and_chooses_the_function_as_the_v2_form_does() {
        assert!(is_links_form(MANIFEST));
        assert!(!is_links_form(r#"{ "app": "a", "resources": [], "functions": {} }"#));
        assert!(!is_links_form("not json"));
        let manifest = parse_links(MANIFEST, "bindings.json").unwrap();
        assert_eq!(manifest.links, "sst-env.d.ts");
        let checkout = &manifest.functions[0];
        assert_eq!((checkout.head.package.as_deref(), checkout.head.bin.as_deref()), (Some("shop"), Some("checkout")));
        let names: Vec<&str> = checkout.link.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["MyBucket", "StripeKey"]);
        let worker = CrateTarget { package: Some("shop"), bin: Some("worker") };
        assert_eq!(select(&manifest.file, &manifest.functions, None, worker).unwrap()[0].head.name, "worker");
        let lib = CrateTarget { package: Some("shop"), bin: None };
        let every = select(&manifest.file, &manifest.functions, None, lib).unwrap();
        assert_eq!(every.iter().map(|f| f.head.name.as_str()).collect::<Vec<_>>(), ["checkout", "worker"]);
    }

    #[test]
    fn a_link_the_types_file_lacks_is_located_with_the_closest_name() {
        let manifest = parse_links(MANIFEST, "bindings.json").unwrap();
        let types = crate::sst_env::parse(TYPES, "sst-env.d.ts").unwrap();
        let problems: Vec<String> = manifest.check(&types).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "bindings.json:5:62: function `worker` links `MyBuckett`, which sst-env.d.ts does not declare; did you mean `MyBucket`?"
            ]
        );
        let manifest = parse_links(&MANIFEST.replace("MyBuckett", "Jobs"), "bindings.json").unwrap();
        let problems: Vec<String> = manifest.check(&types).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "bindings.json:5:62: function `worker` links `Jobs`, which sst-env.d.ts does not declare; run `sst dev` or `sst deploy` to write it anew if the app has that link"
            ]
        );
    }

    #[test]
    fn the_release_the_app_is_on_is_read_beside_the_types_file() {
        assert_eq!(parse_links(MANIFEST, "bindings.json").unwrap().sst, None);
        let with =
            MANIFEST.replace("\"links\": \"sst-env.d.ts\",", "\"links\": \"sst-env.d.ts\", \"sst\": \"4.5.12\",");
        let manifest = parse_links(&with, "bindings.json").unwrap();
        assert_eq!(manifest.sst, Some(crate::releases::Release::new(4, 5, 12)));
        let with = |sst: &str| {
            MANIFEST.replace("\"links\": \"sst-env.d.ts\",", &format!("\"links\": \"sst-env.d.ts\", \"sst\": {sst},"))
        };
        let write = "write the version of `sst` the app's package.json pins, e.g. `\"sst\": \"4.17.1\"`, or leave `sst` \
                     out to read links as the newest release does";
        assert_eq!(
            errors(&with("4.5")),
            [format!("bindings.json:2:35: `sst` must be a string, the SST release the app is on: {write}")]
        );
        assert_eq!(
            errors(&with("\"^4.5.12\"")),
            [format!(
                "bindings.json:2:35: `sst` is \"^4.5.12\", not a release MAJOR.MINOR.PATCH (no range, no `v`): {write}"
            )]
        );
        assert_eq!(
            errors(&with("\"2.49.6\"")),
            [format!(
                "bindings.json:2:35: `sst` is \"2.49.6\", a release of SST v2: links are SST v3's and v4's; for an SST v2 \
                 app write the manifest with `app`, `resources` and `functions` instead, else {write}"
            )]
        );
        assert_eq!(
            errors(&with("\"4.5.12\u{1b}\"")),
            [format!(
                "bindings.json:2:35: `sst` is \"4.5.12\\u{{1b}}\", not a release MAJOR.MINOR.PATCH (no range, no `v`): {write}"
            )]
        );
    }

    #[test]
    fn every_problem_is_located() {
        assert_eq!(
            errors(r#"{ "links": 3, "functions": { "a": { "link": ["X", "X", 4], "bind": [] }, "b": [] } }"#),
            [
                "bindings.json:1:12: `links` must be a string, the path of the `sst-env.d.ts` SST writes, relative to this file",
                "bindings.json:1:51: function `a` links `X` twice (first on line 1); remove one",
                "bindings.json:1:56: a link is the non-empty name of a component, like \"MyBucket\"",
                "bindings.json:1:60: unknown key `bind` in function `a`; did you mean `bin`?",
                "bindings.json:1:79: function `b` must be an object like { \"link\": [\"MyBucket\"] }",
            ]
        );
        assert_eq!(
            errors(r#"{ "links": "", "functions": { "a": {} } }"#),
            [
                "bindings.json:1:12: `links` is empty: name the types file SST writes, e.g. `\"links\": \"sst-env.d.ts\"`",
                "bindings.json:1:36: missing key `link` in function `a`: add its links, e.g. `\"link\": [\"MyBucket\"]` (`[]` for none)",
            ]
        );
    }
}
