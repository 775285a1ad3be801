//! Where bound values come from: the process environment (scanned once, as SST sets it), the values
//! `load()` fetched from SSM, or — inside a test's scope, with the `testing` feature — in-process test
//! values.

#[cfg(feature = "v2")]
use std::collections::HashMap;
use std::sync::OnceLock;

#[cfg(feature = "v2")]
use secrecy::ExposeSecret;
#[cfg(feature = "v2")]
use sst_binding_protocol_core::catalog;
#[cfg(feature = "v2")]
use sst_binding_protocol_core::messages::Place;
use sst_binding_protocol_core::names;
#[cfg(feature = "v2")]
use sst_binding_protocol_core::names::{EnvVar, SsmPath, SsmPrefix};
use sst_binding_protocol_core::releases::LinkReading;

use crate::Error;
#[cfg(feature = "v2")]
use crate::SecretValue;
use crate::links::{Link, LinkSourceError, Links, Sources};

#[cfg(any(test, feature = "testing"))]
pub(crate) mod scope;

/// The `SST_*` variables of one source, with the values that are not in the environment.
#[derive(Debug, Default)]
pub(crate) struct Environment {
    #[cfg(feature = "v2")]
    pub(crate) app: Option<String>,
    #[cfg(feature = "v2")]
    pub(crate) stage: Option<String>,
    #[cfg(feature = "v2")]
    pub(crate) ssm_prefix: Option<String>,
    /// `SST_REGION`: the region of the SSM client, where set.
    #[cfg(feature = "v2")]
    pub(crate) region: Option<String>,
    /// Where the code runs (`SST`, `AWS_LAMBDA_FUNCTION_NAME`, `CODEBUILD_BUILD_ARN`): chooses the advice
    /// when `SST_APP` is missing.
    #[cfg(feature = "v2")]
    pub(crate) place: Place,
    /// The id variables of SST's constructs (`AUTH_ID`), by name.
    #[cfg(feature = "v2")]
    pub(crate) id_variables: HashMap<String, String>,
    /// Binding variables (`SST_{Construct}_{prop}_{id}`) by name; every value kept as a secret, since the
    /// scan cannot tell a plain value from a secret passed for real by `bind`.
    #[cfg(feature = "v2")]
    pub(crate) vars: HashMap<String, SecretValue>,
    /// The variables SST v3/v4 links are read from.
    pub(crate) links: Sources,
}

impl Environment {
    /// The bindings of `vars`, as the Node helpers read them (docs/sst-v2-binding-protocol.md §1).
    pub(crate) fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Environment {
        let mut env = Environment::default();
        let mut lambda_function: Option<String> = None;
        #[cfg(feature = "v2")]
        let (mut sst, mut codebuild_build_arn) = (None, None);
        for (name, value) in vars {
            let Some((name, value)) = env.links.take(name, value) else { continue };
            match name.as_str() {
                names::AWS_LAMBDA_FUNCTION_NAME => lambda_function = Some(value),
                #[cfg(feature = "v2")]
                names::SST_APP => env.app = Some(value),
                #[cfg(feature = "v2")]
                names::SST_STAGE => env.stage = Some(value),
                #[cfg(feature = "v2")]
                names::SST_SSM_PREFIX => env.ssm_prefix = Some(value),
                #[cfg(feature = "v2")]
                names::SST_REGION => env.region = Some(value),
                #[cfg(feature = "v2")]
                names::SST => sst = Some(value),
                #[cfg(feature = "v2")]
                names::CODEBUILD_BUILD_ARN => codebuild_build_arn = Some(value),
                #[cfg(feature = "v2")]
                _ if catalog::is_id_variable(&name) => {
                    env.id_variables.insert(name, value);
                }
                #[cfg(feature = "v2")]
                _ if EnvVar::parse(&name).is_some() => {
                    env.vars.insert(name, SecretValue::from(value));
                }
                _ => {}
            }
        }
        #[cfg(feature = "v2")]
        {
            env.place = Place::detect(sst.as_deref(), lambda_function.as_deref(), codebuild_build_arn.as_deref());
        }
        env.links.lambda_function = lambda_function.filter(|f| !f.is_empty());
        env
    }

