//! A function built in release with its secrets in the build's environment (as a CI job that deploys
//! often has them) holds none of them: the macro reads no value at compile time. The function is a small
//! crate made here, bound to a Secret, a Parameter and a custom kind's secret, built with the runtime
//! without its `ssm` feature (the AWS SDK reads no `SST_*` variable, and building it in release would
//! cost CI minutes) into `target/secret-leak`, where its dependencies stay built between runs.

use std::path::Path;
use std::process::Command;

const STRIPE_KEY: &str = "build-env-secret-Wk38Fz1q";
const REDIS_PASSWORD: &str = "build-env-secret-Jm72Ds5c";
const CLUSTER: &str = "build-env-plain-Pn46Hx9e";

const MANIFEST: &str = r#"{
  "app": "leak-app",
  "resources": [
    { "type": "Secret", "id": "STRIPE_KEY" },
    { "type": "Parameter", "id": "MY_CLUSTER_NAME" },
    { "type": "Redis", "id": "cache" }
  ],
  "kinds": { "Redis": { "props": { "host": "plain", "password": "secret" } } },
  "functions": { "charge": { "bind": ["Secret.STRIPE_KEY", "Parameter.MY_CLUSTER_NAME", "Redis.cache"] } }
}
"#;

const MAIN: &str = r#"use sst_resources::ExposeSecret;

sst_resources::sst_resources!("bindings.json");

fn main() {
    if let Err(error) = run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), sst_resources::Error> {
    let key = Config::stripe_key()?.expose_secret();
    let redis = Redis::cache()?;
    println!("{} {} {} {}", key.len(), Config::my_cluster_name()?, redis.host, redis.password.expose_secret().len());
    Ok(())
}
"#;

#[test]
fn a_release_binary_built_with_secrets_in_its_environment_holds_none() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = root.join("target/secret-leak");
    let project = target.join(format!("function-{}", std::process::id()));
    std::fs::create_dir_all(project.join("src")).expect("the project's directory");
    let runtime = root.join("sst-resources").canonicalize().expect("the runtime crate");
    let cargo_toml = format!(
        "[package]\nname = \"leak-function\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsst-resources = {{ path = {:?}, default-features = false, features = [\"v2\"] }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(project.join("Cargo.toml"), cargo_toml).expect("Cargo.toml");
    std::fs::write(project.join("bindings.json"), MANIFEST).expect("bindings.json");
    std::fs::write(project.join("src/main.rs"), MAIN).expect("main.rs");
    // The workspace's versions of everything, so that nothing new is resolved.
    std::fs::copy(root.join("Cargo.lock"), project.join("Cargo.lock")).expect("Cargo.lock");

    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--quiet", "--target-dir"])
        .arg(&target)
        .current_dir(&project)
        .env("SST_APP", "leak-app")
        .env("SST_STAGE", "ci")
        .env("SST_Secret_value_STRIPE_KEY", STRIPE_KEY)
        .env("SST_Redis_password_cache", REDIS_PASSWORD)
        .env("SST_Redis_host_cache", "localhost")
        .env("SST_Parameter_value_MY_CLUSTER_NAME", CLUSTER)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the release build failed");
    let binary = target.join("release/leak-function");
    let bytes = std::fs::read(&binary).unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
    let _ = std::fs::remove_dir_all(&project);

    let holds = |text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    // The search finds what is there: the runtime's own words.
    assert!(holds("Please make sure it is bound to this function."));
    for value in [STRIPE_KEY, REDIS_PASSWORD, CLUSTER] {
        assert!(!holds(value), "{} holds {value}", binary.display());
    }
}
