//! `sst-resources import` in an SST v3 or v4 app (its `sst.config.ts` calls `$config`), offline.
//!
//! Without SST: what it says where the app's platform (`.sst/platform`) is missing or of another version,
//! and that it runs the app's own `sst install` (a stand-in `node_modules/.bin/sst` here) to write it.
//!
//! With SST 4.17.1's platform (`examples/sst-v4/.sst/platform`, which `scripts/sst-v4` writes from its
//! install in `SST_V4_DIR`, default `.sst-v4/`): copies of the example app imported for real through
//! `v4-links.mjs` — the program's report (its fixture), the manifest's exact bytes (the example's own, which
//! `--check` finds current), drift located, a removed link failing the build of a function that uses it,
//! errors of `sst.config.ts` located, a platform that lacks what the import needs, the types file's notes,
//! the Rust crates found as SST finds them. Where SST_V4_DIR is set (scripts/test sets it)
//! the platform must be there; where it is not and the platform was never installed, these tests are
//! skipped, saying so.

// The stand-in `sst` is a shell script and the copies link to the example's platform.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};

use common::Project;
use sst_resources_tests::needs;

/// The example SST v4 app.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sst-v4")
}

/// The example's SST 4.17.1 platform; `None` (the test skipped, saying what runs it) where it is not
/// installed (see `sst_resources_tests::needs`).
fn platform() -> Option<PathBuf> {
    let installed = needs::met(&[needs::Need::SstV4Platform], env!("CARGO_PKG_NAME"), file!());
    installed.then(|| example().join(".sst/platform").canonicalize().unwrap())
}

/// A crate's Cargo.toml, as cargo reads it outside this workspace: `package`, and a binary each of `bins`
/// (`src/bin/{bin}.rs`; no file is needed for `cargo metadata --no-deps`).
fn crate_toml(package: &str, bins: &[&str]) -> String {
    let mut text = format!("[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n");
    for bin in bins {
        text.push_str(&format!("\n[[bin]]\nname = \"{bin}\"\npath = \"src/bin/{bin}.rs\"\n"));
    }
    text
}

/// A copy of the example app (its sst.config.ts, types file and crate's Cargo.toml), its platform
/// `platform` (the example's, or the example's prepared under another release: `.sst/platform` of an app
/// whose `.sst/provider-lock.json` is beside it); `edit` changes its sst.config.ts.
fn copy(platform: &Path, edit: impl FnOnce(String) -> String) -> Project {
    let p = Project::empty("shop");
    let config = std::fs::read_to_string(example().join("sst.config.ts")).unwrap();
    p.write("sst.config.ts", &edit(config));
    for file in ["package.json", "sst-env.d.ts"] {
        std::fs::copy(example().join(file), p.path(file)).unwrap();
    }
    std::fs::create_dir_all(p.path(".sst")).unwrap();
    std::fs::copy(platform.with_file_name("provider-lock.json"), p.path(".sst/provider-lock.json")).unwrap();
    std::os::unix::fs::symlink(platform, p.path(".sst/platform")).unwrap();
    std::fs::create_dir_all(p.path("functions/shop")).unwrap();
    p.write("functions/shop/Cargo.toml", &crate_toml("shop", &["checkout", "worker"]));
    p
}

/// The entry of function `name` in a written manifest, on one line: `"package": "shop", ..., "link": [ ... ]`.
fn entry(manifest: &str, name: &str) -> String {
    let start = manifest.find(&format!("    \"{name}\": {{")).unwrap_or_else(|| panic!("no `{name}` in {manifest}"));
    let end = start + manifest[start..].find("\n    }").unwrap();
    manifest[start..end].lines().skip(1).map(str::trim).collect::<Vec<_>>().join(" ")
}

/// `text` with `old`, which it holds once, made `new`.
fn replace_once(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "`{old}` is not once in sst.config.ts");
    text.replacen(old, new, 1)
}

/// The line of `text` holding `needle` (1-based).
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// The manifest the import writes for the example: the one the example commits.
const EXAMPLE_MANIFEST: &str = include_str!("../../examples/sst-v4/bindings.json");

const SECRETS_NOTE: &str = "note: placeholders stood in for the secrets StripeKey (no value is read)\n";
const SUMMARY: &str = "(app \"shop\", stage dev: 3 functions of which 3 in Rust)";

