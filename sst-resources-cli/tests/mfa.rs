//! Roles with MFA (`mfa_serial`) against moto, whose recorder keeps every request with its headers and body:
//! what AssumeRole is sent, which keys sign the calls after it, and that the AWS CLI's cache is shared with
//! botocore (the AWS CLI's own library). Run with `scripts/with-moto cargo test -p sst-resources-cli --test mfa`.

#![cfg(unix)]

mod common;

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use aws_sdk_ssm::primitives::{DateTime, DateTimeFormat};
use common::{Project, Run, moto};
use serde_json::Value;
use sst_resources_tests::{OwnMoto, Recorded, needs, recorded};

const SERIAL: &str = "arn:aws:iam::123456789012:mfa/alice";
const ROLE: &str = "arn:aws:iam::123456789012:role/deployer";
const PROMPT: &str = "Enter MFA code for arn:aws:iam::123456789012:mfa/alice: ";
/// botocore's cache key of the `deployer` profile: the SHA-1 of
/// `{"RoleArn": "arn:aws:iam::123456789012:role/deployer", "SerialNumber": "arn:aws:iam::123456789012:mfa/alice"}`
/// (the unit test of `role_cache` checks the rule against botocore itself).
const CACHE_KEY: &str = "904a6ad4b0274e9fe35d68edc02809a73286fef8";

/// A project whose profile `deployer` assumes a role with MFA, sourced from the keys of profile `base`,
/// and a moto of its own that records every request.
struct Mfa {
    p: Project,
    moto: OwnMoto,
    log: PathBuf,
}

