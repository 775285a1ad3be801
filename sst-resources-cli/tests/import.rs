//! `sst-resources import` as a user meets it without Node or AWS: what it says where the app is not an SST
//! v2 app, is not installed, or has no stage, and what it reads from a real `sst build` output
//! (`tests/fixtures/sst-dist`, written by SST 2.49.6 for `examples/sst-app`). The run against the app's
//! stacks with SST itself is `scripts/sst-app`.

mod common;

use std::path::Path;

use common::Project;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

/// The manifest the example app commits.
fn example_manifest() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sst-app/bindings.json");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn outside_an_sst_app_it_says_where_to_run() {
    let p = Project::empty("x");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: no sst.config.ts (nor .mts, .cts, .cjs, .mjs, .js) in .: run `sst-resources import` in the SST \
         app's root, or pass --dir DIR (or --from .sst/dist for the output of `sst build`)\n"
    );
}

#[test]
fn an_app_without_its_packages_or_with_another_sst_is_refused() {
    let p = Project::empty("x");
    p.write("sst.config.ts", "export default {}");
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: node_modules/sst is missing: install the app's packages first (`npm install` in .)\n"
    );
    std::fs::create_dir_all(p.path("node_modules/sst")).unwrap();
    p.write("node_modules/sst/package.json", r#"{ "name": "sst", "version": "3.2.1" }"#);
    let run = p.run_without_aws(&["import", "--stage", "dev"]);
    run.code(1);
    assert_eq!(run.stderr, "error: node_modules/sst is sst 3.2.1; sst-resources import reads SST v2 apps (sst 2.x)\n");
}

