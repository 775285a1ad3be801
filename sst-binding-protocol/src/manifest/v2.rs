//! SST v2's form of the manifest: the app's resources, its custom kinds and what each function is bound
//! to (the feature `v2`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use super::{CrateTarget, Diagnostic, FunctionHead, Position, SelectError, select};
use crate::catalog::Catalog;
use crate::names::normalize_id;

/// Every problem of a manifest, in the order of their places, and what could be read in spite of them
/// (so that the macro can still emit the valid items and the user sees one error a problem, not a cascade).
#[derive(Clone, Debug)]
pub struct ManifestError {
    pub diagnostics: Vec<Diagnostic>,
    /// The resources, kinds and functions that were read without a problem (boxed: an error stays small).
    pub partial: Box<Manifest>,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::json::write_lines(f, &self.diagnostics)
    }
}

impl std::error::Error for ManifestError {}

/// A valid manifest.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The file as the user named it.
    pub file: String,
    /// The SST app name (it forms the SSM paths).
    pub app: String,
    /// SST's constructs plus the manifest's `kinds`.
    pub catalog: Catalog,
    /// Every resource of the app, in file order.
    pub resources: Vec<Resource>,
    /// Every function, in file order.
    pub functions: Vec<Function>,
}

/// One resource of the app: `{ "type": "Bucket", "id": "myFiles" }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    /// The construct's name (a key of the catalog).
    pub construct: String,
    /// The id as the user wrote it (`my-files`); names use it normalized.
    pub id: String,
    pub at: Position,
}

/// One function and what it is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// Which function it is and the crate that builds it (SST's handler `crate/src/bin/api.rs` is the
    /// binary `api`).
    pub head: FunctionHead,
    pub bind: Vec<Binding>,
}

/// One binding of a function: `"Bucket.myFiles"`, or an object with its own permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub construct: String,
    pub id: String,
    /// Replace the construct's default IAM statements for this binding, where given.
    pub permissions: Option<Vec<Permission>>,
    pub at: Position,
}

/// One IAM statement of a binding's own permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
}

/// What names one resource: its construct and its id normalized (`my-files` and `my_files` are one id,
/// as SST compares them). The key of the indexes that resolve bindings without scanning every resource.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceKey<'a> {
    pub construct: &'a str,
    /// The id with every `-` replaced by `_` (borrowed when it has none).
    pub id: Cow<'a, str>,
}

impl<'a> ResourceKey<'a> {
    pub fn new(construct: &'a str, id: &'a str) -> ResourceKey<'a> {
        let id = if id.contains('-') { Cow::Owned(normalize_id(id)) } else { Cow::Borrowed(id) };
        ResourceKey { construct, id }
    }
}

impl Resource {
    /// Whether this resource is `construct`.`id` (ids compared normalized, as SST does).
    pub fn is(&self, construct: &str, id: &str) -> bool {
        self.key() == ResourceKey::new(construct, id)
    }

    pub fn key(&self) -> ResourceKey<'_> {
        ResourceKey::new(&self.construct, &self.id)
    }
}

impl Binding {
    pub fn key(&self) -> ResourceKey<'_> {
        ResourceKey::new(&self.construct, &self.id)
    }
}

impl Manifest {
    /// The resource `construct`.`id`, if the app has it.
    pub fn resource(&self, construct: &str, id: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.is(construct, id))
    }

    /// The function of that name.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.head.name == name)
    }

    /// The functions whose code a crate is (see [`select`]).
    pub fn select_functions(&self, name: Option<&str>, crate_: CrateTarget<'_>) -> Result<Vec<&Function>, SelectError> {
        select(&self.file, &self.functions, name, crate_)
    }
}

impl AsRef<FunctionHead> for Function {
    fn as_ref(&self) -> &FunctionHead {
        &self.head
    }
}

impl Function {
    /// The binding of `construct`.`id`, if this function has it.
    pub fn binding(&self, construct: &str, id: &str) -> Option<&Binding> {
        let key = ResourceKey::new(construct, id);
        self.bind.iter().find(|b| b.key() == key)
    }

    /// Whether this function is bound to the resource.
    pub fn is_bound(&self, resource: &Resource) -> bool {
        self.binding(&resource.construct, &resource.id).is_some()
    }

    /// The resources this function is bound to, to test many resources at constant cost each
    /// (`is_bound` scans the bindings).
    pub fn bound_keys(&self) -> HashSet<ResourceKey<'_>> {
        self.bind.iter().map(Binding::key).collect()
    }
}
