//! Reads of bound values after the first, per call: every accessor kind side by side with SST's Rust SDK
//! (`sst_sdk` 4.17.2, `Resource::get` of an `SST_RESOURCE_*` variable) and `std::env::var`, timed by
//! criterion in one run, then one table of the medians and their ratios.
//!
//! The runtime is built as a deployed function has it (default features, no `testing`): this package is
//! built alone, so that no other package's features reach it. `main` sets the environment before any
//! thread exists (what makes `std::env::set_var` sound); values kept in SSM are read as after `load()`
//! (here, as `sst-resources bind` passes them: real values).

use std::path::Path;
use std::time::Duration;

use criterion::Criterion;
use sst_resources::ExposeSecret;
use sst_resources_bench::{Table, target_dir};

sst_resources::sst_resources!("bindings.json", function = "api");

/// The same bucket as an SST v3/v4 link, typed by the app's `sst-env.d.ts`: what `sst_sdk` reads.
mod v3 {
    sst_resources::sst_resources!("sst-env.d.ts");
}

/// What SST v3 links for a bucket (`SST_RESOURCE_MyFiles`).
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct LinkedBucket {
    name: String,
}

/// The criterion group of every read; each read's id is its row's.
const GROUP: &str = "accessors";

fn main() {
    let criterion_home = target_dir().join("criterion");
    let group_dir = criterion_home.join(GROUP);
    // The table reads this run's estimates only, never an earlier run's.
    let _ = std::fs::remove_dir_all(&group_dir);
    #[allow(unsafe_code, reason = "set_var is unsafe in edition 2024: set before any thread starts")]
    // SAFETY: no other thread exists yet, so nothing reads the environment while it is written.
    unsafe {
        // Where criterion writes its estimates, which the table below reads back.
        std::env::set_var("CRITERION_HOME", &criterion_home);
        for (name, value) in [
            ("SST_APP", "bench-app"),
            ("SST_STAGE", "prod"),
            ("SST_Bucket_bucketName_myFiles", "bench-app-myfiles-1234"),
            ("SST_Secret_value_STRIPE_KEY", "sk_live_abc123"),
            ("SST_Parameter_value_MY_CLUSTER_NAME", "cluster-1"),
            ("SST_Redis_host_cache", "localhost"),
            ("SST_Redis_port_cache", "6379"),
            ("SST_Redis_password_cache", "hunter2"),
            ("SST_RESOURCE_MyFiles", r#"{"name":"bench-app-myfiles-1234","type":"sst.aws.Bucket"}"#),
        ] {
            std::env::set_var(name, value);
        }
    }
    let sst = sst_sdk::Resource::init().expect("sst_sdk reads SST_RESOURCE_MyFiles");
    // The first reads: each accessor builds and caches its value.
    assert_eq!(Bucket::my_files().unwrap().bucket_name, "bench-app-myfiles-1234");
    assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_live_abc123");
    assert_eq!(Config::my_cluster_name().unwrap(), "cluster-1");
    assert_eq!(Config::app().unwrap(), "bench-app");
    assert_eq!(Config::stage().unwrap(), "prod");
    assert_eq!(Redis::cache().unwrap().password.expose_secret(), "hunter2");
    assert_eq!(sst.get::<LinkedBucket>("MyFiles").unwrap().name, "bench-app-myfiles-1234");
    assert_eq!(v3::Resource::my_files().unwrap().name, "bench-app-myfiles-1234");

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut group = criterion.benchmark_group(GROUP);
    // Each read as a function uses it: the value, or the error's branch (`?`); here the length of the value.
    group.bench_function("sst_sdk", |b| b.iter(|| sst.get::<LinkedBucket>("MyFiles").map_or(0, |b| b.name.len())));
    group.bench_function("env_var", |b| {
        b.iter(|| std::env::var("SST_Bucket_bucketName_myFiles").map_or(0, |v| v.len()))
    });
    group.bench_function("link", |b| b.iter(|| v3::Resource::my_files().map_or(0, |b| b.name.len())));
    group.bench_function("bucket", |b| b.iter(|| Bucket::my_files().map_or(0, |b| b.bucket_name.len())));
    group.bench_function("secret", |b| b.iter(|| Config::stripe_key().map_or(0, |s| s.expose_secret().len())));
    group.bench_function("parameter", |b| b.iter(|| Config::my_cluster_name().map_or(0, str::len)));
    group.bench_function("app", |b| b.iter(|| Config::app().map_or(0, str::len)));
    group.bench_function("stage", |b| b.iter(|| Config::stage().map_or(0, str::len)));
    group.bench_function("custom", |b| b.iter(|| Redis::cache().map_or(0, |r| r.password.expose_secret().len())));
    group.finish();
    criterion.final_summary();

    let (Some(sdk), Some(env)) = (median_ns(&group_dir, "sst_sdk"), median_ns(&group_dir, "env_var")) else {
        // A filter (`cargo bench -- NAME`) left the references out: criterion's own lines are the result.
        return;
    };
    let mut table = Table::new(
        "Accessor reads after the first (release build, criterion's median)",
        &["read", "ns a read", "× faster than `sst_sdk` 4.17.2 `Resource::get`", "× faster than `std::env::var`"],
    );
    for (id, what) in [
        ("link", "`Resource::my_files()?.name` (an SST v3/v4 link)"),
        ("bucket", "`Bucket::my_files()?.bucket_name`"),
        ("secret", "`Config::stripe_key()?` (Secret)"),
        ("parameter", "`Config::my_cluster_name()?` (Parameter)"),
        ("app", "`Config::app()?`"),
        ("stage", "`Config::stage()?`"),
        ("custom", "`Redis::cache()?.password` (custom kind)"),
    ] {
        let Some(ns) = median_ns(&group_dir, id) else { continue };
        table.row(vec![what.to_owned(), format!("{ns:.2}"), format!("{:.0}×", sdk / ns), format!("{:.0}×", env / ns)]);
    }
    table.row(vec![
        "`sst_sdk::Resource::get::<Bucket>(\"MyFiles\")`".into(),
        format!("{sdk:.1}"),
        "1×".into(),
        "".into(),
    ]);
    table.row(vec![
        "`std::env::var(\"SST_Bucket_bucketName_myFiles\")`".into(),
        format!("{env:.1}"),
        "".into(),
        "1×".into(),
    ]);
    table.print();
}

/// The median time of one read, in nanoseconds, from the estimates criterion wrote for `id` in this run.
fn median_ns(group_dir: &Path, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(group_dir.join(id).join("new").join("estimates.json")).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}
