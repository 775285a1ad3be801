//! The Rust side of the differential test of SST v3/v4 links against SST's own Node reader
//! (tests/sst_v4_node.rs): reads, through accessors written exactly as the macro generates them for
//! `sst-env.d.ts` (`Cache` over `Source::link`), the props `tests/sst-v4-node/probe.mjs` reads from
//! `sst/resource` (unless the first argument is `--links-only`), then each link named in the arguments as
//! JSON (object keys sorted), and prints one line each: `{name} = {value}` or `{name} ! {error}`.
//!
//! `--sst 4.7.4` before them reads as that release's reader does, as the macro's accessors do for a manifest
//! that records `"sst": "4.7.4"` (where the macro makes the reading a constant); else as the newest's.

use std::sync::OnceLock;

use sst_resources::__private::{Cache, LinkReading, Release};
use sst_resources::serde_json::{self, Value};
use sst_resources::{Error, ExposeSecret, SecretValue};

/// `Resource.App`.
struct App {
    name: &'static str,
    stage: &'static str,
}

impl App {
    fn get() -> Result<&'static App, Error> {
        static CACHE: Cache<App> = Cache::new();
        CACHE.get(|source| {
            let link = source.link("App", reading())?;
            Ok(App { name: link.get("name")?.str()?, stage: link.get("stage")?.str()? })
        })
    }
}

/// `Resource.MyBucket` (`sst.aws.Bucket`).
struct MyBucket {
    name: &'static str,
}

impl MyBucket {
    fn get() -> Result<&'static MyBucket, Error> {
        static CACHE: Cache<MyBucket> = Cache::new();
        CACHE.get(|source| Ok(MyBucket { name: source.link("MyBucket", reading())?.get("name")?.str()? }))
    }
}

/// `Resource.Stripe` (an `sst.Linkable` with a secret, a nested object, an array and an `any`).
struct Stripe {
    key: SecretValue,
    limits: StripeLimits,
    live: bool,
    regions: &'static [&'static str],
    extra: &'static Value,
}

struct StripeLimits {
    retries: f64,
}

impl Stripe {
    fn get() -> Result<&'static Stripe, Error> {
        static CACHE: Cache<Stripe> = Cache::new();
        CACHE.get(|source| {
            let link = source.link("Stripe", reading())?;
            Ok(Stripe {
                key: link.get("key")?.secret()?,
                limits: StripeLimits { retries: link.get("limits")?.get("retries")?.f64()? },
                live: link.get("live")?.bool()?,
                regions: link.get("regions")?.slice(|region| region.str())?,
                extra: link.get("extra")?.json(),
            })
        })
    }
}

/// A link's JSON, with every object's keys sorted (as the Node probe prints it).
fn json(value: &Value) -> String {
    match value {
        Value::Object(object) => {
            let mut keys: Vec<&String> = object.keys().collect();
            keys.sort();
            let members: Vec<String> =
                keys.iter().map(|k| format!("{}:{}", Value::String((*k).clone()), json(&object[k.as_str()]))).collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(json).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

fn line(name: &str, value: Result<String, Error>) {
    match value {
        Ok(value) => println!("{name} = {value}"),
        Err(error) => println!("{name} ! {}", error.to_string().replace('\n', "\\n")),
    }
}

/// The reading of `--sst`, set once in `main`.
static READING: OnceLock<LinkReading> = OnceLock::new();

fn reading() -> LinkReading {
    READING.get().copied().unwrap_or(LinkReading::NEWEST)
}

fn main() {
    let mut names: Vec<String> = std::env::args().skip(1).collect();
    if names.first().is_some_and(|first| first == "--sst") {
        let release = names.get(1).map(|r| Release::parse(r));
        let Some(Ok(release)) = release else {
            eprintln!("sst-v4-probe: --sst needs a release MAJOR.MINOR.PATCH of SST v3 or v4");
            std::process::exit(2);
        };
        let _ = READING.set(LinkReading::of(release));
        names.drain(..2);
    }
    if names.first().is_some_and(|first| first == "--links-only") {
        names.remove(0);
    } else {
        accessors();
    }
    for name in names {
        // Generated code names its links with literals; the probe's come from its arguments.
        let name: &'static str = Box::leak(name.into_boxed_str());
        let cache: &'static Cache<&'static Value> = Box::leak(Box::new(Cache::new()));
        line(name, cache.get(|source| Ok(source.link(name, reading())?.json())).map(|value| json(value)));
    }
}

/// The props the accessors read, one line each.
fn accessors() {
    line("App.name", App::get().map(|a| a.name.to_owned()));
    line("App.stage", App::get().map(|a| a.stage.to_owned()));
    line("MyBucket.name", MyBucket::get().map(|b| b.name.to_owned()));
    line("Stripe.key", Stripe::get().map(|s| s.key.expose_secret().to_owned()));
    line("Stripe.limits.retries", Stripe::get().map(|s| s.limits.retries.to_string()));
    line("Stripe.live", Stripe::get().map(|s| s.live.to_string()));
    line("Stripe.regions", Stripe::get().map(|s| serde_json::to_string(s.regions).unwrap_or_default()));
    line("Stripe.extra", Stripe::get().map(|s| json(s.extra)));
}
