//! What some tests need beyond `cargo test`: a moto server, SST's npm packages, cargo-lambda, botocore.
//!
//! A test that needs one starts with [`needs!`](crate::needs). Where it is missing, plain `cargo test` skips
//! the test (it returns at once) and says, once per test binary and need, which command runs them — as
//! cargo's own test suite does with `requires`. `scripts/test` sets `SST_RESOURCES_TESTS_STRICT`: there a
//! missing need fails the test instead, so that nothing is skipped in CI. It also runs the tests once with
//! [`NOTHING_INSTALLED`] set, as a newcomer's plain `cargo test` runs them: every need then counts as missing,
//! so a test that would fail where nothing is installed, in place of skipping, fails there.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The variable `scripts/test` sets so that a missing need fails the test.
pub const STRICT: &str = "SST_RESOURCES_TESTS_STRICT";

/// The variable under which every need counts as missing, installed or not (`scripts/test`'s run of the
/// tests as on a machine with nothing installed).
pub const NOTHING_INSTALLED: &str = "SST_RESOURCES_TESTS_NOTHING_INSTALLED";

/// One thing a test may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The moto server of `scripts/with-moto` (`AWS_ENDPOINT_URL`).
    Moto,
    /// botocore (the AWS CLI's library), which `scripts/with-moto` installs into `.venv` with moto.
    Botocore,
    /// cargo-lambda, for `cargo lambda watch`: `.venv/bin/cargo-lambda` or on `PATH`.
    CargoLambda,
    /// npm `sst@2.49.6` in `SST_NODE_DIR`, else `.sst-node/` (`scripts/sst-node`).
    SstNode,
    /// npm `sst@4.17.1` in `SST_V4_NODE_DIR`, else `.sst-v4-node/` (`scripts/sst-v4-node`).
    SstV4Node,
    /// npm `sst` of a release before 4.7.5 (4.7.4) in `before-4.7.5/` of that folder (`scripts/sst-v4-node`).
    SstV4NodeBefore475,
    /// SST 4.17.1's platform in `examples/sst-v4/.sst/platform` (`scripts/sst-v4`).
    SstV4Platform,
    /// The example SST v4 app prepared under each older release of `sst-resources-cli/tests/sst-releases/`, in
    /// `SST_RELEASES_DIR`, else `.sst-releases/` (`scripts/sst-releases`).
    SstReleases,
}

/// The repository's root.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A folder from `var`, else `default` under the root.
fn dir_of(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| root().join(default))
}

/// The folder of npm `sst@2.49.6` (its `node_modules/sst`'s parent).
pub fn sst_node_dir() -> PathBuf {
    dir_of("SST_NODE_DIR", ".sst-node")
}

/// The folder of npm `sst@4.17.1` (its `node_modules/sst`'s parent).
pub fn sst_v4_node_dir() -> PathBuf {
    dir_of("SST_V4_NODE_DIR", ".sst-v4-node")
}

/// The folder of the SST releases `scripts/sst-releases` prepares the example app under.
pub fn sst_releases_dir() -> PathBuf {
    dir_of("SST_RELEASES_DIR", ".sst-releases")
}

/// The releases pinned in `sst-resources-cli/tests/sst-releases/`, oldest first.
pub fn sst_releases() -> Vec<String> {
    let mut releases: Vec<(Vec<u32>, String)> = std::fs::read_dir(root().join("sst-resources-cli/tests/sst-releases"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .map(|name| (name.split('.').map(|n| n.parse().unwrap_or(0)).collect(), name))
                .collect()
        })
        .unwrap_or_default();
    releases.sort();
    releases.into_iter().map(|(_, name)| name).collect()
}

/// The folder of npm `sst` of a release before 4.7.5 (`before-4.7.5/` in [`sst_v4_node_dir`]).
pub fn sst_v4_node_before_475_dir() -> PathBuf {
    sst_v4_node_dir().join("before-4.7.5")
}

/// The `python` of `.venv`, where moto and botocore are installed.
pub fn venv_python() -> PathBuf {
    root().join(".venv/bin/python")
}

/// `cargo-lambda` of `.venv` (installed by `scripts/test`), else of `PATH`.
pub fn cargo_lambda() -> PathBuf {
    let venv = root().join(".venv/bin/cargo-lambda");
    if venv.exists() { venv } else { PathBuf::from("cargo-lambda") }
}

