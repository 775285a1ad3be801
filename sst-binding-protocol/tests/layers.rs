//! The modules of `src/` are layers (see the table in `src/lib.rs`): each uses only the layers below it.
//! This test reads every `crate::…` path of the code (not of its tests, which may use any layer to set
//! up a case) and fails on one that goes up a layer or sideways. A path through the crate root's
//! re-exports (`crate::Catalog`) hides the layer it reaches, so it is refused too.
//!
//! The importer (`sst-resources-import/src`) and the command line's library (`sst-resources-cli/src`), each with its table
//! in its `lib.rs`, are held to the same rule here. Between the crates, the split is checked on what cargo
//! builds: the macro's and the runtime's builds compile neither of them.

use std::fs;
use std::path::{Path, PathBuf};

/// The layers of a crate, bottom up: the modules of one layer may not use each other.
type Layers = &'static [&'static [&'static str]];

/// The protocol's layers.
const LAYERS: Layers = &[
    &["case", "limits", "text"],
    &["json"],
    &["names"],
    &["catalog", "releases"],
    &["messages"],
    &["sst_env"],
    &["manifest"],
];

/// The importer's layers.
const IMPORT_LAYERS: Layers = &[&["manifest", "values", "dotenv"], &["sst_app"]];

/// The command line's layers.
const CLI_LAYERS: Layers =
    &[&["args", "error", "iam"], &["output"], &["aws", "context"], &["ssm", "lambda"], &["commands"]];

fn layer(layers: Layers, module: &str) -> Option<usize> {
    layers.iter().position(|modules| modules.contains(&module))
}

/// Every `.rs` file under `dir`, test files (`tests.rs`) left out.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(path);
        }
    }
}

/// The code of a file before its `#[cfg(test)]` module (the tests of a module come last in this crate).
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests {").map_or(text, |at| &text[..at])
}

/// The module each `crate::` path of `code` names, with its line.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or_default();
        for (at, _) in line.match_indices("crate::") {
            if line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &line[at + "crate::".len()..];
            // `crate::{context, ssm}` on one line names each; a group over lines is refused as no module.
            let group = rest.strip_prefix('{').and_then(|group| group.split_once('}')).map(|(group, _)| group);
            for path in group.map_or_else(|| vec![rest], |group| group.split(',').map(str::trim).collect()) {
                let module: String = path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push((n + 1, module));
            }
        }
    }
    out
}

/// The problems of one file, each `src/file:line: what`.
fn check_file(layers: Layers, src: &Path, path: &Path) -> Vec<String> {
    let relative = path.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    let own = first.trim_end_matches(".rs");
    // The root (and the command line's `main.rs`, which uses the library by its name).
    if own == "lib" || own == "main" {
        return Vec::new();
    }
    let shown = relative.display();
    let Some(own_layer) = layer(layers, own) else {
        return vec![format!("src/{shown}: the module `{own}` is in no layer: add it to LAYERS and to lib.rs")];
    };
    let text = fs::read_to_string(path).unwrap();
    let mut problems = Vec::new();
    for (line, used) in crate_paths(code(&text)) {
        let place = format!("src/{shown}:{line}");
        match layer(layers, &used) {
            _ if used == own => {}
            None => problems.push(format!("{place}: `crate::{used}` is no module: name the module that holds it")),
            Some(l) if l >= own_layer => problems.push(format!(
                "{place}: `{own}` (layer {own_layer}) uses `{used}` (layer {l}): a module uses only layers below its own"
            )),
            Some(_) => {}
        }
    }
    problems
}

fn check(layers: Layers, src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    files.iter().flat_map(|path| check_file(layers, src, path)).collect()
}

/// Every module `lib.rs` under `crate_dir` declares (or re-exports from the protocol's core) is in a layer,
/// and, where `whole`, every layer's module is declared.
fn check_lib_rs(layers: Layers, crate_dir: &Path, whole: bool) {
    let lib = fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    let mut declared = 0;
    for line in lib.lines() {
        let modules: Vec<&str> = if let Some(module) = line.trim_start_matches("pub ").strip_prefix("mod ") {
            vec![module.trim_end_matches(';')]
        } else if let Some(reexport) = line.strip_prefix("pub use sst_binding_protocol_core::") {
            let reexport = reexport.trim_end_matches(';').trim_start_matches('{').trim_end_matches('}');
            reexport.split(',').map(str::trim).collect()
        } else {
            continue;
        };
        for module in modules {
            assert!(layer(layers, module).is_some(), "lib.rs declares `{module}`, which is in no layer of this test");
            declared += 1;
        }
    }
    if whole {
        assert_eq!(declared, layers.iter().map(|l| l.len()).sum::<usize>(), "a layer names a module lib.rs lacks");
    }
}

/// The protocol's core (`sst-binding-protocol-core`): its lower layers, which the runtime depends on alone.
fn core_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sst-binding-protocol-core")
}

