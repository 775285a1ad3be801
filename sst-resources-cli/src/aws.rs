//! AWS for the command line (docs/sst-v2-binding-protocol.md §8): the configuration every AWS SDK finds (environment,
//! shared files and profiles, SSO, roles), on a rustls client with the `ring` provider, checked before the
//! first call so that a missing region, missing credentials or an unknown profile is one clear line. Roles
//! with MFA, which the SDK does not support, are read by `profile_chain`, their code asked by `mfa_prompt`,
//! and they are assumed by `mfa_role`, which keeps their sessions in `role_cache`.

mod mfa_prompt;
mod mfa_role;
mod profile_chain;
mod role_cache;

use std::borrow::Cow;

use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_sdk_ssm::config::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};
use aws_types::os_shim_internal::{Env, Fs};
use sst_resources_aws::{error_chain, is_throttling};

use self::mfa_role::{MfaRoleProvider, RoleError};
use self::profile_chain::RoleProfile;
use crate::args::Common;
use crate::error::Error;

/// What to do when no credentials are found.
const SET_CREDENTIALS: &str = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile of ~/.aws/config \
                               with --profile or AWS_PROFILE (for an SSO profile, run `aws sso login --profile NAME` \
                               first)";

/// What to do when no region is found.
const SET_REGION: &str = "pass --region, set AWS_REGION, or set `region` in the profile in ~/.aws/config";

/// An AWS configuration whose region and credentials were found.
pub struct Aws {
    config: SdkConfig,
    region: String,
    credentials: Credentials,
}

impl Aws {
    /// Finds the region and the credentials; each failure is one line saying what to set. The credentials
    /// are resolved once (an SSO refresh, a role assumed, an MFA code asked): every client uses them, and
    /// `bind` hands them to its command.
    pub async fn connect(common: &Common) -> Result<Aws, Error> {
        let (config, region) = load(common).await?;
        let Some(provider) = config.credentials_provider() else {
            return Err(Error::aws(format!("no AWS credentials: {SET_CREDENTIALS}")));
        };
        let credentials = match provider.provide_credentials().await {
            Ok(credentials) => credentials,
            Err(e) => return Err(credentials_error(common, &e).await),
        };
        let config =
            config.into_builder().credentials_provider(SharedCredentialsProvider::new(credentials.clone())).build();
        Ok(Aws { config, region, credentials })
    }

    pub fn lambda(&self) -> aws_sdk_lambda::Client {
        aws_sdk_lambda::Client::new(&self.config)
    }

    /// The credentials the clients use (their `Debug` hides the secret parts).
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn ssm(&self) -> aws_sdk_ssm::Client {
        aws_sdk_ssm::Client::new(&self.config)
    }

    pub fn sts(&self) -> aws_sdk_sts::Client {
        aws_sdk_sts::Client::new(&self.config)
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account of the credentials (STS `GetCallerIdentity`).
    pub async fn account(&self) -> Result<String, Error> {
        let out = self
            .sts()
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| service_error("STS GetCallerIdentity", "the caller's account", e))?;
        out.account.ok_or_else(|| Error::aws("STS GetCallerIdentity gave no account: pass --account ID"))
    }
}

/// The region alone (from --region, AWS_REGION or the profile), for commands that need no credentials.
pub async fn region(common: &Common) -> Result<String, Error> {
    load(common).await.map(|(_, region)| region)
}

/// The profile named on the command line or by `AWS_PROFILE`.
fn profile(common: &Common) -> Option<String> {
    common.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
}

async fn load(common: &Common) -> Result<(SdkConfig, String), Error> {
    let http = sst_resources_aws::https_client();
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http.clone());
    if let Some(profile) = profile(common) {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &common.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let config = loader.load().await;
    let Some(region) = config.region().map(|r| r.to_string()) else {
        return Err(Error::aws(format!("no AWS region: {SET_REGION}")));
    };
    let provider_config = ProviderConfig::default()
        .with_http_client(http)
        .with_region(Some(Region::new(region.clone())))
        .with_behavior_version(Some(BehaviorVersion::latest()));
    if let Some(role) = mfa_role(common).await? {
        let role = MfaRoleProvider::new(role, &config, provider_config);
        // `--profile` wins over the environment's credentials; `AWS_PROFILE` (or the default profile) does
        // not, as below.
        let provider = match &common.profile {
            Some(_) => SharedCredentialsProvider::new(role),
            None => SharedCredentialsProvider::new(
                CredentialsProviderChain::first_try("Environment", EnvironmentVariableCredentialsProvider::new())
                    .or_else("AssumeRoleWithMfa", role),
            ),
        };
        return Ok((config.into_builder().credentials_provider(provider).build(), region));
    }
    // `--profile` wins over credentials in the environment, as with the AWS CLI; `AWS_PROFILE` does not, as
    // with every SDK (aws-vault and Leapp hand credentials over in the environment).
    let Some(profile) = &common.profile else {
        return Ok((config, region));
    };
    let provider = ProfileFileCredentialsProvider::builder().configure(&provider_config).profile_name(profile).build();
    let config = config.into_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build();
    Ok((config, region))
}

