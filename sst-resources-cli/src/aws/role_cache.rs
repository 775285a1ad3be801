//! The AWS CLI's cache of assumed roles, `~/.aws/cli/cache/KEY.json`, read and written as botocore's
//! `AssumeRoleCredentialFetcher` and `JSONFileCache` do, so that `aws` and `sst-resources` share one session
//! of an MFA-protected role: the second command, whichever it is, asks for no code.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sdk_sts::operation::assume_role::AssumeRoleOutput;
use aws_sdk_sts::primitives::{DateTime, DateTimeFormat};
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

/// botocore's `CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS`: an entry with less left is not used.
const EXPIRY_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The name the credentials of an assumed role carry (seen in the SDK's logs).
pub const PROVIDER_NAME: &str = "AssumeRoleWithMfa";

/// What a profile asks of STS AssumeRole, without the MFA code: what botocore's cache key is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleArgs {
    pub role_arn: String,
    /// `role_session_name` of the profile; `None` where the session is named `botocore-session-<time>`.
    pub role_session_name: Option<String>,
    pub external_id: Option<String>,
    /// `mfa_serial` of the profile.
    pub serial_number: Option<String>,
    pub duration_seconds: Option<i64>,
}

impl AssumeRoleArgs {
    /// The file name botocore gives these arguments: the SHA-1 of `json.dumps(args, sort_keys=True)` —
    /// Python's default separators `", "` and `": "` and ASCII escapes (only botocore's SSO cache passes
    /// `separators=(",", ":")`) — with `RoleArn` and the botocore names of the other arguments; a generated
    /// session name is left out so that the key does not change with the time.
    pub fn cache_key(&self) -> String {
        // Sorted by name, as `sort_keys=True` sorts them.
        let mut fields: Vec<(&str, Field<'_>)> = vec![("RoleArn", Field::Text(&self.role_arn))];
        if let Some(seconds) = self.duration_seconds {
            fields.push(("DurationSeconds", Field::Number(seconds)));
        }
        for (name, value) in [
            ("ExternalId", &self.external_id),
            ("RoleSessionName", &self.role_session_name),
            ("SerialNumber", &self.serial_number),
        ] {
            if let Some(value) = value {
                fields.push((name, Field::Text(value)));
            }
        }
        fields.sort_by_key(|(name, _)| *name);
        let mut text = String::from("{");
        for (i, (name, value)) in fields.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            python_json_string(&mut text, name);
            text.push_str(": ");
            match value {
                Field::Text(s) => python_json_string(&mut text, s),
                Field::Number(n) => text.push_str(&n.to_string()),
            }
        }
        text.push('}');
        format!("{:x}", Sha1::digest(text.as_bytes()))
    }
}

enum Field<'a> {
    Text(&'a str),
    Number(i64),
}

/// A string as Python's `json.dumps` writes it with `ensure_ascii=True`: everything outside space..`~`
/// escaped, `\uXXXX` in lower-case hex, surrogate pairs above the BMP.
fn python_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// The directory of the AWS CLI's cache, `~/.aws/cli/cache` (Python's `expanduser`: `HOME`, else
/// `USERPROFILE` on Windows).
#[derive(Debug, Clone)]
pub struct RoleCache {
    dir: PathBuf,
}

impl RoleCache {
    /// The cache of the user's home; `None` where there is no home to find.
    pub fn of_home() -> Option<RoleCache> {
        let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).filter(|h| !h.is_empty())?;
        Some(RoleCache { dir: Path::new(&home).join(".aws").join("cli").join("cache") })
    }

    /// The cache of a test, in `dir`.
    #[cfg(test)]
    pub fn in_dir(dir: PathBuf) -> RoleCache {
        RoleCache { dir }
    }

    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The cached credentials of `key` where they have at least botocore's 15 minutes left at `now`; a
    /// missing, unreadable or foreign entry is no entry, as for botocore.
    pub fn load(&self, key: &str, now: SystemTime) -> Option<Credentials> {
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        let entry: Value = serde_json::from_str(&text).ok()?;
        let credentials = credentials_of(&entry)?;
        let expiry = credentials.expiry()?;
        if expiry.duration_since(now).unwrap_or_default() < EXPIRY_WINDOW {
            return None;
        }
        Some(credentials)
    }

    /// Writes the answer of AssumeRole under `key` as botocore's `JSONFileCache` does: the directory made
    /// where missing (with the process's umask), the file written aside (mode 0600) and renamed into place.
    pub fn store(&self, key: &str, entry: &CacheEntry) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let mut file = tempfile::Builder::new().suffix(".tmp").tempfile_in(&self.dir)?;
        file.write_all(entry.json.to_string().as_bytes())?;
        file.as_file().sync_all()?;
        file.persist(self.path(key)).map_err(|e| e.error)?;
        Ok(())
    }
}

