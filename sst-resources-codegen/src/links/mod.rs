//! The macro for SST v3 and v4 apps: from `sst-env.d.ts` alone (every link of the app usable), or from a
//! v3 `bindings.json` that names it and lists each function's links (a link the function lacks does not
//! compile). The files are read and checked here; `expand` generates the items.

mod expand;
mod names;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote_spanned;
use sst_binding_protocol::manifest::{self, LinkFunction, LinksManifest};
use sst_binding_protocol::releases::Release;
use sst_binding_protocol::sst_env::{self, LinkTypes};

use crate::CrateContext;
use crate::ast::MacroInput;
use crate::file::{ManifestFile, read_file};
use crate::runs_in::RunsIn;

/// Everything the expansion of a v3 app needs.
#[derive(Debug)]
pub struct LinksModel {
    pub types: LinkTypes,
    /// The files read, absolute: the expansion includes them so that cargo rebuilds when one changes.
    pub files: Vec<PathBuf>,
    pub scope: LinkScope,
    /// The SST release the app is on (`"sst"` in the manifest): its reader's way of merging the sources is
    /// what the accessors follow; the newest checked release's where none is recorded.
    pub release: Option<Release>,
}

/// Whose links decide which accessors compile.
#[derive(Debug)]
pub enum LinkScope {
    /// Every link of the app: the types file alone, or a fallback after an error.
    App,
    /// The functions this crate's code runs in, with their links, and the manifest that lists them.
    Functions { runs_in: RunsIn, manifest: String },
}

/// Whether the file the macro names is a v3 app's: `sst-env.d.ts` or a manifest with `links`.
pub fn applies(file: &ManifestFile) -> bool {
    file.relative.ends_with(".d.ts") || manifest::is_links_form(&file.text)
}

/// Expands the macro for a v3 app: the items, or one `compile_error!` a problem beside the items of what
/// could be read (every link usable), so that the user's uses add no cascade of errors.
pub fn items(input: &MacroInput, context: CrateContext<'_>, file: ManifestFile) -> TokenStream {
    let (mut model, mut messages) = read(input, context, file);
    if let Some(m) = &model {
        let problems = names::check(&m.types);
        if !problems.is_empty() {
            // Items with a name Rust cannot take cannot be generated at all.
            messages.extend(problems);
            model = None;
        }
    }
    let span = input.path.span();
    let mut out = TokenStream::new();
    for message in &messages {
        out.extend(quote_spanned!(span=> ::core::compile_error!(#message);));
    }
    if let Some(model) = model {
        out.extend(expand::items(&model));
    }
    out
}

/// The model and the problems found; a model with problems is a fallback (`LinkScope::App`).
fn read(input: &MacroInput, context: CrateContext<'_>, file: ManifestFile) -> (Option<LinksModel>, Vec<String>) {
    if file.relative.ends_with(".d.ts") {
        if let Some(function) = &input.function {
            let message = format!(
                "`function = \"{}\"` needs the function's links: name a bindings.json whose `links` is `{}` and \
                 whose `functions` list each function's links (`sst-resources import` writes it)",
                function.value(),
                file.relative
            );
            return (None, vec![message]);
        }
        return match sst_env::parse(&file.text, &file.relative) {
            Ok(types) => {
                (Some(LinksModel { types, files: vec![file.path], scope: LinkScope::App, release: None }), Vec::new())
            }
            Err(e) => (Some(fallback(e.partial, vec![file.path], None)), lines(&e.diagnostics)),
        };
    }
    let mut messages = Vec::new();
    let manifest = match manifest::parse_links(&file.text, &file.relative) {
        Ok(manifest) => manifest,
        Err(e) => {
            messages.extend(lines(&e.diagnostics));
            *e.partial
        }
    };
    let mut files = vec![file.path];
    let release = manifest.sst;
    if manifest.links.is_empty() {
        return (None, messages);
    }
    let types_relative = beside(&file.relative, &manifest.links);
    let types = match read_file(&types_relative, context, "types file") {
        Ok(types_file) => {
            files.push(types_file.path);
            match sst_env::parse(&types_file.text, &types_relative) {
                Ok(types) => types,
                Err(e) => {
                    messages.extend(lines(&e.diagnostics));
                    e.partial
                }
            }
        }
        Err(message) => {
            messages
                .push(format!("{}:{}:{}: {message}", file.relative, manifest.links_at.line, manifest.links_at.column));
            return (None, messages);
        }
    };
    if !messages.is_empty() {
        return (Some(fallback(types, files, release)), messages);
    }
    let problems = manifest.check(&types);
    if !problems.is_empty() {
        return (Some(fallback(types, files, release)), lines(&problems));
    }
    match choose(&manifest, input, context) {
        Ok(scope) => (Some(LinksModel { types, files, scope, release }), Vec::new()),
        Err(error) => (Some(fallback(types, files, release)), vec![error.to_string()]),
    }
}

/// The functions this crate's code runs in, chosen as for a v2 manifest.
fn choose(
    manifest: &LinksManifest,
    input: &MacroInput,
    context: CrateContext<'_>,
) -> Result<LinkScope, manifest::SelectError> {
    let name = input.function.as_ref().map(|f| f.value());
    let functions = manifest::select(&manifest.file, &manifest.functions, name.as_deref(), context.target)?;
    let linked = |f: &LinkFunction| f.link.iter().map(|l| l.name.clone()).collect();
    let runs_in = RunsIn::new(functions, context.target, linked);
    Ok(LinkScope::Functions { runs_in, manifest: manifest.file.clone() })
}

fn fallback(types: LinkTypes, files: Vec<PathBuf>, release: Option<Release>) -> LinksModel {
    LinksModel { types, files, scope: LinkScope::App, release }
}

fn lines(diagnostics: &[manifest::Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

/// `links` (relative to the manifest) as a path relative to the crate: `../bindings.json` and
/// `sst-env.d.ts` give `../sst-env.d.ts`.
fn beside(manifest: &str, links: &str) -> String {
    match Path::new(manifest).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(links).to_string_lossy().into_owned(),
        _ => links.to_owned(),
    }
}