impl Mfa {
    fn new(name: &str) -> Mfa {
        moto();
        let p = Project::new(name);
        let log = p.path("moto-requests.jsonl");
        let moto = OwnMoto::recording(&log);
        std::fs::create_dir_all(p.path(".aws")).unwrap_or_else(|e| panic!("{e}"));
        p.write(
            ".aws/config",
            &format!(
                "[profile deployer]\nregion = us-east-1\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = {SERIAL}\n\n\
                 [profile base]\nregion = us-east-1\n"
            ),
        );
        p.write(".aws/credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
        Mfa { p, moto, log }
    }

    /// The environment of every run: this moto, a region, dummy credentials (which `--profile` must beat),
    /// the project's shared files and home.
    fn env(&self, cmd: &mut Command) {
        cmd.env("AWS_ENDPOINT_URL", &self.moto.endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_SESSION_TOKEN", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.p.path(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.p.path(".aws/credentials"))
            .env("HOME", self.p.dir())
            .env_remove("AWS_PROFILE");
    }

    /// Runs `sst-resources --stage dev --profile deployer ARGS` with `input` on its stdin and no controlling
    /// terminal; returns the run and the requests moto got meanwhile.
    fn run(&self, args: &[&str], input: &str) -> (Run, Vec<Recorded>) {
        let mut cmd = self.p.command(&[&["--stage", "dev", "--profile", "deployer"], args].concat());
        self.env(&mut cmd);
        self.spawn(cmd, input)
    }

    fn spawn(&self, mut cmd: Command, input: &str) -> (Run, Vec<Recorded>) {
        let before = recorded(&self.log).len();
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        #[allow(unsafe_code, reason = "pre_exec is unsafe: the child runs setsid only")]
        // SAFETY: setsid is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(|| nix::unistd::setsid().map(drop).map_err(std::io::Error::from));
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            // The command may end before it reads (a broken pipe is then no failure of the test).
            let _ = stdin.write_all(input.as_bytes());
        }
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let run = Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        let requests = recorded(&self.log).split_off(before);
        (run, requests)
    }

    fn cache_path(&self) -> PathBuf {
        self.p.path(&format!(".aws/cli/cache/{CACHE_KEY}.json"))
    }

    /// The AWS CLI's cache entry of the role.
    fn cache(&self) -> Value {
        let text = std::fs::read_to_string(self.cache_path()).unwrap_or_else(|e| panic!("no cache entry: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("the cache entry is not JSON ({e}): {text}"))
    }

    /// botocore, as the AWS CLI sets it up (its `assume-role` provider's cache is `~/.aws/cli/cache`), gets
    /// the credentials of `deployer` and prints the access key; `code` is what its prompt answers, `None`
    /// a prompt that fails.
    fn botocore(&self, code: Option<&str>) -> (Run, Vec<Recorded>) {
        let python = std::env::var("MOTO_SERVER")
            .map(|server| PathBuf::from(server).with_file_name("python"))
            .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv/bin/python")));
        let script = "import os, sys, botocore.session\n\
                      from botocore.utils import JSONFileCache\n\
                      s = botocore.session.Session(profile='deployer')\n\
                      p = s.get_component('credential_provider').get_provider('assume-role')\n\
                      p.cache = JSONFileCache(os.path.expanduser(os.path.join('~', '.aws', 'cli', 'cache')))\n\
                      def ask(prompt):\n\
                      \x20   if len(sys.argv) < 2: sys.exit('botocore asked: ' + prompt)\n\
                      \x20   return sys.argv[1]\n\
                      p._prompter = ask\n\
                      print(s.get_credentials().get_frozen_credentials().access_key)\n";
        let mut cmd = Command::new(&python);
        cmd.args(["-c", script]).args(code).current_dir(self.p.dir());
        self.env(&mut cmd);
        self.spawn(cmd, "")
    }
}

fn is_assume_role(r: &Recorded) -> bool {
    r.action().as_deref() == Some("AssumeRole")
}

/// The credentials of a cache entry: access key, session token, expiration as RFC 3339.
fn cached_credentials(entry: &Value) -> (String, String, String) {
    let text =
        |name: &str| entry["Credentials"][name].as_str().unwrap_or_else(|| panic!("no {name}: {entry}")).to_owned();
    let expiration = text("Expiration");
    let rfc3339 = expiration.strip_suffix("UTC").map(|t| format!("{t}Z")).unwrap_or(expiration);
    (text("AccessKeyId"), text("SessionToken"), rfc3339)
}

#[test]
fn the_code_is_asked_once_and_the_role_session_kept_for_the_next_command() {
    needs!(Moto, Botocore);
    let m = Mfa::new("mfa-once");
    let (run, requests) = m.run(&["secrets", "list", "--format", "json"], "123456\n");
    run.ok();
    assert_eq!(run.stderr, format!("{PROMPT}\nNo secrets set\n"));
    // First AssumeRole, with the code read from stdin, signed by the source profile's keys...
    let assume = &requests[0];
    assert!(is_assume_role(assume), "{requests:#?}");
    assert_eq!(assume.param("RoleArn").as_deref(), Some(ROLE));
    assert_eq!(assume.param("SerialNumber").as_deref(), Some(SERIAL));
    assert_eq!(assume.param("TokenCode").as_deref(), Some("123456"));
    let session = assume.param("RoleSessionName").unwrap_or_default();
    assert!(session.strip_prefix("botocore-session-").is_some_and(|t| t.parse::<u64>().is_ok()), "{session}");
    assert_eq!(assume.param("DurationSeconds"), None);
    assert_eq!((assume.service(), assume.access_key()), (Some("sts"), Some("AKIDBASE")));

    // ... kept where and as the AWS CLI keeps it ...
    let entry = m.cache();
    let (role_key, role_token, expiration) = cached_credentials(&entry);
    assert!(role_key.starts_with("ASIA") && role_key != "AKIDBASE", "{role_key}");
    assert!(entry["Credentials"]["SecretAccessKey"].is_string());
    assert!(entry["Credentials"]["Expiration"].as_str().is_some_and(|e| e.ends_with("UTC")), "{entry}");
    assert_eq!(entry["Credentials"]["AccountId"], "123456789012");
    assert!(
        entry["AssumedRoleUser"]["Arn"]
            .as_str()
            .is_some_and(|a| a.contains(&format!("assumed-role/deployer/{session}")))
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(m.cache_path()).map(|m| m.permissions().mode() & 0o777).ok();
    assert_eq!(mode, Some(0o600));
    // ... and every later call signed with the role's keys, not the environment's or the source's.
    let calls = &requests[1..];
    assert!(!calls.is_empty() && calls.iter().all(|r| r.service() == Some("ssm")), "{calls:#?}");
    assert!(calls.iter().all(|r| r.access_key() == Some(role_key.as_str())), "{calls:#?}");
    // No secret of either profile on screen.
    let secret = entry["Credentials"]["SecretAccessKey"].as_str().unwrap_or_default();
    assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret) && !run.stderr.contains("base-secret"));

    // The next command, `bind` here, reads the cache: no prompt, no AssumeRole, the role's keys, which
    // its command gets.
    let (run, requests) = m.run(&["bind", "--", "env"], "");
    run.ok();
    assert_eq!(run.stderr, "");
    assert!(!requests.is_empty() && !requests.iter().any(is_assume_role), "{requests:#?}");
    assert!(requests.iter().all(|r| r.access_key() == Some(role_key.as_str())), "{requests:#?}");
    assert_eq!(run.var("AWS_ACCESS_KEY_ID"), Some(role_key.clone()));
    assert_eq!(run.var("AWS_SESSION_TOKEN"), Some(role_token));
    assert_eq!(run.var("AWS_CREDENTIAL_EXPIRATION"), Some(expiration));

    // An entry within botocore's 15 minutes of its expiry is not used: the code is asked again.
    let mut entry = entry;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let soon = DateTime::from_secs(i64::try_from(now).unwrap_or(0) + 10 * 60).fmt(DateTimeFormat::DateTime);
    let soon = soon.unwrap_or_else(|e| panic!("{e}")).replace('Z', "UTC");
    entry["Credentials"]["Expiration"] = Value::from(soon);
    std::fs::write(m.cache_path(), entry.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let (run, requests) = m.run(&["secrets", "list", "--format", "json"], "654321\n");
    run.ok();
    assert!(run.stderr.starts_with(PROMPT), "{}", run.stderr);
    let assumed: Vec<&Recorded> = requests.iter().filter(|r| is_assume_role(r)).collect();
    assert_eq!(assumed.len(), 1, "{requests:#?}");
    assert_eq!(assumed[0].param("TokenCode").as_deref(), Some("654321"));
    let (new_key, _, _) = cached_credentials(&m.cache());
    assert_ne!(new_key, role_key);
    assert!(requests[1..].iter().all(|r| r.access_key() == Some(new_key.as_str())), "{requests:#?}");
}

#[test]
fn no_code_is_one_line_and_nothing_is_done() {
    needs!(Moto, Botocore);
    let m = Mfa::new("mfa-eof");
    let marker = m.p.path("ran");
    let touch = format!("touch {}", marker.display());
    let (run, requests) = m.run(&["bind", "--", "sh", "-c", &touch], "");
    run.code(3);
    assert_eq!(
        run.stderr,
        format!(
            "{PROMPT}\nerror: no MFA code for {SERIAL} (the role of AWS profile `deployer`): run the command again \
             and type the code the device shows\n"
        )
    );
    assert_eq!(run.stdout, "");
    assert!(requests.is_empty(), "{requests:#?}");
    assert!(!marker.exists(), "bind ran its command");
    assert!(!m.p.path(".aws/cli").exists());
    // An empty line is no code either.
    let (run, requests) = m.run(&["secrets", "list"], "\n");
    run.code(3);
    assert!(run.stderr.ends_with("run the command again and type the code the device shows\n"), "{}", run.stderr);
    assert!(requests.is_empty(), "{requests:#?}");
}

#[test]
fn the_aws_cli_and_sst_resources_share_one_mfa_session() {
    needs!(Moto, Botocore);
    let m = Mfa::new("mfa-shared");
    // sst-resources first: botocore, as the AWS CLI runs it, uses its session and asks nothing.
    let (run, _) = m.run(&["secrets", "list", "--format", "json"], "222222\n");
    run.ok();
    let (role_key, _, _) = cached_credentials(&m.cache());
    let (run, requests) = m.botocore(None);
    run.ok();
    assert_eq!(run.stdout.trim(), role_key);
    assert!(requests.is_empty(), "{requests:#?}");

    // The AWS CLI first: sst-resources uses the session botocore assumed with its code.
    std::fs::remove_file(m.cache_path()).unwrap_or_else(|e| panic!("{e}"));
    let (run, requests) = m.botocore(Some("333333"));
    run.ok();
    let botocore_key = run.stdout.trim().to_owned();
    assert_eq!(requests.iter().filter_map(|r| r.param("TokenCode")).collect::<Vec<_>>(), ["333333"]);
    assert_eq!(cached_credentials(&m.cache()).0, botocore_key);
    let (run, requests) = m.run(&["secrets", "list", "--format", "json"], "");
    run.ok();
    assert_eq!(run.stderr, "No secrets set\n");
    assert!(!requests.is_empty() && !requests.iter().any(is_assume_role), "{requests:#?}");
    assert!(requests.iter().all(|r| r.access_key() == Some(botocore_key.as_str())), "{requests:#?}");
}
