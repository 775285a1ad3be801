//! A differential test against SST's own Node helpers (`sst/node/*` of the `sst` npm package, installed by
//! `scripts/sst-node`): in each scenario, SST's helpers (tests/sst-node/probe.mjs) and a Rust function
//! built with the macro (src/bin/sst-probe.rs) run with the same environment against the same moto
//! server, and every value and every error text must be the same, line by line.
//!
//! One difference is on purpose: without `SST_APP`, SST gives Node advice (`sst bind`, update SST, not on
//! the client side) after its first sentence, `Cannot access bound resources.`; the Rust text gives Rust
//! advice after the same first sentence, and only that sentence is compared.

use std::process::Command;

use sst_binding_protocol::messages;
use sst_binding_protocol::names::FETCH_FROM_SSM;
use sst_resources_tests::*;

const RUST_PROBE: &str = env!("CARGO_BIN_EXE_sst-probe");
const NODE_PROBE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sst-node/probe.mjs");
const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sst-node/bindings.json");

/// A process with only `vars` (and what a process needs to run at all: PATH, HOME, and moto's AWS).
fn command(program: &str, args: &[&str], vars: &[(String, String)]) -> Command {
    let mut command = Command::new(program);
    command.args(args).env_clear();
    for name in ["PATH", "HOME", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
        if let Ok(value) = std::env::var(name) {
            command.env(name, value);
        }
    }
    command.env("AWS_EC2_METADATA_DISABLED", "true").envs(vars.iter().map(|(k, v)| (k, v)));
    command
}

fn output(mut command: Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{command:?} failed: {}{stdout}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// What each side prints in one scenario; `through` runs both under a wrapper (`sst-resources bind --`).
fn both(vars: &[(String, String)], through: &[&str]) -> (String, String) {
    let node_dir = needs::sst_node_dir().to_string_lossy().into_owned();
    let run = |argv: &[&str]| {
        let all: Vec<&str> = through.iter().chain(argv).copied().collect();
        output(command(all[0], &all[1..], vars))
    };
    (run(&["node", NODE_PROBE, &node_dir]), run(&[RUST_PROBE]))
}

/// Compares line by line: the same name, the same value or the same error — but for the "no SST_APP"
/// error, whose first sentence only is SST's.
fn assert_same(scenario: &str, node: &str, rust: &str) -> usize {
    let (node, rust): (Vec<&str>, Vec<&str>) = (node.lines().collect(), rust.lines().collect());
    assert_eq!(node.len(), rust.len(), "{scenario}: the Node helpers printed\n{node:#?}\nthe Rust probe\n{rust:#?}");
    for (n, r) in node.iter().zip(&rust) {
        // Node's build-time advice starts with a line break.
        let n_trimmed = n.replacen(" ! \\n", " ! ", 1);
        match n_trimmed.split_once(&format!(" ! {}", messages::NO_APP)) {
            Some((name, _)) => {
                let expected = format!("{name} ! {} ", messages::NO_APP);
                assert!(r.starts_with(&expected), "{scenario}: Node says `{n}`, Rust `{r}`: not SST's first sentence");
            }
            None => assert_eq!(n, r, "{scenario}: Node and Rust differ"),
        }
    }
    node.len()
}

/// The command line, built (another package's binary is not built for this one's tests).
fn cli() -> String {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", "sst-resources-cli"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cannot build sst-resources-cli");
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned());
    format!("{target}/debug/sst-resources")
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// The environment SST gives the probe function when deployed, under `prefix`.
fn deployed(app: &str, prefix: &str) -> Vec<(String, String)> {
    vars(&[
        ("SST_APP", app),
        ("SST_STAGE", STAGE),
        ("SST_SSM_PREFIX", prefix),
        ("SST_Secret_value_STRIPE_KEY", FETCH_FROM_SSM),
        ("SST_Secret_value_DB_PASSWORD", FETCH_FROM_SSM),
        ("SST_Secret_value_authPublicKey", FETCH_FROM_SSM),
        ("SST_Parameter_value_MY_CLUSTER_NAME", "cluster-1"),
        ("SST_Bucket_bucketName_myFiles", "files-bucket"),
        ("SST_Bucket_bucketName_my_uploads", "uploads-bucket"),
        ("SST_StaticSite_url_site", FETCH_FROM_SSM),
        ("SST_Auth_publicKey_auth", "__FETCH_FROM_SECRET__:authPublicKey"),
        ("SST_Auth_url_auth", "https://auth.example.com"),
        ("AUTH_ID", "auth"),
    ])
}

