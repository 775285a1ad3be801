//! Bound values for tests, in-process: no environment variable is set (which is `unsafe` in edition
//! 2024 and leaks between tests running in parallel), and each test sees only its own values.
//!
//! ```
//! # #[cfg(feature = "v2")] { // An SST v2 manifest: the feature `v2`.
//! use sst_resources::testing::Values;
//!
//! sst_resources::sst_resources!("../examples/quickstart/bindings.json", function = "api");
//!
//! let values = Values::new("my-sst-app", "test").set("Bucket", "myFiles", "bucketName", "test-bucket");
//! values.run(|| {
//!     assert_eq!(Bucket::my_files().unwrap().bucket_name, "test-bucket");
//! });
//! // Outside the scope, the process environment is used again (here: no SST_APP).
//! assert!(Bucket::my_files().is_err());
//! # }
//! ```
//!
//! SST v3/v4 links are set the same way: [`Values::new`] gives the `App` link (`{"name", "stage"}`), and
//! [`Values::link`] one link each, as `SST_RESOURCE_{Name}` would; [`Values::from_env`] reads
//! `SST_RESOURCE_*`, `SST_RESOURCES_JSON` and the key file (`SST_KEY`, `SST_KEY_FILE`) as the process does.
//!
//! ```
//! use sst_resources::__private::{Cache, LinkReading};
//! use sst_resources::serde_json::json;
//! use sst_resources::testing::Values;
//! use sst_resources::Error;
//!
//! // What the macro generates for a link of `sst-env.d.ts` (here written by hand).
//! struct MyBucket {
//!     name: &'static str,
//! }
//! fn my_bucket() -> Result<&'static MyBucket, Error> {
//!     static CACHE: Cache<MyBucket> = Cache::new();
//!     CACHE.get(|source| Ok(MyBucket { name: source.link("MyBucket", LinkReading::NEWEST)?.get("name")?.str()? }))
//! }
//!
//! let values = Values::new("my-app", "test").link("MyBucket", json!({"name": "b", "type": "sst.aws.Bucket"}));
//! values.run(|| assert_eq!(my_bucket().unwrap().name, "b"));
//! // Where the link is missing, SST's own error; with no `App` link either, links are not active.
//! Values::new("my-app", "test").run(|| {
//!     assert_eq!(my_bucket().err().unwrap().to_string(), "\"MyBucket\" is not linked in your sst.config.ts");
//! });
//! Values::without_app().run(|| {
//!     let error = my_bucket().err().unwrap().to_string();
//!     assert!(error.starts_with("It does not look like SST links are active."), "{error}");
//! });
//! // The environment of an `sst shell`, read as the process reads its own.
//! let vars = [("SST_RESOURCE_App", r#"{"name":"my-app","stage":"dev"}"#), ("SST_RESOURCE_MyBucket", r#"{"name":"d"}"#)];
//! Values::from_env(vars.map(|(k, v)| (k.to_owned(), v.to_owned()))).run(|| assert_eq!(my_bucket().unwrap().name, "d"));
//! ```
//!
//! Values are keyed as in SSM and in a `--values` file: construct, id, prop. A value may be a
//! placeholder (`__FETCH_FROM_SSM__`) to test what happens before `load()`; give the fetched value with
//! [`Values::fetched`]. Inside the scope, accessors read only these values — a resource that is not set
//! behaves as unbound, exactly as in a deployed function.
//!
//! The scope belongs to the thread (for [`Values::run`]) or to the future (for [`Values::scope`]):
//! tasks spawned from inside it do not see it; give each task the same values with [`Values::shared`].
//! Test values are kept for the life of the test process.
//!
//! `sst_resources::load()` inside a scope loads the scope's values from SSM (with the scope's app, stage
//! and prefix), once per scope; after [`Values::fetched`] it has nothing left to do.

#[cfg(feature = "v2")]
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use sst_binding_protocol_core::names;
#[cfg(feature = "v2")]
use sst_binding_protocol_core::names::EnvVar;

#[cfg(feature = "v2")]
use crate::SecretValue;
use crate::store::scope::{self, Scope};
use crate::store::{Environment, Layer};

/// A set of bound values for one test.
#[derive(Debug, Default)]
pub struct Values {
    env: Environment,
    #[cfg(feature = "v2")]
    fetched: HashMap<String, SecretValue>,
}

impl Values {
    /// Values of app `app` at stage `stage` (what `SST_APP` and `SST_STAGE` would hold), with SST v3/v4's
    /// `App` link, `{"name": app, "stage": stage}` (what `SST_RESOURCE_App` would hold).
    pub fn new(app: &str, stage: &str) -> Values {
        #[cfg(feature = "v2")]
        let env = Environment { app: Some(app.to_owned()), stage: Some(stage.to_owned()), ..Default::default() };
        #[cfg(not(feature = "v2"))]
        let env = Environment::default();
        Values::of(env).link(names::APP_LINK, serde_json::json!({"name": app, "stage": stage}))
    }

