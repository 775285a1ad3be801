//! `sst_resources::load()` against a real SSM server (moto, started by `scripts/with-moto`): what a
//! function sees after it, the calls it makes, and every fault, with its exact message.

use std::time::{Duration, Instant};

use sst_binding_protocol::names::{FETCH_FROM_SECRET, FETCH_FROM_SSM};
use sst_resources::testing::Values;
use sst_resources::{Error, ExposeSecret, SecretValue};
use sst_resources_tests::*;

/// The accessors of Secrets `S00`..`S49`.
type SecretAccessor = fn() -> Result<&'static SecretValue, Error>;
const MANY: [SecretAccessor; 50] = [
    Config::s00,
    Config::s01,
    Config::s02,
    Config::s03,
    Config::s04,
    Config::s05,
    Config::s06,
    Config::s07,
    Config::s08,
    Config::s09,
    Config::s10,
    Config::s11,
    Config::s12,
    Config::s13,
    Config::s14,
    Config::s15,
    Config::s16,
    Config::s17,
    Config::s18,
    Config::s19,
    Config::s20,
    Config::s21,
    Config::s22,
    Config::s23,
    Config::s24,
    Config::s25,
    Config::s26,
    Config::s27,
    Config::s28,
    Config::s29,
    Config::s30,
    Config::s31,
    Config::s32,
    Config::s33,
    Config::s34,
    Config::s35,
    Config::s36,
    Config::s37,
    Config::s38,
    Config::s39,
    Config::s40,
    Config::s41,
    Config::s42,
    Config::s43,
    Config::s44,
    Config::s45,
    Config::s46,
    Config::s47,
    Config::s48,
    Config::s49,
];

/// The id of Secret `S{i:02}`.
fn many_id(i: usize) -> String {
    format!("S{i:02}")
}

/// An app with `count` secrets `S00`.. stored at the stage (value `value-{i}`), bound as SST binds them.
async fn app_with_secrets(name: &str, count: usize) -> (String, Values) {
    let app = app_name(name);
    let stored: Vec<(String, String)> =
        (0..count).map(|i| (stage_path(&app, "Secret", &many_id(i), "value"), format!("value-{i}"))).collect();
    put_secrets(&admin_client().await, &stored).await;
    let mut values = Values::new(&app, STAGE);
    for i in 0..count {
        values = values.set("Secret", &many_id(i), "value", FETCH_FROM_SSM);
    }
    (app, values)
}

#[tokio::test]
async fn secrets_site_urls_and_custom_secrets_come_from_one_call() {
    needs!(Moto);
    let app = app_name("kinds");
    let admin = admin_client().await;
    put_secrets(
        &admin,
        &[
            (stage_path(&app, "Secret", "STRIPE_KEY", "value"), "sk_test_abc123".into()),
            (stage_path(&app, "Secret", "my-token", "value"), "token-1".into()),
            (stage_path(&app, "Redis", "cache", "password"), "hunter2".into()),
        ],
    )
    .await;
    put_strings(
        &admin,
        &[
            (stage_path(&app, "StaticSite", "site", "url"), "https://d111111abcdef8.cloudfront.net".into()),
            (stage_path(&app, "NextjsSite", "web", "url"), "https://web.example.com".into()),
        ],
    )
    .await;
    let values = Values::new(&app, STAGE)
        .set("Secret", "STRIPE_KEY", "value", FETCH_FROM_SSM)
        .set("Secret", "my-token", "value", FETCH_FROM_SSM)
        .set("StaticSite", "site", "url", FETCH_FROM_SSM)
        .set("NextjsSite", "web", "url", FETCH_FROM_SSM)
        .set("Redis", "cache", "host", "redis.internal")
        .set("Redis", "cache", "password", FETCH_FROM_SSM)
        .set("Parameter", "MY_CLUSTER_NAME", "value", "cluster-1")
        .set("Bucket", "myFiles", "bucketName", "my-files-bucket");
    let log = CallLog::new();
    let client = counting_client(&log).await;
    values
        .scope(async {
            assert_eq!(
                StaticSite::site().unwrap_err().to_string(),
                format!(
                    "Cannot use StaticSite.site yet: its value is stored in SSM at {} and has not been loaded. Call \
                     `sst_resources::load().await` once at cold start (in `main`, before `lambda_runtime::run`).",
                    stage_path(&app, "StaticSite", "site", "url")
                )
            );
            sst_resources::load_with(&client).await.unwrap();
            assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_test_abc123");
            // `my-token` is stored at `Secret/my_token/value`: `-` becomes `_` in paths too.
            assert_eq!(Config::my_token().unwrap().expose_secret(), "token-1");
            assert_eq!(StaticSite::site().unwrap().url, "https://d111111abcdef8.cloudfront.net");
            assert_eq!(NextjsSite::web().unwrap().url, "https://web.example.com");
            let redis = Redis::cache().unwrap();
            assert_eq!((redis.host, redis.password.expose_secret()), ("redis.internal", "hunter2"));
            assert_eq!(Config::my_cluster_name().unwrap(), "cluster-1");
            assert_eq!(Bucket::my_files().unwrap().bucket_name, "my-files-bucket");
        })
        .await;
    assert_eq!(log.attempts(), 1);
    assert_eq!(log.names_per_call(), [5]);
}

