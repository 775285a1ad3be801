//! What the import could not read, as values: each names the file it is about and what went wrong; its
//! text is made once, where a user reads it (the command line's error).
//!
//! `Display` is written by hand: the workspace does not depend on `thiserror`, and these texts are the
//! command line's own, held byte for byte by its tests (`cli/tests/import.rs`, `cli/tests/import_links.rs`).

use std::fmt;

use super::release::ReleaseRefused;

/// A file of the app the import could not read. A file is named as the user knows it (`the construct tree`, `.sst/dist/dev-app-Api.template.json`).
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
