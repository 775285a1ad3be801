//! The credentials of a role of `~/.aws/config` protected by MFA (`mfa_serial`), which the Rust AWS SDK does
//! not support: built as botocore's `AssumeRoleProvider` is, on the SDK's STS client. The role's chain is
//! read by `profile_chain`, the code is asked by `mfa_prompt`, AssumeRole gets `SerialNumber` and
//! `TokenCode`, and the session is kept in the AWS CLI's cache (`role_cache`), which is read first.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use aws_config::ecs::EcsCredentialsProvider;
use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, future};
use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sts::operation::RequestId;
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use sst_resources_aws::error_chain;

use super::mfa_prompt::ask_code;
use super::profile_chain::{NamedSource, RoleProfile, Source};
use super::role_cache::{CacheEntry, RoleCache};

/// Why the credentials of a role could not be had; each one line for the user, without a secret.
#[derive(Debug)]
pub enum RoleError {
    /// The input ended (or gave an empty line) where the MFA code was asked.
    NoMfaCode {
        profile: String,
        serial: String,
    },
    CannotAsk {
        serial: String,
        error: std::io::Error,
    },
    /// The profile that the role is assumed with has no usable credentials.
    Source {
        profile: String,
        source_profile: String,
        error: CredentialsError,
    },
    NamedSource {
        profile: String,
        source: &'static str,
        error: CredentialsError,
    },
    AssumeRole {
        profile: String,
        role_arn: String,
        error: Box<SdkError<AssumeRoleError, HttpResponse>>,
    },
    NoCredentials {
        profile: String,
        role_arn: String,
    },
}

impl fmt::Display for RoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleError::NoMfaCode { profile, serial } => write!(
                f,
                "no MFA code for {serial} (the role of AWS profile `{profile}`): run the command again and type \
                 the code the device shows"
            ),
            RoleError::CannotAsk { serial, error } => {
                write!(f, "cannot ask for the MFA code for {serial}: {error}")
            }
            RoleError::Source { profile, source_profile, error } => match error {
                CredentialsError::CredentialsNotLoaded(_) => write!(
                    f,
                    "no AWS credentials for profile `{source_profile}` (the source_profile of `{profile}`): give it \
                     credentials in ~/.aws/credentials or ~/.aws/config (for SSO, run `aws sso login --profile \
                     {source_profile}`)"
                ),
                _ => write!(
                    f,
                    "cannot get AWS credentials for profile `{source_profile}` (the source_profile of \
                     `{profile}`): {}",
                    error_chain(error)
                ),
            },
            RoleError::NamedSource { profile, source, error } => write!(
                f,
                "no AWS credentials from credential_source {source} of profile `{profile}`: {}",
                error_chain(error)
            ),
            RoleError::AssumeRole { profile, role_arn, error } => match error.as_ref() {
                SdkError::ServiceError(_) => write!(
                    f,
                    "AWS refused to assume role {role_arn} of profile `{profile}`: {}: {}",
                    error.code().unwrap_or("error"),
                    error.message().unwrap_or_default()
                ),
                SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => write!(
                    f,
                    "cannot reach AWS STS to assume role {role_arn} of profile `{profile}`: {}; check the network \
                     (and AWS_ENDPOINT_URL where set)",
                    error_chain(error)
                ),
                _ => write!(f, "cannot assume role {role_arn} of profile `{profile}`: {}", error_chain(error)),
            },
            RoleError::NoCredentials { profile, role_arn } => {
                write!(f, "STS AssumeRole gave no credentials for role {role_arn} of profile `{profile}`")
            }
        }
    }
}

impl std::error::Error for RoleError {}

/// Credentials of a role profile with MFA: from the AWS CLI's cache while they last, else assumed with a
/// code asked on the terminal (and cached).
#[derive(Debug)]
pub struct MfaRoleProvider {
    role: RoleProfile,
    /// The configuration the STS client is made of (region, endpoint, HTTP client, retries).
    sdk: SdkConfig,
    /// What the SDK's providers of source credentials are made of.
    provider_config: ProviderConfig,
    cache: Option<RoleCache>,
}

impl MfaRoleProvider {
    pub fn new(role: RoleProfile, sdk: &SdkConfig, provider_config: ProviderConfig) -> MfaRoleProvider {
        MfaRoleProvider { role, sdk: sdk.clone(), provider_config, cache: RoleCache::of_home() }
    }

