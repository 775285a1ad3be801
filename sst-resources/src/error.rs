//! The errors of bound-value access; their texts are those of docs/sst-v2-binding-protocol.md §4.

use std::fmt;

#[cfg(feature = "v2")]
use sst_binding_protocol_core::catalog;
use sst_binding_protocol_core::messages;
#[cfg(feature = "v2")]
use sst_binding_protocol_core::messages::Place;
use sst_binding_protocol_core::text;

use crate::links::LinkSourceError;

/// What a Job was asked to do.
#[cfg(feature = "v2")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobAction {
    /// `run`.
    Run,
    /// `cancel` of that job id.
    Cancel { job_id: String },
}

/// Why a bound value could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// `SST_APP` is not set: the process does not run with bindings.
    #[cfg(feature = "v2")]
    NoApp {
        /// Where the code runs, as SST tells it apart (`SST`, `AWS_LAMBDA_FUNCTION_NAME`,
        /// `CODEBUILD_BUILD_ARN`): it chooses the advice.
        place: Place,
    },
    /// The resource's variable is missing: it is not bound to this function.
    #[cfg(feature = "v2")]
    Unbound {
        /// The construct's name, e.g. `Bucket` or `Secret`.
        construct: &'static str,
        /// The id as written in the manifest.
        id: &'static str,
        /// The environment variable that was looked for.
        env_var: String,
    },
    /// The value is kept in SSM and `load()` has not fetched it yet.
    #[cfg(feature = "v2")]
    NotLoaded { construct: &'static str, id: &'static str, ssm_path: String },
    /// The value is kept in SSM, and this build has no SSM support.
    #[cfg(feature = "v2")]
    SsmDisabled { construct: &'static str, id: &'static str, ssm_path: String },
    /// Secrets that have no value at the stage's path nor at the fallback.
    #[cfg(feature = "v2")]
    SecretsNotSet { stage: String, names: Vec<String> },
    /// A `__FETCH_FROM_SECRET__:{name}` reference to a secret that is not bound.
    #[cfg(feature = "v2")]
    SecretReference { construct: &'static str, id: &'static str, secret: String },
    /// A value that is not a secret (a site URL, say) was not found in SSM by `load()`.
    #[cfg(feature = "v2")]
    NotInSsm { construct: &'static str, id: &'static str, ssm_path: String },
    /// `load()` found values kept in SSM, and this build has no SSM support.
    #[cfg(feature = "v2")]
    SsmFeatureDisabled {
        /// The SSM paths of the values that would have been fetched.
        ssm_paths: Vec<String>,
    },
    /// No AWS region for the SSM client: neither `SST_REGION` nor the AWS region chain gives one.
    #[cfg(feature = "v2")]
    NoRegion,
    /// SSM could not be reached (connection refused, DNS, TLS, or no answer within the timeouts).
    #[cfg(feature = "v2")]
    SsmUnreachable {
        /// The region of the client.
        region: String,
        /// The endpoint URL, where one was configured (`AWS_ENDPOINT_URL`).
        endpoint: Option<String>,
        /// What went wrong, as the AWS SDK describes it.
        detail: String,
    },
    /// The AWS credential chain found no credentials.
    #[cfg(feature = "v2")]
    SsmCredentials {
        /// What the chain said.
        detail: String,
    },
    /// The function's credentials may not call `ssm:GetParameters` on these paths.
    #[cfg(feature = "v2")]
    SsmAccessDenied {
        /// The paths of the refused call.
        ssm_paths: Vec<String>,
        /// What SSM said (it names the principal and the refused resource).
        message: String,
    },
    /// SSM throttled `GetParameters` and still did after the last retry.
    #[cfg(feature = "v2")]
    SsmThrottled {
        /// The attempts made (the first and the retries).
        attempts: u32,
        /// The error code SSM sent, e.g. `ThrottlingException`.
        code: String,
    },
    /// SSM's answer could not be read.
    #[cfg(feature = "v2")]
    SsmMalformedResponse {
        /// What was wrong with it (never a value).
        detail: String,
    },
    /// A Job's `run` or `cancel` failed: its job manager function could not be invoked, answered with a
    /// function error, or answered something else than SST's job manager does.
    #[cfg(feature = "v2")]
    Job {
        /// The job's id as it appears in names (`-` replaced by `_`), as SST names it.
        job: String,
        action: JobAction,
        /// What went wrong: the function error (`Unhandled`, with the function's message where it gave
        /// one), or the Lambda API's error.
        detail: String,
    },
    /// SST v3/v4: a link was asked for, and links are not active (neither `SST_RESOURCE_App` nor an `App`
    /// link): SST's Node reader's words.
    LinksInactive,
    /// SST v3/v4: the link is not linked to this function: SST's Node reader's words.
    NotLinked {
        /// The link's name, e.g. `MyBucket`.
        link: &'static str,
        /// `AWS_LAMBDA_FUNCTION_NAME`, where set (named in the message, as SST does).
        function: Option<String>,
    },
    /// SST v3/v4: the links could not be read from where SST puts them (a variable or the key file).
    LinkSource(LinkSourceError),
    /// SST v3/v4: a link's prop is missing or not of the type that `sst-env.d.ts` gave it.
    LinkValue {
        /// The link's name.
        link: &'static str,
        /// Where in the link: `limits.retries`, `subnets[2]`; empty for the link itself.
        path: String,
        /// The type expected: `a string`, `a number`, `a boolean`, `an array`, `an object`.
        expected: &'static str,
        /// What is there instead: `missing`, `null`, or another type (never the value).
        found: &'static str,
    },
    /// Any other error SSM answered with (invalid credentials, a KMS key that cannot decrypt, ...).
    #[cfg(feature = "v2")]
    Ssm {
        /// The error code, where SSM gave one.
        code: Option<String>,
        /// The error's message, as the AWS SDK describes it.
        message: String,
    },
}