/// A v4 app with nothing installed: only its config.
fn bare_app() -> Project {
    let p = Project::empty("shop");
    p.write(
        "sst.config.ts",
        "export default $config({ app() { return { name: \"shop\", home: \"aws\" } }, async run() {} });\n",
    );
    p
}

/// A stand-in for the app's `sst` command: records its arguments and the variables `sst install` is run
/// with in `sst-install.log`, then runs `then` (a shell command) in the app's root.
fn stand_in_sst(p: &Project, then: &str) {
    std::fs::create_dir_all(p.path("node_modules/.bin")).unwrap();
    std::fs::create_dir_all(p.path("node_modules/sst")).unwrap();
    p.write("node_modules/sst/package.json", "{ \"name\": \"sst\", \"version\": \"4.17.1\" }\n");
    let script = format!(
        "#!/bin/sh\necho \"$* SST_SKIP_DEPENDENCY_CHECK=$SST_SKIP_DEPENDENCY_CHECK SST_NO_BUN=$SST_NO_BUN \
         SST_STAGE=$SST_STAGE cwd=$(basename \"$PWD\")\" > sst-install.log\n{then}\n"
    );
    p.write("node_modules/.bin/sst", &script);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p.path("node_modules/.bin/sst"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn without_its_platform_or_sst_it_says_what_to_run() {
    let p = bare_app();
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: .sst/platform is missing (`sst install`, `sst dev` and `sst deploy` write it) and there is no \
         node_modules/.bin/sst to write it with: run `npm install`, then `SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 \
         npx sst install` in .\n"
    );
    assert!(!p.path("bindings.json").exists());

    let run = p.run_without_aws(&["import", "--stage", "dev", "--from", ".sst/dist"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: --from .sst/dist reads the output of SST v2's `sst build`; . is an SST v3 or v4 app (its \
         sst.config.ts calls `$config`): import it without --from\n"
    );
    let run = p.run_without_aws(&["import"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: no stage: pass --stage NAME or set SST_STAGE"), "{}", run.stderr);
}

#[test]
fn a_release_before_rust_functions_or_of_an_unknown_major_is_refused_in_one_line() {
    let p = bare_app();
    std::fs::create_dir_all(p.path(".sst/platform")).unwrap();
    p.write(".sst/platform/version", "3.9.12\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: .sst/platform: SST 3.9.12 builds no Rust functions (SST does from 3.9.38): upgrade the app's sst \
         package, then run `sst install`\n"
    );
    p.write(".sst/platform/version", "5.0.0\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: .sst/platform: SST 5.0.0 is not a release sst-resources import knows (it reads SST 3 and 4 apps, \
         3.9.38 through 4.17.1): use an sst-resources that knows SST 5\n"
    );
    p.write(".sst/platform/version", "latest\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(run.stderr, "error: .sst/platform: SST `latest` is no release (MAJOR.MINOR.PATCH)\n");

    // The app's own sst, before it installs anything.
    let p = bare_app();
    stand_in_sst(&p, "exit 3");
    p.write("node_modules/sst/package.json", "{ \"name\": \"sst\", \"version\": \"3.9.0\" }\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: node_modules/sst: SST 3.9.0 builds no Rust functions (SST does from 3.9.38): upgrade the app's sst \
         package, then run `sst install`\n"
    );
    assert!(!p.path("sst-install.log").exists(), "sst install was run");
}

#[test]
fn a_missing_platform_is_written_by_the_apps_own_sst_install() {
    // `sst install` writes a platform of a release that is not read: it was run as SST's docs say, then refused.
    let p = bare_app();
    stand_in_sst(&p, "mkdir -p .sst/platform && echo 5.1.0 > .sst/platform/version");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    let dir = p.dir().file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(
        std::fs::read_to_string(p.path("sst-install.log")).unwrap(),
        format!("install SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_STAGE=dev cwd={dir}\n")
    );
    assert_eq!(
        run.stderr,
        "note: .sst/platform is missing: running `sst install` (SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1: SST's \
         platform and its providers, from npm)\n\
         error: .sst/platform: SST 5.1.0 is not a release sst-resources import knows (it reads SST 3 and 4 apps, \
         3.9.38 through 4.17.1): use an sst-resources that knows SST 5\n"
    );

    // `sst install` fails (npm cannot be reached, say): what it said, and what to run.
    let p = bare_app();
    stand_in_sst(&p, "echo 'npm error network request failed' >&2; exit 1");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    let error = run.stderr.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(
        error,
        "  npm error network request failed\n\
         error: `sst install` did not write .sst/platform (exit status: 1): run `npm install`, then \
         `SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 npx sst install` in ."
    );
    assert!(!p.path("bindings.json").exists());

    // With SST's platform, the import goes on once `sst install` wrote it.
    let Some(platform) = platform() else { return };
    let p = copy(&platform, |c| c);
    std::fs::remove_file(p.path(".sst/platform")).unwrap();
    stand_in_sst(&p, &format!("ln -s '{}' .sst/platform", platform.display()));
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert!(run.stderr.starts_with("note: .sst/platform is missing: running `sst install`"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), EXAMPLE_MANIFEST);
}

#[test]
fn the_example_gives_each_function_its_links_byte_identical_on_every_run() {
    let Some(platform) = platform() else { return };
    let p = copy(&platform, |c| c);
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(run.stdout, format!("wrote bindings.json {SUMMARY}\n"));
    assert_eq!(run.stderr, SECRETS_NOTE);
    let first = std::fs::read(p.path("bindings.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&first), EXAMPLE_MANIFEST);

    // SST's personal stage, as SST keeps it.
    p.write(".sst/stage", "dev\n");
    p.run_without_aws(&["import"]).ok();
    assert_eq!(std::fs::read(p.path("bindings.json")).unwrap(), first, "a second import changed the bytes");

    let run = p.run_without_aws(&["import", "--stage", "dev", "--check"]);
    run.ok();
    assert_eq!(run.stdout, format!("bindings.json matches the app {SUMMARY}\n"));
    assert_eq!(run.stderr, SECRETS_NOTE);
}

/// What `v4-links.mjs` prints for the example: the report that `sst-resources-import` reads, kept as the
/// fixture its unit tests read, the same bytes on every run.
#[test]
fn the_programs_report_of_the_example_is_its_fixture() {
    let Some(platform) = platform() else { return };
    let p = copy(&platform, |c| c);
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/node/v4-links.mjs");
    let report = || {
        let out = std::process::Command::new("node")
            .arg(&program)
            .args([".", "dev"])
            .current_dir(p.dir())
            .env("SST_TELEMETRY_DISABLED", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = report();
    assert_eq!(first, include_str!("fixtures/sst-v4/links.json"));
    assert_eq!(report(), first, "a second run gave other bytes");
}

/// The example as committed: its own crate (in this workspace, its binaries found from their files) and its
/// manifest agree with its app.
#[test]
fn the_example_commits_the_manifest_its_app_imports() {
    let Some(_) = platform() else { return };
    // Run from elsewhere: `--check` writes nothing, in the example or beside it.
    let p = Project::empty("shop");
    let example = example().canonicalize().unwrap();
    let run = p.run_without_aws(&["import", "--stage", "dev", "--check", "--dir", example.to_str().unwrap()]);
    run.ok();
    assert_eq!(run.stdout, format!("{} matches the app {SUMMARY}\n", example.join("bindings.json").display()));
    assert_eq!(run.stderr, SECRETS_NOTE);
}

#[test]
fn a_link_removed_from_sst_config_is_drift_located_in_the_kept_manifest() {
    let Some(platform) = platform() else { return };
    let p = copy(&platform, |c| {
        replace_once(
            &c,
            "handler: \"functions/shop.worker\",\n      link: [bucket],",
            "handler: \"functions/shop.worker\",\n      link: [],",
        )
    });
    p.write("bindings.json", EXAMPLE_MANIFEST);
    let run = p.run_without_aws(&["import", "--stage", "dev", "--check"]);
    run.code(1);
    let line = line_of(EXAMPLE_MANIFEST, "\"bin\": \"worker\"") + 2;
    assert_eq!(
        run.stderr,
        format!(
            "{SECRETS_NOTE}bindings.json:{line}:9: function `Jobs/subscriber functions/shop.worker` no longer links \
             `MyBucket` in the app\n\
             error: bindings.json differs from the app (1 difference): run `sst-resources import` and commit the \
             result\n"
        )
    );
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), EXAMPLE_MANIFEST, "--check wrote");

    // A kept manifest of the v2 form is named as such.
    p.write("bindings.json", "{ \"app\": \"shop\", \"resources\": [], \"functions\": {} }");
    let run = p.run_without_aws(&["import", "--stage", "dev", "--check"]);
    run.code(1);
    assert!(
        run.stderr.ends_with(
            "error: bindings.json is of the SST v2 form (no `links`), and . is an SST v3 or v4 app: run \
             `sst-resources import` to write its links form, and commit it\n"
        ),
        "{}",
        run.stderr
    );
}

/// The import of an app with a link removed, compiled: the function's use of it fails the build with SST's
/// words, at the line that uses it. A crate of its own (the example's `shop`, its binaries chosen by package
/// and name as the example's are) in the copy, built offline with the project's lock file.
#[test]
fn a_link_removed_from_sst_config_fails_the_build_where_the_function_uses_it() {
    let Some(platform) = platform() else { return };
    let p = copy(&platform, |c| c);
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sst-resources").canonicalize().unwrap();
    let dependency =
        format!("\n[dependencies]\nsst-resources = {{ path = {:?}, default-features = false }}\n", runtime);
    p.write("functions/shop/Cargo.toml", &(crate_toml("shop", &["checkout", "worker"]) + &dependency));
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"), p.path("functions/shop/Cargo.lock"))
        .unwrap();
    std::fs::create_dir_all(p.path("functions/shop/src/bin")).unwrap();
    p.write("functions/shop/src/bin/checkout.rs", "fn main() {}\n");
    // As examples/sst-v4/functions/shop/src/bin/worker.rs names its manifest and reads MyBucket.
    p.write(
        "functions/shop/src/bin/worker.rs",
        "sst_resources::sst_resources!(\"../../bindings.json\");\n\nfn main() {\n    let _ = Resource::my_bucket();\n}\n",
    );
    // The target folder outlives the copy: the runtime and the macro are built once.
    let build = || {
        let out = std::process::Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--offline", "--bin", "worker"])
            .current_dir(p.path("functions/shop"))
            .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-links-shop"))
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };

    p.run_without_aws(&["import", "--stage", "dev"]).ok();
    let (ok, stderr) = build();
    assert!(ok, "the worker, linked to MyBucket, does not compile:\n{stderr}");

    let config = std::fs::read_to_string(p.path("sst.config.ts")).unwrap();
    let unlinked = replace_once(
        &config,
        "handler: \"functions/shop.worker\",\n      link: [bucket],",
        "handler: \"functions/shop.worker\",\n      link: [],",
    );
    p.write("sst.config.ts", &unlinked);
    p.run_without_aws(&["import", "--stage", "dev"]).ok();
    let (ok, stderr) = build();
    assert!(!ok, "the worker compiled without its link to MyBucket");
    assert!(
        stderr.contains(
            "error[E0277]: \"MyBucket\" is not linked in your sst.config.ts to Jobs/subscriber functions/shop.worker\n \
             --> src/bin/worker.rs:4:13\n"
        ),
        "{stderr}"
    );
}

#[test]
fn an_error_in_sst_config_is_located_and_nothing_is_written() {
    let Some(platform) = platform() else { return };
    let jobs = "    const jobs = new sst.aws.Queue(\"Jobs\");\n";
    let p = copy(&platform, |c| {
        replace_once(&c, jobs, &format!("{jobs}    if (jobs) throw new Error(\"no queue today\");\n"))
    });
    p.write("bindings.json", EXAMPLE_MANIFEST);
    let config = std::fs::read_to_string(p.path("sst.config.ts")).unwrap();
    let line = line_of(&config, "no queue today");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: sst.config.ts failed under the mocks: sst.config.ts:{line}:21: no queue today (stage dev); \
             nothing was imported\n"
        )
    );
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), EXAMPLE_MANIFEST);

    // Thrown in a callback, after run() returned.
    let p = copy(&platform, |c| {
        replace_once(
            &c,
            jobs,
            &format!("{jobs}    jobs.url.apply(() => {{\n      throw new Error(\"no url today\");\n    }});\n"),
        )
    });
    p.write("bindings.json", EXAMPLE_MANIFEST);
    let config = std::fs::read_to_string(p.path("sst.config.ts")).unwrap();
    let line = line_of(&config, "no url today");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "  an error in a callback: sst.config.ts:{line}:13: no url today\n\
             error: sst.config.ts could not be run whole under the mocks, so no function is reported (stage dev); \
             nothing was imported\n"
        )
    );
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), EXAMPLE_MANIFEST);
}