    /// The credentials of `role`: as botocore, the cache is read before the source credentials are, so that
    /// a cached session needs neither.
    fn credentials<'a>(
        &'a self,
        role: &'a RoleProfile,
    ) -> Pin<Box<dyn Future<Output = Result<Credentials, RoleError>> + Send + 'a>> {
        Box::pin(async move {
            let key = role.args.cache_key();
            if let Some(cached) = self.cache.as_ref().and_then(|c| c.load(&key, SystemTime::now())) {
                return Ok(cached);
            }
            let source = self.source(role).await?;
            let token_code = match &role.args.serial_number {
                Some(serial) => Some(mfa_code(role, serial)?),
                None => None,
            };
            let entry = self.assume(role, source, token_code).await?;
            if let Some(cache) = &self.cache
                && let Err(e) = cache.store(&key, &entry)
            {
                crate::output::warn(&format!(
                    "cannot keep the session of role {} in {}: {e}; the next command asks for a code again",
                    role.args.role_arn,
                    cache.path(&key).display()
                ));
            }
            entry.credentials().ok_or_else(|| RoleError::NoCredentials {
                profile: role.name.clone(),
                role_arn: role.args.role_arn.clone(),
            })
        })
    }

    async fn source(&self, role: &RoleProfile) -> Result<Credentials, RoleError> {
        match &role.source {
            Source::Keys(keys) => Ok(keys.clone()),
            Source::Role(inner) => self.credentials(inner).await,
            Source::Profile(name) => {
                let provider = ProfileFileCredentialsProvider::builder()
                    .configure(&self.provider_config)
                    .profile_name(name)
                    .build();
                provider.provide_credentials().await.map_err(|error| RoleError::Source {
                    profile: role.name.clone(),
                    source_profile: name.clone(),
                    error,
                })
            }
            Source::Named(named) => {
                let result = match named {
                    NamedSource::Environment => {
                        EnvironmentVariableCredentialsProvider::new().provide_credentials().await
                    }
                    NamedSource::Ec2InstanceMetadata => {
                        ImdsCredentialsProvider::builder()
                            .configure(&self.provider_config)
                            .build()
                            .provide_credentials()
                            .await
                    }
                    NamedSource::EcsContainer => {
                        EcsCredentialsProvider::builder()
                            .configure(&self.provider_config)
                            .build()
                            .provide_credentials()
                            .await
                    }
                };
                result.map_err(|error| RoleError::NamedSource {
                    profile: role.name.clone(),
                    source: named.name(),
                    error,
                })
            }
        }
    }

    /// STS AssumeRole with the profile's arguments, as botocore sends them.
    async fn assume(
        &self,
        role: &RoleProfile,
        source: Credentials,
        token_code: Option<String>,
    ) -> Result<CacheEntry, RoleError> {
        let config = aws_sdk_sts::config::Builder::from(&self.sdk).credentials_provider(source).build();
        let session_name = role.args.role_session_name.clone().unwrap_or_else(|| {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
            format!("botocore-session-{now}")
        });
        let out = aws_sdk_sts::Client::from_conf(config)
            .assume_role()
            .role_arn(&role.args.role_arn)
            .role_session_name(session_name)
            .set_external_id(role.args.external_id.clone())
            .set_serial_number(role.args.serial_number.clone())
            .set_token_code(token_code)
            .set_duration_seconds(role.args.duration_seconds.and_then(|d| i32::try_from(d).ok()))
            .send()
            .await
            .map_err(|error| RoleError::AssumeRole {
                profile: role.name.clone(),
                role_arn: role.args.role_arn.clone(),
                error: Box::new(error),
            })?;
        CacheEntry::of(&out, out.request_id()).ok_or_else(|| RoleError::NoCredentials {
            profile: role.name.clone(),
            role_arn: role.args.role_arn.clone(),
        })
    }
}

impl ProvideCredentials for MfaRoleProvider {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            self.credentials(&self.role).await.map_err(CredentialsError::provider_error)
        })
    }
}

