//! The errors of bound-value access; their texts are those of binding protocol §4.

use std::fmt;

use sst_binding_protocol::{catalog, messages};

/// Why a bound value could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// `SST_APP` is not set: the process does not run with bindings.
    NoApp {
        /// `AWS_LAMBDA_FUNCTION_NAME`, which chooses the advice.
        lambda_function: Option<String>,
    },
    /// The resource's variable is missing: it is not bound to this function.
    Unbound {
        /// The construct's name, e.g. `Bucket` or `Secret`.
        construct: &'static str,
        /// The id as written in the manifest.
        id: &'static str,
        /// The environment variable that was looked for.
        env_var: String,
    },
    /// The value is kept in SSM and `load()` has not fetched it yet.
    NotLoaded { construct: &'static str, id: &'static str, ssm_path: String },
    /// The value is kept in SSM, and this build has no SSM support.
    SsmDisabled { construct: &'static str, id: &'static str, ssm_path: String },
    /// Secrets that have no value at the stage's path nor at the fallback.
    SecretsNotSet { stage: String, names: Vec<String> },
    /// A `__FETCH_FROM_SECRET__:{name}` reference to a secret that is not bound.
    SecretReference { construct: &'static str, id: &'static str, secret: String },
}

impl Error {
    /// The name users read for the construct (`Config` for secrets and parameters).
    fn shown(construct: &str) -> &str {
        catalog::display_name(construct)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoApp { lambda_function } => f.write_str(&messages::no_app(lambda_function.as_deref())),
            Error::Unbound { construct, id, .. } => f.write_str(&messages::unbound_named(Self::shown(construct), id)),
            Error::NotLoaded { construct, id, ssm_path } => {
                f.write_str(&messages::not_loaded(Self::shown(construct), id, ssm_path))
            }
            Error::SsmDisabled { construct, id, ssm_path } => write!(
                f,
                "Cannot use {}.{id}: its value is stored in SSM at {ssm_path}, and sst-resources was built \
                 without its `ssm` feature. Enable it: `sst-resources = {{ version = \"0.1\", features = [\"ssm\"] }}`.",
                Self::shown(construct)
            ),
            Error::SecretsNotSet { stage, names } => f.write_str(&messages::secrets_not_set(stage, names)),
            Error::SecretReference { construct, id, secret } => write!(
                f,
                "Cannot use {}.{id}: it takes its value from Secret `{secret}`, which is not bound to this function. \
                 Bind Secret.{secret} to it too.",
                Self::shown(construct)
            ),
        }
    }
}

impl std::error::Error for Error {}
