//! What the import could not read or make, as values: each names the file (or the function) it is about
//! and what went wrong; its text is made once, where a user reads it (the command line's error, a note).
//!
//! `Display` is written by hand: the workspace does not depend on `thiserror`, and these texts are the
//! command line's own, held byte for byte by its tests (`sst-resources-cli/tests/import.rs`, `sst-resources-cli/tests/import_links.rs`).

use std::fmt;

use sst_binding_protocol::json::Diagnostic;
use sst_binding_protocol::names::NameError;

use super::release::{Release, ReleaseRefused};

/// A file of the app the import could not read, or a manifest it could not make of it. A file is named as
/// the user knows it (`the construct tree`, `.sst/dist/dev-app-Api.template.json`).
#[derive(Debug)]
#[non_exhaustive]
pub enum ImportError {
    /// The construct tree is not JSON.
    TreeNotJson { file: String, error: serde_json::Error },
    /// A field of the construct tree is missing or of the wrong type (`path`: `functions[0].handler`).
    TreeField { file: String, path: String, problem: FieldProblem },
    /// The construct tree is of another format than this reader's.
    TreeFormat { file: String, found: String },
    /// The construct tree was made by an `sst` package that is not SST v2.
    TreeNotV2 { file: String, version: String },

    /// The folder `sst build` writes holds no template.
    NoTemplates { dir: String },
    /// A template is not JSON.
    TemplateNotJson { file: String, error: serde_json::Error },
    /// A template's output `SSTMetadata` is neither a string nor an `Fn::Join` of one.
    MetadataNotText { file: String },
    /// A template's output `SSTMetadata` is not JSON.
    MetadataNotJson { file: String, error: serde_json::Error },
    /// A template was made by SST other than v2.
    TemplateNotV2 { file: String, version: String },
    /// A template's `SSTMetadata` lacks a part.
    MetadataLacks { file: String, part: MetadataPart },
    /// An item of a template's `SSTMetadata` has no `type` or `id`.
    MetadataItem { file: String, index: usize },
    /// A Service's `data.task` names no task definition of its template.
    ServiceWithoutTask { file: String, id: String },
    /// A function's `data.arn` names no function of its template.
    FunctionWithoutArn { file: String, id: String },
    /// No template of the folder has the output `SSTMetadata`: not SST v2's build.
    NotV2Build { dir: String },

    /// The report of an SST v3/v4 app's links is not JSON.
    ReportNotJson { file: String, error: serde_json::Error },
    /// The report lacks a part.
    ReportLacks { file: String, part: ReportPart },
    /// A list of the report is not a list of strings.
    ReportNotStrings { file: String, list: ReportList },
    /// A field of a function of the report (`handler`, `bundle`, `dockerfile`) is not a string.
    ReportFunctionField { file: String, function: String, field: &'static str },
    /// The report is of a release of SST the import does not read.
    Release { file: String, refused: ReleaseRefused },

    /// A Rust function of an SST v2 app whose Cargo package and binary were not found (boxed: the rest of
    /// the errors are small).
    RustFunctionWithoutCrate { function: String, why: Box<CrateNotFound> },
    /// A function's name that the manifest cannot hold.
    FunctionName { function: String, error: NameError },
    /// The manifest made does not read back: the manifest's reader is the judge of every rule.
    ManifestInvalid { diagnostic: Diagnostic },
}

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    NotString,
    NotArray,
    NotObject,
    NotVariableNames,
}

/// A part of `SSTMetadata`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetadataPart {
    App,
    Stage,
    List,
}

/// A part of the report of an app's links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportPart {
    App,
    Functions,
    Links,
    /// A string field (`name`, `stage`, `version`, `runtime`, `type`).
    String(&'static str),
}

