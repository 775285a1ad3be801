//! What SST v2 itself knows of an app, read into a manifest (`sst-resources import`): every resource with
//! its original id and type, every function with exactly the bindings its environment carries, and the
//! Cargo package and binary of each Rust function.
//!
//! Two readers give the same `SstApp`: `tree` reads the construct tree that `sst-resources import` takes
//! from the app's stacks run in "remove" mode (as `sst types` does: no AWS, no function built), `dist`
//! reads what `sst build` wrote to `.sst/dist` (CloudFormation templates and their `SSTMetadata`).
//!
//! An SST v3 or v4 app links instead of binding: `links` reads what its own platform computes of each
//! function's links into the links form of the manifest.

mod dist;
mod error;
mod links;
mod made;
pub mod release;
mod tree;

use std::collections::{BTreeMap, HashMap};

use sst_binding_protocol::catalog::{self, Catalog, PropKind};
use sst_binding_protocol::manifest::{self, Binding, Function, FunctionHead, Manifest, Resource};
use sst_binding_protocol::names::{self, EnvVar, normalize_id};

use crate::manifest::ToJson;

pub use dist::read_dist;
pub use error::{CrateNotFound, FieldProblem, Fix, ImportError, MetadataPart, ReportList, ReportPart, Unbuildable};
pub use links::{LinkedApp, LinkedFunction, RustShape, read_links_report};
pub use made::ConstructMetadata;
pub use tree::read_tree;

/// The `runtime` of a function that runs in a container (SST's word for a Job's).
pub const CONTAINER: &str = "container";

/// The first SST major version that the readers know; what they read is checked against it.
const SST_MAJOR: &str = "2.";

/// An SST v2 app as its stacks define it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SstApp {
    /// The `sst` package that described it (`2.49.6`).
    pub sst_version: String,
    pub app: String,
    pub stage: String,
    /// Every construct another can be bound to, in the order SST lists them.
    pub constructs: Vec<AppConstruct>,
    /// Every SST `Function`, in the order SST lists them.
    pub functions: Vec<AppFunction>,
    /// What SST says of each of its constructs: where an API's routes, a Cron's job, ... are functions.
    pub metadata: Vec<ConstructMetadata>,
}

/// A construct another can be bound to: `new Bucket(stack, "my-files")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConstruct {
    /// The class name, as in variable names (`Bucket`, `Secret`, or the app's own `Redis`).
    pub construct: String,
    /// The id as the stacks wrote it (`my-files`; variable names carry `my_files`).
    pub id: String,
    /// Its bound props and how each travels, where SST says (the construct tree does, `.sst/dist` only for
    /// the props it can see); the catalog's props are used for SST's own constructs.
    pub props: Vec<(String, PropKind)>,
}

/// One SST `Function`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppFunction {
    /// The construct's id (`api`; `Lambda_GET_--photos` for an API route's function, named `api/GET /photos`).
    pub id: String,
    /// The construct's address in the tree (`c8ab8b13...`), by which other constructs refer to it.
    pub address: Option<String>,
    /// The CloudFormation stack it is in (`dev-my-app-Api`).
    pub stack: String,
    /// `rust` for a Rust function, as SST's `runtime` prop.
    pub runtime: Option<String>,
    /// The handler as the stacks give it (`functions/api/src/bin/api.rs`), relative to the app's root; for
    /// one that runs in a container (a `Service`, a Job of `runtime: "container"`), the folder its image is
    /// built in (the Service's `path`, the Job's `handler`).
    pub handler: Option<String>,
    /// The Dockerfile of one that runs in a container, relative to its folder, where the stacks name one
    /// (`file`, `container.file`); SST's default is `Dockerfile`.
    pub dockerfile: Option<String>,
    /// The binding variables of its environment (`SST_Bucket_bucketName_my_files`), with whether each holds
    /// a value kept in SSM (`__FETCH_FROM_SSM__`) where that is known.
    pub variables: Vec<(String, Option<bool>)>,
}

impl AppFunction {
    /// Whether SST builds it with `cargo lambda` (`runtime: "rust"`).
    pub fn is_rust(&self) -> bool {
        self.runtime.as_deref().is_some_and(|r| r.starts_with("rust"))
    }

    /// Whether it runs in a container SST builds from a Dockerfile (a `Service`, a Job of `runtime:
    /// "container"`): its Cargo package and binary are found only where its Dockerfile says.
    pub fn is_container(&self) -> bool {
        self.runtime.as_deref() == Some(CONTAINER)
    }

    /// The binary SST builds for a Rust function: the handler file's name (`api` of `src/bin/api.rs`).
    pub fn bin(&self) -> Option<&str> {
        let handler = self.handler.as_deref()?;
        let file = handler.rsplit(['/', '\\']).next()?;
        file.strip_suffix(".rs").filter(|stem| !stem.is_empty())
    }
}

