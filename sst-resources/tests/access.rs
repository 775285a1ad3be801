//! What a user sees when reading bound values: the values themselves, and every error, with test
//! values given in-process.

use sst_resources::testing::Values;
use sst_resources::{Error, ExposeSecret};

sst_resources::sst_resources!("tests/bindings.json", function = "api");

fn app() -> Values {
    Values::new("my-sst-app", "test")
}

#[test]
fn plain_values_are_read_as_sst_sets_them() {
    let values = app()
        .set("Bucket", "myFiles", "bucketName", "my-files-bucket-1234")
        .set("Bucket", "my-uploads", "bucketName", "uploads-bucket")
        .set("Parameter", "MY_CLUSTER_NAME", "value", "cluster-1");
    values.run(|| {
        assert_eq!(Bucket::my_files().unwrap().bucket_name, "my-files-bucket-1234");
        // `my-uploads` is read from `SST_Bucket_bucketName_my_uploads`: `-` becomes `_`.
        assert_eq!(Bucket::my_uploads().unwrap().bucket_name, "uploads-bucket");
        assert_eq!(Config::my_cluster_name().unwrap(), "cluster-1");
        assert_eq!(Config::app().unwrap(), "my-sst-app");
        assert_eq!(Config::stage().unwrap(), "test");
    });
}

#[test]
fn a_resource_is_built_once_and_cached() {
    app().set("Bucket", "myFiles", "bucketName", "b").run(|| {
        let first = Bucket::my_files().unwrap();
        let second = Bucket::my_files().unwrap();
        assert!(std::ptr::eq(first, second));
    });
}

#[test]
fn a_missing_variable_reads_as_unbound() {
    let error = app().run(|| Table::orders().unwrap_err());
    assert_eq!(error.to_string(), "Cannot use Table.orders. Please make sure it is bound to this function.");
    assert!(matches!(&error, Error::Unbound { env_var, .. } if env_var == "SST_Table_tableName_orders"));
    let error = app().run(|| Config::stripe_key().unwrap_err());
    assert_eq!(error.to_string(), "Cannot use Config.STRIPE_KEY. Please make sure it is bound to this function.");
}

#[test]
fn no_app_means_no_bindings() {
    let values = Values::without_app().set("Bucket", "myFiles", "bucketName", "b");
    let error = values.run(|| Bucket::my_files().unwrap_err());
    let text = error.to_string();
    assert!(text.starts_with("Cannot access bound resources. "), "{text}");
    assert!(text.contains("sst-resources bind -- <command>"), "{text}");
    assert!(Values::without_app().run(Config::app).is_err());
}

#[test]
fn secrets_are_read_and_never_shown() {
    let values = app()
        .set("Secret", "STRIPE_KEY", "value", "sk_test_abc123")
        .set("Redis", "cache", "host", "localhost")
        .set("Redis", "cache", "port", "6379")
        .set("Redis", "cache", "password", "hunter2");
    values.run(|| {
        let key = Config::stripe_key().unwrap();
        assert_eq!(key.expose_secret(), "sk_test_abc123");
        assert_eq!(format!("{key}"), "[REDACTED]");
        assert!(!format!("{key:?}").contains("sk_test"));
        let redis = Redis::cache().unwrap();
        assert_eq!((redis.host, redis.port), ("localhost", "6379"));
        assert_eq!(redis.password.expose_secret(), "hunter2");
        let shown = format!("{redis:?}");
        assert!(shown.contains("localhost") && !shown.contains("hunter2"), "{shown}");
    });
}

#[cfg(feature = "ssm")]
#[test]
fn a_value_kept_in_ssm_needs_load_first() {
    let values = app().set("Secret", "STRIPE_KEY", "value", "__FETCH_FROM_SSM__");
    let error = values.run(|| Config::stripe_key().unwrap_err());
    assert_eq!(
        error.to_string(),
        "Cannot use Config.STRIPE_KEY yet: its value is stored in SSM at /sst/my-sst-app/test/Secret/STRIPE_KEY/value \
         and has not been loaded. Call `sst_resources::load().await` once at cold start (in `main`, before \
         `lambda_runtime::run`)."
    );
    // A reference to a secret kept in SSM names where that secret lives.
    let values = app().set("Secret", "DB_PASSWORD", "value", "__FETCH_FROM_SECRET__:STRIPE_KEY").set(
        "Secret",
        "STRIPE_KEY",
        "value",
        "__FETCH_FROM_SSM__",
    );
    let error = values.run(|| Config::db_password().unwrap_err());
    assert!(error.to_string().starts_with("Cannot use Config.DB_PASSWORD yet: its value is stored in SSM at /sst/my-sst-app/test/Secret/STRIPE_KEY/value "), "{error}");
    let values = app().ssm_prefix("/custom/").set("StaticSite", "site", "url", "__FETCH_FROM_SSM__");
    let error = values.run(|| StaticSite::site().unwrap_err());
    assert!(error.to_string().contains("stored in SSM at /custom/StaticSite/site/url"), "{error}");
}

