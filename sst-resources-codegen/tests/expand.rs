//! Snapshot tests of the expansion, formatted: what a user's crate gets for a manifest that uses every
//! construct kind, and what it gets when something is wrong.

use std::path::Path;

use quote::quote;
use sst_resources_codegen::{CrateContext, CrateTarget, expand};

/// The manifests shared with the ui tests.
fn manifests() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui-tests/manifests"))
}

/// The expansion as a person would read it, with this machine's path replaced.
fn expanded(input: proc_macro2::TokenStream, package: Option<&str>) -> String {
    let context = CrateContext { manifest_dir: manifests(), target: CrateTarget { package, bin: None } };
    let tokens = expand(input, context);
    let file = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(error) => panic!("the expansion does not parse: {error}\n{tokens}"),
    };
    file.replace(&manifests().display().to_string(), "<manifests>")
}

#[test]
#[cfg(feature = "v2")]
fn every_construct_kind() {
    insta::assert_snapshot!(expanded(quote!("all-kinds.json", function = "all"), None));
}

#[test]
#[cfg(feature = "v2")]
fn function_chosen_by_package() {
    let out = expanded(quote!("all-kinds.json"), Some("other-function"));
    assert!(out.contains("pub fn archive() ->"), "archive is bound to `other`:\n{out}");
    assert!(out.contains("pub fn my_files<'bound>() ->"), "myFiles is not bound to `other`:\n{out}");
}

#[test]
#[cfg(feature = "v2")]
fn a_function_the_manifest_lacks() {
    insta::assert_snapshot!(expanded(quote!("all-kinds.json", function = "nope"), None));
}

#[test]
#[cfg(feature = "v2")]
fn several_functions_and_none_named() {
    let out = expanded(quote!("all-kinds.json"), Some("unrelated"));
    assert!(
        out.contains(
            "all-kinds.json has several functions and none has `\\\"package\\\": \\\"unrelated\\\"`: name this \
             crate's with `function = \\\"...\\\"`"
        ),
        "{out}"
    );
}

#[test]
#[cfg(feature = "v2")]
fn a_broken_manifest_reports_every_problem_and_keeps_what_is_valid() {
    insta::assert_snapshot!(expanded(quote!("broken.json", function = "api"), None));
}

#[test]
fn a_missing_or_absolute_path() {
    // The whole message, which names the file looked for (here the manifests' folder): trybuild cannot
    // check it, since the folder it builds in is the target folder's, wherever that is.
    let out = expanded(quote!("nope.json"), None);
    assert!(
        out.contains(
            "cannot read the manifest `nope.json` (looked for <manifests>/nope.json): No such file or directory \
             (os error 2); the path is relative to this crate's Cargo.toml"
        ),
        "{out}"
    );
    let out = expanded(quote!("/etc/bindings.json"), None);
    assert!(out.contains("`/etc/bindings.json` is an absolute path"), "{out}");
}

/// Every prefix of a valid manifest, and every single-byte corruption of its first part: the expansion
/// holds `compile_error!`s exactly when the manifest or the choice of function is refused, each one line
/// naming the manifest. (That any expansion parses as Rust is `hostile::codegen`'s property, in the tests
/// crate and the fuzzer.)
#[test]
#[cfg(feature = "v2")]
fn any_manifest_text_expands_to_errors_that_name_the_file_exactly_when_refused() {
    let text = std::fs::read_to_string(manifests().join("all-kinds.json")).unwrap();
    let dir = tempdir();
    let context = CrateContext { manifest_dir: &dir, target: Default::default() };
    let check = |manifest: &str, function: Option<&str>| {
        std::fs::write(dir.join("m.json"), manifest).unwrap();
        let input = match function {
            Some(function) => quote!("m.json", function = #function),
            None => quote!("m.json"),
        };
        let errors = compile_errors(expand(input, context));
        let refused = sst_binding_protocol::manifest::parse(manifest, "m.json")
            .map_or(true, |m| m.select_functions(function, Default::default()).is_err());
        assert_eq!(!errors.is_empty(), refused, "errors {errors:?} for:\n{manifest}");
        for error in errors {
            assert!(error.contains("m.json") && !error.contains('\n'), "{error:?} for:\n{manifest}");
        }
    };
    for end in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
        check(&text[..end], None);
    }
    for (i, _) in text.char_indices().take(400) {
        for replacement in ["\"", "{", "]", ",", "x", "-", ""] {
            let mut corrupt = text.clone();
            corrupt.replace_range(i..i + 1, replacement);
            check(&corrupt, Some("all"));
        }
    }
}

