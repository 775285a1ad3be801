//! End-to-end tests against moto (SSM, STS): run them with `scripts/with-moto cargo test -p sst-resources-cli`.
//! Each test has its own app, so that they share one moto.

mod common;

use common::{
    MOTO_ACCOUNT, Project, Run, create_function, function_env, lambda, lambda_role, moto, put_string, set_function_var,
    ssm, tier,
};
use serde_json::json;
use sst_resources_tests::needs;

/// `sst-resources --stage dev ...` in the project, against moto.
fn dev(p: &Project, args: &[&str]) -> Run {
    moto();
    p.run(&[&["--stage", "dev"], args].concat())
}

#[test]
fn secrets_set_get_remove() {
    needs!(Moto);
    let p = Project::new("secrets");
    let run = dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_test_abc123"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("Set STRIPE_KEY in stage \"dev\" (/sst/{}/dev/Secret/STRIPE_KEY/value, Standard tier)\n", p.app)
    );
    assert!(!run.stdout.contains("sk_test_abc123") && !run.stderr.contains("sk_test_abc123"));
    dev(&p, &["secrets", "get", "STRIPE_KEY"]).ok();
    assert_eq!(dev(&p, &["secrets", "get", "STRIPE_KEY"]).stdout, "sk_test_abc123\n");

    let run = dev(&p, &["secrets", "remove", "STRIPE_KEY"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("Removed STRIPE_KEY from stage \"dev\" (/sst/{}/dev/Secret/STRIPE_KEY/value)\n", p.app)
    );

    for command in ["get", "remove"] {
        let run = dev(&p, &["secrets", command, "STRIPE_KEY"]);
        run.code(1);
        assert!(run.stderr.starts_with("error: \"STRIPE_KEY\" is not set in stage \"dev\""), "{}", run.stderr);
    }
}

