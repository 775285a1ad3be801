//! SSM over a slow network: `load()` of 50 secrets and `sst-resources bind` of 1,000 parameters, against the
//! moto of `scripts/with-moto` behind a loopback proxy that delays every chunk 20 ms each way. Prints the
//! wall time as a multiple of one round trip, and the round trips made one after another.
//!
//! Run by `scripts/bench` (moto, and `SST_RESOURCES_BIN` for `bind`).

use std::process::Command;
use std::time::Duration;

use sst_binding_protocol::names::FETCH_FROM_SSM;
use sst_resources::testing::Values;
use sst_resources_bench::{App, Table, cli_binary, duration, median, target_dir, time};
use sst_resources_tests::latency::SlowProxy;
use sst_resources_tests::{STAGE, admin_client, app_name, moto_endpoint, put_secrets, put_strings, stage_path};

const DELAY: Duration = Duration::from_millis(20);
const SECRETS: usize = 50;
const PARAMETERS: usize = 1_000;

#[tokio::main]
async fn main() {
    let moto = moto_endpoint();
    let proxy = SlowProxy::start(moto.trim_start_matches("http://"), DELAY).expect("start the slow proxy");
    let admin = admin_client().await;
    let config = sst_resources::ssm::config().await.to_builder().endpoint_url(proxy.endpoint()).build();

    // One round trip: a GetParameter call through the proxy, on a fresh connection like the others.
    let app = app_name("bench-ssm");
    put_strings(&admin, &[(stage_path(&app, "Parameter", "ONE", "value"), "1".into())]).await;
    let mut trips = Vec::new();
    for _ in 0..5 {
        let client = aws_sdk_ssm_client(&config);
        let (took, answer) =
            timed(client.get_parameter().name(stage_path(&app, "Parameter", "ONE", "value")).send()).await;
        answer.expect("GetParameter through the proxy");
        trips.push(took);
    }
    trips.sort_unstable();
    let round_trip = trips[trips.len() / 2];

    let mut table = Table::new(
        &format!(
            "SSM with {} ms added each way on loopback (one round trip: {})",
            DELAY.as_millis(),
            duration(round_trip)
        ),
        &["what", "calls", "in a row", "wall time (median of 5)", "round trips of wall time"],
    );

    // load() of 50 secrets: a cold start's client, through the proxy.
    let stored: Vec<(String, String)> = (0..SECRETS)
        .map(|i| (stage_path(&app, "Secret", &format!("S{i:02}"), "value"), format!("value-{i}")))
        .collect();
    put_secrets(&admin, &stored).await;
    let mut loads = Vec::new();
    let (mut calls, mut in_a_row) = (0, 0);
    for _ in 0..5 {
        let values = (0..SECRETS)
            .fold(Values::new(&app, STAGE), |v, i| v.set("Secret", &format!("S{i:02}"), "value", FETCH_FROM_SSM));
        let client = aws_sdk_ssm_client(&config);
        proxy.reset();
        let (took, loaded) = timed(values.scope(sst_resources::load_with(&client))).await;
        loaded.expect("load() of 50 secrets");
        (calls, in_a_row) = (proxy.exchanges(), proxy.sequential_round_trips());
        loads.push(took);
    }
    loads.sort_unstable();
    let load = loads[loads.len() / 2];
    table.row(row(&format!("`load()` of {SECRETS} secrets"), calls, in_a_row, load, round_trip));

    // bind of 1,000 parameters, spread over 10 constructs, with the app's manifest and without one.
    match cli_binary() {
        Some(bin) => {
            let app = app_name("bench-bind");
            let manifest = App { resources: PARAMETERS, functions: 1, bindings: 1 };
            let parameters: Vec<(String, String)> = (0..PARAMETERS)
                .map(|i| {
                    let construct = App::construct(i);
                    (stage_path(&app, construct, &format!("r{i}"), &construct_prop(construct)), format!("value-{i}"))
                })
                .collect();
            for chunk in parameters.chunks(100) {
                put_strings(&admin, chunk).await;
            }
            let dir = target_dir().join("bench-ssm");
            let bare = dir.join("without-manifest");
            std::fs::create_dir_all(&bare).expect("a directory under target/");
            std::fs::write(dir.join("bindings.json"), manifest.manifest(&app)).expect("write the manifest");
            for (what, cwd, args) in [
                (format!("`bind` of {PARAMETERS} parameters (a walk a construct, at once)"), &dir, vec![]),
                (
                    format!("`bind` of {PARAMETERS} parameters, no manifest (one walk)"),
                    &bare,
                    vec!["--app", app.as_str()],
                ),
            ] {
                let (mut calls, mut in_a_row) = (0, 0);
                let took = median(5, || {
                    proxy.reset();
                    let (took, output) = time(|| {
                        Command::new(&bin)
                            .args(&args)
                            .args(["--stage", STAGE, "bind", "--", "sh", "-c", "env | grep -c '^SST_.*=value-'"])
                            .current_dir(cwd)
                            .env("AWS_ENDPOINT_URL", proxy.endpoint())
                            .output()
                            .expect("run sst-resources bind")
                    });
                    let stdout = String::from_utf8_lossy(&output.stdout);
                    assert_eq!(stdout.trim(), PARAMETERS.to_string(), "bind passes every value: {output:?}");
                    (calls, in_a_row) = (proxy.exchanges(), proxy.sequential_round_trips());
                    took
                });
                table.row(row(&what, calls, in_a_row, took, round_trip));
            }
        }
        None => {
            println!("(bind not measured: set SST_RESOURCES_BIN to the sst-resources binary, as scripts/bench does)")
        }
    }
    table.print();
}

fn row(what: &str, calls: usize, in_a_row: usize, took: Duration, round_trip: Duration) -> Vec<String> {
    vec![
        what.to_owned(),
        calls.to_string(),
        in_a_row.to_string(),
        duration(took),
        format!("{:.1}", took.as_secs_f64() / round_trip.as_secs_f64()),
    ]
}

/// The one prop of the constructs a generated app uses.
fn construct_prop(construct: &str) -> String {
    let catalog = sst_binding_protocol::Catalog::builtin();
    let prop = catalog.get(construct).and_then(|c| c.props.first().map(|p| p.name.to_string()));
    prop.expect("a construct of SST's catalog")
}

fn aws_sdk_ssm_client(config: &sst_resources::ssm::aws_sdk_ssm::Config) -> sst_resources::ssm::aws_sdk_ssm::Client {
    sst_resources::ssm::aws_sdk_ssm::Client::from_conf(config.clone())
}

async fn timed<T>(future: impl Future<Output = T>) -> (Duration, T) {
    let started = std::time::Instant::now();
    let out = future.await;
    (started.elapsed(), out)
}