#[tokio::test]
async fn load_with_the_default_client_reads_the_endpoint_from_the_environment() {
    needs!(Moto);
    let (_, values) = app_with_secrets("default-client", 3).await;
    values
        .scope(async {
            sst_resources::load().await.unwrap();
            assert_eq!(Config::s00().unwrap().expose_secret(), "value-0");
            assert_eq!(Config::s02().unwrap().expose_secret(), "value-2");
        })
        .await;
}

#[tokio::test]
async fn more_than_ten_values_are_fetched_ten_a_call_all_at_once() {
    needs!(Moto);
    let (_, values) = app_with_secrets("batching", 25).await;
    let log = CallLog::new();
    let client = counting_client(&log).await;
    values
        .scope(async {
            sst_resources::load_with(&client).await.unwrap();
            for (i, accessor) in MANY.iter().enumerate().take(25) {
                assert_eq!(accessor().unwrap().expose_secret(), format!("value-{i}"));
            }
            assert!(Config::s25().is_err(), "S25 is not bound in this test");
        })
        .await;
    let mut names = log.names_per_call();
    names.sort_unstable();
    assert_eq!(names, [5, 10, 10]);
    assert!(log.max_in_flight() > 1, "the 3 calls ran one after the other (max in flight {})", log.max_in_flight());
}

#[tokio::test]
async fn secrets_the_stage_lacks_are_read_from_the_fallback() {
    needs!(Moto);
    let app = app_name("fallback");
    let admin = admin_client().await;
    put_secrets(
        &admin,
        &[
            (fallback_path(&app, "STRIPE_KEY"), "sk_fallback".into()),
            (stage_path(&app, "Secret", "S00", "value"), "stage value".into()),
            (fallback_path(&app, "S00"), "fallback value".into()),
            (fallback_path(&app, "my-token"), "token-fallback".into()),
        ],
    )
    .await;
    let values = Values::new(&app, STAGE)
        .set("Secret", "STRIPE_KEY", "value", FETCH_FROM_SSM)
        .set("Secret", "S00", "value", FETCH_FROM_SSM)
        .set("Secret", "my-token", "value", FETCH_FROM_SSM);
    let log = CallLog::new();
    let client = counting_client(&log).await;
    values
        .scope(async {
            sst_resources::load_with(&client).await.unwrap();
            assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_fallback");
            // A stage's own value wins over the fallback.
            assert_eq!(Config::s00().unwrap().expose_secret(), "stage value");
            assert_eq!(Config::my_token().unwrap().expose_secret(), "token-fallback");
        })
        .await;
    // The stage's 3 names, then the fallback of the 2 it lacks.
    assert_eq!(log.names_per_call(), [3, 2]);
}

#[tokio::test]
async fn the_fallback_is_under_sst_whatever_the_prefix() {
    needs!(Moto);
    let app = app_name("prefix");
    let prefix = format!("/custom/{app}/");
    let admin = admin_client().await;
    put_strings(&admin, &[(format!("{prefix}StaticSite/site/url"), "https://custom.example.com".into())]).await;
    put_secrets(&admin, &[(fallback_path(&app, "STRIPE_KEY"), "sk_fallback".into())]).await;
    let values = Values::new(&app, STAGE).ssm_prefix(&prefix).set("StaticSite", "site", "url", FETCH_FROM_SSM).set(
        "Secret",
        "STRIPE_KEY",
        "value",
        FETCH_FROM_SSM,
    );
    let client = counting_client(&CallLog::new()).await;
    values
        .scope(async {
            sst_resources::load_with(&client).await.unwrap();
            assert_eq!(StaticSite::site().unwrap().url, "https://custom.example.com");
            assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_fallback");
        })
        .await;
}

