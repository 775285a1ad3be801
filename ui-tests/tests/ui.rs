//! trybuild cases: what compiles, and the exact errors of what does not.
//!
//! trybuild builds each case in its own project under `target/tests/trybuild/`, whose directory is the
//! case's `CARGO_MANIFEST_DIR`; the shared manifests are copied there so that the cases name them as a
//! user would (`"manifests/all-kinds.json"`).

use std::path::{Path, PathBuf};

fn trybuild_project_dir() -> PathBuf {
    // This test runs as target/<profile>/deps/ui-<hash>; trybuild's projects sit in target/tests/trybuild.
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe.ancestors().nth(3).expect("the target directory").to_path_buf();
    target.join("tests").join("trybuild").join(env!("CARGO_PKG_NAME"))
}

fn copy_manifests(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("manifests");
    let to = to.join("manifests");
    std::fs::create_dir_all(&to).expect("create the manifests directory");
    for entry in std::fs::read_dir(&from).expect("read ui-tests/manifests") {
        let path = entry.expect("a manifest").path();
        std::fs::copy(&path, to.join(path.file_name().expect("a file name"))).expect("copy a manifest");
    }
}

#[test]
fn ui() {
    copy_manifests(&trybuild_project_dir());
    let cases = trybuild::TestCases::new();
    cases.pass("tests/pass/*.rs");
    cases.compile_fail("tests/fail/*.rs");
}
