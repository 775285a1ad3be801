//! Roles of `~/.aws/config` protected by MFA (`mfa_serial`), which the Rust AWS SDK does not support: built
//! as botocore's `AssumeRoleProvider` is, on the SDK's profile parser and STS client. The code is asked on
//! the terminal, AssumeRole gets `SerialNumber` and `TokenCode`, and the session is kept in the AWS CLI's
//! cache (`role_cache`), which is read first.

use std::fmt;
use std::future::Future;
use std::io::{Read, Write};
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use aws_config::ecs::EcsCredentialsProvider;
use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileSet};
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, future};
use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sts::operation::RequestId;
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use sst_resources_aws::error_chain;

use super::role_cache::{AssumeRoleArgs, CacheEntry, RoleCache};

/// A profile with `role_arn` that this module assumes: one with `mfa_serial`, or one whose chain of
/// `source_profile`s has one.
#[derive(Debug)]
pub struct RoleProfile {
    /// The profile's name.
    name: String,
    args: AssumeRoleArgs,
    source: Source,
}

/// Where the credentials that assume a role come from.
#[derive(Debug)]
enum Source {
    /// The static keys of the profile itself (`source_profile` naming its own profile).
    Keys(Credentials),
    /// A profile the SDK resolves: static keys, SSO, `credential_process`, a role without MFA.
    Profile(String),
    /// A role this module assumes first.
    Role(Box<RoleProfile>),
    /// `credential_source`.
    Named(NamedSource),
}

#[derive(Debug, Clone, Copy)]
enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

impl NamedSource {
    fn name(self) -> &'static str {
        match self {
            NamedSource::Environment => "Environment",
            NamedSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            NamedSource::EcsContainer => "EcsContainer",
        }
    }
}

/// A role profile that cannot be used as written.
#[derive(Debug)]
pub enum ProfileError {
    MissingSourceProfile { profile: String, source_profile: String },
    BothSources { profile: String },
    NoSource { profile: String },
    UnknownCredentialSource { profile: String, credential_source: String },
    PartialKeys { profile: String },
    Loop { chain: Vec<String> },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::MissingSourceProfile { profile, source_profile } => write!(
                f,
                "AWS profile `{profile}` names source_profile `{source_profile}`, which is in neither ~/.aws/config \
                 nor ~/.aws/credentials: name a profile that is"
            ),
            ProfileError::BothSources { profile } => write!(
                f,
                "AWS profile `{profile}` has both source_profile and credential_source: keep the one its role is \
                 assumed with"
            ),
            ProfileError::NoSource { profile } => write!(
                f,
                "AWS profile `{profile}` has role_arn but neither source_profile nor credential_source: add the one \
                 its role is assumed with"
            ),
            ProfileError::UnknownCredentialSource { profile, credential_source } => write!(
                f,
                "AWS profile `{profile}` has credential_source `{credential_source}`: use Environment, \
                 Ec2InstanceMetadata or EcsContainer"
            ),
            ProfileError::PartialKeys { profile } => write!(
                f,
                "AWS profile `{profile}` has only one of aws_access_key_id and aws_secret_access_key: give it both"
            ),
            ProfileError::Loop { chain } => {
                write!(f, "the source_profile chain of AWS profile `{}` loops: {}", chain[0], chain.join(" -> "))
            }
        }
    }
}

impl std::error::Error for ProfileError {}

impl RoleProfile {
    /// The role of profile `name` where it, or a role of its `source_profile` chain, has `mfa_serial`;
    /// `None` where the SDK's own chain serves (no role, or no MFA anywhere), as before.
    pub fn with_mfa(profiles: &ProfileSet, name: &str) -> Result<Option<RoleProfile>, ProfileError> {
        // As botocore: the first profile is a role where it has role_arn, even with keys of its own.
        if !is_role(profiles, name) {
            return Ok(None);
        }
        let role = role(profiles, name, &mut vec![name.to_owned()])?;
        Ok(role.has_mfa().then_some(role))
    }

    fn has_mfa(&self) -> bool {
        self.args.serial_number.is_some() || matches!(&self.source, Source::Role(r) if r.has_mfa())
    }
}

/// botocore's `_has_assume_role_config_vars`: `role_arn` without `web_identity_token_file`.
fn is_role(profiles: &ProfileSet, name: &str) -> bool {
    profiles
        .get_profile(name)
        .is_some_and(|p| p.get("role_arn").is_some() && p.get("web_identity_token_file").is_none())
}

fn has_keys(profiles: &ProfileSet, name: &str) -> bool {
    profiles
        .get_profile(name)
        .is_some_and(|p| p.get("aws_access_key_id").is_some() || p.get("aws_secret_access_key").is_some())
}