#[tokio::test]
async fn a_secret_reference_reads_the_loaded_secret() {
    needs!(Moto);
    let app = app_name("reference");
    put_secrets(&admin_client().await, &[(fallback_path(&app, "STRIPE_KEY"), "sk_shared".into())]).await;
    let reference = format!("{FETCH_FROM_SECRET}STRIPE_KEY");
    let values = Values::new(&app, STAGE)
        .set("Secret", "STRIPE_KEY", "value", FETCH_FROM_SSM)
        .set("Secret", "DB_PASSWORD", "value", &reference)
        .set("Redis", "cache", "host", "redis.internal")
        .set("Redis", "cache", "password", &reference);
    let log = CallLog::new();
    let client = counting_client(&log).await;
    values
        .scope(async {
            sst_resources::load_with(&client).await.unwrap();
            assert_eq!(Config::db_password().unwrap().expose_secret(), "sk_shared");
            assert_eq!(Redis::cache().unwrap().password.expose_secret(), "sk_shared");
        })
        .await;
    // Only the secret itself is fetched (at the stage, then at the fallback).
    assert_eq!(log.names_per_call(), [1, 1]);
}

#[tokio::test]
async fn secrets_set_nowhere_are_one_error_and_a_later_load_retries() {
    needs!(Moto);
    let (app, values) = app_with_secrets("missing", 1).await;
    let values = values
        .set("Secret", "STRIPE_KEY", "value", FETCH_FROM_SSM)
        .set("Secret", "my-token", "value", FETCH_FROM_SSM)
        .set("StaticSite", "site", "url", FETCH_FROM_SSM)
        .shared();
    let admin = admin_client().await;
    values
        .scope(async {
            let error = sst_resources::load().await.unwrap_err();
            assert_eq!(
                error.to_string(),
                "The following secret values are not set in the \"ci stage\": STRIPE_KEY, my_token"
            );
            assert!(matches!(&error, Error::SecretsNotSet { stage, names } if stage == "ci" && names.len() == 2));
            // A failed load keeps nothing.
            assert!(matches!(Config::s00(), Err(Error::NotLoaded { .. })));

            put_secrets(
                &admin,
                &[
                    (stage_path(&app, "Secret", "STRIPE_KEY", "value"), "sk_now_set".into()),
                    (fallback_path(&app, "my-token"), "token".into()),
                ],
            )
            .await;
            sst_resources::load().await.unwrap();
            assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_now_set");
            assert_eq!(Config::s00().unwrap().expose_secret(), "value-0");
            // A site URL SSM does not have is not a load error (as in SST), but its accessor says so.
            assert_eq!(
                StaticSite::site().unwrap_err().to_string(),
                format!(
                    "Cannot use StaticSite.site: its value is stored in SSM at {}, and that parameter does not \
                     exist. Deploy the app (SST writes it when it deploys the StaticSite), or check SST_SSM_PREFIX.",
                    stage_path(&app, "StaticSite", "site", "url")
                )
            );
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_loads_fetch_once_and_later_loads_are_free() {
    needs!(Moto);
    let (app, values) = app_with_secrets("single-flight", 12).await;
    let values = values.shared();
    let log = CallLog::new();
    let client = counting_client(&log).await;
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(values.scope(async move {
                sst_resources::load_with(&client).await?;
                Ok::<_, Error>(Config::s11()?.expose_secret().to_owned())
            }))
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), "value-11");
    }
    assert_eq!(log.attempts(), 2, "12 names are 2 calls, for all 32 tasks");
    // The values are gone from SSM: a later load that fetched again would fail. `load()` makes a client of
    // its own, which counts nothing; that it succeeds says it made no call.
    let paths: Vec<String> = (0..12).map(|i| stage_path(&app, "Secret", &many_id(i), "value")).collect();
    delete_parameters(&admin_client().await, &paths).await;
    values.scope(sst_resources::load_with(&client)).await.unwrap();
    values.scope(sst_resources::load()).await.unwrap();
    assert_eq!(log.attempts(), 2, "a later load made a call");
    values.run(|| assert_eq!(Config::s11().unwrap().expose_secret(), "value-11"));
}

