//! From the macro's arguments to what will be generated: the manifest read and checked, the function
//! chosen, and the app's resources grouped by the Rust type that will hold their accessors.

use std::collections::HashMap;
use std::path::PathBuf;

use sst_binding_protocol::manifest::{self, Function, Manifest, Resource, ResourceKey};
use sst_binding_protocol::{Construct, catalog};

use crate::CrateContext;
use crate::ast::MacroInput;
use crate::file::ManifestFile;
use crate::runs_in::RunsIn;

/// Everything the expansion needs.
#[derive(Debug)]
pub struct Model {
    pub manifest: Manifest,
    /// The absolute path of the manifest (the expansion includes it so that cargo rebuilds on change).
    pub path: PathBuf,
    /// Whose bindings decide which accessors compile.
    pub scope: Scope,
}

/// Whose bindings the expansion follows.
#[derive(Debug)]
pub enum Scope {
    /// The functions this crate's code runs in: the accessors of the resources not bound to every one of
    /// them do not compile.
    Functions(RunsIn),
    /// No function, after an error: every resource counts as bound, so that the user's uses of them add
    /// no errors to the real ones.
    Fallback,
}

/// Why the macro cannot expand normally: the messages, and what could still be read.
#[derive(Debug)]
pub struct Failure {
    pub messages: Vec<String>,
    /// A model of what was valid, to emit stand-in items from.
    pub partial: Option<Box<Model>>,
}

/// The accessors of one Rust type (`Bucket`, `Config`, `Redis`).
#[derive(Debug)]
pub struct TypeModel<'m> {
    /// `Config` for `Secret` and `Parameter`, else the construct's name.
    pub name: &'m str,
    pub accessors: Vec<Accessor<'m>>,
}

/// One resource's accessor.
#[derive(Debug)]
pub struct Accessor<'m> {
    pub resource: &'m Resource,
    pub construct: &'m Construct,
    /// The function's name, snake_case (possibly raw: `r#type`).
    pub ident: String,
    /// Whether this crate's function may use it.
    pub access: Access<'m>,
}

/// Whether the function may use a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access<'m> {
    /// Bound to the functions (or a fallback's, where everything is).
    Bound,
    /// Not bound to the functions `lacking` (never empty) of those the code runs in: its accessor does not
    /// compile.
    Unbound { lacking: Vec<&'m str> },
}

impl Model {
    /// Reads the manifest named by the macro (its text read by [`crate::file::read_file`]) and chooses the function.
    pub fn read(input: &MacroInput, context: CrateContext<'_>, file: ManifestFile) -> Result<Model, Failure> {
        let ManifestFile { relative, path, text } = file;
        let manifest = match manifest::parse(&text, &relative) {
            Ok(manifest) => manifest,
            Err(error) => {
                return Err(Failure {
                    messages: error.diagnostics.iter().map(ToString::to_string).collect(),
                    partial: Some(Box::new(Model { manifest: *error.partial, path, scope: Scope::Fallback })),
                });
            }
        };
        let function = input.function.as_ref().map(|f| f.value());
        match manifest.select_functions(function.as_deref(), context.target) {
            Ok(functions) => {
                let keys = |f: &Function| f.bind.iter().map(|b| key(b.key())).collect();
                let runs_in = RunsIn::new(functions, context.target, keys);
                Ok(Model { manifest, path, scope: Scope::Functions(runs_in) })
            }
            Err(error) => Err(Failure {
                messages: vec![error.to_string()],
                partial: Some(Box::new(Model { manifest, path, scope: Scope::Fallback })),
            }),
        }
    }

    /// The app's resources grouped by Rust type, types in catalog order, accessors in file order.
    /// `Config` is always there (for `app()` and `stage()`).
    pub fn types(&self) -> Vec<TypeModel<'_>> {
        // The functions and the resources bound to each (`read` chose them from this manifest); none in a
        // fallback, where every resource is.
        let runs_in = match &self.scope {
            Scope::Functions(runs_in) => Some(runs_in),
            Scope::Fallback => None,
        };
        let mut by_construct: HashMap<&str, Vec<&Resource>> = HashMap::new();
        for resource in &self.manifest.resources {
            by_construct.entry(&resource.construct).or_default().push(resource);
        }
        let mut types: Vec<TypeModel<'_>> = vec![TypeModel { name: catalog::CONFIG, accessors: Vec::new() }];
        for construct in self.manifest.catalog.iter() {
            for resource in by_construct.remove(construct.name.as_ref()).unwrap_or_default() {
                let name = construct.display_name();
                let index = match types.iter().position(|t| t.name == name) {
                    Some(index) => index,
                    None => {
                        types.push(TypeModel { name, accessors: Vec::new() });
                        types.len() - 1
                    }
                };
                types[index].accessors.push(Accessor {
                    resource,
                    construct,
                    ident: sst_binding_protocol::names::rust_ident(&resource.id),
                    access: match runs_in.map(|r| r.lacking(&key(resource.key()))) {
                        Some(lacking) if !lacking.is_empty() => Access::Unbound { lacking },
                        _ => Access::Bound,
                    },
                });
            }
        }
        types
    }
}

/// A resource's key as [`RunsIn`] keeps it: `Construct.id`, the id normalized as SST compares it.
fn key(key: ResourceKey<'_>) -> String {
    format!("{}.{}", key.construct, key.id)
}
