//! The chain of a role profile of `~/.aws/config` read as botocore reads it: its `role_arn` and the
//! arguments of AssumeRole, then where the credentials that assume it come from (`source_profile`, down to
//! keys, a profile the SDK resolves or another role; `credential_source`).

use std::fmt;

use aws_config::profile::ProfileSet;
use aws_credential_types::Credentials;

use super::role_cache::AssumeRoleArgs;

/// A profile with `role_arn` that `mfa_role` assumes: one with `mfa_serial`, or one whose chain of
/// `source_profile`s has one.
#[derive(Debug)]
pub struct RoleProfile {
    /// The profile's name.
    pub(super) name: String,
    pub(super) args: AssumeRoleArgs,
    pub(super) source: Source,
}

/// Where the credentials that assume a role come from.
#[derive(Debug)]
pub enum Source {
    /// The static keys of the profile itself (`source_profile` naming its own profile).
    Keys(Credentials),
    /// A profile the SDK resolves: static keys, SSO, `credential_process`, a role without MFA.
    Profile(String),
    /// A role that `mfa_role` assumes first.
    Role(Box<RoleProfile>),
    /// `credential_source`.
    Named(NamedSource),
}

/// The values of `credential_source`.
#[derive(Debug, Clone, Copy)]
pub enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

impl NamedSource {
    pub fn name(self) -> &'static str {
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
