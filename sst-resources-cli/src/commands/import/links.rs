//! `import` in an SST v3 or v4 app (its `sst.config.ts` calls `$config`): each function's links as the
//! app's own SST platform computes them (`v4-links.mjs` runs `.sst/platform` under Pulumi's mocks, no AWS),
//! written as the links form of `bindings.json`, or compared with the kept one (`--check`).

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use sst_binding_protocol::manifest::{self, LinksManifest};
use sst_binding_protocol::sst_env;
use sst_resources_import::manifest::{ToJson, drift_links};
use sst_resources_import::sst_app::release::{self, GoRules, Release, RustHandlerRule};
use sst_resources_import::sst_app::{self, CrateNotFound, Fix, LinkedApp, LinkedFunction, RustShape, RustTarget};

use super::cargo::{Workspaces, binaries};
use super::{NodeProgram, drift_result, folder_of, kept_has_problems, shown, stage, stderr_tail, write};
use crate::args::{Common, ImportArgs};
use crate::context;
use crate::error::{Error, count};

/// The Node program that prints each function's links (`sst_app::read_links_report` reads it).
const LINKS_PROGRAM: NodeProgram = NodeProgram { name: "v4-links.mjs", text: include_str!("../../node/v4-links.mjs") };

/// SST v3 and v4 read this config file only.
const CONFIG: &str = "sst.config.ts";
/// The types file SST writes at the app's root (`sst dev`, `sst deploy`).
const TYPES_FILE: &str = "sst-env.d.ts";
/// Where `sst install`, `sst dev` and `sst deploy` write the platform, in the app's root.
const PLATFORM: &str = ".sst/platform";
/// What a line of the program's failure starts with.
const PROGRAM_PREFIX: &str = "v4-links: ";
/// What SST calls to run `run()`; an SST v2 config has no such call.
const CONFIG_CALL: &str = "$config(";

/// Whether `dir` holds an SST v3 or v4 app: its `sst.config.ts` calls `$config(`.
pub fn is_links_app(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(CONFIG)).is_ok_and(|text| text.contains(CONFIG_CALL))
}

pub fn run(common: &Common, args: &ImportArgs, out: &Path) -> Result<u8, Error> {
    let dir = &args.dir;
    if let Some(from) = &args.from {
        return Err(Error::new(format!(
            "--from {} reads the output of SST v2's `sst build`; {} is an SST v3 or v4 app (its {CONFIG} calls \
             `$config`): import it without --from",
            shown(from),
            shown(dir)
        )));
    }
    let stage = stage(common, dir)?;
    let release = platform(dir, &stage)?;
    let app = read_links(args, &stage, GoRules::of(release))?;
    let file = shown(out);
    let types = types_link(dir, out)?;
    let mut workspaces = Workspaces::default();
    let (manifest, notes) =
        app.to_manifest(&file, &types, |f, shape| rust_target(dir, &app, f, shape, &mut workspaces)).map_err(
            |problems| Error::located(problems.iter().map(ToString::to_string).collect(), "nothing was imported"),
        )?;
    for note in app.notes.iter().chain(&notes) {
        eprintln!("note: {note}");
    }
    for note in types_notes(&dir.join(TYPES_FILE), &manifest) {
        eprintln!("note: {note}");
    }
    // The Rust functions: those with their crate, and those kept without it (each in a note).
    let found = manifest.functions.iter().filter(|f| f.head.package.is_some()).count();
    let rust = found + notes.len();
    let without = match notes.len() {
        0 => String::new(),
        n => format!(" ({n} of them without a crate: see the notes)"),
    };
    let summary = format!(
        "app \"{}\", stage {}: {} of which {rust} in Rust{without}",
        app.app,
        app.stage,
        count(manifest.functions.len(), "function")
    );
    if args.check {
        let text = context::read_text(out, "the kept manifest")?;
        if !manifest::is_links_form(&text) {
            return Err(Error::new(format!(
                "{file} is of the SST v2 form (no `links`), and {} is an SST v3 or v4 app: run `sst-resources import` \
                 to write its links form, and commit it",
                shown(dir)
            )));
        }
        let kept = manifest::parse_links(&text, &file).map_err(|e| kept_has_problems(&file, &e.diagnostics))?;
        drift_result(&file, &drift_links(&kept, &manifest), &summary)
    } else {
        write(out, &manifest.to_json(), &summary)
    }
}

