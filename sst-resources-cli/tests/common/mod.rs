//! What the end-to-end tests share: a project directory with its manifest, the built binary run in it with
//! a clean environment, and (for the tests against moto) SSM and Lambda clients on the moto of
//! `scripts/with-moto`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_sst-resources");

/// The account moto answers with.
pub const MOTO_ACCOUNT: &str = "123456789012";

/// The manifest of docs/manifest.md §1, for app `app`.
pub fn spec_manifest(app: &str) -> String {
    format!(
        r#"{{
  "app": "{app}",
  "resources": [
    {{ "type": "Bucket", "id": "myFiles" }},
    {{ "type": "Table", "id": "notes" }},
    {{ "type": "Secret", "id": "STRIPE_KEY" }},
    {{ "type": "Parameter", "id": "MY_CLUSTER_NAME" }},
    {{ "type": "Redis", "id": "cache" }}
  ],
  "kinds": {{
    "Redis": {{ "props": {{ "host": "plain", "port": "plain", "password": "secret" }} }}
  }},
  "functions": {{
    "api": {{
      "package": "api-function",
      "bind": [
        "Bucket.myFiles",
        "Secret.STRIPE_KEY",
        {{ "resource": "Table.notes",
          "permissions": [ {{ "actions": ["dynamodb:GetItem"], "resources": ["*"] }} ] }}
      ]
    }},
    "worker": {{ "bind": ["Parameter.MY_CLUSTER_NAME", "Redis.cache"] }}
  }}
}}
"#
    )
}

/// A values file for the manifest of docs/manifest.md §1.
pub const SPEC_VALUES: &str = r#"{
  "Bucket": { "myFiles": { "bucketName": "my-files-bucket-1234" } },
  "Table": { "notes": { "tableName": "notes-table" } },
  "Secret": { "STRIPE_KEY": { "value": "sk_test_abc123" } },
  "Parameter": { "MY_CLUSTER_NAME": { "value": "cluster-1" } },
  "Redis": { "cache": { "host": "localhost", "port": 6379, "password": "hunter2" } }
}
"#;

/// Variables that would let the binary find a profile, a region or credentials other than moto's.
const AWS_ELSEWHERE: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// A directory holding an app's manifest, where the binary runs.
pub struct Project {
    dir: tempfile::TempDir,
    /// The app name, unique to the test (tests share one moto).
    pub app: String,
}

impl Project {
    /// A project for app `{name}-{pid}` with the manifest of docs/manifest.md §1.
    pub fn new(name: &str) -> Project {
        let app = format!("{name}-{}", std::process::id());
        let project = Project::empty(&app);
        project.write("bindings.json", &spec_manifest(&app));
        project
    }

    /// A directory with no file, for app `app`.
    pub fn empty(app: &str) -> Project {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary directory: {e}"));
        Project { dir, app: app.to_owned() }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    }