/// The Cargo package and binary of a Rust function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustTarget {
    pub package: String,
    pub bin: String,
}

/// The head of the function `name`, with the package and binary of `target` where one was found, as an
/// import makes it (at no place: the manifest is read back from its text for that).
fn head(name: String, target: Option<RustTarget>) -> FunctionHead {
    let (package, bin) = target.map_or((None, None), |t| (Some(t.package), Some(t.bin)));
    FunctionHead { name, package, bin, at: Default::default() }
}

/// A manifest made from an app, with what the import chose to say of it (constructs left out, custom kinds).
#[derive(Clone, Debug)]
pub struct Imported {
    pub manifest: Manifest,
    pub notes: Vec<String>,
}

impl SstApp {
    /// The manifest of this app. `rust_target` gives the package and binary of a Rust function (found from
    /// the `Cargo.toml` above its handler, as SST finds it) and of one that runs in a container (from its
    /// folder's `Cargo.toml` and its Dockerfile); an error says why it could not: for a Rust function the
    /// import fails, for a container (which need not be Rust) its package and bin are left unset, in a note.
    pub fn to_manifest(
        &self,
        file: &str,
        mut rust_target: impl FnMut(&AppFunction) -> Result<RustTarget, CrateNotFound>,
    ) -> Result<Imported, Vec<ImportError>> {
        let mut notes = Vec::new();
        let mut errors = Vec::new();
        let mut catalog = Catalog::builtin();
        let mut resources = Resources::default();
        let mut custom: BTreeMap<String, BTreeMap<String, PropKind>> = BTreeMap::new();

        for c in &self.constructs {
            if catalog.get(&c.construct).is_none() {
                let props = custom.entry(c.construct.clone()).or_default();
                for (prop, kind) in &c.props {
                    props.insert(prop.clone(), *kind);
                }
            }
            resources.add(&c.construct, &c.id, &mut notes);
        }
        // A variable whose resource SST did not list (a construct of a library, say): its id as the variable
        // has it, and, for a kind SST lacks, the props the variables show.
        for function in &self.functions {
            for (variable, in_ssm) in &function.variables {
                let Some(parts) = EnvVar::parse(variable) else { continue };
                if catalog.get(parts.construct).is_none() {
                    let kind = if *in_ssm == Some(true) { PropKind::Secret } else { PropKind::Plain };
                    custom.entry(parts.construct.to_owned()).or_default().entry(parts.prop.to_owned()).or_insert(kind);
                }
                if resources.find(parts.construct, parts.id).is_none() {
                    notes.push(format!(
                        "function `{}` is bound to {}.{} (its variable {variable}), which SST does not list as a \
                         construct of the app: imported with the id as the variable has it",
                        function.id, parts.construct, parts.id
                    ));
                    resources.add(parts.construct, parts.id, &mut notes);
                }
            }
        }
        for (name, props) in &custom {
            let problem = names::check_kind_name(name)
                .err()
                .or_else(|| props.keys().find_map(|p| names::check_prop_name(p).err()))
                .map(|e| e.to_string())
                .or_else(|| props.is_empty().then(|| "it binds no value".to_owned()));
            if let Some(problem) = problem {
                notes.push(format!("left out the construct kind `{name}`: {problem}"));
                resources.remove_kind(name);
                continue;
            }
            let list: Vec<String> = props.iter().map(|(p, k)| format!("{p} ({})", k.manifest_name())).collect();
            notes.push(format!(
                "`{name}` is not one of SST's constructs: imported as a custom kind with props {}",
                list.join(", ")
            ));
            catalog.add_custom(name.clone(), props.iter().map(|(p, k)| (p.clone(), *k)).collect());
        }

        let names = function_names(&self.functions, &self.metadata, &self.app, &self.stage);
        let mut functions = Vec::new();
        for (function, name) in self.functions.iter().zip(names) {
            let mut bind: Vec<Binding> = Vec::new();
            for (variable, _) in &function.variables {
                let Some(parts) = EnvVar::parse(variable) else { continue };
                let Some(resource) = resources.find(parts.construct, parts.id) else { continue };
                if !bind.iter().any(|b| b.construct == resource.construct && b.id == resource.id) {
                    bind.push(Binding {
                        construct: resource.construct.clone(),
                        id: resource.id.clone(),
                        permissions: None,
                        at: Default::default(),
                    });
                }
            }
            let target = if function.is_rust() {
                match rust_target(function) {
                    Ok(target) => Some(target),
                    Err(why) => {
                        errors
                            .push(ImportError::RustFunctionWithoutCrate { function: name.clone(), why: Box::new(why) });
                        None
                    }
                }
            } else if function.is_container() {
                match rust_target(function) {
                    Ok(target) => Some(target),
                    Err(problem) => {
                        notes.push(format!(
                            "function `{name}` runs in a container: {problem}, so its package and bin are left \
                             unset (its code names it with `function = \"{name}\"`)"
                        ));
                        None
                    }
                }
            } else {
                None
            };
            functions.push(Function { head: head(name, target), bind });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let resources = resources.list;
        let manifest = Manifest { file: file.to_owned(), app: self.app.clone(), catalog, resources, functions };
        // What is written must read back: the manifest reader is the judge of every rule.
        match manifest::parse(&manifest.to_json(), file) {
            Ok(_) => Ok(Imported { manifest, notes }),
            Err(error) => Err(error
                .diagnostics
                .into_iter()
                .map(|diagnostic| ImportError::ManifestInvalid { diagnostic })
                .collect()),
        }
    }
}

/// The app's resources, found by construct and normalized id as variable names give them.
#[derive(Default)]
struct Resources {
    list: Vec<Resource>,
    index: HashMap<(String, String), usize>,
}

impl Resources {
    fn find(&self, construct: &str, normalized_id: &str) -> Option<&Resource> {
        self.index.get(&(construct.to_owned(), normalized_id.to_owned())).map(|&i| &self.list[i])
    }

