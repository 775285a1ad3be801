//! `bind`: runs a command with the app's bound values in its environment (docs/sst-v2-binding-protocol.md §6).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::ErrorKind;
use std::process::{Command, ExitStatus};

use aws_credential_types::Credentials;
use aws_sdk_ssm::primitives::{DateTime, DateTimeFormat};
use sst_binding_protocol::Catalog;
use sst_binding_protocol::catalog::SECRET;
use sst_binding_protocol::manifest::Manifest;
use sst_binding_protocol::names::{self, EnvVar, SsmPrefix};

use crate::args::{BindArgs, Common};
use crate::aws::Aws;
use crate::context;
use crate::error::{Error, exit};
use crate::output::warn;
use crate::ssm;

/// The variables of the AWS credentials, as every SDK reads them.
const AWS_ACCESS_KEY_ID: &str = "AWS_ACCESS_KEY_ID";
const AWS_SECRET_ACCESS_KEY: &str = "AWS_SECRET_ACCESS_KEY";
const AWS_SESSION_TOKEN: &str = "AWS_SESSION_TOKEN";
const AWS_CREDENTIAL_EXPIRATION: &str = "AWS_CREDENTIAL_EXPIRATION";

pub async fn run(common: &Common, args: &BindArgs) -> Result<u8, Error> {
    let manifest = context::manifest(common, args.function.is_some())?;
    let app = context::app(common, manifest.as_ref())?;
    let stage = context::stage(common)?;
    let function = match (&manifest, &args.function) {
        (Some(m), Some(name)) => Some(context::function(m, name)?),
        _ => None,
    };

    let mut env: BTreeMap<String, String> = BTreeMap::new();
    let mut unset: Vec<&str> = Vec::new();
    let values = match &args.values {
        Some(path) => {
            let values = context::values(path, manifest.as_ref())?;
            if let Some(region) = &common.region {
                env.insert("AWS_REGION".into(), region.clone());
                env.insert(names::SST_REGION.into(), region.clone());
            }
            context::values_env(&values)
        }
        None => {
            let prefix = context::prefix(common, &app, &stage);
            let (values, aws) = from_ssm(common, &app, &prefix, manifest.as_ref()).await?;
            env.insert("AWS_REGION".into(), aws.region().to_owned());
            env.insert(names::SST_REGION.into(), aws.region().to_owned());
            if let Some(profile) = &common.profile {
                env.insert("AWS_PROFILE".into(), profile.clone());
            }
            unset = credentials_env(aws.credentials(), &mut env);
            values
        }
    };

    let values = match (&manifest, function) {
        (Some(manifest), Some(function)) => {
            let bound = context::bound(manifest, function);
            let mut kept = BTreeMap::new();
            let mut missing = Vec::new();
            for b in &bound {
                match values.get(&b.env_var()) {
                    Some(v) => {
                        kept.insert(b.env_var(), v.clone());
                    }
                    None if !b.prop.optional => missing.push(b.label()),
                    None => {}
                }
            }
            if !missing.is_empty() {
                let source =
                    args.values.as_ref().map_or_else(|| format!("stage `{stage}`"), |p| p.display().to_string());
                warn(&format!(
                    "function `{}` is bound to values that {source} does not have: {}; using them will fail",
                    function.head.name,
                    missing.join(", ")
                ));
            }
            kept
        }
        _ => values,
    };

    env.insert(names::SST_APP.into(), app);
    env.insert(names::SST_STAGE.into(), stage);
    for (var, value) in values {
        env.insert(var.to_string(), value);
    }
    spawn(&args.command, &env, &unset)
}

/// As SST's `bind` does: the credentials `bind` resolved (from a profile, SSO, a role, an MFA prompt) go
/// to the command as the environment's, which every SDK reads first, so that it needs no prompt or refresh
/// of its own. Returns what the command must not inherit: a session token or an expiry of other credentials.
fn credentials_env(credentials: &Credentials, env: &mut BTreeMap<String, String>) -> Vec<&'static str> {
    let mut unset = Vec::new();
    env.insert(AWS_ACCESS_KEY_ID.into(), credentials.access_key_id().to_owned());
    env.insert(AWS_SECRET_ACCESS_KEY.into(), credentials.secret_access_key().to_owned());
    match credentials.session_token() {
        Some(token) => {
            env.insert(AWS_SESSION_TOKEN.into(), token.to_owned());
        }
        None => unset.push(AWS_SESSION_TOKEN),
    }
    match credentials.expiry().and_then(|at| DateTime::from(at).fmt(DateTimeFormat::DateTime).ok()) {
        Some(at) => {
            env.insert(AWS_CREDENTIAL_EXPIRATION.into(), at);
        }
        None => unset.push(AWS_CREDENTIAL_EXPIRATION),
    }
    unset
}

