//! `cargo bench` of `load()` for 50 secrets against moto: `scripts/with-moto cargo bench -p sst-resources-tests`.
//!
//! Each round loads a fresh test scope (as a cold start loads a fresh process): `load()` with the client
//! it makes itself (configuration, credentials, new connections: a cold start), and `load_with()` with a
//! client already warm. Prints the SSM calls of one load and the times.

use std::time::{Duration, Instant};

use sst_binding_protocol::names::FETCH_FROM_SSM;
use sst_resources::testing::Values;
use sst_resources_tests::{CallLog, STAGE, admin_client, app_name, counting_client, put_secrets, stage_path};

const SECRETS: usize = 50;
const ROUNDS: usize = 30;

fn values(app: &str) -> Values {
    (0..SECRETS).fold(Values::new(app, STAGE), |v, i| v.set("Secret", &format!("S{i:02}"), "value", FETCH_FROM_SSM))
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let median = times[times.len() / 2];
    let (min, max) = (times[0], times[times.len() - 1]);
    println!("{name}: median {median:.1?}, min {min:.1?}, max {max:.1?} ({} rounds)", times.len());
}

#[tokio::main]
async fn main() {
    let app = app_name("bench");
    let stored: Vec<(String, String)> = (0..SECRETS)
        .map(|i| (stage_path(&app, "Secret", &format!("S{i:02}"), "value"), format!("value-{i}")))
        .collect();
    put_secrets(&admin_client().await, &stored).await;

    let mut cold = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        values(&app).scope(sst_resources::load()).await.expect("load() of 50 secrets");
        cold.push(started.elapsed());
    }

    let log = CallLog::new();
    let client = counting_client(&log).await;
    let mut warm = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        values(&app).scope(sst_resources::load_with(&client)).await.expect("load_with() of 50 secrets");
        warm.push(started.elapsed());
    }
    println!(
        "load of {SECRETS} secrets: {} GetParameters calls a load ({} names each), at most {} in flight",
        log.attempts() / ROUNDS,
        log.names_per_call().first().copied().unwrap_or_default(),
        log.max_in_flight()
    );
    summary("load() with its own client (a cold start)", cold);
    summary("load_with() with a warm client", warm);
}
