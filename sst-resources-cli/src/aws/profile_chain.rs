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

#[cfg(test)]
mod tests {
    use aws_runtime::env_config::file::EnvConfigFiles;
    use aws_types::os_shim_internal::{Env, Fs};

    use super::*;

    const ROLE: &str = "arn:aws:iam::123456789012:role/deployer";
    const SERIAL: &str = "arn:aws:iam::123456789012:mfa/alice";

    /// The profiles of a `config` and a `credentials` file.
    async fn profiles(config: &str, credentials: &str) -> ProfileSet {
        let fs = Fs::from_slice(&[("/aws/config", config), ("/aws/credentials", credentials)]);
        let env =
            Env::from_slice(&[("AWS_CONFIG_FILE", "/aws/config"), ("AWS_SHARED_CREDENTIALS_FILE", "/aws/credentials")]);
        aws_config::profile::load(&fs, &env, &EnvConfigFiles::default(), None)
            .await
            .unwrap_or_else(|e| panic!("the test's profiles do not parse: {e}"))
    }

    /// The chain of profile `name` from the top down (`[mfa]` where a role has `mfa_serial`), or its error.
    fn chain(profiles: &ProfileSet, name: &str) -> String {
        fn down(role: &RoleProfile) -> String {
            let mfa = if role.args.serial_number.is_some() { "[mfa]" } else { "" };
            let source = match &role.source {
                Source::Keys(keys) => format!("keys {}", keys.access_key_id()),
                Source::Profile(profile) => format!("profile {profile}"),
                Source::Role(role) => down(role),
                Source::Named(named) => named.name().to_owned(),
            };
            format!("{}{mfa} <- {source}", role.name)
        }
        match RoleProfile::with_mfa(profiles, name) {
            Ok(Some(role)) => down(&role),
            Ok(None) => "the SDK's".to_owned(),
            Err(e) => e.to_string(),
        }
    }

    #[tokio::test]
    async fn only_a_role_with_mfa_somewhere_in_its_chain_is_assumed_here() {
        let config = format!(
            "[profile keys]\nregion = us-east-1\n\n\
             [profile no-mfa]\nrole_arn = {ROLE}\nsource_profile = base\n\n\
             [profile web]\nrole_arn = {ROLE}\nweb_identity_token_file = /token\nmfa_serial = {SERIAL}\n\n\
             [profile mfa]\nrole_arn = {ROLE}\nsource_profile = sso\nmfa_serial = {SERIAL}\n\n\
             [profile outer]\nrole_arn = {ROLE}\nsource_profile = mfa\n\n\
             [profile outer-no-mfa]\nrole_arn = {ROLE}\nsource_profile = no-mfa\n\n\
             [profile from-env]\nrole_arn = {ROLE}\ncredential_source = Environment\nmfa_serial = {SERIAL}\n\n\
             [profile sso]\nsso_session = corp\n"
        );
        let profiles = profiles(&config, "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n").await;
        for (name, expected) in [
            ("keys", "the SDK's"),
            ("no-mfa", "the SDK's"),
            ("outer-no-mfa", "the SDK's"),
            // A web identity is the SDK's, as for botocore, even with mfa_serial.
            ("web", "the SDK's"),
            ("unknown", "the SDK's"),
            ("mfa", "mfa[mfa] <- profile sso"),
            ("outer", "outer <- mfa[mfa] <- profile sso"),
            ("from-env", "from-env[mfa] <- Environment"),
        ] {
            assert_eq!(chain(&profiles, name), expected, "{name}");
        }
    }

    #[tokio::test]
    async fn keys_and_roles_take_precedence_as_in_botocore() {
        let config = format!(
            // The first profile is a role even with keys of its own, and may name itself to use them.
            "[profile itself]\nrole_arn = {ROLE}\nsource_profile = itself\nmfa_serial = {SERIAL}\n\
             aws_access_key_id = AKIDSELF\naws_secret_access_key = s\n\n\
             [profile keyed-role]\nrole_arn = {ROLE}\nsource_profile = middle\nmfa_serial = {SERIAL}\n\
             aws_access_key_id = AKIDKEYED\naws_secret_access_key = s\n\n\
             [profile top]\nrole_arn = {ROLE}\nsource_profile = middle\nmfa_serial = {SERIAL}\n\n\
             [profile middle]\nrole_arn = {ROLE}\nsource_profile = base\n\
             aws_access_key_id = AKIDMIDDLE\naws_secret_access_key = s\n\n\
             [profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"
        );
        let profiles = profiles(&config, "").await;
        assert_eq!(chain(&profiles, "itself"), "itself[mfa] <- keys AKIDSELF");
        // Below the first profile, keys win over a role.
        assert_eq!(chain(&profiles, "keyed-role"), "keyed-role[mfa] <- keys AKIDMIDDLE");
        assert_eq!(chain(&profiles, "top"), "top[mfa] <- keys AKIDMIDDLE");
    }