/// The release of the app's SST platform, one the import reads (what it needs of the platform itself,
/// `v4-links.mjs` checks); where it is missing, written by the app's own `sst install` (npm only: nothing
/// from GitHub).
fn platform(dir: &Path, stage: &str) -> Result<Release, Error> {
    let version_file = dir.join(PLATFORM).join("version");
    if !version_file.is_file() {
        install_platform(dir, stage)?;
    }
    let version = context::read_text(&version_file, "the version of SST's platform")?;
    supported(version.trim(), &dir.join(PLATFORM))
}

/// `version`, read at `from`, where the import reads that release.
fn supported(version: &str, from: &Path) -> Result<Release, Error> {
    let (release, _) = release::support(version).map_err(|e| Error::new(format!("{}: {e}", shown(from))))?;
    Ok(release)
}

/// Runs the app's `sst install` (`SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1`: the platform and its providers
/// from npm, nothing from GitHub), or says what to run where the app's packages are not installed.
fn install_platform(dir: &Path, stage: &str) -> Result<(), Error> {
    let by_hand =
        format!("run `npm install`, then `SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 npx sst install` in {}", shown(dir));
    // Where Node finds packages: the app's node_modules, else one above it (a monorepo's).
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let folders = std::iter::once(dir).chain(real.ancestors().skip(1));
    let Some(modules) = folders.map(|d| d.join("node_modules")).find(|m| m.join(".bin/sst").is_file()) else {
        return Err(Error::new(format!(
            "{} is missing (`sst install`, `sst dev` and `sst deploy` write it) and there is no node_modules/.bin/sst \
             to write it with: {by_hand}",
            shown(&dir.join(PLATFORM))
        )));
    };
    let package = modules.join("sst").join("package.json");
    let version = std::fs::read_to_string(&package).ok().and_then(|text| {
        let package: serde_json::Value = serde_json::from_str(&text).ok()?;
        package.get("version")?.as_str().map(str::to_owned)
    });
    if let Some(version) = version {
        supported(&version, &modules.join("sst"))?;
    }
    eprintln!(
        "note: {} is missing: running `sst install` (SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1: SST's platform and \
         its providers, from npm)",
        shown(&dir.join(PLATFORM))
    );
    let sst = modules.join(".bin/sst");
    let output = Command::new(&sst)
        .arg("install")
        .current_dir(dir)
        .env("SST_SKIP_DEPENDENCY_CHECK", "1")
        .env("SST_NO_BUN", "1")
        .env("SST_TELEMETRY_DISABLED", "1")
        .env("SST_STAGE", stage)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::new(format!("cannot run {}: {e}; {by_hand}", sst.display())))?;
    if !output.status.success() || !dir.join(PLATFORM).join("version").is_file() {
        let mut lines = stderr_tail(&output.stdout);
        lines.extend(stderr_tail(&output.stderr));
        return Err(Error::located(
            lines,
            format!("`sst install` did not write {} ({}): {by_hand}", shown(&dir.join(PLATFORM)), output.status),
        ));
    }
    Ok(())
}