#[tokio::test]
async fn nothing_to_fetch_makes_no_call() {
    needs!(Moto);
    let values = Values::new(&app_name("nothing"), STAGE).set("Bucket", "myFiles", "bucketName", "b");
    let log = CallLog::new();
    let client = counting_client(&log).await;
    values.scope(sst_resources::load_with(&client)).await.unwrap();
    Values::without_app().scope(sst_resources::load()).await.unwrap();
    assert_eq!(log.attempts(), 0);
}

#[tokio::test]
async fn ssm_down_is_a_named_error_after_every_attempt() {
    needs!(Moto);
    let (_, values) = app_with_secrets("down", 1).await;
    let log = CallLog::new();
    let client = counting_client_at(&log, &format!("http://127.0.0.1:{}", closed_port())).await;
    let started = Instant::now();
    let error = values.scope(sst_resources::load_with(&client)).await.unwrap_err();
    let elapsed = started.elapsed();
    let text = error.to_string();
    let region = std::env::var("AWS_REGION").unwrap();
    let start = format!("Cannot load values from SSM: SSM in {region} could not be reached (");
    assert!(text.starts_with(&start), "{text}");
    assert!(
        text.ends_with("). Check the network: a Lambda function in a VPC needs a NAT gateway or an SSM VPC endpoint."),
        "{text}"
    );
    assert!(matches!(error, Error::SsmUnreachable { .. }));
    // A refused connection is retried: every attempt, each refused at once, with backoff between them.
    assert_eq!(log.attempts(), sst_resources::ssm::MAX_ATTEMPTS as usize);
    println!("SSM down (connection refused): {text} after {} attempts, {elapsed:?}", log.attempts());
}

#[tokio::test]
async fn ssm_that_never_answers_times_out() {
    needs!(Moto);
    let (_, values) = app_with_secrets("silent", 1).await;
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let log = CallLog::new();
    let client = counting_client_at(&log, &format!("http://127.0.0.1:{port}")).await;
    let started = Instant::now();
    let error = values.scope(sst_resources::load_with(&client)).await.unwrap_err();
    let elapsed = started.elapsed();
    holder.abort();
    assert!(
        matches!(&error, Error::SsmUnreachable { detail, .. } if detail.contains("timeout")),
        "not a timeout: {error:?}"
    );
    // The operation timeout, not the retries, ends the call: it cuts the last attempt short.
    assert_eq!(log.attempts(), attempts_within_the_operation_timeout());
    println!("SSM silent: {error} after {} attempts, {elapsed:?}", log.attempts());
}

/// The attempts a call to an SSM that never answers makes: each attempt waits out its timeout, a retry
/// waits its backoff first, and attempts start until the operation timeout or the last attempt. The
/// backoff is random up to a bound (`INITIAL_BACKOFF`, doubled each retry, at most `MAX_BACKOFF`); the
/// constants are such that the count is the same without backoff and with the longest.
fn attempts_within_the_operation_timeout() -> usize {
    use sst_resources::ssm::{
        INITIAL_BACKOFF, MAX_ATTEMPTS, MAX_BACKOFF, OPERATION_ATTEMPT_TIMEOUT, OPERATION_TIMEOUT,
    };
    let attempts = |backoff: &dyn Fn(u32) -> Duration| {
        let (mut attempts, mut start) = (1, Duration::ZERO);
        while attempts < MAX_ATTEMPTS {
            start += OPERATION_ATTEMPT_TIMEOUT + backoff(attempts);
            if start >= OPERATION_TIMEOUT {
                break;
            }
            attempts += 1;
        }
        attempts as usize
    };
    let (fewest, most) =
        (attempts(&|retry| (INITIAL_BACKOFF * 2u32.pow(retry - 1)).min(MAX_BACKOFF)), attempts(&|_| Duration::ZERO));
    assert_eq!(fewest, most, "with these timeouts the number of attempts depends on the backoff's jitter");
    most
}

#[tokio::test]
async fn throttling_is_retried_with_backoff() {
    needs!(Moto);
    let (_, values) = app_with_secrets("throttled-twice", 2).await;
    let log = CallLog::new();
    let client = faulty_client(&log, Fault::Throttling, 2).await;
    values
        .scope(async {
            sst_resources::load_with(&client).await.unwrap();
            assert_eq!(Config::s01().unwrap().expose_secret(), "value-1");
        })
        .await;
    assert_eq!(log.attempts(), 3);
}

