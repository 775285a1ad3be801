//! `secrets set|get|list|load|remove` (binding protocol §7): the app's `Secret` values in SSM.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};

use sst_binding_protocol::catalog::SECRET;
use sst_binding_protocol::manifest::Manifest;
use sst_binding_protocol::names::{self, SsmPath, SsmPrefix};

use crate::args::{Common, ListFormat, SecretsArgs, SecretsCommand};
use crate::aws::Aws;
use crate::error::{Error, count};
use crate::{block_on, context, dotenv, print, ssm, warn};

/// The prop of a secret's value.
const VALUE: &str = "value";

/// Where the command works: the app, its stage, and the SSM prefix of the stage or of the fallback.
struct Target {
    stage: String,
    prefix: SsmPrefix,
    fallback: bool,
}

impl Target {
    fn path(&self, name: &str) -> SsmPath {
        self.prefix.path(SECRET, name, VALUE)
    }

    /// `stage "dev"` or `the fallback`.
    fn place(&self) -> String {
        if self.fallback { "the fallback".to_owned() } else { format!("stage \"{}\"", self.stage) }
    }
}

pub fn run(common: &Common, args: &SecretsArgs) -> Result<u8, Error> {
    let fallback = match &args.command {
        SecretsCommand::Set { fallback, .. }
        | SecretsCommand::Get { fallback, .. }
        | SecretsCommand::List { fallback, .. }
        | SecretsCommand::Load { fallback, .. }
        | SecretsCommand::Remove { fallback, .. } => *fallback,
    };
    let manifest = context::manifest(common, false)?;
    let app = context::app(common, manifest.as_ref())?;
    let stage = context::stage(common)?;
    let prefix = if fallback { SsmPrefix::fallback(&app) } else { context::prefix(common, &app, &stage) };
    let target = Target { stage: stage.clone(), prefix, fallback };

    match &args.command {
        SecretsCommand::Set { name, value, .. } => {
            check_name(name, manifest.as_ref())?;
            let value = match value {
                Some(v) => v.clone(),
                None => read_stdin()?,
            };
            check_value(name, &value)?;
            let path = target.path(name);
            let tier = block_on(async {
                let aws = Aws::connect(common).await?;
                ssm::put_secret(&aws.ssm(), path.as_str(), &value).await
            })??;
            print(&format!("Set {name} in {} ({path}, {} tier)", target.place(), tier.as_str()))?;
        }
        SecretsCommand::Get { name, .. } => {
            check_name(name, None)?;
            let path = target.path(name);
            let value = block_on(async {
                let aws = Aws::connect(common).await?;
                ssm::get(&aws.ssm(), path.as_str()).await
            })??;
            match value {
                Some(value) => print(&value)?,
                None => return Err(not_set(name, &target, &path)),
            }
        }
        SecretsCommand::List { format, .. } => {
            let app = app.clone();
            let secrets = block_on(async {
                let aws = Aws::connect(common).await?;
                list(&aws, &app, &target).await
            })??;
            print_list(&secrets, *format, &target)?;
        }
        SecretsCommand::Load { file, .. } => {
            let text = context::read_text(file, "the secrets file")?;
            let entries = dotenv::parse(&text, &file.display().to_string())?;
            let mut problems = Vec::new();
            for e in &entries {
                if let Err(err) = names::check_id(&e.name)
                    .map_err(|n| n.0)
                    .and_then(|()| check_value(&e.name, &e.value).map_err(|err| err.message))
                {
                    problems.push(format!("{}:{}: {err}", file.display(), e.line));
                }
            }
            if !problems.is_empty() {
                let n = problems.len();
                return Err(Error::located(
                    problems,
                    format!("{} has {}; nothing was set", file.display(), count(n, "problem")),
                ));
            }
            if let Some(m) = &manifest {
                for e in &entries {
                    warn_undeclared(&e.name, m);
                }
            }
            let set = block_on(async {
                let aws = Aws::connect(common).await?;
                let client = aws.ssm();
                let mut set: Vec<&str> = Vec::new();
                for e in &entries {
                    let path = target.path(&e.name);
                    if let Err(err) = ssm::put_secret(&client, path.as_str(), &e.value).await {
                        let done = if set.is_empty() {
                            "none was set".to_owned()
                        } else {
                            format!("set before it: {}", set.join(", "))
                        };
                        return Err(Error { message: format!("{} ({done})", err.message), ..err });
                    }
                    set.push(&e.name);
                }
                Ok(set.len())
            })??;
            print(&format!("Set {} in {} from {}", count(set, "secret"), target.place(), file.display()))?;
        }
        SecretsCommand::Remove { name, .. } => {
            check_name(name, None)?;
            let path = target.path(name);
            let removed = block_on(async {
                let aws = Aws::connect(common).await?;
                ssm::delete(&aws.ssm(), path.as_str()).await
            })??;
            if !removed {
                return Err(not_set(name, &target, &path));
            }
            print(&format!("Removed {name} from {} ({path})", target.place()))?;
        }
    }
    Ok(0)
}

