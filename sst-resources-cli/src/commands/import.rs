//! `import`: the manifest from the SST app itself — its stacks run in "remove" mode by the app's own
//! `node_modules/sst` (as `sst types` does), or the output of `sst build` — written sorted, or compared
//! with the kept one (`--check`). An SST v3 or v4 app (`links`) gets the links form.

mod cargo;
mod container;
mod links;

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sst_binding_protocol::manifest::{self, Diagnostic, Manifest};
use sst_resources_import::manifest::{ToJson, drift};
use sst_resources_import::sst_app::{self, AppFunction, CrateNotFound, RustTarget, SstApp};

use self::cargo::Workspaces;
use crate::args::{Common, ImportArgs};
use crate::context::{self, DEFAULT_MANIFEST, shown};
use crate::error::{Error, count};
use crate::output::print;

/// The Node program that writes the construct tree (`sst_app::read_tree` reads it).
const CONSTRUCT_TREE_PROGRAM: NodeProgram =
    NodeProgram { name: "construct-tree.mjs", text: include_str!("../node/construct-tree.mjs") };

/// The names SST looks for, in its order (`initProject`).
const CONFIG_FILES: &[&str] =
    &["sst.config.ts", "sst.config.mts", "sst.config.cts", "sst.config.cjs", "sst.config.mjs", "sst.config.js"];

pub fn run(common: &Common, args: &ImportArgs) -> Result<u8, Error> {
    let out = match (&args.out, &common.manifest) {
        (Some(out), _) | (None, Some(out)) => out.clone(),
        (None, None) => args.dir.join(DEFAULT_MANIFEST),
    };
    let file = shown(&out);
    if links::is_links_app(&args.dir) {
        return links::run(common, args, &out);
    }
    let app = match &args.from {
        Some(dist) => read_dist(dist)?,
        None => read_stacks(common, args)?,
    };
    let mut workspaces = Workspaces::default();
    let imported = app
        .to_manifest(&file, |f| {
            if f.is_container() {
                container::container_target(&args.dir, f, &mut workspaces)
            } else {
                rust_target(&args.dir, f, &mut workspaces)
            }
        })
        .map_err(|problems| {
            let problems = problems.iter().map(ToString::to_string).collect();
            Error::located(problems, "nothing was imported: the app's Rust functions must be found")
        })?;
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    let summary = summary(&imported.manifest);
    if args.check {
        let text = context::read_text(&out, "the kept manifest")?;
        let kept = manifest::parse(&text, &file).map_err(|e| kept_has_problems(&file, &e.diagnostics))?;
        drift_result(&file, &drift(&kept, &imported.manifest), &summary)
    } else {
        write(&out, &imported.manifest.to_json(), &summary)
    }
}

/// The kept manifest cannot be compared: its own problems, located.
fn kept_has_problems(file: &str, diagnostics: &[Diagnostic]) -> Error {
    Error::located(
        diagnostics.iter().map(ToString::to_string).collect(),
        format!("{file} has problems of its own; fix them or run `sst-resources import` to write it anew"),
    )
}

/// `--check`: every difference between the kept manifest and the app's, located in the kept one; exit 1
/// where there is one.
fn drift_result(file: &str, drift: &[Diagnostic], summary: &str) -> Result<u8, Error> {
    if drift.is_empty() {
        print(&format!("{file} matches the app ({summary})"))?;
        return Ok(0);
    }
    Err(Error::located(
        drift.iter().map(ToString::to_string).collect(),
        format!(
            "{file} differs from the app ({}): run `sst-resources import` and commit the result",
            count(drift.len(), "difference")
        ),
    ))
}

