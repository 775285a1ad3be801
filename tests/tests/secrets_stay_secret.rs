//! Secret values never show in what the runtime prints: every error path it has is driven with
//! distinctive secret values (against moto, and SSM down), and everything it produced — `Display` and
//! `Debug` of errors and values, panic messages, and every log line of the AWS SDK at TRACE level — is
//! searched for them. A release binary built with secrets in its environment holds none of them either.

use std::io::Write;
use std::sync::{Arc, Mutex};

use sst_binding_protocol::names::{FETCH_FROM_SECRET, FETCH_FROM_SSM};
use sst_resources::testing::Values;
use sst_resources_tests::*;

/// The secret values: each appears nowhere but in SSM or in a test scope.
const STAGE_SECRET: &str = "stage-secret-Q7xv93Kd";
const FALLBACK_SECRET: &str = "fallback-secret-Zp41mN8w";
const SCOPE_SECRET: &str = "scope-secret-Hc62Lr0t";
const REDIS_SECRET: &str = "redis-secret-Vb58Tq3y";

/// What a subscriber wrote: every log line of the process while the test runs.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the runtime printed, to search.
#[derive(Default)]
struct Output(Vec<String>);

impl Output {
    fn add(&mut self, what: &str, value: &(impl std::fmt::Debug + ?Sized)) {
        self.0.push(format!("{what}: {value:?}"));
    }

    fn error(&mut self, what: &str, error: &sst_resources::Error) {
        self.0.push(format!("{what}: {error} / {error:?}"));
    }

    /// A panic's message, as a user's `unwrap()` or `?` in `main` would print it.
    fn panic_of(&mut self, what: &str, f: impl FnOnce()) {
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).expect_err("the call panics");
        let message =
            payload.downcast_ref::<String>().cloned().or(payload.downcast_ref::<&str>().map(|s| s.to_string()));
        self.0.push(format!("{what}: panicked: {}", message.unwrap_or_default()));
    }
}

#[test]
fn no_error_value_panic_or_log_line_of_the_runtime_holds_a_secret() {
    needs!(Moto);
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut out = Output::default();

    let app = app_name("leak");
    runtime.block_on(async {
        let admin = admin_client().await;
        put_secrets(&admin, &[(stage_path(&app, "Secret", "STRIPE_KEY", "value"), STAGE_SECRET.into())]).await;
        put_secrets(&admin, &[(stage_path(&app, "Redis", "cache", "password"), REDIS_SECRET.into())]).await;
        put_secrets(&admin, &[(fallback_path(&app, "DB_PASSWORD"), FALLBACK_SECRET.into())]).await;
    });
    let bound = || {
        Values::new(&app, STAGE)
            .set("Secret", "STRIPE_KEY", "value", FETCH_FROM_SSM)
            .set("Secret", "DB_PASSWORD", "value", FETCH_FROM_SSM)
            .set("Redis", "cache", "host", "localhost")
            .set("Redis", "cache", "password", FETCH_FROM_SSM)
            .set("Secret", "my-token", "value", format!("{FETCH_FROM_SECRET}STRIPE_KEY"))
    };

    // Before load(): every accessor of a value in SSM says to call it.
    let before = bound().shared();
    out.add("values", &before);
    before.run(|| {
        out.error("before load", &Config::stripe_key().expect_err("not loaded"));
        out.error("reference before load", &Config::my_token().expect_err("not loaded"));
        out.error("custom before load", &Redis::cache().expect_err("not loaded"));
    });
    out.panic_of("unwrap before load", move || {
        let _ = before.run(|| Config::stripe_key().unwrap());
    });

    // A load that finds everything: the values, their Debug, and the Debug of what holds them.
    let loaded = bound().shared();
    runtime.block_on(loaded.scope(sst_resources::load())).expect("load() finds every secret");
    loaded.run(|| {
        assert_eq!(sst_resources::ExposeSecret::expose_secret(Config::stripe_key().unwrap()), STAGE_SECRET);
        out.add("secret", Config::stripe_key().unwrap());
        out.0.push(format!("secret shown: {}", Config::stripe_key().unwrap()));
        out.add("fallback secret", Config::db_password().unwrap());
        out.add("reference", Config::my_token().unwrap());
        out.add("custom kind", Redis::cache().unwrap());
        out.error("unbound", &Bucket::my_files().expect_err("not bound"));
    });
    out.add("loaded values", &loaded);

    // A secret set nowhere, next to ones that are: the error names it only.
    let missing = bound().set("Secret", "S00", "value", FETCH_FROM_SSM);
    let error = runtime.block_on(missing.scope(sst_resources::load())).expect_err("S00 is set nowhere");
    out.error("not set", &error);

    // A reference to a secret that is not bound, in a scope with a secret value of its own.
    Values::new(&app, STAGE)
        .set("Secret", "STRIPE_KEY", "value", SCOPE_SECRET)
        .set("Secret", "my-token", "value", format!("{FETCH_FROM_SECRET}DB_PASSWORD"))
        .run(|| out.error("unbound reference", &Config::my_token().expect_err("DB_PASSWORD is not bound")));

    // SSM answering garbage, and SSM down.
    let malformed = runtime.block_on(async {
        let client = faulty_client(&CallLog::new(), Fault::Malformed, usize::MAX).await;
        bound().scope(sst_resources::load_with(&client)).await.expect_err("a malformed answer")
    });
    out.error("malformed", &malformed);
    let down = runtime.block_on(async {
        let config =
            sst_resources::ssm::config().await.to_builder().endpoint_url(format!("http://127.0.0.1:{}", closed_port()));
        bound()
            .scope(sst_resources::load_with(&aws_sdk_ssm::Client::from_conf(config.build())))
            .await
            .expect_err("down")
    });
    out.error("down", &down);

    let logged = String::from_utf8_lossy(&logs.0.lock().expect("the log")).into_owned();
    assert!(logged.contains("GetParameters"), "the SDK logged nothing at TRACE: the search would prove nothing");
    let printed = out.0.join("\n");
    for secret in [STAGE_SECRET, FALLBACK_SECRET, SCOPE_SECRET, REDIS_SECRET] {
        assert!(!printed.contains(secret), "the runtime printed {secret}:\n{printed}");
        assert!(!logged.contains(secret), "a log line holds {secret}");
    }
    // The searches looked at the paths: each error is there.
    for expected in
        ["Please make sure it is bound", "has not been loaded", "S00", "DB_PASSWORD", "could not be reached"]
    {
        assert!(printed.contains(expected), "{expected} is not in what was searched:\n{printed}");
    }
    println!("searched {} lines of output and {} bytes of logs", out.0.len(), logged.len());
}
