//! SST v2's texts (the feature `v2`): a resource not bound, secrets not set, no `SST_APP`, a Job that
//! failed, a value not loaded from SSM.

use crate::catalog::Construct;

/// `Cannot use Bucket.myFiles. Please make sure it is bound to this function.`
/// (`Config.{id}` for `Secret` and `Parameter`, as the Node helpers say).
pub fn unbound(construct: &Construct, id: &str) -> String {
    unbound_named(construct.display_name(), id)
}

/// [`unbound`] with the display name already chosen (`Config` for secrets and parameters).
pub fn unbound_named(display_name: &str, id: &str) -> String {
    format!("Cannot use {display_name}.{id}. Please make sure it is bound to this function.")
}

/// `The following secret values are not set in the "{stage} stage": A, B` (quotes as SST places them).
pub fn secrets_not_set<S: AsRef<str>>(stage: &str, names: &[S]) -> String {
    let mut out = format!("The following secret values are not set in the \"{stage} stage\": ");
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name.as_ref());
    }
    out
}

/// Where the code runs, as SST's Node helpers tell it apart to choose their advice when `SST_APP` is
/// missing: `SST` set (a build that SST runs), else `AWS_LAMBDA_FUNCTION_NAME` or `CODEBUILD_BUILD_ARN`
/// set (a Function, or a Job, which runs in CodeBuild), else anywhere else. Empty values count as unset,
/// as in JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Place {
    /// `SST` is set: code run by SST at build time (a site's build).
    Build,
    /// In Lambda: `AWS_LAMBDA_FUNCTION_NAME`.
    Lambda { function: String },
    /// In CodeBuild, where SST runs a Job: `CODEBUILD_BUILD_ARN`.
    CodeBuild { build_arn: String },
    /// Anywhere else: a test, a script, a server.
    #[default]
    Elsewhere,
}

impl Place {
    /// The place SST would see, from the variables `SST`, `AWS_LAMBDA_FUNCTION_NAME` and `CODEBUILD_BUILD_ARN`.
    pub fn detect(sst: Option<&str>, lambda_function: Option<&str>, codebuild_build_arn: Option<&str>) -> Place {
        let set = |v: Option<&str>| v.filter(|v| !v.is_empty()).map(str::to_owned);
        if set(sst).is_some() {
            Place::Build
        } else if let Some(function) = set(lambda_function) {
            Place::Lambda { function }
        } else if let Some(build_arn) = set(codebuild_build_arn) {
            Place::CodeBuild { build_arn }
        } else {
            Place::Elsewhere
        }
    }
}

/// The first sentence of every "no `SST_APP`" message, SST's own.
pub const NO_APP: &str = "Cannot access bound resources.";

/// `SST_APP` is missing: SST's first sentence, `Cannot access bound resources.`, then what to do where the
/// code runs (SST's Node helpers give Node advice there; this gives the Rust one).
pub fn no_app(place: &Place) -> String {
    let advice = match place {
        Place::Build => "SST_APP is not set: code that runs at build time needs its resources bound; run the \
                         build under the bind CLI (`sst bind <command>`, or `sst-resources bind -- <command>`)."
            .to_owned(),
        Place::Lambda { function } => format!(
            "The function `{function}` has no SST_APP environment variable: bind the resources to it in the app \
             and deploy again (or set the variables `sst-resources env --function NAME` prints)."
        ),
        Place::CodeBuild { build_arn } => format!(
            "The job running as CodeBuild build `{build_arn}` has no SST_APP environment variable: bind the \
             resources to the Job in the app and deploy again (or set the variables `sst-resources env \
             --function NAME` prints on its CodeBuild project)."
        ),
        Place::Elsewhere => "SST_APP is not set: run the command under the bind CLI (`sst-resources bind -- \
                             <command>`), or deploy the function with its bindings."
            .to_owned(),
    };
    format!("{NO_APP} {advice}")
}

/// `Failed to invoke the "{job}" job. Error: {error}`: SST's `Job.{job}.run()` failed (`job` is the id as
/// it appears in names).
pub fn job_run_failed(job: &str, error: &str) -> String {
    format!("Failed to invoke the \"{job}\" job. Error: {error}")
}

/// `Failed to cancel the "{job}" job id {job_id}. Error: {error}`: SST's `Job.{job}.cancel(jobId)` failed.
pub fn job_cancel_failed(job: &str, job_id: &str, error: &str) -> String {
    format!("Failed to cancel the \"{job}\" job id {job_id}. Error: {error}")
}

/// A value kept in SSM was used before `load()` fetched it.
pub fn not_loaded(display_name: &str, id: &str, path: &str) -> String {
    format!(
        "Cannot use {display_name}.{id} yet: its value is stored in SSM at {path} and has not been loaded. Call \
         `sst_resources::load().await` once at cold start (in `main`, before `lambda_runtime::run`)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_node_helpers_words() {
        let catalog = Catalog::builtin();
        assert_eq!(
            unbound(catalog.get("Bucket").unwrap(), "myFiles"),
            "Cannot use Bucket.myFiles. Please make sure it is bound to this function."
        );
        assert_eq!(
            unbound(catalog.get("Secret").unwrap(), "STRIPE_KEY"),
            "Cannot use Config.STRIPE_KEY. Please make sure it is bound to this function."
        );
        assert_eq!(
            secrets_not_set("dev", &["A", "B"]),
            "The following secret values are not set in the \"dev stage\": A, B"
        );
        assert!(no_app(&Place::Elsewhere).starts_with("Cannot access bound resources. "));
        assert!(no_app(&Place::Elsewhere).contains("sst-resources bind -- <command>"));
    }

    #[test]
    fn the_job_messages_are_sst_s() {
        assert_eq!(job_run_failed("nightly", "Unhandled"), "Failed to invoke the \"nightly\" job. Error: Unhandled");
        assert_eq!(
            job_cancel_failed("nightly", "build:1", "Unhandled"),
            "Failed to cancel the \"nightly\" job id build:1. Error: Unhandled"
        );
    }

    #[test]
    fn the_advice_follows_the_place_as_sst_tells_it() {
        assert_eq!(Place::detect(None, None, None), Place::Elsewhere);
        assert_eq!(Place::detect(Some(""), Some(""), Some("")), Place::Elsewhere);
        assert_eq!(Place::detect(Some("1"), Some("api"), None), Place::Build);
        assert_eq!(Place::detect(None, Some("api"), Some("arn")), Place::Lambda { function: "api".into() });
        let arn = "arn:aws:codebuild:us-east-1:123456789012:build/job:1";
        let codebuild = Place::detect(None, None, Some(arn));
        assert_eq!(codebuild, Place::CodeBuild { build_arn: arn.into() });
        assert!(no_app(&codebuild).contains(arn));
        assert!(no_app(&Place::Lambda { function: "api".into() }).contains("`api`"));
        assert!(no_app(&Place::Build).contains("sst bind <command>"));
        for place in [Place::Build, codebuild, Place::Elsewhere] {
            assert!(no_app(&place).starts_with("Cannot access bound resources. "));
        }
    }
}
