//! The command line: its commands, flags and the help a new user reads.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str =
    "Import and check what an SST app gives its Rust functions; for SST v2 apps, their values, secrets and IAM too";

const LONG_ABOUT: &str = "\
Import and check what an SST app gives its Rust functions, in bindings.json, which sst_resources! reads.

SST v3 and v4 apps: `import` writes each function's links (bindings.json in its links form, beside the
sst-env.d.ts SST writes) and `check` checks them; the functions read the values from SST's links.

SST v2 apps: bindings.json lists the resources and what each function is bound to. Values live in SSM
Parameter Store under /sst/{app}/{stage}/{Construct}/{id}/{prop}, as SST writes them; secrets also under
the fallback /sst/{app}/.fallback/Secret/{id}/value, which serves every stage without a value. `bind`,
`secrets`, `env` and `policy` work on them.";

const AFTER_HELP: &str = "\
Examples:
  sst-resources check
  sst-resources --stage dev secrets set STRIPE_KEY sk_test_abc123
  sst-resources --stage dev bind -- cargo test
  sst-resources --stage dev bind --values values.json --function api -- cargo test
  sst-resources --stage prod env --function api --format json
  sst-resources --stage prod policy --function api
  sst-resources schema > bindings.schema.json

Credentials are found as every AWS SDK finds them: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (aws-vault, Leapp),
then the profile of --profile or AWS_PROFILE in ~/.aws/config and ~/.aws/credentials (SSO and role profiles
included), then a container or instance role. The region is --region, else AWS_REGION, else the profile's.

Exit codes:
  0    success
  1    a problem with the input or the app (manifest or values file, stage, a secret not set, ...)
  2    the command line is wrong
  3    AWS could not be used (credentials, region, profile, permissions, network)
  bind exits with its command's code: 128+N when the command was killed by signal N, 127 when it was
  not found, 126 when it could not be executed.";

/// `sst-resources`: the command line of the project.
#[derive(Debug, Parser)]
#[command(name = "sst-resources", version, about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

/// The flags every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// The app's manifest [default: bindings.json]
    #[arg(long, global = true, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    /// The SST app name [default: `app` of the manifest]
    #[arg(long, global = true, value_name = "NAME")]
    pub app: Option<String>,

    /// The stage, e.g. dev or prod (required by the commands that read or write values)
    #[arg(long, global = true, env = "SST_STAGE", value_name = "NAME")]
    pub stage: Option<String>,

    /// The AWS profile of ~/.aws/config to use [default: AWS_PROFILE, else the default chain]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// The AWS region [default: AWS_REGION, else the profile's region]
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// The stage's SSM prefix, where the app does not use /sst/{app}/{stage}/
    #[arg(long, global = true, env = "SST_SSM_PREFIX", value_name = "PREFIX", hide_short_help = true)]
    pub ssm_prefix: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Import(ImportArgs),
    Bind(BindArgs),
    Secrets(SecretsArgs),
    Env(EnvArgs),
    Policy(PolicyArgs),
    Check(CheckArgs),
    Schema(SchemaArgs),
}

/// Run a command with the app's bound values in its environment
#[derive(Debug, Args)]
#[command(
    long_about = "\
Run a command with the app's bound values in its environment, the Rust answer to `sst bind`.