/// Each function's links, from the app's own platform under Pulumi's mocks, run with what the release of
/// SST's Go binary decides (`rules`: the platform cannot show it).
fn read_links(args: &ImportArgs, stage: &str, rules: GoRules) -> Result<LinkedApp, Error> {
    let work = super::temporary_folder()?;
    let flag = |on: bool| if on { "1" } else { "0" };
    let program_args = [".", stage, flag(rules.top_level_imports), flag(rules.provider_true_is_empty)];
    let program_args: Vec<&std::ffi::OsStr> = program_args.iter().map(|a| a.as_ref()).collect();
    let output = LINKS_PROGRAM.run(&args.node, work.path(), &args.dir, &program_args, Stdio::piped())?;
    if !output.status.success() {
        return Err(program_failure(&output.stderr, &args.dir, stage, output.status));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    sst_app::read_links_report(&text, "the report of the app's links").map_err(|e| Error::new(e.to_string()))
}

/// The program's failure in its own words (`v4-links: what`, then its details, each with its place in
/// sst.config.ts); else what Node said last.
fn program_failure(stderr: &[u8], dir: &Path, stage: &str, status: std::process::ExitStatus) -> Error {
    let text = String::from_utf8_lossy(stderr);
    let mut lines = text.lines().skip_while(|l| !l.starts_with(PROGRAM_PREFIX));
    match lines.next().and_then(|l| l.strip_prefix(PROGRAM_PREFIX)) {
        Some(message) => Error::located(
            lines.take_while(|l| l.starts_with("  ")).map(str::to_owned).collect(),
            format!("{message} ({}); nothing was imported", the_run(dir, stage)),
        ),
        None => Error::located(
            stderr_tail(stderr),
            format!(
                "running the app's {CONFIG} under SST's platform failed ({}): {status}; nothing was imported",
                the_run(dir, stage)
            ),
        ),
    }
}

/// Which run failed: `stage dev`, `the app in ../shop, stage dev`.
fn the_run(dir: &Path, stage: &str) -> String {
    match shown(dir).as_str() {
        "." => format!("stage {stage}"),
        dir => format!("the app in {dir}, stage {stage}"),
    }
}

/// The types file as the manifest at `out` names it: the app's `sst-env.d.ts`, relative to the manifest's
/// folder.
fn types_link(dir: &Path, out: &Path) -> Result<String, Error> {
    let real = |path: &Path| {
        std::fs::canonicalize(path).map_err(|e| Error::new(format!("cannot find the folder {}: {e}", shown(path))))
    };
    let (from, to) = (real(folder_of(out))?, real(dir)?);
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = from.components().skip(common).map(|_| "..".to_owned()).collect();
    parts.extend(to.components().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.push(TYPES_FILE.to_owned());
    Ok(parts.join("/"))
}

/// What to run where the types file is missing or lacks a link a function has: the links are imported
/// anyway (the macro reads their types from it).
fn types_notes(types_path: &Path, manifest: &LinksManifest) -> Vec<String> {
    let file = shown(types_path);
    let write_it = "run `sst dev` or `sst deploy` in the app (SST writes it); the links are imported anyway";
    let text = match std::fs::read_to_string(types_path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => return vec![format!("{file} is missing: {write_it}")],
        Err(e) => return vec![format!("cannot read {file}: {e}; {write_it}")],
    };
    let types = match sst_env::parse(&text, &file) {
        Ok(types) => types,
        Err(e) => {
            let problems = count(e.diagnostics.len(), "problem");
            return vec![format!("{file} has {problems} (`sst-resources check` lists them): {write_it}")];
        }
    };
    let declared: Vec<&str> = types.links.iter().map(|l| l.name.as_str()).collect();
    let mut lacking: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for function in &manifest.functions {
        for link in function.link.iter().filter(|l| !declared.contains(&l.name.as_str())) {
            lacking.entry(&link.name).or_default().push(&function.head.name);
        }
    }
    lacking
        .into_iter()
        .map(|(link, functions)| {
            let verb = if functions.len() == 1 { "links" } else { "link" };
            let functions: Vec<String> = functions.iter().map(|f| format!("`{f}`")).collect();
            format!("{file} does not declare `{link}`, which {} {verb}: {write_it}", functions.join(", "))
        })
        .collect()
}

/// The package and binary of a Rust function of `app` (`shape`, read by its release's rule), as SST finds
/// them: the `Cargo.toml` (of SST's names) found from the handler's folder up to the app's root, its package
/// and the binary named, else the package's; a prebuilt bundle's, the package with that binary in the cargo
/// workspace whose `target/` holds it; a container's, the crate of its build context and the binary its
/// Dockerfile builds (none where the context holds no crate: a container need not be Rust). An error says
/// why not and what to write.
fn rust_target(
    root: &Path,
    app: &LinkedApp,
    function: &LinkedFunction,
    shape: RustShape<'_>,
    workspaces: &mut Workspaces,
) -> Result<Option<RustTarget>, CrateNotFound> {
    match shape {
        RustShape::Container { folder, dockerfile } => {
            let has_crate = root.join(cleaned(folder)).join("Cargo.toml").is_file();
            has_crate.then(|| super::container::image_target(root, folder, dockerfile, workspaces)).transpose()
        }
        RustShape::Handler { dir, bin, manifests } => {
            let found = manifests
                .iter()
                .find_map(|name| cleaned(dir).ancestors().map(|d| root.join(d).join(name)).find(|p| p.is_file()));
            let cargo_toml = found.ok_or_else(|| {
                let dir_shown = shown(&root.join(dir));
                match (manifests, bin) {
                    (["cargo.toml"], _) => CrateNotFound::LowercaseOnly { release: app.release, dir: dir_shown },
                    (_, Some(_)) => CrateNotFound::NoCargoTomlFrom { dir: dir_shown },
                    (_, None) if dir.is_empty() => CrateNotFound::RootHasNoCargoToml {
                        handler: function.handler.clone().unwrap_or_default(),
                        root: shown(root),
                    },
                    (_, None) => CrateNotFound::NoCargoTomlForFolder { dir: dir_shown, release: app.release },
                }
            })?;
            // A `cargo.toml` SST finds is cargo's `Cargo.toml` on a disk that ignores case; else cargo cannot read it.
            let cargo_toml = match cargo_toml.with_file_name("Cargo.toml") {
                same if same.is_file() => same,
                _ => return Err(CrateNotFound::LowercaseCargoToml { cargo_toml: shown(&cargo_toml) }),
            };
            let package = workspaces
                .package(&cargo_toml)?
                .ok_or_else(|| CrateNotFound::WorkspaceRoot { cargo_toml: shown(&cargo_toml) })?;
            let named = bin.is_some();
            let bin = bin.unwrap_or(&package.name);
            if !binaries(package).contains(&bin) {
                let folder = cargo_toml.parent().and_then(|f| f.strip_prefix(root).ok()).unwrap_or(Path::new(""));
                let folder = folder.to_string_lossy();
                let fix = if named || GoRules::of(app.release).rust_handler == RustHandlerRule::LastDot {
                    fix(function, binaries(package).iter().map(|b| handler_of(&folder, b)).collect())
                } else {
                    Fix::PackageNamed { release: app.release }
                };
                return Err(CrateNotFound::NoSuchBinary {
                    package: package.name.to_string(),
                    cargo_toml: shown(&cargo_toml),
                    bin: bin.to_owned(),
                    fix,
                });
            }
            Ok(Some(RustTarget { package: package.name.to_string(), bin: bin.to_owned() }))
        }
        RustShape::Bundle { workspace, bin } => {
            let folder = root.join(cleaned(workspace));
            let cargo_toml = folder.join("Cargo.toml");
            let bundle = || function.bundle.clone().unwrap_or_default();
            if !cargo_toml.is_file() {
                return Err(CrateNotFound::BundleWithoutCrate {
                    bundle: bundle(),
                    bin: bin.to_owned(),
                    folder: shown(&folder),
                });
            }
            match workspaces.with_binary(&cargo_toml, bin)?.as_slice() {
                [package] => Ok(Some(RustTarget { package: package.name.to_string(), bin: bin.to_owned() })),
                [] => Err(CrateNotFound::BundleBinaryNowhere {
                    bundle: bundle(),
                    bin: bin.to_owned(),
                    cargo_toml: shown(&cargo_toml),
                }),
                several => Err(CrateNotFound::BundleBinaryTwice {
                    packages: several.iter().map(|p| p.name.to_string()).collect(),
                    bin: bin.to_owned(),
                    cargo_toml: shown(&cargo_toml),
                }),
            }
        }
        RustShape::Unbuildable { why, folder } => {
            let bins = folder
                .and_then(|folder| {
                    let cargo_toml = root.join(cleaned(folder)).join("Cargo.toml");
                    cargo_toml.is_file().then(|| workspaces.package(&cargo_toml).ok().flatten()).flatten()
                })
                .map(binaries)
                .unwrap_or_default();
            let handlers = bins.iter().map(|bin| handler_of(folder.unwrap_or_default(), bin)).collect();
            Err(CrateNotFound::Unbuildable { why, fix: fix(function, handlers) })
        }
    }
}

/// The handler that names the binary `bin` of the crate in `folder` (`./` for the app's root), as SST reads
/// handlers from 3.13.17: `./.aws-rust-lambda`, `functions/shop.checkout`.
fn handler_of(folder: &str, bin: &str) -> String {
    let folder = if folder.is_empty() { "./" } else { folder };
    format!("{folder}.{bin}")
}

/// What to write instead: one of `handlers` (each naming a binary of the crate meant).
fn fix(function: &LinkedFunction, mut handlers: Vec<String>) -> Fix {
    match handlers.len() {
        1 if function.handler.as_deref() != Some(&handlers[0]) => Fix::Only(handlers.remove(0)),
        0 | 1 => Fix::Any,
        _ => Fix::OneOf(handlers),
    }
}

/// A handler's folder as Go's `filepath.Clean` makes it (SST walks up from that): `.` and `a/..` resolved.
fn cleaned(dir: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for component in Path::new(dir).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            Component::ParentDir if out.has_root() => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The newest release the import is tested with is the one the tests install.
    #[test]
    fn the_installed_sst_is_the_newest_tested_release() {
        let pinned = include_str!("../../../tests/sst-releases/4.17.1/package.json");
        assert!(pinned.contains(&format!("\"sst\": \"{}\"", release::NEWEST_CHECKED)), "{pinned}");
        assert!(!LINKS_PROGRAM.text.contains("const SUPPORTED"), "v4-links.mjs checks the platform, not its version");
    }

    #[test]
    fn a_fix_names_the_handler_to_write() {
        let function = |handler: &str| LinkedFunction {
            name: "Api".into(),
            runtime: "rust".into(),
            handler: Some(handler.into()),
            bundle: None,
            dockerfile: None,
            links: vec![],
        };
        assert_eq!(handler_of("", "aws-rust-lambda"), "./.aws-rust-lambda");
        assert_eq!(handler_of("functions/shop", "checkout"), "functions/shop.checkout");
        let handlers = |list: &[&str]| list.iter().map(|h| h.to_string()).collect();
        let only = handlers(&["./.aws-rust-lambda"]);
        assert_eq!(fix(&function("./"), only), Fix::Only("./.aws-rust-lambda".into()));
        assert_eq!(fix(&function("./.aws-rust-lambda"), handlers(&["./.aws-rust-lambda"])), Fix::Any);
        assert_eq!(fix(&function("./"), handlers(&["./.a", "./.b"])), Fix::OneOf(handlers(&["./.a", "./.b"])));
        assert_eq!(fix(&function("./"), handlers(&[])), Fix::Any);
    }

    #[test]
    fn a_handler_folder_is_cleaned_as_go_cleans_it() {
        for (dir, clean) in [
            ("functions/shop", "functions/shop"),
            ("./functions/shop", "functions/shop"),
            ("functions/../shop", "shop"),
            ("../rust/api", "../rust/api"),
            ("../../a/..", "../.."),
            ("/a/../../b", "/b"),
            ("", ""),
        ] {
            assert_eq!(cleaned(dir), Path::new(clean), "{dir}");
        }
    }
}
