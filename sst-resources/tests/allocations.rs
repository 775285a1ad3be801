//! After the first successful read, every kind of accessor is a load of a cached value: a counting global
//! allocator sees the first read build the value and no allocation in a thousand reads after it, from the
//! process's environment (as a deployed function reads it) and, with the `testing` feature, from a test
//! scope and from the process's environment again after one.
//!
//! Its own test binary (`harness = false`): `main` sets the environment before any thread exists, which
//! is what makes `std::env::set_var` sound, and the allocator counts only this process's reads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use sst_resources::__private::{Cache, LinkReading};
use sst_resources::serde_json::{Value, json};
#[cfg(feature = "testing")]
use sst_resources::testing::Values;
use sst_resources::{Error, ExposeSecret, SecretValue};

sst_resources::sst_resources!("tests/bindings.json", function = "api");

/// An SST v3/v4 link, read as the macro's accessor reads one (written here by hand, in the same shape): a
/// secret, a nested object, an array, a boolean and a prop typed `any`.
struct Stripe {
    key: SecretValue,
    retries: f64,
    live: bool,
    regions: &'static [&'static str],
    extra: &'static Value,
}

impl Stripe {
    fn get() -> Result<&'static Stripe, Error> {
        static CACHE: Cache<Stripe> = Cache::new();
        CACHE.get(|source| {
            let link = source.link("Stripe", LinkReading::NEWEST)?;
            Ok(Stripe {
                key: link.get("key")?.secret()?,
                retries: link.get("limits")?.get("retries")?.f64()?,
                live: link.get("live")?.bool()?,
                regions: link.get("regions")?.slice(|region| region.str())?,
                extra: link.get("extra")?.json(),
            })
        })
    }
}

/// `Resource::app()` as the macro writes it for SST v3/v4: the `App` link's name.
fn link_app() -> Result<&'static &'static str, Error> {
    static CACHE: Cache<&'static str> = Cache::new();
    CACHE.get(|source| source.link("App", LinkReading::NEWEST)?.get("name")?.str())
}

fn stripe_link() -> Value {
    json!({
        "key": "sk_link",
        "limits": {"retries": 3},
        "live": true,
        "regions": ["eu-west-1", "us-east-1"],
        "extra": {"any": [1, "two"]},
        "type": "sst.sst.Linkable",
    })
}

/// The system allocator, counting every allocation and reallocation.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

#[allow(unsafe_code, reason = "a global allocator is an unsafe trait: this one only counts and calls the system's")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const READS: usize = 1000;

/// The allocations of an accessor's reads: the first (which builds and caches its value, unless it is
/// cached already) and the [`READS`] after it.
#[derive(Clone, Copy, Debug)]
struct Reads {
    first: usize,
    later: usize,
}

fn count_reads<T>(read: impl Fn() -> T) -> Reads {
    let start = ALLOCATIONS.load(Ordering::Relaxed);
    std::hint::black_box(read());
    let first = ALLOCATIONS.load(Ordering::Relaxed) - start;
    let start = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..READS {
        std::hint::black_box(read());
    }
    Reads { first, later: ALLOCATIONS.load(Ordering::Relaxed) - start }
}

/// Every accessor kind, counted, then its value checked: `(what, reads)`.
fn every_accessor_kind() -> Vec<(&'static str, Reads)> {
    let reads = vec![
        ("Bucket::my_files()?.bucket_name", count_reads(|| Bucket::my_files().map(|b| b.bucket_name))),
        ("Config::stripe_key() (a Secret)", count_reads(Config::stripe_key)),
        ("Config::db_password() (a reference to a Secret)", count_reads(Config::db_password)),
        ("Config::my_cluster_name() (a Parameter)", count_reads(Config::my_cluster_name)),
        (APP, count_reads(Config::app)),
        (STAGE, count_reads(Config::stage)),
        ("Redis::cache() (a custom kind)", count_reads(Redis::cache)),
        ("Stripe::get() (an SST v3 link: a secret, a nested object, an array)", count_reads(Stripe::get)),
        ("App link's name (SST v3)", count_reads(link_app)),
    ];
    assert_eq!(Bucket::my_files().unwrap().bucket_name, "files-bucket");
    assert_eq!(Config::stripe_key().unwrap().expose_secret(), "sk_live");
    assert_eq!(Config::db_password().unwrap().expose_secret(), "sk_live");
    assert_eq!(Config::my_cluster_name().unwrap(), "cluster-1");
    assert_eq!(Config::app().unwrap(), "my-sst-app");
    assert_eq!(Config::stage().unwrap(), "prod");
    assert_eq!(Redis::cache().unwrap().password.expose_secret(), "hunter2");
    let stripe = Stripe::get().unwrap();
    assert_eq!(
        (stripe.key.expose_secret(), stripe.retries, stripe.live, stripe.regions),
        ("sk_link", 3.0, true, &["eu-west-1", "us-east-1"][..])
    );
    assert_eq!(stripe.extra, &json!({"any": [1, "two"]}));
    assert_eq!(*link_app().unwrap(), "my-sst-app");
    reads
}

