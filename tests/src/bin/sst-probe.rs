//! The Rust side of the differential tests against SST's own `sst/node/*` helpers (tests/sst_node.rs):
//! reads every value of `tests/sst-node/bindings.json` as a function would, after `load()`, and prints one
//! line each, `{name} = {value}`, `{name} = (none)` or `{name} ! {error}`, as `tests/sst-node/probe.mjs`
//! prints them from the Node helpers. When `load()` fails, that is the only line (the Node helpers fail
//! at import then).

use sst_resources::{Error, ExposeSecret};

sst_resources::sst_resources!("sst-node/bindings.json", function = "probe");

fn line(name: &str, value: Result<Option<&str>, Error>) {
    match value {
        Ok(Some(value)) => println!("{name} = {value}"),
        Ok(None) => println!("{name} = (none)"),
        Err(error) => println!("{name} ! {}", error.to_string().replace('\n', "\\n")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(error) = sst_resources::load().await {
        return line("load", Err(error));
    }
    line("Config.APP", Config::app().map(Some));
    line("Config.STAGE", Config::stage().map(Some));
    line("Config.STRIPE_KEY", Config::stripe_key().map(|v| Some(v.expose_secret())));
    line("Config.DB_PASSWORD", Config::db_password().map(|v| Some(v.expose_secret())));
    line("Config.MY_CLUSTER_NAME", Config::my_cluster_name().map(Some));
    line("Bucket.myFiles.bucketName", Bucket::my_files().map(|b| Some(b.bucket_name)));
    line("Bucket.my-uploads.bucketName", Bucket::my_uploads().map(|b| Some(b.bucket_name)));
    line("Table.orders.tableName", Table::orders().map(|t| Some(t.table_name)));
    line("StaticSite.site.url", StaticSite::site().map(|s| Some(s.url)));
    line("Auth.auth.publicKey", Auth::auth().map(|a| Some(a.public_key.expose_secret())));
    line("Auth.auth.url", Auth::auth().map(|a| a.url));
}
