//! `policy --function NAME`: the IAM policy a function's bindings need (binding protocol §5), and
//! `policy --cli`: the command line's own.

mod function;
mod own;

use std::path::Path;

use serde::Serialize;
use sst_binding_protocol::iam::{RenderError, Scope, Statement};
use sst_binding_protocol::names::SsmPrefix;

use self::function::{BindingError, FunctionPolicy};
use crate::args::{Common, PolicyArgs};
use crate::aws::{self, Aws};
use crate::error::{Error, count, exit};
use crate::{block_on, context, print, ssm, warn};

pub fn run(common: &Common, args: &PolicyArgs) -> Result<u8, Error> {
    let manifest = context::manifest(common, !args.cli)?;
    let app = context::app(common, manifest.as_ref())?;
    let stage = context::stage(common)?;
    let prefix = context::prefix(common, &app, &stage);
    if let Some(account) = &args.account {
        check_account(account)?;
    }

    if args.cli {
        let (region, account) = block_on(region_and_account(common, args.account.clone(), true))??;
        let statements = own::cli_statements(&app, &prefix, &region, &account.unwrap_or_default());
        return print_policy(&statements);
    }

    let (Some(manifest), Some(name)) = (&manifest, &args.function) else {
        return Err(Error::new("name the function: --function NAME (or --cli for the command line's policy)"));
    };
    let function = context::function(manifest, name)?;
    let policy = FunctionPolicy::new(manifest, function);
    let values = args.values.as_ref().map(|path| context::values(path, Some(manifest))).transpose()?;
    let (region, account, found) = block_on(the_values(common, args, &policy, &prefix, values.is_some()))??;

    let scope = Scope { region: &region, account: account.as_deref(), app: &app, prefix: &prefix };
    let value = |construct: &str, id: &str, prop: &str| match &values {
        Some(values) => values.get(construct, id, prop).map(|e| e.value.clone()),
        None => {
            let path = prefix.path(construct, id, prop);
            found.iter().find(|p| p.name == path.as_str()).map(|p| p.value.clone())
        }
    };
    match policy.statements(&scope, value) {
        Ok(statements) => {
            if statements.is_empty() {
                warn(&format!("the bindings of `{}` need no IAM permissions", function.name));
            }
            print_policy(&statements)
        }
        Err(errors) => Err(cannot_make(&errors, &function.name, &stage, &prefix, args.values.as_deref())),
    }
}

/// The region, the account where a statement needs it, and, without a values file, the SSM parameters of
/// the props the statements need (read in the stage).
async fn the_values(
    common: &Common,
    args: &PolicyArgs,
    policy: &FunctionPolicy<'_>,
    prefix: &SsmPrefix,
    from_file: bool,
) -> Result<(String, Option<String>, Vec<ssm::Parameter>), Error> {
    if from_file {
        let (region, account) = region_and_account(common, args.account.clone(), policy.needs_account()).await?;
        return Ok((region, account, Vec::new()));
    }
    let aws = Aws::connect(common).await?;
    let account = match &args.account {
        Some(a) => Some(a.clone()),
        None if policy.needs_account() => Some(aws.account().await?),
        None => None,
    };
    let paths: Vec<String> =
        policy.props_needed().iter().map(|(c, id, prop)| prefix.path(c, id, prop).to_string()).collect();
    let found = if paths.is_empty() { Vec::new() } else { ssm::by_names(&aws.ssm(), &paths).await? };
    Ok((aws.region().to_owned(), account, found))
}

/// The error of a policy whose statements cannot all be made: one line each, and where the values go.
fn cannot_make(
    errors: &[BindingError],
    function: &str,
    stage: &str,
    prefix: &SsmPrefix,
    values: Option<&Path>,
) -> Error {
    let source = match values {
        Some(path) => format!("give them in {}", path.display()),
        None => format!("deploy stage `{stage}` or give the values with --values FILE"),
    };
    let details = errors.iter().map(|e| explain(e, prefix, values)).collect();
    Error::located(
        details,
        format!(
            "cannot make {} of `{function}`'s policy: {source}, or give the bindings their own `permissions`",
            count(errors.len(), "statement")
        ),
    )
}

/// One line for a statement that cannot be made: which value is missing, and where it was looked for.
fn explain(e: &BindingError, prefix: &SsmPrefix, values: Option<&Path>) -> String {
    match &e.error {
        RenderError::Missing { placeholder } if placeholder == "account" => {
            format!("{}.{}: no account: pass --account ID", e.construct, e.id)
        }
        RenderError::Missing { placeholder } => match values {
            Some(path) => format!("{}.{}: no {placeholder} in {}", e.construct, e.id, path.display()),
            None => format!(
                "{}.{}: no {placeholder} (no SSM parameter {})",
                e.construct,
                e.id,
                prefix.path(&e.construct, &e.id, placeholder)
            ),
        },
        RenderError::Underivable { .. } => e.to_string(),
    }
}

/// The region (flag or chain) and, where needed, the account (flag or STS).
async fn region_and_account(
    common: &Common,
    account: Option<String>,
    needs_account: bool,
) -> Result<(String, Option<String>), Error> {
    match account {
        Some(account) => Ok((aws::region(common).await?, Some(account))),
        None if needs_account => {
            let aws = Aws::connect(common).await?;
            let account = aws.account().await?;
            Ok((aws.region().to_owned(), Some(account)))
        }
        None => Ok((aws::region(common).await?, None)),
    }
}

fn check_account(account: &str) -> Result<(), Error> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::new(format!("--account `{account}` is not an AWS account id (12 digits)")).with_code(exit::USAGE))
    }
}

/// An IAM policy document, its keys in the order IAM shows them.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Document<'s> {
    version: &'static str,
    statement: Vec<DocumentStatement<'s>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DocumentStatement<'s> {
    effect: &'static str,
    action: &'s [String],
    resource: &'s [String],
}

/// The policy document of these statements.
fn document(statements: &[Statement]) -> Document<'_> {
    Document {
        version: "2012-10-17",
        statement: statements
            .iter()
            .map(|s| DocumentStatement { effect: "Allow", action: &s.actions, resource: &s.resources })
            .collect(),
    }
}

fn print_policy(statements: &[Statement]) -> Result<u8, Error> {
    let text = serde_json::to_string_pretty(&document(statements)).map_err(|e| Error::new(e.to_string()))?;
    print(&text)?;
    Ok(0)
}