#[cfg(feature = "v2")]
impl Error {
    /// The name users read for the construct (`Config` for secrets and parameters).
    fn shown(construct: &str) -> &str {
        catalog::display_name(construct)
    }
}

/// `sst-resources was built without its `{feature}` feature. Enable it: …`, with the line of Cargo.toml
/// that enables it, in this crate's version (`0.1` for 0.1.x).
#[cfg(feature = "v2")]
pub(crate) fn without_feature(feature: &str) -> String {
    format!("sst-resources was built without its `{feature}` feature. Enable it: {}.", enable_feature(feature))
}

#[cfg(feature = "v2")]
/// The dependency line that enables `feature`: `sst-resources = { version = "0.1", features = ["ssm"] }`.
pub(crate) fn enable_feature(feature: &str) -> String {
    let version = concat!(env!("CARGO_PKG_VERSION_MAJOR"), ".", env!("CARGO_PKG_VERSION_MINOR"));
    format!("`sst-resources = {{ version = \"{version}\", features = [\"{feature}\"] }}`")
}

impl fmt::Display for Error {
    /// The message on one line: names, paths and values in it come from the environment, SSM or a user's
    /// test values, and may hold a line break or an escape sequence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = Message(self).to_string();
        f.write_str(&text::one_line(&message))
    }
}