    /// The binary, in the project, with the test's environment less everything that could change what it
    /// does: the user's AWS profiles (HOME is the project), `SST_*`, [`AWS_ELSEWHERE`].
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args).current_dir(self.dir());
        for (name, _) in std::env::vars_os() {
            if name.to_str().is_some_and(|n| n.starts_with("SST_")) {
                cmd.env_remove(&name);
            }
        }
        for name in AWS_ELSEWHERE {
            cmd.env_remove(name);
        }
        cmd.env("HOME", self.dir()).env("AWS_EC2_METADATA_DISABLED", "true");
        cmd
    }

    /// Runs the binary with `args` and waits for it.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(args))
    }

    /// Runs the binary with no environment at all but PATH, HOME and CARGO: no AWS whatsoever. CARGO (the
    /// cargo running the tests, which `import` asks for a crate's binaries as cargo_metadata does): rustup's
    /// `cargo` would look for its toolchains under this HOME.
    pub fn run_without_aws(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args).current_dir(self.dir()).env_clear().env("HOME", self.dir());
        for name in ["PATH", "CARGO"] {
            if let Some(value) = std::env::var_os(name) {
                cmd.env(name, value);
            }
        }
        Run::of(cmd)
    }
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(mut cmd: Command) -> Run {
        let Output { status, stdout, stderr } = cmd.output().unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
        Run {
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing the output where it differs.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.code(0)
    }

    /// The stdout's `NAME=VALUE` lines (of `env`, printed by a child).
    pub fn vars(&self) -> Vec<(String, String)> {
        self.stdout.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    }

    pub fn var(&self, name: &str) -> Option<String> {
        self.vars().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The names of the `SST_*` variables printed (by `env` in the child of `bind`), sorted.
    pub fn sst_var_names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.vars().into_iter().map(|(k, _)| k).filter(|k| k.starts_with("SST_")).collect();
        names.sort();
        names
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// The moto endpoint of `scripts/with-moto` (a test that needs it starts with `needs!(Moto)`).
pub use sst_resources_tests::moto_endpoint as moto;

/// Runs a future on a runtime of this thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("no runtime: {e}"))
        .block_on(future)
}

/// An SSM client on moto, to seed and inspect parameters.
pub fn ssm() -> aws_sdk_ssm::Client {
    aws_sdk_ssm::Client::new(&moto_config())
}

/// Writes a String parameter (a plain value, as SST deploys it).
pub fn put_string(client: &aws_sdk_ssm::Client, name: &str, value: &str) {
    block_on(
        client
            .put_parameter()
            .name(name)
            .value(value)
            .r#type(aws_sdk_ssm::types::ParameterType::String)
            .overwrite(true)
            .send(),
    )
    .unwrap_or_else(|e| panic!("cannot put {name}: {e:?}"));
}

/// The tier of a parameter.
pub fn tier(client: &aws_sdk_ssm::Client, name: &str) -> String {
    let out = block_on(
        client
            .describe_parameters()
            .parameter_filters(
                aws_sdk_ssm::types::ParameterStringFilter::builder()
                    .key("Name")
                    .option("Equals")
                    .values(name)
                    .build()
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .send(),
    )
    .unwrap_or_else(|e| panic!("cannot describe {name}: {e:?}"));
    let tier = out.parameters().first().and_then(|p| p.tier()).map(|t| t.as_str().to_owned());
    tier.unwrap_or_else(|| panic!("no parameter {name}"))
}

/// The AWS configuration of the tests, on moto.
fn moto_config() -> aws_config::SdkConfig {
    moto();
    let http = sst_resources_aws::https_client();
    block_on(aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(http).load())
}

/// A Lambda client on moto, to create functions as a deployed app has them and read their configuration.
pub fn lambda() -> aws_sdk_lambda::Client {
    aws_sdk_lambda::Client::new(&moto_config())
}

/// A role Lambda may assume (moto checks that a function's role exists), made once per name. Made with
/// botocore (from `.venv`, beside moto): the IAM SDK for Rust, for this one call, was 220,000 lines
/// compiled twice in every run of `scripts/test` (the tests' build and clippy's).
pub fn lambda_role(name: &str) -> String {
    const CREATE_ROLE: &str = "import os, sys, botocore.session
region, endpoint = os.environ.get('AWS_REGION', 'us-east-1'), os.environ['AWS_ENDPOINT_URL']
iam = botocore.session.get_session().create_client('iam', region, endpoint_url=endpoint)
role = iam.create_role(RoleName=sys.argv[1], AssumeRolePolicyDocument=sys.argv[2])['Role']
print(role['Arn'])";
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let endpoint = moto();
    let out = Command::new(sst_resources_tests::needs::venv_python())
        .args(["-c", CREATE_ROLE, name, trust])
        .env("AWS_ENDPOINT_URL", endpoint)
        .output()
        .unwrap_or_else(|e| panic!("cannot run .venv's python: {e}"));
    assert!(out.status.success(), "cannot create role {name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Creates a function with this environment (its code an empty zip: moto runs nothing to store it).
pub fn create_function(client: &aws_sdk_lambda::Client, role: &str, name: &str, env: &[(&str, &str)]) {
    use aws_sdk_lambda::primitives::Blob;
    use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
    // The end-of-central-directory record alone: a valid zip with no file.
    let mut zip = b"PK\x05\x06".to_vec();
    zip.extend([0u8; 18]);
    let vars = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    block_on(
        client
            .create_function()
            .function_name(name)
            .runtime(Runtime::Providedal2023)
            .role(role)
            .handler("bootstrap")
            .code(FunctionCode::builder().zip_file(Blob::new(zip)).build())
            .environment(Environment::builder().set_variables(Some(vars)).build())
            .send(),
    )
    .unwrap_or_else(|e| panic!("cannot create function {name}: {e:?}"));
}

/// Sets one variable of a function's environment, keeping the others.
pub fn set_function_var(client: &aws_sdk_lambda::Client, name: &str, var: &str, value: &str) {
    use aws_sdk_lambda::types::Environment;
    let mut vars = function_env(client, name);
    vars.insert(var.to_owned(), value.to_owned());
    let environment = Environment::builder().set_variables(Some(vars)).build();
    block_on(client.update_function_configuration().function_name(name).environment(environment).send())
        .unwrap_or_else(|e| panic!("cannot update function {name}: {e:?}"));
}

/// A function's environment.
pub fn function_env(client: &aws_sdk_lambda::Client, name: &str) -> std::collections::HashMap<String, String> {
    let out = block_on(client.get_function_configuration().function_name(name).send())
        .unwrap_or_else(|e| panic!("cannot read function {name}: {e:?}"));
    out.environment().and_then(|e| e.variables()).cloned().unwrap_or_default()
}