    /// The stage's SSM prefix (`SST_SSM_PREFIX` as written, else `/sst/{app}/{stage}/`).
    #[cfg(feature = "v2")]
    pub(crate) fn ssm_prefix(&self) -> SsmPrefix {
        SsmPrefix::for_stage(
            self.ssm_prefix.as_deref(),
            self.app.as_deref().unwrap_or_default(),
            self.stage.as_deref().unwrap_or_default(),
        )
    }

    /// The values whose variable holds `__FETCH_FROM_SSM__`, with their SSM paths
    /// (docs/sst-v2-binding-protocol.md §3.2), in the order of their variable names.
    #[cfg(feature = "v2")]
    pub(crate) fn ssm_values(&self) -> Vec<SsmValue> {
        let prefix = self.ssm_prefix();
        let mut values: Vec<SsmValue> = self
            .vars
            .iter()
            .filter(|(_, value)| value.expose_secret() == names::FETCH_FROM_SSM)
            .filter_map(|(var, _)| EnvVar::parse(var).map(|p| SsmValue::new(&prefix, p.construct, p.id, p.prop)))
            .collect();
        // Unstable, as the names are distinct: the same order, with a smaller sort in users' builds.
        values.sort_unstable_by(|a, b| a.var.cmp(&b.var));
        values
    }
}

/// A value kept in SSM: the variable that holds the placeholder and where the value is.
#[cfg(feature = "v2")]
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "ssm"), allow(dead_code))]
pub(crate) struct SsmValue {
    /// `SST_{Construct}_{prop}_{id}`.
    pub(crate) var: String,
    pub(crate) construct: String,
    /// The id as it appears in names (`-` replaced by `_`).
    pub(crate) id: String,
    /// `{prefix}{Construct}/{id}/{prop}`.
    pub(crate) path: SsmPath,
}

#[cfg(feature = "v2")]
impl SsmValue {
    /// The value of `prop` of `construct` `id`, kept under `prefix`.
    pub(crate) fn new(prefix: &SsmPrefix, construct: &str, id: &str, prop: &str) -> SsmValue {
        SsmValue {
            var: EnvVar::new(construct, prop, id).to_string(),
            construct: construct.to_owned(),
            id: names::normalize_id(id),
            path: prefix.path(construct, id, prop),
        }
    }
}

/// A resource as the generated code names it.
#[cfg(feature = "v2")]
#[doc(hidden)]
#[derive(Debug)]
pub struct Resource {
    /// The construct's name, e.g. `Bucket`.
    pub construct: &'static str,
    /// The id as written in the manifest.
    pub id: &'static str,
}

/// The values one lookup reads from: the process's, or a test scope's.
pub(crate) struct Layer {
    pub(crate) env: Environment,
    /// What `load()` fetched from SSM, by variable name.
    #[cfg(feature = "v2")]
    pub(crate) loaded: OnceLock<HashMap<String, SecretValue>>,
    /// SST v3/v4 links, read from `env` (the key file decrypted) on the first link asked for.
    links: OnceLock<Result<Links, LinkSourceError>>,
    /// Held by the one `load()` that fetches, so that concurrent calls wait for it instead of fetching too.
    #[cfg(feature = "ssm")]
    pub(crate) loading: tokio::sync::Mutex<()>,
    /// The Lambda client of a Job's `run` and `cancel`, made on first use.
    #[cfg(feature = "job")]
    pub(crate) lambda: tokio::sync::OnceCell<aws_sdk_lambda::Client>,
}

impl Layer {
    pub(crate) fn new(env: Environment) -> Layer {
        Layer {
            env,
            #[cfg(feature = "v2")]
            loaded: OnceLock::new(),
            links: OnceLock::new(),
            #[cfg(feature = "ssm")]
            loading: tokio::sync::Mutex::new(()),
            #[cfg(feature = "job")]
            lambda: tokio::sync::OnceCell::new(),
        }
    }