/// The role of the chosen profile (`--profile`, `AWS_PROFILE` or `default`) where it needs an MFA code.
/// Shared files that cannot be read are left to the SDK, which says so.
async fn mfa_role(common: &Common) -> Result<Option<RoleProfile>, Error> {
    let chosen = common.profile.clone().map(Cow::Owned);
    let Ok(profiles) = aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), chosen).await
    else {
        return Ok(None);
    };
    RoleProfile::with_mfa(&profiles, profiles.selected_profile()).map_err(|e| Error::aws(e.to_string()))
}

/// One line for a credentials failure, naming the profile where one was chosen.
async fn credentials_error(common: &Common, e: &CredentialsError) -> Error {
    // A role with MFA says what went wrong in its own words.
    if let Some(role) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<RoleError>()) {
        return Error::aws(role.to_string());
    }
    let Some(profile) = profile(common) else {
        return match e {
            CredentialsError::CredentialsNotLoaded(_) => Error::aws(format!("no AWS credentials: {SET_CREDENTIALS}")),
            _ => Error::aws(format!("cannot get AWS credentials: {}; {SET_CREDENTIALS}", error_chain(e))),
        };
    };
    if profile_exists(&profile).await == Some(false) {
        return Error::aws(format!(
            "unknown AWS profile `{profile}`: it is in neither ~/.aws/config nor ~/.aws/credentials; name one that \
             is (`aws configure list-profiles` lists them){}",
            if common.profile.is_some() { "" } else { ", or unset AWS_PROFILE" }
        ));
    }
    match e {
        CredentialsError::CredentialsNotLoaded(_) => Error::aws(format!(
            "no AWS credentials for profile `{profile}`: give it credentials in ~/.aws/credentials or ~/.aws/config \
             (for SSO, run `aws sso login --profile {profile}`)"
        )),
        _ => Error::aws(format!("cannot get AWS credentials for profile `{profile}`: {}", error_chain(e))),
    }
}

/// Whether the shared files (`~/.aws/config`, `~/.aws/credentials`, or those of `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE`) define the profile; `None` where they cannot be read.
async fn profile_exists(name: &str) -> Option<bool> {
    let set = aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None).await.ok()?;
    Some(set.get_profile(name).is_some())
}

/// One line for a failed AWS call: what was done (`SSM PutParameter`), on what, and what to do.
pub fn service_error<E, R>(operation: &str, target: &str, e: SdkError<E, R>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let code = e.code().unwrap_or_default().to_owned();
    let message = e.message().unwrap_or_default().to_owned();
    match &e {
        SdkError::ServiceError(_) => match code.as_str() {
            "AccessDeniedException" | "AccessDenied" => Error::aws(format!(
                "AWS denied {operation} on {target}: {message}; the identity needs the permissions that \
                 `sst-resources policy --cli` prints"
            )),
            "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "ExpiredTokenException"
            | "ExpiredToken"
            | "InvalidClientTokenId" => {
                Error::aws(format!("AWS rejected the credentials ({code}: {message}): renew them ({SET_CREDENTIALS})"))
            }
            code if is_throttling(code) => {
                Error::aws(format!("AWS throttled {operation} on {target} after retries: try again in a moment"))
            }
            _ => Error::aws(format!("{operation} on {target} failed: {code}: {message}")),
        },
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => Error::aws(format!(
            "cannot reach AWS for {operation} on {target}: {}; check the network (and AWS_ENDPOINT_URL where set)",
            error_chain(&e)
        )),
        _ => Error::aws(format!("{operation} on {target} failed: {}", error_chain(&e))),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ssm::config::http::HttpResponse;
    use aws_sdk_ssm::error::ErrorMetadata;
    use aws_sdk_ssm::operation::get_parameters::GetParametersError;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn refused(code: &str) -> String {
        let error = GetParametersError::generic(ErrorMetadata::builder().code(code).message("Rate exceeded").build());
        let raw = HttpResponse::new(400.try_into().unwrap(), SdkBody::empty());
        service_error("SSM GetParameters", "/sst/app/dev/Secret/KEY/value", SdkError::service_error(error, raw)).message
    }

    #[test]
    fn every_throttling_code_is_throttling() {
        for code in ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"] {
            assert_eq!(
                refused(code),
                "AWS throttled SSM GetParameters on /sst/app/dev/Secret/KEY/value after retries: try again in a \
                 moment",
                "{code}"
            );
        }
        assert_eq!(
            refused("ValidationException"),
            "SSM GetParameters on /sst/app/dev/Secret/KEY/value failed: ValidationException: Rate exceeded"
        );
    }
}