#[test]
fn secrets_in_the_fallback() {
    needs!(Moto);
    let p = Project::new("fallback");
    dev(&p, &["secrets", "set", "STRIPE_KEY", "--fallback", "sk_shared"]).ok();
    assert_eq!(dev(&p, &["secrets", "get", "STRIPE_KEY", "--fallback"]).stdout, "sk_shared\n");
    // `get` reads the stage's own value: the fallback is not it.
    dev(&p, &["secrets", "get", "STRIPE_KEY"]).code(1);
    let run = dev(&p, &["secrets", "remove", "STRIPE_KEY", "--fallback"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("Removed STRIPE_KEY from the fallback (/sst/{}/.fallback/Secret/STRIPE_KEY/value)\n", p.app)
    );
    let run = dev(&p, &["secrets", "get", "STRIPE_KEY", "--fallback"]);
    run.code(1);
    assert!(run.stderr.starts_with("error: \"STRIPE_KEY\" is not set in the fallback"), "{}", run.stderr);
}

#[test]
fn secrets_list_as_sst_lists_them_and_load_reads_what_list_writes() {
    needs!(Moto);
    let p = Project::new("list");
    let run = dev(&p, &["secrets", "list"]);
    run.ok();
    assert_eq!(run.stdout, "No secrets set\n");
    let run = dev(&p, &["secrets", "list", "--format", "json"]);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("{}\n", "No secrets set\n"));

    dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_stage"]).ok();
    dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_shared", "--fallback"]).ok();
    dev(&p, &["secrets", "set", "ONLY_SHARED", "it's shared", "--fallback"]).ok();
    dev(&p, &["secrets", "set", "MULTI", "line 1\nline 2 # not a comment"]).ok();

    // The stage's value wins; a value from the fallback says so.
    let run = dev(&p, &["secrets", "list"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "┌─────────────┬────────────────────────────────┐\n\
         │ Secrets     │ Values                         │\n\
         ├─────────────┼────────────────────────────────┤\n\
         │ MULTI       │ line 1\\nline 2 # not a comment │\n\
         │ ONLY_SHARED │ it's shared (fallback)         │\n\
         │ STRIPE_KEY  │ sk_stage                       │\n\
         └─────────────┴────────────────────────────────┘\n"
    );
    let run = dev(&p, &["secrets", "list", "--format", "json"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({ "MULTI": "line 1\nline 2 # not a comment", "ONLY_SHARED": "it's shared", "STRIPE_KEY": "sk_stage" })
    );
    // --fallback: the fallback values that no value of the stage hides.
    let run = dev(&p, &["secrets", "list", "--format", "json", "--fallback"]);
    assert_eq!(run.json(), json!({ "ONLY_SHARED": "it's shared" }));
    // As SST takes the format too.
    let run = dev(&p, &["secrets", "list", "env"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "MULTI='line 1\nline 2 # not a comment'\nONLY_SHARED=\"it's shared\"\nSTRIPE_KEY='sk_stage'\n"
    );
    assert_eq!(run.stderr, "");

    // A shell reads those lines back...
    p.write(".env.dev", &run.stdout);
    let out = std::process::Command::new("sh")
        .args(["-c", ". ./.env.dev && printf '%s|%s|%s' \"$MULTI\" \"$ONLY_SHARED\" \"$STRIPE_KEY\""])
        .current_dir(p.dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run sh: {e}"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "line 1\nline 2 # not a comment|it's shared|sk_stage");
    // ... and so does `load`: here into another stage.
    let run = p.run(&["--stage", "prod", "secrets", "load", ".env.dev"]);
    run.ok();
    assert_eq!(run.stdout, "Set 3 secrets in stage \"prod\" from .env.dev\n");
    assert_eq!(
        p.run(&["--stage", "prod", "secrets", "list", "--format", "json"]).json(),
        json!({ "MULTI": "line 1\nline 2 # not a comment", "ONLY_SHARED": "it's shared", "STRIPE_KEY": "sk_stage" })
    );
    // A stage without values of its own lists the fallback's.
    let run = p.run(&["--stage", "empty", "secrets", "list", "--fallback", "--format", "env"]);
    run.ok();
    assert_eq!(run.stdout, "ONLY_SHARED=\"it's shared\"\nSTRIPE_KEY='sk_shared'\n");
}

#[test]
fn the_fallback_belongs_to_no_stage() {
    needs!(Moto);
    let p = Project::new("no-stage-fallback");
    moto();
    let run = p.run(&["secrets", "set", "STRIPE_KEY", "sk_shared", "--fallback"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("Set STRIPE_KEY in the fallback (/sst/{}/.fallback/Secret/STRIPE_KEY/value, Standard tier)\n", p.app)
    );
    assert_eq!(p.run(&["secrets", "get", "STRIPE_KEY", "--fallback"]).stdout, "sk_shared\n");
    p.write("shared.env", "OTHER=x\n");
    p.run(&["secrets", "load", "shared.env", "--fallback"]).ok();
    p.run(&["secrets", "remove", "OTHER", "--fallback"]).ok();
    // What the stage takes from the fallback depends on the stage.
    let run = p.run(&["secrets", "list", "--fallback"]);
    run.code(1);
    assert_eq!(run.stderr, "error: no stage: pass --stage NAME or set SST_STAGE (e.g. --stage dev)\n");
    assert_eq!(p.run(&["secrets", "get", "STRIPE_KEY"]).code, Some(1));
}

#[test]
fn secrets_load_a_dotenv_file() {
    needs!(Moto);
    let p = Project::new("load");
    p.write(
        ".env.prod",
        "# production secrets\nexport STRIPE_KEY=sk_live_1\nMULTI=\"line1\\nline2\"\nQUOTED='a # b'\n\nPLAIN = x y # note\n",
    );
    let run = p.run(&["--stage", "prod", "secrets", "load", ".env.prod"]);
    run.ok();
    assert_eq!(run.stdout, "Set 4 secrets in stage \"prod\" from .env.prod\n");
    // The manifest declares STRIPE_KEY only: the others cannot be bound, which is worth a warning.
    assert!(run.stderr.contains("warning: bindings.json has no Secret `MULTI`"), "{}", run.stderr);
    assert_eq!(p.run(&["--stage", "prod", "secrets", "get", "MULTI"]).stdout, "line1\nline2\n");
    assert_eq!(p.run(&["--stage", "prod", "secrets", "get", "QUOTED"]).stdout, "a # b\n");
    assert_eq!(p.run(&["--stage", "prod", "secrets", "get", "PLAIN"]).stdout, "x y\n");

    p.write("shared.env", "STRIPE_KEY=sk_shared\n");
    let run = p.run(&["--stage", "dev", "secrets", "load", "shared.env", "--fallback"]);
    run.ok();
    assert_eq!(run.stdout, "Set 1 secret in the fallback from shared.env\n");
    assert_eq!(p.run(&["--stage", "dev", "secrets", "get", "STRIPE_KEY", "--fallback"]).stdout, "sk_shared\n");
}

#[test]
fn a_value_from_stdin() {
    needs!(Moto);
    use std::io::Write;
    use std::process::Stdio;
    let p = Project::new("stdin");
    moto();
    let mut cmd = p.command(&["--stage", "dev", "secrets", "set", "STRIPE_KEY"]);
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(b"sk_from_stdin\n").unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(dev(&p, &["secrets", "get", "STRIPE_KEY"]).stdout, "sk_from_stdin\n");
}

#[test]
fn a_long_secret_goes_advanced_and_a_short_one_standard_again() {
    needs!(Moto);
    let p = Project::new("tier");
    let client = ssm();
    let path = format!("/sst/{}/dev/Secret/STRIPE_KEY/value", p.app);
    let long = "k".repeat(5000);
    let run = dev(&p, &["secrets", "set", "STRIPE_KEY", &long]);
    run.ok();
    assert!(run.stdout.ends_with("Advanced tier)\n"), "{}", run.stdout);
    assert_eq!(tier(&client, &path), "Advanced");
    assert_eq!(dev(&p, &["secrets", "get", "STRIPE_KEY"]).stdout, format!("{long}\n"));

    let run = dev(&p, &["secrets", "set", "STRIPE_KEY", "short"]);
    run.ok();
    assert!(run.stdout.ends_with("Standard tier)\n"), "{}", run.stdout);
    assert_eq!(tier(&client, &path), "Standard");
    assert_eq!(dev(&p, &["secrets", "get", "STRIPE_KEY"]).stdout, "short\n");

    let run = dev(&p, &["secrets", "set", "STRIPE_KEY", &"k".repeat(8193)]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: the value of STRIPE_KEY is 8193 bytes, and SSM holds at most 8192 (Advanced tier)\n"
    );
}

#[test]
fn bind_passes_every_value_of_the_stage_with_real_secrets() {
    needs!(Moto);
    let p = Project::new("bind");
    let client = ssm();
    let app = &p.app;
    put_string(&client, &format!("/sst/{app}/dev/Bucket/myFiles/bucketName"), "my-files-bucket-1234");
    put_string(&client, &format!("/sst/{app}/dev/Service/web/url"), "https://web.example.com");
    put_string(&client, &format!("/sst/{app}/prod/Bucket/myFiles/bucketName"), "prod-bucket");
    dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_test_abc123"]).ok();

    let run = dev(&p, &["bind", "--", "env"]);
    run.ok();
    assert_eq!(run.stderr, "", "bind prints nothing of its own");
    assert_eq!(run.var("SST_APP").as_deref(), Some(app.as_str()));
    assert_eq!(run.var("SST_STAGE").as_deref(), Some("dev"));
    assert_eq!(run.var("AWS_REGION").as_deref(), Some("us-east-1"));
    assert_eq!(run.var("SST_REGION").as_deref(), Some("us-east-1"));
    assert_eq!(run.var("SST_Bucket_bucketName_myFiles").as_deref(), Some("my-files-bucket-1234"));
    assert_eq!(run.var("SST_Service_url_web").as_deref(), Some("https://web.example.com"));
    assert_eq!(run.var("SST_Secret_value_STRIPE_KEY").as_deref(), Some("sk_test_abc123"));

    // --region is the region the command gets.
    let run = dev(&p, &["--region", "eu-central-1", "bind", "--", "env"]);
    run.ok();
    assert_eq!(run.var("AWS_REGION").as_deref(), Some("eu-central-1"));
}

#[test]
fn bind_reads_every_page() {
    needs!(Moto);
    let p = Project::new("pages");
    let client = ssm();
    for i in 0..25 {
        put_string(&client, &format!("/sst/{}/dev/Bucket/b{i:02}/bucketName", p.app), &format!("bucket-{i}"));
    }
    let run = dev(&p, &["bind", "--", "env"]);
    run.ok();
    let buckets = run.vars().into_iter().filter(|(k, _)| k.starts_with("SST_Bucket_bucketName_b")).count();
    assert_eq!(buckets, 25);
    assert_eq!(run.var("SST_Bucket_bucketName_b24").as_deref(), Some("bucket-24"));
}

#[test]
fn bind_walks_each_construct_at_the_same_time() {
    needs!(Moto);
    use sst_resources_tests::latency::SlowProxy;

    let p = Project::new("concurrent-pages");
    let client = ssm();
    for i in 0..25 {
        put_string(&client, &format!("/sst/{}/dev/Bucket/b{i:02}/bucketName", p.app), &format!("bucket-{i}"));
        put_string(&client, &format!("/sst/{}/dev/Table/t{i:02}/tableName", p.app), &format!("table-{i}"));
    }
    dev(&p, &["secrets", "set", "K", "v", "--fallback"]).ok();
    let moto = moto();
    // A delay long enough that starting the 25 walks (signing each request, on one thread) fits well inside
    // one round trip even on a loaded machine: the count is of the client's order, not of its speed.
    let proxy = SlowProxy::start(moto.trim_start_matches("http://"), std::time::Duration::from_millis(250)).unwrap();
    let bind = |p: &Project, args: &[&str]| {
        proxy.reset();
        let mut cmd = p.command(&[&["--stage", "dev"], args].concat());
        cmd.env("AWS_ENDPOINT_URL", proxy.endpoint());
        let run = Run::of(cmd);
        run.ok();
        let count = |prefix: &str| run.vars().into_iter().filter(|(k, _)| k.starts_with(prefix)).count();
        assert_eq!((count("SST_Bucket_bucketName_b"), count("SST_Table_tableName_t")), (25, 25));
        assert_eq!(run.var("SST_Secret_value_K").as_deref(), Some("v"));
        proxy.sequential_round_trips()
    };
    // With the manifest, one walk a construct, all at once: as many round trips in a row as the largest
    // construct has pages (25 buckets: 3 pages of 10).
    assert_eq!(bind(&p, &["bind", "--", "env"]), 3);
    // Without one, the stage is walked whole: its 50 values page after page.
    let bare = Project::empty("concurrent-pages-bare");
    assert!(bind(&bare, &["--app", &p.app, "bind", "--", "env"]) >= 5);
}

#[test]
fn the_stage_wins_over_the_fallback() {
    needs!(Moto);
    let p = Project::new("precedence");
    dev(&p, &["secrets", "set", "A", "a-fallback", "--fallback"]).ok();
    dev(&p, &["secrets", "set", "A", "a-stage"]).ok();
    dev(&p, &["secrets", "set", "B", "b-fallback", "--fallback"]).ok();
    p.run(&["--stage", "other", "secrets", "set", "C", "c-other-stage"]).ok();
    let run = dev(&p, &["bind", "--", "env"]);
    run.ok();
    assert_eq!(run.var("SST_Secret_value_A").as_deref(), Some("a-stage"));
    assert_eq!(run.var("SST_Secret_value_B").as_deref(), Some("b-fallback"));
    assert_eq!(run.var("SST_Secret_value_C"), None);
}

#[test]
fn bind_with_a_function_passes_what_production_passes() {
    needs!(Moto);
    let p = Project::new("bind-fn");
    let client = ssm();
    let app = &p.app;
    put_string(&client, &format!("/sst/{app}/dev/Bucket/myFiles/bucketName"), "my-files-bucket-1234");
    put_string(&client, &format!("/sst/{app}/dev/Table/notes/tableName"), "notes-table");
    put_string(&client, &format!("/sst/{app}/dev/Parameter/MY_CLUSTER_NAME/value"), "cluster-1");
    dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_fallback", "--fallback"]).ok();

    let run = dev(&p, &["bind", "--function", "api", "--", "env"]);
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
    assert_eq!(run.var("SST_Secret_value_STRIPE_KEY").as_deref(), Some("sk_fallback"));

    // The worker's Redis is not deployed: a warning names what it lacks.
    let run = dev(&p, &["bind", "--function", "worker", "--", "true"]);
    run.ok();
    assert_eq!(
        run.stderr,
        "warning: function `worker` is bound to values that stage `dev` does not have: Redis.cache.host, \
         Redis.cache.port, Redis.cache.password; using them will fail\n"
    );
}

#[test]
fn bind_without_a_manifest_needs_the_app() {
    needs!(Moto);
    let p = Project::empty("no-manifest");
    moto();
    let run = p.run(&["--stage", "dev", "bind", "--", "true"]);
    run.code(1);
    assert_eq!(run.stderr, "error: no app: pass --app NAME, or run where bindings.json is (or pass --manifest FILE)\n");
    let app = format!("bare-{}", std::process::id());
    p.run(&["--stage", "dev", "--app", &app, "secrets", "set", "K", "v"]).ok();
    let run = p.run(&["--stage", "dev", "--app", &app, "bind", "--", "env"]);
    run.ok();
    assert_eq!(run.var("SST_Secret_value_K").as_deref(), Some("v"));
}

#[test]
fn env_from_ssm() {
    needs!(Moto);
    let p = Project::new("env");
    let client = ssm();
    let app = &p.app;
    put_string(&client, &format!("/sst/{app}/prod/Bucket/myFiles/bucketName"), "prod-files");
    put_string(&client, &format!("/sst/{app}/prod/Table/notes/tableName"), "prod-notes");
    let run = p.run(&["--stage", "prod", "env", "--function", "api"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!(
            "SST_APP={app}\nSST_STAGE=prod\nSST_Bucket_bucketName_myFiles=prod-files\n\
             SST_Secret_value_STRIPE_KEY=__FETCH_FROM_SSM__\nSST_Table_tableName_notes=prod-notes\n"
        )
    );
    let run = p.run(&["--stage", "prod", "env", "--function", "api", "--format", "json"]);
    assert_eq!(run.json()["SST_Bucket_bucketName_myFiles"], "prod-files");

    let run = p.run(&["--stage", "staging", "env", "--function", "api"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: stage `staging` has no SSM parameter for Bucket.myFiles.bucketName \
             (/sst/{app}/staging/Bucket/myFiles/bucketName), Table.notes.tableName \
             (/sst/{app}/staging/Table/notes/tableName): deploy the app, or give the values with --values FILE\n"
        )
    );
}

#[test]
fn policy_from_ssm_values_and_the_account_from_sts() {
    needs!(Moto);
    let p = Project::new("policy");
    let client = ssm();
    let app = &p.app;
    put_string(&client, &format!("/sst/{app}/dev/Bucket/myFiles/bucketName"), "dev-files");
    let run = dev(&p, &["policy", "--function", "api"]);
    run.ok();
    let ssm_arn = |path: String| format!("arn:aws:ssm:us-east-1:{MOTO_ACCOUNT}:parameter{path}");
    assert_eq!(
        run.json(),
        json!({ "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::dev-files", "arn:aws:s3:::dev-files/*"] },
            { "Effect": "Allow", "Action": ["ssm:GetParameters"], "Resource": [
                ssm_arn(format!("/sst/{app}/dev/Secret/STRIPE_KEY/value")),
                ssm_arn(format!("/sst/{app}/.fallback/Secret/STRIPE_KEY/value"))
            ] },
            { "Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": ["*"] },
        ] })
    );
    // --account wins over STS.
    let run = dev(&p, &["policy", "--function", "api", "--account", "210987654321"]);
    run.ok();
    assert!(run.stdout.contains("arn:aws:ssm:us-east-1:210987654321:parameter"), "{}", run.stdout);
}

#[test]
fn policy_for_the_cli_itself() {
    needs!(Moto);
    let p = Project::new("policy-cli");
    let run = dev(&p, &["policy", "--cli"]);
    run.ok();
    assert_eq!(
        run.json(),
        json!({ "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow",
              "Action": ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"],
              "Resource": [format!("arn:aws:ssm:us-east-1:{MOTO_ACCOUNT}:parameter/sst/{}/*", p.app)] },
            { "Effect": "Allow", "Action": ["sts:GetCallerIdentity"], "Resource": ["*"] },
            { "Effect": "Allow", "Action": ["lambda:ListFunctions"], "Resource": ["*"] },
            { "Effect": "Allow",
              "Action": ["lambda:GetFunctionConfiguration", "lambda:UpdateFunctionConfiguration"],
              "Resource": [format!("arn:aws:lambda:us-east-1:{MOTO_ACCOUNT}:function:*")] },
        ] })
    );
    let run = p.run(&["--stage", "dev", "--region", "cn-north-1", "policy", "--cli", "--account", "111122223333"]);
    run.ok();
    assert_eq!(
        run.json()["Statement"][0]["Resource"][0],
        format!("arn:aws-cn:ssm:cn-north-1:111122223333:parameter/sst/{}/*", p.app)
    );
}

#[test]
fn credentials_region_and_profile_problems_are_one_clear_line() {
    needs!(Moto);
    let p = Project::new("creds");
    moto();
    let run = dev(&p, &["--profile", "nope", "secrets", "get", "X"]);
    run.code(3);
    assert_eq!(
        run.stderr,
        "error: unknown AWS profile `nope`: it is in neither ~/.aws/config nor ~/.aws/credentials; name one that is \
         (`aws configure list-profiles` lists them)\n"
    );

    let mut cmd = p.command(&["--stage", "dev", "secrets", "get", "X"]);
    cmd.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY").env_remove("AWS_SESSION_TOKEN");
    let run = Run::of(cmd);
    run.code(3);
    assert_eq!(
        run.stderr,
        "error: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile of \
         ~/.aws/config with --profile or AWS_PROFILE (for an SSO profile, run `aws sso login --profile NAME` first)\n"
    );

    let mut cmd = p.command(&["--stage", "dev", "secrets", "get", "X"]);
    cmd.env_remove("AWS_REGION").env_remove("AWS_DEFAULT_REGION");
    let run = Run::of(cmd);
    run.code(3);
    assert_eq!(
        run.stderr,
        "error: no AWS region: pass --region, set AWS_REGION, or set `region` in the profile in ~/.aws/config\n"
    );

    // A profile of the shared files, with its region and credentials, is used.
    std::fs::create_dir_all(p.path(".aws")).unwrap_or_else(|e| panic!("{e}"));
    p.write(".aws/config", "[profile team]\nregion = eu-west-1\n");
    p.write(".aws/credentials", "[team]\naws_access_key_id = testing\naws_secret_access_key = testing\n");
    let mut cmd = p.command(&["--stage", "dev", "--profile", "team", "bind", "--", "env"]);
    cmd.env_remove("AWS_REGION").env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
    let run = Run::of(cmd);
    run.ok();
    assert_eq!(run.var("AWS_REGION").as_deref(), Some("eu-west-1"));
    assert_eq!(run.var("AWS_PROFILE").as_deref(), Some("team"));

    // A profile without credentials.
    p.write(".aws/config", "[profile team]\nregion = eu-west-1\n[profile bare]\nregion = eu-west-1\n");
    let mut cmd = p.command(&["--stage", "dev", "secrets", "get", "X"]);
    cmd.env("AWS_PROFILE", "bare").env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
    let run = Run::of(cmd);
    run.code(3);
    assert!(run.stderr.starts_with("error: no AWS credentials for profile `bare`"), "{}", run.stderr);
}

#[test]
fn an_unreachable_endpoint_is_an_aws_error() {
    needs!(Moto);
    let p = Project::new("unreachable");
    moto();
    let mut cmd = p.command(&["--stage", "dev", "secrets", "get", "X"]);
    cmd.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").env("AWS_MAX_ATTEMPTS", "1");
    let run = Run::of(cmd);
    run.code(3);
    assert!(run.stderr.starts_with("error: cannot reach AWS for SSM GetParameter on /sst/"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
}

#[test]
fn a_custom_ssm_prefix_is_used_exactly_as_written() {
    needs!(Moto);
    // SST builds `${SST_SSM_PREFIX}${Construct}/${id}/${prop}` and never adds a `/`: an app with
    // `ssmPrefix: "/org/app"` keeps its values at `/org/appSecret/X/value`.
    let p = Project::new("as-written");
    let prefix = format!("/org/{}", p.app);
    let with_prefix = |args: &[&str]| dev(&p, &[&["--ssm-prefix", prefix.as_str()], args].concat());
    let run = with_prefix(&["secrets", "set", "STRIPE_KEY", "sk_as_written"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("Set STRIPE_KEY in stage \"dev\" ({prefix}Secret/STRIPE_KEY/value, Standard tier)\n")
    );
    let client = ssm();
    put_string(&client, &format!("{prefix}Bucket/myFiles/bucketName"), "as-written-bucket");
    // What an added `/` would read: never used.
    put_string(&client, &format!("{prefix}/Bucket/myFiles/bucketName"), "slashed-bucket");

    assert_eq!(with_prefix(&["secrets", "get", "STRIPE_KEY"]).stdout, "sk_as_written\n");
    assert_eq!(with_prefix(&["secrets", "list", "--format", "json"]).json()["STRIPE_KEY"], "sk_as_written");
    let run = with_prefix(&["bind", "--", "env"]);
    run.ok();
    assert_eq!(run.var("SST_Secret_value_STRIPE_KEY").as_deref(), Some("sk_as_written"));
    assert_eq!(run.var("SST_Bucket_bucketName_myFiles").as_deref(), Some("as-written-bucket"));
    let run = with_prefix(&["env", "--function", "api"]);
    run.code(1);
    assert!(run.stderr.contains(&format!("({prefix}Table/notes/tableName)")), "{}", run.stderr);
    put_string(&client, &format!("{prefix}Table/notes/tableName"), "notes-table");
    let run = with_prefix(&["env", "--function", "api"]);
    run.ok();
    assert_eq!(run.var("SST_SSM_PREFIX").as_deref(), Some(prefix.as_str()));
    assert_eq!(run.var("SST_Bucket_bucketName_myFiles").as_deref(), Some("as-written-bucket"));
}

/// The functions of the restart tests: (name suffix, app, stage, bound variable and its value).
fn deploy_functions(p: &Project) -> aws_sdk_lambda::Client {
    let client = lambda();
    let role = lambda_role(&format!("{}-role", p.app));
    let app = p.app.as_str();
    let other_app = format!("{app}-other");
    let functions: [(&str, &str, &str, &str, &str); 6] = [
        ("api", app, "dev", "SST_Secret_value_STRIPE_KEY", "__FETCH_FROM_SSM__"),
        ("prod-api", app, "prod", "SST_Secret_value_STRIPE_KEY", "__FETCH_FROM_SSM__"),
        ("worker", app, "dev", "SST_Secret_value_OTHER", "__FETCH_FROM_SSM__"),
        ("prefetched", app, "dev", "SST_Secret_value_STRIPE_KEY", "sk_deployed"),
        ("other-app", &other_app, "dev", "SST_Secret_value_STRIPE_KEY", "__FETCH_FROM_SSM__"),
        ("unbound", app, "dev", "SST_Bucket_bucketName_myFiles", "files"),
    ];
    for (suffix, fn_app, stage, var, value) in functions {
        let name = format!("{app}-{suffix}");
        create_function(&client, &role, &name, &[("SST_APP", fn_app), ("SST_STAGE", stage), (var, value)]);
    }
    client
}

/// The functions of [`deploy_functions`], by the suffix of their names.
const FUNCTIONS: [&str; 6] = ["api", "prod-api", "worker", "prefetched", "other-app", "unbound"];

/// What [`mark_not_restarted`] sets `SST_ADMIN_SECRET_UPDATED_AT` to. A restart sets it to the time in
/// milliseconds, so a function that no longer has this value was restarted since, however soon after an
/// earlier restart (two restarts in one millisecond leave equal times).
const NOT_RESTARTED: &str = "not-restarted";

fn mark_not_restarted(p: &Project, client: &aws_sdk_lambda::Client) {
    for suffix in FUNCTIONS {
        set_function_var(client, &format!("{}-{suffix}", p.app), "SST_ADMIN_SECRET_UPDATED_AT", NOT_RESTARTED);
    }
}

/// The functions of [`deploy_functions`] restarted since they were deployed or last marked
/// [`mark_not_restarted`].
fn restarted(p: &Project, client: &aws_sdk_lambda::Client) -> Vec<&'static str> {
    FUNCTIONS
        .into_iter()
        .filter(|suffix| {
            let env = function_env(client, &format!("{}-{suffix}", p.app));
            env.get("SST_ADMIN_SECRET_UPDATED_AT").is_some_and(|at| at != NOT_RESTARTED)
        })
        .collect()
}

#[test]
fn secrets_restart_the_functions_bound_to_them_as_sst_does() {
    needs!(Moto, Botocore);
    let p = Project::new("restart");
    let client = deploy_functions(&p);
    let app = p.app.clone();
    assert!(restarted(&p, &client).is_empty());

    // `set` on a stage: the functions of that stage bound to the secret, and a word on the prefetched one.
    let run = dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_new"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!(
            "Set STRIPE_KEY in stage \"dev\" (/sst/{app}/dev/Secret/STRIPE_KEY/value, Standard tier)\n\
             Reloaded 1 function: {app}-api\n\
             Redeploy the functions with \"prefetchSecret\" enabled to use the new secret: {app}-prefetched\n"
        )
    );
    assert_eq!(restarted(&p, &client), ["api"]);
    // What SST updates: the time in milliseconds, the rest of the environment kept.
    let env = function_env(&client, &format!("{app}-api"));
    let at: u128 = env["SST_ADMIN_SECRET_UPDATED_AT"].parse().unwrap_or_else(|e| panic!("{e}"));
    assert!(at > 1_600_000_000_000, "{at}");
    assert_eq!(env["SST_Secret_value_STRIPE_KEY"], "__FETCH_FROM_SSM__");
    assert_eq!((env["SST_APP"].as_str(), env["SST_STAGE"].as_str(), env.len()), (app.as_str(), "dev", 4));
    mark_not_restarted(&p, &client);

    // --no-restart restarts nothing.
    let run = dev(&p, &["secrets", "set", "STRIPE_KEY", "sk_newer", "--no-restart"]);
    run.ok();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(restarted(&p, &client).is_empty());

    // The fallback serves every stage without a value: the bound functions of every stage.
    let run = p.run(&["secrets", "set", "STRIPE_KEY", "sk_shared", "--fallback"]);
    run.ok();
    assert!(run.stdout.contains(&format!("Reloaded 2 functions: {app}-api, {app}-prod-api\n")), "{}", run.stdout);
    assert_eq!(restarted(&p, &client), ["api", "prod-api"]);
    mark_not_restarted(&p, &client);

    // `load`: every function bound to one of the secrets, once.
    p.write(".env", "STRIPE_KEY=a\nOTHER=b\n");
    let run = dev(&p, &["secrets", "load", ".env"]);
    run.ok();
    assert!(run.stdout.contains(&format!("Reloaded 2 functions: {app}-api, {app}-worker\n")), "{}", run.stdout);
    assert_eq!(restarted(&p, &client), ["api", "worker"]);
    mark_not_restarted(&p, &client);

    // `remove`: the function falls back to the fallback or fails, either way on its next cold start.
    let run = dev(&p, &["secrets", "remove", "OTHER"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!(
            "Removed OTHER from stage \"dev\" (/sst/{app}/dev/Secret/OTHER/value)\nReloaded 1 function: {app}-worker\n"
        )
    );
    assert_eq!(restarted(&p, &client), ["worker"]);
    // No value printed anywhere.
    assert!(!run.stderr.contains("sk_") && !run.stdout.contains("sk_"));
}

#[test]
fn a_restart_that_fails_is_reported_after_the_secret_is_set() {
    needs!(Moto);
    let p = Project::new("restart-fails");
    moto();
    // Lambda unreachable, SSM reachable: the secret is set, the restart fails with one clear error.
    let mut cmd = p.command(&["--stage", "dev", "secrets", "set", "STRIPE_KEY", "sk_1"]);
    cmd.env("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9").env("AWS_MAX_ATTEMPTS", "1");
    let run = Run::of(cmd);
    run.code(3);
    assert!(run.stdout.starts_with("Set STRIPE_KEY in stage \"dev\""), "{}", run.stdout);
    assert!(
        run.stderr.starts_with(
            "error: the functions bound to STRIPE_KEY were not restarted: cannot reach AWS for Lambda ListFunctions"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("; pass --no-restart not to restart them\n"), "{}", run.stderr);
    assert_eq!(dev(&p, &["secrets", "get", "STRIPE_KEY"]).stdout, "sk_1\n");
}

#[test]
fn bind_hands_the_command_the_credentials_it_resolved() {
    needs!(Moto);
    let p = Project::new("bind-creds");
    moto();
    // A credential_process profile: temporary credentials that only `bind` can get (as with SSO or MFA),
    // counted each time they are asked for.
    let expiration = "2099-01-01T00:00:00Z";
    p.write(
        "creds.sh",
        &format!(
            "#!/bin/sh\necho called >> \"$HOME/calls\"\nprintf '%s' '{{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \
             \"SecretAccessKey\": \"secret-from-process\", \"SessionToken\": \"token-from-process\", \"Expiration\": \
             \"{expiration}\"}}'\n"
        ),
    );
    std::fs::create_dir_all(p.path(".aws")).unwrap_or_else(|e| panic!("{e}"));
    p.write(
        ".aws/config",
        &format!(
            "[profile team]\nregion = eu-west-1\ncredential_process = sh {}\n\n[profile keys]\nregion = eu-west-1\n",
            p.path("creds.sh").display()
        ),
    );
    p.write(".aws/credentials", "[keys]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = secret-from-file\n");

    let bind = |profile: &str, command: &[&str]| {
        let mut args = vec!["--stage", "dev", "--profile", profile, "bind", "--"];
        args.extend(command);
        let mut cmd = p.command(&args);
        // The environment's own credentials (moto's, with a session token) must not reach the command.
        cmd.env_remove("AWS_REGION");
        Run::of(cmd)
    };
    let run = bind("team", &["env"]);
    run.ok();
    assert_eq!(run.var("AWS_ACCESS_KEY_ID").as_deref(), Some("AKIDPROCESS"));
    assert_eq!(run.var("AWS_SECRET_ACCESS_KEY").as_deref(), Some("secret-from-process"));
    assert_eq!(run.var("AWS_SESSION_TOKEN").as_deref(), Some("token-from-process"));
    assert_eq!(run.var("AWS_CREDENTIAL_EXPIRATION").as_deref(), Some(expiration));
    assert_eq!(run.var("AWS_REGION").as_deref(), Some("eu-west-1"));
    assert_eq!(run.stderr, "");
    // Asked for once, though bind read SSM twice (the fallback, the stage).
    let calls = std::fs::read_to_string(p.path("calls")).unwrap_or_default();
    assert_eq!(calls.lines().count(), 1);

    // Long-term keys: no session token, and none of the environment's.
    let run = bind("keys", &["env"]);
    run.ok();
    assert_eq!(run.var("AWS_ACCESS_KEY_ID").as_deref(), Some("AKIDKEYS"));
    assert_eq!(run.var("AWS_SECRET_ACCESS_KEY").as_deref(), Some("secret-from-file"));
    assert_eq!(run.var("AWS_SESSION_TOKEN"), None);
    assert_eq!(run.var("AWS_CREDENTIAL_EXPIRATION"), None);

    // bind itself prints none of them.
    let run = bind("team", &["true"]);
    run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}
