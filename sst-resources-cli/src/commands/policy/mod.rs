//! `policy --function NAME`: the IAM policy a function's bindings need (docs/sst-v2-binding-protocol.md §5);
//! `policy --cli`: the command line's own; `policy --deploy` and `--deployer`: the policies that deploy
//! the app, from the output of `sst build`.

mod assembly;
mod deploy;
mod deployer;
mod function;
mod own;
mod registry;

use std::path::Path;

use crate::iam::{RenderError, Scope, Statement};
use serde::Serialize;
use sst_binding_protocol::names::SsmPrefix;

use self::function::{BindingError, FunctionPolicy};
use crate::args::{Common, PolicyArgs};
use crate::aws::{self, Aws};
use crate::error::{Error, count, exit};
use crate::output::{print, warn};
use crate::{context, ssm};

pub async fn run(common: &Common, args: &PolicyArgs) -> Result<u8, Error> {
    if let Some(account) = &args.account {
        check_account(account)?;
    }
    if args.deploy || args.deployer {
        return run_deploy(common, args).await;
    }
    let manifest = context::manifest(common, !args.cli)?;
    let app = context::app(common, manifest.as_ref())?;
    let stage = context::stage(common)?;
    let prefix = context::prefix(common, &app, &stage);

    if args.cli {
        let (region, account) = region_and_account(common, args.account.clone(), true).await?;
        let statements = own::cli_statements(&app, &prefix, &region, &account.unwrap_or_default());
        return print_policy(&statements);
    }

    let (Some(manifest), Some(name)) = (&manifest, &args.function) else {
        return Err(Error::new("name the function: --function NAME (or --cli for the command line's policy)"));
    };
    let function = context::function(manifest, name)?;
    let policy = FunctionPolicy::new(manifest, function);
    let values = args.values.as_ref().map(|path| context::values(path, Some(manifest))).transpose()?;
    let (region, account, found) = the_values(common, args, &policy, &prefix, values.is_some()).await?;

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
                warn(&format!("the bindings of `{}` need no IAM permissions", function.head.name));
            }
            print_policy(&statements)
        }
        Err(errors) => Err(cannot_make(&errors, &function.head.name, &stage, &prefix, args.values.as_deref())),
    }
}

/// `--deploy` and `--deployer`: the build's policies, in its region and account.
async fn run_deploy(common: &Common, args: &PolicyArgs) -> Result<u8, Error> {
    let assembly = assembly::read(&args.from)?;
    for (flag, given, built) in [("--stage", &common.stage, &assembly.stage), ("--app", &common.app, &assembly.app)] {
        if let Some(given) = given.as_deref().filter(|g| *g != built) {
            return Err(Error::new(format!(
                "{} is the build of {} `{built}`, not `{given}`: run `npx sst build` for it, or leave out {flag}",
                assembly.dir,
                &flag[2..]
            )));
        }
    }
    let (region, account) = build_region_and_account(common, args, &assembly).await?;
    let statements = if args.deploy {
        let policy = deploy::execution_policy(&assembly, &registry::Registry::builtin(), &region, &account);
        for warning in &policy.warnings {
            warn(warning);
        }
        policy.statements
    } else {
        deployer::deployer_statements(&assembly, &region, &account)
    };
    print_documents(statements)
}

/// The region and account the build is for: the stacks' environment where `sst build` fixed it (SST
/// does), else the flags, else the AWS chain and STS.
async fn build_region_and_account(
    common: &Common,
    args: &PolicyArgs,
    assembly: &assembly::Assembly,
) -> Result<(String, String), Error> {
    let unique = |values: Vec<&String>| -> Option<String> {
        let first = values.first()?;
        values.iter().all(|v| v == first).then(|| (*first).clone())
    };
    let built_region = unique(assembly.stacks.iter().filter_map(|s| s.region.as_ref()).collect());
    let region = match (&common.region, built_region) {
        (Some(given), Some(built)) if *given != built => {
            return Err(Error::new(format!(
                "{} is built for region {built}, not {given}: build it for {given}, or leave out --region",
                assembly.dir
            ))
            .with_code(exit::USAGE));
        }
        (_, Some(built)) => built,
        (Some(given), None) => given.clone(),
        (None, None) => aws::region(common).await?,
    };
    let built_account = unique(assembly.stacks.iter().filter_map(|s| s.account.as_ref()).collect());
    let account = match (&args.account, built_account) {
        (Some(given), _) => given.clone(),
        (None, Some(built)) => built,
        (None, None) => Aws::connect(common).await?.account().await?,
    };
    Ok((region, account))
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
    #[serde(skip_serializing_if = "Option::is_none")]
    sid: Option<&'s str>,
    effect: &'static str,
    action: &'s [String],
    resource: &'s [String],
}