/// The message of an error, as written.
struct Message<'e>(&'e Error);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            #[cfg(feature = "v2")]
            Error::NoApp { place } => f.write_str(&messages::no_app(place)),
            #[cfg(feature = "v2")]
            Error::Unbound { construct, id, .. } => f.write_str(&messages::unbound_named(Error::shown(construct), id)),
            #[cfg(feature = "v2")]
            Error::NotLoaded { construct, id, ssm_path } => {
                f.write_str(&messages::not_loaded(Error::shown(construct), id, ssm_path))
            }
            #[cfg(feature = "v2")]
            Error::SsmDisabled { construct, id, ssm_path } => write!(
                f,
                "Cannot use {}.{id}: its value is stored in SSM at {ssm_path}, and {}",
                Error::shown(construct),
                without_feature("ssm")
            ),
            #[cfg(feature = "v2")]
            Error::SecretsNotSet { stage, names } => f.write_str(&messages::secrets_not_set(stage, names)),
            #[cfg(feature = "v2")]
            Error::SecretReference { construct, id, secret } => write!(
                f,
                "Cannot use {}.{id}: it takes its value from Secret `{secret}`, which is not bound to this function. \
                 Bind Secret.{secret} to it too.",
                Error::shown(construct)
            ),
            #[cfg(feature = "v2")]
            Error::NotInSsm { construct, id, ssm_path } => write!(
                f,
                "Cannot use {}.{id}: its value is stored in SSM at {ssm_path}, and that parameter does not exist. \
                 Deploy the app (SST writes it when it deploys the {construct}), or check SST_SSM_PREFIX.",
                Error::shown(construct)
            ),
            #[cfg(feature = "v2")]
            Error::SsmFeatureDisabled { ssm_paths } => {
                write!(f, "Cannot load the values stored in SSM ({}): {}", ssm_paths.join(", "), without_feature("ssm"))
            }
            #[cfg(feature = "v2")]
            Error::NoRegion => f.write_str(
                "Cannot load values from SSM: no AWS region is set. Set SST_REGION (or AWS_REGION, or a region in \
                 the AWS profile).",
            ),
            #[cfg(feature = "v2")]
            Error::SsmUnreachable { region, endpoint, detail } => {
                write!(f, "Cannot load values from SSM: SSM in {region}")?;
                if let Some(endpoint) = endpoint {
                    write!(f, " at {endpoint}")?;
                }
                write!(
                    f,
                    " could not be reached ({detail}). Check the network: a Lambda function in a VPC needs a NAT \
                     gateway or an SSM VPC endpoint."
                )
            }
            #[cfg(feature = "v2")]
            Error::SsmCredentials { detail } => write!(
                f,
                "Cannot load values from SSM: no AWS credentials ({detail}). In Lambda, the function's role gives \
                 them; elsewhere set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after `aws sso \
                 login` for an SSO profile)."
            ),
            #[cfg(feature = "v2")]
            Error::SsmAccessDenied { ssm_paths, message } => write!(
                f,
                "Cannot load values from SSM: access denied. The function's role needs `ssm:GetParameters` on {} \
                 (binding the resources to the function grants it). SSM said: {message}",
                ssm_paths.join(", ")
            ),
            #[cfg(feature = "v2")]
            Error::SsmThrottled { attempts, code } => write!(
                f,
                "Cannot load values from SSM: SSM throttled the requests ({code}) and still did after {attempts} \
                 attempts with backoff. SSM allows 40 GetParameters calls a second per account and region by \
                 default: spread cold starts out, or raise the Parameter Store throughput."
            ),
            #[cfg(feature = "v2")]
            Error::SsmMalformedResponse { detail } => {
                write!(f, "Cannot load values from SSM: its answer could not be read ({detail}).")
            }
            #[cfg(feature = "v2")]
            Error::Job { job, action: JobAction::Run, detail } => f.write_str(&messages::job_run_failed(job, detail)),
            #[cfg(feature = "v2")]
            Error::Job { job, action: JobAction::Cancel { job_id }, detail } => {
                f.write_str(&messages::job_cancel_failed(job, job_id, detail))
            }
            Error::LinksInactive => f.write_str(messages::LINKS_INACTIVE),
            Error::NotLinked { link, function } => f.write_str(&messages::not_linked(link, function.as_deref())),
            Error::LinkSource(source) => source.fmt(f),
            Error::LinkValue { link, path, expected, found } => {
                f.write_str(&messages::link_value(link, path, expected, found))
            }
            #[cfg(feature = "v2")]
            Error::Ssm { code, message } => {
                f.write_str("Cannot load values from SSM: ")?;
                if let Some(code) = code {
                    write!(f, "{code}: ")?;
                }
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(all(test, feature = "v2"))]
mod tests {
    use crate::store::Environment;

    #[test]
    fn the_feature_advice_names_this_version() {
        assert_eq!(
            super::enable_feature("ssm"),
            format!(
                "`sst-resources = {{ version = \"{}.{}\", features = [\"ssm\"] }}`",
                env!("CARGO_PKG_VERSION_MAJOR"),
                env!("CARGO_PKG_VERSION_MINOR")
            )
        );
        // The compiler's note for `run` without the `job` feature (src/job.rs) is an attribute, which takes
        // a literal only: it must say the same line.
        let note = super::enable_feature("job").replace('{', "{{").replace('}', "}}").replace('"', "\\\"");
        assert!(include_str!("job.rs").contains(&note), "src/job.rs's note differs from {note}");
    }

    fn no_app(vars: &[(&str, &str)]) -> String {
        let env = Environment::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        super::Error::NoApp { place: env.place }.to_string()
    }

    #[test]
    fn codebuild_is_treated_like_lambda() {
        // SST chooses its advice by `SST`, `AWS_LAMBDA_FUNCTION_NAME` or `CODEBUILD_BUILD_ARN`: a Job runs in
        // CodeBuild, where a missing SST_APP means the same as in a function.
        let arn = "arn:aws:codebuild:us-east-1:123456789012:build/nightly:8d1f";
        let text = no_app(&[("CODEBUILD_BUILD_ARN", arn), ("PATH", "/bin")]);
        assert_eq!(
            text,
            format!(
                "Cannot access bound resources. The job running as CodeBuild build `{arn}` has no SST_APP \
                 environment variable: bind the resources to the Job in the app and deploy again (or set the \
                 variables `sst-resources env --function NAME` prints on its CodeBuild project)."
            )
        );
        assert!(no_app(&[("AWS_LAMBDA_FUNCTION_NAME", "api")]).contains("The function `api` has no SST_APP"));
        assert!(no_app(&[("SST", "1"), ("AWS_LAMBDA_FUNCTION_NAME", "api")]).contains("at build time"));
        assert!(no_app(&[]).contains("SST_APP is not set: run the command under the bind CLI"));
        // A name from the environment with a line break (found by fuzz/env_vars) stays on one line.
        assert!(
            no_app(&[("AWS_LAMBDA_FUNCTION_NAME", "a\rb\u{1b}[2J")]).contains("The function `a\\rb\\u{1b}[2J` has")
        );
    }
}
