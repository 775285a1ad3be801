//! Editing `bindings.json` rebuilds the crate that uses it, without `cargo clean`: a real crate is built,
//! its manifest changed, and built again.

use std::path::Path;
use std::process::Command;

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn cargo_build(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn manifest(bind: &str) -> String {
    format!(
        r#"{{ "app": "rebuild", "resources": [{{ "type": "Bucket", "id": "uploads" }}],
             "functions": {{ "api": {{ "bind": [{bind}] }} }} }}"#
    )
}

#[test]
fn editing_the_manifest_rebuilds_the_crate() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sst-resources");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-on-manifest-change");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // Its own workspace, with the project's lock file so that the same versions are used offline.
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"rebuild\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
             [dependencies]\nsst-resources = {{ path = {:?}, default-features = false, features = [\"v2\"] }}\n",
            runtime.display().to_string()
        ),
    );
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    write(
        &dir.join("src/main.rs"),
        "sst_resources::sst_resources!(\"bindings.json\", function = \"api\");\n\
         fn main() { let _ = Bucket::uploads(); }\n",
    );

    write(&dir.join("bindings.json"), &manifest("\"Bucket.uploads\""));
    let (ok, stderr) = cargo_build(&dir);
    assert!(ok, "the bound resource compiles:\n{stderr}");

    write(&dir.join("bindings.json"), &manifest(""));
    let (ok, stderr) = cargo_build(&dir);
    assert!(!ok, "after unbinding, the crate is rebuilt and fails");
    assert!(stderr.contains("Cannot use Bucket.uploads. Please make sure it is bound to this function."), "{stderr}");

    write(&dir.join("bindings.json"), &manifest("\"Bucket.uploads\""));
    let (ok, stderr) = cargo_build(&dir);
    assert!(ok, "bound again, it compiles again:\n{stderr}");
}
