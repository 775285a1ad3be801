//! Reads of bound values after the first, per call: every accessor kind side by side with SST's Rust SDK
//! (`sst_sdk` 4.17.2, `Resource::get` of an `SST_RESOURCE_*` variable) and `std::env::var`.
//!
//! `main` sets the environment before any thread exists (what makes `std::env::set_var` sound); values
//! kept in SSM are read as after `load()` (here, as `sst-resources bind` passes them: real values).

use sst_resources::ExposeSecret;
use sst_resources_bench::{Table, ns_per_call};

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

const ITERATIONS: u32 = 2_000_000;

fn main() {
    // SAFETY: no other thread exists yet, so nothing reads the environment while it is written.
    unsafe {
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

    // Each read as a function uses it: the value, or the error's branch (`?`); here the length of the value.
    let sdk = ns_per_call(ITERATIONS / 20, || sst.get::<LinkedBucket>("MyFiles").map_or(0, |b| b.name.len()));
    let env = ns_per_call(ITERATIONS / 20, || std::env::var("SST_Bucket_bucketName_myFiles").map_or(0, |v| v.len()));
    let ours: [(&str, f64); 7] = [
        (
            "`Resource::my_files()?.name` (an SST v3/v4 link)",
            ns_per_call(ITERATIONS, || v3::Resource::my_files().map_or(0, |b| b.name.len())),
        ),
        (
            "`Bucket::my_files()?.bucket_name`",
            ns_per_call(ITERATIONS, || Bucket::my_files().map_or(0, |b| b.bucket_name.len())),
        ),
        (
            "`Config::stripe_key()?` (Secret)",
            ns_per_call(ITERATIONS, || Config::stripe_key().map_or(0, |s| s.expose_secret().len())),
        ),
        (
            "`Config::my_cluster_name()?` (Parameter)",
            ns_per_call(ITERATIONS, || Config::my_cluster_name().map_or(0, str::len)),
        ),
        ("`Config::app()?`", ns_per_call(ITERATIONS, || Config::app().map_or(0, str::len))),
        ("`Config::stage()?`", ns_per_call(ITERATIONS, || Config::stage().map_or(0, str::len))),
        (
            "`Redis::cache()?.password` (custom kind)",
            ns_per_call(ITERATIONS, || Redis::cache().map_or(0, |r| r.password.expose_secret().len())),
        ),
    ];

    let mut table = Table::new(
        "Accessor reads after the first (release build, median of 11 runs)",
        &["read", "ns a read", "× faster than `sst_sdk` 4.17.2 `Resource::get`", "× faster than `std::env::var`"],
    );
    for (what, ns) in ours {
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