#[test]
fn the_stage_is_never_guessed() {
    let p = Project::empty("x");
    p.write("sst.config.ts", "export default {}");
    std::fs::create_dir_all(p.path("node_modules/sst")).unwrap();
    p.write("node_modules/sst/package.json", r#"{ "name": "sst", "version": "2.49.6" }"#);
    let run = p.run_without_aws(&["import"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: no stage: pass --stage NAME or set SST_STAGE (the stacks may bind differently per stage); \
         .sst/stage holds none\n"
    );
}

#[test]
fn a_missing_node_is_named() {
    let p = Project::empty("x");
    p.write("sst.config.ts", "export default {}");
    std::fs::create_dir_all(p.path("node_modules/sst")).unwrap();
    p.write("node_modules/sst/package.json", r#"{ "name": "sst", "version": "2.49.6" }"#);
    let run = p.run_without_aws(&["import", "--stage", "dev", "--node", "/nonexistent/node"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: cannot run /nonexistent/node: No such file or directory"), "{}", run.stderr);
    assert!(!p.path("bindings.json").exists(), "nothing is written when the import fails");
}

#[test]
fn a_missing_or_half_written_build_output_is_named() {
    let p = Project::empty("x");
    let run = p.run_without_aws(&["import", "--from", ".sst/dist"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: cannot read .sst/dist: "), "{}", run.stderr);
    assert!(run.stderr.ends_with("; run `npx sst build` first, or import without --from\n"), "{}", run.stderr);

    std::fs::create_dir_all(p.path("dist")).unwrap();
    p.write("dist/dev-app-Api.template.json", "{ \"Resources\": {");
    let run = p.run_without_aws(&["import", "--from", "dist"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: dist/dev-app-Api.template.json:1:"), "{}", run.stderr);
    assert!(!p.path("bindings.json").exists());
}

#[test]
fn the_build_output_of_the_example_gives_its_manifest() {
    let p = Project::empty("sst-app");
    // The Rust functions' crates, where the handlers say (the Cargo.toml above each handler), as cargo reads
    // them: each handler a binary of its crate.
    for (dir, package, bins) in [
        ("functions/app", "sst-app-functions", &["api", "worker"][..]),
        ("functions/billing", "sst-app-billing", &["charge"]),
        ("functions/fleet", "sst-app-fleet", &["consume", "nightly"]),
    ] {
        std::fs::create_dir_all(p.path(&format!("{dir}/src/bin"))).unwrap();
        p.write(&format!("{dir}/Cargo.toml"), &format!("[package]\nname = \"{package}\"\n"));
        for bin in bins {
            p.write(&format!("{dir}/src/bin/{bin}.rs"), "fn main() {}");
        }
    }
    let run = p.run_without_aws(&["import", "--from", &fixture("sst-dist")]);
    run.ok();
    assert_eq!(run.stdout, "wrote bindings.json (app \"sst-app\": 10 resources, 8 functions of which 6 in Rust)\n");
    assert_eq!(std::fs::read_to_string(p.path("bindings.json")).unwrap(), example_manifest());

    // Drift: the kept manifest binds `api` to a table the app no longer gives it, and misses a binding.
    // (`api` is the first function; two others have its bindings too.)
    let kept = example_manifest().replacen(
        "\"Bucket.my-uploads\",\n        \"Secret.STRIPE_KEY\",\n        \"Table.notes\"",
        "\"Bucket.my-uploads\",\n        \"Queue.jobs\",\n        \"Table.notes\"",
        1,
    );
    assert_ne!(kept, example_manifest());
    p.write("bindings.json", &kept);
    let run = p.run_without_aws(&["import", "--from", &fixture("sst-dist"), "--check"]);
    run.code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let bind_line = kept.lines().position(|l| l.contains("\"api\": {")).unwrap() + 1;
    let queue_line = kept.lines().position(|l| l.contains("\"Queue.jobs\",")).unwrap() + 1;
    assert_eq!(
        lines,
        [
            format!("bindings.json:{bind_line}:5: function `api` is bound to `Secret.STRIPE_KEY` in the app"),
            format!("bindings.json:{queue_line}:9: function `api` is no longer bound to `Queue.jobs` in the app"),
            "error: bindings.json differs from the app (2 differences): run `sst-resources import` and commit the result"
                .to_owned(),
        ]
    );
    p.write("bindings.json", &example_manifest());
    let run = p.run_without_aws(&["import", "--from", &fixture("sst-dist"), "--check"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "bindings.json matches the app (app \"sst-app\": 10 resources, 8 functions of which 6 in Rust)\n"
    );
}

#[test]
fn a_service_is_imported_with_its_containers_bindings_and_the_binary_its_dockerfile_builds() {
    let p = Project::empty("svc");
    std::fs::create_dir_all(p.path("services/web/src/bin")).unwrap();
    p.write("services/web/Cargo.toml", "[package]\nname = \"web-server\"\n");
    p.write("services/web/src/bin/server.rs", "fn main() {}");
    p.write("services/web/src/bin/migrate.rs", "fn main() {}");
    p.write("services/web/Dockerfile", "FROM rust:1.95 AS build\nRUN cargo build --release --bin server\n");
    let run = p.run_without_aws(&["import", "--from", &fixture("sst-service")]);
    run.ok();
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "wrote bindings.json (app \"svc\": 3 resources, 1 function of which 1 in Rust)\n");
    let written = std::fs::read_to_string(p.path("bindings.json")).unwrap();
    assert!(
        written.contains(
            "\"web\": {\n      \"package\": \"web-server\",\n      \"bin\": \"server\",\n      \"bind\": [\n        \
             \"Secret.KEY\",\n        \"Table.notes\"\n      ]\n    }"
        ),
        "{written}"
    );
    let again = p.run_without_aws(&["import", "--from", &fixture("sst-service"), "--check"]);
    again.ok();

    // A Dockerfile that builds two binaries: the Service is still imported, without a package, and said so.
    p.write("services/web/Dockerfile", "RUN cargo build --bin server && cargo build --bin migrate\n");
    let run = p.run_without_aws(&["import", "--from", &fixture("sst-service")]);
    run.ok();
    assert_eq!(
        run.stderr,
        "note: function `web` runs in a container: services/web/Dockerfile builds several binaries: `server`, \
         `migrate`, so its package and bin are left unset (its code names it with `function = \"web\"`)\n"
    );
    assert_eq!(run.stdout, "wrote bindings.json (app \"svc\": 3 resources, 1 function of which 0 in Rust)\n");
    let written = std::fs::read_to_string(p.path("bindings.json")).unwrap();
    assert!(written.contains("\"web\": {\n      \"bind\": [\n"), "{written}");
}