/// `"NAME" is not set` (SST's words), then where.
fn not_set(name: &str, target: &Target, path: &SsmPath) -> Error {
    Error::new(format!("\"{name}\" is not set in {} (no parameter {path})", target.place()))
}

fn check_name(name: &str, manifest: Option<&Manifest>) -> Result<(), Error> {
    names::check_id(name).map_err(|e| Error::new(format!("secret name: {e}")))?;
    if let Some(m) = manifest {
        warn_undeclared(name, m);
    }
    Ok(())
}

/// Warns when the manifest has no `Secret` of that name: no function can be bound to it.
fn warn_undeclared(name: &str, manifest: &Manifest) {
    if manifest.resource(SECRET, name).is_none() {
        warn(&format!(
            "{} has no Secret `{name}`: add {{ \"type\": \"Secret\", \"id\": \"{name}\" }} to its resources to bind it",
            manifest.file
        ));
    }
}

fn check_value(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::new(format!("the value of {name} is empty, and SSM cannot store an empty value")));
    }
    if value.len() > 8192 {
        return Err(Error::new(format!(
            "the value of {name} is {} bytes, and SSM holds at most 8192 (Advanced tier)",
            value.len()
        )));
    }
    Ok(())
}

/// The value given on stdin (a final line break removed), for `secrets set NAME` without a value.
fn read_stdin() -> Result<String, Error> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::new(
            "no value: give it after the name (`secrets set NAME VALUE`), or pipe it on stdin".to_owned(),
        ));
    }
    let mut value = String::new();
    stdin.read_to_string(&mut value).map_err(|e| Error::new(format!("cannot read the value from stdin: {e}")))?;
    if value.ends_with('\n') {
        value.pop();
        if value.ends_with('\r') {
            value.pop();
        }
    }
    Ok(value)
}

/// One listed secret: its value and whether it comes from the fallback.
struct Listed {
    value: String,
    from_fallback: bool,
}

/// The secrets of the target: for a stage, the fallback's first, then the stage's, which win.
async fn list(aws: &Aws, app: &str, target: &Target) -> Result<BTreeMap<String, Listed>, Error> {
    let client = aws.ssm();
    let mut out = BTreeMap::new();
    let mut read = async |prefix: &SsmPrefix, from_fallback: bool| -> Result<(), Error> {
        let path = format!("{prefix}{SECRET}/");
        for p in ssm::by_path(&client, &path).await? {
            if let Some(parts) = prefix.parse(&p.name).filter(|x| x.construct == SECRET && x.prop == VALUE) {
                out.insert(parts.id.to_owned(), Listed { value: p.value, from_fallback });
            }
        }
        Ok(())
    };
    if !target.fallback {
        read(&SsmPrefix::fallback(app), true).await?;
    }
    read(&target.prefix, target.fallback).await?;
    Ok(out)
}

fn print_list(secrets: &BTreeMap<String, Listed>, format: ListFormat, target: &Target) -> Result<(), Error> {
    match format {
        ListFormat::Env => {
            let lines: Vec<String> = secrets.iter().map(|(name, s)| dotenv::line(name, &s.value)).collect();
            if !lines.is_empty() {
                print(&lines.join("\n"))?;
            }
        }
        ListFormat::Json => {
            let object: serde_json::Map<String, serde_json::Value> =
                secrets.iter().map(|(name, s)| (name.clone(), serde_json::Value::String(s.value.clone()))).collect();
            let text = serde_json::to_string_pretty(&object).map_err(|e| Error::new(e.to_string()))?;
            print(&text)?;
        }
        ListFormat::Table => {
            if secrets.is_empty() {
                warn(&format!("no secrets in {}", target.place()));
                return Ok(());
            }
            let width = secrets.keys().map(|k| k.chars().count()).max().unwrap_or(0).max("NAME".len());
            let mut lines = vec![format!("{:width$}  VALUE", "NAME")];
            for (name, s) in secrets {
                let value = one_line(&s.value);
                let from = if s.from_fallback && !target.fallback { "  (fallback)" } else { "" };
                lines.push(format!("{name:width$}  {value}{from}"));
            }
            print(&lines.join("\n"))?;
        }
    }
    Ok(())
}

/// The value on one line: control characters (line breaks, tabs) escaped as `\n`, `\t`.
fn one_line(value: &str) -> String {
    value.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}