/// A platform of a release the import reads, which lacks what the import needs (`sst install` stopped
/// half-way, say): refused, each thing it lacks named. The import checks the platform itself, whatever its
/// release says. (Node runs it: the platform's install is what says Node is there.)
#[test]
fn a_platform_that_lacks_what_the_import_needs_is_refused_naming_each_thing() {
    let Some(_) = platform() else { return };
    let p = bare_app();
    std::fs::create_dir_all(p.path(".sst/platform")).unwrap();
    p.write(".sst/platform/version", "3.9.39\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    let platform = p.dir().canonicalize().unwrap().join(".sst/platform");
    assert_eq!(
        run.stderr,
        format!(
            "  .sst/platform/src/components/index.ts (the `sst` namespace (`export * as aws from ...`))\n  \
             .sst/platform/src/components/component.ts (`export function $transform`)\n  \
             .sst/platform/src/components/link.ts (the `sst:sst:LinkRef` resource of a linkable)\n  \
             .sst/platform/src/components/aws/function.ts (the `Runtime.Build` RPC with `functionID` and `links`)\n  \
             .sst/platform/src/shim/run.js (the globals `sst.config.ts` runs with ($transform, ...))\n  \
             .sst/platform/src/auto/run.ts (`export function run`)\n  \
             .sst/platform/src/components/aws/\n  \
             .sst/provider-lock.json (the providers `sst install` installed)\n  \
             esbuild in .sst/platform/node_modules\n  \
             @pulumi/pulumi in .sst/platform/node_modules\n\
             error: the app's SST platform (3.9.39, {}) lacks what the import needs; was `sst install` run to the \
             end? (stage dev); nothing was imported\n",
            platform.display()
        )
    );
    assert_eq!(run.stdout, "");
    assert!(!p.path("bindings.json").exists());
}

#[test]
fn a_missing_or_stale_types_file_is_noted_and_the_links_written_anyway() {
    let Some(platform) = platform() else { return };
    let p = copy(&platform, |c| c);
    std::fs::remove_file(p.path("sst-env.d.ts")).unwrap();
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "{SECRETS_NOTE}note: sst-env.d.ts is missing: run `sst dev` or `sst deploy` in the app (SST writes it); \
             the links are imported anyway\n"
        )
    );
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), EXAMPLE_MANIFEST);

    let types = std::fs::read_to_string(example().join("sst-env.d.ts")).unwrap();
    p.write("sst-env.d.ts", &types.replace("\"Stripe\": {", "\"Stripes\": {"));
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "{SECRETS_NOTE}note: sst-env.d.ts does not declare `Stripe`, which `Api/POST /checkout`, `Checkout` link: \
             run `sst dev` or `sst deploy` in the app (SST writes it); the links are imported anyway\n"
        )
    );

    // Written elsewhere, the manifest names the app's types file from its own folder.
    std::fs::create_dir_all(p.path("functions/shop")).unwrap();
    p.run_without_aws(&["import", "--stage", "dev", "--out", "functions/shop/bindings.json"]).ok();
    let written = std::fs::read_to_string(p.path("functions/shop/bindings.json")).unwrap();
    assert_eq!(written, EXAMPLE_MANIFEST.replace("\"sst-env.d.ts\"", "\"../../sst-env.d.ts\""));
}