/// Stores what SST's deploy and `sst secrets set` would under `prefix`: the secrets (DB_PASSWORD in the
/// fallback only), the site's URL, and the newer Auth's public key reference.
async fn store(app: &str, prefix: &str) {
    let admin = admin_client().await;
    put_secrets(
        &admin,
        &[
            (format!("{prefix}Secret/STRIPE_KEY/value"), format!("sk-{prefix}")),
            (format!("{prefix}Secret/authPublicKey/value"), "-----BEGIN PUBLIC KEY-----".to_owned()),
            (fallback_path(app, "DB_PASSWORD"), "db-fallback".to_owned()),
        ],
    )
    .await;
    put_strings(
        &admin,
        &[
            (format!("{prefix}StaticSite/site/url"), "https://site.example.com".to_owned()),
            (format!("{prefix}Auth/auth/publicKey"), "__FETCH_FROM_SECRET__:authPublicKey".to_owned()),
            (format!("{prefix}Auth/auth/url"), "https://auth.example.com".to_owned()),
            (format!("{prefix}Parameter/MY_CLUSTER_NAME/value"), "cluster-1".to_owned()),
            (format!("{prefix}Bucket/myFiles/bucketName"), "files-bucket".to_owned()),
            (format!("{prefix}Bucket/my_uploads/bucketName"), "uploads-bucket".to_owned()),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_rust_runtime_reads_what_sst_s_node_helpers_read() {
    needs!(Moto, SstNode);
    moto_endpoint();
    let app = app_name("sst-node");
    let default_prefix = format!("/sst/{app}/{STAGE}/");
    // An app's own `ssmPrefix`, as SST uses it: exactly as written, no `/` added.
    let custom_prefix = format!("/org/{app}");
    store(&app, &default_prefix).await;
    store(&app, &custom_prefix).await;
    let mut compared = 0;
    let mut compare = |scenario: &str, vars: &[(String, String)], through: &[&str]| {
        let (node, rust) = both(vars, through);
        println!("{scenario}:\n{rust}");
        compared += assert_same(scenario, &node, &rust);
        (node, rust)
    };

    // Deployed: secrets from the stage and the fallback, a site URL, a Secret reference, plain values,
    // and a resource that is not bound (Table.orders).
    let (_, rust) = compare("deployed", &deployed(&app, &default_prefix), &[]);
    assert!(rust.contains(&format!("Config.STRIPE_KEY = sk-{default_prefix}\n")), "{rust}");
    assert!(rust.contains("Config.DB_PASSWORD = db-fallback\n"), "{rust}");
    assert!(rust.contains("Auth.auth.publicKey = -----BEGIN PUBLIC KEY-----\n"), "{rust}");
    assert!(rust.contains("Table.orders.tableName ! Cannot use Table.orders."), "{rust}");

    let (_, rust) = compare("custom prefix", &deployed(&app, &custom_prefix), &[]);
    assert!(rust.contains(&format!("Config.STRIPE_KEY = sk-{custom_prefix}\n")), "{rust}");

    // Secrets set nowhere: one error at load, naming them.
    let mut missing = deployed(&app, &default_prefix);
    missing.push(("SST_Secret_value_NOWHERE".into(), FETCH_FROM_SSM.into()));
    missing.push(("SST_Secret_value_ALSO_NOWHERE".into(), FETCH_FROM_SSM.into()));
    let (node, _) = compare("missing secrets", &missing, &[]);
    assert!(node.starts_with("load ! The following secret values are not set in the \"ci stage\": "), "{node}");

    // No SST_APP: in a test, in Lambda, in CodeBuild (a Job), at build time; with the plain values only
    // (with values kept in SSM too, SST's helpers still fetch them, from `/sst/undefined/.fallback/` for a
    // secret the stage lacks, and fail at import; the Rust `load()` says that SST_APP is missing).
    let mut no_app = deployed(&app, &default_prefix);
    no_app.retain(|(k, v)| k != "SST_APP" && v != FETCH_FROM_SSM);
    for (place, var) in [
        ("no SST_APP", None),
        ("no SST_APP in Lambda", Some(("AWS_LAMBDA_FUNCTION_NAME", "probe"))),
        ("no SST_APP in CodeBuild", Some(("CODEBUILD_BUILD_ARN", "arn:aws:codebuild:us-east-1:1:build/job:1"))),
        ("no SST_APP at build time", Some(("SST", "1"))),
    ] {
        let mut vars = no_app.clone();
        vars.extend(var.map(|(k, v)| (k.to_owned(), v.to_owned())));
        compare(place, &vars, &[]);
    }

    // Values passed for real by `sst-resources bind` (read from SSM under the custom prefix): both sides
    // see plain values, secrets included.
    let cli = cli();
    let bind = [cli.as_str(), "--manifest", MANIFEST, "--stage", STAGE, "--app", &app, "--ssm-prefix", &custom_prefix];
    let bind: Vec<&str> = bind.into_iter().chain(["bind", "--"]).collect();
    let (_, rust) = compare("bind", &[], &bind);
    assert!(rust.contains(&format!("Config.STRIPE_KEY = sk-{custom_prefix}\n")), "{rust}");
    assert!(rust.contains("Auth.auth.publicKey = -----BEGIN PUBLIC KEY-----\n"), "{rust}");

    // Every scenario compared its lines: 7 with a line per value (11), 1 with one error line at load.
    assert_eq!(compared, 7 * 11 + 1);
}