Every parameter of the app is read from SSM (the fallback first, then the stage, which wins) and passed
as the variable a deployed function would get, SST_{Construct}_{prop}_{id}, secrets with their real values,
together with SST_APP, SST_STAGE, the region (AWS_REGION, SST_REGION) and, as SST does, the credentials
bind resolved (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so that the command needs no
MFA prompt or SSO refresh of its own. With --values, the values come
from a local file instead, and AWS is not used at all. With --function, only that function's bindings are
passed, exactly as in production, so a test that uses a resource the function is not bound to fails as it
would once deployed. SST_* binding variables already in the environment are not passed on.

The command inherits stdin, stdout and stderr; bind exits with its exit code, passes SIGINT and SIGTERM
sent to bind on to it (a terminal's Ctrl-C reaches it directly), and prints none of the values or
credentials.",
    override_usage = "sst-resources bind [OPTIONS] -- <COMMAND> [ARGS]...",
    after_long_help = "\
Examples:
  sst-resources --stage dev bind -- cargo test
  sst-resources --stage dev bind --function api -- cargo test -p api
  sst-resources --stage dev bind --values values.json -- cargo test

A values file mirrors the SSM layout (secrets are given in clear; keep the file out of git):
  { \"Bucket\": { \"myFiles\": { \"bucketName\": \"my-files-bucket-1234\" } },
    \"Secret\": { \"STRIPE_KEY\": { \"value\": \"sk_test_abc123\" } } }"
)]
pub struct BindArgs {
    /// Pass only the bindings of this function of the manifest
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,

    /// Read the values from this file instead of SSM (no AWS at all)
    #[arg(long, value_name = "FILE")]
    pub values: Option<PathBuf>,

    /// The command to run, and its arguments (after `--`)
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

/// Set, read, list, load and remove the app's secrets in SSM
#[derive(Debug, Args)]
#[command(
    long_about = "\
Set, read, list, load and remove the app's secrets (the `Secret` construct, `Config.NAME` in Node).

A secret is a SecureString parameter at /sst/{app}/{stage}/Secret/{NAME}/value. With --fallback, the
command works on /sst/{app}/.fallback/Secret/{NAME}/value instead: a fallback value serves every stage
that has no value of its own, and belongs to no stage (`set`, `get`, `load` and `remove` with --fallback
need no --stage). Secret values are printed by `get` and `list` only.

As SST does, `set`, `load` and `remove` then restart the deployed functions bound to the secret (those
of the app whose environment has SST_Secret_value_{NAME}: of the stage, or of every stage for a fallback)
by updating their configuration, so that no warm instance keeps the old value; --no-restart skips it.",
    after_long_help = "\
Examples:
  sst-resources --stage dev secrets set STRIPE_KEY sk_test_abc123
  sst-resources secrets set STRIPE_KEY --fallback sk_test_shared
  sst-resources --stage dev secrets get STRIPE_KEY
  sst-resources --stage dev secrets list --format env > .env.dev
  sst-resources --stage prod secrets load .env.prod
  sst-resources --stage dev secrets remove STRIPE_KEY"
)]
pub struct SecretsArgs {
    #[command(subcommand)]
    pub command: SecretsCommand,
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Set a secret (SecureString; the Advanced tier above 4096 bytes), and restart the functions bound to it
    #[command(after_long_help = "\
Examples:
  sst-resources --stage dev secrets set STRIPE_KEY sk_test_abc123
  printf %s \"$KEY\" | sst-resources --stage dev secrets set STRIPE_KEY   (keeps it out of shell history)
  sst-resources secrets set STRIPE_KEY --fallback sk_test_shared         (no stage: the fallback is no stage's)

Then, as SST does, the functions of the stage bound to it are restarted (with --fallback, those of every
stage): `Reloaded 2 functions: ...`.")]
    Set {
        /// The secret's name, its id in bindings.json (e.g. STRIPE_KEY)
        name: String,
        /// The value [default: read from stdin]
        value: Option<String>,
        /// Set the fallback, shared by every stage without a value
        #[arg(long)]
        fallback: bool,
        /// Do not restart the functions bound to the secret
        #[arg(long)]
        no_restart: bool,
    },
    /// Print a secret's value
    #[command(after_long_help = "\
Examples:
  sst-resources --stage dev secrets get STRIPE_KEY
  sst-resources --stage dev secrets get STRIPE_KEY --fallback

Exits with 1 and says \"STRIPE_KEY\" is not set when it has no value there.")]
    Get {
        /// The secret's name
        name: String,
        /// Read the fallback instead of the stage's value
        #[arg(long)]
        fallback: bool,
    },
    /// List the secrets of the stage (with the fallback values it uses)
    #[command(after_long_help = "\
Examples:
  sst-resources --stage dev secrets list
  sst-resources --stage dev secrets list env > .env.dev      (NAME='value' lines, which `secrets load` reads)
  sst-resources --stage dev secrets list --format json --fallback

As SST lists them: each secret with the stage's value, else the fallback's (marked `(fallback)` in the
table); with --fallback, only those the stage takes from the fallback. `No secrets set` where there are none.")]
    List {
        /// How to print them (also as SST takes it: `secrets list env`)
        #[arg(value_enum, value_name = "FORMAT", conflicts_with = "format")]
        format_positional: Option<ListFormat>,
        /// How to print them
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// List only the secrets whose value comes from the fallback (no value of the stage hides it)
        #[arg(long)]
        fallback: bool,
    },
    /// Set every secret of a .env file (NAME=VALUE lines), and restart the functions bound to them
    #[command(after_long_help = "\
Examples:
  sst-resources --stage prod secrets load .env.prod
  sst-resources secrets load shared.env --fallback

The file is read as SST reads it (the `dotenv` package): NAME=VALUE lines (or NAME: VALUE), `export `
before a name allowed, blank lines and # comments skipped; a bare value is trimmed and ends at #; a value
in 'single' or `backtick` quotes is taken as written, in \"double\" quotes with \\n and \\r made line
breaks; quoted values may span lines. A line dotenv would skip, a quote it would keep in the value, or a
value on the line after its name is an error with its line number, and then nothing is set.")]
    Load {
        /// The .env file
        file: PathBuf,
        /// Set them as fallbacks
        #[arg(long)]
        fallback: bool,
        /// Do not restart the functions bound to the secrets
        #[arg(long)]
        no_restart: bool,
    },
    /// Remove a secret, and restart the functions bound to it
    #[command(after_long_help = "\