/// The messages of the `compile_error!`s of an expansion: the fallback puts them first, at the top level,
/// as `::core::compile_error!("...");`.
fn compile_errors(tokens: proc_macro2::TokenStream) -> Vec<String> {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens
        .windows(3)
        .filter_map(|w| match w {
            [TokenTree::Ident(name), TokenTree::Punct(bang), TokenTree::Group(message)]
                if name == "compile_error" && bang.as_char() == '!' =>
            {
                Some(syn::parse2::<syn::LitStr>(message.stream()).unwrap_or_else(|e| panic!("{e}")).value())
            }
            _ => None,
        })
        .collect()
}

#[cfg(feature = "v2")]
fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sst-resources-codegen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Without the feature `v2` (`cargo test -p sst-resources-codegen`, as scripts/test runs it), an SST v2
/// manifest is one error, at its path, that says how to read it.
#[test]
#[cfg(not(feature = "v2"))]
fn an_sst_v2_manifest_needs_the_feature() {
    let errors = compile_errors(expand(
        quote!("one-function.json"),
        CrateContext { manifest_dir: manifests(), target: CrateTarget::default() },
    ));
    assert_eq!(
        errors,
        ["`one-function.json` is neither SST v3/v4's `sst-env.d.ts` nor a manifest with `links`: SST v2's manifest \
          (`app`, `resources`, `functions`) is read with the feature `v2` of sst-resources, on by default (with \
          `ssm`); add `features = [\"v2\"]` to its line in Cargo.toml"]
    );
    // A file that is not JSON at all is not called an SST v2 manifest: the links' reader says what is wrong.
    let dir = std::env::temp_dir().join(format!("sst-resources-codegen-not-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bindings.json"), "{\n  // the app's links\n  \"links\": \"sst-env.d.ts\"\n}\n").unwrap();
    let errors = compile_errors(expand(
        quote!("bindings.json"),
        CrateContext { manifest_dir: &dir, target: CrateTarget::default() },
    ));
    assert_eq!(errors, ["bindings.json:2:3: invalid JSON: comments are not allowed (the manifest is plain JSON)"]);
}

#[test]
fn links_of_an_sst_v4_app() {
    insta::assert_snapshot!(expanded(quote!("sst-env.d.ts"), None));
}

#[test]
fn links_of_one_function() {
    insta::assert_snapshot!(expanded(quote!("links.json", function = "worker"), None));
}

/// A manifest that records the app's release: the accessors pass that release's reading, made at compile
/// time, and the docs say what it means.
#[test]
fn links_of_an_older_release() {
    insta::assert_snapshot!(expanded(quote!("links-sst-4.5.json", function = "checkout"), None));
}

/// A Cloudflare binding (SST 4.9.1's layout: a second block, `cloudflare.Service`): an accessor of the
/// link's JSON.
#[test]
fn a_cloudflare_binding_is_read_as_json() {
    let out = expanded(quote!("sst-env-cloudflare-4.9.d.ts"), None);
    assert!(
        out.contains(
            "pub fn worker() -> ::core::result::Result<\n        &'static ::sst_resources::serde_json::Value,"
        ),
        "{out}"
    );
    assert!(
        out.contains("/// Link `Worker`, a Cloudflare binding (`import(\"@cloudflare/workers-types\").Service`)"),
        "{out}"
    );
    assert!(out.contains("pub fn my_bucket()"), "{out}");
}

#[test]
#[cfg(feature = "v2")]
fn a_custom_kinds_site_url_is_plain_text_and_its_secret_reference_a_secret() {
    let dir = tempdir();
    std::fs::write(
        dir.join("portal.json"),
        r#"{ "app": "a", "resources": [{ "type": "Portal", "id": "web" }],
             "kinds": { "Portal": { "props": { "url": "siteUrl", "key": "secretReference" } } },
             "functions": { "f": { "bind": ["Portal.web"] } } }"#,
    )
    .unwrap();
    let context = CrateContext { manifest_dir: &dir, target: CrateTarget { package: None, bin: None } };
    let file = syn::parse2::<syn::File>(expand(quote!("portal.json"), context)).unwrap();
    let out = prettyplease::unparse(&file);
    assert!(out.contains("pub url: &'static str,"), "{out}");
    assert!(out.contains("pub key: &'static ::sst_resources::SecretValue,"), "{out}");
    assert!(out.contains("url: source.plain(&RESOURCE, \"url\")?"), "{out}");
    assert!(out.contains("key: source.secret(&RESOURCE, \"key\")?"), "{out}");
    assert!(
        out.contains("holds `__FETCH_FROM_SECRET__:{name}` and the value is that of the `Secret` it names"),
        "{out}"
    );
}
