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
fn every_construct_kind() {
    insta::assert_snapshot!(expanded(quote!("all-kinds.json", function = "all"), None));
}

#[test]
fn function_chosen_by_package() {
    let out = expanded(quote!("all-kinds.json"), Some("other-function"));
    assert!(out.contains("pub fn archive() ->"), "archive is bound to `other`:\n{out}");
    assert!(out.contains("pub fn my_files<'bound>() ->"), "myFiles is not bound to `other`:\n{out}");
}

#[test]
fn a_function_the_manifest_lacks() {
    insta::assert_snapshot!(expanded(quote!("all-kinds.json", function = "nope"), None));
}

#[test]
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
fn a_broken_manifest_reports_every_problem_and_keeps_what_is_valid() {
    insta::assert_snapshot!(expanded(quote!("broken.json", function = "api"), None));
}

#[test]
fn a_missing_or_absolute_path() {
    let out = expanded(quote!("nope.json"), None);
    assert!(out.contains("cannot read the manifest `nope.json`"), "{out}");
    let out = expanded(quote!("/etc/bindings.json"), None);
    assert!(out.contains("`/etc/bindings.json` is an absolute path"), "{out}");
}

#[test]
fn never_panics_on_any_manifest_text() {
    // Every prefix of a valid manifest, and every single-byte corruption of its first part.
    let text = std::fs::read_to_string(manifests().join("all-kinds.json")).unwrap();
    let dir = tempdir();
    for end in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
        std::fs::write(dir.join("m.json"), &text[..end]).unwrap();
        let context = CrateContext { manifest_dir: &dir, target: Default::default() };
        let _ = expand(quote!("m.json"), context);
    }
    for (i, _) in text.char_indices().take(400) {
        for replacement in ["\"", "{", "]", ",", "x", "-", ""] {
            let mut corrupt = text.clone();
            corrupt.replace_range(i..i + 1, replacement);
            std::fs::write(dir.join("m.json"), &corrupt).unwrap();
            let _ = expand(
                quote!("m.json", function = "all"),
                CrateContext { manifest_dir: &dir, target: Default::default() },
            );
        }
    }
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sst-resources-codegen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
