//! From the macro's arguments to what will be generated: the manifest read and checked, the function
//! chosen, and the app's resources grouped by the Rust type that will hold their accessors.

use std::collections::HashMap;
use std::path::PathBuf;

use sst_binding_protocol::manifest::{self, Function, Manifest, Resource};
use sst_binding_protocol::{Construct, catalog};

use crate::CrateContext;
use crate::ast::MacroInput;

/// Everything the expansion needs.
#[derive(Debug)]
pub struct Model {
    pub manifest: Manifest,
    /// The absolute path of the manifest (the expansion includes it so that cargo rebuilds on change).
    pub path: PathBuf,
    /// The function this crate is; `None` in a fallback, where every resource counts as bound.
    pub function: Option<String>,
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
    /// Whether this crate's function is bound to it.
    pub bound: bool,
}

impl Model {
    /// Reads the manifest named by the macro and chooses the function.
    pub fn read(input: &MacroInput, context: CrateContext<'_>) -> Result<Model, Failure> {
        let fail = |message: String| Failure { messages: vec![message], partial: None };
        let relative = input.path.value();
        if relative.is_empty() {
            return Err(fail("the manifest path is empty; name the file, e.g. \"bindings.json\"".into()));
        }
        if std::path::Path::new(&relative).is_absolute() {
            return Err(fail(format!(
                "`{relative}` is an absolute path; give the manifest's path relative to this crate's Cargo.toml \
                 (CARGO_MANIFEST_DIR), e.g. \"bindings.json\" or \"../bindings.json\""
            )));
        }
        let path = context.manifest_dir.join(&relative);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            fail(format!(
                "cannot read the manifest `{relative}` (looked for {}): {error}; the path is relative to this \
                 crate's Cargo.toml",
                path.display()
            ))
        })?;
        let manifest = match manifest::parse(&text, &relative) {
            Ok(manifest) => manifest,
            Err(error) => {
                return Err(Failure {
                    messages: error.diagnostics.iter().map(ToString::to_string).collect(),
                    partial: Some(Box::new(Model { manifest: error.partial, path, function: None })),
                });
            }
        };
        let function = input.function.as_ref().map(|f| f.value());
        match manifest.select_function(function.as_deref(), context.target) {
            Ok(f) => {
                let function = Some(f.name.clone());
                Ok(Model { manifest, path, function })
            }
            Err(message) => Err(Failure {
                messages: vec![message],
                partial: Some(Box::new(Model { manifest, path, function: None })),
            }),
        }
    }

    /// The app's resources grouped by Rust type, types in catalog order, accessors in file order.
    /// `Config` is always there (for `app()` and `stage()`).
    pub fn types(&self) -> Vec<TypeModel<'_>> {
        let function = self.function.as_deref().and_then(|name| self.manifest.function(name));
        let bound = function.map(Function::bound_keys);
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
                    bound: bound.as_ref().is_none_or(|bound| bound.contains(&resource.key())),
                });
            }
        }
        types
    }
}