/// A statement with its `Sid`, which says what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub sid: String,
    pub statement: Statement,
}

impl Named {
    pub fn new(sid: impl Into<String>, statement: Statement) -> Named {
        Named { sid: sid.into(), statement }
    }
}

/// The policy document of these statements.
fn document(statements: &[Statement]) -> Document<'_> {
    Document {
        version: "2012-10-17",
        statement: statements
            .iter()
            .map(|s| DocumentStatement { sid: None, effect: "Allow", action: &s.actions, resource: &s.resources })
            .collect(),
    }
}

/// The policy document of these named statements.
fn named_document(statements: &[Named]) -> Document<'_> {
    Document {
        version: "2012-10-17",
        statement: statements
            .iter()
            .map(|n| DocumentStatement {
                sid: Some(&n.sid),
                effect: "Allow",
                action: &n.statement.actions,
                resource: &n.statement.resources,
            })
            .collect(),
    }
}

/// The most characters an IAM managed policy holds, whitespace not counted.
pub const MANAGED_POLICY_LIMIT: usize = 6144;

/// The characters of a document as IAM counts them: without whitespace.
fn size(statements: &[Named]) -> usize {
    serde_json::to_string(&named_document(statements))
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// The statements in as few documents within [`MANAGED_POLICY_LIMIT`] as first fit finds, in their order; a
/// statement too big alone is cut into parts (`Sid` 1, 2, ...) of its actions.
fn split(statements: Vec<Named>) -> Vec<Vec<Named>> {
    let mut pieces = Vec::new();
    for named in statements {
        let mut parts = 1;
        loop {
            let chunk = named.statement.actions.len().div_ceil(parts).max(1);
            let cut: Vec<Named> = named
                .statement
                .actions
                .chunks(chunk)
                .enumerate()
                .map(|(i, actions)| Named {
                    sid: if parts == 1 { named.sid.clone() } else { format!("{}{}", named.sid, i + 1) },
                    statement: Statement { actions: actions.to_vec(), resources: named.statement.resources.clone() },
                })
                .collect();
            if chunk == 1 || cut.iter().all(|c| size(std::slice::from_ref(c)) <= MANAGED_POLICY_LIMIT) {
                pieces.extend(cut);
                break;
            }
            parts += 1;
        }
    }
    let mut documents: Vec<Vec<Named>> = Vec::new();
    'pieces: for piece in pieces {
        for document in &mut documents {
            document.push(piece.clone());
            if size(document) <= MANAGED_POLICY_LIMIT {
                continue 'pieces;
            }
            document.pop();
        }
        documents.push(vec![piece]);
    }
    documents
}

fn print_policy(statements: &[Statement]) -> Result<u8, Error> {
    let text = serde_json::to_string_pretty(&document(statements)).map_err(|e| Error::new(e.to_string()))?;
    print(&text)?;
    Ok(0)
}

/// Prints one document, or a JSON array of them where one managed policy cannot hold them all.
fn print_documents(statements: Vec<Named>) -> Result<u8, Error> {
    let documents = split(statements);
    let text = match documents.as_slice() {
        [one] => serde_json::to_string_pretty(&named_document(one)),
        many => {
            eprintln!(
                "note: the policy takes {} documents, each within IAM's {MANAGED_POLICY_LIMIT} characters of a managed \
                 policy (printed as a JSON array): create one managed policy from each",
                many.len()
            );
            serde_json::to_string_pretty(&many.iter().map(|d| named_document(d)).collect::<Vec<_>>())
        }
    }
    .map_err(|e| Error::new(e.to_string()))?;
    print(&text)?;
    Ok(0)
}