/// The role of profile `name`, which is one (`is_role`); `visited` holds the chain down to it.
fn role(profiles: &ProfileSet, name: &str, visited: &mut Vec<String>) -> Result<RoleProfile, ProfileError> {
    let profile = profiles.get_profile(name);
    let get = |key: &str| profile.and_then(|p| p.get(key)).map(str::to_owned);
    let args = AssumeRoleArgs {
        role_arn: get("role_arn").unwrap_or_default(),
        role_session_name: get("role_session_name"),
        external_id: get("external_id"),
        serial_number: get("mfa_serial"),
        // As botocore: a value that is not a whole number is left out.
        duration_seconds: get("duration_seconds").and_then(|d| d.trim().parse().ok()),
    };
    let source = match (get("source_profile"), get("credential_source")) {
        (Some(_), Some(_)) => return Err(ProfileError::BothSources { profile: name.to_owned() }),
        (None, None) => return Err(ProfileError::NoSource { profile: name.to_owned() }),
        (None, Some(source)) => Source::Named(match source.as_str() {
            "Environment" => NamedSource::Environment,
            "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
            "EcsContainer" => NamedSource::EcsContainer,
            _ => {
                return Err(ProfileError::UnknownCredentialSource {
                    profile: name.to_owned(),
                    credential_source: source,
                });
            }
        }),
        (Some(source), None) => {
            if profiles.get_profile(&source).is_none() {
                return Err(ProfileError::MissingSourceProfile { profile: name.to_owned(), source_profile: source });
            }
            if source == name && has_keys(profiles, name) {
                // A profile may name itself to keep its keys and its role together (the top one only).
                Source::Keys(keys(profiles, name)?)
            } else if visited.contains(&source) {
                visited.push(source);
                return Err(ProfileError::Loop { chain: visited.clone() });
            } else if has_keys(profiles, &source) {
                // As botocore: below the first profile, keys win over a role.
                Source::Keys(keys(profiles, &source)?)
            } else if is_role(profiles, &source) {
                visited.push(source.clone());
                Source::Role(Box::new(role(profiles, &source, visited)?))
            } else {
                Source::Profile(source)
            }
        }
    };
    Ok(RoleProfile { name: name.to_owned(), args, source })
}

/// The static keys of a profile.
fn keys(profiles: &ProfileSet, name: &str) -> Result<Credentials, ProfileError> {
    let profile = profiles.get_profile(name);
    let get = |key: &str| profile.and_then(|p| p.get(key));
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            Ok(Credentials::new(id, secret, get("aws_session_token").map(str::to_owned), None, "ProfileFile"))
        }
        _ => Err(ProfileError::PartialKeys { profile: name.to_owned() }),
    }
}

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
                Some(serial) => Some(ask_code(&role.name, serial)?),
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

/// Asks `Enter MFA code for SERIAL: ` as botocore does (getpass): on the terminal where there is one, else
/// on stderr, reading standard input. Standard input is read a byte at a time, so that what follows the
/// code's line is left to the command `bind` runs.
fn ask_code(profile: &str, serial: &str) -> Result<String, RoleError> {
    let prompt = format!("Enter MFA code for {serial}: ");
    let cannot = |error| RoleError::CannotAsk { serial: serial.to_owned(), error };
    #[cfg(unix)]
    let terminal = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").ok();
    #[cfg(not(unix))]
    let terminal: Option<std::fs::File> = None;
    let line = match terminal {
        Some(mut tty) => {
            tty.write_all(prompt.as_bytes()).and_then(|()| tty.flush()).map_err(cannot)?;
            let line = read_line(&mut tty).map_err(cannot)?;
            if line.is_none() {
                let _ = tty.write_all(b"\n");
            }
            line
        }
        None => {
            let mut stderr = std::io::stderr();
            let _ = stderr.write_all(prompt.as_bytes()).and_then(|()| stderr.flush());
            let line = read_stdin_line().map_err(cannot)?;
            // What was typed is not echoed: end the prompt's line.
            let _ = stderr.write_all(b"\n");
            line
        }
    };
    match line.map(|l| l.trim().to_owned()) {
        Some(code) if !code.is_empty() => Ok(code),
        _ => Err(RoleError::NoMfaCode { profile: profile.to_owned(), serial: serial.to_owned() }),
    }
}

/// One line of standard input, read without a buffer that would keep what follows it.
fn read_stdin_line() -> std::io::Result<Option<String>> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let mut stdin = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
        read_line(&mut stdin)
    }
    #[cfg(not(unix))]
    {
        let mut line = String::new();
        let n = std::io::stdin().read_line(&mut line)?;
        Ok((n > 0).then_some(line))
    }
}

/// A line, a byte at a time; `None` at the end of input before any byte.
fn read_line(input: &mut impl Read) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match input.read(&mut byte) {
            Ok(0) if bytes.is_empty() => return Ok(None),
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => bytes.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}