/// Without the `ssm` feature, a value kept in SSM says which feature to enable.
#[cfg(not(feature = "ssm"))]
#[test]
fn a_value_kept_in_ssm_needs_the_ssm_feature() {
    let values = app().set("Secret", "STRIPE_KEY", "value", "__FETCH_FROM_SSM__");
    let error = values.run(|| Config::stripe_key().unwrap_err());
    assert!(matches!(error, Error::SsmDisabled { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "Cannot use Config.STRIPE_KEY: its value is stored in SSM at /sst/my-sst-app/test/Secret/STRIPE_KEY/value, \
         and sst-resources was built without its `ssm` feature. Enable it: `sst-resources = { version = \"0.1\", \
         features = [\"ssm\"] }`."
    );
}

#[cfg(feature = "ssm")]
#[test]
fn values_fetched_from_ssm_are_read_after_load() {
    let values = app().fetched("Secret", "STRIPE_KEY", "value", "sk_live").fetched(
        "StaticSite",
        "site",
        "url",
        "https://example.com",
    );
    values.run(|| {
        assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_live");
        assert_eq!(StaticSite::site().unwrap().url, "https://example.com");
    });
}

#[test]
fn a_secret_reference_reads_the_secret() {
    let values = app().set("Secret", "DB_PASSWORD", "value", "__FETCH_FROM_SECRET__:STRIPE_KEY").set(
        "Secret",
        "STRIPE_KEY",
        "value",
        "sk_test_abc123",
    );
    values.run(|| assert_eq!(Config::db_password().unwrap().expose_secret(), "sk_test_abc123"));
    let dangling = app().set("Secret", "DB_PASSWORD", "value", "__FETCH_FROM_SECRET__:NOPE");
    let error = dangling.run(|| Config::db_password().unwrap_err());
    assert!(error.to_string().starts_with("Cannot use Config.DB_PASSWORD: it takes its value from Secret `NOPE`"));
}

#[test]
fn scopes_are_per_test_and_nest() {
    let outer = app().set("Bucket", "myFiles", "bucketName", "outer");
    outer.run(|| {
        assert_eq!(Bucket::my_files().unwrap().bucket_name, "outer");
        app().set("Bucket", "myFiles", "bucketName", "inner").run(|| {
            assert_eq!(Bucket::my_files().unwrap().bucket_name, "inner");
        });
        assert_eq!(Bucket::my_files().unwrap().bucket_name, "outer");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scoped_future_sees_its_values_on_any_thread() {
    let values = app().set("Bucket", "myFiles", "bucketName", "async-bucket");
    let name = values
        .scope(async {
            tokio::task::yield_now().await;
            Bucket::my_files().map(|b| b.bucket_name)
        })
        .await;
    assert_eq!(name.unwrap(), "async-bucket");
}

#[test]
fn generated_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<BucketProps>();
    assert_send_sync::<RedisProps>();
    assert_send_sync::<sst_resources::SecretValue>();
    assert_send_sync::<Error>();
}

/// The process environment, as Lambda sets it: read in a child process of this test binary, so that
/// no test mutates its own environment.
#[test]
fn the_process_environment_is_read_as_sst_sets_it() {
    if std::env::var_os("SST_RESOURCES_CHILD").is_some() {
        assert_eq!(Bucket::my_files().unwrap().bucket_name, "env-bucket");
        assert_eq!(Bucket::my_uploads().unwrap().bucket_name, "env-uploads");
        assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_env");
        assert_eq!(
            Table::orders().unwrap_err().to_string(),
            "Cannot use Table.orders. Please make sure it is bound to this function."
        );
        return;
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "the_process_environment_is_read_as_sst_sets_it", "--nocapture"])
        .env("SST_RESOURCES_CHILD", "1")
        .env("SST_APP", "my-sst-app")
        .env("SST_STAGE", "prod")
        .env("SST_Bucket_bucketName_myFiles", "env-bucket")
        .env("SST_Bucket_bucketName_my_uploads", "env-uploads")
        .env("SST_Secret_value_STRIPE_KEY", "sk_env")
        .env_remove("SST_Table_tableName_orders")
        .output()
        .unwrap();
    assert!(
        child.status.success(),
        "{}{}",
        String::from_utf8_lossy(&child.stdout),
        String::from_utf8_lossy(&child.stderr)
    );
}

#[test]
fn auth_as_the_newer_and_the_older_sst_bind_it() {
    // SST's newer `Auth` (sst/constructs/future): `publicKey` refers to its Secret `{id}PublicKey`, `url`
    // is plain, and `AUTH_ID` holds its id; `bind` passes the Secret's real value.
    let newer = app()
        .set("Auth", "auth", "publicKey", "__FETCH_FROM_SECRET__:authPublicKey")
        .set("Auth", "auth", "url", "https://auth.example.com")
        .set("Secret", "authPublicKey", "value", "pk-newer")
        .auth_id("auth");
    newer.run(|| {
        let auth = Auth::auth().unwrap();
        assert_eq!(auth.public_key.expose_secret(), "pk-newer");
        assert_eq!(auth.url, Some("https://auth.example.com"));
        assert_eq!(auth.auth_id, Some("auth"));
        assert!(!format!("{auth:?}").contains("pk-newer"));
    });
    // The older `Auth`: `publicKey` is a secret of its own, and there is no `url` nor `AUTH_ID`.
    let older = app().set("Auth", "legacy", "publicKey", "pk-older");
    older.run(|| {
        let auth = Auth::legacy().unwrap();
        assert_eq!(auth.public_key.expose_secret(), "pk-older");
        assert_eq!((auth.url, auth.auth_id), (None, None));
        // Unbound is still unbound.
        let error = Auth::auth().unwrap_err();
        assert_eq!(error.to_string(), "Cannot use Auth.auth. Please make sure it is bound to this function.");
    });
}