#[tokio::test]
async fn throttling_after_the_last_retry_says_ssm_throttled() {
    needs!(Moto);
    let (_, values) = app_with_secrets("throttled", 2).await;
    let log = CallLog::new();
    let client = faulty_client(&log, Fault::Throttling, usize::MAX).await;
    let error = values.scope(sst_resources::load_with(&client)).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "Cannot load values from SSM: SSM throttled the requests (ThrottlingException) and still did after 5 \
         attempts with backoff. SSM allows 40 GetParameters calls a second per account and region by default: \
         spread cold starts out, or raise the Parameter Store throughput."
    );
    assert_eq!(log.attempts(), sst_resources::ssm::MAX_ATTEMPTS as usize);
}

#[tokio::test]
async fn a_malformed_answer_is_a_named_error() {
    needs!(Moto);
    let (_, values) = app_with_secrets("malformed", 2).await;
    let client = faulty_client(&CallLog::new(), Fault::Malformed, usize::MAX).await;
    let error = values.scope(sst_resources::load_with(&client)).await.unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, Error::SsmMalformedResponse { .. }), "{error:?}");
    assert!(text.starts_with("Cannot load values from SSM: its answer could not be read ("), "{text}");
    assert!(!text.contains("value-"), "{text}");
}

#[tokio::test]
async fn no_region_is_a_named_error() {
    needs!(Moto);
    let (_, values) = app_with_secrets("no-region", 1).await;
    let mut config = sst_resources::ssm::config().await.to_builder();
    config.set_region(None);
    let client = aws_sdk_ssm::Client::from_conf(config.build());
    let error = values.scope(sst_resources::load_with(&client)).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "Cannot load values from SSM: no AWS region is set. Set SST_REGION (or AWS_REGION, or a region in the AWS \
         profile)."
    );
}

/// moto enforces IAM per action (not per resource): a user with no policy is refused `GetParameters`.
#[tokio::test]
async fn access_denied_names_the_paths_and_the_permission() {
    needs!(Moto);
    let app = app_name("denied");
    let moto = OwnMoto::start();
    let config = sst_resources::ssm::config().await.to_builder().endpoint_url(&moto.endpoint).build();
    let admin = aws_sdk_ssm::Client::from_conf(config.clone());
    let paths = [stage_path(&app, "Secret", "S00", "value"), stage_path(&app, "Secret", "S01", "value")];
    put_secrets(&admin, &[(paths[0].clone(), "a".into()), (paths[1].clone(), "b".into())]).await;
    let (key, secret) = moto.user_without_permissions("function-role");
    let credentials = aws_sdk_ssm::config::Credentials::new(key, secret, None, None, "test");
    let log = CallLog::new();
    let client = count_calls(config.to_builder().credentials_provider(credentials), &log);
    let values = Values::new(&app, STAGE).set("Secret", "S00", "value", FETCH_FROM_SSM).set(
        "Secret",
        "S01",
        "value",
        FETCH_FROM_SSM,
    );
    let error = values.scope(sst_resources::load_with(&client)).await.unwrap_err();
    assert_eq!(log.attempts(), 1, "access denied is not retried");
    assert_eq!(
        error.to_string(),
        format!(
            "Cannot load values from SSM: access denied. The function's role needs `ssm:GetParameters` on {}, {} \
             (binding the resources to the function grants it). SSM said: User: \
             arn:aws:iam::123456789012:user/function-role is not authorized to perform: ssm:GetParameters",
            paths[0], paths[1]
        )
    );
}

/// The measure the issue asks for: 50 secrets, 5 calls of 10 at once.
#[tokio::test]
async fn fifty_secrets_are_five_concurrent_calls() {
    needs!(Moto);
    let (_, values) = app_with_secrets("fifty", 50).await;
    let log = CallLog::new();
    let client = counting_client(&log).await;
    let started = Instant::now();
    values
        .scope(async {
            sst_resources::load_with(&client).await.unwrap();
            let elapsed = started.elapsed();
            for (i, accessor) in MANY.iter().enumerate() {
                assert_eq!(accessor().unwrap().expose_secret(), format!("value-{i}"));
            }
            println!(
                "50 secrets: {} GetParameters calls ({:?} names, at most {} in flight), load took {elapsed:?}",
                log.attempts(),
                log.names_per_call(),
                log.max_in_flight()
            );
        })
        .await;
    assert_eq!(log.names_per_call(), [10; 5]);
    assert!(log.max_in_flight() > 1);
}

