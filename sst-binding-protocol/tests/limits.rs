//! Each limit at the readers' entry points, as the user meets it (the limits are in
//! `sst-binding-protocol-core`, the readers here).

use sst_binding_protocol::limits::*;
use sst_binding_protocol::manifest;

fn manifest_errors(text: &str) -> Vec<String> {
    manifest::parse(text, "bindings.json").unwrap_err().diagnostics.iter().map(ToString::to_string).collect()
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn a_manifest_over_the_size_limit_is_refused_before_it_is_read() {
    let text = format!("{{\"app\": \"a\", \"x\": \"{}\"}}", "x".repeat(MAX_MANIFEST_BYTES));
    assert_eq!(
        manifest_errors(&text),
        ["bindings.json:1:1: the manifest is 8.1 MiB; the limit is 8 MiB: is this the right file?"]
    );
}

#[test]
fn nesting_deeper_than_the_limit_is_located_and_names_it() {
    // The parser's own limit is this one: one level more fails, this many reads (and is no object).
    let within = manifest_errors(&nested(MAX_NESTING));
    assert_eq!(within, ["bindings.json:1:1: the manifest must be an object with `app`, `resources` and `functions`"]);
    assert_eq!(
        manifest_errors(&nested(MAX_NESTING + 1)),
        ["bindings.json:1:513: the manifest nests objects and arrays more than 513 levels deep here, the limit"]
    );
}

#[test]
fn more_resources_than_the_limit_is_one_error() {
    let resources = vec![r#"{"type": "Bucket", "id": "b"}"#; MAX_RESOURCES + 1].join(",");
    let text = format!(
        "{{\"app\": \"a\",\n\"resources\": [{resources}],\n\"functions\": {{\"f\": {{\"bind\": [\"Bucket.b\"]}}}}}}"
    );
    assert_eq!(
        manifest_errors(&text),
        ["bindings.json:2:14: the manifest declares more than 50000 resources, the limit"]
    );
}

#[test]
fn overlong_ids_and_names_are_located() {
    let id = "a".repeat(MAX_ID_CHARS + 1);
    let function = "f".repeat(MAX_NAME_CHARS + 1);
    let text = format!(
        "{{\"app\": \"a\",\n\"resources\": [{{\"type\": \"Bucket\", \"id\": \"{id}\"}}],\n\"functions\": {{\"{function}\": {{\"bind\": []}}}}}}"
    );
    let shown = |c: &str| c.repeat(32);
    assert_eq!(
        manifest_errors(&text),
        [
            format!("bindings.json:2:40: the id `{}…` is 1025 characters long; the limit is 1024", shown("a")),
            format!("bindings.json:3:15: the function name `{}…` is 257 characters long; the limit is 256", shown("f")),
        ]
    );
}

#[test]
fn a_very_long_unknown_name_gets_no_suggestion() {
    let binding = format!("Bucket.{}", "b".repeat(MAX_ID_CHARS * 4));
    let text = format!(
        "{{\"app\": \"a\", \"resources\": [{{\"type\": \"Bucket\", \"id\": \"b\"}}], \"functions\": {{\"f\": {{\"bind\": [\"{binding}\"]}}}}}}"
    );
    let errors = manifest_errors(&text);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].ends_with(": declare it under `resources` or remove this binding"), "{errors:?}");
}