Examples:
  sst-resources --stage dev secrets remove STRIPE_KEY
  sst-resources secrets remove STRIPE_KEY --fallback")]
    Remove {
        /// The secret's name
        name: String,
        /// Remove the fallback instead of the stage's value
        #[arg(long)]
        fallback: bool,
        /// Do not restart the functions bound to the secret
        #[arg(long)]
        no_restart: bool,
    },
}

/// How `secrets list` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people: name, value, and where the value comes from
    Table,
    /// NAME='value' lines, as SST prints them and `secrets load` reads them
    Env,
    /// A JSON object { "NAME": "value" }
    Json,
}

/// Print the environment variables to configure on a function
#[derive(Debug, Args)]
#[command(
    long_about = "\
Print the environment variables to configure on a function deployed by another tool (Terraform, SAM,
CDK): SST_APP, SST_STAGE, and one SST_{Construct}_{prop}_{id} per bound value: the real value of plain
values (from SSM, or from --values), __FETCH_FROM_SSM__ for secrets and site URLs, which the function reads
from SSM at cold start (`sst_resources::load().await`). Give the function the IAM policy that
`sst-resources policy --function NAME` prints.",
    after_long_help = "\
Examples:
  sst-resources --stage prod env --function api
  sst-resources --stage prod env --function api --format json > api-env.json
  sst-resources --stage prod env --function api --values prod-values.json"
)]
pub struct EnvArgs {
    /// The function of the manifest
    #[arg(long, value_name = "NAME")]
    pub function: String,

    /// Read plain values from this file instead of SSM
    #[arg(long, value_name = "FILE")]
    pub values: Option<PathBuf>,

    /// How to print them
    #[arg(long, value_enum, default_value_t = EnvFormat::Dotenv)]
    pub format: EnvFormat,
}

/// How `env` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EnvFormat {
    /// NAME=VALUE lines
    Dotenv,
    /// A JSON object { "NAME": "value" }
    Json,
}

