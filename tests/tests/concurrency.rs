//! A thousand tasks of a multi-threaded runtime call `load()` and the accessors at once while SSM
//! answers slowly (moto behind `SlowProxy`): one fetch, and every task sees the same values.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sst_binding_protocol::names::{FETCH_FROM_SECRET, FETCH_FROM_SSM};
use sst_resources::testing::Values;
use sst_resources::{Error, ExposeSecret};
use sst_resources_tests::latency::SlowProxy;
use sst_resources_tests::*;

const TASKS: usize = 1_000;

/// What one task read.
type Seen = (String, String, String, String, &'static str);

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn a_thousand_concurrent_loads_make_one_fetch_and_see_the_same_values() {
    needs!(Moto);
    let app = app_name("thousand");
    let admin = admin_client().await;
    put_secrets(
        &admin,
        &[
            (stage_path(&app, "Secret", "STRIPE_KEY", "value"), "sk_thousand".into()),
            (stage_path(&app, "Redis", "cache", "password"), "redis-thousand".into()),
        ],
    )
    .await;
    // The stage lacks this one: the fallback call is the second (and last) fetch of the load.
    put_secrets(&admin, &[(fallback_path(&app, "DB_PASSWORD"), "db-thousand".into())]).await;
    put_strings(&admin, &[(stage_path(&app, "StaticSite", "site", "url"), "https://thousand.example.com".into())])
        .await;

    let values = Values::new(&app, STAGE)
        .set("Secret", "STRIPE_KEY", "value", FETCH_FROM_SSM)
        .set("Secret", "DB_PASSWORD", "value", FETCH_FROM_SSM)
        .set("Secret", "my-token", "value", format!("{FETCH_FROM_SECRET}STRIPE_KEY"))
        .set("StaticSite", "site", "url", FETCH_FROM_SSM)
        .set("Redis", "cache", "host", "redis.internal")
        .set("Redis", "cache", "password", FETCH_FROM_SSM)
        .set("Bucket", "myFiles", "bucketName", "bucket-thousand")
        .shared();
    let moto = moto_endpoint();
    let proxy =
        SlowProxy::start(moto.trim_start_matches("http://"), Duration::from_millis(250)).expect("the slow proxy");
    let log = CallLog::new();
    let client = counting_client_at(&log, &proxy.endpoint()).await;

    let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
    let waiting = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (client, barrier, waiting) = (client.clone(), barrier.clone(), waiting.clone());
            tokio::spawn(values.scope(async move {
                barrier.wait().await;
                waiting.fetch_add(1, Ordering::SeqCst);
                sst_resources::load_with(&client).await?;
                Ok::<Seen, Error>((
                    Config::stripe_key()?.expose_secret().to_owned(),
                    Config::db_password()?.expose_secret().to_owned(),
                    Config::my_token()?.expose_secret().to_owned(),
                    format!("{} {}", Redis::cache()?.host, Redis::cache()?.password.expose_secret()),
                    StaticSite::site()?.url,
                ))
            }))
        })
        .collect();
    let mut seen = Vec::with_capacity(TASKS);
    for task in tasks {
        seen.push(task.await.expect("the task ran to its end").expect("load() and the accessors"));
    }

    let expected: Seen = (
        "sk_thousand".into(),
        "db-thousand".into(),
        "sk_thousand".into(),
        "redis.internal redis-thousand".into(),
        "https://thousand.example.com",
    );
    assert_eq!(seen.len(), TASKS);
    assert!(seen.iter().all(|s| *s == expected), "{:?}", seen.iter().find(|s| **s != expected));
    // One fetch: the stage's four paths in one call, then the fallback of the one secret it lacks.
    assert_eq!(log.attempts(), 2, "GetParameters attempts for {TASKS} concurrent loads");
    assert_eq!(log.names_per_call(), [4, 1]);
    assert_eq!(waiting.load(Ordering::SeqCst), TASKS);
    values.run(|| assert_eq!(Bucket::my_files().expect("a plain value").bucket_name, "bucket-thousand"));
    println!("{TASKS} tasks: {} GetParameters calls in {} exchanges", log.attempts(), proxy.exchanges());
}