/// `load()` in a process whose environment is set as Lambda sets it (a child of this test binary, so
/// that no test mutates its own environment): `SST_REGION` and `AWS_ENDPOINT_URL` are honoured; SSM down
/// and no credentials at all are named errors.
#[test]
fn the_process_environment_is_loaded() {
    needs!(Moto);
    let child = std::env::var("SST_RESOURCES_CHILD").ok();
    match child.as_deref() {
        Some("load") => {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(sst_resources::load()).unwrap();
            assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_process");
            assert_eq!(StaticSite::site().unwrap().url, "https://process.example.com");
            return;
        }
        Some("down") => {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let error = runtime.block_on(sst_resources::load()).unwrap_err();
            let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap();
            let start = format!("Cannot load values from SSM: SSM in eu-west-3 at {endpoint} could not be reached (");
            assert!(error.to_string().starts_with(&start), "{error}");
            return;
        }
        Some("no-credentials") => {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let error = runtime.block_on(sst_resources::load()).unwrap_err();
            let text = error.to_string();
            assert!(matches!(error, Error::SsmCredentials { .. }), "{error:?}");
            assert!(text.starts_with("Cannot load values from SSM: no AWS credentials ("), "{text}");
            assert!(
                text.ends_with(
                    "). In Lambda, the function's role gives them; elsewhere set AWS_ACCESS_KEY_ID and \
                     AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after `aws sso login` for an SSO profile)."
                ),
                "{text}"
            );
            println!("no credentials: {text}");
            return;
        }
        _ => {}
    }
    let app = app_name("process");
    // moto keeps one store per region: the values are in eu-west-3 only, which `SST_REGION` names and
    // the child's `AWS_REGION` does not.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let config =
            sst_resources::ssm::config().await.to_builder().region(aws_sdk_ssm::config::Region::new("eu-west-3"));
        let admin = aws_sdk_ssm::Client::from_conf(config.build());
        put_secrets(&admin, &[(stage_path(&app, "Secret", "STRIPE_KEY", "value"), "sk_process".into())]).await;
        put_strings(&admin, &[(stage_path(&app, "StaticSite", "site", "url"), "https://process.example.com".into())])
            .await;
    });
    let run = |mode: &str, endpoint: &str| {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        if mode == "no-credentials" {
            let nowhere = "/nonexistent/sst-resources-tests";
            child
                .env_remove("AWS_ACCESS_KEY_ID")
                .env_remove("AWS_SECRET_ACCESS_KEY")
                .env_remove("AWS_SESSION_TOKEN")
                .env_remove("AWS_PROFILE")
                .env("HOME", nowhere)
                .env("AWS_CONFIG_FILE", nowhere)
                .env("AWS_SHARED_CREDENTIALS_FILE", nowhere)
                .env("AWS_EC2_METADATA_DISABLED", "true");
        }
        let status = child
            .args(["--exact", "the_process_environment_is_loaded", "--nocapture"])
            .env("SST_RESOURCES_CHILD", mode)
            .env("SST_APP", &app)
            .env("SST_STAGE", STAGE)
            .env("SST_REGION", "eu-west-3")
            .env("AWS_REGION", "us-west-2")
            .env("AWS_ENDPOINT_URL", endpoint)
            .env("SST_Secret_value_STRIPE_KEY", FETCH_FROM_SSM)
            .env("SST_StaticSite_url_site", FETCH_FROM_SSM)
            .status()
            .unwrap();
        assert!(status.success(), "the child process `{mode}` failed");
    };
    run("load", &moto_endpoint());
    run("down", &format!("http://127.0.0.1:{}", closed_port()));
    // Without credentials the call fails before it connects: an SSM that only listens sees no connection.
    let ssm = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    run("no-credentials", &format!("http://{}", ssm.local_addr().unwrap()));
    // A connection the child made waits in the listener's backlog, even after the child has exited.
    ssm.set_nonblocking(true).unwrap();
    match ssm.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, from)) => panic!("the load without credentials connected to SSM (from {from})"),
        Err(e) => panic!("cannot accept on the listening SSM: {e}"),
    }
}
