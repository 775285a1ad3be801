//! End-to-end tests that need no AWS: `check`, `schema`, `--help`, and `bind`, `env` and `policy` from a
//! values file, run with no AWS environment at all; `bind`'s exit codes and signals.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use common::{Project, SPEC_VALUES};
use serde_json::{Value, json};
use sst_binding_protocol::catalog::BUILTIN;

#[test]
fn check_says_ok_for_a_valid_manifest() {
    let p = Project::new("check-ok");
    let run = p.run_without_aws(&["check"]);
    run.ok();
    assert_eq!(run.stdout, format!("bindings.json: OK (app \"{}\": 5 resources, 2 functions)\n", p.app));
}

#[test]
fn check_prints_every_problem_located_in_the_macro_s_words() {
    let p = Project::empty("check-broken");
    let text = r#"{
  "app": "broken",
  "resources": [
    { "type": "Buckett", "id": "myFiles" },
    { "type": "Table", "id": "2notes" }
  ],
  "functions": { "api": { "bind": ["Table.notez"], "packge": "api" } }
}
"#;
    p.write("app.json", text);
    let run = p.run_without_aws(&["check", "--manifest", "app.json"]);
    run.code(1);
    let expected = sst_binding_protocol::manifest::parse(text, "app.json").unwrap_err();
    let mut lines: Vec<String> = expected.diagnostics.iter().map(ToString::to_string).collect();
    assert!(lines.len() >= 3, "{lines:?}");
    assert!(lines[0].starts_with("app.json:4:15: "), "{lines:?}");
    lines.push(format!("error: app.json has {} problems", lines.len()));
    assert_eq!(run.stderr.lines().collect::<Vec<_>>(), lines);
    assert_eq!(run.stdout, "");
}