#[test]
fn rust_crates_are_found_as_sst_finds_them() {
    let Some(platform) = platform() else { return };
    let functions = "    // Linked to everything but the queue.\n";
    let more = "    new sst.aws.Function(\"Up\", { runtime: \"rust\", handler: \"crates/up/src.main\", link: [jobs] });\n    \
                new sst.aws.Function(\"Root\", { runtime: \"rust\", handler: \"anything\", link: [] });\n    \
                new sst.aws.Function(\"Node\", { handler: \"src/node.handler\", link: [bucket] });\n";
    let p = copy(&platform, |c| replace_once(&c, functions, &format!("{more}{functions}")));
    // `Up`: the Cargo.toml above its folder; `Root`: no `.`, so the app's root's, and the package's name.
    std::fs::create_dir_all(p.path("crates/up/src")).unwrap();
    p.write("crates/up/Cargo.toml", &crate_toml("up-crate", &["main"]));
    // Kept by name, without its crate, and the rest of the app imports.
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "{SECRETS_NOTE}note: function `Root` is imported without its crate (the macro cannot choose it by \
             package; name it with `function = \"Root\"`): its handler `anything` has no `.`, so SST builds the \
             crate of the app's root, and . has no Cargo.toml: write the handler `path/to/crate.binary`\n"
        )
    );
    let manifest = std::fs::read_to_string(p.path("bindings.json")).unwrap();
    assert!(manifest.contains("    \"Root\": {\n      \"link\": []\n    }"), "{manifest}");

    p.write("Cargo.toml", &crate_toml("root-crate", &["root-crate"]));
    // SST looks for `cargo.toml` first, all the way up, then `Cargo.toml`: here `crates/cargo.toml`, which
    // cargo does not read (on a disk that tells case).
    p.write("crates/cargo.toml", "[package]\nname = \"lower-case\"\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert!(run.stderr.contains("`Up` is imported without its crate"), "{}", run.stderr);
    assert!(run.stderr.contains("crates/cargo.toml, which cargo does not read"), "{}", run.stderr);
    std::fs::remove_file(p.path("crates/cargo.toml")).unwrap();
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    let manifest = std::fs::read_to_string(p.path("bindings.json")).unwrap();
    let function = |name: &str| entry(&manifest, name);
    assert_eq!(function("Up"), "\"package\": \"up-crate\", \"bin\": \"main\", \"link\": [ \"Jobs\" ]");
    assert_eq!(function("Root"), "\"package\": \"root-crate\", \"bin\": \"root-crate\", \"link\": []");
    assert_eq!(function("Node"), "\"link\": [ \"MyBucket\" ]");
}

