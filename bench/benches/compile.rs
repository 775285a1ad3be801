//! What the macro costs at every build: a generated app (1,000 resources and 100 functions of 50 bindings;
//! then 5,000 resources), `cargo check` of a crate that calls `sst_resources!` against the same crate with
//! the same items written out by hand (the macro's expansion, printed as source), as a ratio.
//!
//! Both crates are generated under `target/bench-compile/`, share one target directory, and are checked once
//! to build their dependencies; then each is touched and checked again, 3 times, and the medians compared.

use std::path::{Path, PathBuf};
use std::process::Command;

use sst_resources_bench::{App, Table, duration, median, target_dir, time, workspace_dir};
use sst_resources_codegen::CrateContext;

const APPS: &[App] =
    &[App { resources: 1_000, functions: 100, bindings: 50 }, App { resources: 5_000, functions: 100, bindings: 50 }];

const MACRO_CALL: &str = "sst_resources::sst_resources!(\"bindings.json\", function = \"f0\");\n";

fn main() {
    let root = target_dir().join("bench-compile");
    let mut table = Table::new(
        "`cargo check` after a change, the macro vs the same items by hand (debug, median of 3)",
        &["app", "with `sst_resources!`", "written by hand", "ratio", "bar"],
    );
    for app in APPS {
        let dir = root.join(format!("r{}", app.resources));
        let manifest = app.manifest("bench-app");
        let with_macro = write_crate(&dir.join("macro"), "bench-macro-app", &manifest, MACRO_CALL);
        let by_hand = write_crate(&dir.join("hand"), "bench-hand-app", &manifest, "");
        std::fs::write(by_hand.join("src/lib.rs"), expansion(&by_hand)).expect("write the hand-written crate");
        let target = root.join("target");
        for krate in [&with_macro, &by_hand] {
            check(krate, &target); // the dependencies, once
        }
        let macro_time = median(3, || check(&with_macro, &target));
        let hand_time = median(3, || check(&by_hand, &target));
        table.row(vec![
            format!("{} resources, {} functions × {} bindings", app.resources, app.functions, app.bindings),
            duration(macro_time),
            duration(hand_time),
            format!("{:.2}×", macro_time.as_secs_f64() / hand_time.as_secs_f64()),
            "≤ 1.5×".into(),
        ]);
    }
    table.print();
}

/// A library crate depending on the workspace's `sst-resources` (without `ssm`: no AWS SDK to build), with
/// `bindings.json` and `src/lib.rs` holding `lib`.
fn write_crate(dir: &Path, name: &str, manifest: &str, lib: &str) -> PathBuf {
    let runtime = workspace_dir().join("sst-resources");
    let cargo_toml = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsst-resources = {{ path = {:?}, default-features = false, features = [\"v2\"] }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    let files = [("Cargo.toml", cargo_toml), ("bindings.json", manifest.to_owned()), ("src/lib.rs", lib.to_owned())];
    std::fs::create_dir_all(dir.join("src")).expect("a directory under target/");
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write the generated crate");
    }
    // The workspace's versions of every dependency, so that nothing is resolved (or fetched) here.
    std::fs::copy(workspace_dir().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    dir.to_owned()
}

/// The macro's items for the crate at `dir`, as a person would write them: formatted source.
fn expansion(dir: &Path) -> String {
    let input: proc_macro2::TokenStream = "\"bindings.json\", function = \"f0\"".parse().expect("macro input");
    let tokens = sst_resources_codegen::expand(input, CrateContext { manifest_dir: dir, target: Default::default() });
    let file: syn::File = syn::parse2(tokens).expect("the expansion is a file of items");
    prettyplease::unparse(&file)
}

/// Touches the crate's `src/lib.rs` and times `cargo check` of it.
fn check(dir: &Path, target: &Path) -> std::time::Duration {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).expect("read src/lib.rs");
    std::fs::write(&lib, text).expect("touch src/lib.rs");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let (took, output) = time(|| {
        Command::new(cargo)
            .args(["check", "--quiet", "--offline"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .output()
            .expect("run cargo check")
    });
    assert!(
        output.status.success(),
        "cargo check of {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    took
}
