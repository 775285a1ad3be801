//! What every command starts from: the manifest, the app, the stage and its SSM prefix, a values file, and
//! the values a function is bound to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sst_binding_protocol::manifest::{self, Diagnostic, Function, LinksManifest, Manifest};
use sst_binding_protocol::names::{self, EnvVar, SsmPath, SsmPrefix};
use sst_binding_protocol::sst_env::{self, LinkTypes};
use sst_binding_protocol::{Catalog, Construct, Prop};
use sst_resources_import::values::{self, Values};

use crate::args::Common;
use crate::error::{Error, count};

/// The manifest's default name.
pub const DEFAULT_MANIFEST: &str = "bindings.json";

/// The manifest's path, and whether the user named it.
fn manifest_path(common: &Common) -> (PathBuf, bool) {
    match &common.manifest {
        Some(path) => (path.clone(), true),
        None => (PathBuf::from(DEFAULT_MANIFEST), false),
    }
}

/// A path as the user would type it.
pub fn shown(path: &Path) -> String {
    let shown = path.strip_prefix("./").unwrap_or(path);
    if shown.as_os_str().is_empty() { ".".to_owned() } else { PathBuf::from(shown).display().to_string() }
}

/// Reads a text file, with an error that names it and says what to do.
pub fn read_text(path: &Path, what: &str) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::new(format!("cannot read {what} {}: {e}", path.display())))
}

/// Reads and checks the manifest. When it is not `required` and the user did not name one, a missing
/// `bindings.json` is `None`; a manifest with problems is always an error that lists them.
pub fn manifest(common: &Common, required: bool) -> Result<Option<Manifest>, Error> {
    let (path, named) = manifest_path(common);
    if !named && !required && !path.exists() {
        return Ok(None);
    }
    if !path.exists() {
        return Err(Error::new(format!(
            "no manifest at {}: run in the directory of bindings.json, or pass --manifest FILE",
            path.display()
        )));
    }
    let text = read_text(&path, "the manifest")?;
    let file = path.display().to_string();
    if manifest::is_links_form(&text) {
        return Err(Error::new(format!(
            "{file} is the manifest of an SST v3 or v4 app (it names `links`): this command reads the bindings of \
             SST v2 apps; v3 and v4 apps keep their values in SST's links (`sst-resources check` checks it)"
        )));
    }
    match manifest::parse(&text, &file) {
        Ok(manifest) => Ok(Some(manifest)),
        Err(e) => Err(problems(&file, &e.diagnostics)),
    }
}

/// The manifest of a v3 or v4 app (it names `links`) with the types file it names, read and checked
/// against each other; `None` where the manifest is of the v2 form.
pub fn links_manifest(common: &Common) -> Result<Option<(LinksManifest, LinkTypes)>, Error> {
    let (path, _) = manifest_path(common);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
    if !manifest::is_links_form(&text) {
        return Ok(None);
    }
    let file = path.display().to_string();
    let manifest = manifest::parse_links(&text, &file).map_err(|e| problems(&file, &e.diagnostics))?;
    let types_path = path.parent().unwrap_or(Path::new("")).join(&manifest.links);
    let types_file = types_path.display().to_string();
    let types_text = read_text(&types_path, "the types file the manifest names")
        .map_err(|e| Error::new(format!("{e} (run `sst dev` or `sst deploy` in the app: SST writes it)")))?;
    let types = sst_env::parse(&types_text, &types_file).map_err(|e| problems(&types_file, &e.diagnostics))?;
    let drift = manifest.check(&types);
    if !drift.is_empty() {
        return Err(problems(&file, &drift));
    }
    Ok(Some((manifest, types)))
}

/// The manifest, which the command cannot do without.
pub fn required_manifest(common: &Common) -> Result<Manifest, Error> {
    manifest(common, true)?.ok_or_else(|| Error::new(format!("no manifest: write {DEFAULT_MANIFEST}")))
}