/// The shapes of Rust functions public apps declare: a crate at the app's root with several binaries
/// (`./.push`), a prebuilt bundle of cargo lambda (`provided.al2023`, `bundle: "target/lambda/<bin>"`), and
/// SST's own example `aws-rust-api` (`handler: "./"`, which SST cannot build), kept by name with the
/// handler to write.
#[test]
fn every_shape_of_rust_function_gets_its_package_and_bin() {
    let Some(platform) = platform() else { return };
    let functions = "    // Linked to everything but the queue.\n";
    let more = "    new sst.aws.Function(\"Push\", { runtime: \"rust\", handler: \"./.push\", link: [jobs] });\n    \
                new sst.aws.Function(\"Prebuilt\", { runtime: \"provided.al2023\", handler: \"bootstrap\", \
                bundle: \"backend/target/lambda/api\", link: [bucket] });\n    \
                new sst.aws.Function(\"Folder\", { runtime: \"rust\", handler: \"./\", link: [] });\n";
    let p = copy(&platform, |c| replace_once(&c, functions, &format!("{more}{functions}")));
    p.write("Cargo.toml", &crate_toml("aws-rust-lambda", &["aws-rust-lambda"]));
    std::fs::create_dir_all(p.path("backend/api")).unwrap();
    p.write("backend/Cargo.toml", "[workspace]\nmembers = [\"api\"]\n");
    p.write("backend/api/Cargo.toml", &crate_toml("backend-api", &["api"]).replace("[workspace]\n", ""));
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "{SECRETS_NOTE}note: function `Folder` is imported without its crate (the macro cannot choose it by \
             package; name it with `function = \"Folder\"`): SST reads the Rust handler `./` as the crate's folder \
             `` and the binary `/` (it splits at the last `.`, since 3.13.17), and cannot build it: write the \
             handler \"./.aws-rust-lambda\" (the crate's only binary)\n\
             note: function `Push` is imported without its crate (the macro cannot choose it by package; name it \
             with `function = \"Push\"`): the crate `aws-rust-lambda` (Cargo.toml) has no binary `push`, which \
             SST builds for it: write the handler \"./.aws-rust-lambda\" (the crate's only binary)\n"
        )
    );
    p.write("Cargo.toml", &crate_toml("aws-rust-lambda", &["aws-rust-lambda", "push"]));
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert!(run.stderr.contains("write the handler as one of \"./.aws-rust-lambda\", \"./.push\""), "{}", run.stderr);
    let manifest = std::fs::read_to_string(p.path("bindings.json")).unwrap();
    let function = |name: &str| entry(&manifest, name);
    assert_eq!(function("Push"), "\"package\": \"aws-rust-lambda\", \"bin\": \"push\", \"link\": [ \"Jobs\" ]");
    assert_eq!(function("Prebuilt"), "\"package\": \"backend-api\", \"bin\": \"api\", \"link\": [ \"MyBucket\" ]");
    assert_eq!(function("Folder"), "\"link\": []");
}