    #[tokio::test]
    async fn assume_role_gets_the_profiles_arguments() {
        let config = format!(
            "[profile whole]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = {SERIAL}\n\
             role_session_name = alice\nexternal_id = ext-1\nduration_seconds = 3600\n\n\
             [profile odd]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = {SERIAL}\nduration_seconds = 1h\n\n\
             [profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"
        );
        let profiles = profiles(&config, "").await;
        let args = |name| match RoleProfile::with_mfa(&profiles, name) {
            Ok(Some(role)) => role.args,
            other => panic!("{name}: {other:?}"),
        };
        let expected = AssumeRoleArgs {
            role_arn: ROLE.to_owned(),
            role_session_name: Some("alice".to_owned()),
            external_id: Some("ext-1".to_owned()),
            serial_number: Some(SERIAL.to_owned()),
            duration_seconds: Some(3600),
        };
        assert_eq!(args("whole"), expected);
        // A duration that is not a whole number is left out, as by botocore.
        let expected =
            AssumeRoleArgs { role_session_name: None, external_id: None, duration_seconds: None, ..expected };
        assert_eq!(args("odd"), expected);
    }

    #[tokio::test]
    async fn a_chain_that_cannot_be_used_is_one_line_saying_what_to_do() {
        let role =
            |name: &str, rest: &str| format!("[profile {name}]\nrole_arn = {ROLE}\nmfa_serial = {SERIAL}\n{rest}\n");
        let config = [
            role("a", "source_profile = b"),
            role("b", "source_profile = c"),
            role("c", "source_profile = a"),
            role("own", "source_profile = own"),
            role("missing", "source_profile = nowhere"),
            role("sourceless", ""),
            role("both", "source_profile = base\ncredential_source = Environment"),
            role("named", "credential_source = Ec2Metadata"),
            role("half", "source_profile = half-keys"),
            "[profile half-keys]\naws_secret_access_key = half-secret\n".to_owned(),
            "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n".to_owned(),
        ]
        .concat();
        let profiles = profiles(&config, "").await;
        for (name, expected) in [
            ("a", "the source_profile chain of AWS profile `a` loops: a -> b -> c -> a"),
            ("b", "the source_profile chain of AWS profile `b` loops: b -> c -> a -> b"),
            // Naming itself is a loop where the profile has no keys.
            ("own", "the source_profile chain of AWS profile `own` loops: own -> own"),
            (
                "missing",
                "AWS profile `missing` names source_profile `nowhere`, which is in neither ~/.aws/config nor \
                 ~/.aws/credentials: name a profile that is",
            ),
            (
                "sourceless",
                "AWS profile `sourceless` has role_arn but neither source_profile nor credential_source: add the \
                 one its role is assumed with",
            ),
            (
                "both",
                "AWS profile `both` has both source_profile and credential_source: keep the one its role is assumed \
                 with",
            ),
            (
                "named",
                "AWS profile `named` has credential_source `Ec2Metadata`: use Environment, Ec2InstanceMetadata or \
                 EcsContainer",
            ),
            (
                "half",
                "AWS profile `half-keys` has only one of aws_access_key_id and aws_secret_access_key: give it both",
            ),
        ] {
            assert_eq!(chain(&profiles, name), expected, "{name}");
        }
    }

    #[tokio::test]
    async fn a_role_profile_prints_no_secret() {
        let config = format!(
            "[profile deployer]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = {SERIAL}\n\n\
             [profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n\
             aws_session_token = base-token\n"
        );
        let profiles = profiles(&config, "").await;
        let printed = format!("{:?}", RoleProfile::with_mfa(&profiles, "deployer"));
        assert!(printed.contains("AKIDBASE"), "{printed}");
        assert!(!printed.contains("base-secret") && !printed.contains("base-token"), "{printed}");
    }
}