/// A list of strings of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportList {
    Notes,
    /// The links of a function.
    Links {
        function: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ImportError::*;
        match self {
            TreeNotJson { file, error } => {
                write!(f, "{file}:{}:{}: not the JSON of a construct tree: {error}", error.line(), error.column())
            }
            TreeField { file, path, problem } => {
                let what = match problem {
                    FieldProblem::Missing => "is missing",
                    FieldProblem::NotString => "must be a string",
                    FieldProblem::NotArray => "must be an array",
                    FieldProblem::NotObject => "must be an object",
                    FieldProblem::NotVariableNames => "must be an array of variable names",
                };
                write!(f, "{file}: `{path}` {what}")
            }
            TreeFormat { file, found } => {
                write!(f, "{file}: `format` is `{found}`; this sst-resources reads `{}`", super::tree::TREE_FORMAT)
            }
            TreeNotV2 { file, version } => not_v2(f, &format!("{file} (the app's node_modules/sst)"), version),

            NoTemplates { dir } => write!(
                f,
                "{dir} holds no `*{}`: it is not the output of `sst build` (run `npx sst build` first)",
                super::dist::TEMPLATE_SUFFIX
            ),
            TemplateNotJson { file, error } => write!(
                f,
                "{file}:{}:{}: invalid JSON ({error}); a half-written build? run `npx sst build` again",
                error.line(),
                error.column()
            ),
            MetadataNotText { file } => {
                write!(f, "{file}: the output `SSTMetadata` is neither a string nor an `Fn::Join` of one")
            }
            MetadataNotJson { file, error } => {
                write!(f, "{file}: the output `SSTMetadata` is not the JSON SST writes ({error})")
            }
            TemplateNotV2 { file, version } => not_v2(f, file, version),
            MetadataLacks { file, part } => {
                let part = match part {
                    MetadataPart::App => "`app`",
                    MetadataPart::Stage => "`stage`",
                    MetadataPart::List => "`metadata` list",
                };
                write!(f, "{file}: `SSTMetadata` has no {part}")
            }
            MetadataItem { file, index } => write!(f, "{file}: `SSTMetadata` item {index} has no `type` or `id`"),
            ServiceWithoutTask { file, id } => {
                write!(f, "{file}: service `{id}`: its `data.task` names no task definition of the template")
            }
            FunctionWithoutArn { file, id } => {
                write!(f, "{file}: function `{id}`: its `data.arn` names no function of the template")
            }
            NotV2Build { dir } => write!(
                f,
                "no template in {dir} has the output `SSTMetadata` that SST v2 writes: not the output of an SST v2 \
                 build"
            ),

            ReportNotJson { file, error } => write!(f, "{file} is not JSON: {error}"),
            ReportLacks { file, part } => match part {
                ReportPart::App => write!(f, "{file} has no `app`"),
                ReportPart::Functions => write!(f, "{file} has no `functions` list"),
                ReportPart::Links => write!(f, "{file} has no `links` object"),
                ReportPart::String(key) => write!(f, "{file} has no `{key}` string"),
            },
            ReportNotStrings { file, list } => match list {
                ReportList::Notes => write!(f, "{file}: `notes` is not a list of strings"),
                ReportList::Links { function } => {
                    write!(f, "{file}: `links` of `{function}` is not a list of strings")
                }
            },
            ReportFunctionField { file, function, field } => {
                write!(f, "{file}: the {field} of function `{function}` is not a string")
            }
            Release { file, refused } => write!(f, "{file}: {refused}"),

            RustFunctionWithoutCrate { function, why } => write!(f, "function `{function}`: {why}"),
            FunctionName { function, error } => write!(f, "function `{function}`: {error}"),
            ManifestInvalid { diagnostic } => write!(f, "the imported manifest is not valid: {}", diagnostic.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// What is read was made by SST other than v2: this reads SST v2's formats only.
fn not_v2(f: &mut fmt::Formatter<'_>, what: &str, version: &str) -> fmt::Result {
    write!(
        f,
        "{what} was made by SST {version}; sst-resources import reads SST v2 apps (sst 2.x): an SST v3 (Ion) app \
         links resources differently"
    )
}

/// Why the Cargo package and binary of a function were not found where SST finds them. Files are named as
/// the user reads them (relative to where the import runs).
#[derive(Debug)]
#[non_exhaustive]
pub enum CrateNotFound {
    /// `cargo metadata` failed on a crate's manifest; `said` is cargo's error line.
    CargoMetadata { cargo_toml: String, said: String },

    // SST v2's Rust functions: the `Cargo.toml` above the handler file, and the file's name.
    /// A Rust function without a handler.
    NoHandler,
    /// The handler is not a `.rs` file, whose name would be the binary's.
    HandlerNotRs { handler: String },
    /// No `Cargo.toml` above the handler.
    NoCargoTomlAbove { handler: String },
    /// The `Cargo.toml` above the handler has no package.
    NoPackageAbove { cargo_toml: String },

    // A container (a Service, a Task, a Job of `runtime: "container"`): its folder's crate, the binary its
    // Dockerfile builds.
    /// SST names no folder its image is built in.
    NoImageFolder,
    /// The image's folder holds no crate.
    NoCrateInFolder { folder: String },
    /// The folder's `Cargo.toml` has no package.
    NoPackage { cargo_toml: String },
    /// The Dockerfile cannot be read.
    DockerfileUnreadable { dockerfile: String, error: std::io::Error },
    /// The Dockerfile builds a binary the crate has not (`bins`: those it has).
    DockerfileBinNotInCrate { dockerfile: String, bin: String, cargo_toml: String, bins: Vec<String> },
    /// The Dockerfile names no binary, and the crate has not exactly one.
    DockerfileNamesNoBin { dockerfile: String, cargo_toml: String, bins: Vec<String> },
    /// The Dockerfile builds more than one binary.
    DockerfileBuildsSeveral { dockerfile: String, bins: Vec<String> },

    // SST v3/v4: the handler read by its release's rule, a prebuilt bundle of cargo lambda.
    /// Before 3.11.6 SST finds a lowercase `cargo.toml` only, and there is none.
    LowercaseOnly { release: Release, dir: String },
    /// No `Cargo.toml` from the handler's folder up to the app's root.
    NoCargoTomlFrom { dir: String },
    /// No `Cargo.toml` from the handler's folder up (a release that builds the crate of that folder).
    NoCargoTomlForFolder { dir: String, release: Release },
    /// A handler without `.` means the crate of the app's root, which has none.
    RootHasNoCargoToml { handler: String, root: String },
    /// SST finds a `cargo.toml` that cargo does not read.
    LowercaseCargoToml { cargo_toml: String },
    /// The `Cargo.toml` found is a workspace's root without a package.
    WorkspaceRoot { cargo_toml: String },
    /// The crate has not the binary SST builds for it.
    NoSuchBinary { package: String, cargo_toml: String, bin: String, fix: Fix },
    /// A bundle's cargo workspace has no `Cargo.toml`.
    BundleWithoutCrate { bundle: String, bin: String, folder: String },
    /// No crate of a bundle's workspace has its binary.
    BundleBinaryNowhere { bundle: String, bin: String, cargo_toml: String },
    /// Several crates of a bundle's workspace have its binary.
    BundleBinaryTwice { packages: Vec<String>, bin: String, cargo_toml: String },
    /// A Rust handler SST cannot build.
    Unbuildable { why: Unbuildable, fix: Fix },
}

/// Why SST cannot build a Rust handler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unbuildable {
    /// A Rust function without a handler.
    NoHandler,
    /// Split at its last `.`, the handler names no binary cargo could have.
    LastDot { handler: String, dir: String, bin: String },
}

/// What to write instead of a handler whose binary is not found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// The handler that names the crate's only binary.
    Only(String),
    /// A handler `path/to/crate.binary` (no binary of the crate to name, or its only one is the one written).
    Any,
    /// One of these handlers, each naming a binary of the crate.
    OneOf(Vec<String>),
    /// This release builds the binary named after the package.
    PackageNamed { release: Release },
}

impl fmt::Display for CrateNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CrateNotFound::*;
        match self {
            CargoMetadata { cargo_toml, said } => write!(f, "`cargo metadata` cannot read {cargo_toml}: {said}"),

            NoHandler => f.write_str("a Rust function without a handler"),
            HandlerNotRs { handler } => write!(f, "the handler `{handler}` is not a `.rs` file"),
            NoCargoTomlAbove { handler } => {
                write!(f, "no Cargo.toml above its handler {handler} (SST builds from the one it finds there)")
            }
            NoPackageAbove { cargo_toml } => {
                write!(f, "{cargo_toml} has no [package] name (SST builds the function from it)")
            }

            NoImageFolder => f.write_str("SST names no folder its image is built in"),
            NoCrateInFolder { folder } => write!(f, "{folder} has no Cargo.toml"),
            NoPackage { cargo_toml } => write!(f, "{cargo_toml} has no [package] name"),
            DockerfileUnreadable { dockerfile, error } => write!(f, "cannot read {dockerfile}: {error}"),
            DockerfileBinNotInCrate { dockerfile, bin, cargo_toml, bins } => {
                write!(f, "{dockerfile} builds `--bin {bin}`, which {cargo_toml} has not (it has {})", Listed(bins))
            }
            DockerfileNamesNoBin { dockerfile, cargo_toml, bins } => {
                write!(f, "{dockerfile} names no `--bin` and {cargo_toml} has {}", Listed(bins))
            }
            DockerfileBuildsSeveral { dockerfile, bins } => {
                write!(f, "{dockerfile} builds several binaries: {}", Listed(bins))
            }

            LowercaseOnly { release, dir } => write!(
                f,
                "SST {release} looks for a lowercase `cargo.toml` only (before 3.11.6), from {dir} up to the app's \
                 root, and finds none (a `Cargo.toml` is found from 3.11.6): upgrade the app's sst package"
            ),
            NoCargoTomlFrom { dir } => write!(
                f,
                "no Cargo.toml in {dir} or a folder above it up to the app's root (SST builds the function from the \
                 first one there)"
            ),
            NoCargoTomlForFolder { dir, release } => write!(
                f,
                "no Cargo.toml in {dir} or a folder above it up to the app's root (SST {release} builds the crate \
                 of the handler's folder)"
            ),
            RootHasNoCargoToml { handler, root } => write!(
                f,
                "its handler `{handler}` has no `.`, so SST builds the crate of the app's root, and {root} has no \
                 Cargo.toml: write the handler `path/to/crate.binary`"
            ),
            LowercaseCargoToml { cargo_toml } => {
                write!(f, "SST finds {cargo_toml}, which cargo does not read (it reads `Cargo.toml` only): rename it")
            }
            WorkspaceRoot { cargo_toml } => write!(
                f,
                "{cargo_toml} has no [package] (a workspace's root?): point the handler at the crate's own folder \
                 (`path/to/crate.binary`)"
            ),
            NoSuchBinary { package, cargo_toml, bin, fix } => {
                write!(f, "the crate `{package}` ({cargo_toml}) has no binary `{bin}`, which SST builds for it{fix}")
            }
            BundleWithoutCrate { bundle, bin, folder } => write!(
                f,
                "its bundle `{bundle}` is cargo lambda's output of the binary `{bin}`, and {folder} has no \
                 Cargo.toml to build it from"
            ),
            BundleBinaryNowhere { bundle, bin, cargo_toml } => write!(
                f,
                "its bundle `{bundle}` is cargo lambda's output of the binary `{bin}`, which no crate of the cargo \
                 workspace at {cargo_toml} has"
            ),
            BundleBinaryTwice { packages, bin, cargo_toml } => {
                let names: Vec<String> = packages.iter().map(|p| format!("`{p}`")).collect();
                write!(
                    f,
                    "the crates {} of the cargo workspace at {cargo_toml} each have a binary `{bin}`: rename one, as \
                     cargo lambda builds one binary of that name",
                    names.join(", ")
                )
            }
            Unbuildable { why, fix } => write!(f, "{why}{fix}"),
        }
    }
}