const APP: &str = "Config::app()";
const STAGE: &str = "Config::stage()";

fn main() {
    // SAFETY: no other thread exists yet (this test binary has no harness), so nothing reads the
    // environment while it is written.
    let stripe = stripe_link().to_string();
    #[allow(unsafe_code, reason = "set_var is unsafe in edition 2024: set before any thread starts")]
    unsafe {
        for (name, value) in [
            ("SST_RESOURCE_App", r#"{"name":"my-sst-app","stage":"prod"}"#),
            ("SST_RESOURCE_Stripe", &stripe),
            ("SST_APP", "my-sst-app"),
            ("SST_STAGE", "prod"),
            ("SST_Bucket_bucketName_myFiles", "files-bucket"),
            ("SST_Secret_value_STRIPE_KEY", "sk_live"),
            ("SST_Secret_value_DB_PASSWORD", "__FETCH_FROM_SECRET__:STRIPE_KEY"),
            ("SST_Parameter_value_MY_CLUSTER_NAME", "cluster-1"),
            ("SST_Redis_host_cache", "localhost"),
            ("SST_Redis_port_cache", "6379"),
            ("SST_Redis_password_cache", "hunter2"),
            ("SST_StaticSite_url_site", "__FETCH_FROM_SSM__"),
        ] {
            std::env::set_var(name, value);
        }
    }
    let mut failures = Vec::new();

    // A read that fails is not cached: it fails the same way each time (here: before `load()`, or, without
    // the `ssm` feature, for want of it).
    let error = StaticSite::site().map(|s| s.url).unwrap_err().to_string();
    let expected = if cfg!(feature = "ssm") { "sst_resources::load()" } else { "built without its `ssm` feature" };
    assert!(error.contains(expected), "{error}");
    assert_eq!(StaticSite::site().map(|s| s.url).unwrap_err().to_string(), error);

    // The process's environment, before any test scope: the path of a deployed function. The first read
    // builds the value, which allocates (the names of the variables it reads), so the counter does see a
    // build: none in the reads after it means none was built again. `app()` and `stage()` build from
    // fields of the environment's scan and need not allocate, so for them the count cannot tell.
    for (what, reads) in every_accessor_kind() {
        println!("process environment: {what}: {reads:?} allocations ({READS} reads after the first)");
        let build_seen = reads.first > 0 || [APP, STAGE].contains(&what);
        if reads.later != 0 || !build_seen {
            failures.push(format!("process environment: {what}: {reads:?}"));
        }
    }

    #[cfg(feature = "testing")]
    scopes(&mut failures);

    if !failures.is_empty() {
        eprintln!("accessors that allocate where they should read a cached value:\n{}", failures.join("\n"));
        std::process::exit(1);
    }
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

/// Reads inside a test scope, then from the process's environment in a process that has used one.
#[cfg(feature = "testing")]
fn scopes(failures: &mut Vec<String>) {
    // Inside a test scope, the scope's values, cached per scope: no allocation after the first read either.
    let values = Values::new("my-sst-app", "prod")
        .set("Bucket", "myFiles", "bucketName", "files-bucket")
        .set("Secret", "STRIPE_KEY", "value", "sk_live")
        .set("Secret", "DB_PASSWORD", "value", "__FETCH_FROM_SECRET__:STRIPE_KEY")
        .set("Parameter", "MY_CLUSTER_NAME", "value", "cluster-1")
        .set("Redis", "cache", "host", "localhost")
        .set("Redis", "cache", "port", "6379")
        .set("Redis", "cache", "password", "hunter2")
        .link("Stripe", stripe_link());
    for (what, reads) in values.run(every_accessor_kind) {
        println!("test scope: {what}: {reads:?} allocations ({READS} reads after the first)");
        if reads.later != 0 {
            failures.push(format!("test scope: {what}: {reads:?}"));
        }
    }

    // The process's values again, in a process that has now used a scope (its reads look for one first):
    // still the values cached before, not built again, not even by the first read.
    for (what, reads) in every_accessor_kind() {
        println!("process environment after a scope: {what}: {reads:?} allocations");
        if reads.first != 0 || reads.later != 0 {
            failures.push(format!("process environment after a scope: {what}: {reads:?}"));
        }
    }
}