    /// The links of this layer, read once.
    fn links(&'static self) -> Result<&'static Links, Error> {
        let links = self.links.get_or_init(|| Links::read(&self.env.links));
        links.as_ref().map_err(|e| Error::LinkSource(e.clone()))
    }

    #[cfg(feature = "v2")]
    pub(crate) fn app(&'static self) -> Result<&'static str, Error> {
        self.env.app.as_deref().ok_or_else(|| Error::NoApp { place: self.env.place.clone() })
    }

    #[cfg(feature = "v2")]
    pub(crate) fn stage(&'static self) -> Result<&'static str, Error> {
        self.app()?;
        // The error is made only where it is returned: a read that succeeds allocates nothing.
        self.env.stage.as_deref().ok_or_else(|| Error::Unbound {
            construct: catalog::CONFIG,
            id: "STAGE",
            env_var: names::SST_STAGE.to_owned(),
        })
    }

    #[cfg(feature = "v2")]
    /// The value of one prop, following placeholders: `__FETCH_FROM_SSM__` reads what `load()` fetched,
    /// `__FETCH_FROM_SECRET__:{name}` reads Secret `{name}`.
    pub(crate) fn value(&'static self, resource: &Resource, prop: &str) -> Result<&'static SecretValue, Error> {
        self.app()?;
        let var = EnvVar::new(resource.construct, prop, resource.id);
        let raw = self.env.vars.get(var.as_str()).ok_or_else(|| Error::Unbound {
            construct: resource.construct,
            id: resource.id,
            env_var: var.to_string(),
        })?;
        let text = raw.expose_secret();
        if text == names::FETCH_FROM_SSM {
            return self
                .fetched(resource, SsmValue::new(&self.env.ssm_prefix(), resource.construct, resource.id, prop));
        }
        if let Some(secret) = text.strip_prefix(names::FETCH_FROM_SECRET) {
            let reference = EnvVar::new(catalog::SECRET, "value", secret);
            return match self.env.vars.get(reference.as_str()) {
                Some(v) if v.expose_secret() == names::FETCH_FROM_SSM => {
                    self.fetched(resource, SsmValue::new(&self.env.ssm_prefix(), catalog::SECRET, secret, "value"))
                }
                Some(v) if !v.expose_secret().starts_with(names::FETCH_FROM_SECRET) => Ok(v),
                _ => Err(Error::SecretReference {
                    construct: resource.construct,
                    id: resource.id,
                    secret: secret.to_owned(),
                }),
            };
        }
        Ok(raw)
    }

    #[cfg(feature = "v2")]
    /// A value that the environment marks as stored in SSM: `kept` is where (the referenced Secret, for a
    /// reference), `resource` the one the user asked for.
    fn fetched(&'static self, resource: &Resource, kept: SsmValue) -> Result<&'static SecretValue, Error> {
        let ssm_path = || kept.path.to_string();
        if !cfg!(feature = "ssm") {
            return Err(Error::SsmDisabled { construct: resource.construct, id: resource.id, ssm_path: ssm_path() });
        }
        match self.loaded.get() {
            Some(loaded) => loaded.get(&kept.var).ok_or_else(|| {
                if kept.construct == catalog::SECRET {
                    // A secret `load()` did not find (its error said so; this is a later use).
                    Error::SecretsNotSet {
                        stage: self.env.stage.clone().unwrap_or_default(),
                        names: vec![kept.id.clone()],
                    }
                } else {
                    Error::NotInSsm { construct: resource.construct, id: resource.id, ssm_path: ssm_path() }
                }
            }),
            None => Err(Error::NotLoaded { construct: resource.construct, id: resource.id, ssm_path: ssm_path() }),
        }
    }
}

/// The process's values: its environment, scanned once on first use.
pub(crate) fn process() -> &'static Layer {
    static PROCESS: OnceLock<Layer> = OnceLock::new();
    PROCESS.get_or_init(|| {
        // Names or values that are not UTF-8 cannot be SST bindings; they are skipped, not a panic.
        let vars = std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
        Layer::new(Environment::from_vars(vars))
    })
}

/// The layer of the current test scope, else the process's.
#[cfg(all(feature = "v2", any(test, feature = "testing")))]
pub(crate) fn current_layer() -> &'static Layer {
    scope::current().map(|s| &s.layer).unwrap_or_else(process)
}

/// The process's layer (test scopes exist only with the `testing` feature).
#[cfg(all(feature = "v2", not(any(test, feature = "testing"))))]
pub(crate) fn current_layer() -> &'static Layer {
    process()
}

/// One accessor's value, built on first use and kept for the life of the process: after the first
/// successful read, `get` is a load of the cached reference (no allocation, no hashing, no lock).
#[doc(hidden)]
pub struct Cache<T>(OnceLock<T>);

impl<T: Send + Sync + 'static> Cache<T> {
    #[expect(clippy::new_without_default, reason = "generated code makes a Cache in a static, with the const `new`")]
    pub const fn new() -> Self {
        Cache(OnceLock::new())
    }

    /// The cached value, or `build` from the current layer. A failed build is not cached, so a value
    /// that needs `load()` works once it has run. Inside a test scope, the scope's values are used.
    #[inline]
    pub fn get(&'static self, build: impl FnOnce(Source) -> Result<T, Error>) -> Result<&'static T, Error> {
        #[cfg(any(test, feature = "testing"))]
        if scope::used() {
            return self.get_scoped(build);
        }
        match self.0.get() {
            Some(value) => Ok(value),
            None => self.build(build),
        }
    }

    /// The first read from the process's environment.
    #[cold]
    #[inline(never)]
    fn build(&'static self, build: impl FnOnce(Source) -> Result<T, Error>) -> Result<&'static T, Error> {
        let value = build(Source(process()))?;
        Ok(self.0.get_or_init(|| value))
    }

    /// Every read of a process that has used test scopes: the current scope's value, else the process's.
    #[cfg(any(test, feature = "testing"))]
    #[cold]
    #[inline(never)]
    fn get_scoped(&'static self, build: impl FnOnce(Source) -> Result<T, Error>) -> Result<&'static T, Error> {
        match scope::current() {
            Some(scope) => scope.get(self as *const Self as usize, build),
            None => match self.0.get() {
                Some(value) => Ok(value),
                None => self.build(build),
            },
        }
    }
}

/// What generated code reads props through.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Source(&'static Layer);

impl Source {
    #[cfg(feature = "v2")]
    pub fn plain(self, resource: &Resource, prop: &str) -> Result<&'static str, Error> {
        Ok(self.0.value(resource, prop)?.expose_secret())
    }

    #[cfg(feature = "v2")]
    pub fn secret(self, resource: &Resource, prop: &str) -> Result<&'static SecretValue, Error> {
        self.0.value(resource, prop)
    }

    #[cfg(feature = "v2")]
    /// A prop that only some versions of SST bind: `None` where its variable is missing.
    pub fn optional_plain(self, resource: &Resource, prop: &str) -> Result<Option<&'static str>, Error> {
        Ok(self.optional_secret(resource, prop)?.map(ExposeSecret::expose_secret))
    }

    #[cfg(feature = "v2")]
    /// [`Source::optional_plain`] for a secret prop.
    pub fn optional_secret(self, resource: &Resource, prop: &str) -> Result<Option<&'static SecretValue>, Error> {
        match self.0.value(resource, prop) {
            Ok(value) => Ok(Some(value)),
            Err(Error::Unbound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    #[cfg(feature = "v2")]
    /// A construct's id variable (`AUTH_ID`), where set.
    pub fn variable(self, name: &str) -> Option<&'static str> {
        self.0.env.id_variables.get(name).map(String::as_str)
    }

    #[cfg(feature = "v2")]
    pub fn app(self) -> Result<&'static str, Error> {
        self.0.app()
    }

    /// SST v3/v4: link `name` of the current layer, read as the Node reader of the release the app is on
    /// reads links (`reading`, which the macro picks at compile time); SST's error where it is missing.
    pub fn link(self, name: &'static str, reading: LinkReading) -> Result<Link, Error> {
        self.0.links()?.link(name, reading)
    }

    #[cfg(feature = "v2")]
    pub fn stage(self) -> Result<&'static str, Error> {
        self.0.stage()
    }
}