/// Writes the manifest whole or not at all: a file beside it, renamed over it.
fn write(out: &Path, text: &str, summary: &str) -> Result<u8, Error> {
    let cannot = |e: std::io::Error| Error::new(format!("cannot write {}: {e}", out.display()));
    let mut temp = tempfile::NamedTempFile::new_in(folder_of(out)).map_err(cannot)?;
    std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(cannot)?;
    temp.persist(out).map_err(|e| cannot(e.error))?;
    print(&format!("wrote {} ({summary})", shown(out)))?;
    Ok(0)
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn summary(m: &Manifest) -> String {
    let rust = m.functions.iter().filter(|f| f.head.package.is_some()).count();
    format!(
        "app \"{}\": {}, {} of which {rust} in Rust",
        m.app,
        count(m.resources.len(), "resource"),
        count(m.functions.len(), "function")
    )
}

/// The app as its stacks define it, from the construct tree that the app's own SST builds in "remove" mode.
fn read_stacks(common: &Common, args: &ImportArgs) -> Result<SstApp, Error> {
    let dir = &args.dir;
    if !CONFIG_FILES.iter().any(|name| dir.join(name).is_file()) {
        return Err(Error::new(format!(
            "no sst.config.ts (nor .mts, .cts, .cjs, .mjs, .js) in {}: run `sst-resources import` in the SST app's \
             root, or pass --dir DIR (or --from .sst/dist for the output of `sst build`)",
            shown(dir)
        )));
    }
    let sst = dir.join("node_modules").join("sst").join("package.json");
    let package = std::fs::read_to_string(&sst).map_err(|_| {
        Error::new(format!(
            "{} is missing: install the app's packages first (`npm install` in {})",
            shown(&dir.join("node_modules").join("sst")),
            shown(dir)
        ))
    })?;
    let version = serde_json::from_str::<serde_json::Value>(&package)
        .ok()
        .and_then(|p| p.get("version").and_then(|v| v.as_str()).map(str::to_owned))
        .ok_or_else(|| Error::new(format!("{} has no version: reinstall the app's packages", sst.display())))?;
    if !version.starts_with("2.") {
        return Err(Error::new(format!(
            "{} is sst {version}; sst-resources import reads SST v2 apps (sst 2.x)",
            shown(&dir.join("node_modules").join("sst"))
        )));
    }
    let stage = stage(common, dir)?;

    let work = temporary_folder()?;
    let tree = work.path().join("construct-tree.json");
    let output = CONSTRUCT_TREE_PROGRAM.run(
        &args.node,
        work.path(),
        dir,
        &[tree.as_os_str(), stage.as_ref()],
        Stdio::inherit(),
    )?;
    if !output.status.success() {
        return Err(Error::located(
            stderr_tail(&output.stderr),
            format!("running the app's stacks (sst.config in {}, stage {stage}) failed: {}", shown(dir), output.status),
        ));
    }
    let text = context::read_text(&tree, "the construct tree")?;
    sst_app::read_tree(&text, "the construct tree").map_err(|e| Error::new(e.to_string()))
}

/// One of the Node programs the import runs, shipped inside this binary.
struct NodeProgram {
    name: &'static str,
    text: &'static str,
}

impl NodeProgram {
    /// Writes the program to `work` and runs it with `node` in the app's root `dir`, with `args`; stdin
    /// closed, stdout to `stdout`, stderr kept.
    fn run(&self, node: &Path, work: &Path, dir: &Path, args: &[&OsStr], stdout: Stdio) -> Result<Output, Error> {
        let program = work.join(self.name);
        std::fs::write(&program, self.text)
            .map_err(|e| Error::new(format!("cannot write {}: {e}", program.display())))?;
        Command::new(node)
            .arg(&program)
            .args(args)
            .current_dir(dir)
            // SST's own switch; the programs send nothing anywhere, this keeps the app's SST from doing so.
            .env("SST_TELEMETRY_DISABLED", "1")
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| {
                Error::new(format!(
                    "cannot run {}: {e}; import runs the app's sst.config.ts with Node.js, as SST does (install \
                     Node 18 or later, or pass --node PATH)",
                    node.display()
                ))
            })
    }
}

fn temporary_folder() -> Result<tempfile::TempDir, Error> {
    tempfile::tempdir().map_err(|e| Error::new(format!("cannot make a temporary folder: {e}")))
}

/// The last lines a failed program wrote on stderr, indented, to print before the error line.
fn stderr_tail(stderr: &[u8]) -> Vec<String> {
    let stderr = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    lines[lines.len().saturating_sub(20)..].iter().map(|l| format!("  {l}")).collect()
}

/// The output of `sst build`: the templates of `dir`.
fn read_dist(dir: &Path) -> Result<SstApp, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::new(format!("cannot read {}: {e}; run `npx sst build` first, or import without --from", shown(dir)))
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::new(format!("cannot read {}: {e}", shown(dir))))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if name.ends_with(".template.json") {
            files.push((name, context::read_text(&path, "the template")?));
        }
    }
    sst_app::read_dist(&files, &shown(dir)).map_err(|e| Error::new(e.to_string()))
}

/// The stage the stacks run for: `--stage`/`SST_STAGE`, else SST's personal stage (`.sst/stage`).
fn stage(common: &Common, dir: &Path) -> Result<String, Error> {
    if common.stage.as_deref().is_some_and(|s| !s.is_empty()) {
        return context::stage(common);
    }
    let personal = dir.join(".sst").join("stage");
    match std::fs::read_to_string(&personal) {
        Ok(stage) if !stage.trim().is_empty() => Ok(stage.trim().to_owned()),
        _ => Err(Error::new(format!(
            "no stage: pass --stage NAME or set SST_STAGE (the stacks may bind differently per stage); {} holds none",
            shown(&personal)
        ))),
    }
}

/// The package and binary SST builds for a Rust function: the package of the `Cargo.toml` found above its
/// handler (SST's `findAbove`), as cargo reads it, and the handler file's name (`cargo lambda build --bin
/// NAME`).
fn rust_target(root: &Path, function: &AppFunction, workspaces: &mut Workspaces) -> Result<RustTarget, CrateNotFound> {
    let handler = function.handler.as_deref().ok_or(CrateNotFound::NoHandler)?;
    let bin = function.bin().ok_or_else(|| CrateNotFound::HandlerNotRs { handler: handler.to_owned() })?;
    let start = root.join(handler);
    let cargo_toml = start
        .parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .map(|dir| dir.join("Cargo.toml"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| CrateNotFound::NoCargoTomlAbove { handler: shown(&start) })?;
    let package = workspaces
        .package(&cargo_toml)?
        .ok_or_else(|| CrateNotFound::NoPackageAbove { cargo_toml: shown(&cargo_toml) })?;
    Ok(RustTarget { package: package.name.to_string(), bin: bin.to_owned() })
}
