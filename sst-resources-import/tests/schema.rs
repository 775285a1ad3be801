//! The JSON Schema of `bindings.json` (`sst_resources_import::manifest::schema`) agrees with the reader: every manifest of the
//! tree (`ui-tests/manifests`, `examples/`) validates against the schema exactly when `manifest::parse`
//! accepts it, so that an editor marks what the macro refuses and nothing it accepts.

use std::fs;
use std::path::{Path, PathBuf};

use sst_binding_protocol::manifest;
use sst_resources_import::manifest::schema;

/// Every `.json` manifest the macro is given in the tree: the UI tests' and the examples' `bindings.json`.
fn manifests() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = fs::read_dir(root.join("ui-tests/manifests"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    for example in fs::read_dir(root.join("examples")).unwrap() {
        let file = example.unwrap().path().join("bindings.json");
        if file.exists() {
            files.push(file);
        }
    }
    files.sort();
    files
}

/// Refused by the reader for what no JSON Schema can say: two entries whose ids name one accessor, a
/// parameter with a secret's id. The schema accepts them (their shape is right); the test checks it does.
const BEYOND_A_SCHEMA: &[&str] = &["collisions.json"];

#[test]
fn the_schema_accepts_exactly_what_the_reader_accepts() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    let mut disagree = Vec::new();
    let mut seen = (0, 0);
    for file in manifests() {
        let text = fs::read_to_string(&file).unwrap();
        let read = manifest::parse(&text, "bindings.json");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        let expected = if BEYOND_A_SCHEMA.contains(&name.as_ref()) {
            assert!(read.is_err(), "{}: the reader accepts it", file.display());
            true
        } else {
            read.is_ok()
        };
        if read.is_ok() {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        if validator.is_valid(&json) != expected {
            let errors: Vec<String> =
                validator.iter_errors(&json).map(|e| format!("  {}: {e}", e.instance_path())).collect();
            let read = read.err().map(|e| e.to_string()).unwrap_or_else(|| "accepted".into());
            disagree.push(format!(
                "{}:
 the reader: {read}
 the schema:
{}",
                file.display(),
                errors.join("\n")
            ));
        }
    }
    assert!(disagree.is_empty(), "the schema and the reader disagree:\n{}", disagree.join("\n"));
    // Both ways: manifests the reader accepts and manifests it refuses.
    assert!(seen.0 >= 3 && seen.1 >= 3, "accepted, refused: {seen:?}");
}