/// Every value of the app's stage, with the fallback's secrets where the stage lacks them, and the AWS
/// configuration (region, credentials) that read them.
///
/// `GetParametersByPath` gives at most 10 parameters a page, and each page needs the previous page's token:
/// one walk of the stage takes a round trip per 10 values. So the paths are walked apart, all at the same
/// time: the fallback's secrets, and with a manifest one path per construct of its catalog (SST's and the
/// manifest's kinds), `{prefix}{Construct}/`. Without a manifest the stage's prefix is walked whole, or by
/// SST's constructs where the prefix, used as written, does not end a level.
async fn from_ssm(
    common: &Common,
    app: &str,
    prefix: &SsmPrefix,
    manifest: Option<&Manifest>,
) -> Result<(BTreeMap<EnvVar, String>, Aws), Error> {
    let aws = Aws::connect(common).await?;
    let client = aws.ssm();
    let fallback = SsmPrefix::fallback(app);
    // Only the fallback's secrets are used.
    let mut paths = vec![fallback.construct_path(SECRET)];
    match manifest {
        Some(manifest) => paths.extend(manifest.catalog.iter().map(|c| prefix.construct_path(&c.name))),
        None => paths.extend(prefix.search_paths(Catalog::builtin().iter().map(|c| c.name.as_ref()))),
    }
    let mut walks = ssm::by_paths(&client, &paths).await?.into_iter();
    let mut fallbacks = BTreeMap::new();
    for p in walks.next().unwrap_or_default() {
        if let Some(parts) = fallback.parse(&p.name).filter(|parts| parts.construct == SECRET) {
            fallbacks.insert(EnvVar::new(parts.construct, parts.prop, parts.id), p.value);
        }
    }
    let mut values = BTreeMap::new();
    for p in walks.flatten() {
        if let Some(parts) = prefix.parse(&p.name) {
            values.insert(EnvVar::new(parts.construct, parts.prop, parts.id), p.value);
        }
    }
    // Each secret the stage lacks takes the fallback's value.
    for (var, value) in fallbacks {
        let stage = values.remove(&var);
        if let Some((value, _)) = names::stage_or_fallback(stage, Some(value)) {
            values.insert(var, value);
        }
    }
    Ok((values, aws))
}

/// Runs the command with the parent's environment, less its binding variables and `unset`, plus `env`;
/// returns the command's exit code (128 + N when signal N killed it).
fn spawn(command: &[OsString], env: &BTreeMap<String, String>, unset: &[&str]) -> Result<u8, Error> {
    let Some((program, args)) = command.split_first() else {
        return Err(
            Error::new("no command to run: give it after `--`, e.g. `bind -- cargo test`").with_code(exit::USAGE)
        );
    };
    let mut cmd = Command::new(program);
    cmd.args(args);
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(|n| EnvVar::parse(n).is_some()) {
            cmd.env_remove(&name);
        }
    }
    for name in unset {
        cmd.env_remove(name);
    }
    cmd.envs(env);
    let shown = program.to_string_lossy();
    let status = wait(cmd).map_err(|e| match e.kind() {
        ErrorKind::NotFound => {
            Error::new(format!("cannot run `{shown}`: command not found")).with_code(exit::NOT_FOUND)
        }
        ErrorKind::PermissionDenied => {
            Error::new(format!("cannot run `{shown}`: permission denied")).with_code(exit::CANNOT_EXECUTE)
        }
        _ => Error::new(format!("cannot run `{shown}`: {e}")).with_code(exit::CANNOT_EXECUTE),
    })?;
    Ok(exit_code(status))
}

fn exit_code(status: ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        return u8::try_from(code & 0xff).unwrap_or(exit::FAILURE);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return exit::SIGNAL_BASE.saturating_add(u8::try_from(signal).unwrap_or(0));
        }
    }
    exit::FAILURE
}

/// Starts the command and waits for it, passing on SIGINT and SIGTERM sent to `bind` — but not a terminal's
/// Ctrl-C, which the kernel sends to the whole foreground process group, the command included.
#[cfg(unix)]
fn wait(mut cmd: Command) -> std::io::Result<ExitStatus> {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::SignalsInfo;
    use signal_hook::iterator::exfiltrator::WithOrigin;
    use signal_hook::low_level::siginfo::Cause;

    // Caught from before the start, so that no signal kills `bind` alone; the command starts with the
    // default handlers (exec resets caught signals).
    let mut signals = SignalsInfo::<WithOrigin>::new([SIGINT, SIGTERM])?;
    let handle = signals.handle();
    let mut child = cmd.spawn()?;
    let pid = i32::try_from(child.id()).map(Pid::from_raw).ok();
    let forwarder = std::thread::spawn(move || {
        for origin in signals.forever() {
            if origin.cause == Cause::Kernel {
                continue;
            }
            if let (Some(pid), Ok(signal)) = (pid, Signal::try_from(origin.signal)) {
                // The command may have just ended: nothing to do then.
                let _ = kill(pid, signal);
            }
        }
    });
    let status = child.wait();
    handle.close();
    let _ = forwarder.join();
    status
}

#[cfg(not(unix))]
fn wait(mut cmd: Command) -> std::io::Result<ExitStatus> {
    cmd.spawn()?.wait()
}
