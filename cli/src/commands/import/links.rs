//! `import` in an SST v3 or v4 app (its `sst.config.ts` calls `$config`): each function's links as the
//! app's own SST platform computes them (`v4-links.mjs` runs `.sst/platform` under Pulumi's mocks, no AWS),
//! written as the links form of `bindings.json`, or compared with the kept one (`--check`).

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use sst_binding_protocol::links;
use sst_binding_protocol::manifest::{self, LinksManifest};
use sst_resources_import::manifest::{ToJson, drift_links};
use sst_resources_import::sst_app::{self, LinkedFunction, RustTarget, TESTED_SST_VERSION};

use super::{NodeProgram, drift_result, folder_of, kept_has_problems, shown, stage, stderr_tail, write};
use crate::args::{Common, ImportArgs};
use crate::context;
use crate::error::{Error, count};

/// The Node program that prints each function's links (`sst_app::read_links_report` reads it).
const LINKS_PROGRAM: NodeProgram =
    NodeProgram { name: "v4-links.mjs", text: include_str!("../../import/v4-links.mjs") };

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
    platform(dir, &stage)?;
    let app = read_links(args, &stage)?;
    let file = shown(out);
    let types = types_link(dir, out)?;
    let manifest = app
        .to_manifest(&file, &types, |f| rust_target(dir, f))
        .map_err(|problems| Error::located(problems, "nothing was imported: the app's Rust functions must be found"))?;
    for note in &app.notes {
        eprintln!("note: {note}");
    }
    for note in types_notes(&dir.join(TYPES_FILE), &manifest) {
        eprintln!("note: {note}");
    }
    let rust = manifest.functions.iter().filter(|f| f.package.is_some()).count();
    let summary = format!(
        "app \"{}\", stage {}: {} of which {rust} in Rust",
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

/// The app's SST platform, of the version the import is tested with; where it is missing, written by the
/// app's own `sst install` (npm only: nothing from GitHub).
fn platform(dir: &Path, stage: &str) -> Result<(), Error> {
    let version_file = dir.join(PLATFORM).join("version");
    if !version_file.is_file() {
        install_platform(dir, stage)?;
    }
    let version = context::read_text(&version_file, "the version of SST's platform")?;
    let version = version.trim();
    if version != TESTED_SST_VERSION {
        return Err(Error::new(format!(
            "{} is SST {version}; sst-resources import reads SST {TESTED_SST_VERSION} apps only (the version it is \
             tested with): use sst@{TESTED_SST_VERSION} and run `sst install`",
            shown(&dir.join(PLATFORM))
        )));
    }
    Ok(())
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
    if let Some(version) = version.filter(|v| v != TESTED_SST_VERSION) {
        return Err(Error::new(format!(
            "{} is sst {version}; sst-resources import reads SST {TESTED_SST_VERSION} apps only (the version it is \
             tested with): use sst@{TESTED_SST_VERSION}",
            shown(&modules.join("sst"))
        )));
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

/// Each function's links, from the app's own platform under Pulumi's mocks.
fn read_links(args: &ImportArgs, stage: &str) -> Result<sst_app::LinkedApp, Error> {
    let work = super::temporary_folder()?;
    let output =
        LINKS_PROGRAM.run(&args.node, work.path(), &args.dir, &[".".as_ref(), stage.as_ref()], Stdio::piped())?;
    if !output.status.success() {
        return Err(program_failure(&output.stderr, &args.dir, stage, output.status));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    sst_app::read_links_report(&text, "the report of the app's links").map_err(Error::new)
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
    let types = match links::parse(&text, &file) {
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
            lacking.entry(&link.name).or_default().push(&function.name);
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

/// The package and binary SST 4.17.1 builds for a Rust function (`pkg/runtime/rust`): the handler split at
/// its last `.`; the `cargo.toml`, else `Cargo.toml`, found from the folder before it up to the app's root
/// (the app's root only where the handler has no `.`); the binary after it, else the package's name.
fn rust_target(root: &Path, function: &LinkedFunction) -> Result<RustTarget, String> {
    let handler = function.rust_handler()?;
    let cargo_toml = ["cargo.toml", "Cargo.toml"]
        .iter()
        .find_map(|name| cleaned(handler.dir).ancestors().map(|d| root.join(d).join(name)).find(|p| p.is_file()))
        .ok_or_else(|| match handler.bin {
            Some(_) => format!(
                "no Cargo.toml in {} or a folder above it up to the app's root (SST builds the function from the \
                 first one there)",
                shown(&root.join(handler.dir))
            ),
            None => format!(
                "its handler `{}` has no `.`, so SST builds the crate of the app's root, and {} has no Cargo.toml: \
                 write the handler `path/to/crate.binary`",
                function.handler.as_deref().unwrap_or_default(),
                shown(root)
            ),
        })?;
    let text = std::fs::read_to_string(&cargo_toml).map_err(|e| format!("cannot read {}: {e}", shown(&cargo_toml)))?;
    let parsed: toml::Table = text.parse().map_err(|e| format!("{} is not valid TOML: {e}", shown(&cargo_toml)))?;
    let package = parsed.get("package").and_then(|p| p.get("name")).and_then(|n| n.as_str()).ok_or_else(|| {
        format!(
            "{} has no [package] name (a workspace's root?): point the handler at the crate's own folder \
             (`path/to/crate.binary`)",
            shown(&cargo_toml)
        )
    })?;
    Ok(RustTarget { package: package.to_owned(), bin: handler.bin.unwrap_or(package).to_owned() })
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

    /// The one tested version is the protocol's; the program and the SST the tests install say the same.
    #[test]
    fn the_program_and_the_installed_sst_are_of_the_tested_version() {
        let supported = format!("const SUPPORTED = \"{TESTED_SST_VERSION}\";");
        assert!(LINKS_PROGRAM.text.contains(&supported), "v4-links.mjs lacks `{supported}`");
        let pinned = include_str!("../../../tests/sst-v4/package.json");
        assert!(pinned.contains(&format!("\"sst\": \"{TESTED_SST_VERSION}\"")), "{pinned}");
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