/// What botocore caches of an AssumeRole answer: `Credentials` (with `AccountId`, which botocore adds from
/// the role's ARN), `AssumedRoleUser` and `ResponseMetadata`.
pub struct CacheEntry {
    json: Value,
}

impl CacheEntry {
    /// The entry of an answer with credentials; `None` where it has none.
    pub fn of(out: &AssumeRoleOutput, request_id: Option<&str>) -> Option<CacheEntry> {
        let credentials = out.credentials()?;
        let expiration = format_expiration(credentials.expiration())?;
        let mut cached = json!({
            "AccessKeyId": credentials.access_key_id(),
            "SecretAccessKey": credentials.secret_access_key(),
            "SessionToken": credentials.session_token(),
            "Expiration": expiration,
        });
        let mut json = json!({ "Credentials": {} });
        if let Some(user) = out.assumed_role_user() {
            json["AssumedRoleUser"] = json!({ "AssumedRoleId": user.assumed_role_id(), "Arn": user.arn() });
            // arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION
            if let Some(account) = user.arn().split(':').nth(4).filter(|a| !a.is_empty()) {
                cached["AccountId"] = json!(account);
            }
        }
        json["Credentials"] = cached;
        json["ResponseMetadata"] =
            json!({ "RequestId": request_id.unwrap_or_default(), "HTTPStatusCode": 200, "RetryAttempts": 0 });
        Some(CacheEntry { json })
    }

    /// The credentials of the entry, as a load from the cache gives them.
    pub fn credentials(&self) -> Option<Credentials> {
        credentials_of(&self.json)
    }
}

/// The credentials of a cache entry; `None` where one is missing or the expiration is no time.
fn credentials_of(entry: &Value) -> Option<Credentials> {
    let credentials = entry.get("Credentials")?;
    let text_of = |name: &str| credentials.get(name).and_then(Value::as_str);
    let mut builder = Credentials::builder()
        .access_key_id(text_of("AccessKeyId")?)
        .secret_access_key(text_of("SecretAccessKey")?)
        .session_token(text_of("SessionToken")?)
        .expiry(parse_expiration(text_of("Expiration")?)?)
        .provider_name(PROVIDER_NAME);
    if let Some(account) = text_of("AccountId") {
        builder = builder.account_id(account);
    }
    Some(builder.build())
}

/// An expiration as botocore's `JSONFileCache` writes it: `strftime('%Y-%m-%dT%H:%M:%S%Z')`, UTC here:
/// `2026-01-02T03:04:05UTC`.
fn format_expiration(at: &DateTime) -> Option<String> {
    let whole = DateTime::from_secs(at.secs()).fmt(DateTimeFormat::DateTime).ok()?;
    Some(format!("{}UTC", whole.strip_suffix('Z')?))
}