/// The error of a file with problems (a manifest or a values file): each located, then one line.
fn problems(file: &str, diagnostics: &[Diagnostic]) -> Error {
    let details = diagnostics.iter().map(ToString::to_string).collect();
    Error::located(details, format!("{file} has {}", count(diagnostics.len(), "problem")))
}

/// The app: `--app`, else the manifest's.
pub fn app(common: &Common, manifest: Option<&Manifest>) -> Result<String, Error> {
    let app = match (&common.app, manifest) {
        (Some(app), _) => app.clone(),
        (None, Some(m)) => return Ok(m.app.clone()),
        (None, None) => {
            return Err(Error::new(format!(
                "no app: pass --app NAME, or run where {DEFAULT_MANIFEST} is (or pass --manifest FILE)"
            )));
        }
    };
    names::check_app_name(&app).map_err(|e| Error::new(format!("--app: {e}")))?;
    Ok(app)
}

/// The stage: `--stage` or `SST_STAGE`; never guessed.
pub fn stage(common: &Common) -> Result<String, Error> {
    let Some(stage) = common.stage.as_deref().filter(|s| !s.is_empty()) else {
        return Err(Error::new("no stage: pass --stage NAME or set SST_STAGE (e.g. --stage dev)"));
    };
    names::check_stage(stage).map_err(|e| Error::new(e.to_string()))?;
    Ok(stage.to_owned())
}

/// The stage's SSM prefix: `--ssm-prefix`/`SST_SSM_PREFIX`, else `/sst/{app}/{stage}/`.
pub fn prefix(common: &Common, app: &str, stage: &str) -> SsmPrefix {
    SsmPrefix::for_stage(common.ssm_prefix.as_deref(), app, stage)
}

/// The function of that name in the manifest.
pub fn function<'m>(manifest: &'m Manifest, name: &str) -> Result<&'m Function, Error> {
    manifest.select_functions(Some(name), Default::default()).map(|f| f[0]).map_err(|e| Error::new(e.to_string()))
}

/// Reads and checks a values file against the manifest's constructs (SST's alone without a manifest).
pub fn values(path: &Path, manifest: Option<&Manifest>) -> Result<Values, Error> {
    let text = read_text(path, "the values file")?;
    let file = path.display().to_string();
    let builtin;
    let catalog = match manifest {
        Some(m) => &m.catalog,
        None => {
            builtin = Catalog::builtin();
            &builtin
        }
    };
    values::parse(&text, &file, catalog).map_err(|e| problems(&file, &e.diagnostics))
}

/// One value a function is bound to.
pub struct Bound<'m> {
    pub construct: &'m Construct,
    /// The id as the manifest writes it.
    pub id: &'m str,
    pub prop: &'m Prop,
}

impl Bound<'_> {
    pub fn env_var(&self) -> EnvVar {
        EnvVar::new(&self.construct.name, &self.prop.name, self.id)
    }

    /// Where the value is in SSM under `prefix`.
    pub fn ssm_path(&self, prefix: &SsmPrefix) -> SsmPath {
        prefix.path(&self.construct.name, self.id, &self.prop.name)
    }

    /// `Bucket.myFiles.bucketName`.
    pub fn label(&self) -> String {
        format!("{}.{}.{}", self.construct.name, self.id, self.prop.name)
    }
}

/// Every value a function is bound to, in binding order.
pub fn bound<'m>(manifest: &'m Manifest, function: &'m Function) -> Vec<Bound<'m>> {
    let mut out = Vec::new();
    for binding in &function.bind {
        let Some(construct) = manifest.catalog.get(&binding.construct) else { continue };
        for prop in construct.props.iter() {
            out.push(Bound { construct, id: &binding.id, prop });
        }
    }
    out
}

/// The environment of a values file: one variable per value.
pub fn values_env(values: &Values) -> BTreeMap<EnvVar, String> {
    values.entries.iter().map(|e| (e.env_var(), e.value.clone())).collect()
}