    /// The values of a process whose environment is `vars`, read by the same scan as the process's own:
    /// `SST_APP`, `SST_STAGE`, `SST_SSM_PREFIX`, `SST_REGION`, `AWS_LAMBDA_FUNCTION_NAME` and every
    /// `SST_{Construct}_{prop}_{id}` variable; for SST v3/v4 links, every `SST_RESOURCE_{Name}`,
    /// `SST_RESOURCES_JSON`, and `SST_KEY` with `SST_KEY_FILE` (the file read, relative to the working
    /// directory, on the first link asked for); other variables are ignored. For a test that replays a
    /// deployed function's environment as it is (`sst-resources env --function NAME` prints one).
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Values {
        Values::of(Environment::from_vars(vars))
    }

    fn of(env: Environment) -> Values {
        Values {
            env,
            #[cfg(feature = "v2")]
            fetched: HashMap::new(),
        }
    }

    /// Values with no app at all, as a process that does not run with bindings.
    pub fn without_app() -> Values {
        Values::default()
    }

    #[cfg(feature = "v2")]
    /// Binds `prop` of resource `id` of `construct` (e.g. `"Bucket", "myFiles", "bucketName"`) to `value`,
    /// as the environment variable `SST_Bucket_bucketName_myFiles` would.
    pub fn set(mut self, construct: &str, id: &str, prop: &str, value: impl Into<String>) -> Values {
        self.env.vars.insert(EnvVar::new(construct, prop, id).to_string(), SecretValue::from(value.into()));
        self
    }

    /// Sets SST v3/v4 link `name` to `value`, as the variable `SST_RESOURCE_{name}` would (the JSON of it);
    /// `"App"` replaces the app's link.
    pub fn link(mut self, name: &str, value: serde_json::Value) -> Values {
        self.env.links.set_var(name, value.to_string());
        self
    }

    #[cfg(feature = "v2")]
    /// Sets the value stored in SSM for a prop whose variable holds `__FETCH_FROM_SSM__`, as if
    /// `load()` had fetched it. The placeholder is set too.
    pub fn fetched(mut self, construct: &str, id: &str, prop: &str, value: impl Into<String>) -> Values {
        let var = EnvVar::new(construct, prop, id).to_string();
        self.env.vars.insert(var.clone(), SecretValue::from(names::FETCH_FROM_SSM));
        self.fetched.insert(var, SecretValue::from(value.into()));
        self
    }

    #[cfg(feature = "v2")]
    /// Sets `AUTH_ID`, which SST's newer `Auth` sets to its id on the functions bound to it.
    pub fn auth_id(mut self, id: &str) -> Values {
        self.env.id_variables.insert(names::AUTH_ID.to_owned(), id.to_owned());
        self
    }

    #[cfg(feature = "v2")]
    /// Sets `SST_SSM_PREFIX` (shown in the messages about values kept in SSM).
    pub fn ssm_prefix(mut self, prefix: &str) -> Values {
        self.env.ssm_prefix = Some(prefix.to_owned());
        self
    }

    #[cfg(feature = "v2")]
    /// Sets `SST_REGION` (the region of the SSM client `load()` makes).
    pub fn region(mut self, region: &str) -> Values {
        self.env.region = Some(region.to_owned());
        self
    }

    /// One scope that many threads or tasks can enter: each [`Shared::scope`] or [`Shared::run`] sees the
    /// same values, and the same `load()` (so concurrent loads in it fetch once).
    pub fn shared(self) -> Shared {
        Shared { scope: self.into_scope() }
    }

    fn into_scope(self) -> &'static Scope {
        let layer = Layer::new(self.env);
        #[cfg(feature = "v2")]
        if !self.fetched.is_empty() {
            let _ = layer.loaded.set(self.fetched);
        }
        Box::leak(Box::new(Scope::new(layer)))
    }

    /// Runs `f` with these values in place of the process's.
    pub fn run<R>(self, f: impl FnOnce() -> R) -> R {
        let _guard = scope::enter(self.into_scope());
        f()
    }

    /// Wraps a future so that it sees these values each time it is polled, on whichever thread.
    pub fn scope<F: Future>(self, future: F) -> Scoped<F> {
        Scoped { scope: self.into_scope(), future: Box::pin(future) }
    }
}

/// Test values shared by threads or tasks; see [`Values::shared`].
#[derive(Clone, Copy)]
pub struct Shared {
    scope: &'static Scope,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").field("env", &self.scope.layer.env).finish_non_exhaustive()
    }
}

impl Shared {
    /// Runs `f` with these values in place of the process's.
    pub fn run<R>(self, f: impl FnOnce() -> R) -> R {
        let _guard = scope::enter(self.scope);
        f()
    }

    /// Wraps a future so that it sees these values each time it is polled, on whichever thread.
    pub fn scope<F: Future>(self, future: F) -> Scoped<F> {
        Scoped { scope: self.scope, future: Box::pin(future) }
    }
}

/// A future that runs with test values; see [`Values::scope`].
pub struct Scoped<F> {
    scope: &'static Scope,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _guard = scope::enter(self.scope);
        self.future.as_mut().poll(cx)
    }
}
