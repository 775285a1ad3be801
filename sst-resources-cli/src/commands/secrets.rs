//! `secrets set|get|list|load|remove` (docs/sst-v2-binding-protocol.md §7): the app's `Secret` values in SSM.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::Path;

use sst_binding_protocol::catalog::SECRET;
use sst_binding_protocol::manifest::Manifest;
use sst_binding_protocol::names::{self, EnvVar, Source, SsmPath, SsmPrefix};
use sst_binding_protocol::text;
use sst_resources_import::dotenv;

use crate::args::{Common, ListFormat, SecretsArgs, SecretsCommand};
use crate::aws::Aws;
use crate::error::{Error, count, exit};
use crate::output::{print, warn};
use crate::{context, lambda, ssm};

/// The prop of a secret's value.
const VALUE: &str = "value";

/// Where the command works: the stage (none for the fallback, which belongs to no stage) and its SSM
/// prefix, or the fallback's.
struct Target {
    stage: Option<String>,
    prefix: SsmPrefix,
}

impl Target {
    fn path(&self, name: &str) -> SsmPath {
        self.prefix.path(SECRET, name, VALUE)
    }

    /// `stage "dev"` or `the fallback`.
    fn place(&self) -> String {
        match &self.stage {
            Some(stage) => format!("stage \"{stage}\""),
            None => "the fallback".to_owned(),
        }
    }
}

pub async fn run(common: &Common, args: &SecretsArgs) -> Result<u8, Error> {
    let manifest = context::manifest(common, false)?;
    let app = context::app(common, manifest.as_ref())?;
    // `list --fallback` lists what the stage takes from the fallback: it needs the stage, as SST does.
    let target = match &args.command {
        SecretsCommand::Set { fallback: true, .. }
        | SecretsCommand::Get { fallback: true, .. }
        | SecretsCommand::Load { fallback: true, .. }
        | SecretsCommand::Remove { fallback: true, .. } => Target { stage: None, prefix: SsmPrefix::fallback(&app) },
        _ => {
            let stage = context::stage(common)?;
            Target { prefix: context::prefix(common, &app, &stage), stage: Some(stage) }
        }
    };
    let secrets = Secrets { common, app: &app, target: &target, manifest: manifest.as_ref() };
    match &args.command {
        SecretsCommand::Set { name, value, no_restart, .. } => secrets.set(name, value.as_deref(), *no_restart).await?,
        SecretsCommand::Get { name, .. } => secrets.get(name).await?,
        SecretsCommand::List { format, format_positional, fallback } => {
            let aws = Aws::connect(common).await?;
            let listed = list(&aws, &app, &target).await?;
            print_list(listed, format_positional.unwrap_or(*format), *fallback)?;
        }
        SecretsCommand::Load { file, no_restart, .. } => secrets.load(file, *no_restart).await?,
        SecretsCommand::Remove { name, no_restart, .. } => secrets.remove(name, *no_restart).await?,
    }
    Ok(0)
}

/// What every subcommand works with.
struct Secrets<'a> {
    common: &'a Common,
    app: &'a str,
    target: &'a Target,
    manifest: Option<&'a Manifest>,
}

impl Secrets<'_> {
    /// `secrets set NAME [VALUE]` (the value from stdin where not given).
    async fn set(&self, name: &str, value: Option<&str>, no_restart: bool) -> Result<(), Error> {
        check_name(name, self.manifest)?;
        let value = match value {
            Some(v) => v.to_owned(),
            None => read_stdin()?,
        };
        check_value(name, &value)?;
        let path = self.target.path(name);
        let aws = Aws::connect(self.common).await?;
        let tier = ssm::put_secret(&aws.ssm(), path.as_str(), &value).await?;
        print(&format!("Set {name} in {} ({path}, {} tier)", self.target.place(), tier.as_str()))?;
        restart(&aws, self.app, self.target, &[name], no_restart).await
    }

    /// `secrets get NAME`: the value alone on stdout.
    async fn get(&self, name: &str) -> Result<(), Error> {
        check_name(name, None)?;
        let path = self.target.path(name);
        let aws = Aws::connect(self.common).await?;
        let value = ssm::get(&aws.ssm(), path.as_str()).await?;
        match value {
            Some(value) => print(&value),
            None => Err(not_set(name, self.target, &path)),
        }
    }

    /// `secrets load FILE`: every line checked first (nothing is set when one is wrong), then each set in
    /// order; a failure says which were set before it.
    async fn load(&self, file: &Path, no_restart: bool) -> Result<(), Error> {
        let entries = read_secrets_file(file)?;
        if let Some(m) = self.manifest {
            for e in &entries {
                warn_undeclared(&e.name, m);
            }
        }
        let aws = Aws::connect(self.common).await?;
        let client = aws.ssm();
        let mut set: Vec<&str> = Vec::new();
        for e in &entries {
            let path = self.target.path(&e.name);
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
        let place = self.target.place();
        print(&format!("Set {} in {place} from {}", count(set.len(), "secret"), file.display()))?;
        restart(&aws, self.app, self.target, &set, no_restart).await
    }

    /// `secrets remove NAME`.
    async fn remove(&self, name: &str, no_restart: bool) -> Result<(), Error> {
        check_name(name, None)?;
        let path = self.target.path(name);
        let aws = Aws::connect(self.common).await?;
        if !ssm::delete(&aws.ssm(), path.as_str()).await? {
            return Err(not_set(name, self.target, &path));
        }
        print(&format!("Removed {name} from {} ({path})", self.target.place()))?;
        restart(&aws, self.app, self.target, &[name], no_restart).await
    }
}