    /// Adds a resource unless its id cannot be bound by name or the app has it already (`Secret` and
    /// `Parameter` share their ids).
    fn add(&mut self, construct: &str, id: &str, notes: &mut Vec<String>) {
        if let Err(problem) = names::check_id(id) {
            notes.push(format!("left out {construct} `{id}`: {problem}, so it cannot be bound by name"));
            return;
        }
        let normalized = normalize_id(id);
        let twin = match construct {
            catalog::SECRET => Some(catalog::PARAMETER),
            catalog::PARAMETER => Some(catalog::SECRET),
            _ => None,
        };
        if self.find(construct, &normalized).is_some() || twin.is_some_and(|t| self.find(t, &normalized).is_some()) {
            notes.push(format!("left out a second {construct} `{id}`: the app has one of that name already"));
            return;
        }
        self.index.insert((construct.to_owned(), normalized), self.list.len());
        self.list.push(Resource { construct: construct.to_owned(), id: id.to_owned(), at: Default::default() });
    }

    fn remove_kind(&mut self, construct: &str) {
        self.list.retain(|r| r.construct != construct);
        self.index =
            self.list.iter().enumerate().map(|(i, r)| ((r.construct.clone(), normalize_id(&r.id)), i)).collect();
    }
}

/// Each function's name in the manifest: the name a user reads it by — for one that a construct made, its
/// construct's id and what the stacks call it there (`api/GET /photos`, `nightly/job`), else its own id —
/// where no other function has that name, else `{Stack}/{name}` (the stack without SST's
/// `{stage}-{app}-`), numbered where even that repeats.
fn function_names(functions: &[AppFunction], metadata: &[ConstructMetadata], app: &str, stage: &str) -> Vec<String> {
    let ids: HashMap<&str, &str> =
        functions.iter().filter_map(|f| Some((f.address.as_deref()?, f.id.as_str()))).collect();
    let made = made::made_function_names(metadata, |address| ids.get(address).copied());
    let read: Vec<&str> = functions
        .iter()
        .map(|f| f.address.as_deref().and_then(|a| made.get(a)).map_or(f.id.as_str(), String::as_str))
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for name in &read {
        *count.entry(name).or_default() += 1;
    }
    let prefix = format!("{stage}-{app}-");
    let mut taken: HashMap<String, usize> = HashMap::new();
    functions
        .iter()
        .zip(&read)
        .map(|(f, &name)| {
            let name = if count[name] == 1 {
                name.to_owned()
            } else {
                format!("{}/{name}", f.stack.strip_prefix(&prefix).unwrap_or(&f.stack))
            };
            let seen = taken.entry(name.clone()).or_default();
            *seen += 1;
            if *seen == 1 { name } else { format!("{name}#{seen}") }
        })
        .collect()
}

/// The kind of a prop as SST's binding variables name it (`plain`, `secret`, `site_url`,
/// `secret_reference`); `None` for one that is not a value of the construct (`auth_id`).
fn prop_kind(sst_type: &str) -> Option<PropKind> {
    match sst_type {
        "plain" => Some(PropKind::Plain),
        "secret" => Some(PropKind::Secret),
        "site_url" => Some(PropKind::SiteUrl),
        "secret_reference" => Some(PropKind::SecretReference),
        _ => None,
    }
}

/// Whether what is read was made by SST v2: this reads SST v2's formats only.
fn is_v2(version: &str) -> bool {
    version.starts_with(SST_MAJOR)
}

#[cfg(test)]
mod tests;