fn cli_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sst-resources-cli")
}

fn import_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sst-resources-import")
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = check(LAYERS, &src);
    problems.extend(check(LAYERS, &core_dir().join("src")));
    assert!(problems.is_empty(), "imports across the layers:\n{}", problems.join("\n"));
}

#[test]
fn every_module_of_the_command_line_uses_only_the_layers_below_it() {
    let problems = check(CLI_LAYERS, &cli_dir().join("src"));
    assert!(problems.is_empty(), "imports across the command line's layers:\n{}", problems.join("\n"));
}

#[test]
fn every_module_of_the_importer_uses_only_the_layers_below_it() {
    let problems = check(IMPORT_LAYERS, &import_dir().join("src"));
    assert!(problems.is_empty(), "imports across the importer's layers:\n{}", problems.join("\n"));
}

#[test]
fn every_module_of_lib_rs_is_in_a_layer() {
    check_lib_rs(LAYERS, Path::new(env!("CARGO_MANIFEST_DIR")), true);
    check_lib_rs(LAYERS, &core_dir(), false);
    check_lib_rs(IMPORT_LAYERS, &import_dir(), true);
    check_lib_rs(CLI_LAYERS, &cli_dir(), true);
}

/// The packages a build of `package` compiles (`cargo tree`, normal and build dependencies, every feature
/// its dependents could ask: `--all-features`), one name a line.
fn compiled_by(package: &str) -> String {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--offline", "--locked", "--all-features", "-e", "normal,build", "--prefix", "none", "-p"])
        .arg(package)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The protocol is the protocol: what a user's function compiles (the macro, the runtime with every
/// feature) holds none of the importer nor the command line, and the protocol itself nothing that reads
/// an app's files (`serde_json`) or runs an expression (`regex-lite`). The runtime's part of it, the core,
/// holds no manifest reader either (`sst-binding-protocol`): the runtime compiles only what it uses. Neither
/// compiles `heck`, `strsim` nor `jsonc-parser`, whose parts the protocol has of its own (`case`,
/// `json::similarity`, `json::syntax`), each checked against them.
#[test]
fn a_users_build_compiles_no_importer() {
    for package in ["sst-resources-macros", "sst-resources", "sst-binding-protocol", "sst-binding-protocol-core"] {
        let tree = compiled_by(package);
        for name in ["sst-resources-import ", "sst-resources-cli "] {
            assert!(!tree.contains(name), "{package} compiles {name}:\n{tree}");
        }
        for name in ["heck ", "strsim ", "jsonc-parser "] {
            assert!(!tree.lines().any(|l| l.starts_with(name)), "{package} compiles {name}:\n{tree}");
        }
    }
    let protocol = compiled_by("sst-binding-protocol");
    for name in ["serde_json ", "regex-lite "] {
        assert!(!protocol.lines().any(|l| l.starts_with(name)), "the protocol compiles {name}:\n{protocol}");
    }
    let core = compiled_by("sst-binding-protocol-core");
    for name in ["serde_json ", "regex-lite ", "sst-binding-protocol "] {
        assert!(!core.lines().any(|l| l.starts_with(name)), "the protocol's core compiles {name}:\n{core}");
    }
}

/// The check fails where it should: a file that goes up a layer, one that goes sideways, one through a
/// re-export of the root, and one of a module in no layer; a test module may use any layer.
#[test]
fn the_check_finds_what_goes_up() {
    let dir = std::env::temp_dir().join(format!("layers-{}", std::process::id()));
    let src = dir.join("src");
    fs::create_dir_all(src.join("manifest")).unwrap();
    fs::write(src.join("names.rs"), "use crate::limits::X;\nuse crate::catalog::SECRET;\n").unwrap();
    fs::write(src.join("manifest/read.rs"), "use crate::sst_env::parse;\nlet c = crate::Catalog::builtin();\n")
        .unwrap();
    fs::write(src.join("catalog.rs"), "use crate::{names, messages::Grant};\n").unwrap();
    fs::write(src.join("text.rs"), "use crate::limits::X;\n#[cfg(test)]\nmod tests { use crate::manifest::parse; }\n")
        .unwrap();
    fs::write(src.join("extra.rs"), "").unwrap();
    let problems = check(LAYERS, &src);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        problems,
        vec![
            "src/catalog.rs:1: `catalog` (layer 3) uses `messages` (layer 4): a module uses only layers below its own",
            "src/extra.rs: the module `extra` is in no layer: add it to LAYERS and to lib.rs",
            "src/manifest/read.rs:2: `crate::Catalog` is no module: name the module that holds it",
            "src/names.rs:2: `names` (layer 2) uses `catalog` (layer 3): a module uses only layers below its own",
            "src/text.rs:1: `text` (layer 0) uses `limits` (layer 0): a module uses only layers below its own",
        ]
    );
}