/// The entries of a secrets file (`.env` lines), every problem of it located: a line dotenv cannot read,
/// a name that is no secret id, a value SSM would refuse.
fn read_secrets_file(file: &Path) -> Result<Vec<dotenv::Entry>, Error> {
    let text = context::read_text(file, "the secrets file")?;
    let refuse = |problems: Vec<dotenv::LineError>| {
        let n = problems.len();
        let details = problems.iter().map(|e| format!("{}:{}: {}", file.display(), e.line, e.message)).collect();
        Error::located(details, format!("{} has {}; nothing was set", file.display(), count(n, "problem")))
    };
    let entries = dotenv::parse(&text).map_err(refuse)?;
    let problems: Vec<dotenv::LineError> = entries
        .iter()
        .filter_map(|e| {
            let problem = names::check_id(&e.name)
                .map_err(|n| n.to_string())
                .and_then(|()| check_value(&e.name, &e.value).map_err(|err| err.message));
            problem.err().map(|message| dotenv::LineError { line: e.line, message })
        })
        .collect();
    if problems.is_empty() { Ok(entries) } else { Err(refuse(problems)) }
}

/// Restarts the functions of the app bound to the changed secrets, as SST's `Config.restart` does after
/// `secrets set` and `load`: those of the stage, or of every stage for a fallback, whose environment binds
/// one of them. Says which were restarted, and which hold the value itself and need a deploy.
async fn restart(aws: &Aws, app: &str, target: &Target, secrets: &[&str], skip: bool) -> Result<(), Error> {
    if skip || secrets.is_empty() {
        return Ok(());
    }
    let client = aws.lambda();
    let vars: Vec<EnvVar> = secrets.iter().map(|name| EnvVar::new(SECRET, VALUE, name)).collect();
    let bound = lambda::bound_to(&client, app, target.stage.as_deref(), &vars).await.map_err(|e| Error {
        message: format!(
            "the functions bound to {} were not restarted: {}; pass --no-restart not to restart them",
            secrets.join(", "),
            e.message
        ),
        ..e
    })?;
    let (mut prefetched, mut restartable): (Vec<_>, Vec<_>) = bound.into_iter().partition(|f| f.prefetched);
    prefetched.sort_by(|a, b| a.name.cmp(&b.name));
    restartable.sort_by(|a, b| a.name.cmp(&b.name));
    let mut restarted = Vec::new();
    let mut failed = Vec::new();
    for function in restartable {
        match lambda::restart(&client, &function.name).await {
            Ok(true) => restarted.push(function.name),
            Ok(false) => {}
            Err(e) => failed.push(e),
        }
    }
    if !restarted.is_empty() {
        print(&format!("Reloaded {}: {}", count(restarted.len(), "function"), restarted.join(", ")))?;
    }
    if !prefetched.is_empty() {
        let names: Vec<String> = prefetched.into_iter().map(|f| f.name).collect();
        print(&format!(
            "Redeploy the functions with \"prefetchSecret\" enabled to use the new secret: {}",
            names.join(", ")
        ))?;
    }
    if failed.is_empty() {
        return Ok(());
    }
    let message = format!(
        "{} bound to {} not restarted: they serve the old value until Lambda replaces their instances (run the \
         command again to retry)",
        count(failed.len(), "function"),
        secrets.join(", ")
    );
    Err(Error {
        details: failed.into_iter().map(|e| format!("error: {}", e.message)).collect(),
        message,
        code: exit::AWS,
    })
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

/// A secret of the stage: its own value and the fallback's, either of which may be missing.
#[derive(Default)]
struct Listed {
    value: Option<String>,
    fallback: Option<String>,
}

/// The secrets of the stage and of the fallback, by name (as SST's `Config.secrets`).
async fn list(aws: &Aws, app: &str, target: &Target) -> Result<BTreeMap<String, Listed>, Error> {
    let client = aws.ssm();
    let mut out: BTreeMap<String, Listed> = BTreeMap::new();
    for (prefix, fallback) in [(&target.prefix, false), (&SsmPrefix::fallback(app), true)] {
        for p in ssm::by_path(&client, &prefix.construct_path(SECRET)).await? {
            if let Some(parts) = prefix.parse(&p.name).filter(|x| x.construct == SECRET && x.prop == VALUE) {
                let listed = out.entry(parts.id.to_owned()).or_default();
                if fallback { listed.fallback = Some(p.value) } else { listed.value = Some(p.value) }
            }
        }
    }
    Ok(out)
}

/// Prints the secrets as SST does: each with the stage's value, else the fallback's; with `--fallback`,
/// only those the stage takes from the fallback.
fn print_list(secrets: BTreeMap<String, Listed>, format: ListFormat, fallback_only: bool) -> Result<(), Error> {
    // (name, value, from the fallback)
    let shown: Vec<(String, String, bool)> = secrets
        .into_iter()
        .filter(|(_, s)| !fallback_only || s.value.is_none())
        .filter_map(|(name, s)| {
            let (value, source) = names::stage_or_fallback(s.value, s.fallback)?;
            Some((name, value, source == Source::Fallback))
        })
        .collect();
    if shown.is_empty() {
        // SST's words; on stderr where stdout is a file to read (JSON, .env).
        match format {
            ListFormat::Table => print("No secrets set")?,
            ListFormat::Json => {
                eprintln!("No secrets set");
                print("{}")?;
            }
            ListFormat::Env => eprintln!("No secrets set"),
        }
        return Ok(());
    }
    match format {
        ListFormat::Env => {
            let pairs = shown.iter().map(|(name, value, _)| (name.as_str(), value.as_str()));
            let written = dotenv::write(pairs, dotenv::Style::Quoted).map_err(|unwritable| {
                Error::new(format!("{unwritable} (it holds quotes of all three kinds and more): use --format json"))
            })?;
            print(&written.text)?;
            if !written.not_for_shell.is_empty() {
                warn(&format!(
                    "a shell would not read the lines of {} back as written (their values hold ' and one of \
                     $ ` \\ \"); `secrets load` does",
                    written.not_for_shell.join(", ")
                ));
            }
        }
        ListFormat::Json => {
            let object: serde_json::Map<String, serde_json::Value> =
                shown.into_iter().map(|(name, value, _)| (name, serde_json::Value::String(value))).collect();
            let text = serde_json::to_string_pretty(&object).map_err(|e| Error::new(e.to_string()))?;
            print(&text)?;
        }
        ListFormat::Table => print(&table(&shown))?,
    }
    Ok(())
}

/// SST's table: names and values in a box, `(fallback)` after a value from the fallback.
fn table(shown: &[(String, String, bool)]) -> String {
    let rows: Vec<(&str, String)> = shown
        .iter()
        .map(|(name, value, from_fallback)| {
            // Line breaks and tabs escaped as `\n`, `\t`: a row is one line.
            let value = text::one_line(value).into_owned();
            (name.as_str(), if *from_fallback { format!("{value} (fallback)") } else { value })
        })
        .collect();
    let width = |text: &str| text.chars().count();
    let names = rows.iter().map(|(n, _)| width(n)).max().unwrap_or(0).max(width("Secrets"));
    let values = rows.iter().map(|(_, v)| width(v)).max().unwrap_or(0).max(width("Values"));
    let rule = |left: &str, middle: &str, right: &str| {
        format!("{left}{}{middle}{}{right}", "─".repeat(names + 2), "─".repeat(values + 2))
    };
    let row = |name: &str, value: &str| {
        format!("│ {name}{} │ {value}{} │", " ".repeat(names - width(name)), " ".repeat(values - width(value)))
    };
    let mut lines = vec![rule("┌", "┬", "┐"), row("Secrets", "Values"), rule("├", "┼", "┤")];
    lines.extend(rows.iter().map(|(name, value)| row(name, value)));
    lines.push(rule("└", "┴", "┘"));
    lines.join("\n")
}