/// Whether `program` runs with `args` and exits with 0 (its output thrown away).
fn succeeds(program: &Path, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Need {
    /// Whether it is there (never under [`NOTHING_INSTALLED`]).
    pub fn present(self) -> bool {
        if std::env::var_os(NOTHING_INSTALLED).is_some() {
            return false;
        }
        match self {
            Need::Moto => std::env::var("AWS_ENDPOINT_URL").is_ok_and(|url| !url.is_empty()),
            Need::Botocore => succeeds(&venv_python(), &["-c", "import botocore"]),
            Need::CargoLambda => succeeds(&cargo_lambda(), &["lambda", "--version"]),
            Need::SstNode => sst_node_dir().join("node_modules/sst/node/util/index.js").exists(),
            Need::SstV4Node => sst_v4_node_dir().join("node_modules/sst/dist/resource/node.js").exists(),
            Need::SstV4NodeBefore475 => sst_v4_node_before_475_dir().join("node_modules/sst/dist/resource.js").exists(),
            Need::SstV4Platform => std::fs::read_to_string(root().join("examples/sst-v4/.sst/platform/version"))
                .is_ok_and(|v| v.trim() == "4.17.1"),
            Need::SstReleases => sst_releases().iter().filter(|r| *r != "4.17.1").all(|release| {
                let version = sst_releases_dir().join(release).join("app/.sst/platform/version");
                std::fs::read_to_string(version).is_ok_and(|v| v.trim() == release)
            }),
        }
    }

    /// What it is, as a message names it.
    fn what(self) -> &'static str {
        match self {
            Need::Moto => "a moto server (AWS_ENDPOINT_URL is not set)",
            Need::Botocore => "botocore in .venv",
            Need::CargoLambda => "cargo-lambda",
            Need::SstNode => "SST 2.49.6's npm package",
            Need::SstV4Node => "SST 4.17.1's npm package",
            Need::SstV4NodeBefore475 => "the npm package of an SST release before 4.7.5",
            Need::SstV4Platform => "SST 4.17.1's platform in examples/sst-v4",
            Need::SstReleases => {
                "the example SST app prepared under each release of sst-resources-cli/tests/sst-releases"
            }
        }
    }

    /// What installs it, where `scripts/with-moto` does not.
    fn install(self) -> Option<&'static str> {
        match self {
            Need::Moto | Need::Botocore => None,
            Need::CargoLambda => Some("scripts/lib/cargo-lambda"),
            Need::SstNode => Some("scripts/sst-node"),
            Need::SstV4Node | Need::SstV4NodeBefore475 => Some("scripts/sst-v4-node"),
            Need::SstV4Platform => Some("scripts/sst-v4"),
            Need::SstReleases => Some("scripts/sst-releases"),
        }
    }

    /// Whether the tests run under `scripts/with-moto` (which installs moto, and with it botocore).
    fn under_moto(self) -> bool {
        matches!(self, Need::Moto | Need::Botocore)
    }
}

/// Whether a test of `package` in `file` that needs all of `needs` may go on. See the module's doc; use
/// [`needs!`](crate::needs).
pub fn met(needs: &[Need], package: &str, file: &str) -> bool {
    let missing: Vec<Need> = needs.iter().copied().filter(|n| !n.present()).collect();
    if missing.is_empty() {
        return true;
    }
    // An integration test (`tests/NAME.rs`) is a target of its own; a unit test is picked from the lib by
    // its module's name.
    let path = Path::new(file);
    let stem = path.file_stem().map_or(file.into(), |s| s.to_string_lossy());
    let integration = path.parent().and_then(Path::file_name).is_some_and(|d| d == "tests");
    let target = if integration { format!("--test {stem}") } else { format!("--lib {stem}") };
    let mut steps: Vec<String> = missing.iter().filter_map(|n| n.install()).map(String::from).collect();
    steps.dedup();
    let moto = if needs.iter().any(|n| n.under_moto()) { "scripts/with-moto " } else { "" };
    steps.push(format!("{moto}cargo test -p {package} {target}"));
    let command = steps.join(" && ");
    let what = missing.iter().map(|n| n.what()).collect::<Vec<_>>().join(" and ");
    if std::env::var_os(STRICT).is_some() {
        panic!("{file} needs {what}: run `{command}` (or scripts/test)");
    }
    static SAID: Mutex<Vec<Vec<Need>>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if !said.contains(&missing) {
        said.push(missing);
        // Straight to the process's stderr: libtest captures `eprintln!` of a passing test.
        let _ = writeln!(std::io::stderr(), "skipped: the tests of {file} that need {what}; run them with `{command}`");
    }
    false
}

/// Returns from the test at once where what it needs is missing (see [`needs`](crate::needs)):
/// `needs!(Moto);`, `needs!(Moto, SstNode);`.
#[macro_export]
macro_rules! needs {
    ($($need:ident),+) => {
        if !$crate::needs::met(&[$($crate::needs::Need::$need),+], env!("CARGO_PKG_NAME"), file!()) {
            return;
        }
    };
}