/// The code for `serial`, asked for `role`.
fn mfa_code(role: &RoleProfile, serial: &str) -> Result<String, RoleError> {
    match ask_code(serial) {
        Ok(Some(code)) => Ok(code),
        Ok(None) => Err(RoleError::NoMfaCode { profile: role.name.clone(), serial: serial.to_owned() }),
        Err(error) => Err(RoleError::CannotAsk { serial: serial.to_owned(), error }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use aws_config::retry::RetryConfig;
    use aws_config::{BehaviorVersion, Region};
    use aws_sdk_sts::operation::assume_role::AssumeRoleOutput;
    use aws_sdk_sts::primitives::DateTime;

    use super::*;
    use crate::aws::role_cache::AssumeRoleArgs;

    const SERIAL: &str = "arn:aws:iam::123456789012:mfa/alice";
    /// A profile that no test machine has: the SDK finds no credentials for it.
    const NO_PROFILE: &str = "sst-resources-unit-test-no-such-profile";

    fn role(name: &str, serial: Option<&str>, source: Source) -> RoleProfile {
        let args = AssumeRoleArgs {
            role_arn: format!("arn:aws:iam::123456789012:role/{name}"),
            role_session_name: None,
            external_id: None,
            serial_number: serial.map(str::to_owned),
            duration_seconds: None,
        };
        RoleProfile { name: name.to_owned(), args, source }
    }

    /// The keys of a source profile, whose secret no error may show.
    fn keys() -> Source {
        Source::Keys(Credentials::new("AKIDBASE", "base-secret", None, None, "test"))
    }

    /// A provider of `role` whose STS is a closed port of loopback, with no retries, and whose cache is `dir`.
    fn provider(role: RoleProfile, dir: &Path) -> MfaRoleProvider {
        let http = sst_resources_aws::https_client();
        let region = Region::new("us-east-1");
        let sdk = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(region.clone())
            .endpoint_url("http://127.0.0.1:1")
            .http_client(http.clone())
            .retry_config(RetryConfig::disabled())
            .build();
        // As `aws::load` makes it.
        let provider_config = ProviderConfig::default()
            .with_http_client(http)
            .with_region(Some(region))
            .with_behavior_version(Some(BehaviorVersion::latest()));
        MfaRoleProvider { role, sdk, provider_config, cache: Some(RoleCache::in_dir(dir.to_owned())) }
    }

    /// A session of `role` in the cache, valid for an hour more.
    fn cache_session(dir: &Path, role: &RoleProfile, access_key: &str) {
        let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
        let credentials = aws_sdk_sts::types::Credentials::builder()
            .access_key_id(access_key)
            .secret_access_key("role-secret")
            .session_token("role-token")
            .expiration(DateTime::from(in_an_hour))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let out = AssumeRoleOutput::builder().credentials(credentials).build();
        let entry = CacheEntry::of(&out, None).unwrap_or_else(|| panic!("no entry"));
        RoleCache::in_dir(dir.to_owned()).store(&role.args.cache_key(), &entry).unwrap_or_else(|e| panic!("{e}"));
    }

    /// The line the user reads of a failure of `provider`.
    async fn failure(provider: &MfaRoleProvider) -> String {
        match provider.provide_credentials().await {
            Ok(credentials) => panic!("credentials where a failure was expected: {credentials:?}"),
            Err(e) => match std::error::Error::source(&e).and_then(|s| s.downcast_ref::<RoleError>()) {
                Some(role) => role.to_string(),
                None => panic!("not a RoleError: {e:?}"),
            },
        }
    }

    #[tokio::test]
    async fn a_cached_session_is_used_before_the_source_and_the_code() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // The source has no credentials: a provider that read it first would fail.
        let deployer = role("deployer", Some(SERIAL), Source::Profile(NO_PROFILE.to_owned()));
        cache_session(dir.path(), &deployer, "ASIACACHED");
        let credentials = provider(deployer, dir.path()).provide_credentials().await;
        assert_eq!(credentials.map(|c| c.access_key_id().to_owned()).ok().as_deref(), Some("ASIACACHED"));
    }

    #[tokio::test]
    async fn the_role_below_is_resolved_first_from_its_cached_session() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let inner = role("inner", Some(SERIAL), Source::Profile(NO_PROFILE.to_owned()));
        cache_session(dir.path(), &inner, "ASIAINNER");
        let outer = role("outer", None, Source::Role(Box::new(inner)));
        // The inner role's session came from the cache (no source, no code): the outer role's AssumeRole
        // is what fails, on the closed port.
        let line = failure(&provider(outer, dir.path())).await;
        let start = "cannot reach AWS STS to assume role arn:aws:iam::123456789012:role/outer of profile `outer`: ";
        assert!(line.starts_with(start), "{line}");
    }

    #[tokio::test]
    async fn an_unreachable_sts_is_one_line_without_a_secret_and_nothing_is_cached() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cache = dir.path().join("cache");
        let line = failure(&provider(role("deployer", None, keys()), &cache)).await;
        let start = "cannot reach AWS STS to assume role arn:aws:iam::123456789012:role/deployer of profile \
                     `deployer`: ";
        assert!(line.starts_with(start), "{line}");
        assert!(line.ends_with("; check the network (and AWS_ENDPOINT_URL where set)"), "{line}");
        assert!(!line.contains("base-secret") && !line.contains('\n'), "{line}");
        assert!(!cache.exists());
    }

    #[tokio::test]
    async fn a_source_without_credentials_says_how_to_give_it_some() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let line =
            failure(&provider(role("deployer", Some(SERIAL), Source::Profile(NO_PROFILE.to_owned())), dir.path()))
                .await;
        // What the SDK says of the profile depends on the machine's shared files; the line names both.
        assert!(line.contains(&format!("for profile `{NO_PROFILE}` (the source_profile of `deployer`): ")), "{line}");
        let error = RoleError::Source {
            profile: "deployer".to_owned(),
            source_profile: "sso".to_owned(),
            error: CredentialsError::not_loaded("no token"),
        };
        assert_eq!(
            error.to_string(),
            "no AWS credentials for profile `sso` (the source_profile of `deployer`): give it credentials in \
             ~/.aws/credentials or ~/.aws/config (for SSO, run `aws sso login --profile sso`)"
        );
    }
}