/// The example app imported under each release of `sst-resources-cli/tests/sst-releases/` (`scripts/sst-releases`
/// prepares it under the older ones): the same manifest wherever the releases' rules agree, and each
/// release's rule where they differ: before 3.11.6 SST looks for a lowercase `cargo.toml` only, so on this
/// disk it finds no crate for the example's functions, which are kept by name, with the reason.
#[test]
fn the_example_imports_under_every_release_as_that_release_builds_it() {
    let Some(example_platform) = platform() else { return };
    if !needs::met(&[needs::Need::SstReleases], env!("CARGO_PKG_NAME"), file!()) {
        return;
    }
    let releases = needs::sst_releases();
    assert!(releases.len() >= 5 && releases.contains(&"3.9.39".to_owned()), "{releases:?}");
    for release in releases {
        let platform = match release.as_str() {
            "4.17.1" => example_platform.clone(),
            _ => needs::sst_releases_dir().join(&release).join("app/.sst/platform").canonicalize().unwrap(),
        };
        // What SST's Go binary decides, at each side of its boundary: a top-level import in sst.config.ts is
        // bundled before 3.11.0 and refused after; `providers: { aws: true }` is `{}` up to 4.5.2 and
        // refused after. (The import is used: esbuild drops an unused one before it resolves, in SST too.)
        let imported = copy(&platform, |c| format!("import * as os from \"node:os\";\nvoid os.EOL;\n{c}"));
        let run = imported.run_without_aws(&["import", "--stage", "dev"]);
        if release == "3.9.39" {
            run.ok();
        } else {
            run.code(1);
            assert!(run.stderr.contains("imports \"node:os\" at the top level"), "SST {release}: {}", run.stderr);
        }
        let aws_true = copy(&platform, |c| {
            replace_once(&c, "providers: { aws: { region: \"us-east-1\" } },", "providers: { aws: true },")
        });
        let run = aws_true.run_without_aws(&["import", "--stage", "dev"]);
        if ["3.9.39", "3.19.3", "4.0.6"].contains(&release.as_str()) {
            run.ok();
        } else {
            run.code(1);
            assert!(run.stderr.contains("`providers: { aws: true }` is refused"), "SST {release}: {}", run.stderr);
        }

        let p = copy(&platform, |config| config);
        let run = p.run_without_aws(&["import", "--stage", "dev"]);
        run.ok();
        let written = std::fs::read_to_string(p.path("bindings.json")).unwrap();
        // The release is recorded: the accessors read links as it does.
        let expected = EXAMPLE_MANIFEST.replace("\"sst\": \"4.17.1\"", &format!("\"sst\": \"{release}\""));
        assert!(expected.contains(&format!("\"sst\": \"{release}\"")), "{expected}");
        if release != "3.9.39" {
            assert_eq!(written, expected, "SST {release}");
            assert_eq!(run.stderr, SECRETS_NOTE, "SST {release}");
            continue;
        }
        let without_crates: String = expected
            .lines()
            .filter(|l| !l.contains("\"package\"") && !l.contains("\"bin\""))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(written, without_crates);
        assert!(
            run.stdout.contains("3 functions of which 3 in Rust (3 of them without a crate: see the notes)"),
            "{}",
            run.stdout
        );
        let note = |name: &str, handler: &str| {
            format!(
                "note: function `{name}` is imported without its crate (the macro cannot choose it by package; name \
                 it with `function = \"{name}\"`): SST 3.9.39 looks for a lowercase `cargo.toml` only (before \
                 3.11.6), from {handler} up to the app's root, and finds none (a `Cargo.toml` is found from 3.11.6): \
                 upgrade the app's sst package\n"
            )
        };
        assert_eq!(
            run.stderr,
            format!(
                "{SECRETS_NOTE}{}{}{}",
                note("Api/POST /checkout", "functions/shop.checkout"),
                note("Checkout", "functions/shop.checkout"),
                note("Jobs/subscriber functions/shop.worker", "functions/shop.worker")
            )
        );
    }
}