impl std::error::Error for CrateNotFound {}

impl fmt::Display for Unbuildable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unbuildable::NoHandler => f.write_str("a Rust function without a handler"),
            Unbuildable::LastDot { handler, dir, bin } => write!(
                f,
                "SST reads the Rust handler `{handler}` as the crate's folder `{dir}` and the binary `{bin}` (it \
                 splits at the last `.`, since 3.13.17), and cannot build it"
            ),
        }
    }
}

impl fmt::Display for Fix {
    /// The end of a sentence, from its `: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fix::Only(handler) => write!(f, ": write the handler \"{handler}\" (the crate's only binary)"),
            Fix::Any => f.write_str(": write the handler `path/to/crate.binary`"),
            Fix::OneOf(handlers) => {
                let quoted: Vec<String> = handlers.iter().map(|h| format!("\"{h}\"")).collect();
                write!(f, ": write the handler as one of {}", quoted.join(", "))
            }
            Fix::PackageNamed { release } => write!(
                f,
                ": SST {release} builds the binary named after the package (3.13.17 and later build the one a \
                 handler names, `path/to/crate.binary`)"
            ),
        }
    }
}

/// `no binary`, `` `a` ``, `` `a`, `b` ``.
struct Listed<'a>(&'a [String]);

impl fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no binary");
        }
        let quoted: Vec<String> = self.0.iter().map(|b| format!("`{b}`")).collect();
        f.write_str(&quoted.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_names_the_handler_to_write() {
        assert_eq!(
            Fix::Only("./.aws-rust-lambda".into()).to_string(),
            ": write the handler \"./.aws-rust-lambda\" (the crate's only binary)"
        );
        assert_eq!(Fix::Any.to_string(), ": write the handler `path/to/crate.binary`");
        assert_eq!(
            Fix::OneOf(vec!["./.a".into(), "./.b".into()]).to_string(),
            ": write the handler as one of \"./.a\", \"./.b\""
        );
    }

    #[test]
    fn binaries_are_listed_in_backticks() {
        let listed = |bins: &[&str]| Listed(&bins.iter().map(|b| b.to_string()).collect::<Vec<_>>()).to_string();
        assert_eq!([listed(&[]), listed(&["a"]), listed(&["a", "b"])], ["no binary", "`a`", "`a`, `b`"]);
    }
}