/// Print the IAM policy a function's bindings need (or the CLI's own)
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").args(["function", "cli", "deploy", "deployer"]).multiple(false)))]
#[command(
    long_about = "\
Print, as JSON, the IAM policy document that a function's bindings need: for each binding, the Allow
statements SST grants for its construct (s3:* on a bucket, dynamodb:* on a table, ssm:GetParameters on a
secret's parameters, ...), or the binding's own `permissions` instead where the manifest gives them; and
ssm:GetParameters on the SSM values no default statement covers (the secrets of custom kinds, and those of
a binding with its own permissions), which the function loads at cold start. ARNs are built from the values (SSM, or --values), the
region (its partition: aws, aws-cn, aws-us-gov) and the account (--account, else STS GetCallerIdentity).

With --cli, print instead the least-privilege policy for running this command line on the app: the SSM
actions on /sst/{app}/* and sts:GetCallerIdentity. Secrets use the AWS managed key aws/ssm, whose key
policy already allows the account's principals to use it through SSM, so no kms: statement is needed.

With --deploy, print instead the policy of CloudFormation's execution role for deploying the app, from
the output of `npx sst build` (--from, default .sst/dist): for each resource type of its templates, the
permissions of its create, read, update and delete handlers in the CloudFormation registry (the data of a
pinned cfn-lint, compiled in), grouped by service; lambda:InvokeFunction on the custom resources' handlers;
ssm:GetParameters on the SSM parameters the templates take. Give it to
`cdk bootstrap --cloudformation-execution-policies`. IAM holds at most 6,144 characters in a managed
policy: where the app needs more, a JSON array of documents is printed, one managed policy each. Resource
types the data does not know are named in a warning.

With --deployer, print instead the policy of the identity that runs `npx sst deploy`: assume the CDK roles
the build names, pass the execution role, create and update the app's stacks ({stage}-{app}-*), read the
bootstrap stacks, keep SST's app metadata, in the app's region and account (--account, else
the build's, else STS).",
    after_long_help = "\
Examples:
  sst-resources --stage prod policy --function api > api-policy.json
  sst-resources --stage prod --region eu-west-1 policy --function api --values prod.json --account 123456789012
  sst-resources --stage prod policy --cli
  npx sst build --stage prod && sst-resources policy --deploy > exec.json
  sst-resources policy --deployer --from .sst/dist > deployer.json"
)]
pub struct PolicyArgs {
    /// The function of the manifest
    #[arg(long, value_name = "NAME", required_unless_present_any = ["cli", "deploy", "deployer"])]
    pub function: Option<String>,

    /// Read plain values (bucket names, ...) from this file instead of SSM
    #[arg(long, value_name = "FILE", requires = "function")]
    pub values: Option<PathBuf>,

    /// The AWS account id [default: the build's, else STS GetCallerIdentity]
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,

    /// Print the policy of this command line itself, for this app
    #[arg(long)]
    pub cli: bool,

    /// Print the policy of CloudFormation's execution role that deploys the app (from `sst build`)
    #[arg(long)]
    pub deploy: bool,

    /// Print the policy of the identity that runs `npx sst deploy` (from `sst build`)
    #[arg(long)]
    pub deployer: bool,

    /// The output of `sst build` that --deploy and --deployer read
    #[arg(long, value_name = "DIR", default_value = ".sst/dist")]
    pub from: PathBuf,
}

/// Write bindings.json from the SST app itself, or check that it still matches (--check)
#[derive(Debug, Args)]
#[command(
    long_about = "\
Write the manifest from the SST v2 app itself: every resource with its original id and type, every
function with exactly the bindings its environment carries, and for each Rust function (runtime \"rust\")
its Cargo package (from the Cargo.toml above the handler, as SST finds it) and binary (the handler file's
name), so that the macro picks the function by itself.

Run it in the app's root. It loads sst.config.* with the app's own node_modules/sst and runs the stacks
in \"remove\" mode, as `sst types` does: no AWS account is used and no function is built, so it works before
the Rust functions compile. With --from, it reads the output of `sst build` (.sst/dist) instead.

In an SST v3 or v4 app (its sst.config.ts calls $config), it writes the links form instead: \"links\": the
sst-env.d.ts SST writes, and every function with exactly the links SST gives it (an API's link reaches its
routes, subscribers, containers of a Service or Task, ...), as the app's own SST platform (.sst/platform, any
release from 3.9.38) computes them under Pulumi's mocks, with no AWS, no Pulumi CLI and no deploy, and the
release (\"sst\"), whose reading of links the accessors follow. A Rust function's package and binary are
found as that release of SST finds them: from its handler (`path/to/crate.binary` from 3.13.17, the crate's
folder before), from a prebuilt bundle of cargo lambda (`target/lambda/<bin>`), or from a container's
Dockerfile; one that cannot be found is kept by name with a note saying what to write. Where .sst/platform is
missing it runs the app's `sst install` (npm only).

With --check, nothing is written: it prints, located in the kept manifest, every difference between it and
the app (a binding or link added or removed, a resource renamed, ...) and exits with 1 when there is one. The
output is sorted and deterministic, so it diffs well in review; nothing is written unless the whole import
succeeded.",
    after_long_help = "\
Examples:
  sst-resources import --stage dev
  sst-resources import --stage dev --check                (in CI, before `npx sst deploy`)
  sst-resources import --from .sst/dist --check           (after `npx sst build`)
  sst-resources import --stage dev --dir ../my-app --out ../my-app/bindings.json

The stage is --stage or SST_STAGE, else SST's personal stage (.sst/stage); stacks may bind differently
per stage. Needs Node (as SST does) and the app's packages installed (npm install)."
)]
pub struct ImportArgs {
    /// The SST app's root, where sst.config.ts is
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Where to write the manifest [default: --manifest, else bindings.json in --dir]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Write nothing; print how the kept manifest differs from the app, and exit with 1 if it does
    #[arg(long)]
    pub check: bool,

    /// Read the output of `sst build` in this folder (e.g. .sst/dist) instead of running the stacks
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,

    /// The Node.js program that runs the stacks
    #[arg(long, value_name = "PATH", default_value = "node")]
    pub node: PathBuf,
}

/// Check the manifest and print every problem
#[derive(Debug, Args)]
#[command(
    long_about = "\
Check the manifest and print every problem at once, each as file:line:column, in the words the macro
uses at compile time. Exits with 1 when there is a problem.",
    after_long_help = "\
Examples:
  sst-resources check
  sst-resources check --manifest services/bindings.json"
)]
pub struct CheckArgs {}

/// Print the JSON Schema of bindings.json, for editor completion
#[derive(Debug, Args)]
#[command(
    long_about = "\
Print the JSON Schema of bindings.json, so that an editor completes and checks the manifest as you type.",
    after_long_help = "\
Examples:
  sst-resources schema > bindings.schema.json

In VS Code, add to .vscode/settings.json:
  \"json.schemas\": [
    { \"fileMatch\": [\"bindings.json\"], \"url\": \"./bindings.schema.json\" }
  ]"
)]
pub struct SchemaArgs {}