/// Containers of a Service and a Task: listed by name with the links their task definitions give them, with
/// their crate where their build context is one (the binary its Dockerfile builds), and nothing written in
/// the app (SST's build would add `.sst` to the context's `.dockerignore`).
#[test]
fn containers_are_listed_with_their_links_and_crate() {
    let Some(platform) = platform() else { return };
    let functions = "    // Linked to everything but the queue.\n";
    let more = "    const vpc = new sst.aws.Vpc(\"Vpc\");\n    \
                const cluster = new sst.aws.Cluster(\"Cluster\", { vpc });\n    \
                new sst.aws.Service(\"Web\", { cluster, link: [bucket, stripe], image: { context: \"services/web\", \
                dockerfile: \"Prod.Dockerfile\" } });\n    \
                new sst.aws.Task(\"Job\", { cluster, link: [jobs], image: { context: \"services/job\" } });\n";
    let p = copy(&platform, |c| replace_once(&c, functions, &format!("{more}{functions}")));
    std::fs::create_dir_all(p.path("services/web")).unwrap();
    std::fs::create_dir_all(p.path("services/job")).unwrap();
    p.write("services/web/Cargo.toml", &crate_toml("web", &["web", "admin"]));
    p.write("services/web/Prod.Dockerfile", "FROM rust\nRUN cargo build --release --bin web\n");
    p.write("services/job/Dockerfile", "FROM node\n");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(
        run.stderr,
        format!(
            "note: SST's build writes services/job/.dockerignore (it adds `.sst` to it); the import did not\n\
             note: SST's build writes services/web/.dockerignore (it adds `.sst` to it); the import did not\n\
             {SECRETS_NOTE}"
        )
    );
    assert!(!p.path("services/web/.dockerignore").exists() && !p.path("services/job/.dockerignore").exists());
    let manifest = std::fs::read_to_string(p.path("bindings.json")).unwrap();
    let function = |name: &str| entry(&manifest, name);
    assert_eq!(function("Web"), "\"package\": \"web\", \"bin\": \"web\", \"link\": [ \"MyBucket\", \"Stripe\" ]");
    assert_eq!(function("Job"), "\"link\": [ \"Jobs\" ]");
    assert!(run.stdout.contains("5 functions of which 4 in Rust"), "{}", run.stdout);
}

/// The example app `examples/sst-v4-shapes`: a crate at the app's root with two binaries, one named by its
/// handler (`./.push`), the other deployed as a prebuilt bundle of cargo lambda (`target/lambda/notify`),
/// imported as its committed `bindings.json`, from which its binaries compile.
#[test]
fn the_shapes_example_imports_as_it_commits() {
    let Some(platform) = platform() else { return };
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sst-v4-shapes");
    let p = Project::empty("shapes");
    for file in ["sst.config.ts", "package.json", "sst-env.d.ts"] {
        std::fs::copy(shapes.join(file), p.path(file)).unwrap();
    }
    std::fs::create_dir_all(p.path(".sst")).unwrap();
    std::fs::copy(platform.with_file_name("provider-lock.json"), p.path(".sst/provider-lock.json")).unwrap();
    std::os::unix::fs::symlink(&platform, p.path(".sst/platform")).unwrap();
    p.write("Cargo.toml", &crate_toml("shapes", &["push", "notify"]));
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.ok();
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "wrote bindings.json (app \"shapes\", stage dev: 2 functions of which 2 in Rust)\n");
    let committed = std::fs::read_to_string(shapes.join("bindings.json")).unwrap();
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), committed);
}