#[test]
fn check_of_a_v4_app_checks_each_function_s_links_against_sst_env_d_ts() {
    let p = Project::empty("check-links");
    let types = include_str!("../../ui-tests/manifests/sst-env.d.ts");
    p.write("sst-env.d.ts", types);
    let manifest = include_str!("../../ui-tests/manifests/links.json");
    p.write("bindings.json", manifest);
    let run = p.run_without_aws(&["check"]);
    run.ok();
    assert_eq!(run.stdout, "bindings.json: OK (sst-env.d.ts declares 4 links; 2 functions)\n");

    p.write("bindings.json", &manifest.replace("\"Jobs\", \"MyBucket\"", "\"Job\", \"MyBucket\""));
    let run = p.run_without_aws(&["check"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "bindings.json:5:62: function `worker` links `Job`, which sst-env.d.ts does not declare; did you mean `Jobs`?\n\
         error: bindings.json has 1 problem\n"
    );
    // The commands of v2 bindings say what the file is instead of a list of missing keys.
    let run = p.run_without_aws(&["env", "--function", "worker"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: bindings.json is the manifest of an SST v3 or v4 app"), "{}", run.stderr);

    p.write("sst-env.d.ts", &types.replace("\"url\": string", "\"url\": string | undefined"));
    let run = p.run_without_aws(&["check"]);
    run.code(1);
    assert!(run.stderr.starts_with("sst-env.d.ts:11:21: unions, intersections"), "{}", run.stderr);
}

#[test]
fn check_without_a_manifest_says_what_to_do() {
    let p = Project::empty("none");
    let run = p.run_without_aws(&["check"]);
    run.code(1);
    assert!(
        run.stderr.starts_with("error: no manifest at bindings.json: run in the directory of bindings.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn schema_describes_the_manifest() {
    let p = Project::empty("schema");
    let run = p.run_without_aws(&["schema"]);
    run.ok();
    let schema = run.json();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["required"], json!(["app", "resources", "functions"]));
    assert_eq!(schema["additionalProperties"], false);
    let types = &schema["properties"]["resources"]["items"]["properties"]["type"]["anyOf"][0]["oneOf"];
    let names: Vec<&str> = types.as_array().unwrap().iter().map(|t| t["const"].as_str().unwrap()).collect();
    let builtin: Vec<&str> = BUILTIN.iter().map(|c| c.name.as_ref()).collect();
    assert_eq!(names, builtin);
    let binding = &schema["properties"]["functions"]["additionalProperties"]["properties"]["bind"]["items"]["anyOf"];
    assert_eq!(binding[1]["required"], json!(["resource"]));
    assert_eq!(
        schema["properties"]["kinds"]["additionalProperties"]["properties"]["props"]["additionalProperties"]["enum"],
        json!(["plain", "secret", "siteUrl", "secretReference"])
    );
}

#[test]
fn every_command_has_help_with_examples() {
    let p = Project::empty("help");
    for args in [
        vec!["--help"],
        vec!["bind", "--help"],
        vec!["secrets", "--help"],
        vec!["secrets", "set", "--help"],
        vec!["secrets", "get", "--help"],
        vec!["secrets", "list", "--help"],
        vec!["secrets", "load", "--help"],
        vec!["secrets", "remove", "--help"],
        vec!["env", "--help"],
        vec!["policy", "--help"],
        vec!["check", "--help"],
        vec!["schema", "--help"],
    ] {
        let run = p.run_without_aws(&args);
        run.ok();
        assert!(run.stdout.contains("Examples:"), "{args:?}:\n{}", run.stdout);
        assert!(run.stdout.contains("--stage <NAME>"), "{args:?}: the common flags are shown");
    }
    let run = p.run_without_aws(&["schema", "--help"]);
    assert!(run.stdout.contains("\"json.schemas\""));
}

#[test]
fn usage_errors_exit_with_2() {
    let p = Project::new("usage");
    p.run_without_aws(&["bind"]).code(2);
    p.run_without_aws(&["frobnicate"]).code(2);
    p.run_without_aws(&["env"]).code(2);
    p.run_without_aws(&["policy", "--stage", "dev", "--cli", "--function", "api"]).code(2);
    p.run_without_aws(&["secrets", "list", "--format", "yaml"]).code(2);
}

#[test]
fn bind_from_a_values_file_needs_no_aws() {
    let p = Project::new("values");
    p.write("values.json", SPEC_VALUES);
    let run = p.run_without_aws(&["--stage", "dev", "bind", "--values", "values.json", "--", "env"]);
    run.ok();
    assert_eq!(run.var("SST_APP").as_deref(), Some(p.app.as_str()));
    assert_eq!(run.var("SST_STAGE").as_deref(), Some("dev"));
    assert_eq!(run.var("SST_Bucket_bucketName_myFiles").as_deref(), Some("my-files-bucket-1234"));
    assert_eq!(run.var("SST_Secret_value_STRIPE_KEY").as_deref(), Some("sk_test_abc123"));
    assert_eq!(run.var("SST_Redis_port_cache").as_deref(), Some("6379"));
    assert_eq!(run.var("SST_Redis_password_cache").as_deref(), Some("hunter2"));
    assert_eq!(run.var("AWS_REGION"), None);
    assert_eq!(run.stderr, "", "bind prints nothing of its own");
}

#[test]
fn bind_with_a_function_passes_only_its_bindings() {
    let p = Project::new("values-fn");
    p.write("values.json", SPEC_VALUES);
    let run = p.run_without_aws(&[
        "--stage",
        "dev",
        "--region",
        "eu-west-1",
        "bind",
        "--values",
        "values.json",
        "--function",
        "api",
        "--",
        "env",
    ]);
    run.ok();
    assert_eq!(
        run.sst_var_names(),
        [
            "SST_APP",
            "SST_Bucket_bucketName_myFiles",
            "SST_REGION",
            "SST_STAGE",
            "SST_Secret_value_STRIPE_KEY",
            "SST_Table_tableName_notes",
        ]
    );
    assert_eq!(run.var("AWS_REGION").as_deref(), Some("eu-west-1"));

    // A value the function is bound to but the file lacks: a warning that names it, not the value.
    p.write("partial.json", r#"{ "Secret": { "STRIPE_KEY": { "value": "sk_live_zzz" } } }"#);
    let run =
        p.run_without_aws(&["--stage", "dev", "bind", "--values", "partial.json", "--function", "api", "--", "true"]);
    run.ok();
    assert_eq!(
        run.stderr,
        "warning: function `api` is bound to values that partial.json does not have: Bucket.myFiles.bucketName, \
         Table.notes.tableName; using them will fail\n"
    );
    assert!(!run.stderr.contains("sk_live_zzz"));
}

#[test]
fn bind_drops_binding_variables_it_inherits() {
    let p = Project::new("values-inherit");
    p.write("values.json", SPEC_VALUES);
    let mut cmd =
        p.command(&["--stage", "dev", "bind", "--values", "values.json", "--function", "worker", "--", "env"]);
    cmd.env("SST_Bucket_bucketName_stale", "old").env("SST_SOMETHING", "kept-no-it-is-not-a-binding");
    let run = common::Run::of(cmd);
    run.ok();
    assert_eq!(run.var("SST_Bucket_bucketName_stale"), None);
    assert_eq!(run.var("SST_Parameter_value_MY_CLUSTER_NAME").as_deref(), Some("cluster-1"));
}

#[test]
fn a_values_file_with_problems_is_reported_located() {
    let p = Project::new("values-bad");
    p.write("values.json", "{\n  \"Bucket\": { \"myFiles\": { \"bucketname\": \"x\" } },\n  \"Redis\": { \"cache\": { \"port\": [] } }\n}\n");
    let run = p.run_without_aws(&["--stage", "dev", "bind", "--values", "values.json", "--", "true"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "values.json:2:28: `Bucket` has no prop `bucketname`; did you mean `bucketName`?\n\
         values.json:3:33: the value of `Redis.cache.port` must be a string (it becomes an environment variable)\n\
         error: values.json has 2 problems\n"
    );
}

#[test]
fn bind_exits_with_the_command_s_code() {
    let p = Project::new("exit");
    p.write("values.json", "{}");
    let bind = |cmd: &[&str]| {
        let mut args = vec!["--stage", "dev", "bind", "--values", "values.json", "--"];
        args.extend_from_slice(cmd);
        p.run_without_aws(&args)
    };
    bind(&["sh", "-c", "exit 0"]).ok();
    bind(&["sh", "-c", "exit 7"]).code(7);
    bind(&["sh", "-c", "exit 255"]).code(255);
    // Killed by SIGTERM (15): 128 + 15.
    bind(&["sh", "-c", "kill -TERM $$"]).code(143);
    let run = bind(&["no-such-command-for-sure"]);
    run.code(127);
    assert_eq!(run.stderr, "error: cannot run `no-such-command-for-sure`: command not found\n");
    // `--` is optional; the command's own flags are its own.
    p.run_without_aws(&["--stage", "dev", "bind", "--values", "values.json", "sh", "-c", "exit 3"]).code(3);
}

#[test]
fn the_stage_is_never_guessed() {
    let p = Project::new("no-stage");
    p.write("values.json", "{}");
    let run = p.run_without_aws(&["bind", "--values", "values.json", "--", "true"]);
    run.code(1);
    assert_eq!(run.stderr, "error: no stage: pass --stage NAME or set SST_STAGE (e.g. --stage dev)\n");
    let mut cmd = p.command(&["bind", "--values", "values.json", "--", "env"]);
    cmd.env("SST_STAGE", "from-env");
    let run = common::Run::of(cmd);
    run.ok();
    assert_eq!(run.var("SST_STAGE").as_deref(), Some("from-env"));
}

/// Starts `bind` on a shell that says `ready` once its trap is set, and returns it with its stdout.
#[cfg(unix)]
fn bind_a_trapping_shell(p: &Project, script: &str) -> (std::process::Child, BufReader<std::process::ChildStdout>) {
    p.write("values.json", "{}");
    let mut cmd = p.command(&["--stage", "dev", "bind", "--values", "values.json", "--", "sh", "-c", script]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start bind: {e}"));
    let mut out = BufReader::new(child.stdout.take().unwrap_or_else(|| panic!("no stdout")));
    let mut line = String::new();
    out.read_line(&mut line).unwrap_or_else(|e| panic!("cannot read the child's stdout: {e}"));
    assert_eq!(line, "ready\n");
    (child, out)
}

/// Waits for `child` to exit, at most `limit`: a thread waits on it and reports through a channel. When it
/// does not exit in time, it is killed and the test fails.
#[cfg(unix)]
fn wait_at_most(child: std::process::Child, limit: Duration) -> std::process::ExitStatus {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let pid = Pid::from_raw(child.id() as i32);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut child = child;
        let _ = sender.send(child.wait());
    });
    match receiver.recv_timeout(limit) {
        Ok(status) => status.unwrap_or_else(|e| panic!("cannot wait for bind: {e}")),
        Err(_) => {
            // Not reaped yet (the thread still waits on it), so the pid is still bind's.
            let _ = kill(pid, Signal::SIGKILL);
            panic!("bind did not end within {limit:?}: the signal was not passed on");
        }
    }
}

#[cfg(unix)]
#[test]
fn sigterm_to_bind_reaches_the_command() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let p = Project::new("sigterm");
    let (child, _out) =
        bind_a_trapping_shell(&p, "trap 'kill $! 2>/dev/null; exit 7' TERM; sleep 30 & echo ready; wait");
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap_or_else(|e| panic!("kill: {e}"));
    let status = wait_at_most(child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(7), "the command's trap ran and bind exited with its code");
}

#[cfg(unix)]
#[test]
fn sigint_to_bind_reaches_the_command() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let p = Project::new("sigint");
    let (child, _out) =
        bind_a_trapping_shell(&p, "trap 'kill $! 2>/dev/null; exit 8' INT; sleep 30 & echo ready; wait");
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).unwrap_or_else(|e| panic!("kill: {e}"));
    let status = wait_at_most(child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(8));
}

#[test]
fn env_from_a_values_file_has_placeholders_for_secrets() {
    let p = Project::new("env-values");
    p.write("values.json", SPEC_VALUES);
    let run = p.run_without_aws(&["--stage", "prod", "env", "--function", "worker", "--values", "values.json"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!(
            "SST_APP={}\nSST_STAGE=prod\nSST_Parameter_value_MY_CLUSTER_NAME=cluster-1\nSST_Redis_host_cache=localhost\n\
             SST_Redis_port_cache=6379\nSST_Redis_password_cache=__FETCH_FROM_SSM__\n",
            p.app
        )
    );
    let run = p.run_without_aws(&[
        "--stage",
        "prod",
        "env",
        "--function",
        "api",
        "--values",
        "values.json",
        "--format",
        "json",
    ]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({
            "SST_APP": p.app,
            "SST_STAGE": "prod",
            "SST_Bucket_bucketName_myFiles": "my-files-bucket-1234",
            "SST_Secret_value_STRIPE_KEY": "__FETCH_FROM_SSM__",
            "SST_Table_tableName_notes": "notes-table",
        })
    );
    assert!(!run.stdout.contains("sk_test_abc123"), "env never prints a secret");
}

#[test]
fn env_names_the_plain_values_it_lacks() {
    let p = Project::new("env-missing");
    p.write("values.json", r#"{ "Redis": { "cache": { "host": "h" } } }"#);
    let run = p.run_without_aws(&["--stage", "prod", "env", "--function", "worker", "--values", "values.json"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: values.json has no value for Parameter.MY_CLUSTER_NAME.value, Redis.cache.port: deploy the app, or \
         give the values with --values FILE\n"
    );
}

#[test]
fn env_of_an_unknown_function_lists_the_functions() {
    let p = Project::new("env-unknown");
    let run = p.run_without_aws(&["--stage", "prod", "env", "--function", "apii"]);
    run.code(1);
    assert_eq!(run.stderr, "error: bindings.json has no function `apii`; its functions are: `api`, `worker`\n");
}

/// The id of the resource of `construct` in [`every_construct`]: `my-res`, but `my-param` for `Parameter`
/// (which shares its ids with `Secret`).
fn id_of(construct: &str) -> &'static str {
    if construct == "Parameter" { "my-param" } else { "my-res" }
}

/// A manifest with one resource of every construct of docs/sst-v2-binding-protocol.md §5, all bound to function `all`,
/// and its values.
fn every_construct(app: &str) -> (String, String) {
    let resources: Vec<Value> = BUILTIN.iter().map(|c| json!({ "type": c.name, "id": id_of(&c.name) })).collect();
    let bind: Vec<String> = BUILTIN.iter().map(|c| format!("{}.{}", c.name, id_of(&c.name))).collect();
    let manifest = json!({ "app": app, "resources": resources, "functions": { "all": { "bind": bind } } });
    let mut values = serde_json::Map::new();
    for c in BUILTIN {
        let props: serde_json::Map<String, Value> =
            c.props.iter().map(|p| (p.name.to_string(), json!(prop_value(&p.name)))).collect();
        values.insert(c.name.to_string(), json!({ id_of(&c.name): props }));
    }
    (manifest.to_string(), Value::Object(values).to_string())
}

fn prop_value(prop: &str) -> &'static str {
    match prop {
        "url" => "wss://a1b2c3.execute-api.us-east-1.amazonaws.com/dev",
        "httpsUrl" => "https://a1b2c3.execute-api.us-east-1.amazonaws.com/dev",
        "bucketName" => "my-bucket",
        "eventBusName" => "my-bus",
        "functionName" => "my-fn",
        "streamName" => "my-stream",
        "queueUrl" => "https://sqs.us-east-1.amazonaws.com/123456789012/my-queue",
        "clusterArn" => "arn:aws:rds:us-east-1:123456789012:cluster:db",
        "secretArn" => "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC",
        "defaultDatabaseName" => "main",
        "tableName" => "my-table",
        "topicArn" => "arn:aws:sns:us-east-1:123456789012:my-topic",
        "value" => "v",
        "publicKey" => "pk",
        _ => "x",
    }
}

/// The table of docs/sst-v2-binding-protocol.md §5, written out for app `app`, stage `dev`, resource `my-res` (`my_res`
/// in names).
fn section_5(app: &str, p: &str, r: &str) -> Value {
    let a = "123456789012";
    let ssm = |path: String| format!("arn:{p}:ssm:{r}:{a}:parameter{path}");
    let site = |c: &str| json!([["ssm:GetParameters"], [ssm(format!("/sst/{app}/dev/{c}/my_res/url"))]]);
    let mut statements = vec![
        json!([["execute-api:ManageConnections"], [format!("arn:{p}:execute-api:{r}:{a}:a1b2c3/*/*/@connections/*")]]),
        json!([["s3:*"], [format!("arn:{p}:s3:::my-bucket"), format!("arn:{p}:s3:::my-bucket/*")]]),
        json!([["events:*"], [format!("arn:{p}:events:{r}:{a}:event-bus/my-bus")]]),
        json!([["lambda:*"], [format!("arn:{p}:lambda:{r}:{a}:function:my-fn")]]),
        json!([["lambda:*"], [format!("arn:{p}:lambda:{r}:{a}:function:my-fn")]]),
        json!([["kinesis:*"], [format!("arn:{p}:kinesis:{r}:{a}:stream/my-stream")]]),
        json!([["sqs:*"], [format!("arn:{p}:sqs:{r}:{a}:my-queue")]]),
        json!([["rds-data:*"], ["arn:aws:rds:us-east-1:123456789012:cluster:db"]]),
        json!([
            ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC*"]
        ]),
        json!([
            ["dynamodb:*"],
            [format!("arn:{p}:dynamodb:{r}:{a}:table/my-table"), format!("arn:{p}:dynamodb:{r}:{a}:table/my-table/*")]
        ]),
        json!([["sns:*"], ["arn:aws:sns:us-east-1:123456789012:my-topic"]]),
    ];
    for c in ["Service", "StaticSite", "NextjsSite", "AstroSite", "RemixSite", "SolidStartSite", "SvelteKitSite"] {
        statements.push(site(c));
    }
    statements.push(json!([
        ["ssm:GetParameters"],
        [ssm(format!("/sst/{app}/dev/Secret/my_res/value")), ssm(format!("/sst/{app}/.fallback/Secret/my_res/value"))]
    ]));
    statements.push(json!([["ssm:GetParameters"], [ssm(format!("/sst/{app}/dev/Auth/my_res/publicKey"))]]));
    let statements: Vec<Value> =
        statements.into_iter().map(|s| json!({ "Effect": "Allow", "Action": s[0], "Resource": s[1] })).collect();
    json!({ "Version": "2012-10-17", "Statement": statements })
}

#[test]
fn policy_grants_what_section_5_says_for_every_construct_in_every_partition() {
    let p = Project::empty("every-construct");
    let (manifest, values) = every_construct("every");
    p.write("bindings.json", &manifest);
    p.write("values.json", &values);
    for (region, partition) in [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")] {
        let run = p.run_without_aws(&[
            "--stage",
            "dev",
            "--region",
            region,
            "policy",
            "--function",
            "all",
            "--values",
            "values.json",
            "--account",
            "123456789012",
        ]);
        run.ok();
        assert_eq!(run.json(), section_5("every", partition, region), "{region}");
        assert!(run.stdout.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": ["), "{}", run.stdout);
    }
}

#[test]
fn policy_uses_a_binding_s_own_permissions_and_covers_custom_secrets() {
    let p = Project::new("policy-own");
    p.write("values.json", SPEC_VALUES);
    let args =
        ["--stage", "dev", "--region", "us-east-1", "policy", "--values", "values.json", "--account", "123456789012"];
    let run = p.run_without_aws(&[&args[..], &["--function", "api"]].concat());
    run.ok();
    let app = &p.app;
    let ssm = |path: String| format!("arn:aws:ssm:us-east-1:123456789012:parameter{path}");
    assert_eq!(
        run.json()["Statement"],
        json!([
            { "Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::my-files-bucket-1234", "arn:aws:s3:::my-files-bucket-1234/*"] },
            { "Effect": "Allow", "Action": ["ssm:GetParameters"], "Resource": [
                ssm(format!("/sst/{app}/dev/Secret/STRIPE_KEY/value")),
                ssm(format!("/sst/{app}/.fallback/Secret/STRIPE_KEY/value"))
            ] },
            { "Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": ["*"] },
        ])
    );
    let run = p.run_without_aws(&[&args[..], &["--function", "worker"]].concat());
    run.ok();
    assert_eq!(
        run.json()["Statement"],
        json!([{ "Effect": "Allow", "Action": ["ssm:GetParameters"], "Resource": [ssm(format!("/sst/{app}/dev/Redis/cache/password"))] }])
    );
}

#[test]
fn policy_names_the_values_it_lacks() {
    let p = Project::new("policy-missing");
    p.write("values.json", "{}");
    let run = p.run_without_aws(&[
        "--stage",
        "dev",
        "--region",
        "us-east-1",
        "policy",
        "--function",
        "api",
        "--values",
        "values.json",
        "--account",
        "123456789012",
    ]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "Bucket.myFiles: no bucketName in values.json\nerror: cannot make 1 statement of `api`'s policy: give them in \
         values.json, or give the bindings their own `permissions`\n"
    );
    let run = p.run_without_aws(&[
        "--stage",
        "dev",
        "--region",
        "us-east-1",
        "policy",
        "--function",
        "api",
        "--account",
        "12",
    ]);
    run.code(2);
    assert_eq!(run.stderr, "error: --account `12` is not an AWS account id (12 digits)\n");
}

#[test]
fn secrets_load_reports_every_bad_line_and_sets_nothing() {
    let p = Project::new("load-bad");
    p.write("bad.env", "GOOD=1\nnot a line\n2BAD=x\nEMPTY=\n");
    let run = p.run_without_aws(&["--stage", "dev", "secrets", "load", "bad.env"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "bad.env:2: expected NAME=VALUE, and dotenv skips this line\nerror: bad.env has 1 problem; nothing was set\n"
    );
    // Every line dotenv would drop or misread, each with its line number.
    p.write("bad.env", "# comment\nA=\"open\nexport B\nC='x' y\nD:\nE=1\n");
    let run = p.run_without_aws(&["--stage", "dev", "secrets", "load", "bad.env"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "bad.env:2: the \" that opens the value of A is not closed (dotenv would keep it in the value): close it, or \
         quote the value with another kind of quote\n\
         bad.env:3: expected NAME=VALUE, and dotenv skips this line\n\
         bad.env:4: unexpected text after the closing ' of C: only a # comment may follow it (dotenv would keep the \
         quotes in the value)\n\
         bad.env:5: D has no value on its line, and dotenv would take the next line as its value: put the value after \
         `=` on the same line (quote a value of several lines)\n\
         error: bad.env has 4 problems; nothing was set\n"
    );
    p.write("bad.env", "GOOD=1\n2BAD=x\nEMPTY=\n");
    let run = p.run_without_aws(&["--stage", "dev", "secrets", "load", "bad.env"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "bad.env:2: the id `2BAD` must start with a letter (a-z, A-Z)\nbad.env:3: the value of EMPTY is empty, and SSM \
         cannot store an empty value\nerror: bad.env has 2 problems; nothing was set\n"
    );
}

#[test]
fn a_custom_ssm_prefix_is_used_and_passed_on() {
    let p = Project::new("prefix");
    p.write("values.json", SPEC_VALUES);
    let run = p.run_without_aws(&[
        "--stage",
        "dev",
        "--ssm-prefix",
        "/custom/dev",
        "env",
        "--function",
        "api",
        "--values",
        "values.json",
    ]);
    run.ok();
    // As written: SST never adds a `/` to the prefix.
    assert_eq!(run.var("SST_SSM_PREFIX").as_deref(), Some("/custom/dev"));
    let mut cmd = p.command(&[
        "--stage",
        "dev",
        "--region",
        "us-east-1",
        "policy",
        "--function",
        "api",
        "--values",
        "values.json",
        "--account",
        "123456789012",
    ]);
    cmd.env("SST_SSM_PREFIX", "/custom/dev");
    let run = common::Run::of(cmd);
    run.ok();
    assert_eq!(
        run.json()["Statement"][1]["Resource"],
        json!([
            "arn:aws:ssm:us-east-1:123456789012:parameter/custom/devSecret/STRIPE_KEY/value",
            format!("arn:aws:ssm:us-east-1:123456789012:parameter/sst/{}/.fallback/Secret/STRIPE_KEY/value", p.app)
        ])
    );
}