/// An expiration as botocore reads it (dateutil): RFC 3339 with `Z` or an offset, or botocore's own
/// `...UTC`/`...GMT` (STS answers in UTC, so botocore's `%Z` is `UTC`). Another zone name is no time: the
/// entry is not used.
fn parse_expiration(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let normalized = match text.strip_suffix("UTC").or_else(|| text.strip_suffix("GMT")) {
        Some(rest) => format!("{rest}Z"),
        None => text.to_owned(),
    };
    let at = DateTime::from_str(&normalized, DateTimeFormat::DateTimeWithOffset).ok()?;
    SystemTime::try_from(at).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(external_id: Option<&str>, session: Option<&str>, duration: Option<i64>) -> AssumeRoleArgs {
        AssumeRoleArgs {
            role_arn: "arn:aws:iam::123456789012:role/deployer".into(),
            role_session_name: session.map(Into::into),
            external_id: external_id.map(Into::into),
            serial_number: Some("arn:aws:iam::123456789012:mfa/alice".into()),
            duration_seconds: duration,
        }
    }

    /// Inputs that exercise every rule of the key: optional fields, a number, quotes, backslashes,
    /// control characters, non-ASCII inside and outside the BMP.
    fn corpus() -> Vec<AssumeRoleArgs> {
        vec![
            args(None, None, None),
            args(Some("ext-1"), None, Some(3600)),
            args(Some("ext-1"), Some("alice-deploys"), Some(43200)),
            args(Some("a \"quoted\" \\ value\twith\ncontrols\u{1}\u{7f}"), None, None),
            args(Some("é ü — 日本 😀"), Some("s"), Some(-1)),
            AssumeRoleArgs { serial_number: None, ..args(None, None, Some(900)) },
        ]
    }

    /// The oracle: botocore's own `AssumeRoleCredentialFetcher` (what the AWS CLI uses), from the moto
    /// installation of scripts/with-moto (./.venv, which depends on boto3).
    fn botocore_keys(corpus: &[AssumeRoleArgs]) -> Vec<String> {
        let python = sst_resources_tests::needs::venv_python();
        let inputs: Vec<Value> = corpus
            .iter()
            .map(|a| {
                let mut extra = serde_json::Map::new();
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        extra.insert(k.into(), v);
                    }
                };
                put("RoleSessionName", a.role_session_name.clone().map(Value::from));
                put("ExternalId", a.external_id.clone().map(Value::from));
                put("SerialNumber", a.serial_number.clone().map(Value::from));
                put("DurationSeconds", a.duration_seconds.map(Value::from));
                json!({ "role_arn": a.role_arn, "extra_args": extra })
            })
            .collect();
        let script = "import json, sys\n\
                      from botocore.credentials import AssumeRoleCredentialFetcher\n\
                      for i in json.load(sys.stdin):\n\
                      \x20   f = AssumeRoleCredentialFetcher(None, None, i['role_arn'], extra_args=i['extra_args'], cache={})\n\
                      \x20   print(f._cache_key)\n";
        let out = std::process::Command::new(&python)
            .args(["-c", script])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                child.stdin.take().map(|mut s| s.write_all(Value::from(inputs).to_string().as_bytes())).transpose()?;
                child.wait_with_output()
            })
            .unwrap_or_else(|e| panic!("cannot run {} (the oracle needs it): {e}", python.display()));
        assert!(out.status.success(), "botocore failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
    }

    #[test]
    fn the_cache_key_is_botocores() {
        sst_resources_tests::needs!(Botocore);
        let corpus = corpus();
        let expected = botocore_keys(&corpus);
        assert_eq!(expected.len(), corpus.len());
        for (args, expected) in corpus.iter().zip(expected) {
            assert_eq!(args.cache_key(), expected, "{args:?}");
        }
        // botocore 1.44.8, printed by the oracle above: the key of the profile the moto tests use. Minified
        // JSON (`separators=(",", ":")`, botocore's SSO cache) would name another file, bb15050690ca….
        assert_eq!(args(None, None, None).cache_key(), "904a6ad4b0274e9fe35d68edc02809a73286fef8");
    }

    #[test]
    fn expirations_as_botocore_writes_and_reads_them() {
        let at = DateTime::from_secs(1_767_323_045);
        assert_eq!(format_expiration(&at).as_deref(), Some("2026-01-02T03:04:05UTC"));
        let expected = SystemTime::try_from(at).ok();
        for text in
            ["2026-01-02T03:04:05UTC", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05+00:00", "2026-01-02T04:04:05+01:00"]
        {
            assert_eq!(parse_expiration(text), expected, "{text}");
        }
        assert_eq!(parse_expiration("2026-01-02T04:04:05CET"), None);
    }

    #[test]
    fn an_entry_near_its_expiry_is_not_used() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let cache = RoleCache { dir: dir.path().join("cli/cache") };
        let at = DateTime::from_secs(1_767_323_045);
        let out = AssumeRoleOutput::builder()
            .credentials(
                aws_sdk_sts::types::Credentials::builder()
                    .access_key_id("ASIAROLE")
                    .secret_access_key("role-secret")
                    .session_token("role-token")
                    .expiration(at)
                    .build()
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .build();
        let entry = CacheEntry::of(&out, Some("req-1")).unwrap_or_else(|| panic!("no entry"));
        cache.store("k", &entry).unwrap_or_else(|e| panic!("{e}"));
        let expiry = SystemTime::try_from(at).unwrap_or_else(|e| panic!("{e}"));
        let fresh = cache.load("k", expiry - EXPIRY_WINDOW).unwrap_or_else(|| panic!("not loaded"));
        assert_eq!((fresh.access_key_id(), fresh.session_token()), ("ASIAROLE", Some("role-token")));
        assert!(cache.load("k", expiry - EXPIRY_WINDOW + Duration::from_secs(1)).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path("k")).map(|m| m.permissions().mode() & 0o777).ok();
            assert_eq!(mode, Some(0o600));
        }
    }
}
