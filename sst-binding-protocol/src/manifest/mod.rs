//! The `bindings.json` manifest (docs/manifest.md §1): the app's resources, its custom kinds and what
//! each function is bound to, read with the position of everything so that every problem is reported
//! as `file:line:column`.

mod links;
mod read;
#[cfg(feature = "v2")]
mod v2;

pub use links::{LinkFunction, LinkUse, LinksManifest, LinksManifestError};
#[cfg(feature = "v2")]
pub use v2::{Binding, Function, Manifest, ManifestError, Permission, Resource, ResourceKey};

use std::fmt;

pub use crate::json::{Diagnostic, Position};

#[cfg(feature = "v2")]
pub use read::parse;
pub use read::{is_links_form, parse_links};

/// What both forms of the manifest say of a function before what it uses: which function it is, and the
/// Cargo package and binary that build it, `"api": { "package": "shop", "bin": "api", ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionHead {
    pub name: String,
    /// The Cargo package that builds it, if given.
    pub package: Option<String>,
    /// The binary target of `package` that is this function, if given (`bin` needs `package`).
    pub bin: Option<String>,
    /// The place of its name.
    pub at: Position,
}

impl FunctionHead {
    /// Whether the crate being compiled is of this function's package (a function without `package` is of
    /// none).
    pub fn is_of_package(&self, crate_: CrateTarget<'_>) -> bool {
        self.package.is_some() && self.package.as_deref() == crate_.package
    }

    /// Whether the crate's code runs in this function: it is of its package and, for a binary target, the
    /// binary `bin` names where it names one (a library's code runs in every function of its package).
    pub fn runs_code_of(&self, crate_: CrateTarget<'_>) -> bool {
        self.is_of_package(crate_)
            && (crate_.bin.is_none() || self.bin.as_deref().is_none_or(|bin| Some(bin) == crate_.bin))
    }
}

/// The functions of `functions` (of the manifest `file`) whose code a crate is, so the ones whose bindings
/// decide what it may use: the one named; else the only one; else, for a binary target (`CARGO_BIN_NAME`),
/// every function whose `package` is the crate's package (`CARGO_PKG_NAME`) and whose `bin`, where given,
/// is that binary (SST builds one binary behind several routes); for a library target, every function of
/// the package (the library's code runs in each). Never empty; the error names the candidates.
pub fn select<'f, F: AsRef<FunctionHead>>(
    file: &str,
    functions: &'f [F],
    name: Option<&str>,
    crate_: CrateTarget<'_>,
) -> Result<Vec<&'f F>, SelectError> {
    let names = |functions: &mut dyn Iterator<Item = &F>| functions.map(|f| f.as_ref().name.clone()).collect();
    if let Some(name) = name {
        return match functions.iter().find(|f| f.as_ref().name == name) {
            Some(f) => Ok(vec![f]),
            None => Err(SelectError::NoSuchFunction {
                file: file.to_owned(),
                name: name.to_owned(),
                functions: names(&mut functions.iter()),
            }),
        };
    }
    if let [only] = functions {
        return Ok(vec![only]);
    }
    let matching: Vec<&F> = functions.iter().filter(|f| f.as_ref().runs_code_of(crate_)).collect();
    if !matching.is_empty() {
        return Ok(matching);
    }
    let of_package: Vec<&FunctionHead> =
        functions.iter().map(AsRef::as_ref).filter(|f| f.is_of_package(crate_)).collect();
    if !of_package.is_empty() {
        return Err(SelectError::NoneOfThisBinary {
            file: file.to_owned(),
            target: crate_.describe(),
            package: crate_.package.unwrap_or_default().to_owned(),
            functions: of_package.iter().map(|f| (f.name.clone(), f.bin.clone())).collect(),
        });
    }
    Err(SelectError::NoneOfThisPackage {
        file: file.to_owned(),
        package: crate_.package.map(str::to_owned),
        functions: names(&mut functions.iter()),
    })
}

/// Why [`select`] found no function for a crate; the message names the candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectError {
    /// `function = "..."` names no function of the manifest.
    NoSuchFunction { file: String, name: String, functions: Vec<String> },
    /// The package has functions, none of them this binary: each with its `bin`.
    NoneOfThisBinary { file: String, target: String, package: String, functions: Vec<(String, Option<String>)> },
    /// Several functions, none of this package.
    NoneOfThisPackage { file: String, package: Option<String>, functions: Vec<String> },
}

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |names: &mut dyn Iterator<Item = &String>| {
            names.map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
        };
        match self {
            SelectError::NoSuchFunction { file, name, functions } => {
                write!(f, "{file} has no function `{name}`; its functions are: {}", list(&mut functions.iter()))
            }
            SelectError::NoneOfThisBinary { file, target, package, functions } => write!(
                f,
                "no function of {file} is {target}: its functions of package `{package}` are {} (with their \
                 `bin`: {}); name this crate's with `function = \"...\"`",
                list(&mut functions.iter().map(|(name, _)| name)),
                // Strings, not `&str`: `[String]::join` is the core's copy (one fewer in users' builds).
                functions
                    .iter()
                    .map(|(_, bin)| bin.clone().unwrap_or_else(|| "any".into()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            SelectError::NoneOfThisPackage { file, package, functions } => write!(
                f,
                "{file} has several functions and none has `\"package\": \"{}\"`: name this crate's with \
                 `function = \"...\"` (or give it `package` and `bin`, as `sst-resources import` does); its \
                 functions are: {}",
                package.as_deref().unwrap_or("<package>"),
                list(&mut functions.iter())
            ),
        }
    }
}

impl std::error::Error for SelectError {}

/// The crate being compiled, as cargo names it to the compiler.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrateTarget<'a> {
    /// `CARGO_PKG_NAME`.
    pub package: Option<&'a str>,
    /// `CARGO_BIN_NAME`: set while a binary target is compiled.
    pub bin: Option<&'a str>,
}

impl CrateTarget<'_> {
    /// `package `p`, binary `b`` or `package `p` (not a binary target)`, for messages.
    pub fn describe(&self) -> String {
        let package = self.package.unwrap_or("<unknown>");
        match self.bin {
            Some(bin) => format!("package `{package}`, binary `{bin}`"),
            None => format!("package `{package}` (not a binary target)"),
        }
    }
}
